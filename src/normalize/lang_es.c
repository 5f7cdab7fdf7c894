/* The normalizer's rules for Spanish, "es" (see lang.c), as a Spanish
 * news reader says what is written:
 *
 *   - numbers: a point or a space groups thousands (1.000, 1 000), a
 *     comma starts the decimals (3,5), and the number agrees with the noun
 *     after it (un euro, una libra, veintiún años, doscientas millas);
 *   - dates (1 de enero, 10/10/1989), clock times (13.30 trece y media),
 *     money with its symbol or ISO code on either side ($5, 5 €, usd 2),
 *     measures (200 m), fractions (2/3 dos tercios), ordinals (1.º, 2.ª,
 *     1.er, 3ro) and Roman numerals (siglo XIX, Felipe V);
 *   - telephone numbers digit by digit, addresses piece by piece;
 *   - abbreviations (Dr., EE. UU.).
 *
 * The words (currencies, units, abbreviations, time zones, the pieces of
 * addresses) are data in voices/es/lexicon.tsv; the number words are
 * grammar and live in lang_es_num.c. Every rule looks ahead a bounded
 * number of bytes past what it reads, so a block is read in linear time. */
#include <string.h>

#include "classify.h"
#include "lang_es.h"

/* ---- scanning ---- */

/* A number as Spanish writes it: digits, thousands grouped by a point or
 * a space (exactly three digits a group), a comma and the decimals. */
typedef struct es_num {
    char ip[64];
    size_t in;
    const char *fp;
    size_t fn;
    int neg, grouped;
    size_t end;
} es_num;

/* a space that may separate groups of digits: space, no-break, thin */
static size_t group_space(const at_scan *c, size_t i)
{
    const unsigned char *s = (const unsigned char *)c->s;
    if (i < c->len && s[i] == ' ')
        return i + 1;
    if (i + 1 < c->len && s[i] == 0xC2 && s[i + 1] == 0xA0)
        return i + 2;
    if (i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x89 || s[i + 2] == 0xAF))
        return i + 3;
    return 0;
}

/* a minus sign (or a plus) starting a word: its end, else 0 */
static size_t sign_at(const at_scan *c, size_t i, int *neg)
{
    size_t j = 0;
    if (i < c->len && c->s[i] == '-')
        j = i + 1;
    else if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x88 &&
             (unsigned char)c->s[i + 2] == 0x92)
        j = i + 3;
    if (!j || !at__sc_digit(c, j))
        return 0;
    if (i > 0 && !at__is_space((unsigned char)c->s[i - 1]) && c->s[i - 1] != '(' &&
        (unsigned char)c->s[i - 1] != 0xA0)
        return 0;
    *neg = 1;
    return j;
}

static int es_number(const at_scan *c, size_t i, int sign, es_num *n)
{
    size_t j, a;
    char sep = 0;
    memset(n, 0, sizeof *n);
    if (sign && (a = sign_at(c, i, &n->neg)) != 0)
        i = a;
    j = at__sc_digits(c, i);
    if (j == i || j - i > 30)
        return 0;
    memcpy(n->ip, c->s + i, j - i);
    n->in = j - i;
    if (j - i <= 3)
        for (;;) {
            char s = 0;
            a = 0;
            if (j < c->len && c->s[j] == '.' && sep != ' ')
                a = j + 1, s = '.';
            else if (sep != '.' && (a = group_space(c, j)) != 0)
                s = ' ';
            if (!a || at__sc_digits(c, a) != a + 3 || n->in + 3 > 30)
                break;
            /* 1.000.5 or 12.345.6: not thousands */
            if (s == '.' && a + 3 < c->len && c->s[a + 3] == '.' && at__sc_digit(c, a + 4) &&
                at__sc_digits(c, a + 4) != a + 7)
                break;
            memcpy(n->ip + n->in, c->s + a, 3);
            n->in += 3;
            j = a + 3;
            sep = s;
            n->grouped = 1;
        }
    if (j + 1 < c->len && c->s[j] == ',' && at__sc_digit(c, j + 1)) {
        size_t f = at__sc_digits(c, j + 1);
        n->fp = c->s + j + 1;
        n->fn = f - j - 1;
        j = f;
    }
    n->end = j;
    return 1;
}

static unsigned long long num_value(const char *d, size_t n)
{
    unsigned long long v = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        if (v > 100000000000000000ULL)
            return ~0ULL;
        v = v * 10 + (unsigned long long)(d[k] - '0');
    }
    return v;
}

/* the word starting at i (letters, beyond ASCII too), folded to lower
 * case into w (at most wn-1 bytes); its end, or i when none */
static size_t word_at(const at_scan *c, size_t i, char *w, size_t wn, size_t *wl)
{
    size_t j = i, n = 0;
    while (j < c->len && j - i < 40) {
        size_t k = j;
        int32_t cp;
        if ((unsigned char)c->s[j] < 0x80) {
            if (!at__sc_alpha(c, j))
                break;
            if (n + 1 < wn)
                w[n++] = (char)at__to_lower((unsigned char)c->s[j]);
            j++;
            continue;
        }
        cp = at__utf8_next(c->s, c->len, &k);
        if (cp <= 0 || !at__cp_is_alpha(cp))
            break;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) /* Á É Í Ó Ú Ñ to small */
            cp += 32;
        if (n + 2 < wn && cp < 0x800) {
            w[n++] = (char)(0xC0 | (cp >> 6));
            w[n++] = (char)(0x80 | (cp & 0x3F));
        }
        j = k;
    }
    w[n] = '\0';
    *wl = n;
    return j;
}

/* The form a number takes before the word at j: AT_ES_APOC before a
 * masculine noun (and millón), AT_ES_FEM before a feminine one,
 * AT_ES_MASC when no noun follows. */
static int agreement(const at_scan *c, size_t j)
{
    char w[48];
    size_t wl, e;
    int g;
    j = at__sc_space(c, j);
    e = word_at(c, j, w, sizeof w, &wl);
    if (e == j || at__sc_alnum(c, e))
        return AT_ES_MASC;
    g = at__es_gender_word(w, wl);
    return g < 0 ? AT_ES_MASC : g == AT_ES_FEM ? AT_ES_FEM : AT_ES_APOC;
}

/* the form for a noun written out (a unit's or currency's singular) */
static int agreement_of(const char *noun)
{
    size_t n = strcspn(noun, " ");
    char w[48];
    size_t k;
    int g;
    if (n >= sizeof w)
        return AT_ES_APOC;
    for (k = 0; k < n; k++)
        w[k] = (char)at__to_lower((unsigned char)noun[k]);
    g = at__es_gender_word(w, n);
    return g < 0 ? AT_ES_MASC : g == AT_ES_FEM ? AT_ES_FEM : AT_ES_APOC;
}

