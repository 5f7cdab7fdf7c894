/* Finding the article in a web page: which elements hold the story, and
 * which furniture inside them is left out. Written here because no Debian
 * library does main-content extraction in C; the method follows what
 * Readability and trafilatura document, with rules of our own.
 *
 * One pass over the tree measures every element bottom-up: its text, the
 * part of it inside links, its commas and its short fragments. Then, in
 * order:
 *  1. The page's own statement (JSON-LD articleBody, 60 words or more): the
 *     element whose text matches it best, by F1 over 4-word shingles, is
 *     the article. When nothing on the page matches it (the story is drawn
 *     by scripts), the stated text itself is read.
 *  2. Scoring: every paragraph of 25 characters or more scores 1, plus its
 *     commas, plus a point per 100 characters (3 at most). Its parent gets
 *     the score, its grandparent half, further ancestors a third per level,
 *     up to five levels. Containers start from their tag and their class
 *     and id words (article, story, body... raise; comment, share,
 *     sidebar... lower), and <article> and itemprop=articleBody count as
 *     article markers. Each score is scaled by 1 - link density. The best
 *     container is widened to an ancestor when several near-best ones share
 *     it or when the scores rise going up, and its siblings join when they
 *     score well or read as paragraphs.
 *  3. Short results (under 500 characters) are tried again with fewer
 *     exclusions (class and id words first, then their weights); the
 *     longest attempt wins.
 * Inside the article, furniture is dropped: hidden elements, furniture
 * roles, share/related/newsletter/comment... hints, embedded posts
 * (tweets, Instagram, video players), charts (many short label fragments),
 * and containers that are mostly links. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Per-element facts. Index 0 is "no element". */
enum {
    K_SKIP = 1,      /* a tag never read (script, nav, ...) */
    K_HIDDEN = 2,    /* hidden, or a furniture role */
    K_UNLIKELY = 4,  /* class/id words of furniture, without article words */
    K_INLINE = 8,    /* an inline element (a, span, em, ...) */
    K_CLUTTER = 16,  /* class/id words of furniture inside an article */
    K_EMBED = 32,    /* an embedded post or player */
    K_CHART = 64,    /* class/id words of a chart or graphic */
    K_MARKER = 128,  /* <article> or itemprop=articleBody */
    K_PARA = 256,    /* p, pre, td: a paragraph by its tag */
    K_CONTAINER = 512, /* div, section, ul, ... : conditionally cleaned */
    K_FURNITURE = 1024, /* with K_UNLIKELY: words of furniture that never holds the story */
    K_STRUCT = 2048 /* a skipped tag that a malformed page may wrap its story in (nav, aside) */
};

/* Relaxation levels of the search; RAW measures everything but scripts
 * and the like, to see where the story is before any rule. */
enum { RAW = -1 };

typedef struct el {
    xmlNodePtr n;
    size_t parent;
    unsigned kind;
    int weight;           /* class and id words: +-25 each */
    size_t text, links;   /* characters under it (collapsed space), in links */
    size_t own, own_commas; /* characters of its inline content */
    size_t commas;
    size_t leaves, shorts; /* leaf text blocks under it, and short fragments */
    size_t paras;         /* paragraphs (p) under it */
    size_t heads;         /* headings under it */
    size_t nlinks;        /* <a> elements under it */
    size_t hits, shingles; /* JSON-LD match: shingles found, shingles in all */
    double score;
    int scored, dead;
    int holds_marker; /* an article marker or <main> is inside it */
    int holds_story;  /* most of the page's paragraphs are inside it */
    int holds_all;    /* nine tenths of them (of its article's, inside an <article>), three or more */
    size_t scope;     /* the nearest article marker above it, or 0 */
    size_t pos, size; /* place in document order, and elements in its subtree (itself too) */
} el;

typedef struct finder {
    const at__html_parse *ps;
    el *e;          /* ps->n + 1 entries */
    size_t *order;  /* element indexes in document order */
    size_t n;
    size_t body;    /* index of <body> (or the root element) */
} finder;

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "nav", "aside", "button", "select", "input", "textarea",
    "iframe", "svg", "canvas", "object", "embed", "video", "audio", "map", "dialog", "head", "menu", "img",
    "picture", "link", "meta", "label", "title", "option", "datalist", "math", NULL};
static const char *const struct_tags[] = {"nav", "aside", "menu", "dialog", "label", "noscript", NULL};
static const char *const para_tags[] = {"p", "pre", "td", NULL};
static const char *const container_tags[] = {"div", "section", "ul", "ol", "dl", "table", "form", "figure",
                                             "center", "header", "footer", "main", "article", "blockquote",
                                             NULL};
static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};

/* Class and id words of furniture that never holds the story (comments,
 * consent banners, share bars, related links...): left out of the search
 * unless an article marker is inside. */
static const char *const furniture_words[] = {
    "comment", "disqus", "share", "sharing", "social", "related", "cookie", "consent", "gdpr", "newsletter",
    "subscri", "signup", "sign-up", "outbrain", "taboola", "breadcrumb", "popup", "modal",
    "recommend", "more-stories", "read-more", "readmore", "skip-link", "trending", "most-popular",
    "mostpopular", "most-read", "mostread", "author-bio", "authorbio", "author-info", "about-author", "login",
    "signin", "agegate", "shoutbox", "replies", NULL};
/* Layout words that usually mean furniture but now and then wrap the
 * story ("container has-sidebar"): left out on the first try only. */
