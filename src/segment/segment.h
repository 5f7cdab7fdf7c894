/* Stage 3, segment: a read document in, an at_script of turns out.
 *
 * The segmenter runs over the normalizer's tokens, so an abbreviation's
 * full stop never ends a sentence. It splits each block into turns at
 * quotation marks, finds who speaks each quotation from the cue words
 * around it, and gives every speaker a voice of their own: quoted words go
 * to the speaker's voice, the rest (attribution included) stays with the
 * narrator. The casting file says which voice profile reads what. */
#ifndef AT_SEGMENT_H
#define AT_SEGMENT_H

#include "articast.h"
#include "normalize.h"
#include "read.h"
#include "util.h"

/* voices/casting: `role = profile [profile ...]` lines, # comments.
 * Roles: title, heading, narration, caption, female, male, unknown. */
typedef struct at_casting {
    char *title, *heading, *narration, *caption;
    char **pool[3]; /* indexed by at_gender: unknown, female, male */
    size_t npool[3];
} at_casting;

at_status at__casting_parse(const char *path, const char *text, size_t len, at_casting *out, at_error *e);
at_status at__casting_load(const char *path, at_casting *out, at_error *e);
void at__casting_free(at_casting *c);

/* The attribution cues, voices/LL/cues.tsv: speech verbs, pronouns,
 * titles and the other words the segmenter reads speaker phrases with.
 * Loaded once; read-only afterwards. */
typedef struct at_cues at_cues;

at_status at__cues_parse(const char *path, const char *text, size_t len, at_cues **out, at_error *e);
at_status at__cues_load(const char *path, at_cues **out, at_error *e);
/* Adds the first-name table (voices/en/names.tsv: `NAME <tab> f|m|u`,
 * # comments) to `c` as `name` entries. */
at_status at__cues_add_names(at_cues *c, const char *path, const char *text, size_t len, at_error *e);
at_status at__cues_load_names(at_cues *c, const char *path, at_error *e);
/* From now on the first names (and the `name` entries read after this)
 * match Latin-1 and Cyrillic capitals too: Élodie, Ольга. English's table
 * keeps matching them by ASCII case alone, as it always has. */
void at__cues_wide_names(at_cues *c);
/* How many first names the table holds. */
size_t at__cues_names(const at_cues *c);
void at__cues_free(at_cues *c);

typedef struct at_segment_options {
    int read_captions;
    const at_cues *cues; /* NULL: quotations get no attribution */
    /* The normalizer for a block in another language than the article's
     * (at_block.language): the caller makes one per language and keeps it
     * for the whole document. NULL, or NULL returned: the article's. */
    at_normalizer *(*normalizer_for)(void *data, const char *lang);
    void *normalizer_data;
} at_segment_options;

/* Builds the script of `doc`, normalizing each block with `n`. */
at_status at__segment(const at_doc *doc, at_normalizer *n, const at_casting *cast,
                      const at_segment_options *opt, at_script **out, at_error *e);

/* A turn that is one sentence, given whole (the intro and outro). */
void at__turn_whole(at_turn *t, const char *spoken, const char *written, size_t src_start, size_t src_end);
/* Frees a turn's text and sentences. */
void at__turn_clear(at_turn *t);

#endif
