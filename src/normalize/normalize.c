/* The normalizer object and its driver: tokenize, then let the rules
 * classify and verbalize, merging or splitting tokens as they match. */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "normalize.h"
#include "tokenize.h"

struct at_normalizer {
    const at_lexicon *lex;
    at_norm_options opt;
    at_acro_state *acro;
    at_tokens in; /* scratch: the tokenizer's output */
    at_buf say;   /* scratch: one rule's spoken words */
};

at_normalizer *at__normalizer_new(const at_lexicon *lex, const at_norm_options *opt)
{
    at_normalizer *n = at__xcalloc(1, sizeof *n);
    n->lex = lex;
    if (opt)
        n->opt = *opt;
    if (!n->opt.lang)
        n->opt.lang = &at__lang_en;
    n->acro = at__acro_new();
    return n;
}

void at_normalizer_free(at_normalizer *n)
{
    if (!n)
        return;
    at__acro_free(n->acro);
    at__tokens_free(&n->in);
    at__buf_free(&n->say);
    free(n);
}

void at__normalizer_reset(at_normalizer *n)
{
    at__acro_reset(n->acro);
}

void at__normalizer_learn(at_normalizer *n, const char *text, size_t len)
{
    at__acro_learn(n->acro, text, len);
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

/* dateline -> the place name in title case ("ASTANA" -> "Astana"), each
 * word said as a `word` entry says it when there is one */
static void verbalize_dateline(at_tokens *t, at_token *tk, const char *text, const at_lexicon *lex)
{
    char *w = at__xstrndup(text + tk->start, tk->end - tk->start);
    at_buf out = {0};
    size_t i = 0, a;
    while (w[i]) {
        if (!at__is_alpha((unsigned char)w[i])) {
            at__buf_putc(&out, w[i++]);
            continue;
        }
        for (a = i++; at__is_alpha((unsigned char)w[i]); i++)
            w[i] = (char)at__to_lower((unsigned char)w[i]);
        /* ASTANA -- is Astana, said as the lexicon says it (a word entry,
         * a PLS lexicon's name) like the same word in the text */
        {
            const at_lex_entry *en = at__lexicon_find(lex, AT_LEX_WORD, w + a, i - a, 0), *ab;
            /* ST. LOUIS, FT. WORTH: the title abbreviation's word */
            if (!en && w[i] == '.' && (ab = at__lexicon_find(lex, AT_LEX_ABBREV, w + a, i + 1 - a, 1)) != NULL &&
                (ab->flags & AT_LEXF_TITLE)) {
                at__buf_puts(&out, ab->f[0]);
                i++;
            } else if (en)
                at__buf_puts(&out, en->f[0]);
            else
                at__buf_put(&out, w + a, i - a);
        }
    }
    set_spoken(t, tk, out.p ? out.p : "", out.n);
    at__buf_free(&out);
    free(w);
}

/* What no rule claimed: quote marks are silent, brackets and dashes are
 * pauses, other punctuation is kept for eSpeak's prosody, and anything
 * else is passed on as written. */
static void verbalize_plain(at_tokens *t, at_token *tk, const char *text, const at_lexicon *lex)
{
    const char *src = text + tk->start;
    size_t n = tk->end - tk->start;
    switch (tk->cls) {
    case AT_TOK_QUOTE:
        set_spoken(t, tk, "", 0);
        break;
    case AT_TOK_DATELINE:
        verbalize_dateline(t, tk, text, lex);
        break;
    case AT_TOK_PUNCT:
        if ((tk->flags & AT_TF_DASH) || src[0] == '(' || src[0] == ')' || src[0] == '[' || src[0] == ']') {
            set_spoken(t, tk, ",", 1);
            tk->flags |= AT_TF_PAUSE;
        }
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

/* The class of the character at c->pos. A letter beyond ASCII is a
 * capital or a small letter by its Unicode category (utf8proc), so "Åsa"
 * and "Ørsted" go through the word rules as one word like "Asa". */
static unsigned first_class(const at_scan *c)
{
    unsigned char b = (unsigned char)c->s[c->pos];
    if (b >= '0' && b <= '9')
        return AT_RF_DIGIT;
    if (b >= 'A' && b <= 'Z')
        return AT_RF_UPPER;
    if (b >= 'a' && b <= 'z')
        return AT_RF_LOWER;
    if (b >= 0x80) {
        size_t i = c->pos;
        int32_t cp = at__utf8_next(c->s, c->len, &i);
        if (cp > 0 && at__cp_is_alpha(cp))
            return at__cp_is_upper(cp) ? AT_RF_UPPER : AT_RF_LOWER;
    }
    return AT_RF_OTHER;
}

/* Tries the rules at token k; on a match returns 1 with c->end inside
 * or at the end of some token. */
static int classify_at(at_scan *c, const at_lang_rules *lang)
{
    const at_rule *rules = lang->rules;
    size_t r;
    unsigned fc = first_class(c);
    for (r = 0; r < lang->nrules; r++) {
        if (!(rules[r].first & fc))
            continue;
        c->say.n = 0;
        if (c->say.p)
            c->say.p[0] = '\0';
        c->flags = 0;
        c->end = 0;
        if (rules[r].fn(c) && c->end > c->pos)
            return 1;
    }
    c->end = 0;
    return 0;
}

at_status at__normalizer_run(at_normalizer *n, const char *text, size_t len, size_t dateline_end,
                             at_tokens *out)
{
    at_tokens *in = &n->in;
    at_scan c;
    size_t k = 0;
    at__tokens_clear(out);
    at__tokens_clear(in);
    at__tokenize(text, len, in);
    if (dateline_end)
        merge_dateline(in, dateline_end);
    memset(&c, 0, sizeof c);
    c.s = text;
    c.len = len;
    c.lex = n->lex;
    c.opt = &n->opt;
    c.acro = n->acro;
    c.tok = in;
    c.say = n->say;
    while (k < in->n) {
        at_token *tk = &in->v[k], *o;
        size_t j;
        c.k = k;
        c.pos = tk->start;
        if (tk->cls == AT_TOK_QUOTE || tk->cls == AT_TOK_DATELINE) {
            o = AT_PUSH(out->v, out->n, out->cap);
            *o = *tk;
            verbalize_plain(out, o, text, n->lex);
            k++;
            continue;
        }
        if (!classify_at(&c, n->opt.lang) && tk->cls == AT_TOK_WORD) {
            /* no rule for this character inside a word: keep it as written */
            size_t e = tk->start;
            int32_t cp = at__utf8_next(text, tk->end, &e);
            c.say.n = 0;
            /* 117‑115: a hyphen that may not break (U+2010, U+2011) is a
             * hyphen to eSpeak NG, which says the other by its name */
            if (cp == 0x2010 || cp == 0x2011)
                at__buf_putc(&c.say, '-');
            else
                at__buf_put(&c.say, text + tk->start, e - tk->start);
            c.end = e;
            c.cls = AT_TOK_WORD;
            c.flags = 0;
        } else if (c.end <= tk->start) {
            o = AT_PUSH(out->v, out->n, out->cap);
            *o = *tk;
            verbalize_plain(out, o, text, n->lex);
            k++;
            continue;
        }
        for (j = k; j + 1 < in->n && in->v[j + 1].start < c.end; j++)
            ;
        o = AT_PUSH(out->v, out->n, out->cap);
        *o = *tk;
        o->cls = c.cls;
        o->flags = (uint16_t)(tk->flags | c.flags);
        set_spoken(out, o, c.say.p ? c.say.p : "", c.say.n);
        if (c.end < in->v[j].end) {
            o->end = (uint32_t)c.end;
            in->v[j].start = (uint32_t)c.end;
            in->v[j].flags &= (uint16_t)~AT_TF_SPACE_BEFORE;
            k = j;
        } else {
            o->end = in->v[j].end;
            k = j + 1;
        }
    }
    n->say = c.say;
    at__mark_sentence_ends(text, out);
    return AT_OK;
}

static int alnum_byte(char ch)
{
    return (unsigned)((ch | 0x20) - 'a') < 26u || (unsigned)(ch - '0') < 10u;
}

void at__tokens_join(const at_tokens *t, size_t a, size_t b, at_buf *dst)
{
    size_t k, prev = a;
    int first = 1;
    unsigned carry = 0; /* the space before a silent quote mark */
    for (k = a; k < b; k++) {
        const at_token *tk = &t->v[k];
        unsigned space = (tk->flags | carry) & AT_TF_SPACE_BEFORE;
        if (tk->spoken_len == 0) {
            carry |= tk->flags & AT_TF_SPACE_BEFORE;
            continue;
        }
        carry = 0;
        /* a bracket or dash that opens the text is no pause */
        if (first && (tk->flags & AT_TF_PAUSE))
            continue;
        /* a bracket's pause then punctuation: "(4 June). and" */
        if (tk->cls == AT_TOK_PUNCT && dst->n && dst->p[dst->n - 1] == ',') {
            if (tk->spoken_len == 1 && AT_TOK_SPOKEN(t, k)[0] == ',')
                continue;
            dst->n--;
        }
        /* "P.M." then the sentence's full stop: one dot is enough */
        if (tk->cls == AT_TOK_PUNCT && tk->spoken_len == 1 && AT_TOK_SPOKEN(t, k)[0] == '.' && dst->n &&
            dst->p[dst->n - 1] == '.')
            continue;
        if (!first && space && tk->cls != AT_TOK_PUNCT)
            at__buf_putc(dst, ' ');
        else if (!first && tk->cls != AT_TOK_PUNCT && dst->n && strchr(",;:!?", dst->p[dst->n - 1]))
            at__buf_putc(dst, ' '); /* 1!hello -> one! hello */
        else if (!first && dst->n && alnum_byte(dst->p[dst->n - 1]) && alnum_byte(AT_TOK_SPOKEN(t, k)[0]) &&
                 !(tk->cls == AT_TOK_WORD && t->v[prev].cls == AT_TOK_WORD))
            at__buf_putc(dst, ' '); /* #1 -> number one; 2x8 -> two x eight */
        else if (!first && (tk->cls == AT_TOK_SYMBOL || tk->cls == AT_TOK_MONEY) && dst->n &&
                 dst->p[dst->n - 1] == '.' && alnum_byte(AT_TOK_SPOKEN(t, k)[0]))
            /* a symbol or an amount read as words after an abbreviation's
             * full stop: a bare "US$" (no amount, so no money rule) gave
             * "U.S.dollar" and "U.S.$5" "U.S.five dollars", one word to
             * the engine */
            at__buf_putc(dst, ' ');
        at__buf_put(dst, AT_TOK_SPOKEN(t, k), tk->spoken_len);
        first = 0;
        prev = k;
    }
    /* nor one that closes it: "(12 species)" */
    if (!first && (t->v[prev].flags & AT_TF_PAUSE) && dst->n && dst->p[dst->n - 1] == ',')
        dst->p[--dst->n] = '\0';
}

char *at__normalize_text(at_normalizer *n, const char *text, size_t len, size_t dateline_end)
{
    at_tokens t = {0};
    at_buf b = {0};
    /* a definition in the line itself counts: "World Widget Forum (WWF)" */
    at__acro_learn(n->acro, text, len);
    if (at__normalizer_run(n, text, len, dateline_end, &t) != AT_OK) {
        at__tokens_free(&t);
        return NULL;
    }
    at__tokens_join(&t, 0, t.n, &b);
    at__tokens_free(&t);
    return at__buf_detach(&b);
}
