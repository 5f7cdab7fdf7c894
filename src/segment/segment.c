/* The segmenter's driver: turns from tokens.
 *
 * A block becomes a run of turns: narration until an opening quote mark,
 * the quotation until its closing mark, narration again. Each quotation
 * is speech (a speaker's voice) or a title or scare quote (the narrator's);
 * speech is attributed from the cues around it (attrib.c) to a person of
 * the registry (speakers.c). Voices are cast once the whole article is
 * read, so a gender learned late (she added) still picks the voice. */
#include <stdlib.h>
#include <string.h>

#include "segment_impl.h"

#include <utf8proc.h>

typedef struct builder {
    at_script *s;
    size_t cap_turns, cap_speakers, cap_voices, cap_languages;
    at_buf text;
    at_attrib at;
    size_t *pending, npending, cap_pending; /* turns waiting for a quotation chain's speaker */
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

/* The script's copy of a language tag, one per language. */
static const char *language_name(builder *b, const char *lang)
{
    size_t k;
    for (k = 0; k < b->s->nlanguage_names; k++)
        if (strcmp(b->s->language_names[k], lang) == 0)
            return b->s->language_names[k];
    *AT_PUSH(b->s->language_names, b->s->nlanguage_names, b->cap_languages) = at__xstrdup(lang);
    return b->s->language_names[b->s->nlanguage_names - 1];
}

/* A block in a language of its own is normalized by that language's
 * rules; the others by the article's. */
static at_normalizer *block_normalizer(const at_segment_options *opt, const at_block *bl, at_normalizer *n)
{
    at_normalizer *own;
    if (!bl->language || !opt || !opt->normalizer_for)
        return n;
    own = opt->normalizer_for(opt->normalizer_data, bl->language);
    return own ? own : n;
}

static size_t add_speaker(builder *b, const char *id, const char *name, at_gender g, int ev, const char *voice)
{
    at_speaker *sp = AT_PUSH(b->s->speakers, b->s->nspeakers, b->cap_speakers);
    sp->id = at__xstrdup(id);
    sp->name = at__xstrdup(name);
    sp->gender = g;
    sp->gender_evidence = g == AT_GENDER_UNKNOWN ? AT_EVIDENCE_NONE : (at_evidence)ev;
    sp->voice = at__xstrdup(voice);
    return b->s->nspeakers - 1;
}

/* A turn from tokens [from, to) of the text of `bl` (a block, or a
 * heading as a block); none when they say nothing. */
static void add_turn(builder *b, size_t section, at_turn_kind kind, size_t speaker, const char *voice,
                     const at_tokens *tk, size_t from, size_t to, const at_block *bl, at_boundary before)
{
    at_turn t;
    memset(&t, 0, sizeof t);
    if (!at__turn_fill(&t, tk, from, to, bl->text, bl))
        return;
    t.section = section;
    t.kind = kind;
    t.speaker = speaker;
    t.voice = voice;
    t.before = before;
    *AT_PUSH(b->s->turns, b->s->nturns, b->cap_turns) = t;
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
    bound = *pending;
    /* inside a block: a turn that follows a sentence end starts a sentence */
    if (bound == AT_BOUND_NONE && from > 0 &&
        ((t->v[from - 1].flags & AT_TF_SENT_END) || (from > 1 && (t->v[from - 2].flags & AT_TF_SENT_END))))
        bound = AT_BOUND_SENTENCE;
    add_turn(b, section, kind, speaker, voice, t, from, to, bl, bound);
    if (b->s->nturns > before)
        pending_bound(pending);
}

/* Emits a block as runs of tokens with one owner: narration turns and
 * quotation turns (speaker = registry index until at__segment ends). */
static void emit_block(builder *b, const at_tokens *t, const at_block *bl, size_t section, at_turn_kind narr_kind,
                       const char *narr_voice, at_boundary *pending)
{
    size_t k, from = 0;
    for (k = 1; k <= t->n; k++) {
        size_t own = b->at.owner[from], before = b->s->nturns;
        if (k < t->n && b->at.owner[k] == own)
            continue;
        if (own == AT_OWN_SKIP) {
            /* not read */
        } else if (own == AT_OWN_NARRATOR) {
            flush(b, t, bl, from, k, section, narr_kind, 0, narr_voice, pending);
        } else {
            flush(b, t, bl, from, k, section, AT_TURN_QUOTE, own == AT_OWN_PENDING ? AT_NO_TOK : own - 1, NULL,
                  pending);
            if (b->s->nturns > before)
                b->s->turns[b->s->nturns - 1].attribution = (at_attribution)b->at.rule[from];
            if (own == AT_OWN_PENDING && b->s->nturns > before)
                *AT_PUSH(b->pending, b->npending, b->cap_pending) = before;
        }
        from = k;
    }
}

/* A quotation chain's speaker has been found: every turn waiting for it
 * gets it. */
static void settle(builder *b)
{
    size_t k;
    if (b->at.settled == AT_NO_TOK)
        return;
    for (k = 0; k < b->npending; k++)
        b->s->turns[b->pending[k]].speaker = b->at.settled;
    b->npending = 0;
    b->at.settled = AT_NO_TOK;
}

static void fill_meta(at_script *s, const at_doc *doc)
{
    s->title = at__xstrdup(doc->meta.title ? doc->meta.title : "");
    s->author = at__xstrdup(doc->meta.author);
    s->publication = at__xstrdup(doc->meta.publication);
    s->date = at__xstrdup(doc->meta.date);
    s->language = at__xstrdup(doc->meta.language && *doc->meta.language ? doc->meta.language : "en");
    s->nsections = doc->nsections;
    s->sections = at__xcalloc(doc->nsections ? doc->nsections : 1, sizeof *s->sections);
}

/* The headline or a heading: normalized, read by its own voice. */
static void heading_turn(builder *b, at_normalizer *n, const at_section *sec, size_t k, const at_casting *cast,
                         at_tokens *t, at_boundary *pending)
{
    at_status st = at__normalizer_run(n, sec->title, strlen(sec->title), 0, t);
    (void)st;
    if (t->n && k == 0)
        at__attrib_headline(&b->at, sec->title, t);
    else if (t->n)
        at__attrib_heading(&b->at, sec->title, t);
    if (t->n) {
        /* the heading's source range, as a block's: offsets in a title
         * that is longer or shorter than its source (entities, a
         * converted charset) scale into the range instead of running
         * past it */
        at_block hb;
        memset(&hb, 0, sizeof hb);
        hb.text = sec->title;
        hb.len = strlen(sec->title);
        hb.src_start = sec->title_start;
        hb.src_end = sec->title_end > sec->title_start ? sec->title_end : sec->title_start;
        hb.aligned = hb.src_end - hb.src_start == hb.len;
        add_turn(b, k, k == 0 ? AT_TURN_TITLE : AT_TURN_HEADING, 0,
                 voice_name(b, k == 0 ? cast->title : cast->heading), t, 0, t->n, &hb, *pending);
    }
    *pending = AT_BOUND_HEADING;
}

/* The ids given so far: a hash set, so that making an id unique costs the
 * same with twenty thousand speakers as with two. */
typedef struct idset {
    char **v;
    size_t mask, n;
} idset;

static uint64_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int idset_has(const idset *set, const char *id)
{
    size_t i;
    if (!set->v)
        return 0;
    for (i = (size_t)id_hash(id) & set->mask; set->v[i]; i = (i + 1) & set->mask)
        if (strcmp(set->v[i], id) == 0)
            return 1;
    return 0;
}

static void idset_add(idset *set, const char *id)
{
    size_t i;
    if ((set->n + 1) * 2 > set->mask + 1) {
        idset old = *set;
        set->mask = set->mask ? set->mask * 2 + 1 : 63;
        set->v = at__xcalloc(set->mask + 1, sizeof *set->v);
        for (i = 0; old.v && i <= old.mask; i++)
            if (old.v[i]) {
                size_t j = (size_t)id_hash(old.v[i]) & set->mask;
                while (set->v[j])
                    j = (j + 1) & set->mask;
                set->v[j] = old.v[i];
            }
        free(old.v);
    }
    for (i = (size_t)id_hash(id) & set->mask; set->v[i]; i = (i + 1) & set->mask)
        ;
    set->v[i] = at__xstrdup(id);
    set->n++;
}

static void idset_free(idset *set)
{
    size_t i;
    for (i = 0; set->v && i <= set->mask; i++)
        free(set->v[i]);
    free(set->v);
}

/* A speaker id from a name: the surname of a person, the whole name of
 * an organization, lowercased, words joined by '-', unique in the table
 * (`ids` holds the ids given so far; the new one is added). */
static char *speaker_id(idset *ids, const at_person *p)
{
    at_buf id = {0};
    const char *src = p->name, *c, *end;
    size_t base, n = 2;
    if (!p->org && !p->anon && strrchr(src, ' '))
        src = strrchr(src, ' ') + 1;
    for (c = src, end = src + strlen(src); c < end;) {
        size_t i = 0;
        int32_t cp = at__utf8_next(c, (size_t)(end - c), &i);
        if (i == 0)
            i = 1;
        if (cp > 0 && (at__cp_is_alnum(cp) || cp >= 0x80)) {
            utf8proc_uint8_t out[4];
            /* lowercased beyond ASCII too: "Ærø" -> "ærø" */
            at__buf_put(&id, (const char *)out, (size_t)utf8proc_encode_char(utf8proc_tolower(cp), out));
        } else if (cp < 0 && (unsigned char)*c >= 0x80) {
            at__buf_putc(&id, *c);
        } else if (id.n && id.p[id.n - 1] != '-') {
            at__buf_putc(&id, '-');
        }
        c += i;
    }
    while (id.n && id.p[id.n - 1] == '-')
        id.p[--id.n] = '\0';
    if (id.n == 0)
        at__buf_puts(&id, "speaker");
    base = id.n;
    while (idset_has(ids, id.p)) {
        id.n = base;
        id.p[base] = '\0';
        at__buf_printf(&id, "-%zu", n++);
    }
    idset_add(ids, id.p);
    return at__buf_detach(&id);
}

/* The letters and digits of s, lowercased, in a new string. */
static char *squeeze(const char *s)
{
    char *d = at__xstrdup(s ? s : ""), *o = d;
    for (; s && *s; s++)
        if (at__is_alpha((unsigned char)*s) || at__is_digit((unsigned char)*s))
            *o++ = (char)at__to_lower((unsigned char)*s);
    *o = '\0';
    return d;
}

/* Turn k's squeezed words (a) come again in a later quotation with a
 * speaker among the next few hundred: that speaker's. */
static int claim_by_text(builder *b, size_t k, const char *a)
{
    size_t j, looked = 0;
    for (j = k + 1; j < b->s->nturns && looked < 400; j++) {
        const at_turn *u = &b->s->turns[j];
        char *c;
        int hit;
        if (u->kind != AT_TURN_QUOTE)
            continue;
        looked++;
        if (u->speaker == AT_NO_TOK || b->at.reg.v[u->speaker].anon)
            continue;
        c = squeeze(u->text);
        hit = strlen(c) >= 20 && (strstr(c, a) || strstr(a, c));
        free(c);
        if (hit) {
            b->s->turns[k].speaker = u->speaker, b->s->turns[k].attribution = AT_ATTR_CUE;
            return 1;
        }
    }
    return 0;
}

/* The next quotation after turn k with a speaker, if any: its speaker. */
static void claim_next(builder *b, size_t k)
{
    size_t j;
    for (j = k + 1; j < b->s->nturns; j++) {
        const at_turn *u = &b->s->turns[j];
        if (u->kind != AT_TURN_QUOTE || u->speaker == AT_NO_TOK)
            continue;
        if (!b->at.reg.v[u->speaker].anon)
            b->s->turns[k].speaker = u->speaker, b->s->turns[k].attribution = AT_ATTR_CUE;
        return;
    }
}

/* A quotation nobody claims among the first few of the article (a deck
 * line, or a lede quotation before anyone is named): its words come again
 * later in a quotation with a speaker (a pull quote), or else the next
 * quotation that has a speaker tells whose it is ("Q." ... "Q2," says
 * Schwenk). Only the first quotation turns are looked at, so the cost
 * stays bounded. */
static void claim_pull_quotes(builder *b)
{
    size_t k, seen = 0;
    for (k = 0; k < b->s->nturns && seen < 8; k++) {
        at_turn *t = &b->s->turns[k];
        char *a;
        if (t->kind != AT_TURN_QUOTE)
            continue;
        seen++;
        if (t->speaker == AT_NO_TOK || !b->at.reg.v[t->speaker].anon ||
            b->at.reg.v[t->speaker].gender != AT_GENDER_UNKNOWN || t->attribution == AT_ATTR_LABEL)
            continue;
        a = squeeze(t->text);
        if (strlen(a) < 20 || !claim_by_text(b, k, a))
            claim_next(b, k);
        free(a);
    }
}

/* Once the article is read: the speakers table in order of first
 * quotation, a voice for each, and turns pointing at table rows. */
static void cast_speakers(builder *b, const at_casting *cast)
{
    const char **voice = at__xcalloc(b->at.reg.n + 1, sizeof *voice);
    size_t *row = at__xcalloc(b->at.reg.n + 1, sizeof *row);
    size_t k;
    idset ids = {0};
    for (k = 0; k < b->s->nspeakers; k++) /* the narrator */
        idset_add(&ids, b->s->speakers[k].id);
    claim_pull_quotes(b);
    for (k = 0; k < b->s->nturns; k++) {
        at_turn *t = &b->s->turns[k];
        if (t->kind != AT_TURN_QUOTE)
            continue;
        if (t->speaker == AT_NO_TOK)
            t->speaker = at__registry_anon(&b->at.reg);
        if (b->at.reg.v[t->speaker].anon)
            t->attribution = AT_ATTR_NONE;
        if (b->at.reg.v[t->speaker].quotes++ == 0)
            b->at.reg.v[t->speaker].order = k;
    }
    at__cast_voices(&b->at.reg, cast, voice);
    for (k = 0; k < b->s->nturns; k++) {
        at_turn *t = &b->s->turns[k];
        if (t->kind != AT_TURN_QUOTE)
            continue;
        if (row[t->speaker] == 0) {
            const at_person *p = &b->at.reg.v[t->speaker];
            char *id = speaker_id(&ids, p);
            row[t->speaker] = add_speaker(b, id, p->display ? p->display : p->name,
                                          p->org && !p->role ? AT_GENDER_UNKNOWN : p->gender, p->gev,
                                          voice[t->speaker]);
            free(id);
        }
        t->speaker = row[t->speaker];
        t->voice = voice_name(b, b->s->speakers[t->speaker].voice);
    }
    idset_free(&ids);
    free(voice);
    free(row);
}

/* Reads every block of a section into turns. */
static void segment_section(builder *b, at_normalizer *n, const at_section *sec, size_t k, const at_casting *cast,
                            const at_segment_options *opt, at_tokens *t)
{
    const char *narr_voice = voice_name(b, cast->narration);
    at_boundary pending = AT_BOUND_SECTION;
    size_t j;
    heading_turn(b, n, sec, k, cast, t, &pending);
    for (j = 0; j < sec->nblocks; j++) {
        const at_block *bl = &sec->blocks[j];
        int caption = bl->kind == AT_BLOCK_CAPTION;
        size_t first = b->s->nturns, u; /* this block's turns start here */
        if (bl->kind == AT_BLOCK_BOILERPLATE || (caption && !(opt && opt->read_captions)))
            continue;
        at__normalizer_run(block_normalizer(opt, bl, n), bl->text, bl->len, bl->dateline_end, t);
        if (pending == AT_BOUND_NONE)
            pending = AT_BOUND_PARAGRAPH;
        if (caption) {
            /* a caption is never speech */
            at__grow(&b->at.owner, &b->at.cap_owner, t->n + 1, sizeof *b->at.owner);
            memset(b->at.owner, 0, (t->n + 1) * sizeof *b->at.owner);
            emit_block(b, t, bl, k, AT_TURN_CAPTION, voice_name(b, cast->caption), &pending);
        } else {
            at__attrib_block(&b->at, bl->text, bl->bold, t);
            settle(b);
            emit_block(b, t, bl, k, AT_TURN_NARRATION, narr_voice, &pending);
            at__attrib_end_block(&b->at, bl->text, t);
            settle(b);
        }
        for (u = first; bl->language && u < b->s->nturns; u++)
            b->s->turns[u].language = language_name(b, bl->language);
        pending = AT_BOUND_PARAGRAPH;
    }
}

/* After the headline, turns follow the source. The readers' ranges for
 * broken HTML are estimates per element, and a block that libxml2
 * recovered from stray tags can start inside the one before it; such a
 * turn starts where the turn before it starts, and its sentences are
 * kept inside it and in order (found by fuzz_segment). Ranges from
 * well-formed input are already in order and do not change. */
static void keep_source_order(at_script *s)
{
    size_t k, j, floor = 0;
    for (k = 0; k < s->nturns; k++) {
        at_turn *t = &s->turns[k];
        size_t prev = 0;
        if (t->kind == AT_TURN_TITLE)
            continue;
        if (t->src_start < floor)
            t->src_start = floor;
        if (t->src_end < t->src_start)
            t->src_end = t->src_start;
        floor = t->src_start;
        for (j = 0; j < t->nsentences; j++) {
            at_sentence *x = &t->sentences[j];
            size_t lo = t->src_start > prev ? t->src_start : prev;
            if (x->src_start < lo)
                x->src_start = lo;
            if (x->src_start > t->src_end)
                x->src_start = t->src_end;
            if (x->src_end < x->src_start)
                x->src_end = x->src_start;
            if (x->src_end > t->src_end)
                x->src_end = t->src_end;
            prev = x->src_start;
        }
    }
}

at_status at__segment(const at_doc *doc, at_normalizer *n, const at_casting *cast,
                      const at_segment_options *opt, at_script **out, at_error *e)
{
    builder b;
    at_tokens t = {0};
    size_t k, j;
    (void)e;
    memset(&b, 0, sizeof b);
    b.s = at__xcalloc(1, sizeof *b.s);
    at__attrib_init(&b.at, opt ? opt->cues : NULL);
    b.at.transcript = opt && opt->cues ? at__transcript_detect(doc, opt->cues) : 0;
    fill_meta(b.s, doc);
    add_speaker(&b, "narrator", "Narrator", AT_GENDER_UNKNOWN, AT_GEV_NONE, voice_name(&b, cast->narration));

    at__normalizer_reset(n);
    at__normalizer_learn(n, doc->meta.title ? doc->meta.title : "", doc->meta.title ? strlen(doc->meta.title) : 0);
    for (k = 0; k < doc->nsections; k++)
        for (j = 0; j < doc->sections[k].nblocks; j++)
            at__normalizer_learn(block_normalizer(opt, &doc->sections[k].blocks[j], n),
                                 doc->sections[k].blocks[j].text, doc->sections[k].blocks[j].len);

    for (k = 0; k < doc->nsections; k++) {
        b.s->sections[k].title = at__xstrdup(doc->sections[k].title);
        segment_section(&b, n, &doc->sections[k], k, cast, opt, &t);
    }
    at__attrib_close_chain(&b.at);
    settle(&b);
    cast_speakers(&b, cast);
    keep_source_order(b.s);
    at__tokens_free(&t);
    at__buf_free(&b.text);
    at__attrib_free(&b.at);
    free(b.pending);
    *out = b.s;
    return AT_OK;
}

void at_script_free(at_script *s)
{
    size_t k;
    if (!s)
        return;
    for (k = 0; k < s->nturns; k++)
        at__turn_clear(&s->turns[k]);
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
    for (k = 0; k < s->nlanguage_names; k++)
        free(s->language_names[k]);
    free(s->language_names);
    free(s->title);
    free(s->author);
    free(s->publication);
    free(s->date);
    free(s->language);
    free(s);
}