static const char *const unlikely_words[] = {
    "sidebar", "promo", "advert", "sponsor", "menu", "toolbar", "banner", "masthead", "footer", "pagination",
    "pager", "ai2html", "skyscraper", "supplemental", "widget", "popular", "combx", "rss", "tags", "tagline",
    "topics", "navbar", "header", NULL};
/* Words of article containers: they keep an element in the search and
 * weigh it up. */
static const char *const article_words[] = {"article", "story", "body", "content", "entry", "main", "post",
                                            "text", "column", "blog", "hentry", "page", "paragraph", NULL};
/* Negative weight only (not enough to leave an element out). */
static const char *const negative_words[] = {"meta", "media", "contact", "caption", "byline", "author", "date",
                                             "hidden", "scroll", "shopping", "extra", "aside", NULL};
/* Furniture inside an article: always dropped there. */
static const char *const clutter_words[] = {
    "share", "sharing", "social", "related", "comment", "cookie", "consent", "newsletter", "promo", "advert",
    "sponsor", "subscri", "signup", "sign-up", "breadcrumb", "sidebar", "popup", "modal",
    "outbrain", "taboola", "recommend", "more-stories", "read-more", "readmore", "tags", "menu", "toolbar",
    "skip-link", "author-bio", "authorbio", "author-info", "about-author", "most-popular", "mostpopular",
    "most-read", "mostread", "trending", "disqus", "gdpr", "inline-ad", "ad-container", "ad-slot",
    "adslot", "adunit", "ad-unit", "dfp", "print-footer", "reprint", "rollover", "tooltip", "popover",
    "hovercard", NULL};
/* Embedded posts and players. */
static const char *const embed_words[] = {"twitter", "tweet", "instagram", "tiktok", "facebook", "fb-post",
                                          "youtube", "video-player", "videoplayer", "jwplayer", "brightcove",
                                          "embed", "pinterest", "soundcloud", "spotify", "podcast-player",
                                          "reddit-card", "iframe", NULL};
/* Charts and graphics. */
static const char *const chart_words[] = {"chart", "graphic", "datawrapper", "flourish", "infogram", "ai2html",
                                          "g-story", "svelte", "dataviz", "data-viz", NULL};
static const char *const furniture_roles[] = {"navigation", "complementary", "banner", "contentinfo", "search",
                                              "dialog", "alertdialog", "menu", "menubar", "alert", NULL};

/* True when a part of the words of `s` (from at__html_class_parts)
 * starts with one of `list`. */
static int words_have(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (at__html_part_has(s, *list))
            return 1;
    return 0;
}

/* The ad words: "ad", "ads", "ad-*", "ads-*", "*-ad", "*_ad". */
static int words_have_ad(const char *s)
{
    while (s && *s) {
        size_t len = strcspn(s, " ");
        if ((len == 2 && memcmp(s, "ad", 2) == 0) || (len == 3 && memcmp(s, "ads", 3) == 0) ||
            (len > 3 && (memcmp(s, "ad-", 3) == 0 || memcmp(s, "ad_", 3) == 0)) ||
            (len > 4 && memcmp(s, "ads-", 4) == 0) ||
            (len > 3 && (memcmp(s + len - 3, "-ad", 3) == 0 || memcmp(s + len - 3, "_ad", 3) == 0)))
            return 1;
        s += len;
        while (*s == ' ')
            s++;
    }
    return 0;
}

/* Class words that name the story's topics, not the element's role: a
 * publishing system's "category-promotions" or "tag-social-media" on the
 * article itself. */
static int topic_word(const char *w, size_t len)
{
    static const char *const prefixes[] = {"category-", "tag-", "post_tag-", "tags-", "topic-", "section-",
                                           "postid-", "format-", "type-", "status-", NULL};
    const char *const *p;
    for (p = prefixes; *p; p++)
        if (len > strlen(*p) && strncmp(w, *p, strlen(*p)) == 0)
            return 1;
    return 0;
}

/* The class and id of `n` as parts (at__html_class_parts), joined by a
 * space, without topic words; NULL if none. */
static char *class_words(xmlNodePtr n)
{
    char *c = at__html_attr(n, "class"), *i = at__html_attr(n, "id"), *s, *w;
    at_buf b = {0};
    if (!c && !i)
        return NULL;
    s = at__xmalloc((c ? strlen(c) : 0) + (i ? strlen(i) : 0) + 2);
    strcpy(s, c ? c : "");
    strcat(s, " ");
    strcat(s, i ? i : "");
    w = at__html_class_parts(s);
    free(s);
    s = w;
    for (w = s; *w;) {
        size_t len = strcspn(w, " ");
        if (len && !topic_word(w, len)) {
            if (b.n)
                at__buf_putc(&b, ' ');
            at__buf_put(&b, w, len);
        }
        w += len;
        while (*w == ' ')
            w++;
    }
    free(s);
    free(c);
    free(i);
    return b.n ? at__buf_detach(&b) : NULL;
}

/* A class word that hides: "hidden", "d-none"... but not "hidden-xs",
 * which hides on small screens only. Screen-reader-only labels
 * ("sr-only") name buttons and icons, not the story. */
