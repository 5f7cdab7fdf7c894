/* The read stage's document made public: `articast extract` shows what a
 * render will read, in written form, before anything is synthesized. */
#include <stdlib.h>
#include <string.h>

#include "articast.h"
#include "read.h"
#include "util.h"
#include "ctx.h"

const char *at_block_kind_name(at_block_kind k)
{
    static const char *const names[] = {"paragraph", "caption", "list-item", "quote", "boilerplate", "note"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "paragraph";
}

static char *dup_or_null(const char *s)
{
    return s ? at__xstrdup(s) : NULL;
}

static const char *format_name(at_input_format f)
{
    return f == AT_INPUT_HTML ? "html" : f == AT_INPUT_MARKDOWN ? "markdown" : "text";
}

/* doc -> article: the same fields, copied, with each block's `read` as the
 * segmenter decides it (boilerplate never; captions with read_captions). */
static at_article *from_doc(const at_doc *d, int read_captions)
{
    at_article *a = at__xcalloc(1, sizeof *a);
    size_t i, j;
    a->title = at__xstrdup(d->sections[0].title ? d->sections[0].title : "");
    a->author = dup_or_null(d->meta.author);
    a->date = dup_or_null(d->meta.date);
    a->publication = dup_or_null(d->meta.publication);
    a->language = dup_or_null(d->meta.language);
    a->dateline = dup_or_null(d->meta.dateline);
    a->image = dup_or_null(d->meta.image);
    a->format = format_name(d->format);
    a->language_source = d->meta.language_source ? d->meta.language_source : "default";
    a->nsections = d->nsections;
    a->sections = at__xcalloc(d->nsections ? d->nsections : 1, sizeof *a->sections);
    for (i = 0; i < d->nsections; i++) {
        const at_section *s = &d->sections[i];
        at_article_section *t = &a->sections[i];
        t->title = at__xstrdup(s->title ? s->title : "");
        t->src_start = s->title_start;
        t->src_end = s->title_end;
        t->nblocks = s->nblocks;
        t->blocks = at__xcalloc(s->nblocks ? s->nblocks : 1, sizeof *t->blocks);
        for (j = 0; j < s->nblocks; j++) {
            const at_block *b = &s->blocks[j];
            t->blocks[j].kind = b->kind;
            t->blocks[j].text = at__xstrdup(b->text);
            t->blocks[j].src_start = b->src_start;
            t->blocks[j].src_end = b->src_end;
            t->blocks[j].read = b->kind != AT_BLOCK_BOILERPLATE && (b->kind != AT_BLOCK_CAPTION || read_captions);
            t->blocks[j].language = dup_or_null(b->language);
        }
    }
    a->nwarnings = d->nwarnings;
    a->warnings = at__xcalloc(d->nwarnings ? d->nwarnings : 1, sizeof *a->warnings);
    for (i = 0; i < d->nwarnings; i++)
        a->warnings[i] = at__xstrdup(d->warnings[i]);
    return a;
}

at_status at_ctx_extract(at_ctx *c, const char *path, at_article **out)
{
    at_doc *doc = NULL;
    at_status st;
    c->err.status = AT_OK;
    c->err.msg[0] = '\0';
    *out = NULL;
    if ((st = at__ctx_read_doc(c, path, &doc)) != AT_OK)
        return st;
    *out = from_doc(doc, c->opt.read_captions);
    at__doc_free(doc);
    return AT_OK;
}

void at_article_free(at_article *a)
{
    size_t i, j;
    if (!a)
        return;
    for (i = 0; i < a->nsections; i++) {
        for (j = 0; j < a->sections[i].nblocks; j++) {
            free(a->sections[i].blocks[j].text);
            free(a->sections[i].blocks[j].language);
        }
        free(a->sections[i].blocks);
        free(a->sections[i].title);
    }
    for (i = 0; i < a->nwarnings; i++)
        free(a->warnings[i]);
    free(a->warnings);
    free(a->sections);
    free(a->title);
    free(a->author);
    free(a->date);
    free(a->publication);
    free(a->language);
    free(a->dateline);
    free(a->image);
    free(a);
}
