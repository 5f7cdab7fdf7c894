/* The Markdown reader: CommonMark through libcmark, with YAML front matter
 * through libyaml.
 *
 *   ---                      front matter: title, author, date,
 *   title: ...               publication (or publisher, site), image,
 *   ---                      language
 *   # Headline               the first # heading (else the front matter
 *                            title); later #, ## and ### open sections
 *   > quoted                 a quotation
 *   - item / 1. item         list items
 *   ![alt](src "title")      a caption: the alt text and the title
 *   [text](url)              read as its text, never its URL
 *   ```code```               skipped, or announced (AT_CODE_ANNOUNCE)
 *
 * Block ranges come from cmark's source positions. Walks use cmark's
 * iterator, so nesting depth costs no C stack. */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <yaml.h>

#include "read.h"
#include "util.h"

#define CODE_NOTICE "A code sample is not read aloud."

typedef struct md {
    at_doc *d;
    at_section *sec;
    const at_read_options *opt;
    const char *buf;     /* the whole file */
    size_t len;
    size_t body;         /* where the Markdown starts, after front matter */
    size_t *lines;       /* byte offset of each line of the body */
    size_t nlines, cap;
    int headline, seen_body;
} md;

/* ---- Front matter ------------------------------------------------------- */

/* "---" on a line of its own at s[i]; returns the start of the next line,
 * or 0. "..." also closes YAML. */
static size_t fence_line(const char *s, size_t len, size_t i, int closing)
{
    size_t j = i + 3;
    if (len - i < 3 || (memcmp(s + i, "---", 3) != 0 && !(closing && memcmp(s + i, "...", 3) == 0)))
        return 0;
    while (j < len && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j < len && s[j] == '\r')
        j++;
    if (j < len && s[j] != '\n')
        return 0;
    return j < len ? j + 1 : j;
}

/* Front matter is read through libyaml's events, not its document
 * loader: the loader expands aliases (`&a [x, *a]` holds itself, and a
 * fan-out of aliases grows exponentially), and walking its tree took one C
 * frame per level. Here nesting is counted and refused past 64 levels,
 * an alias is expanded once at most and only when it names a scalar, and
 * names are gathered into one buffer as they come. */
#define FRONT_MAX_DEPTH 64

/* One open collection of a value being read. */
typedef struct yframe {
    int map;        /* a mapping (else a sequence) */
    int wanted;     /* sequence: its items are names; mapping: unused */
    int want_value; /* mapping: the value after the current key is a name ("name:") */
    int expect_key; /* mapping: the next scalar is a key */
} yframe;

/* An anchored scalar, for one expansion by an alias. */
typedef struct yanchor {
    char *name, *value;
    int used;
} yanchor;

typedef struct yread {
    at_doc *d;
    char *key;           /* the top-level key whose value is being read */
    at_buf names;        /* names gathered for it, joined by ", " */
    yframe stack[FRONT_MAX_DEPTH];
    int depth;           /* open collections inside the value */
    yanchor *anchors;
    size_t nanchors, cap;
} yread;

static void add_name(yread *y, const char *v)
{
    if (!v || !*v)
        return;
    if (y->names.n)
        at__buf_puts(&y->names, ", ");
    at__buf_puts(&y->names, v);
}

/* title -> d->meta.title, ...: a scalar value, or the names gathered from
 * a mapping (publisher: {name: ...}); author takes every name. */
static void front_value(at_doc *d, const char *k, const char *v, int from_collection)
{
    static const struct {
        const char *key;
        size_t field;
    } keys[] = {{"title", offsetof(at_doc_meta, title)},
                {"headline", offsetof(at_doc_meta, title)},
                {"date", offsetof(at_doc_meta, date)},
                {"published", offsetof(at_doc_meta, date)},
                {"publication", offsetof(at_doc_meta, publication)},
                {"publisher", offsetof(at_doc_meta, publication)},
                {"site", offsetof(at_doc_meta, publication)},
                {"site_name", offsetof(at_doc_meta, publication)},
                {"image", offsetof(at_doc_meta, image)},
                {"lang", offsetof(at_doc_meta, language)},
                {"language", offsetof(at_doc_meta, language)}};
    size_t i;
    if (!v || !*v)
        return;
    if (at__strcasecmp(k, "author") == 0 || at__strcasecmp(k, "authors") == 0) {
        at__doc_set_meta(&d->meta.author, v, strlen(v));
        return;
    }
    (void)from_collection;
    for (i = 0; i < sizeof keys / sizeof *keys; i++)
        if (at__strcasecmp(k, keys[i].key) == 0)
            at__doc_set_meta((char **)((char *)&d->meta + keys[i].field), v, strlen(v));
}

