/* The context's insides, shared by the library's top-level files
 * (articast.c: set-up and the script; render.c: rendering). */
#ifndef AT_CTX_H
#define AT_CTX_H

#include <signal.h>

#include "articast.h"
#include "engine.h"
#include "normalize.h"
#include "segment.h"
#include "voice.h"

struct at_ctx {
    at_options opt;
    char *voices_dir;
    at_voiceset voices;
    at_casting casting;
    at_cues *cues;
    char *cues_path;
    char *names_path; /* the first-name table read, or NULL */
    at_cues *lang_cues;     /* the last other language's cues (LL/cues.tsv), or NULL */
    char lang_cues_code[9]; /* ... and its language */
    at_engine *engine;
    at_lexicon *lexicons[AT_LANG_SLOTS]; /* each rule set's, the user's over it */
    char *language;                   /* --language: forced for every article, or NULL */
    struct at_langid *langid;         /* the language models, loaded when first needed */
    int day_first;
    at_error err;
    volatile sig_atomic_t interrupted;
    double last_seconds; /* audio length of the last successful render (batch progress) */
    const char *title_tag; /* batch manifest: the edition's title tag instead of the article's */
    int regular_outputs;   /* batch: output names are made up, never written through a link or device */
    /* serve: the request's title, author, date and publication, over what
     * the article says (NULL: the article's own) */
    const char *meta_override[4];
    volatile double *progress; /* serve: set to the share of the script spoken, or NULL */
    char last_title[256];      /* the title tag of the last successful render */
};

/* A normalizer for the language `lang` (a BCP 47 tag; NULL: English),
 * with that language's rules and lexicon. */
at_normalizer *at__ctx_normalizer_lang(at_ctx *c, const char *lang);

struct at_doc;
/* Reads the article at `path` with the context's read options, passing
 * the reader's warnings to the context's warn callback. */
at_status at__ctx_read_doc(at_ctx *c, const char *path, struct at_doc **doc);

/* A photo caption the render does not read (read_captions off): the
 * books still show it, marked as not narrated. */
typedef struct at_silent_text {
    size_t src_start;
    char *text; /* white space collapsed */
} at_silent_text;

/* at_ctx_script, and with `silent` not NULL (and read_captions off) the
 * captions it leaves out, in reading order, which the caller frees with
 * at__silent_free. */
at_status at__ctx_script_silent(at_ctx *c, const char *path, at_script **out, at_silent_text **silent,
                                size_t *nsilent);
void at__silent_free(at_silent_text *s, size_t n);

/* A hash of the content of every configuration file a context made with
 * `opt` reads: the voice profiles, the casting, the built-in lexicon and
 * cues of the voices folder, and the --lexicon file. A batch stamp holds
 * it, so an edited lexicon makes the next --resume render again. */
uint64_t at__config_hash(const at_options *opt);

/* The defaults in place of the fields left 0 (or at the old -1), so
 * that a zero-filled struct and one from the *_init call are the same
 * thing, to a render and to a batch stamp. AT_ZERO stays: its users turn
 * it into 0. Applying it twice changes nothing. */
void at__options_resolve(at_options *o);
void at__render_options_resolve(at_render_options *o);

/* `v`, with AT_ZERO as 0. */
#define AT__ZERO_IS_0(v) ((v) == AT_ZERO ? 0 : (v))

#endif
