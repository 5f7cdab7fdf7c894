/* The segmenter: turns from tokens.
 *
 * A block becomes a run of turns: narration until an opening quote mark,
 * the quotation until its closing mark, narration again. A quotation left
 * open at the end of a paragraph ends there, so a missing mark cannot
 * derail the rest of the article. */
#include <stdlib.h>
#include <string.h>

#include "segment.h"

typedef struct builder {
    at_script *s;
    size_t cap_turns, cap_speakers, cap_voices;
    at_buf text;
} builder;

/* Interns a voice name in the script and returns the script's copy. */
static const char *voice_name(builder *b, const char *name)
{
    size_t k;
    for (k = 0; k < b->s->nvoice_names; k++)
        if (strcmp(b->s->voice_names[k], name) == 0)
            return b->s->voice_names[k];
    *AT_PUSH(b->s->voice_names, b->s->nvoice_names, b->cap_voices) = at__xstrdup(name);
    return b->s->voice_names[b->s->nvoice_names - 1];
}

static size_t add_speaker(builder *b, const char *id, const char *name, at_gender g, const char *voice)
{
    at_speaker *sp = AT_PUSH(b->s->speakers, b->s->nspeakers, b->cap_speakers);
    sp->id = at__xstrdup(id);
    sp->name = at__xstrdup(name);
    sp->gender = g;
    sp->voice = at__xstrdup(voice);
    return b->s->nspeakers - 1;
}

/* True when the spoken text has something to say: a letter or digit. */
static int has_words(const char *t)
{
    for (; *t; t++)
        if (at__is_alpha((unsigned char)*t) || at__is_digit((unsigned char)*t) || (unsigned char)*t >= 0x80)
            return 1;
    return 0;
}

/* Strips leading punctuation and spaces (", said Bauer" after a quote). */
static const char *skip_lead(const char *t)
{
    while (*t == ',' || *t == ' ' || *t == ';' || *t == ':' || *t == '.')
        t++;
    return t;
}

static void add_turn(builder *b, size_t section, at_turn_kind kind, size_t speaker, const char *voice,
                     const char *text, size_t src_start, size_t src_end, at_boundary before)
{
    at_turn *t;
    text = skip_lead(text);
    if (!has_words(text))
        return;
    t = AT_PUSH(b->s->turns, b->s->nturns, b->cap_turns);
    t->section = section;
    t->kind = kind;
    t->speaker = speaker;
    t->voice = voice;
    t->text = at__xstrdup(text);
    t->src_start = src_start;
    t->src_end = src_end;
    t->before = before;
}

/* The boundary a new turn has with the previous one, given where it
 * starts: the first turn of a block after a heading, a paragraph, or a
 * sentence end inside it. */
static at_boundary pending_bound(at_boundary *pending)
{
    at_boundary b = *pending;
    *pending = AT_BOUND_NONE;
    return b;
}

static void flush(builder *b, const at_tokens *t, const at_block *bl, size_t from, size_t to, size_t section,
                  at_turn_kind kind, size_t speaker, const char *voice, at_boundary *pending)
{
    size_t before = b->s->nturns;
    at_boundary bound;
    if (from >= to)
        return;
    b->text.n = 0;
    at__tokens_join(t, from, to, &b->text);
    if (b->text.p == NULL)
        return;
    bound = *pending;
    /* inside a block: a turn that follows a sentence end starts a sentence */
    if (bound == AT_BOUND_NONE && from > 0 &&
        ((t->v[from - 1].flags & AT_TF_SENT_END) || (from > 1 && (t->v[from - 2].flags & AT_TF_SENT_END))))
        bound = AT_BOUND_SENTENCE;
    add_turn(b, section, kind, speaker, voice, b->text.p, bl->src_start + t->v[from].start,
             bl->src_start + t->v[to - 1].end, bound);
    if (b->s->nturns > before)
        pending_bound(pending);
}

/* Splits one block into narration and quotation turns. */
static void segment_block(builder *b, const at_tokens *t, const at_block *bl, size_t section,
                          at_turn_kind narr_kind, size_t narr_speaker, const char *narr_voice,
                          size_t quote_speaker, at_boundary *pending)
{
    size_t k, from = 0;
    int depth = 0;
    for (k = 0; k < t->n; k++) {
        const at_token *tk = &t->v[k];
        if (tk->cls == AT_TOK_QUOTE && (tk->flags & AT_TF_QUOTE_OPEN)) {
            if (depth++ == 0) {
                flush(b, t, bl, from, k, section, narr_kind, narr_speaker, narr_voice, pending);
                from = k + 1;
            }
        } else if (tk->cls == AT_TOK_QUOTE && (tk->flags & AT_TF_QUOTE_CLOSE) && depth > 0) {
            if (--depth == 0) {
                flush(b, t, bl, from, k, section, AT_TURN_QUOTE, quote_speaker,
                      b->s->speakers[quote_speaker].voice, pending);
                from = k + 1;
            }
        }
    }
    if (depth > 0)
        flush(b, t, bl, from, t->n, section, AT_TURN_QUOTE, quote_speaker, b->s->speakers[quote_speaker].voice,
              pending);
    else
        flush(b, t, bl, from, t->n, section, narr_kind, narr_speaker, narr_voice, pending);
}

