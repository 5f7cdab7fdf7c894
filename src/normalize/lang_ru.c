/* The normalizer's rules for the language "ru" (see lang.c).
 *
 * Russian numbers agree with what they count: the noun after a number
 * takes the nominative singular after 1 (21 рубль), the genitive singular
 * after 2-4 (22 рубля) and the genitive plural after the rest (25
 * рублей); one and two take the noun's gender (одна копейка, две
 * копейки). An ordinal written with its ending (5-го, 1990-е, 3-м) is
 * said in the form the ending shows; a year before a form of "год" agrees
 * with it (в 2006 году). A date alone is said as news says when
 * something happened, in the genitive (шестого марта); after "на" it is
 * the nominative (на шестое марта).
 *
 * The words (currencies, units, abbreviations, the Latin letters of
 * e-mail addresses) are in voices/ru/lexicon.tsv; a noun's forms there are
 * written "nominative|genitive|genitive plural|gender[t][|accusative]"
 * (see that file). The number words are grammar (lang_ru_num.c).
 *
 * Every look-ahead is bounded (a word, a unit, an address of at most
 * RU_SPAN bytes), so a block of any length is read in linear time. */
#include <string.h>

#include "classify.h"
#include "lang_ru.h"

#define RU_SPAN 256 /* the longest run a rule reads past its start */

/* ---- scanning ---- */

static int32_t cp_at(const at_scan *c, size_t i, size_t *next)
{
    size_t j = i;
    int32_t cp;
    if (i >= c->len) {
        *next = i;
        return 0;
    }
    cp = at__utf8_next(c->s, c->len, &j);
    *next = j > i ? j : i + 1;
    return cp;
}

static int is_letter_cp(int32_t cp)
{
    return cp > 0 && at__cp_is_alpha(cp);
}

/* a letter (any script) at i */
static int letter_at(const at_scan *c, size_t i)
{
    size_t n;
    return i < c->len && is_letter_cp(cp_at(c, i, &n));
}

/* the end of the letters starting at i (at most RU_SPAN bytes) */
static size_t letters_end(const at_scan *c, size_t i)
{
    size_t lim = i + RU_SPAN, n;
    while (i < c->len && i < lim && is_letter_cp(cp_at(c, i, &n)))
        i = n;
    return i;
}

