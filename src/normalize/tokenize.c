/* The tokenizer: block text to tokens with byte ranges and flags.
 *
 * Words keep their internal apostrophes, hyphens, and the separators of
 * numbers (500,000 / 3.5 / 28-31). Quote marks become AT_TOK_QUOTE with an
 * open or close flag decided from the spacing around them; an apostrophe
 * (Kazakhstan’s, Societies’, ’90s) stays inside its word. */
#include <string.h>

#include "normalize.h"
#include "tokenize.h"

#define CP_LSQUO 0x2018
#define CP_RSQUO 0x2019
#define CP_LDQUO 0x201C
#define CP_RDQUO 0x201D
#define CP_LAQUO 0x00AB
#define CP_RAQUO 0x00BB

static int32_t peek(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    return at__utf8_next(s, len, &i);
}

/* The code point that ends just before byte i (0 at the start). */
static int32_t peek_back(const char *s, size_t i)
{
    size_t k = i, j;
    if (i == 0)
        return 0;
    k--;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    j = k;
    return at__utf8_next(s, i, &j);
}

static int is_apostrophe_cp(int32_t c)
{
    return c == '\'' || c == CP_RSQUO;
}

static int is_quote_cp(int32_t c)
{
    return c == '"' || c == '\'' || c == CP_LSQUO || c == CP_RSQUO || c == CP_LDQUO || c == CP_RDQUO ||
           c == CP_LAQUO || c == CP_RAQUO || c == 0x201E || c == 0x201A;
}

/* Opening or closing, from the spacing: a mark after white space or an
 * opening bracket, or at the start, opens; one before white space or
 * punctuation, or at the end, closes. */
static int quote_opens(int32_t prev, int32_t next)
{
    if (prev == 0 || at__cp_is_space(prev) || prev == '(' || prev == '[' || prev == 0x2014 ||
        prev == 0x2013 || prev == CP_LDQUO || prev == CP_LSQUO || prev == '"')
        return next != 0 && !at__cp_is_space(next);
    return 0;
}

/* A “ or « that closes: against the word or stop before it and followed
 * by white space, punctuation or the end („Wir hätten mehr erwartet.“,
 * »Q.«), as German writes them; elsewhere they open. */
static int glued_close(int32_t prev, int32_t next)
{
    if (prev <= 0 || at__cp_is_space(prev) || is_quote_cp(prev) || prev == '(' || prev == '[' || prev == 0x2014 ||
        prev == 0x2013)
        return 0;
    return next == 0 || at__cp_is_space(next) || (next < 0x80 && strchr(",.;:!?)]", (int)next) != NULL);
}

/* Extends a word: letters and digits, and between two of them an
 * apostrophe, a hyphen, a full stop, a comma (only between digits), a slash
 * or colon between digits (times, fractions). */
static size_t scan_word(const char *s, size_t len, size_t i)
{
    for (;;) {
        size_t j;
        int32_t c, prev, next;
        /* ASCII letters and digits, the common case, without decoding */
        while (i < len && ((unsigned)((s[i] | 0x20) - 'a') < 26u || (unsigned)(s[i] - '0') < 10u))
            i++;
        j = i;
        c = peek(s, len, j);
        if (c > 0 && at__cp_is_alnum(c)) {
            at__utf8_next(s, len, &i);
            continue;
        }
        prev = peek_back(s, i);
        j = i;
        if (c <= 0)
            return i;
        at__utf8_next(s, len, &j);
        next = peek(s, len, j);
        if (is_apostrophe_cp(c) && at__cp_is_alpha(prev) && at__cp_is_alpha(next)) {
            i = j;
            continue;
        }
        if ((c == '-' || c == 0x2010 || c == 0x2011) && at__cp_is_alnum(prev) && at__cp_is_alnum(next)) {
            i = j;
            continue;
        }
        if ((c == '.' || c == ',' || c == ':' || c == '/') && prev < 0x80 && next < 0x80 &&
            at__is_digit((int)prev) && at__is_digit((int)next)) {
            i = j;
            continue;
        }
        /* U.S. / e.g. : a full stop between single letters */
        if (c == '.' && at__cp_is_alpha(prev) && at__cp_is_alpha(next)) {
            int32_t after = peek(s, len, j + (next < 0x80 ? 1 : 2));
            int32_t before = peek_back(s, i - 1);
            if (!at__cp_is_alpha(after) && !at__cp_is_alpha(before)) {
                i = j;
                continue;
            }
        }
        return i;
    }
}

/* ’90s, '05: an apostrophe before two digits and then an optional "s". */
static int elided_century(const char *s, size_t len, size_t j)
{
    if (j + 2 > len || !at__is_digit((unsigned char)s[j]) || !at__is_digit((unsigned char)s[j + 1]))
        return 0;
    j += 2;
    if (j < len && s[j] == 's')
        j++;
    return !at__cp_is_alnum(peek(s, len, j));
}

