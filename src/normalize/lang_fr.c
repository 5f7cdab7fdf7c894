/* The normalizer's rules for French ("fr", see lang.c).
 *
 * French news style: a comma before the decimals ("3,5"), spaces (or
 * no-break spaces) between groups of thousands ("6 492 000"), the
 * currency or unit after the amount ("15 €", "20 °C"), ordinals with a
 * raised or plain suffix ("1er", "1re", "21e", "XIXe"), dates day first
 * ("le 2.3.2003", "1er mars"), times with h ("14h30"). Numbers agree in
 * gender where French marks it: a final "un" before a feminine noun is
 * "une" ("vingt et une tonnes", "une heure"), the first is "premier" or
 * "première". The words (abbreviations, currencies, units) are in
 * voices/fr/lexicon.tsv; the number words are in lang_fr_num.c. */
#include <string.h>

#include "lang_fr.h"

/* ---- scanning ---- */

/* a number as written in French */
typedef struct fr_num {
    size_t ib, ie; /* integer digits, with their group separators */
    size_t fb, fe; /* digits after the decimal comma (fb == fe: none) */
    size_t end;
    int neg, grouped;
    unsigned long long v; /* the integer part's value (saturates) */
} fr_num;

/* A group separator of thousands at i: a space, a no-break or narrow
 * no-break space, a thin space, or a full stop; its end, else 0. */
static size_t group_sep(const at_scan *c, size_t i, int *kind)
{
    unsigned char a = i < c->len ? (unsigned char)c->s[i] : 0;
    if (a == ' ' || a == '.') {
        *kind = a;
        return i + 1;
    }
    if (a == 0xC2 && i + 1 < c->len && (unsigned char)c->s[i + 1] == 0xA0) {
        *kind = ' ';
        return i + 2;
    }
    if (a == 0xE2 && i + 2 < c->len && (unsigned char)c->s[i + 1] == 0x80 &&
        ((unsigned char)c->s[i + 2] == 0xAF || (unsigned char)c->s[i + 2] == 0x89)) {
        *kind = ' ';
        return i + 3;
    }
    return 0;
}

/* 1 when the byte before i is a letter or digit (ASCII), or i is inside a
 * multi-byte letter's tail */
static int glued_before(const at_scan *c, size_t i)
{
    return i > 0 && (at__sc_alnum(c, i - 1) || ((unsigned char)c->s[i - 1] & 0xC0) == 0x80);
}

/* Parses a French number at i; with `sign`, a leading minus or plus that
 * starts a word. */
static int fr_number(const at_scan *c, size_t i, int sign, fr_num *n)
{
    size_t j;
    memset(n, 0, sizeof *n);
    if (sign && !glued_before(c, i)) {
        if (i < c->len && (c->s[i] == '-' || c->s[i] == '+') && at__sc_digit(c, i + 1)) {
            n->neg = c->s[i] == '-' ? 1 : 2;
            i++;
        } else if (at__sc_lit(c, i, "\xE2\x88\x92", 0) && at__sc_digit(c, i + 3)) { /* − */
            n->neg = 1;
            i += 3;
        }
    }
    j = at__sc_digits(c, i);
    if (j == i)
        return 0;
    n->ib = i;
    /* 6 492 000, 1.000.000: groups of exactly three digits, the same
     * separator throughout; never after a leading zero (02.03.2003) */
    if (j - i <= 3 && c->s[i] != '0') {
        int kind0 = 0, kind;
        for (;;) {
            size_t k = group_sep(c, j, &kind), e;
            if (!k || (kind0 && kind != kind0))
                break;
            e = at__sc_digits(c, k);
            if (e != k + 3)
                break;
            /* 1.000.5 or 12.345.67 is no grouped number */
            if (kind == '.' && e < c->len && c->s[e] == '.' && at__sc_digit(c, e + 1) && at__sc_digits(c, e + 1) != e + 4)
                break;
            kind0 = kind;
            n->grouped = 1;
            j = e;
        }
        /* a single dotted group is a thousand only before a boundary: "1.5"
         * was never one */
    }
    n->ie = j;
    n->v = at__fr_value(c->s + i, j - i);
    if (j + 1 < c->len && c->s[j] == ',' && at__sc_digit(c, j + 1)) {
        n->fb = j + 1;
        n->fe = at__sc_digits(c, j + 1);
        j = n->fe;
    }
    n->end = j;
    return 1;
}

static size_t ndigits(const fr_num *n)
{
    size_t k, d = 0;
    for (k = n->ib; k < n->ie; k++)
        d++;
    return d;
}

/* Speaks a parsed number; `fem` for a feminine noun after it. */
static void say_num(at_scan *c, const fr_num *n, int fem)
{
    if (n->neg)
        at__say(&c->say, n->neg == 1 ? "moins" : "plus");
    at__fr_cardinal_digits(&c->say, c->s + n->ib, n->ie - n->ib, n->fb == n->fe && fem);
    if (n->fb != n->fe) {
        at__say(&c->say, "virgule");
        at__fr_fraction_digits(&c->say, c->s + n->fb, n->fe - n->fb);
    }
}

/* The lexicon entry of `kind` written at i: the longest key that ends at
 * a boundary, within the longest key's length (bounded time). */
