/* Sidecar files: transcripts (WebVTT, SRT) streamed cue by cue as the
 * audio is made, and chapter lists (Podcasting 2.0 JSON, ffmetadata, an
 * M3U8 playlist) written at the end from the chapter times the audio file
 * holds. Each is written through a file sink: complete or not at all. */
#ifndef AT_SIDECAR_H
#define AT_SIDECAR_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "produce.h"
#include "sink.h"

typedef enum at_transcript_kind { AT_TRANSCRIPT_VTT, AT_TRANSCRIPT_SRT } at_transcript_kind;

typedef struct at_transcript {
    at_transcript_kind kind;
    at_sink sink;
    size_t count;
} at_transcript;

/* `flags`: AT_SINK_* for the file. */
at_status at__transcript_open(at_transcript *t, at_transcript_kind kind, const char *path, unsigned flags,
                              at_error *e);
/* One sentence: [start, end) in ms, the speaker's display name (or
 * NULL) and the text, written as one cue or, when it is longer than two
 * lines, as several in a row that share the span out (captions.c):
 * `word_ms`, when not NULL, holds the time each of the text's nwords
 * words (as cut at spaces) is heard from, and a piece starts with its
 * first word. */
at_status at__transcript_cue(at_transcript *t, uint32_t start, uint32_t end, const char *speaker,
                             const char *text, const uint32_t *word_ms, size_t nwords, at_error *e);
/* The transcript is complete: it joins the outputs moved into place
 * together. */
at_status at__transcript_stage(at_transcript *t, at_stage *g, at_error *e);
void at__transcript_abort(at_transcript *t);

/* A piece of a cue's text of at most two lines of `line_max` characters
 * (code points) each, but where one word is longer (captions.c): the
 * bytes [start, end) of the text, the first line ending at brk and the
 * second starting at line2 (brk == line2 == end: one line). */
typedef struct at_caption_piece {
    size_t start, end, brk, line2;
    size_t first_word; /* the index of its first word in the text */
    size_t chars;      /* its characters, with one space between words */
} at_caption_piece;

/* Cuts `text` at spaces into pieces, in order, at phrase boundaries where
 * it can; *out (freed by the caller) holds them. Returns how many: 0 for
 * a text of no words. */
size_t at__caption_split(const char *text, size_t line_max, at_caption_piece **out);

typedef struct at_chapter_times {
    const char *title;
    uint32_t start_ms, end_ms;
} at_chapter_times;

/* The chapter lists and the playlist are written whole, then staged in
 * `g` with the other outputs; `flags` are AT_SINK_* for the file. */
/* {"version": "1.2.0", "title", "author", "podcastName", "fileName",
 * "chapters": [{"startTime": 0.0, "endTime": ..., "title": "..."}]}: the
 * top-level fields the Podcasting 2.0 chapters format allows come from
 * `tags` (title, artist, album) and `file` (the audio's file name), each
 * left out when empty. */
at_status at__write_chapters_json(at_stage *g, const char *path, unsigned flags, const at_tags *tags,
                                  const char *file, const at_chapter_times *c, size_t n, at_error *e);
/* ;FFMETADATA1 with one [CHAPTER] per chapter, TIMEBASE=1/1000. */
at_status at__write_ffmetadata(at_stage *g, const char *path, unsigned flags, const char *title,
                               const at_chapter_times *c, size_t n, at_error *e);

typedef struct at_playlist_entry {
    const char *file; /* relative to the playlist */
    const char *title;
    uint32_t duration_ms;
} at_playlist_entry;

/* #EXTM3U with #EXTINF:<seconds>,<title> per entry. */
at_status at__write_m3u8(at_stage *g, const char *path, unsigned flags, const at_playlist_entry *p, size_t n,
                         at_error *e);

#endif
