/* The German rules for amounts (see lang_de.h): money, measures and
 * fractions, with the words of voices/de/lexicon.tsv. */
#include <string.h>

#include "lang_de.h"

/* "Million", "Mio.", "Milliarden", "Mrd." after a number (lexicon
 * `magnitude`, the plural given): its end, else 0. */
size_t at__de_magnitude_at(const at_scan *c, size_t i, const char **word)
{
    size_t s = at__sc_space(c, i), e;
    const at_lex_entry *en;
    if (s == i && i < c->len && at__sc_alpha(c, i))
        return 0;
    e = at__de_word_end(c, s);
    if (e == s)
        return 0;
    if (e < c->len && c->s[e] == '.' && (en = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + s, e + 1 - s, 1))) {
        *word = en->f[0];
        return e + 1;
    }
    if (!at__sc_boundary(c, e))
        return 0;
    if ((en = at__lexicon_find(c->lex, AT_LEX_MAGNITUDE, c->s + s, e - s, 1)) != NULL) {
        *word = en->f[0];
        return e;
    }
    return 0;
}

/* A lexicon value "ein meter" / "eine stunde": the singular with the
 * word for one that agrees with it; `noun` gets the noun alone. */
static int one_form(const char *v, const char **noun)
{
    if (strncmp(v, "eine ", 5) == 0) {
        *noun = v + 5;
        return ONE_EINE;
    }
    if (strncmp(v, "ein ", 4) == 0) {
        *noun = v + 4;
        return ONE_EIN;
    }
    *noun = v;
    return ONE_EIN;
}

/* ---- money ---- */

/* A currency's symbol or code at i (lexicon `currency`): its entry and
 * end. Symbols are matched as written, codes and names ignoring case. */
static const at_lex_entry *currency_at(const at_scan *c, size_t i, size_t *end)
{
    size_t e;
    const at_lex_entry *en;
    if (i >= c->len)
        return NULL;
    if (at__sc_alpha(c, i)) {
        e = at__de_word_end(c, i);
        /* US$ */
        if (e < c->len && c->s[e] == '$' && (en = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, e + 1 - i, 0))) {
            *end = e + 1;
            return en;
        }
        if (!at__sc_boundary(c, e) || !(en = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, e - i, 1)))
            return NULL;
        *end = e;
        return en;
    }
    /* a symbol: one code point */
    e = i + 1;
    while (e < c->len && ((unsigned char)c->s[e] & 0xC0) == 0x80)
        e++;
    if ((en = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, e - i, 0)) != NULL) {
        *end = e;
        return en;
    }
    return NULL;
}

static void say_amount(at_scan *c, const at_de_num *nm, const char *mag, const at_lex_entry *cur)
{
    const char *noun;
    size_t fn = nm->fn;
    int one;
    if (mag) {
        /* 2,5 Millionen Euro: the number as written */
        at__de_say_num(&c->say, nm, ONE_EINE);
        at__de_magnitude(&c->say, mag, at__de_num_is_one(nm) && !nm->fn);
        at__say(&c->say, cur->f[1]);
        return;
    }
    while (fn && nm->fp[fn - 1] == '0')
        fn--;
    if (fn > 2 || !cur->f[2][0]) {
        /* 2,201 Dollar: a decimal */
        at_de_num t = *nm;
        t.fn = fn;
        one = one_form(cur->f[0], &noun);
        if (at__de_num_is_one(&t) && !t.fn) {
            if (nm->neg)
                at__say(&c->say, "minus");
            at__say(&c->say, cur->f[0]);
        } else {
            at__de_say_num(&c->say, &t, one);
            at__say(&c->say, cur->f[1]);
        }
        return;
    }
    if (nm->neg)
        at__say(&c->say, "minus");
    {
        int whole_zero = nm->n == 1 && nm->d[0] == '0';
        unsigned minor = 0;
        if (fn >= 1)
            minor = (unsigned)(nm->fp[0] - '0') * 10u + (fn == 2 ? (unsigned)(nm->fp[1] - '0') : 0u);
        if (!whole_zero || !minor) {
            if (nm->n == 1 && nm->d[0] == '1') {
                at__say(&c->say, cur->f[0]);
            } else {
                one = one_form(cur->f[0], &noun);
                at__de_cardinal(&c->say, nm->d, nm->n, one);
                at__say(&c->say, cur->f[1]);
            }
        }
        if (minor) {
            if (minor == 1) {
                at__say(&c->say, cur->f[2]);
            } else {
                at__de_uint(&c->say, minor, ONE_ALONE);
                at__say(&c->say, cur->f[3]);
            }
        }
    }
}