static const at_lex_entry *lex_at(const at_scan *c, at_lex_kind kind, size_t i, size_t *end)
{
    size_t max = at__lexicon_max_key(c->lex), j = i, e;
    const at_lex_entry *en;
    while (j < c->len && j - i < max && !at__is_space((unsigned char)c->s[j]) &&
           !((unsigned char)c->s[j] == 0xC2 && j + 1 < c->len && (unsigned char)c->s[j + 1] == 0xA0))
        j++;
    for (e = j; e > i; e--) {
        if (e < c->len && ((unsigned char)c->s[e] & 0xC0) == 0x80)
            continue;
        /* a key ending in a letter must end the word */
        if (at__sc_alnum(c, e - 1) && !at__sc_boundary(c, e))
            continue;
        if ((en = at__lexicon_find(c->lex, kind, c->s + i, e - i, 0)) != NULL) {
            *end = e;
            return en;
        }
    }
    return NULL;
}

/* Feminine nouns, for the agreement of a final "un": the frequent ones of
 * the news, then the endings that are feminine in French grammar. */
static int feminine_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "personne", "heure",   "fois",   "femme",  "voix",    "semaine", "victime", "minute",  "seconde", "page",
        "place",    "tonne",   "étape",  "voiture", "ville",  "maison",  "famille", "entreprise", "équipe", "commune",
        "école",    "classe",  "balle",  "médaille", "victoire", "défaite", "manche", "mesure", "loi",   "vie",
        "nuit",     "fille",   "mère",   "dose",   "partie",  "saison",  "chose",   "idée",    "région",
        "plainte",  "candidate", "circonscription", "chaîne", "guerre", "zone",  "voie",    "piste",   "course", "enquête",
        "affaire",  "attaque", "frappe", "bombe",  "arme",    "salle",   "rue",     "route",   "usine",   "banque",
        "église",   "élève",   "photo",  "vidéo",  "étoile",  "langue",  "île",     "croix",   "main"};
    static const char *const endings[] = {"tion", "sion", "té", "ée", "ure", "ette", "ance", "ence", "ise", "elle",
                                          "ière", "euse", "trice"};
    size_t k, m;
    if (n > 1 && w[n - 1] == 's')
        n--;
    for (k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
            return 1;
    for (k = 0; k < sizeof endings / sizeof *endings; k++) {
        m = strlen(endings[k]);
        if (n > m + 1 && memcmp(w + n - m, endings[k], m) == 0)
            return 1;
    }
    return 0;
}

/* Is the word after j a feminine noun? Only asked when the number ends in
 * "un". */
static int fem_next(const at_scan *c, size_t j)
{
    size_t k = at__sc_space(c, j), e = k, end;
    const at_lex_entry *en;
    if ((en = lex_at(c, AT_LEX_UNIT, k, &end)) != NULL)
        return (en->flags & AT_LEXF_FEM) != 0;
    while (e < c->len && e - k < 32 && at__sc_alnum(c, e) && !at__sc_digit(c, e)) {
        size_t x = e;
        at__utf8_next(c->s, c->len, &x);
        e = x;
    }
    return e > k && e - k < 32 && at__sc_boundary(c, e) && feminine_word(c->s + k, e - k);
}

static int ends_in_un(unsigned long long v)
{
    return v % 10 == 1 && v % 100 != 11 && v % 100 != 71;
}

/* ---- ordinals ---- */

/* An ordinal's suffix at j: its end, else 0; *fem and *plural as written.
 * 1er, 1re, 1ère, 1ᵉʳ, 2e, 2ème, 2ᵉ, 2nd, 2nde, 3es, 6°, 6º. */
static size_t ordinal_suffix(const at_scan *c, size_t j, int *fem, int *plural, int *second)
{
    static const struct {
        const char *s;
        int fem, plural, second;
    } sfx[] = {{"ères", 1, 1, 0},  {"èmes", 0, 1, 0}, {"ndes", 1, 1, 1}, {"ème", 0, 0, 0},
               {"ère", 1, 0, 0},   {"ers", 0, 1, 0},  {"res", 1, 1, 0},  {"nds", 0, 1, 1},
               {"nde", 1, 0, 1},   {"es", 0, 1, 0},   {"er", 0, 0, 0},   {"re", 1, 0, 0},
               {"nd", 0, 0, 1},    {"de", 1, 0, 1},   {"e", 0, 0, 0},    {"è", 0, 0, 0},
               {"d", 0, 0, 1},     {"\xE1\xB5\x89\xCA\xB3\xCB\xA2", 0, 1, 0}, /* ᵉʳˢ */
               {"\xE1\xB5\x89\xCA\xB3", 0, 0, 0},   /* ᵉʳ */
               {"\xCA\xB3\xE1\xB5\x89\xCB\xA2", 1, 1, 0}, /* ʳᵉˢ */
               {"\xCA\xB3\xE1\xB5\x89", 1, 0, 0},   /* ʳᵉ */
               {"\xE1\xB5\x89\xCB\xA2", 0, 1, 0},   /* ᵉˢ */
               {"\xE1\xB5\x89", 0, 0, 0},           /* ᵉ */
               {"\xC2\xBA", 0, 0, 0},               /* º */
               {"\xC2\xB0", 0, 0, 0}};              /* ° */
    size_t k, e;
    for (k = 0; k < sizeof sfx / sizeof *sfx; k++) {
        if (!(e = at__sc_lit(c, j, sfx[k].s, 0)) || !at__sc_boundary(c, e))
            continue;
        /* 20°C, 20° C, 20° F: a temperature */
        if (sfx[k].s[0] == '\xC2' && sfx[k].s[1] == '\xB0') {
            size_t x = at__sc_space(c, e);
            if (x < c->len && (c->s[x] == 'C' || c->s[x] == 'F') && at__sc_boundary(c, x + 1))
                return 0;
        }
        *fem = sfx[k].fem;
        *plural = sfx[k].plural;
        *second = sfx[k].second;
        return e;
    }
    return 0;
}

