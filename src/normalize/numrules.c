/* Bare numbers: cardinals, decimals, negatives, ordinals (34th), years
 * (1954), decades (1990s, ’90s), ranges (10-12, 2025-2030) and fractions
 * (1/2, 3 1/2). */
#include <string.h>

#include "classify.h"

/* ’90s / '80s -> eighties; '05 -> oh five */
static int elided(at_scan *c)
{
    size_t i = c->pos, j;
    if (at__sc_lit(c, i, "'", 0))
        i += 1;
    else if (at__sc_lit(c, i, "\xE2\x80\x99", 0) || at__sc_lit(c, i, "\xE2\x80\x98", 0))
        i += 3;
    else
        return 0;
    j = at__sc_digits(c, i);
    if (j != i + 2)
        return 0;
    if (j < c->len && c->s[j] == 's' && at__sc_boundary(c, j + 1) && c->s[i + 1] == '0') {
        at__say_cardinal(&c->say, c->s + i, 2);
        at__pluralize(&c->say);
        c->end = j + 1;
        c->cls = AT_TOK_YEAR;
        return 1;
    }
    if (!at__sc_boundary(c, j))
        return 0;
    if (c->s[i] == '0') {
        at__say(&c->say, "oh");
        at__say_digits(&c->say, c->s + i + 1, 1);
    } else {
        at__say_cardinal(&c->say, c->s + i, 2);
    }
    c->end = j;
    c->cls = AT_TOK_YEAR;
    return 1;
}

static int is_year(const at_numlit *nl)
{
    unsigned long long v;
    if (nl->neg || nl->point || nl->commas || nl->in != 4)
        return 0;
    v = at__digits_value(nl->ip, 4);
    return v >= 1100 && v <= 2099;
}

/* 34th / 1st / 21st; a wrong suffix is read as written: 1th -> one th */
static size_t ordinal_at(at_scan *c, const at_numlit *nl)
{
    static const char *const sfx[] = {"th", "st", "nd", "rd"};
    size_t j = nl->end;
    unsigned long long v;
    unsigned want;
    int k;
    if (nl->point || nl->neg || j + 2 > c->len || !at__sc_boundary(c, j + 2))
        return 0;
    for (k = 0; k < 4; k++)
        if (at__sc_lit(c, j, sfx[k], 1))
            break;
    if (k == 4)
        return 0;
    v = at__digits_value(nl->ip, nl->in);
    want = (v % 100 >= 11 && v % 100 <= 13) ? 0 : (v % 10 >= 1 && v % 10 <= 3) ? (unsigned)(v % 10) : 0;
    at__say_cardinal(&c->say, nl->ip, nl->in);
    if ((unsigned)k == want) {
        at__ordinalize(&c->say);
    } else {
        at__say_space(&c->say);
        at__buf_put(&c->say, c->s + j, 2);
    }
    c->cls = AT_TOK_ORDINAL;
    return j + 2;
}

/* 1 when the n bytes at p are all zeros and thousands separators. */
static int only_zeros(const char *p, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (p[k] != '0' && p[k] != ',')
            return 0;
    return 1;
}

/* 1990s / 80s / 1,000s: a number ending in 0 with a plural s */
static size_t decade_at(at_scan *c, const at_numlit *nl)
{
    size_t j = nl->end;
    if (nl->point || nl->neg || nl->ip[nl->in - 1] != '0')
        return 0;
    if (j >= c->len || c->s[j] != 's' || !at__sc_boundary(c, j + 1))
        return 0;
    /* 1,000s -> thousands */
    if (nl->commas || (nl->in != 4 && nl->in != 2)) {
        at__say_cardinal(&c->say, nl->ip, nl->in);
        /* "one thousands" -> "thousands" */
        if (nl->ip[0] == '1' && nl->in >= 3 && only_zeros(nl->ip + 1, nl->in - 1) && c->say.n > 4 &&
            memcmp(c->say.p, "one ", 4) == 0) {
            memmove(c->say.p, c->say.p + 4, c->say.n - 4 + 1);
            c->say.n -= 4;
        }
    } else if (nl->in == 4)
        at__say_year(&c->say, nl->ip, 4);
    else
        at__say_cardinal(&c->say, nl->ip, 2);
    at__pluralize(&c->say);
    c->cls = AT_TOK_YEAR;
    return j + 1;
}

