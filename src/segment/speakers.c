/* The speaker registry: everyone an attribution names, with gender and
 * recency, and the casting of their voices.
 *
 * A name met again by surname alone (Bauer) or with a title (Mr Konoé)
 * is the same person. A pronoun means the most recent person of its
 * gender, else the most recent person whose gender is still unknown,
 * who then takes the pronoun's gender. Gender comes from evidence, the
 * strongest kind winning: a pronoun that refers to the person, then a
 * title or role word (Mr, Mrs, the spokeswoman), then the first name
 * (voices/en/names.tsv) or a Slavic surname ending. A name of either
 * gender (Jordan, Jean) tells none. */
#include <stdio.h>
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
    for (k = 0; k < r->ngiven; k++)
        free(r->given[k]);
    free(r->given);
    index_free(&r->by_given);
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
    r->last_given = AT_NO_TOK;
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

/* The part of a name's word that stays when Russian declines it: a
 * Cyrillic word loses one case ending, so Лебедевой, Лебедеву and
 * Лебедева (her, or his genitive) meet as Лебедев, Анны and Анной as Анн,
 * Игоря as Игор; "По словам Лебедевой" is the Лебедева named before. At
 * least three letters stay. Other scripts keep the whole word. */
static size_t name_stem(const char *w, size_t n)
{
    static const char *const endings[] = {"ого", "его", "ому", "ему", "ой", "ей", "ым", "им", "ом", "ем", "ую",
                                          "ою", "ий", "ый", "а",   "я",   "у",   "ю",  "е",  "ы",  "и",  "ь"};
    size_t k;
    if (n < 2 || ((unsigned char)w[0] != 0xD0 && (unsigned char)w[0] != 0xD1))
        return n;
    for (k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t e = strlen(endings[k]);
        /* Cyrillic letters are two bytes: three letters stay */
        if (n >= e + 6 && memcmp(w + n - e, endings[k], e) == 0)
            return n - e;
    }
    return n;
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
    index_add(&r->by_last, word_hash(l, name_stem(l, nl), 0), k);
    index_add(&r->by_first, word_hash(f, name_stem(f, nf), 0), k);
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

size_t at__registry_word(const at_registry *r, const char *w, size_t n, int *many)
{
    const at_name_index *ix[2] = {&r->by_last, &r->by_first};
    size_t sn = name_stem(w, n);
    uint64_t h = word_hash(w, sn, 0);
    size_t j, k, best = AT_NO_TOK;
    for (j = 0; j < 2; j++)
        for (k = index_chain(ix[j], h); k; k = ix[j]->e[k - 1].next) {
            const struct at_name_entry *e = &ix[j]->e[k - 1];
            const at_person *p = &r->v[e->person];
            const char *f, *l;
            size_t nf, nl;
            if (e->hash != h || p->anon || p->org || e->person == best)
                continue;
            /* entries may be stale after a name grew: check the word */
            name_ends(p->name, &f, &nf, &l, &nl);
            if (!((j == 0 && name_stem(l, nl) == sn && memcmp(l, w, sn) == 0) ||
                  (j == 1 && name_stem(f, nf) == sn && memcmp(f, w, sn) == 0)))
                continue;
            if (best != AT_NO_TOK)
                *many = 1;
            if (best == AT_NO_TOK || p->seen > r->v[best].seen)
                best = e->person;
        }
    return best;
}

size_t at__registry_initials(const at_registry *r, const char *letters)
{
    size_t k, looked = 0, n = strlen(letters);
    for (k = r->newest; k != AT_NO_TOK && looked < RECENT_MAX; k = r->v[k].older, looked++) {
        const char *p = r->v[k].name;
        size_t j = 0;
        if (r->v[k].anon || r->v[k].org)
            continue;
        while (*p && j < n) {
            if (at__to_lower((unsigned char)*p) != at__to_lower((unsigned char)letters[j]))
                break;
            j++;
            p = strchr(p, ' ');
            if (!p)
                break;
            p++;
        }
        if (j == n && (!p || !*p))
            return k;
    }
    return AT_NO_TOK;
}

void at__person_gender(at_registry *r, size_t k, at_gender g, int ev)
{
    at_person *p = &r->v[k];
    if (g == AT_GENDER_UNKNOWN || (p->org && !p->role))
        return;
    if (p->gender == AT_GENDER_UNKNOWN || ev > p->gev) {
        p->gender = g;
        p->gev = ev;
    }
}

static int ends_with(const char *w, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n > m + 1 && at__strncasecmp(w + n - m, suffix, m) == 0;
}

/* Surname endings that tell a gender: Russian, Ukrainian, Bulgarian and
 * Central Asian family names inflect for it (Ivanova, Ivanov; Tokayeva;
 * Petrovna as a patronymic), as do Polish and Czech ones (-ska, -ski) and
 * Icelandic patronymics (-dottir). Endings an English surname also has
 * (-in, -ina: Irvin, Medina) are left out. */
static at_gender surname_gender(const char *w, size_t n)
{
    static const char *const female[] = {"ova", "eva", "yova", "ovna", "evna", "skaya", "tskaya",
                                         "ska", "cka", "dottir", "d\xc3\xb3ttir"};
    static const char *const male[] = {"ov", "ev", "ovich", "evich", "ovych", "uly", "ski", "sky", "skiy"};
    size_t k;
    for (k = 0; k < sizeof female / sizeof *female; k++)
        if (ends_with(w, n, female[k]))
            return AT_GENDER_FEMALE;
    for (k = 0; k < sizeof male / sizeof *male; k++)
        if (ends_with(w, n, male[k]))
            return AT_GENDER_MALE;
    return AT_GENDER_UNKNOWN;
}

at_gender at__name_gender(const at_cues *c, const char *name)
{
    const char *w = name, *sp, *last = strrchr(name, ' ');
    size_t n;
    int v;
    /* the first word that is no initial (J. Robert Smith: Robert) */
    while ((sp = strchr(w, ' ')) != NULL && ((size_t)(sp - w) <= 2 && (sp - w == 1 || sp[-1] == '.')))
        w = sp + 1;
    if (sp && c) { /* a first name before a surname */
        const char *hy;
        n = (size_t)(sp - w);
        if (at__cues_find(c, AT_CUE_NAME, w, n, &v))
            return v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : v == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        /* Jean-Pierre, Mary-Kate: the last part tells it */
        hy = memchr(w, '-', n);
        if (hy && at__cues_find(c, AT_CUE_NAME, hy + 1, n - (size_t)(hy + 1 - w), &v) && v != AT_CUEV_NONE)
            return v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : AT_GENDER_MALE;
    }
    /* no first name known: the surname's ending (a name alone is a surname) */
    w = last ? last + 1 : name;
    return surname_gender(w, strlen(w));
}

/* "Prime Minister Stephen Harper", "Industry Minister Tony Clement", "his
 * widow Nomsa Tshuma": the title before the full name whose first name is
 * token k, as lowercase words (a title word of the cue table, with up to
 * two capitalized words before it when it is capitalized, one space
 * apart), noted with the name's `given` entry. */
static void note_title(at_registry *r, const char *text, const at_tokens *t, size_t k, size_t given)
{
    size_t a, j, n = 0, e;
    char w[48];
    if (k == 0 || r->ntitled == sizeof r->titled / sizeof *r->titled)
        return;
    j = k - 1;
    e = t->v[j].end;
    if (t->v[j].cls != AT_TOK_WORD || t->v[k].start != e + 1 || text[e] != ' ' ||
        !at__cues_find(r->cues, AT_CUE_TITLE, text + t->v[j].start, e - t->v[j].start, NULL))
        return;
    a = j;
    /* his widow Nomsa Tshuma: a lowercase title word stands alone */
    while (at__is_capitalized(text + t->v[j].start, e - t->v[j].start) && a > 0 && j - a < 2 && t->v[a - 1].cls == AT_TOK_WORD && t->v[a].start == t->v[a - 1].end + 1 &&
           text[t->v[a - 1].end] == ' ' && at__is_capitalized(text + t->v[a - 1].start, t->v[a - 1].end - t->v[a - 1].start) &&
           !at__cues_find(r->cues, AT_CUE_STOP, text + t->v[a - 1].start, t->v[a - 1].end - t->v[a - 1].start, NULL))
        a--;
    for (; a <= j; a++) {
        size_t i;
        for (i = t->v[a].start; i < t->v[a].end && n + 2 < sizeof w; i++)
            if (text[i] != '.')
                w[n++] = (char)((unsigned char)text[i] < 0x80 ? at__to_lower((unsigned char)text[i]) : text[i]);
        if (a < j)
            w[n++] = ' ';
    }
    w[n] = '\0';
    memcpy(r->titled[r->ntitled].title, w, n + 1);
    r->titled[r->ntitled++].given = given;
}

/* The full name the role `role` ("prime minister", "minister") means:
 * the one name met after that title, or after a title ending in that one
 * word; NULL when none or two people fit. */
const char *at__registry_titled(const at_registry *r, const char *role)
{
    size_t k, rn = strlen(role);
    const char *found = NULL;
    for (k = 0; k < r->ntitled; k++) {
        const char *ti = r->titled[k].title, *g = r->given[r->titled[k].given];
        size_t tn = strlen(ti);
        int hit = at__strcasecmp(ti, role) == 0 ||
                  (!strchr(role, ' ') && tn > rn && ti[tn - rn - 1] == ' ' && at__strcasecmp(ti + tn - rn, role) == 0);
        if (!hit || g[0] == ' ')
            continue;
        if (found && strcmp(found, g) != 0)
            return NULL;
        found = g;
    }
    return found;
}

const char *at__registry_last_given(const at_registry *r, const char *except)
{
    size_t k;
    /* entries are in the order first met; " Clinton" marks a surname two
     * full names share */
    for (k = r->ngiven; k-- > 0;)
        if (r->given[k][0] != ' ' && (!except || strcmp(r->given[k], except) != 0))
            return r->given[k];
    return NULL;
}

void at__registry_note_given(at_registry *r, const char *text, const at_tokens *t)
{
    size_t k = 0, j;
    if (!r->cues || at__cues_count(r->cues, AT_CUE_NAME) == 0)
        return;
    while (k + 1 < t->n) {
        const at_token *a = &t->v[k];
        int v;
        if (a->cls != AT_TOK_WORD || !at__is_capitalized(text + a->start, a->end - a->start) ||
            !at__cues_find(r->cues, AT_CUE_NAME, text + a->start, a->end - a->start, &v) ||
            at__cues_find(r->cues, AT_CUE_STOP, text + a->start, a->end - a->start, NULL)) {
            k++;
            continue;
        }
        /* Jeff Skilling, James Earl Jones: capitalized words, one space
         * apart, up to three after the first name */
        for (j = k + 1; j < t->n && j <= k + 3; j++) {
            const at_token *b = &t->v[j];
            if (b->cls != AT_TOK_WORD || b->start != t->v[j - 1].end + 1 || text[b->start - 1] != ' ' ||
                !at__is_capitalized(text + b->start, b->end - b->start) ||
                at__cues_find(r->cues, AT_CUE_STOP, text + b->start, b->end - b->start, NULL) ||
                at__cues_find(r->cues, AT_CUE_TITLE, text + b->start, b->end - b->start, NULL))
                break;
            if (at__possessive_end(text, b) != b->end) { /* Hua Chunying's Regular Press Conference */
                j++;
                break;
            }
        }
        if (j > k + 1) {
            const at_token *l = &t->v[j - 1];
            const char *full = text + a->start, *last = text + l->start;
            size_t n = at__possessive_end(text, l) - a->start, nl = at__possessive_end(text, l) - l->start;
            uint64_t h = word_hash(last, nl, 0);
            struct at_name_entry *hit = NULL;
            size_t e;
            /* one entry a surname: its full name, or none once two differ */
            for (e = index_chain(&r->by_given, h); e && !hit; e = r->by_given.e[e - 1].next) {
                struct at_name_entry *x = &r->by_given.e[e - 1];
                const char *g = r->given[x->person];
                size_t gl = strlen(g);
                if (x->hash == h && gl > nl && g[gl - nl - 1] == ' ' && memcmp(g + gl - nl, last, nl) == 0)
                    hit = x;
            }
            if (!hit) {
                char **slot = AT_PUSH(r->given, r->ngiven, r->cap_given);
                *slot = at__xstrndup(full, n);
                index_add(&r->by_given, h, r->ngiven - 1);
                r->last_given = r->ngiven - 1;
                note_title(r, text, t, k, r->last_given);
            } else if (r->given[hit->person][0] != ' ' && strlen(r->given[hit->person]) == n &&
                       memcmp(r->given[hit->person], full, n) == 0) {
                r->last_given = hit->person;
                note_title(r, text, t, k, r->last_given);
            } else if (r->given[hit->person][0] != ' ' &&
                       (strlen(r->given[hit->person]) != n || memcmp(r->given[hit->person], full, n) != 0)) {
                /* a second full name for the surname: " Clinton" says so */
                free(r->given[hit->person]);
                r->given[hit->person] = at__xstrndup(last - 1, nl + 1);
            }
        }
        k = j;
    }
}

/* The one full name met for a surname alone (Skilling -> Jeff Skilling),
 * or NULL when none, or when two differ (Bill and Hillary Clinton: the
 * entry is then " Clinton"). */
static const char *given_name(const at_registry *r, const char *surname)
{
    size_t n = strlen(surname), e;
    uint64_t h = word_hash(surname, n, 0);
    for (e = index_chain(&r->by_given, h); e; e = r->by_given.e[e - 1].next) {
        const char *g = r->given[r->by_given.e[e - 1].person], *sp = strrchr(g, ' ');
        if (r->by_given.e[e - 1].hash == h && sp && strcmp(sp + 1, surname) == 0)
            return sp == g ? NULL : g;
    }
    return NULL;
}

static size_t add_person(at_registry *r, const char *name, int org)
{
    at_person *p = AT_PUSH(r->v, r->n, r->cap);
    const char *full;
    memset(p, 0, sizeof *p);
    if (!org && !strchr(name, ' ') && (full = given_name(r, name)) != NULL)
        name = full;
    p->name = at__xstrdup(name);
    p->org = org;
    p->newer = p->older = AT_NO_TOK;
    note_words(r, r->n - 1);
    link_newest(r, r->n - 1);
    if (!org)
        at__person_gender(r, r->n - 1, at__name_gender(r->cues, name), AT_GEV_NAME);
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
    na = name_stem(sa, na);
    nb = name_stem(sb, nb);
    if (na == nb && memcmp(sa, sb, na) == 0)
        return a1 || b1 || a[0] == b[0];
    if (a1 != b1) {
        const char *one = a1 ? a : b, *two = a1 ? b : a;
        size_t n = strlen(one);
        return strncmp(two, one, n) == 0 && two[n] == ' ' && strchr(two + n + 1, ' ') == NULL;
    }
    return 0;
}

/* 1 when a name of unknown gender reads as a person's, so that a he or
 * she may mean it: a title or role came with it, or it is a surname
 * alone that has spoken, or it opens with an initial, or a word before the surname is a
 * first name the names table knows (Jordan Lee, Ohioan Dale Pruitt).
 * "Dietary Guidelines" reads as no one's: a she never means it. */
static int personal(const at_registry *r, const at_person *p)
{
    const char *sp = strchr(p->name, ' ');
    size_t n = sp ? (size_t)(sp - p->name) : 0;
    if (p->gev != AT_GEV_NONE || p->title[0] || p->role)
        return 1;
    /* a single capitalized word met only in passing may be a place ("on
     * Lagos"): it is a person's once it has spoken */
    if (!sp)
        return p->spoke;
    if (n == 1 || (n == 2 && p->name[1] == '.'))
        return 1;
    /* without a names table, every name may be a person's */
    if (!r->cues || at__cues_count(r->cues, AT_CUE_NAME) == 0)
        return 1;
    /* else one of the words before the surname is a first name the table
     * knows (Ohioan Dale Pruitt) */
    for (const char *w = p->name; sp; w = sp + 1, sp = strchr(w, ' '))
        if (at__cues_find(r->cues, AT_CUE_NAME, w, (size_t)(sp - w), NULL))
            return 1;
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
        if (!org && !any_gender && g == AT_GENDER_UNKNOWN && !personal(r, p))
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
        at__person_gender(r, u, ag->gender, AT_GEV_PRONOUN);
        return u;
    }
    if (k != AT_NO_TOK)
        return k;
    /* Maryam Irandoost said: "Q1" ¶ He added: "Q2": with no one of the
     * pronoun's gender named, the person named last whose gender only the
     * names table gave is meant (the table or the text slipped; a reporter
     * does not quote someone never named), and keeps that gender */
    if ((k = recent(r, 0, 1, AT_GENDER_UNKNOWN)) != AT_NO_TOK && r->v[k].gev == AT_GEV_NAME)
        return k;
    if (r->anon[ag->gender] != AT_NO_TOK && r->v[r->anon[ag->gender]].anon &&
        r->v[r->anon[ag->gender]].gender == ag->gender)
        return r->anon[ag->gender];
    k = add_person(r, ag->gender == AT_GENDER_FEMALE ? "Unnamed woman" : "Unnamed man", 0);
    at__person_gender(r, k, ag->gender, AT_GEV_PRONOUN);
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
        if (!r->v[k].org && r->v[k].title[0] && at__fold_eq(r->v[k].title, role))
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
        h[nix++] = word_hash(l, name_stem(l, nl), 0);
        ix[nix] = &r->by_first; /* Melisa -> Melisa Smith */
        h[nix++] = word_hash(f, name_stem(f, nf), 0);
        ix[nix] = &r->by_last; /* Melisa Smith -> Melisa */
        h[nix++] = word_hash(f, name_stem(f, nf), 0);
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
    if (org && !ag->another && !strchr(ag->name, ' ') && (k = by_title(r, ag->name)) != AT_NO_TOK)
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
    /* the prime minister -> Stephen Harper, met as "Prime Minister Stephen
     * Harper" in narration, when no one else had the title */
    if (org && ag->role && !ag->another && !ag->doc && (ag->display[0] == 't' || ag->display[0] == 'T') &&
        at__strncasecmp(ag->display, "the ", 4) == 0) {
        const char *full = at__registry_titled(r, ag->display + 4);
        if (full) {
            at_agent p;
            memset(&p, 0, sizeof p);
            p.kind = AT_AGENT_PERSON;
            snprintf(p.name, sizeof p.name, "%s", full);
            return resolve_name(r, &p);
        }
    }
    /* another resident: not the resident met before */
    best = ag->another ? AT_NO_TOK : best_named(r, ag->name, org);
    if (best == AT_NO_TOK && !org)
        best = person_in_org(r, ag->name);
    if (best == AT_NO_TOK) {
        int v;
        best = add_person(r, ag->name, org);
        r->v[best].role = org && ag->role;
        /* "I seen twigs," said Gina: a name alone, with no title, that no
         * full name in the article ends with and that the names table
         * knows, is a first name (Sen. Warren is not) */
        if (!org && !ag->title[0] && !strchr(r->v[best].name, ' ') && r->cues &&
            at__cues_find(r->cues, AT_CUE_NAME, r->v[best].name, strlen(r->v[best].name), &v) && v != AT_CUEV_NONE)
            at__person_gender(r, best, v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : AT_GENDER_MALE, AT_GEV_NAME);
        /* a title or a role word (Mr, the woman), or the verb's agreement */
        at__person_gender(r, best, ag->gender, ag->by_verb ? AT_GEV_VERB : AT_GEV_TITLE);
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
        if (!r->v[best].org)
            at__person_gender(r, best, at__name_gender(r->cues, r->v[best].name), AT_GEV_NAME);
    }
    at__person_gender(r, best, ag->gender, ag->by_verb ? AT_GEV_VERB : AT_GEV_TITLE);
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
    k = add_person(r, "Unattributed", 0);
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

/* The voice for one speaker of gender g, given the voices already cast.
 * A voice never contradicts the text: a woman is never read in a male
 * voice nor a man in a female one, and a speaker of unknown gender only
 * in a voice of the unknown pool, which claims neither. So: an unused
 * voice of the speaker's own pool, else an unused one of the unknown
 * pool; when those are all taken (more speakers than voices), the own
 * pool's voices again in turn. Never the narrator's. */
static const char *pick(const at_casting *cast, at_gender g, const char **used, size_t nused, size_t *turn)
{
    const at_gender own = g, neutral = AT_GENDER_UNKNOWN;
    const at_gender order[2] = {own, neutral};
    size_t k, p, tries;
    for (p = 0; p < (g == neutral ? 1u : 2u); p++)
        for (k = 0; k < cast->npool[order[p]]; k++)
            if (free_voice(cast, used, nused, cast->pool[order[p]][k]))
                return cast->pool[order[p]][k];
    for (p = 0; p < (g == neutral ? 1u : 2u); p++) {
        size_t n = cast->npool[order[p]];
        for (tries = 0; tries < n; tries++) {
            const char *v = cast->pool[order[p]][(*turn)++ % n];
            if (strcmp(v, cast->narration) != 0)
                return v;
        }
    }
    /* no pool holds a voice but the narrator's: a badly made casting,
     * which the casting check refuses; the narrator's own voice then */
    return cast->narration;
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