static void say_ordinal(at_scan *c, unsigned long long v, int fem, int plural, int second)
{
    if (second && v == 2) {
        at__say(&c->say, fem ? "seconde" : "second");
        if (plural)
            at__buf_putc(&c->say, 's');
    } else
        at__fr_ordinal(&c->say, v, fem, plural);
}

/* ---- fractions ---- */

/* The denominator: demi, tiers, quart, else the ordinal; plural after a
 * numerator above one (tiers is invariable). */
static void say_denominator(at_buf *b, unsigned long long d, int plural, int mixed)
{
    if (d == 2)
        at__say(b, plural && !mixed ? "demis" : "demi");
    else if (d == 3)
        at__say(b, "tiers");
    else if (d == 4)
        at__say(b, plural ? "quarts" : "quart");
    else
        at__fr_ordinal(b, d, 0, plural);
}

/* n/d at i (at most three digits over at most four); its end, else 0 */
static size_t fraction_at(const at_scan *c, size_t i, unsigned long long *num, unsigned long long *den)
{
    size_t j = at__sc_digits(c, i), k;
    if (j == i || j - i > 3 || j >= c->len || c->s[j] != '/' || !at__sc_digit(c, j + 1))
        return 0;
    k = at__sc_digits(c, j + 1);
    if (k - j - 1 > 4 || !at__sc_boundary(c, k) || (k < c->len && c->s[k] == '/') ||
        (k + 1 < c->len && c->s[k] == ',' && at__sc_digit(c, k + 1)))
        return 0;
    *num = at__fr_value(c->s + i, j - i);
    *den = at__fr_value(c->s + j + 1, k - j - 1);
    if (*den == 0)
        return 0;
    return k;
}

/* ---- the number rule: cardinals, decimals, ordinals, fractions,
 * percentages, money and measures ---- */

static int vowel_start(const char *w)
{
    unsigned char a = (unsigned char)w[0];
    return strchr("aeiouyAEIOUY", a) != NULL || a == 0xC3; /* é, è, ê, à, î... */
}

/* "d'euros", "de dollars": after million and milliard */
static void say_de(at_buf *b, const char *w)
{
    if (vowel_start(w)) {
        at__say(b, "d'");
        at__buf_puts(b, w);
    } else {
        at__say(b, "de");
        at__say(b, w);
    }
}

/* Does the spoken number end in a noun of magnitude (million, milliard)? */
static int ends_in_magnitude(const at_buf *b)
{
    static const char *const w[] = {"million", "millions", "milliard", "milliards", "billion", "billions"};
    size_t k, n;
    for (k = 0; k < sizeof w / sizeof *w; k++) {
        n = strlen(w[k]);
        if (b->n > n && b->p[b->n - n - 1] == ' ' && memcmp(b->p + b->n - n, w[k], n) == 0)
            return 1;
    }
    return 0;
}

/* An amount of `en` (a currency), the number already parsed; `mag` is a
 * magnitude word (M€, Md€) or NULL. */
static void say_money(at_scan *c, const fr_num *n, const at_lex_entry *en, const char *mag)
{
    int fem = (en->flags & AT_LEXF_FEM) != 0;
    int plural = n->v >= 2;
    size_t fn = n->fe - n->fb;
    if (mag) {
        say_num(c, n, 0);
        at__say(&c->say, mag);
        if (plural && strcmp(mag, "mille") != 0)
            at__buf_putc(&c->say, 's');
        if (strcmp(mag, "mille") == 0)
            at__say(&c->say, en->f[1]);
        else
            say_de(&c->say, en->f[1]);
        return;
    }
    if (fn == 0 || fn > 2) {
        say_num(c, n, fem && ends_in_un(n->v));
        if (ends_in_magnitude(&c->say))
            say_de(&c->say, en->f[1]);
        else
            at__say(&c->say, plural || (n->v == ~0ULL) ? en->f[1] : en->f[0]);
        return;
    }
    {
        /* 15,50 € -> quinze euros cinquante; 0,50 € -> cinquante centimes */
        unsigned long long minor = at__fr_value(c->s + n->fb, fn) * (fn == 1 ? 10 : 1);
        if (n->v == 0 && minor && en->f[2][0]) {
            if (n->neg)
                at__say(&c->say, "moins");
            at__fr_cardinal(&c->say, minor, 0);
            at__say(&c->say, minor >= 2 ? en->f[3] : en->f[2]);
            return;
        }
        if (n->neg)
            at__say(&c->say, n->neg == 1 ? "moins" : "plus");
        at__fr_cardinal_digits(&c->say, c->s + n->ib, n->ie - n->ib, fem && ends_in_un(n->v));
        at__say(&c->say, plural ? en->f[1] : en->f[0]);
        if (minor)
            at__fr_cardinal(&c->say, minor, 0);
    }
}

/* A magnitude before a currency after a number: 3,5 M€, 2 Md$, 10 k€,
 * 2 millions € */
static const at_lex_entry *magnitude_currency(const at_scan *c, size_t k, const char **mag, size_t *end)
{
    size_t m = k, e;
    const at_lex_entry *me, *cur;
    while (m < c->len && m - k < 10 && at__sc_alpha(c, m)) {
        m++;
        if ((me = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + k, m - k, 0)) != NULL) {
            size_t x = at__sc_space(c, m);
            if ((cur = lex_at(c, AT_LEX_CURRENCY, x, &e)) != NULL) {
                *mag = me->f[0];
                *end = e;
                return cur;
            }
        }
    }
    return NULL;
}

