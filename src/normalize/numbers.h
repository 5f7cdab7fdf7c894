/* Number words, internal to the normalize stage: cardinals, ordinals,
 * years, digits and decimals written into an at_buf, US style (no "and"
 * inside numbers, hyphens in twenty-one). Each call starts a new word:
 * it puts a space first when the buffer does not end in one. */
#ifndef AT_NUMBERS_H
#define AT_NUMBERS_H

#include <stddef.h>

#include "util.h"

/* Puts a space unless `b` is empty or ends in white space. */
void at__say_space(at_buf *b);
/* Puts word `w` as a new word. */
void at__say(at_buf *b, const char *w);
void at__say_n(at_buf *b, const char *w, size_t n);
/* Cardinal of the decimal digits d[0, n) (commas are skipped). Numbers
 * beyond the quintillions are read digit by digit. */
void at__say_cardinal(at_buf *b, const char *d, size_t n);
/* Cardinal of a small value. */
void at__say_uint(at_buf *b, unsigned long long v);
/* Each digit as a word: "0 4" -> "zero four". */
void at__say_digits(at_buf *b, const char *d, size_t n);
/* Ordinal: "21" -> "twenty-first". */
void at__say_ordinal(at_buf *b, const char *d, size_t n);
/* A year: 1954 -> nineteen fifty-four, 2008 -> two thousand eight,
 * 2024 -> twenty twenty-four, 1900 -> nineteen hundred, 1905 -> nineteen
 * oh five. */
void at__say_year(at_buf *b, const char *d, size_t n);
/* A decimal: integer digits, then "point" and each fraction digit. An
 * empty integer part is not read (".5" -> "point five"). */
void at__say_decimal(at_buf *b, const char *ip, size_t in, const char *fp, size_t fn);
/* Turns the last word of b (a cardinal) into its ordinal. */
void at__ordinalize(at_buf *b);
/* Turns the last word of b into its plural: "nineties", "hundreds". */
void at__pluralize(at_buf *b);
/* The value of decimal digits d[0, n) (commas skipped); saturates. */
unsigned long long at__digits_value(const char *d, size_t n);

#endif
