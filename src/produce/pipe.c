#include "pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "level.h"
#include "util.h"

#define SLOTS 32       /* about 12 s of audio at 22.05 kHz */
#define SLOT_PCM 8192
#define LEVEL_ROUNDS 1     /* encodings of the program after the first, at most */

typedef enum msg_kind { MSG_PCM, MSG_RAW, MSG_SPOOL, MSG_SECTION, MSG_CUE, MSG_RESTART, MSG_FINISH } msg_kind;

typedef struct msg {
    msg_kind kind;
    size_t n;            /* samples (PCM, SPOOL) or section (SECTION) */
    uint64_t start;      /* the position of a SECTION */
    at_cue cue;          /* CUE; its text and word times are owned by the message */
    char *text;
    uint64_t *words;
    int16_t pcm[SLOT_PCM];
} msg;

struct at_pipe {
    at_program *prog;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    msg *slots;
    size_t head, count;
    int stop;            /* the producer gave up: drop the rest */
    int done;            /* the consumer finished (or failed) */
    at_status status;    /* the consumer's result */
    at_error err;
    uint64_t samples;
    at_level *level;     /* the loudness stage */
    int level_here;      /* 1: it runs on the consumer's side (cheap encoders) */
};

static at_status deliver_pcm(void *ud, const int16_t *pcm, size_t n, at_error *e)
{
    return at__program_pcm(ud, pcm, n, e);
}

static at_status read_spool(void *ud, int16_t *pcm, size_t n, uint64_t off, at_error *e);

/* The consumer's side of the level stage: raw PCM is spooled and
 * measured here, and at the end leveled and encoded. */
static at_status consume_raw(at_pipe *p, const int16_t *pcm, size_t n)
{
    at_status st = at__program_spool(p->prog, pcm, n, &p->err);
    if (st == AT_OK)
        at__level_push(p->level, pcm, n);
    return st;
}

static at_status consume_end(at_pipe *p)
{
    int on_target = 0, round;
    uint64_t total = at__program_spooled(p->prog);
    at_status st = at__level_end(p->level, read_spool, p, total, &p->err);
    for (round = 0; st == AT_OK && !on_target && round <= LEVEL_ROUNDS; round++) {
        if (round > 0) {
            at__program_keep_scale(p->prog); /* the MP3 encoders that start over keep their calibration */
            if ((st = at__program_restart(p->prog, &p->err)) != AT_OK)
                return st;
        }
        st = at__level_emit(p->level, read_spool, p, total, deliver_pcm, p->prog, &on_target, &p->err);
    }
    return st;
}

static void run_msg(at_pipe *p, msg *m)
{
    at_status st = AT_OK;
    switch (m->kind) {
    case MSG_PCM:
        st = at__program_pcm(p->prog, m->pcm, m->n, &p->err);
        break;
    case MSG_RAW:
        st = consume_raw(p, m->pcm, m->n);
        break;
    case MSG_SPOOL:
        st = at__program_spool(p->prog, m->pcm, m->n, &p->err);
        break;
    case MSG_SECTION:
        at__program_section(p->prog, m->n, m->start);
        break;
    case MSG_RESTART:
        st = at__program_restart(p->prog, &p->err);
        break;
    case MSG_CUE:
        m->cue.text = m->text;
        m->cue.word_at = m->words;
        st = at__program_cue(p->prog, &m->cue, &p->err);
        break;
    case MSG_FINISH:
        if (p->level_here)
            st = consume_end(p);
        if (st == AT_OK)
            st = at__program_finish(p->prog, &p->err);
        break;
    }
    if (st != AT_OK)
        p->status = st;
}

