/* Caption pieces: a sentence cut into cues of at most two lines.
 *
 * The Podcasting 2.0 transcript guidance asks for short cues: an SRT cue
 * of at most two lines of about 32 characters, a WebVTT cue of two short
 * lines. A sentence is cut at spaces only, never inside a word; a word
 * longer than a line gets a line of its own, so no text is lost.
 *
 * The cuts are chosen together, not greedily (one pass of dynamic
 * programming over the word boundaries): as few cues as the lines allow,
 * each about as full as the others, so the last one is not a lone word.
 * Within that, a cut after a comma, semicolon, colon or dash costs
 * nothing, one before a conjunction or preposition little, one inside a
 * phrase more, and one that leaves "the", "of" or "and" dangling at the
 * end of a line the most. The same costs, scaled down, choose where a cue
 * breaks its two lines, which are kept of similar length. */
#include "sidecar.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Costs, in squared characters of slack (a cut 10 characters off the
 * balance costs about 200). */
#define COST_PHRASE 0     /* after , ; : or a dash */
#define COST_BEFORE 200   /* before a conjunction or preposition */
#define COST_INSIDE 500   /* between two words of a phrase */
#define COST_STOP 3000    /* after a full stop inside the sentence (Dr., Oct.) */
#define COST_DANGLE 1500  /* after an article, conjunction or preposition */
#define COST_LONE 2000    /* a cue of one word when the sentence has more */
#define LINE_SCALE 4      /* a line break weighs the cut costs a quarter */

/* Words a phrase starts with: a cut before them is a good one, a cut
 * after them leaves them dangling. */
static const char *const openers[] = {
    "a", "about", "across", "after", "against", "along", "although", "amid", "among", "an", "and", "around", "as",
    "at", "because", "before", "behind", "between", "beyond", "but", "by", "despite", "during", "for", "from",
    "her", "his", "if", "in", "including", "into", "its", "like", "my", "near", "nor", "of", "on", "onto", "or",
    "our", "over", "per", "since", "so", "than", "that", "the", "their", "these", "this", "those", "though",
    "through", "to", "toward", "towards", "under", "unless", "until", "upon", "via", "when", "where", "whereas",
    "which", "while", "who", "whom", "whose", "with", "within", "without", "yet", "your",
};

typedef struct word {
    size_t start, end; /* bytes of the text */
    size_t chars;      /* code points */
    int opener;        /* one of `openers` */
    int cut_after;     /* the cost of a cut right after it */
} word;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_opener(const char *s, size_t n)
{
    char w[16];
    size_t k;
    if (n >= sizeof w)
        return 0;
    for (k = 0; k < n; k++)
        w[k] = (char)at__to_lower((unsigned char)s[k]);
    w[n] = '\0';
    for (k = 0; k < sizeof openers / sizeof *openers; k++)
        if (strcmp(openers[k], w) == 0)
            return 1;
    return 0;
}

/* The last code point of s[0, n) that is no closing quotation mark or
 * bracket, or -1. */
static int32_t last_mark(const char *s, size_t n)
{
    int32_t last = -1;
    size_t i = 0;
    while (i < n) {
        int32_t c = at__utf8_next(s, n, &i);
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D || c == 0xBB)
            continue;
        last = c;
    }
    return last;
}

/* The first code point of text[i, end). */
static int32_t first_mark(const char *text, size_t i, size_t end)
{
    return at__utf8_next(text, end, &i);
}

static int is_dash(int32_t c)
{
    return c == 0x2013 || c == 0x2014 || c == '-';
}

