/* MP3 through LAME, with an ID3v2.3 tag of articast's own at offset 0.
 *
 * LAME's own tags are off; its Info (VBR/LAME) frame is on, so it reserves
 * the first MPEG frame, and after the flush we write the real Info frame
 * there: at the tag size. The Info frame records the encoder delay and
 * padding, so gapless decoders land exactly on the chapter marks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lame/lame.h>

#include "id3.h"
#include "writer_impl.h"

typedef struct mp3_state {
    lame_global_flags *gf;
    unsigned char *buf;
    size_t cap;
    size_t tag_size;
    size_t tlen_at;  /* offset of TLEN's digits, 0 = none */
    size_t *time_at; /* per chapter: offset of its start-time field */
} mp3_state;

static at_status put_tag(at_writer *w, mp3_state *m, const at_tags *tags, at_error *e)
{
    at_id3_text texts[8], date;
    size_t nt = 0;
    char year[5] = {0};
    at_id3 tag;
    at_buf b = {0};
    at_status st;
    memset(&tag, 0, sizeof tag);
    if (tags) {
        texts[nt].id = "TIT2";
        texts[nt++].value = tags->title;
        texts[nt].id = "TPE1";
        texts[nt++].value = tags->artist;
        texts[nt].id = "TALB";
        texts[nt++].value = tags->album;
        texts[nt].id = "TCON";
        texts[nt++].value = tags->genre;
        texts[nt].id = "TRCK";
        texts[nt++].value = tags->track;
        texts[nt].id = "TDES"; /* iTunes' podcast description frame, which mutagen knows */
        texts[nt++].value = tags->summary;
        if (tags->date && strlen(tags->date) >= 4 && at__is_digit((unsigned char)tags->date[0])) {
            memcpy(year, tags->date, 4);
            texts[nt].id = "TYER";
            texts[nt++].value = year;
        }
        tag.comment = tags->comment;
        tag.picture = tags->cover;
        tag.picture_len = tags->cover_len;
        tag.picture_mime = tags->cover ? at__picture_mime(tags->cover, tags->cover_len) : NULL;
        if (tags->cover && !tag.picture_mime)
            return at__err(e, AT_EUSAGE, "%s: the cover is neither JPEG nor PNG", w->sink.path);
    }
    tag.texts = texts;
    tag.ntexts = nt;
    tag.tlen = 1;
    if (tags && tags->date) {
        date.id = "articast:date";
        date.value = tags->date;
        tag.txxx = &date;
        tag.ntxxx = 1;
    }
    tag.toc_title = tags ? tags->title : NULL;
    tag.chapter_titles = (const char *const *)w->titles;
    tag.nchapters = w->nchapters;
    m->time_at = at__xcalloc(w->nchapters ? w->nchapters : 1, sizeof *m->time_at);
    st = at__id3_build(&tag, &b, m->time_at, e);
    if (st == AT_OK) {
        m->tlen_at = at__id3_tlen_offset(&b);
        st = at__sink_write(&w->sink, b.p, b.n, e);
    }
    m->tag_size = b.n;
    at__buf_free(&b);
    return st;
}

/* LAME writes its Info frame (Xing header with its 100-entry seek table,
 * then the LAME tag: 156 bytes) in one CBR frame after the frame header (4)
 * and the mono side info (17 bytes in MPEG-1, 9 in MPEG-2 and 2.5). A frame
 * holds 144 (MPEG-1) or 72 (MPEG-2, 2.5) times bitrate over sample rate
 * bytes. When it does not fit, LAME silently leaves the frame out. */
static int info_frame_fits(lame_global_flags *gf)
{
    int v = lame_get_version(gf); /* 0 = MPEG-2, 1 = MPEG-1, 2 = MPEG-2.5 */
    long bytes = (v == 1 ? 144L : 72L) * lame_get_brate(gf) * 1000L / lame_get_out_samplerate(gf);
    return bytes >= 4 + (v == 1 ? 17 : 9) + 156;
}

