/* The cue table: voices/LL/cues.tsv, `KIND <tab> WORD [<tab> VALUE]`.
 *
 * Entries are kept sorted by (kind, lowercased word) and found by binary
 * search, so a lookup costs a few comparisons per token. Lowercasing
 * covers Latin-1 and Cyrillic capitals as well as ASCII (Él, Она), which
 * keeps each letter's UTF-8 length. */
#include <stdlib.h>
#include <string.h>

#include "segment_impl.h"

typedef struct cue {
    unsigned char kind;
    unsigned char val;
    char *word; /* lowercased (fold) */
    char *next; /* prep: the word that follows */
} cue;

struct at_cues {
    cue *v;
    size_t n, cap;
    /* per kind, a quick no before the binary search: the shortest and
     * longest word and the first letters (lowercased) that occur */
    size_t minlen[AT_CUE__COUNT], maxlen[AT_CUE__COUNT];
    unsigned char first[AT_CUE__COUNT][32];
    size_t from[AT_CUE__COUNT], to[AT_CUE__COUNT]; /* the kind's entries: v[from, to) */
    unsigned marks; /* AT_MARKS_*: the language's quotation styles beyond the common ones */
    int wide_names; /* first names match Latin-1 and Cyrillic capitals too (not English's) */
};

static const char *const kind_names[AT_CUE__COUNT] = {
    "verb", "prep", "pronoun", "title", "particle", "stop", "adverb",
    "det", "minor", "org", "copula", "document", "docverb", "surname", "name", "object",
};

/* The lowercase of a Latin-1 or Cyrillic capital (À..Þ, Ѐ..Я), or c:
 * the same UTF-8 length either way. */
