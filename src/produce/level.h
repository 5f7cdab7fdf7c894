/* Level: the loudness stage.
 *
 * While the program is spoken it only measures it (and the pipe spools
 * it to disk). At the end it finds the one gain that brings the whole
 * program, through the true-peak limiter, to the target, and streams the
 * spool through that gain and the limiter to the encoders, measuring the
 * result; when that misses (the limiter took back more or less than its
 * sample said), the encoders start over and it streams again with the
 * gain corrected. So the encoders work once, after the speech, on a gain
 * measured on the whole program, not on its first seconds. */
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
/* Measures more of the program, as spoken. */
void at__level_push(at_level *l, const int16_t *pcm, size_t n);
/* Sets the gain for the `total` samples `read` gives (the spool). */
at_status at__level_end(at_level *l, at_read_fn read, void *rud, uint64_t total, at_error *e);
/* Emits them through the gain and the limiter, measured; sets *on_target
 * when they landed within 0.1 LU, and corrects the gain when not. */
at_status at__level_emit(at_level *l, at_read_fn read, void *rud, uint64_t total, at_emit_fn emit, void *ud,
                         int *on_target, at_error *e);
void at__level_free(at_level *l);

#endif
