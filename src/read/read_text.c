/* The plain-text reader: the way news articles arrive as text.
 *
 * The file is cut into units: runs of non-blank lines (or single lines when
 * the article puts one paragraph per line with no blank lines between).
 * Then each unit is classified by the rules below, in order. */
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

#define DEFAULT_MAX_INPUT (50u * 1024u * 1024u)
#define HEADING_MAX_BYTES 120
#define HEADING_MAX_WORDS 14
#define SHORT_UNIT_BYTES 300

typedef struct unit {
    size_t start, end;  /* byte range, trimmed of surrounding white space */
    size_t nlines;
} unit;

typedef struct units {
    unit *v;
    size_t n, cap;
} units;

static int is_blank(const char *s, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!at__is_space((unsigned char)s[a]))
            return 0;
    return 1;
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && at__is_space((unsigned char)s[*a]))
        (*a)++;
    while (*b > *a && at__is_space((unsigned char)s[*b - 1]))
        (*b)--;
    /* A no-break space (U+00A0) is white space here too. */
    while (*b >= *a + 2 && (unsigned char)s[*b - 2] == 0xC2 && (unsigned char)s[*b - 1] == 0xA0)
        *b -= 2;
}

/* Finds the end of the line starting at `i`: returns the index of the line
 * break (or len) and stores the start of the next line in *next. */
static size_t line_end(const char *s, size_t len, size_t i, size_t *next)
{
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
        *next = i + 2;
    else
        *next = i < len ? i + 1 : len;
    return i;
}

/* Units are runs of non-blank lines. The first non-blank line (the title)
 * is always a unit of its own. */
static void cut_units(const char *s, size_t len, size_t from, units *u, size_t *nlines_total)
{
    size_t i = from, next;
    int in_unit = 0, first = 1;
    unit *cur = NULL;
    *nlines_total = 0;
    while (i < len) {
        size_t e = line_end(s, len, i, &next);
        if (is_blank(s, i, e)) {
            in_unit = 0;
        } else {
            size_t a = i, b = e;
            trim(s, &a, &b);
            (*nlines_total)++;
            if (!in_unit) {
                cur = AT_PUSH(u->v, u->n, u->cap);
                cur->start = a;
                cur->nlines = 0;
            }
            cur->end = b;
            cur->nlines++;
            in_unit = !first;
            first = 0;
        }
        i = next;
    }
}

/* An article with one paragraph per line and no blank lines arrives as a
 * single multi-line unit after the title: split it back into lines. */
static void split_lines_if_needed(const char *s, size_t len, units *u)
{
    units out = {0};
    size_t k;
    if (u->n != 2 || u->v[1].nlines < 3) {
        return;
    }
    for (k = 0; k < u->n; k++) {
        size_t i = u->v[k].start, next;
        if (k == 0) {
            *AT_PUSH(out.v, out.n, out.cap) = u->v[0];
            continue;
        }
        while (i < u->v[k].end) {
            size_t e = line_end(s, len, i, &next), a = i, b = e;
            if (b > u->v[k].end)
                b = u->v[k].end;
            trim(s, &a, &b);
            if (b > a) {
                unit *n = AT_PUSH(out.v, out.n, out.cap);
                n->start = a;
                n->end = b;
                n->nlines = 1;
            }
            i = next;
        }
    }
    free(u->v);
    *u = out;
}

