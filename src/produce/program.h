/* The program: everything the listener hears, in order, and everything
 * made from it. It takes PCM, section starts and transcript cues as the
 * engine produces them and sends them to the outputs: the main file, one
 * file per section, and the sidecars.
 *
 * With loudness normalization on, the first pass measures the integrated
 * loudness while spooling the PCM to a temporary file; at finish a second
 * pass reads it back through one gain and the true-peak limiter into the
 * encoders. Memory stays bounded either way. */
#ifndef AT_PROGRAM_H
#define AT_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "produce.h"

typedef struct at_program_spec {
    int rate;
    const char *out;       /* main file, or NULL */
    at_format format;      /* of the main file and the split files */
    const char *split_dir; /* or NULL */
    const char *chapters_json, *vtt, *srt, *ffmetadata; /* or NULL */
    at_tags tags;          /* of the main file; split files derive theirs */
    const char *const *section_titles;
    size_t nsections;
    at_enc_options enc;
    int loudness_on;
    double loudness;       /* LUFS */
    double true_peak;      /* dBTP */
} at_program_spec;

typedef struct at_program at_program;

at_status at__program_open(at_program **out, const at_program_spec *spec, at_error *e);
at_status at__program_pcm(at_program *p, const int16_t *pcm, size_t n, at_error *e);
at_status at__program_silence(at_program *p, size_t n, at_error *e);
/* Section k starts at the current sample. */
void at__program_section(at_program *p, size_t k);
/* A transcript cue over samples [start, end) of the program. */
at_status at__program_cue(at_program *p, uint64_t start, uint64_t end, const char *speaker, const char *text,
                          at_error *e);
uint64_t at__program_samples(const at_program *p);
/* Runs the second pass if needed, finishes every output and moves each
 * into place. */
at_status at__program_finish(at_program *p, at_error *e);
/* Releases everything; unfinished outputs and the spool are removed. */
void at__program_free(at_program *p);

#endif
