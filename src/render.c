/* Rendering: the script spoken turn by turn into the program, with the
 * pauses, the chapter marks and a transcript cue per sentence. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

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
    o->format = AT_FORMAT_AUTO;
    o->loudness = -16.0;
    o->true_peak = -1.0;
    o->vbr_quality = 0; /* CBR */
    o->pauses.sentence = 350;
    o->pauses.paragraph = 700;
    o->pauses.quote = 250;
    o->pauses.heading = 800;
    o->pauses.section = 1400;
}

/* A pause field: 0 and the old -1 are the default; AT_ZERO stays. */
static void resolve_pause(int *ms, int def)
{
    if (*ms == 0 || (*ms < 0 && *ms != AT_ZERO))
        *ms = def;
}

void at__render_options_resolve(at_render_options *o)
{
    at_render_options d;
    at_render_options_init(&d);
    if (o->loudness == 0)
        o->loudness = d.loudness;
    if (o->true_peak == 0)
        o->true_peak = d.true_peak;
    if (o->vbr_quality < 0 && o->vbr_quality != AT_ZERO)
        o->vbr_quality = d.vbr_quality;
    resolve_pause(&o->pauses.sentence, d.pauses.sentence);
    resolve_pause(&o->pauses.paragraph, d.pauses.paragraph);
    resolve_pause(&o->pauses.quote, d.pauses.quote);
    resolve_pause(&o->pauses.heading, d.pauses.heading);
    resolve_pause(&o->pauses.section, d.pauses.section);
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
    paths[n++] = spec->html;
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
    double speed;     /* the listening speed: scales the voices' rates, divides the pauses */
    int64_t lead;     /* where the lead-in of the section the next cue opens began, -1 = none */
    const at_silent_text *silent; /* unread captions, for the books' text */
    size_t nsilent, next_silent;
    long first_event; /* sample of the first word in the current call, -1 = none yet */
    long first_sound; /* first audible sample in the current call, -1 = none yet */
    uint64_t call_pos; /* samples the current call has produced */
    at_synth_event *words; /* the current call's word events */
    size_t nwords, cap_words;
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
    if (ev->kind == AT_EV_WORD)
        *AT_PUSH(r->words, r->nwords, r->cap_words) = *ev;
}

/* Where each written word is heard: the transcripts cut a long sentence
 * into pieces that start with their first word.
 *
 * eSpeak NG marks each word of the spoken text (with numbers read out,
 * abbreviations expanded, lexicon phonemes) with the sample where its
 * first phoneme starts. The written words are matched to the spoken ones
 * in order, by their letters and digits (a longest common subsequence);
 * a word with no match ("70th" read as "seventieth") gets a time between
 * its matched neighbours, in proportion to the characters between them,
 * with the sentence's onset and its end as the outermost neighbours. */

#define ALIGN_MAX_CELLS (1u << 20) /* beyond it (a sentence of over 1000 words) no word times */

typedef struct token {
    size_t start, end; /* bytes */
    size_t cp, cpend;  /* code points before it, and before its end */
    char *key;         /* its letters and digits, lowercased */
    long at;           /* the sample of its word event, -1 = none */
} token;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The words of s, cut at blanks as the transcripts cut them. */
static size_t tokens_of(const char *s, token **out)
{
    token *t = NULL;
    size_t n = 0, cap = 0, i = 0, len = strlen(s), cp = 0;
    while (i < len) {
        token *x;
        at_buf key = {0};
        if (is_blank(s[i])) {
            i++;
            cp++;
            continue;
        }
        x = AT_PUSH(t, n, cap);
        x->start = i;
        x->cp = cp;
        x->at = -1;
        while (i < len && !is_blank(s[i])) {
            int32_t c = at__utf8_next(s, len, &i);
            cp++;
            if (c >= 0 && at__cp_is_alnum(c))
                at__utf8_put(&key, utf8proc_tolower(c));
        }
        x->end = i;
        x->cpend = cp;
        x->key = key.p ? at__buf_detach(&key) : at__xstrdup("");
    }
    *out = t;
    return n;
}

static void tokens_free(token *t, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        free(t[k].key);
    free(t);
}

/* The samples, from the sentence's call start, of each word of
 * `written`, or NULL when nothing matches. */
