/* Spanish number words (grammar, not vocabulary): cardinals on the long
 * scale (millón, mil millones, billón), with the gender and the short
 * form of "uno" that agree with the noun after them (un euro, una libra,
 * veintiún años, doscientas millas); ordinals (primero, vigesimoprimero,
 * trigésimo primero, milésimo) in both genders with "primer"/"tercer";
 * the fraction words (tercio, doceavo, centésimo); and the reading of a
 * decimal part, digits in pairs as Spanish speakers group them. */
#include <string.h>

#include "lang_es.h"

static const char *const units[30] = {
    "cero",        "uno",        "dos",         "tres",        "cuatro",     "cinco",
    "seis",        "siete",      "ocho",        "nueve",       "diez",       "once",
    "doce",        "trece",      "catorce",     "quince",      "dieciséis",  "diecisiete",
    "dieciocho",   "diecinueve", "veinte",      "veintiuno",   "veintidós",  "veintitrés",
    "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"};
static const char *const tens[10] = {"",        "",          "",         "treinta", "cuarenta",
                                     "cincuenta", "sesenta", "setenta", "ochenta", "noventa"};
/* the masculine; the feminine ends in -ientas (ciento has one form) */
static const char *const hundreds[10] = {"",             "ciento",      "doscientos",  "trescientos",
                                         "cuatrocientos", "quinientos", "seiscientos", "setecientos",
                                         "ochocientos",  "novecientos"};
static const char *const scale_one[5] = {"", "millón", "billón", "trillón", "cuatrillón"};
static const char *const scale_many[5] = {"", "millones", "billones", "trillones", "cuatrillones"};

/* "uno" at the end of a number, in the form g asks for */
static void say_one(at_buf *b, const char *stem, int g)
{
    at__say_space(b);
    at__buf_put(b, stem, strlen(stem));
    if (g == AT_ES_APOC && *stem) /* veintiún */
        at__buf_put(b, "ún", strlen("ún"));
    else
        at__buf_put(b, g == AT_ES_FEM ? "una" : g == AT_ES_APOC ? "un" : "uno", g == AT_ES_APOC ? 2 : 3);
}

static void say_999(at_buf *b, unsigned v, int g)
{
    unsigned h = v / 100, r = v % 100;
    if (h == 1 && r == 0) {
        at__say(b, "cien");
        return;
    }
    if (h) {
        const char *w = hundreds[h];
        size_t n = strlen(w);
        at__say_space(b);
        if (g == AT_ES_FEM && h > 1) { /* doscientas */
            at__buf_put(b, w, n - 2);
            at__buf_put(b, "as", 2);
        } else
            at__buf_put(b, w, n);
    }
    if (r == 0)
        return;
    if (r == 1)
        say_one(b, "", g);
    else if (r == 21)
        say_one(b, "veinti", g);
    else if (r < 30)
        at__say(b, units[r]);
    else {
        at__say(b, tens[r / 10]);
        if (r % 10 == 1) {
            at__say(b, "y");
            say_one(b, "", g);
        } else if (r % 10) {
            at__say(b, "y");
            at__say(b, units[r % 10]);
        }
    }
}

static void say_group6(at_buf *b, unsigned long v, int g)
{
    unsigned k = (unsigned)(v / 1000), r = (unsigned)(v % 1000);
    if (k) {
        if (k == 1)
            at__say(b, "mil");
        else {
            say_999(b, k, g == AT_ES_FEM ? AT_ES_FEM : AT_ES_APOC);
            at__say(b, "mil");
        }
    }
    if (r)
        say_999(b, r, g);
}

void at__es_cardinal(at_buf *b, const char *d, size_t n, int g)
{
    size_t lead = 0, ng, L;
    while (lead < n && d[lead] == '0')
        lead++;
    d += lead;
    n -= lead;
    if (n == 0) {
        at__say(b, "cero");
        return;
    }
    if (n > 30) { /* beyond the cuatrillones: digit by digit */
        at__es_digits(b, d, n);
        return;
    }
    ng = (n + 5) / 6;
    for (L = ng; L-- > 0;) {
        size_t from = n > (L + 1) * 6 ? n - (L + 1) * 6 : 0, to = n - L * 6, k;
        unsigned long v = 0;
        for (k = from; k < to; k++)
            v = v * 10 + (unsigned long)(d[k] - '0');
        if (v == 0)
            continue;
        if (L == 0)
            say_group6(b, v, g);
        else if (v == 1) {
            at__say(b, "un");
            at__say(b, scale_one[L]);
        } else {
            say_group6(b, v, AT_ES_APOC);
            at__say(b, scale_many[L]);
        }
    }
}