/* the start of the code point that ends just before i */
static size_t back_cp(const at_scan *c, size_t i)
{
    size_t lim = i >= 4 ? i - 4 : 0;
    if (i == 0)
        return 0;
    i--;
    while (i > lim && ((unsigned char)c->s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* a letter or digit just before i */
static int alnum_before(const at_scan *c, size_t i)
{
    size_t p, n;
    if (i == 0)
        return 0;
    p = back_cp(c, i);
    return at__sc_digit(c, p) || is_letter_cp(cp_at(c, p, &n));
}

/* The word after the spaces from i: [*ws, *we); 0 when none. */
static int next_word(const at_scan *c, size_t i, size_t *ws, size_t *we)
{
    *ws = at__sc_space(c, i);
    *we = letters_end(c, *ws);
    return *we > *ws;
}

/* The word that ends (before spaces) at i: [*ws, *we). */
static int prev_word(const at_scan *c, size_t i, size_t *ws, size_t *we)
{
    size_t j = i, lim, n;
    while (j > 0 && (c->s[j - 1] == ' ' || c->s[j - 1] == '\t'))
        j--;
    *we = j;
    lim = j > 32 ? j - 32 : 0;
    while (j > lim) {
        size_t p = back_cp(c, j);
        if (!is_letter_cp(cp_at(c, p, &n)))
            break;
        j = p;
    }
    *ws = j;
    /* a word cut by the bound is no word */
    return *we > *ws && !(j == lim && lim > 0 && letter_at(c, back_cp(c, j)));
}

/* Is s[ws, we) the word w, ignoring the case of the first letter? */
static int word_is(const at_scan *c, size_t ws, size_t we, const char *w)
{
    size_t n = strlen(w);
    if (we - ws != n)
        return 0;
    if (memcmp(c->s + ws, w, n) == 0)
        return 1;
    /* a capital Cyrillic first letter: А..Я are D0 90..AF, а..п D0 B0..BF,
     * р..я D1 80..8F */
    if (n >= 2 && (unsigned char)c->s[ws] == 0xD0 && (unsigned char)w[0] == 0xD0 &&
        (unsigned char)c->s[ws + 1] >= 0x90 && (unsigned char)c->s[ws + 1] <= 0x9F &&
        (unsigned char)c->s[ws + 1] + 0x20 == (unsigned char)w[1])
        return memcmp(c->s + ws + 2, w + 2, n - 2) == 0;
    if (n >= 2 && (unsigned char)c->s[ws] == 0xD0 && (unsigned char)w[0] == 0xD1 &&
        (unsigned char)c->s[ws + 1] >= 0xA0 && (unsigned char)c->s[ws + 1] <= 0xAF &&
        (unsigned char)c->s[ws + 1] - 0x20 == (unsigned char)w[1])
        return memcmp(c->s + ws + 2, w + 2, n - 2) == 0;
    return 0;
}

/* The last letter of s[ws, we). */
static int32_t last_letter(const at_scan *c, size_t ws, size_t we)
{
    size_t p = back_cp(c, we), n;
    return p >= ws ? cp_at(c, p, &n) : 0;
}

/* A minus sign at i ("-" or U+2212) that starts a word. */
static size_t minus_at(const at_scan *c, size_t i)
{
    size_t n = 0;
    if (i < c->len && c->s[i] == '-')
        n = 1;
    else if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x88 &&
             (unsigned char)c->s[i + 2] == 0x92)
        n = 3;
    if (!n || alnum_before(c, i) || !at__sc_digit(c, i + n))
        return 0;
    return i + n;
}

/* The value of the digits s[i, j) (at most 15 of them). */
static unsigned long long digits_value(const at_scan *c, size_t i, size_t j)
{
    unsigned long long v = 0;
    for (; i < j; i++)
        v = v * 10 + (unsigned)(c->s[i] - '0');
    return v;
}

/* a separator of thousands: a space, a no-break or thin space */
static size_t group_space(const at_scan *c, size_t i)
{
    if (i < c->len && c->s[i] == ' ')
        return i + 1;
    if (i + 1 < c->len && (unsigned char)c->s[i] == 0xC2 && (unsigned char)c->s[i + 1] == 0xA0)
        return i + 2;
    if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x80 &&
        ((unsigned char)c->s[i + 2] == 0xAF || (unsigned char)c->s[i + 2] == 0x89))
        return i + 3;
    return 0;
}

static void put_digits(char *dst, size_t cap, size_t *n, const char *s, size_t k)
{
    while (k-- && *n + 1 < cap)
        dst[(*n)++] = *s++;
}

/* Parses a number at i: groups of three digits after a space or a full
 * stop (2 300, 2.300), a decimal comma (2,5), or a decimal point before
 * other than three digits (1.5). A digit run too long for the buffers is
 * taken whole and read digit by digit. */
static int parse_num(const at_scan *c, size_t i, int sign, at_ru_num *n)
{
    size_t j, m, k;
    memset(n, 0, sizeof *n);
    if (sign && (m = minus_at(c, i)) != 0) {
        n->neg = 1;
        i = m;
    }
    if (!at__sc_digit(c, i))
        return 0;
    j = at__sc_digits(c, i);
    if (j - i >= sizeof n->ip - 1) {
        /* a run longer than any number: kept as digits (whole, so the
         * rule is not tried again inside it) */
        n->lp = c->s + i;
        n->ln = j - i;
        n->end = j;
        return 1;
    }
    put_digits(n->ip, sizeof n->ip, &n->in, c->s + i, j - i);
    if (j - i <= 3 && c->s[i] != '0') {
        size_t g = j, sp;
        if ((sp = group_space(c, g)) != 0 && at__sc_digits(c, sp) == sp + 3 && !letter_at(c, sp + 3)) {
            while ((sp = group_space(c, g)) != 0 && at__sc_digits(c, sp) == sp + 3 && n->in + 3 < sizeof n->ip) {
                put_digits(n->ip, sizeof n->ip, &n->in, c->s + sp, 3);
                g = sp + 3;
            }
        } else if (g < c->len && c->s[g] == '.' && at__sc_digits(c, g + 1) == g + 4) {
            while (g < c->len && c->s[g] == '.' && at__sc_digits(c, g + 1) == g + 4 && n->in + 3 < sizeof n->ip) {
                put_digits(n->ip, sizeof n->ip, &n->in, c->s + g + 1, 3);
                g += 4;
            }
        }
        j = g;
    }
    if (j + 1 < c->len && (c->s[j] == ',' || c->s[j] == '.') && at__sc_digit(c, j + 1) &&
        (j == (size_t)(i + n->in) || c->s[j] == ',')) {
        k = at__sc_digits(c, j + 1);
        if (c->s[j] == ',' || k - (j + 1) != 3) {
            if (k - (j + 1) < sizeof n->fp)
                put_digits(n->fp, sizeof n->fp, &n->fn, c->s + j + 1, k - (j + 1));
            else {
                n->fn = 10; /* too long: read as digits */
                memcpy(n->fp, c->s + j + 1, sizeof n->fp - 1);
            }
            j = k;
        }
    }
    n->end = j;
    return 1;
}

/* Ends a match at e: a number glued to a word on either side is spaced
 * from it (тест2, 30код), since eSpeak NG would run them together. */
static int finish(at_scan *c, size_t e, uint16_t cls)
{
    at_buf say = c->say;
    if (c->pos > 0 && letter_at(c, back_cp(c, c->pos)) && say.n && say.p[0] != ' ') {
        at_buf t = {0};
        at__buf_putc(&t, ' ');
        at__buf_put(&t, say.p, say.n);
        c->say.n = 0;
        at__buf_put(&c->say, t.p, t.n);
        at__buf_free(&t);
    }
    if (letter_at(c, e))
        at__buf_putc(&c->say, ' ');
    c->end = e;
    c->cls = cls;
    return 1;
}

/* An abbreviation's full stop that also ends the sentence (5 руб. at the
 * end, or before a capitalized word, not before США) is left for the sentence: e less one. */
static size_t keep_stop(const at_scan *c, size_t e)
{
    size_t n, j;
    if (e == 0 || c->s[e - 1] != '.')
        return e;
    j = at__sc_space(c, e);
    if (j >= c->len || c->s[j] == '\n' || c->s[j] == '\r' ||
        (letter_at(c, j) && at__cp_is_upper(cp_at(c, j, &n)) && letter_at(c, n) && !at__cp_is_upper(cp_at(c, n, &n))))
        return e - 1;
    return e;
}

/* ---- nouns from the lexicon ---- */

typedef struct ru_noun {
    const char *form[4]; /* nominative, genitive, genitive plural, accusative */
    size_t n[4];
    int gender;
    int time; /* a unit of time: "в час", others "на килограмм" */
} ru_noun;

/* Reads "nom|gen|genpl|g[t][|acc]"; a field without bars (a user's
 * English-style entry) is every form, masculine. */
static void noun_of(const char *f, ru_noun *o)
{
    const char *p = f;
    int k;
    memset(o, 0, sizeof *o);
    for (k = 0; k < 5; k++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (k < 3) {
            o->form[k] = p;
            o->n[k] = len;
        } else if (k == 3) {
            o->gender = len && p[0] == 'f' ? RU_F : len && p[0] == 'n' ? RU_N : RU_M;
            o->time = len > 1 && p[1] == 't';
        } else {
            o->form[3] = p;
            o->n[3] = len;
        }
        if (!bar)
            break;
        p = bar + 1;
    }
    for (k = 1; k < 4; k++)
        if (!o->form[k]) {
            o->form[k] = k == 3 ? o->form[0] : o->form[k - 1];
            o->n[k] = k == 3 ? o->n[0] : o->n[k - 1];
        }
}

/* The entry of kind `kind` for the word at i: its letters with a full
 * stop, or without, or a symbol of one code point (or letters and ² ³). */
static const at_lex_entry *lex_at(const at_scan *c, at_lex_kind kind, size_t i, size_t *end)
{
    size_t e = letters_end(c, i), n;
    const at_lex_entry *en;
    if (e == i) {
        /* a symbol: one code point, or two (°C) */
        int32_t cp = cp_at(c, i, &n);
        size_t n2;
        if (cp <= 0 || at__sc_digit(c, i) || at__cp_is_space(cp))
            return NULL;
        if (letter_at(c, n) && (cp_at(c, n, &n2), !letter_at(c, n2)) &&
            (en = at__lexicon_find(c->lex, kind, c->s + i, n2 - i, 0)) != NULL) {
            *end = n2;
            return en;
        }
        if ((en = at__lexicon_find(c->lex, kind, c->s + i, n - i, 0)) != NULL && !letter_at(c, n)) {
            *end = n;
            return en;
        }
        return NULL;
    }
    if (e < c->len && c->s[e] == '.' && (en = at__lexicon_find(c->lex, kind, c->s + i, e + 1 - i, 0)) != NULL) {
        *end = e + 1;
        return en;
    }
    /* м², км³ */
    if (e + 1 < c->len && (unsigned char)c->s[e] == 0xC2 &&
        ((unsigned char)c->s[e + 1] == 0xB2 || (unsigned char)c->s[e + 1] == 0xB3) &&
        (en = at__lexicon_find(c->lex, kind, c->s + i, e + 2 - i, 0)) != NULL) {
        *end = e + 2;
        return en;
    }
    if (at__sc_digit(c, e))
        return NULL;
    if ((en = at__lexicon_find(c->lex, kind, c->s + i, e - i, 0)) != NULL) {
        *end = e;
        return en;
    }
    return NULL;
}

static void say_form(at_buf *b, const ru_noun *w, int form)
{
    at__say_n(b, w->form[form], w->n[form]);
}

/* Does a preposition that governs the genitive end just before i (более
 * ста человек, от пяти рублей, до двух часов)? "с" is left out: it takes
 * the instrumental as often. */
static int genitive_before(const at_scan *c, size_t i)
{
    static const char *const preps[] = {"более", "менее", "свыше", "около", "до",    "от",    "из",
                                        "без",   "для",   "после", "против", "порядка", "кроме", "среди",
                                        "вместо", "возле", "мимо",  "вокруг", "у",     NULL};
    size_t ws, we, k;
    if (!prev_word(c, i, &ws, &we))
        return 0;
    for (k = 0; preps[k]; k++)
        if (word_is(c, ws, we, preps[k]))
            return 1;
    return 0;
}

/* A whole number said in the genitive, when one governs it. */
static int genitive_count(const at_scan *c, size_t i, const at_ru_num *n)
{
    return !n->fn && !n->neg && !at__ru_num_big(n) && genitive_before(c, i);
}

/* A number and the noun it counts, agreeing; in the genitive the noun is
 * genitive too (более двадцати одного рубля, от пяти рублей). */
static void say_count(at_buf *b, const at_ru_num *n, const ru_noun *w, int gen)
{
    if (gen) {
        unsigned long long v = at__ru_num_value(n);
        at__ru_cardinal_gen(b, v, w->gender);
        say_form(b, w, at__ru_count_form(v) == 0 ? 1 : 2);
        return;
    }
    at__ru_say_num(b, n, w->gender);
    say_form(b, w, at__ru_num_form(n));
}

/* ---- months ---- */

static const char *const month_gen[12] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                          "июля", "августа", "сентября", "октября", "ноября", "декабря"};
/* written short: "3 янв.", "03-фев-2002" */
static const char *const month_short[12] = {"янв", "фев", "мар", "апр", "мая", "июн",
                                            "июл", "авг", "сен", "окт", "ноя", "дек"};

