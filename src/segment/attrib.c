/* Attribution: which quotations are speech, and who says each.
 *
 * For every quotation the cue is looked for, in order: right after it
 * (Q, said Bauer / Q, Bauer said), before it in the same sentence (Bauer
 * said: Q / According to Bauer, Q), or ending the sentence before it
 * (Bauer explained. Q), which may close the previous paragraph. The cue
 * verb's speaker phrase is read by names.c and resolved to a person by
 * speakers.c. A quotation with no cue continues the previous speaker. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "segment_impl.h"

static size_t skip_adverbs(const at_scan *x, size_t k, size_t b)
{
    while (k < b && at__scan_is(x, k, AT_CUE_ADVERB))
        k++;
    return k;
}

/* "according to" (or "selon", a one-word entry) at k: the speaker
 * follows. Returns the number of words the phrase takes, 0 for none. */
static size_t prep_at(const at_scan *x, size_t k)
{
    const char *next;
    if (!at__scan_word(x, k))
        return 0;
    next = at__cues_prep_next(x->c, x->text + x->t->v[k].start, x->t->v[k].end - x->t->v[k].start);
    if (next && !next[0])
        return 1;
    return next && at__scan_wordis(x, k + 1, next) ? 2 : 0;
}

/* Xinhua quoted Yatsenyuk as telling; the agency cited Zarif as saying:
 * the person before "as" speaks. Not in "Huang was quoted by Xinhua as
 * saying", where "by" marks the one who quotes. */
static int as_verb(const at_scan *x, size_t a, size_t v, at_agent *ag)
{
    size_t k;
    if (v < a + 2 || !at__scan_wordis(x, v - 1, "as") || !at__scan_word(x, v - 2))
        return 0;
    for (k = v - 2; k > a && k + 9 > v; k--) {
        if (at__scan_wordis(x, k - 1, "by"))
            return 0;
        if (at__scan_wordis(x, k - 1, "quoted") || at__scan_wordis(x, k - 1, "cited"))
            break;
    }
    return at__phrase_backward(x, a, v - 2, ag);
}

/* "quoted Yatsenyuk as telling": the cue that counts is the later one. */
static int quoted_as(const at_scan *x, size_t v, size_t b)
{
    size_t k;
    if (!at__scan_wordis(x, v, "quoted") && !at__scan_wordis(x, v, "cited"))
        return 0;
    for (k = v + 1; k + 1 < b && k < v + 8; k++)
        if (at__scan_wordis(x, k, "as") && at__scan_verb(x, k + 1))
            return 1;
    return 0;
}

/* A verb of speech for a document only: The statement read, Q. */
static int doc_verb(const at_scan *x, size_t k)
{
    return at__scan_is(x, k, AT_CUE_DOCVERB) && !at__is_capitalized(x->text + x->t->v[k].start, 1);
}

/* True when [i, p) can be the subject of the verb at p and nothing more:
 * a few words, maybe an apposition between commas (Bauer, who heads the
 * delegation,), but no clause ("was the theme, and delegates"). A run of
 * capitals and small words may be longer: Judge of Elections Ada Voss of
 * Clearfield Second Ward. */
static int subject_only(const at_scan *x, size_t i, size_t p)
{
    size_t k, words = 0;
    int names = 1;
    if (p <= i)
        return 0;
    for (k = i; k < p; k++) {
        if (at__scan_punct(x, k, ',')) {
            if (!at__scan_punct(x, p - 1, ','))
                return 0;
            break;
        }
        /* "and" joins clauses, but not inside a name: Moore Insights and
         * Strategy analyst X Y */
        if (((x->t->v[k].flags & AT_TF_SENT_END) && !at__scan_name_dot(x, k)) || at__scan_is(x, k, AT_CUE_ADVERB) ||
            (at__scan_wordis(x, k, "and") &&
             !(k > i && k + 1 < p && at__is_capitalized(x->text + x->t->v[k - 1].start, 1) &&
               at__is_capitalized(x->text + x->t->v[k + 1].start, 1))) ||
            at__scan_wordis(x, k, "but") || at__scan_wordis(x, k, "that"))
            return 0;
        words += at__scan_word(x, k);
        /* a role word among the capitals keeps them a name phrase */
        if (at__scan_word(x, k) && !at__is_capitalized(x->text + x->t->v[k].start, 1) &&
            !at__scan_is(x, k, AT_CUE_MINOR) && !at__scan_is(x, k, AT_CUE_PARTICLE) && !at__scan_is(x, k, AT_CUE_TITLE))
            names = 0;
    }
    return words >= 1 && (words <= 6 || (names && words <= 11));
}

/* Q," Ana Ruiz, owner of the boutique, Lucy Loft, in Tennessee, told ...:
 * a person named in full (or with a title) right after the quotation,
 * then appositions set off by commas, then a comma and the speech verb
 * within forty tokens: the name speaks, whatever the appositions name. */
static int lead_name(const at_scan *x, size_t i, size_t b, at_agent *ag)
{
    size_t c = i, v, p;
    while (c < b && c < i + 8 && !at__scan_punct(x, c, ','))
        c++;
    if (c == i || c >= b || !at__scan_punct(x, c, ',') || at__phrase_forward(x, i, c, 0, ag) != c ||
        ag->kind != AT_AGENT_PERSON || (!strchr(ag->name, ' ') && !ag->title[0]))
        return 0;
    for (v = c + 1; v < b && v < i + 40; v++) {
        if (!at__scan_verb(x, v))
            continue;
        for (p = v; p > c && at__scan_is(x, p - 1, AT_CUE_ADVERB); p--)
            ;
        return p > c + 1 && at__scan_punct(x, p - 1, ',');
    }
    return 0;
}

/* Q, said Bauer / Q, Bauer said / Q, according to Bauer / Q, NTSB member
 * Earl Weener said: the cue opens the window, or closes the speaker
 * phrase that opens it. After a quotation that ends a sentence the cue
 * must come at once and end its clause (Q. Bauer said.), so the next
 * sentence's news is not taken for an attribution. */
static int after(const at_scan *x, size_t a, size_t b, int sentence, at_agent *ag)
{
    size_t i = a, j, v, p, limit, np;
    while (i < b && !at__scan_word(x, i))
        i++;
    j = skip_adverbs(x, i, b);
    /* Q," Said Manning: a capital after the quotation is still the verb */
    if (at__scan_verb(x, j) || (j == i && at__scan_is(x, j, AT_CUE_VERB) && !at__scan_is(x, j, AT_CUE_STOP))) {
        size_t e = at__phrase_forward(x, j + 1, b, 0, ag), s;
        int g = AT_CUEV_NONE;
        /* señaló a este diario el portavoz, declaró a EFE el ministro: the
         * speaker after an indirect object, a person or a role */
        for (s = j + 2; e == j + 1 && at__scan_is(x, j + 1, AT_CUE_OBJECT) && s < b && s <= j + 5 && at__scan_word(x, s);
             s++) {
            size_t f;
            if (!at__scan_is(x, s, AT_CUE_DET) && !at__is_capitalized(x->text + x->t->v[s].start, 1))
                continue;
            f = at__phrase_forward(x, s, b, 0, ag);
            if (f > s && (ag->kind == AT_AGENT_PERSON || (ag->kind == AT_AGENT_ORG && ag->role)))
                e = f;
        }
        if (e > j + 1)
            return !sentence || e >= b || !at__scan_word(x, e);
        /* Q », explique-t-elle. / Q», — сказала.: a verb form that tells
         * its subject's gender, with no speaker after it, has the subject
         * in it or left out: she, he */
        memset(ag, 0, sizeof *ag);
        at__cues_find(x->c, AT_CUE_VERB, x->text + x->t->v[j].start, x->t->v[j].end - x->t->v[j].start, &g);
        if (g == AT_CUEV_NONE || at__scan_word(x, j + 1))
            return 0;
        ag->kind = AT_AGENT_PRONOUN;
        ag->gender = g == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : AT_GENDER_MALE;
        snprintf(ag->name, sizeof ag->name, "%s", g == AT_CUEV_FEMALE ? "she" : "he");
        return 1;
    }
    if ((np = prep_at(x, i)) != 0)
        return at__phrase_forward(x, i + np, b, 0, ag) > i + np;
    if (!sentence && lead_name(x, i, b, ag))
        return 1;
    limit = i + (sentence ? 4 : 14);
    for (v = i + 1; v < b && v < limit; v++) {
        /* other people's comments, their remarks: after a possessive or a
         * determiner a verb's form is a noun */
        if (at__scan_verb(x, v) && (at__scan_possessive(x, v - 1) || at__scan_is(x, v - 1, AT_CUE_DET)))
            continue;
        if (!at__scan_verb(x, v)) {
            /* Q," the statement read. */
            if (!doc_verb(x, v))
                continue;
            for (p = v; p > i && at__scan_is(x, p - 1, AT_CUE_ADVERB); p--)
                ;
            return subject_only(x, i, p) && !(sentence && at__scan_word(x, v + 1)) &&
                   at__phrase_backward(x, i, p - 1, ag) && ag->doc;
        }
        if (as_verb(x, i, v, ag))
            return 1;
        if (quoted_as(x, v, b))
            continue;
        for (p = v; p > i && at__scan_is(x, p - 1, AT_CUE_ADVERB); p--)
            ;
        /* Q," she stood and said: a verb and "and" before the cue */
        if (p >= i + 3 && at__scan_wordis(x, p - 1, "and") && at__scan_word(x, p - 2) && !at__scan_verb(x, p - 2) &&
            !at__is_capitalized(x->text + x->t->v[p - 2].start, 1) && subject_only(x, i, p - 2))
            p -= 2;
        /* Q," David Lara, another minister told ...: an apposition whose
         * closing comma is missing, after a name */
        {
            size_t c = i;
            while (c < p && !at__scan_punct(x, c, ','))
                c++;
            if (c > i && c + 1 < p && !at__scan_punct(x, p - 1, ',') && !(sentence && at__scan_word(x, v + 1)) &&
                at__phrase_backward(x, i, c, ag) && ag->kind == AT_AGENT_PERSON &&
                at__is_capitalized(ag->name, strlen(ag->name)) && subject_only(x, c + 1, p))
                return 1;
        }
        /* after a full stop only "Bauer said." or "Bauer said, ..." */
        if (!subject_only(x, i, p) || (sentence && at__scan_word(x, v + 1)))
            return 0;
        /* “Q” to think about comments, she said: a pronoun after a comma
         * before the verb is the speaker, not the words before it */
        if (p > i + 1 && at__scan_is(x, p - 1, AT_CUE_PRONOUN) && at__scan_punct(x, p - 2, ','))
            return at__phrase_forward(x, p - 1, p, 0, ag) == p && ag->kind == AT_AGENT_PRONOUN;
        /* Q" acres, most of it wheat, said Rachel Tucker: a comma, then the
         * verb and its speaker */
        if (at__scan_punct(x, p - 1, ',')) {
            /* Q," Ana Ruiz, a spokeswoman for X, told a press conference:
             * the name before the apposition, not the verb's object */
            if (at__phrase_backward(x, i, p - 1, ag) && ag->kind == AT_AGENT_PERSON)
                return 1;
            if (at__phrase_forward(x, v + 1, b, 0, ag) > v + 1)
                return 1;
        }
        if (at__phrase_backward(x, i, p - 1, ag))
            return 1;
        return at__phrase_forward(x, i, p, 1, ag) > i;
    }
    /* “Q!” Council Member Judith Crane bellowed. “Q,” Aziz Taki remembers
     * thinking.: a person named in full right after the quotation, a verb
     * in -ed or -s the cue table does not know, and the sentence ends
     * within three more words */
    if (i < b && (!sentence || at__is_capitalized(x->text + x->t->v[i].start, 1))) {
        size_t e = at__phrase_forward(x, i, b, 0, ag), k;
        if (e > i && e < b && ag->kind == AT_AGENT_PERSON && (strchr(ag->name, ' ') || ag->title[0]) &&
            at__scan_word(x, e) && !at__is_capitalized(x->text + x->t->v[e].start, 1) &&
            (at__scan_past(x, e) || (x->t->v[e].end - x->t->v[e].start > 3 && x->text[x->t->v[e].end - 1] == 's' &&
                                     x->text[x->t->v[e].end - 2] != 's'))) {
            for (k = e + 1; k < b && k <= e + 4 && at__scan_word(x, k); k++)
                ;
            if (k >= b || (k <= e + 4 && !at__scan_word(x, k) && !at__scan_punct(x, k, ',')))
                return 1;
        }
        memset(ag, 0, sizeof *ag);
    }
    return 0;
}

