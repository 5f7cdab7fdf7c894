/* The HTML reader's second half: find the article body, then walk it in
 * document order, without recursion, turning elements into sections and
 * blocks:
 *   h1 -> the headline (later h1s, h2, h3 -> section titles)
 *   p, h4-h6, dt, dd, text between blocks -> paragraphs
 *   li -> list items; blockquote -> quotations; figcaption -> captions
 *   table -> one paragraph per row (or nothing, with skip_tables)
 *   pre -> nothing, or a notice (AT_CODE_ANNOUNCE)
 * and skipping furniture: nav, aside, forms, scripts, header and footer
 * outside the article, and anything whose class or id says share, related,
 * comments, cookie, newsletter, promo, advert... */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Context of the walk, one entry per open element. */
enum { F_QUOTE = 1, F_FOOTER = 2, F_LI = 4, F_ARTICLE = 8, F_HEADER = 16 };

typedef struct walker {
    at_doc *d;
    at_section *sec;
    const at_read_options *opt;
    const at__html_parse *ps;
    int headline; /* section 0 has its title from an <h1> */
    int body;     /* a readable block was added */
    int furniture_section; /* under a heading such as "Related stories" */
    char *byline; /* the visible byline's name: the author when the metadata names none */
    const unsigned char *drop; /* furniture inside the article (html_body.c) */
    unsigned *flags;
    size_t depth, cap;
} walker;

static const char *const byline_hints[] = {"byline", "author", NULL};
static const char *const date_hints[] = {"timestamp", "published", "pubdate", "post-date", "article-date",
                                         "entry-date", NULL};
static const char *const caption_hints[] = {"caption", "credit", NULL};
static const char *const headings[] = {"h1", "h2", "h3", NULL};
static const char *const paragraphs[] = {"p", "h4", "h5", "h6", "dt", "dd", "address", "figcaption", NULL};
static const char *const lists[] = {"ul", "ol", NULL};
static const char *const block_content[] = {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "blockquote",
                                            "section", NULL};

#define CODE_NOTICE "A code sample is not read aloud."

/* The text of `n`, white space collapsed, without what `drop` marks;
 * NULL when blank. */
static char *text_of(xmlNodePtr n, int no_lists, const unsigned char *drop, size_t *len)
{
    at_buf b = {0};
    char *t;
    at__html_collect(&b, n, no_lists, drop);
    t = at__collapse_space(b.p ? b.p : "", b.n, len);
    at__buf_free(&b);
    if (*len == 0) {
        free(t);
        return NULL;
    }
    return t;
}

/* True when some element under `top` is named in `names`. */
static int contains_tag(xmlNodePtr top, const char *const *names)
{
    xmlNodePtr n;
    for (n = top->children ? top->children : NULL; n; n = at__html_next(n, top, 1))
        if (at__html_in(n, names))
            return 1;
    return 0;
}

/* A block's range: the element's; narrowed to its content when the text
 * is exactly the bytes between the tags (then `aligned`). */
static void add_block(walker *w, xmlNodePtr n, at_block_kind kind, const char *text, size_t len)
{
    at__html_span s = at__html_span_of(w->ps, n);
    const char *buf = w->ps->buf;
    size_t a = s.start, b = s.end;
    int aligned = 0;
    while (a < b && buf[a] != '>')
        a++;
    while (b > a && buf[b - 1] != '<')
        b--;
    if (a < b && b - 1 - (a + 1) == len && memcmp(buf + a + 1, text, len) == 0) {
        s.start = a + 1;
        s.end = b - 1;
        aligned = 1;
    }
    at__doc_add_block(w->sec, kind, text, len, s.start, s.end, aligned);
    if (kind != AT_BLOCK_BOILERPLATE && kind != AT_BLOCK_CAPTION)
        w->body = 1;
}

/* The kind of a paragraph: its context first, then the plain-text rules
 * for boilerplate and photo credits. */
static at_block_kind paragraph_kind(const walker *w, const char *t, size_t len, at_block_kind base)
{
    unsigned f = w->flags[w->depth - 1];
    if ((f & F_FOOTER) || w->furniture_section || at__is_boilerplate(t, len))
        return AT_BLOCK_BOILERPLATE;
    if (base == AT_BLOCK_PARAGRAPH && (f & F_QUOTE))
        return AT_BLOCK_QUOTE;
    if (base == AT_BLOCK_PARAGRAPH && at__is_caption(t, len))
        return AT_BLOCK_CAPTION;
    return base;
}

static const char *const bold_tags[] = {"strong", "b", NULL};

