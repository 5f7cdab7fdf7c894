/* Fuzz target for the small configuration parsers under voices/: a voice
 * profile (NAME.voice), the casting file and the cue table (cues.tsv).
 * Every input goes through all three.
 *
 * Besides not crashing or leaking: a refused file says why; an accepted
 * profile has an engine name and every number inside its documented
 * range; an accepted casting names a profile for every role it sets. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "voice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *s)
{
    if (s && *s == '\0')
        abort();
}

static void voice(const char *text, size_t len)
{
    at_voice v;
    at_error e;
    e.msg[0] = '\0';
    if (at__voice_parse("fuzz.voice", "fuzz", text, len, &v, &e) != AT_OK) {
        if (e.msg[0] == '\0')
            abort();
        return;
    }
    if (!v.name || strcmp(v.name, "fuzz") != 0 || !v.engine || v.rate < 80 || v.rate > 450 || v.pitch < 0 ||
        v.pitch > 100 || v.range < 0 || v.range > 100 || v.wordgap < 0 || v.wordgap > 100 || v.volume < 0 ||
        v.volume > 200 || (unsigned)v.gender > AT_GENDER_MALE)
        abort();
    free(v.name);
    free(v.engine);
    free(v.variant);
}

static void casting(const char *text, size_t len)
{
    at_casting c;
    at_error e;
    size_t g, k;
    memset(&c, 0, sizeof c);
    e.msg[0] = '\0';
    if (at__casting_parse("casting", text, len, &c, &e) != AT_OK) {
        if (e.msg[0] == '\0')
            abort();
        at__casting_free(&c);
        return;
    }
    check_name(c.title);
    check_name(c.heading);
    check_name(c.narration);
    check_name(c.caption);
    for (g = 0; g < 3; g++) {
        if (c.npool[g] && !c.pool[g])
            abort();
        for (k = 0; k < c.npool[g]; k++)
            if (!c.pool[g][k] || !*c.pool[g][k])
                abort();
    }
    at__casting_free(&c);
}

static void cues(const char *text, size_t len)
{
    at_cues *c = NULL;
    at_error e;
    e.msg[0] = '\0';
    if (at__cues_parse("cues.tsv", text, len, &c, &e) != AT_OK) {
        if (e.msg[0] == '\0')
            abort();
    }
    at__cues_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    voice((const char *)data, size);
    casting((const char *)data, size);
    cues((const char *)data, size);
    return 0;
}
