/* The plain-text reader: the way news articles arrive as text.
 *
 * The file is cut into units: runs of non-blank lines (or single lines when
 * the article puts one paragraph per line with no blank lines between).
 * Then each unit is classified by the rules below, in order. */
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

#define HEADING_MAX_BYTES 120
#define HEADING_MAX_WORDS 14

typedef struct unit {
    size_t start, end;  /* byte range, trimmed of surrounding white space */
    size_t nlines;
    int list;           /* a list item; the range starts after its marker */
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

/* list item -> "- ", "* ", "+ ", "• " or "1. ", "12) " at the start of a
 * line. Returns the length of the marker and the spaces after it, or 0. */
static size_t list_marker(const char *s, size_t a, size_t b)
{
    size_t i = a;
    if (b - a >= 2 && strchr("-*+", s[a]) && s[a + 1] == ' ')
        i = a + 1;
    else if (b - a >= 4 && memcmp(s + a, "\xE2\x80\xA2", 3) == 0 && s[a + 3] == ' ')
        i = a + 3;
    else {
        while (i < b && i - a < 3 && at__is_digit((unsigned char)s[i]))
            i++;
        if (i == a || i + 1 >= b || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ')
            return 0;
        i++;
    }
    while (i < b && s[i] == ' ')
        i++;
    return i < b ? i - a : 0;
}

/* Units are runs of non-blank lines. The first non-blank line (the title)
 * is always a unit of its own, and a line opening with a list marker
 * starts a unit of its own. */
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
            size_t a = i, b = e, m;
            trim(s, &a, &b);
            (*nlines_total)++;
            m = first ? 0 : list_marker(s, a, b);
            if (!in_unit || m > 0) {
                cur = AT_PUSH(u->v, u->n, u->cap);
                cur->start = a + m;
                cur->nlines = 0;
                cur->list = m > 0;
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
    if (u->n != 2 || u->v[1].nlines < 3 || u->v[1].list) {
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
                n->list = 0;
            }
            i = next;
        }
    }
    free(u->v);
    *u = out;
}

/* Case-insensitive: does s[a, b) start with `p`? */
static int starts_with(const char *s, size_t a, size_t b, const char *p)
{
    return at__starts_ci(s, a, b, p);
}

/* editor's note -> "Editor's note: ...", "Editors’ note ...",
 * "Correction: ...", "Clarification: ...". */
static int is_note(const char *s, const unit *u)
{
    static const char *const openers[] = {"editor's note", "editor\xE2\x80\x99s note", "editors' note",
                                          "editors\xE2\x80\x99 note", "editor note", "ed. note",
                                          "correction:", "clarification:", NULL};
    const char *const *o;
    for (o = openers; *o; o++)
        if (starts_with(s, u->start, u->end, *o))
            return 1;
    return 0;
}

/* True when the last character of the unit is end punctuation, or a closing
 * quote mark (a lone quotation paragraph is body text); German closes with
 * “ ‘ and, in »Q«, with «. */
static int ends_with_punct(const char *s, const unit *u)
{
    static const char *const closers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "\xE2\x80\xA6",
                                          "\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB"};
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
           starts_with(s, u->start, u->end, "\xE2\x80\x98") || starts_with(s, u->start, u->end, "\xE2\x80\x9E") ||
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
    if (k + 1 >= u->n || x->nlines != 1 || x->list)
        return 0;
    if (x->end - x->start > HEADING_MAX_BYTES || count_words(s, x->start, x->end) > HEADING_MAX_WORDS)
        return 0;
    if (ends_with_punct(s, x) || opens_with_quote(s, x))
        return 0;
    return 1;
}

/* The name alone: "Jane Doe, Staff Writer" and "Jane Doe | Reuters" give
 * "Jane Doe". */
static size_t byline_name_end(const char *s, size_t a, size_t b)
{
    size_t i;
    for (i = a; i < b; i++)
        if (s[i] == ',' || s[i] == '|' || starts_with(s, i, b, " \xE2\x80\x94") || starts_with(s, i, b, " - "))
            break;
    while (i > a && s[i - 1] == ' ')
        i--;
    return i;
}

/* A byline stands on a line of its own: near the top it names the
 * author; anywhere it is metadata, never a heading or a paragraph. */
static int is_byline(const char *s, const unit *u)
{
    return u->nlines == 1 && at__byline_name(s + u->start, u->end - u->start) > 0;
}

/* all-caps headline -> title case, keeping the words the article itself
 * writes in capitals (acronyms: "WHO"). Same length as the source. */
