/* Attribution: the cue verb next to a quotation and the speaker phrase it
 * governs, read from the tokens' source text (not their spoken forms).
 *
 * A speaker phrase is a pronoun (she), a determiner phrase (the statement),
 * or a name region: capitalized words, name particles, small words between
 * capitals, commas before a capital, a title's full stop. A region splits
 * at its commas into chunks; the last chunk that names a person wins
 * (Regional Director for Europe and Central Asia, ICRC, Ariane Bauer ->
 * Ariane Bauer), else the first organization (WFP). */
#include <string.h>

#include "segment_impl.h"

typedef struct scan {
    const at_cues *c;
    const char *text;
    const at_tokens *t;
} scan;

static const char *tw(const scan *x, size_t k)
{
    return x->text + x->t->v[k].start;
}

static size_t tn(const scan *x, size_t k)
{
    return x->t->v[k].end - x->t->v[k].start;
}

static int word(const scan *x, size_t k)
{
    return k < x->t->n && at__tok_is_word(x->text, &x->t->v[k]);
}

static int is(const scan *x, size_t k, at_cue_kind kind)
{
    return word(x, k) && at__cues_find(x->c, kind, tw(x, k), tn(x, k), NULL);
}

static int punct(const scan *x, size_t k, char ch)
{
    return k < x->t->n && x->t->v[k].cls == AT_TOK_PUNCT && tn(x, k) == 1 && tw(x, k)[0] == ch;
}

static int cap(const scan *x, size_t k)
{
    return word(x, k) && at__is_capitalized(tw(x, k), tn(x, k));
}

/* WFP, ICRC, UN: two or more capitals and nothing lowercase. */
static int acronym(const scan *x, size_t k)
{
    size_t i, caps = 0;
    if (!word(x, k))
        return 0;
    for (i = 0; i < tn(x, k); i++) {
        unsigned char ch = (unsigned char)tw(x, k)[i];
        if (at__is_lower(ch))
            return 0;
        caps += at__is_upper(ch) != 0;
    }
    return caps >= 2;
}

/* A speech verb is written in lower case: "States" in "United States" is
 * a name, not a verb. */
static int verb(const scan *x, size_t k)
{
    return is(x, k, AT_CUE_VERB) && !at__is_capitalized(tw(x, k), tn(x, k));
}

static int pronoun(const scan *x, size_t k, int *val)
{
    return word(x, k) && at__cues_find(x->c, AT_CUE_PRONOUN, tw(x, k), tn(x, k), val);
}

/* "Mr." : the full stop of a title abbreviation belongs to the name. */
static int title_dot(const scan *x, size_t k)
{
    return k > 0 && punct(x, k, '.') && !(x->t->v[k].flags & AT_TF_SPACE_BEFORE) && is(x, k - 1, AT_CUE_TITLE);
}

static size_t skip_adverbs(const scan *x, size_t k, size_t b)
{
    while (k < b && is(x, k, AT_CUE_ADVERB))
        k++;
    return k;
}

static void set_name(const scan *x, at_agent *ag, size_t a, size_t b)
{
    size_t s = x->t->v[a].start, e = x->t->v[b - 1].end, n = e - s;
    if (n >= sizeof ag->name)
        n = sizeof ag->name - 1;
    memcpy(ag->name, x->text + s, n);
    ag->name[n] = '\0';
}

/* Can token k continue a name region that started before it? */
static int region_word(const scan *x, size_t k, size_t b)
{
    size_t j = k;
    if (cap(x, k) || acronym(x, k))
        return !is(x, k, AT_CUE_STOP) && !verb(x, k);
    /* van der Leyen, Europe and Central Asia: small words before a capital */
    while (j < b && (is(x, j, AT_CUE_PARTICLE) || is(x, j, AT_CUE_MINOR)))
        j++;
    return j > k && j < b && cap(x, j) && !is(x, j, AT_CUE_STOP);
}

/* The end of the name region that starts at i: [i, end). */
static size_t region_end(const scan *x, size_t i, size_t b)
{
    size_t k = i, last = i;
    while (k < b) {
        if (word(x, k) && (k == i ? cap(x, k) || acronym(x, k) : region_word(x, k, b))) {
            last = ++k;
        } else if (word(x, k) && (is(x, k, AT_CUE_PARTICLE) || is(x, k, AT_CUE_MINOR)) && region_word(x, k, b)) {
            k++;
        } else if (title_dot(x, k)) {
            last = ++k;
        } else if (punct(x, k, ',') && k + 1 < b && cap(x, k + 1) && !is(x, k + 1, AT_CUE_STOP) &&
                   !pronoun(x, k + 1, NULL)) {
            k++;
        } else {
            break;
        }
    }
    return last;
}

