/* What an element's tag, role, style and class and id words say about it:
 * hidden, furniture, an article marker, an embed, a chart... Class words
 * are matched at the start of their parts (at__html_part_has). */
#include <stdlib.h>
#include <string.h>

#include "html_find.h"

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "nav", "aside", "button", "select", "input", "textarea",
    "iframe", "svg", "canvas", "object", "embed", "video", "audio", "map", "dialog", "head", "menu", "img",
    "picture", "link", "meta", "label", "title", "option", "datalist", "math", NULL};
static const char *const struct_tags[] = {"nav", "aside", "menu", "dialog", "label", "noscript", NULL};
static const char *const para_tags[] = {"p", "pre", "td", NULL};
static const char *const container_tags[] = {"div", "section", "ul", "ol", "dl", "table", "form", "figure",
                                             "center", "header", "footer", "main", "article", "blockquote",
                                             NULL};

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
void at__find_classify(el *x)
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
