/* The body of POST /v1/editions: an article as it is (its Content-Type
 * says how to read it), or a JSON object with the article, its metadata
 * and the render options. Every option is checked here, before a job is
 * accepted, so a bad request is a 4xx answer naming the field, never a
 * job that fails later. The JSON is parsed by jansson; this file only
 * says what is allowed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"
#include "util.h"

static int fail(char *err, size_t errlen, int code, const char *fmt, ...) AT_PRINTF(4, 5);

/* The message goes into the JSON error answer and the JSON log, so it
 * must be UTF-8: it echoes what the client sent (a Content-Type, a JSON
 * key), which may not be, and vsnprintf may cut it inside a character.
 * Each byte of an invalid sequence (the cut one included) becomes '?',
 * and so does a control character, to keep the message one line. */
static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
    va_list ap;
    size_t i = 0, n;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    n = strlen(err);
    while (i < n) {
        size_t at = i;
        int32_t cp = at__utf8_next(err, n, &i);
        if (cp < 0 || cp < 0x20 || cp == 0x7f)
            memset(err + at, '?', i - at);
    }
    return code;
}

/* The media type of a Content-Type value, without parameters, compared
 * case-insensitively. */
static int media_is(const char *ctype, const char *type)
{
    size_t n = strlen(type);
    while (*ctype == ' ' || *ctype == '\t')
        ctype++;
    return strncasecmp(ctype, type, n) == 0 && (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* A BCP 47 tag's shape: a primary subtag of 2 or 3 letters, then
 * subtags of 1 to 8 letters or digits. Digits may stand anywhere after
 * the primary subtag: es-419 (Latin American Spanish) starts its region
 * with one. Whether eSpeak NG speaks it is the render's question. */
static int tag_ok(const char *s)
{
    size_t n, seg = 0;
    int primary = 1;
    for (n = 0; s[n]; n++) {
        char c = s[n];
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (c == '-') {
            if (seg == 0 || (primary && seg < 2))
                return 0;
            seg = 0;
            primary = 0;
            continue;
        }
        if (!letter && !(!primary && c >= '0' && c <= '9'))
            return 0;
        if (++seg > (primary ? 3u : 8u))
            return 0;
    }
    return seg > 0 && (!primary || seg >= 2) && n <= 35;
}

/* A voice profile's name: what the voices folder's file names allow. */
static int name_ok(const char *s)
{
    size_t n;
    for (n = 0; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
              s[n] == '-' || s[n] == '_' || s[n] == '@' || (s[n] == '.' && n > 0)))
            return 0;
    return n > 0 && n <= 64;
}

typedef struct opt_ctx {
    json_t *out;
    char *err;
    size_t errlen;
} opt_ctx;

static int want_bool(opt_ctx *o, const char *key, json_t *v)
{
    if (!json_is_boolean(v))
        return fail(o->err, o->errlen, 400, "options.%s: expected true or false", key);
    json_object_set(o->out, key, v);
    return 0;
}

static int want_int(opt_ctx *o, const char *key, json_t *v, long lo, long hi)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(o->err, o->errlen, 400, "options.%s: expected a whole number from %ld to %ld", key, lo, hi);
    json_object_set(o->out, key, v);
    return 0;
}

static int want_number(opt_ctx *o, const char *key, json_t *v, double lo, double hi)
{
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
        return fail(o->err, o->errlen, 400, "options.%s: expected a number from %g to %g", key, lo, hi);
    json_object_set_new(o->out, key, json_real(json_number_value(v)));
    return 0;
}

