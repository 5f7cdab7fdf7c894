/* Fuzz target for the PLS lexicon reader (pls.c, through libxml2).
 *
 * Besides not crashing or leaking: a refused file names itself with a
 * line and column in the message; every word entry of an accepted one is
 * found again by its key, with a value, and a phoneme's value is one
 * [[...]] holding only the eSpeak NG mnemonics the IPA table writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    at_lexicon *lex = at__lexicon_new();
    at_error e;
    at_status st;
    size_t i, n;
    e.msg[0] = '\0';
    st = at__lexicon_parse_pls(lex, "fuzz.pls", (const char *)data, size, &e);
    if (st != AT_OK && (st != AT_ECONFIG || strncmp(e.msg, "fuzz.pls:", 9) != 0))
        abort();
    n = at__lexicon_count(lex, AT_LEX_WORD);
    for (i = 0; i < n; i++) {
        const at_lex_entry *en = at__lexicon_nth(lex, AT_LEX_WORD, i);
        const char *v;
        if (!en->key || strlen(en->key) != en->klen || en->klen == 0 || !en->f[0] || !en->f[0][0])
            abort();
        if (at__lexicon_find(lex, AT_LEX_WORD, en->key, en->klen, 0) != en)
            abort();
        v = en->f[0];
        if (strncmp(v, "[[", 2) == 0) {
            size_t l = strlen(v), k;
            if (l < 4 || strcmp(v + l - 2, "]]") != 0)
                abort();
            for (k = 2; k + 2 < l; k++)
                if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@':,?#^ ", v[k]))
                    abort();
        }
    }
    at__lexicon_free(lex);
    return 0;
}