/* The bytes of `t` (the collapsed text of the nodes n..last) that open in
 * bold: the text of the <strong> or <b> holding the first visible text,
 * when that text is where `t` begins; 0 when the paragraph opens in plain
 * text. */
static size_t bold_opening(const walker *w, xmlNodePtr n, xmlNodePtr last, const char *t, size_t len)
{
    xmlNodePtr x, y = NULL, b = NULL, p;
    char *bt;
    size_t blen = 0, out = 0;
    for (x = n; x && !y; x = x == last ? NULL : x->next)
        for (y = x; y; y = at__html_next(y, x, 1)) {
            const unsigned char *c = y->type == XML_TEXT_NODE ? y->content : NULL;
            while (c && *c && at__is_space(*c))
                c++;
            if (c && *c)
                break;
        }
    for (p = y; p && p != n->parent; p = p->parent)
        if (p->type == XML_ELEMENT_NODE && at__html_in(p, bold_tags))
            b = p; /* the outermost bold around it */
    if (!b)
        return 0;
    bt = text_of(b, 0, w->drop, &blen);
    if (bt && blen <= len && memcmp(bt, t, blen) == 0)
        out = blen;
    free(bt);
    return out;
}

static void paragraph(walker *w, xmlNodePtr n, xmlNodePtr last, at_block_kind base)
{
    at_buf b = {0};
    xmlNodePtr x;
    size_t len, by, k;
    char *t;
    int alnum = 0;
    for (x = n;; x = x->next) {
        at__html_collect(&b, x, base == AT_BLOCK_LIST_ITEM, w->drop);
        if (x == last)
            break;
    }
    t = at__collapse_space(b.p ? b.p : "", b.n, &len);
    at__buf_free(&b);
    for (k = 0; k < len && !alnum; k++)
        alnum = at__is_alpha((unsigned char)t[k]) || at__is_digit((unsigned char)t[k]) || (unsigned char)t[k] >= 0x80;
    if (!alnum) {
        free(t);
        return;
    }
    if (base == AT_BLOCK_PARAGRAPH && at__is_date_line(t, len)) {
        free(t); /* "Updated 5:27 a.m. CST, Nov. 20, 2019": metadata */
        return;
    }
    if (!w->body && base == AT_BLOCK_PARAGRAPH && (by = at__byline_name(t, len)) > 0) {
        if (!w->byline)
            w->byline = at__byline_clean(t, len);
        free(t);
        return;
    }
    add_block(w, n, paragraph_kind(w, t, len, base), t, len);
    w->sec->blocks[w->sec->nblocks - 1].bold = bold_opening(w, n, last, t, len);
    free(t);
}

/* h1 -> the headline the first time, else (and h2, h3) a section title. A
 * heading before the headline and the body is a kicker, not read. A
 * heading that is itself furniture ("Related stories", "Comments", "Tell
 * us what you think") opens no chapter, and what follows it, up to the
 * next heading, is furniture too. */
static void heading(walker *w, xmlNodePtr n)
{
    size_t len;
    char *t = text_of(n, 0, w->drop, &len);
    at__html_span s = at__html_span_of(w->ps, n);
    if (!t)
        return;
    if (at__html_is(n, "h1") && !w->headline && !w->body) {
        free(w->d->sections[0].title);
        w->d->sections[0].title = t;
        w->d->sections[0].title_start = w->d->title_start = s.start;
        w->d->sections[0].title_end = w->d->title_end = s.end;
        w->headline = 1;
        return;
    }
    if (!w->headline && !w->body) {
        free(t);
        return;
    }
    w->furniture_section = at__is_boilerplate(t, len);
    if (w->furniture_section) {
        free(t);
        return;
    }
    w->sec = at__doc_add_section(w->d, NULL, 0, s.start, s.end);
    w->sec->title = t;
}

/* A byline element ("By Clara Mifsud in Politics"): its name is the
 * author when the page's metadata names none; it is not read. */
static void byline(walker *w, xmlNodePtr n)
{
    size_t len;
    char *t = text_of(n, 0, w->drop, &len);
    if (!t)
        return;
    if (!w->byline)
        w->byline = at__byline_clean(t, len);
    free(t);
}

/* A layout table holds paragraphs, headings or tables: walk into it. */
static int data_table(xmlNodePtr n)
{
    return !contains_tag(n, block_content);
}

