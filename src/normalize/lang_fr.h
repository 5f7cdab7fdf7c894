/* French number words and the rules' shared helpers, internal to the
 * normalizer's French rules (lang_fr*.c). */
#ifndef AT_LANG_FR_H
#define AT_LANG_FR_H

#include <stddef.h>

#include "classify.h"

/* The largest value read as a cardinal: beyond it, digit by digit. */
#define AT_FR_MAX 999999999999999999ULL

/* Cardinal of v, traditional spelling ("quatre-vingt-un", "soixante et
 * onze", "deux cents", "deux cent mille", "deux cents millions"). With
 * `fem`, a final "un" agrees with a feminine noun: "vingt et une". */
void at__fr_cardinal(at_buf *b, unsigned long long v, int fem);
/* Cardinal of the digits d[0, n) (separators skipped); read digit by
 * digit beyond AT_FR_MAX. */
void at__fr_cardinal_digits(at_buf *b, const char *d, size_t n, int fem);
/* Ordinal of v: "premier"/"première" for 1, else "-ième" on the
 * cardinal ("vingt et unième", "cinquième", "neuvième"); `plural` adds
 * the s. */
void at__fr_ordinal(at_buf *b, unsigned long long v, int fem, int plural);
/* The digits after a decimal comma: leading zeros one by one, then up to
 * three digits as a number, more in pairs ("303" -> trois cent trois,
 * "1313" -> treize treize, "05" -> zéro cinq). */
void at__fr_fraction_digits(at_buf *b, const char *d, size_t n);
/* The value of the digits d[0, n), separators skipped; saturates. */
unsigned long long at__fr_value(const char *d, size_t n);
/* The month's name, 1..12. */
const char *at__fr_month(int m);
/* The month (1..12) whose French name or abbreviation ("janv.", "sept.")
 * starts at i, its end (past an abbreviation's full stop) in *end; 0 if
 * none. */
int at__fr_month_at(const at_scan *c, size_t i, size_t *end);

#endif