static void *consumer(void *arg)
{
    at_pipe *p = arg;
    for (;;) {
        msg *m;
        int finish;
        pthread_mutex_lock(&p->mu);
        while (p->count == 0 && !p->stop)
            pthread_cond_wait(&p->not_empty, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        m = &p->slots[p->head];
        pthread_mutex_unlock(&p->mu);
        /* the slot stays ours until it is released below */
        finish = m->kind == MSG_FINISH;
        if (p->status == AT_OK)
            run_msg(p, m);
        free(m->text);
        m->text = NULL;
        free(m->words);
        m->words = NULL;
        pthread_mutex_lock(&p->mu);
        p->head = (p->head + 1) % SLOTS;
        p->count--;
        pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->mu);
        if (finish)
            break;
    }
    pthread_mutex_lock(&p->mu);
    p->done = 1;
    pthread_cond_broadcast(&p->not_full);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

at_status at__pipe_open(at_pipe **out, const at_program_spec *spec, at_error *e)
{
    at_pipe *p = at__xcalloc(1, sizeof *p);
    at_status st;
    *out = p;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    pthread_cond_init(&p->not_full, NULL);
    p->slots = at__xcalloc(SLOTS, sizeof *p->slots);
    if ((st = at__program_open(&p->prog, spec, e)) != AT_OK)
        return st;
    if (spec->loudness_on && !(p->level = at__level_new(spec->rate, spec->loudness, spec->true_peak)))
        return at__err(e, AT_ENOMEM, "loudness: libebur128 failed to start");
    /* WAV costs nothing to encode: then the consumer does the leveling, and
     * the engine's thread only speaks */
    p->level_here = p->level && spec->format == AT_FORMAT_WAV;
    if (pthread_create(&p->thread, NULL, consumer, p) != 0)
        return at__err(e, AT_ENOMEM, "cannot start the encoding thread");
    p->started = 1;
    return AT_OK;
}

/* Takes a free slot, waiting while the queue is full; NULL when the
 * consumer has stopped, with its error in `e`. */
static msg *acquire(at_pipe *p, at_error *e)
{
    msg *m;
    pthread_mutex_lock(&p->mu);
    while (p->count == SLOTS && !p->done)
        pthread_cond_wait(&p->not_full, &p->mu);
    if (p->done || p->status != AT_OK) {
        pthread_mutex_unlock(&p->mu);
        if (e && p->status != AT_OK)
            *e = p->err;
        return NULL;
    }
    m = &p->slots[(p->head + p->count) % SLOTS];
    pthread_mutex_unlock(&p->mu);
    return m;
}

static void publish(at_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->count++;
    pthread_cond_signal(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
}

static at_status failed(at_pipe *p, at_error *e)
{
    if (p->status != AT_OK) {
        if (e)
            *e = p->err;
        return p->status;
    }
    return at__err(e, AT_ESTATE, "the encoding thread has stopped");
}

/* Queues n samples as `kind`, a slot at a time. */
static at_status enqueue(at_pipe *p, msg_kind kind, const int16_t *pcm, size_t n, at_error *e)
{
    while (n) {
        size_t k = n < SLOT_PCM ? n : SLOT_PCM;
        msg *m = acquire(p, e);
        if (!m)
            return failed(p, e);
        m->kind = kind;
        m->n = k;
        memcpy(m->pcm, pcm, k * sizeof *pcm);
        publish(p);
        pcm += k;
        n -= k;
    }
    return AT_OK;
}

static at_status emit_pcm(void *ud, const int16_t *pcm, size_t n, at_error *e)
{
    return enqueue(ud, MSG_PCM, pcm, n, e);
}

at_status at__pipe_pcm(at_pipe *p, const int16_t *pcm, size_t n, at_error *e)
{
    at_status st;
    p->samples += n;
    if (!p->level)
        return enqueue(p, MSG_PCM, pcm, n, e);
    if (p->level_here)
        return enqueue(p, MSG_RAW, pcm, n, e);
    if ((st = enqueue(p, MSG_SPOOL, pcm, n, e)) != AT_OK)
        return st;
    at__level_push(p->level, pcm, n);
    return AT_OK;
}

at_status at__pipe_silence(at_pipe *p, size_t n, at_error *e)
{
    static const int16_t zeros[1024];
    while (n) {
        size_t k = n < 1024 ? n : 1024;
        at_status st = at__pipe_pcm(p, zeros, k, e);
        if (st != AT_OK)
            return st;
        n -= k;
    }
    return AT_OK;
}

void at__pipe_section(at_pipe *p, size_t k)
{
    msg *m = acquire(p, NULL);
    if (!m)
        return;
    m->kind = MSG_SECTION;
    m->n = k;
    m->start = p->samples;
    publish(p);
}

at_status at__pipe_cue(at_pipe *p, const at_cue *c, at_error *e)
{
    msg *m = acquire(p, e);
    if (!m)
        return failed(p, e);
    m->kind = MSG_CUE;
    m->cue = *c;
    m->text = at__xstrdup(c->text);
    m->words = NULL;
    if (c->word_at) {
        m->words = at__xcalloc(c->nwords ? c->nwords : 1, sizeof *m->words);
        memcpy(m->words, c->word_at, c->nwords * sizeof *m->words);
    }
    publish(p);
    return AT_OK;
}

uint64_t at__pipe_samples(const at_pipe *p)
{
    return p->samples;
}

/* Waits until the consumer has taken everything queued. */
static void drain(at_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->count > 0 && !p->done)
        pthread_cond_wait(&p->not_full, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static at_status read_spool(void *ud, int16_t *pcm, size_t n, uint64_t off, at_error *e)
{
    const at_pipe *p = ud;
    return at__program_spool_read(p->prog, pcm, n, off, e);
}

/* Ends the level stage: once the consumer has spooled everything, the
 * gain for the whole program, then the spool through it to the encoders;
 * when the result is not on target, the encoders start over and it goes
 * through the corrected gain again, at most LEVEL_ROUNDS times. The
 * consumer encodes while the spool is read. */
static at_status end_level(at_pipe *p, at_error *e)
{
    int on_target = 0, round;
    at_status st;
    drain(p); /* the spool is whole */
    if (p->status != AT_OK)
        return failed(p, e);
    st = at__level_end(p->level, read_spool, p, p->samples, e);
    for (round = 0; st == AT_OK && !on_target && round <= LEVEL_ROUNDS; round++) {
        if (round > 0) {
            msg *m;
            drain(p); /* the consumer is idle: its encoders can be read */
            if (p->status != AT_OK)
                return failed(p, e);
            at__program_keep_scale(p->prog);
            if (!(m = acquire(p, e)))
                return failed(p, e);
            m->kind = MSG_RESTART;
            publish(p);
            drain(p);
            if (p->status != AT_OK)
                return failed(p, e);
        }
        st = at__level_emit(p->level, read_spool, p, p->samples, emit_pcm, p, &on_target, e);
    }
    return st;
}

at_status at__pipe_finish(at_pipe *p, at_error *e)
{
    msg *m;
    at_status st;
    if (p->level && !p->level_here && (st = end_level(p, e)) != AT_OK)
        return st;
    if (!(m = acquire(p, e)))
        return failed(p, e);
    m->kind = MSG_FINISH;
    publish(p);
    pthread_join(p->thread, NULL);
    p->started = 0;
    if (p->status != AT_OK && e)
        *e = p->err;
    return p->status;
}

void at__pipe_free(at_pipe *p)
{
    size_t k;
    if (!p)
        return;
    if (p->started) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->not_empty);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
    }
    for (k = 0; k < SLOTS; k++) {
        free(p->slots[k].text);
        free(p->slots[k].words);
    }
    free(p->slots);
    at__program_free(p->prog);
    at__level_free(p->level);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    free(p);
}