static int hiding_class(xmlNodePtr n)
{
    static const char *const words[] = {"hidden", "hide", "d-none", "is-hidden", "u-hidden", "display-none",
                                        "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                                        "invisible", NULL};
    char *v = at__html_attr(n, "class"), *w, *save = NULL;
    int hit = 0;
    for (w = v ? strtok_r(v, " \t\r\n", &save) : NULL; w && !hit; w = strtok_r(NULL, " \t\r\n", &save)) {
        const char *const *h;
        for (h = words; *h && !hit; h++)
            hit = at__strcasecmp(w, *h) == 0;
    }
    free(v);
    return hit;
}

/* Hidden by attribute, style or class, or a furniture role. */
static int hidden(xmlNodePtr n)
{
    char *v;
    int hit = 0;
    if (hiding_class(n))
        return 1;
    if ((v = at__html_attr(n, "hidden")) != NULL) {
        free(v);
        return 1;
    }
    if ((v = at__html_attr(n, "aria-hidden")) != NULL) {
        hit = at__strcasecmp(v, "true") == 0;
        free(v);
    }
    if (!hit && (v = at__html_attr(n, "style")) != NULL) {
        char *p;
        for (p = v; *p; p++)
            *p = *p == ' ' ? ' ' : (char)at__to_lower((unsigned char)*p);
        hit = strstr(v, "display:none") || strstr(v, "display: none") || strstr(v, "visibility:hidden") ||
              strstr(v, "visibility: hidden");
        free(v);
    }
    if (!hit && (v = at__html_attr(n, "role")) != NULL) {
        const char *const *r;
        for (r = furniture_roles; *r && !hit; r++)
            hit = at__strcasecmp(v, *r) == 0;
        free(v);
    }
    return hit;
}

/* The kind and weight of one element, from its tag and attributes. An
 * <article> whose class words say furniture (a comment, a related story)
 * is no article marker. */
static void classify(el *x)
{
    xmlNodePtr n = x->n;
    char *w = NULL, *v;
    int furniture = 0, article = 0;
    if (at__html_in(n, skip_tags))
        x->kind |= K_SKIP;
    if (at__html_in(n, struct_tags))
        x->kind |= K_STRUCT;
    if (at__html_inline(n))
        x->kind |= K_INLINE;
    if (at__html_in(n, para_tags))
        x->kind |= K_PARA;
    if (at__html_in(n, container_tags))
        x->kind |= K_CONTAINER;
    if (hidden(n))
        x->kind |= K_HIDDEN;
    if (!at__html_is(n, "body") && !at__html_is(n, "html") && !at__html_is(n, "a"))
        w = class_words(n);
    /* words that contain a furniture word but name the story itself:
     * "commentary" is an opinion piece, not comments; Drupal's
     * "node--promoted" is an article promoted to the front page */
    if (w && (v = strstr(w, "commentary")) != NULL)
        memcpy(v, "opinionary", 10);
    if (w && (v = strstr(w, "promoted")) != NULL)
        memcpy(v, "frontpage", 8);
    if (w) {
        int hard = words_have(w, furniture_words) || words_have_ad(w);
        furniture = hard || words_have(w, unlikely_words);
        article = words_have(w, article_words);
        if (hard)
            x->kind |= K_FURNITURE;
        if (words_have(w, clutter_words) || words_have_ad(w))
            x->kind |= K_CLUTTER;
        if (words_have(w, embed_words))
            x->kind |= K_EMBED;
        if (words_have(w, chart_words))
            x->kind |= K_CHART;
        if (furniture || words_have(w, negative_words))
            x->weight -= 25;
        if (article)
            x->weight += 25;
    }
    if (at__html_is(n, "article") && !furniture)
        x->kind |= K_MARKER;
    if ((v = at__html_attr(n, "itemprop")) != NULL) {
        if (at__strcasecmp(v, "articleBody") == 0)
            x->kind |= K_MARKER;
        free(v);
    }
    if (furniture && !article && !(x->kind & K_MARKER))
        x->kind |= K_UNLIKELY;
    if (x->kind & K_MARKER)
        x->weight += 25;
    free(w);
}

/* Characters of a text node with white space collapsed, and its commas;
 * `ends` tells whether its last visible character ends a sentence. */
static size_t count_text(const xmlChar *s, size_t *commas, int *ends)
{
    size_t n = 0;
    int space = 1;
    for (; s && *s; s++) {
        unsigned char c = *s;
        if ((c & 0xC0) == 0x80)
            continue;
        if (at__is_space(c)) {
            n += !space;
            space = 1;
            continue;
        }
        space = 0;
        n++;
        *commas += c == ',';
        *ends = c == '.' || c == '!' || c == '?' || c == ':' || c == 0xE2 /* … ” ’ */ || c == '"' || c == ')';
    }
    return n;
}

/* Whether element `x` is left out of the search at relaxation `relax`
 * (0: all rules; 1: class and id words no longer exclude; 2: nor weigh). */
static int excluded(const el *x, int relax)
{
    if ((x->kind & K_SKIP) && !(x->kind & K_STRUCT))
        return 1; /* scripts, styles, media: even for RAW */
    if (relax == RAW)
        return 0;
    if (x->kind & (K_SKIP | K_HIDDEN))
        return !x->holds_story; /* a <nav> or hidden box that a broken page wraps its story in */
    if (x->holds_marker || x->holds_all || !(x->kind & K_UNLIKELY))
        return 0; /* "social" on a box that, unclosed, swallowed the page */
    return relax == 0 || (x->kind & K_FURNITURE);
}

/* Measures every element bottom-up (children before parents: the
 * reverse of document order), at relaxation `relax` or RAW. */
static void measure(finder *f, int relax)
{
    size_t k, i;
    for (i = 0; i < f->n; i++) {
        el *x = &f->e[f->order[i]];
        size_t keep = x->parent;
        x->text = x->links = x->own = x->own_commas = x->commas = 0;
        x->leaves = x->shorts = x->paras = x->heads = x->nlinks = 0;
        x->score = 0;
        x->scored = 0;
        x->dead = excluded(x, relax) || (keep && f->e[keep].dead);
    }
    for (k = f->n; k-- > 0;) {
        size_t ix = f->order[k];
        el *x = &f->e[ix], *p = x->parent ? &f->e[x->parent] : NULL;
        xmlNodePtr c;
        int ends = 0;
        if (x->dead)
            continue;
        for (c = x->n->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                size_t commas = 0, len = count_text(c->content, &commas, &ends);
                x->text += len;
                x->own += len;
                x->own_commas += commas;
                x->commas += commas;
            }
        }
        if (at__html_is(x->n, "a"))
            x->links = x->text;
        if (!(x->kind & K_INLINE) && x->own > 0 && !at__html_in(x->n, (const char *const[]){"li", "td", "th", "dt",
                                                                                          "dd", NULL})) {
            x->leaves++;
            x->shorts += x->own < 30 && !ends;
        }
        x->paras += at__html_is(x->n, "p") && x->text >= 25;
        x->heads += at__html_in(x->n, heading_tags);
        x->nlinks += at__html_is(x->n, "a");
        if (!p)
            continue;
        p->text += x->text;
        p->links += x->links;
        p->commas += x->commas;
        p->leaves += x->leaves;
        p->shorts += x->shorts;
        p->paras += x->paras;
        p->heads += x->heads;
        p->nlinks += x->nlinks;
        if (x->kind & K_INLINE) {
            p->own += x->own;
            p->own_commas += x->own_commas;
        }
    }
}

