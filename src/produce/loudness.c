#include "loudness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "util.h"

struct at_meter {
    ebur128_state *st;
};

at_meter *at__meter_new(int rate)
{
    at_meter *m = at__xcalloc(1, sizeof *m);
    /* the histogram keeps memory flat however long the program; the block
     * list it replaces grows by a block every 100 ms */
    m->st = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
    if (!m->st) {
        free(m);
        return NULL;
    }
    return m;
}

void at__meter_add(at_meter *m, const int16_t *pcm, size_t n)
{
    ebur128_add_frames_short(m->st, pcm, n);
}

double at__meter_lufs(at_meter *m)
{
    double l;
    if (ebur128_loudness_global(m->st, &l) != EBUR128_SUCCESS)
        return -HUGE_VAL;
    return l;
}

void at__meter_free(at_meter *m)
{
    if (!m)
        return;
    ebur128_destroy(&m->st);
    free(m);
}

/* The limiter.
 *
 * For each input sample (after the gain) it estimates the true peak
 * around it, the largest of the sample and three points interpolated
 * towards the next one (Catmull-Rom), and the gain that would hold that
 * peak at the ceiling. The applied gain is the minimum of those gains over
 * the look-ahead window, averaged over the same window so that it ramps
 * down smoothly before a peak, then released slowly. The signal is
 * delayed by the window so the ramp lands before the peak. */
#define LOOKAHEAD_MS 3.0
#define RELEASE_MS 60.0

struct at_limiter {
    double gain, ceiling, release;
    size_t L;      /* look-ahead in samples */
    size_t pos;    /* samples taken in */
    float *x;      /* ring of the last L + 3 gained samples, for the peak estimate */
    double *req;   /* ring of required gains, for the window minimum */
    size_t *dq;    /* monotonic deque of positions into req, for the minimum */
    size_t dq_head, dq_len;
    double *mins;  /* ring of window minimums, for the average */
    double min_sum;
    double g;      /* the applied gain after release */
    float *delay;  /* ring of delayed samples */
    size_t ring;   /* ring size (power of two >= 2L + 4) */
};

at_limiter *at__limiter_new(int rate, double gain_db, double ceiling_db)
{
    at_limiter *l = at__xcalloc(1, sizeof *l);
    size_t ring = 16;
    l->gain = pow(10.0, gain_db / 20.0);
    l->ceiling = pow(10.0, ceiling_db / 20.0) * 32767.0;
    l->L = (size_t)(LOOKAHEAD_MS * rate / 1000.0);
    if (l->L < 4)
        l->L = 4;
    while (ring < 2 * l->L + 16)
        ring *= 2;
    l->ring = ring;
    l->release = 1.0 - exp(-1.0 / (RELEASE_MS * rate / 1000.0));
    l->x = at__xcalloc(ring, sizeof *l->x);
    l->req = at__xcalloc(ring, sizeof *l->req);
    l->dq = at__xcalloc(ring, sizeof *l->dq);
    l->mins = at__xcalloc(ring, sizeof *l->mins);
    l->delay = at__xcalloc(ring, sizeof *l->delay);
    l->min_sum = (double)l->L; /* the average starts at unity gain */
    {
        size_t i;
        for (i = 0; i < ring; i++)
            l->mins[i] = 1.0;
    }
    l->g = 1.0;
    return l;
}

size_t at__limiter_delay(const at_limiter *l)
{
    return l->L + 2;
}

static double interp(double a, double b, double c, double d, double t)
{
    /* Catmull-Rom between b and c */
    return b + 0.5 * t * (c - a + t * (2.0 * a - 5.0 * b + 4.0 * c - d + t * (3.0 * (b - c) + d - a)));
}

/* Feeds one gained sample; returns one output sample (delayed). */
static int16_t step(at_limiter *l, float v)
{
    size_t m = l->ring - 1, p = l->pos, k;
    double peak, req, wmin, avg, out;
    l->x[p & m] = v;
    l->delay[p & m] = v;
    /* the peak estimate for sample p-1 needs p-2 .. p+1: it is complete now */
    if (p >= 2) {
        double a = l->x[(p - 3) & m], b = l->x[(p - 2) & m], c = l->x[(p - 1) & m], d = v;
        double fa = fabs(a), fb = fabs(b), fc = fabs(c), fd = fabs(d);
        double m4 = fa > fb ? fa : fb;
        m4 = m4 > fc ? m4 : fc;
        m4 = m4 > fd ? m4 : fd;
        peak = fb > fc ? fb : fc;
        /* Catmull-Rom overshoots its four points by at most a quarter, so
         * the interpolation only matters near the ceiling */
        if (m4 * 1.25 > l->ceiling) {
            for (k = 1; k < 4; k++) {
                double y = fabs(interp(a, b, c, d, (double)k / 4.0));
                if (y > peak)
                    peak = y;
            }
        }
    } else {
        peak = fabs(v);
    }
    req = peak > l->ceiling ? l->ceiling / peak : 1.0;
    /* window minimum over the last L + 5 required gains (deque): longer
     * than the average below, so the whole ramp sees the peak's gain */
    l->req[p & m] = req;
    while (l->dq_len && l->req[l->dq[(l->dq_head + l->dq_len - 1) & m] & m] >= req)
        l->dq_len--;
    l->dq[(l->dq_head + l->dq_len) & m] = p;
    l->dq_len++;
    while (l->dq[l->dq_head & m] + l->L + 4 < p) {
        l->dq_head++;
        l->dq_len--;
    }
    wmin = l->req[l->dq[l->dq_head & m] & m];
    /* average the minimums over the window: a ramp of L samples */
    l->min_sum += wmin - l->mins[(p + l->ring - l->L) & m];
    l->mins[p & m] = wmin;
    avg = l->min_sum / (double)l->L;
    if (avg < l->g)
        l->g = avg;
    else
        l->g += (avg - l->g) * l->release;
    /* output the sample that entered L + 2 samples ago */
    out = p >= l->L + 2 ? l->delay[(p - l->L - 2) & m] * l->g : 0.0;
    l->pos++;
    if (out > 32767.0)
        out = 32767.0;
    if (out < -32768.0)
        out = -32768.0;
    return (int16_t)lrint(out);
}

void at__limiter_run(at_limiter *l, const int16_t *in, int16_t *out, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        out[i] = step(l, (float)(in[i] * l->gain));
}

void at__limiter_flush(at_limiter *l, int16_t *out)
{
    size_t i, n = at__limiter_delay(l);
    for (i = 0; i < n; i++)
        out[i] = step(l, 0.0f);
}

void at__limiter_free(at_limiter *l)
{
    if (!l)
        return;
    free(l->x);
    free(l->req);
    free(l->dq);
    free(l->mins);
    free(l->delay);
    free(l);
}
