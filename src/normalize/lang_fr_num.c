/* French number words: cardinals, ordinals and the digits after a
 * decimal comma, in the traditional spelling of the press (hyphens inside
 * the tens, spaces around "cent" and "mille"). */
#include <stdio.h>
#include <string.h>

#include "lang_fr.h"

static const char *const units[] = {"zéro",     "un",     "deux",     "trois",     "quatre",   "cinq",  "six",
                                    "sept",     "huit",   "neuf",     "dix",       "onze",     "douze", "treize",
                                    "quatorze", "quinze", "seize",    "dix-sept",  "dix-huit", "dix-neuf"};
static const char *const tens[] = {"", "", "vingt", "trente", "quarante", "cinquante", "soixante"};
/* a group of three digits times 10^(3k): the nouns above mille take the
 * plural and "un" before them */
static const char *const scales[] = {"", "mille", "million", "milliard", "billion", "billiard"};

static void put_word(at_buf *b, const char *w, int fem)
{
    at__say(b, fem && strcmp(w, "un") == 0 ? "une" : w);
}

/* 0 < v < 100. `last`: nothing follows but a noun, so quatre-vingts
 * takes its s. The pieces of one number are joined by hyphens. */
static void below100(at_buf *b, unsigned v, int last, int fem)
{
    char w[64];
    unsigned t = v / 10, u = v % 10;
    if (v < 20) {
        put_word(b, units[v], fem);
        return;
    }
    if (v < 70) {
        if (u == 0)
            at__say(b, tens[t]);
        else if (u == 1) {
            at__say(b, tens[t]);
            at__say(b, "et");
            put_word(b, "un", fem);
        } else {
            snprintf(w, sizeof w, "%s-%s", tens[t], units[u]);
            at__say(b, w);
        }
        return;
    }
    if (v < 80) {
        if (v == 71) {
            at__say(b, "soixante et onze");
            return;
        }
        snprintf(w, sizeof w, "soixante-%s", units[v - 60]);
        at__say(b, w);
        return;
    }
    if (v == 80) {
        at__say(b, last ? "quatre-vingts" : "quatre-vingt");
        return;
    }
    snprintf(w, sizeof w, "quatre-vingt-%s", fem && v == 81 ? "une" : units[v - 80]);
    at__say(b, w);
}

/* 0 < v < 1000 */
static void below1000(at_buf *b, unsigned v, int last, int fem)
{
    unsigned h = v / 100, r = v % 100;
    if (h) {
        if (h > 1)
            at__say(b, units[h]);
        /* deux cents, but deux cent trois and deux cent mille */
        at__say(b, h > 1 && r == 0 && last ? "cents" : "cent");
    }
    if (r)
        below100(b, r, last, fem);
}

void at__fr_cardinal(at_buf *b, unsigned long long v, int fem)
{
    unsigned g[6];
    int k, top = 0;
    if (v == 0) {
        at__say(b, units[0]);
        return;
    }
    for (k = 0; k < 6; k++) {
        g[k] = (unsigned)(v % 1000);
        v /= 1000;
        if (g[k])
            top = k;
    }
    for (k = top; k >= 0; k--) {
        if (!g[k])
            continue;
        if (k == 1) {
            /* mille, never "un mille"; invariable, and cent and vingt
             * before it take no s */
            if (g[k] > 1)
                below1000(b, g[k], 0, 0);
            at__say(b, "mille");
        } else if (k >= 2) {
            /* a noun: "un million", "deux cents millions" */
            below1000(b, g[k], 1, 0);
            at__say(b, scales[k]);
            if (g[k] > 1)
                at__buf_putc(b, 's');
        } else {
            below1000(b, g[k], 1, fem);
        }
    }
}

unsigned long long at__fr_value(const char *d, size_t n)
{
    unsigned long long v = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        if (d[k] < '0' || d[k] > '9')
            continue;
        if (v > (~0ULL - 9) / 10)
            return ~0ULL;
        v = v * 10 + (unsigned)(d[k] - '0');
    }
    return v;
}

