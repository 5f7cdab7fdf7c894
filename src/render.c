/* Rendering: the script spoken turn by turn into the program, with the
 * pauses, the chapter marks and a transcript cue per sentence. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctx.h"
#include "engine.h"
#include "produce.h"
#include "pipe.h"
#include "sink.h"
#include "util.h"

#define TAIL_MS 700
#define PI 3.14159265358979323846
#define CHIME_MS 110
#define CHIME_DBFS -24.0

void at_render_options_init(at_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->loudness = -16.0;
    o->true_peak = -1.0;
    o->vbr_quality = -1;
    o->pauses.sentence = 350;
    o->pauses.paragraph = 700;
    o->pauses.quote = 250;
    o->pauses.heading = 800;
    o->pauses.section = 1400;
}

void at_ctx_interrupt(at_ctx *c)
{
    c->interrupted = 1;
    at__stop_requested = 1;
}

/* Before a render: what killed renders left in the folders this one
 * writes to (their staged files, their spools) goes. */
static void clean_output_dirs(const at_program_spec *spec)
{
    const char *paths[16];
    char *dirs[16];
    size_t n = 0, k, j, nd = 0;
    const char *t = getenv("TMPDIR");
    paths[n++] = spec->out;
    for (k = 0; k < spec->nalso && n < 8; k++)
        paths[n++] = spec->also[k];
    paths[n++] = spec->vtt;
    paths[n++] = spec->srt;
    paths[n++] = spec->chapters_json;
    paths[n++] = spec->ffmetadata;
    paths[n++] = spec->epub;
    paths[n++] = spec->daisy;
    for (k = 0; k < n; k++) {
        if (!paths[k] || strcmp(paths[k], "-") == 0)
            continue;
        dirs[nd] = at__dir_of(paths[k]);
        for (j = 0; j < nd && strcmp(dirs[j], dirs[nd]) != 0; j++)
            ;
        if (j < nd)
            free(dirs[nd]);
        else
            at__stale_clean(dirs[nd++], 0);
    }
    if (spec->split_dir)
        at__stale_clean(spec->split_dir, 0);
    at__stale_clean(t && *t ? t : "/tmp", 0);
    for (k = 0; k < nd; k++)
        free(dirs[k]);
}

typedef struct render_state {
    at_ctx *c;
    at_pipe *prog;
    const at_render_options *o;
    int rate;
    long first_event; /* sample of the first word in the current call, -1 = none yet */
    long first_sound; /* first audible sample in the current call, -1 = none yet */
    uint64_t call_pos; /* samples the current call has produced */
} render_state;

/* Audible: above -66 dBFS. The engine's silence is digital zero or close
 * to it, and speech onsets rise well past this within a millisecond. */
#define ONSET_LEVEL 16

static void find_onset(render_state *r, const int16_t *pcm, size_t n)
{
    size_t i;
    for (i = 0; r->first_sound < 0 && i < n; i++)
        if (pcm[i] >= ONSET_LEVEL || pcm[i] <= -ONSET_LEVEL)
            r->first_sound = (long)(r->call_pos + i);
    r->call_pos += n;
}

static int on_pcm(void *ud, const int16_t *pcm, size_t n)
{
    render_state *r = ud;
    if (r->c->interrupted) {
        at__err(&r->c->err, AT_EINTR, "interrupted");
        return 1;
    }
    find_onset(r, pcm, n);
    return at__pipe_pcm(r->prog, pcm, n, &r->c->err) != AT_OK;
}

static void on_event(void *ud, const at_synth_event *ev)
{
    render_state *r = ud;
    if ((ev->kind == AT_EV_WORD || ev->kind == AT_EV_SENTENCE) && r->first_event < 0)
        r->first_event = (long)ev->sample;
}

static size_t ms_to_samples(int ms, int rate)
{
    return ms <= 0 ? 0 : (size_t)ms * (size_t)rate / 1000u;
}

/* The pause before turn k, from its boundary with the one before. */
static int pause_before(const at_render_options *o, const at_script *s, size_t k)
{
    const at_turn *t = &s->turns[k];
    if (k == 0)
        return 0;
    switch (t->before) {
    case AT_BOUND_SECTION:
        return o->pauses.section;
    case AT_BOUND_HEADING:
        return o->pauses.heading;
    case AT_BOUND_PARAGRAPH:
        return o->pauses.paragraph;
    case AT_BOUND_SENTENCE:
        return t->speaker == s->turns[k - 1].speaker ? o->pauses.sentence : o->pauses.quote;
    default:
        return o->pauses.quote;
    }
}

