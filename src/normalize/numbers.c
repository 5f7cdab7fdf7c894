/* Number words. Only the words of numbers live here; the rules that find
 * numbers in text are in the classify files. */
#include <string.h>

#include "numbers.h"

static const char *const ones[] = {"zero",    "one",     "two",       "three",    "four",
                                   "five",    "six",     "seven",     "eight",    "nine",
                                   "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                   "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
static const char *const scales[] = {"",        "thousand",    "million",    "billion",
                                     "trillion", "quadrillion", "quintillion"};

void at__say_space(at_buf *b)
{
    if (b->n && b->p[b->n - 1] != ' ')
        at__buf_putc(b, ' ');
}

void at__say_n(at_buf *b, const char *w, size_t n)
{
    if (n == 0)
        return;
    at__say_space(b);
    at__buf_put(b, w, n);
}

void at__say(at_buf *b, const char *w)
{
    at__say_n(b, w, strlen(w));
}

/* 0 < v < 1000 */
static void say_hundreds(at_buf *b, unsigned v)
{
    if (v >= 100) {
        at__say(b, ones[v / 100]);
        at__say(b, "hundred");
        v %= 100;
        if (!v)
            return;
    }
    if (v < 20) {
        at__say(b, ones[v]);
    } else {
        at__say(b, tens[v / 10]);
        if (v % 10) {
            at__buf_putc(b, '-');
            at__buf_puts(b, ones[v % 10]);
        }
    }
}

void at__say_digits(at_buf *b, const char *d, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (d[i] >= '0' && d[i] <= '9')
            at__say(b, ones[d[i] - '0']);
}

void at__say_cardinal(at_buf *b, const char *d, size_t n)
{
    char g[24];
    size_t ng = 0, i, lead;
    int any = 0;
    for (i = 0; i < n; i++)
        if (d[i] >= '0' && d[i] <= '9') {
            if (ng == sizeof g) {
                at__say_digits(b, d, n);
                return;
            }
            g[ng++] = d[i];
        }
    for (lead = 0; lead + 1 < ng && g[lead] == '0'; lead++)
        ;
    if (ng - lead > 21) {
        at__say_digits(b, g, ng);
        return;
    }
    /* groups of three from the left */
    i = lead;
    while (i < ng) {
        size_t left = ng - i, take = left % 3 ? left % 3 : 3, k;
        unsigned v = 0;
        for (k = 0; k < take; k++)
            v = v * 10 + (unsigned)(g[i + k] - '0');
        i += take;
        if (v) {
            say_hundreds(b, v);
            if ((ng - i) / 3)
                at__say(b, scales[(ng - i) / 3]);
            any = 1;
        }
    }
    if (!any)
        at__say(b, "zero");
}

void at__say_uint(at_buf *b, unsigned long long v)
{
    char d[24];
    size_t n = 0, i;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (i = 0; i < n / 2; i++) {
        char t = d[i];
        d[i] = d[n - 1 - i];
        d[n - 1 - i] = t;
    }
    at__say_cardinal(b, d, n);
}

unsigned long long at__digits_value(const char *d, size_t n)
{
    unsigned long long v = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (d[i] < '0' || d[i] > '9')
            continue;
        if (v > 1844674407370955160ull)
            return ~0ull;
        v = v * 10 + (unsigned)(d[i] - '0');
    }
    return v;
}

/* The start of the last word: after the last space or hyphen. */
static size_t last_word(const at_buf *b)
{
    size_t i = b->n;
    while (i > 0 && b->p[i - 1] != ' ' && b->p[i - 1] != '-')
        i--;
    return i;
}

/* Replaces b[from, n) with `w`. */
static void replace_tail(at_buf *b, size_t from, const char *w)
{
    b->n = from;
    at__buf_puts(b, w);
}

void at__ordinalize(at_buf *b)
{
    static const char *const irregular[][2] = {{"one", "first"},   {"two", "second"}, {"three", "third"},
                                               {"five", "fifth"},  {"eight", "eighth"}, {"nine", "ninth"},
                                               {"twelve", "twelfth"}};
    size_t w = last_word(b), k, len = b->n - w;
    if (!b->p)
        return;
    for (k = 0; k < sizeof irregular / sizeof *irregular; k++)
        if (strcmp(b->p + w, irregular[k][0]) == 0) {
            replace_tail(b, w, irregular[k][1]);
            return;
        }
    if (len > 1 && b->p[b->n - 1] == 'y') {
        b->n--;
        at__buf_puts(b, "ieth");
    } else {
        at__buf_puts(b, "th");
    }
}

void at__pluralize(at_buf *b)
{
    if (!b->p || !b->n)
        return;
    if (b->p[b->n - 1] == 'y') {
        b->n--;
        at__buf_puts(b, "ies");
    } else if (b->p[b->n - 1] == 'x') {
        at__buf_puts(b, "es");
    } else {
        at__buf_putc(b, 's');
    }
}

void at__say_ordinal(at_buf *b, const char *d, size_t n)
{
    at__say_cardinal(b, d, n);
    at__ordinalize(b);
}

void at__say_year(at_buf *b, const char *d, size_t n)
{
    unsigned v = (unsigned)at__digits_value(d, n), hi, lo;
    if (n != 4 || v < 1000 || (v >= 2000 && v < 2010) || v % 1000 == 0) {
        at__say_cardinal(b, d, n);
        return;
    }
    hi = v / 100;
    lo = v % 100;
    say_hundreds(b, hi);
    if (lo == 0)
        at__say(b, "hundred");
    else if (lo < 10) {
        at__say(b, "oh");
        say_hundreds(b, lo);
    } else
        say_hundreds(b, lo);
}

void at__say_decimal(at_buf *b, const char *ip, size_t in, const char *fp, size_t fn)
{
    if (in)
        at__say_cardinal(b, ip, in);
    at__say(b, "point");
    at__say_digits(b, fp, fn);
}
