/* The lexicon: a tab-separated file of entries, loaded once per context
 * and looked up by kind and key through one open-addressing hash table.
 * The hash ignores ASCII case, so an exact and a case-folded match share
 * a probe chain. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "util.h"

struct at_lexicon {
    at_lex_entry *v;
    size_t n, cap;
    size_t *slot; /* index + 1 into v; 0 = empty */
    size_t nslot;
    size_t *bykind[AT_LEX__COUNT]; /* indexes into v, per kind */
    size_t nkind[AT_LEX__COUNT], capkind[AT_LEX__COUNT];
    /* a quick "maybe": which (first letter folded, length) pairs exist */
    uint64_t seen[AT_LEX__COUNT][256];
    size_t maxkey; /* the longest key, in bytes */
};

static unsigned len_bit(size_t n)
{
    return n < 63 ? (unsigned)n : 63u;
}

static const char *const kind_names[AT_LEX__COUNT] = {"acronym", "abbrev", "currency", "unit",
                                                      "magnitude", "word", "roman", "zone", "domain",
                                                      "regnal", "street", "state"};
/* Least and most value fields after the key, per kind. */
static const int min_fields[AT_LEX__COUNT] = {1, 1, 2, 2, 1, 1, 0, 1, 1, 0, 0, 1};
static const int max_fields[AT_LEX__COUNT] = {3, 2, 5, 3, 1, 1, 0, 1, 1, 0, 0, 1};

static size_t hash(unsigned kind, const char *s, size_t n)
{
    size_t h = 1469598103934665603u ^ kind, i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)at__to_lower((unsigned char)s[i]);
        h *= 1099511628211u;
    }
    return h;
}

at_lexicon *at__lexicon_new(void)
{
    return at__xcalloc(1, sizeof(at_lexicon));
}

void at__lexicon_free(at_lexicon *lex)
{
    size_t k;
    if (!lex)
        return;
    for (k = 0; k < lex->n; k++)
        free(lex->v[k].key);
    for (k = 0; k < AT_LEX__COUNT; k++)
        free(lex->bykind[k]);
    free(lex->v);
    free(lex->slot);
    free(lex);
}

size_t at__lexicon_count(const at_lexicon *lex, at_lex_kind kind)
{
    return lex ? lex->nkind[kind] : 0;
}

const at_lex_entry *at__lexicon_nth(const at_lexicon *lex, at_lex_kind kind, size_t i)
{
    return &lex->v[lex->bykind[kind][i]];
}

static void rehash(at_lexicon *lex)
{
    size_t k, nslot = lex->nslot ? lex->nslot * 2 : 256;
    free(lex->slot);
    lex->slot = at__xcalloc(nslot, sizeof *lex->slot);
    lex->nslot = nslot;
    for (k = 0; k < lex->n; k++) {
        size_t h = hash(lex->v[k].kind, lex->v[k].key, strlen(lex->v[k].key)) & (nslot - 1);
        while (lex->slot[h])
            h = (h + 1) & (nslot - 1);
        lex->slot[h] = k + 1;
    }
}

const at_lex_entry *at__lexicon_find(const at_lexicon *lex, at_lex_kind kind, const char *s, size_t n, int fold)
{
    size_t h, mask;
    const at_lex_entry *folded = NULL;
    if (!lex || !lex->nslot || n == 0)
        return NULL;
    if (!(lex->seen[kind][at__to_lower((unsigned char)s[0])] & ((uint64_t)1 << len_bit(n))))
        return NULL;
    mask = lex->nslot - 1;
    for (h = hash(kind, s, n) & mask; lex->slot[h]; h = (h + 1) & mask) {
        const at_lex_entry *en = &lex->v[lex->slot[h] - 1];
        if (en->kind != kind || en->klen != n)
            continue;
        if (memcmp(en->key, s, n) == 0)
            return en;
        if (fold && !folded && at__strncasecmp(en->key, s, n) == 0)
            folded = en;
    }
    return folded;
}

size_t at__lexicon_max_key(const at_lexicon *lex)
{
    return lex ? lex->maxkey : 0;
}

/* Adds or replaces the entry with the same kind and key. */
static void insert(at_lexicon *lex, const at_lex_entry *en)
{
    size_t h, mask, klen = strlen(en->key);
    if ((lex->n + 1) * 2 > lex->nslot)
        rehash(lex);
    mask = lex->nslot - 1;
    for (h = hash(en->kind, en->key, klen) & mask; lex->slot[h]; h = (h + 1) & mask) {
        at_lex_entry *old = &lex->v[lex->slot[h] - 1];
        if (old->kind == en->kind && strcmp(old->key, en->key) == 0) {
            free(old->key);
            *old = *en;
            return;
        }
    }
    lex->seen[en->kind][at__to_lower((unsigned char)en->key[0])] |= (uint64_t)1 << len_bit(klen);
    if (klen > lex->maxkey)
        lex->maxkey = klen;
    *AT_PUSH(lex->v, lex->n, lex->cap) = *en;
    lex->slot[h] = lex->n;
    *AT_PUSH(lex->bykind[en->kind], lex->nkind[en->kind], lex->capkind[en->kind]) = lex->n - 1;
}