/* Reads one comma-free chunk [a, b) of a name region.
 * TITLE... NAME -> person NAME (the title's gender, if it has one);
 * chunk with an organization word, a small word or only an acronym ->
 * organization. */
static at_agent_kind chunk(const scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k, name = a, words = 0;
    int org = 0, g = AT_CUEV_NONE, v;
    while (a < b && (is(x, a, AT_CUE_STOP) || !word(x, a)))
        a++;
    if (a >= b)
        return AT_AGENT_NONE;
    for (k = a; k < b; k++)
        if (word(x, k) && at__cues_find(x->c, AT_CUE_TITLE, tw(x, k), tn(x, k), &v)) {
            name = k + 1;
            if (v != AT_CUEV_NONE)
                g = v;
        }
    if (name < a)
        name = a;
    while (name < b && !word(x, name))
        name++;
    for (k = name; k < b; k++) {
        if (!word(x, k))
            continue;
        words++;
        org |= is(x, k, AT_CUE_ORG) || is(x, k, AT_CUE_MINOR) || acronym(x, k);
    }
    memset(ag, 0, sizeof *ag);
    if (words > 0 && words <= 4 && !org) {
        set_name(x, ag, name, b);
        ag->gender = g == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : g == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        return ag->kind = AT_AGENT_PERSON;
    }
    for (k = a; k < b; k++)
        org |= is(x, k, AT_CUE_ORG) || acronym(x, k);
    if (!org)
        return AT_AGENT_NONE;
    set_name(x, ag, a, b);
    return ag->kind = AT_AGENT_ORG;
}

/* The best speaker in region [a, b): the last person, else the first
 * organization. */
static int region(const scan *x, size_t a, size_t b, at_agent *ag)
{
    at_agent cur, org;
    size_t k = a, s;
    int have_org = 0, have = 0;
    while (k < b) {
        s = k;
        while (k < b && !punct(x, k, ','))
            k++;
        switch (chunk(x, s, k, &cur)) {
        case AT_AGENT_PERSON:
            *ag = cur;
            have = 1;
            break;
        case AT_AGENT_ORG:
            if (!have_org)
                org = cur;
            have_org = 1;
            break;
        default:
            break;
        }
        k++;
    }
    if (!have && have_org)
        *ag = org;
    return have || have_org;
}

/* the statement, a spokesperson, the ICRC statement -> organization. The
 * first word after the determiner may look like a verb (the report). */
static size_t det_phrase(const scan *x, size_t i, size_t b, at_agent *ag)
{
    size_t k = i + 1, n = 0;
    while (k < b && word(x, k) && n < 5) {
        if (n > 0 && (verb(x, k) || is(x, k, AT_CUE_ADVERB) || (is(x, k, AT_CUE_MINOR) && !cap(x, k))))
            break;
        k++;
        n++;
    }
    if (n == 0)
        return i;
    memset(ag, 0, sizeof *ag);
    /* the agency's director, John Smith: the name in apposition */
    if (punct(x, k, ',') && cap(x, k + 1)) {
        size_t e = region_end(x, k + 1, b);
        at_agent p;
        if (region(x, k + 1, e, &p) && p.kind == AT_AGENT_PERSON && (e >= b || !word(x, e) || verb(x, e))) {
            *ag = p;
            return e;
        }
    }
    set_name(x, ag, i + 1, k);
    ag->kind = AT_AGENT_ORG;
    return k;
}

/* A speaker phrase starting at i; `bare` allows a plain lowercase noun
 * (officials). Returns the phrase's end, i when there is none. */
static size_t forward(const scan *x, size_t i, size_t b, int bare, at_agent *ag)
{
    int v;
    memset(ag, 0, sizeof *ag);
    if (i >= b || !word(x, i))
        return i;
    if (pronoun(x, i, &v)) {
        ag->kind = AT_AGENT_PRONOUN;
        ag->group = v == AT_CUEV_GROUP;
        ag->gender = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : v == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        set_name(x, ag, i, i + 1);
        return i + 1;
    }
    if (is(x, i, AT_CUE_DET))
        return det_phrase(x, i, b, ag);
    if (cap(x, i) || acronym(x, i)) {
        size_t e = region_end(x, i, b);
        return region(x, i, e, ag) ? e : i;
    }
    if (bare && !verb(x, i) && !is(x, i, AT_CUE_MINOR)) {
        size_t k = i;
        while (k < b && k < i + 3 && word(x, k) && !verb(x, k) && !is(x, k, AT_CUE_ADVERB))
            k++;
        set_name(x, ag, i, k);
        ag->kind = AT_AGENT_ORG;
        return k;
    }
    return i;
}

/* The start of the speaker phrase that ends at e (inclusive), no earlier
 * than a: back over a name region, or to a determiner. */