static uint64_t *word_times(const render_state *r, const char *spoken, const char *written, uint64_t onset,
                            uint64_t end, size_t *nout)
{
    token *sp, *wr;
    size_t ns = tokens_of(spoken, &sp), nw = tokens_of(written, &wr), i, j, k, e = 0, matched = 0;
    uint32_t *lcs;
    uint64_t *at = NULL;
    *nout = 0;
    /* each word event marks the spoken word it falls in */
    for (k = 0; k < r->nwords; k++) {
        while (e < ns && sp[e].cpend <= r->words[k].text_pos)
            e++;
        if (e < ns && sp[e].at < 0)
            sp[e].at = (long)r->words[k].sample;
    }
    if (nw == 0 || ns == 0 || (uint64_t)(nw + 1) * (ns + 1) > ALIGN_MAX_CELLS) {
        tokens_free(sp, ns);
        tokens_free(wr, nw);
        return NULL;
    }
    /* lcs[i][j]: matches of written words i.. with spoken words j.. */
    lcs = at__xcalloc((nw + 1) * (ns + 1), sizeof *lcs);
#define L(a, b) lcs[(a) * (ns + 1) + (b)]
    for (i = nw; i-- > 0;)
        for (j = ns; j-- > 0;) {
            if (sp[j].at >= 0 && *wr[i].key && strcmp(wr[i].key, sp[j].key) == 0)
                L(i, j) = L(i + 1, j + 1) + 1;
            else
                L(i, j) = L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
        }
    at = at__xcalloc(nw, sizeof *at);
    for (i = 0; i < nw; i++)
        wr[i].at = -1;
    for (i = 0, j = 0; i < nw && j < ns;) {
        if (sp[j].at >= 0 && *wr[i].key && strcmp(wr[i].key, sp[j].key) == 0 && L(i, j) == L(i + 1, j + 1) + 1) {
            wr[i++].at = sp[j++].at;
            matched++;
        } else if (L(i + 1, j) >= L(i, j + 1)) {
            i++;
        } else {
            j++;
        }
    }
#undef L
    free(lcs);
    /* the rest in proportion between their matched neighbours */
    for (i = 0; i < nw; i++) {
        size_t a, b;
        uint64_t ta, tb;
        size_t ca, cb;
        if (wr[i].at >= 0 && (uint64_t)wr[i].at >= onset) {
            at[i] = (uint64_t)wr[i].at;
            continue;
        }
        for (a = i; a > 0 && !(wr[a - 1].at >= 0 && (uint64_t)wr[a - 1].at >= onset); a--)
            ;
        for (b = i + 1; b < nw && !(wr[b].at >= 0 && (uint64_t)wr[b].at >= onset); b++)
            ;
        ta = a > 0 ? (uint64_t)wr[a - 1].at : onset;
        ca = a > 0 ? wr[a - 1].cp : 0;
        tb = b < nw ? (uint64_t)wr[b].at : end;
        cb = b < nw ? wr[b].cp : wr[nw - 1].cpend + 1;
        at[i] = tb <= ta || cb <= ca ? ta : ta + (tb - ta) * (wr[i].cp - ca) / (cb - ca);
    }
    tokens_free(sp, ns);
    tokens_free(wr, nw);
    if (!matched) {
        free(at);
        return NULL;
    }
    *nout = nw;
    return at;
}

static size_t ms_to_samples(int ms, int rate)
{
    return ms <= 0 ? 0 : (size_t)ms * (size_t)rate / 1000u;
}

/* A pause of `ms` at the listening speed. */
static size_t pause_samples(const render_state *r, int ms)
{
    return ms <= 0 ? 0 : (size_t)llround((double)ms * r->rate / 1000.0 / r->speed);
}

