#include "engine.h"

#include <stdlib.h>
#include <string.h>

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
