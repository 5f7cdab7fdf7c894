/* Voice profiles: voices/NAME.voice, key = value lines, # comments.
 *
 *   engine  = en-us   eSpeak NG voice (language) name
 *   variant = f3      eSpeak NG variant, optional
 *   gender  = female  female, male or unknown: which casting pool it suits
 *   rate    = 165     words per minute, 80..450
 *   pitch   = 50      base pitch, 0..100
 *   range   = 50      pitch range, 0..100
 *   wordgap = 0       extra pause between words, in 10 ms units, 0..100
 *   volume  = 100     0..200
 */
#ifndef AT_VOICE_H
#define AT_VOICE_H

#include "articast.h"
#include "util.h"

typedef struct at_voice {
    char *name; /* file name without .voice */
    char *engine;
    char *variant;
    at_gender gender;
    int rate, pitch, range, wordgap, volume;
} at_voice;

typedef struct at_voiceset {
    at_voice *v;
    size_t n, cap;
} at_voiceset;

/* Parses one profile from memory; `path` names it in messages. */
at_status at__voice_parse(const char *path, const char *name, const char *text, size_t len, at_voice *out,
                          at_error *e);
/* Loads every *.voice file in `dir`, sorted by name. */
at_status at__voiceset_load(const char *dir, at_voiceset *out, at_error *e);
const at_voice *at__voiceset_find(const at_voiceset *vs, const char *name);
void at__voiceset_free(at_voiceset *vs);

#endif
