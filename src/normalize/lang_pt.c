/* The normalizer's rules for Portuguese ("pt", see lang.c), in Brazilian
 * news style: "1.000,5" is a thousand and a half, R$ 12,05 "doze reais e
 * cinco centavos", 14h30 "catorze horas e trinta".
 *
 * The number words are grammar and live here; the vocabulary (currencies,
 * units, abbreviations, well-known address labels) is voices/pt/lexicon.tsv.
 * Numbers agree in gender with what they count: "uma hora", "duas mil
 * pessoas", "a 21ª edição"; a unit's or currency's gender is its lexicon
 * entry's `fem` flag.
 *
 * Every rule looks at a bounded window after its start (a number's digits,
 * a few words), so a block of any size is read in linear time. */
#include <string.h>

#include "classify.h"

enum { PT_M = 0, PT_F = 1 };

/* No rule reads more than this many bytes for one match (a long run is
 * none of these patterns, and the plain rules take it). */
#define PT_WINDOW 256
/* Above this many integer digits a number is read digit by digit. */
#define PT_MAXDIG 18

static const char *const small_m[20] = {"zero",  "um",    "dois",     "três",      "quatro",   "cinco",    "seis",
                                        "sete",  "oito",  "nove",     "dez",       "onze",     "doze",     "treze",
                                        "catorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove"};
static const char *const tens_w[10] = {"",          "",         "vinte",   "trinta",   "quarenta",
                                       "cinquenta", "sessenta", "setenta", "oitenta", "noventa"};
/* 200..900 agree: duzentos reais, duzentas pessoas */
static const char *const hundreds_stem[10] = {"",        "",         "duzent",   "trezent",   "quatrocent",
                                              "quinhent", "seiscent", "setecent", "oitocent", "novecent"};
/* a power of a thousand: singular, plural */
static const char *const scale_w[7][2] = {{"", ""},
                                          {"mil", "mil"},
                                          {"milhão", "milhões"},
                                          {"bilhão", "bilhões"},
                                          {"trilhão", "trilhões"},
                                          {"quatrilhão", "quatrilhões"},
                                          {"quintilhão", "quintilhões"}};
/* ordinal stems, the ending (o, a) added by gender */
static const char *const ord_units[10] = {"",      "primeir", "segund", "terceir", "quart",
                                          "quint", "sext",    "sétim",  "oitav",   "non"};
static const char *const ord_tens[10] = {"",          "décim",     "vigésim",   "trigésim",  "quadragésim",
                                         "quinquagésim", "sexagésim", "septuagésim", "octogésim", "nonagésim"};
static const char *const ord_hundreds[10] = {"",             "centésim",     "ducentésim",    "trecentésim",
                                             "quadringentésim", "quingentésim", "sexcentésim",   "septingentésim",
                                             "octingentésim",   "nongentésim"};
static const char *const months[12] = {"janeiro", "fevereiro", "março",    "abril",   "maio",     "junho",
                                       "julho",   "agosto",    "setembro", "outubro", "novembro", "dezembro"};

/* ---- saying numbers ---- */

static void say_unit(at_buf *b, unsigned n, int g)
{
    if (n == 1 && g == PT_F)
        at__say(b, "uma");
    else if (n == 2 && g == PT_F)
        at__say(b, "duas");
    else
        at__say(b, small_m[n]);
}

/* 0 < v < 1000 */
static void say_hundreds(at_buf *b, unsigned v, int g)
{
    unsigned h = v / 100, r = v % 100;
    if (v == 100) {
        at__say(b, "cem");
        return;
    }
    if (h == 1) {
        at__say(b, "cento");
    } else if (h) {
        at__say(b, hundreds_stem[h]);
        at__buf_puts(b, g == PT_F ? "as" : "os");
    }
    if (h && r)
        at__say(b, "e");
    if (r >= 20) {
        at__say(b, tens_w[r / 10]);
        if (r % 10) {
            at__say(b, "e");
            say_unit(b, r % 10, g);
        }
    } else if (r) {
        say_unit(b, r, g);
    }
}

/* A cardinal: "e" joins only the last group, when it is below a hundred
 * or a round hundred (mil e cem, mil cento e dez, um milhão e mil). */
static void say_card(at_buf *b, unsigned long long v, int g)
{
    unsigned grp[7];
    int k, low = -1, top = -1;
    if (v == 0) {
        at__say(b, "zero");
        return;
    }
    for (k = 0; k < 7; k++) {
        grp[k] = (unsigned)(v % 1000);
        v /= 1000;
        if (grp[k]) {
            if (low < 0)
                low = k;
            top = k;
        }
    }
    for (k = top; k >= 0; k--) {
        if (!grp[k])
            continue;
        if (k == low && k != top && (grp[k] < 100 || grp[k] % 100 == 0))
            at__say(b, "e");
        if (k == 1) {
            if (grp[k] != 1)
                say_hundreds(b, grp[k], g);
            at__say(b, "mil");
        } else if (k >= 2) {
            say_hundreds(b, grp[k], PT_M);
            at__say(b, scale_w[k][grp[k] != 1]);
        } else {
            say_hundreds(b, grp[k], g);
        }
    }
}

static void say_digit_run(at_buf *b, const char *d, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if ((unsigned)(d[k] - '0') < 10u)
            at__say(b, small_m[d[k] - '0']);
}

static void say_ord_stem(at_buf *b, const char *stem, int g)
{
    at__say(b, stem);
    at__buf_putc(b, g == PT_F ? 'a' : 'o');
}

/* 1º primeiro, 21ª vigésima primeira, 2000º dois milésimo */
static void say_ord(at_buf *b, unsigned long long v, int g)
{
    unsigned r;
    if (v == 0 || v >= 1000000) {
        say_card(b, v, g);
        return;
    }
    if (v >= 1000) {
        if (v / 1000 > 1)
            say_card(b, v / 1000, PT_M);
        say_ord_stem(b, "milésim", g);
        v %= 1000;
    }
    r = (unsigned)v;
    if (r >= 100)
        say_ord_stem(b, ord_hundreds[r / 100], g);
    if (r % 100 >= 10)
        say_ord_stem(b, ord_tens[(r % 100) / 10], g);
    if (r % 10)
        say_ord_stem(b, ord_units[r % 10], g);
}

/* ---- reading numbers ---- */

/* A number as written in Portuguese: [minus] digits, thousands grouped
 * by full stops or spaces (1.000.000, 1 000 000), [, fraction digits]. */
