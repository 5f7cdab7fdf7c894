/* Stage 5, produce: PCM in, a finished audio file with chapters out.
 *
 * A writer takes mono 16-bit PCM and chapter marks as they come and
 * streams them to the encoder: memory does not grow with the article. The
 * chapter times are known only at the end, so the writer leaves room for
 * them and patches them in at_writer_finish, which then moves the file into
 * place. */
#ifndef AT_PRODUCE_H
#define AT_PRODUCE_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"

typedef struct at_tags {
    const char *title;
    const char *artist;
    const char *album;
    const char *date;    /* ISO 8601 or free text; the year goes to TYER */
    const char *comment; /* COMM */
    const char *summary; /* TDES: the podcast description, the article's opening */
    const char *genre;   /* TCON */
    const char *track;   /* TRCK, "3/7" */
    const unsigned char *cover; /* APIC picture, JPEG or PNG */
    size_t cover_len;
} at_tags;

typedef struct at_enc_options {
    int bitrate;     /* kbps, CBR; 0 = 64 */
    int quality;     /* LAME quality 0 (best) .. 9 (fastest); < 0 = 7 */
    int vbr_quality; /* VBR quality 0..9; < 0 = CBR */
    int no_clobber;  /* never replace an existing file */
    int sample_rate; /* MP3 output rate in Hz; 0 = the engine's (22050) */
    int regular_only; /* names made up by articast (batch): never write through a link or device */
    int calibrate;   /* MP3: scale the input by the coding's loudness loss, measured on the start */
    int scale_set;   /* MP3: scale the input by scale_db instead (an encoding again) */
    double scale_db;
} at_enc_options;

/* The AT_SINK_* flags the options ask for. */
unsigned at__enc_sink_flags(const at_enc_options *o);

typedef struct at_writer at_writer;

/* Opens a writer for `fmt` (MP3 or WAV) at `path`. `chapter_titles` names
 * the chapters, which are marked with at__writer_chapter in order. */
at_status at__writer_open(at_writer **out, at_format fmt, const char *path, int rate, const at_tags *tags,
                          const char *const *chapter_titles, size_t nchapters, const at_enc_options *opt,
                          at_error *e);
/* Appends PCM samples. */
at_status at__writer_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e);
/* Chapter `k` starts at the current sample. Chapters must come in order;
 * a chapter never marked starts where the next one does. */
void at__writer_chapter(at_writer *w, size_t k);
/* Samples written so far. */
uint64_t at__writer_samples(const at_writer *w);
/* MP3: the gain (dB) the encoder applies to its input; NaN while it
 * calibrates, 0 for other formats. */
double at__writer_scale_db(const at_writer *w);
/* Flushes the encoder, patches the chapter times and sizes, and renames
 * the file into place. After it, only at__writer_free may be called. */
at_status at__writer_finish(at_writer *w, at_error *e);
/* The halves of finish: close ends the stream, patches it and closes the
 * file (so a split edition holds one file open at a time); commit moves
 * it into place, or stage hands it to the outputs moved together.
 * Between them the file is complete but hidden, at at__writer_temp. */
at_status at__writer_close(at_writer *w, at_error *e);
at_status at__writer_commit(at_writer *w, at_error *e);
struct at_stage;
at_status at__writer_stage(at_writer *w, struct at_stage *g, at_error *e);
/* Where the closed, uncommitted file is. */
const char *at__writer_temp(const at_writer *w);
/* Releases the writer. Before finish, removes the temporary file. */
void at__writer_free(at_writer *w);

/* Chapter k's start and end in ms as written in the file; valid after a
 * successful at__writer_finish. */
void at__writer_chapter_ms(const at_writer *w, size_t k, uint32_t *start, uint32_t *end);

/* ms from samples: (samples * 1000 + rate/2) / rate. */
uint32_t at__samples_to_ms(uint64_t samples, int rate);

/* Checks that `data` is a JPEG or PNG picture; returns its MIME type or
 * NULL. */
const char *at__picture_mime(const unsigned char *data, size_t len);

#endif