/* The currency whose name (euros, dollar) is the word at k */
static const at_lex_entry *currency_word(const at_scan *c, size_t k, size_t *end)
{
    size_t e = k, q, nq = at__lexicon_count(c->lex, AT_LEX_CURRENCY);
    while (e < c->len && e - k < 16 && at__sc_alpha(c, e))
        e++;
    if (e == k || !at__sc_boundary(c, e))
        return NULL;
    for (q = 0; q < nq; q++) {
        const at_lex_entry *en = at__lexicon_nth(c->lex, AT_LEX_CURRENCY, q);
        if ((strlen(en->f[0]) == e - k && memcmp(en->f[0], c->s + k, e - k) == 0) ||
            (strlen(en->f[1]) == e - k && memcmp(en->f[1], c->s + k, e - k) == 0)) {
            *end = e;
            return en;
        }
    }
    return NULL;
}

static int fr_rule_number(at_scan *c)
{
    fr_num n;
    size_t j, k, e;
    int fem, plural, second;
    unsigned long long num, den;
    const at_lex_entry *en;
    const char *mag = NULL;
    if (!fr_number(c, c->pos, 1, &n))
        return 0;
    j = n.end;
    /* an ordinal: 1er, 21e, 1 000e */
    if (n.fb == n.fe && !n.neg && (e = ordinal_suffix(c, j, &fem, &plural, &second)) != 0) {
        say_ordinal(c, n.v, fem, plural, second);
        c->end = e;
        c->cls = AT_TOK_ORDINAL;
        return 1;
    }
    /* a fraction, 1/4, and a whole and a fraction, 4 2/4 */
    if (n.fb == n.fe && !n.grouped && (e = fraction_at(c, n.ib, &num, &den)) != 0) {
        if (n.neg)
            at__say(&c->say, n.neg == 1 ? "moins" : "plus");
        at__fr_cardinal(&c->say, num, 0);
        say_denominator(&c->say, den, num >= 2, 0);
        c->end = e;
        c->cls = AT_TOK_FRACTION;
        return 1;
    }
    if (n.fb == n.fe && !n.grouped && ndigits(&n) <= 3 && j < c->len && c->s[j] == ' ' &&
        (e = fraction_at(c, j + 1, &num, &den)) != 0 && num < den) {
        if (n.neg)
            at__say(&c->say, n.neg == 1 ? "moins" : "plus");
        at__fr_cardinal(&c->say, n.v, 0);
        at__say(&c->say, "et");
        /* "et demi", as in "une heure et demie"; "et un tiers" */
        if (!(num == 1 && den == 2))
            at__fr_cardinal(&c->say, num, 0);
        say_denominator(&c->say, den, num >= 2, 1);
        c->end = e;
        c->cls = AT_TOK_FRACTION;
        return 1;
    }
    /* les 80s, les 1990s: a decade, "les années quatre-vingt" (the number
     * stays invariable, as in "les années 80") */
    if (n.fb == n.fe && !n.neg && !n.grouped && (ndigits(&n) == 2 || ndigits(&n) == 4) && c->s[j - 1] == '0' &&
        j < c->len && c->s[j] == 's' && at__sc_boundary(c, j + 1) && c->pos >= 4 &&
        at__sc_lit(c, c->pos - 4, "les ", 1) && !glued_before(c, c->pos - 4)) {
        at__say(&c->say, "années");
        /* the 1990s are "les années quatre-vingt-dix" */
        at__fr_cardinal(&c->say, n.v >= 1910 && n.v <= 1990 ? n.v % 100 : n.v, 0);
        if (c->say.n > 6 && memcmp(c->say.p + c->say.n - 6, "vingts", 6) == 0)
            c->say.p[--c->say.n] = '\0';
        c->end = j + 1;
        c->cls = AT_TOK_YEAR;
        return 1;
    }
    k = at__sc_space(c, j);
    /* 18 %, 18% */
    if (k < c->len && c->s[k] == '%') {
        say_num(c, &n, 0);
        at__say(&c->say, "pour cent");
        c->end = k + 1;
        c->cls = AT_TOK_PERCENT;
        return 1;
    }
    /* money: 15 €, 3,5 M€ */
    if ((en = lex_at(c, AT_LEX_CURRENCY, k, &e)) != NULL || (en = magnitude_currency(c, k, &mag, &e)) != NULL) {
        const at_lex_entry *per;
        size_t pe;
        say_money(c, &n, en, mag);
        /* 7 778 €/m²: "par mètre carré" */
        if (e < c->len && c->s[e] == '/' && (per = lex_at(c, AT_LEX_UNIT, e + 1, &pe)) != NULL) {
            at__say(&c->say, "par");
            at__say(&c->say, per->f[0]);
            e = pe;
        }
        c->end = e;
        c->cls = AT_TOK_MONEY;
        return 1;
    }
    /* 19,50 euros: the currency's name written out, read as money */
    if (n.fe - n.fb == 2 && k > j && (en = currency_word(c, k, &e)) != NULL) {
        say_money(c, &n, en, NULL);
        c->end = e;
        c->cls = AT_TOK_MONEY;
        return 1;
    }
    /* measures: 5 km, 20 °C, 1,5 kilomètre */
    if ((en = lex_at(c, AT_LEX_UNIT, k, &e)) != NULL && (k == j || !(en->flags & AT_LEXF_GLUED))) {
        say_num(c, &n, (en->flags & AT_LEXF_FEM) && ends_in_un(n.v));
        at__say(&c->say, n.v >= 2 ? en->f[1] : en->f[0]);
        c->end = e;
        c->cls = AT_TOK_MEASURE;
        return 1;
    }
    /* 15-24 ans, 2020-2022, a score 3-1: "à" between two numbers */
    if (n.fb == n.fe && !n.grouped && ndigits(&n) <= 4 && (e = at__sc_dash(c, j)) != 0 && at__sc_digit(c, e) &&
        !(c->pos > 0 && (c->s[c->pos - 1] == '-' || c->s[c->pos - 1] == '/'))) {
        fr_num m;
        if (fr_number(c, e, 0, &m) && m.fb == m.fe && !m.grouped && m.end - m.ib <= 4 && at__sc_boundary(c, m.end) &&
            !(m.end < c->len && (c->s[m.end] == '-' || c->s[m.end] == '/'))) {
            int fm = ends_in_un(m.v) && fem_next(c, m.end);
            say_num(c, &n, ends_in_un(n.v) && fem_next(c, m.end));
            at__say(&c->say, "à");
            say_num(c, &m, fm);
            c->end = m.end;
            c->cls = AT_TOK_RANGE;
            return 1;
        }
    }
    say_num(c, &n, n.fb == n.fe && ends_in_un(n.v) && fem_next(c, j));
    c->end = j;
    c->cls = n.fb != n.fe ? AT_TOK_DECIMAL : AT_TOK_CARDINAL;
    return 1;
}