typedef struct pt_num {
    char d[PT_MAXDIG + 1];
    size_t nd;          /* integer digits (0 when too long: see `long_ip`) */
    const char *ip;     /* the integer part as written */
    size_t in;
    int too_long;       /* more than PT_MAXDIG digits: read one by one */
    unsigned long long v;
    const char *fp;     /* fraction digits, after the comma */
    size_t fn;
    int neg;
    size_t end;
} pt_num;

static int is_minus(const at_scan *c, size_t i, size_t *after)
{
    size_t j;
    if (i < c->len && c->s[i] == '-')
        j = i + 1;
    else if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x88 &&
             (unsigned char)c->s[i + 2] == 0x92)
        j = i + 3; /* U+2212 minus sign */
    else
        return 0;
    /* a sign starts a word: 3-2 is no minus */
    if (i > 0 && (at__sc_alnum(c, i - 1) || c->s[i - 1] == '-'))
        return 0;
    *after = j;
    return at__sc_digit(c, j);
}

/* A group separator between digits: a full stop, a space, a no-break or
 * a narrow no-break space; its length, or 0. */
static size_t group_sep(const at_scan *c, size_t i, int dot)
{
    if (i >= c->len)
        return 0;
    if (dot)
        return c->s[i] == '.' ? 1 : 0;
    if (c->s[i] == ' ')
        return 1;
    if ((unsigned char)c->s[i] == 0xC2 && i + 1 < c->len && (unsigned char)c->s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x80 &&
        (unsigned char)c->s[i + 2] == 0xAF)
        return 3;
    return 0;
}

static int pt_number(const at_scan *c, size_t i, int sign, int decimals, pt_num *n)
{
    size_t j, k, start;
    memset(n, 0, sizeof *n);
    if (sign && is_minus(c, i, &j)) {
        n->neg = 1;
        i = j;
    }
    if (!at__sc_digit(c, i))
        return 0;
    start = i;
    j = at__sc_digits(c, i);
    if (j - i <= 3) {
        /* thousands: every group exactly three digits, one separator kind;
         * a space-grouped number stops at a group that is not three digits */
        int dot;
        for (dot = 1; dot >= 0; dot--) {
            size_t e = j, s;
            while ((s = group_sep(c, e, dot)) != 0 && at__sc_digits(c, e + s) == e + s + 3 && !at__sc_digit(c, e + s + 3))
                e += s + 3;
            if (e != j) {
                /* 1.000,5 but not 1.000.5 (a version or an address) */
                if (dot && e < c->len && c->s[e] == '.' && at__sc_digit(c, e + 1))
                    return 0;
                j = e;
                break;
            }
        }
    }
    n->ip = c->s + start;
    n->in = j - start;
    for (k = start; k < j; k++) {
        if (!at__sc_digit(c, k))
            continue;
        if (n->nd == PT_MAXDIG) {
            n->too_long = 1;
            continue;
        }
        n->d[n->nd++] = c->s[k];
        n->v = n->v * 10 + (unsigned)(c->s[k] - '0');
    }
    if (decimals && j + 1 < c->len && c->s[j] == ',' && at__sc_digit(c, j + 1)) {
        size_t f = at__sc_digits(c, j + 1);
        n->fp = c->s + j + 1;
        n->fn = f - j - 1;
        j = f;
    }
    n->end = j;
    return 1;
}

static void say_int(at_buf *b, const pt_num *n, int g)
{
    if (n->too_long)
        say_digit_run(b, n->ip, n->in);
    else
        say_card(b, n->v, g);
}

/* -1,26: menos um vírgula dois seis (the fraction's digits one by one) */
static void say_num(at_buf *b, const pt_num *n, int g)
{
    if (n->neg)
        at__say(b, "menos");
    say_int(b, n, n->fn ? PT_M : g);
    if (n->fn) {
        at__say(b, "vírgula");
        say_digit_run(b, n->fp, n->fn);
    }
}

static int num_is_one(const pt_num *n)
{
    return !n->too_long && n->v == 1 && !n->fn && !n->neg;
}

/* ---- small scanners ---- */

/* No letter or digit at i (a match must not end inside a word). */
static int ends_word(const at_scan *c, size_t i)
{
    return at__sc_boundary(c, i);
}

/* The end of the letters (ASCII or not) starting at i, bounded. */
static size_t letters_end(const at_scan *c, size_t i, size_t bound)
{
    while (i < c->len && i < bound) {
        size_t k = i;
        int32_t cp;
        if (at__sc_alpha(c, i)) {
            i++;
            continue;
        }
        if ((unsigned char)c->s[i] < 0x80)
            break;
        cp = at__utf8_next(c->s, c->len, &k);
        if (cp <= 0 || !at__cp_is_alpha(cp))
            break;
        i = k;
    }
    return i;
}

/* Does s[i, j) equal the lowercase word w, capitals folded (ASCII and
 * the two-byte Latin-1 letters)? */
static int word_is(const at_scan *c, size_t i, size_t j, const char *w)
{
    size_t n = strlen(w), k;
    if (j - i != n)
        return 0;
    for (k = 0; k < n; k++) {
        unsigned char a = (unsigned char)c->s[i + k], b = (unsigned char)w[k];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        /* Latin-1 capitals: the second byte of U+00C0..U+00DE */
        if (k > 0 && (unsigned char)c->s[i + k - 1] == 0xC3 && a >= 0x80 && a <= 0x9E)
            a = (unsigned char)(a + 32);
        if (a != b)
            return 0;
    }
    return 1;
}

/* The month (1..12) whose name is s[i, j), any case; 0 if none. */
static int month_at(const at_scan *c, size_t i, size_t j)
{
    int m;
    for (m = 0; m < 12; m++)
        if (word_is(c, i, j, months[m]))
            return m + 1;
    return 0;
}

/* The word after i (past spaces): its start and end, or 0. */
static int next_word(const at_scan *c, size_t i, size_t *ws, size_t *we)
{
    size_t s = at__sc_space(c, i), e;
    if (s == i && i < c->len)
        return 0;
    e = letters_end(c, s, s + 40);
    if (e == s)
        return 0;
    *ws = s;
    *we = e;
    return 1;
}

/* A small letter at i (ASCII or not). */
static int lower_at(const at_scan *c, size_t i)
{
    size_t k = i;
    int32_t cp;
    if (i >= c->len)
        return 0;
    if ((unsigned char)c->s[i] < 0x80)
        return c->s[i] >= 'a' && c->s[i] <= 'z';
    cp = at__utf8_next(c->s, c->len, &k);
    return cp > 0 && at__cp_is_alpha(cp) && !at__cp_is_upper(cp);
}

