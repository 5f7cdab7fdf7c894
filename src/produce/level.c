#include "level.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loudness.h"
#include "util.h"

#define BLOCK 16384
#define PREFIX_SECONDS 60  /* audio measured before the gain is set */
#define ACCEPT_LU 0.15     /* the streamed result must land this close */
#define REPLAY_LU 0.08     /* and a second pass this close */
#define PEAK_MARGIN_DB 0.6 /* the limiter's peak estimate and MP3 coding are close, not exact */

struct at_level {
    int rate;
    double target, ceiling;
    int16_t *prefix;
    size_t nprefix, prefix_cap;
    int gain_set;
    double gain;
    double measured; /* the loudness of the program as emitted */
    int measured_now; /* `measured` is at the current gain */
    at_limiter *lim;
    at_meter *out;  /* loudness of what was emitted */
    size_t skip;    /* limiter delay still to drop */
    int16_t *buf;
};

at_level *at__level_new(int rate, double target_lufs, double ceiling_db)
{
    at_level *l = at__xcalloc(1, sizeof *l);
    l->rate = rate;
    l->target = target_lufs;
    l->ceiling = ceiling_db - PEAK_MARGIN_DB;
    l->prefix_cap = (size_t)PREFIX_SECONDS * (size_t)rate;
    l->prefix = at__xmalloc(l->prefix_cap * sizeof *l->prefix);
    l->buf = at__xmalloc(BLOCK * sizeof *l->buf);
    l->out = at__meter_new(rate);
    if (!l->out) {
        at__level_free(l);
        return NULL;
    }
    return l;
}

/* Through the gain and the limiter, measured, then emitted. The limiter's
 * delay is dropped at the start and flushed at the end, so every sample
 * keeps its position. */
static at_status stream(at_level *l, const int16_t *pcm, size_t n, at_emit_fn emit, void *ud, at_error *e)
{
    while (n) {
        size_t k = n < BLOCK ? n : BLOCK, drop;
        at_status st;
        at__limiter_run(l->lim, pcm, l->buf, k);
        drop = l->skip < k ? l->skip : k;
        l->skip -= drop;
        at__meter_add(l->out, l->buf + drop, k - drop);
        if ((st = emit(ud, l->buf + drop, k - drop, e)) != AT_OK)
            return st;
        pcm += k;
        n -= k;
    }
    return AT_OK;
}

/* The loudness of `pcm` through `gain_db` and the limiter. */
static double limited_lufs(at_level *l, const int16_t *pcm, size_t n, double gain_db)
{
    at_limiter *lim = at__limiter_new(l->rate, gain_db, l->ceiling);
    at_meter *m = at__meter_new(l->rate);
    size_t off = 0;
    double r;
    while (m && off < n) {
        size_t k = n - off < BLOCK ? n - off : BLOCK;
        at__limiter_run(lim, pcm + off, l->buf, k);
        at__meter_add(m, l->buf, k);
        off += k;
    }
    r = m ? at__meter_lufs(m) : -HUGE_VAL;
    at__meter_free(m);
    at__limiter_free(lim);
    return r;
}

static double plain_lufs(int rate, const int16_t *pcm, size_t n)
{
    at_meter *m = at__meter_new(rate);
    double r;
    if (!m)
        return -HUGE_VAL;
    at__meter_add(m, pcm, n);
    r = at__meter_lufs(m);
    at__meter_free(m);
    return r;
}

/* The gain that brings the limited loudness of the start to the target;
 * then the start goes out. */
static at_status set_gain(at_level *l, at_emit_fn emit, void *ud, at_error *e)
{
    double lin = plain_lufs(l->rate, l->prefix, l->nprefix);
    int i;
    l->gain = 0.0;
    if (isfinite(lin)) {
        l->gain = l->target - lin;
        for (i = 0; i < 4; i++) {
            double got = limited_lufs(l, l->prefix, l->nprefix, l->gain);
            if (!isfinite(got) || fabs(l->target - got) < 0.1)
                break;
            l->gain += l->target - got;
        }
    }
    l->lim = at__limiter_new(l->rate, l->gain, l->ceiling);
    l->skip = at__limiter_delay(l->lim);
    l->gain_set = 1;
    return stream(l, l->prefix, l->nprefix, emit, ud, e);
}

