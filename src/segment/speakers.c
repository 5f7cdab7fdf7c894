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

/* How many people, most recent first, a pronoun, a title or a role is
 * looked for among. The one meant was named moments ago; an article with
 * thousands of names must not cost thousands of looks per pronoun. */
#define RECENT_MAX 1024

static void index_free(at_name_index *ix)
{
    free(ix->slot);
    free(ix->e);
    memset(ix, 0, sizeof *ix);
}

void at__registry_free(at_registry *r)
{
    size_t k;
    for (k = 0; k < r->n; k++) {
        free(r->v[k].name);
        free(r->v[k].display);
    }
    free(r->v);
    index_free(&r->by_last);
    index_free(&r->by_first);
    index_free(&r->by_full);
    memset(r, 0, sizeof *r);
    at__registry_init(r);
}

void at__registry_init(at_registry *r)
{
    memset(r, 0, sizeof *r);
    r->newest = r->issuer = AT_NO_TOK;
    r->anon[0] = r->anon[1] = r->anon[2] = AT_NO_TOK;
}

/* FNV-1a of a word, ASCII case folded when `fold`. */
static uint64_t word_hash(const char *w, size_t n, int fold)
{
    uint64_t h = 1469598103934665603ULL;
    size_t k;
    for (k = 0; k < n; k++)
        h = (h ^ (unsigned char)(fold ? at__to_lower((unsigned char)w[k]) : w[k])) * 1099511628211ULL;
    return h;
}

static void index_add(at_name_index *ix, uint64_t h, size_t person)
{
    struct at_name_entry *e;
    size_t k;
    if (ix->n + 1 > ix->nslot / 2) {
        size_t n = ix->nslot ? ix->nslot * 4 : 64;
        free(ix->slot);
        ix->slot = at__xcalloc(n, sizeof *ix->slot);
        ix->nslot = n;
        for (k = 0; k < ix->n; k++) {
            size_t b = (size_t)ix->e[k].hash & (n - 1);
            ix->e[k].next = ix->slot[b];
            ix->slot[b] = k + 1;
        }
    }
    e = AT_PUSH(ix->e, ix->n, ix->cap);
    e->hash = h;
    e->person = person;
    e->next = ix->slot[(size_t)h & (ix->nslot - 1)];
    ix->slot[(size_t)h & (ix->nslot - 1)] = ix->n;
}

/* The first entry (index + 1) of the chain for hash h; 0 for none. Walk
 * with e[i - 1].next, keeping entries whose hash is h. */