/* table -> one paragraph per row: the cells joined by commas. */
static void table_rows(walker *w, xmlNodePtr table)
{
    xmlNodePtr n;
    for (n = table->children ? table->children : NULL; n; n = at__html_next(n, table, !at__html_is(n, "tr"))) {
        at_buf row = {0};
        xmlNodePtr c;
        if (at__html_is(n, "caption")) {
            paragraph(w, n, n, AT_BLOCK_PARAGRAPH);
            continue;
        }
        if (!at__html_is(n, "tr"))
            continue;
        for (c = n->children; c; c = c->next) {
            size_t len;
            char *t = (at__html_is(c, "td") || at__html_is(c, "th")) ? text_of(c, 0, w->drop, &len) : NULL;
            if (!t)
                continue;
            if (row.n)
                at__buf_puts(&row, ", ");
            at__buf_puts(&row, t);
            free(t);
        }
        if (row.n && (at__is_alpha((unsigned char)row.p[row.n - 1]) || at__is_digit((unsigned char)row.p[row.n - 1])))
            at__buf_putc(&row, '.');
        if (row.n)
            add_block(w, n, (w->flags[w->depth - 1] & F_FOOTER) ? AT_BLOCK_BOILERPLATE : AT_BLOCK_PARAGRAPH, row.p,
                      row.n);
        at__buf_free(&row);
    }
}

/* Visits element `n`: adds what it holds, or returns the flags for
 * walking into it; -1 means skip it. */
static int visit_element(walker *w, xmlNodePtr n)
{
    unsigned f = w->flags[w->depth - 1];
    unsigned char drop = n->_private ? w->drop[(uintptr_t)n->_private] : 0;
    if ((drop & 3) || (at__html_skipped(n) && !(drop & 4)))
        return -1;
    if (drop & 4)
        return (int)f; /* a skipped tag that holds the story (a page's broken nesting) */
    if (at__html_is(n, "header") || at__html_is(n, "footer")) {
        if (!(f & F_ARTICLE))
            return -1;
        return (int)(f | (at__html_is(n, "header") ? F_HEADER : F_FOOTER));
    }
    if (at__html_is(n, "article"))
        return (int)(f | F_ARTICLE);
    if (at__html_hint(n, byline_hints, 0) || at__html_hint(n, date_hints, 0) ||
        ((f & F_HEADER) && at__html_is(n, "time"))) {
        if (at__html_hint(n, byline_hints, 0))
            byline(w, n);
        return -1;
    }
    if (f & F_LI) {
        /* inside a list item: its text is read already; nested lists,
         * blocks and figures are walked for their own items and captions */
        if (at__html_is(n, "figcaption")) {
            paragraph(w, n, n, AT_BLOCK_CAPTION);
            return -1;
        }
        return at__html_in(n, lists) ? (int)(f & ~(unsigned)F_LI)
               : (at__html_in(n, block_content) || at__html_is(n, "figure")) ? (int)f : -1;
    }
    if (at__html_in(n, headings)) {
        if (!(f & (F_FOOTER | F_QUOTE)))
            heading(w, n);
        return -1;
    }
    /* a date line in the article's header: metadata, not read */
    if ((f & F_HEADER) && contains_tag(n, (const char *const[]){"time", NULL}))
        return -1;
    if (at__html_in(n, paragraphs) || at__html_hint(n, caption_hints, 0)) {
        int caption = at__html_is(n, "figcaption") || at__html_hint(n, caption_hints, 0);
        paragraph(w, n, n, caption ? AT_BLOCK_CAPTION : AT_BLOCK_PARAGRAPH);
        return -1;
    }
    if (at__html_is(n, "li")) {
        paragraph(w, n, n, AT_BLOCK_LIST_ITEM);
        return (int)(f | F_LI);
    }
    if (at__html_is(n, "blockquote")) {
        if (contains_tag(n, block_content))
            return (int)(f | F_QUOTE);
        paragraph(w, n, n, AT_BLOCK_QUOTE);
        return -1;
    }
    if (at__html_is(n, "pre")) {
        if (w->opt && w->opt->code_blocks == AT_CODE_ANNOUNCE)
            add_block(w, n, AT_BLOCK_PARAGRAPH, CODE_NOTICE, strlen(CODE_NOTICE));
        return -1;
    }
    if (at__html_is(n, "table")) {
        if (w->opt && w->opt->skip_tables)
            return -1;
        if (data_table(n)) {
            table_rows(w, n);
            return -1;
        }
    }
    return (int)f;
}

/* True at a <br> followed, past white space, by another <br>: the way
 * pages without <p> separate paragraphs. */
static int double_br(xmlNodePtr n)
{
    if (!at__html_is(n, "br"))
        return 0;
    for (n = n->next; n && n->type == XML_TEXT_NODE; n = n->next) {
        const xmlChar *c = n->content;
        while (c && *c && at__is_space(*c))
            c++;
        if (c && *c)
            return 0;
    }
    return at__html_is(n, "br");
}

