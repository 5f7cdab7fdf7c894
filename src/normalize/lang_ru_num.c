/* Russian number words (lang_ru.c's grammar): cardinals in the
 * nominative and genitive for a noun of each gender, ordinals in every
 * form an agreeing noun asks for, decimals, and the count form of the
 * noun after a number. These are the language's grammar, not vocabulary,
 * so they live here rather than in voices/ru/lexicon.tsv. Words that
 * eSpeak NG would misread without the letter ё are written with it
 * (четвёртый, трёх). */
#include <string.h>

#include "lang_ru.h"

static const char *const ones[10] = {"ноль", "один", "два", "три", "четыре",
                                     "пять", "шесть", "семь", "восемь", "девять"};
static const char *const teens[10] = {"десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
                                      "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"};
static const char *const tens[10] = {"", "", "двадцать", "тридцать", "сорок",
                                     "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"};
static const char *const hundreds[10] = {"", "сто", "двести", "триста", "четыреста",
                                         "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"};
/* genitive: "двух", "пяти", "сорока"; also the first part of compounds
 * (пятилетний, двухтысячный) */
static const char *const ones_g[10] = {"нуля", "одного", "двух", "трёх", "четырёх",
                                       "пяти", "шести", "семи", "восьми", "девяти"};
static const char *const teens_g[10] = {"десяти", "одиннадцати", "двенадцати", "тринадцати", "четырнадцати",
                                        "пятнадцати", "шестнадцати", "семнадцати", "восемнадцати", "девятнадцати"};
static const char *const tens_g[10] = {"", "", "двадцати", "тридцати", "сорока",
                                       "пятидесяти", "шестидесяти", "семидесяти", "восьмидесяти", "девяноста"};
static const char *const hundreds_g[10] = {"", "ста", "двухсот", "трёхсот", "четырёхсот",
                                           "пятисот", "шестисот", "семисот", "восьмисот", "девятисот"};

/* thousand, million, billion, trillion: the three count forms, then the
 * genitive singular and plural; a thousand is feminine */
static const char *const scale[4][3] = {{"тысяча", "тысячи", "тысяч"},
                                        {"миллион", "миллиона", "миллионов"},
                                        {"миллиард", "миллиарда", "миллиардов"},
                                        {"триллион", "триллиона", "триллионов"}};
static const char *const scale_g[4][2] = {{"тысячи", "тысяч"},
                                          {"миллиона", "миллионов"},
                                          {"миллиарда", "миллиардов"},
                                          {"триллиона", "триллионов"}};

/* Ordinal stems. A stem takes the hard endings (первый, первого, ...);
 * a stressed one says -ой in the masculine nominative (второй); третий
 * has its own soft endings. */
static const char *const ord_ones[20] = {"нулев", "перв", "втор", "трет", "четвёрт",
                                         "пят", "шест", "седьм", "восьм", "девят",
                                         "десят", "одиннадцат", "двенадцат", "тринадцат", "четырнадцат",
                                         "пятнадцат", "шестнадцат", "семнадцат", "восемнадцат", "девятнадцат"};
static const char *const ord_tens[10] = {"", "", "двадцат", "тридцат", "сороков",
                                         "пятидесят", "шестидесят", "семидесят", "восьмидесят", "девяност"};
static const char *const ord_hundreds[10] = {"", "сот", "двухсот", "трёхсот", "четырёхсот",
                                             "пятисот", "шестисот", "семисот", "восьмисот", "девятисот"};
static const char *const ord_scale[4] = {"тысячн", "миллионн", "миллиардн", "триллионн"};
/* the denominators of decimal fractions: tenths to billionths */
static const char *const ord_denom[10] = {"", "десят", "сот", "тысячн", "десятитысячн",
                                          "стотысячн", "миллионн", "десятимиллионн", "стомиллионн", "миллиардн"};

static const char *const end_hard[RU_O__N] = {"ый", "ого", "ому", "ым", "ом", "ая", "ой",
                                              "ую", "ое", "ые", "ых", "ым", "ыми"};
static const char *const end_third[RU_O__N] = {"ий", "ьего", "ьему", "ьим", "ьем", "ья", "ьей",
                                               "ью", "ье", "ьи", "ьих", "ьим", "ьими"};