/* A participle after a comma (", saying:", ", adding:") belongs to the
 * clause's subject. */
static int participle(const at_scan *x, size_t v)
{
    size_t n = x->t->v[v].end - x->t->v[v].start;
    return n > 4 && memcmp(x->text + x->t->v[v].end - 3, "ing", 3) == 0;
}

/* shout their votes, told his staff: after a verb, a possessive's thing
 * is its object, not a speaker (but said his lawyer, its statement). */
static int owned_thing(const at_agent *ag)
{
    static const char *const owners[] = {"His ", "Her ", "Their ", "Its ", "Our "};
    size_t k;
    if (ag->kind != AT_AGENT_ORG || ag->role || ag->doc)
        return 0;
    for (k = 0; k < sizeof owners / sizeof owners[0]; k++)
        if (strncmp(ag->display, owners[k], strlen(owners[k])) == 0)
            return 1;
    return 0;
}

/* The speaker of the cue verb at v in [a, b): the subject before it
 * (Bauer said), else the phrase after it (said Bauer). */
static int around(const at_scan *x, size_t a, size_t v, size_t b, at_agent *ag)
{
    size_t p = v;
    if (as_verb(x, a, v, ag))
        return 1;
    while (p > a && at__scan_is(x, p - 1, AT_CUE_ADVERB))
        p--;
    if (p > a && participle(x, v) && at__scan_punct(x, p - 1, ',')) {
        /* After the vote, students refused to leave, shouting: the subject
         * after an opening clause */
        size_t s = a;
        if (at__scan_is(x, a, AT_CUE_STOP)) {
            while (s < p - 1 && !at__scan_punct(x, s, ','))
                s++;
            s = s < p - 1 ? s + 1 : a;
        }
        if (at__phrase_forward(x, s, p - 1, s > a, ag) > s)
            return 1;
    }
    /* ..., said Barbara Ferrer, director of ...: after a comma the verb
     * comes first and its speaker after it */
    if (p > a && at__scan_punct(x, p - 1, ',') && at__phrase_forward(x, v + 1, b, 0, ag) > v + 1 &&
        ag->kind == AT_AGENT_PERSON)
        return 1;
    /* ..., Lt. Megan Dennel, Sector Bay search coordinator said: a name,
     * a comma, and a role with no closing comma before the verb */
    if (p > a + 2 && !at__scan_punct(x, p - 1, ',') && at__scan_word(x, p - 1) &&
        !at__is_capitalized(x->text + x->t->v[p - 1].start, 1)) {
        size_t c = p - 1;
        while (c > a && c + 10 > p && !at__scan_punct(x, c, ',') && at__scan_word(x, c) && !at__scan_verb(x, c))
            c--;
        if (c > a && c + 10 > p && at__scan_punct(x, c, ',') && at__is_capitalized(x->text + x->t->v[c - 1].start, 1) &&
            at__phrase_backward(x, a, c - 1, ag) && ag->kind == AT_AGENT_PERSON && (strchr(ag->name, ' ') || ag->title[0]))
            return 1;
    }
    /* Sen. Lindsey Graham (R-S.C.) said: a bracketed aside (a party and
     * state, an age) between the name and the verb */
    if (p > a + 2 && at__scan_punct(x, p - 1, ')')) {
        size_t o = p - 1;
        while (o > a && o + 8 > p && !at__scan_punct(x, o, '('))
            o--;
        if (o > a && at__scan_punct(x, o, '(') && at__phrase_backward(x, a, o - 1, ag) && ag->kind == AT_AGENT_PERSON)
            return 1;
    }
    /* Putin touched on the alliance and said: a second verb of the
     * sentence's subject */
    if (p > a + 1 && (at__scan_wordis(x, p - 1, "and") || at__scan_wordis(x, p - 1, "then"))) {
        size_t s = a; /* after an opening clause (In his speech, ...) */
        if (at__scan_is(x, a, AT_CUE_STOP)) {
            while (s < p - 1 && !at__scan_punct(x, s, ','))
                s++;
            s = s < p - 1 ? s + 1 : a;
        }
        if ((at__phrase_subject(x, s, p - 1, ag) || at__phrase_surname(x, s, p - 1, ag)) &&
            ag->kind == AT_AGENT_PERSON)
            return 1;
    }
    if (p > a && at__phrase_backward(x, a, p - 1, ag))
        return 1;
    return at__phrase_forward(x, v + 1, b, 0, ag) > v + 1 && !owned_thing(ag);
}

/* Bauer said: Q / said Bauer, Q / According to Bauer, Q: the last cue in
 * [lo, b) that has a speaker, reading no further back than a. */
static int before(const at_scan *x, size_t a, size_t b, size_t lo, at_agent *ag)
{
    size_t v, np;
    for (v = b; v-- > lo;) {
        if ((np = prep_at(x, v)) != 0 && at__phrase_forward(x, v + np, b, 0, ag) > v + np)
            return 1;
        if (at__scan_verb(x, v)) {
            /* she says laughing: the verb that speaks is the first of two */
            if (v > a && at__scan_verb(x, v - 1))
                continue;
            if (around(x, a, v, b, ag))
                return 1;
        } else if (v == a && at__scan_is(x, v, AT_CUE_VERB) && !at__scan_is(x, v, AT_CUE_STOP)) {
            /* Explained co-founder Ana Ruiz: Q -- a verb opening the sentence */
            if (at__phrase_forward(x, v + 1, b, 0, ag) > v + 1 && ag->kind == AT_AGENT_PERSON)
                return 1;
        } else if (doc_verb(x, v) && around(x, a, v, b, ag) && ag->doc) {
            /* The statement partly read, Q */
            return 1;
        }
    }
    return 0;
}

/* сказала, заявил: the gender the cue verbs of [a, b) agree on, when
 * the table gives their forms one and they do not disagree. */
static at_gender verb_gender(const at_scan *x, size_t a, size_t b)
{
    at_gender g = AT_GENDER_UNKNOWN;
    size_t k;
    int v;
    for (k = a; k < b; k++) {
        at_gender h;
        if (!at__scan_verb(x, k) || !at__cues_find(x->c, AT_CUE_VERB, x->text + x->t->v[k].start,
                                                   x->t->v[k].end - x->t->v[k].start, &v) ||
            v == AT_CUEV_NONE)
            continue;
        h = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : AT_GENDER_MALE;
        if (g != AT_GENDER_UNKNOWN && g != h)
            return AT_GENDER_UNKNOWN;
        g = h;
    }
    return g;
}

int at__attrib_find(const at_cues *c, const char *text, const at_tokens *t, size_t a, size_t b, at_window where,
                    at_agent *ag)
{
    at_scan x;
    size_t lo, words = 0;
    int found;
    x.c = c;
    x.text = text;
    x.t = t;
    memset(ag, 0, sizeof *ag);
    if (!c || a >= b || b > t->n)
        return 0;
    if (where == AT_WIN_AFTER || where == AT_WIN_AFTER_SENTENCE) {
        found = after(&x, a, b, where == AT_WIN_AFTER_SENTENCE, ag);
    } else if (where == AT_WIN_BEFORE) {
        found = before(&x, a, b, a, ag);
    } else {
        /* Bauer explained. Q: the cue among the last four words */
        for (lo = b; lo > a && words < 4; lo--)
            words += at__scan_word(&x, lo - 1);
        found = before(&x, a, b, lo, ag);
    }
    /* a person's gender from the verb's agreement, as from a title */
    if (found && (ag->kind == AT_AGENT_PERSON || ag->role) && ag->gender == AT_GENDER_UNKNOWN)
        ag->by_verb = (ag->gender = verb_gender(&x, a, b)) != AT_GENDER_UNKNOWN;
    return found;
}

/* ---- the pass over blocks ---- */

void at__attrib_init(at_attrib *a, const at_cues *cues)
{
    memset(a, 0, sizeof *a);
    a->cues = cues;
    a->last_quoted = AT_NO_TOK;
    a->before_last = AT_NO_TOK;
    a->heading_person = AT_NO_TOK;
    a->tail_subject = AT_NO_TOK;
    a->chain_fallback = AT_NO_TOK;
    a->settled = AT_NO_TOK;
    a->interviewer = a->interviewee = a->vote_carry = a->transcript_last = AT_NO_TOK;
    at__registry_init(&a->reg);
    a->reg.cues = cues;
}

void at__attrib_free(at_attrib *a)
{
    at__registry_free(&a->reg);
    free(a->headline_name);
    free(a->spans.v);
    free(a->owner);
    free(a->rule);
    free(a->ends);
    free(a->sent_from);
    free(a->sent_to);
    memset(a, 0, sizeof *a);
}

