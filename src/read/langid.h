/* Language identification from the text (lang_detect.c): libexttextcat's
 * n-gram fingerprints, read at run time from Debian's libexttextcat-data.
 * The reader's metadata names a language; this decides when it is absent,
 * only a default, or contradicted by the article itself, and marks the
 * blocks written in another language than the article's. */
#ifndef AT_LANGID_H
#define AT_LANGID_H

#include <stddef.h>

#include "articast.h"

struct at_doc;

/* Where the fingerprints are when nothing else is said: the folder of
 * libexttextcat-data's fpdb.conf and its *.lm files. */
#define AT_LANGID_DIR "/usr/share/libexttextcat"

/* Bytes of a text the classifier reads: a few KB name a language, and a
 * multi-MB article must not cost more than this per block. */
#define AT_LANGID_PREFIX 4096

typedef struct at_langid at_langid;

/* One guess: the language as a BCP 47 tag ("es", "zh-CN"; "" when the
 * text names none), whether it stands alone (no other language scores
 * within libexttextcat's 3% of it, or all that do share its primary
 * subtag), and how many letters it was made from. */
typedef struct at_lang_guess {
    char lang[16];
    int confident;
    size_t letters;
} at_lang_guess;

/* Loads the fingerprints that the configuration file `conf` lists (each
 * line: a fingerprint file and its language; NULL: fpdb.conf, all of
 * them), from the folder the ARTICAST_LANGID_DIR environment variable
 * names, else AT_LANGID_DIR. AT_ECONFIG, naming the file, when they
 * cannot be read. */
at_status at__langid_open(const char *conf, at_langid **out, at_error *e);
void at__langid_free(at_langid *l);

/* Guesses the language of text[0, len), reading its letters only (digits,
 * punctuation and links say nothing of a language) and at most
 * AT_LANGID_PREFIX bytes. */
void at__langid_guess(at_langid *l, const char *text, size_t len, at_lang_guess *g);

/* Decides the article's language from its metadata and its text, and
 * gives each block confidently written in another language its own
 * (at_block.language). Sets meta.language_source. */
void at__doc_detect_language(struct at_doc *d, at_langid *l);

/* Letters in a block before its own language is believed: a name, a
 * number or a short line must never switch the voice. */
#define AT_LANGID_BLOCK_LETTERS 60
/* Blocks of one article looked at for a language of their own: each
 * costs libexttextcat about half a millisecond, so a book-length input
 * stops switching after this many (about half a second) and reads the
 * rest in the article's language. */
#define AT_LANGID_MAX_BLOCKS 1000
/* Letters of the article before its text overrules its metadata. */
#define AT_LANGID_DOC_LETTERS 200

#endif