static size_t words_of(const char *text, word **out)
{
    word *w = NULL;
    size_t n = 0, cap = 0, i = 0, len = strlen(text), k;
    while (i < len) {
        word *x;
        size_t j;
        while (i < len && is_blank(text[i]))
            i++;
        if (i == len)
            break;
        x = AT_PUSH(w, n, cap);
        x->start = i;
        x->chars = 0;
        while (i < len && !is_blank(text[i])) {
            at__utf8_next(text, len, &i);
            x->chars++;
        }
        x->end = i;
        j = x->start;
        /* a word that is all letters of the list, its punctuation aside */
        while (j < x->end && !at__is_alpha((unsigned char)text[j]))
            j++;
        k = j;
        while (k < x->end && at__is_alpha((unsigned char)text[k]))
            k++;
        x->opener = k > j && is_opener(text + j, k - j) && last_mark(text + k, x->end - k) < 0;
    }
    for (k = 0; k < n; k++) {
        int32_t c = last_mark(text + w[k].start, w[k].end - w[k].start);
        if (c == ',' || c == ';' || c == ':' || is_dash(c))
            w[k].cut_after = COST_PHRASE;
        else if (c == '.' || c == '!' || c == '?' || c == 0x2026)
            w[k].cut_after = COST_STOP;
        else if (w[k].opener)
            w[k].cut_after = COST_DANGLE;
        else if (k + 1 < n && (w[k + 1].opener || is_dash(first_mark(text, w[k + 1].start, w[k + 1].end))))
            w[k].cut_after = COST_BEFORE;
        else
            w[k].cut_after = COST_INSIDE;
    }
    *out = w;
    return n;
}

/* Characters of words [i, j) on one line. */
static size_t width(const size_t *pre, size_t i, size_t j)
{
    return pre[j] - pre[i] + (j - i - 1);
}

/* A line holds words [i, j) when they fit, or when it is one word. */
static int fits(const size_t *pre, size_t i, size_t j, size_t max)
{
    return j - i == 1 || width(pre, i, j) <= max;
}

/* The best line break of words [i, j): the first word of the second
 * line, or j for one line, or 0 when the words take more than two. Its
 * cost in *cost. */
static size_t line_break(const word *w, const size_t *pre, size_t i, size_t j, size_t max, long *cost)
{
    size_t m, best = 0;
    long c;
    *cost = 0;
    if (fits(pre, i, j, max))
        return j;
    for (m = i + 1; m < j; m++) {
        long d;
        if (!fits(pre, i, m, max) || !fits(pre, m, j, max))
            continue;
        d = (long)width(pre, i, m) - (long)width(pre, m, j);
        c = d * d + w[m - 1].cut_after / LINE_SCALE;
        if (!best || c < *cost) {
            best = m;
            *cost = c;
        }
    }
    return best;
}

size_t at__caption_split(const char *text, size_t line_max, at_caption_piece **out)
{
    word *w = NULL;
    size_t n = words_of(text, &w), j, k, np = 0;
    size_t *pre = at__xcalloc(n + 1, sizeof *pre), *from = at__xcalloc(n + 1, sizeof *from);
    long *best = at__xcalloc(n + 1, sizeof *best);
    at_caption_piece *p;
    for (k = 0; k < n; k++)
        pre[k + 1] = pre[k] + w[k].chars;
    /* best[j]: the least cost of words [0, j) in whole cues. A line of two
     * words or more holds at most (max + 1) / 2 of them, so a cue at most
     * max + 1. */
    for (j = 1; j <= n; j++) {
        size_t i = j;
        best[j] = -1;
        while (i-- > 0 && j - i <= line_max + 1) {
            long lc, c, slack;
            if (!line_break(w, pre, i, j, line_max, &lc))
                continue;
            slack = (long)(2 * line_max) - (long)width(pre, i, j);
            if (slack < 0)
                slack = 0;
            c = best[i] + slack * slack + lc;
            if (j < n)
                c += w[j - 1].cut_after;
            if (j - i == 1 && n > 1)
                c += COST_LONE;
            if (best[j] < 0 || c < best[j]) {
                best[j] = c;
                from[j] = i;
            }
        }
    }
    for (j = n; j > 0; j = from[j])
        np++;
    p = at__xcalloc(np ? np : 1, sizeof *p);
    for (j = n, k = np; j > 0; j = from[j]) {
        size_t i = from[j], m;
        long lc;
        at_caption_piece *q = &p[--k];
        m = line_break(w, pre, i, j, line_max, &lc);
        q->start = w[i].start;
        q->end = w[j - 1].end;
        q->brk = m < j ? w[m - 1].end : q->end;
        q->line2 = m < j ? w[m].start : q->end;
        q->first_word = i;
        q->chars = width(pre, i, j);
    }
    free(w);
    free(pre);
    free(from);
    free(best);
    *out = p;
    return np;
}