/* Whether every visible character of the run [n, last] is inside a link:
 * a bare "Share" or "Next story" between blocks is no paragraph. */
static int links_only(xmlNodePtr n, xmlNodePtr last)
{
    xmlNodePtr x, t;
    for (x = n;; x = x->next) {
        for (t = x; t; t = at__html_next(t, x, !at__html_is(t, "a"))) {
            const xmlChar *c;
            if (at__html_is(t, "a") || (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE))
                continue;
            for (c = t->content; c && *c; c++)
                if (!at__is_space(*c))
                    return 0;
        }
        if (x == last)
            return 1;
    }
}

/* Visits the node *np. Text and inline elements standing between blocks
 * form a paragraph, up to a double <br>: *np moves to the last node of
 * that run. Returns the flags for walking into the node, or -1. */
static int visit(walker *w, xmlNodePtr *np)
{
    xmlNodePtr n = *np, last = n;
    if (n->type == XML_ELEMENT_NODE && !at__html_inline(n))
        return visit_element(w, n);
    if (!at__html_inline(n) || (w->flags[w->depth - 1] & F_LI))
        return -1;
    while (last->next && at__html_inline(last->next) && !double_br(last->next))
        last = last->next;
    if (!links_only(n, last))
        paragraph(w, n, last, AT_BLOCK_PARAGRAPH);
    *np = last;
    return -1;
}

/* Whether a search for a byline looks inside `n`: not into furniture. */
static int searchable(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && !at__html_skipped(n) && !at__html_clutter(n);
}

/* The first element named `name`, or NULL. */
static xmlNodePtr find(xmlNodePtr top, const char *name)
{
    xmlNodePtr n;
    for (n = top; n; n = at__html_next(n, top, 1))
        if (at__html_is(n, name))
            return n;
    return NULL;
}

/* Walks `root` in document order with an explicit stack of contexts. */
static void walk(walker *w, xmlNodePtr root)
{
    xmlNodePtr n = root->children;
    unsigned f0 = 0, *fp;
    xmlNodePtr a;
    for (a = root; a; a = a->parent)
        if (at__html_is(a, "article"))
            f0 = F_ARTICLE;
    *AT_PUSH(w->flags, w->depth, w->cap) = f0;
    while (n) {
        int f = visit(w, &n);
        if (f >= 0 && n->children) {
            fp = AT_PUSH(w->flags, w->depth, w->cap);
            *fp = (unsigned)f;
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            w->depth--;
        }
        if (n == root)
            break;
        n = n->next;
    }
}

/* The headline outside the body: the longest <h1> or <h2> whose text the
 * page's <title> repeats ("Headline | Site"), else an <h1> whose class says
 * title or headline, else the first <h1>. */
static xmlNodePtr outside_headline(xmlDocPtr doc)
{
    static const char *const title_hints[] = {"title", "headline", NULL};
    xmlNodePtr top = xmlDocGetRootElement(doc), n, best = NULL, t = find(top, "title");
    size_t len, best_score = 0, score;
    char *title = t ? text_of(t, 0, NULL, &len) : NULL, *h;
    for (n = top; n; n = at__html_next(n, top, !at__html_skipped(n) || at__html_is(n, "head"))) {
        if (!at__html_in(n, headings) || at__html_is(n, "h3") || !(h = text_of(n, 0, NULL, &len)))
            continue;
        score = title && strstr(title, h) ? 2000 + len
                : at__html_is(n, "h1") && at__html_hint(n, title_hints, 0) ? 1000
                : at__html_is(n, "h1") ? 1 : 0;
        if (score > best_score) {
            best_score = score;
            best = n;
        }
        free(h);
    }
    free(title);
    return best;
}

/* A byline outside the body: the first element whose class says byline
 * or author. */
static void outside_byline(xmlDocPtr doc, walker *w)
{
    xmlNodePtr top = xmlDocGetRootElement(doc), n;
    for (n = top; n && !w->byline; n = at__html_next(n, top, searchable(n)))
        if (n->type == XML_ELEMENT_NODE && at__html_hint(n, byline_hints, 0))
            byline(w, n);
}

/* The article as the page's JSON-LD states it, one paragraph per line
 * (markup in it dropped, <p> and <br> ending paragraphs), when the page
 * itself does not hold it. */
