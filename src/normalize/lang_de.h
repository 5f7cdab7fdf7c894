/* German number words and the scanning the German rules share
 * (lang_de.c): the cardinal system is grammar, so it lives in code
 * (lang_de_num.c); the words of units, currencies and abbreviations are in
 * voices/de/lexicon.tsv. Internal to the normalize stage. */
#ifndef AT_LANG_DE_H
#define AT_LANG_DE_H

#include <stddef.h>

#include "classify.h"

/* No German number word goes past 10^27 ("Quadrilliarde" is not news):
 * a longer run of digits is read digit by digit. */
#define DE_MAX_DIGITS 27
/* The longest piece any rule looks at around a number. */
#define DE_SPAN 64
/* How the word "one" ends a number: alone ("eins"), before a masculine or
 * neuter noun or "tausend" ("ein"), before a feminine noun ("eine"). */
enum { ONE_ALONE, ONE_EIN, ONE_EINE };

/* A German number at i: [-] digits [.ddd]... [,digits]. */
typedef struct at_de_num {
    char d[DE_MAX_DIGITS + 2]; /* the integer digits without points */
    size_t n;
    const char *fp; /* the fraction's digits */
    size_t fn;
    int neg;
    int grouped; /* thousands points were written */
    size_t end;
} at_de_num;

/* ---- number words (spaced: "drei und zwanzig", which eSpeak NG reads as
 * the compound) ---- */
/* The digits d[0, n) (no separators) as a cardinal; `one` is how a final
 * one is said. Past DE_MAX_DIGITS, digit by digit. */
void at__de_cardinal(at_buf *b, const char *d, size_t n, int one);
void at__de_uint(at_buf *b, unsigned v, int one);
/* Digit by digit: "null vier eins eins". */
void at__de_digits(at_buf *b, const char *d, size_t n);
/* Turns the cardinal's last word, from byte `from` of b, into the
 * ordinal's stem: eins -> erst, drei -> dritt, zwanzig -> zwanzigst. */
void at__de_ordinal_stem(at_buf *b, size_t from);
/* An ordinal with its ending ("er", "e", "en"). */
void at__de_ordinal(at_buf *b, const char *d, size_t n, const char *ending);
/* A year: 1100-1999 in hundreds, the rest as a cardinal. */
void at__de_year(at_buf *b, const char *d, size_t n);
/* A magnitude's plural ("millionen"), or its singular after exactly one. */
void at__de_magnitude(at_buf *b, const char *plural, int one);

/* ---- scanning, each bounded by DE_SPAN ---- */
size_t at__de_digits_end(const at_scan *c, size_t i);
size_t at__de_letters_end(const at_scan *c, size_t i);
/* The end of the letters (UTF-8 included) at i. */
size_t at__de_word_end(const at_scan *c, size_t i);
/* Is s[i, j) the lowercase word w, ignoring ASCII case? */
int at__de_lower_eq(const at_scan *c, size_t i, size_t j, const char *w);
/* The word before byte i, as [*ws, return). */
size_t at__de_prev_word(const at_scan *c, size_t i, size_t *ws);
/* Is the word before byte i one of `list` (NULL-terminated)? */
int at__de_prev_in(const at_scan *c, size_t i, const char *const *list);
/* Parses a German number at i into nm; 0 when there is none. */
int at__de_number(const at_scan *c, size_t i, at_de_num *nm);
int at__de_num_is_one(const at_de_num *nm);
/* A number as a cardinal or decimal ("komma" then digit by digit). */
void at__de_say_num(at_buf *b, const at_de_num *nm, int one);

/* ---- amounts (lang_de_amount.c) ---- */
/* "Million", "Mio.", "Milliarden", "Mrd." after a number at i: its end,
 * and the plural in *word; 0 if none. */
size_t at__de_magnitude_at(const at_scan *c, size_t i, const char **word);
/* "$2,20", "5 €", "2 Mrd. Dollar". */
int at__de_rule_money(at_scan *c);
/* "200 km/h", "56,3 /km²", "1 h", "1 1/2 ft". */
int at__de_rule_measure(at_scan *c);
/* "1/2", "-1/22", "1 1/2". */
int at__de_rule_fraction(at_scan *c);

#endif