void at__lexicon_insert(at_lexicon *lex, const at_lex_entry *en)
{
    insert(lex, en);
}

/* abbrev flags: "title,end,alt=Street" */
static int parse_abbrev_flags(char *s, at_lex_entry *en)
{
    char *p = s;
    while (*p) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (strcmp(p, "title") == 0)
            en->flags |= AT_LEXF_TITLE;
        else if (strcmp(p, "number") == 0)
            en->flags |= AT_LEXF_NUMBER;
        else if (strcmp(p, "end") == 0)
            en->flags |= AT_LEXF_END;
        else if (strncmp(p, "alt=", 4) == 0 && p[4])
            en->alt = p + 4;
        else
            return -1;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

/* Splits one line (already a private copy) into an entry. Returns NULL on
 * success, or what is wrong with the line. */
static const char *parse_line(char *line, at_lex_entry *en)
{
    char *field[8];
    int nf = 0, kind, k;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (nf == 8)
            return "too many fields";
        field[nf++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    for (kind = 0; kind < AT_LEX__COUNT; kind++)
        if (strcmp(field[0], kind_names[kind]) == 0)
            break;
    if (kind == AT_LEX__COUNT)
        return "unknown kind (expected acronym, abbrev, currency, unit, magnitude, word, roman, zone, domain, regnal, street or state)";
    if (nf < 2 || !field[1][0])
        return "missing key";
    if (nf - 2 < min_fields[kind])
        return "too few fields for this kind";
    if (nf - 2 > max_fields[kind])
        return "too many fields for this kind";
    memset(en, 0, sizeof *en);
    en->kind = (unsigned char)kind;
    en->key = line;
    /* the key must start the copy, so the entry can free it */
    en->klen = strlen(field[1]);
    memmove(line, field[1], en->klen + 1);
    for (k = 0; k < 4; k++)
        en->f[k] = k + 2 < nf ? field[k + 2] : "";
    for (k = 0; k < nf - 2; k++)
        if (!field[k + 2][0])
            return "empty field";
    if (kind == AT_LEX_ACRONYM) {
        if (strcmp(en->f[0], "spell") == 0)
            en->flags |= AT_LEXF_SPELL;
        else if (strcmp(en->f[0], "word") != 0)
            return "acronym mode must be spell or word";
        if (nf > 4 && strcmp(en->f[2], "household") != 0)
            return "unknown acronym flag (expected household)";
        if (nf > 4)
            en->flags |= AT_LEXF_HOUSEHOLD;
    } else if (kind == AT_LEX_ABBREV && nf > 3) {
        if (parse_abbrev_flags((char *)en->f[1], en) != 0)
            return "unknown abbrev flag (expected title, number, end, alt=WORDS)";
    } else if (kind == AT_LEX_UNIT && nf > 4) {
        /* fem: a feminine noun, for languages whose numbers agree
         * (French "vingt et une tonnes") */
        if (strcmp(en->f[2], "glued") == 0)
            en->flags |= AT_LEXF_GLUED;
        else if (strcmp(en->f[2], "fem") == 0)
            en->flags |= AT_LEXF_FEM;
        else if (strcmp(en->f[2], "glued,fem") == 0)
            en->flags |= AT_LEXF_GLUED | AT_LEXF_FEM;
        else
            return "unknown unit flag (expected glued, fem or glued,fem)";
    } else if (kind == AT_LEX_CURRENCY && nf > 6) {
        if (strcmp(field[6], "fem") != 0)
            return "unknown currency flag (expected fem)";
        en->flags |= AT_LEXF_FEM;
    }
    return NULL;
}

at_status at__lexicon_parse(at_lexicon *lex, const char *path, const char *text, size_t len, at_error *e)
{
    size_t i = 0, lineno = 0;
    while (i < len) {
        size_t j = i, n;
        char *line;
        const char *why;
        at_lex_entry en;
        while (j < len && text[j] != '\n')
            j++;
        lineno++;
        n = j - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        if (n == 0 || text[i] == '#') {
            i = j + 1;
            continue;
        }
        line = at__xstrndup(text + i, n);
        if ((why = parse_line(line, &en)) != NULL) {
            free(line);
            return at__err(e, AT_ECONFIG, "%s:%zu: %s", path, lineno, why);
        }
        insert(lex, &en);
        i = j + 1;
    }
    return AT_OK;
}

/* A PLS lexicon: named .pls, or XML (its first non-blank byte is "<"). */
static int looks_pls(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path), i = 0;
    if (n > 4 && at__strcasecmp(path + n - 4, ".pls") == 0)
        return 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    return i < len && text[i] == '<';
}

at_status at__lexicon_load(at_lexicon *lex, const char *path, at_error *e)
{
    char *text;
    size_t len;
    at_status st = at__read_file(path, (size_t)64 << 20, &text, &len, e);
    if (st != AT_OK)
        return at__err(e, AT_ECONFIG, "%s: the lexicon could not be read", path);
    if (looks_pls(path, text, len))
        st = at__lexicon_parse_pls(lex, path, text, len, e);
    else
        st = at__lexicon_parse(lex, path, text, len, e);
    free(text);
    return st;
}
