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
 * and containers that are mostly links (html_clean.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_find.h"

static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};

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

static double final_score(const el *x)
{
    return x->score * (1.0 - link_density(x));
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
        at__find_classify(&f->e[ix]);
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
        size_t m = at__find_statement(&f, statement, 0.5, &f1);
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
        at__find_mark_drops(&f, roots[k], out->drop, best_relax);
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
            at__find_mark_drops(&f, f.body, out->drop, 2);
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