/* The denominator's word: half, quarter, or the ordinal; plural when the
 * numerator is not one. */
static void say_denominator(at_buf *b, const char *d, size_t n, int plural)
{
    unsigned long long v = at__digits_value(d, n);
    if (v == 2)
        at__say(b, plural ? "halves" : "half");
    else if (v == 4)
        at__say(b, plural ? "quarters" : "quarter");
    else {
        at__say_ordinal(b, d, n);
        if (plural)
            at__buf_putc(b, 's');
    }
}

/* Is a word of cricket within 200 bytes of [i, j)? The window keeps a
 * text full of fractions linear. */
static int near_cricket(const at_scan *c, size_t i, size_t j)
{
    static const char *const words[] = {"wicket", "innings", "overs", "runs", "bowled", "batting"};
    size_t a = i > 200 ? i - 200 : 0, b = j + 200 < c->len ? j + 200 : c->len, k, w;
    for (k = a; k < b; k++)
        for (w = 0; w < sizeof words / sizeof *words; w++)
            if (at__sc_lit(c, k, words[w], 1) && k + strlen(words[w]) <= b)
                return 1;
    return 0;
}

/* 1/2 -> one half; with `mixed` (3 1/2) -> and a half */
static size_t fraction_at(at_scan *c, size_t i, int mixed)
{
    size_t j = at__sc_digits(c, i), k, sfx = 0;
    unsigned long long num;
    if (j == i || j >= c->len || c->s[j] != '/' || !at__sc_digit(c, j + 1))
        return 0;
    k = at__sc_digits(c, j + 1);
    /* 1/4th: a redundant suffix */
    if (k + 2 <= c->len && (at__sc_lit(c, k, "th", 1) || at__sc_lit(c, k, "rd", 1) || at__sc_lit(c, k, "nd", 1)) &&
        at__sc_boundary(c, k + 2))
        sfx = 2;
    if (!at__sc_boundary(c, k + sfx) || (k < c->len && c->s[k] == '/') || c->s[j + 1] == '0')
        return 0;
    num = at__digits_value(c->s + i, j - i);
    /* 2021/22, 2021/2022: a school or fiscal year, "twenty twenty-one to
     * twenty-two" */
    if (!mixed && !sfx && j - i == 4 && num >= 1900 && num <= 2098 &&
        ((k - j - 1 == 2 && at__digits_value(c->s + j + 1, 2) == (num + 1) % 100) ||
         (k - j - 1 == 4 && at__digits_value(c->s + j + 1, 4) == num + 1))) {
        at__say_year(&c->say, c->s + i, 4);
        at__say(&c->say, "to");
        if (k - j - 1 == 4)
            at__say_year(&c->say, c->s + j + 1, 4);
        else
            at__say_cardinal(&c->say, c->s + j + 1, 2);
        c->cls = AT_TOK_YEAR;
        return k;
    }
    /* 190/4: runs for wickets in cricket, "one hundred ninety for four".
     * No one writes a fraction of a hundred or more over ten or less; a
     * smaller one (22/3) is a score only near a word of cricket. */
    if (!mixed && !sfx && num >= 10 && j - i <= 3 && k - j - 1 <= 2 &&
        at__digits_value(c->s + j + 1, k - j - 1) <= 10 && (num >= 100 || near_cricket(c, i, k))) {
        at__say_cardinal(&c->say, c->s + i, j - i);
        at__say(&c->say, "for");
        at__say_cardinal(&c->say, c->s + j + 1, k - j - 1);
        c->cls = AT_TOK_CARDINAL;
        return k;
    }
    /* 3/63: a bowler's wickets for runs, near a word of cricket (but "1/12
     * of the runs" is a share) */
    if (!mixed && !sfx && num <= 10 && k - j - 1 <= 3 && at__digits_value(c->s + j + 1, k - j - 1) >= 12 &&
        !at__sc_lit(c, at__sc_space(c, k), "of ", 0) && near_cricket(c, i, k)) {
        at__say_cardinal(&c->say, c->s + i, j - i);
        at__say(&c->say, "for");
        at__say_cardinal(&c->say, c->s + j + 1, k - j - 1);
        c->cls = AT_TOK_CARDINAL;
        return k;
    }
    /* 20/20 vision: a whole, not a fraction, "twenty twenty" */
    if (!mixed && !sfx && num >= 10 && num == at__digits_value(c->s + j + 1, k - j - 1)) {
        at__say_cardinal(&c->say, c->s + i, j - i);
        at__say_cardinal(&c->say, c->s + j + 1, k - j - 1);
        c->cls = AT_TOK_CARDINAL;
        return k;
    }
    if (mixed) {
        if (num >= at__digits_value(c->s + j + 1, k - j - 1) + 100)
            return 0;
        at__say(&c->say, "and");
        if (num == 1)
            at__say(&c->say, "a");
        else
            at__say_cardinal(&c->say, c->s + i, j - i);
    } else {
        at__say_cardinal(&c->say, c->s + i, j - i);
    }
    say_denominator(&c->say, c->s + j + 1, k - j - 1, num != 1);
    c->cls = AT_TOK_FRACTION;
    return k + sfx;
}