static void fill_meta(at_script *s, const at_doc *doc)
{
    s->title = at__xstrdup(doc->meta.title ? doc->meta.title : "");
    s->author = at__xstrdup(doc->meta.author);
    s->publication = at__xstrdup(doc->meta.publication);
    s->date = at__xstrdup(doc->meta.date);
    s->nsections = doc->nsections;
    s->sections = at__xcalloc(doc->nsections ? doc->nsections : 1, sizeof *s->sections);
}

/* The headline or a heading: normalized, read by its own voice. */
static void heading_turn(builder *b, at_normalizer *n, const at_section *sec, size_t k, const at_casting *cast,
                         at_tokens *t, at_boundary *pending)
{
    at_status st = at__normalizer_run(n, sec->title, strlen(sec->title), 0, t);
    (void)st;
    b->text.n = 0;
    at__tokens_join(t, 0, t->n, &b->text);
    add_turn(b, k, k == 0 ? AT_TURN_TITLE : AT_TURN_HEADING, 0,
             voice_name(b, k == 0 ? cast->title : cast->heading), b->text.p ? b->text.p : "", sec->title_start,
             sec->title_end, *pending);
    *pending = AT_BOUND_HEADING;
}

at_status at__segment(const at_doc *doc, at_normalizer *n, const at_casting *cast,
                      const at_segment_options *opt, at_script **out, at_error *e)
{
    builder b;
    at_tokens t = {0};
    size_t k, j, quote_speaker;
    const char *narr_voice;
    (void)e;
    memset(&b, 0, sizeof b);
    b.s = at__xcalloc(1, sizeof *b.s);
    fill_meta(b.s, doc);
    narr_voice = voice_name(&b, cast->narration);
    add_speaker(&b, "narrator", "Narrator", AT_GENDER_UNKNOWN, narr_voice);
    quote_speaker = add_speaker(&b, "quoted", "Quoted speaker", AT_GENDER_UNKNOWN,
                                voice_name(&b, cast->pool[AT_GENDER_UNKNOWN][0]));

    at__normalizer_reset(n);
    at__normalizer_learn(n, doc->meta.title ? doc->meta.title : "", doc->meta.title ? strlen(doc->meta.title) : 0);
    for (k = 0; k < doc->nsections; k++)
        for (j = 0; j < doc->sections[k].nblocks; j++)
            at__normalizer_learn(n, doc->sections[k].blocks[j].text, doc->sections[k].blocks[j].len);

    for (k = 0; k < doc->nsections; k++) {
        const at_section *sec = &doc->sections[k];
        at_boundary pending = AT_BOUND_SECTION;
        b.s->sections[k].title = at__xstrdup(sec->title);
        heading_turn(&b, n, sec, k, cast, &t, &pending);
        for (j = 0; j < sec->nblocks; j++) {
            const at_block *bl = &sec->blocks[j];
            int caption = bl->kind == AT_BLOCK_CAPTION;
            if (bl->kind == AT_BLOCK_BOILERPLATE || (caption && !(opt && opt->read_captions)))
                continue;
            at__normalizer_run(n, bl->text, bl->len, bl->dateline_end, &t);
            if (pending == AT_BOUND_NONE)
                pending = AT_BOUND_PARAGRAPH;
            segment_block(&b, &t, bl, k, caption ? AT_TURN_CAPTION : AT_TURN_NARRATION, 0,
                          caption ? voice_name(&b, cast->caption) : narr_voice, quote_speaker, &pending);
            pending = AT_BOUND_PARAGRAPH;
        }
    }
    at__tokens_free(&t);
    at__buf_free(&b.text);
    *out = b.s;
    return AT_OK;
}

void at_script_free(at_script *s)
{
    size_t k;
    if (!s)
        return;
    for (k = 0; k < s->nturns; k++)
        free(s->turns[k].text);
    free(s->turns);
    for (k = 0; k < s->nspeakers; k++) {
        free(s->speakers[k].id);
        free(s->speakers[k].name);
        free(s->speakers[k].voice);
    }
    free(s->speakers);
    for (k = 0; k < s->nsections; k++)
        free(s->sections[k].title);
    free(s->sections);
    for (k = 0; k < s->nvoice_names; k++)
        free(s->voice_names[k]);
    free(s->voice_names);
    free(s->title);
    free(s->author);
    free(s->publication);
    free(s->date);
    free(s);
}
