/* Fuzz target for the read stage: every reader through the dispatcher.
 *
 * The first input byte picks the format and options; the rest is the
 * article. Besides not crashing, each doc must keep its contract: block
 * ranges inside the input, and aligned blocks equal to their source bytes
 * (line breaks and tabs read as spaces). Built with -fsanitize=fuzzer this
 * is a libFuzzer target; otherwise replay.c replays the files it is given. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

static void check_doc(const at_doc *d, const char *src, size_t len)
{
    size_t i, j, k;
    if (d->nwarnings > 0) /* converted input: ranges refer to the UTF-8 text */
        return;
    for (i = 0; i < d->nsections; i++) {
        for (j = 0; j < d->sections[i].nblocks; j++) {
            const at_block *b = &d->sections[i].blocks[j];
            if (b->src_start > b->src_end || b->src_end > len || strlen(b->text) != b->len)
                abort();
            if (!b->aligned)
                continue;
            if (b->src_end - b->src_start != b->len)
                abort();
            for (k = 0; k < b->len; k++)
                /* whitespace, and control characters read as spaces, may differ */
                if (src[b->src_start + k] != b->text[k] &&
                    !(b->text[k] == ' ' && (at__is_space((unsigned char)src[b->src_start + k]) ||
                                            (unsigned char)src[b->src_start + k] < 0x20 ||
                                            src[b->src_start + k] == 0x7f)))
                    abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    at_read_options o;
    at_doc *d = NULL;
    at_error e;
    if (size < 1)
        return 0;
    memset(&o, 0, sizeof o);
    o.format = (at_input_format)(data[0] & 3);
    o.skip_tables = (data[0] >> 2) & 1;
    o.code_blocks = (data[0] >> 3) & 1 ? AT_CODE_ANNOUNCE : AT_CODE_SKIP;
    if (at__doc_read_buffer((const char *)data + 1, size - 1, "fuzz", &o, &d, &e) == AT_OK) {
        if (!d)
            abort();
        check_doc(d, (const char *)data + 1, size - 1);
    } else if (d || e.msg[0] == '\0') {
        abort();
    }
    at__doc_free(d);
    return 0;
}
