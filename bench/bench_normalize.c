/* Normalizer throughput: builds a large article from varied news-style
 * paragraphs (numbers, money, dates, acronyms, quotes, URLs) and times
 * at__normalizer_run over it on one core. Prints MB/s.
 *
 *   build/bench_normalize [MEGABYTES] [ROUNDS]   (default 16 MB, 3 rounds) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lexicon.h"
#include "normalize.h"

static const char *const paragraphs[] = {
    "ASTANA \xE2\x80\x94 The International Committee of the Red Cross (ICRC) said on Oct. 28-31 that "
    "500,000 Swiss francs (US$552,000) would reach 5,000 people in six regions.",
    "\xE2\x80\x9CWe count on Kazakhstan\xE2\x80\x99s strong voice,\xE2\x80\x9D said Dr. Ariane Bauer, who joined "
    "the ICRC in 2008 and met the IFRC on May 14 at 3:30 p.m. in Geneva.",
    "Prices rose 4.5% in the 1990s, to $5m in 2024, while 12 August 1949 marked the Geneva "
    "Conventions; the 34th conference ran 2025-2030 with 10-12 delegates per session.",
    "Temperatures reached 35\xC2\xB0" "C and winds 90 km/h near St. Petersburg, No. 7 on the list, "
    "according to www.example.org and press@example.org, or call +1 (202) 555-0147.",
    "World War II, Charles III and Chapter IV were cited; e.g. the U.S. and U.N. spent "
    "\xE2\x82\xAC" "2.5bn, \xC2\xA3" "300m and 1,200,000 tenge (KZT 1.2 million) on 3 1/2 projects.",
    "The NATO summit, the OSCE and UNESCO met on 2024-04-05 at 14:10, and the 21st session "
    "followed on March 30, 2024, as Mr. Smith of the WHO noted.",
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 16, rounds = argc > 2 ? (size_t)atoi(argv[2]) : 3;
    size_t want = mb << 20, total = 0, k, r, np = sizeof paragraphs / sizeof *paragraphs, nblocks = 0;
    char **blocks = NULL;
    size_t *lens = NULL, cap = 0;
    at_lexicon *lex = at__lexicon_new();
    at_error e;
    at_normalizer *n;
    at_tokens t = {0};
    char path[4096];
    double best = 0;
    snprintf(path, sizeof path, "%s/voices/en/lexicon.tsv", AT_SOURCE_DIR);
    if (at__lexicon_load(lex, path, &e) != AT_OK) {
        fprintf(stderr, "bench_normalize: %s\n", e.msg);
        return 1;
    }
    /* blocks of about 1 KB: a few paragraphs each */
    for (k = 0; total < want; k++) {
        char buf[2048];
        size_t len = 0, j;
        for (j = 0; j < 4; j++) {
            const char *p = paragraphs[(k * 4 + j) % np];
            size_t l = strlen(p);
            memcpy(buf + len, p, l);
            len += l;
            buf[len++] = ' ';
        }
        if (nblocks == cap) {
            cap = cap ? cap * 2 : 1024;
            blocks = at__xrealloc(blocks, cap * sizeof *blocks);
            lens = at__xrealloc(lens, cap * sizeof *lens);
        }
        blocks[nblocks] = at__xmalloc(len);
        memcpy(blocks[nblocks], buf, len);
        lens[nblocks++] = len;
        total += len;
    }
    n = at__normalizer_new(lex, NULL);
    for (r = 0; r < rounds; r++) {
        double t0 = now(), dt, rate;
        at__normalizer_reset(n);
        for (k = 0; k < nblocks; k++)
            at__normalizer_learn(n, blocks[k], lens[k]);
        for (k = 0; k < nblocks; k++)
            at__normalizer_run(n, blocks[k], lens[k], 0, &t);
        dt = now() - t0;
        rate = (double)total / dt / 1e6;
        if (rate > best)
            best = rate;
        printf("round %zu: %.1f MB in %.3f s = %.1f MB/s\n", r + 1, (double)total / 1e6, dt, rate);
    }
    printf("normalize throughput: %.1f MB/s (best of %zu, %zu blocks)\n", best, rounds, nblocks);
    at__tokens_free(&t);
    at_normalizer_free(n);
    for (k = 0; k < nblocks; k++)
        free(blocks[k]);
    free(blocks);
    free(lens);
    at__lexicon_free(lex);
    return 0;
}
