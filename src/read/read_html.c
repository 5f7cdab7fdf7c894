/* The HTML reader: an article page as it comes from a web site, menus,
 * cookie banners, share buttons and all.
 *
 * libxml2's HTML parser builds the tree; hooks on its SAX callbacks record
 * each element's byte range in the source. Then the article body is found
 * (<article>, [itemprop=articleBody], <main>, or the element holding the
 * most paragraph text) and walked in document order: headings open
 * sections, paragraphs, list items, quotations, captions and table rows
 * become blocks, and page furniture is skipped. Every walk over the tree is
 * iterative, so no depth of nesting can exhaust the C stack; libxml2's
 * limit of 256 levels is lifted (XML_PARSE_HUGE) so deep pages lose no
 * text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "html.h"
#include "util.h"

int at__html_in(xmlNodePtr n, const char *const *names)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return 0;
    for (; *names; names++)
        if (strcmp((const char *)n->name, *names) == 0)
            return 1;
    return 0;
}

int at__html_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

char *at__html_attr(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a;
    for (a = n->properties; a; a = a->next) {
        if (at__strcasecmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            at_buf b = {0};
            if (v)
                at__buf_put_utf8(&b, (const char *)v, strlen((const char *)v));
            xmlFree(v);
            return at__buf_detach(&b);
        }
    }
    return NULL;
}

xmlNodePtr at__html_next(xmlNodePtr n, xmlNodePtr top, int descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != top && !n->next)
        n = n->parent;
    return !n || n == top ? NULL : n->next;
}

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "input",
    "textarea", "iframe", "svg", "canvas", "object", "embed", "video", "audio", "map", "dialog",
    "head", "menu", "img", "picture", "link", "meta", "label", "fieldset", "title", NULL};
static const char *const inline_tags[] = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins",
    "tt", "big", "nobr", NULL};

/* Class and id words of page furniture. */
static const char *const clutter_hints[] = {
    "share", "sharing", "social", "related", "comment", "cookie", "consent", "newsletter", "promo",
    "advert", "sponsor", "subscribe", "signup", "sign-up", "breadcrumb", "sidebar", "popup", "modal",
    "paywall", "outbrain", "taboola", "recommend", "more-stories", "read-more", "readmore", "tags",
    "menu", "toolbar", "skip-link", NULL};
static const char *const furniture_roles[] = {"navigation", "complementary", "banner", "contentinfo",
                                              "search", "dialog", "alertdialog", NULL};

int at__html_part_has(const char *w, const char *needle)
{
    const char *p = w;
    while ((p = strstr(p, needle)) != NULL) {
        if (p == w || (!at__is_alpha((unsigned char)p[-1]) && !at__is_digit((unsigned char)p[-1])))
            return 1;
        p++;
    }
    return 0;
}

char *at__html_class_parts(const char *s)
{
    at_buf b = {0};
    size_t i;
    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i > 0 && at__is_upper(c) && at__is_lower((unsigned char)s[i - 1]))
            at__buf_putc(&b, '-'); /* camelCase: articleBody -> article-body */
        at__buf_putc(&b, at__is_space(c) ? ' ' : (char)at__to_lower(c));
    }
    return at__buf_detach(&b);
}

/* True when a class or id word of `n` contains one of `hints`; with
 * `ads`, also the words "ad", "ads", "ad-*", "*-ad". */
int at__html_hint(xmlNodePtr n, const char *const *hints, int ads)
{
    static const char *const attrs[] = {"class", "id"};
    size_t a;
    int hit = 0;
    for (a = 0; a < 2 && !hit; a++) {
        char *v = at__html_attr(n, attrs[a]), *w, *save = NULL;
        for (w = v ? strtok_r(v, " \t\r\n", &save) : NULL; w && !hit; w = strtok_r(NULL, " \t\r\n", &save)) {
            const char *const *h;
            char *parts = at__html_class_parts(w);
            size_t len = strlen(w), i;
            for (i = 0; i < len; i++)
                w[i] = (char)at__to_lower((unsigned char)w[i]);
            for (h = hints; *h && !hit; h++)
                hit = at__html_part_has(parts, *h);
            free(parts);
            if (ads && !hit)
                hit = strcmp(w, "ad") == 0 || strcmp(w, "ads") == 0 || strncmp(w, "ad-", 3) == 0 ||
                      strncmp(w, "ads-", 4) == 0 || (len > 3 && strcmp(w + len - 3, "-ad") == 0);
        }
        free(v);
    }
    return hit;
}