int at__ru_count_form(unsigned long long v)
{
    unsigned r = (unsigned)(v % 100);
    if (r >= 11 && r <= 19)
        return 2;
    r %= 10;
    return r == 1 ? 0 : (r >= 2 && r <= 4) ? 1 : 2;
}

/* 0 < v < 1000, nominative */
static void under1000(at_buf *b, unsigned v, int g)
{
    if (v >= 100) {
        at__say(b, hundreds[v / 100]);
        v %= 100;
    }
    if (v >= 10 && v < 20) {
        at__say(b, teens[v - 10]);
        return;
    }
    if (v >= 20) {
        at__say(b, tens[v / 10]);
        v %= 10;
    }
    if (v == 1)
        at__say(b, g == RU_F ? "одна" : g == RU_FA ? "одну" : g == RU_N ? "одно" : "один");
    else if (v == 2)
        at__say(b, g == RU_F || g == RU_FA ? "две" : "два");
    else if (v)
        at__say(b, ones[v]);
}

/* 0 < v < 1000, genitive */
static void under1000_gen(at_buf *b, unsigned v, int g)
{
    if (v >= 100) {
        at__say(b, hundreds_g[v / 100]);
        v %= 100;
    }
    if (v >= 10 && v < 20) {
        at__say(b, teens_g[v - 10]);
        return;
    }
    if (v >= 20) {
        at__say(b, tens_g[v / 10]);
        v %= 10;
    }
    if (v == 1)
        at__say(b, g == RU_F || g == RU_FA ? "одной" : "одного");
    else if (v)
        at__say(b, ones_g[v]);
}

static void groups(unsigned long long v, unsigned grp[5])
{
    int k;
    for (k = 0; k < 5; k++) {
        grp[k] = (unsigned)(v % 1000);
        v /= 1000;
    }
}

/* The groups above group z (thousands and up) in the nominative: a lone
 * leading thousand is "тысяча", as news readers say it, not "одна тысяча". */
static void high_groups(at_buf *b, const unsigned grp[5], int z)
{
    int k;
    for (k = 4; k > z; k--) {
        if (!grp[k] || k == 0)
            continue;
        if (!(k == 1 && grp[k] == 1 && !grp[2] && !grp[3] && !grp[4]))
            under1000(b, grp[k], k == 1 ? RU_F : RU_M);
        at__say(b, scale[k - 1][at__ru_count_form(grp[k])]);
    }
}

void at__ru_cardinal(at_buf *b, unsigned long long v, int g)
{
    unsigned grp[5];
    if (v == 0) {
        at__say(b, "ноль");
        return;
    }
    groups(v, grp);
    high_groups(b, grp, 0);
    if (grp[0])
        under1000(b, grp[0], g);
}

void at__ru_cardinal_gen(at_buf *b, unsigned long long v, int g)
{
    unsigned grp[5];
    int k;
    if (v == 0) {
        at__say(b, "нуля");
        return;
    }
    groups(v, grp);
    for (k = 4; k >= 1; k--)
        if (grp[k]) {
            /* a lone leading thousand: "тысячи", not "одной тысячи" */
            if (!(k == 1 && grp[k] == 1 && !grp[2] && !grp[3] && !grp[4]))
                under1000_gen(b, grp[k], k == 1 ? RU_F : RU_M);
            at__say(b, scale_g[k - 1][at__ru_count_form(grp[k]) == 0 ? 0 : 1]);
        }
    if (grp[0])
        under1000_gen(b, grp[0], g);
}

void at__ru_compound_prefix(at_buf *b, unsigned v)
{
    /* 0 < v < 1000: the genitive run together, with "одно" for one and
     * "сто" for a hundred (однокомнатный, стотысячный) */
    if (v == 100) {
        at__buf_puts(b, "сто");
        return;
    }
    if (v >= 100) {
        at__buf_puts(b, hundreds_g[v / 100]);
        v %= 100;
    }
    if (v >= 10 && v < 20) {
        at__buf_puts(b, teens_g[v - 10]);
        return;
    }
    if (v >= 20) {
        at__buf_puts(b, tens_g[v / 10]);
        v %= 10;
    }
    if (v == 1)
        at__buf_puts(b, "одно");
    else if (v)
        at__buf_puts(b, ones_g[v]);
}

