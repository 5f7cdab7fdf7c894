/* The classifier's shared state, internal to the normalize stage.
 *
 * Rules run over the tokenizer's tokens but read the block text directly,
 * so one rule may span several tokens ("Oct. 28-31", "US$552,000") or
 * only the head of one ("ICRC" in "ICRC-Kazakhstan"). A rule that matches
 * fills `say` with the spoken words, sets `cls` and `end` (a byte offset
 * past the match) and returns 1. */
#ifndef AT_CLASSIFY_H
#define AT_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "normalize.h"
#include "numbers.h"
#include "util.h"

typedef struct at_acro_state at_acro_state;

typedef struct at_scan {
    const char *s;
    size_t len;
    const at_lexicon *lex;
    const at_norm_options *opt;
    at_acro_state *acro;
    const at_tokens *tok; /* the tokenizer's tokens */
    size_t k;             /* the token the rule starts at */
    size_t pos;           /* where it starts (may be inside token k) */
    at_buf say;           /* out: the spoken words */
    size_t end;           /* out: byte offset past the match */
    uint16_t cls;         /* out: at_tok_class */
    uint16_t flags;       /* out: extra AT_TF_* flags */
    /* at__sc_chunk's cache: the run without spaces last scanned, from
     * chunk_from to chunk_raw, and where trimming it from chunk_from left
     * the ASCII (chunk_ta) and then the curly (chunk_t0) punctuation. Any
     * start inside the run reuses it, so a long run is scanned once. */
    size_t chunk_from, chunk_raw, chunk_ta, chunk_t0;
    int chunk_valid;
} at_scan;

/* A number as written: [sign] digits [, digits...] [. digits]. */
typedef struct at_numlit {
    const char *ip, *fp; /* integer and fraction digits (ip keeps commas) */
    size_t in, fn;
    int neg;             /* a minus sign */
    int commas;          /* thousands separators were used */
    int point;           /* a decimal point was written */
    size_t end;
} at_numlit;

/* ---- scanning helpers (scan.c; the byte tests inline, they are hot) ---- */
static inline int at__sc_digit(const at_scan *c, size_t i)
{
    return i < c->len && (unsigned)(c->s[i] - '0') < 10u;
}
/* an ASCII letter */
static inline int at__sc_alpha(const at_scan *c, size_t i)
{
    return i < c->len && (unsigned)((c->s[i] | 0x20) - 'a') < 26u;
}
static inline int at__sc_upper(const at_scan *c, size_t i)
{
    return i < c->len && (unsigned)(c->s[i] - 'A') < 26u;
}
/* any letter or digit, beyond ASCII too */
int at__sc_alnum_cp(const at_scan *c, size_t i);
static inline int at__sc_alnum(const at_scan *c, size_t i)
{
    if (i >= c->len)
        return 0;
    if ((unsigned char)c->s[i] >= 0x80)
        return at__sc_alnum_cp(c, i);
    return (unsigned)((c->s[i] | 0x20) - 'a') < 26u || (unsigned)(c->s[i] - '0') < 10u;
}
/* i past spaces and tabs (and no-break or thin spaces); not past line ends. */
size_t at__sc_space(const at_scan *c, size_t i);
/* 1 when i is the end of text or no letter or digit is there. */
int at__sc_boundary(const at_scan *c, size_t i);
/* The end of the ASCII letters starting at i. */
size_t at__sc_letters(const at_scan *c, size_t i);
/* The end of the digits starting at i. */
size_t at__sc_digits(const at_scan *c, size_t i);
/* Matches the literal `w` (ASCII case ignored when `fold`) at i. */
size_t at__sc_lit(const at_scan *c, size_t i, const char *w, int fold);
/* Parses a number at i: sign only when `sign` and it starts a word. */
int at__sc_number(const at_scan *c, size_t i, int sign, at_numlit *nl);
/* The end of the non-space run starting at i, less trailing punctuation;
 * cached in c for the last i asked. */
