/* German number words (see lang_de.h): cardinals, ordinals, years, and
 * the bounded scans the German rules share. */
#include <string.h>

#include "lang_de.h"

static const char *const ones[] = {"null",     "eins",     "zwei",      "drei",     "vier",
                                   "fünf",     "sechs",    "sieben",    "acht",     "neun",
                                   "zehn",     "elf",      "zwölf",     "dreizehn", "vierzehn",
                                   "fünfzehn", "sechzehn", "siebzehn",  "achtzehn", "neunzehn"};
static const char *const tens[] = {"", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
                                   "neunzig"};
/* 10^6, 10^9, ...: singular and plural; all are feminine ("eine Million") */
static const char *const scale_one[] = {"million", "milliarde", "billion", "billiarde", "trillion", "trilliarde",
                                        "quadrillion"};
static const char *const scale_many[] = {"millionen", "milliarden", "billionen", "billiarden", "trillionen",
                                         "trilliarden", "quadrillionen"};

/* 0 < v < 1000 */
static void say_small(at_buf *b, unsigned v, int one)
{
    if (v >= 100) {
        at__say(b, v / 100 == 1 ? "ein" : ones[v / 100]);
        at__say(b, "hundert");
        v %= 100;
        if (!v)
            return;
    }
    if (v == 1)
        at__say(b, one == ONE_ALONE ? "eins" : one == ONE_EIN ? "ein" : "eine");
    else if (v < 20)
        at__say(b, ones[v]);
    else {
        if (v % 10) {
            at__say(b, v % 10 == 1 ? "ein" : ones[v % 10]);
            at__say(b, "und");
        }
        at__say(b, tens[v / 10]);
    }
}

static unsigned group_at(const char *d, size_t n, size_t g)
{
    /* the g-th group of three digits from the right */
    unsigned v = 0;
    size_t k, lo = n > 3 * (g + 1) ? n - 3 * (g + 1) : 0, hi = n - 3 * g;
    for (k = lo; k < hi; k++)
        v = v * 10 + (unsigned)(d[k] - '0');
    return v;
}

/* Says the digits d[0, n) (no separators) as a cardinal. */
void at__de_cardinal(at_buf *b, const char *d, size_t n, int one)
{
    size_t g, groups;
    int any = 0;
    while (n > 1 && d[0] == '0')
        d++, n--;
    if (n > DE_MAX_DIGITS) {
        for (g = 0; g < n; g++)
            at__say(b, ones[d[g] - '0']);
        return;
    }
    groups = (n + 2) / 3;
    for (g = groups; g-- > 0;) {
        unsigned v = group_at(d, n, g);
        if (!v)
            continue;
        any = 1;
        if (g >= 2) {
            if (v == 1)
                at__say(b, "eine");
            else
                say_small(b, v, ONE_ALONE);
            at__say(b, v == 1 ? scale_one[g - 2] : scale_many[g - 2]);
        } else if (g == 1) {
            say_small(b, v, ONE_EIN);
            at__say(b, "tausend");
        } else {
            say_small(b, v, one);
        }
    }
    if (!any)
        at__say(b, "null");
}