/* Whether a-b stands alone in brackets right after a capitalized word
 * (The Trail Blazers (9-14)): a team's record, small whole numbers. */
static int team_record(const at_scan *c, const at_numlit *a, const at_numlit *b)
{
    size_t i = c->pos, k;
    if (a->in > 2 || b->in > 2 || i < 3 || c->s[i - 1] != '(' || c->s[i - 2] != ' ' || b->end >= c->len ||
        c->s[b->end] != ')')
        return 0;
    for (k = i - 2; k > 0 && at__sc_alpha(c, k - 1); k--)
        ;
    return k < i - 2 && at__sc_upper(c, k);
}

/* 10-12 -> ten to twelve; 2025-2030 and 1960-80 are year ranges */
/* A tennis set's games at i: one digit, a hyphen or dash, one digit, each
 * at most 7 (6-4, 7-6). Its end, else 0. */
static size_t set_at(const at_scan *c, size_t i)
{
    size_t e;
    if (!at__sc_digit(c, i) || c->s[i] > '7' || (i > 0 && (at__sc_alnum(c, i - 1) || c->s[i - 1] == '-')))
        return 0;
    if (!(e = at__sc_dash(c, i + 1)) || !at__sc_digit(c, e) || c->s[e] > '7' || !at__sc_boundary(c, e + 1) ||
        (e + 1 < c->len && (c->s[e + 1] == '-' || (c->s[e + 1] == '.' && at__sc_digit(c, e + 2)))))
        return 0;
    return e + 1;
}

/* Past a tie-break's points after a set: " (6)", " (7-5)". */
static size_t after_tiebreak(const at_scan *c, size_t j)
{
    size_t k = at__sc_space(c, j), d;
    if (k >= c->len || c->s[k] != '(')
        return j;
    d = at__sc_digits(c, k + 1);
    if (d > k + 1 && d - k - 1 <= 2 && d < c->len && c->s[d] == '-')
        d = at__sc_digits(c, d + 1);
    return d < c->len && c->s[d] == ')' ? d + 1 : j;
}

/* 7-5 6-1, 4-6 7-6 (6) 6-3: sets in a match, each read "seven-five",
 * "six-love", when another set is next to it. */