at_status at__level_push(at_level *l, const int16_t *pcm, size_t n, at_emit_fn emit, void *ud, at_error *e)
{
    at_status st;
    if (l->gain_set)
        return stream(l, pcm, n, emit, ud, e);
    while (n && l->nprefix < l->prefix_cap) {
        size_t k = l->prefix_cap - l->nprefix < n ? l->prefix_cap - l->nprefix : n;
        memcpy(l->prefix + l->nprefix, pcm, k * sizeof *pcm);
        l->nprefix += k;
        pcm += k;
        n -= k;
    }
    if (l->nprefix < l->prefix_cap)
        return AT_OK;
    if ((st = set_gain(l, emit, ud, e)) != AT_OK)
        return st;
    return stream(l, pcm, n, emit, ud, e);
}

static at_status flush(at_level *l, at_limiter *lim, size_t skip, at_meter *m, at_emit_fn emit, void *ud,
                       at_error *e)
{
    size_t delay = at__limiter_delay(lim), drop = skip < delay ? skip : delay;
    int16_t *tail = at__xmalloc(delay * sizeof *tail);
    at_status st = AT_OK;
    (void)l;
    at__limiter_flush(lim, tail);
    if (m)
        at__meter_add(m, tail + drop, delay - drop);
    if (emit)
        st = emit(ud, tail + drop, delay - drop, e);
    free(tail);
    return st;
}

at_status at__level_end(at_level *l, at_emit_fn emit, void *ud, int *on_target, at_error *e)
{
    double got;
    at_status st;
    if (!l->gain_set && (st = set_gain(l, emit, ud, e)) != AT_OK)
        return st;
    if ((st = flush(l, l->lim, l->skip, l->out, emit, ud, e)) != AT_OK)
        return st;
    got = at__meter_lufs(l->out);
    l->measured = got;
    *on_target = !isfinite(got) || fabs(got - l->target) <= ACCEPT_LU;
    l->measured_now = *on_target;
    if (!*on_target)
        l->gain += l->target - got;
    return AT_OK;
}

/* One pass over the spool through `gain_db` and a fresh limiter: measured
 * into `m` when given, emitted when `emit` is given. */
static at_status pass(at_level *l, at_read_fn read, void *rud, uint64_t total, double gain_db, at_meter *m,
                      at_emit_fn emit, void *ud, at_error *e)
{
    at_limiter *lim = at__limiter_new(l->rate, gain_db, l->ceiling);
    int16_t *in = at__xmalloc(BLOCK * sizeof *in);
    uint64_t off = 0;
    size_t skip = at__limiter_delay(lim);
    at_status st = AT_OK;
    while (st == AT_OK && off < total) {
        size_t n = total - off < BLOCK ? (size_t)(total - off) : BLOCK, drop;
        if ((st = read(rud, in, n, off, e)) != AT_OK)
            break;
        at__limiter_run(lim, in, l->buf, n);
        drop = skip < n ? skip : n;
        skip -= drop;
        if (m)
            at__meter_add(m, l->buf + drop, n - drop);
        if (emit)
            st = emit(ud, l->buf + drop, n - drop, e);
        off += n;
    }
    if (st == AT_OK)
        st = flush(l, lim, skip, m, emit, ud, e);
    at__limiter_free(lim);
    free(in);
    return st;
}

at_status at__level_replay(at_level *l, at_read_fn read, void *rud, uint64_t total, at_emit_fn emit, void *ud,
                           at_error *e)
{
    int i;
    for (i = 0; i < 4; i++) {
        double got = l->measured;
        if (!l->measured_now) { /* else the streamed pass measured this gain */
            at_meter *m = at__meter_new(l->rate);
            at_status st;
            if (!m)
                return at__err(e, AT_ENOMEM, "loudness: libebur128 failed to start");
            st = pass(l, read, rud, total, l->gain, m, NULL, NULL, e);
            got = at__meter_lufs(m);
            at__meter_free(m);
            if (st != AT_OK)
                return st;
            l->measured = got;
        }
        l->measured_now = 0;
        if (!isfinite(got) || fabs(l->target - got) < REPLAY_LU)
            break;
        l->gain += l->target - got;
    }
    return pass(l, read, rud, total, l->gain, NULL, emit, ud, e);
}

double at__level_measured(const at_level *l)
{
    return l->measured;
}

void at__level_free(at_level *l)
{
    if (!l)
        return;
    at__limiter_free(l->lim);
    at__meter_free(l->out);
    free(l->prefix);
    free(l->buf);
    free(l);
}