void at__de_uint(at_buf *b, unsigned v, int one)
{
    char d[16];
    size_t n = 0, k;
    char r[16];
    do {
        r[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof r);
    for (k = 0; k < n; k++)
        d[k] = r[n - 1 - k];
    at__de_cardinal(b, d, n, one);
}

void at__de_digits(at_buf *b, const char *d, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if ((unsigned)(d[k] - '0') < 10u)
            at__say(b, ones[d[k] - '0']);
}

/* The ordinal's stem replaces the cardinal's last word: eins -> erst,
 * drei -> dritt, sieben -> siebt, acht -> acht, zwanzig -> zwanzigst,
 * hundert -> hundertst, millionen -> millionst, the rest + t. `st` gets
 * "st" or "t" for a fraction's denominator (drittel, zwanzigstel). */
void at__de_ordinal_stem(at_buf *b, size_t from)
{
    size_t w = b->n, len;
    char *p;
    while (w > from && b->p[w - 1] != ' ')
        w--;
    p = b->p + w;
    len = b->n - w;
#define ENDS(s) (len >= sizeof(s) - 1 && memcmp(p + len - (sizeof(s) - 1), s, sizeof(s) - 1) == 0)
    if (len == 4 && memcmp(p, "eins", 4) == 0) {
        b->n = w;
        at__buf_puts(b, "erst");
    } else if (len == 4 && memcmp(p, "drei", 4) == 0) {
        b->n = w;
        at__buf_puts(b, "dritt");
    } else if (len == 6 && memcmp(p, "sieben", 6) == 0) {
        b->n = w;
        at__buf_puts(b, "siebt");
    } else if (len == 4 && memcmp(p, "acht", 4) == 0) {
        /* acht + e: the t is already there */
    } else if (ENDS("en") && (ENDS("millionen") || ENDS("arden") || ENDS("ionen"))) {
        b->n -= 2; /* millionen -> millionst, milliarden -> milliardst */
        at__buf_puts(b, "st");
    } else if (ENDS("zig") || ENDS("ßig") || ENDS("hundert") || ENDS("tausend") || ENDS("ion")) {
        at__buf_puts(b, "st");
    } else if (ENDS("arde")) {
        b->n -= 1;
        at__buf_puts(b, "st");
    } else {
        at__buf_putc(b, 't');
    }
#undef ENDS
}

void at__de_ordinal(at_buf *b, const char *d, size_t n, const char *ending)
{
    size_t from;
    at__say_space(b);
    from = b->n;
    at__de_cardinal(b, d, n, ONE_ALONE);
    at__de_ordinal_stem(b, from);
    at__buf_puts(b, ending);
}

/* ---- scanning ---- */

/* The end of the digits (letters) starting at i, looking at most
 * DE_SPAN bytes ahead: a longer run ends "inside", where the next byte is
 * still a digit (letter) and every rule declines. The driver retries a
 * word a character at a time when no rule takes it, so an unbounded scan
 * here would read a long run again at each of its bytes. */
size_t at__de_digits_end(const at_scan *c, size_t i)
{
    size_t j = i;
    while (j - i < DE_SPAN && at__sc_digit(c, j))
        j++;
    return j;
}

size_t at__de_letters_end(const at_scan *c, size_t i)
{
    size_t j = i;
    while (j - i < DE_SPAN && at__sc_alpha(c, j))
        j++;
    return j;
}

int at__de_lower_eq(const at_scan *c, size_t i, size_t j, const char *w)
{
    size_t n = strlen(w), k;
    if (j - i != n)
        return 0;
    for (k = 0; k < n; k++)
        if (at__to_lower((unsigned char)c->s[i + k]) != (unsigned char)w[k])
            return 0;
    return 1;
}

/* The word before byte i (letters, UTF-8 included), as [*ws, return). */
size_t at__de_prev_word(const at_scan *c, size_t i, size_t *ws)
{
    size_t e = i, k = 0;
    while (e > 0 && k < 8 && (c->s[e - 1] == ' ' || c->s[e - 1] == '\t'))
        e--, k++;
    *ws = e;
    k = 0;
    while (*ws > 0 && k < 24 &&
           (at__is_alpha((unsigned char)c->s[*ws - 1]) || (unsigned char)c->s[*ws - 1] >= 0x80))
        (*ws)--, k++;
    return *ws == e || k == 24 ? *ws : e;
}

int at__de_prev_in(const at_scan *c, size_t i, const char *const *list)
{
    size_t ws, we = at__de_prev_word(c, i, &ws);
    for (; *list; list++)
        if (at__de_lower_eq(c, ws, we, *list))
            return 1;
    return 0;
}

/* The end of the letters (UTF-8 included) starting at i, bounded. */
size_t at__de_word_end(const at_scan *c, size_t i)
{
    size_t j = i;
    while (j < c->len && j - i < DE_SPAN && (at__is_alpha((unsigned char)c->s[j]) || (unsigned char)c->s[j] >= 0x80)) {
        /* a no-break space (C2 A0) or a typographic mark ends the word */
        if ((unsigned char)c->s[j] == 0xC2 || (unsigned char)c->s[j] == 0xE2)
            break;
        j++;
    }
    return j;
}

int at__de_number(const at_scan *c, size_t i, at_de_num *nm)
{
    size_t j = i, k;
    memset(nm, 0, sizeof *nm);
    if (j < c->len && (c->s[j] == '-' || (j + 2 < c->len && (unsigned char)c->s[j] == 0xE2 &&
                                          (unsigned char)c->s[j + 1] == 0x88 && (unsigned char)c->s[j + 2] == 0x92))) {
        /* a minus only where a word starts: "5-3" is no negative three */
        if (i > 0 && at__sc_alnum(c, i - 1))
            return 0;
        j += c->s[j] == '-' ? 1 : 3;
        nm->neg = 1;
    }
    if (!at__sc_digit(c, j))
        return 0;
    for (;;) {
        k = j;
        while (at__sc_digit(c, k) && nm->n <= DE_MAX_DIGITS)
            nm->d[nm->n++] = c->s[k++];
        if (nm->n > DE_MAX_DIGITS)
            return 0;
        j = k;
        /* a point then exactly three digits groups thousands */
        if (j < c->len && c->s[j] == '.' && at__sc_digit(c, j + 1) && at__sc_digit(c, j + 2) && at__sc_digit(c, j + 3) &&
            !at__sc_digit(c, j + 4) && (nm->grouped || (j - i - nm->neg <= 3 && !nm->grouped))) {
            nm->grouped = 1;
            j++;
            continue;
        }
        break;
    }
    if (j < c->len && c->s[j] == ',' && at__sc_digit(c, j + 1)) {
        nm->fp = c->s + j + 1;
        k = j + 1;
        while (at__sc_digit(c, k) && k - j <= DE_MAX_DIGITS)
            k++;
        if (at__sc_digit(c, k))
            return 0;
        nm->fn = k - j - 1;
        j = k;
    }
    nm->end = j;
    return 1;
}

int at__de_num_is_one(const at_de_num *nm)
{
    size_t k;
    for (k = 0; k + 1 < nm->n; k++)
        if (nm->d[k] != '0')
            return 0;
    if (nm->d[nm->n - 1] != '1')
        return 0;
    for (k = 0; k < nm->fn; k++)
        if (nm->fp[k] != '0')
            return 0;
    return 1;
}

void at__de_say_num(at_buf *b, const at_de_num *nm, int one)
{
    if (nm->neg)
        at__say(b, "minus");
    if (nm->fn) {
        at__de_cardinal(b, nm->d, nm->n, ONE_ALONE);
        at__say(b, "komma");
        at__de_digits(b, nm->fp, nm->fn);
    } else {
        at__de_cardinal(b, nm->d, nm->n, one);
    }
}

/* A year: 1100-1999 as hundreds ("neunzehn hundert achtzig"), the rest
 * as a cardinal ("zwei tausend drei"). */
void at__de_year(at_buf *b, const char *d, size_t n)
{
    unsigned v = 0;
    size_t k;
    for (k = 0; k < n; k++)
        v = v * 10 + (unsigned)(d[k] - '0');
    if (n == 4 && v >= 1100 && v < 2000) {
        at__say(b, ones[v / 100]);
        at__say(b, "hundert");
        if (v % 100)
            say_small(b, v % 100, ONE_ALONE);
        return;
    }
    at__de_cardinal(b, d, n, ONE_ALONE);
}
void at__de_magnitude(at_buf *b, const char *plural, int one)
{
    size_t k;
    if (one)
        for (k = 0; k < sizeof scale_many / sizeof *scale_many; k++)
            if (strcmp(plural, scale_many[k]) == 0) {
                at__say(b, scale_one[k]);
                return;
            }
    at__say(b, plural);
}