/* A short two-note tone, generated: quiet, with raised-cosine edges. */
static at_status chime(render_state *r)
{
    size_t n = ms_to_samples(CHIME_MS, r->rate), i, fade = n / 4;
    int16_t *buf = at__xmalloc(2 * n * sizeof *buf);
    double amp = pow(10.0, CHIME_DBFS / 20.0) * 32767.0;
    at_status st;
    for (i = 0; i < 2 * n; i++) {
        size_t j = i % n;
        double f = i < n ? 660.0 : 880.0, env = 1.0;
        if (j < fade)
            env = 0.5 - 0.5 * cos(PI * (double)j / (double)fade);
        else if (j >= n - fade)
            env = 0.5 - 0.5 * cos(PI * (double)(n - j) / (double)fade);
        buf[i] = (int16_t)lrint(amp * env * sin(2.0 * PI * f * (double)i / r->rate));
    }
    st = at__pipe_pcm(r->prog, buf, 2 * n, &r->c->err);
    free(buf);
    return st;
}

/* Speaks one turn, a sentence per engine call, with a transcript cue for
 * each: from the first audible sample of the call to the end of its
 * audio. The first word event is the fallback: it marks where the first
 * phoneme begins, which for a stop consonant ("Port") is its silent
 * closure, tens of ms before anything is heard; a talking book should
 * highlight the sentence when its sound starts. */
static at_status speak_turn(render_state *r, const at_script *s, const at_turn *t)
{
    const char *speaker = s->speakers[t->speaker].name;
    size_t k;
    at_status st;
    for (k = 0; k < t->nsentences; k++) {
        const at_sentence *sn = &t->sentences[k];
        char *sent = at__xstrndup(t->text + sn->spoken_start, sn->spoken_end - sn->spoken_start);
        uint64_t start;
        if (k > 0 && (st = at__pipe_silence(r->prog, ms_to_samples(r->o->pauses.sentence, r->rate),
                                            &r->c->err)) != AT_OK) {
            free(sent);
            return st;
        }
        start = at__pipe_samples(r->prog);
        r->first_event = -1;
        r->first_sound = -1;
        r->call_pos = 0;
        st = at__engine_speak(r->c->engine, sent, on_pcm, on_event, r, &r->c->err);
        if (st == AT_OK) {
            at_cue cue;
            if (r->first_sound >= 0)
                cue.start = start + (uint64_t)r->first_sound;
            else
                cue.start = start + (r->first_event > 0 ? (uint64_t)r->first_event : 0);
            cue.end = at__pipe_samples(r->prog);
            cue.section = t->section;
            cue.kind = t->kind;
            cue.new_block = k == 0 && t->before != AT_BOUND_NONE && t->before != AT_BOUND_SENTENCE;
            cue.speaker = speaker;
            cue.text = sn->written;
            st = at__pipe_cue(r->prog, &cue, &r->c->err);
        }
        free(sent);
        if (st != AT_OK)
            return st;
    }
    return AT_OK;
}

static at_status speak_script(render_state *r, const at_script *s)
{
    at_ctx *c = r->c;
    size_t k;
    at_status st;
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        const at_voice *v = at__voiceset_find(&c->voices, t->voice);
        int pause = pause_before(r->o, s, k);
        if (c->interrupted)
            return at__err(&c->err, AT_EINTR, "interrupted");
        if (!v)
            return at__err(&c->err, AT_ECONFIG, "voice profile `%s` is missing", t->voice);
        if (k == 0 || t->section != s->turns[k - 1].section) {
            /* half the pause ends the previous chapter, half opens this one */
            if ((st = at__pipe_silence(r->prog, ms_to_samples(pause / 2, r->rate), &c->err)) != AT_OK)
                return st;
            at__pipe_section(r->prog, t->section);
            if (k > 0 && r->o->chime && (st = chime(r)) != AT_OK)
                return st;
            pause -= pause / 2;
        }
        if ((st = at__pipe_silence(r->prog, ms_to_samples(pause, r->rate), &c->err)) != AT_OK)
            return st;
        if ((st = at__engine_voice(c->engine, v, &c->err)) != AT_OK)
            return st;
        if ((st = speak_turn(r, s, t)) != AT_OK)
            return st;
    }
    return at__pipe_silence(r->prog, ms_to_samples(TAIL_MS, r->rate), &c->err);
}

/* Reads the cover picture, checked to be JPEG or PNG. */
static at_status load_cover(at_ctx *c, const char *path, char **data, size_t *len)
{
    at_status st = at__read_file(path, 16u << 20, data, len, &c->err);
    if (st != AT_OK)
        return at__err(&c->err, AT_EINPUT, "--cover %s: %s", path, c->err.msg);
    if (!at__picture_mime((const unsigned char *)*data, *len)) {
        free(*data);
        *data = NULL;
        return at__err(&c->err, AT_EINPUT, "--cover %s: not a JPEG or PNG picture", path);
    }
    return AT_OK;
}