static at_token *push(at_tokens *t, size_t a, size_t b, at_tok_class cls, unsigned flags)
{
    at_token *tk = AT_PUSH(t->v, t->n, t->cap);
    memset(tk, 0, sizeof *tk);
    tk->start = (uint32_t)a;
    tk->end = (uint32_t)b;
    tk->cls = (uint16_t)cls;
    tk->flags = (uint16_t)flags;
    return tk;
}

void at__tokenize(const char *s, size_t len, at_tokens *t)
{
    size_t i = 0;
    unsigned space = AT_TF_SPACE_BEFORE;
    int open_single = 0;
    while (i < len) {
        size_t a = i, j = i;
        int32_t c = at__utf8_next(s, len, &j), prev = peek_back(s, i), next = peek(s, len, j);
        if (c < 0 || at__cp_is_space(c)) {
            i = j;
            space = AT_TF_SPACE_BEFORE;
            continue;
        }
        if (at__cp_is_alnum(c)) {
            i = scan_word(s, len, i);
            /* plural possessive: Societies’ (an apostrophe after s, with no
             * single quotation open) */
            if (i < len && !open_single) {
                size_t k = i;
                int32_t q = peek(s, len, k);
                int32_t last = peek_back(s, i);
                if (is_apostrophe_cp(q) && (last == 's' || last == 'S')) {
                    at__utf8_next(s, len, &k);
                    if (!at__cp_is_alnum(peek(s, len, k)))
                        i = k;
                }
            }
            push(t, a, i, AT_TOK_WORD, space);
        } else if (is_apostrophe_cp(c) && elided_century(s, len, j)) {
            /* ’90s: an elided century */
            i = scan_word(s, len, j);
            push(t, a, i, AT_TOK_WORD, space);
        } else if (is_quote_cp(c)) {
            unsigned f = space;
            int opens, dbl = 0;
            /* '' used as a double quote mark, and so ‘‘ and ’’ */
            if ((c == '\'' || c == CP_LSQUO || c == CP_RSQUO) && next == c) {
                at__utf8_next(s, len, &j);
                dbl = 1;
            }
            if ((c == CP_LDQUO || c == CP_LAQUO) && glued_close(prev, peek(s, len, j)))
                opens = 0;
            else if (c == CP_LDQUO || c == CP_LSQUO || c == CP_LAQUO || c == 0x201E || c == 0x201A)
                opens = 1;
            else if (c == CP_RDQUO || c == CP_RAQUO)
                opens = 0;
            else if (c == CP_RSQUO)
                opens = 0;
            else
                opens = quote_opens(prev, peek(s, len, j));
            f |= opens ? AT_TF_QUOTE_OPEN : AT_TF_QUOTE_CLOSE;
            if (!dbl && (c == '\'' || c == CP_LSQUO || c == CP_RSQUO || c == 0x201A)) {
                f |= AT_TF_QUOTE_SINGLE;
                open_single += opens ? 1 : (open_single > 0 ? -1 : 0);
            }
            push(t, a, j, AT_TOK_QUOTE, f);
            i = j;
        } else if (c == 0x2014 || c == 0x2013 || (c == '-' && (at__cp_is_space(prev) || prev == 0))) {
            while (j < len && s[j] == '-')
                j++;
            push(t, a, j, AT_TOK_PUNCT, space | AT_TF_DASH);
            i = j;
        } else if (c == '.' || c == '!' || c == '?' || c == 0x2026) {
            while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
                j++;
            push(t, a, j, AT_TOK_PUNCT, space);
            i = j;
        } else if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']') {
            push(t, a, j, AT_TOK_PUNCT, space);
            i = j;
        } else {
            push(t, a, j, AT_TOK_SYMBOL, space);
            i = j;
        }
        space = 0;
    }
}

/* A full stop, "!", "?" or an ellipsis ends a sentence when white space, a
 * closing quote or the end of the block follows. */
void at__mark_sentence_ends(const char *s, at_tokens *t)
{
    size_t k;
    for (k = 0; k < t->n; k++) {
        at_token *tk = &t->v[k];
        unsigned char c;
        if (tk->cls != AT_TOK_PUNCT || (tk->flags & AT_TF_DASH))
            continue;
        c = (unsigned char)s[tk->start];
        if (c != '.' && c != '!' && c != '?' && c != 0xE2)
            continue;
        if (c == 0xE2 && tk->end - tk->start != 3)
            continue;
        if (k + 1 == t->n || (t->v[k + 1].flags & AT_TF_SPACE_BEFORE) ||
            (t->v[k + 1].cls == AT_TOK_QUOTE && (t->v[k + 1].flags & AT_TF_QUOTE_CLOSE)))
            tk->flags |= AT_TF_SENT_END;
    }
}