/* Is the word just before i (past spaces) `w`, any case? */
static int prev_word_is(const at_scan *c, size_t i, const char *w)
{
    size_t e = i, st;
    while (e > 0 && (c->s[e - 1] == ' ' || c->s[e - 1] == '\t'))
        e--;
    st = e;
    while (st > 0 && e - st < 12 && at__sc_alpha(c, st - 1))
        st--;
    if (st == e || (st > 0 && at__sc_alnum(c, st - 1)))
        return 0;
    return word_is(c, st, e, w);
}

/* A capital at i (ASCII or not: Érico). */
static int upper_at(const at_scan *c, size_t i)
{
    size_t k = i;
    int32_t cp;
    if (i >= c->len)
        return 0;
    if ((unsigned char)c->s[i] < 0x80)
        return at__sc_upper(c, i);
    cp = at__utf8_next(c->s, c->len, &k);
    return cp > 0 && at__cp_is_upper(cp);
}

/* ---- gender of what a number counts ---- */

/* Is the word s[i, j) (after a number) a feminine noun? Portuguese nouns
 * in -a, -ção, -dade, -gem are feminine, but for a short list of common
 * masculine ones in -a (dia, problema, programa...) and the words that
 * are no nouns (para, contra). A few frequent feminine nouns end
 * otherwise (vez, pessoa... mulher, noite). */
static int feminine_noun(const at_scan *c, size_t i, size_t j)
{
    static const char *const masc_a[] = {"dia",      "dias",     "problema", "problemas", "programa", "programas",
                                         "sistema",  "sistemas", "tema",     "temas",     "mapa",     "mapas",
                                         "clima",    "planeta",  "planetas", "grama",     "gramas",   "quilograma",
                                         "quilogramas", "idioma", "idiomas", "poema",   "poemas",   "cinema",
                                         "cinemas",  "esquema",  "esquemas", "telefonema", "telefonemas", "dilema",
                                         "para",     "pra",      "contra",   "agora",     "ainda",    "acima",
                                         "abaixo",   "fora",     "era",      "ela",       "essa",     "esta",
                                         "cada",     "nada",     "toda",     "sobra",     "outra",    "mesma"};
    static const char *const fem_other[] = {"vez",    "vezes",  "mulher", "mulheres", "noite", "noites",
                                            "tarde",  "tardes", "parte",  "partes",   "mãe",   "mães",
                                            "morte",  "mortes", "rede",   "redes",    "sede",  "lei",
                                            "leis",   "cor",    "cores",  "flor",     "flores", "fase",
                                            "fases",  "crise",  "crises", "análise",  "análises", "chave",
                                            "chaves", "nave",   "naves",  "ponte",    "pontes", "gente",
                                            "classe", "classes", "base",  "bases",    "fonte", "fontes"};
    static const char *const fem_endings[] = {"ção", "ções", "dade", "dades", "gem", "gens"};
    size_t k, n = j - i;
    if (n < 2)
        return 0;
    for (k = 0; k < sizeof masc_a / sizeof *masc_a; k++)
        if (word_is(c, i, j, masc_a[k]))
            return 0;
    for (k = 0; k < sizeof fem_other / sizeof *fem_other; k++)
        if (word_is(c, i, j, fem_other[k]))
            return 1;
    if (c->s[j - 1] == 'a' || (n > 2 && c->s[j - 2] == 'a' && c->s[j - 1] == 's'))
        return 1;
    for (k = 0; k < sizeof fem_endings / sizeof *fem_endings; k++) {
        size_t m = strlen(fem_endings[k]);
        if (n > m && memcmp(c->s + j - m, fem_endings[k], m) == 0)
            return 1;
    }
    return 0;
}

/* The gender a number at [.., j) takes from the noun after it, looking
 * past "mil" (duas mil pessoas); a million and up is masculine anyway. */
static int gender_after(const at_scan *c, size_t j)
{
    size_t ws, we;
    if (!next_word(c, j, &ws, &we))
        return PT_M;
    if (word_is(c, ws, we, "mil") && !next_word(c, we, &ws, &we))
        return PT_M;
    return lower_at(c, ws) && feminine_noun(c, ws, we) ? PT_F : PT_M;
}

/* The value of the 1 to `maxd` digits at i, and their end; 0 if none. */
static int read_uint(const at_scan *c, size_t i, size_t maxd, unsigned *v, size_t *e)
{
    size_t j = at__sc_digits(c, i), k;
    if (j == i || j - i > maxd)
        return 0;
    *v = 0;
    for (k = i; k < j; k++)
        *v = *v * 10 + (unsigned)(c->s[k] - '0');
    *e = j;
    return 1;
}

/* ---- dates ---- */

/* 1 de maio: the first day is an ordinal, every other a cardinal. */
static void say_date(at_buf *b, unsigned d, unsigned m, int has_year, unsigned y)
{
    if (d == 1)
        at__say(b, "primeiro");
    else
        say_card(b, d, PT_M);
    at__say(b, "de");
    at__say(b, months[m - 1]);
    if (has_year) {
        at__say(b, "de");
        say_card(b, y, PT_M);
    }
}

/* 15/03/2024, 15.03.2024, 15-03-2024, 2024-03-15, 2024/03/15; a month
 * above twelve in the middle is the American order (03/15/2024); and
 * "15 de março de 2024", whose month may be capitalized. */