/* ---- Scoring ------------------------------------------------------------ */

static double tag_base(const el *x)
{
    static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
    static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL};
    static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
    if (at__html_is(x->n, "div") || at__html_is(x->n, "article"))
        return 5;
    if (at__html_in(x->n, plus3))
        return 3;
    if (at__html_in(x->n, minus3))
        return -3;
    if (at__html_in(x->n, minus5))
        return -5;
    return 0;
}

static void credit(finder *f, size_t ix, double s, int relax)
{
    int level;
    for (level = 0; ix && level < 5; level++, ix = f->e[ix].parent) {
        el *a = &f->e[ix];
        if (a->dead)
            return;
        if (!a->scored) {
            a->scored = 1;
            a->score = tag_base(a) + (relax < 2 ? a->weight : 0);
        }
        a->score += s / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
    }
}

static double paragraph_score(size_t len, size_t commas)
{
    return 1.0 + (double)commas + (double)(len / 100 < 3 ? len / 100 : 3);
}

/* Paragraphs score their ancestors: p, pre and td, a block of only inline
 * content (a <div> used as a paragraph), and the inline text of a block
 * that also holds blocks (it counts for that block itself). */
static void score_paragraphs(finder *f, int relax)
{
    size_t k;
    for (k = 0; k < f->n; k++) {
        size_t ix = f->order[k];
        el *x = &f->e[ix];
        if (x->dead || (x->kind & K_INLINE))
            continue;
        if ((x->kind & K_PARA) || (x->own == x->text && x->text > 0)) {
            if (x->text >= 25 && !at__html_in(x->n, heading_tags))
                credit(f, x->parent, paragraph_score(x->text, x->commas), relax);
        } else if (x->own >= 25) {
            credit(f, ix, paragraph_score(x->own, x->own_commas), relax);
        }
    }
}

static double link_density(const el *x)
{
    return x->text ? (double)x->links / (double)x->text : 0;
}

static double final_score(const el *x)
{
    return x->score * (1.0 - link_density(x));
}

/* `a` is `ix` or holds it: a subtree is a run of document order. */
static int is_ancestor(const finder *f, size_t a, size_t ix)
{
    return f->e[ix].pos >= f->e[a].pos && f->e[ix].pos < f->e[a].pos + f->e[a].size;
}

/* The best container, widened: to the nearest ancestor that three of the
 * near-best candidates share, then upwards while the scores say the text
 * goes on there, then past single-child wrappers. */
static size_t top_candidate(finder *f)
{
    size_t top[5] = {0}, k, i, best, p;
    double last, threshold;
    for (k = 0; k < f->n; k++) {
        size_t ix = f->order[k];
        const el *x = &f->e[ix];
        if (!x->scored || x->dead || (x->kind & K_UNLIKELY))
            continue; /* relaxed, furniture counts for its ancestors but is never the article */
        for (i = 0; i < 5; i++) {
            if (!top[i] || final_score(x) > final_score(&f->e[top[i]])) {
                memmove(top + i + 1, top + i, (4 - i) * sizeof *top);
                top[i] = ix;
                break;
            }
        }
    }
    if (!(best = top[0]))
        return 0;
    {
        size_t alt[4], nalt = 0;
        for (i = 1; i < 5 && top[i]; i++)
            if (final_score(&f->e[top[i]]) >= 0.75 * final_score(&f->e[best]))
                alt[nalt++] = top[i];
        if (nalt >= 3) {
            for (p = f->e[best].parent; p && p != f->body; p = f->e[p].parent) {
                size_t c = 0;
                for (i = 0; i < nalt; i++)
                    c += is_ancestor(f, p, alt[i]);
                if (c >= 3) {
                    best = p;
                    break;
                }
            }
        }
    }
    last = final_score(&f->e[best]);
    threshold = last / 3;
    for (p = f->e[best].parent; p && p != f->body; p = f->e[p].parent) {
        if (!f->e[p].scored)
            continue;
        if (final_score(&f->e[p]) < threshold)
            break;
        if (final_score(&f->e[p]) > last) {
            best = p;
            break;
        }
        last = final_score(&f->e[p]);
    }
    while (f->e[best].parent && f->e[best].parent != f->body) {
        xmlNodePtr c;
        size_t nchild = 0;
        for (c = f->e[f->e[best].parent].n->children; c; c = c->next)
            nchild += c->type == XML_ELEMENT_NODE;
        if (nchild != 1)
            break;
        best = f->e[best].parent;
    }
    return best;
}