/* A currency before the amount: $15, € 20, US$ 3,5 */
static int fr_rule_money_before(at_scan *c)
{
    size_t e, k;
    fr_num n;
    const at_lex_entry *en;
    if (glued_before(c, c->pos) || (en = lex_at(c, AT_LEX_CURRENCY, c->pos, &e)) == NULL)
        return 0;
    k = at__sc_space(c, e);
    if (!fr_number(c, k, 0, &n) || ordinal_suffix(c, n.end, &(int){0}, &(int){0}, &(int){0}))
        return 0;
    say_money(c, &n, en, NULL);
    c->end = n.end;
    c->cls = AT_TOK_MONEY;
    return 1;
}

/* ---- dates ---- */

/* A day of the month: the first is "premier" */
static void say_day(at_scan *c, unsigned long long d)
{
    if (d == 1)
        at__say(&c->say, "premier");
    else
        at__fr_cardinal(&c->say, d, 0);
}

/* a day (1-31) of one or two digits at i; its end, else 0 */
static size_t day_at(const at_scan *c, size_t i, unsigned long long *d)
{
    size_t j = at__sc_digits(c, i);
    if (j == i || j - i > 2 || glued_before(c, i))
        return 0;
    *d = at__fr_value(c->s + i, j - i);
    return *d >= 1 && *d <= 31 ? j : 0;
}

/* Is "le", "du" or "au" the word before i? */
static int after_le(const at_scan *c, size_t i)
{
    return i >= 3 && c->s[i - 1] == ' ' &&
           (at__sc_lit(c, i - 3, "le", 1) || at__sc_lit(c, i - 3, "du", 1) || at__sc_lit(c, i - 3, "au", 1)) &&
           !glued_before(c, i - 3);
}

/* a year of four digits after a date, else 0 */
static size_t year_at(const at_scan *c, size_t i)
{
    size_t j = at__sc_digits(c, i);
    return j == i + 4 && at__sc_boundary(c, j) && !(j + 1 < c->len && (c->s[j] == ',' || c->s[j] == '.') && at__sc_digit(c, j + 1)) ? j : 0;
}

static int fr_rule_date(at_scan *c)
{
    size_t i = c->pos, j, k, e, y;
    unsigned long long d, m, days[8];
    int nd = 0, mo, q;
    /* 2020-03-02: ISO 8601, year first */
    if (at__sc_digits(c, i) == i + 4 && !glued_before(c, i) && at__sc_lit(c, i + 4, "-", 0) &&
        at__sc_digits(c, i + 5) == i + 7 && at__sc_lit(c, i + 7, "-", 0) && at__sc_digits(c, i + 8) == i + 10 &&
        at__sc_boundary(c, i + 10) && !(i + 11 < c->len && c->s[i + 10] == '-' && at__sc_digit(c, i + 11))) {
        m = at__fr_value(c->s + i + 5, 2);
        d = at__fr_value(c->s + i + 8, 2);
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            say_day(c, d);
            at__say(&c->say, at__fr_month((int)m));
            at__fr_cardinal(&c->say, at__fr_value(c->s + i, 4), 0);
            c->end = i + 10;
            c->cls = AT_TOK_DATE;
            return 1;
        }
    }
    if ((j = day_at(c, i, &d)) == 0)
        return 0;
    /* 02.03.2003, 2/3/2003, 02-03-2003; and 17.06 */
    if (j < c->len && (c->s[j] == '.' || c->s[j] == '/' || c->s[j] == '-')) {
        char sep = c->s[j];
        k = at__sc_digits(c, j + 1);
        m = at__fr_value(c->s + j + 1, k - j - 1);
        if (k > j + 1 && k - j - 1 <= 2 && m >= 1 && m <= 12 && k + 1 < c->len && c->s[k] == sep &&
            (y = year_at(c, k + 1)) != 0) {
            say_day(c, d);
            at__say(&c->say, at__fr_month((int)m));
            at__fr_cardinal(&c->say, at__fr_value(c->s + k + 1, 4), 0);
            c->end = y;
            c->cls = AT_TOK_DATE;
            return 1;
        }
        /* 17.06, and 15/08 (a month with its zero is no denominator) or
         * "le 14/07" */
        if ((sep == '.' || (sep == '/' && ((j + 1 < c->len && c->s[j + 1] == '0') || after_le(c, i)))) && k == j + 3 && m >= 1 &&
            m <= 12 && at__sc_boundary(c, k) &&
            !(k + 1 < c->len && (c->s[k] == '.' || c->s[k] == ',') && at__sc_digit(c, k + 1))) {
            say_day(c, d);
            at__say(&c->say, at__fr_month((int)m));
            c->end = k;
            c->cls = AT_TOK_DATE;
            return 1;
        }
    }
    /* 17 janvier, 1 mars 2023, les 17/18 juin, les 17-18-19 juin 2025 */
    days[nd++] = d;
    k = j;
    while (nd < 8 && k + 1 < c->len && (c->s[k] == '/' || c->s[k] == '-') && (e = day_at(c, k + 1, &d)) != 0 &&
           e > k + 1) {
        days[nd++] = d;
        k = e;
    }
    e = at__sc_space(c, k);
    if (e == k || (mo = at__fr_month_at(c, e, &e)) == 0)
        return 0;
    for (q = 0; q < nd; q++)
        say_day(c, days[q]);
    at__say(&c->say, at__fr_month(mo));
    k = at__sc_space(c, e);
    if (k > e && (y = year_at(c, k)) != 0) {
        at__fr_cardinal(&c->say, at__fr_value(c->s + k, 4), 0);
        e = y;
    }
    c->end = e;
    c->cls = nd > 1 ? AT_TOK_DATE_RANGE : AT_TOK_DATE;
    return 1;
}

