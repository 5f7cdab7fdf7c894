/* The library's front: a context that ties the five stages together. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "articast.h"
#include "engine.h"
#include "langid.h"
#include "lexicon.h"
#include "normalize.h"
#include "read.h"
#include "segment.h"
#include "util.h"
#include "voice.h"
#include "ctx.h"

#ifndef AT_DATADIR
#define AT_DATADIR "/usr/local/share/articast"
#endif

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

const char *at_attribution_name(at_attribution a)
{
    static const char *const names[] = {"none",      "cue",            "pronoun", "document",
                                        "previous-sentence", "introduced", "continued", "same-paragraph",
                                        "heading",   "last-speaker",   "only-person", "label"};
    return (size_t)a < sizeof names / sizeof *names ? names[a] : "none";
}

const char *at_evidence_name(at_evidence e)
{
    switch (e) {
    case AT_EVIDENCE_NAME:
        return "name";
    case AT_EVIDENCE_TITLE:
        return "title";
    case AT_EVIDENCE_PRONOUN:
        return "pronoun";
    case AT_EVIDENCE_VERB:
        return "verb";
    default:
        return "none";
    }
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

/* Mixes `path`'s name and content into `h` (FNV-1a); a file that cannot
 * be read mixes in its absence. */
static uint64_t hash_file(uint64_t h, const char *path)
{
    char *data = NULL;
    size_t len = 0, k;
    const unsigned char *p;
    int ok = at__read_file(path, (size_t)64 << 20, &data, &len, NULL) == AT_OK;
    for (p = (const unsigned char *)path; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h = (h ^ (ok ? 1u : 2u)) * 1099511628211ull;
    for (k = 0; k < len; k++)
        h = (h ^ (unsigned char)data[k]) * 1099511628211ull;
    h = (h ^ 0xffu) * 1099511628211ull;
    free(data);
    return h;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

uint64_t at__config_hash(const at_options *opt)
{
    static const char *const tables[] = {"casting", "en/lexicon.tsv", "en/pronunciations.pls", "en/cues.tsv",
                                         "en/names.tsv", "langid.conf"};
    uint64_t h = 14695981039346656037ull;
    char *dir = find_voices_dir(opt), **names = NULL;
    size_t n = 0, cap = 0, k;
    at_buf path = {0};
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 6 && strcmp(de->d_name + len - 6, ".voice") == 0 && de->d_name[0] != '.')
            *AT_PUSH(names, n, cap) = at__xstrdup(de->d_name);
    }
    if (d)
        closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (k = 0; k < n; k++) {
        path.n = 0;
        at__buf_printf(&path, "%s/%s", dir, names[k]);
        h = hash_file(h, path.p);
        free(names[k]);
    }
    free(names);
    for (k = 0; k < sizeof tables / sizeof *tables; k++) {
        path.n = 0;
        at__buf_printf(&path, "%s/%s", dir, tables[k]);
        h = hash_file(h, path.p);
    }
    /* each language's tables, those the folder has */
    for (k = 1; k < AT_LANG_SLOTS; k++) {
        const char *code = at__lang_code(at__lang_of_slot(k)),
                   *const kinds[] = {"lexicon.tsv", "cues.tsv", "names.tsv"};
        size_t q;
        struct stat sb;
        for (q = 0; code[0] && q < 3; q++) {
            path.n = 0;
            at__buf_printf(&path, "%s/%s/%s", dir, code, kinds[q]);
            if (stat(path.p, &sb) == 0)
                h = hash_file(h, path.p);
        }
    }
    if (opt && opt->lexicon_path)
        h = hash_file(h, opt->lexicon_path);
    at__buf_free(&path);
    free(dir);
    return h;
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

/* DIR/REL in the voices folder in use, else in the default one (a folder
 * of voice profiles alone borrows the tables it lacks). */
static char *voices_file(const at_ctx *c, const char *rel)
{
    at_buf path = {0};
    struct stat st;
    at__buf_printf(&path, "%s/%s", c->voices_dir, rel);
    if (stat(path.p, &st) != 0) {
        char *dir = find_voices_dir(NULL);
        path.n = 0;
        at__buf_printf(&path, "%s/%s", dir, rel);
        free(dir);
    }
    return at__buf_detach(&path);
}

/* Each rule set's lexicon: English's built-in one and its PLS names,
 * voices/CODE/lexicon.tsv for a language with rules of its own (when the
 * folder has one), and for every language the user's --lexicon over it,
 * as their words win. The neutral set's lexicon is the user's alone. */
static at_status load_lexicons(at_ctx *c)
{
    at_status st = AT_OK;
    size_t k;
    for (k = 0; k < AT_LANG_SLOTS && st == AT_OK; k++) {
        const char *code = at__lang_code(at__lang_of_slot(k));
        at_lexicon *lex = c->lexicons[k] = at__lexicon_new();
        struct stat sb;
        char *path;
        if (k == 0) {
            at_buf own = {0};
            at__buf_printf(&own, "%s/en/lexicon.tsv", c->voices_dir);
            st = at__lexicon_load(lex, own.p, &c->err);
            at__buf_free(&own);
            /* names eSpeak NG says wrongly, as a PLS lexicon (a voices
             * folder without one borrows the default's) */
            path = voices_file(c, "en/pronunciations.pls");
        } else {
            at_buf rel = {0};
            at__buf_printf(&rel, "%s/lexicon.tsv", code);
            path = code[0] ? voices_file(c, rel.p) : NULL;
            at__buf_free(&rel);
        }
        if (st == AT_OK && path && stat(path, &sb) == 0)
            st = at__lexicon_load(lex, path, &c->err);
        free(path);
        if (st == AT_OK && c->opt.lexicon_path)
            st = at__lexicon_load(lex, c->opt.lexicon_path, &c->err);
    }
    return st;
}

/* The attribution cues, en/cues.tsv, and the first names beside them,
 * en/names.tsv, which may be absent. */
static at_status load_cues(at_ctx *c)
{
    struct stat st;
    char *names;
    at_status r;
    c->cues_path = voices_file(c, "en/cues.tsv");
    r = at__cues_load(c->cues_path, &c->cues, &c->err);
    names = voices_file(c, "en/names.tsv");
    if (r == AT_OK && stat(names, &st) == 0) {
        r = at__cues_load_names(c->cues, names, &c->err);
        c->names_path = names;
    } else {
        free(names);
    }
    return r;
}

/* The cues for an article in `lang`: LL/cues.tsv when the voices folder
 * (or the default one) has it, with LL/names.tsv or else English's first
 * names, which come from many traditions; English's table otherwise. The
 * last one read is kept for the next article. */
static at_status cues_for(at_ctx *c, const char *lang, const at_cues **out)
{
    char p[9], rel[32];
    struct stat st;
    char *path, *names;
    at_status r;
    at__lang_primary(lang ? lang : "", p);
    *out = c->cues;
    if (!p[0] || strcmp(p, "en") == 0)
        return AT_OK;
    if (c->lang_cues && strcmp(c->lang_cues_code, p) == 0) {
        *out = c->lang_cues;
        return AT_OK;
    }
    snprintf(rel, sizeof rel, "%s/cues.tsv", p);
    path = voices_file(c, rel);
    if (stat(path, &st) != 0) {
        free(path);
        return AT_OK;
    }
    at__cues_free(c->lang_cues);
    c->lang_cues = NULL;
    r = at__cues_load(path, &c->lang_cues, &c->err);
    free(path);
    snprintf(rel, sizeof rel, "%s/names.tsv", p);
    names = voices_file(c, rel);
    if (stat(names, &st) != 0) {
        free(names);
        names = voices_file(c, "en/names.tsv");
    }
    if (r == AT_OK)
        at__cues_wide_names(c->lang_cues);
    if (r == AT_OK && stat(names, &st) == 0)
        r = at__cues_load_names(c->lang_cues, names, &c->err);
    free(names);
    if (r != AT_OK) {
        at__cues_free(c->lang_cues);
        c->lang_cues = NULL;
        return r;
    }
    memcpy(c->lang_cues_code, p, sizeof p);
    *out = c->lang_cues;
    return AT_OK;
}

#define DEFAULT_MP3_BITRATE 64
#define DEFAULT_MP3_QUALITY 7 /* 1.6x as fast as LAME's 5, as good on speech (README) */

void at_options_init(at_options *o)
{
    memset(o, 0, sizeof *o);
    o->acronyms = AT_ACRONYMS_DEFAULT;
    o->mp3_bitrate = DEFAULT_MP3_BITRATE;
    o->mp3_quality = DEFAULT_MP3_QUALITY;
    o->input_format = AT_INPUT_AUTO;
    o->max_input = AT_DEFAULT_MAX_INPUT;
    o->code_blocks = AT_CODE_SKIP;
}

void at__options_resolve(at_options *o)
{
    if (o->mp3_bitrate == 0)
        o->mp3_bitrate = DEFAULT_MP3_BITRATE;
    if (o->mp3_quality == 0 || (o->mp3_quality < 0 && o->mp3_quality != AT_ZERO))
        o->mp3_quality = DEFAULT_MP3_QUALITY;
    if (o->max_input == 0)
        o->max_input = AT_DEFAULT_MAX_INPUT;
}

at_ctx *at_ctx_new(const at_options *opt, at_error *err)
{
    at_ctx *c = at__xcalloc(1, sizeof *c);
    at_buf path = {0};
    at_status st;
    if (opt)
        c->opt = *opt;
    at__options_resolve(&c->opt);
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
    if ((st = load_lexicons(c)) != AT_OK)
        goto fail;
    if (c->opt.language) {
        char p[9];
        at__lang_primary(c->opt.language, p);
        if (!p[0]) {
            at__err(&c->err, AT_EUSAGE, "--language %s: not a language tag (such as en, es or pt-BR)",
                    c->opt.language);
            goto fail;
        }
        {
            char engine[64];
            if (at__engine_language_voice(c->opt.language, engine, sizeof engine) == 0) {
                at__err(&c->err, AT_EUSAGE, "--language %s: eSpeak NG does not speak this language (`articast voices` lists those it does)",
                        c->opt.language);
                goto fail;
            }
        }
        c->language = at__xstrdup(c->opt.language);
    }
    if ((st = load_cues(c)) != AT_OK)
        goto fail;
    at__buf_free(&path);
    c->opt.voices_dir = NULL;
    c->opt.lexicon_path = NULL;
    c->opt.narrator = NULL;
    c->opt.locale = NULL;
    c->opt.language = NULL;
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
    size_t k;
    if (!c)
        return;
    at__engine_free(c->engine);
    for (k = 0; k < AT_LANG_SLOTS; k++)
        at__lexicon_free(c->lexicons[k]);
    free(c->language);
    at__langid_free(c->langid);
    at__voiceset_free(&c->voices);
    at__casting_free(&c->casting);
    at__cues_free(c->cues);
    at__cues_free(c->lang_cues);
    free(c->cues_path);
    free(c->names_path);
    free(c->voices_dir);
    free(c);
}

const at_error *at_ctx_last_error(const at_ctx *c)
{
    return &c->err;
}

at_normalizer *at__ctx_normalizer_lang(at_ctx *c, const char *lang)
{
    at_norm_options no;
    memset(&no, 0, sizeof no);
    no.acronyms = c->opt.acronyms;
    no.day_first = c->day_first;
    no.lang = at__lang_rules_for(lang ? lang : "en");
    return at__normalizer_new(c->lexicons[at__lang_slot(no.lang)], &no);
}

at_normalizer *at_ctx_normalizer(at_ctx *c)
{
    return at__ctx_normalizer_lang(c, c->language);
}

at_normalizer *at_ctx_normalizer_lang(at_ctx *c, const char *lang)
{
    return at__ctx_normalizer_lang(c, lang);
}

static const char *field(const at_script *s, const char *name, size_t n)
{
    const char *v = NULL;
    if (n == 5 && memcmp(name, "title", 5) == 0)
        v = s->title;
    else if (n == 6 && memcmp(name, "author", 6) == 0)
        v = s->author;
    else if (n == 11 && memcmp(name, "publication", 11) == 0)
        v = s->publication;
    else if (n == 4 && memcmp(name, "date", 4) == 0)
        v = s->date;
    return v && *v ? v : NULL;
}

/* Fills a template: {field} from the script's metadata; a [part] is left
 * out when a field in it is empty. An ISO date keeps its day only. */
static at_status fill_template(at_ctx *c, const at_script *s, const char *tpl, at_buf *out)
{
    at_buf part = {0};
    int in_part = 0, part_ok = 1;
    const char *p;
    for (p = tpl; *p; p++) {
        at_buf *dst = in_part ? &part : out;
        if (*p == '[' && !in_part) {
            in_part = 1;
            part_ok = 1;
            part.n = 0;
        } else if (*p == ']' && in_part) {
            if (part_ok && part.n)
                at__buf_put(out, part.p, part.n);
            in_part = 0;
        } else if (*p == '{') {
            const char *end = strchr(p, '}'), *v;
            if (!end) {
                at__buf_free(&part);
                return at__err(&c->err, AT_EUSAGE, "intro/outro template: `{` without `}` in \"%s\"", tpl);
            }
            v = field(s, p + 1, (size_t)(end - p - 1));
            if (v) {
                size_t n = strlen(v);
                if (n >= 10 && at__is_digit((unsigned char)v[0]) && v[4] == '-' && v[7] == '-')
                    n = 10; /* 2024-03-30T09:00:00Z -> 2024-03-30 */
                at__buf_put(dst, v, n);
            } else {
                part_ok = 0;
            }
            p = end;
        } else {
            at__buf_putc(dst, *p);
        }
    }
    at__buf_free(&part);
    if (in_part)
        return at__err(&c->err, AT_EUSAGE, "intro/outro template: `[` without `]` in \"%s\"", tpl);
    return AT_OK;
}

/* Adds the spoken intro before the headline and the outro after the last
 * turn, read by the headline's voice. */
static at_status add_intro_outro(at_ctx *c, at_normalizer *n, at_script *s)
{
    const char *tpls[2];
    int k;
    tpls[0] = c->opt.intro;
    tpls[1] = c->opt.outro;
    for (k = 0; k < 2; k++) {
        at_buf text = {0};
        char *spoken;
        at_turn *t;
        at_status st;
        size_t cap = s->nturns;
        if (!tpls[k])
            continue;
        if ((st = fill_template(c, s, tpls[k], &text)) != AT_OK) {
            at__buf_free(&text);
            return st;
        }
        spoken = at_normalize_line(n, text.p ? text.p : "", text.n);
        if (!spoken) {
            at__buf_free(&text);
            return at__err(&c->err, AT_EUSAGE, "intro/outro: cannot normalize the text");
        }
        at__grow(&s->turns, &cap, s->nturns + 1, sizeof *s->turns);
        if (k == 0) {
            memmove(s->turns + 1, s->turns, s->nturns * sizeof *s->turns);
            t = &s->turns[0];
            if (s->nturns)
                s->turns[1].before = AT_BOUND_HEADING;
        } else {
            t = &s->turns[s->nturns];
        }
        s->nturns++;
        memset(t, 0, sizeof *t);
        t->kind = k == 0 ? AT_TURN_INTRO : AT_TURN_OUTRO;
        t->section = k == 0 || s->nsections == 0 ? 0 : s->nsections - 1;
        t->speaker = 0;
        at__turn_whole(t, spoken, text.p ? text.p : "", 0, 0);
        free(spoken);
        at__buf_free(&text);
        t->before = AT_BOUND_SECTION;
        t->voice = s->nturns < 2 ? s->speakers[0].voice : k == 0 ? s->turns[1].voice : s->turns[0].voice;
    }
    return AT_OK;
}

/* The article's language from its text (lang_detect.c). The models are
 * loaded once a context; without them an article whose metadata names
 * its language is read in it, with a warning, and one that names none
 * is refused: guessing English would read it wrong. */
static at_status detect_language(at_ctx *c, at_doc *doc)
{
    if (!c->langid) {
        at_error e;
        at_buf conf = {0};
        at_status st;
        struct stat sb;
        /* the voices folder's langid.conf chooses among the models */
        at__buf_printf(&conf, "%s/langid.conf", c->voices_dir);
        st = at__langid_open(stat(conf.p, &sb) == 0 ? conf.p : NULL, &c->langid, &e);
        at__buf_free(&conf);
        if (st != AT_OK) {
            if (!doc->meta.language_source || strcmp(doc->meta.language_source, "metadata") != 0)
                return at__err(&c->err, e.status, "%s", e.msg);
            at__doc_warn(doc, "%s; reading it as its metadata says (%s)", e.msg, doc->meta.language);
            return AT_OK;
        }
    }
    at__doc_detect_language(doc, c->langid);
    return AT_OK;
}

/* Reads the article with the context's input options, decides its
 * language, and hands the reader's warnings to the warning callback. */
at_status at__ctx_read_doc(at_ctx *c, const char *path, at_doc **doc)
{
    at_read_options ro;
    size_t k;
    at_status st;
    memset(&ro, 0, sizeof ro);
    ro.max_input = c->opt.max_input;
    ro.format = c->opt.input_format;
    ro.skip_tables = c->opt.skip_tables;
    ro.code_blocks = c->opt.code_blocks;
    if ((st = at__doc_read_file(path, &ro, doc, &c->err)) != AT_OK)
        return st;
    {
        char **fields[4];
        fields[0] = &(*doc)->meta.title;
        fields[1] = &(*doc)->meta.author;
        fields[2] = &(*doc)->meta.date;
        fields[3] = &(*doc)->meta.publication;
        for (k = 0; k < 4; k++)
            if (c->meta_override[k]) {
                free(*fields[k]);
                *fields[k] = at__xstrdup(c->meta_override[k]);
            }
    }
    /* --language wins over what the article says */
    if (c->language) {
        free((*doc)->meta.language);
        (*doc)->meta.language = at__xstrdup(c->language);
        (*doc)->meta.language_source = "forced";
    } else if ((st = detect_language(c, *doc)) != AT_OK) {
        at__doc_free(*doc);
        *doc = NULL;
        return st;
    }
    for (k = 0; c->opt.warn && k < (*doc)->nwarnings; k++)
        c->opt.warn(c->opt.warn_data, (*doc)->warnings[k]);
    return AT_OK;
}

at_input_format at_input_format_from_name(const char *name)
{
    static const struct {
        const char *name;
        at_input_format f;
    } names[] = {{"text", AT_INPUT_TEXT},     {"txt", AT_INPUT_TEXT},  {"markdown", AT_INPUT_MARKDOWN},
                 {"md", AT_INPUT_MARKDOWN},   {"html", AT_INPUT_HTML}, {"htm", AT_INPUT_HTML},
                 {"xhtml", AT_INPUT_HTML}};
    size_t k;
    for (k = 0; name && k < sizeof names / sizeof *names; k++)
        if (at__strcasecmp(name, names[k].name) == 0)
            return names[k].f;
    return AT_INPUT_AUTO;
}

/* The captions a render leaves unread, in reading order. */
static void unread_captions(const at_doc *doc, at_silent_text **out, size_t *n)
{
    size_t k, j, cap = 0;
    for (k = 0; k < doc->nsections; k++) {
        for (j = 0; j < doc->sections[k].nblocks; j++) {
            const at_block *bl = &doc->sections[k].blocks[j];
            at_buf b = {0};
            const char *p;
            int space = 0;
            if (bl->kind != AT_BLOCK_CAPTION)
                continue;
            for (p = bl->text; *p; p++) {
                if (at__is_space((unsigned char)*p)) {
                    space = b.n > 0;
                    continue;
                }
                if (space)
                    at__buf_putc(&b, ' ');
                space = 0;
                at__buf_putc(&b, *p);
            }
            if (!b.n)
                continue;
            if (*n == cap)
                *out = at__xrealloc(*out, (cap = cap ? 2 * cap : 8) * sizeof **out);
            (*out)[*n].src_start = bl->src_start;
            (*out)[(*n)++].text = at__buf_detach(&b);
        }
    }
}

void at__silent_free(at_silent_text *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        free(s[k].text);
    free(s);
}

/* A tag that names no language: undetermined, several, none. Such an
 * article is read as English, as before languages were told apart. */
static int no_language(const char *tag)
{
    char p[9];
    at__lang_primary(tag, p);
    return !p[0] || strcmp(p, "und") == 0 || strcmp(p, "mul") == 0 || strcmp(p, "zxx") == 0 ||
           strcmp(p, "mis") == 0;
}

/* The profile `v` speaking `tag`: itself when its eSpeak NG voice is of
 * that language already, else its version in that language; NULL when
 * eSpeak NG does not speak the language. */
static const at_voice *voice_in(at_ctx *c, const at_voice *v, const char *tag)
{
    char want[9], have[9], engine[64];
    at__lang_primary(tag, want);
    at__lang_primary(v->engine, have);
    if (strcmp(want, have) == 0)
        return v;
    if (at__engine_language_voice(tag, engine, sizeof engine) <= 0)
        return NULL;
    return at__voiceset_in_language(&c->voices, v, tag, engine);
}

/* The script's voice names hold `name` (kept once). */
static const char *script_voice_name(at_script *s, const char *name)
{
    size_t k, cap = s->nvoice_names;
    for (k = 0; k < s->nvoice_names; k++)
        if (strcmp(s->voice_names[k], name) == 0)
            return s->voice_names[k];
    *AT_PUSH(s->voice_names, s->nvoice_names, cap) = at__xstrdup(name);
    return s->voice_names[s->nvoice_names - 1];
}

/* Every turn in a voice of its language: the article's, or a passage's
 * own. The casting chose the roles (narrator, a pool voice per speaker,
 * gender from the evidence); here each role is given the same profile
 * speaking that language, so voices stay as distinct as in English. A
 * passage in a language eSpeak NG lacks keeps the article's voice. */
static void cast_languages(at_ctx *c, at_script *s)
{
    size_t k;
    if (no_language(s->language))
        return;
    for (k = 0; k < s->nspeakers; k++) {
        const at_voice *v = at__voiceset_find(&c->voices, s->speakers[k].voice), *lv;
        if (v && (lv = voice_in(c, v, s->language)) != NULL && lv != v) {
            free(s->speakers[k].voice);
            s->speakers[k].voice = at__xstrdup(lv->name);
        }
    }
    for (k = 0; k < s->nturns; k++) {
        at_turn *t = &s->turns[k];
        const at_voice *v = at__voiceset_find(&c->voices, t->voice), *lv;
        if (!v || !(lv = voice_in(c, v, t->language && !no_language(t->language) ? t->language : s->language)))
            continue;
        if (lv != v)
            t->voice = script_voice_name(s, lv->name);
    }
}

at_status at_ctx_script(at_ctx *c, const char *path, at_script **out)
{
    return at__ctx_script_silent(c, path, out, NULL, NULL);
}

/* The normalizers of one document's passages in other languages, one a
 * language, made when first asked for (at_segment_options.normalizer_for). */
typedef struct lang_normalizers {
    at_ctx *c;
    char **lang;
    at_normalizer **n;
    size_t count, cap_lang, cap_n;
} lang_normalizers;

static at_normalizer *normalizer_for(void *data, const char *lang)
{
    lang_normalizers *ln = data;
    size_t k;
    for (k = 0; k < ln->count; k++)
        if (strcmp(ln->lang[k], lang) == 0)
            return ln->n[k];
    *AT_PUSH(ln->lang, ln->count, ln->cap_lang) = at__xstrdup(lang);
    at__grow(&ln->n, &ln->cap_n, ln->count, sizeof *ln->n);
    ln->n[ln->count - 1] = at__ctx_normalizer_lang(ln->c, lang);
    return ln->n[ln->count - 1];
}

static void lang_normalizers_free(lang_normalizers *ln)
{
    size_t k;
    for (k = 0; k < ln->count; k++) {
        free(ln->lang[k]);
        at_normalizer_free(ln->n[k]);
    }
    free(ln->lang);
    free(ln->n);
}

at_status at__ctx_script_silent(at_ctx *c, const char *path, at_script **out, at_silent_text **silent,
                                size_t *nsilent)
{
    lang_normalizers ln = {0};
    at_doc *doc = NULL;
    at_normalizer *n;
    at_segment_options so;
    at_status st;
    if (silent) {
        *silent = NULL;
        *nsilent = 0;
    }
    c->err.status = AT_OK;
    c->err.msg[0] = '\0';
    *out = NULL;
    if ((st = at__ctx_read_doc(c, path, &doc)) != AT_OK)
        return st;
    if (no_language(doc->meta.language)) {
        free(doc->meta.language);
        doc->meta.language = at__xstrdup("en");
    } else {
        char engine[64];
        if (at__engine_language_voice(doc->meta.language, engine, sizeof engine) == 0) {
            st = at__err(&c->err, AT_EINPUT,
                         "%s: the article is in language `%s`, which eSpeak NG does not speak "
                         "(--language LANG reads it in another)",
                         path, doc->meta.language);
            at__doc_free(doc);
            return st;
        }
    }
    if ((st = cues_for(c, doc->meta.language, &so.cues)) != AT_OK) {
        at__doc_free(doc);
        return st;
    }
    n = at__ctx_normalizer_lang(c, doc->meta.language);
    so.read_captions = c->opt.read_captions;
    ln.c = c;
    so.normalizer_for = normalizer_for;
    so.normalizer_data = &ln;
    st = at__segment(doc, n, &c->casting, &so, out, &c->err);
    lang_normalizers_free(&ln);
    if (st == AT_OK && (c->opt.intro || c->opt.outro))
        st = add_intro_outro(c, n, *out);
    if (st == AT_OK)
        cast_languages(c, *out);
    if (st != AT_OK && *out) {
        at_script_free(*out);
        *out = NULL;
    }
    if (st == AT_OK && silent && !c->opt.read_captions)
        unread_captions(doc, silent, nsilent);
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
    at_srcpos pos;
    at_error ignored;
    at_status st;
    c->err.status = AT_OK;
    c->err.msg[0] = '\0';
    if ((st = at__ctx_read_doc(c, path, &doc)) != AT_OK)
        return st;
    if (strcmp(path, "-") != 0 && at__read_file(path, (size_t)64 << 20, &src, &srclen, &ignored) != AT_OK)
        src = NULL;
    if (src)
        at__srcpos_init(&pos, src, srclen);
    n = at__ctx_normalizer_lang(c, doc->meta.language);
    /* the same order as the segmenter: learn everything, headline first */
    at__normalizer_learn(n, doc->meta.title ? doc->meta.title : "", doc->meta.title ? strlen(doc->meta.title) : 0);
    for (k = 0; k < doc->nsections; k++)
        for (j = 0; j < doc->sections[k].nblocks; j++)
            at__normalizer_learn(n, doc->sections[k].blocks[j].text, doc->sections[k].blocks[j].len);
    at__buf_printf(&rw, "# normalization report: %s\n# LINE:COL\tclass\t\"source\"\t-> \"spoken\"\n", path);
    for (k = 0; k < doc->nsections; k++) {
        const at_section *sec = &doc->sections[k];
        at__report_block(n, sec->title, strlen(sec->title), 0, src ? &pos : NULL, sec->title_start, &rw, &warn);
        for (j = 0; j < sec->nblocks; j++) {
            const at_block *bl = &sec->blocks[j];
            if (bl->kind == AT_BLOCK_BOILERPLATE || (bl->kind == AT_BLOCK_CAPTION && !c->opt.read_captions))
                continue;
            at__report_block(n, bl->text, bl->len, bl->dateline_end, src ? &pos : NULL, bl->src_start, &rw, &warn);
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
    if (src)
        at__srcpos_free(&pos);
    free(src);
    at_normalizer_free(n);
    at__doc_free(doc);
    *out = at__buf_detach(&rw);
    return AT_OK;
}

/* The languages: with --language, every role's profile speaking it;
 * else each language eSpeak NG speaks, and what articast adds to it. */
static void describe_languages(const at_ctx *c, at_buf *b)
{
    const char *code, *name;
    char engine[64];
    size_t k, n = 0;
    if (c->language && at__engine_language_voice(c->language, engine, sizeof engine) > 0) {
        char want[9], have[9];
        at__lang_primary(c->language, want);
        at__buf_printf(b, "in %s (eSpeak NG voice %s), every profile speaks as:\n", c->language, engine);
        for (k = 0; k < c->voices.n; k++) {
            const at_voice *v = &c->voices.v[k];
            at__lang_primary(v->engine, have);
            at__buf_printf(b, "  %-12s %s%s%s\n", v->name, strcmp(want, have) == 0 ? v->engine : engine,
                           v->variant ? "+" : "", v->variant ? v->variant : "");
        }
        return;
    }
    while (at__engine_language_at(n, &code, &name))
        n++;
    at__buf_printf(b, "languages (%zu eSpeak NG voices; an article in one is read by the same roles in "
                      "that language; `voices --language L` shows them):\n", n);
    for (k = 0; at__engine_language_at(k, &code, &name); k++) {
        int rules = at__lang_has_rules(code);
        char rel[64], *cues;
        struct stat sb;
        char p[9];
        at__lang_primary(code, p);
        snprintf(rel, sizeof rel, "%s/cues.tsv", p);
        cues = voices_file(c, rel);
        at__buf_printf(b, "  %-16s %-34s %s%s\n", code, name,
                       rules ? "normalizer rules" : "eSpeak NG's own reading",
                       stat(cues, &sb) == 0 ? ", quotation cues" : "");
        free(cues);
    }
}

char *at_ctx_describe_voices(const at_ctx *c)
{
    at_buf b = {0};
    size_t k, g;
    static const char *const pools[] = {"unknown", "female", "male"};
    at__buf_printf(&b, "voice profiles in %s:\n", c->voices_dir);
    for (k = 0; k < c->voices.n; k++) {
        const at_voice *v = &c->voices.v[k];
        at_buf name = {0};
        at__buf_printf(&name, "%s%s%s", v->engine, v->variant ? "+" : "", v->variant ? v->variant : "");
        at__buf_printf(&b, "  %-12s %-20s %-7s rate %d, pitch %d, range %d, word gap %d, volume %d\n", v->name,
                       name.p, at_gender_name(v->gender), v->rate, v->pitch, v->range, v->wordgap, v->volume);
        at__buf_free(&name);
    }
    at__buf_printf(&b, "casting:\n  title      %s\n  heading    %s\n  narration  %s\n  caption    %s\n",
                   c->casting.title, c->casting.heading, c->casting.narration, c->casting.caption);
    for (g = 0; g < 3; g++) {
        at__buf_printf(&b, "  %-10s", pools[g]);
        for (k = 0; k < c->casting.npool[g]; k++)
            at__buf_printf(&b, " %s", c->casting.pool[g][k]);
        at__buf_putc(&b, '\n');
    }
    at__buf_printf(&b, "attribution cues: %s\n", c->cues_path ? c->cues_path : "(none)");
    if (c->names_path)
        at__buf_printf(&b, "first names: %s (%zu)\n", c->names_path, at__cues_names(c->cues));
    else
        at__buf_puts(&b, "first names: (none: gender only from pronouns, titles and surname endings)\n");
    describe_languages(c, &b);
    return at__buf_detach(&b);
}

/* One path: a line that opens with a dateline ("BOONE, KY --") is read as
 * the reader reads an article's first paragraph. The dateline is the read
 * stage's to find, so the library's front composes the two stages here. */
char *at_normalize_line(at_normalizer *n, const char *text, size_t len)
{
    return at__normalize_text(n, text, len, at__dateline_len(text, 0, len));
}
