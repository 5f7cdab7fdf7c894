/* Fuzz target for the normalizer, with the shipped lexicons
 * (voices/CODE/lexicon.tsv) loaded once.
 *
 * The first byte picks the options (acronym policy, day-first dates, a
 * dateline, the normalization report) and the language's rule set (its
 * top three bits: English, each language with rules of its own, the
 * neutral set); the rest is one block of text.
 * Blocks come from the readers as valid UTF-8 without NUL bytes, so other
 * inputs are skipped. Besides not crashing or leaking, the tokens must
 * keep their contract: byte ranges inside the block and in order, spoken
 * forms inside the spoken buffer; and the spoken text must be valid UTF-8
 * without NUL bytes, its size bounded by the input's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "normalize.h"
#include "read.h"

/* Spoken bytes per input byte, at most: the longest readings are
 * lexicon expansions of short keys and numbers read in words. */
#define MAX_GROWTH 64
#define MAX_EXTRA 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static at_lexicon *lexicon(size_t slot)
{
    static at_lexicon *lex[AT_LANG_SLOTS];
    if (!lex[slot]) {
        at_error e;
        char path[512];
        FILE *f;
        const char *code = at__lang_code(at__lang_of_slot(slot));
        lex[slot] = at__lexicon_new();
        snprintf(path, sizeof path, "%s/voices/%s/lexicon.tsv", AT_SOURCE_DIR, code[0] ? code : "-");
        if (!(f = fopen(path, "r")))
            return lex[slot];
        fclose(f);
        if (at__lexicon_load(lex[slot], path, &e) != AT_OK) {
            fprintf(stderr, "%s\n", e.msg);
            abort();
        }
    }
    return lex[slot];
}

static void check_text(const char *s, size_t n)
{
    if (memchr(s, '\0', n) || at__utf8_check(s, n) != n)
        abort();
}

static void check_tokens(const at_tokens *t, size_t len)
{
    size_t k, prev = 0;
    for (k = 0; k < t->n; k++) {
        const at_token *tk = &t->v[k];
        if (tk->start > tk->end || tk->end > len || tk->start < prev || tk->cls >= AT_TOK__COUNT)
            abort();
        if ((size_t)tk->spoken + tk->spoken_len > t->spoken_len)
            abort();
        prev = tk->start;
    }
    if (t->spoken_len > MAX_GROWTH * len + MAX_EXTRA)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static at_normalizer *norm[8 * 8];
    const char *text = (const char *)data + 1;
    size_t len, dateline = 0;
    at_normalizer *n;
    at_tokens t = {0};
    at_buf spoken = {0};
    unsigned opt;
    if (size < 1)
        return 0;
    len = size - 1;
    if (memchr(text, '\0', len) || at__utf8_check(text, len) != len)
        return 0;
    opt = data[0];
    if (!norm[(opt & 7) | (opt >> 5) << 3]) {
        at_norm_options o;
        size_t slot = (opt >> 5) % AT_LANG_SLOTS;
        memset(&o, 0, sizeof o);
        o.acronyms = (at_acronym_policy)(opt & 3);
        o.day_first = (opt >> 2) & 1;
        o.lang = at__lang_of_slot(slot);
        norm[(opt & 7) | (opt >> 5) << 3] = at__normalizer_new(lexicon(slot), &o);
    }
    n = norm[(opt & 7) | (opt >> 5) << 3];
    at__normalizer_reset(n);
    at__normalizer_learn(n, text, len);
    if (opt & 8)
        dateline = at__dateline_len(text, 0, len);
    if (at__normalizer_run(n, text, len, dateline, &t) != AT_OK)
        abort();
    check_tokens(&t, len);
    at__tokens_join(&t, 0, t.n, &spoken);
    if (spoken.p) {
        check_text(spoken.p, spoken.n);
        if (spoken.n > MAX_GROWTH * len + MAX_EXTRA)
            abort();
    }
    if (opt & 16) {
        at_buf rw = {0}, warn = {0};
        at_srcpos pos;
        at__srcpos_init(&pos, text, len);
        at__report_block(n, text, len, dateline, (opt & 32) ? &pos : NULL, 0, &rw, &warn);
        at__srcpos_free(&pos);
        if (rw.p)
            check_text(rw.p, rw.n);
        at__buf_free(&rw);
        at__buf_free(&warn);
    }
    at__buf_free(&spoken);
    at__tokens_free(&t);
    return 0;
}