/* ---- times: 14h30, 14 h 30, 14:30, 9h, 1 h ---- */

static int fr_rule_time(at_scan *c)
{
    size_t i = c->pos, j = at__sc_digits(c, i), k, m, s = 0;
    unsigned long long h, mi = 0, se = 0;
    if (j == i || j - i > 2 || glued_before(c, i))
        return 0;
    h = at__fr_value(c->s + i, j - i);
    if (h > 24)
        return 0;
    k = at__sc_space(c, j);
    if (k < c->len && c->s[k] == 'h' && (at__sc_boundary(c, k + 1) || at__sc_digit(c, k + 1))) {
        k++;
        m = at__sc_space(c, k);
        if (at__sc_digits(c, m) == m + 2 && at__sc_boundary(c, m + 2) &&
            !(m + 3 < c->len && strchr(":,.h", c->s[m + 2]) && at__sc_digit(c, m + 3))) {
            mi = at__fr_value(c->s + m, 2);
            if (mi > 59)
                return 0;
            k = m + 2;
        } else if (at__sc_digit(c, k))
            return 0;
    } else if (j < c->len && c->s[j] == ':' && at__sc_digits(c, j + 1) == j + 3) {
        mi = at__fr_value(c->s + j + 1, 2);
        k = j + 3;
        if (k < c->len && c->s[k] == ':' && at__sc_digits(c, k + 1) == k + 3) {
            se = at__fr_value(c->s + k + 1, 2);
            s = 1;
            k += 3;
        }
        if (mi > 59 || se > 59 || !at__sc_boundary(c, k) || (k + 1 < c->len && (c->s[k] == ':' || c->s[k] == ',') && at__sc_digit(c, k + 1)))
            return 0;
    } else
        return 0;
    at__fr_cardinal(&c->say, h, ends_in_un(h));
    at__say(&c->say, h >= 2 ? "heures" : "heure");
    if (mi || s) {
        at__fr_cardinal(&c->say, mi, ends_in_un(mi));
        if (s) {
            at__say(&c->say, mi >= 2 ? "minutes" : "minute");
            at__fr_cardinal(&c->say, se, ends_in_un(se));
            at__say(&c->say, se >= 2 ? "secondes" : "seconde");
        }
    }
    c->end = k;
    c->cls = AT_TOK_TIME;
    return 1;
}

/* ---- telephone: 01 23 45 67 89, 06.12.34.56.78, 0612345678,
 * +33 1 23 45 67 89, +33 (0)6 12 34 56 78 ---- */

/* a group of a telephone number as the French say it: "06" zéro six,
 * "800" huit cents */
static void say_pair(at_buf *b, const char *d, size_t n)
{
    while (n > 1 && d[0] == '0') {
        at__say(b, "zéro");
        d++;
        n--;
    }
    at__fr_cardinal(b, at__fr_value(d, n), 0);
}