/* A scalar (or an expanded alias) where a value or item is read. */
static void on_scalar(yread *y, const char *v)
{
    yframe *f;
    if (!y->key)
        return;
    if (y->depth == 0) { /* key: scalar */
        front_value(y->d, y->key, v, 0);
        free(y->key);
        y->key = NULL;
        return;
    }
    f = &y->stack[y->depth - 1];
    if (f->map) {
        if (f->expect_key) {
            f->want_value = strcmp(v, "name") == 0;
            f->expect_key = 0;
            return;
        }
        if (f->want_value)
            add_name(y, v);
        f->expect_key = 1;
    } else if (f->wanted) {
        add_name(y, v);
    }
}

/* A collection opens where a value or item is read. */
static int on_open(yread *y, int map)
{
    yframe *f, *parent = y->depth ? &y->stack[y->depth - 1] : NULL;
    int wanted;
    if (y->depth >= FRONT_MAX_DEPTH)
        return 0;
    if (!parent)
        /* author: [...] gathers its items; publisher: {name: ...} its name */
        wanted = map || (at__strcasecmp(y->key, "author") == 0 || at__strcasecmp(y->key, "authors") == 0);
    else if (parent->map)
        wanted = !parent->expect_key && parent->want_value;
    else
        wanted = parent->wanted;
    if (parent && parent->map) {
        if (parent->expect_key)
            wanted = 0; /* a collection as a key: nothing to read */
        parent->expect_key = 1;
    }
    f = &y->stack[y->depth++];
    memset(f, 0, sizeof *f);
    f->map = map;
    f->wanted = wanted;
    f->expect_key = 1;
    /* a wanted mapping gives only its "name" */
    return 1;
}

static void on_close(yread *y)
{
    if (y->depth > 0)
        y->depth--;
    if (y->depth == 0 && y->key) {
        if (y->names.n)
            front_value(y->d, y->key, y->names.p, 1);
        y->names.n = 0;
        if (y->names.p)
            y->names.p[0] = '\0';
        free(y->key);
        y->key = NULL;
    }
}

/* The anchored scalar an alias names, once. */
static const char *expand_alias(yread *y, const char *anchor)
{
    size_t k;
    for (k = y->nanchors; k-- > 0;)
        if (strcmp(y->anchors[k].name, anchor) == 0) {
            if (y->anchors[k].used)
                return NULL;
            y->anchors[k].used = 1;
            return y->anchors[k].value;
        }
    return NULL;
}

/* Reads the front matter in s[a, b) into d->meta. Invalid YAML is a
 * warning: the article can still be read. Nesting past 64 levels is an
 * error naming the line. */
static at_status front_matter(at_doc *d, const char *s, size_t a, size_t b, const char *name, at_error *e)
{
    yaml_parser_t p;
    yaml_event_t ev;
    yread y;
    int level = 0, done = 0; /* level: 1 inside the root mapping */
    at_status st = AT_OK;
    size_t k;
    if (!yaml_parser_initialize(&p))
        return AT_OK;
    memset(&y, 0, sizeof y);
    y.d = d;
    yaml_parser_set_input_string(&p, (const unsigned char *)s + a, b - a);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            at__doc_warn(d, "%s:%zu: the front matter is not valid YAML (%s); it was ignored", name,
                         p.problem_mark.line + 2, p.problem ? p.problem : "syntax error");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            done = 1;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (level == 0) {
                if (ev.type == YAML_SEQUENCE_START_EVENT) {
                    at__doc_warn(d, "%s: the front matter is not a YAML mapping of keys to values; it was ignored",
                                 name);
                    done = 1;
                }
                level = 1;
            } else if (!y.key) {
                /* a collection as a top-level key: skip it like a value */
                y.key = at__xstrdup("");
                if (!on_open(&y, ev.type == YAML_MAPPING_START_EVENT))
                    goto deep;
            } else if (!on_open(&y, ev.type == YAML_MAPPING_START_EVENT)) {
                goto deep;
            }
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (y.depth > 0)
                on_close(&y);
            else
                done = 1; /* the root mapping closes */
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            if (level == 0) {
                at__doc_warn(d, "%s: the front matter is not a YAML mapping of keys to values; it was ignored", name);
                done = 1;
                break;
            }
            if (ev.data.scalar.anchor) {
                yanchor *an = AT_PUSH(y.anchors, y.nanchors, y.cap);
                an->name = at__xstrdup((const char *)ev.data.scalar.anchor);
                an->value = at__xstrdup(v);
                an->used = 0;
            }
            if (!y.key && y.depth == 0)
                y.key = at__xstrdup(v);
            else
                on_scalar(&y, v);
            break;
        }
        case YAML_ALIAS_EVENT: {
            const char *v = expand_alias(&y, (const char *)ev.data.alias.anchor);
            if (!y.key && y.depth == 0)
                y.key = at__xstrdup(v ? v : "");
            else
                on_scalar(&y, v ? v : "");
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
        continue;
    deep:
        st = at__err(e, AT_EINPUT, "%s:%zu: the front matter nests more than %d levels deep; this is no article's "
                     "metadata", name, ev.start_mark.line + 2, FRONT_MAX_DEPTH);
        yaml_event_delete(&ev);
        break;
    }
    free(y.key);
    at__buf_free(&y.names);
    for (k = 0; k < y.nanchors; k++) {
        free(y.anchors[k].name);
        free(y.anchors[k].value);
    }
    free(y.anchors);
    yaml_parser_delete(&p);
    return st;
}