/* The pause before turn k, from its boundary with the one before. */
static int pause_before(const at_render_options *o, const at_script *s, size_t k)
{
    const at_turn *t = &s->turns[k];
    if (k == 0)
        return 0;
    switch (t->before) {
    case AT_BOUND_SECTION:
        return AT__ZERO_IS_0(o->pauses.section);
    case AT_BOUND_HEADING:
        return AT__ZERO_IS_0(o->pauses.heading);
    case AT_BOUND_PARAGRAPH:
        return AT__ZERO_IS_0(o->pauses.paragraph);
    case AT_BOUND_SENTENCE:
        return AT__ZERO_IS_0(t->speaker == s->turns[k - 1].speaker ? o->pauses.sentence : o->pauses.quote);
    default:
        return AT__ZERO_IS_0(o->pauses.quote);
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
    size_t k, j;
    at_status st;
    for (k = 0; k < t->nsentences; k++) {
        const at_sentence *sn = &t->sentences[k];
        char *sent = at__xstrndup(t->text + sn->spoken_start, sn->spoken_end - sn->spoken_start);
        uint64_t start, *words;
        if (k > 0 && (st = at__pipe_silence(r->prog, pause_samples(r, AT__ZERO_IS_0(r->o->pauses.sentence)),
                                            &r->c->err)) != AT_OK) {
            free(sent);
            return st;
        }
        start = at__pipe_samples(r->prog);
        r->first_event = -1;
        r->first_sound = -1;
        r->call_pos = 0;
        r->nwords = 0;
        st = at__engine_speak(r->c->engine, sent, on_pcm, on_event, r, &r->c->err);
        if (st == AT_OK) {
            at_cue cue;
            if (r->first_sound >= 0)
                cue.start = start + (uint64_t)r->first_sound;
            else
                cue.start = start + (r->first_event > 0 ? (uint64_t)r->first_event : 0);
            cue.end = at__pipe_samples(r->prog);
            cue.lead = cue.start;
            if (r->lead >= 0 && (uint64_t)r->lead < cue.start)
                cue.lead = (uint64_t)r->lead;
            r->lead = -1;
            cue.section = t->section;
            cue.kind = t->kind;
            cue.new_block = k == 0 && t->before != AT_BOUND_NONE && t->before != AT_BOUND_SENTENCE;
            cue.speaker = speaker;
            cue.text = sn->written;
            cue.silent = 0;
            words = word_times(r, sent, sn->written, cue.start - start, cue.end - start, &cue.nwords);
            for (j = 0; words && j < cue.nwords; j++)
                words[j] += start;
            cue.word_at = words;
            st = at__pipe_cue(r->prog, &cue, &r->c->err);
            free(words);
        }
        free(sent);
        if (st != AT_OK)
            return st;
    }
    return AT_OK;
}

/* The unread captions that come before source byte `upto`, as silent
 * cues of `section`: the books show them where the article has them. */
static at_status silent_upto(render_state *r, size_t upto, size_t section)
{
    at_status st = AT_OK;
    while (st == AT_OK && r->next_silent < r->nsilent && r->silent[r->next_silent].src_start < upto) {
        at_cue cue;
        memset(&cue, 0, sizeof cue);
        cue.start = cue.end = cue.lead = at__pipe_samples(r->prog);
        cue.section = section;
        cue.kind = AT_TURN_CAPTION;
        cue.new_block = 1;
        cue.speaker = "";
        cue.text = r->silent[r->next_silent++].text;
        cue.silent = 1;
        st = at__pipe_cue(r->prog, &cue, &r->c->err);
    }
    return st;
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
        if (c->progress)
            *c->progress = (double)k / (double)s->nturns;
        /* the outro comes after every caption; the intro before them all */
        if (t->kind != AT_TURN_INTRO &&
            (st = silent_upto(r, t->kind == AT_TURN_OUTRO ? (size_t)-1 : t->src_start,
                              k > 0 ? s->turns[k - 1].section : t->section)) != AT_OK)
            return st;
        if (!v)
            return at__err(&c->err, AT_ECONFIG, "voice profile `%s` is missing", t->voice);
        if (k == 0 || t->section != s->turns[k - 1].section) {
            /* The chapter starts where its heading is heard, so a player
             * that jumps to it lands on the words. The heading's clip in
             * the books begins earlier, with the second half of the pause
             * before it and the chime. */
            if ((st = at__pipe_silence(r->prog, pause_samples(r, pause / 2), &c->err)) != AT_OK)
                return st;
            r->lead = (int64_t)at__pipe_samples(r->prog);
            if (k > 0 && r->o->chime && (st = chime(r)) != AT_OK)
                return st;
            if ((st = at__pipe_silence(r->prog, pause_samples(r, pause - pause / 2), &c->err)) != AT_OK)
                return st;
            at__pipe_section(r->prog, t->section);
        } else if ((st = at__pipe_silence(r->prog, pause_samples(r, pause), &c->err)) != AT_OK) {
            return st;
        }
        if ((st = at__engine_voice(c->engine, v, r->speed, &c->err)) != AT_OK)
            return st;
        if ((st = speak_turn(r, s, t)) != AT_OK)
            return st;
    }
    if (s->nturns && (st = silent_upto(r, (size_t)-1, s->turns[s->nturns - 1].section)) != AT_OK)
        return st;
    return at__pipe_silence(r->prog, pause_samples(r, TAIL_MS), &c->err);
}

#define SPEED_MIN 0.5
#define SPEED_MAX 4.0

