/* The library's front: a context that ties the five stages together. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "articast.h"
#include "engine.h"
#include "lexicon.h"
#include "normalize.h"
#include "produce.h"
#include "read.h"
#include "segment.h"
#include "util.h"
#include "voice.h"

#ifndef AT_DATADIR
#define AT_DATADIR "/usr/local/share/articast"
#endif

/* Pauses at turn boundaries, in ms. eSpeak NG makes its own pauses at
 * commas and full stops inside a turn. */
static const unsigned pause_ms[] = {
    [AT_BOUND_NONE] = 150,      /* a voice change mid-sentence */
    [AT_BOUND_SENTENCE] = 350,  /* a voice change between sentences */
    [AT_BOUND_PARAGRAPH] = 650,
    [AT_BOUND_HEADING] = 800,   /* after a heading or the headline */
    [AT_BOUND_SECTION] = 1300,  /* before a new section's heading */
};
#define TAIL_MS 700

struct at_ctx {
    at_options opt;
    char *voices_dir;
    at_voiceset voices;
    at_casting casting;
    at_engine *engine;
    at_lexicon *lexicon;
    int day_first;
    at_error err;
};

static const struct {
    const char *name, *msg;
} status_table[] = {
#define AT_XX(name, num, msg) [num] = {#name, msg},
    AT_STATUS_MAP(AT_XX)
#undef AT_XX
};

const char *at_strerror(at_status s)
{
    if ((unsigned)s < sizeof status_table / sizeof *status_table && status_table[s].msg)
        return status_table[s].msg;
    return "unknown status";
}

const char *at_status_name(at_status s)
{
    if ((unsigned)s < sizeof status_table / sizeof *status_table && status_table[s].name)
        return status_table[s].name;
    return "EUNKNOWN";
}

const char *at_version(void)
{
#define AT_STR2(x) #x
#define AT_STR(x) AT_STR2(x)
    return AT_STR(AT_VERSION_MAJOR) "." AT_STR(AT_VERSION_MINOR) "." AT_STR(AT_VERSION_PATCH);
}

const char *at_turn_kind_name(at_turn_kind k)
{
    static const char *const names[] = {"title", "heading", "narration", "quote", "caption", "intro", "outro"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "narration";
}

const char *at_gender_name(at_gender g)
{
    return g == AT_GENDER_FEMALE ? "female" : g == AT_GENDER_MALE ? "male" : "unknown";
}

at_format at_format_from_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *ext = dot ? dot + 1 : name;
    if (at__strcasecmp(ext, "mp3") == 0)
        return AT_FORMAT_MP3;
    if (at__strcasecmp(ext, "wav") == 0)
        return AT_FORMAT_WAV;
    return AT_FORMAT_AUTO;
}

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The voices folder: the option, $ARTICAST_VOICES, the source tree's
 * (for a binary run from its build tree), then the installed one. */
static char *find_voices_dir(const at_options *opt)
{
    const char *env = getenv("ARTICAST_VOICES");
    if (opt && opt->voices_dir)
        return at__xstrdup(opt->voices_dir);
    if (env && *env)
        return at__xstrdup(env);
#ifdef AT_SOURCE_VOICES
    if (is_dir(AT_SOURCE_VOICES))
        return at__xstrdup(AT_SOURCE_VOICES);
#endif
    return at__xstrdup(AT_DATADIR "/voices");
}

/* Every profile the casting names must exist. */
static at_status check_casting(at_ctx *c, const char *path)
{
    const char *singles[4];
    size_t k, g;
    singles[0] = c->casting.title;
    singles[1] = c->casting.heading;
    singles[2] = c->casting.narration;
    singles[3] = c->casting.caption;
    for (k = 0; k < 4; k++)
        if (!at__voiceset_find(&c->voices, singles[k]))
            return at__err(&c->err, AT_ECONFIG, "%s: names the voice profile `%s`, but %s/%s.voice does not exist",
                           path, singles[k], c->voices_dir, singles[k]);
    for (g = 0; g < 3; g++)
        for (k = 0; k < c->casting.npool[g]; k++)
            if (!at__voiceset_find(&c->voices, c->casting.pool[g][k]))
                return at__err(&c->err, AT_ECONFIG,
                               "%s: names the voice profile `%s`, but %s/%s.voice does not exist", path,
                               c->casting.pool[g][k], c->voices_dir, c->casting.pool[g][k]);
    return AT_OK;
}

