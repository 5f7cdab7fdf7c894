/* The furniture inside the article the search found: what the search left
 * out, hidden elements, furniture and embed and chart class words, poor
 * containers (mostly links, label fragments, next to no text), paragraphs
 * that are only a link and the line that leads into them, hover cards,
 * forms. What holds most of the article is never dropped. */
#include <stdlib.h>
#include <string.h>

#include "html_find.h"

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

/* An element that holds half of the article's text or more (or most of
 * its paragraphs) is the article, whatever its class words say. A
 * paragraph that is all link is a link to another story, and the short
 * line that leads into such links goes with them. */
void at__find_mark_drops(finder *f, size_t root, unsigned char *drop, int relax)
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
