/* HTML metadata: the title, author, date, publication, image and language
 * an article page declares about itself. JSON-LD (schema.org NewsArticle)
 * is the most precise and wins, then OpenGraph and <meta name=author>,
 * then <title>. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "html.h"
#include "util.h"

/* What the page says, by source, before the priorities pick. */
typedef struct found {
    at_doc_meta ld;   /* JSON-LD */
    at_doc_meta og;   /* OpenGraph and <meta> */
    char *title_tag;  /* <title> */
    char *time_tag;   /* the first <time datetime> */
} found;

static void set(char **field, const char *s)
{
    if (s)
        at__doc_set_meta(field, s, strlen(s));
}

/* author -> "Name", {"name": "Name"}, or a list of those, joined with
 * ", ". */
static void ld_names(json_t *v, char **out)
{
    at_buf b = {0};
    size_t k, n = json_is_array(v) ? json_array_size(v) : 1;
    for (k = 0; k < n; k++) {
        json_t *x = json_is_array(v) ? json_array_get(v, k) : v;
        const char *name = json_is_string(x) ? json_string_value(x)
                           : json_is_object(x) ? json_string_value(json_object_get(x, "name"))
                                               : NULL;
        if (!name || !*name || strncmp(name, "http", 4) == 0)
            continue;
        if (b.n)
            at__buf_puts(&b, ", ");
        at__buf_puts(&b, name);
    }
    if (b.n)
        set(out, b.p);
    at__buf_free(&b);
}

/* image -> "url", {"url": "..."}, or a list: the first. */
static const char *ld_url(json_t *v)
{
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_object(v))
        v = json_object_get(v, "url");
    return json_string_value(v);
}

/* @type -> "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"
 * ...: any type naming an article, alone or in a list. */
static int ld_is_article(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    size_t k, n = json_is_array(t) ? json_array_size(t) : 1;
    for (k = 0; k < n; k++) {
        const char *s = json_string_value(json_is_array(t) ? json_array_get(t, k) : t);
        size_t len = s ? strlen(s) : 0;
        if (len >= 7 && (strcmp(s + len - 7, "Article") == 0 || strcmp(s, "BlogPosting") == 0))
            return 1;
    }
    return 0;
}

static void ld_article(json_t *o, at_doc_meta *m)
{
    json_t *pub = json_object_get(o, "publisher");
    set(&m->title, json_string_value(json_object_get(o, "headline")));
    set(&m->title, json_string_value(json_object_get(o, "name")));
    ld_names(json_object_get(o, "author"), &m->author);
    set(&m->date, json_string_value(json_object_get(o, "datePublished")));
    set(&m->date, json_string_value(json_object_get(o, "dateCreated")));
    set(&m->publication, json_is_object(pub) ? json_string_value(json_object_get(pub, "name"))
                                             : json_string_value(pub));
    set(&m->image, ld_url(json_object_get(o, "image")));
    set(&m->language, json_string_value(json_object_get(o, "inLanguage")));
}

/* The article-typed objects of a JSON-LD block (an object, a list of
 * objects, or {"@graph": [...]}), in order, each passed to `fn` until it
 * returns nonzero. */
static void ld_articles(const char *text, int (*fn)(json_t *, void *), void *ud)
{
    json_error_t err;
    json_t *root = json_loads(text, JSON_DECODE_ANY, &err), *list;
    size_t k, n;
    if (!root)
        return;
    list = json_is_object(root) && json_is_array(json_object_get(root, "@graph")) ? json_object_get(root, "@graph")
                                                                                   : root;
    n = json_is_array(list) ? json_array_size(list) : 1;
    for (k = 0; k < n; k++) {
        json_t *o = json_is_array(list) ? json_array_get(list, k) : list;
        if (json_is_object(o) && ld_is_article(o) && fn(o, ud))
            break;
    }
    json_decref(root);
}

/* The first article-typed object gives the metadata. */
static int ld_first(json_t *o, void *ud)
{
    ld_article(o, ud);
    return 1;
}

static void ld_block(const char *text, at_doc_meta *m)
{
    ld_articles(text, ld_first, m);
}

/* The longest articleBody seen so far. */
static int ld_longest_body(json_t *o, void *ud)
{
    char **best = ud;
    const char *b = json_string_value(json_object_get(o, "articleBody"));
    if (b && (!*best || strlen(b) > strlen(*best))) {
        free(*best);
        *best = at__xstrdup(b);
    }
    return 0;
}