at_ctx *at_ctx_new(const at_options *opt, at_error *err)
{
    at_ctx *c = at__xcalloc(1, sizeof *c);
    at_buf path = {0};
    at_status st;
    if (opt)
        c->opt = *opt;
    c->voices_dir = find_voices_dir(opt);
    if (!is_dir(c->voices_dir)) {
        at__err(&c->err, AT_ECONFIG, "%s: the voices folder does not exist (use --voices DIR)", c->voices_dir);
        goto fail;
    }
    if ((st = at__voiceset_load(c->voices_dir, &c->voices, &c->err)) != AT_OK)
        goto fail;
    at__buf_printf(&path, "%s/casting", c->voices_dir);
    if ((st = at__casting_load(path.p, &c->casting, &c->err)) != AT_OK)
        goto fail;
    if (c->opt.narrator) {
        if (!at__voiceset_find(&c->voices, c->opt.narrator)) {
            at__err(&c->err, AT_ECONFIG, "--narrator %s: no such voice profile in %s (see `articast voices`)",
                    c->opt.narrator, c->voices_dir);
            goto fail;
        }
        free(c->casting.narration);
        c->casting.narration = at__xstrdup(c->opt.narrator);
    }
    if ((st = check_casting(c, path.p)) != AT_OK)
        goto fail;
    if (c->opt.locale && at__strcasecmp(c->opt.locale, "en-US") != 0 && at__strcasecmp(c->opt.locale, "en") != 0) {
        if (at__strcasecmp(c->opt.locale, "en-GB") != 0) {
            at__err(&c->err, AT_EUSAGE, "--locale %s: expected en-US or en-GB", c->opt.locale);
            goto fail;
        }
        c->day_first = 1;
    }
    /* the built-in lexicon, then the user's over it */
    c->lexicon = at__lexicon_new();
    path.n = 0;
    at__buf_printf(&path, "%s/en/lexicon.tsv", c->voices_dir);
    if ((st = at__lexicon_load(c->lexicon, path.p, &c->err)) != AT_OK)
        goto fail;
    if (c->opt.lexicon_path && (st = at__lexicon_load(c->lexicon, c->opt.lexicon_path, &c->err)) != AT_OK)
        goto fail;
    at__buf_free(&path);
    c->opt.voices_dir = NULL;
    c->opt.lexicon_path = NULL;
    c->opt.narrator = NULL;
    c->opt.locale = NULL;
    return c;
fail:
    if (err)
        *err = c->err;
    at__buf_free(&path);
    at_ctx_free(c);
    return NULL;
}

void at_ctx_free(at_ctx *c)
{
    if (!c)
        return;
    at__engine_free(c->engine);
    at__lexicon_free(c->lexicon);
    at__voiceset_free(&c->voices);
    at__casting_free(&c->casting);
    free(c->voices_dir);
    free(c);
}

const at_error *at_ctx_last_error(const at_ctx *c)
{
    return &c->err;
}

static at_normalizer *new_normalizer(at_ctx *c)
{
    at_norm_options no;
    memset(&no, 0, sizeof no);
    no.acronyms = c->opt.acronyms;
    no.day_first = c->day_first;
    return at__normalizer_new(c->lexicon, &no);
}

at_normalizer *at_ctx_normalizer(at_ctx *c)
{
    return new_normalizer(c);
}

at_status at_ctx_script(at_ctx *c, const char *path, at_script **out)
{
    at_doc *doc = NULL;
    at_normalizer *n;
    at_segment_options so;
    at_status st;
    c->err.status = AT_OK;
    c->err.msg[0] = '\0';
    if ((st = at__doc_read_file(path, NULL, &doc, &c->err)) != AT_OK)
        return st;
    n = new_normalizer(c);
    so.read_captions = c->opt.read_captions;
    st = at__segment(doc, n, &c->casting, &so, out, &c->err);
    at_normalizer_free(n);
    at__doc_free(doc);
    return st;
}

at_status at_ctx_normalize_report(at_ctx *c, const char *path, char **out)
{
    at_doc *doc = NULL;
    at_normalizer *n;
    at_buf rw = {0}, warn = {0};
    char *src = NULL;
    size_t srclen = 0, k, j;
    at_error ignored;
    at_status st;
    c->err.status = AT_OK;
    c->err.msg[0] = '\0';
    if ((st = at__doc_read_file(path, NULL, &doc, &c->err)) != AT_OK)
        return st;
    if (strcmp(path, "-") != 0 && at__read_file(path, (size_t)64 << 20, &src, &srclen, &ignored) != AT_OK)
        src = NULL;
    n = new_normalizer(c);
    /* the same order as the segmenter: learn everything, headline first */
    at__normalizer_learn(n, doc->meta.title ? doc->meta.title : "", doc->meta.title ? strlen(doc->meta.title) : 0);
    for (k = 0; k < doc->nsections; k++)
        for (j = 0; j < doc->sections[k].nblocks; j++)
            at__normalizer_learn(n, doc->sections[k].blocks[j].text, doc->sections[k].blocks[j].len);
    at__buf_printf(&rw, "# normalization report: %s\n# LINE:COL\tclass\t\"source\"\t-> \"spoken\"\n", path);
    for (k = 0; k < doc->nsections; k++) {
        const at_section *sec = &doc->sections[k];
        at__report_block(n, sec->title, strlen(sec->title), 0, src, sec->title_start, &rw, &warn);
        for (j = 0; j < sec->nblocks; j++) {
            const at_block *bl = &sec->blocks[j];
            if (bl->kind == AT_BLOCK_BOILERPLATE || (bl->kind == AT_BLOCK_CAPTION && !c->opt.read_captions))
                continue;
            at__report_block(n, bl->text, bl->len, bl->dateline_end, src, bl->src_start, &rw, &warn);
        }
    }
    {
        size_t nw = 0, q;
        for (q = 0; q < warn.n; q++)
            nw += warn.p[q] == '\n';
        at__buf_printf(&rw, "# warnings: %zu\n", nw);
    }
    if (warn.n)
        at__buf_put(&rw, warn.p, warn.n);
    at__buf_free(&warn);
    free(src);
    at_normalizer_free(n);
    at__doc_free(doc);
    *out = at__buf_detach(&rw);
    return AT_OK;
}

