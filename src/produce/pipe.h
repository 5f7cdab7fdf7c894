/* The pipeline: the program on a thread of its own.
 *
 * The engine speaks on the calling thread and pushes PCM, section starts
 * and cues into a bounded queue; a second thread takes them off and runs
 * loudness, encoding and writing (at_program). The two cores work at once,
 * synthesis never waits on the disk, and memory is bounded by the queue.
 * Every call here is made from the producing thread. */
#ifndef AT_PIPE_H
#define AT_PIPE_H

#include "program.h"

typedef struct at_pipe at_pipe;

at_status at__pipe_open(at_pipe **out, const at_program_spec *spec, at_error *e);
/* Copies the PCM into the queue; waits while the queue is full. */
at_status at__pipe_pcm(at_pipe *p, const int16_t *pcm, size_t n, at_error *e);
at_status at__pipe_silence(at_pipe *p, size_t n, at_error *e);
void at__pipe_section(at_pipe *p, size_t k);
/* c->speaker must stay valid until at__pipe_finish returns; c->text is copied. */
at_status at__pipe_cue(at_pipe *p, const at_cue *c, at_error *e);
/* Samples pushed so far. */
uint64_t at__pipe_samples(const at_pipe *p);
/* Waits for the program to take everything, then finishes it. */
at_status at__pipe_finish(at_pipe *p, at_error *e);
/* Stops the thread (dropping what is queued) and frees the program. */
void at__pipe_free(at_pipe *p);

#endif