/* ---- Source positions --------------------------------------------------- */

/* Line starts as cmark counts lines: after "\n", "\r\n" or a lone "\r". */
static void index_lines(md *m, size_t len)
{
    size_t i;
    m->len = len;
    *AT_PUSH(m->lines, m->nlines, m->cap) = m->body;
    for (i = m->body; i < len; i++) {
        if (m->buf[i] == '\r' && i + 1 < len && m->buf[i + 1] == '\n')
            i++;
        if (m->buf[i] == '\n' || m->buf[i] == '\r')
            *AT_PUSH(m->lines, m->nlines, m->cap) = i + 1;
    }
}

/* cmark's line and column (1-based, in bytes) -> a byte offset in the
 * file. */
static size_t offset(const md *m, int line, int col)
{
    size_t l = line > 0 ? (size_t)line - 1 : 0;
    if (l >= m->nlines)
        l = m->nlines - 1;
    return m->lines[l] + (col > 0 ? (size_t)col - 1 : 0);
}

static void range(const md *m, cmark_node *n, size_t *a, size_t *b)
{
    *a = offset(m, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
    *b = offset(m, cmark_node_get_end_line(n), cmark_node_get_end_column(n)) + 1;
    if (*a > m->len)
        *a = m->len;
    if (*b > m->len)
        *b = m->len;
    if (*b < *a)
        *b = *a;
}

/* ---- Blocks ------------------------------------------------------------- */

/* The alt text of an image: every text under it. */
static void alt_text(cmark_node *img, at_buf *b)
{
    cmark_iter *it = cmark_iter_new(img);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER &&
            (cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE))
            at__buf_puts(b, cmark_node_get_literal(n));
    }
    cmark_iter_free(it);
}

/* Inline text of `top`: text, code spans and link text; line breaks as
 * spaces; images left out but their alt text and title gathered into
 * `captions`, one per line. */
static void inline_text(cmark_node *top, at_buf *out, at_buf *captions)
{
    cmark_iter *it = cmark_iter_new(top);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
            at__buf_puts(out, cmark_node_get_literal(n));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            at__buf_putc(out, ' ');
        else if (t == CMARK_NODE_IMAGE) {
            const char *title = cmark_node_get_title(n);
            alt_text(n, captions);
            if (title && *title) {
                at__buf_putc(captions, ' ');
                at__buf_puts(captions, title);
            }
            at__buf_putc(captions, '\n');
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        }
    }
    cmark_iter_free(it);
}

/* True when `text` is the source bytes s[0, len), line breaks read as
 * spaces. */
