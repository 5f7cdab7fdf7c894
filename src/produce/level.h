/* Level: the loudness stage, run on the engine's thread so that the
 * encoder thread only encodes.
 *
 * It holds the first seconds of the program, finds the one gain that
 * brings their limited loudness to the target, then streams everything
 * through that gain and the true-peak limiter, measuring the result. At
 * the end it says whether the whole program landed on target; when it did
 * not (the start was not like the rest), at__level_replay measures the
 * whole program from the spool and streams it again. */
#ifndef AT_LEVEL_H
#define AT_LEVEL_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"

/* Receives processed PCM, in order and without gaps. */
typedef at_status (*at_emit_fn)(void *ud, const int16_t *pcm, size_t n, at_error *e);
/* Reads n samples of the spooled input at sample offset `off`. */
typedef at_status (*at_read_fn)(void *ud, int16_t *pcm, size_t n, uint64_t off, at_error *e);

typedef struct at_level at_level;

at_level *at__level_new(int rate, double target_lufs, double ceiling_db);
at_status at__level_push(at_level *l, const int16_t *pcm, size_t n, at_emit_fn emit, void *ud, at_error *e);
/* Flushes; sets *on_target when the emitted program is within 0.15 LU. */
at_status at__level_end(at_level *l, at_emit_fn emit, void *ud, int *on_target, at_error *e);
/* Measures the `total` samples `read` gives, sets the gain for all of
 * them, and emits them again through it. */
at_status at__level_replay(at_level *l, at_read_fn read, void *rud, uint64_t total, at_emit_fn emit, void *ud,
                           at_error *e);
/* The integrated loudness (LUFS) of the program as last emitted or
 * measured by at__level_end or at__level_replay. */
double at__level_measured(const at_level *l);
void at__level_free(at_level *l);

#endif
