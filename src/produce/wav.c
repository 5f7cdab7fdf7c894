/* WAV through libsndfile, with cue points, their labels and regions.
 *
 * libsndfile writes the `cue ` chunk (set before the first write) but no
 * associated data list: SF_CUES has neither labels nor region lengths, and
 * the chapter times are known only at the end. So the cue points go in
 * with placeholder positions, and after sf_close we patch their positions
 * and append a LIST/adtl chunk by hand (a `labl` and an `ltxt` region per
 * cue), then fix the RIFF size. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>
#include <unistd.h>

#include "writer_impl.h"

#define MAX_CUES 2500 /* libsndfile's reader skips cue chunks with more */
#define LABEL_MAX 255 /* libsndfile reads labels into 256-byte names */

typedef struct wav_state {
    SNDFILE *sf;
} wav_state;

static uint32_t fourcc(const char *s)
{
    return (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[1] << 8 |
           (uint32_t)(unsigned char)s[2] << 16 | (uint32_t)(unsigned char)s[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static at_status set_cues(at_writer *w, wav_state *s, at_error *e)
{
    size_t n = w->nchapters, k, size;
    SF_CUES *cues;
    if (n == 0)
        return AT_OK;
    if (n > MAX_CUES)
        return at__err(e, AT_EUSAGE, "%s: %zu chapters; WAV cue lists hold at most %d", w->sink.path, n, MAX_CUES);
    size = offsetof(SF_CUES, cue_points) + n * sizeof(SF_CUE_POINT);
    cues = at__xcalloc(1, size);
    cues->cue_count = (uint32_t)n;
    for (k = 0; k < n; k++) {
        cues->cue_points[k].indx = (int32_t)(k + 1);
        cues->cue_points[k].fcc_chunk = (int32_t)fourcc("data");
    }
    if (sf_command(s->sf, SFC_SET_CUE, cues, (int)size) != SF_TRUE) {
        free(cues);
        return at__err(e, AT_ECODEC, "%s: libsndfile refused the cue points: %s", w->sink.path,
                       sf_strerror(s->sf));
    }
    free(cues);
    return AT_OK;
}

at_status at__wav_open(at_writer *w, const at_tags *tags, at_error *e)
{
    wav_state *s = at__xcalloc(1, sizeof *s);
    SF_INFO info;
    w->enc = s;
    memset(&info, 0, sizeof info);
    info.samplerate = w->rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    s->sf = sf_open_fd(w->sink.fd, SFM_WRITE, &info, 0);
    if (!s->sf)
        return at__err(e, AT_ECODEC, "%s: libsndfile cannot write WAV: %s", w->sink.path, sf_strerror(NULL));
    if (tags && tags->title && *tags->title)
        sf_set_string(s->sf, SF_STR_TITLE, tags->title);
    if (tags && tags->artist && *tags->artist)
        sf_set_string(s->sf, SF_STR_ARTIST, tags->artist);
    if (tags && tags->album && *tags->album)
        sf_set_string(s->sf, SF_STR_ALBUM, tags->album);
    /* LIST/INFO ICRD and ICMT */
    if (tags && tags->date && *tags->date)
        sf_set_string(s->sf, SF_STR_DATE, tags->date);
    if (tags && tags->comment && *tags->comment)
        sf_set_string(s->sf, SF_STR_COMMENT, tags->comment);
    return set_cues(w, s, e);
}

at_status at__wav_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e)
{
    wav_state *s = w->enc;
    if ((size_t)sf_write_short(s->sf, pcm, (sf_count_t)n) != n)
        return at__err(e, AT_EOUTPUT, "%s: write failed: %s", w->sink.path, sf_strerror(s->sf));
    return AT_OK;
}

/* Finds the `cue ` chunk and writes each point's position, in both
 * dwPosition and dwSampleOffset. */
static at_status patch_cues(at_writer *w, uint64_t file_size, at_error *e)
{
    uint64_t off = 12;
    unsigned char h[8];
    at_status st;
    while (off + 8 <= file_size) {
        uint32_t size;
        if ((st = at__sink_pread(&w->sink, h, 8, off, e)) != AT_OK)
            return st;
        size = get_le32(h + 4);
        if (memcmp(h, "cue ", 4) == 0) {
            size_t k;
            for (k = 0; k < w->nchapters; k++) {
                unsigned char p[4];
                uint64_t at = off + 8 + 4 + 24 * k;
                put_le32(p, (uint32_t)w->starts[k]);
                if ((st = at__sink_pwrite(&w->sink, p, 4, at + 4, e)) != AT_OK ||
                    (st = at__sink_pwrite(&w->sink, p, 4, at + 20, e)) != AT_OK)
                    return st;
            }
            return AT_OK;
        }
        off += 8 + size + (size & 1);
    }
    return at__err(e, AT_ECODEC, "%s: libsndfile wrote no cue chunk", w->sink.path);
}

static void put_chunk32(at_buf *b, uint32_t v)
{
    unsigned char t[4];
    put_le32(t, v);
    at__buf_put(b, (const char *)t, 4);
}

/* ltxt, one per cue point: the chapter as a region, from its cue to the
 * next chapter's (the last to the end of the audio). dwName (the cue id),
 * dwSampleLength, dwPurpose "rgn ", then wCountry, wLanguage, wDialect and
 * wCodePage, all 0 (unspecified), and no text: 20 bytes, already even. */
static void put_regions(const at_writer *w, at_buf *b)
{
    size_t k;
    for (k = 0; k < w->nchapters; k++) {
        at__buf_put(b, "ltxt", 4);
        put_chunk32(b, 20);
        put_chunk32(b, (uint32_t)(k + 1));
        put_chunk32(b, (uint32_t)(at__writer_chapter_end(w, k) - w->starts[k]));
        at__buf_put(b, "rgn \0\0\0\0\0\0\0\0", 12);
    }
}

/* LIST/adtl: one labl per cue point: dwName (the cue id), the text with its
 * NUL, padded to an even length; then the regions. The labels come first
 * because ffmpeg's reader stops at the first sub-chunk that is not a labl. */
static at_status append_adtl(at_writer *w, at_error *e)
{
    at_buf b = {0};
    size_t k;
    at_status st;
    at__buf_put(&b, "LIST\0\0\0\0adtl", 12);
    for (k = 0; k < w->nchapters; k++) {
        size_t len = strlen(w->titles[k]);
        if (len > LABEL_MAX) {
            len = LABEL_MAX;
            while (len > 0 && ((unsigned char)w->titles[k][len] & 0xC0) == 0x80)
                len--; /* cut on a character boundary */
        }
        at__buf_put(&b, "labl", 4);
        put_chunk32(&b, (uint32_t)(4 + len + 1));
        put_chunk32(&b, (uint32_t)(k + 1));
        at__buf_put(&b, w->titles[k], len);
        at__buf_putc(&b, '\0');
        if ((len + 1) & 1)
            at__buf_putc(&b, '\0');
    }
    put_regions(w, &b);
    put_le32((unsigned char *)b.p + 4, (uint32_t)(b.n - 8));
    st = at__sink_write(&w->sink, b.p, b.n, e);
    at__buf_free(&b);
    return st;
}

at_status at__wav_finish(at_writer *w, at_error *e)
{
    wav_state *s = w->enc;
    unsigned char t[4];
    off_t end;
    at_status st;
    int r = sf_close(s->sf);
    s->sf = NULL;
    if (r != 0)
        return at__err(e, AT_EOUTPUT, "%s: libsndfile failed to finish the file: %s", w->sink.path,
                       sf_error_number(r));
    end = lseek(w->sink.fd, 0, SEEK_END);
    if (end < 0)
        return at__err(e, AT_EOUTPUT, "%s: cannot find the end of the output", w->sink.path);
    w->sink.size = (uint64_t)end;
    if (w->nchapters == 0)
        return AT_OK;
    if (w->sink.size & 1) {
        if ((st = at__sink_write(&w->sink, "", 1, e)) != AT_OK)
            return st;
    }
    if ((st = patch_cues(w, w->sink.size, e)) != AT_OK || (st = append_adtl(w, e)) != AT_OK)
        return st;
    put_le32(t, (uint32_t)(w->sink.size - 8));
    return at__sink_pwrite(&w->sink, t, 4, 4, e);
}

void at__wav_free(at_writer *w)
{
    wav_state *s = w->enc;
    if (!s)
        return;
    if (s->sf)
        sf_close(s->sf);
    free(s);
    w->enc = NULL;
}