/* clutter -> furniture by role, class or id hints, or hidden. */
int at__html_clutter(xmlNodePtr n)
{
    char *v;
    int hit = 0;
    if ((v = at__html_attr(n, "role")) != NULL) {
        const char *const *r;
        for (r = furniture_roles; *r; r++)
            hit |= at__strcasecmp(v, *r) == 0;
        free(v);
    }
    if (!hit && (v = at__html_attr(n, "aria-hidden")) != NULL) {
        hit = at__strcasecmp(v, "true") == 0;
        free(v);
    }
    if (!hit && (v = at__html_attr(n, "hidden")) != NULL) {
        hit = 1;
        free(v);
    }
    if (!hit && (v = at__html_attr(n, "style")) != NULL) {
        hit = strstr(v, "display:none") || strstr(v, "display: none");
        free(v);
    }
    return hit || at__html_hint(n, clutter_hints, 1);
}

int at__html_skipped(xmlNodePtr n)
{
    return at__html_in(n, skip_tags);
}

int at__html_inline(xmlNodePtr n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE || n->type == XML_COMMENT_NODE ||
           n->type == XML_ENTITY_REF_NODE || at__html_in(n, inline_tags);
}

/* Appends the text under `top` to `b`: <br> and block elements become
 * spaces; skipped tags, clutter and figures (their captions are blocks of
 * their own) are left out, and with `no_lists` nested lists too (they are
 * read as their own items). */
void at__html_collect(at_buf *b, xmlNodePtr top, int no_lists, const unsigned char *drop)
{
    static const char *const lists[] = {"ul", "ol", NULL};
    static const char *const figures[] = {"figure", "figcaption", NULL};
    xmlNodePtr n = top;
    while (n) {
        int descend = 1;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                at__buf_put_utf8(b, (const char *)n->content, strlen((const char *)n->content));
        } else if (n->type != XML_ELEMENT_NODE) {
            descend = 0;
        } else if (n != top && ((drop && n->_private && (drop[(uintptr_t)n->_private] & 3)) ||
                                at__html_in(n, skip_tags) || at__html_clutter(n) || at__html_in(n, figures) ||
                                (no_lists && at__html_in(n, lists)))) {
            descend = 0;
        } else if (!at__html_in(n, inline_tags) || at__html_is(n, "br")) {
            at__buf_putc(b, ' ');
        }
        n = at__html_next(n, top, descend);
    }
}

char *at__html_text(xmlNodePtr n, size_t *len)
{
    at_buf b = {0};
    char *t;
    at__html_collect(&b, n, 0, NULL);
    t = at__collapse_space(b.p ? b.p : "", b.n, len);
    at__buf_free(&b);
    return t;
}

at__html_span at__html_span_of(const at__html_parse *ps, xmlNodePtr n)
{
    at__html_span none = {0, 0};
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->parent;
    if (!n || !n->_private || (uintptr_t)n->_private > ps->n)
        return none;
    return ps->v[(uintptr_t)n->_private - 1];
}

/* ---- Parsing ------------------------------------------------------------ */

/* Where the parser stands in the source. For valid UTF-8 the parser's
 * text is the source itself, so its own position is the byte offset;
 * xmlByteConsumed, which converts the unread text back to count bytes,
 * would cost the rest of the input at every element. */