/* A quotation chain's speaker is known: turns waiting for it get it. */
static void settle_chain(at_attrib *a, size_t who)
{
    a->settled = who;
    a->chain = who;
    a->last_quoted = who;
    if (who < a->reg.n)
        a->reg.v[who].spoke = 1;
}

static void settle_intro(at_attrib *a, const char *text, const at_tokens *t);

static void close_chain(at_attrib *a)
{
    if (a->chain_open && a->chain == AT_OWN_PENDING)
        settle_chain(a, a->chain_fallback != AT_NO_TOK ? a->chain_fallback : at__registry_anon(&a->reg));
    a->chain_open = 0;
}

void at__attrib_close_chain(at_attrib *a)
{
    settle_intro(a, NULL, NULL);
    close_chain(a);
}

/* Whether token k ends a sentence. The tokenizer's mark, except a full
 * stop after a title (Sen. Mara Velde), an initial (John F. Kennedy) or a
 * dotted acronym not followed by a sentence opener (U.S. PIRG advocate). */
static int ends_here(const at_attrib *st, const char *text, const at_tokens *t, size_t k)
{
    at_scan x;
    const at_token *prev;
    if (!(t->v[k].flags & AT_TF_SENT_END))
        return 0;
    if (k == 0 || k + 1 >= t->n || text[t->v[k].start] != '.' || t->v[k].end - t->v[k].start != 1 ||
        (t->v[k].flags & AT_TF_SPACE_BEFORE))
        return 1;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    prev = &t->v[k - 1];
    if (at__scan_is(&x, k - 1, AT_CUE_TITLE) && at__is_capitalized(text + t->v[k + 1].start, 1))
        return 0;
    if (prev->end - prev->start == 1 && at__is_upper((unsigned char)text[prev->start]))
        return 0;
    if (memchr(text + prev->start, '.', prev->end - prev->start) && at__scan_word(&x, k + 1) &&
        !at__scan_is(&x, k + 1, AT_CUE_STOP) && !at__scan_is(&x, k + 1, AT_CUE_PRONOUN))
        return 0;
    return 1;
}

/* Whether quote mark k, just after a sentence's end, closes it: a
 * closing mark against the stop, or a straight one with a space or the
 * block's end after it (Calif."Maybe opens the next sentence). */
static int closes_sentence(const char *text, const at_tokens *t, size_t k)
{
    unsigned char c = (unsigned char)text[t->v[k].start];
    if (t->v[k].cls != AT_TOK_QUOTE || (t->v[k].flags & AT_TF_SPACE_BEFORE))
        return 0;
    if (c == '"' || c == '\'')
        return k + 1 == t->n || (t->v[k + 1].flags & AT_TF_SPACE_BEFORE);
    /* ” ’ » close; “ ‘ « open */
    return !strncmp(text + t->v[k].start, "\xe2\x80\x9d", 3) || !strncmp(text + t->v[k].start, "\xe2\x80\x99", 3) ||
           !strncmp(text + t->v[k].start, "\xc2\xbb", 2);
}

/* Marks the sentence ends, and every token's sentence in both
 * directions, once per block: the passes ask for them per quotation, and
 * walking to them each time would cost a sentence of a thousand
 * quotations its length squared. */
static void mark_ends(at_attrib *st, const char *text, const at_tokens *t)
{
    size_t k, from = 0, to = t->n;
    at__grow(&st->ends, &st->cap_ends, t->n + 1, sizeof *st->ends);
    at__grow(&st->sent_from, &st->cap_sent, t->n + 1, sizeof *st->sent_from);
    st->sent_to = at__xrealloc(st->sent_to, st->cap_sent * sizeof *st->sent_to);
    /* sent_to[k] first says whether token k is a sentence's last: the
     * stop, or a quote mark against it that closes it (“... exaggerating.”
     * “Q,” he said); ends[] stays on the stop, where the quotation pass
     * looks for it */
    for (k = 0; k < t->n; k++) {
        st->ends[k] = (unsigned char)ends_here(st, text, t, k);
        st->sent_to[k] = st->ends[k];
        if (st->ends[k] && k + 1 < t->n && closes_sentence(text, t, k + 1)) {
            st->sent_to[k] = 0;
            st->sent_to[++k] = 1;
            st->ends[k] = 0;
        }
    }
    for (k = 0; k < t->n; k++) {
        st->sent_from[k] = from;
        if (st->sent_to[k])
            from = k + 1;
    }
    for (k = t->n; k-- > 0;) {
        if (st->sent_to[k])
            to = k + 1;
        st->sent_to[k] = to;
    }
    st->sent_from[t->n] = from;
    st->sent_to[t->n] = t->n;
}

/* The first token of the sentence holding token k. */
static size_t sentence_start(const at_attrib *st, size_t k)
{
    return st->sent_from[k];
}

/* One past the sentence end at or after k, or the block end. */
static size_t sentence_end(const at_attrib *st, const at_tokens *t, size_t k)
{
    return k < t->n ? st->sent_to[k] : t->n;
}

static int has_quote_mark(const at_tokens *t, size_t a, size_t b)
{
    for (; a < b; a++)
        if (t->v[a].cls == AT_TOK_QUOTE)
            return 1;
    return 0;
}

/* Whether the block has a document word (statement, letter): a fast
 * look at the text for their letters first, then the tokens. */
static int block_has_document(const at_attrib *st, const char *text, const at_tokens *t)
{
    size_t k;
    at_scan x;
    if (!st->cues || t->n == 0)
        return 0;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = 0; k < t->n; k++) {
        const at_token *tk = &t->v[k];
        size_t n = tk->end - tk->start;
        /* the document words are 4 to 12 letters, lowercase or capitalized */
        if (n >= 4 && n <= 12 && at__scan_is(&x, k, AT_CUE_DOCUMENT))
            return 1;
    }
    return 0;
}

/* 1 when [a, b) names a document: a statement, a letter. Only in a block
 * that has one (looked for once per block). */
static int names_document(const at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t b)
{
    at_scan x;
    if (!st->block_doc)
        return 0;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (; a < b; a++)
        if (at__scan_is(&x, a, AT_CUE_DOCUMENT))
            return 1;
    return 0;
}

/* Registers the person an agent names; when the sentence [a, b) names a
 * document (Ana Ruiz said in a statement), that person is its issuer. */
static size_t register_in(at_attrib *st, const at_agent *ag, const char *text, const at_tokens *t, size_t a,
                          size_t b)
{
    size_t k = at__registry_resolve(&st->reg, ag);
    if (k != AT_NO_TOK && !ag->doc && ag->kind != AT_AGENT_PRONOUN && names_document(st, text, t, a, b))
        at__registry_issued(&st->reg, k);
    return k;
}

/* The HSE said it had seen ...: an organization named with a capital
 * (not a phrase like "officials" or a document) that reports speech is
 * registered, so a later "it said" means it. */
static int org_name(const at_agent *ag)
{
    size_t i = 0;
    return !ag->doc && !ag->epithet && ag->name[0] &&
           at__cp_is_upper(at__utf8_next(ag->name, strlen(ag->name), &i));
}

/* A town hall with U.S. Ag Secretary Dale Quill ... he answered, "Q": a
 * pronoun that no registered person fits means the last person named in
 * passing with a title, if the gender allows; that person is registered. */
static void passing_for_pronoun(at_attrib *st, const at_agent *ag)
{
    if (ag->kind != AT_AGENT_PRONOUN || ag->group || !st->has_passing ||
        at__registry_pronoun_peek(&st->reg, ag) != AT_NO_TOK ||
        (st->passing.gender != AT_GENDER_UNKNOWN && st->passing.gender != ag->gender))
        return;
    at__registry_resolve(&st->reg, &st->passing);
    st->has_passing = 0;
}

/* Pronoun evidence from narration. A sentence that names one person, and
 * no one else by name or by role (the judge), and says he, him, his or
 * himself (or she, her, hers, herself) and not the other kind, is a vote
 * for that person's gender; so is the next sentence when it names no one
 * (Scanlon was sentenced on Monday. He had ...). The gender takes the
 * votes as pronoun evidence when none went the other way: one vote when
 * nothing else told the gender, two to overrule a first name, three a
 * title. */
static void pronoun_votes(at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t e)
{
    at_scan x;
    size_t k, who = AT_NO_TOK;
    unsigned male = 0, female = 0;
    int many = 0, role = 0;
    at_person *p;
    at_gender g;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = a; k < e; k++) {
        const char *w = text + t->v[k].start;
        size_t n = t->v[k].end - t->v[k].start;
        if (!at__scan_word(&x, k))
            continue;
        if (at__scan_wordis(&x, k, "he") || at__scan_wordis(&x, k, "him") || at__scan_wordis(&x, k, "his") ||
            at__scan_wordis(&x, k, "himself")) {
            male++;
        } else if (at__scan_wordis(&x, k, "she") || at__scan_wordis(&x, k, "her") ||
                   at__scan_wordis(&x, k, "hers") || at__scan_wordis(&x, k, "herself")) {
            female++;
        } else if (at__is_capitalized(w, n)) {
            size_t p1 = at__registry_word(&st->reg, w, n, &many);
            /* Harambee Stars coach Francis Kimanzi ... his side: a team
             * or firm named beside the person is no one else he may be */
            if (p1 != AT_NO_TOK && st->reg.v[p1].org && !st->reg.v[p1].role)
                continue;
            if (p1 != AT_NO_TOK && who != AT_NO_TOK && p1 != who)
                many = 1;
            if (p1 != AT_NO_TOK)
                who = p1;
        } else if (k > a && at__scan_is(&x, k - 1, AT_CUE_DET) && at__scan_is(&x, k, AT_CUE_TITLE) &&
                   !(k + 1 < e && at__scan_word(&x, k + 1) &&
                     at__is_capitalized(text + t->v[k + 1].start, t->v[k + 1].end - t->v[k + 1].start))) {
            /* (the coach Francis Kimanzi is the person named, not another) */
            role = 1; /* the judge, a spokeswoman: someone else it may mean */
        }
    }
    if (who == AT_NO_TOK && !role)
        who = st->vote_carry;
    else
        st->vote_carry = many || role ? AT_NO_TOK : who;
    if (who == AT_NO_TOK || many || role || (male && female) || (!male && !female))
        return;
    p = &st->reg.v[who];
    g = male ? AT_GENDER_MALE : AT_GENDER_FEMALE;
    p->votes[g]++;
    if (p->votes[g == AT_GENDER_MALE ? AT_GENDER_FEMALE : AT_GENDER_MALE] == 0 &&
        p->votes[g] >= (p->gev == AT_GEV_NONE ? 1u : p->gev == AT_GEV_NAME ? 2u : 3u))
        at__person_gender(&st->reg, who, g, AT_GEV_PRONOUN);
}

