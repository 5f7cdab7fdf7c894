/* The body search's insides, shared by its files: html_body.c (measuring,
 * scoring, the search itself), html_classify.c (what tags and class words
 * say), html_shingles.c (matching the page's JSON-LD articleBody) and
 * html_clean.c (the furniture inside the article). */
#ifndef AT_HTML_FIND_H
#define AT_HTML_FIND_H

#include <stdint.h>

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

static inline double link_density(const el *x)
{
    return x->text ? (double)x->links / (double)x->text : 0;
}

/* `a` is `ix` or holds it: a subtree is a run of document order. */
static inline int is_ancestor(const finder *f, size_t a, size_t ix)
{
    return f->e[ix].pos >= f->e[a].pos && f->e[ix].pos < f->e[a].pos + f->e[a].size;
}

/* Sets x->kind and x->weight from the element's tag and attributes
 * (html_classify.c). */
void at__find_classify(el *x);
/* The element that best holds the stated body `body` (F1 of its 4-word
 * shingles against the statement's); 0 when below `min_f1`, which is
 * then in *best_f1 (html_shingles.c). */
size_t at__find_statement(finder *f, const char *body, double min_f1, double *best_f1);
/* Marks the furniture inside `root` in `drop` (html_clean.c): 1 furniture,
 * 2 links, 4 read though its tag is skipped. */
void at__find_mark_drops(finder *f, size_t root, unsigned char *drop, int relax);

#endif
