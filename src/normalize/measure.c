/* Measures and percentages: an amount, an optional magnitude, then a unit
 * from the lexicon (glued: 12kg, 2°C; or spaced: 3 mbps) with an optional
 * "/unit" (km/h is its own entry; 12kg/kg is "per kilogram"). Ranges share
 * the unit: 2-5lb -> two to five pounds. */
#include <string.h>

#include "classify.h"

/* A unit at i: the longest lexicon key that ends a word or meets a "/".
 * Spaced units must not be marked `glued`. */
static size_t unit_at(at_scan *c, size_t i, int spaced, const at_lex_entry **u)
{
    size_t end = at__sc_chunk(c, i), n;
    if (end - i > 16)
        end = i + 16;
    for (n = end - i; n > 0; n--) {
        size_t j = i + n;
        const at_lex_entry *en;
        if (j < c->len && at__sc_alnum(c, j))
            continue;
        if ((unsigned char)c->s[j - 1] >= 0x80 && (unsigned char)c->s[j - 1] < 0xC0 && j < c->len &&
            ((unsigned char)c->s[j] & 0xC0) == 0x80)
            continue;
        en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + i, n, n >= 2);
        if (!en)
            continue;
        if (spaced && (en->flags & AT_LEXF_GLUED))
            return 0;
        /* a pressure of 954 MB: millibars, not megabytes */
        if (n == 2 && memcmp(en->key, "MB", 2) == 0) {
            size_t a = i > 60 ? i - 60 : 0, k;
            const at_lex_entry *mb;
            for (k = a; k + 8 <= i; k++)
                if (at__sc_lit(c, k, "pressure", 1)) {
                    if ((mb = at__lexicon_find(c->lex, AT_LEX_UNIT, "mb", 2, 0)) != NULL)
                        en = mb;
                    break;
                }
        }
        *u = en;
        return j;
    }
    return 0;
}

/* % / percent sign after an amount */
static size_t percent_at(const at_scan *c, size_t i)
{
    size_t e = at__sc_space(c, i);
    if (e < c->len && c->s[e] == '%')
        return e + 1;
    return 0;
}

static size_t magnitude_at(const at_scan *c, size_t i, const at_lex_entry **mag)
{
    size_t e = at__sc_space(c, i), j = at__sc_letters(c, e);
    *mag = NULL;
    if (e == i || j == e || !at__sc_boundary(c, j))
        return i;
    /* spaced magnitude words only: 100 million kg */
    if (j - e >= 7 && (*mag = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + e, j - e, 1)) != NULL)
        return j;
    return i;
}

/* The unit part after an amount at i: unit [/ unit] or %. */
static size_t unit_part(at_scan *c, size_t i, int one, int *percent)
{
    size_t e = at__sc_space(c, i), j;
    const at_lex_entry *u = NULL, *per = NULL;
    *percent = 0;
    if ((j = percent_at(c, i)) != 0) {
        at__say(&c->say, "percent");
        *percent = 1;
        return j;
    }
    if (!(j = unit_at(c, e, e > i, &u)))
        return 0;
    if (j < c->len && c->s[j] == '/') {
        size_t k = unit_at(c, j + 1, 0, &per);
        if (k)
            j = k;
        else
            per = NULL;
    }
    at__say(&c->say, one ? u->f[0] : u->f[1]);
    if (per) {
        at__say(&c->say, "per");
        at__say(&c->say, per->f[0]);
    }
    return j;
}

/* 12/kg -> twelve per kilogram */
static size_t per_unit_only(at_scan *c, size_t i)
{
    const at_lex_entry *u = NULL;
    size_t j;
    if (i >= c->len || c->s[i] != '/' || !(j = unit_at(c, i + 1, 0, &u)))
        return 0;
    at__say(&c->say, "per");
    at__say(&c->say, u->f[0]);
    return j;
}

