/* The normalization report: every rewrite a normalizer made in a block,
 * with its place in the source, and warnings for what it guessed. */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "normalize.h"

static const char *const class_names[AT_TOK__COUNT] = {
    "word",    "cardinal", "ordinal", "decimal", "fraction",  "range", "year",  "date",
    "date-range", "time",  "money",   "measure", "percent",   "acronym", "abbreviation", "roman",
    "telephone", "url",    "email",   "symbol",  "punctuation", "quote", "dateline"};

const char *at__tok_class_name(unsigned cls)
{
    return cls < AT_TOK__COUNT ? class_names[cls] : "?";
}

#define SRCPOS_STEP 4096

/* Moves the cursor forward to byte `off`, counting lines and characters. */
static void srcpos_advance(at_srcpos *p, size_t off)
{
    for (; p->at < off && p->at < p->len; p->at++) {
        if (p->src[p->at] == '\n') {
            p->line++;
            p->col = 1;
        } else if (((unsigned char)p->src[p->at] & 0xC0) != 0x80) {
            p->col++;
        }
    }
}

void at__srcpos_init(at_srcpos *p, const char *src, size_t len)
{
    size_t k;
    memset(p, 0, sizeof *p);
    p->src = src;
    p->len = len;
    p->nmarks = len / SRCPOS_STEP + 1;
    p->mark = at__xcalloc(p->nmarks, sizeof *p->mark);
    p->line = p->col = 1;
    for (k = 0; k < p->nmarks; k++) {
        srcpos_advance(p, k * SRCPOS_STEP);
        p->mark[k].line = p->line;
        p->mark[k].col = p->col;
    }
    p->at = 0;
    p->line = p->col = 1;
}

/* Rewrites come in source order, so the cursor mostly moves forward; a
 * step back restarts from the mark at most 4 KB before the offset. */
void at__srcpos_find(at_srcpos *p, size_t off, size_t *line, size_t *col)
{
    if (off > p->len)
        off = p->len;
    if (off < p->at) {
        size_t m = off / SRCPOS_STEP;
        p->at = m * SRCPOS_STEP;
        p->line = p->mark[m].line;
        p->col = p->mark[m].col;
    }
    srcpos_advance(p, off);
    *line = p->line;
    *col = p->col;
}

void at__srcpos_free(at_srcpos *p)
{
    free(p->mark);
    memset(p, 0, sizeof *p);
}

static void put_quoted(at_buf *b, const char *s, size_t n)
{
    size_t k;
    at__buf_putc(b, '"');
    for (k = 0; k < n; k++) {
        if (s[k] == '"' || s[k] == '\\')
            at__buf_putc(b, '\\');
        at__buf_putc(b, s[k]);
    }
    at__buf_putc(b, '"');
}

/* Why a token is unsure, for the warning line. */
static const char *unsure_reason(const at_token *tk)
{
    switch (tk->cls) {
    case AT_TOK_ACRONYM:
        return "all-caps word not in the lexicon; guessed its reading";
    case AT_TOK_ABBREV:
        return "ambiguous abbreviation; chose from the words around it";
    case AT_TOK_MEASURE:
    case AT_TOK_CARDINAL:
    case AT_TOK_DECIMAL:
    case AT_TOK_YEAR:
        return "a number glued to letters that are no known unit";
    default:
        return "classified without confidence";
    }
}

void at__report_block(at_normalizer *n, const char *text, size_t len, size_t dateline_end, at_srcpos *src,
                      size_t src_start, at_buf *rewrites, at_buf *warnings)
{
    at_tokens t = {0};
    size_t k;
    at__normalizer_run(n, text, len, dateline_end, &t);
    for (k = 0; k < t.n; k++) {
        const at_token *tk = &t.v[k];
        size_t line = 0, col = 0, sn = tk->end - tk->start;
        const char *sp = AT_TOK_SPOKEN(&t, k);
        if (tk->cls == AT_TOK_QUOTE || tk->cls == AT_TOK_PUNCT)
            continue;
        if (tk->cls == AT_TOK_WORD && tk->spoken_len == sn && memcmp(sp, text + tk->start, sn) == 0 &&
            !(tk->flags & AT_TF_UNSURE))
            continue;
        if (src)
            at__srcpos_find(src, src_start + tk->start, &line, &col);
        else
            col = src_start + tk->start;
        at__buf_printf(rewrites, "%zu:%zu\t%s\t", line, col, at__tok_class_name(tk->cls));
        put_quoted(rewrites, text + tk->start, sn);
        at__buf_puts(rewrites, "\t-> ");
        put_quoted(rewrites, sp, tk->spoken_len);
        at__buf_putc(rewrites, '\n');
        if (tk->flags & AT_TF_UNSURE) {
            at__buf_printf(warnings, "%zu:%zu\twarning: ", line, col);
            put_quoted(warnings, text + tk->start, sn);
            at__buf_printf(warnings, ": %s (read as ", unsure_reason(tk));
            put_quoted(warnings, sp, tk->spoken_len);
            at__buf_puts(warnings, ")\n");
        }
    }
    at__tokens_free(&t);
}