static int in_match(const at_scan *c, size_t i, size_t j)
{
    size_t k = at__sc_space(c, after_tiebreak(c, j)), b;
    if (k < c->len && c->s[k] == ',')
        k = at__sc_space(c, k + 1);
    if (k > j && set_at(c, k))
        return 1;
    /* the set before: back over spaces, a comma and a tie-break */
    b = i;
    while (b > 0 && (c->s[b - 1] == ' ' || c->s[b - 1] == ','))
        b--;
    if (b == i)
        return 0;
    if (b > 0 && c->s[b - 1] == ')') {
        size_t o = b - 1;
        while (o > 0 && o + 8 > b && c->s[o - 1] != '(')
            o--;
        if (o == 0 || c->s[o - 1] != '(')
            return 0;
        b = o - 1;
        while (b > 0 && c->s[b - 1] == ' ')
            b--;
    }
    return b >= 3 && set_at(c, b - 3) == b;
}

/* The word that ends just before byte i (after spaces): [*a, *b), or 0. */
static int word_before(const at_scan *c, size_t i, size_t *a, size_t *b)
{
    while (i > 0 && c->s[i - 1] == ' ')
        i--;
    *b = i;
    while (i > 0 && at__sc_alpha(c, i - 1))
        i--;
    *a = i;
    return *b > *a;
}

static int word_in(const at_scan *c, size_t a, size_t b, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == b - a && at__sc_lit(c, a, *list, 1))
            return 1;
    return 0;
}

/* A win-loss record: "improved to 13-4", "stands at 28-0", "a 13-4
 * record", read "thirteen and four" as sports reporters say it. */
static int record_context(const at_scan *c, size_t i, size_t j)
{
    static const char *const to_verbs[] = {"improved", "improves", "improve",  "improving", "fell",    "falls",
                                           "fall",     "falling",  "dropped",  "drops",     "drop",    "dropping",
                                           "slipped",  "slips",    "slipping", "moved",     "moves",   "moving",
                                           "evened",   "climbed",  "went",     "goes",      "pushed",  "raised",
                                           "lifted",   "slid",     "sliding",  "improving", "evening", NULL};
    static const char *const at_verbs[] = {"stands", "stood", "undefeated", "unbeaten", "sits", "sat", "remains",
                                           "remained", "record", NULL};
    size_t a, b, a2, b2, k;
    k = at__sc_space(c, j);
    if (k > j && at__sc_lit(c, k, "record", 1) && at__sc_boundary(c, k + 6))
        return 1;
    if (!word_before(c, i, &a, &b) || b == i)
        return 0;
    if (word_in(c, a, b, (const char *const[]){"to", NULL}) && word_before(c, a, &a2, &b2))
        return word_in(c, a2, b2, to_verbs);
    if (word_in(c, a, b, (const char *const[]){"at", "of", NULL}) && word_before(c, a, &a2, &b2))
        return word_in(c, a2, b2, at_verbs);
    return 0;
}

/* A ball-strike count: "0-2 in the count", "a 1-0 fastball", read
 * "oh-two", "one-oh". */
static int count_context(const at_scan *c, size_t j)
{
    static const char *const pitches[] = {"count", "fastball", "pitch", "slider", "curveball", "changeup",
                                          "sinker", "cutter", "splitter", "curve", "heater", NULL};
    size_t k = at__sc_space(c, j), e, w;
    for (w = 0; w < 3 && k < c->len; w++) {
        e = at__sc_letters(c, k);
        if (e == k)
            return 0;
        if (word_in(c, k, e, pitches))
            return 1;
        k = at__sc_space(c, e);
    }
    return 0;
}

/* 6-1-0, 20-3-4, 1-2-3: three small numbers, a record with ties or a
 * sequence, each said in turn with zero as "oh". Its end, else 0. */
