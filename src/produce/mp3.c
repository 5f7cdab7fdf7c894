/* MP3 through LAME, with an ID3v2.3 tag of articast's own at offset 0.
 *
 * LAME's own tags are off; its Info (VBR/LAME) frame is on, so it reserves
 * the first MPEG frame, and after the flush we write the real Info frame
 * there: at the tag size. The Info frame records the encoder delay and
 * padding, so gapless decoders land exactly on the chapter marks.
 *
 * Loudness survives the encoding: at 64 kbps LAME's low-pass takes away
 * high-frequency energy that the K-weighting of EBU R128 counts, so
 * speech leveled to -16 LUFS decodes about 0.45 LU quieter. With
 * `calibrate` set, the writer holds the first CAL_SECONDS, encodes them
 * once with a scratch encoder, decodes them with LAME's own decoder (hip)
 * and measures both with libebur128; the real encoder then scales its
 * input by the loss (lame_set_scale, in LAME's float domain, so nothing
 * clips). An encoding again (the level stage's second pass) is scaled as
 * the first was (at_enc_options.scale_db), without calibrating again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lame/lame.h>

#include "id3.h"
#include "loudness.h"
#include "writer_impl.h"

#define CAL_SECONDS 20
#define MAX_SCALE_DB 3.0 /* a loss beyond this is not the low-pass: leave it */
#define DEC_SAMPLES 4608 /* hip_decode1 returns one frame: at most 1152 samples */