static int same_text(const char *s, const char *text, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] != text[i] && !(text[i] == ' ' && (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')))
            return 0;
    return 1;
}

/* Adds a block: aligned when the text is the source bytes. */
static void add(md *m, cmark_node *n, at_block_kind kind, const char *text, size_t len)
{
    size_t a, b;
    range(m, n, &a, &b);
    at__doc_add_block(m->sec, kind, text, len, a, b, b - a == len && same_text(m->buf + a, text, len));
    if (kind != AT_BLOCK_BOILERPLATE && kind != AT_BLOCK_CAPTION)
        m->seen_body = 1;
}

/* The kind of a paragraph from its container: a block quote, a list
 * item, or the body; then the plain-text rules for boilerplate and
 * photo credits. */
static at_block_kind paragraph_kind(cmark_node *n, const char *t, size_t len)
{
    cmark_node *p;
    if (at__is_boilerplate(t, len))
        return AT_BLOCK_BOILERPLATE;
    for (p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
        if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
            return AT_BLOCK_QUOTE;
        if (cmark_node_get_type(p) == CMARK_NODE_ITEM)
            return AT_BLOCK_LIST_ITEM;
    }
    return at__is_caption(t, len) ? AT_BLOCK_CAPTION : AT_BLOCK_PARAGRAPH;
}

/* The bytes of a paragraph's text `t` that its opening **strong** run
 * covers; 0 when it opens in plain text. */
static size_t bold_opening(cmark_node *n, const char *t, size_t len)
{
    cmark_node *c = cmark_node_first_child(n);
    at_buf raw = {0}, caps = {0};
    size_t blen = 0, out = 0;
    char *bt;
    if (!c || cmark_node_get_type(c) != CMARK_NODE_STRONG)
        return 0;
    inline_text(c, &raw, &caps);
    bt = at__collapse_space(raw.p ? raw.p : "", raw.n, &blen);
    if (blen <= len && memcmp(bt, t, blen) == 0)
        out = blen;
    free(bt);
    at__buf_free(&raw);
    at__buf_free(&caps);
    return out;
}

/* A paragraph (or h4-h6): its text as a block, and each image in it as a
 * caption after it. A "By ..." line before the body is the byline. */
static void paragraph(md *m, cmark_node *n)
{
    at_buf raw = {0}, caps = {0};
    size_t len, by, i = 0;
    char *t;
    inline_text(n, &raw, &caps);
    t = at__collapse_space(raw.p ? raw.p : "", raw.n, &len);
    if (len && !m->seen_body && (by = at__byline_name(t, len)) > 0)
        at__doc_set_meta(&m->d->meta.author, t + by, len - by);
    else if (len) {
        add(m, n, paragraph_kind(n, t, len), t, len);
        m->sec->blocks[m->sec->nblocks - 1].bold = bold_opening(n, t, len);
    }
    free(t);
    while (caps.p && i < caps.n) {
        char *nl = memchr(caps.p + i, '\n', caps.n - i);
        size_t e = nl ? (size_t)(nl - caps.p) : caps.n;
        t = at__collapse_space(caps.p + i, e - i, &len);
        if (len)
            add(m, n, AT_BLOCK_CAPTION, t, len);
        free(t);
        i = e + 1;
    }
    at__buf_free(&raw);
    at__buf_free(&caps);
}

/* # -> the headline the first time (before any body), else a section;
 * ## and ### -> sections; #### and deeper -> paragraphs. */
static void heading(md *m, cmark_node *n)
{
    at_buf raw = {0}, caps = {0};
    size_t len, a, b;
    char *t;
    int level = cmark_node_get_heading_level(n);
    if (level > 3) {
        paragraph(m, n);
        return;
    }
    inline_text(n, &raw, &caps);
    t = at__collapse_space(raw.p ? raw.p : "", raw.n, &len);
    at__buf_free(&raw);
    at__buf_free(&caps);
    range(m, n, &a, &b);
    if (len == 0) {
        free(t);
    } else if (level == 1 && !m->headline && !m->seen_body) {
        free(m->d->sections[0].title);
        m->d->sections[0].title = t;
        m->d->sections[0].title_start = m->d->title_start = a;
        m->d->sections[0].title_end = m->d->title_end = b;
        m->headline = 1;
    } else {
        m->sec = at__doc_add_section(m->d, NULL, 0, a, b);
        m->sec->title = t;
    }
}

static void walk(md *m, cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_HEADING) {
            heading(m, n);
        } else if (t == CMARK_NODE_PARAGRAPH) {
            paragraph(m, n);
        } else if (t == CMARK_NODE_CODE_BLOCK) {
            if (m->opt && m->opt->code_blocks == AT_CODE_ANNOUNCE)
                add(m, n, AT_BLOCK_PARAGRAPH, CODE_NOTICE, strlen(CODE_NOTICE));
        } else {
            continue;
        }
        /* the block's inlines are read: go on after it */
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    }
    cmark_iter_free(it);
}

at_status at__doc_read_markdown(const char *buf, size_t len, const char *name, const at_read_options *opt,
                                at_doc **out, at_error *e)
{
    md m;
    cmark_node *root;
    size_t start = 0, i, close = 0;
    at_status st;
    memset(&m, 0, sizeof m);
    if ((i = at__utf8_check(buf, len)) < len)
        return at__err(e, AT_EINPUT, "%s: byte %zu: invalid UTF-8; convert the file to UTF-8", name, i);
    m.d = at__doc_new();
    m.opt = opt;
    m.buf = buf;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    if ((i = fence_line(buf, len, start, 0)) > 0) {
        size_t j = i;
        while (j < len && !(close = fence_line(buf, len, j, 1))) {
            const char *nl = memchr(buf + j, '\n', len - j);
            j = nl ? (size_t)(nl - buf) + 1 : len;
        }
        if (close) {
            if ((st = front_matter(m.d, buf, i, j, name, e)) != AT_OK) {
                at__doc_free(m.d);
                return st;
            }
            start = close;
        }
    }
    m.body = start;
    index_lines(&m, len);
    m.sec = at__doc_add_section(m.d, NULL, 0, 0, 0);
    root = cmark_parse_document(buf + start, len - start, CMARK_OPT_DEFAULT);
    walk(&m, root);
    cmark_node_free(root);
    free(m.lines);
    if ((st = at__doc_finish(m.d, name, e)) != AT_OK) {
        at__doc_free(m.d);
        return st;
    }
    *out = m.d;
    return AT_OK;
}
