/* The program: everything the listener hears, in order, and everything
 * made from it. It takes the finished PCM, section starts and transcript
 * cues and sends them to the outputs: the main file, one file per
 * section, and the sidecars. With loudness on it also keeps the raw
 * program in a spool file, for the level stage's second pass. */
#ifndef AT_PROGRAM_H
#define AT_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "produce.h"

typedef struct at_program_spec {
    int rate;
    const char *out;       /* main file, or NULL */
    const char *const *also; /* more whole-program files, format from each extension */
    size_t nalso;
    at_format format;      /* of the main file and the split files */
    const char *split_dir; /* or NULL */
    const char *chapters_json, *vtt, *srt, *ffmetadata; /* or NULL */
    at_tags tags;          /* of the main file; split files derive theirs */
    const char *const *section_titles;
    size_t nsections;
    at_enc_options enc;
    int loudness_on;       /* keep a spool */
    double loudness;       /* LUFS */
    double true_peak;      /* dBTP */
    const char *epub;      /* EPUB 3 talking book, or NULL */
    const char *daisy;     /* DAISY 2.02 folder, or NULL */
    const char *html;      /* read-along web edition folder, or NULL */
    const char *language;  /* BCP 47, for the books; NULL = "en" */
} at_program_spec;

typedef struct at_program at_program;

at_status at__program_open(at_program **out, const at_program_spec *spec, at_error *e);
at_status at__program_pcm(at_program *p, const int16_t *pcm, size_t n, at_error *e);
/* Section k starts at sample `pos` of the program. Marks come before the
 * PCM that reaches them. */
void at__program_section(at_program *p, size_t k, uint64_t pos);
/* A sentence as heard: what transcripts and talking books are made of. */
typedef struct at_cue {
    uint64_t start, end;  /* samples [start, end) of the program: from the sound's onset */
    uint64_t lead;        /* a section's first cue: where its lead-in (the pause and chime
                             before the heading) begins, <= start; else start */
    size_t section;       /* the section it belongs to */
    at_turn_kind kind;    /* title, heading, narration, quote, caption, intro, outro */
    int new_block;        /* it opens a paragraph (or heading, caption) */
    const char *speaker;  /* display name; valid until the program finishes */
    const char *text;     /* the words as written */
    int silent;           /* text the books show but nobody reads (an unread photo
                             caption): no clip, no transcript cue; start = end */
    const uint64_t *word_at; /* where each word of `text` (as cut at spaces) is
                             heard from, in samples of the program, or NULL;
                             times the pieces of a long transcript cue */
    size_t nwords;
} at_cue;

/* A transcript cue over samples [start, end) of the program. */
at_status at__program_cue(at_program *p, const at_cue *c, at_error *e);
/* The spool: the raw program, written as it comes, read back later. */
at_status at__program_spool(at_program *p, const int16_t *pcm, size_t n, at_error *e);
at_status at__program_spool_read(at_program *p, int16_t *pcm, size_t n, uint64_t off, at_error *e);
uint64_t at__program_spooled(const at_program *p);
/* Drops everything encoded so far, to encode the program again. */
at_status at__program_restart(at_program *p, at_error *e);
/* The MP3 encoders that start over (at__program_restart) scale their
 * input as the main MP3's did, without calibrating again. */
void at__program_keep_scale(at_program *p);
/* Runs the second pass if needed, finishes every output and moves each
 * into place. */
at_status at__program_finish(at_program *p, at_error *e);
/* Releases everything; unfinished outputs and the spool are removed. */
void at__program_free(at_program *p);

#endif