static size_t triple_at(at_scan *c, size_t i)
{
    size_t p[3][2], k = i, n;
    for (n = 0; n < 3; n++) {
        size_t e = at__sc_digits(c, k);
        if (e == k || e - k > 2)
            return 0;
        p[n][0] = k;
        p[n][1] = e;
        if (n < 2) {
            if (e >= c->len || c->s[e] != '-')
                return 0;
            k = e + 1;
        } else
            k = e;
    }
    if (!at__sc_boundary(c, k) || (k < c->len && (c->s[k] == '-' || c->s[k] == '/')) ||
        (k + 1 < c->len && c->s[k] == '.' && at__sc_digit(c, k + 1)))
        return 0;
    /* 20-3-4 joined by hyphens would sound like twenty-three */
    int big = p[0][1] - p[0][0] == 2 || p[1][1] - p[1][0] == 2 || p[2][1] - p[2][0] == 2;
    for (n = 0; n < 3; n++) {
        if (n && big)
            at__say(&c->say, "and");
        else if (n)
            at__buf_putc(&c->say, '-');
        if (p[n][1] - p[n][0] == 1 && c->s[p[n][0]] == '0')
            at__buf_puts(&c->say, n ? "oh" : "zero");
        else {
            size_t mark = c->say.n;
            at__say_cardinal(&c->say, c->s + p[n][0], p[n][1] - p[n][0]);
            /* no space after the hyphen */
            if (n && !big && mark < c->say.n && c->say.p[mark] == ' ') {
                memmove(c->say.p + mark, c->say.p + mark + 1, c->say.n - mark);
                c->say.n--;
            }
        }
    }
    c->cls = AT_TOK_RANGE;
    return k;
}