/* Case-insensitive search for `needle` in s[a, b). */
static int contains(const char *s, size_t a, size_t b, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = a; i + n <= b; i++)
        if (at__strncasecmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

static int starts_with(const char *s, size_t a, size_t b, const char *p)
{
    size_t n = strlen(p);
    return b - a >= n && at__strncasecmp(s + a, p, n) == 0;
}

/* caption -> "... Photo Credit: ...", "Photo: ...", "(Photo by ...)" in a
 * short unit. */
static int is_caption(const char *s, const unit *u)
{
    if (u->end - u->start > SHORT_UNIT_BYTES)
        return 0;
    return contains(s, u->start, u->end, "photo credit") ||
           contains(s, u->start, u->end, "image credit") ||
           contains(s, u->start, u->end, "photo courtesy") ||
           contains(s, u->start, u->end, "photo by ") ||
           starts_with(s, u->start, u->end, "photo:") ||
           contains(s, u->start, u->end, "(photo:") ||
           contains(s, u->start, u->end, "photo: ");
}

/* boilerplate -> promotional footers: "Sign up...", "subscribe to our...",
 * "Get The ... stories...", "Follow us on ...", "Share this ...". */
static int is_boilerplate(const char *s, const unit *u)
{
    size_t a = u->start, b = u->end;
    if (b - a > SHORT_UNIT_BYTES)
        return 0;
    if (starts_with(s, a, b, "sign up") || starts_with(s, a, b, "subscribe") ||
        starts_with(s, a, b, "follow us") || starts_with(s, a, b, "share this") ||
        starts_with(s, a, b, "click here") || starts_with(s, a, b, "download our app") ||
        contains(s, a, b, "subscribe to our") || contains(s, a, b, "sign up for our") ||
        contains(s, a, b, "sign up via") || contains(s, a, b, "newsletter"))
        return 1;
    return starts_with(s, a, b, "get the ") && contains(s, a, b, "stories");
}

/* True when the last character of the unit is end punctuation, or a closing
 * quote mark (a lone quotation paragraph is body text). */
static int ends_with_punct(const char *s, const unit *u)
{
    static const char *const closers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "\xE2\x80\xA6"};
    unsigned char c = (unsigned char)s[u->end - 1];
    size_t k;
    if (strchr(".!?:;,\"')", c))
        return 1;
    for (k = 0; k < sizeof closers / sizeof *closers; k++) {
        size_t n = strlen(closers[k]);
        if (u->end - u->start >= n && memcmp(s + u->end - n, closers[k], n) == 0)
            return 1;
    }
    return 0;
}

static int opens_with_quote(const char *s, const unit *u)
{
    unsigned char c = (unsigned char)s[u->start];
    return c == '"' || c == '\'' || starts_with(s, u->start, u->end, "\xE2\x80\x9C") ||
           starts_with(s, u->start, u->end, "\xC2\xAB");
}