static int want_enum(opt_ctx *o, const char *key, json_t *v, const char *const *allowed)
{
    size_t k;
    if (json_is_string(v))
        for (k = 0; allowed[k]; k++)
            if (strcmp(json_string_value(v), allowed[k]) == 0) {
                json_object_set(o->out, key, v);
                return 0;
            }
    {
        char list[160] = "";
        for (k = 0; allowed[k]; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", allowed[k]);
        return fail(o->err, o->errlen, 400, "options.%s: expected one of %s", key, list);
    }
}

/* A list of names from `allowed`, each once. */
static int want_set(opt_ctx *o, const char *key, json_t *v, const char *const *allowed, int nonempty)
{
    size_t i, j, k;
    json_t *item;
    if (!json_is_array(v) || (nonempty && json_array_size(v) == 0))
        return fail(o->err, o->errlen, 400, "options.%s: expected a%s list of names", key,
                    nonempty ? " non-empty" : "");
    json_array_foreach(v, i, item) {
        int known = 0;
        if (json_is_string(item))
            for (k = 0; allowed[k]; k++)
                known |= strcmp(json_string_value(item), allowed[k]) == 0;
        if (!known)
            return fail(o->err, o->errlen, 400, "options.%s[%zu]: unknown name", key, i);
        for (j = 0; j < i; j++)
            if (json_equal(json_array_get(v, j), item))
                return fail(o->err, o->errlen, 400, "options.%s[%zu]: named twice", key, i);
    }
    json_object_set(o->out, key, v);
    return 0;
}

/* intro/outro: true (the default template), false, or a template. */
static int want_template(opt_ctx *o, const char *key, json_t *v)
{
    if (json_is_boolean(v))
        return want_bool(o, key, v);
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 1000 ||
        strlen(json_string_value(v)) != json_string_length(v))
        return fail(o->err, o->errlen, 400, "options.%s: expected true, false or a template of up to 1000 bytes",
                    key);
    json_object_set(o->out, key, v);
    return 0;
}

static const char *const formats[] = {"mp3", "wav", NULL};
static const char *const sidecars[] = {"vtt", "srt", "chapters", "ffmetadata", NULL};
static const char *const acronyms[] = {"default", "spell", "expand", "word", NULL};
static const char *const code_blocks[] = {"skip", "announce", NULL};

/* Checks `in` (may be NULL) into a full options object in r->options. */
static int parse_options(json_t *in, at_serve_req *r, char *err, size_t errlen)
{
    opt_ctx o;
    const char *key;
    json_t *v;
    int rc = 0;
    o.out = json_object();
    o.err = err;
    o.errlen = errlen;
    json_object_set_new(o.out, "formats", json_pack("[s]", "mp3"));
    json_object_set_new(o.out, "sidecars", json_array());
    r->options = o.out;
    if (!in)
        return 0;
    if (!json_is_object(in))
        return fail(err, errlen, 400, "options: expected an object");
    json_object_foreach(in, key, v) {
        if (strcmp(key, "formats") == 0)
            rc = want_set(&o, key, v, formats, 1);
        else if (strcmp(key, "sidecars") == 0)
            rc = want_set(&o, key, v, sidecars, 0);
        else if (strcmp(key, "bitrate") == 0)
            rc = want_int(&o, key, v, 32, 320);
        else if (strcmp(key, "quality") == 0 || strcmp(key, "vbr") == 0)
            rc = want_int(&o, key, v, 0, 9);
        else if (strcmp(key, "sample_rate") == 0) {
            static const long rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
            size_t k;
            rc = fail(err, errlen, 400, "options.sample_rate: expected one of 8000, 11025, 12000, 16000, 22050, "
                                        "24000, 32000, 44100, 48000");
            for (k = 0; k < sizeof rates / sizeof *rates; k++)
                if (json_is_integer(v) && json_integer_value(v) == rates[k])
                    rc = want_int(&o, key, v, 8000, 48000);
        } else if (strcmp(key, "loudness") == 0) {
            if (json_is_false(v))
                json_object_set(o.out, key, v);
            else
                rc = want_number(&o, key, v, -70, -5);
            if (rc)
                rc = fail(err, errlen, 400, "options.loudness: expected false or a target from -70 to -5 LUFS");
        } else if (strcmp(key, "true_peak") == 0)
            rc = want_number(&o, key, v, -9, 0);
        else if (strcmp(key, "intro") == 0 || strcmp(key, "outro") == 0)
            rc = want_template(&o, key, v);
        else if (strcmp(key, "chime") == 0 || strcmp(key, "epub") == 0 || strcmp(key, "daisy") == 0 ||
                 strcmp(key, "html") == 0 || strcmp(key, "captions") == 0 || strcmp(key, "tables") == 0)
            rc = want_bool(&o, key, v);
        else if (strcmp(key, "rate") == 0)
            rc = want_number(&o, key, v, 0.5, 4);
        else if (strcmp(key, "wpm") == 0)
            rc = want_int(&o, key, v, 80, 1000);
        else if (strcmp(key, "acronyms") == 0)
            rc = want_enum(&o, key, v, acronyms);
        else if (strcmp(key, "code_blocks") == 0)
            rc = want_enum(&o, key, v, code_blocks);
        else if (strcmp(key, "narrator") == 0) {
            if (!json_is_string(v) || !name_ok(json_string_value(v)))
                rc = fail(err, errlen, 400, "options.narrator: expected a voice profile's name");
            else
                json_object_set(o.out, key, v);
        } else if (strcmp(key, "comment") == 0) {
            if (!json_is_string(v) || json_string_length(v) > 1000 ||
                strlen(json_string_value(v)) != json_string_length(v))
                rc = fail(err, errlen, 400, "options.comment: expected text of up to 1000 bytes");
            else
                json_object_set(o.out, key, v);
        } else
            rc = fail(err, errlen, 400, "options.%s: unknown option (see docs/api.md)", key);
        if (rc)
            return rc;
    }
    if (json_object_get(o.out, "rate") && json_object_get(o.out, "wpm"))
        return fail(err, errlen, 400, "options: give rate or wpm, not both");
    if (json_object_get(o.out, "vbr") && json_object_get(o.out, "bitrate"))
        return fail(err, errlen, 400, "options: give bitrate (constant) or vbr, not both");
    return 0;
}

