/* Internals shared by the HTML reader's two files: read_html.c (parsing,
 * finding the article body, blocks) and html_meta.c (metadata). */
#ifndef AT_HTML_H
#define AT_HTML_H

#include <libxml/HTMLparser.h>

#include "read.h"
#include "util.h"

/* An element's byte range in the source: from its start tag's '<' to
 * past its end tag (or where the parser closed it). */
typedef struct at__html_span {
    size_t start, end;
} at__html_span;

/* A parse: the source and one span per element, found through the
 * element's _private field (index + 1). */
typedef struct at__html_parse {
    const char *buf;
    size_t len;
    at__html_span *v;
    size_t n, cap;
    startElementSAXFunc start;
    endElementSAXFunc end;
    int identity; /* the parser reads the source bytes as they are (valid UTF-8) */
} at__html_parse;

/* The range of `n`, or of its nearest element ancestor; {0, 0} if none. */
at__html_span at__html_span_of(const at__html_parse *ps, xmlNodePtr n);

/* True when `n` is an element named in the NULL-terminated `names`. */
int at__html_in(xmlNodePtr n, const char *const *names);
/* Tags never read: scripts, styles, navigation, forms, media... */
int at__html_skipped(xmlNodePtr n);
/* Page furniture: a furniture role, hidden, or class/id hints (share,
 * social, related, comments, cookie, newsletter, promo, advert, ...). */
int at__html_clutter(xmlNodePtr n);
/* Class and id words in a form that hints can be matched against: lower
 * case, camelCase split with '-' ("articleBody" -> "article-body"). The
 * caller frees it. */
char *at__html_class_parts(const char *s);
/* True when `needle` starts a part of `w`: at its start or after a
 * character that is no letter or digit. "comment" is in "no-comments",
 * "tags" is not in "tag-style", "story" not in "history". */
int at__html_part_has(const char *w, const char *needle);
/* True when a class or id word of `n` contains one of `hints`; with
 * `ads`, also the words "ad", "ads", "ad-*", "*-ad". */
int at__html_hint(xmlNodePtr n, const char *const *hints, int ads);
/* Text, comments and inline elements (a, em, span, br, ...). */
int at__html_inline(xmlNodePtr n);
/* Appends the text under `top` to `b`: <br> and block elements become
 * spaces; skipped tags, clutter and elements marked in `drop` (may be
 * NULL) are left out, and with `no_lists` nested lists too. */
void at__html_collect(at_buf *b, xmlNodePtr top, int no_lists, const unsigned char *drop);

/* The article in a page (html_body.c): the elements that hold it, in
 * document order, and the elements inside them that are furniture. */
typedef struct at__html_body {
    xmlNodePtr *roots;
    size_t nroots;
    unsigned char *drop; /* per element index (the _private field): 1 or 2 = not read;
                            4 = read, though its tag is one the reader skips */
    int statement;       /* 1: the page lacks the text its JSON-LD states; read that */
} at__html_body;

/* Finds the article in `doc`; `statement` is the JSON-LD articleBody, or
 * NULL. With no candidate at all, out->nroots is 0. */
void at__html_find_body(xmlDocPtr doc, const at__html_parse *ps, const char *statement, at__html_body *out);
/* The whole page as the article: <body>, with what is furniture wherever
 * it stands (scripts, hidden elements, menus, link lists, ...) left out;
 * with `lenient`, only what is never text (scripts, media, hidden
 * elements). The last resorts when the article found holds nothing to
 * read. */
void at__html_page_body(xmlDocPtr doc, const at__html_parse *ps, int lenient, at__html_body *out);
void at__html_body_free(at__html_body *b);

/* The longest JSON-LD articleBody of an article-typed object, or NULL;
 * the caller frees it. *where is set to its <script> element. */
char *at__html_ld_body(xmlDocPtr doc, xmlNodePtr *where);

/* Finds the article body in `doc` and fills `d` with its sections and
 * blocks, then its metadata. Returns 1 when no article could be told from
 * the page and its whole text was read instead. */
int at__html_walk(xmlDocPtr doc, const at__html_parse *ps, const at_read_options *opt, at_doc *d);

/* The value of attribute `name` (case-insensitive), or NULL. The caller
 * frees it with free(). */
char *at__html_attr(xmlNodePtr n, const char *name);
/* True when element `n` is named `name` (HTML names are lower case). */
int at__html_is(xmlNodePtr n, const char *name);
/* The next node in document order after `n`, not leaving `top`; with
 * `descend` false, n's children are skipped. NULL at the end. Walking this
 * way needs no recursion, however deep the tree. */
xmlNodePtr at__html_next(xmlNodePtr n, xmlNodePtr top, int descend);
/* The text of element `n` and its descendants, white space collapsed. */
char *at__html_text(xmlNodePtr n, size_t *len);

/* Fills d->meta from JSON-LD NewsArticle/Article data, OpenGraph and
 * <meta name=author>, <html lang>, then `headline` (the page's <h1>; may be
 * NULL) or <title>. Fields already set are kept. */
void at__html_meta(xmlDocPtr doc, const char *headline, at_doc *d);

#endif