/* The month named at [ws, we): 1..12, else 0. */
static int month_at(const at_scan *c, size_t ws, size_t we)
{
    int m;
    for (m = 0; m < 12; m++)
        if (word_is(c, ws, we, month_gen[m]) || word_is(c, ws, we, month_short[m]))
            return m + 1;
    if (word_is(c, ws, we, "сент") || word_is(c, ws, we, "нояб") || word_is(c, ws, we, "май"))
        return word_is(c, ws, we, "сент") ? 9 : word_is(c, ws, we, "нояб") ? 11 : 5;
    return 0;
}

/* ---- rules ---- */

/* The form a day takes from the word before it: genitive by default (the
 * date something happened: "шестого марта"), nominative after "на" (на
 * шестое марта), dative after "к" (к шестому марта). */
static int day_form(const at_scan *c, size_t i)
{
    size_t ws, we;
    if (!prev_word(c, i, &ws, &we))
        return RU_O_MGEN;
    if (word_is(c, ws, we, "на") || word_is(c, ws, we, "по"))
        return RU_O_NNOM;
    if (word_is(c, ws, we, "к"))
        return RU_O_MDAT;
    return RU_O_MGEN;
}

/* A year after a date or before "г." */
static void say_year(at_scan *c, unsigned long long y, size_t ylen, int form)
{
    if (ylen == 2 && y < 10)
        at__say(&c->say, "ноль");
    at__ru_ordinal(&c->say, y, form);
}

