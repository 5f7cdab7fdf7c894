/* The lexicon, internal to the normalize stage: the words behind
 * acronyms, abbreviations, currencies, units and magnitudes.
 *
 * File format (voices/en/lexicon.tsv): one entry a line, fields separated
 * by tabs, `#` starts a comment line, blank lines are skipped.
 *
 *   acronym    KEY  spell|word  [EXPANSION  [household]]
 *   abbrev     KEY  EXPANSION   [FLAGS]      FLAGS: comma list of title,
 *                                            number, end, alt=EXPANSION
 *   currency   KEY  SINGULAR    PLURAL  [MINOR-SINGULAR  MINOR-PLURAL  [fem]]
 *   unit       KEY  SINGULAR    PLURAL  [glued|fem|glued,fem]
 *   magnitude  KEY  WORD
 *   word       KEY  SPOKEN
 *   roman      KEY  (a word after which a Roman numeral is a cardinal:
 *                    Chapter IV -> Chapter four)
 *   regnal     KEY  (a monarch's or pope's name, after which a Roman
 *                    numeral is regnal: Charles III -> Charles the third)
 *   street     KEY  (a street type: a number before a street's name is a
 *                    house number, 630 Ferrell St. -> six thirty)
 *   state      KEY  SPOKEN      (a state's postal code or short name, read
 *                                as the state after a place: BOONE, KY --)
 *   zone       KEY  SPOKEN      (a time zone after a time: EST)
 *   domain     KEY  SPOKEN      (a domain label in addresses: com, de)
 *
 * A later entry with the same kind and key replaces an earlier one, so a
 * user's lexicon loaded after the built-in one overrides it. */
#ifndef AT_LEXICON_H
#define AT_LEXICON_H

#include <stddef.h>

#include "normalize.h"

typedef enum at_lex_kind {
    AT_LEX_ACRONYM = 0,
    AT_LEX_ABBREV,
    AT_LEX_CURRENCY,
    AT_LEX_UNIT,
    AT_LEX_MAGNITUDE,
    AT_LEX_WORD,
    AT_LEX_ROMAN,
    AT_LEX_ZONE,
    AT_LEX_DOMAIN,
    AT_LEX_REGNAL,
    AT_LEX_STREET,
    AT_LEX_STATE,
    AT_LEX__COUNT
} at_lex_kind;

/* Entry flags. */
enum {
    AT_LEXF_SPELL = 1 << 0,  /* acronym: read letter by letter */
    AT_LEXF_TITLE = 1 << 1,  /* abbrev: precedes a name (Dr. Evil) */
    AT_LEXF_NUMBER = 1 << 2, /* abbrev: only before a number (No. 5) */
    AT_LEXF_END = 1 << 3,    /* abbrev: its full stop may end a sentence */
    AT_LEXF_GLUED = 1 << 4,  /* unit: only written right after a number */
    AT_LEXF_HOUSEHOLD = 1 << 5, /* acronym: every listener knows it; never expanded by default */
    AT_LEXF_FEM = 1 << 6        /* unit, currency: a feminine noun (numbers agree in some languages) */
};

typedef struct at_lex_entry {
    char *key;
    size_t klen;
    const char *f[4]; /* value fields; missing ones are "" */
    char *alt;        /* abbrev: the reading after a name (St. -> Street) */
    unsigned flags;
    unsigned char kind;
} at_lex_entry;

at_lexicon *at__lexicon_new(void);
/* Adds the entries of the file at `path` over those already loaded. A
 * malformed line is AT_ECONFIG naming file:line; an unreadable file is
 * AT_ECONFIG too. */
at_status at__lexicon_load(at_lexicon *lex, const char *path, at_error *e);
/* Parses lexicon text; `path` names it in messages. */
at_status at__lexicon_parse(at_lexicon *lex, const char *path, const char *text, size_t len, at_error *e);
/* Parses a W3C PLS 1.0 lexicon (pls.c) into `word` entries: each
 * grapheme is said as its lexeme's preferred alias, or as its IPA phoneme
 * in eSpeak NG mnemonics between [[ and ]]. A malformed file, an unknown
 * IPA symbol or another alphabet is AT_ECONFIG naming file:line:column. */
at_status at__lexicon_parse_pls(at_lexicon *lex, const char *path, const char *text, size_t len, at_error *e);
/* Adds entry `en` (its key a malloc'd block holding its fields too),
 * replacing one of the same kind and key. */
void at__lexicon_insert(at_lexicon *lex, const at_lex_entry *en);
/* The entry of `kind` whose key is s[0, n), or NULL. `lex` may be NULL.
 * With `fold`, an exact match is tried first, then one ignoring ASCII case. */
/* The longest key of any entry: no lookup of a longer string can match. */
size_t at__lexicon_max_key(const at_lexicon *lex);
const at_lex_entry *at__lexicon_find(const at_lexicon *lex, at_lex_kind kind, const char *s, size_t n, int fold);
/* The i-th entry of `kind` (0 <= i < at__lexicon_count(kind)), for scans. */
size_t at__lexicon_count(const at_lexicon *lex, at_lex_kind kind);
const at_lex_entry *at__lexicon_nth(const at_lexicon *lex, at_lex_kind kind, size_t i);
void at__lexicon_free(at_lexicon *lex);

#endif