static size_t consumed(xmlParserCtxtPtr c, size_t len)
{
    const at__html_parse *ps = c->_private;
    long p;
    if (ps->identity && c->input && c->input->cur && c->input->base) {
        size_t at = (size_t)c->input->consumed + (size_t)(c->input->cur - c->input->base);
        return at > len ? len : at;
    }
    p = xmlByteConsumed(c);
    return p < 0 ? 0 : (size_t)p > len ? len : (size_t)p;
}

/* At a start tag the parser stands on its '>': the element starts at the
 * '<' before it. */
static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr c = ctx;
    at__html_parse *p = c->_private;
    xmlNodePtr before = c->node;
    size_t at, i;
    at__html_span *s;
    p->start(ctx, name, atts);
    if (!c->node || c->node == before || c->node->_private || p->len == 0)
        return;
    at = consumed(c, p->len);
    i = at < p->len ? at : p->len - 1;
    while (i > 0 && p->buf[i] != '<')
        i--;
    s = AT_PUSH(p->v, p->n, p->cap);
    s->start = i;
    s->end = at < p->len ? at + 1 : at;
    c->node->_private = (void *)(uintptr_t)p->n;
}

/* At an end tag (or where an element is closed implicitly) the parser
 * stands just past it. */
static void on_end(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr c = ctx;
    at__html_parse *p = c->_private;
    xmlNodePtr n = c->node;
    if (n && n->_private && xmlStrEqual(n->name, name)) {
        at__html_span *s = &p->v[(uintptr_t)n->_private - 1];
        size_t at = consumed(c, p->len);
        if (at > s->end)
            s->end = at;
    }
    p->end(ctx, name);
}

/* Every element gets an index (the _private field), so the body search
 * can keep facts per element: one the parser made without a start tag
 * takes its parent's range. An element's range covers its children's:
 * where the parser closed an element late or never, the children's ends
 * stretch it. */
static void stretch_spans(xmlDocPtr doc, at__html_parse *ps)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n, *order = NULL;
    size_t k = 0, cap = 0, i;
    for (n = root; n; n = at__html_next(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!n->_private) {
            at__html_span inherit = at__html_span_of(ps, n->parent), *s = AT_PUSH(ps->v, ps->n, ps->cap);
            *s = inherit;
            n->_private = (void *)(uintptr_t)ps->n;
        }
        *AT_PUSH(order, k, cap) = n;
    }
    for (i = k; i-- > 0;) {
        xmlNodePtr parent = order[i]->parent;
        if (parent && parent->type == XML_ELEMENT_NODE && parent->_private) {
            at__html_span *ps_ = &ps->v[(uintptr_t)parent->_private - 1];
            const at__html_span *cs = &ps->v[(uintptr_t)order[i]->_private - 1];
            if (cs->end > ps_->end)
                ps_->end = cs->end;
        }
    }
    free(order);
}

/* How the charset was chosen, for the warnings. */
enum { CS_BOM, CS_UTF8, CS_DECLARED, CS_DETECTED, CS_DEFAULT };

/* Charset, the way browsers and careful tools decide it:
 *   a byte order mark wins (UTF-16 ones are left to libxml2);
 *   bytes that are valid UTF-8 are UTF-8, whatever a <meta> says (a page
 *   saved or served as UTF-8 often keeps its old single-byte <meta>);
 *   else the declared charset, when libxml2 knows it;
 *   else libuchardet's guess; else Windows-1252.
 * The name goes to the parser, which then ignores the page's own <meta>,
 * so a late or wrong declaration cannot switch the charset mid-page. */
static const char *pick_encoding(const char *buf, size_t len, char *name, size_t cap, int *how)
{
    const unsigned char *u = (const unsigned char *)buf;
    xmlCharEncodingHandlerPtr h;
    *how = CS_BOM;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return "UTF-8";
    *how = CS_UTF8;
    if (at__utf8_check(buf, len) == len)
        return "UTF-8";
    *how = CS_DECLARED;
    if (at__declared_charset(buf, len, name, cap) && (h = xmlFindCharEncodingHandler(name)) != NULL) {
        xmlCharEncCloseFunc(h);
        return name;
    }
    *how = CS_DETECTED;
    if (at__detect_charset(buf, len, name, cap) && (h = xmlFindCharEncodingHandler(name)) != NULL) {
        xmlCharEncCloseFunc(h);
        return name;
    }
    *how = CS_DEFAULT;
    return "windows-1252";
}