static void say_num(at_buf *b, const es_num *n, int g)
{
    if (n->neg)
        at__say(b, "menos");
    if (n->fp)
        at__es_decimal(b, n->ip, n->in, n->fp, n->fn, g);
    else
        at__es_cardinal(b, n->ip, n->in, g);
}

/* the byte after i is no letter or digit */
static int boundary(const at_scan *c, size_t i)
{
    return at__sc_boundary(c, i);
}

/* The trimmed run of non-space bytes at i, at most max bytes: its end. */
static size_t run_at(const at_scan *c, size_t i, size_t max, int stop_digit)
{
    size_t j = i;
    while (j < c->len && j - i < max && !at__is_space((unsigned char)c->s[j]) && (unsigned char)c->s[j] != 0xC2 &&
           !(stop_digit && at__sc_digit(c, j)))
        j++;
    /* "°" and the no-break space share their first byte: keep the degree */
    while (j < c->len && j - i < max && (unsigned char)c->s[j] == 0xC2 && j + 1 < c->len &&
           (unsigned char)c->s[j + 1] != 0xA0) {
        j += 2;
        while (j < c->len && j - i < max && !at__is_space((unsigned char)c->s[j]) &&
               (unsigned char)c->s[j] != 0xC2 && !(stop_digit && at__sc_digit(c, j)))
            j++;
    }
    while (j > i && strchr(".,;:!?)]\"'", c->s[j - 1]))
        j--;
    return j;
}

/* ---- units and currencies ---- */

/* A unit after a number ending at i: its entry, and *end past it. The
 * degree sign takes the scale's letter after it, spaced or not (° C). */
static const at_lex_entry *unit_at(const at_scan *c, size_t i, size_t *end)
{
    size_t a = at__sc_space(c, i), j;
    const at_lex_entry *en;
    if (a + 1 < c->len && (unsigned char)c->s[a] == 0xC2 && (unsigned char)c->s[a + 1] == 0xB0) {
        char key[4] = {(char)0xC2, (char)0xB0, 0, 0};
        size_t k = at__sc_space(c, a + 2);
        if (!at__sc_alpha(c, k) || !boundary(c, k + 1))
            return NULL;
        key[2] = (char)at__to_lower((unsigned char)c->s[k]);
        if ((en = at__lexicon_find(c->lex, AT_LEX_UNIT, key, 3, 1)) == NULL)
            return NULL;
        *end = k + 1;
        return en;
    }
    j = run_at(c, a, 16, 0);
    if (j == a)
        return NULL;
    /* 4,5/s, 3 km/h: the longest key that ends at a boundary */
    while (j > a) {
        en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + a, j - a, 0);
        if (!en && j - a > 1)
            en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + a, j - a, 1);
        if (en && boundary(c, j) && (!(en->flags & AT_LEXF_GLUED) || a == i)) {
            *end = j;
            return en;
        }
        j--;
        while (j > a && ((unsigned char)c->s[j] & 0xC0) == 0x80)
            j--;
    }
    return NULL;
}

/* A currency at i: before a number (then a digit follows, spaced or
 * not: $5, € 5, usd 2, nio21) or after one ($ or código). */
static const at_lex_entry *currency_at(const at_scan *c, size_t i, int before, size_t *end)
{
    size_t j = run_at(c, i, 8, 1);
    const at_lex_entry *en;
    while (j > i) {
        if ((en = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, j - i, 1)) != NULL) {
            if (before ? at__sc_digit(c, at__sc_space(c, j)) : boundary(c, j)) {
                *end = j;
                return en;
            }
        }
        j--;
        while (j > i && ((unsigned char)c->s[j] & 0xC0) == 0x80)
            j--;
    }
    return NULL;
}

/* millón, millones, billón...: a scale word at i, its end (0 if none) */
static size_t scale_at(const at_scan *c, size_t i, int *is_mil)
{
    static const char *const scales[] = {"millones", "millón", "billones", "billón", "trillones", "trillón"};
    char w[24];
    size_t wl, e = word_at(c, i, w, sizeof w, &wl), k;
    *is_mil = 0;
    if (e == i || !boundary(c, e))
        return 0;
    if (wl == 3 && memcmp(w, "mil", 3) == 0) {
        size_t a = at__sc_space(c, e), e2;
        int dummy;
        *is_mil = 1;
        if (a > e && (e2 = scale_at(c, a, &dummy)) != 0) {
            *is_mil = 0;
            return e2;
        }
        return e;
    }
    for (k = 0; k < sizeof scales / sizeof *scales; k++)
        if (strlen(scales[k]) == wl && memcmp(scales[k], w, wl) == 0)
            return e;
    return 0;
}

static void say_money(at_scan *c, const es_num *n, const at_lex_entry *cur, size_t scale_from, size_t scale_to,
                      int is_mil)
{
    at_buf *b = &c->say;
    int g = agreement_of(cur->f[0]);
    if (scale_to) {
        /* 2,3 billones de euros; 5 mil dólares */
        say_num(b, n, is_mil ? g : AT_ES_APOC);
        at__say_n(b, c->s + scale_from, scale_to - scale_from);
        if (!is_mil)
            at__say(b, "de");
        at__say(b, cur->f[1][0] ? cur->f[1] : cur->f[0]);
        return;
    }
    if (n->neg)
        at__say(b, "menos");
    if (n->fp && n->fn <= 2 && cur->f[2][0]) {
        unsigned long long minor = num_value(n->fp, n->fn) * (n->fn == 1 ? 10 : 1);
        unsigned long long major = num_value(n->ip, n->in);
        if (major || !minor) {
            at__es_cardinal(b, n->ip, n->in, g);
            at__say(b, major == 1 ? cur->f[0] : cur->f[1]);
        }
        if (minor) {
            at__es_uint(b, minor, agreement_of(cur->f[2]));
            at__say(b, minor == 1 ? cur->f[2] : cur->f[3]);
        }
        return;
    }
    if (n->fp)
        at__es_decimal(b, n->ip, n->in, n->fp, n->fn, g);
    else
        at__es_cardinal(b, n->ip, n->in, g);
    at__say(b, !n->fp && num_value(n->ip, n->in) == 1 ? cur->f[0] : cur->f[1]);
}

