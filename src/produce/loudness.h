/* Loudness: EBU R128 integrated loudness measured with libebur128 over the
 * whole program, then one gain for the whole program, with a look-ahead
 * true-peak limiter that keeps inter-sample peaks under the ceiling. */
#ifndef AT_LOUDNESS_H
#define AT_LOUDNESS_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"

typedef struct at_meter at_meter;

/* A meter of integrated loudness for mono PCM at `rate` Hz. */
at_meter *at__meter_new(int rate);
void at__meter_add(at_meter *m, const int16_t *pcm, size_t n);
/* Integrated loudness in LUFS; -HUGE_VAL for silence. */
double at__meter_lufs(at_meter *m);
void at__meter_free(at_meter *m);

typedef struct at_limiter at_limiter;

/* A limiter applying `gain_db`, then holding true peaks (estimated by 4x
 * interpolation) at or under `ceiling_db` dBFS. It delays the signal by
 * its look-ahead; at__limiter_flush returns the tail. */
at_limiter *at__limiter_new(int rate, double gain_db, double ceiling_db);
/* Processes n samples from `in`, writing exactly n samples to `out` (the
 * first calls write the delayed start, silence included). */
void at__limiter_run(at_limiter *l, const int16_t *in, int16_t *out, size_t n);
/* The samples still held: writes at__limiter_delay(l) samples to out. */
void at__limiter_flush(at_limiter *l, int16_t *out);
size_t at__limiter_delay(const at_limiter *l);
void at__limiter_free(at_limiter *l);

#endif
