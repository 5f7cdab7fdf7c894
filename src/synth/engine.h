/* Stage 4, synth: one in-process eSpeak NG engine.
 *
 * libespeak-ng keeps global state, so there is at most one engine per
 * process; at__engine_new fails with AT_ESTATE while another is alive. The
 * engine runs AUDIO_OUTPUT_SYNCHRONOUS: at__engine_speak returns when the
 * text is spoken, having passed every block of PCM to the callback. */
#ifndef AT_ENGINE_H
#define AT_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "voice.h"

typedef struct at_engine at_engine;

typedef enum at_synth_event_kind { AT_EV_SENTENCE = 0, AT_EV_WORD, AT_EV_END } at_synth_event_kind;

/* A position in the audio of the current speak call. */
typedef struct at_synth_event {
    at_synth_event_kind kind;
    uint64_t sample;   /* samples from the start of this speak call */
    size_t text_pos;   /* code points before the word in the text handed to
                          speak (eSpeak NG counts characters, not bytes) */
} at_synth_event;

/* Receives PCM (mono, 16-bit, at__engine_rate Hz). Returns 0 to go on. */
typedef int (*at_pcm_fn)(void *ud, const int16_t *pcm, size_t n);
/* Receives events, in order, interleaved with the PCM they mark. */
typedef void (*at_event_fn)(void *ud, const at_synth_event *ev);

at_status at__engine_new(at_engine **out, at_error *e);
int at__engine_rate(const at_engine *en);
/* Selects a profile, its words per minute scaled by `speed` (1 = as the
 * profile says). A no-op when both are already current. */
at_status at__engine_voice(at_engine *en, const at_voice *v, double speed, at_error *e);
/* The words per minute eSpeak NG is asked for, so that the profile
 * speaks `speed` times as fast as at its own rate (speed.c); no lower
 * than eSpeak NG's floor of 80. */
int at__voice_wpm(const at_voice *v, double speed);
/* The speed at which the profile speaks at eSpeak NG's `wpm` (its inverse). */
double at__voice_speed_at(const at_voice *v, int wpm);
/* Speaks UTF-8 `text` (never interpreted as markup). */
at_status at__engine_speak(at_engine *en, const char *text, at_pcm_fn pcm, at_event_fn ev, void *ud,
                           at_error *e);
void at__engine_free(at_engine *en);
/* The eSpeak NG voice for a language tag, written into out (n bytes):
 * "pt-BR" -> "pt-br", "es-MX" -> "es-419", "de-AT" -> "de"; 0 when eSpeak
 * NG speaks no such language, -1 when it lists no voices at all (its
 * data is missing: the engine will say so when it starts). Needs no
 * running engine. */
int at__engine_language_voice(const char *tag, char *out, size_t n);
/* The k-th of eSpeak NG's voices: its language code and its name ("es",
 * "Spanish (Spain)"); 0 past the last. */
int at__engine_language_at(size_t k, const char **code, const char **name);

#endif
