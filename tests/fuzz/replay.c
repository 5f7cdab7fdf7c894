/* The regression mode of every fuzz target: without libFuzzer, main()
 * feeds each file named on the command line to LLVMFuzzerTestOneInput, as
 * ctest does with the corpus. A target that takes its options from the
 * first byte is built with AT_FUZZ_VARIANTS=n: each file then also runs
 * n times behind a leading byte 0..n-1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifndef AT_FUZZ_VARIANTS
#define AT_FUZZ_VARIANTS 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int k;
    for (k = 1; k < argc; k++) {
        char *buf;
        size_t len;
        int v;
        at_error e;
        if (at__read_file(argv[k], 1u << 24, &buf, &len, &e) != AT_OK) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        for (v = 0; v < (int)AT_FUZZ_VARIANTS; v++) {
            uint8_t *in = at__xmalloc(len + 1);
            in[0] = (uint8_t)v;
            memcpy(in + 1, buf, len);
            LLVMFuzzerTestOneInput(in, len + 1);
            free(in);
        }
        free(buf);
        printf("ok: %s\n", argv[k]);
    }
    return 0;
}