static int rule_money(at_scan *c)
{
    size_t i = c->pos, e = 0, a, se = 0, ss = 0;
    const at_lex_entry *cur;
    es_num n;
    int is_mil = 0;
    if (!at__sc_digit(c, i) && i > 0 && at__sc_alnum(c, i - 1))
        return 0;
    if ((cur = currency_at(c, i, 1, &e)) != NULL) {
        /* $5, € 2,3 billones, usd 2 */
        if (!es_number(c, at__sc_space(c, e), 0, &n) || at__sc_alnum(c, n.end))
            return 0;
        a = at__sc_space(c, n.end);
        if (a > n.end && (se = scale_at(c, a, &is_mil)) != 0)
            ss = a;
        c->end = se ? se : n.end;
    } else {
        if (!es_number(c, i, 1, &n))
            return 0;
        a = n.end;
        if ((cur = currency_at(c, at__sc_space(c, a), 0, &e)) == NULL)
            return 0;
        c->end = e;
    }
    say_money(c, &n, cur, ss, se, is_mil);
    c->cls = AT_TOK_MONEY;
    return 1;
}

/* ---- measures ---- */
static int rule_measure(at_scan *c)
{
    es_num n;
    size_t e;
    const at_lex_entry *u;
    int g;
    if (!es_number(c, c->pos, 1, &n) || (u = unit_at(c, n.end, &e)) == NULL)
        return 0;
    g = agreement_of(u->f[0]);
    say_num(&c->say, &n, g);
    at__say(&c->say, (!n.fp && num_value(n.ip, n.in) == 1) || !u->f[1][0] ? u->f[0] : u->f[1]);
    c->end = e;
    c->cls = AT_TOK_MEASURE;
    return 1;
}

/* ---- fractions ---- */

/* ½ ⅓ ¼ ...: numerator and denominator, *end past it; 0 if none */
static int vulgar_at(const at_scan *c, size_t i, unsigned *num, unsigned *den, size_t *end)
{
    static const struct {
        int32_t cp;
        unsigned char n, d;
    } v[] = {{0xBD, 1, 2},   {0xBC, 1, 4},   {0xBE, 3, 4},   {0x2153, 1, 3}, {0x2154, 2, 3}, {0x2155, 1, 5},
             {0x2156, 2, 5}, {0x2157, 3, 5}, {0x2158, 4, 5}, {0x2159, 1, 6}, {0x215A, 5, 6}, {0x2150, 1, 7},
             {0x215B, 1, 8}, {0x215C, 3, 8}, {0x215D, 5, 8}, {0x215E, 7, 8}, {0x2151, 1, 9}, {0x2152, 1, 10}};
    size_t j = i, k;
    int32_t cp;
    if (i >= c->len || (unsigned char)c->s[i] < 0xC2)
        return 0;
    cp = at__utf8_next(c->s, c->len, &j);
    for (k = 0; k < sizeof v / sizeof *v; k++)
        if (v[k].cp == cp) {
            *num = v[k].n;
            *den = v[k].d;
            *end = j;
            return 1;
        }
    return 0;
}

static int rule_fraction(at_scan *c)
{
    size_t i = c->pos, j, k, whole_from = 0, whole_to = 0, e, end;
    int neg = 0, g = AT_ES_MASC;
    unsigned long long num, den;
    unsigned vn, vd;
    es_num dn;
    const at_lex_entry *u;
    at_buf *b = &c->say;
    if (i > 0 && (c->s[i - 1] == '/' || at__sc_digit(c, i - 1)))
        return 0;
    if ((j = sign_at(c, i, &neg)) != 0)
        i = j;
    if (vulgar_at(c, i, &vn, &vd, &end)) {
        num = vn;
        den = vd;
        dn.ip[0] = '\0';
        dn.in = 0;
    } else {
        j = at__sc_digits(c, i);
        if (j == i || j - i > 9)
            return 0;
        if (vulgar_at(c, j, &vn, &vd, &end)) { /* 2½ */
            whole_from = i;
            whole_to = j;
            num = vn;
            den = vd;
            dn.in = 0;
        } else {
            /* 2 1/3: a whole number, then the fraction */
            k = at__sc_space(c, j);
            if (k > j && k == j + 1 && at__sc_digit(c, k)) {
                size_t m = at__sc_digits(c, k);
                if (m < c->len && c->s[m] == '/' && m - k <= 3) {
                    whole_from = i;
                    whole_to = j;
                    i = k;
                    j = m;
                }
            }
            if (j >= c->len || c->s[j] != '/' || !es_number(c, j + 1, 0, &dn) || dn.fp)
                return 0;
            if (dn.end < c->len && (c->s[dn.end] == '/' || at__sc_alnum(c, dn.end)))
                return 0;
            num = num_value(c->s + i, j - i);
            den = num_value(dn.ip, dn.in);
            end = dn.end;
        }
    }
    if (den == 0)
        return 0;
    /* 1 1/2 mph: una y media milla por hora; 2/3 m: dos tercios de metro */
    u = unit_at(c, end, &e);
    if (u)
        g = agreement_of(u->f[0]) == AT_ES_FEM ? AT_ES_FEM : AT_ES_MASC;
    if (neg)
        at__say(b, "menos");
    if (whole_to) {
        at__es_cardinal(b, c->s + whole_from, whole_to - whole_from, g);
        at__say(b, "y");
    }
    if (den == 2 && num == 1)
        at__say(b, g == AT_ES_FEM ? "media" : "medio");
    else {
        at_buf w = {0};
        if (at__es_fraction_word(&w, den)) {
            at__es_uint(b, num, AT_ES_APOC);
            at__say_n(b, w.p, w.n);
            if (num != 1)
                at__buf_putc(b, 's');
        } else {
            at__es_uint(b, num, AT_ES_MASC);
            at__say(b, "sobre");
            at__es_cardinal(b, dn.ip, dn.in, AT_ES_MASC);
        }
        at__buf_free(&w);
    }
    c->end = end;
    c->cls = AT_TOK_FRACTION;
    if (u) {
        if (num != 1)
            at__say(b, "de");
        at__say(b, num == 1 && whole_to && num_value(c->s + whole_from, whole_to - whole_from) > 1 && u->f[1][0]
                       ? u->f[1]
                       : u->f[0]);
        c->end = e;
        c->cls = AT_TOK_MEASURE;
    }
    return 1;
}