static int pt_rule_date(at_scan *c)
{
    size_t i = c->pos, e1, e2, e3, ws, we;
    unsigned a, b, y, d, m;
    int ord_day = 0;
    char sep;
    if (!read_uint(c, i, 4, &a, &e1) || e1 - i == 3)
        return 0;
    /* 1º/1/2024: the first day written as an ordinal */
    if (a == 1 && e1 - i == 1 && e1 + 3 < c->len && (unsigned char)c->s[e1] == 0xC2 &&
        (unsigned char)c->s[e1 + 1] == 0xBA && c->s[e1 + 2] == '/') {
        e1 += 2;
        ord_day = 1;
    }
    /* dia 5/3, até 30/6: a day and a month after "dia", "até" or
     * "desde", or when no fraction would be written so (30/6); else 5/3
     * is a fraction */
    if ((ord_day || e1 - i <= 2) && e1 + 1 < c->len && c->s[e1] == '/' && read_uint(c, e1 + 1, 2, &b, &e2) && ends_word(c, e2) &&
        !(e2 < c->len && c->s[e2] == '/') && a >= 1 && a <= 31 && b >= 1 && b <= 12 &&
        (ord_day || prev_word_is(c, i, "dia") || prev_word_is(c, i, "até") || prev_word_is(c, i, "desde") || a >= 13)) {
        say_date(&c->say, a, b, 0, 0);
        c->end = e2;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    if (e1 + 1 < c->len && (c->s[e1] == '/' || c->s[e1] == '.' || c->s[e1] == '-')) {
        sep = c->s[e1];
        if (!read_uint(c, e1 + 1, 2, &b, &e2) || e2 >= c->len || c->s[e2] != sep ||
            !read_uint(c, e2 + 1, 4, &y, &e3) || !ends_word(c, e3))
            return 0;
        /* 1.2.3.4 is no date */
        if (e3 + 1 < c->len && (c->s[e3] == sep || c->s[e3] == '.' || c->s[e3] == ',') && at__sc_digit(c, e3 + 1))
            return 0;
        if (e1 - i == 4) { /* year first */
            if (e3 - e2 - 1 > 2)
                return 0;
            d = y;
            m = b;
            y = a;
        } else {
            if (e3 - e2 - 1 != 4 && e3 - e2 - 1 != 2)
                return 0;
            d = a;
            m = b;
            if (m > 12 && d <= 12) {
                m = a;
                d = b;
            }
        }
        if (d < 1 || d > 31 || m < 1 || m > 12)
            return 0;
        say_date(&c->say, d, m, 1, y);
        c->end = e3;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    /* 15 de março [de 2024] */
    if (e1 - i > 2 || a < 1 || a > 31 || !next_word(c, e1, &ws, &we) || !word_is(c, ws, we, "de") ||
        !next_word(c, we, &ws, &we) || (m = (unsigned)month_at(c, ws, we)) == 0)
        return 0;
    c->end = we;
    {
        size_t w2s, w2e, ys = 0, ye = 0;
        int has_year = 0;
        y = 0;
        if (next_word(c, we, &w2s, &w2e) && word_is(c, w2s, w2e, "de")) {
            ys = at__sc_space(c, w2e);
            if (ys > w2e && read_uint(c, ys, 4, &y, &ye) && ye - ys == 4 && ends_word(c, ye)) {
                has_year = 1;
                c->end = ye;
            }
        }
        say_date(&c->say, a, m, has_year, y);
    }
    c->cls = AT_TOK_DATE;
    return 1;
}

/* ---- times ---- */

/* 14:30, 14h30, 14h, 14H30min, 14.30, 09:00:31; "da tarde" after an
 * afternoon hour of the 24-hour clock reads it on the 12-hour clock, as
 * the speaker meant (15h da tarde: três horas da tarde). */
static int pt_rule_time(at_scan *c)
{
    size_t i = c->pos, e, e2, e3, ws, we, end;
    unsigned h, mm = 0, ss = 0;
    int has_mm = 0, has_ss = 0;
    if (!read_uint(c, i, 2, &h, &e) || e >= c->len || h > 24)
        return 0;
    if (c->s[e] == ':') {
        if (!read_uint(c, e + 1, 2, &mm, &e2) || e2 - e - 1 != 2 || mm > 59)
            return 0;
        has_mm = 1;
        end = e2;
        if (e2 + 1 < c->len && c->s[e2] == ':' && read_uint(c, e2 + 1, 2, &ss, &e3) && e3 - e2 - 1 == 2 && ss < 60) {
            has_ss = 1;
            end = e3;
        }
    } else if (c->s[e] == 'h' || c->s[e] == 'H') {
        end = e + 1;
        if (read_uint(c, e + 1, 2, &mm, &e2)) {
            if (e2 - e - 1 != 2 || mm > 59)
                return 0;
            has_mm = 1;
            end = e2;
            if (at__sc_lit(c, end, "min", 0))
                end += 3;
        }
    } else if (c->s[e] == '.' && h < 24) {
        if (!read_uint(c, e + 1, 2, &mm, &e2) || e2 - e - 1 != 2 || mm > 59)
            return 0;
        if (e2 + 1 < c->len && (c->s[e2] == '.' || c->s[e2] == ',') && at__sc_digit(c, e2 + 1))
            return 0;
        has_mm = 1;
        end = e2;
    } else {
        return 0;
    }
    if (!ends_word(c, end))
        return 0;
    if (next_word(c, end, &ws, &we) && word_is(c, ws, we, "da") && next_word(c, we, &ws, &we)) {
        if (word_is(c, ws, we, "tarde") && h >= 13 && h <= 18)
            h -= 12;
        else if (word_is(c, ws, we, "noite") && h >= 19 && h <= 23)
            h -= 12;
    }
    if (h == 0)
        at__say(&c->say, "zero");
    else
        say_card(&c->say, h, PT_F);
    at__say(&c->say, h == 1 ? "hora" : "horas");
    if (has_ss) {
        at__say(&c->say, "e");
        say_card(&c->say, mm, PT_M);
        at__say(&c->say, mm == 1 ? "minuto" : "minutos");
        at__say(&c->say, "e");
        say_card(&c->say, ss, PT_M);
        at__say(&c->say, ss == 1 ? "segundo" : "segundos");
    } else if (has_mm && mm) {
        at__say(&c->say, "e");
        say_card(&c->say, mm, PT_M);
    }
    c->end = end;
    c->cls = AT_TOK_TIME;
    return 1;
}

/* ---- telephone numbers and IP addresses ---- */

static int is_year(unsigned v)
{
    return v >= 1000 && v <= 2099;
}

/* +55 (11) 3333-4444, (11) 99999-8888, 11 3333-4444, 555-1234 [ramal 12,
 * ext. 12]: every digit by its name. 192.168.1.1: digits and "ponto". */
static int pt_rule_telephone(at_scan *c)
{
    size_t i = c->pos, j = i, e, cs = 0, ce = 0, ps = 0, pe = 0, as = 0, ae = 0, ms, me, ls, le, xs = 0, xe = 0;
    unsigned v, v2;
    const char *ext = NULL;
    /* an IP address: four numbers to 255, not a grouped thousand */
    if (at__sc_digit(c, i)) {
        size_t k = i, grp3 = 1;
        int g;
        for (g = 0; g < 4; g++) {
            if (!read_uint(c, k, 3, &v, &e) || v > 255)
                break;
            if (g > 0 && e - k != 3)
                grp3 = 0;
            k = e;
            if (g < 3) {
                if (k >= c->len || c->s[k] != '.')
                    break;
                k++;
            }
        }
        if (g == 4 && !grp3 && ends_word(c, k) && !(k + 1 < c->len && c->s[k] == '.' && at__sc_digit(c, k + 1))) {
            for (j = i; j < k; j++) {
                if (c->s[j] == '.')
                    at__say(&c->say, "ponto");
                else
                    say_digit_run(&c->say, c->s + j, 1);
            }
            c->end = k;
            c->cls = AT_TOK_TELEPHONE;
            return 1;
        }
    }
    /* 0800 123 4567, 0800-123-4567: a free call */
    if (read_uint(c, i, 4, &v, &e) && e - i == 4 && c->s[i] == '0' && e + 1 < c->len &&
        (c->s[e] == ' ' || c->s[e] == '-') && read_uint(c, e + 1, 3, &v, &ms) && ms - e - 1 == 3 && ms + 1 < c->len &&
        c->s[ms] == c->s[e] && read_uint(c, ms + 1, 4, &v, &le) && le - ms - 1 == 4 && ends_word(c, le)) {
        say_digit_run(&c->say, c->s + i, le - i);
        c->end = le;
        c->cls = AT_TOK_TELEPHONE;
        return 1;
    }
    if (c->s[j] == '+') {
        if (!read_uint(c, j + 1, 3, &v, &e))
            return 0;
        cs = j + 1;
        ce = e;
        j = at__sc_space(c, e);
    }
    if (j < c->len && c->s[j] == '(') {
        if (!read_uint(c, j + 1, 3, &v, &e) || e - j - 1 < 2 || e >= c->len || c->s[e] != ')')
            return 0;
        ps = j + 1;
        pe = e;
        j = at__sc_space(c, e + 1);
    } else if (read_uint(c, j, 2, &v, &e) && e - j == 2 && at__sc_space(c, e) > e) {
        /* 11 3333-4444: an area code without brackets, only before a
         * number of eight or nine digits */
        size_t k = at__sc_space(c, e), k2;
        if (read_uint(c, k, 5, &v, &k2) && k2 - k >= 4 && k2 < c->len && c->s[k2] == '-') {
            as = j;
            ae = e; /* ae > 0 marks it: as may be 0 */
            j = k;
        }
    }
    if (!read_uint(c, j, 5, &v, &me) || me - j < 3 || me >= c->len || c->s[me] != '-')
        return 0;
    ms = j;
    ls = me + 1;
    if (!read_uint(c, ls, 4, &v2, &le) || le - ls != 4 || !ends_word(c, le) ||
        (le + 1 < c->len && c->s[le] == '-' && at__sc_digit(c, le + 1)))
        return 0;
    /* 1990-2000 is a span of years, not a number to call */
    if (!cs && !ps && !ae && me - ms == 4 && is_year(v) && is_year(v2) && v2 > v)
        return 0;
    if (!cs && !ps && !ae && me - ms == 3 && v == 0)
        return 0;
    /* an extension */
    {
        size_t ws, we, k;
        if (next_word(c, le, &ws, &we) && (word_is(c, ws, we, "ext") || word_is(c, ws, we, "ramal"))) {
            k = we;
            if (k < c->len && c->s[k] == '.')
                k++;
            k = at__sc_space(c, k);
            if (read_uint(c, k, 5, &v, &e) && ends_word(c, e)) {
                ext = word_is(c, ws, we, "ramal") ? "ramal" : "extensão";
                xs = k;
                xe = e;
            }
        }
    }
    if (cs) {
        at__say(&c->say, "mais");
        say_digit_run(&c->say, c->s + cs, ce - cs);
    }
    if (ps)
        say_digit_run(&c->say, c->s + ps, pe - ps);
    if (ae)
        say_digit_run(&c->say, c->s + as, ae - as);
    say_digit_run(&c->say, c->s + ms, me - ms);
    say_digit_run(&c->say, c->s + ls, le - ls);
    c->end = le;
    if (ext) {
        at__say(&c->say, ext);
        say_digit_run(&c->say, c->s + xs, xe - xs);
        c->end = xe;
    }
    c->cls = AT_TOK_TELEPHONE;
    return 1;
}

/* ---- money ---- */

/* A currency's symbol or code at i (the lexicon's `currency` keys): the
 * entry and its end. A code of letters must end there (USD, not USDA). */
static const at_lex_entry *currency_at(const at_scan *c, size_t i, size_t *e)
{
    size_t n;
    for (n = 4; n >= 1; n--) {
        const at_lex_entry *en;
        if (i + n > c->len)
            continue;
        en = at__lexicon_find(c->lex, AT_LEX_CURRENCY, c->s + i, n, 0);
        if (en && !(at__sc_alpha(c, i + n - 1) && at__sc_alnum(c, i + n))) {
            *e = i + n;
            return en;
        }
    }
    return NULL;
}

/* mil, milhão, milhões, bilhão..., and the short mi, bi, tri of
 * headlines: the index of its power of a thousand, 0 if none. */
static int magnitude_at(const at_scan *c, size_t ws, size_t we, size_t *end)
{
    static const char *const w[][3] = {{"mil", "", ""},
                                       {"milhão", "milhões", "mi"},
                                       {"bilhão", "bilhões", "bi"},
                                       {"trilhão", "trilhões", "tri"}};
    int k, f;
    for (k = 0; k < 4; k++)
        for (f = 0; f < 3; f++)
            if (w[k][f][0] && word_is(c, ws, we, w[k][f])) {
                *end = we;
                if (f == 2 && we < c->len && c->s[we] == '.')
                    *end = we + 1;
                return k + 1;
            }
    return 0;
}

static void say_money(at_scan *c, const at_lex_entry *cur, const pt_num *n, int mag)
{
    at_buf *b = &c->say;
    int g = (cur->flags & AT_LEXF_FEM) ? PT_F : PT_M;
    int has_minor = cur->f[2][0] && cur->f[3][0];
    if (n->neg)
        at__say(b, "menos");
    if (mag) {
        /* R$ 2 mil: dois mil reais; R$ 1,5 milhão: um vírgula cinco
         * milhão de reais (singular below two) */
        pt_num m = *n;
        m.neg = 0;
        say_num(b, &m, mag == 1 ? g : PT_M);
        at__say(b, scale_w[mag][!(n->v == 1 && !n->too_long)]);
        if (mag > 1)
            at__say(b, "de");
        at__say(b, cur->f[1]);
        return;
    }
    if (n->fn && (n->fn > 2 || !has_minor)) {
        pt_num m = *n;
        m.neg = 0;
        say_num(b, &m, g);
        at__say(b, cur->f[1]);
        return;
    }
    {
        unsigned cents = 0;
        if (n->fn == 2)
            cents = (unsigned)(n->fp[0] - '0') * 10 + (unsigned)(n->fp[1] - '0');
        else if (n->fn == 1)
            cents = (unsigned)(n->fp[0] - '0') * 10;
        if (!n->too_long && n->v == 0 && cents) {
            say_card(b, cents, PT_M);
            at__say(b, cents == 1 ? cur->f[2] : cur->f[3]);
            return;
        }
        say_int(b, n, g);
        /* um milhão de reais: a round million and up takes "de" */
        if (n->too_long || (n->v >= 1000000 && n->v % 1000000 == 0))
            at__say(b, "de");
        at__say(b, !n->too_long && n->v == 1 ? cur->f[0] : cur->f[1]);
        if (cents) {
            at__say(b, "e");
            say_card(b, cents, PT_M);
            at__say(b, cents == 1 ? cur->f[2] : cur->f[3]);
        }
    }
}

/* R$ 12,05; US$ 3 milhões; € 12; 20 €; 15 USD */
static int pt_rule_money(at_scan *c)
{
    size_t i = c->pos, e, j, ws, we, me;
    const at_lex_entry *cur;
    pt_num n;
    int mag = 0, neg = 0;
    if (is_minus(c, i, &j) && !at__sc_digit(c, i + 1)) {
        neg = 1;
        i = j;
    }
    if ((cur = currency_at(c, i, &e)) != NULL) {
        if (at__sc_alpha(c, i) && i > 0 && at__sc_alnum(c, i - 1))
            return 0;
        j = at__sc_space(c, e);
        if (!pt_number(c, j, 1, 1, &n) || !ends_word(c, n.end))
            return 0;
        n.neg |= neg;
        c->end = n.end;
        if (next_word(c, n.end, &ws, &we) && (mag = magnitude_at(c, ws, we, &me)) != 0)
            c->end = me;
    } else {
        if (!pt_number(c, c->pos, 1, 1, &n))
            return 0;
        j = at__sc_space(c, n.end);
        if ((cur = currency_at(c, j, &e)) == NULL || (j == n.end && at__sc_alpha(c, j)))
            return 0;
        if (at__sc_alpha(c, e - 1) == 0 && at__sc_alnum(c, e) && !(c->s[e - 1] == '$'))
            return 0;
        c->end = e;
    }
    say_money(c, cur, &n, mag);
    c->cls = AT_TOK_MONEY;
    return 1;
}

/* ---- measures ---- */

/* 200 g, 1,5 kg, 25°C, 10 m², 100 km/h, 2 h, 45%: the unit's singular
 * for exactly one, else its plural; the number agrees with the unit. */
static int pt_rule_measure(at_scan *c)
{
    size_t i = c->pos, j, k, run, n;
    const at_lex_entry *en = NULL;
    pt_num num;
    size_t ws, we;
    int thousand = 0;
    if (!pt_number(c, i, 1, 1, &num))
        return 0;
    j = at__sc_space(c, num.end);
    /* 2 mil km: dois mil quilômetros */
    if (next_word(c, num.end, &ws, &we) && word_is(c, ws, we, "mil")) {
        thousand = 1;
        j = at__sc_space(c, we);
        if (j == we)
            return 0;
    }
    run = j;
    while (run < c->len && run - j < 16 && !at__is_space((unsigned char)c->s[run]))
        run++;
    for (n = run - j; n >= 1; n--) {
        k = j + n;
        if (at__sc_alnum(c, k))
            continue;
        if ((en = at__lexicon_find(c->lex, AT_LEX_UNIT, c->s + j, n, 0)) != NULL)
            break;
    }
    if (!en || ((en->flags & AT_LEXF_GLUED) && j != num.end))
        return 0;
    say_num(&c->say, &num, (en->flags & AT_LEXF_FEM) ? PT_F : PT_M);
    if (thousand)
        at__say(&c->say, "mil");
    at__say(&c->say, num_is_one(&num) && !thousand ? en->f[0] : en->f[1]);
    c->end = j + n;
    c->cls = c->s[j] == '%' ? AT_TOK_PERCENT : AT_TOK_MEASURE;
    return 1;
}

/* ---- fractions ---- */

static void say_denominator(at_buf *b, unsigned long long d, int plural)
{
    const char *w = NULL;
    if (d == 2)
        w = plural ? "meios" : "meio";
    else if (d == 3)
        w = plural ? "terços" : "terço";
    if (w) {
        at__say(b, w);
        return;
    }
    if ((d >= 4 && d <= 10) || d == 100 || d == 1000) {
        say_ord(b, d, PT_M);
        if (plural)
            at__buf_putc(b, 's');
        return;
    }
    say_card(b, d, PT_M);
    at__say(b, "avos");
}

/* 3/4 três quartos; 2 1/4 dois e um quarto; 5/13 cinco treze avos */
static int pt_rule_fraction(at_scan *c)
{
    size_t i = c->pos, e, s2, e2, e3;
    unsigned long long w = 0, num = 0, den = 0;
    int mixed = 0;
    size_t k;
    e = at__sc_digits(c, i);
    if (e == i || e - i > PT_MAXDIG)
        return 0;
    s2 = at__sc_space(c, e);
    if (s2 > e && at__sc_digit(c, s2)) {
        e2 = at__sc_digits(c, s2);
        if (e2 - s2 <= 3 && e2 < c->len && c->s[e2] == '/' && at__sc_digit(c, e2 + 1)) {
            mixed = 1;
            for (k = i; k < e; k++)
                w = w * 10 + (unsigned)(c->s[k] - '0');
            i = s2;
            e = e2;
        }
    }
    if (e >= c->len || c->s[e] != '/' || !at__sc_digit(c, e + 1))
        return 0;
    e3 = at__sc_digits(c, e + 1);
    if (e3 - e - 1 > PT_MAXDIG || !ends_word(c, e3) || (e3 < c->len && c->s[e3] == '/'))
        return 0;
    for (k = i; k < e; k++)
        num = num * 10 + (unsigned)(c->s[k] - '0');
    for (k = e + 1; k < e3; k++)
        den = den * 10 + (unsigned)(c->s[k] - '0');
    /* 45/2019: a law's or a case's number and its year, no fraction */
    if (den < 2 || (e3 - e - 1 == 4 && is_year((unsigned)den) && den >= 1900))
        return 0;
    if (mixed) {
        say_card(&c->say, w, PT_M);
        at__say(&c->say, "e");
    }
    say_card(&c->say, num, PT_M);
    say_denominator(&c->say, den, num != 1);
    c->end = e3;
    c->cls = AT_TOK_FRACTION;
    return 1;
}

/* ---- ordinals ---- */

/* 1º primeiro, 2ª segunda, 21.ª vigésima primeira */
static int pt_rule_ordinal(at_scan *c)
{
    size_t i = c->pos, e = at__sc_digits(c, i), m = e;
    unsigned long long v = 0;
    int g;
    size_t k;
    if (e == i || e - i > 7)
        return 0;
    if (m < c->len && c->s[m] == '.')
        m++;
    if (m + 1 >= c->len || (unsigned char)c->s[m] != 0xC2)
        return 0;
    if ((unsigned char)c->s[m + 1] == 0xBA)
        g = PT_M;
    else if ((unsigned char)c->s[m + 1] == 0xAA)
        g = PT_F;
    else
        return 0;
    for (k = i; k < e; k++)
        v = v * 10 + (unsigned)(c->s[k] - '0');
    say_ord(&c->say, v, g);
    /* 1ºs / 2ªs: a plural ordinal */
    c->end = m + 2;
    if (c->end < c->len && c->s[c->end] == 's' && ends_word(c, c->end + 1)) {
        at__buf_putc(&c->say, 's');
        c->end++;
    }
    c->cls = AT_TOK_ORDINAL;
    return 1;
}

/* ---- plain numbers ---- */

/* 1.000 mil; 1 000 000 um milhão; -3,5 menos três vírgula cinco; 2
 * pessoas duas pessoas; 2010-2020 dois mil e dez a dois mil e vinte */
static int pt_rule_number(at_scan *c)
{
    size_t i = c->pos, d, e;
    pt_num n, n2;
    if (!pt_number(c, i, 1, 1, &n))
        return 0;
    c->end = n.end;
    c->cls = n.fn ? AT_TOK_DECIMAL : AT_TOK_CARDINAL;
    /* a span or a score: 1990-2000, 10-15 anos, venceu por 3-2 ("a";
     * after "entre", "e"); a code of three numbers (1-2-3) is none */
    if (!n.neg && !n.fn && !n.too_long && !(i >= 2 && c->s[i - 1] == '-' && at__sc_digit(c, i - 2)) &&
        (d = at__sc_dash(c, n.end)) != 0 && pt_number(c, d, 0, 0, &n2) &&
        !n2.too_long && ends_word(c, n2.end) && !(n2.end + 1 < c->len && at__sc_dash(c, n2.end) && at__sc_digit(c, n2.end + 1)) &&
        !(n2.end < c->len && (c->s[n2.end] == '.' || c->s[n2.end] == ',') && at__sc_digit(c, n2.end + 1))) {
        int g = gender_after(c, n2.end);
        say_card(&c->say, n.v, g);
        at__say(&c->say, prev_word_is(c, i, "entre") ? "e" : "a"); /* entre 1990 e 2000, de 1990 a 2000 */
        say_card(&c->say, n2.v, g);
        c->end = n2.end;
        c->cls = AT_TOK_RANGE;
        return 1;
    }
    /* Lei 8.666/93, PEC 45/2019: a number and its year, "de" */
    if (!n.fn && !n.neg && n.end + 2 < c->len && c->s[n.end] == '/') {
        size_t ye = at__sc_digits(c, n.end + 1);
        unsigned long long y = 0;
        size_t k;
        for (k = n.end + 1; k < ye && ye - n.end - 1 <= 4; k++)
            y = y * 10 + (unsigned)(c->s[k] - '0');
        if (ends_word(c, ye) && !(ye < c->len && c->s[ye] == '/') &&
            ((ye - n.end - 1 == 4 && y >= 1900 && y <= 2099) || (ye - n.end - 1 == 2 && n.in > 3 && n.ip[n.in - 4] == '.'))) {
            say_int(&c->say, &n, PT_M);
            at__say(&c->say, "de");
            say_card(&c->say, y, PT_M);
            c->end = ye;
            return 1;
        }
    }
    /* 007, 0800: a code, digit by digit */
    if (!n.fn && !n.neg && n.in > 1 && n.ip[0] == '0' && at__sc_digits(c, i) == n.end) {
        say_digit_run(&c->say, n.ip, n.in);
        return 1;
    }
    say_num(&c->say, &n, n.fn ? PT_M : gender_after(c, n.end));
    /* 2.5 or 2.0 (a version, or an English decimal): "ponto" */
    if (!n.fn && n.end + 1 < c->len && c->s[n.end] == '.' && at__sc_digit(c, n.end + 1)) {
        e = at__sc_digits(c, n.end + 1);
        if (e - n.end - 1 <= PT_MAXDIG && ends_word(c, e)) {
            at__say(&c->say, "ponto");
            if (c->s[n.end + 1] == '0' && e - n.end - 1 > 1)
                say_digit_run(&c->say, c->s + n.end + 1, e - n.end - 1);
            else {
                unsigned long long v = 0;
                size_t k;
                for (k = n.end + 1; k < e; k++)
                    v = v * 10 + (unsigned)(c->s[k] - '0');
                say_card(&c->say, v, PT_M);
            }
            c->end = e;
            c->cls = AT_TOK_DECIMAL;
        }
    }
    return 1;
}

/* ---- addresses ---- */

static void say_spelled_utf8(at_buf *b, const char *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        size_t st = k;
        if ((unsigned char)s[k] < 0x80) {
            k++;
        } else {
            k++;
            while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
                k++;
        }
        if ((unsigned)(s[st] - '0') < 10u)
            at__say(b, small_m[s[st] - '0']);
        else
            at__say_n(b, s + st, k - st);
    }
}

static int label_byte(char ch)
{
    return (unsigned char)ch >= 0x80 || (unsigned)((ch | 0x20) - 'a') < 26u || (unsigned)(ch - '0') < 10u;
}

/* e-mail addresses, web addresses and bare domains (nvidia.com, when its
 * last label is a `domain` entry), and @handles. Names the lexicon knows
 * (`domain` entries: gmail, google, com, br) are said as words; other
 * labels, and every user name before the @, letter by letter, as
 * Portuguese readers spell addresses; separators by their `domain`
 * names (ponto, arroba, barra); a web path's words as written. */
static int pt_rule_electronic(at_scan *c)
{
    size_t i = c->pos, end, k, at = 0, dots = 0;
    int url = 0, email = 0, path = 0, local;
    const at_lex_entry *en;
    if (i != c->tok->v[c->k].start)
        return 0;
    end = at__sc_chunk(c, i);
    if (end <= i || end - i > PT_WINDOW)
        return 0;
    for (k = i; k < end; k++) {
        if (c->s[k] == '@') {
            if (at)
                return 0;
            at = k + 1;
        } else if (c->s[k] == '.') {
            dots++;
        }
    }
    if (c->s[i] == '@') {
        /* @usuario: a handle, its name as a word */
        for (k = i + 1; k < end && (label_byte(c->s[k]) || c->s[k] == '_'); k++)
            ;
        if (k == i + 1 || k != end)
            return 0;
        at__say(&c->say, "arroba");
        at__say_n(&c->say, c->s + i + 1, k - i - 1);
        c->end = end;
        c->cls = AT_TOK_EMAIL;
        return 1;
    }
    if (at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "www.", 1) ||
        at__sc_lit(c, i, "ftp://", 1))
        url = 1;
    else if (at && at > i + 1 && memchr(c->s + at, '.', end - at))
        email = 1;
    else if (!at && dots) {
        /* a bare domain: labels, the last a known one */
        size_t ls = i;
        for (k = i; k < end; k++)
            if (!label_byte(c->s[k]) && c->s[k] != '-' && c->s[k] != '.')
                return 0;
            else if (c->s[k] == '.')
                ls = k + 1;
        /* as written, small letters: "fim.Com isso" is a missing space */
        if (ls >= end || !at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + ls, end - ls, 0) || at__sc_digit(c, i))
            return 0;
        url = 1;
    } else {
        return 0;
    }
    local = email;
    k = i;
    while (k < end) {
        size_t s = k;
        if (label_byte(c->s[k])) {
            int dig = at__sc_digit(c, k);
            while (k < end && label_byte(c->s[k]) && at__sc_digit(c, k) == dig)
                k++;
            if (dig)
                say_digit_run(&c->say, c->s + s, k - s);
            else if (path)
                at__say_n(&c->say, c->s + s, k - s);
            else if (!local && (en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + s, k - s, 1)) != NULL &&
                     !(k < end && c->s[k] == ':'))
                at__say(&c->say, en->f[0]);
            else
                say_spelled_utf8(&c->say, c->s + s, k - s);
            continue;
        }
        k++;
        if (c->s[s] == '@')
            local = 0;
        /* the path starts at the first slash after the host */
        if (c->s[s] == '/' && url && !path && s > i && c->s[s - 1] != '/' && c->s[s - 1] != ':' &&
            !(k < end && c->s[k] == '/')) {
            path = 1;
        }
        if ((en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + s, 1, 0)) != NULL)
            at__say(&c->say, en->f[0]);
        else
            at__say_n(&c->say, c->s + s, 1);
    }
    c->end = end;
    c->cls = url ? AT_TOK_URL : AT_TOK_EMAIL;
    return 1;
}

