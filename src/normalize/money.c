/* Money: a currency symbol, prefixed symbol or ISO code before or after
 * an amount, an optional magnitude, an optional "/unit" rate and ranges.
 * Currency names come from the lexicon's `currency` entries. */
#include <string.h>

#include "classify.h"

typedef struct amount {
    at_numlit nl;
    const at_lex_entry *cur; /* currency; NULL when the amount had none */
    const at_lex_entry *mag; /* magnitude word, or NULL */
    size_t end;
} amount;

/* The byte length of the UTF-8 sequence starting with byte b. */
static size_t cp_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* A currency symbol at i ($, €, US$, HK$, C$): its end, else 0. */
static size_t symbol_at(const at_scan *c, size_t i, const at_lex_entry **cur)
{
    size_t j = i, n;
    while (j < c->len && j - i < 3 && at__sc_upper(c, j))
        j++;
    if (j > i && j < c->len && c->s[j] == '$' && (i == 0 || !at__sc_alnum(c, i - 1)) &&
        (*cur = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, j + 1 - i, 0)) != NULL)
        return j + 1;
    if (i >= c->len || at__sc_alnum(c, i))
        return 0;
    n = cp_len((unsigned char)c->s[i]);
    if (i + n > c->len)
        return 0;
    if ((*cur = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, n, 0)) != NULL)
        return i + n;
    return 0;
}

/* An ISO code at i (CHF, KZT): three capitals standing alone; or a
 * short written code the lexicon has (Rs, Rs.), with its full stop. */
static size_t code_at(const at_scan *c, size_t i, const at_lex_entry **cur)
{
    size_t j = at__sc_letters(c, i);
    if (j - i < 2 || j - i > 3 || !at__sc_upper(c, i) || !at__sc_boundary(c, j))
        return 0;
    if (i > 0 && at__sc_alnum(c, i - 1))
        return 0;
    if (j < c->len && c->s[j] == '.' && (*cur = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, j + 1 - i, 0)))
        return j + 1;
    if (j - i == 3 && !(at__sc_upper(c, i + 1) && at__sc_upper(c, i + 2)))
        return 0;
    *cur = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, j - i, 0);
    return *cur ? j : 0;
}

/* A magnitude after an amount: glued (5m, 30bn) or spaced (5 million). */
static size_t magnitude_at(const at_scan *c, size_t i, const at_lex_entry **mag)
{
    size_t e = at__sc_space(c, i), j = at__sc_letters(c, e);
    *mag = NULL;
    if (j == e || !at__sc_boundary(c, j))
        return i;
    if ((*mag = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + e, j - e, 0)) != NULL)
        return j;
    /* $1 Trillion in a headline, $2 MILLION: a spelled-out magnitude in
     * any case (not the letters, where m and M differ in other uses) */
    if (j - e >= 4 && (*mag = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + e, j - e, 1)) != NULL)
        return j;
    return i;
}

/* The amount after a prefix: digits, then a magnitude. */
static int amount_at(const at_scan *c, size_t i, amount *a)
{
    memset(a, 0, sizeof *a);
    if (!at__sc_number(c, i, 0, &a->nl))
        return 0;
    if (a->nl.point && at__sc_digit(c, a->nl.end + 1) && a->nl.end < c->len && c->s[a->nl.end] == '.')
        return 0;
    a->end = magnitude_at(c, a->nl.end, &a->mag);
    if (!a->mag && !at__sc_boundary(c, a->end) && !(a->end < c->len && c->s[a->end] == '/'))
        return 0;
    return 1;
}

/* $5m / US$552,000 / CHF 500,000 / € 5 */
static int prefixed(const at_scan *c, size_t i, amount *a)
{
    size_t j;
    const at_lex_entry *cur = NULL;
    if ((j = symbol_at(c, i, &cur)) != 0) {
        if (!amount_at(c, j, a))
            return 0;
    } else if ((j = code_at(c, i, &cur)) != 0) {
        size_t e = at__sc_space(c, j);
        if (e == j || !amount_at(c, e, a))
            return 0;
    } else {
        return 0;
    }
    a->cur = cur;
    return 1;
}

/* The currency name written out after an amount ("Swiss francs",
 * "tenge"): its end, else 0. */
static size_t name_at(const at_scan *c, size_t i)
{
    size_t k, n = at__lexicon_count(c->lex, AT_LEX_CURRENCY), best = 0;
    if (!at__sc_alpha(c, i))
        return 0;
    for (k = 0; k < n; k++) {
        const at_lex_entry *en = at__lexicon_nth(c->lex, AT_LEX_CURRENCY, k);
        int f;
        for (f = 0; f < 2; f++) {
            size_t l;
            if ((en->f[f][0] | 0x20) != (c->s[i] | 0x20))
                continue;
            l = strlen(en->f[f]);
            if (i + l <= c->len && at__strncasecmp(c->s + i, en->f[f], l) == 0 && at__sc_boundary(c, i + l) &&
                i + l > best)
                best = i + l;
        }
    }
    return best;
}