/* "$2,20", "€ 1,5 Mio.", "US$5", "5 €", "3,50 Euro", "2 Mrd. Dollar". */
/* "5,- €", "5,-- Euro", "5,– Euro": whole units written with a dash for
 * the cents. The end past the dash, else e. */
static size_t dash_cents(const at_scan *c, size_t e)
{
    size_t d;
    if (e >= c->len || c->s[e] != ',' || (d = at__sc_dash(c, e + 1)) == 0)
        return e;
    if (d < c->len && c->s[d] == '-')
        d++;
    return d;
}

int at__de_rule_money(at_scan *c)
{
    size_t i = c->pos, e, s, me;
    const at_lex_entry *cur;
    const char *mag = NULL;
    at_de_num nm;
    if (!at__sc_digit(c, i) && !(c->s[i] == '-' && at__sc_digit(c, i + 1))) {
        int neg = 0;
        if ((cur = currency_at(c, i, &e)) == NULL)
            return 0;
        s = at__sc_space(c, e);
        if (s < c->len && c->s[s] == '-')
            neg = 1;
        if (!at__de_number(c, s, &nm) || nm.neg != neg)
            return 0;
        if (!nm.fn)
            nm.end = dash_cents(c, nm.end);
        if ((me = at__de_magnitude_at(c, nm.end, &mag)) == 0)
            me = nm.end, mag = NULL;
        if (!at__sc_boundary(c, me) || (me < c->len && (c->s[me] == ',' || c->s[me] == '.') && at__sc_digit(c, me + 1)))
            return 0;
        say_amount(c, &nm, mag, cur);
        c->end = me;
        c->cls = AT_TOK_MONEY;
        return 1;
    }
    if (!at__de_number(c, i, &nm))
        return 0;
    if (!nm.fn)
        nm.end = dash_cents(c, nm.end);
    if ((me = at__de_magnitude_at(c, nm.end, &mag)) == 0)
        me = nm.end, mag = NULL;
    s = at__sc_space(c, me);
    if ((cur = currency_at(c, s, &e)) == NULL)
        return 0;
    say_amount(c, &nm, mag, cur);
    c->end = e;
    c->cls = AT_TOK_MONEY;
    return 1;
}

/* ---- measures and fractions ---- */

/* A unit (lexicon `unit`) at i, with ² or ³ after it: its entry, the
 * power (1..3) and end. */
static const at_lex_entry *unit_at(const at_scan *c, size_t i, int *power, size_t *end)
{
    size_t e = i, k;
    const at_lex_entry *en = NULL;
    /* the longest key first: "km" before "k", "kWh" before "kW" */
    while (e < c->len && e - i < 12 &&
           (at__sc_alpha(c, e) || c->s[e] == '%' || (unsigned char)c->s[e] == 0xC2 || (unsigned char)c->s[e] == 0xCE ||
            (((unsigned char)c->s[e] & 0xC0) == 0x80 && e > i)) &&
           !((unsigned char)c->s[e] == 0xC2 && e + 1 < c->len &&
             ((unsigned char)c->s[e + 1] == 0xB2 || (unsigned char)c->s[e + 1] == 0xB3 || (unsigned char)c->s[e + 1] == 0xA0)))
        e++;
    for (k = e; k > i; k--) {
        if (((unsigned char)c->s[k - 1] & 0xC0) == 0xC0)
            continue; /* not inside a code point */
        if (k < c->len && ((unsigned char)c->s[k] & 0xC0) == 0x80)
            continue;
        if ((en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + i, k - i, 0)) != NULL ||
            (en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + i, k - i, 1)) != NULL)
            break;
    }
    if (!en)
        return NULL;
    *power = 1;
    if (k + 1 < c->len && (unsigned char)c->s[k] == 0xC2 && ((unsigned char)c->s[k + 1] == 0xB2 || (unsigned char)c->s[k + 1] == 0xB3)) {
        *power = (unsigned char)c->s[k + 1] == 0xB2 ? 2 : 3;
        k += 2;
    }
    if (at__sc_alnum(c, k))
        return NULL;
    *end = k;
    return en;
}