/* `rate` as a speed: 0 is 1; outside 0.5..4 a usage error. */
static at_status speed_of(at_ctx *c, double rate, double *speed)
{
    *speed = rate == 0 ? 1.0 : rate;
    if (!(*speed >= SPEED_MIN && *speed <= SPEED_MAX))
        return at__err(&c->err, AT_EUSAGE, "--rate %g: the speed must be 0.5 to 4", rate);
    return AT_OK;
}

/* The listening speed of a render: `rate`, or `rate_wpm` over the
 * narrator profile's own words per minute. */
static at_status resolve_speed(at_ctx *c, const at_script *s, const at_render_options *o, double *speed)
{
    *speed = 1.0;
    if (o->rate_wpm > 0) {
        const at_voice *v = s->nspeakers ? at__voiceset_find(&c->voices, s->speakers[0].voice) : NULL;
        if (!v)
            return at__err(&c->err, AT_ECONFIG, "--rate-wpm: the narrator's voice profile is missing");
        *speed = at__voice_speed_at(v, o->rate_wpm);
        if (*speed < SPEED_MIN || *speed > SPEED_MAX)
            return at__err(&c->err, AT_EUSAGE,
                           "--rate-wpm %d: the narrator's profile `%s` speaks %d words a minute, so %d is %.2f "
                           "times as fast; the speed must be 0.5 to 4 (%d to %d words a minute)",
                           o->rate_wpm, v->name, v->rate, o->rate_wpm, *speed, at__voice_wpm(v, SPEED_MIN),
                           at__voice_wpm(v, SPEED_MAX));
        return AT_OK;
    }
    return speed_of(c, o->rate, speed);
}

/* The ID3 comment: the user's, then the speed when it is not 1, so a
 * listener (and a feed) can tell a fast edition from the standard one. */
static char *speed_comment(const char *comment, double speed, int narrator_wpm)
{
    at_buf b = {0};
    if (comment && *comment)
        at__buf_printf(&b, "%s%s", comment, speed != 1.0 ? " " : "");
    if (speed != 1.0)
        at__buf_printf(&b, "Read at %.3gx speed (narrator %d words a minute).", speed, narrator_wpm);
    return b.p;
}

/* The --split folder: made when missing (its parent must exist), as
 * --daisy and --html make theirs; *made says so, for the clean-up of a
 * render that fails. */