/* "г." (год) or "гг." after i: its end and the form of год to say. */
static size_t year_abbrev(const at_scan *c, size_t i)
{
    size_t e = at__sc_space(c, i);
    if (e + 2 < c->len && memcmp(c->s + e, "г.", 3) == 0)
        return e + 3;
    if (e + 1 < c->len && memcmp(c->s + e, "г", 2) == 0 && !letter_at(c, e + 2))
        return e + 2;
    return 0;
}

/* 06.03.2006, 2/3/1906, 01-01-86, 03-фев-2002, 5 марта [2020 [г.|года]] */
static int rule_date(at_scan *c)
{
    size_t i = c->pos, d1 = at__sc_digits(c, i), j, ws, we, y0, y1, ge;
    unsigned day, mon = 0;
    unsigned long long year = 0;
    int form, have_year = 0;
    char sep;
    if (d1 - i < 1 || d1 - i > 2 || alnum_before(c, i))
        return 0;
    day = (unsigned)digits_value(c, i, d1);
    if (day < 1 || day > 31)
        return 0;
    form = day_form(c, i);
    sep = d1 < c->len ? c->s[d1] : 0;
    if (sep == '.' || sep == '/' || sep == '-') {
        j = at__sc_digits(c, d1 + 1);
        if (j - (d1 + 1) >= 1 && j - (d1 + 1) <= 2) {
            mon = (unsigned)(c->s[d1 + 1] - '0');
            if (j - (d1 + 1) == 2)
                mon = mon * 10 + (unsigned)(c->s[d1 + 2] - '0');
        } else if (sep == '-' && (j = letters_end(c, d1 + 1)) > d1 + 1) {
            mon = (unsigned)month_at(c, d1 + 1, j);
        }
        if (mon < 1 || mon > 12 || j >= c->len || c->s[j] != sep)
            return 0;
        y0 = j + 1;
        y1 = at__sc_digits(c, y0);
        if ((y1 - y0 != 2 && y1 - y0 != 4) || (letter_at(c, y1) && !year_abbrev(c, y1)) ||
            (y1 < c->len && c->s[y1] == sep))
            return 0;
        year = digits_value(c, y0, y1);
        have_year = 1;
        j = y1;
    } else {
        if (!next_word(c, d1, &ws, &we) || ws == d1 || (mon = (unsigned)month_at(c, ws, we)) == 0)
            return 0;
        /* "мая" and the full genitives stand as written; a short name may
         * carry a full stop */
        j = we;
        if (j < c->len && c->s[j] == '.' && we - ws <= 4)
            j++;
        y0 = at__sc_space(c, j);
        y1 = at__sc_digits(c, y0);
        if (y0 > j && y1 - y0 == 4 && !letter_at(c, y1) && !(y1 < c->len && (c->s[y1] == ':' || c->s[y1] == ','))) {
            year = digits_value(c, y0, y1);
            have_year = 1;
            j = y1;
        }
    }
    at__ru_ordinal(&c->say, day, form == RU_O_MGEN ? RU_O_MGEN : form == RU_O_MDAT ? RU_O_MDAT : RU_O_NNOM);
    at__say(&c->say, month_gen[mon - 1]);
    if (have_year) {
        say_year(c, year, y1 - y0, RU_O_MGEN);
        if ((ge = year_abbrev(c, j)) != 0) {
            at__say(&c->say, "года");
            j = ge;
        }
    }
    return finish(c, j, AT_TOK_DATE);
}

/* 13:05, 02:00 */
static int rule_time(at_scan *c)
{
    size_t i = c->pos, h1 = at__sc_digits(c, i), m1;
    unsigned h, m;
    if (h1 - i < 1 || h1 - i > 2 || alnum_before(c, i) || h1 >= c->len || c->s[h1] != ':')
        return 0;
    m1 = at__sc_digits(c, h1 + 1);
    if (m1 - h1 != 3 || at__sc_digit(c, m1) || (m1 < c->len && c->s[m1] == ':' && at__sc_digit(c, m1 + 1)))
        return 0;
    h = (unsigned)(c->s[i] - '0');
    if (h1 - i == 2)
        h = h * 10 + (unsigned)(c->s[i + 1] - '0');
    m = (unsigned)((c->s[h1 + 1] - '0') * 10 + (c->s[h1 + 2] - '0'));
    if (h > 24 || m > 59)
        return 0;
    at__ru_cardinal(&c->say, h, RU_M);
    at__say(&c->say, (const char *[]){"час", "часа", "часов"}[at__ru_count_form(h)]);
    if (m) {
        at__ru_cardinal(&c->say, m, RU_F);
        at__say(&c->say, (const char *[]){"минута", "минуты", "минут"}[at__ru_count_form(m)]);
    }
    return finish(c, m1, AT_TOK_TIME);
}

/* 8-913-983-56-01, +7 (913) 983-56-01, 8 (913) 983 56 01: each group
 * said as a number, its leading zeros as "ноль". */