static int all_caps(const char *s, size_t a, size_t b)
{
    int upper = 0;
    for (; a < b; a++) {
        if (at__is_lower((unsigned char)s[a]))
            return 0;
        upper += at__is_upper((unsigned char)s[a]);
    }
    return upper >= 4;
}

static int caps_word_in(const char *s, size_t len, const char *w, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(s + i, w, n) == 0 && (i == 0 || !at__is_alpha((unsigned char)s[i - 1])) &&
            (i + n == len || !at__is_alpha((unsigned char)s[i + n])) &&
            (i + n + 1 >= len || !at__is_upper((unsigned char)s[i + n + 1])) &&
            (i < 2 || !at__is_upper((unsigned char)s[i - 2])))
            return 1;
    return 0;
}

static char *soften_caps(const char *s, size_t a, size_t b, const char *body, size_t blen)
{
    char *t = at__xstrndup(s + a, b - a);
    size_t i = 0, n = b - a;
    while (i < n) {
        size_t j = i;
        while (j < n && at__is_alpha((unsigned char)t[j]))
            j++;
        if (j - i > 1 && !caps_word_in(body, blen, t + i, j - i)) {
            size_t k;
            for (k = i + 1; k < j; k++)
                t[k] = (char)at__to_lower((unsigned char)t[k]);
        }
        i = j > i ? j : i + 1;
    }
    return t;
}

static at_section *add_section(at_doc *d, const char *s, size_t a, size_t b, size_t len)
{
    at_section *sec = at__doc_add_section(d, NULL, 0, a, b);
    sec->title = all_caps(s, a, b) ? soften_caps(s, a, b, s + b, len - b) : at__xstrndup(s + a, b - a);
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
    at_block *bl = at__doc_add_block(sec, kind, "", 0, a, b, 1);
    free(bl->text);
    bl->text = flatten(s, a, b);
    bl->len = b - a;
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

/* Classifies unit k of the body and adds it to the doc. Rules in order:
 * byline (the author when before the body; left out anywhere), date line
 * (the date when it is the first; left out anywhere), boilerplate,
 * caption, editor's note, list item, heading (after the body starts),
 * paragraph (the first one may open with a dateline). */
static void add_unit(at_doc *d, at_section **sec, const char *buf, size_t len, const units *u, size_t k,
                     int *body_seen)
{
    const unit *x = &u->v[k];
    const char *t = buf + x->start;
    size_t n = x->end - x->start, dl, by;
    at_block *bl;
    if (is_byline(buf, x)) {
        if (!*body_seen && !d->meta.author) {
            by = at__byline_name(t, n);
            d->meta.author = at__xstrndup(t + by, byline_name_end(t, by, n) - by);
        }
        return;
    }
    if (x->nlines == 1 && at__is_date_line(t, n)) {
        char *line = at__xstrndup(t, n);
        if (!d->meta.date)
            d->meta.date = at__date_iso(line); /* a date; not a time alone */
        free(line);
        return;
    }
    if (at__is_boilerplate(t, n)) {
        add_block(*sec, AT_BLOCK_BOILERPLATE, buf, x->start, x->end);
        return;
    }
    if (at__is_caption(t, n)) {
        add_block(*sec, AT_BLOCK_CAPTION, buf, x->start, x->end);
        return;
    }
    if (is_note(buf, x)) {
        add_block(*sec, AT_BLOCK_NOTE, buf, x->start, x->end);
        return;
    }
    if (x->list) {
        add_block(*sec, AT_BLOCK_LIST_ITEM, buf, x->start, x->end);
        *body_seen = 1;
        return;
    }
    if (*body_seen && is_heading(buf, u, k)) {
        *sec = add_section(d, buf, x->start, x->end, len);
        return;
    }
    bl = add_block(*sec, AT_BLOCK_PARAGRAPH, buf, x->start, x->end);
    if (!*body_seen && (dl = at__block_dateline(bl)) > 0)
        d->meta.dateline = at__xstrndup(t, dl);
    *body_seen = 1;
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

    d = at__doc_new();
    d->meta.language = at__xstrdup("en");
    d->meta.language_source = "default"; /* plain text names no language */
    d->title_start = u.v[0].start;
    d->title_end = u.v[0].end;
    sec = add_section(d, buf, u.v[0].start, u.v[0].end, len);
    d->meta.title = at__xstrdup(sec->title);

    for (k = 1; k < u.n; k++)
        add_unit(d, &sec, buf, len, &u, k, &body_seen);
    free(u.v);
    if (!body_seen) {
        at__doc_free(d);
        return at__err(e, AT_EINPUT, "%s: no article text after the title", name);
    }
    *out = d;
    return AT_OK;
}