/* ---- ordinals: 1.º 2.ª 1.er 3ro 2da 28° ---- */
static int rule_ordinal(at_scan *c)
{
    es_num n;
    size_t j, e = 0;
    int g = AT_ES_MASC;
    const unsigned char *s = (const unsigned char *)c->s;
    unsigned long long v;
    if (!es_number(c, c->pos, 0, &n) || n.fp || n.neg)
        return 0;
    j = n.end;
    if (j < c->len && s[j] == '.')
        j++;
    if (j + 1 < c->len && s[j] == 0xC2 && (s[j + 1] == 0xBA || s[j + 1] == 0xAA || s[j + 1] == 0xB0)) {
        if (s[j + 1] == 0xB0 && j != n.end)
            return 0;
        g = s[j + 1] == 0xAA ? AT_ES_FEM : AT_ES_MASC;
        e = j + 2;
        /* 28° C is a temperature */
        if (s[j + 1] == 0xB0 && at__sc_alpha(c, at__sc_space(c, e)) && boundary(c, at__sc_space(c, e) + 1))
            return 0;
    } else if (j + 4 < c->len && s[j] == 0xE1 && s[j + 1] == 0xB5 && s[j + 2] == 0x89 && s[j + 3] == 0xCA &&
               s[j + 4] == 0xB3) { /* ᵉʳ */
        g = AT_ES_APOC;
        e = j + 5;
    } else if (at__sc_alpha(c, j) && at__sc_alpha(c, j + 1) && !at__sc_alnum(c, j + 2)) {
        /* er, ro, ra, do, da, to, ta, mo, ma, vo, va, no, na */
        char a = (char)(s[j] | 0x20), z = (char)(s[j + 1] | 0x20);
        if (a == 'e' && z == 'r')
            g = AT_ES_APOC;
        else if (strchr("rdtmvn", a) && (z == 'o' || z == 'a') && j == n.end)
            g = z == 'a' ? AT_ES_FEM : AT_ES_MASC;
        else
            return 0;
        e = j + 2;
    } else
        return 0;
    if (!boundary(c, e) && !(e < c->len && s[e] == '.'))
        return 0;
    v = num_value(n.ip, n.in);
    /* 1.º de mayo, but el 1.º puesto: primer before a masculine noun */
    if (g == AT_ES_MASC && agreement(c, e < c->len && s[e] == '.' ? e + 1 : e) == AT_ES_APOC &&
        !(e < c->len && s[e] == '.'))
        g = AT_ES_APOC;
    at__es_ordinal(&c->say, v, g);
    c->end = e;
    c->cls = AT_TOK_ORDINAL;
    return 1;
}

