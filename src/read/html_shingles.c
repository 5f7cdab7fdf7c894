/* The page's own statement of its story, JSON-LD articleBody, matched
 * against the page: 4-word shingles of the statement in a hash set, the
 * shingles of every block's text counted against it and summed up the
 * tree, and the element with the best F1 wins. Linear: each text node
 * belongs to one block. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_find.h"

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
                                                                 !at__html_skipped(n))) {
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

size_t at__find_statement(finder *f, const char *body, double min_f1, double *best_f1)
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
