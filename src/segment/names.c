/* Speaker phrases: who a cue verb's subject (or inverted object) names,
 * read from the tokens' source text.
 *
 * A speaker phrase is a pronoun (she), a determiner phrase (the statement,
 * the head of news), or a name region: capitalized words, name particles,
 * small words between capitals, commas before a capital, a title's full
 * stop. A region splits at its commas into chunks; the best chunk names a
 * person (Regional Director for Europe and Central Asia, ICRC, Ariane
 * Bauer -> Ariane Bauer), else an organization (WFP). */
#include <string.h>

#include "segment_impl.h"

static const char *tw(const at_scan *x, size_t k)
{
    return x->text + x->t->v[k].start;
}

static size_t tn(const at_scan *x, size_t k)
{
    return x->t->v[k].end - x->t->v[k].start;
}

int at__scan_word(const at_scan *x, size_t k)
{
    return k < x->t->n && at__tok_is_word(x->text, &x->t->v[k]);
}

int at__scan_is(const at_scan *x, size_t k, at_cue_kind kind)
{
    return at__scan_word(x, k) && at__cues_find(x->c, kind, tw(x, k), tn(x, k), NULL);
}

int at__scan_punct(const at_scan *x, size_t k, char ch)
{
    return k < x->t->n && x->t->v[k].cls == AT_TOK_PUNCT && tn(x, k) == 1 && tw(x, k)[0] == ch;
}

int at__scan_wordis(const at_scan *x, size_t k, const char *w)
{
    return at__scan_word(x, k) && tn(x, k) == strlen(w) && at__strncasecmp(tw(x, k), w, tn(x, k)) == 0;
}

static int cap(const at_scan *x, size_t k)
{
    return at__scan_word(x, k) && at__is_capitalized(tw(x, k), tn(x, k));
}