/* The text of `x` ends like a sentence. */
static int ends_sentence(xmlNodePtr n)
{
    size_t len;
    char *t = at__html_text(n, &len);
    int r = len > 0 && (t[len - 1] == '.' || (len >= 3 && (unsigned char)t[len - 3] == 0xE2));
    free(t);
    return r;
}

/* The article's elements: the top candidate and those of its siblings
 * that score near it or read as paragraphs. */
static size_t gather(finder *f, size_t top, size_t **out)
{
    size_t n = 0, cap = 0;
    const el *t = &f->e[top];
    double threshold = final_score(t) * 0.2 > 10 ? final_score(t) * 0.2 : 10;
    xmlNodePtr c;
    char *tclass = at__html_attr(t->n, "class");
    *out = NULL;
    if (!t->parent || top == f->body) {
        *AT_PUSH(*out, n, cap) = top;
        free(tclass);
        return n;
    }
    for (c = f->e[t->parent].n->children; c; c = c->next) {
        size_t ix = c->type == XML_ELEMENT_NODE ? (size_t)(uintptr_t)c->_private : 0;
        const el *x = ix && ix <= f->ps->n ? &f->e[ix] : NULL;
        int take = 0;
        if (!x || !x->n || x->dead || (x->kind & K_UNLIKELY))
            continue;
        if (ix == top) {
            take = 1;
        } else if ((x->kind & K_MARKER) && (t->kind & K_MARKER)) {
            take = 0; /* two <article>s are two stories */
        } else {
            double bonus = 0;
            char *cl = tclass && *tclass ? at__html_attr(x->n, "class") : NULL;
            if (cl && strcmp(cl, tclass) == 0)
                bonus = final_score(t) * 0.2;
            free(cl);
            if ((x->scored ? final_score(x) : 0) + bonus >= threshold && x->text > 0 && link_density(x) < 0.5)
                take = 1;
            else if (x->paras >= 3 && link_density(x) < 0.2)
                take = 1; /* a run of paragraphs the scores missed */
            else if ((x->kind & K_PARA) || (x->own == x->text && !(x->kind & K_INLINE))) {
                double ld = link_density(x);
                if (x->text > 80 && ld < 0.25)
                    take = 1;
                else if (x->text > 0 && x->text <= 80 && ld == 0 && ends_sentence(x->n))
                    take = 1;
            }
        }
        if (take)
            *AT_PUSH(*out, n, cap) = ix;
    }
    free(tclass);
    return n;
}

/* ---- JSON-LD articleBody ------------------------------------------------- */

/* A set of 64-bit shingle hashes, open addressing; 0 is never stored. */
typedef struct hset {
    uint64_t *v;
    size_t mask, n;
} hset;

static void hset_add(hset *h, uint64_t x)
{
    size_t i;
    if (!x)
        x = 1;
    if ((h->n + 1) * 2 > h->mask + 1) {
        hset old = *h;
        size_t k;
        h->mask = h->mask ? h->mask * 2 + 1 : 1023;
        h->v = at__xcalloc(h->mask + 1, sizeof *h->v);
        h->n = 0;
        for (k = 0; old.v && k <= old.mask; k++)
            if (old.v[k])
                hset_add(h, old.v[k]);
        free(old.v);
    }
    for (i = (size_t)(x ^ (x >> 29)) & h->mask; h->v[i]; i = (i + 1) & h->mask)
        if (h->v[i] == x)
            return;
    h->v[i] = x;
    h->n++;
}

static int hset_has(const hset *h, uint64_t x)
{
    size_t i;
    if (!h->v)
        return 0;
    if (!x)
        x = 1;
    for (i = (size_t)(x ^ (x >> 29)) & h->mask; h->v[i]; i = (i + 1) & h->mask)
        if (h->v[i] == x)
            return 1;
    return 0;
}

/* Words for shingles: runs of letters and digits (ASCII lower-cased);
 * punctuation, spaces and markup between '<' and '>' separate them. */
typedef struct shingler {
    uint64_t word, last[4];
    size_t nwords;
    int in_word, in_tag;
} shingler;

static int word_cp(int32_t c)
{
    if (c < 0x80)
        return at__is_alpha((int)c) || at__is_digit((int)c);
    return !(c < 0xC0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
             (c >= 0xFF00 && c <= 0xFF0F));
}

/* Ends the current word; returns the hash of the 4 words ending with it,
 * or 0 when fewer than 4 words have been seen. */
static uint64_t end_word(shingler *s)
{
    if (!s->in_word)
        return 0;
    s->in_word = 0;
    memmove(s->last, s->last + 1, 3 * sizeof *s->last);
    s->last[3] = s->word;
    if (++s->nwords < 4)
        return 0;
    return (s->last[0] * 0x9E3779B97F4A7C15ULL) ^ (s->last[1] * 0xC2B2AE3D27D4EB4FULL) ^
           (s->last[2] * 0x165667B19E3779F9ULL) ^ (s->last[3] * 0x27D4EB2F165667C5ULL);
}