/* ---- abbreviations and symbols ---- */

/* Sr. senhor, Dra. doutora, pág. página, S.A.: the lexicon's `abbrev`
 * entries (the key with its full stop); a `title` one only before a
 * capital (a name), a `number` one only before a number. The stop stays
 * a sentence's end at the end of the block, or before a capital for an
 * `end` entry. */
static int pt_rule_abbrev(at_scan *c)
{
    size_t i = c->pos, j = i, bound = i + 24, nx;
    const at_lex_entry *en;
    if (i != c->tok->v[c->k].start)
        return 0;
    for (;;) {
        size_t e = letters_end(c, j, bound);
        if (e == j || e >= c->len || c->s[e] != '.')
            return 0;
        j = e + 1;
        en = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, j - i, 0);
        if (en || !at__sc_alnum(c, j))
            break;
    }
    if (!en && !(en = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, j - i, 1)))
        return 0;
    nx = at__sc_space(c, j);
    if ((en->flags & AT_LEXF_NUMBER) && !at__sc_digit(c, nx))
        return 0;
    /* a title before a name: "Min." alone may be anything */
    if ((en->flags & AT_LEXF_TITLE) && !upper_at(c, nx))
        return 0;
    at__say(&c->say, en->f[0]);
    c->end = j;
    if (nx >= c->len || ((en->flags & AT_LEXF_END) && at__sc_upper(c, nx)))
        c->end = j - 1;
    c->cls = AT_TOK_ABBREV;
    return 1;
}