static size_t index_chain(const at_name_index *ix, uint64_t h)
{
    return ix->nslot ? ix->slot[(size_t)h & (ix->nslot - 1)] : 0;
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

/* Indexes person k under its name as it now is. */
static void note_words(at_registry *r, size_t k)
{
    const char *f, *l, *name = r->v[k].name;
    size_t nf, nl;
    name_ends(name, &f, &nf, &l, &nl);
    index_add(&r->by_last, word_hash(l, nl, 0), k);
    index_add(&r->by_first, word_hash(f, nf, 0), k);
    index_add(&r->by_full, word_hash(name, strlen(name), 1), k);
}

/* The recency list: unlink k, then put it first. */
static void unlink_recent(at_registry *r, size_t k)
{
    at_person *p = &r->v[k];
    if (p->newer != AT_NO_TOK)
        r->v[p->newer].older = p->older;
    else if (r->newest == k)
        r->newest = p->older;
    if (p->older != AT_NO_TOK)
        r->v[p->older].newer = p->newer;
    p->newer = p->older = AT_NO_TOK;
}

static void link_newest(at_registry *r, size_t k)
{
    r->v[k].older = r->newest;
    r->v[k].newer = AT_NO_TOK;
    if (r->newest != AT_NO_TOK)
        r->v[r->newest].newer = k;
    r->newest = k;
}

void at__registry_touch(at_registry *r, size_t k)
{
    r->v[k].seen = ++r->clock;
    unlink_recent(r, k);
    link_newest(r, k);
}

void at__registry_issued(at_registry *r, size_t k)
{
    r->v[k].doc = ++r->clock;
    if (!r->v[k].anon)
        r->issuer = k;
}

static size_t add_person(at_registry *r, const char *name, at_gender g, int org)
{
    at_person *p = AT_PUSH(r->v, r->n, r->cap);
    memset(p, 0, sizeof *p);
    p->name = at__xstrdup(name);
    p->gender = g;
    p->org = org;
    p->newer = p->older = AT_NO_TOK;
    note_words(r, r->n - 1);
    link_newest(r, r->n - 1);
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
    size_t k, looked = 0;
    for (k = r->newest; k != AT_NO_TOK && looked < RECENT_MAX; k = r->v[k].older, looked++) {
        const at_person *p = &r->v[k];
        /* a person by role (a neighbor) counts as a person of unknown gender */
        int as_person = p->role && !org && !any_gender;
        if (p->anon || (p->org != org && !as_person) || (!any_gender && p->gender != g))
            continue;
        return k;
    }
    return AT_NO_TOK;
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
    if (r->anon[ag->gender] != AT_NO_TOK && r->v[r->anon[ag->gender]].anon &&
        r->v[r->anon[ag->gender]].gender == ag->gender)
        return r->anon[ag->gender];
    k = add_person(r, ag->gender == AT_GENDER_FEMALE ? "Unnamed woman" : "Unnamed man", ag->gender, 0);
    r->v[k].anon = 1;
    r->anon[ag->gender] = k;
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
    size_t k, looked = 0;
    for (k = r->newest; k != AT_NO_TOK && looked < RECENT_MAX; k = r->v[k].older, looked++)
        if (!r->v[k].org && r->v[k].title[0] && at__strcasecmp(r->v[k].title, role) == 0)
            return k;
    return AT_NO_TOK;
}

/* "said Brian Anderson Red Cross Volunteer" was read as an organization;
 * "said Anderson" later shows it opened with a person's name: the entry
 * becomes that person, Brian Anderson. */
static size_t person_in_org(at_registry *r, const char *name)
{
    size_t k, n = strlen(name), looked = 0;
    if (strchr(name, ' '))
        return AT_NO_TOK;
    for (k = r->newest; k != AT_NO_TOK && looked < RECENT_MAX; k = r->v[k].older, looked++) {
        char *o = r->v[k].name, *hit = strstr(o, name);
        if (!r->v[k].org || !hit || hit == o || hit[-1] != ' ' || (hit[n] && hit[n] != ' '))
            continue;
        if (memchr(o, ' ', (size_t)(hit - 1 - o)) != NULL)
            continue; /* only "First Surname ...": one word before */
        hit[n] = '\0';
        r->v[k].org = 0;
        note_words(r, k);
        return k;
    }
    return AT_NO_TOK;
}

/* the statement said -> whoever was last named as issuing one, if anyone */
static size_t issuer(const at_registry *r)
{
    return r->issuer;
}

/* Among the people a name may mean, by the indexes: the most recent one
 * that passes `same_person` (people: not an organization) or equals it
 * folded (organizations), and is no made-up speaker. */
static size_t best_named(const at_registry *r, const char *name, int org)
{
    const at_name_index *ix[3];
    uint64_t h[3];
    const char *f, *l;
    size_t nf, nl, k, j, best = AT_NO_TOK, nix = 0;
    name_ends(name, &f, &nf, &l, &nl);
    if (org) {
        ix[nix] = &r->by_full;
        h[nix++] = word_hash(name, strlen(name), 1);
    } else {
        ix[nix] = &r->by_last; /* the same surname */
        h[nix++] = word_hash(l, nl, 0);
        ix[nix] = &r->by_first; /* Melisa -> Melisa Smith */
        h[nix++] = word_hash(f, nf, 0);
        ix[nix] = &r->by_last; /* Melisa Smith -> Melisa */
        h[nix++] = word_hash(f, nf, 0);
    }
    for (j = 0; j < nix; j++) {
        for (k = index_chain(ix[j], h[j]); k; k = ix[j]->e[k - 1].next) {
            const struct at_name_entry *e = &ix[j]->e[k - 1];
            const at_person *p = &r->v[e->person];
            if (e->hash != h[j] || p->anon || p->org != org)
                continue;
            if (org ? at__strcasecmp(p->name, name) != 0 : !same_person(p->name, name))
                continue;
            if (best == AT_NO_TOK || p->seen > r->v[best].seen)
                best = e->person;
        }
    }
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
    if (ag->kind != AT_AGENT_PERSON || !ag->name[0])
        return AT_NO_TOK;
    return best_named(r, ag->name, 0);
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
    best = best_named(r, ag->name, org);
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
        note_words(r, best);
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
    at__registry_touch(r, k);
    return k;
}

size_t at__registry_anon(at_registry *r)
{
    size_t k = r->anon[AT_GENDER_UNKNOWN];
    if (k != AT_NO_TOK && r->v[k].anon && r->v[k].gender == AT_GENDER_UNKNOWN)
        return k;
    k = add_person(r, "Unattributed", AT_GENDER_UNKNOWN, 0);
    r->v[k].anon = 1;
    r->anon[AT_GENDER_UNKNOWN] = k;
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

/* A speaker and the turn of their first quotation, to sort by it. */
typedef struct first_quote {
    size_t order, person;
} first_quote;

static int by_order(const void *a, const void *b)
{
    size_t x = ((const first_quote *)a)->order, y = ((const first_quote *)b)->order;
    return x < y ? -1 : x > y;
}

void at__cast_voices(const at_registry *r, const at_casting *cast, const char **voice)
{
    /* `used` holds each voice cast so far once: the pools are small, so
     * checking a voice against it costs little however many speak */
    const char **used = at__xcalloc(r->n + 1, sizeof *used);
    first_quote *byorder = at__xcalloc(r->n + 1, sizeof *byorder);
    size_t k, n = 0, nused = 0, turn[3] = {0, 0, 0};
    for (k = 0; k < r->n; k++)
        if (r->v[k].quotes > 0) {
            byorder[n].order = r->v[k].order;
            byorder[n++].person = k;
        }
    qsort(byorder, n, sizeof *byorder, by_order);
    for (k = 0; k < n; k++) {
        const at_person *p = &r->v[byorder[k].person];
        at_gender g = p->org && !p->role ? AT_GENDER_UNKNOWN : p->gender;
        const char *v = pick(cast, g, used, nused, &turn[g]);
        voice[byorder[k].person] = v;
        if (free_voice(cast, used, nused, v))
            used[nused++] = v;
    }
    free(used);
    free(byorder);
}
