/* The normalization report: every rewrite a normalizer made in a block,
 * with its place in the source, and warnings for what it guessed. */
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

/* Line and column (1-based, columns in characters) of byte `off` in src. */
static void line_col(const char *src, size_t off, size_t *line, size_t *col)
{
    size_t k, l = 1, cl = 1;
    for (k = 0; k < off && src[k]; k++) {
        if (src[k] == '\n') {
            l++;
            cl = 1;
        } else if (((unsigned char)src[k] & 0xC0) != 0x80) {
            cl++;
        }
    }
    *line = l;
    *col = cl;
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

void at__report_block(at_normalizer *n, const char *text, size_t len, size_t dateline_end, const char *src,
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
            line_col(src, src_start + tk->start, &line, &col);
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