void at__fr_cardinal_digits(at_buf *b, const char *d, size_t n, int fem)
{
    size_t k, nd = 0;
    for (k = 0; k < n; k++)
        nd += d[k] >= '0' && d[k] <= '9';
    if (nd <= 18) {
        at__fr_cardinal(b, at__fr_value(d, n), fem);
        return;
    }
    for (k = 0; k < n; k++)
        if (d[k] >= '0' && d[k] <= '9')
            at__say(b, units[d[k] - '0']);
}

void at__fr_ordinal(at_buf *b, unsigned long long v, int fem, int plural)
{
    size_t w, n;
    char *p;
    if (v == 1) {
        at__say(b, fem ? "première" : "premier");
        if (plural)
            at__buf_putc(b, 's');
        return;
    }
    at__fr_cardinal(b, v, 0);
    /* the last word, after a space or a hyphen, takes -ième */
    n = b->n;
    w = n;
    while (w > 0 && b->p[w - 1] != ' ' && b->p[w - 1] != '-')
        w--;
    p = b->p + w;
    /* quatre-vingts, deux cents, deux millions: the plural s goes */
    if (strcmp(p, "vingts") == 0 || strcmp(p, "cents") == 0 || strcmp(p, "millions") == 0 ||
        strcmp(p, "milliards") == 0 || strcmp(p, "billions") == 0 || strcmp(p, "billiards") == 0)
        b->p[--b->n] = '\0';
    p = b->p + w;
    n = b->n;
    if (strcmp(p, "cinq") == 0)
        at__buf_puts(b, "uième");
    else if (strcmp(p, "neuf") == 0) {
        b->p[n - 1] = 'v';
        at__buf_puts(b, "ième");
    } else if (n > w && b->p[n - 1] == 'e') {
        b->p[--b->n] = '\0';
        at__buf_puts(b, "ième");
    } else
        at__buf_puts(b, "ième");
    if (plural)
        at__buf_putc(b, 's');
}

void at__fr_fraction_digits(at_buf *b, const char *d, size_t n)
{
    size_t k = 0;
    while (k < n && d[k] == '0' && k + 1 < n) {
        at__say(b, units[0]);
        k++;
    }
    if (n - k <= 3) {
        at__fr_cardinal(b, at__fr_value(d + k, n - k), 0);
        return;
    }
    for (; k < n; k += 2) {
        size_t m = n - k >= 2 ? 2 : 1;
        if (m == 2 && d[k] == '0')
            at__say(b, units[0]);
        at__fr_cardinal(b, at__fr_value(d + k, m), 0);
    }
}

static const char *const months[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                     "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

const char *at__fr_month(int m)
{
    return m >= 1 && m <= 12 ? months[m - 1] : "";
}

int at__fr_month_at(const at_scan *c, size_t i, size_t *end)
{
    /* abbreviations as the press writes them; "mai", "juin", "août" are
     * never cut */
    static const struct {
        const char *w;
        int m;
    } abbr[] = {{"janv.", 1}, {"févr.", 2}, {"fév.", 2},   {"avr.", 4}, {"juil.", 7},
                {"sept.", 9}, {"oct.", 10}, {"nov.", 11}, {"déc.", 12}};
    size_t k, j;
    for (k = 0; k < 12; k++) {
        j = at__sc_lit(c, i, months[k], 1);
        /* a capital first letter too: "Janvier" */
        if (!j && at__sc_upper(c, i) && c->s[i] == months[k][0] - 32)
            j = at__sc_lit(c, i + 1, months[k] + 1, 0);
        if (j && at__sc_boundary(c, j)) {
            *end = j;
            return (int)k + 1;
        }
    }
    for (k = 0; k < sizeof abbr / sizeof *abbr; k++) {
        j = at__sc_lit(c, i, abbr[k].w, 1);
        if (j) {
            *end = j;
            return abbr[k].m;
        }
    }
    return 0;
}
