/* Internals shared by the writer and its encoders. */
#ifndef AT_WRITER_IMPL_H
#define AT_WRITER_IMPL_H

#include "produce.h"
#include "sink.h"
#include "util.h"

struct at_writer {
    at_format fmt;
    int rate;
    at_enc_options opt;
    at_sink sink;
    uint64_t samples;
    size_t nchapters;
    char **titles;
    uint64_t *starts;
    unsigned char *marked;
    uint32_t *start_ms, *end_ms; /* as written, after finish */
    int finished;
    void *enc; /* the encoder's own state */
};

uint64_t at__writer_chapter_end(const at_writer *w, size_t k);

at_status at__mp3_open(at_writer *w, const at_tags *tags, at_error *e);
at_status at__mp3_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e);
at_status at__mp3_finish(at_writer *w, at_error *e);
void at__mp3_free(at_writer *w);
double at__mp3_scale_db(const at_writer *w);

at_status at__wav_open(at_writer *w, const at_tags *tags, at_error *e);
at_status at__wav_pcm(at_writer *w, const int16_t *pcm, size_t n, at_error *e);
at_status at__wav_finish(at_writer *w, at_error *e);
void at__wav_free(at_writer *w);

#endif