static int fr_rule_telephone(at_scan *c)
{
    size_t i = c->pos, j, k, e, cc = 0, ccn = 0, g[10];
    size_t ng = 0, q, nd = 0;
    char sep = 0;
    if (glued_before(c, i))
        return 0;
    if (i < c->len && c->s[i] == '+') {
        cc = i + 1;
        j = at__sc_digits(c, cc);
        ccn = j - cc;
        if (ccn == 0 || ccn > 3 || j >= c->len || c->s[j] != ' ')
            return 0;
        i = j + 1;
        /* (0): the trunk prefix, not dialled from abroad */
        if (at__sc_lit(c, i, "(0)", 0))
            i = at__sc_space(c, i + 3);
    }
    j = at__sc_digits(c, i);
    if (j == i)
        return 0;
    if (!cc && j - i == 10 && c->s[i] == '0' && at__sc_boundary(c, j)) {
        /* 0612345678 */
        for (q = 0; q < 5; q++)
            g[q] = i + 2 * q;
        ng = 5;
        for (q = 0; q < 5; q++) {
            if (q)
                at__buf_putc(&c->say, ',');
            say_pair(&c->say, c->s + g[q], 2);
        }
        c->end = j;
        c->cls = AT_TOK_TELEPHONE;
        return 1;
    }
    /* groups of one to three digits (four from abroad) */
    k = i;
    for (;;) {
        e = at__sc_digits(c, k);
        if (e == k || e - k > (cc ? 4 : 3) || ng == 10)
            return 0;
        g[ng++] = k;
        nd += e - k;
        if (e < c->len && (c->s[e] == ' ' || c->s[e] == '.' || c->s[e] == '-') && at__sc_digit(c, e + 1) &&
            (!sep || sep == c->s[e])) {
            sep = c->s[e];
            k = e + 1;
            continue;
        }
        k = e;
        break;
    }
    if (!at__sc_boundary(c, k))
        return 0;
    /* national: ten digits from the 0, 0X XX XX XX XX or 0 800 XX XX XX;
     * from abroad, without the 0: X XX XX XX XX */
    if (!cc && !(nd == 10 && ng >= 4 && c->s[i] == '0'))
        return 0;
    if (cc && (nd < 8 || nd > 11 || ng < 3))
        return 0;
    if (cc) {
        at__say(&c->say, "plus");
        at__fr_cardinal(&c->say, at__fr_value(c->s + cc, ccn), 0);
    }
    for (q = 0; q < ng; q++) {
        size_t dn = at__sc_digits(c, g[q]) - g[q];
        if (q || cc)
            at__buf_putc(&c->say, ',');
        say_pair(&c->say, c->s + g[q], dn);
    }
    c->end = k;
    c->cls = AT_TOK_TELEPHONE;
    return 1;
}

/* ---- Roman numerals: XIXe siècle, Ier, Louis XIV ---- */

/* The value of a well-formed Roman numeral s[0, n), else 0 */
/* A Roman numeral in capitals, under 4000 (XIXe, Louis XIV). */
static int roman_value(const char *s, size_t n)
{
    int v = n <= 12 ? at__roman_value(s, n, 0) : 0;
    return v < 4000 ? v : 0;
}

static int fr_rule_roman(at_scan *c)
{
    size_t i = c->pos, j = i, e, p;
    int v, fem, plural, second;
    if (glued_before(c, i))
        return 0;
    /* only I, V and X: the numbers of centuries, kings and popes; with
     * the others, "Le", "Ce" and "Me" would be ordinals */
    while (j < c->len && j - i <= 12 && (c->s[j] == 'I' || c->s[j] == 'V' || c->s[j] == 'X'))
        j++;
    if (j == i || j - i > 12 || (v = roman_value(c->s + i, j - i)) == 0)
        return 0;
    /* "er" and "re" belong to the first alone: "Vers" is a word */
    if ((e = ordinal_suffix(c, j, &fem, &plural, &second)) != 0 && c->s[j] != 'd' && c->s[j] != 'n' &&
        (v == 1 || !(at__sc_lit(c, j, "er", 0) || at__sc_lit(c, j, "re", 0) || at__sc_lit(c, j, "ère", 0) ||
                     at__sc_lit(c, j, "Ê³", 0) || at__sc_lit(c, j, "áµÊ³", 0)))) {
        say_ordinal(c, (unsigned long long)v, fem, plural, 0);
        c->end = e;
        c->cls = AT_TOK_ORDINAL;
        return 1;
    }
    /* Louis XIV, Jean-Paul II: after a name, a cardinal; never a lone I */
    if (v < 2 || !at__sc_boundary(c, j) || i < 2 || c->s[i - 1] != ' ')
        return 0;
    p = i - 1;
    while (p > 0 && (at__sc_alpha(c, p - 1) || ((unsigned char)c->s[p - 1] & 0x80) || c->s[p - 1] == '-'))
        p--;
    if (p == i - 1 || !at__sc_upper(c, p) || !at__sc_alpha(c, p + 1) || at__sc_upper(c, p + 1))
        return 0;
    at__fr_cardinal(&c->say, (unsigned long long)v, 0);
    c->end = j;
    c->cls = AT_TOK_ROMAN;
    return 1;
}

/* ---- abbreviations: M. Dupont, Mme, n° 5, etc. ---- */

/* a capital at i, beyond ASCII too (É) */
static int capital_at(const at_scan *c, size_t i)
{
    size_t x = i;
    return i < c->len && at__cp_is_upper(at__utf8_next(c->s, c->len, &x));
}

static int fr_rule_abbrev(at_scan *c)
{
    size_t i = c->pos, j = i, max = at__lexicon_max_key(c->lex), e, best = 0, nx;
    const at_lex_entry *en = NULL, *t;
    int spaces = 0;
    if (glued_before(c, i))
        return 0;
    /* a key may hold two spaces: "av. J.-C.", "le très hon." */
    while (j < c->len && j - i < max && (c->s[j] != ' ' || ++spaces <= 2) && c->s[j] != '\n' &&
           !(at__is_space((unsigned char)c->s[j]) && c->s[j] != ' '))
        j++;
    /* the longest key that ends at a full stop or the word's end */
    for (e = j; e > i; e--) {
        if (e < c->len && ((unsigned char)c->s[e] & 0xC0) == 0x80)
            continue;
        /* n°5: a number may follow glued */
        if ((c->s[e - 1] != '.' && !at__sc_boundary(c, e) && !at__sc_digit(c, e)) || c->s[e - 1] == ' ')
            continue;
        if ((t = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, e - i, 0)) != NULL) {
            en = t;
            best = e;
            break;
        }
    }
    if (!en)
        return 0;
    nx = at__sc_space(c, best);
    if ((en->flags & AT_LEXF_NUMBER) && !at__sc_digit(c, nx))
        return 0;
    /* a title before a name, or joined to it: St-Denis, Ste-Foy */
    if (best < c->len && c->s[best] == '-' && capital_at(c, best + 1))
        nx = best + 1;
    else if (at__sc_digit(c, best) && !(en->flags & AT_LEXF_NUMBER))
        return 0;
    if ((en->flags & AT_LEXF_TITLE) && (nx == best || !capital_at(c, nx)))
        return 0;
    at__say(&c->say, en->f[0]);
    /* etc. at the end of a sentence: its full stop ends it too */
    c->end = (en->flags & AT_LEXF_END) && c->s[best - 1] == '.' && (nx >= c->len || capital_at(c, nx)) ? best - 1 : best;
    c->cls = AT_TOK_ABBREV;
    return 1;
}