static int rule_telephone(at_scan *c)
{
    size_t i = c->pos, j, g[6][2];
    int ng = 0, plus = 0, k;
    if (alnum_before(c, i))
        return 0;
    j = i;
    if (c->s[j] == '+') {
        plus = 1;
        j++;
    }
    if (!at__sc_digit(c, j))
        return 0;
    while (ng < 6) {
        size_t e;
        int paren = j < c->len && c->s[j] == '(';
        e = at__sc_digits(c, j + paren);
        if (e == j + paren || e - (j + paren) > 4)
            return 0;
        if (paren && (e >= c->len || c->s[e] != ')'))
            return 0;
        g[ng][0] = j + paren;
        g[ng][1] = e;
        ng++;
        j = e + paren;
        if (j < c->len && (c->s[j] == '-' || c->s[j] == ' ') && j + 1 < c->len &&
            (at__sc_digit(c, j + 1) || c->s[j + 1] == '('))
            j++;
        else if (paren && j < c->len && at__sc_digit(c, j))
            ;
        else
            break;
    }
    if (letter_at(c, j) || at__sc_digit(c, j))
        return 0;
    /* the Russian shapes: [8|+7] [DDD] DDD-DD-DD, or DDD-DD-DD alone */
    if (ng < 3 || g[ng - 1][1] - g[ng - 1][0] != 2 || g[ng - 2][1] - g[ng - 2][0] != 2 ||
        g[ng - 3][1] - g[ng - 3][0] != 3)
        return 0;
    if (ng == 3 && plus)
        return 0;
    if (ng > 3 && !(g[0][1] - g[0][0] == 1 && (c->s[g[0][0]] == '8' || c->s[g[0][0]] == '7')) &&
        !(ng == 4 && g[0][1] - g[0][0] == 3 && !plus))
        return 0;
    if (plus)
        at__say(&c->say, "плюс");
    for (k = 0; k < ng; k++) {
        size_t a = g[k][0], e = g[k][1];
        while (a + 1 < e && c->s[a] == '0') {
            at__say(&c->say, "ноль");
            a++;
        }
        if (c->s[a] == '0')
            at__say(&c->say, "ноль");
        else {
            at__ru_cardinal(&c->say, digits_value(c, a, e), RU_M);
        }
    }
    return finish(c, j, AT_TOK_TELEPHONE);
}

/* A magnitude after an amount (тыс., млн, млрд): its noun. */
static int magnitude_at(const at_scan *c, size_t i, size_t *end, ru_noun *w)
{
    size_t e = at__sc_space(c, i);
    const at_lex_entry *en = lex_at(c, AT_LEX_MAGNITUDE, e, end);
    if (!en)
        return 0;
    noun_of(en->f[0], w);
    return 1;
}

/* The amount: number, magnitude, then the noun: "2,5 тыс. рублей". */
static void say_amount(at_scan *c, const at_ru_num *n, const ru_noun *mag, int have_mag, const ru_noun *w,
                       int gen)
{
    if (have_mag) {
        say_count(&c->say, n, mag, gen);
        say_form(&c->say, w, 2);
    } else
        say_count(&c->say, n, w, gen);
}

/* $5, 5 $, 1 USD, 31 руб., 18000 долл., 2,5 тыс руб., ₸500, 500 ₸, 10 KZT */
static int rule_money(at_scan *c)
{
    size_t i = c->pos, j, e, me;
    const at_lex_entry *cur;
    at_ru_num n;
    ru_noun w, mag;
    int have_mag;
    if (!at__sc_digit(c, i) && c->s[i] != '-') {
        /* a symbol first: $5, ₸ 500 */
        if ((cur = lex_at(c, AT_LEX_CURRENCY, i, &e)) == NULL || letter_at(c, i) || alnum_before(c, i))
            return 0;
        j = at__sc_space(c, e);
        if (!parse_num(c, j, 0, &n))
            return 0;
        have_mag = magnitude_at(c, n.end, &me, &mag);
        e = have_mag ? me : n.end;
        if (letter_at(c, e))
            return 0;
        noun_of(cur->f[0], &w);
        say_amount(c, &n, &mag, have_mag, &w, genitive_count(c, i, &n));
        return finish(c, keep_stop(c, e), AT_TOK_MONEY);
    }
    if (alnum_before(c, i) || !parse_num(c, i, 1, &n))
        return 0;
    have_mag = magnitude_at(c, n.end, &me, &mag);
    j = at__sc_space(c, have_mag ? me : n.end);
    if ((cur = lex_at(c, AT_LEX_CURRENCY, j, &e)) == NULL)
        return 0;
    noun_of(cur->f[0], &w);
    say_amount(c, &n, &mag, have_mag, &w, genitive_count(c, i, &n));
    return finish(c, keep_stop(c, e), AT_TOK_MONEY);
}

/* 12 кг, 3,2 л, 3 км/ч, 5%, 20 °C, 3,2 млн л */
static int rule_measure(at_scan *c)
{
    size_t i = c->pos, j, e, e2, me;
    const at_lex_entry *u, *u2;
    at_ru_num n;
    ru_noun w, w2, mag;
    int have_mag;
    if (alnum_before(c, i) || !parse_num(c, i, 1, &n))
        return 0;
    have_mag = magnitude_at(c, n.end, &me, &mag);
    j = at__sc_space(c, have_mag ? me : n.end);
    if ((u = lex_at(c, AT_LEX_UNIT, j, &e)) == NULL) {
        if (!have_mag)
            return 0;
        /* a magnitude alone: 1,23 млрд */
        say_count(&c->say, &n, &mag, genitive_count(c, i, &n));
        return finish(c, keep_stop(c, me), AT_TOK_CARDINAL);
    }
    noun_of(u->f[0], &w);
    say_amount(c, &n, &mag, have_mag, &w, genitive_count(c, i, &n));
    /* a rate: км/ч "в час", кг/м² "на квадратный метр" */
    if (e + 1 < c->len && c->s[e] == '/' && (u2 = lex_at(c, AT_LEX_UNIT, e + 1, &e2)) != NULL) {
        noun_of(u2->f[0], &w2);
        at__say(&c->say, w2.time ? "в" : "на");
        say_form(&c->say, &w2, 3);
        e = e2;
    }
    return finish(c, keep_stop(c, e), AT_TOK_MEASURE);
}