/* libxml2 reports charset conversion failures on stderr through its
 * generic error handler, whatever the parse options: count them instead. */
static void on_generic_error(void *ctx, const char *msg, ...)
{
    (void)msg;
    (*(int *)ctx)++;
}

static xmlDocPtr parse(const char *buf, size_t len, at__html_parse *ps, char *enc, size_t cap, int *how,
                       int *errors)
{
    const char *name;
    htmlParserCtxtPtr c = htmlNewParserCtxt();
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlDocPtr doc;
    if (!c)
        return NULL;
    ps->buf = buf;
    ps->len = len;
    ps->start = c->sax->startElement;
    ps->end = c->sax->endElement;
    c->sax->startElement = on_start;
    c->sax->endElement = on_end;
    c->_private = ps;
    name = pick_encoding(buf, len, enc, cap, how);
    if (name != enc)
        snprintf(enc, cap, "%s", name ? name : "");
    xmlSetGenericErrorFunc(errors, on_generic_error);
    /* XML_PARSE_HUGE (the HTML parser honours it too) lifts libxml2's
     * limit of 256 levels of nesting: past it the parser halts and
     * silently drops the rest of the page,
     * the article text included (10,000 nested <div>s gave "no article
     * text found"). Every walk over the tree here is iterative, and the
     * size of the input (--max-input) bounds the tree. */
    ps->identity = name && at__strcasecmp(name, "UTF-8") == 0 && (*how == CS_BOM || *how == CS_UTF8);
    doc = htmlCtxtReadMemory(c, buf, (int)len, NULL, name,
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 XML_PARSE_HUGE | (name ? HTML_PARSE_IGNORE_ENC : 0));
    xmlSetGenericErrorFunc(old_ctx, old);
    htmlFreeParserCtxt(c);
    if (doc)
        stretch_spans(doc, ps);
    return doc;
}

/* libxml2 checks each attribute of a start tag against all the ones
 * before it, so one tag with 95,000 attributes costs it minutes. A tag's
 * attributes past the 1,024th are blanked with spaces (the same length,
 * so every offset holds). Returns a copy when any tag had that many, else
 * NULL. Quotes are followed, so a '>' inside a value ends nothing. */
#define MAX_ATTRIBUTES 1024

static char *cap_attributes(const char *buf, size_t len)
{
    char *copy = NULL;
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(buf + i, '<', len - i);
        size_t j, nattr = 0, blank = 0;
        if (!lt)
            break;
        j = (size_t)(lt - buf) + 1;
        if (j >= len || !at__is_alpha((unsigned char)buf[j])) {
            i = j;
            continue;
        }
        while (j < len && !at__is_space((unsigned char)buf[j]) && buf[j] != '>' && buf[j] != '/')
            j++; /* the tag name */
        while (j < len && buf[j] != '>') {
            while (j < len && (at__is_space((unsigned char)buf[j]) || buf[j] == '/'))
                j++;
            if (j >= len || buf[j] == '>')
                break;
            if (++nattr == MAX_ATTRIBUTES + 1)
                blank = j;
            while (j < len && !at__is_space((unsigned char)buf[j]) && buf[j] != '=' && buf[j] != '>')
                j++; /* the name */
            while (j < len && at__is_space((unsigned char)buf[j]))
                j++;
            if (j < len && buf[j] == '=') {
                j++;
                while (j < len && at__is_space((unsigned char)buf[j]))
                    j++;
                if (j < len && (buf[j] == '"' || buf[j] == '\'')) {
                    const char *end = memchr(buf + j + 1, buf[j], len - j - 1);
                    j = end ? (size_t)(end - buf) + 1 : len;
                } else {
                    while (j < len && !at__is_space((unsigned char)buf[j]) && buf[j] != '>')
                        j++;
                }
            }
        }
        if (blank) {
            if (!copy) {
                copy = at__xmalloc(len + 1);
                memcpy(copy, buf, len);
                copy[len] = '\0';
            }
            memset(copy + blank, ' ', (j < len ? j : len) - blank);
        }
        i = j;
    }
    return copy;
}

