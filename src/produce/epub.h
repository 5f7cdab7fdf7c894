/* Talking books: an EPUB 3 package with Media Overlays, made from the
 * program's sentence cues and its MP3 audio.
 *
 * The text and the overlay are streamed into temporary files beside the
 * target as the cues come, so memory does not grow with the article; the
 * package document, the navigation document and the zip are made at the
 * end, when the audio is complete. */
#ifndef AT_EPUB_H
#define AT_EPUB_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "program.h"
#include "util.h"

typedef struct at_book_meta {
    const char *title;
    const char *author;    /* or NULL */
    const char *publisher; /* or NULL */
    const char *date;      /* or NULL; written only when it is W3CDTF */
    const char *language;  /* BCP 47; NULL = "en" */
    const char *const *section_titles;
    size_t nsections;
    int rate;              /* of the cue times, in Hz */
    int no_clobber;
    unsigned sink_flags;   /* AT_SINK_* for the book's files */
    const unsigned char *cover; /* a JPEG or PNG picture, or NULL */
    size_t cover_len;
} at_book_meta;

typedef struct at_epub at_epub;

/* Starts the EPUB that will be written to `path`. */
at_status at__epub_open(at_epub **out, const char *path, const at_book_meta *m, at_error *e);
/* One sentence as heard: a span in the text and a `par` in the overlay. */
at_status at__epub_cue(at_epub *b, const at_cue *c, at_error *e);
/* Packs the book with the finished MP3 at `audio` (total_samples long, at
 * the cue rate) and moves it into place. */
/* Packs the book with `audio` (the finished MP3) and stages it in `g`. */
struct at_stage;
at_status at__epub_finish(at_epub *b, const char *audio, uint64_t total_samples, struct at_stage *g,
                          at_error *e);
/* Releases the builder; before finish, removes its temporary files. */
void at__epub_free(at_epub *b);

/* Helpers shared with the DAISY writer. */

/* The content document's body as cues come: sections (the caller gives
 * the printf format of an opening tag with the 1-based number, and the
 * closing tag), headings and paragraphs, a <span id="sN"> per sentence. */
typedef struct at_text_flow {
    size_t nsections;
    const char *section_open, *section_close;
    size_t opened; /* sections opened so far; ids sec1, sec2, ... */
    int block;     /* what is open: none, <p>, <h1>, <h2> */
    at_turn_kind block_kind;
    int block_silent; /* it holds text that is not narrated */
} at_text_flow;

/* Appends sentence `id` (s<id>) to `o`, opening sections and blocks. */
void at__flow_cue(at_text_flow *f, at_buf *o, const at_cue *c, size_t id);
/* Opens the sections that had no sentence (so every navigation target
 * exists) and closes everything. */
void at__flow_end(at_text_flow *f, at_buf *o);

/* The staging folder for a book that will be the folder `dir` (`opt`
 * names the option in messages, `base` goes in the folder's name): made
 * beside `dir`, in the form of sink.h's temporaries, to replace it whole
 * at the commit, so an interrupted render never leaves a folder that
 * mixes old and new files. Fails, before any synthesis, when `dir` is
 * not a folder, exists under no_clobber, or its parent is missing. */
at_status at__book_folder(const char *dir, const char *opt, const char *base, int no_clobber, char **staging,
                          at_error *e);
/* Writes `n` bytes at `p` as the file `name` in a book's staging folder,
 * which is ours alone: a file there is complete or absent. */
at_status at__book_write(const char *dir, const char *name, const void *p, size_t n, at_error *e);
/* Copies the finished MP3 `src` to `dst` in a book's staging folder. */
at_status at__book_copy(const char *src, const char *dst, at_error *e);

/* Appends `s` as XML character data (or an attribute value): & < > " '
 * escaped, and control characters that XML 1.0 forbids made spaces. */
void at__xml_put(at_buf *b, const char *s);
/* A SMIL clock value "h:mm:ss.mmm" for `samples` at `rate`. */
void at__smil_clock(at_buf *b, uint64_t samples, int rate);
/* A stable "urn:uuid:..." from a hash of the strings (NULLs allowed). */
void at__book_uuid(at_buf *b, const char *a, const char *c, const char *d);
/* 1 when `date` is a W3CDTF date: YYYY, YYYY-MM, YYYY-MM-DD, or a date
 * and time with its zone (YYYY-MM-DDThh:mm[:ss[.s]]Z or +hh:mm). */
int at__is_w3cdtf(const char *date);
/* `date` as W3CDTF, whole when it is one, else its YYYY-MM-DD part when
 * that is (a time without a zone); with `date_only`, always the day.
 * NULL when neither; the caller frees it. */
char *at__w3cdtf(const char *date, int date_only);
/* The modification time "YYYY-MM-DDThh:mm:ssZ": SOURCE_DATE_EPOCH if set
 * (reproducible builds), else now. */
void at__book_modified(at_buf *b, int date_only);

#endif
