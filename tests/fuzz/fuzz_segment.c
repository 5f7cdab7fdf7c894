/* Fuzz target for the segmenter: an article is read, normalized (shipped
 * lexicon) and segmented with the shipped cue table and casting, as
 * `articast script` does. The speech engine is never called.
 *
 * The first byte picks the reader (as in fuzz_read) and whether captions
 * are read; the rest is the article. Besides not crashing or leaking, the
 * script must keep its contract: every turn's speaker and section exist,
 * it has a voice and at least one sentence; sentence spoken ranges lie in
 * the turn's text, in order; source ranges lie inside the input (when the
 * input was not converted to UTF-8), sentences inside their turn's range
 * and in order, turns after the headline in source order; speaker 0 is the narrator, and no quotation is given to
 * the narrator or spoken in the narrator's voice. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "normalize.h"
#include "read.h"
#include "segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct setup {
    at_lexicon *lex;
    at_normalizer *n;
    at_cues *cues;
    at_casting cast;
} setup;

static void fail(const at_error *e)
{
    fprintf(stderr, "%s\n", e->msg);
    abort();
}

static const setup *get_setup(void)
{
    static setup s;
    static int done;
    at_error e;
    if (done)
        return &s;
    s.lex = at__lexicon_new();
    if (at__lexicon_load(s.lex, AT_SOURCE_DIR "/voices/en/lexicon.tsv", &e) != AT_OK)
        fail(&e);
    if (at__cues_load(AT_SOURCE_DIR "/voices/en/cues.tsv", &s.cues, &e) != AT_OK)
        fail(&e);
    if (at__casting_load(AT_SOURCE_DIR "/voices/casting", &s.cast, &e) != AT_OK)
        fail(&e);
    s.n = at__normalizer_new(s.lex, NULL);
    done = 1;
    return &s;
}

static void check_turn(const at_script *s, const at_turn *t, size_t len, int ranges)
{
    size_t k, tlen;
    if (t->speaker >= s->nspeakers || t->section >= s->nsections || !t->voice || !t->text ||
        t->nsentences == 0 || !t->sentences)
        abort();
    tlen = strlen(t->text);
    if (at__utf8_check(t->text, tlen) != tlen)
        abort();
    if (t->kind == AT_TURN_QUOTE &&
        (t->speaker == 0 || (s->speakers[0].voice && strcmp(t->voice, s->speakers[0].voice) == 0)))
        abort();
    for (k = 0; k < t->nsentences; k++) {
        const at_sentence *x = &t->sentences[k];
        if (x->spoken_start > x->spoken_end || x->spoken_end > tlen || !x->written)
            abort();
        if (k > 0 && x->spoken_start < t->sentences[k - 1].spoken_end)
            abort();
        if (!ranges)
            continue;
        if (x->src_start > x->src_end || x->src_end > len || x->src_start < t->src_start ||
            x->src_end > t->src_end)
            abort();
        if (k > 0 && x->src_start < t->sentences[k - 1].src_start)
            abort();
    }
    if (ranges && (t->src_start > t->src_end || t->src_end > len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const setup *su = get_setup();
    const char *src = (const char *)data + 1;
    size_t len, k;
    at_read_options ro;
    at_segment_options so;
    at_doc *d = NULL;
    at_script *s = NULL;
    at_error e;
    if (size < 1)
        return 0;
    len = size - 1;
    memset(&ro, 0, sizeof ro);
    ro.format = (at_input_format)(data[0] & 3);
    so.read_captions = (data[0] >> 2) & 1;
    so.cues = su->cues;
    if (at__doc_read_buffer(src, len, "fuzz", &ro, &d, &e) != AT_OK)
        return 0;
    if (at__segment(d, su->n, &su->cast, &so, &s, &e) != AT_OK || !s)
        abort();
    if (s->nspeakers == 0 || strcmp(s->speakers[0].id, "narrator") != 0)
        abort();
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        check_turn(s, t, len, d->nwarnings == 0);
        /* after the headline, turns follow the source */
        if (k > 0 && d->nwarnings == 0 && s->turns[k - 1].kind != AT_TURN_TITLE &&
            (t->section < s->turns[k - 1].section || t->src_start < s->turns[k - 1].src_start))
            abort();
    }
    at_script_free(s);
    at__doc_free(d);
    return 0;
}