/* Indirect speech names people before they are quoted: "..., said
 * Regional Director ... Ariane Bauer in an interview." Every whole
 * sentence of narration in [a, b) registers the person its cue names, a
 * person named as its subject (Sen. Richard Blumenthal, D-Conn., was...)
 * or after a copula (One of those farmers is Dana Quill, who ...),
 * and the person a subject pronoun with a cue stands for (He said...). */
static void note_mentions(at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t b)
{
    at_scan x;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    while (a < b) {
        size_t e = sentence_end(st, t, a);
        at_agent ag;
        if (e > b)
            e = b;
        if (!has_quote_mark(t, a, e)) {
            if (st->cues && (at__phrase_subject(&x, a, e, &ag) || at__phrase_copula(&x, a, e, &ag)))
                register_in(st, &ag, text, t, a, e);
            /* Oduya was one second short: a known person's surname as subject */
            else if (st->cues && at__phrase_surname(&x, a, e, &ag) && at__registry_known(&st->reg, &ag) != AT_NO_TOK)
                register_in(st, &ag, text, t, a, e);
            /* The woman won the top prize: a person by role as subject */
            else if (st->cues && a + 1 < e && at__scan_is(&x, a + 1, AT_CUE_TITLE) && at__scan_is(&x, a, AT_CUE_DET) &&
                     at__phrase_forward(&x, a, e, 0, &ag) > a &&
                     ag.kind == AT_AGENT_ORG && ag.role && !ag.epithet)
                register_in(st, &ag, text, t, a, e);
            if (st->cues && at__phrase_passing(&x, a, e, &ag)) {
                st->passing = ag;
                st->has_passing = 1;
            }
            if (at__attrib_find(st->cues, text, t, a, e, AT_WIN_BEFORE, &ag) &&
                (ag.kind == AT_AGENT_PERSON || (ag.kind == AT_AGENT_PRONOUN && !ag.group) ||
                 (ag.kind == AT_AGENT_ORG && (ag.role || org_name(&ag))))) {
                passing_for_pronoun(st, &ag);
                register_in(st, &ag, text, t, a, e);
            }
            if (st->cues)
                pronoun_votes(st, text, t, a, e);
        } else {
            st->vote_carry = AT_NO_TOK;
        }
        a = e;
    }
}

/* Mayor Ana Ruiz today issued the following statement on the plan: Q.
 * A sentence that leads into a quotation with a colon and has no speech
 * verb: its subject, when it is a named person, speaks. [a, b) ends with
 * the colon. */
static int colon_lead(const at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t b, at_agent *ag)
{
    at_scan x;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    memset(ag, 0, sizeof *ag);
    if (!st->cues || b <= a + 1 || !at__scan_punct(&x, b - 1, ':'))
        return 0;
    if (at__phrase_subject(&x, a, b - 1, ag))
        return 1;
    /* Shaking, she called her husband with the news: Q -- a pronoun as the
     * subject, at the start or after an opening word and a comma */
    {
        size_t k = a;
        if (k + 2 < b && at__scan_punct(&x, k + 1, ','))
            k += 2;
        if (k + 1 < b - 1 && at__phrase_forward(&x, k, k + 1, 0, ag) == k + 1 && ag->kind == AT_AGENT_PRONOUN &&
            !ag->group && at__scan_word(&x, k + 1) && !at__is_capitalized(text + t->v[k + 1].start, 1))
            return 1;
        memset(ag, 0, sizeof *ag);
    }
    /* That prompted this rebuke from Rory McIlroy: Q -- a person named in
     * full after "from" or "by", just before the colon */
    {
        size_t k = b - 1;
        while (k > a && (at__is_capitalized(text + t->v[k - 1].start, 1) || at__scan_name_dot(&x, k - 1)) &&
               (at__scan_word(&x, k - 1) || at__scan_name_dot(&x, k - 1)))
            k--;
        if (k > a && k + 1 < b && (at__scan_wordis(&x, k - 1, "from") || at__scan_wordis(&x, k - 1, "by")) &&
            at__phrase_forward(&x, k, b - 1, 0, ag) == b - 1 && ag->kind == AT_AGENT_PERSON &&
            (strchr(ag->name, ' ') || ag->title[0]))
            return 1;
    }
    memset(ag, 0, sizeof *ag);
    return 0;
}

/* Where the attribution of span i was found. */
enum { FOUND_NONE, FOUND_AFTER, FOUND_BEFORE, FOUND_PREV };

/* The cue after span i: from its closing mark to the sentence end or the
 * next quotation. */
static int cue_after(at_attrib *st, const char *text, const at_tokens *t, size_t i, at_agent *ag)
{
    const at_qspan *q = &st->spans.v[i];
    size_t a, e;
    int sentence;
    if (q->close == AT_NO_TOK)
        return 0;
    sentence = q->close > q->from && (t->v[q->close - 1].flags & AT_TF_SENT_END) && text[t->v[q->close - 1].start] == '.';
    a = q->close + 1;
    /* “Q”. Zhou Pingjian said.: the full stop after the closing mark */
    if (!sentence && a + 1 < t->n && st->ends[a] && t->v[a].cls == AT_TOK_PUNCT && text[t->v[a].start] == '.') {
        sentence = 1;
        a++;
    }
    e = sentence_end(st, t, a);
    if (i + 1 < st->spans.n && st->spans.v[i + 1].open != AT_NO_TOK && st->spans.v[i + 1].open < e)
        e = st->spans.v[i + 1].open;
    return at__attrib_find(st->cues, text, t, a, e, sentence ? AT_WIN_AFTER_SENTENCE : AT_WIN_AFTER, ag);
}

/* Where the subject and verb of reported speech opening the sentence
 * [s, a) must end: fourteen tokens, or past an apposition of up to forty
 * between two commas when the verb follows the second (X Y, senior vice
 * president of ... with the Z Federation, said the ...). */
static size_t reported_end(const at_attrib *st, const char *text, const at_tokens *t, size_t s, size_t a)
{
    at_scan x;
    size_t k, first = AT_NO_TOK, end = s + 14 < a ? s + 14 : a;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = s; k < a && k < s + 40; k++) {
        if (!at__scan_punct(&x, k, ','))
            continue;
        if (first == AT_NO_TOK) {
            if (k > s + 6)
                break;
            first = k;
        } else if (k + 1 < a && at__scan_verb(&x, k + 1)) {
            return k + 4 < a ? k + 4 : a;
        }
    }
    return end;
}

/* Looks for span i's cue: after it (Q, said Bauer), before it in the same
 * sentence (Bauer said: Q), or ending the sentence before it (Bauer
 * explained. Q), which may close the previous paragraph. */
static int find_cue(at_attrib *st, const char *text, const at_tokens *t, size_t i, at_agent *ag, int *standalone)
{
    const at_qspan *q = &st->spans.v[i];
    size_t prev_end = i > 0 ? st->spans.v[i - 1].close + 1 : 0, a;
    size_t open = q->open != AT_NO_TOK ? q->open : q->from;
    if (i > 0 && st->spans.v[i - 1].close == AT_NO_TOK)
        prev_end = t->n;
    a = sentence_start(st, open);
    if (a < prev_end)
        a = prev_end;
    *standalone = at__count_words(text, t, a, open) == 0;
    if (cue_after(st, text, t, i, ag))
        return FOUND_AFTER;
    if (!*standalone)
        return colon_lead(st, text, t, a, open, ag) || at__attrib_find(st->cues, text, t, a, open, AT_WIN_BEFORE, ag)
                   ? FOUND_BEFORE
                   : FOUND_NONE;
    if (a > 0 && a > prev_end) {
        size_t s = sentence_start(st, a - 1);
        if (s < prev_end)
            s = prev_end;
        /* “Q1,” X told Y. “Q2.” -- the sentence before is the cue that
         * already gave Q1 its speaker; Q2 goes on with it */
        if (i > 0 && s == prev_end && st->spans.v[i - 1].speech)
            return FOUND_NONE;
        if (!has_quote_mark(t, s, a) && at__attrib_find(st->cues, text, t, s, a, AT_WIN_PREV, ag))
            return FOUND_PREV;
        /* Coach X Y said the signing was an important one. “Q”: reported
         * speech opens the sentence before, and its subject is a person */
        if (!has_quote_mark(t, s, a) &&
            at__attrib_find(st->cues, text, t, s, reported_end(st, text, t, s, a), AT_WIN_BEFORE, ag) &&
            ag->kind == AT_AGENT_PERSON)
            return FOUND_PREV;
    } else if (a == 0 && st->has_tail) {
        *ag = st->tail;
        return FOUND_PREV;
    }
    return FOUND_NONE;
}

/* Speech or not: a cue after it (but a fragment of four words inside a
 * narrated sentence stays narration: a website they called an "one-stop
 * shop," police said), or before it (for a title or a fragment of under
 * five words only when the cue leads straight in, "said:"), or the
 * sentence before; else a paragraph that continues a quotation; else a
 * whole sentence standing alone, or six words or more with a sentence in
 * them. A title or a short fragment with no cue stays with the narrator. */
static int is_speech(at_attrib *st, const char *text, const at_tokens *t, const at_qspan *q, int found,
                     int standalone)
{
    size_t words = at__count_words(text, t, q->from, q->to);
    int title = !q->cont && at__quote_is_title(st->cues, text, t, q);
    /* She described it in one word. “Wow!” -- an exclamation with a cue */
    if (title && found != FOUND_NONE && q->to > q->from && t->v[q->to - 1].cls == AT_TOK_PUNCT &&
        (text[t->v[q->to - 1].start] == '!' || text[t->v[q->to - 1].start] == '?'))
        title = 0;
    int sentence = 0, lead_in = q->open != AT_NO_TOK && q->open > 0 && t->v[q->open - 1].cls == AT_TOK_PUNCT;
    size_t k;
    for (k = q->from; k < q->to; k++)
        sentence |= (t->v[k].flags & AT_TF_SENT_END) != 0;
    if (q->cont || q->dialogue)
        return 1;
    if (found == FOUND_AFTER)
        return standalone || words > 4;
    /* a sign that read: “Still No Power.” -- a title even after a colon */
    if (found == FOUND_BEFORE)
        return !title && (words >= 5 || lead_in);
    if (found == FOUND_PREV)
        return !title;
    /* over chants of “Hey, hey, ho, ...”: right after a small word, a
     * quotation with no cue is a mention inside the sentence */
    if (!standalone && q->open != AT_NO_TOK && q->open > 0 && st->cues) {
        at_scan x;
        x.c = st->cues;
        x.text = text;
        x.t = t;
        if (at__scan_is(&x, q->open - 1, AT_CUE_MINOR) || at__scan_is(&x, q->open - 1, AT_CUE_DET))
            return 0;
    }
    return !title && ((standalone && sentence) || (words >= 6 && (standalone || sentence)));
}