static size_t range_at(at_scan *c, const at_numlit *a)
{
    at_numlit b;
    size_t e = at__sc_dash(c, a->end), q;
    unsigned long long va, vb;
    /* 1-2=5 / 1- 2 = 5: arithmetic, read "minus" */
    if (e && at__sc_number(c, at__sc_space(c, e), 0, &b) && (q = at__sc_space(c, b.end)) < c->len && c->s[q] == '=') {
        at__say_numlit(&c->say, a);
        at__say(&c->say, "minus");
        at__say_numlit(&c->say, &b);
        c->cls = AT_TOK_CARDINAL;
        return b.end;
    }
    if (!a->neg && !a->point && !a->commas && (q = triple_at(c, c->pos)) != 0)
        return q;
    if (!e || a->point || !at__sc_number(c, e, 0, &b) || b.point || !at__sc_boundary(c, b.end) ||
        (b.end < c->len && (c->s[b.end] == '-' || c->s[b.end] == '/')))
        return 0;
    va = at__digits_value(a->ip, a->in);
    vb = at__digits_value(b.ip, b.in);
    if (a->in == 1 && b.in == 1 && !a->neg && set_at(c, c->pos) == b.end && in_match(c, c->pos, b.end)) {
        static const char *const games[] = {"love", "one", "two", "three", "four", "five", "six", "seven"};
        at__say_numlit(&c->say, a);
        at__buf_putc(&c->say, '-');
        at__buf_puts(&c->say, games[vb]);
    } else if (a->in == 1 && b.in == 1 && va <= 3 && vb <= 2 && !a->neg && count_context(c, b.end)) {
        at__buf_puts(&c->say, c->say.n ? " " : "");
        at__buf_puts(&c->say, va == 0 ? "oh" : (const char *const[]){"", "one", "two", "three"}[va]);
        at__buf_putc(&c->say, '-');
        at__buf_puts(&c->say, vb == 0 ? "oh" : vb == 1 ? "one" : "two");
    } else if (team_record(c, a, &b) ||
               (!a->neg && !a->commas && !b.commas && a->in <= 3 && b.in <= 3 && record_context(c, c->pos, b.end))) {
        /* The Lakers (20-3): a team's wins and losses, "twenty and three";
         * 28-0 is "twenty-eight and oh" */
        at__say_numlit(&c->say, a);
        at__say(&c->say, "and");
        if (vb == 0)
            at__say(&c->say, "oh");
        else
            at__say_numlit(&c->say, &b);
    } else if (is_year(a) && b.in == 1 && vb > va % 10) {
        /* 2008-9: the second year in full, "two thousand eight to two
         * thousand nine" (read "to nine", it sounds like a count) */
        char y[4];
        memcpy(y, a->ip, 3);
        y[3] = b.ip[0];
        at__say_year(&c->say, a->ip, 4);
        at__say(&c->say, "to");
        at__say_year(&c->say, y, 4);
    } else if (is_year(a) && b.in == 2 && !b.commas && vb > va % 100) {
        at__say_year(&c->say, a->ip, 4);
        at__say(&c->say, "to");
        at__say_cardinal(&c->say, b.ip, 2);
    } else if (is_year(a) && is_year(&b) && vb > va) {
        at__say_year(&c->say, a->ip, 4);
        at__say(&c->say, "to");
        at__say_year(&c->say, b.ip, 4);
    } else if (vb > va && !a->neg && (b.in == 1 || b.ip[0] != '0')) {
        at__say_numlit(&c->say, a);
        at__say(&c->say, "to");
        at__say_numlit(&c->say, &b);
    } else if (!a->neg && !a->commas && !b.commas && a->in <= 3 && b.in <= a->in && vb < va &&
               (vb > 0 || a->in <= 2) && (b.in == 1 || b.ip[0] != '0')) {
        /* 121-115, 3-2, 2-0: a score or a vote, "one hundred twenty-one to
         * one hundred fifteen" (978-0 and 0-padded parts are codes; a
         * fifty-fifty chance keeps its hyphen) */
        at__say_numlit(&c->say, a);
        at__say(&c->say, "to");
        /* 2-0: a score's zero is "nothing" */
        if (vb == 0)
            at__say(&c->say, "nothing");
        else
            at__say_numlit(&c->say, &b);
    } else if (!a->neg && !a->commas && !b.commas && a->in <= 3 && b.in == a->in && vb == va && va > 0 &&
               a->ip[0] != '0' && !(va == 50 || va == 24)) {
        /* 114-114, a 1-1 draw: a tie, "one hundred fourteen all" (50-50
         * keeps its own reading) */
        at__say_numlit(&c->say, a);
        at__say(&c->say, "all");
    } else {
        return 0;
    }
    c->cls = AT_TOK_RANGE;
    return b.end;
}

/* ½ ¼ ¾ ⅓ ⅔ ⅛: its end, else 0; speaks "and a half" when `mixed` (after
 * a whole number), "one half" when alone. The fraction words are number
 * words, so they live here. */
static size_t vulgar_at(at_scan *c, size_t i, int mixed)
{
    static const struct {
        const char *cp, *alone, *after;
    } v[] = {{"\xC2\xBD", "one half", "and a half"},         {"\xC2\xBC", "one quarter", "and a quarter"},
             {"\xC2\xBE", "three quarters", "and three quarters"}, {"\xE2\x85\x93", "one third", "and a third"},
             {"\xE2\x85\x94", "two thirds", "and two thirds"},   {"\xE2\x85\x9B", "one eighth", "and an eighth"}};
    size_t k, e;
    for (k = 0; k < sizeof v / sizeof *v; k++)
        if ((e = at__sc_lit(c, i, v[k].cp, 0)) != 0 && at__sc_boundary(c, e)) {
            at__say(&c->say, mixed ? v[k].after : v[k].alone);
            return e;
        }
    return 0;
}

/* 630 Ferrell St., 1428 Elm Street, 10500 W. Main St.: a whole number of
 * up to five digits, then up to three capitalized words (or initials),
 * then a street type from the lexicon (`street`), with or without its
 * full stop. */
