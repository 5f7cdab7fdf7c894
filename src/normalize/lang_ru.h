/* Russian number grammar shared by lang_ru.c and lang_ru_num.c. */
#ifndef AT_LANG_RU_H
#define AT_LANG_RU_H

#include "classify.h"

/* A noun's gender, which the numbers one and two agree with; RU_FA is a
 * feminine noun in the accusative (одну неделю). */
enum { RU_M, RU_F, RU_N, RU_FA };

/* An ordinal's form: the case, gender and number of its noun. */
enum {
    RU_O_MNOM, /* первый */
    RU_O_MGEN, /* первого */
    RU_O_MDAT, /* первому */
    RU_O_MINS, /* первым */
    RU_O_MPRP, /* первом */
    RU_O_FNOM, /* первая */
    RU_O_FOBL, /* первой */
    RU_O_FACC, /* первую */
    RU_O_NNOM, /* первое */
    RU_O_PNOM, /* первые */
    RU_O_PGEN, /* первых */
    RU_O_PDAT, /* первым */
    RU_O_PINS, /* первыми */
    RU_O__N
};

/* A number as written: separators dropped, digits kept. */
typedef struct at_ru_num {
    char ip[40], fp[16]; /* integer and fraction digits */
    size_t in, fn;       /* fn > 0: a decimal fraction */
    int neg;
    const char *lp; /* a run of digits too long for ip: all of it */
    size_t ln;
    size_t end;
} at_ru_num;

/* The noun form after a count: 0 nominative singular (1, 21), 1 genitive
 * singular (2-4, 22, and any fraction), 2 genitive plural. */
int at__ru_count_form(unsigned long long v);
int at__ru_num_form(const at_ru_num *n);
/* Too long to be spoken as a quantity (read digit by digit). */
int at__ru_num_big(const at_ru_num *n);
unsigned long long at__ru_num_value(const at_ru_num *n);
/* A cardinal (v < 10^15) in the nominative or genitive, for gender g. */
void at__ru_cardinal(at_buf *b, unsigned long long v, int g);
void at__ru_cardinal_gen(at_buf *b, unsigned long long v, int g);
/* An ordinal in form f (RU_O_*). */
void at__ru_ordinal(at_buf *b, unsigned long long v, int f);
/* The first part of a compound adjective, run together: 5 -> "пяти". */
void at__ru_compound_prefix(at_buf *b, unsigned v);
/* Digits one by one. */
void at__ru_digits(at_buf *b, const char *d, size_t n);
/* A parsed number, a decimal as "две целых пять десятых". */
void at__ru_say_num(at_buf *b, const at_ru_num *n, int g);

#endif