/* ---- Roman numerals after a monarch's or pope's name ---- */

/* A Roman numeral in capitals, in its canonical spelling. */
static unsigned roman_value(const char *s, size_t n)
{
    int v = n <= 15 ? at__roman_value(s, n, 0) : 0;
    return (unsigned)v;
}

/* Dom Pedro II: Dom Pedro segundo; Bento XVI: Bento dezesseis. After a
 * `regnal` name, a Roman numeral is an ordinal up to ten and a cardinal
 * above, as Portuguese says them; a queen's (a name in -a, Elizabeth,
 * Isabel) agrees. Elsewhere (século XXI) eSpeak NG's own reading, a
 * cardinal, is right. */
static int pt_rule_roman(at_scan *c)
{
    size_t i = c->pos, e = i, ps, pe = i;
    unsigned v;
    int g;
    if (i != c->tok->v[c->k].start)
        return 0;
    while (e < c->len && e - i < 8 && memchr("IVXLCDM", c->s[e], 7) && c->s[e])
        e++;
    if (e == i || !ends_word(c, e) || (v = roman_value(c->s + i, e - i)) == 0 || v > 3999)
        return 0;
    while (pe > 0 && c->s[pe - 1] == ' ')
        pe--;
    if (pe == i)
        return 0;
    ps = pe;
    while (ps > 0 && pe - ps < 40 && (at__sc_alpha(c, ps - 1) || (unsigned char)c->s[ps - 1] >= 0x80))
        ps--;
    if (ps == pe || !at__lexicon_find(c->lex, AT_LEX_REGNAL, c->s + ps, pe - ps, 0))
        return 0;
    g = c->s[pe - 1] == 'a' || word_is(c, ps, pe, "elizabeth") || word_is(c, ps, pe, "isabel") ? PT_F : PT_M;
    if (v <= 10)
        say_ord(&c->say, v, g);
    else
        say_card(&c->say, v, g);
    c->end = e;
    c->cls = AT_TOK_ROMAN;
    return 1;
}

/* Order matters: the more specific pattern first (a date before a
 * fraction, a time before a measure, an ordinal before a number). */
static const at_rule rules[] = {
    {pt_rule_electronic, AT_RF_ALL},
    {at__rule_lexword, AT_RF_UPPER | AT_RF_LOWER | AT_RF_OTHER},
    {pt_rule_date, AT_RF_DIGIT},
    {pt_rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {pt_rule_time, AT_RF_DIGIT},
    {pt_rule_ordinal, AT_RF_DIGIT},
    {pt_rule_money, AT_RF_DIGIT | AT_RF_UPPER | AT_RF_OTHER},
    {pt_rule_fraction, AT_RF_DIGIT},
    {pt_rule_measure, AT_RF_DIGIT | AT_RF_OTHER},
    {pt_rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {pt_rule_roman, AT_RF_UPPER},
    {pt_rule_abbrev, AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_symbol_word, AT_RF_OTHER}, /* & e, + mais, § parágrafo */
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_pt = {"pt", rules, sizeof rules / sizeof *rules};
