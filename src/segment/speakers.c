/* The speaker registry: everyone an attribution names, with gender and
 * recency, and the casting of their voices.
 *
 * A name met again by surname alone (Bauer) or with a title (Mr Konoé)
 * is the same person. A pronoun means the most recent person of its
 * gender, else the most recent person whose gender is still unknown,
 * who then takes the pronoun's gender. Gender never comes from a first
 * name: only from pronouns and titles. */
#include <stdlib.h>
#include <string.h>

#include "segment_impl.h"

void at__registry_free(at_registry *r)
{
    size_t k;
    for (k = 0; k < r->n; k++) {
        free(r->v[k].name);
        free(r->v[k].display);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* The filter bit of the word [w, w + n). */
static unsigned word_bit(const char *w, size_t n)
{
    unsigned h = 2166136261u;
    size_t k;
    for (k = 0; k < n; k++)
        h = (h ^ (unsigned char)w[k]) * 16777619u;
    return h & 1023u;
}

/* The first and the last word of a name. */
static void name_ends(const char *name, const char **f, size_t *nf, const char **l, size_t *nl)
{
    const char *sp = strchr(name, ' '), *lp = strrchr(name, ' ');
    *f = name;
    *nf = sp ? (size_t)(sp - name) : strlen(name);
    *l = lp ? lp + 1 : name;
    *nl = strlen(*l);
}

static void note_words(at_registry *r, const char *name)
{
    const char *f, *l;
    size_t nf, nl;
    unsigned b;
    name_ends(name, &f, &nf, &l, &nl);
    b = word_bit(f, nf);
    r->words[b >> 3] |= (unsigned char)(1u << (b & 7));
    b = word_bit(l, nl);
    r->words[b >> 3] |= (unsigned char)(1u << (b & 7));
}

/* 0 when no name met so far can be the same person as `name`. */
static int maybe_met(const at_registry *r, const char *name)
{
    const char *f, *l;
    size_t nf, nl;
    unsigned b1, b2;
    name_ends(name, &f, &nf, &l, &nl);
    b1 = word_bit(f, nf);
    b2 = word_bit(l, nl);
    return (r->words[b1 >> 3] & (1u << (b1 & 7))) || (r->words[b2 >> 3] & (1u << (b2 & 7)));
}

static size_t add_person(at_registry *r, const char *name, at_gender g, int org)
{
    at_person *p = AT_PUSH(r->v, r->n, r->cap);
    memset(p, 0, sizeof *p);
    p->name = at__xstrdup(name);
    note_words(r, name);
    p->gender = g;
    p->org = org;
    return r->n - 1;
}

/* The last word of a name: its surname. */
static const char *surname(const char *name, size_t *n)
{
    const char *e = name + strlen(name), *s = e;
    while (s > name && s[-1] != ' ')
        s--;
    *n = (size_t)(e - s);
    return s;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        if (*s == ' ')
            in = 0;
        else if (!in)
            in = 1, n++;
    }
    return n;
}

/* Two names of one person: equal, or the same surname where one of them
 * is the surname alone or both start the same way, or a first name alone
 * and a name of two words that starts with it (Melisa, Melisa Smith). */
static int same_person(const char *a, const char *b)
{
    size_t na, nb;
    const char *sa, *sb;
    int a1 = strchr(a, ' ') == NULL, b1 = strchr(b, ' ') == NULL;
    /* two full names that start differently are two people: the cheap no */
    if (!a1 && !b1 && a[0] != b[0])
        return 0;
    sa = surname(a, &na);
    sb = surname(b, &nb);
    if (na == nb && memcmp(sa, sb, na) == 0)
        return a1 || b1 || a[0] == b[0];
    if (a1 != b1) {
        const char *one = a1 ? a : b, *two = a1 ? b : a;
        size_t n = strlen(one);
        return strncmp(two, one, n) == 0 && two[n] == ' ' && strchr(two + n + 1, ' ') == NULL;
    }
    return 0;
}

/* The most recent person (not an organization) of gender g. */
static size_t recent(const at_registry *r, int org, int any_gender, at_gender g)
{
    size_t k, best = AT_NO_TOK;
    for (k = 0; k < r->n; k++) {
        const at_person *p = &r->v[k];
        /* a person by role (a neighbor) counts as a person of unknown gender */
        int as_person = p->role && !org && !any_gender;
        if (p->anon || (p->org != org && !as_person) || (!any_gender && p->gender != g))
            continue;
        if (best == AT_NO_TOK || p->seen > r->v[best].seen)
            best = k;
    }
    return best;
}

/* she added -> the most recent woman, or a person of unknown gender (who
 * becomes a woman) named since (Linda Smith ... she said. Lee Dooley
 * volunteered in May. "Q," she said: Dooley), else a new unnamed
 * speaker. */
static size_t resolve_pronoun(at_registry *r, const at_agent *ag)
{
    size_t k, u;
    if (ag->group) {
        if ((k = recent(r, 1, 1, AT_GENDER_UNKNOWN)) == AT_NO_TOK)
            k = recent(r, 0, 1, AT_GENDER_UNKNOWN);
        return k != AT_NO_TOK ? k : at__registry_anon(r);
    }
    k = recent(r, 0, 0, ag->gender);
    u = recent(r, 0, 0, AT_GENDER_UNKNOWN);
    if (u != AT_NO_TOK && (k == AT_NO_TOK || r->v[u].seen > r->v[k].seen)) {
        if (!r->v[u].org || r->v[u].role)
            r->v[u].gender = ag->gender;
        return u;
    }
    if (k != AT_NO_TOK)
        return k;
    for (k = r->n; k-- > 0;)
        if (r->v[k].anon && r->v[k].gender == ag->gender)
            return k;
    k = add_person(r, ag->gender == AT_GENDER_FEMALE ? "Unnamed woman" : "Unnamed man", ag->gender, 0);
    r->v[k].anon = 1;
    return k;
}

size_t at__registry_pronoun_peek(const at_registry *r, const at_agent *ag)
{
    size_t k, u;
    if (ag->kind != AT_AGENT_PRONOUN || ag->group)
        return AT_NO_TOK;
    k = recent(r, 0, 0, ag->gender);
    u = recent(r, 0, 0, AT_GENDER_UNKNOWN);
    if (u != AT_NO_TOK && (k == AT_NO_TOK || r->v[u].seen > r->v[k].seen))
        return u;
    return k;
}

/* the governor said -> the person last named with that title (New York
 * Governor Kathy Hochul). */
static size_t by_title(const at_registry *r, const char *role)
{
    size_t k, best = AT_NO_TOK;
    for (k = 0; k < r->n; k++)
        if (!r->v[k].org && r->v[k].title[0] && at__strcasecmp(r->v[k].title, role) == 0 &&
            (best == AT_NO_TOK || r->v[k].seen > r->v[best].seen))
            best = k;
    return best;
}

/* "said Brian Anderson Red Cross Volunteer" was read as an organization;
 * "said Anderson" later shows it opened with a person's name: the entry
 * becomes that person, Brian Anderson. */
static size_t person_in_org(at_registry *r, const char *name)
{
    size_t k, n = strlen(name);
    if (strchr(name, ' '))
        return AT_NO_TOK;
    for (k = r->n; k-- > 0;) {
        char *o = r->v[k].name, *hit = strstr(o, name);
        if (!r->v[k].org || !hit || hit == o || hit[-1] != ' ' || (hit[n] && hit[n] != ' '))
            continue;
        if (memchr(o, ' ', (size_t)(hit - 1 - o)) != NULL)
            continue; /* only "First Surname ...": one word before */
        hit[n] = '\0';
        r->v[k].org = 0;
        note_words(r, r->v[k].name);
        return k;
    }
    return AT_NO_TOK;
}

/* the statement said -> whoever was last named as issuing one, if anyone */
static size_t issuer(const at_registry *r)
{
    size_t k, best = AT_NO_TOK;
    for (k = 0; k < r->n; k++)
        if (!r->v[k].anon && r->v[k].doc && (best == AT_NO_TOK || r->v[k].doc > r->v[best].doc))
            best = k;
    return best;
}

size_t at__registry_known_role(const at_registry *r, const at_agent *ag)
{
    size_t n;
    const char *last = surname(ag->name, &n);
    char role[32];
    if (ag->kind != AT_AGENT_ORG || n >= sizeof role)
        return AT_NO_TOK;
    memcpy(role, last, n);
    role[n] = '\0';
    return by_title(r, role);
}

size_t at__registry_known(const at_registry *r, const at_agent *ag)
{
    size_t k, best = AT_NO_TOK;
    if (ag->kind != AT_AGENT_PERSON || !ag->name[0] || !maybe_met(r, ag->name))
        return AT_NO_TOK;
    for (k = 0; k < r->n; k++) {
        const at_person *p = &r->v[k];
        if (p->anon || p->org || !same_person(p->name, ag->name))
            continue;
        if (best == AT_NO_TOK || p->seen > r->v[best].seen)
            best = k;
    }
    return best;
}

static size_t resolve_name(at_registry *r, const at_agent *ag)
{
    size_t k, best = AT_NO_TOK;
    int org = ag->kind == AT_AGENT_ORG;
    if (org && ag->doc && (k = issuer(r)) != AT_NO_TOK)
        return k;
    /* the Long Islander, who ... -> the person named last */
    if (org && ag->epithet && (k = recent(r, 0, 1, AT_GENDER_UNKNOWN)) != AT_NO_TOK)
        return k;
    if (org && !strchr(ag->name, ' ') && (k = by_title(r, ag->name)) != AT_NO_TOK)
        return k;
    /* the head coach -> the person last named with the title "coach" */
    if (org && ag->display[0] && count_words(ag->name) <= 3) {
        size_t n;
        const char *last = surname(ag->name, &n);
        char role[32];
        if (n < sizeof role) {
            memcpy(role, last, n);
            role[n] = '\0';
            if ((k = by_title(r, role)) != AT_NO_TOK)
                return k;
        }
    }
    for (k = (org || maybe_met(r, ag->name)) ? 0 : r->n; k < r->n; k++) {
        at_person *p = &r->v[k];
        if (p->anon || p->org != org)
            continue;
        if (org ? at__strcasecmp(p->name, ag->name) != 0 : !same_person(p->name, ag->name))
            continue;
        if (best == AT_NO_TOK || p->seen > r->v[best].seen)
            best = k;
    }
    if (best == AT_NO_TOK && !org)
        best = person_in_org(r, ag->name);
    if (best == AT_NO_TOK) {
        best = add_person(r, ag->name, ag->gender, org);
        r->v[best].role = org && ag->role;
        if (ag->display[0])
            r->v[best].display = at__xstrdup(ag->display);
    }
    if (ag->title[0])
        memcpy(r->v[best].title, ag->title, sizeof r->v[best].title);
    /* the fuller name wins: Bauer, then Ariane Bauer */
    if (count_words(ag->name) > count_words(r->v[best].name)) {
        free(r->v[best].name);
        r->v[best].name = at__xstrdup(ag->name);
        note_words(r, ag->name);
    }
    if (r->v[best].gender == AT_GENDER_UNKNOWN)
        r->v[best].gender = ag->gender;
    return best;
}

size_t at__registry_resolve(at_registry *r, const at_agent *ag)
{
    size_t k;
    switch (ag->kind) {
    case AT_AGENT_PRONOUN:
        k = resolve_pronoun(r, ag);
        break;
    case AT_AGENT_PERSON:
    case AT_AGENT_ORG:
        if (ag->name[0] == '\0')
            return AT_NO_TOK;
        k = resolve_name(r, ag);
        break;
    default:
        return AT_NO_TOK;
    }
    r->v[k].seen = ++r->clock;
    return k;
}

size_t at__registry_anon(at_registry *r)
{
    size_t k;
    for (k = 0; k < r->n; k++)
        if (r->v[k].anon && r->v[k].gender == AT_GENDER_UNKNOWN)
            return k;
    k = add_person(r, "Unattributed", AT_GENDER_UNKNOWN, 0);
    r->v[k].anon = 1;
    return k;
}

/* 1 when `name` may voice a quotation: not the narrator, and not taken. */
static int free_voice(const at_casting *cast, const char **used, size_t nused, const char *name)
{
    size_t k;
    if (strcmp(name, cast->narration) == 0)
        return 0;
    for (k = 0; k < nused; k++)
        if (strcmp(used[k], name) == 0)
            return 0;
    return 1;
}

/* The voice for one speaker of gender g, given the voices already cast. */
static const char *pick(const at_casting *cast, at_gender g, const char **used, size_t nused, size_t *turn)
{
    static const at_gender order[3][3] = {
        {AT_GENDER_UNKNOWN, AT_GENDER_FEMALE, AT_GENDER_MALE},
        {AT_GENDER_FEMALE, AT_GENDER_UNKNOWN, AT_GENDER_MALE},
        {AT_GENDER_MALE, AT_GENDER_UNKNOWN, AT_GENDER_FEMALE},
    };
    size_t k, p, tries;
    /* an unused voice of the speaker's gender, else an unused neutral one */
    for (p = 0; p < 2; p++)
        for (k = 0; k < cast->npool[order[g][p]]; k++)
            if (free_voice(cast, used, nused, cast->pool[order[g][p]][k]))
                return cast->pool[order[g][p]][k];
    /* every one taken: cycle through the pools, never the narrator's */
    for (p = 0; p < 3; p++) {
        size_t n = cast->npool[order[g][p]];
        for (tries = 0; tries < n; tries++) {
            const char *v = cast->pool[order[g][p]][(*turn)++ % n];
            if (strcmp(v, cast->narration) != 0)
                return v;
        }
    }
    return cast->pool[AT_GENDER_UNKNOWN][0];
}

void at__cast_voices(const at_registry *r, const at_casting *cast, const char **voice)
{
    const char **used = at__xcalloc(r->n + 1, sizeof *used);
    size_t *byorder = at__xcalloc(r->n + 1, sizeof *byorder);
    size_t k, j, n = 0, nused = 0, turn[3] = {0, 0, 0};
    for (k = 0; k < r->n; k++)
        if (r->v[k].quotes > 0)
            byorder[n++] = k;
    /* insertion sort by first quotation */
    for (k = 1; k < n; k++)
        for (j = k; j > 0 && r->v[byorder[j]].order < r->v[byorder[j - 1]].order; j--) {
            size_t tmp = byorder[j];
            byorder[j] = byorder[j - 1];
            byorder[j - 1] = tmp;
        }
    for (k = 0; k < n; k++) {
        const at_person *p = &r->v[byorder[k]];
        at_gender g = p->org && !p->role ? AT_GENDER_UNKNOWN : p->gender;
        voice[byorder[k]] = pick(cast, g, used, nused, &turn[g]);
        used[nused++] = voice[byorder[k]];
    }
    free(used);
    free(byorder);
}