/* The one person named so far, for a quotation with no cue before anyone
 * is quoted: a statement under "Statement from Sheriff Dale Meeks" is his.
 * AT_NO_TOK when no one or several were named. */
static size_t sole_person(const at_registry *r)
{
    size_t k, who = AT_NO_TOK;
    for (k = 0; k < r->n; k++) {
        if (r->v[k].org || r->v[k].anon)
            continue;
        if (who != AT_NO_TOK)
            return AT_NO_TOK;
        who = k;
    }
    return who;
}

/* “Q.” Lori Pell is a neighbor. / “Q.” That was Lori Pell, who ...: the
 * sentence [a, b) introduces one new person, named in full as its subject
 * with a copula or an apposition, and has no quotation or speech cue of
 * its own. That person is the one a quotation just before it, with no cue
 * of its own, is taken to be from. */
static int introduces(at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t b, at_agent *ag)
{
    at_scan x;
    at_agent cue;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    if (!st->cues || a >= b || has_quote_mark(t, a, b) || at__attrib_find(st->cues, text, t, a, b, AT_WIN_BEFORE, &cue))
        return 0;
    if (!at__phrase_intro(&x, a, b, ag) &&
        !((at__scan_wordis(&x, a, "that") || at__scan_wordis(&x, a, "this")) && at__scan_is(&x, a + 1, AT_CUE_COPULA) &&
          at__phrase_copula(&x, a + 1, b, ag)))
        return 0;
    return at__registry_known(&st->reg, ag) == AT_NO_TOK;
}

/* Whether the block opens with a dash: an em or en dash, a horizontal
 * bar, or two hyphens. */
static int dash_line(const char *text, const at_tokens *t)
{
    const char *w = text + t->v[0].start;
    size_t n = t->v[0].end - t->v[0].start;
    return (n == 3 && (memcmp(w, "\xe2\x80\x94", 3) == 0 || memcmp(w, "\xe2\x80\x93", 3) == 0 ||
                       memcmp(w, "\xe2\x80\x95", 3) == 0)) ||
           (n >= 2 && w[0] == '-' && w[1] == '-');
}

/* The paragraph after a waiting quotation: its first sentence may
 * introduce the speaker; else the quotation keeps its fallback. */
static void settle_intro(at_attrib *a, const char *text, const at_tokens *t)
{
    at_agent ag;
    size_t who = a->intro_fallback;
    if (!a->intro)
        return;
    a->intro = 0;
    if (text && a->intro_verb) {
        at_scan x;
        x.c = a->cues;
        x.text = text;
        x.t = t;
        if (at__phrase_forward(&x, 0, sentence_end(a, t, 0), 0, &ag) > 0)
            who = at__registry_resolve(&a->reg, &ag);
    } else if (text && introduces(a, text, t, 0, sentence_end(a, t, 0), &ag)) {
        who = at__registry_resolve(&a->reg, &ag);
    } else if (text && t->n > 1 && dash_line(text, t)) {
        /* “Q.” ¶ — Justice Barbara Lenk, in her opinion: a line that
         * opens with a dash under a quotation names its speaker */
        at_scan x;
        x.c = a->cues;
        x.text = text;
        x.t = t;
        if (at__phrase_forward(&x, 1, sentence_end(a, t, 1), 0, &ag) > 1 &&
            (ag.kind == AT_AGENT_PERSON || (ag.kind == AT_AGENT_ORG && !ag.doc)))
            who = at__registry_resolve(&a->reg, &ag);
    }
    settle_chain(a, who);
}

/* Harbor Parks issued a statement saying, “Q”: a document's own sentence
 * names who issued it, as the subject in [a, b), at its start or after a
 * comma, followed by a lowercase word. */
static int doc_subject(const at_attrib *st, const char *text, const at_tokens *t, size_t a, size_t b, at_agent *ag)
{
    at_scan x;
    size_t k;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = a; k < b; k++) {
        size_t e;
        if (k > a && !at__scan_punct(&x, k - 1, ','))
            continue;
        e = at__phrase_forward(&x, k, b, 1, ag);
        if (e > k && e < b && (ag->kind == AT_AGENT_PERSON || ag->kind == AT_AGENT_ORG) && !ag->doc &&
            at__scan_word(&x, e) && !at__is_capitalized(text + t->v[e].start, 1) && !at__scan_verb(&x, e))
            return 1;
    }
    return 0;
}

/* “Q,” said ¶ Ethan, a student ...: the block ends with a speech verb
 * alone after the quotation at k. */
static int verb_tail(const at_attrib *st, const char *text, const at_tokens *t, size_t k)
{
    at_scan x;
    size_t words = 0;
    int verb = 0;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (; k < t->n; k++) {
        if (!at__scan_word(&x, k))
            continue;
        if (++words > 2 || !(at__scan_verb(&x, k) || at__scan_is(&x, k, AT_CUE_ADVERB)))
            return 0;
        verb |= at__scan_verb(&x, k);
    }
    return verb;
}

/* 1 when the quotation q names the person called `name` by its last word
 * (Mathias Coureur -> Coureur) or its first (Mathias). */
static int quote_names(const at_attrib *st, const char *text, const at_tokens *t, const at_qspan *q, const char *name)
{
    at_scan x;
    const char *sp = strchr(name, ' '), *last = strrchr(name, ' ');
    size_t nf = sp ? (size_t)(sp - name) : strlen(name), k;
    last = last ? last + 1 : name;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = q->from; k < q->to; k++) {
        const char *w = text + t->v[k].start;
        size_t n = t->v[k].end - t->v[k].start;
        if (!at__scan_word(&x, k) || !at__is_capitalized(w, n))
            continue;
        if ((n == strlen(last) && memcmp(w, last, n) == 0) || (n == nf && memcmp(w, name, n) == 0))
            return 1;
    }
    return 0;
}

/* Decides span i: marks its tokens with their owner and updates the
 * quotation chain. */
/* McConnell called it “the transcendent issue of our era”: a quotation
 * right after a verb of naming (called, dubbed, termed, labelled,
 * branded, described as), perhaps with its object between (it, them,
 * the plan). Its speaker is that sentence's subject, and no one else:
 * never whoever spoke last. 1 when the quotation is such a name. */
static int naming_quote(const at_attrib *st, const char *text, const at_tokens *t, const at_qspan *q)
{
    static const char *const verbs[] = {"called", "calls", "calling", "dubbed", "dubs", "termed", "terms",
                                        "labelled", "labeled", "branded", "brands", "nicknamed"};
    at_scan x;
    size_t k, v, words = 0;
    if (q->open == AT_NO_TOK || q->open == 0)
        return 0;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    k = q->open;
    if (at__scan_wordis(&x, k - 1, "as") && k >= 2)
        k--; /* described as, seen as */
    for (v = k; v-- > 0 && words < 4;) {
        size_t j;
        if (!at__scan_word(&x, v))
            return 0;
        for (j = 0; j < sizeof verbs / sizeof *verbs; j++)
            if (at__scan_wordis(&x, v, verbs[j]))
                return 1;
        if (k < q->open && (at__scan_wordis(&x, v, "described") || at__scan_wordis(&x, v, "describes") ||
                            at__scan_wordis(&x, v, "describing")))
            return 1;
        words++;
    }
    return 0;
}

/* The person the narration sentence just before span q (in its block)
 * has as its subject, when the registry knows them: a person, a role
 * with a known holder (the mayor), or a pronoun's match. Else AT_NO_TOK.
 * With `partial`, that sentence may hold a quoted word or two, but not
 * open with a quotation. */
static size_t sentence_subject(at_attrib *st, const char *text, const at_tokens *t, const at_qspan *q, int partial)
{
    size_t open = q->open != AT_NO_TOK ? q->open : q->from, s = sentence_start(st, open), ps, k;
    at_scan x;
    at_agent ag;
    if (s == 0)
        return AT_NO_TOK;
    ps = sentence_start(st, s - 1);
    if (partial ? ps >= s || t->v[ps].cls != AT_TOK_WORD : has_quote_mark(t, ps, s))
        return AT_NO_TOK;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    if (!at__phrase_subject(&x, ps, s, &ag)) {
        /* Talking about Vivek, Hrithik said ...: one name alone as the
         * subject, at the start or after the opening clause's comma, of
         * one person met before */
        size_t j;
        int many = 0;
        if (!partial)
            return AT_NO_TOK;
        for (j = ps + 1; j < s && j < ps + 12 && !at__scan_punct(&x, j - 1, ','); j++)
            ;
        if (j >= s || !at__scan_punct(&x, j - 1, ','))
            j = ps;
        for (k = 0; k < 2; k++) {
            size_t at = k == 0 ? ps : j;
            if (at >= s || (k == 1 && j == ps) || !at__phrase_surname(&x, at, s, &ag))
                continue;
            many = 0;
            size_t p = at__registry_word(&st->reg, ag.name, strlen(ag.name), &many);
            if (p != AT_NO_TOK && !many)
                return p;
            /* ... a name not met before that a speech verb follows */
            if (p == AT_NO_TOK && at + 1 < s && at__scan_is(&x, at + 1, AT_CUE_VERB) &&
                !at__scan_is(&x, at, AT_CUE_PRONOUN))
                return at__registry_resolve(&st->reg, &ag);
        }
        return AT_NO_TOK;
    }

    if (ag.kind == AT_AGENT_PERSON) {
        /* a person named in full is the subject even if not met before */
        k = at__registry_known(&st->reg, &ag);
        return k == AT_NO_TOK && partial && strchr(ag.name, ' ') ? at__registry_resolve(&st->reg, &ag) : k;
    }
    if (ag.kind == AT_AGENT_ORG && ag.role == 2 && (k = at__registry_known_role(&st->reg, &ag)) != AT_NO_TOK)
        return k;
    if (ag.kind == AT_AGENT_PRONOUN && !ag.group)
        return at__registry_pronoun_peek(&st->reg, &ag);
    return AT_NO_TOK;
}

/* For a quotation led in by a pronoun that opens its sentence (He went on
 * to say, “Q”): the subject of the narration sentence before, when that
 * is a person the pronoun fits and not the pronoun's latest match; else
 * AT_NO_TOK. */
