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
/* One cue: [start, end) in ms, the speaker's display name (NULL for the
 * narrator) and the text. */
at_status at__transcript_cue(at_transcript *t, uint32_t start, uint32_t end, const char *speaker,
                             const char *text, at_error *e);
/* The transcript is complete: it joins the outputs moved into place
 * together. */
at_status at__transcript_stage(at_transcript *t, at_stage *g, at_error *e);
void at__transcript_abort(at_transcript *t);

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