/* UTF-16, whose NUL bytes are half its ASCII: a byte order mark, or NUL
 * in more than one byte in ten of the first kilobyte. */
static int utf16_like(const char *buf, size_t len)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t i, n = len < 1024 ? len : 1024, nul = 0;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return 1;
    for (i = 0; i < n; i++)
        nul += u[i] == 0;
    return nul * 10 > n;
}

at_status at__doc_read_html(const char *buf, size_t len, const char *name, const at_read_options *opt,
                            at_doc **out, at_error *e)
{
    at__html_parse ps;
    xmlDocPtr doc;
    char enc[64];
    int how, errors = 0;
    size_t bad;
    at_doc *d;
    at_status st;
    if (len > (size_t)INT32_MAX)
        return at__err(e, AT_EINPUT, "%s: too large for the HTML parser (%zu bytes)", name, len);
    memset(&ps, 0, sizeof ps);
    if (!utf16_like(buf, len)) {
        char *capped = cap_attributes(buf, len);
        if (capped) {
            st = at__doc_read_html(capped, len, name, opt, out, e);
            free(capped);
            return st;
        }
    }
    if (memchr(buf, '\0', len) && !utf16_like(buf, len)) {
        /* a stray NUL (a broken page) would end libxml2's text there:
         * a space in a copy keeps every offset */
        char *copy = at__xmalloc(len), *z;
        size_t first = (size_t)((const char *)memchr(buf, '\0', len) - buf), nul = 0;
        memcpy(copy, buf, len);
        for (z = copy; (z = memchr(z, '\0', len - (size_t)(z - copy))) != NULL; nul++)
            *z = ' ';
        st = at__doc_read_html(copy, len, name, opt, out, e);
        free(copy);
        if (st == AT_OK) {
            size_t line, col;
            at__line_col(buf, first, &line, &col);
            at__doc_warn(*out, "%s:%zu:%zu: %zu NUL byte%s read as space%s", name, line, col, nul,
                         nul == 1 ? "" : "s", nul == 1 ? "" : "s");
        }
        return st;
    }
    doc = parse(buf, len, &ps, enc, sizeof enc, &how, &errors);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        free(ps.v);
        return at__err(e, AT_EINPUT, "%s: could not be parsed as HTML", name);
    }
    d = at__doc_new();
    bad = at__utf8_check(buf, len);
    if (how == CS_DETECTED)
        at__doc_warn(d, "%s: no charset declared and not UTF-8 (byte %zu): read as %s, the detector's guess", name,
                     bad, enc);
    else if (how == CS_DEFAULT)
        at__doc_warn(d, "%s: no charset declared and not UTF-8 (byte %zu): read as Windows-1252", name, bad);
    else if (how == CS_DECLARED && at__strcasecmp(enc, "utf-8") == 0)
        at__doc_warn(d, "%s: byte %zu: not UTF-8, though the page says it is; text may be wrong", name, bad);
    if (errors)
        at__doc_warn(d, "%s: some bytes do not fit the charset %s; text may be missing or wrong", name, enc);
    if (at__html_walk(doc, &ps, opt, d))
        at__doc_warn(d, "%s: the article could not be told from the rest of the page; reading all of its text",
                     name);
    xmlFreeDoc(doc);
    free(ps.v);
    if ((st = at__doc_finish(d, name, e)) != AT_OK) {
        at__doc_free(d);
        return st;
    }
    *out = d;
    return AT_OK;
}