typedef struct mp3_state {
    lame_global_flags *gf;
    short *dec;        /* the decoder's output, while calibrating */
    int16_t *cal;      /* the first samples, held while calibrating */
    size_t ncal, cal_cap;
    double scale_db;
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

/* A LAME encoder with the writer's settings, its input scaled by
 * `scale_db`. */
static at_status make_encoder(at_writer *w, double scale_db, lame_global_flags **out, at_error *e)
{
    lame_global_flags *gf = lame_init();
    *out = gf;
    if (!gf)
        return at__err(e, AT_ECODEC, "MP3 encoder: LAME failed to start");
    lame_set_in_samplerate(gf, w->rate);
    /* LAME resamples when asked for another rate; chapter times stay in
     * input samples, which map to the same milliseconds */
    lame_set_out_samplerate(gf, w->opt.sample_rate > 0 ? w->opt.sample_rate : w->rate);
    lame_set_num_channels(gf, 1);
    lame_set_mode(gf, MONO);
    if (w->opt.vbr_quality >= 0) {
        lame_set_VBR(gf, vbr_default);
        lame_set_VBR_quality(gf, (float)w->opt.vbr_quality);
    } else {
        lame_set_VBR(gf, vbr_off);
        lame_set_brate(gf, w->opt.bitrate);
    }
    lame_set_quality(gf, w->opt.quality);
    lame_set_write_id3tag_automatic(gf, 0);
    lame_set_bWriteVbrTag(gf, 1);
    if (scale_db != 0.0)
        lame_set_scale(gf, (float)pow(10.0, scale_db / 20.0));
    if (lame_init_params(gf) < 0)
        return at__err(e, AT_EUSAGE, "%s: LAME rejects %d kbps at %d Hz", w->sink.path, w->opt.bitrate,
                       w->opt.sample_rate > 0 ? w->opt.sample_rate : w->rate);
    return AT_OK;
}

at_status at__mp3_open(at_writer *w, const at_tags *tags, at_error *e)
{
    mp3_state *m = at__xcalloc(1, sizeof *m);
    at_status st;
    w->enc = m;
    m->scale_db = w->opt.scale_db;
    if ((st = make_encoder(w, m->scale_db, &m->gf, e)) != AT_OK)
        return st;
    if (w->opt.vbr_quality < 0 && !info_frame_fits(m->gf))
        return at__err(e, AT_EUSAGE,
                       "%s: at %d Hz, %d kbps frames are too small for LAME's Info frame, so players could "
                       "not trim the encoder delay and chapters would drift; raise --bitrate",
                       w->sink.path, lame_get_out_samplerate(m->gf), lame_get_brate(m->gf));
    if (w->opt.calibrate && !w->opt.scale_set) {
        m->dec = at__xmalloc(DEC_SAMPLES * sizeof *m->dec);
        m->cal_cap = (size_t)CAL_SECONDS * (size_t)w->rate;
    }
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

/* Encodes `n` samples and writes the frames. */
static at_status encode(at_writer *w, mp3_state *m, const int16_t *pcm, size_t n, at_error *e)
{
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

/* The loudness the held samples lose in a scratch encoding, in LU (< 0
 * when the decoded sound is quieter); 0 when it cannot be measured. */
static double coding_loss(at_writer *w, mp3_state *m)
{
    lame_global_flags *gf = NULL;
    hip_t hip = hip_decode_init();
    at_meter *in = at__meter_new(w->rate), *out = NULL;
    at_error e;
    size_t off = 0;
    double loss = 0.0, a, b;
    if (!hip || !in || make_encoder(w, 0.0, &gf, &e) != AT_OK ||
        !(out = at__meter_new(lame_get_out_samplerate(gf))))
        goto done;
    at__meter_add(in, m->cal, m->ncal);
    for (; off <= m->ncal; off += 8192) {
        size_t k = m->ncal - off < 8192 ? m->ncal - off : 8192;
        int r, d;
        grow_buf(m, 8192);
        r = k ? lame_encode_buffer(gf, m->cal + off, m->cal + off, (int)k, m->buf, (int)m->cap)
              : lame_encode_flush(gf, m->buf, (int)m->cap);
        if (r < 0)
            goto done;
        /* one frame per call: the first takes the bytes, the next ones
         * decode what they completed */
        for (d = r > 0 ? hip_decode1(hip, m->buf, (size_t)r, m->dec, m->dec) : 0; d > 0;
             d = hip_decode1(hip, m->buf, 0, m->dec, m->dec))
            at__meter_add(out, m->dec, (size_t)d);
        if (!k)
            break;
    }
    a = at__meter_lufs(in);
    b = at__meter_lufs(out);
    if (isfinite(a) && isfinite(b) && fabs(b - a) <= MAX_SCALE_DB)
        loss = b - a;
done:
    if (gf)
        lame_close(gf);
    if (hip)
        hip_decode_exit(hip);
    at__meter_free(in);
    at__meter_free(out);
    return loss;
}

/* Ends the calibration: the real encoder, scaled by the loss measured on
 * the held samples, encodes them. Nothing was encoded before, so the
 * encoder can be replaced. */
static at_status calibrate(at_writer *w, mp3_state *m, at_error *e)
{
    at_status st = AT_OK;
    double loss = coding_loss(w, m);
    m->cal_cap = 0;
    if (loss != 0.0) {
        lame_close(m->gf);
        m->scale_db = -loss;
        if ((st = make_encoder(w, m->scale_db, &m->gf, e)) != AT_OK)
            return st;
    }
    st = encode(w, m, m->cal, m->ncal, e);
    free(m->cal);
    m->cal = NULL;
    m->ncal = 0;
    return st;
}

at_status at__mp3_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e)
{
    mp3_state *m = w->enc;
    at_status st;
    if (m->cal_cap) {
        size_t k = m->cal_cap - m->ncal < n ? m->cal_cap - m->ncal : n;
        if (!m->cal)
            m->cal = at__xmalloc(m->cal_cap * sizeof *m->cal);
        memcpy(m->cal + m->ncal, pcm, k * sizeof *pcm);
        m->ncal += k;
        pcm += k;
        n -= k;
        if (m->ncal < m->cal_cap)
            return AT_OK;
        if ((st = calibrate(w, m, e)) != AT_OK)
            return st;
    }
    return encode(w, m, pcm, n, e);
}

double at__mp3_scale_db(const at_writer *w)
{
    const mp3_state *m = w->enc;
    return m && !m->cal_cap ? m->scale_db : NAN; /* NaN: still calibrating */
}

at_status at__mp3_finish(at_writer *w, at_error *e)
{
    mp3_state *m = w->enc;
    unsigned char tagframe[2880];
    size_t k, len;
    int r;
    at_status st;
    if (m->cal_cap && (st = calibrate(w, m, e)) != AT_OK) /* a program shorter than the calibration */
        return st;
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
    free(m->dec);
    free(m->cal);
    free(m->buf);
    free(m->time_at);
    free(m);
    w->enc = NULL;
}
