/* ID3v2.3 tags with chapters (CTOC + CHAP), written by hand: LAME writes
 * no chapter frames and no Debian library writes ID3v2 chapter frames for
 * C. The frame layout follows the ID3v2.3 spec and the ID3v2 Chapter Frame
 * Addendum. */
#ifndef AT_ID3_H
#define AT_ID3_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct at_id3_text {
    const char *id; /* "TIT2", "TPE1", ... */
    const char *value;
} at_id3_text;

typedef struct at_id3 {
    const at_id3_text *texts; /* top-level text frames, in order */
    size_t ntexts;
    const char *comment;      /* COMM, language "eng", empty description */
    const unsigned char *picture; /* APIC front cover */
    size_t picture_len;
    const char *picture_mime;
    int tlen;                 /* reserve a TLEN frame, patched later */
    const at_id3_text *txxx;  /* user text frames: id = description */
    size_t ntxxx;
    const char *toc_title;    /* CTOC's TIT2, may be NULL */
    const char *const *chapter_titles;
    size_t nchapters;
} at_id3;

/* Builds the whole tag into `out` (replacing its contents) with every
 * chapter's times set to zero. `time_offsets` (nchapters entries) receives
 * the byte offset, inside the tag, of each CHAP's start-time field; the
 * end time follows it at +4. Returns AT_EUSAGE when more than 255 chapters
 * or an oversized tag is asked for. */
at_status at__id3_build(const at_id3 *tag, at_buf *out, size_t *time_offsets, at_error *e);

/* With tag->tlen set, the offset of the TLEN frame's ten digits. */
size_t at__id3_tlen_offset(const at_buf *tag);
#define AT_ID3_TLEN_DIGITS 10

/* A chapter read back: its CHAP element id, TIT2 sub-frame and times. */
typedef struct at_id3_chapter {
    char *id;
    char *title; /* "" when the CHAP has no TIT2 */
    uint32_t start_ms, end_ms;
} at_id3_chapter;

/* The frames of a tag read back: only what articast writes. */
typedef struct at_id3_info {
    char *title, *artist, *album, *comment, *genre, *date; /* date from TXXX articast:date, else TYER */
    char *summary;         /* TDES, the podcast description */
    unsigned char *picture; /* the first APIC, with its MIME type */
    size_t picture_len;
    char *picture_mime;
    uint32_t tlen_ms;
    char *toc_title; /* the top-level CTOC's TIT2, or NULL */
    /* In the order of the top-level CTOC, whose entries may be CHAP ids or
     * the ids of CTOCs listing CHAP ids (one level, as articast writes
     * over 255 chapters); every CHAP in tag order when there is no
     * top-level CTOC. */
    at_id3_chapter *chapters;
    size_t nchapters;
} at_id3_info;

/* Reads the ID3v2.3 tag at the start of `path`. AT_EINPUT when there is
 * none. */
at_status at__id3_read_file(const char *path, at_id3_info *out, at_error *e);
/* The same for `len` bytes in memory starting with the tag; `name` names
 * them in messages. */
at_status at__id3_read_buffer(const unsigned char *data, size_t len, const char *name, at_id3_info *out,
                              at_error *e);
void at__id3_info_free(at_id3_info *i);

/* Writes a big-endian u32 at p. */
void at__id3_put_u32(unsigned char *p, uint32_t v);

/* The tag's total size (header included) from its first 10 bytes, or 0
 * when they are not an ID3v2 header. */
size_t at__id3_tag_size(const unsigned char *hdr);

#endif