char *at__html_ld_body(xmlDocPtr doc, xmlNodePtr *where)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n;
    char *best = NULL;
    for (n = root; n; n = at__html_next(n, root, 1)) {
        char *v;
        if (!at__html_is(n, "script") || (v = at__html_attr(n, "type")) == NULL)
            continue;
        if (at__strcasecmp(v, "application/ld+json") == 0) {
            xmlChar *text = xmlNodeGetContent(n);
            size_t before = best ? strlen(best) : 0;
            if (text)
                ld_articles((const char *)text, ld_longest_body, &best);
            if (best && strlen(best) != before)
                *where = n;
            xmlFree(text);
        }
        free(v);
    }
    return best;
}

/* <meta property="og:title" content="..."> and friends. article:author is
 * often a profile URL, which is not a name. */
static void meta_tag(xmlNodePtr n, at_doc_meta *m)
{
    char *key = at__html_attr(n, "property"), *content = at__html_attr(n, "content");
    if (!key)
        key = at__html_attr(n, "name");
    if (!key)
        key = at__html_attr(n, "http-equiv");
    if (key && content) {
        if (at__strcasecmp(key, "og:title") == 0)
            set(&m->title, content);
        else if (at__strcasecmp(key, "og:site_name") == 0)
            set(&m->publication, content);
        else if (at__strcasecmp(key, "article:published_time") == 0 || at__strcasecmp(key, "date") == 0 ||
                 at__strcasecmp(key, "pubdate") == 0 || at__strcasecmp(key, "dc.date") == 0)
            set(&m->date, content);
        else if ((at__strcasecmp(key, "author") == 0 || at__strcasecmp(key, "article:author") == 0) &&
                 strncmp(content, "http", 4) != 0)
            set(&m->author, content);
        else if (at__strcasecmp(key, "og:image") == 0)
            set(&m->image, content);
        else if (at__strcasecmp(key, "og:locale") == 0 || at__strcasecmp(key, "content-language") == 0 ||
                 at__strcasecmp(key, "dc.language") == 0)
            set(&m->language, content);
    }
    free(key);
    free(content);
}

static void visit(xmlNodePtr n, found *f, at_doc *d)
{
    char *v;
    if (at__html_is(n, "html") && (v = at__html_attr(n, "lang")) != NULL) {
        set(&d->meta.language, v);
        free(v);
    } else if (at__html_is(n, "title") && !f->title_tag) {
        size_t len;
        f->title_tag = at__html_text(n, &len);
    } else if (at__html_is(n, "meta")) {
        meta_tag(n, &f->og);
    } else if (at__html_is(n, "time") && !f->time_tag) {
        f->time_tag = at__html_attr(n, "datetime");
    } else if (at__html_is(n, "script") && (v = at__html_attr(n, "type")) != NULL) {
        if (at__strcasecmp(v, "application/ld+json") == 0) {
            xmlChar *text = xmlNodeGetContent(n);
            if (text)
                ld_block((const char *)text, &f->ld);
            xmlFree(text);
        }
        free(v);
    }
}

static void take(char **dst, char **a, char **b, char **c)
{
    char **src[3];
    size_t k;
    src[0] = a;
    src[1] = b;
    src[2] = c;
    for (k = 0; k < 3; k++) {
        if (!*dst && src[k] && *src[k]) {
            *dst = *src[k];
            *src[k] = NULL;
        }
    }
}

static void free_meta(at_doc_meta *m)
{
    free(m->title);
    free(m->author);
    free(m->date);
    free(m->publication);
    free(m->language);
    free(m->dateline);
    free(m->image);
}

void at__html_meta(xmlDocPtr doc, const char *headline, at_doc *d)
{
    found f;
    xmlNodePtr root = xmlDocGetRootElement(doc), n;
    memset(&f, 0, sizeof f);
    for (n = root; n; n = at__html_next(n, root, 1))
        if (n->type == XML_ELEMENT_NODE)
            visit(n, &f, d);
    take(&d->meta.title, &f.ld.title, &f.og.title, NULL);
    take(&d->meta.author, &f.ld.author, &f.og.author, NULL);
    take(&d->meta.date, &f.ld.date, &f.og.date, &f.time_tag);
    take(&d->meta.publication, &f.ld.publication, &f.og.publication, NULL);
    take(&d->meta.image, &f.ld.image, &f.og.image, NULL);
    take(&d->meta.language, &f.ld.language, &f.og.language, NULL);
    /* <title> often carries the site's name too: the page's <h1> is
     * better, <title> the last resort. */
    set(&d->meta.title, headline);
    set(&d->meta.title, f.title_tag);
    free_meta(&f.ld);
    free_meta(&f.og);
    free(f.title_tag);
    free(f.time_tag);
}