/* The ordinal form an ending written after a hyphen shows: 5-й, 5-го,
 * 1990-е, 3-м. The ending "-е" is plural (1990-е, 2-е места) unless the
 * next word is a neuter singular (3-е место). -1 when it is no ending. */
static int ending_form(const at_scan *c, size_t s, size_t e, unsigned last, size_t *after)
{
    static const struct {
        const char *w;
        int f;
    } ends[] = {{"й", RU_O_MNOM},   {"ый", RU_O_MNOM},  {"ий", RU_O_MNOM}, {"го", RU_O_MGEN},  {"ого", RU_O_MGEN},
                {"его", RU_O_MGEN}, {"му", RU_O_MDAT},  {"ому", RU_O_MDAT}, {"ему", RU_O_MDAT}, {"м", RU_O_MPRP},
                {"ом", RU_O_MPRP},  {"ем", RU_O_MPRP},  {"ым", RU_O_MINS}, {"им", RU_O_MINS},  {"я", RU_O_FNOM},
                {"ая", RU_O_FNOM},  {"ья", RU_O_FNOM},  {"ю", RU_O_FACC},  {"ую", RU_O_FACC},  {"ей", RU_O_FOBL},
                {"ое", RU_O_NNOM},  {"ье", RU_O_NNOM},  {"ые", RU_O_PNOM}, {"ьи", RU_O_PNOM},  {"х", RU_O_PGEN},
                {"ых", RU_O_PGEN},  {"их", RU_O_PGEN},  {"ми", RU_O_PINS}, {"ыми", RU_O_PINS}};
    size_t k, ws, we;
    if (word_is(c, s, e, "ой")) /* второй, but пятой */
        return last == 2 || last == 6 || last == 7 || last == 8 || last == 40 ? RU_O_MNOM : RU_O_FOBL;
    if (word_is(c, s, e, "е")) {
        int32_t l;
        if (next_word(c, e, &ws, &we) && ws > e && (l = last_letter(c, ws, we)) != 0 &&
            (l == 0x043E || l == 0x0435 || l == 0x0451) && !month_at(c, ws, we))
            return RU_O_NNOM;
        return RU_O_PNOM;
    }
    for (k = 0; k < sizeof ends / sizeof *ends; k++)
        if (word_is(c, s, e, ends[k].w)) {
            *after = e;
            return ends[k].f;
        }
    return -1;
}

/* An ordinal with its ending (5-й, 1990-е, 20-х), a year before a form of
 * "год" (в 2006 году, 1990 г.), a count in the genitive (4-х: четырёх)
 * and a compound adjective (5-летний: пятилетний). */
static int rule_ordinal(at_scan *c)
{
    size_t i = c->pos, s, e, ws, we, after;
    at_ru_num n;
    unsigned long long v;
    int f;
    if (alnum_before(c, i) || !parse_num(c, i, 0, &n) || n.fn || at__ru_num_big(&n))
        return 0;
    v = at__ru_num_value(&n);
    if (n.end < c->len && c->s[n.end] == '-' && (e = letters_end(c, n.end + 1)) > n.end + 1 &&
        !at__sc_digit(c, e)) {
        s = n.end + 1;
        after = e;
        if (e - s <= 6 && (f = ending_form(c, s, e, (unsigned)(v % 100 == 40 ? 40 : v % 10), &after)) >= 0) {
            /* 4-х: the count's genitive (четырёх), unless it is a decade
             * (1960-х, 20-х) */
            if (f == RU_O_PGEN && word_is(c, s, e, "х") && v % 10 != 0)
                at__ru_cardinal_gen(&c->say, v, RU_M);
            else
                at__ru_ordinal(&c->say, v, f);
            return finish(c, e, AT_TOK_ORDINAL);
        }
        /* 5-летний, 3-комнатная: one word */
        if (e - s >= 4 && v > 0 && v < 1000 && !letter_at(c, back_cp(c, s)) &&
            (unsigned)((unsigned char)c->s[s] - 0xD0) <= 1u) {
            at__say_space(&c->say);
            at__ru_compound_prefix(&c->say, (unsigned)v);
            at__buf_put(&c->say, c->s + s, e - s);
            return finish(c, e, AT_TOK_WORD);
        }
        return 0;
    }
    /* a year: в 2006 году, 1990 г.; a span of years: в 2019-2020 годах,
     * each year in the singular of the plural's case */
    if (n.in < 3 || n.in > 4 || v < 100 || v > 2200)
        return 0;
    if ((e = at__sc_dash(c, n.end)) != 0 && at__sc_digits(c, e) == e + 4 && !letter_at(c, e + 4)) {
        size_t y2 = e, ge;
        int in_ = prev_word(c, i, &ws, &we) && (word_is(c, ws, we, "в") || word_is(c, ws, we, "во"));
        size_t sp = at__sc_space(c, y2 + 4);
        if ((ge = year_abbrev(c, y2 + 4)) == 0 && sp + 5 <= c->len && memcmp(c->s + sp, "гг.", 5) == 0)
            ge = sp + 5;
        if (ge) {
            f = in_ ? RU_O_MPRP : RU_O_MGEN;
        } else {
            if (!next_word(c, y2 + 4, &ws, &we) || ws == y2 + 4)
                return 0;
            if (word_is(c, ws, we, "годах"))
                f = RU_O_MPRP;
            else if (word_is(c, ws, we, "годы"))
                f = RU_O_MNOM;
            else if (word_is(c, ws, we, "годов"))
                f = RU_O_MGEN;
            else if (word_is(c, ws, we, "годам"))
                f = RU_O_MDAT;
            else
                return 0;
        }
        at__ru_ordinal(&c->say, v, f);
        at__buf_putc(&c->say, ',');
        at__ru_ordinal(&c->say, digits_value(c, y2, y2 + 4), f);
        if (ge)
            at__say(&c->say, in_ ? "годах" : "годов");
        return finish(c, ge ? keep_stop(c, ge) : y2 + 4, AT_TOK_DATE_RANGE);
    }
    if ((e = year_abbrev(c, n.end)) != 0) {
        int in_ = prev_word(c, i, &ws, &we) && (word_is(c, ws, we, "в") || word_is(c, ws, we, "во"));
        at__ru_ordinal(&c->say, v, in_ ? RU_O_MPRP : RU_O_MGEN);
        at__say(&c->say, in_ ? "году" : "года");
        return finish(c, keep_stop(c, e), AT_TOK_DATE);
    }
    if (!next_word(c, n.end, &ws, &we) || ws == n.end)
        return 0;
    if (word_is(c, ws, we, "год"))
        f = RU_O_MNOM;
    else if (word_is(c, ws, we, "года"))
        f = RU_O_MGEN;
    else if (word_is(c, ws, we, "году")) {
        size_t ps, pe;
        f = prev_word(c, i, &ps, &pe) && (word_is(c, ps, pe, "к") || word_is(c, ps, pe, "по")) ? RU_O_MDAT
                                                                                                : RU_O_MPRP;
    } else if (word_is(c, ws, we, "годом"))
        f = RU_O_MINS;
    else if (word_is(c, ws, we, "годы"))
        f = RU_O_PNOM;
    else if (word_is(c, ws, we, "годов") || word_is(c, ws, we, "годах"))
        f = RU_O_PGEN;
    else
        return 0;
    at__ru_ordinal(&c->say, v, f);
    return finish(c, n.end, AT_TOK_ORDINAL);
}