static int blank(const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\n')
            return 0;
    return 1;
}

static int set_article(at_serve_req *r, at_input_format f, const char *s, size_t n, size_t max_input, char *err,
                       size_t errlen)
{
    if (n > max_input)
        return fail(err, errlen, 413, "the article is %zu bytes, over the limit of %zu (--max-input)", n, max_input);
    if (blank(s, n))
        return fail(err, errlen, 422, "the article is empty");
    r->format = f;
    r->article = malloc(n ? n : 1);
    if (!r->article)
        return fail(err, errlen, 503, "out of memory");
    memcpy(r->article, s, n);
    r->len = n;
    return 0;
}

/* A title given beside a text or Markdown article is its headline, read
 * first, unless the article opens with a headline of its own. */
static void headline(at_serve_req *r, const char *title)
{
    size_t tn, skip = 0;
    char *p;
    if (!title || r->format == AT_INPUT_HTML)
        return;
    while (skip < r->len && (r->article[skip] == '\n' || r->article[skip] == '\r' || r->article[skip] == ' '))
        skip++;
    tn = strlen(title);
    if (r->format == AT_INPUT_MARKDOWN && r->len - skip >= 1 &&
        (r->article[skip] == '#' || (r->len - skip >= 3 && memcmp(r->article + skip, "---", 3) == 0)))
        return;
    if (r->len - skip >= tn && memcmp(r->article + skip, title, tn) == 0 &&
        (r->len - skip == tn || r->article[skip + tn] == '\n' || r->article[skip + tn] == '\r'))
        return;
    p = malloc(r->len + tn + 4);
    if (!p)
        return;
    if (r->format == AT_INPUT_MARKDOWN) {
        memcpy(p, "# ", 2);
        memcpy(p + 2, title, tn);
        tn += 2;
    } else
        memcpy(p, title, tn);
    memcpy(p + tn, "\n\n", 2);
    memcpy(p + tn + 2, r->article, r->len);
    free(r->article);
    r->article = p;
    r->len += tn + 2;
}

