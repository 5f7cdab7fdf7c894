/* Talking books: a DAISY 2.02 full-text, full-audio book in a folder.
 *
 *   ncc.html      the Navigation Control Center: metadata and one <h1> per
 *                 section, each linking to the first par of its SMIL file
 *   content.html  the article's text, an id on every sentence
 *   sNNN.smil     one SMIL 1.0 file per section, a par per sentence
 *   audio.mp3     the program
 *
 * The book is made in a staging folder beside the target and replaces
 * it whole at the commit. */
#ifndef AT_DAISY_H
#define AT_DAISY_H

#include "epub.h"

typedef struct at_daisy at_daisy;

/* Starts the book that will be the folder `dir` (made at the commit). */
at_status at__daisy_open(at_daisy **out, const char *dir, const at_book_meta *m, at_error *e);
/* The path the book's audio may be written to: audio.mp3 in the staging
 * folder. */
const char *at__daisy_audio_path(const at_daisy *d);
/* One sentence as heard. */
at_status at__daisy_cue(at_daisy *d, const at_cue *c, at_error *e);
/* Writes the last SMIL file, the content and the NCC, and stages the
 * folder in `g`. `audio` is the finished MP3: at__daisy_audio_path()
 * itself, or a file copied there. */
struct at_stage;
at_status at__daisy_finish(at_daisy *d, const char *audio, uint64_t total_samples, struct at_stage *g,
                           at_error *e);
void at__daisy_free(at_daisy *d);

#endif
