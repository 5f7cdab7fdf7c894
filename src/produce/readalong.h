/* The read-along edition: a folder for the web, to listen while seeing
 * the text.
 *
 *   index.html  the article, a <span id="sN"> per sentence, the chapter
 *               list, the player, and the sentence timings (the book
 *               clips: the same as the EPUB's and DAISY's SMIL)
 *   player.js   highlights the sentence being read, seeks on a click,
 *               keeps the place and the speed, takes keys
 *   player.css  the page's look; the page reads as plain HTML without it
 *   audio.mp3   the program
 *
 * Like the DAISY book it is made in a staging folder beside the target
 * and replaces it whole at the commit. */
#ifndef AT_READALONG_H
#define AT_READALONG_H

#include "epub.h"

typedef struct at_readalong at_readalong;

at_status at__readalong_open(at_readalong **out, const char *dir, const at_book_meta *m, at_error *e);
/* The path the audio may be written to: audio.mp3 in the staging folder. */
const char *at__readalong_audio_path(const at_readalong *h);
at_status at__readalong_cue(at_readalong *h, const at_cue *c, at_error *e);
/* Writes the page and its files, and stages the folder in `g`. `audio`
 * is the finished MP3: at__readalong_audio_path() itself, or a file
 * copied there. */
struct at_stage;
at_status at__readalong_finish(at_readalong *h, const char *audio, uint64_t total_samples, struct at_stage *g,
                               at_error *e);
void at__readalong_free(at_readalong *h);

#endif