/* Feeds text to `s`, calling `fn` with each complete shingle. */
static void shingle_text(shingler *s, const char *t, size_t len, int markup, void (*fn)(void *, uint64_t),
                         void *ud)
{
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        int32_t c = at__utf8_next(t, len, &i);
        uint64_t h;
        if (markup && c == '<')
            s->in_tag = 1;
        if (s->in_tag || !word_cp(c)) {
            if (markup && c == '>')
                s->in_tag = 0;
            if ((h = end_word(s)) != 0)
                fn(ud, h);
            continue;
        }
        if (!s->in_word) {
            s->in_word = 1;
            s->word = 1469598103934665603ULL;
        }
        for (; at < i; at++)
            s->word = (s->word ^ (uint64_t)at__to_lower((unsigned char)t[at])) * 1099511628211ULL;
    }
}

static void add_to_set(void *ud, uint64_t h)
{
    hset_add(ud, h);
}

typedef struct counting {
    const hset *set;
    size_t hits, total;
} counting;

static void count_hit(void *ud, uint64_t h)
{
    counting *c = ud;
    c->total++;
    c->hits += hset_has(c->set, h);
}

/* Counts the shingles of each block's inline text and how many the set
 * holds, then sums them up the tree. */
static void match_blocks(finder *f, const hset *set)
{
    size_t k;
    for (k = 0; k < f->n; k++) {
        el *x = &f->e[f->order[k]];
        x->hits = x->shingles = 0;
    }
    for (k = 0; k < f->n; k++) {
        el *x = &f->e[f->order[k]];
        shingler s;
        counting c;
        xmlNodePtr n, top = x->n;
        if (x->dead || (x->kind & K_INLINE))
            continue;
        memset(&s, 0, sizeof s);
        c.set = set;
        c.hits = c.total = 0;
        for (n = top->children; n; n = at__html_next(n, top, n->type == XML_ELEMENT_NODE && at__html_inline(n) &&
                                                                 !at__html_in(n, skip_tags))) {
            if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
                shingle_text(&s, (const char *)n->content, strlen((const char *)n->content), 0, count_hit, &c);
                shingle_text(&s, " ", 1, 0, count_hit, &c);
            }
        }
        {
            uint64_t h = end_word(&s);
            if (h)
                count_hit(&c, h);
        }
        x->hits += c.hits;
        x->shingles += c.total;
    }
    for (k = f->n; k-- > 0;) {
        el *x = &f->e[f->order[k]];
        if (!x->dead && x->parent) {
            f->e[x->parent].hits += x->hits;
            f->e[x->parent].shingles += x->shingles;
        }
    }
}

/* The element that best holds the stated body: F1 of its shingles against
 * the statement's. Returns 0 below `min_f1`. */
static size_t match_statement(finder *f, const char *body, double min_f1, double *best_f1)
{
    hset set = {0};
    shingler s;
    size_t k, best = 0;
    double bf = 0;
    memset(&s, 0, sizeof s);
    shingle_text(&s, body, strlen(body), 1, add_to_set, &set);
    {
        uint64_t h = end_word(&s);
        if (h)
            hset_add(&set, h);
    }
    if (set.n < 40) {
        free(set.v);
        *best_f1 = 0;
        return 0;
    }
    match_blocks(f, &set);
    for (k = 0; k < f->n; k++) {
        size_t ix = f->order[k];
        const el *x = &f->e[ix];
        double f1;
        if (x->dead || !x->hits || x->leaves < 2)
            continue; /* a statement that one paragraph holds is a summary */
        f1 = 2.0 * (double)x->hits / (double)(x->shingles + set.n);
        if (f1 > bf + 1e-9) {
            bf = f1;
            best = ix;
        }
    }
    free(set.v);
    *best_f1 = bf;
    return bf >= min_f1 ? best : 0;
}

/* ---- Cleaning inside the article ---------------------------------------- */

/* A container that is furniture by its content: mostly links, a chart's
 * label fragments, or next to no text. */
static int poor_container(const el *x, int relax)
{
    double ld = link_density(x);
    int weight = relax < 2 ? x->weight : 0;
    if (!(x->kind & K_CONTAINER) || (x->kind & K_MARKER))
        return 0;
    if (x->text == 0)
        return 0;
    if (weight < 0 && x->commas < 10 && x->paras < 3)
        return 1;
    if (x->leaves >= 8 && x->shorts * 10 >= x->leaves * 8 && x->paras * 4 < x->leaves)
        return 1; /* chart labels, tiles of headlines */
    if (x->commas >= 10)
        return 0;
    if ((weight < 25 && ld > 0.33) || ld > 0.5)
        return 1;
    return 0;
}

/* A block of only inline content: a paragraph, list item or heading. */
static int leaf_block(const el *x)
{
    return !(x->kind & K_INLINE) && x->own == x->text && x->text > 0;
}

/* A short line that ends without a sentence's end: a lead-in such as
 * "You may also like..." or "Related:". */
static int lead_in(const el *x)
{
    size_t len;
    char *t;
    int r;
    if (!leaf_block(x) || x->text > 80 || x->links > 0)
        return 0;
    t = at__html_text(x->n, &len);
    r = len > 0 && !(t[len - 1] == '.' && !(len >= 3 && memcmp(t + len - 3, "...", 3) == 0)) && t[len - 1] != '!' &&
        t[len - 1] != '?' && !(len >= 3 && memcmp(t + len - 3, "\xE2\x80\x9D", 3) == 0);
    free(t);
    return r;
}