at_status at__mp3_open(at_writer *w, const at_tags *tags, at_error *e)
{
    mp3_state *m = at__xcalloc(1, sizeof *m);
    w->enc = m;
    m->gf = lame_init();
    if (!m->gf)
        return at__err(e, AT_ECODEC, "MP3 encoder: LAME failed to start");
    lame_set_in_samplerate(m->gf, w->rate);
    /* LAME resamples when asked for another rate; chapter times stay in
     * input samples, which map to the same milliseconds */
    lame_set_out_samplerate(m->gf, w->opt.sample_rate > 0 ? w->opt.sample_rate : w->rate);
    lame_set_num_channels(m->gf, 1);
    lame_set_mode(m->gf, MONO);
    if (w->opt.vbr_quality >= 0) {
        lame_set_VBR(m->gf, vbr_default);
        lame_set_VBR_quality(m->gf, (float)w->opt.vbr_quality);
    } else {
        lame_set_VBR(m->gf, vbr_off);
        lame_set_brate(m->gf, w->opt.bitrate);
    }
    lame_set_quality(m->gf, w->opt.quality);
    lame_set_write_id3tag_automatic(m->gf, 0);
    lame_set_bWriteVbrTag(m->gf, 1);
    if (lame_init_params(m->gf) < 0)
        return at__err(e, AT_EUSAGE, "%s: LAME rejects %d kbps at %d Hz", w->sink.path, w->opt.bitrate,
                       w->opt.sample_rate > 0 ? w->opt.sample_rate : w->rate);
    if (w->opt.vbr_quality < 0 && !info_frame_fits(m->gf))
        return at__err(e, AT_EUSAGE,
                       "%s: at %d Hz, %d kbps frames are too small for LAME's Info frame, so players could "
                       "not trim the encoder delay and chapters would drift; raise --bitrate",
                       w->sink.path, lame_get_out_samplerate(m->gf), lame_get_brate(m->gf));
    return put_tag(w, m, tags, e);
}

static at_status grow_buf(mp3_state *m, size_t n)
{
    size_t need = n + n / 4 + 7200; /* LAME's documented worst case */
    if (need > m->cap) {
        free(m->buf);
        m->buf = at__xmalloc(need);
        m->cap = need;
    }
    return AT_OK;
}

at_status at__mp3_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e)
{
    mp3_state *m = w->enc;
    while (n) {
        size_t k = n < 8192 ? n : 8192;
        int r;
        grow_buf(m, k);
        r = lame_encode_buffer(m->gf, pcm, pcm, (int)k, m->buf, (int)m->cap);
        if (r < 0)
            return at__err(e, AT_ECODEC, "MP3 encoder: LAME failed (error %d)", r);
        if (r > 0) {
            at_status st = at__sink_write(&w->sink, m->buf, (size_t)r, e);
            if (st != AT_OK)
                return st;
        }
        pcm += k;
        n -= k;
    }
    return AT_OK;
}

at_status at__mp3_finish(at_writer *w, at_error *e)
{
    mp3_state *m = w->enc;
    unsigned char tagframe[2880];
    size_t k, len;
    int r;
    at_status st;
    grow_buf(m, 8192);
    r = lame_encode_flush(m->gf, m->buf, (int)m->cap);
    if (r < 0)
        return at__err(e, AT_ECODEC, "MP3 encoder: LAME failed to flush (error %d)", r);
    if (r > 0 && (st = at__sink_write(&w->sink, m->buf, (size_t)r, e)) != AT_OK)
        return st;
    len = lame_get_lametag_frame(m->gf, tagframe, sizeof tagframe);
    if (len > 0 && len <= sizeof tagframe &&
        (st = at__sink_pwrite(&w->sink, tagframe, len, m->tag_size, e)) != AT_OK)
        return st;
    for (k = 0; k < w->nchapters; k++) {
        unsigned char t[8];
        /* the last chapter ends where the audio does, at TLEN, as a
         * gapless decoder plays it; the frames' padding after it is not
         * audio */
        uint64_t end = at__writer_chapter_end(w, k);
        w->start_ms[k] = at__samples_to_ms(w->starts[k], w->rate);
        w->end_ms[k] = at__samples_to_ms(end, w->rate);
        at__id3_put_u32(t, w->start_ms[k]);
        at__id3_put_u32(t + 4, w->end_ms[k]);
        if ((st = at__sink_pwrite(&w->sink, t, 8, m->time_at[k], e)) != AT_OK)
            return st;
    }
    if (m->tlen_at) {
        char digits[AT_ID3_TLEN_DIGITS + 1];
        snprintf(digits, sizeof digits, "%010u", at__samples_to_ms(w->samples, w->rate));
        if ((st = at__sink_pwrite(&w->sink, digits, AT_ID3_TLEN_DIGITS, m->tlen_at, e)) != AT_OK)
            return st;
    }
    return AT_OK;
}

void at__mp3_free(at_writer *w)
{
    mp3_state *m = w->enc;
    if (!m)
        return;
    if (m->gf)
        lame_close(m->gf);
    free(m->buf);
    free(m->time_at);
    free(m);
    w->enc = NULL;
}
