/* A turn's text and its sentences, from tokens.
 *
 * Each sentence is joined from its own tokens, so its spoken words, its
 * source range and its written words line up: the renderer speaks one
 * sentence per engine call and times a transcript cue for each, and a
 * talking book syncs text and voice sentence by sentence. Sentences end
 * where the normalizer says one ends (AT_TF_SENT_END), so "Oct." or "Mr."
 * never splits one. */
#include <stdlib.h>
#include <string.h>

#include "segment_impl.h"

/* Skips leading punctuation and spaces (", said Bauer" after a quote). */
static const char *skip_lead(const char *t)
{
    while (*t == ',' || *t == ' ' || *t == ';' || *t == ':' || *t == '.')
        t++;
    return t;
}

static int has_words(const char *t)
{
    for (; *t; t++)
        if (at__is_alpha((unsigned char)*t) || at__is_digit((unsigned char)*t) || (unsigned char)*t >= 0x80)
            return 1;
    return 0;
}

/* text[a, b) with runs of white space made one space. */
static char *collapse(const char *text, size_t a, size_t b)
{
    at_buf out = {0};
    int space = 0;
    for (; a < b; a++) {
        unsigned char c = (unsigned char)text[a];
        if (at__is_space(c)) {
            space = out.n > 0;
            continue;
        }
        if (space)
            at__buf_putc(&out, ' ');
        space = 0;
        at__buf_putc(&out, (char)c);
    }
    {
        char *s = at__buf_detach(&out), *lead = (char *)skip_lead(s);
        if (lead != s)
            memmove(s, lead, strlen(lead) + 1);
        return s;
    }
}

static void add_sentence(at_turn *t, size_t *cap, at_buf *spoken, const char *words, const at_tokens *tk,
                         size_t s, size_t e, const char *text, const at_block *bl)
{
    at_sentence *sn;
    if (spoken->n)
        at__buf_putc(spoken, ' ');
    sn = AT_PUSH(t->sentences, t->nsentences, *cap);
    sn->spoken_start = spoken->n;
    at__buf_puts(spoken, words);
    sn->spoken_end = spoken->n;
    sn->src_start = at__block_source(bl, tk->v[s].start);
    sn->src_end = at__block_source(bl, tk->v[e - 1].end);
    sn->written = collapse(text, tk->v[s].start, tk->v[e - 1].end);
}

int at__turn_fill(at_turn *t, const at_tokens *tk, size_t from, size_t to, const char *text, const at_block *bl)
{
    at_buf spoken = {0}, tmp = {0};
    size_t cap = 0, s = from, k;
    t->sentences = NULL;
    t->nsentences = 0;
    for (k = from; k < to; k++) {
        if (!(tk->v[k].flags & AT_TF_SENT_END) && k + 1 < to)
            continue;
        /* empty the buffer, terminator included: a run of silent tokens
         * (a closing quote mark) joins to nothing */
        tmp.n = 0;
        if (tmp.p)
            tmp.p[0] = '\0';
        at__tokens_join(tk, s, k + 1, &tmp);
        if (tmp.p && has_words(skip_lead(tmp.p)))
            add_sentence(t, &cap, &spoken, skip_lead(tmp.p), tk, s, k + 1, text, bl);
        s = k + 1;
    }
    at__buf_free(&tmp);
    if (t->nsentences == 0) {
        at__buf_free(&spoken);
        t->text = NULL;
        return 0;
    }
    t->text = at__buf_detach(&spoken);
    t->src_start = at__block_source(bl, tk->v[from].start);
    t->src_end = at__block_source(bl, tk->v[to - 1].end);
    return 1;
}

void at__turn_whole(at_turn *t, const char *spoken, const char *written, size_t src_start, size_t src_end)
{
    t->text = at__xstrdup(spoken);
    t->nsentences = 1;
    t->sentences = at__xcalloc(1, sizeof *t->sentences);
    t->sentences[0].spoken_end = strlen(spoken);
    t->sentences[0].src_start = src_start;
    t->sentences[0].src_end = src_end;
    t->sentences[0].written = at__xstrdup(written);
}

void at__turn_clear(at_turn *t)
{
    size_t k;
    for (k = 0; k < t->nsentences; k++)
        free(t->sentences[k].written);
    free(t->sentences);
    free(t->text);
    t->sentences = NULL;
    t->nsentences = 0;
    t->text = NULL;
}