/* 500 KZT / 5€ / 20 000 ₽ / 3bn KZT */
static int suffixed(const at_scan *c, size_t i, amount *a)
{
    size_t e, j;
    const at_lex_entry *cur = NULL;
    if (!at__sc_digit(c, i) || !amount_at(c, i, a))
        return 0;
    e = at__sc_space(c, a->end);
    if ((j = code_at(c, e, &cur)) != 0 && e > a->end) {
        a->cur = cur;
        a->end = j;
        return 1;
    }
    if ((j = symbol_at(c, e, &cur)) != 0 && !(c->s[e] == '$' && e > a->end) && !at__sc_digit(c, j)) {
        a->cur = cur;
        a->end = j;
        return 1;
    }
    return 0;
}

/* Strips fraction zeros beyond cents: 20.500 -> 20.50. */
static size_t cents_digits(const at_numlit *nl)
{
    size_t fn = nl->fn;
    while (fn > 2 && nl->fp[fn - 1] == '0')
        fn--;
    return fn;
}

/* The words of an amount; `name` 0 leaves out the currency name. */
static void say_amount(at_buf *b, const amount *a, const at_lex_entry *cur, const at_lex_entry *mag, int name)
{
    const at_numlit *nl = &a->nl;
    size_t fn = cents_digits(nl);
    if (mag) {
        at__say_numlit(b, nl);
        at__say(b, mag->f[0]);
        if (name)
            at__say(b, cur->f[1]);
        return;
    }
    if (nl->point && fn <= 2 && cur->f[2][0]) {
        unsigned long long major = at__digits_value(nl->ip, nl->in);
        unsigned cents = (unsigned)at__digits_value(nl->fp, fn) * (fn == 1 ? 10u : 1u);
        if (nl->neg)
            at__say(b, "minus");
        if (major || !cents) {
            at__say_cardinal(b, nl->in ? nl->ip : "0", nl->in ? nl->in : 1);
            if (name || cents)
                at__say(b, major == 1 ? cur->f[0] : cur->f[1]);
        }
        if (cents) {
            at__say_uint(b, cents);
            at__say(b, cents == 1 ? cur->f[2] : cur->f[3]);
        }
        return;
    }
    at__say_numlit(b, nl);
    if (name)
        at__say(b, at__numlit_is_one(nl) ? cur->f[0] : cur->f[1]);
}

/* $20/mo -> per month */
static size_t rate_at(at_scan *c, size_t i)
{
    size_t j;
    const at_lex_entry *u;
    if (i >= c->len || c->s[i] != '/')
        return i;
    j = at__sc_letters(c, i + 1);
    if (j == i + 1 || !at__sc_boundary(c, j) ||
        !(u = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + i + 1, j - i - 1, 0)))
        return i;
    at__say(&c->say, "per");
    at__say(&c->say, u->f[0]);
    return j;
}

/* $50.00-$100.00 / $5-10 million / $250-$300 */
int at__rule_money(at_scan *c)
{
    amount a, b;
    size_t e;
    /* -$5 -> minus five dollars */
    if (c->s[c->pos] == '-' && (c->pos == 0 || at__is_space((unsigned char)c->s[c->pos - 1])) &&
        prefixed(c, c->pos + 1, &a)) {
        at__say(&c->say, "minus");
        say_amount(&c->say, &a, a.cur, a.mag, 1);
        c->cls = AT_TOK_MONEY;
        c->end = a.end;
        return 1;
    }
    if (!prefixed(c, c->pos, &a) && !suffixed(c, c->pos, &a)) {
        /* 500,000 Swiss francs: the name is already there; read the
         * amount and keep the words */
        if (!at__sc_digit(c, c->pos) || !amount_at(c, c->pos, &a) || a.nl.neg)
            return 0;
        e = at__sc_space(c, a.end);
        if (e == a.end || !(e = name_at(c, e)))
            return 0;
        at__say_numlit(&c->say, &a.nl);
        if (a.mag)
            at__say(&c->say, a.mag->f[0]);
        at__say_n(&c->say, c->s + at__sc_space(c, a.end), e - at__sc_space(c, a.end));
        c->cls = AT_TOK_MONEY;
        c->end = e;
        return 1;
    }
    c->cls = AT_TOK_MONEY;
    c->end = a.end;
    e = at__sc_dash(c, a.end);
    if (e && (prefixed(c, e, &b) || (amount_at(c, e, &b) && at__sc_boundary(c, b.end) && !b.nl.neg))) {
        if (!b.cur) {
            /* $5-10 million: one currency, the magnitude of the second */
            b.cur = a.cur;
            say_amount(&c->say, &a, a.cur, a.mag, 0);
        } else {
            say_amount(&c->say, &a, a.cur, a.mag, 1);
        }
        at__say(&c->say, "to");
        say_amount(&c->say, &b, b.cur, b.mag, 1);
        c->end = b.end;
        return 1;
    }
    /* a $5 fee -> a five-dollar fee: the singular name */
    if (at__sc_after_article(c, c->pos) && at__sc_noun_follows(c, a.end) && !a.nl.point) {
        at__say_numlit(&c->say, &a.nl);
        if (a.mag)
            at__say(&c->say, a.mag->f[0]);
        at__say(&c->say, a.cur->f[0]);
        return 1;
    }
    say_amount(&c->say, &a, a.cur, a.mag, 1);
    c->end = rate_at(c, c->end);
    return 1;
}