int at__rule_measure(at_scan *c)
{
    at_numlit a, b;
    const at_lex_entry *mag = NULL;
    size_t e, j, mark;
    int percent = 0, range = 0;
    if (!at__sc_number(c, c->pos, 1, &a))
        return 0;
    /* W26s / A321: a number glued to letters before it is a serial; so is
     * one after a letter and a hyphen (F-35s, B-52s) */
    if (c->pos > 0 && at__sc_alpha(c, c->pos - 1))
        return 0;
    if (c->pos > 1 && c->s[c->pos - 1] == '-' && at__sc_alpha(c, c->pos - 2) && !a.neg)
        return 0;
    if (c->pos > 7 && at__sc_lit(c, c->pos - 7, "Boeing ", 0)) /* Boeing 747s */
        return 0;
    e = a.end;
    /* 25 x 7 m / 2x8 m2: dimensions, read "by" */
    {
        size_t x = at__sc_space(c, e);
        at_numlit d;
        if (x < c->len && (c->s[x] == 'x' || at__sc_lit(c, x, "\xC3\x97", 0)) &&
            at__sc_number(c, at__sc_space(c, x + (c->s[x] == 'x' ? 1 : 2)), 0, &d)) {
            const at_lex_entry *u = NULL;
            size_t k = unit_at(c, at__sc_space(c, d.end), at__sc_space(c, d.end) > d.end, &u);
            if (k) {
                at__say_numlit(&c->say, &a);
                at__say(&c->say, "by");
                at__say_numlit(&c->say, &d);
                at__say(&c->say, u->f[1]);
                c->end = k;
                c->cls = AT_TOK_MEASURE;
                return 1;
            }
        }
    }
    /* a 380-km orbit: a number and a unit's abbreviation joined by a
     * hyphen are a compound, "three hundred eighty-kilometer" (a unit
     * written out, 10-mile, reads itself) */
    if (e + 1 < c->len && c->s[e] == '-' && at__sc_alpha(c, e + 1)) {
        const at_lex_entry *u = NULL;
        size_t k = unit_at(c, e + 1, 0, &u);
        if (k && at__sc_boundary(c, k) && (k - e - 1 != strlen(u->f[0]) || memcmp(c->s + e + 1, u->f[0], k - e - 1))) {
            at__say_numlit(&c->say, &a);
            at__buf_putc(&c->say, '-');
            at__buf_puts(&c->say, u->f[0]);
            c->end = k;
            c->cls = AT_TOK_MEASURE;
            return 1;
        }
    }
    /* 1990s / 80s / 1,000s are decades or plurals, not seconds */
    if (!a.point && a.ip[a.in - 1] == '0' && e < c->len && c->s[e] == 's' && at__sc_boundary(c, e + 1))
        return 0;
    /* 2-5lb / 10-12% / 1234-123kg */
    if ((j = at__sc_dash(c, e)) && j == e + 1 && at__sc_number(c, j, 0, &b)) {
        range = 1;
        e = b.end;
    }
    e = magnitude_at(c, e, &mag);
    at__say_numlit(&c->say, &a);
    if (range) {
        at__say(&c->say, "to");
        at__say_numlit(&c->say, &b);
    }
    if (mag)
        at__say(&c->say, mag->f[0]);
    mark = c->say.n;
    /* a 5 ha plot -> a five hectare plot */
    j = unit_part(c, e,
                  (!range && !mag && at__numlit_is_one(&a)) ||
                      (at__sc_after_article(c, c->pos) && at__sc_noun_follows(c, at__sc_chunk(c, at__sc_space(c, e)))),
                  &percent);
    if (!j && !range && !mag)
        j = per_unit_only(c, e);
    if (!j) {
        c->say.n = mark;
        return 0;
    }
    c->end = j;
    c->cls = percent ? AT_TOK_PERCENT : AT_TOK_MEASURE;
    /* 2%-10% */
    if (percent && !range && (e = at__sc_dash(c, j)) && at__sc_number(c, e, 0, &b) && percent_at(c, b.end) == b.end + 1) {
        at__say(&c->say, "to");
        at__say_numlit(&c->say, &b);
        at__say(&c->say, "percent");
        c->end = b.end + 1;
    }
    return 1;
}
