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
    /* profiles made for a language (at__voiceset_in_language), each
     * allocated alone so that a pointer to one stays valid */
    at_voice **extra;
    size_t nextra, capextra;
} at_voiceset;

/* Parses one profile from memory; `path` names it in messages. */
at_status at__voice_parse(const char *path, const char *name, const char *text, size_t len, at_voice *out,
                          at_error *e);
/* Loads every *.voice file in `dir`, sorted by name. */
at_status at__voiceset_load(const char *dir, at_voiceset *out, at_error *e);
const at_voice *at__voiceset_find(const at_voiceset *vs, const char *name);
void at__voiceset_free(at_voiceset *vs);
/* The profile `base` speaking the language `tag`: the folder's own
 * NAME@TAG.voice when there is one (TAG lower case, "narrator@pt-br"),
 * else `base` with eSpeak NG voice `engine` in place of its own, made
 * once and kept: same variant, pitch, range, rate, gender, so the roles
 * stay as distinct in every language. */
const at_voice *at__voiceset_in_language(at_voiceset *vs, const at_voice *base, const char *tag,
                                         const char *engine);

#endif