static size_t phrase_start(const scan *x, size_t a, size_t e)
{
    size_t k = e;
    if (pronoun(x, e, NULL))
        return e;
    if (cap(x, e) || acronym(x, e) || title_dot(x, e)) {
        while (k > a && (cap(x, k - 1) || acronym(x, k - 1) || title_dot(x, k - 1) ||
                         is(x, k - 1, AT_CUE_PARTICLE) || (punct(x, k - 1, ',') && k - 1 > a && cap(x, k - 2)) ||
                         (is(x, k - 1, AT_CUE_MINOR) && k - 1 > a && cap(x, k - 2))))
            k--;
        while (k < e && !(cap(x, k) || acronym(x, k)))
            k++;
        return k;
    }
    while (k > a && k + 5 > e && word(x, k - 1) && !is(x, k, AT_CUE_DET) && !verb(x, k - 1))
        k--;
    return k;
}

/* A speaker phrase that ends at e (inclusive), reading back to a.
 * Ariane Bauer, the regional director, said -> Ariane Bauer. */
static int backward(const scan *x, size_t a, size_t e, at_agent *ag)
{
    size_t s;
    if (punct(x, e, ',')) {
        size_t k = e;
        while (k > a && k + 12 > e && !punct(x, k - 1, ','))
            k--;
        if (k <= a + 1 || !punct(x, k - 1, ',') || k + 12 <= e)
            return 0;
        return backward(x, a, k - 2, ag);
    }
    if (!word(x, e) && !title_dot(x, e))
        return 0;
    s = phrase_start(x, a, e);
    return forward(x, s, e + 1, 1, ag) > s;
}

/* Q, said Bauer / Q, Bauer said / Q, according to Bauer: the cue opens
 * the window, or follows the speaker phrase that opens it. */
static int after(const scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t i = a, j, e;
    const char *next;
    while (i < b && !word(x, i))
        i++;
    j = skip_adverbs(x, i, b);
    if (verb(x, j))
        return forward(x, j + 1, b, 0, ag) > j + 1;
    if (word(x, i) && (next = at__cues_prep_next(x->c, tw(x, i), tn(x, i))) != NULL && word(x, i + 1) &&
        tn(x, i + 1) == strlen(next) && at__strncasecmp(tw(x, i + 1), next, tn(x, i + 1)) == 0)
        return forward(x, i + 2, b, 0, ag) > i + 2;
    e = forward(x, i, b, 1, ag);
    if (e == i)
        return 0;
    /* Q, Bauer, who heads the ICRC delegation, said */
    if (punct(x, e, ',')) {
        size_t k = e + 1;
        while (k < b && k < e + 14 && !punct(x, k, ','))
            k++;
        if (k < b && punct(x, k, ','))
            e = k + 1;
    }
    e = skip_adverbs(x, e, b);
    return verb(x, e);
}

/* The speaker of the cue verb at v in [a, b): the subject before it
 * (Bauer said), else the phrase after it (said Bauer). */
static int around(const scan *x, size_t a, size_t v, size_t b, at_agent *ag)
{
    size_t p = v;
    while (p > a && is(x, p - 1, AT_CUE_ADVERB))
        p--;
    if (p > a && backward(x, a, p - 1, ag))
        return 1;
    return forward(x, v + 1, b, 0, ag) > v + 1;
}

/* Bauer said: Q / said Bauer, Q / According to Bauer, Q: the last cue in
 * the window that has a speaker. */
static int before(const scan *x, size_t a, size_t b, size_t lo, at_agent *ag)
{
    size_t v;
    for (v = b; v-- > lo;) {
        const char *next;
        if (word(x, v) && (next = at__cues_prep_next(x->c, tw(x, v), tn(x, v))) != NULL && word(x, v + 1) &&
            tn(x, v + 1) == strlen(next) && at__strncasecmp(tw(x, v + 1), next, tn(x, v + 1)) == 0 &&
            forward(x, v + 2, b, 0, ag) > v + 2)
            return 1;
        if (verb(x, v) && around(x, a, v, b, ag))
            return 1;
    }
    return 0;
}

int at__attrib_find(const at_cues *c, const char *text, const at_tokens *t, size_t a, size_t b, at_window where,
                    at_agent *ag)
{
    scan x;
    size_t lo, words = 0;
    x.c = c;
    x.text = text;
    x.t = t;
    memset(ag, 0, sizeof *ag);
    if (!c || a >= b || b > t->n)
        return 0;
    if (where == AT_WIN_AFTER)
        return after(&x, a, b, ag);
    if (where == AT_WIN_BEFORE)
        return before(&x, a, b, a, ag);
    /* Bauer explained. Q: the cue among the last four words */
    for (lo = b; lo > a && words < 4; lo--)
        words += word(&x, lo - 1);
    return before(&x, a, b, lo, ag);
}