/* The gender a bare count takes from the noun after it, by the noun's
 * ending in the form the count asks for: одна неделя, одно место, две
 * недели, два часа. */
static int gender_from_next(const at_scan *c, size_t e, const at_ru_num *n)
{
    size_t ws, we, ue;
    int32_t l;
    int form = at__ru_num_form(n);
    const at_lex_entry *en;
    /* a noun has three letters at least (not и, в, на) */
    if (!next_word(c, e, &ws, &we) || ws == e || we - ws < 6)
        return RU_M;
    /* a noun the lexicon knows (тенге, евро) */
    if ((en = lex_at(c, AT_LEX_CURRENCY, ws, &ue)) != NULL || (en = lex_at(c, AT_LEX_UNIT, ws, &ue)) != NULL) {
        ru_noun w;
        noun_of(en->f[0], &w);
        return w.gender;
    }
    l = last_letter(c, ws, we);
    if (n->fn || n->neg)
        return RU_F;
    if (form == 0)
        return l == 0x0430 || l == 0x044F   ? RU_F
               : l == 0x0443 || l == 0x044E ? RU_FA /* одну неделю */
               : l == 0x043E || l == 0x0435 || l == 0x0451 ? RU_N
                                                          : RU_M;
    if (form == 1)
        return l == 0x044B || l == 0x0438 ? RU_F : RU_M;
    return RU_M;
}

/* A cardinal or a decimal: -50, 2 300, 0,729, 03 */
static int rule_number(at_scan *c)
{
    size_t i = c->pos;
    at_ru_num n;
    if (!parse_num(c, i, 1, &n))
        return 0;
    if (genitive_count(c, i, &n)) {
        /* the noun is genitive too: a feminine one ends in -ы or -и (до
         * одной недели), others in -а or -я (до одного рубля) */
        size_t ws, we;
        int32_t l = next_word(c, n.end, &ws, &we) && ws > n.end && we - ws >= 6 ? last_letter(c, ws, we) : 0;
        at__ru_cardinal_gen(&c->say, at__ru_num_value(&n), l == 0x044B || l == 0x0438 ? RU_F : RU_M);
    }
    else
        at__ru_say_num(&c->say, &n, gender_from_next(c, n.end, &n));
    return finish(c, n.end, n.fn ? AT_TOK_DECIMAL : AT_TOK_CARDINAL);
}

/* A fraction: 1/2 "одна вторая", 3/4 "три четвёртых", 2/3 "две третьих". */
static int rule_fraction(at_scan *c)
{
    size_t i = c->pos, a = at__sc_digits(c, i), b;
    unsigned long long num, den;
    if (a == i || a - i > 3 || alnum_before(c, i) || (i > 0 && c->s[i - 1] == '/') || a >= c->len ||
        c->s[a] != '/')
        return 0;
    b = at__sc_digits(c, a + 1);
    if (b == a + 1 || b - (a + 1) > 3 || letter_at(c, b) || (b < c->len && (c->s[b] == '/' || c->s[b] == '-')))
        return 0;
    num = digits_value(c, i, a);
    den = digits_value(c, a + 1, b);
    if (den < 2 || c->s[a + 1] == '0' || c->s[i] == '0')
        return 0;
    at__ru_cardinal(&c->say, num, RU_F);
    at__ru_ordinal(&c->say, den, at__ru_count_form(num) == 0 ? RU_O_FNOM : RU_O_PGEN);
    return finish(c, b, AT_TOK_FRACTION);
}