static int32_t fold_cp(int32_t c)
{
    if (c < 0x80)
        return at__to_lower((int)c);
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

/* The byte at s[*i] lowercased, advancing *i: one byte of a folded
 * code point at a time (`pend` holds the rest of a multi-byte one). With
 * `wide` 0 only ASCII is lowercased: the first names keep the matching
 * they have always had (Øyvind is not øyvind). */
static int fold_byte(const char *s, size_t n, size_t *i, unsigned char *pend, size_t *npend, int wide)
{
    size_t j = *i;
    int32_t c;
    if (*npend) {
        unsigned char b = pend[0];
        --*npend;
        return b;
    }
    if ((unsigned char)s[j] < 0x80 || !wide) {
        ++*i;
        return at__to_lower((unsigned char)s[j]);
    }
    c = at__utf8_next(s, n, &j);
    if (c < 0 || fold_cp(c) == c) {
        ++*i;
        return (unsigned char)s[*i - 1];
    }
    c = fold_cp(c);
    *i = j;
    /* two bytes: the cases fold_cp changes are below U+0800 */
    pend[0] = (unsigned char)(0x80 | (c & 0x3F));
    *npend = 1;
    return 0xC0 | (c >> 6);
}

void at__cues_free(at_cues *c)
{
    size_t k;
    if (!c)
        return;
    for (k = 0; k < c->n; k++) {
        free(c->v[k].word);
        free(c->v[k].next);
    }
    free(c->v);
    free(c);
}

static char *lower_dup(const char *s, size_t n, int wide)
{
    char *d = at__xmalloc(n + 1);
    unsigned char pend[1];
    size_t i = 0, k = 0, np = 0;
    while (i < n || np)
        d[k++] = (char)fold_byte(s, n, &i, pend, &np, wide);
    d[k] = '\0';
    return d;
}

/* Compares (kind, word) keys; `w` need not be NUL-terminated. */
static int key_cmp(unsigned kind, const char *w, size_t n, const cue *e, int wide)
{
    unsigned char pend[1];
    size_t i = 0, k = 0, np = 0;
    if (kind != e->kind)
        return kind < e->kind ? -1 : 1;
    while ((i < n || np) && e->word[k]) {
        int a = fold_byte(w, n, &i, pend, &np, wide), b = (unsigned char)e->word[k++];
        if (a != b)
            return a < b ? -1 : 1;
    }
    if (i < n || np)
        return 1;
    return e->word[k] ? -1 : 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const cue *a = pa, *b = pb;
    /* the words are folded already: folding again keeps them as they are */
    return key_cmp(a->kind, a->word, strlen(a->word), b, a->kind != AT_CUE_NAME);
}

static const cue *lookup(const at_cues *c, at_cue_kind kind, const char *w, size_t n)
{
    size_t lo = c ? c->from[kind] : 0, hi = c ? c->to[kind] : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = key_cmp((unsigned)kind, w, n, &c->v[mid], kind != AT_CUE_NAME || c->wide_names);
        if (r == 0)
            return &c->v[mid];
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int at__cues_find(const at_cues *c, at_cue_kind kind, const char *w, size_t n, int *val)
{
    const cue *e;
    unsigned f;
    if (!c || n < c->minlen[kind] || n > c->maxlen[kind])
        return 0;
    {
        unsigned char pend[1];
        size_t i = 0, np = 0;
        f = (unsigned)fold_byte(w, n, &i, pend, &np, kind != AT_CUE_NAME || c->wide_names);
    }
    if (!(c->first[kind][f >> 3] & (1u << (f & 7))))
        return 0;
    e = lookup(c, kind, w, n);
    if (e && val)
        *val = e->val;
    return e != NULL;
}

size_t at__cues_count(const at_cues *c, at_cue_kind kind)
{
    return c ? c->to[kind] - c->from[kind] : 0;
}

const char *at__cues_prep_next(const at_cues *c, const char *w, size_t n)
{
    const cue *e;
    if (!c || !at__cues_find(c, AT_CUE_PREP, w, n, NULL))
        return NULL;
    e = lookup(c, AT_CUE_PREP, w, n);
    return e ? e->next : NULL;
}

static int parse_value(const char *v, unsigned char *out)
{
    if (v == NULL || strcmp(v, "-") == 0)
        *out = AT_CUEV_NONE;
    else if (strcmp(v, "female") == 0 || strcmp(v, "f") == 0)
        *out = AT_CUEV_FEMALE;
    else if (strcmp(v, "male") == 0 || strcmp(v, "m") == 0)
        *out = AT_CUEV_MALE;
    else if (strcmp(v, "u") == 0) /* a name of either gender: known, and no evidence */
        *out = AT_CUEV_NONE;
    else if (strcmp(v, "group") == 0)
        *out = AT_CUEV_GROUP;
    else
        return 0;
    return 1;
}

/* Parses one non-comment line into `c`; returns NULL or an error message. */
static const char *parse_line(at_cues *c, char *line)
{
    char *f[3] = {NULL, NULL, NULL};
    size_t nf = 0, k;
    cue *e;
    char *p = line;
    while (nf < 3) {
        f[nf++] = p;
        if ((p = strchr(p, '\t')) == NULL)
            break;
        *p++ = '\0';
    }
    if (p != NULL && nf == 3 && strchr(p, '\t'))
        return "too many fields (expected KIND, WORD and an optional VALUE)";
    if (nf < 2 || f[1][0] == '\0')
        return "expected KIND <tab> WORD [<tab> VALUE]";
    if (strcmp(f[0], "mark") == 0) {
        if (nf > 2)
            return "a mark entry takes no value";
        if (strcmp(f[1], "dash") == 0)
            c->marks |= AT_MARKS_DASH;
        else if (strcmp(f[1], "\xC2\xBB\xC2\xAB") == 0)
            c->marks |= AT_MARKS_RAQUO_OPENS;
        else
            return "unknown quotation style (dash, \xC2\xBB\xC2\xAB)";
        return NULL;
    }
    for (k = 0; k < AT_CUE__COUNT; k++)
        if (strcmp(f[0], kind_names[k]) == 0)
            break;
    if (k == AT_CUE__COUNT)
        return "unknown kind (verb, prep, pronoun, title, particle, stop, adverb, det, minor, org, copula, "
               "document, docverb, surname, name, object, mark)";
    e = AT_PUSH(c->v, c->n, c->cap);
    memset(e, 0, sizeof *e);
    e->kind = (unsigned char)k;
    e->word = lower_dup(f[1], strlen(f[1]), k != AT_CUE_NAME);
    if (k == AT_CUE_PREP) {
        if (!f[2] || !*f[2])
            return "a prep entry needs the word that follows (according <tab> to), or - for none (selon)";
        e->next = strcmp(f[2], "-") == 0 ? at__xstrdup("") : lower_dup(f[2], strlen(f[2]), 1);
    } else if (k == AT_CUE_VERB && f[2] != NULL) {
        /* сказала: a verb form that agrees with its speaker's gender */
        if (!parse_value(f[2], &e->val) || e->val == AT_CUEV_GROUP)
            return "a verb's value must be male, female or -";
    } else if ((k == AT_CUE_PRONOUN || k == AT_CUE_TITLE || k == AT_CUE_NAME) ? !parse_value(f[2], &e->val)
                                                                               : f[2] != NULL) {
        return k == AT_CUE_PRONOUN || k == AT_CUE_TITLE || k == AT_CUE_NAME ? "value must be male, female, group or -"
                                                                            : "this kind takes no value";
    }
    return NULL;
}

/* One line of the names table, `NAME <tab> f|m|u`, as a `name` entry. */
static const char *parse_name_line(at_cues *c, char *line)
{
    char *tab = strchr(line, '\t');
    cue *e;
    unsigned char val;
    if (!tab || tab == line || strchr(tab + 1, '\t'))
        return "expected NAME <tab> f, m or u";
    *tab = '\0';
    if (!parse_value(tab + 1, &val) || val == AT_CUEV_GROUP)
        return "the gender must be f, m or u";
    e = AT_PUSH(c->v, c->n, c->cap);
    memset(e, 0, sizeof *e);
    e->kind = AT_CUE_NAME;
    e->val = val;
    e->word = lower_dup(line, strlen(line), c->wide_names);
    return NULL;
}

/* Reads lines of `text` into `c` with `parse` (one non-comment line at a
 * time); a bad line is an error naming path:line. */
static at_status parse_lines(at_cues *c, const char *path, const char *text, size_t len,
                             const char *(*parse)(at_cues *, char *), at_error *e)
{
    size_t i = 0, lineno = 0;
    while (i < len) {
        size_t a = i, n;
        char *line;
        const char *msg;
        lineno++;
        while (i < len && text[i] != '\n')
            i++;
        n = i - a;
        if (i < len)
            i++;
        if (n && text[a + n - 1] == '\r')
            n--;
        if (n == 0 || text[a] == '#')
            continue;
        line = at__xstrndup(text + a, n);
        msg = parse(c, line);
        free(line);
        if (msg)
            return at__err(e, AT_ECONFIG, "%s:%zu: %s", path, lineno, msg);
    }
    return AT_OK;
}

/* Sorts the entries and sets each kind's range and quick-no tables. */
static void finish(at_cues *c)
{
    size_t i;
    if (c->n > 1) /* qsort with a null base is undefined, even for 0 */
        qsort(c->v, c->n, sizeof *c->v, entry_cmp);
    for (i = 0; i < AT_CUE__COUNT; i++)
        c->minlen[i] = (size_t)-1;
    /* the entries are sorted by kind first: each kind's range */
    for (i = c->n; i-- > 0;)
        c->from[c->v[i].kind] = i;
    for (i = 0; i < c->n; i++)
        c->to[c->v[i].kind] = i + 1;
    for (i = 0; i < c->n; i++) {
        const cue *q = &c->v[i];
        size_t n = strlen(q->word);
        unsigned f = (unsigned char)q->word[0];
        if (n < c->minlen[q->kind])
            c->minlen[q->kind] = n;
        if (n > c->maxlen[q->kind])
            c->maxlen[q->kind] = n;
        c->first[q->kind][f >> 3] |= (unsigned char)(1u << (f & 7));
    }
}

at_status at__cues_parse(const char *path, const char *text, size_t len, at_cues **out, at_error *e)
{
    at_cues *c = at__xcalloc(1, sizeof *c);
    at_status st = parse_lines(c, path, text, len, parse_line, e);
    if (st != AT_OK) {
        at__cues_free(c);
        return st;
    }
    finish(c);
    *out = c;
    return AT_OK;
}

at_status at__cues_add_names(at_cues *c, const char *path, const char *text, size_t len, at_error *e)
{
    at_status st = parse_lines(c, path, text, len, parse_name_line, e);
    /* on an error the names read so far stay: the table is whole again
     * once sorted, and the caller stops anyway */
    memset(c->minlen, 0, sizeof c->minlen);
    memset(c->maxlen, 0, sizeof c->maxlen);
    memset(c->first, 0, sizeof c->first);
    memset(c->from, 0, sizeof c->from);
    memset(c->to, 0, sizeof c->to);
    finish(c);
    return st;
}

int at__fold_eq(const char *a, const char *b)
{
    unsigned char pa[1], pb[1];
    size_t i = 0, j = 0, na = 0, nb = 0, la = strlen(a), lb = strlen(b);
    while ((i < la || na) && (j < lb || nb))
        if (fold_byte(a, la, &i, pa, &na, 1) != fold_byte(b, lb, &j, pb, &nb, 1))
            return 0;
    return !(i < la || na) && !(j < lb || nb);
}

void at__cues_wide_names(at_cues *c)
{
    c->wide_names = 1;
}

unsigned at__cues_marks(const at_cues *c)
{
    return c ? c->marks : 0;
}

size_t at__cues_names(const at_cues *c)
{
    return at__cues_count(c, AT_CUE_NAME);
}

at_status at__cues_load_names(at_cues *c, const char *path, at_error *e)
{
    char *text;
    size_t len;
    at_status st = at__read_file(path, (size_t)8 << 20, &text, &len, e);
    if (st != AT_OK)
        return at__err(e, AT_ECONFIG, "%s: cannot read the first-name table", path);
    st = at__cues_add_names(c, path, text, len, e);
    free(text);
    return st;
}

at_status at__cues_load(const char *path, at_cues **out, at_error *e)
{
    char *text;
    size_t len;
    at_status st = at__read_file(path, 1 << 20, &text, &len, e);
    if (st != AT_OK)
        return at__err(e, AT_ECONFIG, "%s: cannot read the attribution cues file", path);
    st = at__cues_parse(path, text, len, out, e);
    free(text);
    return st;
}