static size_t pronoun_subject(at_attrib *st, const char *text, const at_tokens *t, const at_qspan *q,
                              const at_agent *ag)
{
    size_t open = q->open != AT_NO_TOK ? q->open : q->from, s = sentence_start(st, open), subj;
    at_scan x;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    if (!st->cues || s >= open || !at__scan_is(&x, s, AT_CUE_PRONOUN))
        return AT_NO_TOK;
    subj = sentence_subject(st, text, t, q, 1);
    if (subj == AT_NO_TOK || subj == at__registry_pronoun_peek(&st->reg, ag) || st->reg.v[subj].anon ||
        st->reg.v[subj].org || (st->reg.v[subj].gender != AT_GENDER_UNKNOWN && st->reg.v[subj].gender != ag->gender))
        return AT_NO_TOK;
    return subj;
}

static void attribute_span(at_attrib *st, const char *text, const at_tokens *t, size_t i)
{
    at_qspan *q = &st->spans.v[i];
    at_agent ag;
    int standalone, found = find_cue(st, text, t, i, &ag, &standalone);
    if (found != FOUND_NONE)
        passing_for_pronoun(st, &ag);
    size_t who = AT_NO_TOK, k, end;
    int open_end = q->close == AT_NO_TOK && q->to == t->n && q->open != AT_NO_TOK, wait = 0;
    int rule = found == FOUND_PREV ? AT_ATTR_PREVIOUS : found != FOUND_NONE ? AT_ATTR_CUE : AT_ATTR_NONE;
    if (!is_speech(st, text, t, q, found, standalone))
        return;
    /* a name someone gave a thing: that sentence's subject's words, or the
     * narrator's when it has no person as subject */
    if (found == FOUND_NONE && !standalone && !q->cont && st->cues && naming_quote(st, text, t, q)) {
        at_scan x;
        at_agent sub;
        size_t s = sentence_start(st, q->open);
        x.c = st->cues;
        x.text = text;
        x.t = t;
        if (!at__phrase_subject(&x, s, q->open, &sub) || sub.kind != AT_AGENT_PERSON)
            return;
        who = at__registry_resolve(&st->reg, &sub);
        found = FOUND_BEFORE;
        ag = sub;
    }
    /* a paragraph that opens with a quotation with no cue, after one with
     * no quotation: the next sentence may introduce its speaker */
    if (found == FOUND_NONE && !q->cont && q->close != AT_NO_TOK && i + 1 == st->spans.n &&
        verb_tail(st, text, t, q->close + 1)) {
        wait = 2;
    } else if (found == FOUND_NONE && !q->cont && i == 0 && standalone && !st->prev_speech && q->close != AT_NO_TOK &&
               sentence_start(st, q->open != AT_NO_TOK ? q->open : q->from) == 0) {
        if (at__count_words(text, t, q->close + 1, t->n) == 0)
            wait = 1;
        else if (introduces(st, text, t, q->close + 1, sentence_end(st, t, q->close + 1), &ag)) {
            who = at__registry_resolve(&st->reg, &ag);
            rule = AT_ATTR_INTRODUCED;
        }
    }
    if (found != FOUND_NONE && ag.doc) {
        at_agent sub;
        size_t open = q->open != AT_NO_TOK ? q->open : q->from;
        if (doc_subject(st, text, t, sentence_start(st, open), open, &sub))
            ag = sub;
        rule = AT_ATTR_DOCUMENT;
    }
    /* “Q2,” its release added: a document with a possessive is the last
     * speaker's; “Q1,” Fleming said. “Q2,” the spokesperson added: after a
     * quotation in the same paragraph, a role that names no one else goes
     * on with that speaker */
    if (found != FOUND_NONE && ag.kind == AT_AGENT_ORG && (ag.doc == 2 || (ag.role == 2 && st->block_speech)) &&
        st->last_quoted != AT_NO_TOK && !st->reg.v[st->last_quoted].anon &&
        at__registry_known_role(&st->reg, &ag) == AT_NO_TOK) {
        who = st->last_quoted;
        rule = AT_ATTR_LAST_SPEAKER;
    } else if (found == FOUND_AFTER && ag.kind == AT_AGENT_PRONOUN && !ag.group && st->last_quoted != AT_NO_TOK) {
        rule = AT_ATTR_PRONOUN;
        /* “Mathias is one of our best players,” he said: a speaker does not
         * name himself, so a pronoun whose most recent match the quotation
         * talks about means the last speaker instead, if that one fits */
        size_t cand = at__registry_pronoun_peek(&st->reg, &ag), lq = st->last_quoted, bl = st->before_last;
        size_t subj = q->cont || sentence_start(st, q->open != AT_NO_TOK ? q->open : q->from) !=
                                     (q->open != AT_NO_TOK ? q->open : q->from)
                          ? AT_NO_TOK
                          : sentence_subject(st, text, t, q, 1);
        /* Industry Minister Tony Clement thinks Harper may have been
         * wrong. “Q,” he said: the pronoun means the subject of the
         * narration sentence just before, not a person it mentions */
        if (subj != AT_NO_TOK && subj != cand && !st->reg.v[subj].anon && !st->reg.v[subj].org &&
            (st->reg.v[subj].gender == AT_GENDER_UNKNOWN || st->reg.v[subj].gender == ag.gender)) {
            who = subj;
            at__person_gender(&st->reg, who, ag.gender, AT_GEV_PRONOUN);
            at__registry_touch(&st->reg, who);
        } else
        /* Reporter: “Anything you wish you brought?” ¶ “A few chairs,” she
         * said: the answer to a question is not the asker's */
        if (cand == lq && st->last_question && bl != AT_NO_TOK && bl != lq && !st->reg.v[bl].anon &&
            (st->reg.v[bl].gender == AT_GENDER_UNKNOWN || st->reg.v[bl].gender == ag.gender)) {
            who = bl;
            at__person_gender(&st->reg, who, ag.gender, AT_GEV_PRONOUN);
            at__registry_touch(&st->reg, who);
        } else if (cand != AT_NO_TOK && cand != lq && !st->reg.v[lq].anon && !st->reg.v[lq].org &&
            quote_names(st, text, t, q, st->reg.v[cand].name) && !quote_names(st, text, t, q, st->reg.v[lq].name) &&
            (st->reg.v[lq].gender == AT_GENDER_UNKNOWN || st->reg.v[lq].gender == ag.gender)) {
            who = lq;
            at__person_gender(&st->reg, who, ag.gender, AT_GEV_PRONOUN);
            at__registry_touch(&st->reg, who);
        } else {
            who = at__registry_resolve(&st->reg, &ag);
        }
    } else if (found == FOUND_BEFORE && ag.kind == AT_AGENT_PRONOUN && !ag.group && !q->cont &&
               (k = pronoun_subject(st, text, t, q, &ag)) != AT_NO_TOK) {
        /* Talking about Vivek, Hrithik said .... He went on to say, “Q”: a
         * pronoun that opens the sentence means the subject of the one
         * before, not the last person it mentions */
        who = k;
        rule = AT_ATTR_PRONOUN;
        at__person_gender(&st->reg, who, ag.gender, AT_GEV_PRONOUN);
        at__registry_touch(&st->reg, who);
    } else if (found != FOUND_NONE) {
        who = register_in(st, &ag, text, t, sentence_start(st, q->open != AT_NO_TOK ? q->open : q->from),
                          sentence_end(st, t, q->close != AT_NO_TOK ? q->close : q->to - 1));
        if (ag.kind == AT_AGENT_PRONOUN && rule == AT_ATTR_CUE)
            rule = AT_ATTR_PRONOUN;
    }
    /* “Q1 ... (left open) ¶ “Q2,” said Amy X: a paragraph that reopens a
     * quotation of someone already named, but names another speaker with
     * its own cue, is that speaker's */
    if (q->cont && st->chain_open && found == FOUND_AFTER && ag.kind == AT_AGENT_PERSON && who != AT_NO_TOK &&
        st->chain != AT_OWN_PENDING && who != st->chain)
        close_chain(st);
    if (q->cont && st->chain_open) {
        if (st->chain == AT_OWN_PENDING && who != AT_NO_TOK)
            settle_chain(st, who);
        who = st->chain;
        rule = AT_ATTR_CONTINUED;
        /* “Q1, said Oren Pask. ¶ “Q2, she added: the pronoun of the
         * speaker's own quotation tells the speaker's gender */
        if (who < st->reg.n && found == FOUND_AFTER && ag.kind == AT_AGENT_PRONOUN && !ag.group)
            at__person_gender(&st->reg, who, ag.gender, AT_GEV_PRONOUN);
    } else if (who == AT_NO_TOK) {
        rule = AT_ATTR_NONE;
        if (i > 0 && st->spans.v[i - 1].speech) {
            who = st->spans.v[i - 1].speaker;
            rule = st->spans.v[i - 1].rule == AT_ATTR_NONE ? AT_ATTR_NONE : AT_ATTR_PARAGRAPH;
        }
        /* Edna Kiplagat ¶ “Q.” -- under a heading that is a name */
        else if (st->heading_person != AT_NO_TOK && !q->cont)
            who = st->heading_person, rule = AT_ATTR_HEADING;
        /* Gov. Rick Scott acknowledged that time was short. ¶ “Q”: a
         * paragraph of narration whose last sentence has a person as its
         * subject introduces the quotation that opens the next one */
        else if (i == 0 && standalone && !q->cont && st->tail_subject != AT_NO_TOK)
            who = st->tail_subject, rule = AT_ATTR_INTRODUCED;
        /* The mayor flashed a smile. “Q.”: the same, within a paragraph */
        else if (i == 0 && standalone && !q->cont && (k = sentence_subject(st, text, t, q, 0)) != AT_NO_TOK)
            who = k, rule = AT_ATTR_INTRODUCED;
        else if (open_end)
            who = AT_OWN_PENDING, rule = AT_ATTR_CONTINUED;
        /* “Q1,” said X. ¶ “Q2.” goes on with X; but when narration has
         * named someone else since X spoke, it may be theirs as well:
         * too little to tell, so nobody's (the neutral quote voice) */
        else if (st->last_quoted != AT_NO_TOK && (st->reg.newest == st->last_quoted ||
                                                  st->reg.v[st->last_quoted].anon ||
                                                  st->reg.v[st->reg.newest].anon || st->reg.v[st->reg.newest].org))
            who = st->last_quoted, rule = st->reg.v[st->last_quoted].anon ? AT_ATTR_NONE : AT_ATTR_LAST_SPEAKER;
        else if (st->last_quoted != AT_NO_TOK)
            who = at__registry_anon(&st->reg);
        else if ((who = sole_person(&st->reg)) == AT_NO_TOK)
            who = at__registry_anon(&st->reg);
        else
            rule = AT_ATTR_ONLY_PERSON;
    }
    if (open_end && !(q->cont && st->chain_open)) {
        st->chain_fallback = st->last_quoted;
        st->chain = who;
    }
    if (wait && who != AT_OWN_PENDING) {
        st->intro = 1;
        st->intro_verb = wait == 2;
        st->intro_fallback = who;
        who = AT_OWN_PENDING;
        rule = AT_ATTR_INTRODUCED;
    }
    if (who != AT_OWN_PENDING && who != AT_NO_TOK && st->reg.v[who].anon)
        rule = AT_ATTR_NONE;
    q->speech = 1;
    q->speaker = who;
    q->rule = rule;
    st->block_speech = 1;
    if (who != AT_OWN_PENDING) {
        if (who != st->last_quoted)
            st->before_last = st->last_quoted;
        st->last_quoted = who;
        if (who < st->reg.n)
            st->reg.v[who].spoke = 1;
        st->last_question = q->to > q->from && text[t->v[q->to - 1].start] == '?';
    }
    end = q->close != AT_NO_TOK ? q->close + 1 : q->to;
    for (k = q->open != AT_NO_TOK ? q->open : q->from; k < end; k++) {
        st->owner[k] = who == AT_OWN_PENDING ? AT_OWN_PENDING : who + 1;
        st->rule[k] = (unsigned char)rule;
    }
}