static void say_unit(at_buf *b, const at_lex_entry *u, int power, int singular)
{
    const char *noun;
    if (power > 1)
        at__say(b, power == 2 ? "quadrat" : "kubik");
    if (singular) {
        one_form(u->f[0], &noun);
        at__say(b, noun);
    } else {
        at__say(b, u->f[1]);
    }
}

/* The denominator's word: halb(e), drittel, viertel, zwanzigstel. */
static void say_denominator(at_buf *b, const char *d, size_t n, int plural)
{
    size_t from;
    if (n == 1 && d[0] == '2') {
        at__say(b, plural ? "halbe" : "halb");
        return;
    }
    at__say_space(b);
    from = b->n;
    at__de_cardinal(b, d, n, ONE_ALONE);
    at__de_ordinal_stem(b, from);
    at__buf_puts(b, "el");
}

/* A fraction at i: [-] [whole ] num/den. Fills its parts; its end or 0. */
typedef struct de_frac {
    at_de_num whole;
    int has_whole, neg;
    const char *num, *den;
    size_t nn, dn;
} de_frac;

/* A fraction's own character (½, ¼, ¾, ⅓, ⅔) at i: its end, else 0. */
static size_t glyph_at(const at_scan *c, size_t i, de_frac *f)
{
    static const struct {
        const char *utf8, *num, *den;
    } glyphs[] = {{"\xC2\xBD", "1", "2"},     {"\xC2\xBC", "1", "4"},     {"\xC2\xBE", "3", "4"},
                  {"\xE2\x85\x93", "1", "3"}, {"\xE2\x85\x94", "2", "3"}, {"\xE2\x85\x95", "1", "5"},
                  {"\xE2\x85\x9B", "1", "8"}};
    size_t k, n;
    for (k = 0; k < sizeof glyphs / sizeof *glyphs; k++) {
        n = strlen(glyphs[k].utf8);
        if (i + n <= c->len && memcmp(c->s + i, glyphs[k].utf8, n) == 0) {
            f->num = glyphs[k].num;
            f->den = glyphs[k].den;
            f->nn = f->dn = 1;
            return i + n;
        }
    }
    return 0;
}

static size_t fraction_at(const at_scan *c, size_t i, de_frac *f)
{
    size_t j = i, a, b, g;
    memset(f, 0, sizeof *f);
    if (j < c->len && c->s[j] == '-') {
        if (i > 0 && at__sc_alnum(c, i - 1))
            return 0;
        f->neg = 1;
        j++;
    }
    if ((g = glyph_at(c, j, f)) != 0)
        return g;
    a = at__de_digits_end(c, j);
    if (a > j && a - j <= 9 &&
        ((g = glyph_at(c, a, f)) != 0 || (a < c->len && c->s[a] == ' ' && (g = glyph_at(c, a + 1, f)) != 0))) {
        /* 1½, 1 ½ */
        f->has_whole = at__de_number(c, j, &f->whole);
        return f->has_whole ? g : 0;
    }
    if (a == j || a - j > 9)
        return 0;
    if (a < c->len && c->s[a] == ' ' && at__sc_digit(c, a + 1)) {
        /* 1 1/2 */
        size_t n2 = at__de_digits_end(c, a + 1);
        if (n2 < c->len && c->s[n2] == '/' && n2 - a - 1 <= 3) {
            f->has_whole = 1;
            at__de_number(c, j, &f->whole);
            j = a + 1;
            a = n2;
        }
    }
    if (a >= c->len || c->s[a] != '/' || !at__sc_digit(c, a + 1))
        return 0;
    b = at__de_digits_end(c, a + 1);
    if (b - a - 1 > 9 || (b < c->len && (c->s[b] == '/' || c->s[b] == '.' || c->s[b] == ',') && at__sc_digit(c, b + 1)))
        return 0;
    f->num = c->s + j;
    f->nn = a - j;
    f->den = c->s + a + 1;
    f->dn = b - a - 1;
    return b;
}