/* An inline element that is three links or more and little else. */
static int link_cluster(const el *x)
{
    return (x->kind & K_INLINE) && x->nlinks >= 3 && x->links * 10 >= x->text * 8;
}

/* Whether a child of `x` is such a cluster: then the child is the card,
 * and `x` (the name it pops up from) is text. */
static int link_cluster_inside(const finder *f, const el *x)
{
    xmlNodePtr c;
    for (c = x->n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && c->_private && (size_t)(uintptr_t)c->_private <= f->ps->n &&
            link_cluster(&f->e[(size_t)(uintptr_t)c->_private]))
            return 1;
    return 0;
}

/* The element before `x` among its parent's children, or 0. */
static size_t prev_element(const finder *f, const el *x)
{
    xmlNodePtr p;
    for (p = x->n->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE && p->_private && (size_t)(uintptr_t)p->_private <= f->ps->n)
            return (size_t)(uintptr_t)p->_private;
    return 0;
}

/* Marks the furniture inside `root`. An element that holds half of the
 * article's text or more is the article, whatever its class words say.
 * A paragraph that is all link is a link to another story, and the short
 * line that leads into such links goes with them. */
static void mark_drops(finder *f, size_t root, unsigned char *drop, int relax)
{
    enum { KEEP = 0, FURNITURE = 1, LINKS = 2, WALK = 4 };
    size_t k, half = f->e[root].text / 2, paras = f->e[root].paras, first = f->e[root].pos + 1, end = f->e[root].pos + f->e[root].size;
    for (k = first; k < end; k++) {
        size_t ix = f->order[k];
        el *x = &f->e[ix];
        if (x->parent && (drop[x->parent] & (FURNITURE | LINKS))) {
            drop[ix] = FURNITURE;
            continue;
        }
        if (x->holds_story && (x->kind & (K_SKIP | K_HIDDEN)))
            drop[ix] = WALK; /* the story is inside, whatever the tag says */
        else if ((x->kind & (K_SKIP | K_HIDDEN)) || x->dead)
            drop[ix] = FURNITURE; /* what the search left out stays out */
        else if ((x->text >= half && x->text > 0) || (x->paras > 0 && x->paras * 2 > paras))
            continue;
        else if (at__html_is(x->n, "form"))
            drop[ix] = FURNITURE; /* a search box or sign-up form inside the story */
        else if ((x->kind & (K_CLUTTER | K_EMBED | K_CHART)) || poor_container(x, relax))
            drop[ix] = link_density(x) > 0.33 ? LINKS : FURNITURE;
        else if (leaf_block(x) && ((x->text < 200 && x->links * 10 >= x->text * 9) ||
                                   (x->nlinks >= 2 && x->links * 10 >= x->text * 8)))
            drop[ix] = LINKS;
        else if (link_cluster(x) && !link_cluster_inside(f, x))
            drop[ix] = FURNITURE; /* a hover card of links inside a sentence */
    }
    for (k = first; k < end; k++) {
        size_t ix = f->order[k], p;
        if (drop[ix] == LINKS && (p = prev_element(f, &f->e[ix])) != 0 && !(drop[p] & (FURNITURE | LINKS)) &&
            lead_in(&f->e[p]))
            drop[p] = FURNITURE;
    }
}

/* ---- The search ----------------------------------------------------------- */

static size_t text_of_roots(const finder *f, const size_t *roots, size_t n)
{
    size_t k, t = 0;
    for (k = 0; k < n; k++)
        t += f->e[roots[k]].text;
    return t;
}

static void build(finder *f, const at__html_parse *ps, xmlNodePtr top)
{
    size_t cap = 0;
    xmlNodePtr n;
    f->ps = ps;
    f->e = at__xcalloc(ps->n + 1, sizeof *f->e);
    f->order = NULL;
    f->n = 0;
    f->body = 0;
    for (n = top; n; n = at__html_next(n, top, 1)) {
        size_t ix;
        if (n->type != XML_ELEMENT_NODE || !n->_private || (size_t)(uintptr_t)n->_private > ps->n)
            continue;
        ix = (size_t)(uintptr_t)n->_private;
        if (f->e[ix].n)
            continue;
        f->e[ix].n = n;
        f->e[ix].pos = f->n;
        f->e[ix].parent = n->parent && n->parent->type == XML_ELEMENT_NODE && n->parent->_private
                              ? (size_t)(uintptr_t)n->parent->_private : 0;
        if (f->e[ix].parent)
            f->e[ix].scope = (f->e[f->e[ix].parent].kind & K_MARKER) ? f->e[ix].parent : f->e[f->e[ix].parent].scope;
        classify(&f->e[ix]);
        *AT_PUSH(f->order, f->n, cap) = ix;
        if (!f->body && at__html_is(n, "body"))
            f->body = ix;
    }
    if (!f->body && f->n)
        f->body = f->order[0];
    for (cap = f->n; cap-- > 0;) {
        el *x = &f->e[f->order[cap]];
        x->size++;
        if (x->parent)
            f->e[x->parent].size += x->size;
    }
    /* Where the paragraphs are before any rule: libxml2 parses by HTML 4's
     * rules, and an unclosed <nav>, <aside> or share box on an HTML5 page
     * can swallow the rest of the page, story included. An element that
     * holds most of the page's paragraphs is never left out for its tag,
     * nor one that holds nearly all of them for its class words. */
    measure(f, RAW);
    for (cap = 0; cap < f->n; cap++) {
        el *x = &f->e[f->order[cap]];
        x->holds_story = x->paras >= 1 && x->paras * 2 > f->e[f->body].paras;
        x->holds_all = x->paras >= 3 && x->paras * 10 >= f->e[x->scope ? x->scope : f->body].paras * 9;
    }
    /* A container of the article's markers is never furniture by its
     * class words alone ("container penci_sidebar" around <article>). */
    for (cap = 0; cap < f->n; cap++) {
        size_t ix = f->order[cap];
        if (!(f->e[ix].kind & K_MARKER) && !at__html_is(f->e[ix].n, "main"))
            continue;
        for (ix = f->e[ix].parent; ix && !f->e[ix].holds_marker; ix = f->e[ix].parent)
            f->e[ix].holds_marker = 1;
    }
}