/* The words [from, to) after a comma are a short cue with its speaker:
 * at most max_words words, read as a cue that names a person or an
 * organization (said X Y, X Y said), or with `pronoun` also a pronoun
 * (she said). Where a quotation lost its closing mark, this says the
 * comma before the cue is where it ended. */
int at__attrib_cue_after_comma(const at_cues *c, const char *text, const at_tokens *t, size_t from, size_t to,
                               size_t max_words, int pronoun)
{
    at_agent ag;
    return at__count_words(text, t, from, to) <= max_words &&
           at__attrib_find(c, text, t, from, to, AT_WIN_AFTER, &ag) &&
           (ag.kind == AT_AGENT_PERSON || ag.kind == AT_AGENT_ORG || (pronoun && ag.kind == AT_AGENT_PRONOUN));
}

/* “Q ... for the zoo, said keeper Ada Quill. ¶ with no closing mark: a
 * quotation left open whose paragraph ends with a comma and a short cue
 * (said NAME, NAME said) closes at that comma. */
static void close_at_cue(at_attrib *st, const char *text, const at_tokens *t)
{
    at_scan x;
    at_qspan *q;
    size_t k, s;
    if (!st->carry || st->spans.n == 0 || !st->cues || t->n == 0)
        return;
    q = &st->spans.v[st->spans.n - 1];
    if (q->close != AT_NO_TOK || q->open == AT_NO_TOK)
        return;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    s = sentence_start(st, t->n - 1);
    for (k = t->n; k-- > s && k > q->from;) {
        if (!at__scan_punct(&x, k, ','))
            continue;
        if (!has_quote_mark(t, k + 1, t->n) && at__attrib_cue_after_comma(st->cues, text, t, k + 1, t->n, 8, 0)) {
            q->close = k;
            q->to = k;
            st->carry = 0;
        }
        return;
    }
}

/* The attribution pass over one block: spans, mentions, owners, and the
 * state the next paragraph needs. */
/* A person made up for a Q&A: the interviewer, or an interviewee the
 * introduction did not name. */
static size_t interview_person(at_attrib *st, const char *name)
{
    at_agent ag;
    memset(&ag, 0, sizeof ag);
    ag.kind = AT_AGENT_PERSON;
    snprintf(ag.name, sizeof ag.name, "%s", name);
    return at__registry_resolve(&st->reg, &ag);
}

/* The interviewer of a Q&A: the one person the introduction named after
 * a newsroom title ("State Capitol Reporter Chris O'Brien sat down
 * with ..."), else one made up. */
static size_t interviewer(at_attrib *st)
{
    static const char *const roles[] = {"reporter", "correspondent", "journalist", "columnist", "writer",
                                        "host",     "anchor",        "editor",     "interviewer"};
    const char *name = NULL, *n;
    size_t k;
    for (k = 0; k < sizeof roles / sizeof *roles; k++)
        if ((n = at__registry_titled(&st->reg, roles[k])) != NULL) {
            if (name && strcmp(name, n) != 0)
                return interview_person(st, "Interviewer");
            name = n;
        }
    return interview_person(st, name ? name : "Interviewer");
}

/* The interviewee of a Q&A: the person the text before the first answer
 * named last, else one made up. */
static size_t interviewee(at_attrib *st)
{
    size_t k, looked = 0;
    const char *nm;
    if (st->interviewee != AT_NO_TOK)
        return st->interviewee;
    /* A Q&A with Tavis Smiley: the person the headline names, though the
     * introduction names others after them */
    if (st->headline_name)
        return st->interviewee = interview_person(st, st->headline_name);
    for (k = st->reg.newest; k != AT_NO_TOK && looked < 64; k = st->reg.v[k].older, looked++)
        if (!st->reg.v[k].anon && !st->reg.v[k].org && k != st->interviewer)
            return st->interviewee = k;
    /* Oona Farris spoke with keeper Teodor Brandt: the person named in
     * full last, though not as anyone's subject */
    if ((nm = at__registry_last_given(&st->reg, st->interviewer != AT_NO_TOK ? st->reg.v[st->interviewer].name
                                                                              : NULL)) != NULL)
        return st->interviewee = interview_person(st, nm);
    return st->interviewee = interview_person(st, "Interviewee");
}

/* The editor's note under an interview: short, and says it was edited or
 * condensed ("This interview has been edited for length and clarity."). */
static int editors_note(const char *text, const at_tokens *t)
{
    size_t n = t->v[t->n - 1].end;
    return n < 200 && (at__has_ci(text, 0, n, "edited for") || at__has_ci(text, 0, n, "condensed")) &&
           (at__has_ci(text, 0, n, "interview") || at__has_ci(text, 0, n, "conversation") ||
            at__has_ci(text, 0, n, "transcript") || at__has_ci(text, 0, n, "exchange"));
}

/* A paragraph of an interview (transcript.c): the label's speaker says
 * all of it. The label is read the first time that person speaks and not
 * again; Q: and A: are never read, the change of voice says it. Returns 1
 * when the block was one. */
static int transcript_block(at_attrib *st, const char *text, size_t bold, const at_tokens *t)
{
    char name[96];
    int kind, caps, labelled;
    size_t len = 0, body = 0, k, who;
    if (!st->transcript || t->n == 0)
        return 0;
    labelled = at__turn_label(text, t->v[t->n - 1].end, bold, name, sizeof name, &kind, &caps, &len);
    if (labelled && kind == AT_LABEL_NAME && (st->transcript & AT_TRANSCRIPT_NAMES)) {
        at_agent ag;
        const char *nm = name, *sp;
        int v;
        memset(&ag, 0, sizeof ag);
        ag.kind = AT_AGENT_PERSON;
        /* MAYOR PAUL ESTRIDGE: titles before the name are the person's
         * title, and tell a gender when they say one (SEN., DAME) */
        while ((sp = strchr(nm, ' ')) != NULL &&
               at__cues_find(st->cues, AT_CUE_TITLE, nm, (size_t)(sp - nm - (sp[-1] == '.')), &v)) {
            if ((size_t)(sp - nm) < sizeof ag.title && !ag.title[0]) {
                memcpy(ag.title, nm, (size_t)(sp - nm));
                ag.title[sp - nm] = '\0';
            }
            if (v == AT_CUEV_FEMALE || v == AT_CUEV_MALE)
                ag.gender = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : AT_GENDER_MALE;
            nm = sp + 1;
        }
        memcpy(ag.name, nm, strlen(nm) + 1 < sizeof ag.name ? strlen(nm) + 1 : sizeof ag.name - 1);
        /* ST: -- initials in capitals: the person named in full before */
        who = caps && strlen(name) <= 3 && !strchr(name, ' ') ? at__registry_initials(&st->reg, name) : AT_NO_TOK;
        if (who == AT_NO_TOK)
            who = at__registry_resolve(&st->reg, &ag);
        st->qa_answer = 0;
        st->transcript_last = who;
    } else if (labelled && kind != AT_LABEL_NAME && (st->transcript & AT_TRANSCRIPT_QA)) {
        if (kind == AT_LABEL_Q) {
            if (st->interviewer == AT_NO_TOK)
                st->interviewer = interviewer(st);
            who = st->interviewer;
        } else {
            who = interviewee(st);
        }
        /* after Q: an unlabelled paragraph is the answer; after A: it
         * goes on with the answer */
        st->qa_answer = 1;
    } else if (!labelled && (st->qa_answer || st->transcript_last != AT_NO_TOK) && editors_note(text, t)) {
        /* "This interview has been edited for length": the end of it */
        st->qa_answer = 0;
        st->transcript_last = AT_NO_TOK;
        return 0;
    } else if (!labelled && st->qa_answer) {
        who = interviewee(st);
    } else if (!labelled && (st->transcript & AT_TRANSCRIPT_NAMES) && at__is_capitalized(text, 1) && text[1] == ':') {
        /* "B:I don't know": a label cut short; whose it is, nobody can say */
        who = at__registry_anon(&st->reg);
        len = 2;
    } else if (!labelled && st->transcript_last != AT_NO_TOK && text[0] != '(' && text[0] != '[') {
        /* a transcript's turn that runs over several paragraphs; a stage
         * direction, (CROSSTALK), is the narrator's and goes on with no one */
        who = st->transcript_last;
    } else {
        if (!labelled && (text[0] == '(' || text[0] == '['))
            st->transcript_last = AT_NO_TOK;
        st->qa_answer = 0;
        return 0;
    }
    if (who == AT_NO_TOK)
        return 0;
    while (body < t->n && t->v[body].start < len)
        body++;
    mark_ends(st, text, t); /* the block's sentences, for at__attrib_end_block */
    at__grow(&st->owner, &st->cap_owner, t->n + 1, sizeof *st->owner);
    at__grow(&st->rule, &st->cap_rule, t->n + 1, sizeof *st->rule);
    memset(st->rule, AT_ATTR_LABEL, t->n + 1);
    for (k = 0; k < t->n; k++)
        st->owner[k] = k >= body ? who + 1
                       : kind == AT_LABEL_NAME && !st->reg.v[who].introduced ? AT_OWN_NARRATOR
                                                                             : AT_OWN_SKIP;
    if (labelled && kind == AT_LABEL_NAME)
        st->reg.v[who].introduced = 1;
    st->spans.n = 0;
    st->carry = 0;
    close_chain(st);
    st->prev_speech = st->block_speech;
    st->block_speech = 1;
    if (who != st->last_quoted)
        st->before_last = st->last_quoted;
    st->last_quoted = who;
    st->reg.v[who].spoke = 1;
    at__registry_touch(&st->reg, who);
    return 1;
}