static size_t count_words(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    int in = 0;
    for (; a < b; a++) {
        int sp = at__is_space((unsigned char)s[a]);
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

/* heading -> a single short line without end punctuation, standing alone
 * between paragraphs. */
static int is_heading(const char *s, const units *u, size_t k)
{
    const unit *x = &u->v[k];
    if (k + 1 >= u->n || x->nlines != 1)
        return 0;
    if (x->end - x->start > HEADING_MAX_BYTES || count_words(s, x->start, x->end) > HEADING_MAX_WORDS)
        return 0;
    if (ends_with_punct(s, x) || opens_with_quote(s, x))
        return 0;
    return 1;
}

/* byline -> "By Jane Doe" or "By Jane Doe, Staff Writer", near the top. */
static int is_byline(const char *s, const unit *u, size_t k)
{
    return k <= 2 && u->nlines == 1 && u->end - u->start < 100 &&
           starts_with(s, u->start, u->end, "by ") && at__is_upper((unsigned char)s[u->start + 3]);
}

/* dateline -> an all-caps place name, optionally with a wire-service tag,
 * then a dash: "ASTANA —", "LONDON (Reuters) -". Returns the length of the
 * place name, or 0. */
static size_t dateline_len(const char *s, size_t a, size_t b, size_t *dash_end)
{
    size_t i = a, name_end;
    int letters = 0;
    while (i < b && (at__is_upper((unsigned char)s[i]) || s[i] == ' ' || s[i] == ',' || s[i] == '.' ||
                     s[i] == '-' || s[i] == '\'')) {
        if (at__is_upper((unsigned char)s[i]))
            letters++;
        i++;
    }
    name_end = i;
    while (name_end > a && s[name_end - 1] == ' ')
        name_end--;
    if (letters < 2)
        return 0;
    if (i < b && s[i] == '(') { /* (Reuters) */
        while (i < b && s[i] != ')')
            i++;
        if (i < b)
            i++;
        while (i < b && s[i] == ' ')
            i++;
    }
    if (starts_with(s, i, b, "\xE2\x80\x94") || starts_with(s, i, b, "\xE2\x80\x93"))
        i += 3;
    else if (i < b && s[i] == '-' && i + 1 < b && s[i + 1] == ' ')
        i += 1;
    else
        return 0;
    *dash_end = i;
    return name_end - a;
}

static at_section *add_section(at_doc *d, const char *s, size_t a, size_t b)
{
    at_section *sec = AT_PUSH(d->sections, d->nsections, d->cap);
    memset(sec, 0, sizeof *sec);
    sec->title = at__xstrndup(s + a, b - a);
    sec->title_start = a;
    sec->title_end = b;
    return sec;
}

/* Copies s[a, b) with line breaks and tabs turned into spaces, so the text
 * stays byte-aligned with the source. */
static char *flatten(const char *s, size_t a, size_t b)
{
    char *t = at__xstrndup(s + a, b - a);
    size_t i;
    for (i = 0; i < b - a; i++)
        if (t[i] == '\n' || t[i] == '\r' || t[i] == '\t')
            t[i] = ' ';
    return t;
}

static at_block *add_block(at_section *sec, at_block_kind kind, const char *s, size_t a, size_t b)
{
    at_block *bl = AT_PUSH(sec->blocks, sec->nblocks, sec->cap);
    memset(bl, 0, sizeof *bl);
    bl->kind = kind;
    bl->text = flatten(s, a, b);
    bl->len = b - a;
    bl->src_start = a;
    bl->src_end = b;
    return bl;
}

static at_status check_text(const char *buf, size_t len, const char *name, at_error *e)
{
    size_t bad, i, line = 1, col = 1;
    if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                     ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)))
        return at__err(e, AT_EINPUT, "%s: the file is UTF-16; save it as UTF-8", name);
    if (memchr(buf, '\0', len)) {
        size_t at = (size_t)((const char *)memchr(buf, '\0', len) - buf);
        return at__err(e, AT_EINPUT, "%s: byte %zu: NUL byte: this is binary data, not an article", name, at);
    }
    bad = at__utf8_check(buf, len);
    if (bad < len) {
        for (i = 0; i < bad; i++) {
            if (buf[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return at__err(e, AT_EINPUT, "%s:%zu:%zu: invalid UTF-8 (byte %zu); convert the file to UTF-8",
                       name, line, col, bad);
    }
    return AT_OK;
}

at_status at__doc_read_text(const char *buf, size_t len, const char *name, at_doc **out, at_error *e)
{
    units u = {0};
    size_t k, from = 0, nlines;
    at_doc *d;
    at_section *sec = NULL;
    at_status st;
    int body_seen = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        from = 3;
    if ((st = check_text(buf, len, name, e)) != AT_OK)
        return st;
    cut_units(buf, len, from, &u, &nlines);
    split_lines_if_needed(buf, len, &u);
    if (u.n == 0) {
        free(u.v);
        return at__err(e, AT_EINPUT, "%s: the article is empty", name);
    }

    d = at__xcalloc(1, sizeof *d);
    d->meta.language = at__xstrdup("en");
    d->meta.title = at__xstrndup(buf + u.v[0].start, u.v[0].end - u.v[0].start);
    d->title_start = u.v[0].start;
    d->title_end = u.v[0].end;
    sec = add_section(d, buf, u.v[0].start, u.v[0].end);

    for (k = 1; k < u.n; k++) {
        const unit *x = &u.v[k];
        size_t dash_end = 0, dl;
        at_block *bl;
        if (!body_seen && is_byline(buf, x, k)) {
            free(d->meta.author);
            d->meta.author = at__xstrndup(buf + x->start + 3, x->end - x->start - 3);
            continue;
        }
        if (is_boilerplate(buf, x)) {
            add_block(sec, AT_BLOCK_BOILERPLATE, buf, x->start, x->end);
            continue;
        }
        if (is_caption(buf, x)) {
            add_block(sec, AT_BLOCK_CAPTION, buf, x->start, x->end);
            continue;
        }
        if (body_seen && is_heading(buf, &u, k)) {
            sec = add_section(d, buf, x->start, x->end);
            continue;
        }
        bl = add_block(sec, AT_BLOCK_PARAGRAPH, buf, x->start, x->end);
        if (!body_seen && (dl = dateline_len(buf, x->start, x->end, &dash_end)) > 0) {
            d->meta.dateline = at__xstrndup(buf + x->start, dl);
            bl->dateline_end = dl;
        }
        body_seen = 1;
    }
    free(u.v);
    if (!body_seen) {
        at__doc_free(d);
        return at__err(e, AT_EINPUT, "%s: no article text after the title", name);
    }
    *out = d;
    return AT_OK;
}

at_status at__doc_read_file(const char *path, const at_read_options *opt, at_doc **out, at_error *e)
{
    char *buf;
    size_t len, max = opt && opt->max_input ? opt->max_input : DEFAULT_MAX_INPUT;
    at_status st = at__read_file(path, max, &buf, &len, e);
    if (st != AT_OK)
        return st;
    st = at__doc_read_text(buf, len, strcmp(path, "-") == 0 ? "<stdin>" : path, out, e);
    free(buf);
    return st;
}
