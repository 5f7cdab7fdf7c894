/* Spanish number words, internal to the normalize stage (lang_es_num.c),
 * for the rules of lang_es.c. Each call starts a new word. */
#ifndef AT_LANG_ES_H
#define AT_LANG_ES_H

#include <stddef.h>

#include "classify.h"

/* The form of a number's last "uno": standalone "uno", "un" before a
 * masculine noun (un euro, veintiún años), "una" before a feminine one;
 * the hundreds agree too (doscientas millas). */
enum { AT_ES_MASC = 0, AT_ES_FEM = 1, AT_ES_APOC = 2 };

/* Cardinal of the digits d[0, n), long scale; beyond 10^30, digit by digit. */
void at__es_cardinal(at_buf *b, const char *d, size_t n, int g);
void at__es_uint(at_buf *b, unsigned long long v, int g);
/* Each digit as a word. */
void at__es_digits(at_buf *b, const char *d, size_t n);
/* ip "coma" fp: the decimal part by pairs (see lang_es_num.c). */
void at__es_decimal(at_buf *b, const char *ip, size_t in, const char *fp, size_t fn, int g);
/* Ordinal; g AT_ES_APOC gives primer, tercer. */
void at__es_ordinal(at_buf *b, unsigned long long v, int g);
/* The singular word of denominator d (tercio, doceavo); 0 if none. */
int at__es_fraction_word(at_buf *b, unsigned long long d);
/* The gender of the noun w[0, n) (AT_ES_MASC, AT_ES_FEM), or -1 for a
 * word that is no noun (de, y, por): then a number stands alone. */
int at__es_gender_word(const char *w, size_t n);

#endif