static int house_number(const at_scan *c, const at_numlit *nl)
{
    size_t i = nl->end, words = 0, e;
    if (nl->point || nl->neg || nl->commas || nl->in > 5 || (nl->in > 1 && nl->ip[0] == '0') || i >= c->len ||
        c->s[i] != ' ')
        return 0;
    while (words < 4) {
        i = at__sc_space(c, i);
        e = at__sc_letters(c, i);
        if (e == i || !at__sc_upper(c, i))
            return 0;
        if (words > 0 && at__lexicon_find(c->lex, AT_LEX_STREET, c->s + i, e - i, 1) &&
            (at__sc_boundary(c, e) || (c->s[e] == '.')))
            return 1;
        if (e < c->len && c->s[e] == '.')
            e++;
        if (e >= c->len || c->s[e] != ' ')
            return 0;
        i = e;
        words++;
    }
    return 0;
}

/* A house number as people say it: in pairs of digits (six thirty,
 * fourteen twenty-eight, ten five hundred), two digits or fewer whole. */
static void say_house(at_buf *b, const char *d, size_t n)
{
    if (n <= 2) {
        at__say_cardinal(b, d, n);
    } else if (n == 4) {
        at__say_year(b, d, 4);
    } else {
        size_t head = n - 2;
        unsigned lo = (unsigned)at__digits_value(d + head, 2);
        if (n == 5) {
            /* 10500: ten, then five hundred */
            at__say_cardinal(b, d, 2);
            at__say_cardinal(b, d + 2, 3);
            return;
        }
        at__say_cardinal(b, d, head);
        if (lo == 0)
            at__say(b, "hundred");
        else if (lo < 10) {
            at__say(b, "oh");
            at__say_cardinal(b, d + head + 1, 1);
        } else
            at__say_cardinal(b, d + head, 2);
    }
}

