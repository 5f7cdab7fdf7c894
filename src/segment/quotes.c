/* Quotation spans: which tokens of a block are quoted.
 *
 * The tokenizer already decides whether a mark opens or closes (from the
 * spacing around straight marks) and keeps apostrophes inside words
 * (Kazakhstan’s, Societies’, ’90s), so this file only pairs marks up. A
 * stack of mark types keeps nested quotations inside the outer one; a
 * quotation left open at the end of a paragraph ends there, and carries
 * into the next paragraph only when that one opens with a mark. */
#include <string.h>

#include "segment_impl.h"

#define MAX_DEPTH 16

int at__tok_is_word(const char *text, const at_token *tk)
{
    unsigned char c = (unsigned char)text[tk->start];
    if (tk->cls == AT_TOK_PUNCT || tk->cls == AT_TOK_QUOTE || tk->cls == AT_TOK_SYMBOL)
        return 0;
    return at__is_alpha(c) || at__is_digit(c) || c >= 0x80 || c == '\'';
}

int at__is_capitalized(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    size_t i = 0;
    if (c < 0x80)
        return at__is_upper(c);
    /* beyond ASCII: "Åsa", "Łukasz", "Жанна" */
    return at__cp_is_upper(at__utf8_next(s, n, &i));
}

size_t at__count_words(const char *text, const at_tokens *t, size_t a, size_t b)
{
    size_t k, n = 0;
    for (k = a; k < b && k < t->n; k++)
        n += at__tok_is_word(text, &t->v[k]);
    return n;
}

static at_qspan *new_span(at_qspans *out, size_t open, size_t from)
{
    at_qspan *q = AT_PUSH(out->v, out->n, out->cap);
    memset(q, 0, sizeof *q);
    q->open = open;
    q->close = AT_NO_TOK;
    q->from = from;
    q->to = from;
    q->speaker = AT_NO_TOK;
    return q;
}

static int is_single(const at_token *tk)
{
    return (tk->flags & AT_TF_QUOTE_SINGLE) != 0;
}

/* A closing mark of `single` type pops the stack down to its opener.
 * Returns the new depth, or -1 when no opener of that type is open. */
static int pop_to(const int *stack, int depth, int single)
{
    int d;
    for (d = depth - 1; d >= 0; d--)
        if (stack[d] == single)
            return d;
    return -1;
}

/* Q" with no opening mark: the quotation runs from the paragraph start,
 * when nothing was quoted before it in this paragraph. After a paragraph
 * left inside a quotation (“...¶ ...,” said Bauer) it continues that
 * quotation, whose reopening mark was dropped. After a quotation in the
 * same paragraph ("Q1," Bauer said. Q2 goes on. Q3.") a mark that closes
 * a sentence runs from the first sentence after that quotation's. */
static void stray_close(at_qspans *out, const at_tokens *t, const unsigned char *ends, size_t k, int carry)
{
    at_qspan *q;
    size_t from = 0;
    if (is_single(&t->v[k]) || k == 0)
        return;
    if (out->n > 0) {
        size_t j = out->v[out->n - 1].close;
        if (!ends || j == AT_NO_TOK || !ends[k - 1])
            return;
        while (++j < k - 1 && !ends[j])
            ;
        if (j + 1 >= k - 1)
            return;
        from = j + 1;
        carry = 0;
    }
    q = new_span(out, AT_NO_TOK, from);
    q->close = k;
    q->to = k;
    q->cont = carry;
}

/* A closing-shaped double mark that can only open, when no quotation is
 * open: after a lead-in comma or colon (he said, ” If we ...) or hard
 * against the word it precedes after a space (Bauer says. ”I’ve had ...).
 * A real stray close ends a word instead (... feed.” He said). */
