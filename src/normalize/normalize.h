/* Stage 2, normalize: block text in, tokens with spoken forms out.
 *
 * The normalizer tokenizes a block, classifies every token, then
 * verbalizes it: writes the words a careful news reader would say. Each
 * token keeps its byte range in the block text, so every spoken word maps
 * back to the source. Data (acronyms, abbreviations, currencies, units)
 * comes from the lexicon, never from tables in code. */
#ifndef AT_NORMALIZE_H
#define AT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "util.h"

typedef enum at_tok_class {
    AT_TOK_WORD = 0,
    AT_TOK_CARDINAL,
    AT_TOK_ORDINAL,
    AT_TOK_DECIMAL,
    AT_TOK_FRACTION,
    AT_TOK_RANGE,
    AT_TOK_YEAR,
    AT_TOK_DATE,
    AT_TOK_DATE_RANGE,
    AT_TOK_TIME,
    AT_TOK_MONEY,
    AT_TOK_MEASURE,
    AT_TOK_PERCENT,
    AT_TOK_ACRONYM,
    AT_TOK_ABBREV,
    AT_TOK_ROMAN,
    AT_TOK_TELEPHONE,
    AT_TOK_URL,
    AT_TOK_EMAIL,
    AT_TOK_SYMBOL,
    AT_TOK_PUNCT,
    AT_TOK_QUOTE,
    AT_TOK_DATELINE,
    AT_TOK__COUNT
} at_tok_class;

/* Token flags. */
enum {
    AT_TF_SPACE_BEFORE = 1 << 0, /* white space precedes the token in the text */
    AT_TF_SENT_END = 1 << 1,     /* this punctuation ends a sentence */
    AT_TF_QUOTE_OPEN = 1 << 2,   /* a quote mark that opens (AT_TOK_QUOTE) */
    AT_TF_QUOTE_CLOSE = 1 << 3,  /* a quote mark that closes */
    AT_TF_QUOTE_SINGLE = 1 << 4, /* a single quote mark (' or curly single) */
    AT_TF_DASH = 1 << 5,         /* a dash used as punctuation */
    AT_TF_UNSURE = 1 << 6,       /* classified without confidence (report it) */
    AT_TF_PAUSE = 1 << 7         /* a bracket or dash spoken as a pause (",") */
};

typedef struct at_token {
    uint32_t start, end;        /* byte range in the block text */
    uint32_t spoken, spoken_len; /* spoken form in at_tokens.spoken; len 0 = silent */
    uint16_t cls;               /* at_tok_class */
    uint16_t flags;             /* AT_TF_* */
} at_token;

/* The tokens of one block. `spoken` holds every token's spoken form. */
typedef struct at_tokens {
    at_token *v;
    size_t n, cap;
    char *spoken;
    size_t spoken_len, spoken_cap;
} at_tokens;


void at__tokens_clear(at_tokens *t);
void at__tokens_free(at_tokens *t);
/* The spoken form of token i (not NUL-terminated; see spoken_len). */
#define AT_TOK_SPOKEN(ts, i) ((ts)->spoken + (ts)->v[(i)].spoken)

/* The lexicon: acronyms, abbreviations, currencies, units, words. */
typedef struct at_lexicon at_lexicon;

/* A language's rules (lang.c). */
typedef struct at_lang_rules at_lang_rules;
/* The rules for a language code ("es", "es-MX", "pt_BR": the primary
 * subtag counts, case ignored): English's for "en", a language's own when
 * it has them, else the neutral set. Never NULL. */
const at_lang_rules *at__lang_rules_for(const char *code);
/* Every rule set has a slot, 0 (English) to AT_LANG_SLOTS - 1 (the
 * neutral set), so a context keeps one lexicon for each. */
#define AT_LANG_SLOTS 7
size_t at__lang_slot(const at_lang_rules *r);
const at_lang_rules *at__lang_of_slot(size_t slot);
/* The set's language code ("" for the neutral set). */
const char *at__lang_code(const at_lang_rules *r);
/* 1 when the language has rules of its own (English among them). */
int at__lang_has_rules(const char *code);
typedef struct at_norm_options {
    at_acronym_policy acronyms;
    int day_first; /* locale: 1 = "5/4" is 5 April */
    const at_lang_rules *lang; /* NULL: English */
} at_norm_options;

/* at_normalizer is declared in articast.h. It borrows `lex` (may be NULL),
 * which must outlive it. */
at_normalizer *at__normalizer_new(const at_lexicon *lex, const at_norm_options *opt);
/* Forgets what the previous document taught: definitions, mentions. */
void at__normalizer_reset(at_normalizer *n);
/* Learns from a block before any is verbalized: acronym definitions such
 * as "International Committee of the Red Cross (ICRC)". Call it over the
 * whole document first, so a headline's acronym can use a definition
 * given later. */
void at__normalizer_learn(at_normalizer *n, const char *text, size_t len);
/* Tokenizes, classifies and verbalizes one block, replacing `out`'s
 * contents. `dateline_end` (0 = none) marks a dateline at the start. */
/* One line in, its spoken text out (malloc'd), the first dateline_end
 * bytes a dateline; a definition in the line itself is learnt first. */
char *at__normalize_text(at_normalizer *n, const char *text, size_t len, size_t dateline_end);
at_status at__normalizer_run(at_normalizer *n, const char *text, size_t len, size_t dateline_end,
                             at_tokens *out);
/* Joins the spoken forms of tokens [a, b) into `dst` with the spacing of
 * the source text. */
void at__tokens_join(const at_tokens *t, size_t a, size_t b, at_buf *dst);

/* The name of a token class ("money", "date", ...). */
const char *at__tok_class_name(unsigned cls);
/* Line and column (1-based, columns in characters) of byte offsets in a
 * source text: a cursor that counts forward, with a mark every 4 KB to
 * step back to, so a report costs its length, not its length squared. */
typedef struct at_srcpos {
    const char *src;
    size_t len;
    size_t at, line, col; /* the cursor */
    struct at_srcpos_mark {
        size_t line, col;
    } *mark;
    size_t nmarks;
} at_srcpos;

void at__srcpos_init(at_srcpos *p, const char *src, size_t len);
void at__srcpos_find(at_srcpos *p, size_t off, size_t *line, size_t *col);
void at__srcpos_free(at_srcpos *p);

/* Normalizes a block and appends one line per rewrite to `rewrites`
 * (LINE:COL, class, source text, spoken form) and one per unsure token to
 * `warnings`. `src` locates offsets in the whole source file (NULL:
 * columns are byte offsets) and `src_start` is the block's offset in it. */
void at__report_block(at_normalizer *n, const char *text, size_t len, size_t dateline_end, at_srcpos *src,
                      size_t src_start, at_buf *rewrites, at_buf *warnings);

#endif
