/* rate_curve: how long eSpeak NG takes to say a text at each words-per-
 * minute setting, spoken the way a render speaks it (a call per
 * sentence). Its output is the table in src/synth/speed.c, which turns a
 * listening speed into the eSpeak NG rate that gives it.
 *
 *   bench/rate_curve VOICE FILE...
 *
 * FILE: spoken text, a sentence per line (`articast normalize` output
 * split at sentence ends). Prints `wpm seconds relative-to-175`.
 * A measuring tool, not a test: it prints no verdict. */
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long samples;

static int on_pcm(short *wav, int n, espeak_EVENT *ev)
{
    (void)wav;
    (void)ev;
    if (n > 0)
        samples += (unsigned long long)n;
    return 0;
}

static const int wpms[] = {80,  90,  100, 110, 120, 135, 150, 165, 175, 200,  225,  250,  275,  300,
                           330, 360, 400, 449, 450, 500, 550, 600, 700, 800, 1000, 1200, 1500, 1800};

int main(int argc, char **argv)
{
    char **lines = NULL;
    size_t n = 0, cap = 0, k, w;
    int hz, a;
    double base = 0, *secs;
    char buf[8192];
    if (argc < 3) {
        fprintf(stderr, "usage: rate_curve VOICE FILE...\n");
        return 2;
    }
    for (a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        while (fgets(buf, sizeof buf, f)) {
            buf[strcspn(buf, "\n")] = '\0';
            if (!buf[0])
                continue;
            if (n == cap)
                lines = realloc(lines, (cap = cap ? 2 * cap : 256) * sizeof *lines);
            lines[n++] = strdup(buf);
        }
        fclose(f);
    }
    hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, 0);
    if (hz <= 0 || espeak_SetVoiceByName(argv[1]) != EE_OK) {
        fprintf(stderr, "rate_curve: no eSpeak NG voice %s\n", argv[1]);
        return 1;
    }
    espeak_SetSynthCallback(on_pcm);
    secs = calloc(sizeof wpms / sizeof *wpms, sizeof *secs);
    for (w = 0; w < sizeof wpms / sizeof *wpms; w++) {
        espeak_SetParameter(espeakRATE, wpms[w], 0);
        samples = 0;
        for (k = 0; k < n; k++) {
            espeak_Synth(lines[k], strlen(lines[k]) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
            espeak_Synchronize();
        }
        secs[w] = (double)samples / hz;
        if (wpms[w] == 175)
            base = secs[w];
    }
    for (w = 0; w < sizeof wpms / sizeof *wpms; w++)
        printf("%d %.3f %.4f\n", wpms[w], secs[w], secs[w] / base);
    espeak_Terminate();
    return 0;
}
