/* Acronyms: definitions learned from the article, the lexicon, and the
 * policy (expand on first mention then spell, or always spell, expand, or
 * read as a word). Unknown all-caps words are guessed: a pronounceable
 * one (ASTANA, BREAKING) is a word, the rest are spelled; both are marked
 * unsure for the report. */
#include <stdlib.h>
#include <string.h>

#include "classify.h"

typedef struct acro_def {
    char *key, *exp; /* exp NULL: only a mention */
    size_t klen;
    int mentioned;
} acro_def;

struct at_acro_state {
    acro_def *v;
    size_t n, cap;
    size_t *slot; /* index + 1 into v; 0 = empty */
    size_t nslot;
};

static size_t hash(const char *s, size_t n)
{
    size_t h = 2166136261u, i;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void rehash(at_acro_state *a)
{
    size_t k, nslot = a->nslot ? a->nslot * 2 : 64;
    free(a->slot);
    a->slot = at__xcalloc(nslot, sizeof *a->slot);
    a->nslot = nslot;
    for (k = 0; k < a->n; k++) {
        size_t h = hash(a->v[k].key, a->v[k].klen) & (nslot - 1);
        while (a->slot[h])
            h = (h + 1) & (nslot - 1);
        a->slot[h] = k + 1;
    }
}

at_acro_state *at__acro_new(void)
{
    return at__xcalloc(1, sizeof(at_acro_state));
}

void at__acro_reset(at_acro_state *a)
{
    size_t k;
    for (k = 0; k < a->n; k++) {
        free(a->v[k].key);
        free(a->v[k].exp);
    }
    a->n = 0;
    if (a->slot)
        memset(a->slot, 0, a->nslot * sizeof *a->slot);
}

void at__acro_free(at_acro_state *a)
{
    if (!a)
        return;
    at__acro_reset(a);
    free(a->v);
    free(a->slot);
    free(a);
}

static acro_def *find(at_acro_state *a, const char *s, size_t n)
{
    size_t h;
    if (!a->nslot)
        return NULL;
    for (h = hash(s, n) & (a->nslot - 1); a->slot[h]; h = (h + 1) & (a->nslot - 1)) {
        acro_def *d = &a->v[a->slot[h] - 1];
        if (d->klen == n && memcmp(d->key, s, n) == 0)
            return d;
    }
    return NULL;
}

static acro_def *add(at_acro_state *a, const char *s, size_t n)
{
    acro_def *d = find(a, s, n);
    size_t h;
    if (d)
        return d;
    if ((a->n + 1) * 2 > a->nslot)
        rehash(a);
    d = AT_PUSH(a->v, a->n, a->cap);
    d->key = at__xstrndup(s, n);
    d->klen = n;
    d->exp = NULL;
    d->mentioned = 0;
    for (h = hash(s, n) & (a->nslot - 1); a->slot[h]; h = (h + 1) & (a->nslot - 1))
        ;
    a->slot[h] = a->n;
    return d;
}

/* Lowercase words skipped when matching initials: "Committee of the". */
static int minor_word(const char *s, size_t n)
{
    static const char *const minor[] = {"of", "the", "and", "for", "on", "in", "de", "du", "la", "to", "at", "&"};
    size_t k;
    for (k = 0; k < sizeof minor / sizeof *minor; k++)
        if (strlen(minor[k]) == n && memcmp(minor[k], s, n) == 0)
            return 1;
    return 0;
}

static int is_word_byte(unsigned char b)
{
    return at__is_alpha(b) || b >= 0x80 || b == '-' || b == '\'';
}

/* The start of the definition whose initials spell key, in the words
 * that end at byte `end`; (size_t)-1 when they do not. */
static size_t match_initials(const char *s, size_t end, const char *key, size_t n)
{
    size_t i = end, words = 0;
    long j = (long)n - 1;
    while (j >= 0 && words < 16) {
        size_t we, ws;
        while (i > 0 && s[i - 1] == ' ')
            i--;
        we = i;
        while (i > 0 && is_word_byte((unsigned char)s[i - 1]))
            i--;
        ws = i;
        if (ws == we)
            return (size_t)-1;
        words++;
        if (minor_word(s + ws, we - ws))
            continue;
        if (at__to_lower((unsigned char)s[ws]) != at__to_lower((unsigned char)key[j]))
            return (size_t)-1;
        j--;
        if (j < 0)
            return ws;
    }
    return (size_t)-1;
}

/* International Committee of the Red Cross (ICRC) */
void at__acro_learn(at_acro_state *a, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i + 3 < len; i++) {
        size_t k = i + 1, start, end;
        acro_def *d;
        if (s[i] != '(')
            continue;
        while (k < len && at__is_upper((unsigned char)s[k]))
            k++;
        if (k - i - 1 < 2 || k >= len || s[k] != ')')
            continue;
        end = i;
        while (end > 0 && s[end - 1] == ' ')
            end--;
        start = match_initials(s, end, s + i + 1, k - i - 1);
        if (start == (size_t)-1)
            continue;
        d = add(a, s + i + 1, k - i - 1);
        if (!d->exp)
            d->exp = at__xstrndup(s + start, end - start);
    }
}