/* A paragraph that only names someone: a person named in full, then
 * nothing or a comma and a few words with no verb (Asma Begum, 22,
 * garment worker), the way a vox pop or a list of reactions introduces
 * the quotations under it. */
static size_t name_line(at_attrib *st, const char *text, const at_tokens *t)
{
    at_scan x;
    at_agent ag;
    size_t e, k;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    if (!st->cues || t->n == 0 || has_quote_mark(t, 0, t->n) || at__scan_is(&x, 0, AT_CUE_STOP) ||
        !at__scan_word(&x, 0) || at__count_words(text, t, 0, t->n) > 12)
        return AT_NO_TOK;
    e = at__phrase_forward(&x, 0, t->n, 0, &ag);
    if (e == 0 || ag.kind != AT_AGENT_PERSON || !strchr(ag.name, ' '))
        return AT_NO_TOK;
    if (e < t->n && !at__scan_punct(&x, e, ',') && !at__scan_punct(&x, e, ':'))
        return AT_NO_TOK;
    for (k = e; k < t->n; k++)
        if (at__scan_verb(&x, k) || at__scan_past(&x, k))
            return AT_NO_TOK;
    return at__registry_resolve(&st->reg, &ag);
}

void at__attrib_block(at_attrib *st, const char *text, size_t bold, const at_tokens *t)
{
    int carried = st->carry;
    size_t i, k, lo = 0;
    at_scan x;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    at__registry_note_given(&st->reg, text, t);
    if (transcript_block(st, text, bold, t))
        return;
    {
        /* a name line: the quotations under it, uncued, are that person's,
         * until the next paragraph of narration */
        size_t who = name_line(st, text, t);
        if (who != AT_NO_TOK) {
            st->heading_person = who;
            st->line_person = 1;
        } else if (st->line_person && !has_quote_mark(t, 0, t->n) && t->n > 0 &&
                   !at__scan_punct(&x, t->n - 1, ':')) {
            /* "On her winning goal:" leads into the person's next answer */
            st->heading_person = AT_NO_TOK;
            st->line_person = 0;
        }
    }
    at__grow(&st->owner, &st->cap_owner, t->n + 1, sizeof *st->owner);
    at__grow(&st->rule, &st->cap_rule, t->n + 1, sizeof *st->rule);
    memset(st->rule, AT_ATTR_NONE, t->n + 1);
    for (k = 0; k < t->n; k++)
        st->owner[k] = AT_OWN_NARRATOR;
    mark_ends(st, text, t);
    st->block_doc = block_has_document(st, text, t);
    settle_intro(st, text, t);
    st->prev_speech = st->block_speech;
    st->block_speech = 0;
    at__quotes_find(st->cues, text, t, st->ends, &st->carry, &st->spans);
    close_at_cue(st, text, t);
    if (carried && (st->spans.n == 0 || !st->spans.v[0].cont))
        at__attrib_close_chain(st);
    for (i = 0; i < st->spans.n; i++) {
        const at_qspan *q = &st->spans.v[i];
        size_t open = q->open != AT_NO_TOK ? q->open : q->from, s = sentence_start(st, open);
        at_agent ag;
        note_mentions(st, text, t, lo, s);
        /* Sen. Richard Blumenthal ... called the scene "absolutely staggering." */
        if (s >= lo && s < open && at__phrase_subject(&x, s, open, &ag))
            register_in(st, &ag, text, t, s, open);
        attribute_span(st, text, t, i);
        /* a title or scare quote: its sentence may still name a speaker
         * (after the quotation before it: “Q,” X Y, owner of ..., in
         * Tennessee, told the network’s “Rush Hour”) */
        if (!q->speech && st->cues) {
            size_t from = s, to = sentence_end(st, t, q->close != AT_NO_TOK ? q->close : open);
            if (i > 0 && st->spans.v[i - 1].close != AT_NO_TOK && st->spans.v[i - 1].close + 1 > from)
                from = st->spans.v[i - 1].close + 1;
            /* up to the next quotation, which has a cue of its own */
            if (i + 1 < st->spans.n && st->spans.v[i + 1].open != AT_NO_TOK && st->spans.v[i + 1].open < to &&
                st->spans.v[i + 1].open > from)
                to = st->spans.v[i + 1].open;
            if (at__attrib_find(st->cues, text, t, from, to, AT_WIN_BEFORE, &ag) &&
                ag.kind == AT_AGENT_PERSON)
                at__registry_resolve(&st->reg, &ag);
        }
        /* after “Q.” the next sentence starts at once; after “Q,” said X. it
         * starts after the cue */
        lo = q->close == AT_NO_TOK                          ? t->n
             : q->close > 0 && st->ends[q->close - 1] ? q->close + 1
                                                             : sentence_end(st, t, q->close + 1);
    }
    note_mentions(st, text, t, lo, t->n);
}

void at__attrib_heading(at_attrib *st, const char *text, const at_tokens *t)
{
    at_scan x;
    at_agent ag;
    size_t e, k;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    st->heading_person = AT_NO_TOK;
    st->line_person = 0;
    /* a name alone: two to four capitalized words, nothing but punctuation
     * after them (Mike Smith --), not "On the Running Game" */
    if (!st->cues || t->n == 0 || at__scan_is(&x, 0, AT_CUE_STOP) || !at__scan_word(&x, 0))
        return;
    e = at__phrase_forward(&x, 0, t->n, 0, &ag);
    if (e == 0 || ag.kind != AT_AGENT_PERSON || !(strchr(ag.name, ' ') || ag.title[0]))
        return;
    for (k = 0; k < e; k++)
        if (!at__scan_word(&x, k) && !at__scan_name_dot(&x, k))
            return;
    if (at__count_words(text, t, 0, e) > 4)
        return;
    for (k = e; k < t->n; k++)
        if (at__scan_word(&x, k)) {
            /* Asma Begum, 22, garment worker: a name line as a heading */
            st->heading_person = name_line(st, text, t);
            return;
        }
    st->heading_person = at__registry_resolve(&st->reg, &ag);
}

void at__attrib_headline(at_attrib *st, const char *text, const at_tokens *t)
{
    at_scan x;
    at_agent ag;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    if (st->cues && at__phrase_titled(&x, 0, t->n, &ag))
        at__registry_resolve(&st->reg, &ag);
    /* Q&A with Gayle Lemmon: whom an interview under it is with */
    st->reg.last_given = AT_NO_TOK;
    at__registry_note_given(&st->reg, text, t);
    if (st->reg.last_given != AT_NO_TOK && st->reg.given[st->reg.last_given][0] != ' ') {
        free(st->headline_name);
        st->headline_name = at__xstrdup(st->reg.given[st->reg.last_given]);
    }
}

/* That gave Melisa just one thought. The person the last sentence [s, n)
 * of a narration paragraph names last, if already known (Melisa Smith): a
 * quotation with no cue that opens the next paragraph is likely theirs. */
static size_t tail_mention(at_attrib *st, const char *text, const at_tokens *t, size_t s)
{
    at_scan x;
    size_t k;
    x.c = st->cues;
    x.text = text;
    x.t = t;
    for (k = t->n; k-- > s;) {
        at_agent ag;
        size_t b, who;
        if (!at__scan_word(&x, k) || !at__is_capitalized(text + t->v[k].start, t->v[k].end - t->v[k].start) ||
            at__scan_is(&x, k, AT_CUE_STOP) || k == s)
            continue;
        b = k;
        while (b > s && at__scan_word(&x, b - 1) &&
               at__is_capitalized(text + t->v[b - 1].start, t->v[b - 1].end - t->v[b - 1].start) &&
               !at__scan_is(&x, b - 1, AT_CUE_STOP))
            b--;
        if (b == s)
            return AT_NO_TOK; /* the sentence's first word: its subject was looked for */
        if (at__phrase_forward(&x, b, k + 1, 0, &ag) == k + 1 && ag.kind == AT_AGENT_PERSON &&
            (who = at__registry_known(&st->reg, &ag)) != AT_NO_TOK)
            return who;
        return AT_NO_TOK;
    }
    return AT_NO_TOK;
}

/* After the block's turns are out: does the quotation chain go on, and
 * does the block end with "Bauer explained."? */
void at__attrib_end_block(at_attrib *st, const char *text, const at_tokens *t)
{
    /* a chain goes on only while its last span is left open and is speech */
    if (st->spans.n && st->carry && st->spans.v[st->spans.n - 1].speech)
        st->chain_open = 1;
    else
        close_chain(st);
    st->has_tail = 0;
    st->tail_subject = AT_NO_TOK;
    /* “Q1.” ¶ — Barbara Lenk, writing for the court. ¶ “Q2.”: the dash
     * line under a quotation spoke for that one only */
    if (t->n > 1 && st->prev_speech && !st->block_speech && dash_line(text, t))
        return;
    if (!st->block_speech && !st->carry && t->n > 0 && st->cues) {
        size_t s = sentence_start(st, t->n - 1);
        at_scan x;
        at_agent ag;
        x.c = st->cues;
        x.text = text;
        x.t = t;
        if (!has_quote_mark(t, s, t->n)) {
            size_t p = s + (s + 1 < t->n && at__scan_is(&x, s, AT_CUE_STOP));
            if (at__phrase_subject(&x, s, t->n, &ag))
                st->tail_subject = at__registry_known(&st->reg, &ag);
            /* So he put on his coveralls and grabbed a hose. ¶ “Q”: a
             * pronoun as the subject (after a conjunction) is whom it means */
            else if (at__phrase_forward(&x, p, p + 1, 0, &ag) == p + 1 && ag.kind == AT_AGENT_PRONOUN && !ag.group)
                st->tail_subject = at__registry_pronoun_peek(&st->reg, &ag);
            else
                st->tail_subject = tail_mention(st, text, t, s);
        } else {
            /* Dayton, in a statement, said he “strongly disagreed” with it.
             * ¶ “Q”: reported speech with only a fragment quoted */
            size_t k = s;
            while (k < t->n && t->v[k].cls != AT_TOK_QUOTE)
                k++;
            if (at__attrib_find(st->cues, text, t, s, k, AT_WIN_BEFORE, &ag) && ag.kind == AT_AGENT_PERSON)
                st->tail_subject = at__registry_known(&st->reg, &ag);
        }
    }
    if (!st->carry && t->n > 0) {
        size_t s = sentence_start(st, t->n - 1);
        st->has_tail = !has_quote_mark(t, s, t->n) && (colon_lead(st, text, t, s, t->n, &st->tail) ||
                                                       at__attrib_find(st->cues, text, t, s, t->n, AT_WIN_PREV, &st->tail));
    }
}