/* ---- electronic: e-mail addresses, web addresses ---- */

static const char *symbol_word(char ch)
{
    switch (ch) {
    case '.': return "point";
    case '@': return "arobase";
    case '-': return "tiret";
    case '_': return "tiret bas";
    case '/': return "slash";
    case ':': return "deux-points";
    case '?': return "point d'interrogation";
    case '=': return "égal";
    case '&': return "et";
    case '#': return "dièse";
    case '+': return "plus";
    case '~': return "tilde";
    case '%': return "pour cent";
    default: return NULL;
    }
}

/* no address is longer: a longer run is none, found in bounded time */
#define FR_ADDR_MAX 256

static int fr_rule_electronic(at_scan *c)
{
    size_t i = c->pos, j, k, at = 0, dot = 0, a;
    int url = 0;
    const at_lex_entry *dom;
    if (i > 0 && !at__is_space((unsigned char)c->s[i - 1]) && strchr("(<[\"'", c->s[i - 1]) == NULL &&
        ((unsigned char)c->s[i - 1] & 0x80) == 0)
        return 0;
    j = i;
    while (j < c->len && j - i <= FR_ADDR_MAX && !at__is_space((unsigned char)c->s[j]) &&
           ((unsigned char)c->s[j] & 0x80) == 0 && !strchr("\"'()<>[],;!", c->s[j]))
        j++;
    if (j - i > FR_ADDR_MAX)
        return 0;
    /* a final full stop, colon or question mark ends the sentence */
    while (j > i && (c->s[j - 1] == '.' || c->s[j - 1] == ':' || c->s[j - 1] == '?'))
        j--;
    if (at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "www.", 1))
        url = 1;
    for (k = i; k < j; k++) {
        if (c->s[k] == '@' && !at)
            at = k;
        else if (c->s[k] == '.' && (at ? k > at : !dot))
            dot = k;
    }
    if (at && !(at > i && dot > at + 1 && dot + 1 < j))
        return 0;
    if (!at && !url) {
        /* lemonde.fr, service-public.gouv.fr/x: a known top-level domain */
        size_t d0 = i, d1;
        while (d0 < j && (at__sc_alnum(c, d0) || c->s[d0] == '-' || c->s[d0] == '.'))
            d0++;
        d1 = d0;
        while (d1 > i && c->s[d1 - 1] != '.')
            d1--;
        if (d1 <= i + 1 || d1 == d0 || !at__sc_alpha(c, i) ||
            !at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + d1, d0 - d1, 1) || (d0 < j && c->s[d0] != '/'))
            return 0;
        /* a dotted abbreviation or a sentence glued to the next is none:
         * the domain is lower case */
        for (a = d1; a < d0; a++)
            if (at__sc_upper(c, a))
                return 0;
    }
    k = i;
    if (at__sc_lit(c, k, "http://", 1))
        k += 7;
    else if (at__sc_lit(c, k, "https://", 1))
        k += 8;
    while (k < j) {
        size_t e = k;
        const char *w;
        if (at__sc_alpha(c, k)) {
            e = at__sc_letters(c, k);
            if ((dom = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + k, e - k, 1)) != NULL && k > i &&
                c->s[k - 1] == '.')
                at__say(&c->say, dom->f[0]);
            else
                at__say_n(&c->say, c->s + k, e - k);
        } else if (at__sc_digit(c, k)) {
            e = at__sc_digits(c, k);
            /* 2024 in a path is a year; longer runs digit by digit */
            if (e - k <= 4 && (c->s[k] != '0' || e - k == 1))
                at__fr_cardinal(&c->say, at__fr_value(c->s + k, e - k), 0);
            else
                for (a = k; a < e; a++)
                    at__fr_cardinal(&c->say, (unsigned long long)(c->s[a] - '0'), 0);
        } else {
            e = k + 1;
            if ((w = symbol_word(c->s[k])) != NULL)
                at__say(&c->say, w);
        }
        k = e;
    }
    c->end = j;
    c->cls = at ? AT_TOK_EMAIL : AT_TOK_URL;
    return 1;
}

/* Order matters: the more specific pattern first. */
static const at_rule rules[] = {
    {fr_rule_electronic, AT_RF_ALL},
    {at__rule_lexword, AT_RF_ALL},
    {fr_rule_abbrev, AT_RF_UPPER | AT_RF_LOWER},
    {fr_rule_roman, AT_RF_UPPER},
    {fr_rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {fr_rule_date, AT_RF_DIGIT},
    {fr_rule_time, AT_RF_DIGIT},
    {fr_rule_money_before, AT_RF_UPPER | AT_RF_OTHER},
    {fr_rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_fr = {"fr", rules, sizeof rules / sizeof *rules};