int at__rule_number(at_scan *c)
{
    at_numlit nl;
    size_t j, e;
    if (!at__sc_digit(c, c->pos) && elided(c))
        return 1;
    if (!at__sc_digit(c, c->pos) && (j = vulgar_at(c, c->pos, 0)) != 0) {
        c->end = j;
        c->cls = AT_TOK_FRACTION;
        return 1;
    }
    if (!at__sc_number(c, c->pos, 1, &nl))
        return 0;
    if ((j = ordinal_at(c, &nl)) || (j = decade_at(c, &nl)) || (!nl.neg && (j = fraction_at(c, c->pos, 0))) ||
        (j = range_at(c, &nl))) {
        /* 1960s-80s: a decade range */
        if (c->cls == AT_TOK_YEAR && (e = at__sc_dash(c, j)) && at__sc_digit(c, e)) {
            at_numlit b;
            size_t mark = c->say.n, k;
            at__say(&c->say, "to");
            if (at__sc_number(c, e, 0, &b) && (k = decade_at(c, &b)) != 0)
                j = k;
            else
                c->say.n = mark;
        }
        c->end = j;
        return 1;
    }
    /* the 49ers, the 76ers: a team named for a number, "forty-niners" */
    if (!nl.point && !nl.neg && !nl.commas && at__sc_lit(c, nl.end, "ers", 0) && at__sc_boundary(c, nl.end + 3)) {
        at__say_numlit(&c->say, &nl);
        at__buf_puts(&c->say, c->say.n && c->say.p[c->say.n - 1] == 'e' ? "rs" : "ers");
        c->end = nl.end + 3;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    /* the 2300 block of Main Street: "twenty-three hundred" */
    if (!nl.point && !nl.neg && !nl.commas && nl.in == 4 && nl.ip[2] == '0' && nl.ip[3] == '0' && nl.ip[0] != '0' &&
        at__sc_lit(c, at__sc_space(c, nl.end), "block", 1) && at__sc_boundary(c, at__sc_space(c, nl.end) + 5)) {
        at__say_year(&c->say, nl.ip, 4);
        c->end = nl.end;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    /* F-35s, B-52s: planes of a model, "F thirty-fives" */
    if (!nl.point && !nl.neg && !nl.commas && c->pos > 1 && c->s[c->pos - 1] == '-' && at__sc_alpha(c, c->pos - 2) &&
        nl.end < c->len && c->s[nl.end] == 's' && at__sc_boundary(c, nl.end + 1)) {
        at__say_numlit(&c->say, &nl);
        at__pluralize(&c->say);
        c->end = nl.end + 1;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    /* Boeing 737: a jetliner's model, "seven thirty-seven" */
    if (!nl.point && !nl.neg && !nl.commas && nl.in == 3) {
        size_t wa, wb;
        if (word_before(c, c->pos, &wa, &wb) && wb - wa == 6 && at__sc_lit(c, wa, "Boeing", 0)) {
            at__say_cardinal(&c->say, nl.ip, 1);
            if (nl.ip[1] == '0') {
                at__say(&c->say, "oh");
                at__say_cardinal(&c->say, nl.ip + 2, 1);
            } else
                at__say_cardinal(&c->say, nl.ip + 1, 2);
            if (nl.end < c->len && c->s[nl.end] == 's' && at__sc_boundary(c, nl.end + 1)) {
                at__pluralize(&c->say);
                nl.end++;
            }
            c->end = nl.end;
            c->cls = AT_TOK_CARDINAL;
            return 1;
        }
    }
    /* 80's -> eighties; 12's -> twelve's */
    if (!nl.point && !nl.neg && (at__sc_lit(c, nl.end, "'s", 0) || at__sc_lit(c, nl.end, "\xE2\x80\x99s", 0))) {
        size_t e2 = nl.end + (c->s[nl.end] == '\'' ? 2 : 4);
        if (at__sc_boundary(c, e2)) {
            if ((nl.in == 2 || nl.in == 4) && nl.ip[nl.in - 1] == '0') {
                if (nl.in == 4)
                    at__say_year(&c->say, nl.ip, 4);
                else
                    at__say_cardinal(&c->say, nl.ip, 2);
                at__pluralize(&c->say);
                c->cls = AT_TOK_YEAR;
            } else {
                at__say_numlit(&c->say, &nl);
                at__buf_puts(&c->say, "'s");
                c->cls = AT_TOK_CARDINAL;
            }
            c->end = e2;
            return 1;
        }
    }
    /* 4½ -> four and a half */
    if (!nl.point && !nl.neg && !at__sc_alnum(c, nl.end) && nl.end < c->len) {
        at__say_numlit(&c->say, &nl);
        if ((c->end = vulgar_at(c, nl.end, 1)) != 0) {
            c->cls = AT_TOK_FRACTION;
            return 1;
        }
        c->say.n = 0;
    }
    /* 12zz: a number glued to letters that are no known unit */
    if (at__sc_alpha(c, nl.end))
        c->flags |= AT_TF_UNSURE;
    if (house_number(c, &nl)) {
        say_house(&c->say, nl.ip, nl.in);
        c->cls = AT_TOK_CARDINAL;
    } else if (is_year(&nl) && !at__sc_alpha(c, nl.end)) {
        at__say_year(&c->say, nl.ip, 4);
        c->cls = AT_TOK_YEAR;
    } else {
        at__say_numlit(&c->say, &nl);
        c->cls = nl.point ? AT_TOK_DECIMAL : AT_TOK_CARDINAL;
    }
    c->end = nl.end;
    /* 3 1/2 -> three and a half */
    e = at__sc_space(c, nl.end);
    if (!nl.point && e > nl.end && at__sc_digit(c, e)) {
        size_t mark = c->say.n;
        if ((j = fraction_at(c, e, 1)) != 0) {
            c->end = j;
            c->cls = AT_TOK_FRACTION;
        } else {
            c->say.n = mark;
            c->say.p[mark] = '\0';
        }
    }
    return 1;
}