typedef struct render_state {
    at_writer *w;
    at_error *err;
} render_state;

static int on_pcm(void *ud, const int16_t *pcm, size_t n)
{
    render_state *r = ud;
    return at__writer_pcm(r->w, pcm, n, r->err) != AT_OK;
}

static size_t ms_to_samples(unsigned ms, int rate)
{
    return (size_t)ms * (size_t)rate / 1000u;
}

/* Speaks every turn into the writer, with the pauses and chapter marks. */
static at_status speak_script(at_ctx *c, const at_script *s, at_writer *w)
{
    render_state r;
    size_t k;
    int rate = at__engine_rate(c->engine);
    at_status st;
    r.w = w;
    r.err = &c->err;
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        const at_voice *v = at__voiceset_find(&c->voices, t->voice);
        unsigned pause = k == 0 ? 0 : pause_ms[t->before];
        if (!v)
            return at__err(&c->err, AT_ECONFIG, "voice profile `%s` is missing", t->voice);
        if (k == 0 || t->section != s->turns[k - 1].section) {
            /* half the pause ends the previous chapter, half opens this */
            if ((st = at__writer_silence(w, ms_to_samples(pause / 2, rate), &c->err)) != AT_OK)
                return st;
            at__writer_chapter(w, t->section);
            pause -= pause / 2;
        }
        if ((st = at__writer_silence(w, ms_to_samples(pause, rate), &c->err)) != AT_OK)
            return st;
        if ((st = at__engine_voice(c->engine, v, &c->err)) != AT_OK)
            return st;
        if ((st = at__engine_speak(c->engine, t->text, on_pcm, NULL, &r, &c->err)) != AT_OK)
            return st;
    }
    return at__writer_silence(w, ms_to_samples(TAIL_MS, rate), &c->err);
}

at_status at_ctx_render(at_ctx *c, const char *in, const char *out, at_format fmt)
{
    at_script *s = NULL;
    at_writer *w = NULL;
    at_tags tags;
    at_enc_options eo;
    const char **titles;
    size_t k;
    at_status st;
    if (fmt == AT_FORMAT_AUTO && (fmt = at_format_from_name(out)) == AT_FORMAT_AUTO)
        return at__err(&c->err, AT_EFORMAT, "%s: unknown output format; name the file .mp3 or .wav, or use --format",
                       out);
    if ((st = at_ctx_script(c, in, &s)) != AT_OK)
        return st;
    if (!c->engine && (st = at__engine_new(&c->engine, &c->err)) != AT_OK) {
        at_script_free(s);
        return st;
    }
    titles = at__xcalloc(s->nsections ? s->nsections : 1, sizeof *titles);
    for (k = 0; k < s->nsections; k++)
        titles[k] = s->sections[k].title;
    tags.title = s->title;
    tags.artist = s->author;
    tags.album = s->publication;
    tags.date = s->date;
    eo.bitrate = c->opt.mp3_bitrate;
    eo.quality = c->opt.mp3_quality;
    st = at__writer_open(&w, fmt, out, at__engine_rate(c->engine), &tags, titles, s->nsections, &eo, &c->err);
    free(titles);
    if (st == AT_OK)
        st = speak_script(c, s, w);
    if (st == AT_OK)
        st = at__writer_finish(w, &c->err);
    at__writer_free(w);
    at_script_free(s);
    return st;
}

char *at_ctx_describe_voices(const at_ctx *c)
{
    at_buf b = {0};
    size_t k, g;
    static const char *const pools[] = {"unknown", "female", "male"};
    at__buf_printf(&b, "voice profiles in %s:\n", c->voices_dir);
    for (k = 0; k < c->voices.n; k++) {
        const at_voice *v = &c->voices.v[k];
        at__buf_printf(&b, "  %-12s %s%s%s  %-7s rate %d, pitch %d, range %d, word gap %d\n", v->name, v->engine,
                       v->variant ? "+" : "", v->variant ? v->variant : "", at_gender_name(v->gender), v->rate,
                       v->pitch, v->range, v->wordgap);
    }
    at__buf_printf(&b, "casting:\n  title      %s\n  heading    %s\n  narration  %s\n  caption    %s\n",
                   c->casting.title, c->casting.heading, c->casting.narration, c->casting.caption);
    for (g = 0; g < 3; g++) {
        at__buf_printf(&b, "  %-10s", pools[g]);
        for (k = 0; k < c->casting.npool[g]; k++)
            at__buf_printf(&b, " %s", c->casting.pool[g][k]);
        at__buf_putc(&b, '\n');
    }
    return at__buf_detach(&b);
}
