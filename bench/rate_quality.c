/* rate_quality: how clean eSpeak NG sounds at each words-per-minute
 * setting, by one number: the periodicity of its voiced sound (the mean,
 * over frames within 30 dB of the loudest, of the highest normalized
 * autocorrelation at a pitch lag of 2.5 to 16.7 ms). Formant synthesis
 * is close to periodic; time compression that cuts and overlaps pitch
 * periods (eSpeak NG's speed-up, sonic, used from 450 up) lowers it.
 *
 *   bench/rate_quality VOICE FILE WPM...
 *
 * FILE: spoken text, a sentence per line. A measuring tool: it prints
 * `wpm seconds periodicity share-above-0.9`, no verdict. */
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static short *pcm;
static size_t npcm, cap;

static int on_pcm(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    if (wav && n > 0) {
        if (npcm + (size_t)n > cap)
            pcm = realloc(pcm, (cap = 2 * (npcm + (size_t)n)) * sizeof *pcm);
        memcpy(pcm + npcm, wav, (size_t)n * sizeof *pcm);
        npcm += (size_t)n;
    }
    return 0;
}

static void measure(int hz, double *mean, double *clean)
{
    size_t win = (size_t)hz * 30 / 1000, hop = (size_t)hz / 100, lo = (size_t)hz / 400, hi = (size_t)hz / 60;
    size_t s, i, t, frames = 0, voiced = 0;
    double top = 0, sum = 0;
    for (s = 0; s + win + hi < npcm; s += hop) {
        double e = 0;
        for (i = 0; i < win; i++)
            e += (double)pcm[s + i] * pcm[s + i];
        if (e > top)
            top = e;
    }
    for (s = 0; s + win + hi < npcm; s += hop) {
        double e = 0, best = 0;
        for (i = 0; i < win; i++)
            e += (double)pcm[s + i] * pcm[s + i];
        if (e < top * 1e-3)
            continue;
        for (t = lo; t <= hi; t++) {
            double xy = 0, yy = 0;
            for (i = 0; i < win; i++) {
                xy += (double)pcm[s + i] * pcm[s + i + t];
                yy += (double)pcm[s + i + t] * pcm[s + i + t];
            }
            if (xy / sqrt(e * yy + 1) > best)
                best = xy / sqrt(e * yy + 1);
        }
        sum += best;
        frames++;
        voiced += best > 0.9;
    }
    *mean = frames ? sum / frames : 0;
    *clean = frames ? (double)voiced / frames : 0;
}

int main(int argc, char **argv)
{
    static char line[8192];
    int hz, a;
    FILE *f;
    if (argc < 4) {
        fprintf(stderr, "usage: rate_quality VOICE FILE WPM...\n");
        return 2;
    }
    hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, 0);
    if (hz <= 0 || espeak_SetVoiceByName(argv[1]) != EE_OK) {
        fprintf(stderr, "rate_quality: no eSpeak NG voice %s\n", argv[1]);
        return 1;
    }
    espeak_SetSynthCallback(on_pcm);
    for (a = 3; a < argc; a++) {
        double mean, clean;
        espeak_SetParameter(espeakRATE, atoi(argv[a]), 0);
        npcm = 0;
        if (!(f = fopen(argv[2], "r"))) {
            perror(argv[2]);
            return 1;
        }
        while (fgets(line, sizeof line, f)) {
            espeak_Synth(line, strlen(line) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
            espeak_Synchronize();
        }
        fclose(f);
        measure(hz, &mean, &clean);
        printf("%s %.2f %.3f %.3f\n", argv[a], (double)npcm / hz, mean, clean);
    }
    espeak_Terminate();
    return 0;
}
