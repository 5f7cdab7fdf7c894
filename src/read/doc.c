/* The at_doc container: building and freeing, shared by the readers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

void at__doc_free(at_doc *d)
{
    size_t i, j;
    if (!d)
        return;
    for (i = 0; i < d->nsections; i++) {
        at_section *s = &d->sections[i];
        for (j = 0; j < s->nblocks; j++) {
            free(s->blocks[j].text);
            free(s->blocks[j].language);
        }
        free(s->blocks);
        free(s->title);
    }
    for (i = 0; i < d->nwarnings; i++)
        free(d->warnings[i]);
    free(d->warnings);
    free(d->sections);
    free(d->meta.title);
    free(d->meta.author);
    free(d->meta.date);
    free(d->meta.publication);
    free(d->meta.language);
    free(d->meta.dateline);
    free(d->meta.image);
    free(d);
}

size_t at__block_source(const at_block *b, size_t off)
{
    size_t span = b->src_end - b->src_start;
    if (off > b->len)
        off = b->len;
    if (b->aligned || b->len == 0)
        return b->src_start + (off < span ? off : span);
    return b->src_start + (size_t)((double)off * (double)span / (double)b->len);
}

at_doc *at__doc_new(void)
{
    return at__xcalloc(1, sizeof(at_doc));
}

at_section *at__doc_add_section(at_doc *d, const char *title, size_t len, size_t start, size_t end)
{
    at_section *sec = AT_PUSH(d->sections, d->nsections, d->cap);
    memset(sec, 0, sizeof *sec);
    sec->title = title ? at__xstrndup(title, len) : NULL;
    sec->title_start = start;
    sec->title_end = end;
    return sec;
}

at_block *at__doc_add_block(at_section *sec, at_block_kind kind, const char *text, size_t len, size_t start,
                            size_t end, int aligned)
{
    at_block *bl = AT_PUSH(sec->blocks, sec->nblocks, sec->cap);
    memset(bl, 0, sizeof *bl);
    bl->kind = kind;
    bl->text = at__xstrndup(text, len);
    bl->len = len;
    bl->src_start = start;
    bl->src_end = end;
    bl->aligned = aligned;
    return bl;
}

void at__doc_warn(at_doc *d, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *AT_PUSH(d->warnings, d->nwarnings, d->wcap) = at__xstrdup(msg);
}

/* White space here is ASCII space, tab, line breaks and U+00A0; other C0
 * control characters and DEL count as spaces too, so none reaches the
 * speech or a terminal. */
static size_t space_at(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (at__is_space(c) || c < 0x20 || c == 0x7F)
        return 1;
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

char *at__collapse_space(const char *s, size_t len, size_t *out_len)
{
    at_buf b = {0};
    size_t i = 0, w;
    int pending = 0;
    while (i < len) {
        if ((w = space_at(s, len, i)) > 0) {
            pending = b.n > 0;
            i += w;
            continue;
        }
        if (pending)
            at__buf_putc(&b, ' ');
        pending = 0;
        at__buf_putc(&b, s[i++]);
    }
    if (out_len)
        *out_len = b.n;
    return at__buf_detach(&b);
}

void at__doc_set_meta(char **field, const char *s, size_t len)
{
    size_t n;
    char *t;
    if (*field || !s)
        return;
    t = at__collapse_space(s, len, &n);
    if (n == 0) {
        free(t);
        return;
    }
    *field = t;
}

size_t at__block_dateline(at_block *b)
{
    size_t ws, we, dl = at__dateline_parts(b->text, 0, b->len, &ws, &we);
    if (dl > 0) {
        b->dateline_end = dl;
        if (we > ws) {
            /* the text no longer equals its source, but has its length:
             * offsets still map one to one (at__block_source) */
            memset(b->text + ws, ' ', we - ws);
            b->aligned = 0;
        }
    }
    return dl;
}

/* The dateline: the first readable paragraph of the article, if it opens
 * with an all-caps place name and a dash ("VALLETTA — The ..."). */
static void find_dateline(at_doc *d)
{
    size_t i, j, dl;
    for (i = 0; i < d->nsections; i++) {
        for (j = 0; j < d->sections[i].nblocks; j++) {
            at_block *b = &d->sections[i].blocks[j];
            if (b->kind != AT_BLOCK_PARAGRAPH)
                continue;
            if ((dl = at__block_dateline(b)) > 0) {
                if (!d->meta.dateline)
                    d->meta.dateline = at__xstrndup(b->text, dl);
            }
            return;
        }
    }
}

/* No headline anywhere (a Markdown file without "#" or front matter): a
 * short first paragraph is the headline, as in plain text. */
static void promote_title(at_doc *d)
{
    at_section *s0 = &d->sections[0];
    at_block *b = s0->nblocks ? &s0->blocks[0] : NULL;
    if (!b || b->kind != AT_BLOCK_PARAGRAPH || b->len > 120 || d->nsections + s0->nblocks < 3)
        return;
    s0->title = b->text;
    s0->title_start = d->title_start = b->src_start;
    s0->title_end = d->title_end = b->src_end;
    memmove(s0->blocks, s0->blocks + 1, (s0->nblocks - 1) * sizeof *s0->blocks);
    s0->nblocks--;
}

void at__doc_tidy_meta(at_doc *d)
{
    size_t i;
    for (i = 0; d->meta.language && d->meta.language[i]; i++) /* en_US (OpenGraph's locale) -> en-US */
        if (d->meta.language[i] == '_')
            d->meta.language[i] = '-';
    if (d->meta.date) {
        char *iso = at__date_iso(d->meta.date);
        if (iso) {
            free(d->meta.date);
            d->meta.date = iso;
        }
    }
}

at_status at__doc_finish(at_doc *d, const char *name, at_error *e)
{
    size_t i, j;
    int readable = 0;
    if (!d->meta.language) {
        d->meta.language = at__xstrdup("en");
        d->meta.language_source = "default";
    } else if (!d->meta.language_source) {
        d->meta.language_source = "metadata";
    }

    if (d->nsections == 0)
        at__doc_add_section(d, NULL, 0, 0, 0);
    if (!d->sections[0].title && !d->meta.title)
        promote_title(d);
    if (!d->sections[0].title)
        d->sections[0].title = at__xstrdup(d->meta.title ? d->meta.title : "");
    if (!d->meta.title && d->sections[0].title[0])
        d->meta.title = at__xstrdup(d->sections[0].title);
    for (i = 0; i < d->nsections; i++) {
        if (!d->sections[i].title)
            d->sections[i].title = at__xstrdup("");
        for (j = 0; j < d->sections[i].nblocks; j++)
            if (d->sections[i].blocks[j].kind != AT_BLOCK_BOILERPLATE &&
                d->sections[i].blocks[j].kind != AT_BLOCK_CAPTION)
                readable = 1;
    }
    if (!readable)
        return at__err(e, AT_EINPUT, "%s: no article text found", name);
    if (!d->meta.dateline)
        find_dateline(d);
    return AT_OK;
}