/* One ordinal word: prefix + stem + the ending of form f. */
static void ord_word(at_buf *b, const char *stem, int f, int stressed)
{
    at__buf_puts(b, stem);
    if (strcmp(stem, "трет") == 0)
        at__buf_puts(b, end_third[f]);
    else
        at__buf_puts(b, f == RU_O_MNOM && stressed ? "ой" : end_hard[f]);
}

static int stressed_one(unsigned v)
{
    return v == 0 || v == 2 || v == 6 || v == 7 || v == 8;
}

void at__ru_ordinal(at_buf *b, unsigned long long v, int f)
{
    unsigned grp[5], u, h, r;
    int z = 0;
    if (v == 0) {
        at__say_space(b);
        ord_word(b, ord_ones[0], f, 1);
        return;
    }
    groups(v, grp);
    while (z < 4 && grp[z] == 0)
        z++;
    high_groups(b, grp, z);
    u = grp[z];
    if (z > 0) {
        /* двухтысячный, миллионный */
        at__say_space(b);
        if (u != 1)
            at__ru_compound_prefix(b, u);
        ord_word(b, ord_scale[z - 1], f, 0);
        return;
    }
    h = u / 100;
    r = u % 100;
    if (r == 0) {
        at__say_space(b);
        ord_word(b, ord_hundreds[h], f, 0);
        return;
    }
    if (h)
        at__say(b, hundreds[h]);
    if (r >= 20 && r % 10) {
        at__say(b, tens[r / 10]);
        r %= 10;
    }
    at__say_space(b);
    if (r < 20)
        ord_word(b, ord_ones[r], f, stressed_one(r));
    else
        ord_word(b, ord_tens[r / 10], f, r == 40);
}

void at__ru_digits(at_buf *b, const char *d, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (d[k] >= '0' && d[k] <= '9')
            at__say(b, ones[d[k] - '0']);
}

/* The value of up to 15 digits. */
static unsigned long long value(const char *d, size_t n)
{
    unsigned long long v = 0;
    size_t k;
    for (k = 0; k < n; k++)
        v = v * 10 + (unsigned)(d[k] - '0');
    return v;
}

int at__ru_num_big(const at_ru_num *n)
{
    size_t i = 0;
    if (n->ln)
        return 1;
    while (i + 1 < n->in && n->ip[i] == '0')
        i++;
    return n->in - i > 15 || n->fn > 9;
}

unsigned long long at__ru_num_value(const at_ru_num *n)
{
    size_t i = 0;
    while (i + 1 < n->in && n->ip[i] == '0')
        i++;
    return n->in - i > 15 ? 0 : value(n->ip + i, n->in - i);
}

int at__ru_num_form(const at_ru_num *n)
{
    if (n->fn)
        return 1; /* a fraction takes the genitive singular: 2,5 литра */
    if (at__ru_num_big(n))
        return 2;
    return at__ru_count_form(at__ru_num_value(n));
}

void at__ru_say_num(at_buf *b, const at_ru_num *n, int g)
{
    unsigned long long v, fv;
    if (n->neg)
        at__say(b, "минус");
    if (at__ru_num_big(n)) {
        /* too long to be a quantity: its digits */
        if (n->ln)
            at__ru_digits(b, n->lp, n->ln);
        else
            at__ru_digits(b, n->ip, n->in);
        if (n->fn) {
            at__say(b, "запятая");
            at__ru_digits(b, n->fp, n->fn);
        }
        return;
    }
    v = at__ru_num_value(n);
    if (!n->fn) {
        at__ru_cardinal(b, v, g);
        return;
    }
    /* "две целых пять десятых": the whole part and the numerator are
     * feminine, agreeing with the implied целая and доля */
    at__ru_cardinal(b, v, RU_F);
    at__say(b, at__ru_count_form(v) == 0 ? "целая" : "целых");
    fv = value(n->fp, n->fn);
    at__ru_cardinal(b, fv, RU_F);
    at__say_space(b);
    ord_word(b, ord_denom[n->fn], at__ru_count_form(fv) == 0 ? RU_O_FNOM : RU_O_PGEN, 0);
}