/* With no paragraph long enough to score (a short page): the
 * itemprop=articleBody element, else the longest <article>, else <main>,
 * else <body>. */
static size_t fallback_root(const finder *f)
{
    size_t k, best = 0;
    for (k = 0; k < f->n; k++) {
        const el *x = &f->e[f->order[k]];
        if (x->dead || !(x->kind & K_MARKER))
            continue;
        if (!at__html_is(x->n, "article"))
            return f->order[k];
        if (!best || x->text > f->e[best].text)
            best = f->order[k];
    }
    for (k = 0; !best && k < f->n; k++)
        if (!f->e[f->order[k]].dead && at__html_is(f->e[f->order[k]].n, "main"))
            best = f->order[k];
    return best ? best : f->body;
}

/* Measures the tree for relaxation `relax` unless it already is. */
static void measure_for(finder *f, int relax, int *measured)
{
    if (*measured != relax)
        measure(f, relax);
    *measured = relax;
}

void at__html_find_body(xmlDocPtr doc, const at__html_parse *ps, const char *statement, at__html_body *out)
{
    finder f;
    xmlNodePtr top = xmlDocGetRootElement(doc);
    size_t *roots = NULL, nroots = 0, best_len = 0, k;
    int relax, best_relax = 0, measured = -1, unmatched = 0, matched = 0;
    memset(out, 0, sizeof *out);
    out->drop = at__xcalloc(ps->n + 1, 1);
    if (!top)
        return;
    build(&f, ps, top);
    if (!f.n) {
        free(f.e);
        free(f.order);
        return;
    }
    measure_for(&f, 0, &measured);
    if (statement) {
        double f1;
        size_t m = match_statement(&f, statement, 0.5, &f1);
        if (m) {
            roots = at__xmalloc(sizeof *roots);
            roots[0] = m;
            nroots = 1;
            best_len = f.e[m].text;
            matched = 1;
        }
        unmatched = !m && f1 < 0.2;
    }
    for (relax = 0; !matched && relax < 3 && best_len < 500; relax++) {
        size_t top_ix, *r, nr, len;
        measure_for(&f, relax, &measured);
        score_paragraphs(&f, relax);
        if (!(top_ix = top_candidate(&f)))
            continue;
        nr = gather(&f, top_ix, &r);
        len = text_of_roots(&f, r, nr);
        if (len > best_len) {
            free(roots);
            roots = r;
            nroots = nr;
            best_len = len;
            best_relax = relax;
        } else {
            free(r);
        }
    }
    if (!roots) {
        roots = at__xmalloc(sizeof *roots);
        roots[0] = fallback_root(&f);
        nroots = 1;
        best_len = f.e[roots[0]].text;
    }
    /* The page's statement of its story, when the page itself holds
     * little of it (drawn by scripts, or behind a wall). */
    out->statement = unmatched && best_len * 2 < strlen(statement);
    measure_for(&f, best_relax, &measured);
    out->nroots = nroots;
    out->roots = at__xcalloc(nroots ? nroots : 1, sizeof *out->roots);
    for (k = 0; k < nroots; k++) {
        out->roots[k] = f.e[roots[k]].n;
        mark_drops(&f, roots[k], out->drop, best_relax);
    }
    free(roots);
    free(f.e);
    free(f.order);
}

void at__html_page_body(xmlDocPtr doc, const at__html_parse *ps, int lenient, at__html_body *out)
{
    finder f;
    xmlNodePtr top = xmlDocGetRootElement(doc);
    memset(out, 0, sizeof *out);
    out->drop = at__xcalloc(ps->n + 1, 1);
    if (!top)
        return;
    build(&f, ps, top);
    if (f.n) {
        measure(&f, 2);
        out->roots = at__xmalloc(sizeof *out->roots);
        out->roots[0] = f.e[f.body].n;
        out->nroots = 1;
        if (!lenient) {
            mark_drops(&f, f.body, out->drop, 2);
        } else {
            size_t k;
            for (k = 0; k < f.n; k++) {
                size_t ix = f.order[k];
                const el *x = &f.e[ix];
                if ((x->parent && (out->drop[x->parent] & 1)) || ((x->kind & K_SKIP) && !(x->kind & K_STRUCT)) ||
                    ((x->kind & (K_SKIP | K_HIDDEN)) && !x->holds_story))
                    out->drop[ix] = 1;
                else if (x->kind & (K_SKIP | K_HIDDEN))
                    out->drop[ix] = 4;
            }
        }
    }
    free(f.e);
    free(f.order);
}

void at__html_body_free(at__html_body *b)
{
    free(b->roots);
    free(b->drop);
}
