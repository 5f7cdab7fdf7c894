#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>


struct at_engine {
    int rate;
    const at_voice *current;
    int current_wpm;
    /* state of the speak call in progress */
    at_pcm_fn pcm;
    at_event_fn ev;
    void *ud;
    uint64_t samples;
    int aborted;
};

/* The engine is process-wide; the callback finds the call through this. */
static at_engine *the_engine;

static int synth_cb(short *wav, int numsamples, espeak_EVENT *events)
{
    at_engine *en = the_engine;
    espeak_EVENT *ev;
    if (!en || en->aborted)
        return 1;
    for (ev = events; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
        at_synth_event out;
        if (!en->ev)
            break;
        if (ev->type == espeakEVENT_SENTENCE)
            out.kind = AT_EV_SENTENCE;
        else if (ev->type == espeakEVENT_WORD)
            out.kind = AT_EV_WORD;
        else if (ev->type == espeakEVENT_MSG_TERMINATED)
            out.kind = AT_EV_END;
        else
            continue;
        /* sample is counted from the start of the speak call */
        out.sample = (uint64_t)ev->sample;
        out.text_pos = ev->text_position > 0 ? (size_t)(ev->text_position - 1) : 0;
        en->ev(en->ud, &out);
    }
    if (wav && numsamples > 0) {
        if (en->pcm(en->ud, wav, (size_t)numsamples) != 0) {
            en->aborted = 1;
            return 1;
        }
        en->samples += (uint64_t)numsamples;
    }
    return 0;
}

at_status at__engine_new(at_engine **out, at_error *e)
{
    at_engine *en;
    int rate;
    if (the_engine)
        return at__err(e, AT_ESTATE, "speech engine: only one engine may run in a process");
    rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0)
        return at__err(e, AT_EENGINE, "speech engine: eSpeak NG failed to start (is espeak-ng-data installed?)");
    espeak_SetSynthCallback(synth_cb);
    en = at__xcalloc(1, sizeof *en);
    en->rate = rate;
    the_engine = en;
    *out = en;
    return AT_OK;
}

int at__engine_rate(const at_engine *en)
{
    return en->rate;
}

at_status at__engine_voice(at_engine *en, const at_voice *v, double speed, at_error *e)
{
    at_buf name = {0};
    espeak_ERROR r;
    int wpm = at__voice_wpm(v, speed);
    if (en->current == v && en->current_wpm == wpm)
        return AT_OK;
    at__buf_puts(&name, v->engine);
    if (v->variant)
        at__buf_printf(&name, "+%s", v->variant);
    r = espeak_SetVoiceByName(name.p);
    if (r != EE_OK) {
        at__err(e, AT_EENGINE, "voice %s: eSpeak NG has no voice `%s`", v->name, name.p);
        at__buf_free(&name);
        return AT_EENGINE;
    }
    at__buf_free(&name);
    espeak_SetParameter(espeakRATE, wpm, 0);
    espeak_SetParameter(espeakPITCH, v->pitch, 0);
    espeak_SetParameter(espeakRANGE, v->range, 0);
    espeak_SetParameter(espeakWORDGAP, v->wordgap, 0);
    espeak_SetParameter(espeakVOLUME, v->volume, 0);
    en->current = v;
    en->current_wpm = wpm;
    return AT_OK;
}

at_status at__engine_speak(at_engine *en, const char *text, at_pcm_fn pcm, at_event_fn ev, void *ud,
                           at_error *e)
{
    espeak_ERROR r;
    en->pcm = pcm;
    en->ev = ev;
    en->ud = ud;
    en->samples = 0;
    en->aborted = 0;
    /* espeakPHONEMES: [[...]] from a PLS lexicon's <phoneme> is read as
     * phoneme mnemonics (the normalizer never writes [[ from the text:
     * brackets in an article are pauses) */
    r = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
    if (r != EE_OK)
        return at__err(e, AT_EENGINE, "speech engine: eSpeak NG refused the text (error %d)", (int)r);
    r = espeak_Synchronize();
    if (en->aborted)
        return e && e->status != AT_OK ? e->status : AT_EOUTPUT;
    if (r != EE_OK)
        return at__err(e, AT_EENGINE, "speech engine: eSpeak NG failed (error %d)", (int)r);
    return AT_OK;
}

void at__engine_free(at_engine *en)
{
    if (!en)
        return;
    espeak_Terminate();
    the_engine = NULL;
    free(en);
}

/* eSpeak NG's voices, listed once; listing needs only its data path, not
 * a running engine (espeak_ng_InitializePath). MBROLA voices are left
 * out: they need data Debian ships apart. */
static const espeak_VOICE **voice_list(void)
{
    static const espeak_VOICE **list;
    static int listed;
    if (!listed) {
        listed = 1;
        if (!the_engine)
            espeak_ng_InitializePath(NULL);
        list = espeak_ListVoices(NULL);
    }
    return list;
}

static int is_mbrola(const espeak_VOICE *v)
{
    return v->identifier && strncmp(v->identifier, "mb/", 3) == 0;
}

/* Copies s lowered into out (n bytes). */
static void lower_copy(char *out, size_t n, const char *s)
{
    size_t i;
    for (i = 0; s[i] && i + 1 < n; i++)
        out[i] = (char)(s[i] == '_' ? '-' : at__to_lower((unsigned char)s[i]));
    out[i] = '\0';
}

int at__engine_language_voice(const char *tag, char *out, size_t n)
{
    const espeak_VOICE **v;
    const espeak_VOICE *best = NULL;
    char want[64], primary[9];
    int best_prio = 1000, pass;
    lower_copy(want, sizeof want, tag ? tag : "");
    at__lang_primary(want, primary);
    if (!primary[0])
        return 0;
    if (!voice_list() || !voice_list()[0])
        return -1; /* no voices at all: eSpeak NG's data is missing */
    /* the whole tag first (pt-br), then its primary subtag (pt), each at
     * the voice's lowest priority number (eSpeak NG's preference) */
    for (pass = 0; pass < 2 && !best; pass++) {
        const char *key = pass == 0 ? want : primary;
        for (v = voice_list(); v && *v; v++) {
            const char *l = (*v)->languages;
            if (is_mbrola(*v) || !l)
                continue;
            while (l[0]) {
                if (strcmp(l + 1, key) == 0 && l[0] < best_prio) {
                    best = *v;
                    best_prio = l[0];
                }
                l += strlen(l + 1) + 2;
            }
        }
    }
    if (!best)
        return 0;
    /* its own first language names it: es-419 for es-mx */
    snprintf(out, n, "%s", best->languages + 1);
    return 1;
}

int at__engine_language_at(size_t k, const char **code, const char **name)
{
    const espeak_VOICE **v;
    for (v = voice_list(); v && *v; v++) {
        if (is_mbrola(*v) || !(*v)->languages || !(*v)->languages[0])
            continue;
        if (k-- == 0) {
            *code = (*v)->languages + 1;
            *name = (*v)->name;
            return 1;
        }
    }
    return 0;
}