/* ---- plain numbers ---- */
static int rule_number(at_scan *c)
{
    es_num n;
    int g;
    size_t j = at__sc_digits(c, c->pos);
    if (j - c->pos > 30) {
        /* no number has a name this long: digit by digit, all of it at
         * once, so a long run is read in one pass */
        at__es_digits(&c->say, c->s + c->pos, j - c->pos);
        c->end = j;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    if (!es_number(c, c->pos, 1, &n))
        return 0;
    c->end = n.end;
    /* 1,2-a: the hyphen between a number and a letter is not said */
    if (n.end + 1 < c->len && c->s[n.end] == '-' && at__sc_alpha(c, n.end + 1))
        c->end = n.end + 1;
    /* 3-1, 10-12: a score or a span, "tres a uno" */
    if (c->end == n.end && !n.fp && n.in <= 3 && n.end + 1 < c->len && c->s[n.end] == '-' && at__sc_digit(c, n.end + 1)) {
        size_t e = at__sc_digits(c, n.end + 1);
        if (e - n.end - 1 <= 3 && boundary(c, e) && !(e < c->len && (c->s[e] == '-' || c->s[e] == '/')) &&
            !(e + 1 < c->len && strchr(".,", c->s[e]) && at__sc_digit(c, e + 1))) {
            g = agreement(c, e);
            at__es_cardinal(&c->say, n.ip, n.in, g == AT_ES_FEM ? g : AT_ES_MASC);
            at__say(&c->say, "a");
            at__es_cardinal(&c->say, c->s + n.end + 1, e - n.end - 1, g);
            c->end = e;
            c->cls = AT_TOK_RANGE;
            return 1;
        }
    }
    g = agreement(c, c->end);
    /* a year agrees with nothing: en 2021 murieron */
    if (!n.fp && !n.grouped && n.in == 4 && num_value(n.ip, n.in) >= 1000 && num_value(n.ip, n.in) <= 2100)
        g = AT_ES_MASC;
    say_num(&c->say, &n, g);
    c->cls = n.fp ? AT_TOK_DECIMAL : AT_TOK_CARDINAL;
    return 1;
}

/* 2 + 2 - 1 = 3: operators between numbers */
static int rule_math(at_scan *c)
{
    size_t i = c->pos;
    const char *w;
    if (i < 2 || i + 2 >= c->len || c->s[i - 1] != ' ' || c->s[i + 1] != ' ' || !at__sc_digit(c, i - 2) ||
        !(at__sc_digit(c, i + 2) || c->s[i + 2] == '-'))
        return 0;
    switch (c->s[i]) {
    case '+': w = "más"; break;
    case '-': w = "menos"; break;
    case '=': w = "es igual a"; break;
    case 'x': w = "por"; break;
    case '/': w = "entre"; break;
    default: return 0;
    }
    at__say(&c->say, w);
    c->end = i + 1;
    c->cls = AT_TOK_SYMBOL;
    return 1;
}

/* ---- dates ---- */
static const char *const months[12] = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                       "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

/* a month's name at i, or its abbreviation with its full stop (abr.,
 * sept.): 1..12 and *end; 0 if none */
static int month_at(const at_scan *c, size_t i, size_t *end)
{
    static const char *const abbr[] = {"ene", "feb", "mar", "abr", "may", "jun",
                                       "jul", "ago", "sep", "oct", "nov", "dic"};
    size_t j = at__sc_letters(c, i), n = j - i, m;
    char w[16];
    if (n < 3 || n > 10 || !boundary(c, j))
        return 0;
    for (m = 0; m < n; m++)
        w[m] = (char)at__to_lower((unsigned char)c->s[i + m]);
    w[n] = '\0';
    for (m = 0; m < 12; m++)
        if (strcmp(w, months[m]) == 0) {
            *end = j;
            return (int)m + 1;
        }
    if (strcmp(w, "setiembre") == 0) {
        *end = j;
        return 9;
    }
    if (j < c->len && c->s[j] == '.')
        for (m = 0; m < 12; m++)
            if (strcmp(w, abbr[m]) == 0 || (m == 8 && (strcmp(w, "sept") == 0 || strcmp(w, "set") == 0))) {
                *end = j + 1;
                return (int)m + 1;
            }
    return 0;
}

/* del: the year came after "del" (30 de julio del 2020) */
static void say_date(at_buf *b, unsigned day, int month, const char *y, size_t yn, int del)
{
    if (day == 1)
        at__say(b, "primero");
    else if (day)
        at__es_uint(b, day, AT_ES_MASC);
    if (day)
        at__say(b, "de");
    at__say(b, months[month - 1]);
    if (yn) {
        at__say(b, del ? "del" : "de");
        at__es_cardinal(b, y, yn, AT_ES_MASC);
    }
}

/* [de|del] 1990 after a date: the year's digits, *end past them */
static size_t year_after(const at_scan *c, size_t i, size_t *from, int *del)
{
    size_t a = at__sc_space(c, i), e;
    *del = 0;
    if (a > i && at__sc_lit(c, a, "de ", 1))
        a = at__sc_space(c, a + 3);
    else if (a > i && at__sc_lit(c, a, "del ", 1)) {
        a = at__sc_space(c, a + 4);
        *del = 1;
    }
    if (a == i && !(i < c->len && c->s[i] == ','))
        return 0;
    if (a < c->len && c->s[a] == ',')
        a = at__sc_space(c, a + 1);
    e = at__sc_digits(c, a);
    if (e - a < 3 || e - a > 4 || !boundary(c, e) || (e < c->len && (c->s[e] == '.' || c->s[e] == ',') &&
                                                      at__sc_digit(c, e + 1)))
        return 0;
    *from = a;
    return e;
}

static int rule_date(at_scan *c)
{
    size_t i = c->pos, j, a, e, yf = 0, ye;
    int m, del = 0;
    unsigned day;
    if (at__sc_digit(c, i)) {
        j = at__sc_digits(c, i);
        /* 1990-02-30: the ISO order, year first */
        if (j - i == 4 && j + 1 < c->len && c->s[j] == '-' && (i == 0 || !at__sc_alnum(c, i - 1))) {
            size_t me = at__sc_digits(c, j + 1), de;
            unsigned mo = (unsigned)num_value(c->s + j + 1, me - j - 1), dd;
            if (me > j + 1 && me - j - 1 <= 2 && mo >= 1 && mo <= 12 && me + 1 < c->len && c->s[me] == '-' &&
                (de = at__sc_digits(c, me + 1)) > me + 1 && de - me - 1 <= 2 && boundary(c, de) &&
                !(de + 1 < c->len && c->s[de] == '-' && at__sc_digit(c, de + 1)) &&
                (dd = (unsigned)num_value(c->s + me + 1, de - me - 1)) >= 1 && dd <= 31) {
                say_date(&c->say, dd, (int)mo, c->s + i, 4, 0);
                c->end = de;
                c->cls = AT_TOK_DATE;
                return 1;
            }
        }
        if (j - i > 2 || (i > 0 && (at__sc_alnum(c, i - 1) || strchr("./-", c->s[i - 1]))))
            return 0;
        day = (unsigned)num_value(c->s + i, j - i);
        if (day < 1 || day > 31)
            return 0;
        /* 10/10/1989, 30-2-1990, 30.2.1990 */
        if (j + 1 < c->len && strchr("/-.", c->s[j]) && at__sc_digit(c, j + 1)) {
            char sep = c->s[j];
            size_t me = at__sc_digits(c, j + 1);
            unsigned mo = (unsigned)num_value(c->s + j + 1, me - j - 1);
            if (me - j - 1 > 2 || mo < 1 || mo > 12 || me + 1 >= c->len || c->s[me] != sep)
                return 0;
            e = at__sc_digits(c, me + 1);
            if ((e - me - 1 != 2 && e - me - 1 != 4) || !boundary(c, e) ||
                (e + 1 < c->len && strchr("/-.", c->s[e]) && at__sc_digit(c, e + 1)))
                return 0;
            say_date(&c->say, day, (int)mo, c->s + me + 1, e - me - 1, 0);
            c->end = e;
            c->cls = AT_TOK_DATE;
            return 1;
        }
        /* 1 enero, 20 de marzo, 10 mayo 1990 */
        a = at__sc_space(c, j);
        if (a == j)
            return 0;
        if (at__sc_lit(c, a, "de ", 1))
            a = at__sc_space(c, a + 3);
        if ((m = month_at(c, a, &e)) == 0)
            return 0;
        ye = year_after(c, e, &yf, &del);
        say_date(&c->say, day, m, c->s + yf, ye ? ye - yf : 0, del);
        c->end = ye ? ye : e;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    /* abril 30, junio 11 2000, abr. 22; marzo 2020 */
    if ((m = month_at(c, i, &e)) == 0)
        return 0;
    a = at__sc_space(c, e);
    if (a == e)
        return 0;
    j = at__sc_digits(c, a);
    if (j - a == 4 && boundary(c, j) && !(j < c->len && strchr(".,:", c->s[j]) && at__sc_digit(c, j + 1))) {
        say_date(&c->say, 0, m, c->s + a, 4, 0);
        c->end = j;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    if (j == a || j - a > 2 || !boundary(c, j) || (j < c->len && strchr(".,:/", c->s[j]) && at__sc_digit(c, j + 1)))
        return 0;
    day = (unsigned)num_value(c->s + a, j - a);
    if (day < 1 || day > 31)
        return 0;
    ye = year_after(c, j, &yf, &del);
    say_date(&c->say, day, m, c->s + yf, ye ? ye - yf : 0, del);
    c->end = ye ? ye : j;
    c->cls = AT_TOK_DATE;
    return 1;
}

/* ---- clock times ---- */

/* a.m., a. m., am; p.m. ...: 1 morning, 2 afternoon, *end past it */
static int meridiem_at(const at_scan *c, size_t i, size_t *end)
{
    char f = i < c->len ? (char)(c->s[i] | 0x20) : 0;
    size_t j;
    if ((f != 'a' && f != 'p') || i + 1 >= c->len)
        return 0;
    j = i + 1;
    if (c->s[j] == '.')
        j = at__sc_space(c, j + 1);
    if (j >= c->len || (c->s[j] | 0x20) != 'm')
        return 0;
    j++;
    /* its full stop ends the sentence too when a capital or the end
     * follows: leave it to be read as one */
    if (j < c->len && c->s[j] == '.') {
        size_t a = at__sc_space(c, j + 1);
        if (!(a >= c->len || c->s[a] == '\n' || (a > j + 1 && at__sc_upper(c, a))))
            j++;
    }
    if (at__sc_alnum(c, j))
        return 0;
    *end = j;
    return f == 'a' ? 1 : 2;
}

/* a time zone after a time (lexicon `zone`), with its offset (gmt-3,
 * utc +1:30) */
static size_t zone_at(at_scan *c, size_t i, at_buf *b)
{
    size_t a = at__sc_space(c, i), j = at__sc_letters(c, a), o, h, m;
    const at_lex_entry *en;
    int neg;
    if (a == i || j == a || j - a > 5 || at__sc_alnum(c, j) ||
        (en = at__lexicon_find(c->lex, AT_LEX_ZONE, c->s + a, j - a, 1)) == NULL)
        return 0;
    at__say(b, en->f[0]);
    o = at__sc_space(c, j);
    if (o + 1 < c->len && (c->s[o] == '+' || c->s[o] == '-') && at__sc_digit(c, o + 1)) {
        neg = c->s[o] == '-';
        h = at__sc_digits(c, o + 1);
        if (h - o - 1 > 2)
            return j;
        m = h + 1 < c->len && c->s[h] == ':' ? at__sc_digits(c, h + 1) : h;
        if (m != h && m != h + 3)
            m = h;
        at__say(b, neg ? "menos" : "más");
        at__es_cardinal(b, c->s + o + 1, h - o - 1, m > h ? AT_ES_FEM : AT_ES_MASC);
        if (m > h && !(c->s[h + 1] == '0' && c->s[h + 2] == '0'))
            at__es_cardinal(b, c->s + h + 1, 2, AT_ES_MASC);
        return m;
    }
    return j;
}

static void say_clock(at_buf *b, unsigned h, unsigned m)
{
    at__es_uint(b, h, AT_ES_FEM);
    if (m == 15)
        at__say(b, "y cuarto");
    else if (m == 30)
        at__say(b, "y media");
    else if (m) {
        at__say(b, "y");
        at__es_uint(b, m, AT_ES_MASC);
    }
}

static void say_hms(at_buf *b, unsigned h, unsigned m, unsigned s)
{
    at__es_uint(b, h, AT_ES_FEM);
    at__say(b, h == 1 ? "hora" : "horas");
    if (m) {
        if (!s)
            at__say(b, "y");
        at__es_uint(b, m, AT_ES_APOC);
        at__say(b, m == 1 ? "minuto" : "minutos");
    }
    at__say(b, "y");
    at__es_uint(b, s, AT_ES_APOC);
    at__say(b, s == 1 ? "segundo" : "segundos");
}

/* 2 h 30 min, 12h02m00s, 15 h 10 min 40 seg: the parts, or 0 */
static size_t hms_at(const at_scan *c, size_t i, unsigned *h, unsigned *m, unsigned *s)
{
    size_t j = at__sc_digits(c, i), a, e;
    if (j == i || j - i > 2)
        return 0;
    *h = (unsigned)num_value(c->s + i, j - i);
    a = at__sc_space(c, j);
    if (!at__sc_lit(c, a, "h", 1) || at__sc_alpha(c, a + 1))
        return 0;
    a = at__sc_space(c, a + 1);
    e = at__sc_digits(c, a);
    if (e == a || e - a > 2)
        return 0;
    *m = (unsigned)num_value(c->s + a, e - a);
    a = at__sc_space(c, e);
    if (at__sc_lit(c, a, "min", 1) && !at__sc_alpha(c, a + 3))
        e = a + 3;
    else if (at__sc_lit(c, a, "m", 1) && !at__sc_alpha(c, a + 1))
        e = a + 1;
    else
        return 0;
    *s = 0;
    a = at__sc_space(c, e);
    {
        size_t d = at__sc_digits(c, a), f;
        if (d > a && d - a <= 2) {
            f = at__sc_space(c, d);
            if (at__sc_lit(c, f, "seg", 1) && !at__sc_alpha(c, f + 3)) {
                *s = (unsigned)num_value(c->s + a, d - a);
                return f + 3;
            }
            if (at__sc_lit(c, f, "s", 1) && !at__sc_alpha(c, f + 1)) {
                *s = (unsigned)num_value(c->s + a, d - a);
                return f + 1;
            }
        }
    }
    return e;
}

static int rule_time(at_scan *c)
{
    size_t i = c->pos, j = at__sc_digits(c, i), k, e, z;
    unsigned h, m, sec = 0;
    int mer = 0, hmark = 0, hms = 0;
    char sep;
    if (i > 0 && (at__sc_alnum(c, i - 1) || c->s[i - 1] == '.' || c->s[i - 1] == ':'))
        return 0;
    if (j == i || j - i > 2)
        return 0;
    if ((e = hms_at(c, i, &h, &m, &sec)) != 0) {
        if (h > 24 || m > 59 || sec > 59)
            return 0;
        if (sec)
            say_hms(&c->say, h, m, sec);
        else
            say_clock(&c->say, h, m);
        c->end = e;
        c->cls = AT_TOK_TIME;
        return 1;
    }
    h = (unsigned)num_value(c->s + i, j - i);
    if (j + 2 < c->len && (c->s[j] == ':' || c->s[j] == '.') && at__sc_digits(c, j + 1) == j + 3) {
        sep = c->s[j];
        m = (unsigned)num_value(c->s + j + 1, 2);
        e = j + 3;
        if (sep == ':' && e + 2 < c->len && c->s[e] == ':' && at__sc_digits(c, e + 1) == e + 3) {
            sec = (unsigned)num_value(c->s + e + 1, 2);
            e += 3;
            hms = 1;
        }
        if (at__sc_alnum(c, e) || (e + 1 < c->len && strchr(".:,", c->s[e]) && at__sc_digit(c, e + 1)))
            return 0;
    } else {
        /* 10 h utc+1:30: an hour alone is a time only with its zone, or
         * written with two digits as clocks do (01 h) */
        size_t a = at__sc_space(c, j);
        at_buf t = {0};
        if (!at__sc_lit(c, a, "h", 1) || at__sc_alnum(c, a + 1) || h > 24)
            return 0;
        if ((z = zone_at(c, a + 1, &t)) == 0 && !(j - i == 2 && c->s[i] == '0')) {
            at__buf_free(&t);
            return 0;
        }
        if (!z)
            z = a + 1;
        at__es_uint(&c->say, h, AT_ES_FEM);
        at__say_n(&c->say, t.p, t.n);
        at__buf_free(&t);
        c->end = z;
        c->cls = AT_TOK_TIME;
        return 1;
    }
    if (h > 24 || m > 59 || sec > 59)
        return 0;
    k = at__sc_space(c, e);
    if (at__sc_lit(c, k, "h", 1) && !at__sc_alnum(c, k + 1)) {
        e = k + 1;
        hmark = 1;
    } else if (at__sc_lit(c, k, "hs", 1) && !at__sc_alnum(c, k + 2)) {
        e = k + 2;
        hmark = 1;
    } else if ((mer = meridiem_at(c, k, &z)) != 0)
        e = z;
    (void)hmark;
    if (hms && sec)
        say_hms(&c->say, h, m, sec);
    else
        say_clock(&c->say, h, m);
    if (mer == 1)
        at__say(&c->say, h == 12 ? "de la noche" : "de la mañana");
    else if (mer == 2)
        at__say(&c->say, h == 12 ? "del mediodía" : h >= 8 && h < 12 ? "de la noche" : "de la tarde");
    if ((z = zone_at(c, e, &c->say)) != 0)
        e = z;
    c->end = e;
    c->cls = AT_TOK_TIME;
    return 1;
}

/* ---- telephone numbers and IP addresses ---- */
static int rule_telephone(at_scan *c)
{
    size_t i = c->pos, j = i, g[8][2], ng = 0, cc_from = 0, cc_to = 0, total = 0, k, ext_from = 0, ext_to = 0;
    int paren = 0, spaced = 0;
    at_buf *b = &c->say;
    if (i > 0 && (at__sc_alnum(c, i - 1) || strchr(".,+-/", c->s[i - 1])))
        return 0;
    /* 123.123.0.40 */
    if (at__sc_digit(c, i)) {
        size_t p = i, parts = 0, e;
        /* each part 0 to 255 without leading zeros: 2.000.000.000 is a number */
        while (parts < 4 && (e = at__sc_digits(c, p)) > p && e - p <= 3 && (e - p == 1 || c->s[p] != '0') &&
               num_value(c->s + p, e - p) <= 255) {
            parts++;
            p = e;
            if (parts < 4 && p + 1 < c->len && c->s[p] == '.' && at__sc_digit(c, p + 1))
                p++;
            else
                break;
        }
        if (parts == 4 && !at__sc_alnum(c, p) && !(p + 1 < c->len && c->s[p] == '.' && at__sc_digit(c, p + 1))) {
            for (k = i; k < p; k++)
                if (c->s[k] == '.')
                    at__say(b, "punto");
                else
                    at__es_digits(b, c->s + k, 1);
            c->end = p;
            c->cls = AT_TOK_TELEPHONE;
            return 1;
        }
    }
    if (c->s[i] == '+') {
        j = at__sc_digits(c, i + 1);
        if (j == i + 1 || j - i - 1 > 3)
            return 0;
        cc_from = i + 1;
        cc_to = j;
        if (j < c->len && (c->s[j] == '-' || c->s[j] == ' '))
            j++;
        else
            return 0;
    }
    while (ng < 8) {
        size_t a = j, e;
        int p = 0;
        if (a < c->len && c->s[a] == '(') {
            p = 1;
            a++;
        }
        e = at__sc_digits(c, a);
        if (e == a || e - a > 4 || (p && (e >= c->len || c->s[e] != ')')))
            break;
        if (ng > 0 && e - a < 2)
            break;
        g[ng][0] = a;
        g[ng][1] = e;
        ng++;
        total += e - a;
        paren |= p;
        j = e + p;
        if (j + 1 < c->len && (c->s[j] == '-' || c->s[j] == ' ') &&
            (at__sc_digit(c, j + 1) || (c->s[j + 1] == '(' && at__sc_digit(c, j + 2)))) {
            spaced |= c->s[j] == ' ';
            j++;
        } else
            break;
    }
    if (j < c->len && (c->s[j] == ' ' || c->s[j] == '-') && ng)
        j = g[ng - 1][1] + (paren && g[ng - 1][1] < c->len && c->s[g[ng - 1][1]] == ')');
    if (ng < 2 || at__sc_alnum(c, j))
        return 0;
    if (!cc_to) {
        /* without a country code: dashes (or an area code in brackets),
         * seven digits or more, and not a span of years (1990-2000) */
        int two = 0;
        for (k = 1; k < ng; k++)
            two |= g[k][1] - g[k][0] == 2;
        /* spaced, as Spain writes 91 123 45 67: nine digits with a group
         * of two, which no thousands grouping has; with dashes, groups of
         * three or four */
        if (spaced && !paren ? total != 9 || !two : two || total < 7 || g[0][1] - g[0][0] < 3)
            return 0;
        if (ng == 2 && g[0][1] - g[0][0] == 4 && g[1][1] - g[1][0] == 4) {
            unsigned long long y1 = num_value(c->s + g[0][0], 4), y2 = num_value(c->s + g[1][0], 4);
            if (y1 >= 1000 && y1 <= 2100 && y2 > y1 && y2 <= 2100)
                return 0;
        }
    } else if (total < 6)
        return 0;
    /* an extension: ext. 12, or a last short group after the number */
    {
        size_t a = at__sc_space(c, j);
        if (a > j && (at__sc_lit(c, a, "ext.", 1) || at__sc_lit(c, a, "ext", 1))) {
            size_t d = at__sc_space(c, a + (c->s[a + 3] == '.' ? 4 : 3)), e = at__sc_digits(c, d);
            if (e > d && e - d <= 5 && !at__sc_alnum(c, e)) {
                ext_from = d;
                ext_to = e;
                j = e;
            }
        }
    }
    if (!ext_to && cc_to && paren && ng >= 4 && g[ng - 1][1] - g[ng - 1][0] <= 2) {
        ext_from = g[ng - 1][0];
        ext_to = g[ng - 1][1];
        ng--;
    }
    if (cc_to) {
        at__say(b, "más");
        if (cc_to - cc_from <= 2)
            at__es_cardinal(b, c->s + cc_from, cc_to - cc_from, AT_ES_MASC);
        else
            at__es_digits(b, c->s + cc_from, cc_to - cc_from);
    }
    for (k = 0; k < ng; k++)
        at__es_digits(b, c->s + g[k][0], g[k][1] - g[k][0]);
    if (ext_to) {
        at__say(b, "extensión");
        at__es_digits(b, c->s + ext_from, ext_to - ext_from);
    }
    c->end = j;
    c->cls = AT_TOK_TELEPHONE;
    return 1;
}

/* ---- addresses: e-mail, web, handles ---- */

/* label(.label)+ in small letters whose last label has a `domain` entry:
 * nvidia.com, abc.es/efg */
static int looks_like_host(const at_scan *c, size_t i, size_t end)
{
    size_t j = i, last = i;
    int dots = 0;
    while (j < end && c->s[j] != '/') {
        if (c->s[j] == '.') {
            dots++;
            last = j + 1;
        } else if (at__sc_upper(c, j) || (!at__sc_alnum(c, j) && c->s[j] != '-') ||
                   (unsigned char)c->s[j] >= 0x80) {
            return 0;
        }
        j++;
    }
    if (!dots || last >= j || !at__sc_alpha(c, last) || !at__sc_alpha(c, i))
        return 0;
    return at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + last, j - last, 0) != NULL;
}
static int rule_electronic(at_scan *c)
{
    size_t i = c->pos, end, k, at = 0;
    int kind = 0;
    at_buf *b = &c->say;
    if (i > 0 && !at__is_space((unsigned char)c->s[i - 1]) && !strchr("(\"'<[", c->s[i - 1]))
        return 0;
    end = run_at(c, i, 256, 0);
    if (end - i < 3)
        return 0;
    if (at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "www.", 1))
        kind = 1;
    else if (c->s[i] == '@' && at__sc_alnum(c, i + 1))
        kind = 3;
    else if (looks_like_host(c, i, end))
        kind = 1;
    else {
        for (k = i + 1; k < end; k++)
            if (c->s[k] == '@') {
                at = k;
                break;
            }
        if (!at || !memchr(c->s + at, '.', end - at) || !at__sc_alnum(c, at + 1))
            return 0;
        kind = 2;
    }
    if (run_at(c, i, 257, 0) > i + 256)
        return 0;
    for (k = i; k < end;) {
        size_t j = k;
        const at_lex_entry *en;
        if (at__sc_alpha(c, k)) {
            j = at__sc_letters(c, k);
            if ((en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + k, j - k, 1)) != NULL)
                at__say(b, en->f[0]);
            else
                for (; k < j; k++) {
                    char ch = (char)at__to_lower((unsigned char)c->s[k]);
                    at__say_n(b, &ch, 1);
                }
            k = j;
        } else if (at__sc_digit(c, k)) {
            j = at__sc_digits(c, k);
            at__es_digits(b, c->s + k, j - k);
            k = j;
        } else {
            /* a symbol: its `domain` entry (punto, arroba, barra), or as
             * written */
            size_t e = k;
            int32_t cp = at__utf8_next(c->s, end, &e);
            if (c->s[k] == ':' && k + 2 < end && c->s[k + 1] == '/' && c->s[k + 2] == '/')
                e = k + 1;
            if ((en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + k, e - k, 0)) != NULL)
                at__say(b, en->f[0]);
            else if (cp > 0 && at__cp_is_alpha(cp))
                at__say_n(b, c->s + k, e - k);
            k = e > k ? e : k + 1;
        }
    }
    c->end = end;
    c->cls = kind == 2 ? AT_TOK_EMAIL : AT_TOK_URL;
    return 1;
}