/* WFP, ICRC, UN: two or more capitals and nothing lowercase. */
static int acronym(const at_scan *x, size_t k)
{
    size_t i, caps = 0;
    if (!at__scan_word(x, k))
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
int at__scan_verb(const at_scan *x, size_t k)
{
    return at__scan_is(x, k, AT_CUE_VERB) && !at__is_capitalized(tw(x, k), tn(x, k));
}

static int pronoun(const at_scan *x, size_t k, int *val)
{
    return at__scan_word(x, k) && at__cues_find(x->c, AT_CUE_PRONOUN, tw(x, k), tn(x, k), val);
}

size_t at__possessive_end(const char *text, const at_token *w)
{
    size_t n = w->end - w->start;
    if (n > 2 && text[w->end - 2] == '\'' && text[w->end - 1] == 's')
        return w->end - 2;
    if (n > 4 && memcmp(text + w->end - 4, "\xE2\x80\x99s", 4) == 0)
        return w->end - 4;
    return w->end;
}

int at__scan_possessive(const at_scan *x, size_t k)
{
    return at__scan_word(x, k) && at__possessive_end(x->text, &x->t->v[k]) != x->t->v[k].end;
}

int at__scan_past(const at_scan *x, size_t k)
{
    return at__scan_word(x, k) && tn(x, k) > 3 && memcmp(tw(x, k) + tn(x, k) - 2, "ed", 2) == 0;
}

/* "Mr." : the full stop of a title abbreviation belongs to the name. */
static int title_dot(const at_scan *x, size_t k)
{
    return k > 0 && at__scan_punct(x, k, '.') && !(x->t->v[k].flags & AT_TF_SPACE_BEFORE) &&
           at__scan_is(x, k - 1, AT_CUE_TITLE);
}

/* "U.S." : the last full stop of a dotted acronym. */
static int acronym_dot(const at_scan *x, size_t k)
{
    return k > 0 && at__scan_punct(x, k, '.') && !(x->t->v[k].flags & AT_TF_SPACE_BEFORE) && acronym(x, k - 1) &&
           memchr(tw(x, k - 1), '.', tn(x, k - 1)) != NULL;
}

int at__scan_name_dot(const at_scan *x, size_t k)
{
    return title_dot(x, k) || acronym_dot(x, k);
}

static void set_name(const at_scan *x, at_agent *ag, size_t a, size_t b)
{
    size_t s, e, n;
    if (b <= a) {
        ag->name[0] = '\0';
        return;
    }
    s = x->t->v[a].start;
    e = x->t->v[b - 1].end;
    n = e - s;
    if (n >= sizeof ag->name)
        n = sizeof ag->name - 1;
    memcpy(ag->name, x->text + s, n);
    ag->name[n] = '\0';
}

/* The phrase [a, b) as written, its first letter a capital. */
static void set_display(const at_scan *x, at_agent *ag, size_t a, size_t b)
{
    size_t s = x->t->v[a].start, n = x->t->v[b - 1].end - s;
    if (n >= sizeof ag->display)
        n = sizeof ag->display - 1;
    memcpy(ag->display, x->text + s, n);
    ag->display[n] = '\0';
    if (ag->display[0] >= 'a' && ag->display[0] <= 'z')
        ag->display[0] = (char)(ag->display[0] - 'a' + 'A');
}

/* Can token k continue a name region that started before it? */
static int region_word(const at_scan *x, size_t k, size_t b)
{
    size_t j = k;
    if (cap(x, k) || acronym(x, k))
        return !at__scan_is(x, k, AT_CUE_STOP) && !at__scan_verb(x, k);
    /* van der Leyen, Europe and Central Asia: small words before a capital */
    while (j < b && (at__scan_is(x, j, AT_CUE_PARTICLE) || at__scan_is(x, j, AT_CUE_MINOR)))
        j++;
    return j > k && j < b && cap(x, j) && !at__scan_is(x, j, AT_CUE_STOP);
}

/* The end of the name region that starts at i: [i, end). No name runs
 * past 24 tokens, so neither does the search: "Dr. Dr. Dr. ..." would
 * otherwise cost its length at every title. */
static size_t region_end(const at_scan *x, size_t i, size_t b)
{
    size_t k = i, last = i;
    if (b > x->t->n)
        b = x->t->n;
    if (i >= b)
        return i;
    if (b - i > 24)
        b = i + 24;
    while (k < b) {
        if (at__scan_word(x, k) && (k == i ? cap(x, k) || acronym(x, k) : region_word(x, k, b))) {
            last = ++k;
            if (at__scan_possessive(x, k - 1))
                break;
        } else if (at__scan_word(x, k) && (at__scan_is(x, k, AT_CUE_PARTICLE) || at__scan_is(x, k, AT_CUE_MINOR)) &&
                   region_word(x, k, b)) {
            k++;
        } else if (title_dot(x, k) || acronym_dot(x, k)) {
            last = ++k;
        } else if (x->t->v[k].cls == AT_TOK_SYMBOL && tn(x, k) == 1 && tw(x, k)[0] == '/' &&
                   !(x->t->v[k].flags & AT_TF_SPACE_BEFORE) && k + 1 < b && cap(x, k + 1)) {
            k++; /* Rural/Metro Fire */
        } else if (at__scan_punct(x, k, ',') && k + 1 < b && cap(x, k + 1) && !at__scan_is(x, k + 1, AT_CUE_STOP) &&
                   !pronoun(x, k + 1, NULL)) {
            k++;
        } else {
            break;
        }
    }
    return last;
}

/* Organization evidence in [a, b): an organization word, a small word, an
 * acronym or a possessive. */
static int org_words(const at_scan *x, size_t a, size_t b, int minor)
{
    size_t k;
    for (k = a; k < b; k++)
        if (at__scan_is(x, k, AT_CUE_ORG) || acronym(x, k) || at__scan_possessive(x, k) ||
            (minor && at__scan_is(x, k, AT_CUE_MINOR)))
            return 1;
    return 0;
}

/* Paolo Singer of Oxford University -> Paolo Singer: a name before "of". */
static size_t name_before_of(const at_scan *x, size_t a, size_t b)
{
    size_t k;
    for (k = a; k < b; k++)
        if (at__scan_is(x, k, AT_CUE_MINOR))
            return k > a && k - a <= 3 && !org_words(x, a, k, 1) ? k : a;
    return a;
}

/* Foreign Minister of Ukraine Dmytro Kuleba -> Dmytro Kuleba: after a
 * title's "of PLACE", three capitalized words or more end in a first name
 * and a surname. Two ("for Europe and Central Asia") are too few to tell. */
static int trailing_name(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k, run = 0, last = b, first = b;
    for (k = b; k-- > a;) {
        if (!at__scan_word(x, k))
            continue;
        if (at__scan_is(x, k, AT_CUE_MINOR) || !cap(x, k) || at__scan_is(x, k, AT_CUE_ORG) || acronym(x, k))
            break;
        if (run == 0)
            last = k;
        if (++run == 2)
            first = k;
    }
    if (run < 3 || k + 1 == a || (k < b && !at__scan_is(x, k, AT_CUE_MINOR)))
        return 0;
    memset(ag, 0, sizeof *ag);
    set_name(x, ag, first, last + 1);
    ag->kind = AT_AGENT_PERSON;
    return 1;
}

/* Jan Chodas, April Graves: a month's name that is also a first name,
 * right before another capitalized word that ends the chunk. */
static int month_name(const at_scan *x, size_t k, size_t b)
{
    static const char *const months[] = {"jan", "april", "may", "june", "july", "august"};
    size_t m;
    if (k + 2 != b || !cap(x, k + 1) || at__scan_is(x, k + 1, AT_CUE_STOP) || acronym(x, k + 1))
        return 0;
    for (m = 0; m < sizeof months / sizeof months[0]; m++)
        if (at__scan_wordis(x, k, months[m]))
            return 1;
    return 0;
}

/* Heidi King, Ana Bishop, King said: a title that is also a common
 * surname (the `surname` cues), last in its chunk, alone or after a first
 * name (a capital that is no title or organization word), is the
 * surname. */
static int title_surname(const at_scan *x, size_t a, size_t k, size_t b)
{
    if (k + 1 != b || (k > a && (!cap(x, k - 1) || acronym(x, k - 1) || at__scan_is(x, k - 1, AT_CUE_TITLE) ||
                                  at__scan_is(x, k - 1, AT_CUE_ORG) || at__scan_is(x, k - 1, AT_CUE_STOP) ||
                                  at__scan_possessive(x, k - 1))))
        return 0;
    return at__scan_is(x, k, AT_CUE_SURNAME);
}

/* Reads one comma-free chunk [a, b) of a name region.
 * TITLE... NAME -> person NAME (the title's gender, if it has one);
 * chunk with an organization word, a small word or only an acronym ->
 * organization. Returns 2 for a person named in full or with a title,
 * 1 for a surname alone or an organization, 0 for none. */
static int chunk(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k, name = a, words = 0, e;
    int g = AT_CUEV_NONE, v, titled = 0;
    while (a < b && ((at__scan_is(x, a, AT_CUE_STOP) && !month_name(x, a, b)) || !at__scan_word(x, a)))
        a++;
    if (a >= b)
        return 0;
    for (k = a; k < b; k++)
        if (at__scan_word(x, k) && at__cues_find(x->c, AT_CUE_TITLE, tw(x, k), tn(x, k), &v) &&
            !title_surname(x, a, k, b)) {
            name = k + 1;
            titled = k + 1;
            if (v != AT_CUEV_NONE)
                g = v;
        }
    if (name < a)
        name = a;
    while (name < b && !at__scan_word(x, name))
        name++;
    e = name_before_of(x, name, b);
    if (e == name)
        e = b;
    for (k = name; k < e; k++)
        words += at__scan_word(x, k);
    memset(ag, 0, sizeof *ag);
    /* Ensign Pol Danek Sector Kodiak: after a title, the name stops where
     * its unit begins */
    if (titled && words > 2) {
        size_t u;
        for (u = name + 1; u < e; u++)
            if (at__scan_is(x, u, AT_CUE_ORG)) {
                if (at__count_words(x->text, x->t, name, u) >= 2 && !org_words(x, name, u, 1)) {
                    e = u;
                    words = at__count_words(x->text, x->t, name, u);
                }
                break;
            }
    }
    if (words > 0 && words <= 4 && !org_words(x, name, e, 1)) {
        set_name(x, ag, name, e);
        ag->gender = g == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : g == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        ag->kind = AT_AGENT_PERSON;
        if (titled && tn(x, titled - 1) < sizeof ag->title) {
            memcpy(ag->title, tw(x, titled - 1), tn(x, titled - 1));
            ag->title[tn(x, titled - 1)] = '\0';
        }
        return titled || words > 1 ? 2 : 1;
    }
    /* Judge of Elections Ada Voss of Clearfield Ward: the name before the
     * last "of" */
    if (titled) {
        for (k = b; k-- > name + 1;)
            if (at__scan_wordis(x, k, "of") && trailing_name(x, name, k, ag))
                break;
        if (ag->kind != AT_AGENT_PERSON)
            trailing_name(x, name, b, ag);
    }
    if (titled && ag->kind == AT_AGENT_PERSON) {
        ag->gender = g == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : g == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        if (tn(x, titled - 1) < sizeof ag->title) {
            memcpy(ag->title, tw(x, titled - 1), tn(x, titled - 1));
            ag->title[tn(x, titled - 1)] = '\0';
        }
        return 2;
    }
    if (!org_words(x, a, b, 0))
        return 0;
    set_name(x, ag, a, b);
    ag->kind = AT_AGENT_ORG;
    return 1;
}

/* Director of Public Relations: a title, then "of", in [a, b). */
static int role_of(const at_scan *x, size_t a, size_t b)
{
    while (a < b && !at__scan_word(x, a))
        a++;
    while (a + 1 < b && at__scan_is(x, a, AT_CUE_TITLE) && at__scan_is(x, a + 1, AT_CUE_TITLE))
        a++;
    return a + 1 < b && at__scan_is(x, a, AT_CUE_TITLE) && at__scan_wordis(x, a + 1, "of");
}

/* The best speaker in region [a, b): the last person named in full or
 * with a title (but a plain full name first is the one), else the last
 * surname, else the first organization. A
 * last chunk that runs into a lowercase noun modifies it and names no one
 * (said Ana Ruiz, Blue Door Bakery owner), and a role after a full name
 * (Ana Ruiz, Director of Public Relations at ...) adds no one.
 * Returns 2 or 1 for a person (as chunk), 1 for an organization, else 0. */
static int region(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    at_agent cur, org;
    size_t k = a;
    int have_org = 0, best = 0;
    while (k < b) {
        size_t s = k;
        int r;
        while (k < b && !at__scan_punct(x, k, ','))
            k++;
        r = chunk(x, s, k, &cur);
        if (r && best && k == b && b < x->t->n && at__scan_word(x, b) && !cap(x, b))
            break;
        /* Jerry Brown, Director of Public Relations: a role after a full name */
        if (r && best == 2 && role_of(x, s, k))
            break;
        if (r && cur.kind == AT_AGENT_PERSON && r >= best) {
            *ag = cur;
            best = r;
            /* said Gail Orton, Clarks Summit: a plain full name first, then
             * where the person is from or works, not a second person */
            if (s == a && r == 2 && !cur.title[0] && strchr(cur.name, ' ') && k < b)
                break;
        } else if (r && cur.kind == AT_AGENT_ORG && !have_org) {
            org = cur;
            have_org = 1;
        }
        k++;
    }
    if (!best && have_org)
        *ag = org;
    return best ? best : have_org;
}

/* president of mobile business DJ Koh: after role words, two initials
 * (DJ, D.J.) and a surname are a person, not an acronym's organization. */
static int initials_name(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t i, caps = 0;
    if (b != a + 2 || !acronym(x, a) || tn(x, a) > 4 || !cap(x, a + 1) || acronym(x, a + 1) ||
        at__scan_is(x, a + 1, AT_CUE_ORG) || at__scan_is(x, a + 1, AT_CUE_STOP))
        return 0;
    for (i = 0; i < tn(x, a); i++)
        caps += at__is_upper((unsigned char)tw(x, a)[i]) != 0;
    if (caps != 2)
        return 0;
    memset(ag, 0, sizeof *ag);
    set_name(x, ag, a, b);
    ag->kind = AT_AGENT_PERSON;
    return 1;
}

/* head coach Juan Ferrando: a lowercase role word k before a name is the
 * person's title, so "the head coach" means him later. */
static void role_title(const at_scan *x, size_t k, at_agent *ag)
{
    int v = AT_CUEV_NONE;
    if (!ag->title[0] && at__scan_is(x, k, AT_CUE_TITLE) && tn(x, k) < sizeof ag->title) {
        memcpy(ag->title, tw(x, k), tn(x, k));
        ag->title[tn(x, k)] = '\0';
    }
    /* his sister Morgan Tull: a role word that tells a gender tells it
     * as a title does */
    if (ag->gender == AT_GENDER_UNKNOWN && at__cues_find(x->c, AT_CUE_TITLE, tw(x, k), tn(x, k), &v))
        ag->gender = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : v == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
}

/* the statement, a spokesperson, the head of news -> organization or
 * role. The first word after the determiner may look like a verb (the
 * report). */
static size_t det_phrase(const at_scan *x, size_t i, size_t b, at_agent *ag)
{
    size_t k = i + 1, n = 0, of = 0;
    /* adding that he had ...: "that" after a speech verb opens a clause */
    if (i > 0 && at__scan_wordis(x, i, "that") && at__scan_verb(x, i - 1))
        return i;
    /* the Harbor Parks Department issued ...: a name, then its own verb */
    if (cap(x, k) && !at__scan_is(x, k, AT_CUE_STOP)) {
        size_t e = region_end(x, k, b);
        if (e > k && e < b && !at__scan_possessive(x, e - 1) && at__scan_word(x, e) && !cap(x, e) && !at__scan_verb(x, e) &&
            at__scan_past(x, e) &&
            !at__scan_is(x, e, AT_CUE_ADVERB) && !at__scan_is(x, e, AT_CUE_MINOR) && !at__scan_is(x, e, AT_CUE_DET) &&
            !at__scan_is(x, e, AT_CUE_DOCVERB) && region(x, k, e, ag) && ag->kind == AT_AGENT_ORG)
            return e;
    }
    while (k < b && at__scan_word(x, k) && n < 6) {
        /* the head of the rescue team: two words after "of" (and its "the") */
        if (of && k >= of + 3 + at__scan_is(x, of + 1, AT_CUE_DET))
            break;
        if (n > 0 && !of && at__scan_wordis(x, k, "of"))
            of = k;
        /* the students refused to leave: a past tense after the noun ends it */
        if (n > 0 && !cap(x, k) && at__scan_past(x, k))
            break;
        if (n > 0 && (at__scan_verb(x, k) || at__scan_is(x, k, AT_CUE_ADVERB) ||
                      (at__scan_is(x, k, AT_CUE_MINOR) && !at__scan_wordis(x, k, "of") && !cap(x, k) &&
                       !(at__scan_wordis(x, k - 1, "of") && at__scan_is(x, k, AT_CUE_DET)))))
            break;
        /* the firm's chief executive Nora Quist: the name after the role */
        if (n > 0 && cap(x, k)) {
            size_t e = region_end(x, k, b);
            int r = region(x, k, e, ag), v = AT_CUEV_NONE;
            if (r == 2 && ag->kind == AT_AGENT_PERSON) {
                role_title(x, k - 1, ag);
                return e;
            }
            /* dijo el señor Salvatierra: a lowercase title that tells a
             * gender, then a surname */
            if (r == 1 && ag->kind == AT_AGENT_PERSON && !cap(x, k - 1) &&
                at__cues_find(x->c, AT_CUE_TITLE, tw(x, k - 1), tn(x, k - 1), &v) && v != AT_CUEV_NONE) {
                role_title(x, k - 1, ag);
                return e;
            }
        }
        k++;
        n++;
    }
    if (n == 0)
        return i;
    /* according to a statement from X Y: the document's author speaks */
    if (at__scan_is(x, k - 1, AT_CUE_DOCUMENT) && (at__scan_wordis(x, k, "from") || at__scan_wordis(x, k, "by")) &&
        cap(x, k + 1)) {
        size_t e = region_end(x, k + 1, b);
        if (region(x, k + 1, e, ag) && ag->kind == AT_AGENT_PERSON)
            return e;
    }
    memset(ag, 0, sizeof *ag);
    /* the agency's director, John Smith: the name in apposition; also
     * after a place (the manager at The Lighthouse of Trenton, Mary Gilmour) */
    {
        size_t c = k;
        if (c + 1 < b && at__scan_is(x, c, AT_CUE_MINOR) && cap(x, c + 1)) {
            size_t e = c + 1;
            while (e < b && e < c + 10 && (cap(x, e) || at__scan_is(x, e, AT_CUE_MINOR)))
                e++;
            if (at__scan_punct(x, e, ','))
                c = e;
        } else if (c + 1 < b && at__scan_is(x, c, AT_CUE_MINOR) && !at__scan_wordis(x, c, "of")) {
            /* el portavoz de la oposición, Juan Pérez: a few lowercase
             * words saying of what, then the name */
            size_t e = c + 1;
            while (e < b && e < c + 5 && at__scan_word(x, e) && !at__scan_verb(x, e) && !cap(x, e))
                e++;
            if (at__scan_punct(x, e, ','))
                c = e;
        }
        if (at__scan_punct(x, c, ',') && cap(x, c + 1)) {
            size_t e = region_end(x, c + 1, b);
            at_agent p;
            if (region(x, c + 1, e, &p) && p.kind == AT_AGENT_PERSON && (c == k || strchr(p.name, ' ')) &&
                (e >= b || !at__scan_word(x, e) || at__scan_verb(x, e))) {
                *ag = p;
                /* La ministra de Sanidad, Carmen López: the role before
                 * what it is of is the person's title too */
                if (c == k || at__scan_is(x, k - 1, AT_CUE_TITLE))
                    role_title(x, k - 1, ag);
                return e;
            }
        }
    }
    set_name(x, ag, i + 1, k);
    ag->kind = AT_AGENT_ORG;
    /* the statement -> "The statement" as written, with a capital; the
     * ICRC -> ICRC */
    if (!cap(x, i + 1))
        set_display(x, ag, i, k);
    /* the statement (1); its release (2): a document, its issuer's */
    ag->doc = at__scan_is(x, k - 1, AT_CUE_DOCUMENT)
                  ? (at__scan_wordis(x, i, "its") || at__scan_wordis(x, i, "his") || at__scan_wordis(x, i, "her") ||
                     at__scan_wordis(x, i, "their"))
                        ? 2
                        : 1
                  : 0;
    /* a neighbor (1), the spokeswoman (2): a person by role; the woman: a
     * role that says its gender, as a title does */
    {
        int v = AT_CUEV_NONE;
        ag->role = !of && !cap(x, k - 1) && at__cues_find(x->c, AT_CUE_TITLE, tw(x, k - 1), tn(x, k - 1), &v)
                       ? 1 + at__scan_wordis(x, i, "the")
                       : 0;
        if (ag->role)
            ag->gender = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : v == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        ag->another = ag->role && (at__scan_wordis(x, i, "another") || at__scan_wordis(x, i, "one"));
    }
    /* the Long Islander, who ...; the 61-year-old: a description of someone
     * already named, not a name */
    ag->epithet = at__scan_wordis(x, i, "the") && !of &&
                  ((cap(x, i + 1) && !org_words(x, i + 1, k, 0) && at__scan_punct(x, k, ',') &&
                    at__scan_wordis(x, k + 1, "who")) ||
                   (k == i + 2 && x->t->v[i + 1].end + 9 <= x->t->v[x->t->n - 1].end &&
                    at__is_digit((unsigned char)tw(x, i + 1)[0]) &&
                    memcmp(x->text + x->t->v[i + 1].end, "-year-old", 9) == 0));
    return k;
}

size_t at__phrase_forward(const at_scan *x, size_t i, size_t b, int bare, at_agent *ag)
{
    int v;
    memset(ag, 0, sizeof *ag);
    if (i >= b || !at__scan_word(x, i))
        return i;
    if (pronoun(x, i, &v)) {
        ag->kind = AT_AGENT_PRONOUN;
        ag->group = v == AT_CUEV_GROUP;
        ag->gender = v == AT_CUEV_FEMALE ? AT_GENDER_FEMALE : v == AT_CUEV_MALE ? AT_GENDER_MALE : AT_GENDER_UNKNOWN;
        set_name(x, ag, i, i + 1);
        return i + 1;
    }
    if (at__scan_is(x, i, AT_CUE_DET))
        return det_phrase(x, i, b, ag);
    if (cap(x, i) || acronym(x, i)) {
        size_t e = region_end(x, i, b), k = e;
        /* EA's boss man John Riccitiello: the person after the possessor */
        if (e > i && at__scan_possessive(x, e - 1)) {
            /* Jan Chodas, NASA's Juno project manager: the person named in
             * full before the comma, not the possessor's thing */
            size_t c = i;
            while (c < e && !at__scan_punct(x, c, ','))
                c++;
            if (c < e && region(x, i, c, ag) == 2 && ag->kind == AT_AGENT_PERSON)
                return e;
            /* writes Andrew Hughes in Monday's (2/13) Tribune: a person
             * named in full before a small word, then the possessor */
            for (c = i + 1; c < e && !(at__scan_word(x, c) && !cap(x, c) && at__scan_is(x, c, AT_CUE_MINOR)); c++)
                ;
            if (c < e && region(x, i, c, ag) == 2 && ag->kind == AT_AGENT_PERSON && strchr(ag->name, ' '))
                return c;
            while (k < b && k < e + 4 && at__scan_word(x, k) && !cap(x, k) && !at__scan_verb(x, k))
                k++;
            if (cap(x, k)) {
                size_t e2 = region_end(x, k, b);
                if (region(x, k, e2, ag) && ag->kind == AT_AGENT_PERSON)
                    return e2;
            }
            /* Mr X's family said: the possessor's group or agent speaks */
            if (k > e && (k >= b || !at__scan_word(x, k) || at__scan_verb(x, k))) {
                memset(ag, 0, sizeof *ag);
                set_name(x, ag, i, k);
                ag->kind = AT_AGENT_ORG;
                return k;
            }
        }
        /* Rural/Metro Fire spokesperson Jes Webb: role words, then the
         * person; after a role word, up to six words and "of" (Samsung
         * president of mobile communications business DJ Koh) */
        {
            int titled = 0;
            k = e;
            while (k < b && k < e + (titled ? 6 : 3) && at__scan_word(x, k) && !cap(x, k) && !at__scan_verb(x, k) &&
                   (!at__scan_is(x, k, AT_CUE_MINOR) || (titled && at__scan_wordis(x, k, "of"))) &&
                   !at__scan_is(x, k, AT_CUE_ADVERB) && !pronoun(x, k, NULL)) {
                titled |= at__scan_is(x, k, AT_CUE_TITLE);
                k++;
            }
            if (k > e && at__scan_wordis(x, k - 1, "of"))
                k = e;
        }
        if (k > e && cap(x, k)) {
            size_t e2 = region_end(x, k, b), r = k - 1;
            if ((region(x, k, e2, ag) == 2 && ag->kind == AT_AGENT_PERSON) || initials_name(x, k, e2, ag)) {
                /* Министр здравоохранения Анна Петрова: the title may open
                 * the run, before the words that say of what */
                while (r > i && !at__scan_is(x, r, AT_CUE_TITLE))
                    r--;
                role_title(x, at__scan_is(x, r, AT_CUE_TITLE) ? r : k - 1, ag);
                return e2;
            }
        }
        /* and said Balfour's "soul ...": a possessor with nothing after it
         * is the quotation's owner in the narration, not a speaker */
        if (at__scan_possessive(x, e - 1) && (e >= x->t->n || !at__scan_word(x, e)))
            return i;
        return region(x, i, e, ag) ? e : i;
    }
    if (!at__scan_verb(x, i) && !at__scan_is(x, i, AT_CUE_MINOR)) {
        /* said study co-author Meena Balgopal: role words, then the name */
        size_t k = i;
        while (k < b && k < i + 4 && at__scan_word(x, k) && !cap(x, k) && !at__scan_verb(x, k))
            k++;
        /* says union president, Ada Voss.: role words, a comma, and the
         * person named in full, ending the clause */
        if (k > i && k + 1 < b && at__scan_punct(x, k, ',') && cap(x, k + 1)) {
            size_t e = region_end(x, k + 1, b);
            if (region(x, k + 1, e, ag) == 2 && ag->kind == AT_AGENT_PERSON && (e >= b || !at__scan_word(x, e))) {
                role_title(x, k - 1, ag);
                return e;
            }
            memset(ag, 0, sizeof *ag);
        }
        if (cap(x, k)) {
            size_t e = region_end(x, k, b);
            int r = region(x, k, e, ag);
            if (r == 2 && ag->kind == AT_AGENT_PERSON) {
                role_title(x, k - 1, ag);
                return e;
            }
            /* said defense lawyer Steward: a role word just before a surname */
            if (r == 1 && ag->kind == AT_AGENT_PERSON && k > i && at__scan_is(x, k - 1, AT_CUE_TITLE) &&
                !(e < b && cap(x, e)))
                return e;
            /* exclaims member of Church of the Holy Spirit Joe Hines: after a
             * role and "of", the name that ends a long run of capitals */
            if (r != 2 && k > i + 1 && at__scan_wordis(x, k - 1, "of") && at__scan_is(x, k - 2, AT_CUE_TITLE) &&
                trailing_name(x, k, e, ag))
                return e;
        }
        memset(ag, 0, sizeof *ag);
        /* пообещал мэр.: in a language without articles a role word alone
         * ends the clause, as "the mayor" would */
        if (k == i + 1 && !at__scan_word(x, k) && at__scan_is(x, i, AT_CUE_TITLE)) {
            set_name(x, ag, i, k);
            ag->kind = AT_AGENT_ORG;
            role_title(x, i, ag);
            ag->role = 1;
            return k;
        }
    }
    /* but added that ...: a conjunction or preposition (a stop word) does
     * not open a bare speaker phrase */
    if (bare && !at__scan_verb(x, i) && !at__scan_is(x, i, AT_CUE_MINOR) && !at__scan_is(x, i, AT_CUE_STOP)) {
        size_t k = i;
        /* students refused to leave: a past tense ends the subject */
        while (k < b && k < i + 4 && at__scan_word(x, k) && !at__scan_verb(x, k) && !at__scan_is(x, k, AT_CUE_ADVERB) &&
               !(k > i && at__scan_past(x, k)))
            k++;
        if (k == i)
            return i;
        set_name(x, ag, i, k);
        ag->kind = AT_AGENT_ORG;
        return k;
    }
    return i;
}

/* The start of the speaker phrase that ends at e (inclusive), no earlier
 * than a: back over a name region, or to a determiner. */
static size_t phrase_start(const at_scan *x, size_t a, size_t e)
{
    size_t k = e;
    if (pronoun(x, e, NULL))
        return e;
    if (cap(x, e) || acronym(x, e) || title_dot(x, e)) {
        for (;;) {
            size_t j = k;
            /* Smith of the Mesa Fire Department: small words between capitals */
            while (j > a && at__scan_is(x, j - 1, AT_CUE_MINOR))
                j--;
            if (j < k && j > a && j + 3 >= k && cap(x, j - 1)) {
                k = j;
                continue;
            }
            if (!(k > a && (cap(x, k - 1) || acronym(x, k - 1) || title_dot(x, k - 1) ||
                            at__scan_is(x, k - 1, AT_CUE_PARTICLE) ||
                            (at__scan_punct(x, k - 1, ',') && k - 1 > a && cap(x, k - 2)))))
                break;
            k--;
        }
        while (k < e && !(cap(x, k) || acronym(x, k)))
            k++;
        return k;
    }
    if (at__scan_is(x, e, AT_CUE_MINOR) || at__scan_is(x, e, AT_CUE_DET))
        return e + 1;
    while (k > a && k + 6 > e && at__scan_word(x, k - 1) && !at__scan_verb(x, k - 1)) {
        if (at__scan_is(x, k - 1, AT_CUE_DET))
            return k - 1;
        if (at__scan_is(x, k - 1, AT_CUE_MINOR) && !at__scan_wordis(x, k - 1, "of"))
            break;
        k--;
    }
    return k;
}

/* A name that opens [a, b) and ends at a comma: "Weeks, chairman and
 * chief executive, told"; "Ariane Bauer, the regional director, said". */
static int opening_name(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t e = a;
    while (e < b && (cap(x, e) || title_dot(x, e) || at__scan_is(x, e, AT_CUE_PARTICLE)))
        e++;
    return e > a && at__scan_punct(x, e, ',') && chunk(x, a, e, ag) && ag->kind == AT_AGENT_PERSON;
}

int at__phrase_backward(const at_scan *x, size_t a, size_t e, at_agent *ag)
{
    size_t s;
    if (at__scan_punct(x, e, ',')) {
        size_t k = e;
        /* Weeks, chairman and chief executive, told; Bauer, who heads X, said */
        if (opening_name(x, a, e, ag))
            return 1;
        /* X Y, a spokesman for Entergy, said: an apposition that opens
         * with a determiner describes the name before it */
        while (k > a && k + 12 > e && !at__scan_punct(x, k - 1, ','))
            k--;
        if (k > a + 1 && k < e && at__scan_punct(x, k - 1, ',') && at__scan_is(x, k, AT_CUE_DET) &&
            at__phrase_backward(x, a, k - 2, ag) && ag->kind == AT_AGENT_PERSON)
            return 1;
        k = e;
        /* Don Yacktman, said: a comma between subject and verb */
        if (e > a && (cap(x, e - 1) || acronym(x, e - 1)) && at__phrase_backward(x, a, e - 1, ag))
            return 1;
        while (k > a && k + 12 > e && !at__scan_punct(x, k - 1, ','))
            k--;
        if (k <= a + 1 || !at__scan_punct(x, k - 1, ',') || k + 12 <= e)
            return 0;
        return at__phrase_backward(x, a, k - 2, ag);
    }
    if (!at__scan_word(x, e) && !title_dot(x, e))
        return 0;
    s = phrase_start(x, a, e);
    /* ... of peace envoy Kofi Annan, Guterres said: two people, and the
     * one next to the verb is its subject */
    if (s < e && cap(x, e)) {
        size_t c = e;
        at_agent first;
        while (c > s && !at__scan_punct(x, c, ','))
            c--;
        /* but not Susan Randolph of Bolton, Conn., said: a place after "of" */
        if (c > s && c < e && region(x, c + 1, e + 1, ag) && ag->kind == AT_AGENT_PERSON &&
            region(x, s, c, &first) == 2 && first.kind == AT_AGENT_PERSON && !org_words(x, s, c, 1) &&
            x->text[x->t->v[e].end - 1] != '.')
            return 1;
    }
    return s <= e && at__phrase_forward(x, s, e + 1, 1, ag) > s;
}

/* A cheap look before the slow one: a lowercase word, then a capital,
 * within the first words after a (Council member Nadia ...). */
static int role_then_name(const at_scan *x, size_t a, size_t b)
{
    size_t k;
    for (k = a + 1; k + 1 < b && k < a + 8; k++)
        if (at__scan_word(x, k) && !cap(x, k) && cap(x, k + 1))
            return 1;
    return 0;
}

/* A sentence's subject that names a person: a name region at its start or
 * after a comma among its first words, named in full or with a title
 * (Sen. Richard Blumenthal, D-Conn., was ...; One resident, Miss Witten,
 * ...). "The Hague Convention" is not one: a determiner comes first. */
int at__phrase_subject(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k;
    /* La ministra de Sanidad, Carmen López, presentó ...: a role, then the
     * person named in full between commas, who takes the role as title */
    if (at__scan_is(x, a, AT_CUE_DET)) {
        k = at__phrase_forward(x, a, b, 0, ag);
        if (k > a && ag->kind == AT_AGENT_PERSON && ag->title[0] && strchr(ag->name, ' ') && at__scan_punct(x, k, ','))
            return 1;
        memset(ag, 0, sizeof *ag);
    }
    for (k = a; k < b && k < a + 8; k++) {
        size_t e;
        /* CITY, State — Dana Quill was ...: the subject after a dateline's dash */
        if (!(k == a || at__scan_punct(x, k - 1, ',') || (x->t->v[k - 1].flags & AT_TF_DASH)) || !cap(x, k) ||
            at__scan_is(x, k, AT_CUE_STOP) || pronoun(x, k, NULL))
            continue;
        e = region_end(x, k, b);
        /* Kenya's Mara Oduya won ...: the person after an opening possessive */
        if (k == a && e < b && at__scan_possessive(x, e - 1) && cap(x, e) && !at__scan_is(x, e, AT_CUE_STOP)) {
            size_t e2 = region_end(x, e, b);
            if (e2 < b && at__scan_word(x, e2) && !cap(x, e2) && region(x, e, e2, ag) == 2 &&
                ag->kind == AT_AGENT_PERSON)
                return 1;
            continue;
        }
        /* Gov. Jodi Rell's car got stuck: the possessor named in full, read
         * from a copy of the region whose last word loses its 's */
        if (k == a && e < b && e - k <= 16 && at__scan_possessive(x, e - 1) && at__scan_word(x, e) && !cap(x, e)) {
            at_token v[16];
            at_tokens t2;
            at_scan x2;
            size_t n = e - k;
            memset(&t2, 0, sizeof t2);
            memcpy(v, x->t->v + k, n * sizeof *v);
            v[n - 1].end -= x->text[v[n - 1].end - 2] == '\'' ? 2 : 4;
            t2.v = v;
            t2.n = n;
            x2 = *x;
            x2.t = &t2;
            if (v[n - 1].end > v[n - 1].start && region(&x2, 0, n, ag) == 2 && ag->kind == AT_AGENT_PERSON)
                return 1;
            memset(ag, 0, sizeof *ag);
        }
        if (e < b && (at__scan_possessive(x, e - 1) || (at__scan_word(x, e) && cap(x, e))))
            continue;
        /* Harambee Stars coach Francis Kimanzi has ..., Apple chief
         * executive Tim Cook said ...: a team or firm, a lowercase role
         * (up to three words, the last a title), then the person */
        {
            size_t r = e, e2;
            while (r < b && r < e + 3 && at__scan_word(x, r) && !cap(x, r) && !at__scan_is(x, r, AT_CUE_TITLE) &&
                   !at__scan_is(x, r, AT_CUE_VERB) && !at__scan_is(x, r, AT_CUE_STOP))
                r++;
            if (r + 1 < b && at__scan_word(x, r) && !cap(x, r) && at__scan_is(x, r, AT_CUE_TITLE) && cap(x, r + 1) &&
                !at__scan_is(x, r + 1, AT_CUE_STOP) && !pronoun(x, r + 1, NULL)) {
                e2 = region_end(x, r + 1, b);
                if (e2 < b && ((at__scan_word(x, e2) && !cap(x, e2)) || at__scan_punct(x, e2, ',')) &&
                    !at__scan_possessive(x, e2 - 1) && region(x, r + 1, e2, ag) == 2 && ag->kind == AT_AGENT_PERSON &&
                    strchr(ag->name, ' '))
                    return 1;
                memset(ag, 0, sizeof *ag);
            }
        }
        if (region(x, k, e, ag) == 2 && ag->kind == AT_AGENT_PERSON)
            return 1;
    }
    /* With the storm a day away, Gov. Rick Scott said ...: the subject after
     * an opening clause */
    if (a < b && at__scan_is(x, a, AT_CUE_STOP) && !at__scan_is(x, a, AT_CUE_DET)) {
        for (k = a + 1; k < b && k < a + 30 && !at__scan_punct(x, k, ','); k++)
            if (x->t->v[k].flags & AT_TF_SENT_END)
                break;
        if (k + 1 < b && at__scan_punct(x, k, ',') && cap(x, k + 1) && !at__scan_is(x, k + 1, AT_CUE_STOP) &&
            !pronoun(x, k + 1, NULL)) {
            size_t e = region_end(x, k + 1, b);
            if (e < b && at__scan_word(x, e) && !cap(x, e) && !at__scan_possessive(x, e - 1) &&
                region(x, k + 1, e, ag) == 2 && ag->kind == AT_AGENT_PERSON)
                return 1;
        }
        memset(ag, 0, sizeof *ag);
        return 0;
    }
    /* Council member Nadia Farrell, in a statement, ...: role words, then
     * the person named in full, then a comma or a lowercase word */
    if (a < b && cap(x, a) && role_then_name(x, a, b) && !pronoun(x, a, NULL)) {
        size_t e = at__phrase_forward(x, a, b, 0, ag);
        if (e > a && e < b && ag->kind == AT_AGENT_PERSON && (strchr(ag->name, ' ') || ag->title[0]) &&
            (at__scan_punct(x, e, ',') || (at__scan_word(x, e) && !cap(x, e))))
            return 1;
    }
    memset(ag, 0, sizeof *ag);
    return 0;
}

/* Oduya was one second short: a single capitalized word opening [a, b)
 * before a lowercase word, read as a surname. The caller keeps it only
 * when it names someone already known. */
int at__phrase_surname(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    memset(ag, 0, sizeof *ag);
    if (a + 1 >= b || !cap(x, a) || acronym(x, a) || at__scan_is(x, a, AT_CUE_STOP) || pronoun(x, a, NULL) ||
        at__scan_is(x, a, AT_CUE_TITLE) || at__scan_possessive(x, a) || !at__scan_word(x, a + 1) || cap(x, a + 1))
        return 0;
    set_name(x, ag, a, a + 1);
    ag->kind = AT_AGENT_PERSON;
    return 1;
}

/* Lori Pell is a neighbor. / Lori Pell, a neighbor, ...: a sentence whose
 * subject is a person named in full, followed by a copula or by an
 * apposition that opens with a determiner. */
int at__phrase_intro(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t e;
    memset(ag, 0, sizeof *ag);
    if (a >= b || !cap(x, a) || at__scan_is(x, a, AT_CUE_STOP) || pronoun(x, a, NULL))
        return 0;
    e = region_end(x, a, b);
    if (e >= b || at__scan_possessive(x, e - 1))
        return 0;
    if (!at__scan_is(x, e, AT_CUE_COPULA) &&
        !(at__scan_punct(x, e, ',') && e + 1 < b && at__scan_is(x, e + 1, AT_CUE_DET) && !cap(x, e + 1)))
        return 0;
    return region(x, a, e, ag) == 2 && ag->kind == AT_AGENT_PERSON;
}

/* One of those farmers is Arkansan Dana Quill, who ...: a copula followed
 * by a person named in full (a first name and a surname, or a title). */
int at__phrase_copula(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k;
    for (k = a; k + 1 < b; k++) {
        size_t e;
        if (!at__scan_is(x, k, AT_CUE_COPULA) || !cap(x, k + 1) || at__scan_is(x, k + 1, AT_CUE_STOP) ||
            pronoun(x, k + 1, NULL))
            continue;
        e = region_end(x, k + 1, b);
        if (e < b && (at__scan_possessive(x, e - 1) || at__scan_wordis(x, e, "of")))
            continue;
        if (region(x, k + 1, e, ag) == 2 && ag->kind == AT_AGENT_PERSON)
            return 1;
    }
    return 0;
}

/* Official Statement from Sheriff Dale Meeks: a title and at most two name
 * words, ending the text or followed by punctuation or a lowercase word, so
 * that a title-case headline's next words are not taken into the name. */
int at__phrase_titled(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k;
    for (k = a; k + 1 < b; k++) {
        size_t e;
        if (!at__scan_is(x, k, AT_CUE_TITLE) || !cap(x, k) || (k > a && cap(x, k - 1)))
            continue;
        e = region_end(x, k, b);
        if (e <= k + 1 || e > k + 3 || (e < b && at__scan_word(x, e) && cap(x, e)))
            continue;
        if (region(x, k, e, ag) == 2 && ag->kind == AT_AGENT_PERSON && ag->title[0])
            return 1;
    }
    return 0;
}

/* with U.S. Ag Secretary Dale Quill during the expo: the last person in
 * [a, b) named in full (two or three words) after a title, wherever the
 * sentence has them, even after other capitals (U.S. Ag). */
int at__phrase_passing(const at_scan *x, size_t a, size_t b, at_agent *ag)
{
    size_t k;
    for (k = b; k-- > a;) {
        size_t e;
        if (!cap(x, k) || !at__scan_is(x, k, AT_CUE_TITLE))
            continue;
        e = region_end(x, k, b);
        if (e < k + 3 || e > k + 4 || (e < b && at__scan_word(x, e) && cap(x, e)))
            continue;
        if (region(x, k, e, ag) == 2 && ag->kind == AT_AGENT_PERSON && ag->title[0] && strchr(ag->name, ' '))
            return 1;
    }
    return 0;
}