static int opens_anyway(const char *text, const at_tokens *t, size_t k)
{
    const at_token *tk = &t->v[k], *next = k + 1 < t->n ? &t->v[k + 1] : NULL;
    const at_token *prev = k > 0 ? &t->v[k - 1] : NULL;
    if (is_single(tk) || !next || next->cls == AT_TOK_QUOTE || next->cls == AT_TOK_PUNCT)
        return 0;
    /* Calif."Maybe we're ...: glued to a sentence end and to a capital */
    if (!(tk->flags & AT_TF_SPACE_BEFORE) && prev &&
        ((prev->flags & AT_TF_SENT_END) || (prev->end > prev->start && text[prev->end - 1] == '.')) &&
        !(next->flags & AT_TF_SPACE_BEFORE) && at__is_capitalized(text + next->start, next->end - next->start))
        return 1;
    if (!(tk->flags & AT_TF_SPACE_BEFORE))
        return 0;
    if (prev && prev->cls == AT_TOK_PUNCT && prev->end - prev->start == 1 &&
        (text[prev->start] == ',' || text[prev->start] == ':'))
        return 1;
    return !(next->flags & AT_TF_SPACE_BEFORE);
}

/* “Q1 ... critical, said Lt. X Y, duty officer. “Q2 ...: a double mark
 * that opens a new sentence while a double quotation is open, where the
 * sentence before it ends in a comma and a cue (said NAME), means the
 * first quotation lost its closing mark at that comma. Returns the
 * comma's token, or AT_NO_TOK (a real nested quotation). */
static size_t lost_close(const at_cues *c, const char *text, const at_tokens *t, const unsigned char *ends,
                         const at_qspan *q, size_t k)
{
    size_t j, s, e;
    if (!c || !ends || k < 2 || !ends[k - 1] || !(t->v[k].flags & AT_TF_SPACE_BEFORE))
        return AT_NO_TOK;
    /* the sentence before the mark */
    for (s = k - 1; s > q->from && !ends[s - 1]; s--)
        ;
    /* the cue runs to the next comma (an apposition may follow: said X
     * Y, duty officer at ...) or to the sentence end */
    for (j = k - 1, e = k; j-- > s;) {
        if (t->v[j].cls != AT_TOK_PUNCT || t->v[j].end - t->v[j].start != 1 || text[t->v[j].start] != ',')
            continue;
        if (at__count_words(text, t, j + 1, k) <= 16 && at__attrib_cue_after_comma(c, text, t, j + 1, e, SIZE_MAX, 1))
            return j;
        e = j;
    }
    return AT_NO_TOK;
}

/* The mark's code point class: a guillemet (« or »), a low mark („ or
 * ‚), a high opening mark of the low ones' pair (“ or ‘), or other. */
enum { MARK_OTHER = 0, MARK_LAQUO, MARK_RAQUO, MARK_LOW, MARK_HIGH };

static int mark_of(const char *text, const at_token *tk)
{
    const unsigned char *m = (const unsigned char *)text + tk->start;
    size_t n = tk->end - tk->start;
    if (n == 2 && m[0] == 0xC2)
        return m[1] == 0xAB ? MARK_LAQUO : m[1] == 0xBB ? MARK_RAQUO : MARK_OTHER;
    if (n != 3 || m[0] != 0xE2 || m[1] != 0x80)
        return MARK_OTHER;
    if (m[2] == 0x9E || m[2] == 0x9A)
        return MARK_LOW;
    return m[2] == 0x9C || m[2] == 0x98 ? MARK_HIGH : MARK_OTHER;
}

/* The dash that begins a narrator's insert in a dialogue paragraph: after
 * a space (—Q —dijo X— / Q, — сказал X), with a speech verb among the
 * next four words, before another dash or the sentence's end. */
static int insert_dash(const at_cues *c, const char *text, const at_tokens *t, size_t k)
{
    size_t j, words = 0;
    if (!(t->v[k].flags & AT_TF_DASH) || !(t->v[k].flags & AT_TF_SPACE_BEFORE))
        return 0;
    for (j = k + 1; j < t->n && words < 4; j++) {
        const at_token *tk = &t->v[j];
        if (tk->flags & AT_TF_DASH)
            return 0;
        if (!at__tok_is_word(text, tk))
            continue;
        words++;
        if (!at__is_capitalized(text + tk->start, tk->end - tk->start) &&
            at__cues_find(c, AT_CUE_VERB, text + tk->start, tk->end - tk->start, NULL))
            return 1;
        if (tk->flags & AT_TF_SENT_END)
            return 0;
    }
    return 0;
}