/* ---- Roman numerals ---- */
/* The value of a Roman numeral in its canonical spelling (either case),
 * else 0. */
/* A Roman numeral under 4000, in capitals or small letters (siglo xxi). */
static unsigned roman_value(const char *s, size_t n)
{
    int v = n <= 15 ? at__roman_value(s, n, 1) : 0;
    return v > 0 && v < 4000 ? (unsigned)v : 0;
}

/* The word before i (up to 24 bytes back, over one space): its start, or
 * i when there is none. */
static size_t word_before(const at_scan *c, size_t i)
{
    size_t j = i, lim = i > 24 ? i - 24 : 0;
    if (j == 0 || !at__is_space((unsigned char)c->s[j - 1]))
        return i;
    j--;
    while (j > lim && at__is_space((unsigned char)c->s[j - 1]))
        j--;
    while (j > lim && (at__sc_alpha(c, j - 1) || ((unsigned char)c->s[j - 1] & 0x80)))
        j--;
    return j;
}

static int rule_roman(at_scan *c)
{
    size_t i = c->pos, j = at__sc_letters(c, i), n = j - i, pb, pe, k, wl;
    unsigned v;
    int lower = c->s[i] >= 'a', upper = !lower, trigger = 0, name = 0, g = AT_ES_MASC;
    char w[48];
    if (!boundary(c, j) || (i > 0 && at__sc_alnum(c, i - 1)) || (v = roman_value(c->s + i, n)) == 0)
        return 0;
    for (k = i; k < j; k++)
        if ((c->s[k] >= 'a') != lower)
            return 0;
    pb = word_before(c, i);
    pe = pb;
    if (pb < i) {
        pe = word_at(c, pb, w, sizeof w, &wl);
        trigger = pe > pb && at__lexicon_find(c->lex, AT_LEX_ROMAN, w, wl, 1) != NULL;
        name = pe > pb && at__sc_upper(c, pb) && !trigger;
        if (pe > pb && ((name && at__es_gender_word(w, wl) == AT_ES_FEM) || (wl == 2 && memcmp(w, "la", 2) == 0)))
            g = AT_ES_FEM; /* la X edición, Isabel II */
    }
    /* siglo xix and Felipe V are sure; a word that only looks Roman (mi,
     * vi, DC, CD) is not: a lone letter needs a name or a cue before it,
     * two small letters a cue, L C D M in two capitals a cue */
    if (!trigger) {
        if (lower && n < 3)
            return 0;
        if (upper && n == 1 && !name && !(i == 0 && at__sc_space(c, j) >= c->len))
            return 0;
        if (upper && n == 2 && !name && strpbrk("LCDM", (char[]){c->s[i], c->s[i + 1], 0}))
            return 0;
        if (lower && at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, n, 0))
            return 0;
    }
    if (trigger || (name && v > 10))
        at__es_uint(&c->say, v, AT_ES_MASC);
    else
        at__es_ordinal(&c->say, v, g);
    c->end = j;
    c->cls = AT_TOK_ROMAN;
    return 1;
}

