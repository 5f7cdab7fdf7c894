/* The normalizer object and the verbalizer: from classified tokens to the
 * words a news reader says. */
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "tokenize.h"

struct at_normalizer {
    const at_lexicon *lex;
    at_norm_options opt;
};

at_normalizer *at__normalizer_new(const at_lexicon *lex, const at_norm_options *opt)
{
    at_normalizer *n = at__xcalloc(1, sizeof *n);
    n->lex = lex;
    if (opt)
        n->opt = *opt;
    return n;
}

void at_normalizer_free(at_normalizer *n)
{
    free(n);
}

void at__normalizer_reset(at_normalizer *n)
{
    (void)n;
}

void at__normalizer_learn(at_normalizer *n, const char *text, size_t len)
{
    (void)n;
    (void)text;
    (void)len;
}

void at__tokens_clear(at_tokens *t)
{
    t->n = 0;
    t->spoken_len = 0;
}

void at__tokens_free(at_tokens *t)
{
    free(t->v);
    free(t->spoken);
    memset(t, 0, sizeof *t);
}

static void set_spoken(at_tokens *t, at_token *tk, const char *s, size_t n)
{
    at__grow(&t->spoken, &t->spoken_cap, t->spoken_len + n + 1, 1);
    memcpy(t->spoken + t->spoken_len, s, n);
    tk->spoken = (uint32_t)t->spoken_len;
    tk->spoken_len = (uint32_t)n;
    t->spoken_len += n;
    t->spoken[t->spoken_len] = '\0';
}

/* dateline -> the place name in title case: "ASTANA" -> "Astana" */
static void verbalize_dateline(at_tokens *t, at_token *tk, const char *text)
{
    char *w = at__xstrndup(text + tk->start, tk->end - tk->start);
    size_t i;
    int start = 1;
    for (i = 0; w[i]; i++) {
        if (at__is_alpha((unsigned char)w[i])) {
            if (!start)
                w[i] = (char)at__to_lower((unsigned char)w[i]);
            start = 0;
        } else {
            start = 1;
        }
    }
    set_spoken(t, tk, w, i);
    free(w);
}

static void verbalize(at_tokens *t, at_token *tk, const char *text)
{
    const char *src = text + tk->start;
    size_t n = tk->end - tk->start;
    switch (tk->cls) {
    case AT_TOK_QUOTE:
        set_spoken(t, tk, "", 0);
        break;
    case AT_TOK_DATELINE:
        verbalize_dateline(t, tk, text);
        break;
    case AT_TOK_PUNCT:
        if ((tk->flags & AT_TF_DASH) || src[0] == '(' || src[0] == ')' || src[0] == '[' || src[0] == ']')
            set_spoken(t, tk, ",", 1);
        else
            set_spoken(t, tk, src, n);
        break;
    default:
        set_spoken(t, tk, src, n);
        break;
    }
}

/* dateline -> the leading word tokens that fall inside [0, dateline_end)
 * become one AT_TOK_DATELINE token. */
static void merge_dateline(at_tokens *t, size_t dateline_end)
{
    size_t k = 0, m;
    while (k < t->n && t->v[k].end <= dateline_end)
        k++;
    if (k == 0)
        return;
    t->v[0].end = t->v[k - 1].end;
    t->v[0].cls = AT_TOK_DATELINE;
    m = k - 1;
    memmove(t->v + 1, t->v + k, (t->n - k) * sizeof *t->v);
    t->n -= m;
}

at_status at__normalizer_run(at_normalizer *n, const char *text, size_t len, size_t dateline_end,
                             at_tokens *out)
{
    size_t k;
    (void)n;
    at__tokens_clear(out);
    at__tokenize(text, len, out);
    if (dateline_end)
        merge_dateline(out, dateline_end);
    at__mark_sentence_ends(text, out);
    for (k = 0; k < out->n; k++)
        verbalize(out, &out->v[k], text);
    return AT_OK;
}

void at__tokens_join(const at_tokens *t, size_t a, size_t b, at_buf *dst)
{
    size_t k;
    int first = 1;
    for (k = a; k < b; k++) {
        const at_token *tk = &t->v[k];
        if (tk->spoken_len == 0)
            continue;
        if (!first && (tk->flags & AT_TF_SPACE_BEFORE) && tk->cls != AT_TOK_PUNCT)
            at__buf_putc(dst, ' ');
        else if (!first && tk->cls != AT_TOK_PUNCT && dst->n && dst->p[dst->n - 1] == ',')
            at__buf_putc(dst, ' ');
        at__buf_put(dst, AT_TOK_SPOKEN(t, k), tk->spoken_len);
        first = 0;
    }
}

char *at_normalize_line(at_normalizer *n, const char *text, size_t len)
{
    at_tokens t = {0};
    at_buf b = {0};
    if (at__normalizer_run(n, text, len, 0, &t) != AT_OK) {
        at__tokens_free(&t);
        return NULL;
    }
    at__tokens_join(&t, 0, t.n, &b);
    at__tokens_free(&t);
    return at__buf_detach(&b);
}
