/* Fuzz target for the lexicon parser (voices/en/lexicon.tsv format).
 *
 * Besides not crashing or leaking: a refused file names its line in the
 * message, and every entry of an accepted one is found again by its kind
 * and key, with its value fields set. */
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
    unsigned kind;
    e.msg[0] = '\0';
    st = at__lexicon_parse(lex, "fuzz.tsv", (const char *)data, size, &e);
    if (st != AT_OK && (st != AT_ECONFIG || strncmp(e.msg, "fuzz.tsv:", 9) != 0))
        abort();
    for (kind = 0; kind < AT_LEX__COUNT; kind++) {
        size_t i, n = at__lexicon_count(lex, (at_lex_kind)kind);
        for (i = 0; i < n; i++) {
            const at_lex_entry *en = at__lexicon_nth(lex, (at_lex_kind)kind, i);
            size_t k;
            if (en->kind != kind || !en->key || strlen(en->key) != en->klen || en->klen == 0)
                abort();
            for (k = 0; k < 4; k++)
                if (!en->f[k])
                    abort();
            if (at__lexicon_find(lex, (at_lex_kind)kind, en->key, en->klen, 0) != en)
                abort();
            if (!at__lexicon_find(lex, (at_lex_kind)kind, en->key, en->klen, 1))
                abort();
        }
    }
    at__lexicon_free(lex);
    return 0;
}
