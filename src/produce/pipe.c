#include "pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SLOTS 32       /* about 12 s of audio at 22.05 kHz */
#define SLOT_PCM 8192

typedef enum msg_kind { MSG_PCM, MSG_SILENCE, MSG_SECTION, MSG_CUE, MSG_FINISH } msg_kind;

typedef struct msg {
    msg_kind kind;
    size_t n;            /* samples (PCM, SILENCE) or section (SECTION) */
    uint64_t start, end; /* CUE */
    const char *speaker;
    char *text;
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
};

static void run_msg(at_pipe *p, msg *m)
{
    at_status st = AT_OK;
    switch (m->kind) {
    case MSG_PCM:
        st = at__program_pcm(p->prog, m->pcm, m->n, &p->err);
        break;
    case MSG_SILENCE:
        st = at__program_silence(p->prog, m->n, &p->err);
        break;
    case MSG_SECTION:
        at__program_section(p->prog, m->n);
        break;
    case MSG_CUE:
        st = at__program_cue(p->prog, m->start, m->end, m->speaker, m->text, &p->err);
        break;
    case MSG_FINISH:
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

at_status at__pipe_pcm(at_pipe *p, const int16_t *pcm, size_t n, at_error *e)
{
    while (n) {
        size_t k = n < SLOT_PCM ? n : SLOT_PCM;
        msg *m = acquire(p, e);
        if (!m)
            return failed(p, e);
        m->kind = MSG_PCM;
        m->n = k;
        memcpy(m->pcm, pcm, k * sizeof *pcm);
        publish(p);
        p->samples += k;
        pcm += k;
        n -= k;
    }
    return AT_OK;
}

at_status at__pipe_silence(at_pipe *p, size_t n, at_error *e)
{
    msg *m;
    if (n == 0)
        return AT_OK;
    if (!(m = acquire(p, e)))
        return failed(p, e);
    m->kind = MSG_SILENCE;
    m->n = n;
    publish(p);
    p->samples += n;
    return AT_OK;
}

void at__pipe_section(at_pipe *p, size_t k)
{
    msg *m = acquire(p, NULL);
    if (!m)
        return;
    m->kind = MSG_SECTION;
    m->n = k;
    publish(p);
}

at_status at__pipe_cue(at_pipe *p, uint64_t start, uint64_t end, const char *speaker, const char *text,
                       at_error *e)
{
    msg *m = acquire(p, e);
    if (!m)
        return failed(p, e);
    m->kind = MSG_CUE;
    m->start = start;
    m->end = end;
    m->speaker = speaker;
    m->text = at__xstrdup(text);
    publish(p);
    return AT_OK;
}

uint64_t at__pipe_samples(const at_pipe *p)
{
    return p->samples;
}

at_status at__pipe_finish(at_pipe *p, at_error *e)
{
    msg *m = acquire(p, e);
    if (!m)
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
    for (k = 0; k < SLOTS; k++)
        free(p->slots[k].text);
    free(p->slots);
    at__program_free(p->prog);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    free(p);
}