/* Pronounceable: four letters or more with two vowels and no three
 * consonants in a row (NATO, ASTANA), or a long word with a vowel in every
 * four letters (WASHINGTON); not ICRC, HTML, UNHCR. */
/* Whether two consonants may open an English word (BR, ST, TH ...):
 * DJIA, NFLX and MSNBC open with a pair no word does, so they are letters. */
static int onset_ok(const char *s)
{
    static const char pairs[] = "BL BR CH CL CR DR DW FL FR GL GN GR KL KN KR PH PL PR PS QU SC SH SK SL SM SN SP "
                                "SQ ST SW TH TR TW WH WR";
    char p[3];
    if (strchr("AEIOU", s[0]) || strchr("AEIOUY", s[1]))
        return 1;
    p[0] = s[0];
    p[1] = s[1];
    p[2] = '\0';
    return strstr(pairs, p) != NULL;
}

/* Four letters with one vowel, read as a word when they make an English
 * syllable: a consonant, the vowel, then a final pair words end with
 * (FULL, BEST, BACK), or an opening pair words start with, the vowel and
 * one consonant (STOP, SPAC). NFLX or HSBC have no vowel at all. */
static int syllable4(const char *s)
{
    static const char codas[] = "LL CK ST SH CH NT ND NK RT RD RN RM LT LD LK LF MP SS FF TH NG SK SP FT PT CT XT "
                                "RK RL RS LP LM NS MS";
    char p[3];
    int v[4], k, nv = 0;
    for (k = 0; k < 4; k++)
        nv += v[k] = strchr("AEIOU", s[k]) != NULL;
    if (nv != 1)
        return 0;
    if (v[1]) {
        p[0] = s[2];
        p[1] = s[3];
        p[2] = '\0';
        return !v[0] && strstr(codas, p) != NULL;
    }
    return v[2] && !v[0] && onset_ok(s) && s[3] != 'H';
}

static int pronounceable(const char *s, size_t n)
{
    size_t k, vowels = 0, run = 0, maxrun = 0;
    if (n < 4 || !onset_ok(s))
        return 0;
    if (n == 4 && syllable4(s))
        return 1;
    for (k = 0; k < n; k++) {
        int v = strchr("AEIOUY", s[k]) != NULL;
        vowels += (size_t)v;
        run = v ? 0 : run + 1;
        if (run > maxrun)
            maxrun = run;
    }
    /* MONTHLY, LENGTHS: a long word may hold four consonants in a row
     * (a coda then an onset); six letters or more spelled are rare */
    if (n >= 6 && vowels * 4 >= n && maxrun <= 4)
        return 1;
    return vowels >= 2 && maxrun < 3;
}

/* Is the word that starts or ends near byte i in all capitals (three
 * letters or more)? dir -1 looks back, +1 ahead. */
static int caps_neighbour(const at_scan *c, size_t i, int dir)
{
    size_t j = i, a, b;
    if (dir < 0) {
        while (j > 0 && c->s[j - 1] == ' ')
            j--;
        b = j;
        while (j > 0 && at__sc_alpha(c, j - 1))
            j--;
        a = j;
    } else {
        j = at__sc_space(c, i);
        a = j;
        b = at__sc_letters(c, j);
    }
    if (b - a < 3)
        return 0;
    for (j = a; j < b; j++)
        if (!at__sc_upper(c, j))
            return 0;
    /* AFL CEO: a neighbour the lexicon spells is an acronym, not a
     * headline's word */
    {
        const at_lex_entry *en = at__lexicon_find(c->lex, AT_LEX_ACRONYM, c->s + a, b - a, 0);
        if (en && (en->flags & AT_LEXF_SPELL))
            return 0;
    }
    return 1;
}

/* Does "Expansion (" end just before byte i? */
static int after_definition(const at_scan *c, size_t i, const char *exp)
{
    size_t n = exp ? strlen(exp) : 0, j = i;
    while (j > 0 && c->s[j - 1] == ' ')
        j--;
    if (!n || j == 0 || c->s[j - 1] != '(')
        return 0;
    j--;
    while (j > 0 && c->s[j - 1] == ' ')
        j--;
    return j >= n && at__strncasecmp(c->s + j - n, exp, n) == 0;
}

/* ICRC -> "I.C.R.C.": dotted capitals, which eSpeak NG reads as letter
 * names (a spaced "D N A" would read its A as the article "a"). */
void at__say_spelled(at_buf *b, const char *s, size_t n)
{
    size_t k;
    at__say_space(b);
    for (k = 0; k < n; k++) {
        if (!at__is_alpha((unsigned char)s[k]))
            continue;
        at__buf_putc(b, (char)(at__is_lower((unsigned char)s[k]) ? s[k] - 32 : s[k]));
        at__buf_putc(b, '.');
    }
}