static at_status split_folder(at_ctx *c, const char *dir, int *made)
{
    struct stat sb;
    *made = 0;
    if (stat(dir, &sb) == 0)
        return S_ISDIR(sb.st_mode) ? AT_OK : at__err(&c->err, AT_EOUTPUT, "--split %s: exists and is not a folder", dir);
    if (mkdir(dir, 0777) != 0) {
        char *parent = at__dir_of(dir);
        at__err(&c->err, AT_EOUTPUT, "--split %s: cannot make the folder%s%s: %s", dir,
                errno == ENOENT ? ": its parent " : "", errno == ENOENT ? parent : "", strerror(errno));
        free(parent);
        return AT_EOUTPUT;
    }
    *made = 1;
    return AT_OK;
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
    spec->enc.quality = AT__ZERO_IS_0(c->opt.mp3_quality);
    spec->enc.vbr_quality = o->vbr_quality == AT_ZERO ? 0 : o->vbr_quality > 0 ? o->vbr_quality : -1;
    spec->enc.no_clobber = o->no_clobber;
    spec->enc.regular_only = c->regular_outputs;
    spec->enc.sample_rate = o->sample_rate;
    spec->loudness_on = !o->loudness_off;
    spec->loudness = o->loudness;
    spec->true_peak = AT__ZERO_IS_0(o->true_peak);
    spec->epub = o->epub;
    spec->daisy = o->daisy;
    spec->html = o->html;
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

/* The episode's description for podcast apps (ID3 TDES, which `feed`
 * takes for the item's description): the article's opening as written,
 * whole sentences of its first paragraphs up to about SUMMARY_MAX bytes,
 * at least one sentence, cut at a word (with an ellipsis) only when that
 * sentence alone is longer. NULL when the article has no body text. */
#define SUMMARY_MIN 160
#define SUMMARY_MAX 600
static char *summary_of(const at_script *s)
{
    at_buf b = {0};
    size_t t, k;
    for (t = 0; t < s->nturns && b.n < SUMMARY_MIN; t++) {
        const at_turn *tu = &s->turns[t];
        if (tu->kind != AT_TURN_NARRATION && tu->kind != AT_TURN_QUOTE)
            continue;
        for (k = 0; k < tu->nsentences && b.n < SUMMARY_MIN; k++) {
            const char *w = tu->sentences[k].written;
            size_t n = w ? strlen(w) : 0;
            if (!n)
                continue;
            if (b.n && b.n + 1 + n > SUMMARY_MAX)
                return at__buf_detach(&b);
            if (b.n)
                at__buf_putc(&b, ' ');
            if (n > SUMMARY_MAX) { /* one long sentence: up to the last space that fits */
                size_t cut = SUMMARY_MAX;
                while (cut > 0 && w[cut] != ' ')
                    cut--;
                if (!cut) /* no space: at a character's start, never inside one */
                    for (cut = SUMMARY_MAX; cut > 0 && ((unsigned char)w[cut] & 0xC0) == 0x80;)
                        cut--;
                at__buf_put(&b, w, cut);
                at__buf_puts(&b, "\xe2\x80\xa6"); /* … */
                return at__buf_detach(&b);
            }
            at__buf_put(&b, w, n);
        }
    }
    if (!b.n) {
        at__buf_free(&b);
        return NULL;
    }
    return at__buf_detach(&b);
}

at_status at_ctx_render_with(at_ctx *c, const char *in, const char *out, const at_render_options *opt)
{
    at_render_options resolved, ebook;
    const at_render_options *o = &resolved;
    at_script *s = NULL;
    at_pipe *prog = NULL;
    at_program_spec spec;
    render_state r;
    const char **titles;
    char *cover = NULL, *comment, *summary;
    size_t cover_len = 0;
    at_format fmt;
    at_status st;
    double speed;
    at_silent_text *silent = NULL;
    size_t nsilent = 0;
    int made_split = 0;
    if (opt)
        resolved = *opt;
    else
        at_render_options_init(&resolved);
    at__render_options_resolve(&resolved);
    fmt = o->format;
    if (fmt == AT_FORMAT_AUTO && has_ext(out, "epub")) {
        /* `-o book.epub`: the book is the output, its MP3 a temporary */
        ebook = *o;
        ebook.epub = out;
        o = &ebook;
        out = NULL;
        fmt = AT_FORMAT_MP3;
    }
    if (!out && !o->split_dir && !o->epub && !o->daisy && !o->html)
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
    /* the books show the captions that are not read */
    if ((st = at__ctx_script_silent(c, in, &s, (o->epub || o->daisy || o->html) ? &silent : NULL, &nsilent)) !=
        AT_OK) {
        free(cover);
        return st;
    }
    if ((st = resolve_speed(c, s, o, &speed)) != AT_OK) {
        at_script_free(s);
        at__silent_free(silent, nsilent);
        free(cover);
        return st;
    }
    if (!c->engine && (st = at__engine_new(&c->engine, &c->err)) != AT_OK) {
        at_script_free(s);
        at__silent_free(silent, nsilent);
        free(cover);
        return st;
    }
    titles = at__xcalloc(s->nsections ? s->nsections : 1, sizeof *titles);
    fill_spec(&spec, c, s, out, fmt, o, titles);
    spec.tags.cover = (const unsigned char *)cover;
    spec.tags.cover_len = cover_len;
    {
        const at_voice *nv = at__voiceset_find(&c->voices, s->speakers[0].voice);
        comment = speed_comment(o->comment, speed, nv ? at__voice_wpm(nv, speed) : 0);
    }
    spec.tags.comment = comment;
    summary = summary_of(s);
    spec.tags.summary = summary;
    st = o->split_dir ? split_folder(c, o->split_dir, &made_split) : AT_OK;
    clean_output_dirs(&spec);
    if (st == AT_OK)
        st = at__pipe_open(&prog, &spec, &c->err);
    r.c = c;
    r.prog = prog;
    r.o = o;
    r.rate = spec.rate;
    r.speed = speed;
    r.lead = -1;
    r.silent = silent;
    r.nsilent = nsilent;
    r.next_silent = 0;
    r.words = NULL;
    r.nwords = r.cap_words = 0;
    if (st == AT_OK)
        st = speak_script(&r, s);
    free(r.words);
    if (st == AT_OK && c->interrupted)
        st = at__err(&c->err, AT_EINTR, "interrupted");
    if (st == AT_OK) {
        c->last_seconds = (double)at__pipe_samples(prog) / spec.rate;
        snprintf(c->last_title, sizeof c->last_title, "%s", spec.tags.title ? spec.tags.title : "");
        st = at__pipe_finish(prog, &c->err);
    }
    at__pipe_free(prog);
    if (st != AT_OK && made_split)
        rmdir(o->split_dir); /* ours, and empty once the pipe removed its temporaries */
    free(titles);
    free(cover);
    free(comment);
    free(summary);
    at__silent_free(silent, nsilent);
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

#define PREVIEW_TEXT "Officials said on Tuesday that the new bridge will open to traffic in October, three years after work began."
#define PREVIEW_LEAD_MS 150

/* One profile's preview: its name, then the sentence, into `path`. */
static at_status preview_one(at_ctx *c, const at_voice *v, const char *path, const char *spoken, double speed)
{
    at_program_spec spec;
    const char *titles[1];
    at_buf line = {0};
    const char *p;
    render_state r;
    at_status st;
    memset(&spec, 0, sizeof spec);
    spec.rate = at__engine_rate(c->engine);
    spec.out = path;
    spec.format = AT_FORMAT_WAV;
    spec.tags.title = v->name;
    spec.tags.artist = "articast";
    titles[0] = v->name;
    spec.section_titles = titles;
    spec.nsections = 1;
    spec.enc.regular_only = 1; /* the name is ours: never written through a link */
    spec.loudness_on = 1;
    spec.loudness = -16.0;
    spec.true_peak = -1.0;
    /* the name as words: "quote-f1" is "quote f1" */
    for (p = v->name; *p; p++)
        at__buf_putc(&line, *p == '-' || *p == '_' ? ' ' : *p);
    at__buf_printf(&line, ". %s", spoken);
    memset(&r, 0, sizeof r);
    r.c = c;
    r.rate = spec.rate;
    r.speed = speed;
    r.lead = -1;
    st = at__pipe_open(&r.prog, &spec, &c->err);
    if (st == AT_OK)
        st = at__pipe_silence(r.prog, ms_to_samples(PREVIEW_LEAD_MS, r.rate), &c->err);
    if (st == AT_OK) {
        at__pipe_section(r.prog, 0);
        st = at__engine_voice(c->engine, v, speed, &c->err);
    }
    if (st == AT_OK)
        st = at__engine_speak(c->engine, line.p, on_pcm, NULL, &r, &c->err);
    if (st == AT_OK)
        st = at__pipe_silence(r.prog, pause_samples(&r, TAIL_MS), &c->err);
    if (st == AT_OK && c->interrupted)
        st = at__err(&c->err, AT_EINTR, "interrupted");
    if (st == AT_OK)
        st = at__pipe_finish(r.prog, &c->err);
    at__pipe_free(r.prog);
    at__buf_free(&line);
    return st;
}

at_status at_ctx_preview_voices(at_ctx *c, const char *dir, const char *text, double rate)
{
    at_normalizer *n;
    char *spoken;
    struct stat sb;
    size_t k;
    at_status st = AT_OK;
    double speed;
    if (!dir || !*dir)
        return at__err(&c->err, AT_EUSAGE, "voices --preview: no folder given");
    if ((st = speed_of(c, rate, &speed)) != AT_OK)
        return st;
    if (!text)
        text = PREVIEW_TEXT;
    if (!*text)
        return at__err(&c->err, AT_EUSAGE, "voices --preview: the --text is empty");
    if (c->voices.n == 0)
        return at__err(&c->err, AT_ECONFIG, "voices --preview: there are no voice profiles to preview");
    if (mkdir(dir, 0777) != 0 && (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return at__err(&c->err, AT_EOUTPUT, "%s: cannot make the preview folder: %s", dir,
                       errno == EEXIST ? "something else has that name" : strerror(errno));
    c->interrupted = 0;
    at__stop_requested = 0;
    if (!c->engine && (st = at__engine_new(&c->engine, &c->err)) != AT_OK)
        return st;
    if (!(n = at_ctx_normalizer(c)))
        return c->err.status != AT_OK ? c->err.status : AT_ENOMEM;
    spoken = at_normalize_line(n, text, strlen(text));
    at_normalizer_free(n);
    if (!spoken)
        return c->err.status != AT_OK ? c->err.status : AT_ENOMEM;
    at__stale_clean(dir, 0);
    for (k = 0; k < c->voices.n && st == AT_OK; k++) {
        at_buf path = {0};
        at__buf_printf(&path, "%s/%s.wav", dir, c->voices.v[k].name);
        st = preview_one(c, &c->voices.v[k], path.p, spoken, speed);
        at__buf_free(&path);
    }
    free(spoken);
    return st;
}