static void fill_spec(at_program_spec *spec, at_ctx *c, const at_script *s, const char *out, at_format fmt,
                      const at_render_options *o, const char **titles)
{
    size_t k;
    memset(spec, 0, sizeof *spec);
    spec->rate = at__engine_rate(c->engine);
    spec->out = out;
    spec->format = fmt;
    spec->split_dir = o->split_dir;
    spec->also = o->also;
    spec->nalso = o->nalso;
    spec->chapters_json = o->chapters_json;
    spec->vtt = o->vtt;
    spec->srt = o->srt;
    spec->ffmetadata = o->ffmetadata;
    spec->tags.title = c->title_tag ? c->title_tag : s->title;
    spec->tags.artist = s->author;
    spec->tags.album = s->publication;
    spec->tags.date = s->date;
    spec->tags.genre = "Podcast";
    spec->tags.comment = o->comment;
    for (k = 0; k < s->nsections; k++)
        titles[k] = s->sections[k].title;
    spec->section_titles = titles;
    spec->nsections = s->nsections;
    spec->enc.bitrate = c->opt.mp3_bitrate;
    spec->enc.quality = c->opt.mp3_quality;
    spec->enc.vbr_quality = o->vbr_quality;
    spec->enc.no_clobber = o->no_clobber;
    spec->enc.regular_only = c->regular_outputs;
    spec->enc.sample_rate = o->sample_rate;
    spec->loudness_on = !o->loudness_off;
    spec->loudness = o->loudness;
    spec->true_peak = o->true_peak;
    spec->epub = o->epub;
    spec->daisy = o->daisy;
    spec->language = s->language;
}

static int has_ext(const char *path, const char *ext)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot && !strchr(dot, '/') && at__strcasecmp(dot + 1, ext) == 0;
}

static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    return strcmp(a, "-") != 0 && stat(a, &x) == 0 && stat(b, &y) == 0 && S_ISREG(x.st_mode) &&
           x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

at_status at_ctx_render_with(at_ctx *c, const char *in, const char *out, const at_render_options *opt)
{
    at_render_options defaults, ebook;
    const at_render_options *o = opt;
    at_script *s = NULL;
    at_pipe *prog = NULL;
    at_program_spec spec;
    render_state r;
    const char **titles;
    char *cover = NULL;
    size_t cover_len = 0;
    at_format fmt;
    at_status st;
    if (!o) {
        at_render_options_init(&defaults);
        o = &defaults;
    }
    fmt = o->format;
    if (fmt == AT_FORMAT_AUTO && has_ext(out, "epub")) {
        /* `-o book.epub`: the book is the output, its MP3 a temporary */
        ebook = *o;
        ebook.epub = out;
        o = &ebook;
        out = NULL;
        fmt = AT_FORMAT_MP3;
    }
    if (!out && !o->split_dir && !o->epub && !o->daisy)
        return at__err(&c->err, AT_EUSAGE, "render: no output: give an output file or a split folder");
    if (fmt == AT_FORMAT_AUTO && (fmt = at_format_from_name(out ? out : "mp3")) == AT_FORMAT_AUTO)
        return at__err(&c->err, AT_EFORMAT, "%s: unknown output format; name the file .mp3 or .wav, or use --format",
                       out);
    if (out && same_file(in, out))
        return at__err(&c->err, AT_EUSAGE, "%s: is the input article; give another output file", out);
    if (o->epub && same_file(in, o->epub))
        return at__err(&c->err, AT_EUSAGE, "%s: is the input article; give another EPUB file", o->epub);
    c->interrupted = 0;
    at__stop_requested = 0;
    if (o->cover && (st = load_cover(c, o->cover, &cover, &cover_len)) != AT_OK)
        return st;
    if ((st = at_ctx_script(c, in, &s)) != AT_OK) {
        free(cover);
        return st;
    }
    if (!c->engine && (st = at__engine_new(&c->engine, &c->err)) != AT_OK) {
        at_script_free(s);
        free(cover);
        return st;
    }
    titles = at__xcalloc(s->nsections ? s->nsections : 1, sizeof *titles);
    fill_spec(&spec, c, s, out, fmt, o, titles);
    spec.tags.cover = (const unsigned char *)cover;
    spec.tags.cover_len = cover_len;
    clean_output_dirs(&spec);
    st = at__pipe_open(&prog, &spec, &c->err);
    r.c = c;
    r.prog = prog;
    r.o = o;
    r.rate = spec.rate;
    if (st == AT_OK)
        st = speak_script(&r, s);
    if (st == AT_OK && c->interrupted)
        st = at__err(&c->err, AT_EINTR, "interrupted");
    if (st == AT_OK) {
        c->last_seconds = (double)at__pipe_samples(prog) / spec.rate;
        st = at__pipe_finish(prog, &c->err);
    }
    at__pipe_free(prog);
    free(titles);
    free(cover);
    at_script_free(s);
    return st;
}

at_status at_ctx_render(at_ctx *c, const char *in, const char *out, at_format fmt)
{
    at_render_options o;
    at_render_options_init(&o);
    o.format = fmt;
    return at_ctx_render_with(c, in, out, &o);
}
