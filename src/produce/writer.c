/* The writer: one front for the MP3 and WAV encoders. */
#include <stdlib.h>
#include <string.h>

#include "produce.h"
#include "sink.h"
#include "util.h"
#include "writer_impl.h"

uint32_t at__samples_to_ms(uint64_t samples, int rate)
{
    return (uint32_t)((samples * 1000u + (uint64_t)rate / 2) / (uint64_t)rate);
}

at_status at__writer_open(at_writer **out, at_format fmt, const char *path, int rate, const at_tags *tags,
                          const char *const *chapter_titles, size_t nchapters, const at_enc_options *opt,
                          at_error *e)
{
    at_writer *w = at__xcalloc(1, sizeof *w);
    at_status st;
    size_t k;
    w->fmt = fmt;
    w->rate = rate;
    w->nchapters = nchapters;
    w->starts = at__xcalloc(nchapters ? nchapters : 1, sizeof *w->starts);
    w->marked = at__xcalloc(nchapters ? nchapters : 1, 1);
    w->start_ms = at__xcalloc(nchapters ? nchapters : 1, sizeof *w->start_ms);
    w->end_ms = at__xcalloc(nchapters ? nchapters : 1, sizeof *w->end_ms);
    w->titles = at__xcalloc(nchapters ? nchapters : 1, sizeof *w->titles);
    for (k = 0; k < nchapters; k++)
        w->titles[k] = at__xstrdup(chapter_titles[k] ? chapter_titles[k] : "");
    if (opt)
        w->opt = *opt;
    if (w->opt.bitrate <= 0)
        w->opt.bitrate = 64;
    if (w->opt.quality < 0 || w->opt.quality > 9)
        w->opt.quality = 7;
    if (!opt)
        w->opt.vbr_quality = -1;
    w->sink.fd = -1;
    if ((st = at__sink_open_flags(&w->sink, path, at__enc_sink_flags(&w->opt), e)) != AT_OK) {
        at__writer_free(w);
        return st;
    }
    st = fmt == AT_FORMAT_MP3 ? at__mp3_open(w, tags, e) : at__wav_open(w, tags, e);
    if (st != AT_OK) {
        at__writer_free(w);
        return st;
    }
    *out = w;
    return AT_OK;
}

at_status at__writer_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e)
{
    at_status st = w->fmt == AT_FORMAT_MP3 ? at__mp3_pcm(w, pcm, n, e) : at__wav_pcm(w, pcm, n, e);
    if (st == AT_OK)
        w->samples += n;
    return st;
}

void at__writer_chapter(at_writer *w, size_t k)
{
    if (k < w->nchapters) {
        w->starts[k] = w->samples;
        w->marked[k] = 1;
    }
}

uint64_t at__writer_samples(const at_writer *w)
{
    return w->samples;
}

/* Unmarked chapters start where the next marked one does (or at the end);
 * the first always starts at zero. */
static void settle_chapters(at_writer *w)
{
    size_t k = w->nchapters;
    uint64_t next = w->samples;
    while (k-- > 0) {
        if (!w->marked[k] || w->starts[k] > next)
            w->starts[k] = next;
        next = w->starts[k];
    }
    if (w->nchapters)
        w->starts[0] = 0;
}

uint64_t at__writer_chapter_end(const at_writer *w, size_t k)
{
    return k + 1 < w->nchapters ? w->starts[k + 1] : w->samples;
}

at_status at__writer_close(at_writer *w, at_error *e)
{
    at_status st;
    size_t k;
    if (w->finished)
        return at__err(e, AT_ESTATE, "writer: finished twice");
    settle_chapters(w);
    for (k = 0; k < w->nchapters; k++) {
        w->start_ms[k] = at__samples_to_ms(w->starts[k], w->rate);
        w->end_ms[k] = at__samples_to_ms(at__writer_chapter_end(w, k), w->rate);
    }
    st = w->fmt == AT_FORMAT_MP3 ? at__mp3_finish(w, e) : at__wav_finish(w, e);
    w->finished = 1;
    return st == AT_OK ? at__sink_ready(&w->sink, e) : st;
}

at_status at__writer_commit(at_writer *w, at_error *e)
{
    if (!w->finished)
        return at__err(e, AT_ESTATE, "writer: commit before close");
    return at__sink_commit(&w->sink, e);
}

at_status at__writer_stage(at_writer *w, at_stage *g, at_error *e)
{
    if (!w->finished)
        return at__err(e, AT_ESTATE, "writer: staged before close");
    return at__stage_sink(g, &w->sink, e);
}

const char *at__writer_temp(const at_writer *w)
{
    return w->sink.tmp;
}

unsigned at__enc_sink_flags(const at_enc_options *o)
{
    return (o && o->no_clobber ? AT_SINK_NO_CLOBBER : 0u) | (o && o->regular_only ? AT_SINK_REGULAR : 0u);
}

at_status at__writer_finish(at_writer *w, at_error *e)
{
    at_status st = at__writer_close(w, e);
    return st == AT_OK ? at__writer_commit(w, e) : st;
}

void at__writer_free(at_writer *w)
{
    size_t k;
    if (!w)
        return;
    if (w->fmt == AT_FORMAT_MP3)
        at__mp3_free(w);
    else
        at__wav_free(w);
    at__sink_abort(&w->sink);
    for (k = 0; k < w->nchapters; k++)
        free(w->titles[k]);
    free(w->titles);
    free(w->starts);
    free(w->marked);
    free(w->start_ms);
    free(w->end_ms);
    free(w);
}

void at__writer_chapter_ms(const at_writer *w, size_t k, uint32_t *start, uint32_t *end)
{
    *start = k < w->nchapters ? w->start_ms[k] : 0;
    *end = k < w->nchapters ? w->end_ms[k] : 0;
}

const char *at__picture_mime(const unsigned char *d, size_t n)
{
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    return NULL;
}

double at__writer_scale_db(const at_writer *w)
{
    return w && w->fmt == AT_FORMAT_MP3 ? at__mp3_scale_db(w) : 0.0;
}
