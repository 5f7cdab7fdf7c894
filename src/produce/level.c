#include "level.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loudness.h"
#include "sink.h"
#include "util.h"

#define BLOCK 16384
#define ACCEPT_LU 0.1      /* the emitted program must land this close */
#define SAMPLE_SECONDS 60  /* the limiter's effect is measured on this much */
#define SAMPLE_PARTS 3     /* taken from this many places */
#define PEAK_MARGIN_DB 0.6 /* the limiter's peak estimate and MP3 coding are close, not exact */
#define DEFAULT_SLOPE 0.7  /* LU of limited loudness per dB of gain, until measured */
#define MIN_SLOPE 0.3

struct at_level {
    int rate;
    double target, ceiling;
    double gain;
    double slope;     /* of the limited loudness against the gain */
    at_meter *in;     /* loudness of the input */
    int16_t *buf;
};

at_level *at__level_new(int rate, double target_lufs, double ceiling_db)
{
    at_level *l = at__xcalloc(1, sizeof *l);
    l->rate = rate;
    l->target = target_lufs;
    l->ceiling = ceiling_db - PEAK_MARGIN_DB;
    l->slope = DEFAULT_SLOPE;
    l->buf = at__xmalloc(BLOCK * sizeof *l->buf);
    l->in = at__meter_new(rate);
    if (!l->in) {
        at__level_free(l);
        return NULL;
    }
    return l;
}

void at__level_push(at_level *l, const int16_t *pcm, size_t n)
{
    at__meter_add(l->in, pcm, n);
}

/* The slope from two measurements, (gain, loudness) a and b, when they
 * are far enough apart to tell. */
static void learn_slope(at_level *l, double ga, double la, double gb, double lb)
{
    double s;
    if (fabs(gb - ga) < 0.05)
        return;
    s = (lb - la) / (gb - ga);
    l->slope = s < MIN_SLOPE ? MIN_SLOPE : s > 1.0 ? 1.0 : s;
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

/* The gain for the whole program. Its loudness is measured whole, as it
 * was spoken; what the limiter takes back at a gain (more the harder it is
 * pushed) is measured on SAMPLE_SECONDS taken from SAMPLE_PARTS places of
 * the spool, since the limiter costs far more than the meter. */
at_status at__level_end(at_level *l, at_read_fn read, void *rud, uint64_t total, at_error *e)
{
    double lin = at__meter_lufs(l->in), sample_lin, last_gain = 0.0, last_got = 0.0;
    uint64_t want = (uint64_t)SAMPLE_SECONDS * (uint64_t)l->rate;
    size_t n = 0, k;
    int16_t *sample;
    at_status st = AT_OK;
    int i;
    l->gain = 0.0;
    if (!isfinite(lin))
        return AT_OK; /* silence: nothing to bring up */
    l->gain = l->target - lin;
    sample = at__xmalloc((size_t)(total < want ? total : want) * sizeof *sample);
    if (total <= want) {
        st = read(rud, sample, (size_t)total, 0, e);
        n = (size_t)total;
    } else {
        for (k = 0; st == AT_OK && k < SAMPLE_PARTS; k++) {
            size_t part = (size_t)(want / SAMPLE_PARTS);
            uint64_t at = (total - part) * (2 * k + 1) / (2 * SAMPLE_PARTS);
            st = read(rud, sample + n, part, at, e);
            n += part;
        }
    }
    sample_lin = st == AT_OK ? plain_lufs(l->rate, sample, n) : NAN;
    for (i = 0; st == AT_OK && isfinite(sample_lin) && i < 4; i++) {
        /* the program's loudness at this gain, less what the limiter takes */
        double got = limited_lufs(l, sample, n, l->gain), next;
        if (!isfinite(got))
            break;
        if (i > 0)
            learn_slope(l, last_gain, last_got, l->gain, got);
        next = l->target - lin + (sample_lin + l->gain - got);
        last_gain = l->gain;
        last_got = got;
        if (fabs(next - l->gain) < 0.03)
            break;
        l->gain = next;
    }
    free(sample);
    return st;
}

/* Through the gain and the limiter, emitted, flushing the limiter's delay
 * so that every sample keeps its position, and measured. */
at_status at__level_emit(at_level *l, at_read_fn read, void *rud, uint64_t total, at_emit_fn emit, void *ud,
                         int *on_target, at_error *e)
{
    at_limiter *lim = at__limiter_new(l->rate, l->gain, l->ceiling);
    at_meter *m = at__meter_new(l->rate);
    int16_t *in = at__xmalloc(BLOCK * sizeof *in), *tail;
    size_t skip = at__limiter_delay(lim), delay = skip, drop;
    uint64_t off = 0;
    at_status st = m ? AT_OK : at__err(e, AT_ENOMEM, "loudness: libebur128 failed to start");
    double got;
    while (st == AT_OK && off < total) {
        size_t k = total - off < BLOCK ? (size_t)(total - off) : BLOCK;
        if (at__stop_requested) { /* SIGINT, SIGTERM or a batch's timeout */
            st = at__err(e, AT_EINTR, "interrupted");
            break;
        }
        if ((st = read(rud, in, k, off, e)) != AT_OK)
            break;
        at__limiter_run(lim, in, l->buf, k);
        drop = skip < k ? skip : k;
        skip -= drop;
        at__meter_add(m, l->buf + drop, k - drop);
        st = emit(ud, l->buf + drop, k - drop, e);
        off += k;
    }
    if (st == AT_OK) { /* the samples still in the limiter */
        tail = at__xmalloc(delay * sizeof *tail);
        at__limiter_flush(lim, tail);
        drop = skip < delay ? skip : delay;
        at__meter_add(m, tail + drop, delay - drop);
        st = emit(ud, tail + drop, delay - drop, e);
        free(tail);
    }
    got = st == AT_OK ? at__meter_lufs(m) : NAN;
    at__meter_free(m);
    at__limiter_free(lim);
    free(in);
    *on_target = !isfinite(got) || fabs(got - l->target) <= ACCEPT_LU;
    if (!*on_target)
        l->gain += (l->target - got) / l->slope;
    return st;
}

void at__level_free(at_level *l)
{
    if (!l)
        return;
    at__meter_free(l->in);
    free(l->buf);
    free(l);
}