/* ---- abbreviations: Dr., Sra., EE. UU., a. C. ---- */
static int rule_abbrev(at_scan *c)
{
    size_t i = c->pos, max = at__lexicon_max_key(c->lex), k, best = 0;
    const at_lex_entry *en, *found = NULL;
    if (i > 0 && at__sc_alnum(c, i - 1))
        return 0;
    for (k = i + 1; k < c->len && k - i < max; k++) {
        if (c->s[k] == '\n')
            break;
        if (c->s[k] != '.' || (k + 1 < c->len && at__sc_alnum(c, k + 1)))
            continue;
        if ((en = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, k + 1 - i, 1)) != NULL) {
            found = en;
            best = k + 1;
        }
    }
    if (!found)
        return 0;
    at__say(&c->say, found->f[0]);
    c->end = best;
    c->cls = AT_TOK_ABBREV;
    return 1;
}

/* Order matters: the more specific pattern first. */
static const at_rule rules[] = {
    {rule_electronic, AT_RF_ALL},
    {rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_date, AT_RF_DIGIT | AT_RF_UPPER | AT_RF_LOWER},
    {rule_time, AT_RF_DIGIT},
    {rule_money, AT_RF_ALL},
    {rule_fraction, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_measure, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_ordinal, AT_RF_DIGIT},
    {rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_math, AT_RF_OTHER | AT_RF_LOWER},
    {rule_abbrev, AT_RF_UPPER | AT_RF_LOWER},
    {rule_roman, AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_lexword, AT_RF_ALL},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_es = {"es", rules, sizeof rules / sizeof *rules};