/* A dialogue paragraph, which opens with a dash: the speech runs to the
 * dash of a narrator's insert, and takes up again after the insert's
 * closing dash (—Es un día triste —dijo el ministro—. Mañana seguimos. /
 * — Это важно, — сказал министр. — Мы продолжим.); an insert that ends
 * the sentence with no dash ends the speech. The opening dash is the
 * first span's mark; a later span starts at its first word. With no
 * insert the paragraph is speech only as any quotation is (a list item
 * may open with a dash too). */
static void dash_dialogue(const at_cues *c, const char *text, const at_tokens *t, at_qspans *out)
{
    size_t k = 1, j;
    at_qspan *q = new_span(out, 0, 1);
    q->to = t->n;
    while (k < t->n) {
        if (!insert_dash(c, text, t, k)) {
            k++;
            continue;
        }
        q->close = k;
        q->to = k;
        q->dialogue = 1;
        /* the insert: to its closing dash, or it ends the speech */
        for (j = k + 1; j < t->n && !(t->v[j].flags & AT_TF_DASH); j++)
            ;
        while (j < t->n && !at__tok_is_word(text, &t->v[j]))
            j++;
        if (j >= t->n)
            return;
        q = new_span(out, AT_NO_TOK, j);
        q->to = t->n;
        q->dialogue = 1;
        k = j + 1;
    }
}

/* Where the narrator's insert inside a quotation begins: «Q1, — сказала
 * Петрова. — Q2» (a dash insert, where the table has dialogue), or « Q1,
 * dit-il. Q2 » (a comma, then a verb form that holds its subject). Returns
 * the insert's first token and, in *resume, the token it ends with, the
 * dash or the punctuation before Q2; AT_NO_TOK for none. */
static size_t inner_insert(const at_cues *c, const char *text, const at_tokens *t, const at_qspan *q, size_t *resume)
{
    size_t k, j;
    int v;
    for (k = q->from + 1; k + 2 < q->to; k++) {
        const at_token *w = &t->v[k + 1];
        if ((at__cues_marks(c) & AT_MARKS_DASH) && insert_dash(c, text, t, k)) {
            for (j = k + 1; j < q->to && !(t->v[j].flags & AT_TF_DASH); j++)
                ;
            if (j + 1 < q->to) {
                *resume = j;
                return k;
            }
        }
        if (t->v[k].cls == AT_TOK_PUNCT && text[t->v[k].start] == ',' &&
            at__cues_find(c, AT_CUE_VERB, text + w->start, w->end - w->start, &v) && v != AT_CUEV_NONE &&
            t->v[k + 2].cls == AT_TOK_PUNCT && k + 3 < q->to) {
            *resume = k + 2;
            return k;
        }
    }
    return AT_NO_TOK;
}

/* Splits each quotation around the narrator's inserts inside it. */
static void split_inserts(const at_cues *c, const char *text, const at_tokens *t, at_qspans *out)
{
    size_t i, k, resume;
    for (i = 0; i < out->n; i++) {
        at_qspan *q = &out->v[i], *r;
        if ((k = inner_insert(c, text, t, q, &resume)) == AT_NO_TOK)
            continue;
        AT_PUSH(out->v, out->n, out->cap);
        q = &out->v[i];
        memmove(q + 2, q + 1, (out->n - i - 2) * sizeof *q);
        r = q + 1;
        *r = *q;
        r->open = resume;
        r->from = resume + 1;
        r->cont = 0;
        r->dialogue = 1;
        q->close = k;
        q->to = k;
    }
}