void at__es_digits(at_buf *b, const char *d, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (d[k] >= '0' && d[k] <= '9')
            at__say(b, units[d[k] - '0']);
}

void at__es_uint(at_buf *b, unsigned long long v, int g)
{
    char d[24];
    int n = 0, k;
    char r[24];
    do {
        r[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < 23);
    for (k = 0; k < n; k++)
        d[k] = r[n - 1 - k];
    at__es_cardinal(b, d, (size_t)n, g);
}

/* The decimal part: up to three digits as one number, after its leading
 * zeros said one by one (2,05: dos coma cero cinco); longer, in pairs
 * (1,5332: uno coma cincuenta y tres treinta y dos). The last word takes
 * the gender g. */
void at__es_decimal(at_buf *b, const char *ip, size_t in, const char *fp, size_t fn, int g)
{
    size_t k = 0;
    at__es_cardinal(b, ip, in, g == AT_ES_FEM ? AT_ES_FEM : AT_ES_MASC);
    at__say(b, "coma");
    if (fn <= 3) {
        while (k < fn && fp[k] == '0' && k + 1 < fn)
            at__say(b, "cero"), k++;
        at__es_cardinal(b, fp + k, fn - k, g);
        return;
    }
    for (; k < fn; k += 2) {
        if (k + 1 == fn)
            at__es_cardinal(b, fp + k, 1, g);
        else if (fp[k] == '0') {
            at__say(b, "cero");
            at__es_cardinal(b, fp + k + 1, 1, k + 2 == fn ? g : AT_ES_MASC);
        } else
            at__es_cardinal(b, fp + k, 2, k + 2 == fn ? g : AT_ES_MASC);
    }
}

/* ---- ordinals ---- */
static const char *const ord_units[10] = {"",       "primero", "segundo", "tercero", "cuarto",
                                          "quinto", "sexto",   "séptimo", "octavo",  "noveno"};
static const char *const ord_tens[10] = {"",           "décimo",      "vigésimo",      "trigésimo", "cuadragésimo",
                                         "quincuagésimo", "sexagésimo", "septuagésimo", "octogésimo", "nonagésimo"};
static const char *const ord_hundreds[10] = {"",
                                             "centésimo",
                                             "ducentésimo",
                                             "tricentésimo",
                                             "cuadringentésimo",
                                             "quingentésimo",
                                             "sexcentésimo",
                                             "septingentésimo",
                                             "octingentésimo",
                                             "noningentésimo"};
/* 13 to 19 and 21 to 29 are one word (decimotercero, vigesimoprimero);
 * "octavo" loses its o after them (decimoctavo) */
static const char *const ord_glued[10] = {"",       "primero", "segundo", "tercero", "cuarto",
                                          "quinto", "sexto",   "séptimo", "ctavo",   "noveno"};

/* the word just written into b, from `from`: to the feminine (-o -> -a),
 * or cut to primer/tercer */
static void ord_form(at_buf *b, size_t from, int g)
{
    if (b->n <= from || b->p[b->n - 1] != 'o')
        return;
    if (g == AT_ES_FEM)
        b->p[b->n - 1] = 'a';
    else if (g == AT_ES_APOC && b->n >= 7 &&
             (memcmp(b->p + b->n - 7, "primero", 7) == 0 || memcmp(b->p + b->n - 7, "tercero", 7) == 0))
        b->p[--b->n] = '\0';
}

static void ord_word(at_buf *b, const char *pre, const char *w, int g)
{
    size_t from;
    at__say_space(b);
    from = b->n;
    at__buf_put(b, pre, strlen(pre));
    at__buf_put(b, w, strlen(w));
    ord_form(b, from, g);
}

/* cardinal words run together: 2000 -> dosmil(ésimo) */
static void glued_cardinal(at_buf *b, unsigned long long v, int g)
{
    at_buf t = {0};
    size_t k;
    at__es_uint(&t, v, g == AT_ES_FEM ? AT_ES_FEM : AT_ES_APOC);
    at__say_space(b);
    for (k = 0; k < t.n; k++)
        if (t.p[k] != ' ')
            at__buf_putc(b, t.p[k]);
    at__buf_free(&t);
}

static void ord_below_1000(at_buf *b, unsigned v, int g)
{
    unsigned h = v / 100, r = v % 100;
    if (h)
        ord_word(b, "", ord_hundreds[h], r ? (g == AT_ES_FEM ? g : AT_ES_MASC) : g);
    if (r == 0)
        return;
    if (r < 10)
        ord_word(b, "", ord_units[r], g);
    else if (r == 10)
        ord_word(b, "", "décimo", g);
    else if (r == 11)
        ord_word(b, "", g == AT_ES_APOC ? "decimoprimero" : "undécimo", g);
    else if (r == 12)
        ord_word(b, "", "duodécimo", g);
    else if (r < 20)
        ord_word(b, "decimo", ord_glued[r - 10], g);
    else if (r == 20)
        ord_word(b, "", "vigésimo", g);
    else if (r < 30)
        ord_word(b, "vigesimo", ord_glued[r - 20], g);
    else {
        ord_word(b, "", ord_tens[r / 10], r % 10 ? (g == AT_ES_FEM ? g : AT_ES_MASC) : g);
        if (r % 10)
            ord_word(b, "", ord_units[r % 10], g);
    }
}

void at__es_ordinal(at_buf *b, unsigned long long v, int g)
{
    int gi = g == AT_ES_FEM ? AT_ES_FEM : AT_ES_MASC; /* the words before the last */
    if (v == 0) {
        at__say(b, "cero");
        return;
    }
    if (v >= 1000000000000ULL) { /* no one says these: the cardinal */
        at__es_uint(b, v, AT_ES_MASC);
        return;
    }
    if (v >= 1000000) {
        unsigned long long m = v / 1000000;
        if (m > 1)
            glued_cardinal(b, m, g);
        else
            at__say_space(b);
        at__buf_put(b, "millonésimo", strlen("millonésimo"));
        ord_form(b, 0, v % 1000000 ? gi : g);
        v %= 1000000;
    }
    if (v >= 1000) {
        unsigned long long k = v / 1000;
        size_t from;
        if (k > 1)
            glued_cardinal(b, k, g);
        else
            at__say_space(b);
        from = b->n;
        at__buf_put(b, "milésimo", strlen("milésimo"));
        ord_form(b, from, v % 1000 ? gi : g);
        v %= 1000;
    }
    if (v)
        ord_below_1000(b, (unsigned)v, g);
}

/* ---- fractions ---- */
/* The denominator's word, singular: 3 tercio, 5 quinto, 12 doceavo,
 * 100 centésimo, 2000 dosmilésimo; 0 when Spanish says "sobre" instead
 * (1/101: uno sobre ciento uno). */
int at__es_fraction_word(at_buf *b, unsigned long long d)
{
    if (d == 2 || d == 3) {
        at__say(b, d == 2 ? "medio" : "tercio");
        return 1;
    }
    if (d >= 4 && d <= 10) {
        at__es_ordinal(b, d, AT_ES_MASC);
        return 1;
    }
    if (d > 10 && d < 100) {
        /* the cardinal run together, accents off, -avo: onceavo,
         * veintidosavo, treintaiunavo, sesentavo */
        at_buf t = {0};
        size_t k;
        at__es_uint(&t, d, AT_ES_APOC);
        at__say_space(b);
        for (k = 0; k < t.n; k++) {
            unsigned char ch = (unsigned char)t.p[k];
            if (ch == ' ') {
                if (k + 2 < t.n && t.p[k + 1] == 'y' && t.p[k + 2] == ' ') {
                    at__buf_putc(b, 'i');
                    k += 2;
                }
                continue;
            }
            if (ch == 0xC3 && k + 1 < t.n) { /* á é í ó ú */
                static const char plain[] = "aeiou";
                static const unsigned char acc[] = {0xA1, 0xA9, 0xAD, 0xB3, 0xBA};
                size_t a;
                for (a = 0; a < 5; a++)
                    if ((unsigned char)t.p[k + 1] == acc[a])
                        break;
                if (a < 5) {
                    at__buf_putc(b, plain[a]);
                    k++;
                    continue;
                }
            }
            at__buf_putc(b, (char)ch);
        }
        at__buf_free(&t);
        if (b->n && b->p[b->n - 1] == 'a') /* treinta -> treintavo */
            b->p[--b->n] = '\0';
        at__buf_put(b, "avo", 3);
        return 1;
    }
    if ((d < 1000 && d % 100 == 0) || (d >= 1000 && d < 1000000 && d % 1000 == 0) ||
        (d >= 1000000 && d % 1000000 == 0 && d < 1000000000000ULL)) {
        at__es_ordinal(b, d, AT_ES_MASC);
        return 1;
    }
    return 0;
}

/* ---- the noun after a number ---- */
/* Masculine nouns in -a, and the few that keep the article "el" for
 * sound but are feminine do not matter here: these are read masculine. */
static const char *const masc_a[] = {"día",   "mapa",  "problema", "tema",    "sistema", "programa", "idioma",
                                     "clima", "planeta", "poema",  "drama",   "dilema",  "esquema",  "lema",
                                     "pijama", "fantasma", "cometa", "tranvía", "sofá",   "lempira", "telegrama",
                                     "diagrama", "kilogramo", "gramo", "kilovatio", "panda",  "guía", "papa"};
/* feminine nouns that do not end in -a (singular; the plural adds -s or
 * -es) */
static const char *const fem_other[] = {"mujer", "madre", "gente", "noche", "parte", "muerte", "calle", "llave",
                                        "nave", "clase", "fuente", "torre", "sede", "red", "ley", "vez", "veces",
                                        "voz", "voces", "cárcel", "flor", "piel", "paz", "luz", "luces", "cruz",
                                        "cruces", "imagen", "imágenes", "tarde", "frase", "fase", "base", "serie",
                                        "especie", "crisis", "tesis", "dosis", "hectárea", "mano", "radio", "foto",
                                        "moto", "nieve", "sangre", "suerte", "carne", "frente", "mente", "gripe",
                                        "leche", "sal", "miel", "col", "tos", "res", "reses", "nariz", "raíz", "raíces",
                                        "actriz", "emperatriz", "directriz", "lumbre", "catedral", "señal", "capital"};
static const char *const function_words[] = {"de", "del", "y", "e", "o", "u", "a", "al", "en", "por", "para",
                                              "con", "sin", "que", "se", "es", "son", "fue", "era", "la", "el",
                                              "los", "las", "lo", "le", "les", "un", "una", "como", "más",
                                              "menos", "entre", "hasta", "desde", "sobre", "contra", "según",
                                              "tras", "ni", "pero", "si", "no", "ya", "ha", "han", "hay"};

int at__es_gender_word(const char *w, size_t n)
{
    size_t k, m = n;
    if (n == 0)
        return -1;
    for (k = 0; k < sizeof function_words / sizeof *function_words; k++)
        if (strlen(function_words[k]) == n && memcmp(function_words[k], w, n) == 0)
            return -1;
    /* the plural's -s or -es off, to compare with the singular */
    for (k = 0; k < sizeof masc_a / sizeof *masc_a; k++) {
        size_t l = strlen(masc_a[k]);
        if ((l == n || (l + 1 == n && w[n - 1] == 's')) && memcmp(masc_a[k], w, l) == 0)
            return AT_ES_MASC;
    }
    for (k = 0; k < sizeof fem_other / sizeof *fem_other; k++) {
        size_t l = strlen(fem_other[k]);
        if (l <= n && memcmp(fem_other[k], w, l) == 0 &&
            (l == n || (l + 1 == n && w[n - 1] == 's') || (l + 2 == n && w[n - 2] == 'e' && w[n - 1] == 's')))
            return AT_ES_FEM;
    }
    if (w[m - 1] == 's')
        m--;
    if (m == 0)
        return AT_ES_MASC;
    if (w[m - 1] == 'a')
        return AT_ES_FEM;
    /* -ión, -dad, -tud, -umbre and their plurals */
    if ((n >= 4 && memcmp(w + n - 4, "ión", 4) == 0) || (n >= 5 && memcmp(w + n - 5, "iones", 5) == 0) ||
        (n >= 3 && (memcmp(w + n - 3, "dad", 3) == 0 || memcmp(w + n - 3, "tud", 3) == 0)) ||
        (n >= 5 && (memcmp(w + n - 5, "dades", 5) == 0 || memcmp(w + n - 5, "tudes", 5) == 0)) ||
        (n >= 5 && memcmp(w + n - 5, "umbre", 5) == 0))
        return AT_ES_FEM;
    return AT_ES_MASC;
}