static void say_fraction(at_buf *b, const de_frac *f)
{
    int one = f->nn == 1 && f->num[0] == '1';
    if (f->neg)
        at__say(b, "minus");
    if (f->has_whole)
        at__de_cardinal(b, f->whole.d, f->whole.n, ONE_EIN);
    if (one)
        at__say(b, "ein");
    else
        at__de_cardinal(b, f->num, f->nn, ONE_ALONE);
    say_denominator(b, f->den, f->dn, !one);
}

/* "200 m", "56,3 /km²", "200 km/h", "2km/h", "1 h", "1 1/2 ft",
 * "90 Millionen g", "5 %". */
int at__de_rule_measure(at_scan *c)
{
    size_t i = c->pos, e, s, ue, ue2, me;
    at_de_num nm;
    de_frac fr;
    const at_lex_entry *u, *u2 = NULL;
    const char *mag = NULL;
    int pw, pw2 = 1, per = 0, frac = 0, single;
    if ((e = fraction_at(c, i, &fr)) != 0) {
        frac = 1;
        me = e;
    } else {
        if (!at__de_number(c, i, &nm))
            return 0;
        if ((me = at__de_magnitude_at(c, nm.end, &mag)) == 0)
            me = nm.end, mag = NULL;
    }
    s = at__sc_space(c, me);
    if (s < c->len && c->s[s] == '/') {
        /* 56,3 /km²: per */
        per = 1;
        s++;
    }
    if ((u = unit_at(c, s, &pw, &ue)) == NULL)
        return 0;
    if ((u->flags & AT_LEXF_GLUED) && s != me)
        return 0;
    if (!per && ue < c->len && c->s[ue] == '/' && (u2 = unit_at(c, ue + 1, &pw2, &ue2)) != NULL)
        ue = ue2;
    else
        u2 = NULL;
    if (ue < c->len && (c->s[ue] == '/' || c->s[ue] == '-' || c->s[ue] == '\'' || at__sc_alnum(c, ue)))
        return 0;
    single = !frac && !mag && !per && at__de_num_is_one(&nm) && !nm.fn && !nm.neg;
    if (frac) {
        say_fraction(&c->say, &fr);
    } else if (single) {
        const char *noun;
        int one = one_form(u->f[0], &noun);
        if (pw > 1)
            one = ONE_EIN; /* der Quadratmeter, der Kubikmeter */
        at__de_say_num(&c->say, &nm, one);
    } else {
        at__de_say_num(&c->say, &nm, ONE_EINE);
        if (mag)
            at__de_magnitude(&c->say, mag, at__de_num_is_one(&nm) && !nm.fn);
    }
    if (per) {
        at__say(&c->say, "pro");
        say_unit(&c->say, u, pw, 1);
    } else {
        say_unit(&c->say, u, pw, single);
        if (u2) {
            at__say(&c->say, "pro");
            say_unit(&c->say, u2, pw2, 1);
        }
    }
    c->end = ue;
    c->cls = AT_TOK_MEASURE;
    return 1;
}

int at__de_rule_fraction(at_scan *c)
{
    de_frac f;
    size_t e = fraction_at(c, c->pos, &f);
    if (!e || at__sc_alnum(c, e))
        return 0;
    say_fraction(&c->say, &f);
    c->end = e;
    c->cls = AT_TOK_FRACTION;
    return 1;
}