void at__quotes_find(const at_cues *c, const char *text, const at_tokens *t, const unsigned char *ends, int *carry,
                     at_qspans *out)
{
    int stack[MAX_DEPTH], low[MAX_DEPTH];
    int depth = 0, raquo = -1;
    size_t k;
    at_qspan *cur = NULL;
    unsigned marks = at__cues_marks(c);
    out->n = 0;
    /* —¿Y los médicos?: a word right after the dash, or after ¿ or ¡ */
    if ((marks & AT_MARKS_DASH) && t->n > 1 && (t->v[0].flags & AT_TF_DASH) &&
        (at__tok_is_word(text, &t->v[1]) || (t->n > 2 && t->v[1].cls == AT_TOK_SYMBOL &&
                                              at__tok_is_word(text, &t->v[2]) && !(t->v[2].flags & AT_TF_SPACE_BEFORE)))) {
        dash_dialogue(c, text, t, out);
        *carry = 0;
        return;
    }
    for (k = 0; k < t->n; k++) {
        const at_token *tk = &t->v[k];
        int mark, opens;
        if (tk->cls != AT_TOK_QUOTE)
            continue;
        mark = mark_of(text, tk);
        opens = (tk->flags & AT_TF_QUOTE_OPEN) != 0;
        /* »Q«, sagte X: where the table allows it, the paragraph's first
         * guillemet tells which way they face */
        if (raquo < 0 && (mark == MARK_LAQUO || mark == MARK_RAQUO))
            raquo = (marks & AT_MARKS_RAQUO_OPENS) && mark == MARK_RAQUO && k + 1 < t->n &&
                    !(t->v[k + 1].flags & AT_TF_SPACE_BEFORE) && !(*carry && k == 0);
        if (raquo > 0 && (mark == MARK_LAQUO || mark == MARK_RAQUO))
            opens = mark == MARK_RAQUO;
        /* „Q“ and ‚Q‘: the high mark closes the low one's quotation */
        if (mark == MARK_HIGH && depth > 0 && low[depth - 1] && stack[depth - 1] == is_single(tk))
            opens = 0;
        /* «Q1 ¶ »Q2»: a paragraph that goes on with a quotation left open
         * may reopen it with a closing guillemet */
        if (mark == MARK_RAQUO && k == 0 && *carry && raquo <= 0)
            opens = 1;
        /* " We got here, " she said: a mark with space on both sides opens
         * when nothing is open and closes what is */
        int isolated = !is_single(tk) && (tk->flags & AT_TF_SPACE_BEFORE) && k + 1 < t->n &&
                       (t->v[k + 1].flags & AT_TF_SPACE_BEFORE) && t->v[k + 1].cls != AT_TOK_QUOTE;
        if (isolated ? depth == 0 : (opens || (depth == 0 && opens_anyway(text, t, k)))) {
            size_t comma;
            if (depth == 1 && !stack[0] && !is_single(tk) && !isolated &&
                (comma = lost_close(c, text, t, ends, &out->v[out->n - 1], k)) != AT_NO_TOK) {
                out->v[out->n - 1].close = comma;
                out->v[out->n - 1].to = comma;
                depth = 0;
            }
            if (depth == 0) {
                cur = new_span(out, k, k + 1);
                /* “...¶ “...: a paragraph that reopens a quotation left open */
                cur->cont = *carry && k == 0;
            }
            if (depth < MAX_DEPTH) {
                low[depth] = mark == MARK_LOW;
                stack[depth++] = is_single(tk);
            }
        } else if (depth == 0) {
            stray_close(out, t, ends, k, *carry);
        } else {
            int d = pop_to(stack, depth, is_single(tk));
            if (d < 0 && is_single(tk))
                continue; /* a lone ’ inside a double quotation: an apostrophe */
            depth = d < 0 ? 0 : d;
            if (depth == 0) {
                out->v[out->n - 1].close = k;
                out->v[out->n - 1].to = k;
            }
        }
    }
    if (depth > 0)
        out->v[out->n - 1].to = t->n;
    *carry = depth > 0;
    split_inserts(c, text, t, out);
}

/* A title: at most twelve words, each capitalized, a number, or a small
 * word (of, the, and), and no sentence inside: “Navigate Uncertainty –
 * Strengthen Humanity”. */
int at__quote_is_title(const at_cues *c, const char *text, const at_tokens *t, const at_qspan *q)
{
    size_t k, words = 0;
    for (k = q->from; k < q->to; k++) {
        const at_token *tk = &t->v[k];
        const char *w = text + tk->start;
        size_t n = tk->end - tk->start;
        if ((tk->flags & AT_TF_SENT_END) && k + 1 < q->to)
            return 0;
        if (!at__tok_is_word(text, tk))
            continue;
        words++;
        if (!at__is_capitalized(w, n) && !at__is_digit((unsigned char)w[0]) &&
            !at__cues_find(c, AT_CUE_MINOR, w, n, NULL))
            return 0;
    }
    /* “The Secret Life of Art: Mysteries of the Museum Revealed” */
    return words > 0 && words <= 12;
}