static int parse_json(const char *body, size_t len, size_t max_input, at_serve_req *r, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je), *v;
    const char *key, *text_key = NULL;
    static const char *const meta_keys[] = {"title", "author", "date", "publication", "language", NULL};
    int rc = 0;
    size_t k;
    if (!root)
        return fail(err, errlen, 400, "the JSON body, line %d column %d: %s", je.line, je.column,
                    /* jansson names its own flag for a \u0000 */
                    strstr(je.text, "JSON_ALLOW_NUL") ? "a string holds \\u0000 (NUL), which articast does not take"
                                                      : je.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return fail(err, errlen, 400, "the JSON body: expected an object");
    }
    r->meta = json_object();
    json_object_foreach(root, key, v) {
        int known = 0;
        if (strcmp(key, "text") == 0 || strcmp(key, "html") == 0 || strcmp(key, "markdown") == 0) {
            if (text_key) {
                rc = fail(err, errlen, 400, "%s and %s: give the article once", text_key, key);
                break;
            }
            if (!json_is_string(v)) {
                rc = fail(err, errlen, 400, "%s: expected a string", key);
                break;
            }
            text_key = key;
            continue;
        }
        if (strcmp(key, "options") == 0)
            continue;
        if (strcmp(key, "cover") == 0) {
            /* the artwork, base64; the HTTP side decodes and checks it */
            if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > AT_SERVE_COVER_MAX / 3 * 4 + 8) {
                rc = fail(err, errlen, 400, "cover: expected a JPEG or PNG image in base64, up to %d bytes",
                          AT_SERVE_COVER_MAX);
                break;
            }
            json_object_set(r->meta, key, v);
            continue;
        }
        for (k = 0; meta_keys[k]; k++)
            if (strcmp(key, meta_keys[k]) == 0)
                known = 1;
        if (!known) {
            rc = fail(err, errlen, 400, "%s: unknown field (expected text, html or markdown, title, author, date, "
                                        "publication, language, cover, options)", key);
            break;
        }
        if (!json_is_string(v) || json_string_length(v) > 1000 || strlen(json_string_value(v)) != json_string_length(v)) {
            rc = fail(err, errlen, 400, "%s: expected text of up to 1000 bytes", key);
            break;
        }
        if (strcmp(key, "language") == 0 && !tag_ok(json_string_value(v))) {
            rc = fail(err, errlen, 400, "language: `%s` is not a BCP 47 language tag", json_string_value(v));
            break;
        }
        if (json_string_length(v))
            json_object_set(r->meta, key, v);
    }
    if (!rc && !text_key)
        rc = fail(err, errlen, 400, "the article is missing: give text, html or markdown");
    if (!rc) {
        json_t *t = json_object_get(root, text_key);
        at_input_format f = strcmp(text_key, "html") == 0       ? AT_INPUT_HTML
                            : strcmp(text_key, "markdown") == 0 ? AT_INPUT_MARKDOWN
                                                                : AT_INPUT_TEXT;
        rc = set_article(r, f, json_string_value(t), json_string_length(t), max_input, err, errlen);
        if (!rc)
            headline(r, json_string_value(json_object_get(r->meta, "title")));
        /* the headline is part of what the worker reads, under the same
         * limit: checked here, so it is a 413 now and not a failed job */
        if (!rc && r->len > max_input)
            rc = fail(err, errlen, 413, "the article with its title is %zu bytes, over the limit of %zu (--max-input)",
                      r->len, max_input);
    }
    if (!rc)
        rc = parse_options(json_object_get(root, "options"), r, err, errlen);
    json_decref(root);
    return rc;
}

int at__serve_parse(const char *ctype, const char *body, size_t len, size_t max_input, at_serve_req *r,
                    char *err, size_t errlen)
{
    int rc;
    memset(r, 0, sizeof *r);
    if (!ctype || !*ctype)
        rc = fail(err, errlen, 415, "Content-Type is missing: application/json, text/plain, text/markdown or text/html");
    else if (media_is(ctype, "application/json"))
        /* the JSON wraps the article: its limit is the article's, plus room
         * for the escapes and options */
        rc = len > max_input + max_input / 2 + 65536
                 ? fail(err, errlen, 413, "the body is %zu bytes, over the limit for an article of %zu (--max-input)",
                        len, max_input)
                 : parse_json(body, len, max_input, r, err, errlen);
    else {
        at_input_format f = media_is(ctype, "text/plain")              ? AT_INPUT_TEXT
                            : media_is(ctype, "text/markdown")         ? AT_INPUT_MARKDOWN
                            : media_is(ctype, "text/x-markdown")       ? AT_INPUT_MARKDOWN
                            : media_is(ctype, "text/html")             ? AT_INPUT_HTML
                            : media_is(ctype, "application/xhtml+xml") ? AT_INPUT_HTML
                                                                       : AT_INPUT_AUTO;
        if (f == AT_INPUT_AUTO)
            rc = fail(err, errlen, 415,
                      "Content-Type %.100s: expected application/json, text/plain, text/markdown or text/html", ctype);
        else if ((rc = set_article(r, f, body, len, max_input, err, errlen)) == 0) {
            r->meta = json_object();
            rc = parse_options(NULL, r, err, errlen);
        }
    }
    if (rc)
        at__serve_req_free(r);
    return rc;
}

void at__serve_req_free(at_serve_req *r)
{
    free(r->article);
    json_decref(r->meta);
    json_decref(r->options);
    memset(r, 0, sizeof *r);
}

json_t *at__serve_req_json(const at_serve_req *r)
{
    static const char *const names[] = {"auto", "text", "markdown", "html"};
    return json_pack("{s:s, s:O, s:O}", "format", names[r->format], "meta", r->meta, "options", r->options);
}