static void statement_blocks(walker *w, const char *text, xmlNodePtr script)
{
    at_buf b = {0};
    const char *p = text;
    at__html_span s = at__html_span_of(w->ps, script);
    while (*p) {
        const char *q = p;
        while (*q && *q != '\n' && *q != '<')
            q++;
        at__buf_put(&b, p, (size_t)(q - p));
        if (*q == '<') {
            const char *end = strchr(q, '>');
            int breaks = q[1] == 'p' || q[1] == 'P' || q[1] == '/' || q[1] == 'b' || q[1] == 'B';
            p = end ? end + 1 : q + strlen(q);
            if (!breaks)
                continue;
        } else {
            p = *q ? q + 1 : q;
        }
        {
            size_t len;
            char *t = at__collapse_space(b.p ? b.p : "", b.n, &len);
            if (len > 0) {
                at__doc_add_block(w->sec, at__is_boilerplate(t, len) ? AT_BLOCK_BOILERPLATE : AT_BLOCK_PARAGRAPH, t,
                                  len, s.start, s.end, 0);
                w->body = 1;
            }
            free(t);
            b.n = 0;
        }
    }
    at__buf_free(&b);
}

/* The headline again inside the body (a page's <h2> or first paragraph
 * repeating its <h1> or its metadata title) is read once, as the title:
 * such a block goes, and such a section heading joins its blocks to the
 * section before. */
static void drop_repeated_headline(at_doc *d)
{
    const char *h = d->sections[0].title ? d->sections[0].title : d->meta.title;
    size_t i, j, k;
    if (!h || !*h)
        return;
    for (i = 0; i < d->nsections; i++) {
        at_section *s = &d->sections[i];
        for (j = k = 0; j < s->nblocks; j++) {
            if (at__strcasecmp(s->blocks[j].text, h) == 0 && s->blocks[j].kind != AT_BLOCK_CAPTION) {
                free(s->blocks[j].text);
                continue;
            }
            s->blocks[k++] = s->blocks[j];
        }
        s->nblocks = k;
    }
    for (i = 1; i < d->nsections; i++) {
        at_section *s = &d->sections[i], *prev = &d->sections[i - 1];
        if (!s->title || at__strcasecmp(s->title, h) != 0)
            continue;
        for (j = 0; j < s->nblocks; j++)
            *AT_PUSH(prev->blocks, prev->nblocks, prev->cap) = s->blocks[j];
        free(s->blocks);
        free(s->title);
        memmove(s, s + 1, (d->nsections - i - 1) * sizeof *s);
        d->nsections--;
        i--;
    }
}

int at__html_walk(xmlDocPtr doc, const at__html_parse *ps, const at_read_options *opt, at_doc *d)
{
    int whole_page = 0, lenient;
    walker w;
    at__html_body body;
    xmlNodePtr script = NULL, h1, top = xmlDocGetRootElement(doc);
    size_t len, k;
    char *headline = NULL, *stated = at__html_ld_body(doc, &script);
    memset(&w, 0, sizeof w);
    w.d = d;
    w.opt = opt;
    w.ps = ps;
    w.sec = at__doc_add_section(d, NULL, 0, 0, 0);
    at__html_find_body(doc, ps, stated, &body);
    w.drop = body.drop;
    if (body.statement)
        statement_blocks(&w, stated, script);
    else if (body.nroots == 0)
        walk(&w, find(top, "body") ? find(top, "body") : top);
    for (k = 0; !body.statement && k < body.nroots; k++)
        walk(&w, body.roots[k]);
    for (lenient = 0; !w.body && !body.statement && lenient < 2; lenient++) {
        /* Nothing to read where the article should be: read the page's
         * text rather than refuse it, and say so. */
        at__html_body_free(&body);
        at__html_page_body(doc, ps, lenient, &body);
        w.drop = body.drop;
        for (k = 0; k < body.nroots; k++)
            walk(&w, body.roots[k]);
        whole_page = w.body;
    }
    free(w.flags);
    free(stated);
    if (w.headline) {
        at__html_meta(doc, d->sections[0].title, d);
    } else {
        /* No <h1> in the body: the metadata's headline, else the best
         * heading outside the body, else <title>. */
        h1 = outside_headline(doc);
        headline = h1 ? text_of(h1, 0, NULL, &len) : NULL;
        at__html_meta(doc, headline, d);
        if (headline && d->meta.title && strcmp(headline, d->meta.title) == 0) {
            at__html_span s = at__html_span_of(ps, h1);
            d->title_start = d->sections[0].title_start = s.start;
            d->title_end = d->sections[0].title_end = s.end;
        }
        free(headline);
    }
    /* JSON-LD, then <meta>, then what the page shows */
    if (!d->meta.author && !w.byline)
        outside_byline(doc, &w);
    if (!d->meta.author && w.byline)
        d->meta.author = w.byline;
    else
        free(w.byline);
    drop_repeated_headline(d);
    at__html_body_free(&body);
    return whole_page;
}