size_t at__sc_chunk(at_scan *c, size_t i);
/* A dash at i ("-", en dash, em dash): its end, else 0. */
size_t at__sc_dash(const at_scan *c, size_t i);

/* Spells letters as dotted capitals: "I.C.R.C." (acronym.c). */
void at__say_spelled(at_buf *b, const char *s, size_t n);
/* An adjective use, "a $5 fee" / "a 5 ha plot": the article "a" or "an"
 * before byte i, and a lowercase word after byte j. */
int at__sc_after_article(const at_scan *c, size_t i);
int at__sc_noun_follows(const at_scan *c, size_t j);
/* Does a common sentence opener ("The", "He", "In") start at byte i? */
int at__sc_sentence_opener(const at_scan *c, size_t i);
/* Speaks a parsed number as a cardinal or decimal. */
void at__say_numlit(at_buf *b, const at_numlit *nl);
/* 1 when nl is exactly one (for singular units and currencies). */
int at__numlit_is_one(const at_numlit *nl);

/* The value of a Roman numeral in its canonical spelling (XIV, not
 * XIIII), case ignored when `fold`; 0 when s[0, n) is none (words.c). */
int at__roman_value(const char *s, size_t n, int fold);

/* ---- month names (dates.c) ---- */
/* The month (1..12) whose name or abbreviation is s[i, j); 0 if none. */
int at__month_at(const at_scan *c, size_t i, size_t j);
const char *at__month_name(int m);

/* ---- rules: each returns 1 on a match ---- */
int at__rule_electronic(at_scan *c);
int at__rule_telephone(at_scan *c);
int at__rule_ticker(at_scan *c);
int at__rule_money(at_scan *c);
int at__rule_date(at_scan *c);
int at__rule_time(at_scan *c);
int at__rule_measure(at_scan *c);
int at__rule_number(at_scan *c);
int at__rule_roman(at_scan *c);
int at__rule_abbrev(at_scan *c);
int at__rule_acronym(at_scan *c);
int at__rule_symbol(at_scan *c);
int at__rule_symbol_word(at_scan *c); /* the part of at__rule_symbol every language shares */
int at__rule_lexword(at_scan *c);
int at__rule_state(at_scan *c);
int at__rule_bare_title(at_scan *c);
int at__rule_word(at_scan *c);

/* ---- languages (lang.c) ---- */
/* What a rule's match may start with, so most rules are skipped at once:
 * a digit, a capital, a small letter, anything else. */
enum { AT_RF_DIGIT = 1, AT_RF_UPPER = 2, AT_RF_LOWER = 4, AT_RF_OTHER = 8, AT_RF_ALL = 15 };

typedef struct at_rule {
    int (*fn)(at_scan *);
    unsigned first; /* AT_RF_* */
} at_rule;

/* A language's rules, tried in order at every token (the more specific
 * pattern first). The stages are the same for every language; only the
 * rules and the lexicon (voices/CODE/lexicon.tsv) change. */
struct at_lang_rules {
    const char *code; /* ISO 639-1 */
    const at_rule *rules;
    size_t nrules;
};

/* The rule sets: English; the languages with rules of their own (one
 * file each, lang_CODE.c); and the neutral set for every other language,
 * which passes words and numbers on as written for eSpeak NG's own
 * reading of that language. */
extern const at_lang_rules at__lang_en, at__lang_de, at__lang_es, at__lang_fr, at__lang_pt, at__lang_ru,
    at__lang_neutral;

/* ---- acronym state (acronym.c) ---- */
at_acro_state *at__acro_new(void);
void at__acro_reset(at_acro_state *a);
void at__acro_free(at_acro_state *a);
/* Learns "Words Of The Definition (ACRO)" from a block. */
void at__acro_learn(at_acro_state *a, const char *s, size_t len);

#endif