static void say_as_word(at_buf *b, const char *s, size_t n)
{
    size_t k;
    at__say_space(b);
    for (k = 0; k < n; k++)
        at__buf_putc(b, (char)(k ? at__to_lower((unsigned char)s[k]) : s[k]));
}

/* ICRC / ICRC’s / NGOs / NATO */
int at__rule_acronym(at_scan *c)
{
    size_t i = c->pos, j = i, k, n;
    const at_lex_entry *en;
    acro_def *d;
    const char *exp = NULL;
    int spell, plural = 0;
    at_acronym_policy pol = c->opt->acronyms;
    if (i > 0 && at__sc_alnum(c, i - 1))
        return 0;
    /* I/B/E/S, A/B/C: single capitals joined by slashes are one set of
     * letters, read without the slashes */
    if (at__sc_upper(c, i) && i + 2 < c->len && c->s[i + 1] == '/' && at__sc_upper(c, i + 2) &&
        !at__sc_alnum(c, i + 3)) {
        size_t e = i + 1;
        while (e + 1 < c->len && c->s[e] == '/' && at__sc_upper(c, e + 1) && !at__sc_alnum(c, e + 2))
            e += 2;
        if (e - i >= 5 && e - i < 64 && at__sc_boundary(c, e)) {
            char letters[32];
            for (k = i, n = 0; k < e; k += 2)
                letters[n++] = c->s[k];
            at__say_spelled(&c->say, letters, n);
            c->end = e;
            c->cls = AT_TOK_ACRONYM;
            return 1;
        }
    }
    while (at__sc_upper(c, j))
        j++;
    n = j - i;
    if (n < 2)
        return 0;
    k = j;
    if (k < c->len && c->s[k] == 's' && at__sc_boundary(c, k + 1)) {
        plural = 1;
        k++;
    }
    if (!at__sc_boundary(c, k))
        return 0;
    d = find(c->acro, c->s + i, n);
    en = at__lexicon_find(c->lex, AT_LEX_ACRONYM, c->s + i, n, 0);
    if (d && d->exp)
        exp = d->exp;
    /* NATO, the UN: an acronym every listener knows is said as people say
     * it; its expansion is read only when asked for (--acronyms expand) */
    else if (en && en->f[1][0] && (!(en->flags & AT_LEXF_HOUSEHOLD) || pol == AT_ACRONYMS_EXPAND))
        exp = en->f[1];
    if (en)
        spell = (en->flags & AT_LEXF_SPELL) != 0;
    else if (exp)
        /* an article's own acronym is said as an unknown one would be:
         * JADES a word, WFP letters */
        spell = !pronounceable(c->s + i, n);
    else {
        /* BREAKING NEWS: in a run of capitals, words are words; but PGA
         * TOUR opens with a pair no English word opens with: letters */
        spell = !pronounceable(c->s + i, n) &&
                ((!caps_neighbour(c, i, -1) && !caps_neighbour(c, k, 1)) || (n <= 4 && !onset_ok(c->s + i)));
        if (!at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, n, 0))
            c->flags |= AT_TF_UNSURE;
    }
    if (!d)
        d = add(c->acro, c->s + i, n);
    if (after_definition(c, i, exp) || pol == AT_ACRONYMS_SPELL || pol == AT_ACRONYMS_WORD)
        exp = NULL;
    else if (pol == AT_ACRONYMS_DEFAULT && d->mentioned)
        exp = NULL;
    d->mentioned = 1;
    if (exp)
        at__say(&c->say, exp);
    else if (pol == AT_ACRONYMS_WORD || (!spell && pol != AT_ACRONYMS_SPELL))
        say_as_word(&c->say, c->s + i, n);
    else
        at__say_spelled(&c->say, c->s + i, n);
    /* NGOs: "N.G.O.'s", since eSpeak NG spells a bare s after the dots */
    if (plural && !exp && spell && pol != AT_ACRONYMS_WORD)
        at__buf_puts(&c->say, "'s");
    else if (plural)
        at__buf_putc(&c->say, 's');
    /* possessive: ICRC’s / ICRC's / NGOs’ */
    if (at__sc_lit(c, k, "\xE2\x80\x99", 0) || at__sc_lit(c, k, "'", 0)) {
        size_t q = k + (c->s[k] == '\'' ? 1 : 3);
        if (q < c->len && c->s[q] == 's' && at__sc_boundary(c, q + 1) && !plural) {
            /* B.P.'s: after the dots eSpeak NG says a curly ’s as "apostrophe
             * S" on a line of its own, but reads 's as the possessive */
            if (!exp && spell && pol != AT_ACRONYMS_WORD)
                at__buf_puts(&c->say, "'s");
            else
                at__buf_put(&c->say, c->s + k, q + 1 - k);
            k = q + 1;
        } else if (plural && at__sc_boundary(c, q)) {
            at__buf_put(&c->say, c->s + k, q - k);
            k = q;
        }
    }
    c->end = k;
    c->cls = AT_TOK_ACRONYM;
    return 1;
}