/* A unit's symbol standing alone (%, °, м²): its name. */
static int rule_symbol(at_scan *c)
{
    size_t i = c->pos, e;
    const at_lex_entry *u;
    ru_noun w;
    if (alnum_before(c, i) || (u = lex_at(c, AT_LEX_UNIT, i, &e)) == NULL)
        return 0;
    /* a unit word (л, м, км.) alone is a letter or a word; м² is not */
    if (letter_at(c, i) && !(e >= 2 && (unsigned char)c->s[e - 2] == 0xC2))
        return 0;
    noun_of(u->f[0], &w);
    say_form(&c->say, &w, 0);
    return finish(c, e, AT_TOK_SYMBOL);
}

/* ---- addresses ---- */

/* an ASCII letter's name as Russians spell addresses */
static const char *const latin[26] = {"эй", "би", "си", "ди", "и", "эф", "джи", "эйч", "ай", "джей", "кей", "эл", "эм",
                                      "эн", "оу", "пи", "кью", "ар", "эс", "ти", "ю", "ви", "дабл ю", "экс", "уай", "зед"};

/* An e-mail address or a web address: its name spelled, a known part
 * (gmail, com) as the lexicon's `domain` entry says it. */
static int rule_electronic(at_scan *c)
{
    size_t i = c->pos, end = at__sc_chunk(c, i), k, at = 0;
    int web;
    if (alnum_before(c, i) || end - i > RU_SPAN || end == i)
        return 0;
    web = at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "www.", 1);
    for (k = i; k < end; k++)
        if (c->s[k] == '@')
            at = k;
    if (!web && (!at || at == i || at + 1 >= end))
        return 0;
    k = i;
    if (at__sc_lit(c, i, "https://", 1))
        k = i + 8;
    else if (at__sc_lit(c, i, "http://", 1))
        k = i + 7;
    while (k < end) {
        size_t e;
        const at_lex_entry *d;
        if (at__sc_alpha(c, k)) {
            e = at__sc_letters(c, k);
            if ((d = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + k, e - k, 1)) != NULL)
                at__say(&c->say, d->f[0]);
            else
                for (; k < e; k++)
                    at__say(&c->say, latin[(c->s[k] | 0x20) - 'a']);
            k = e;
        } else if (at__sc_digit(c, k)) {
            at__ru_digits(&c->say, c->s + k, 1);
            k++;
        } else if (letter_at(c, k)) {
            e = letters_end(c, k);
            at__say_n(&c->say, c->s + k, e - k);
            k = e;
        } else {
            static const char marks[] = ".@-_&/:~+=?#%";
            static const char *const names[] = {"точка", "собака",  "тире",    "нижнее подчёркивание",
                                                "амперсанд", "слеш", "двоеточие", "тильда",
                                                "плюс",  "равно",   "вопросительный знак", "решётка", "процент"};
            const char *p = strchr(marks, c->s[k]);
            size_t n;
            if (p && *p)
                at__say(&c->say, names[p - marks]);
            cp_at(c, k, &n);
            k = n;
        }
    }
    return finish(c, end, web ? AT_TOK_URL : AT_TOK_EMAIL);
}

/* A century or a congress in Roman numerals before its noun: XXI век,
 * в XX веке, XIX в. */
static int rule_roman(at_scan *c)
{
    size_t i = c->pos, j = i, ws, we, e;
    unsigned v = 0, prev = 1000;
    int f;
    if (alnum_before(c, i))
        return 0;
    while (j < c->len && j - i < 8 && strchr("IVXLC", c->s[j]) && c->s[j]) {
        static const char letters[] = "IVXLC";
        static const unsigned values[] = {1, 5, 10, 50, 100};
        unsigned d = values[strchr(letters, c->s[j]) - letters];
        /* subtractive: IV, IX, XL, XC */
        v += d;
        if (d > prev)
            v -= 2 * prev;
        prev = d;
        j++;
    }
    if (j == i || letter_at(c, j) || at__sc_digit(c, j) || v == 0 || v > 200)
        return 0;
    if (!next_word(c, j, &ws, &we) || ws == j)
        return 0;
    e = j;
    if (word_is(c, ws, we, "век") || word_is(c, ws, we, "съезд"))
        f = RU_O_MNOM;
    else if (word_is(c, ws, we, "века") || word_is(c, ws, we, "съезда"))
        f = RU_O_MGEN;
    else if (word_is(c, ws, we, "веке") || word_is(c, ws, we, "съезде"))
        f = RU_O_MPRP;
    else if (word_is(c, ws, we, "веку") || word_is(c, ws, we, "съезду"))
        f = RU_O_MDAT;
    else if (word_is(c, ws, we, "веком") || word_is(c, ws, we, "съездом"))
        f = RU_O_MINS;
    else if (word_is(c, ws, we, "в") && we < c->len && c->s[we] == '.') {
        size_t ps, pe;
        int in_ = prev_word(c, i, &ps, &pe) && (word_is(c, ps, pe, "в") || word_is(c, ps, pe, "во"));
        at__ru_ordinal(&c->say, v, in_ ? RU_O_MPRP : RU_O_MGEN);
        at__say(&c->say, in_ ? "веке" : "века");
        return finish(c, keep_stop(c, we + 1), AT_TOK_ROMAN);
    } else
        return 0;
    at__ru_ordinal(&c->say, v, f);
    return finish(c, e, AT_TOK_ROMAN);
}

static const at_rule rules[] = {
    {rule_electronic, AT_RF_ALL},
    {at__rule_lexword, AT_RF_ALL},
    {rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_date, AT_RF_DIGIT},
    {rule_time, AT_RF_DIGIT},
    {rule_fraction, AT_RF_DIGIT},
    {rule_money, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_ordinal, AT_RF_DIGIT},
    {rule_measure, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_symbol, AT_RF_OTHER | AT_RF_LOWER},
    {rule_roman, AT_RF_UPPER},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_ru = {"ru", rules, sizeof rules / sizeof *rules};
