/* Language identification with libexttextcat (Debian libexttextcat-dev):
 * Cavnar and Trenkle's n-gram fingerprints, one per language, compared
 * with the fingerprint of the text. The models are data, read at run time
 * from libexttextcat-data; nothing here knows a language by name.
 *
 * bench/langid_compare.c measured it against cld2 on news paragraphs;
 * README.md, "Languages", has the figures. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <textcat.h>

#include "langid.h"
#include "read.h"
#include "util.h"

struct at_langid {
    void *tc;
    candidate_t *cand;
    char **order; /* the conf's category names, in its order */
    int *tier;    /* each one's group: 0 before the conf's first blank line */
    size_t norder;
};

/* The category names of a textcat conf, in their order ("es.lm es--utf8"
 * gives "es--utf8"), each with its group: articast's conf lists the
 * languages most written in the news first, then a blank line, then the
 * others, a prior for near-ties. */
static void read_order(at_langid *l, const char *conf)
{
    char *text = NULL, *line, *next;
    size_t len, cap = 0, tcap = 0, ntier = 0;
    int tier = 0;
    if (at__read_file(conf, (size_t)1 << 20, &text, &len, NULL) != AT_OK)
        return;
    for (line = text; line && *line; line = next) {
        char *name = line, *end;
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (!*line || *line == '\r') {
            tier += l->norder > 0;
            continue;
        }
        if (*line == '#')
            continue;
        while (*name && *name != ' ' && *name != '\t')
            name++;
        while (*name == ' ' || *name == '\t')
            name++;
        for (end = name; *end && *end != ' ' && *end != '\t' && *end != '\r'; end++)
            ;
        if (end > name) {
            *AT_PUSH(l->tier, ntier, tcap) = tier;
            *AT_PUSH(l->order, l->norder, cap) = at__xstrndup(name, (size_t)(end - name));
        }
    }
    free(text);
}

/* A category's group in the conf; after every group when it is not
 * there. */
static int rank_of(const at_langid *l, const char *name)
{
    size_t k;
    for (k = 0; k < l->norder; k++)
        if (strcmp(l->order[k], name) == 0)
            return l->tier[k];
    return 1 << 20;
}

at_status at__langid_open(const char *conf, at_langid **out, at_error *e)
{
    at_buf path = {0}, prefix = {0};
    const char *dir = getenv("ARTICAST_LANGID_DIR");
    at_langid *l;
    struct stat sb;
    void *tc;
    *out = NULL;
    if (!dir || !*dir)
        dir = AT_LANGID_DIR;
    if (conf)
        at__buf_puts(&path, conf);
    else
        at__buf_printf(&path, "%s/fpdb.conf", dir);
    at__buf_printf(&prefix, "%s/", dir);
    /* special_textcat_Init: fingerprints named relative to `prefix`, and
     * UTF-8 aware (a letter is a character, not a byte). It tells stderr
     * which file it missed; a folder that is not there at all is told
     * once, below, in articast's words. */
    tc = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? special_textcat_Init(path.p, prefix.p) : NULL;
    if (!tc)
        at__err(e, AT_ECONFIG,
                "%s: the language models (%s) could not be read (install libexttextcat-data, or name the "
                "language with --language)",
                path.p, prefix.p);
    at__buf_free(&path);
    at__buf_free(&prefix);
    if (!tc)
        return AT_ECONFIG;
    l = at__xcalloc(1, sizeof *l);
    l->tc = tc;
    l->cand = textcat_GetClassifyFullOutput(tc);
    read_order(l, conf ? conf : "");
    *out = l;
    return AT_OK;
}

void at__langid_free(at_langid *l)
{
    size_t k;
    if (!l)
        return;
    textcat_ReleaseClassifyFullOutput(l->tc, l->cand);
    textcat_Done(l->tc);
    for (k = 0; k < l->norder; k++)
        free(l->order[k]);
    free(l->order);
    free(l->tier);
    free(l);
}

/* Fingerprints of languages so close that short text tells them apart
 * by chance, and a reader would not switch voice between them: English
 * news came out as Scots, an Indonesian quotation as Malay. Each group is
 * one language here. */
static const char *const kin[][4] = {
    {"en", "sco", NULL},
    {"id", "ms", NULL},
    {"sh", "hr", "bs", "sr"},
};

static int kin_group(const char *p)
{
    size_t g, k;
    for (g = 0; g < sizeof kin / sizeof *kin; g++)
        for (k = 0; k < 4 && kin[g][k]; k++)
            if (strcmp(kin[g][k], p) == 0)
                return (int)g;
    return -1;
}

static int same_language(const char *a, const char *b)
{
    char pa[9], pb[9];
    int g;
    at__lang_primary(a, pa);
    at__lang_primary(b, pb);
    if (strcmp(pa, pb) == 0)
        return 1;
    g = kin_group(pa);
    return g >= 0 && g == kin_group(pb);
}

/* libexttextcat's category name -> BCP 47: "en--utf8" -> "en",
 * "zh-CN-utf8" -> "zh-CN", "uz-Cyrl-utf8" -> "uz" (the script is the
 * text's own business). */
static void tag_of(const char *name, char *out, size_t cap)
{
    size_t n = strlen(name), k;
    if (n >= 5 && strcmp(name + n - 5, "-utf8") == 0)
        n -= 5;
    while (n && name[n - 1] == '-')
        n--;
    for (k = 0; k < n && name[k] != '-'; k++)
        ;
    /* a region is two capitals; any other second part (a script) goes */
    if (!(k + 3 == n && name[k + 1] >= 'A' && name[k + 1] <= 'Z' && name[k + 2] >= 'A' && name[k + 2] <= 'Z'))
        n = k;
    if (n >= cap)
        n = 0;
    memcpy(out, name, n);
    out[n] = '\0';
}

/* A word that is a link, an address or a handle: its letters are no
 * language's. */
static int is_link(const char *w, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (w[k] == '@' || (w[k] == ':' && k + 2 < n && w[k + 1] == '/' && w[k + 2] == '/') ||
            (k + 4 <= n && memcmp(w + k, "www.", 4) == 0))
            return 1;
    return 0;
}

/* text's letters, at most AT_LANGID_PREFIX bytes of it: each run of
 * anything else (digits, punctuation, a link) becomes one space. */
static size_t letters_of(const char *text, size_t len, at_buf *out)
{
    size_t i = 0, letters = 0;
    if (len > AT_LANGID_PREFIX)
        len = AT_LANGID_PREFIX;
    while (i < len) {
        size_t w = i, j;
        while (w < len && (text[w] == ' ' || text[w] == '\n' || text[w] == '\t' || text[w] == '\r'))
            w++;
        for (j = w; j < len && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' && text[j] != '\r'; j++)
            ;
        if (j > w && !is_link(text + w, j - w)) {
            size_t p = w;
            while (p < j) {
                size_t at = p;
                int32_t cp = at__utf8_next(text, j, &p);
                if (cp > 0 && at__cp_is_alpha(cp)) {
                    at__buf_put(out, text + at, p - at);
                    letters++;
                } else if (out->n && out->p[out->n - 1] != ' ') {
                    at__buf_putc(out, ' ');
                }
            }
            if (out->n && out->p[out->n - 1] != ' ')
                at__buf_putc(out, ' ');
        }
        i = j > w ? j : w + 1;
    }
    return letters;
}

/* Korean and Japanese by their own scripts: Hangul, and the kana that
 * Japanese writes between its kanji. n-grams of a few thousand
 * characters' alphabet miss short text in them. */
static const char *by_script(const char *s, size_t n, size_t letters)
{
    size_t i = 0, hangul = 0, kana = 0;
    while (i < n) {
        int32_t cp = at__utf8_next(s, n, &i);
        if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
            hangul++;
        else if (cp >= 0x3040 && cp <= 0x30FF)
            kana++;
    }
    if (hangul * 3 > letters)
        return "ko";
    if (kana * 10 > letters)
        return "ja";
    return NULL;
}

/* Ukrainian and Russian by their letters, which their fingerprints
 * confuse on a headline: і ї є ґ are Ukrainian's alone, ы э ъ ё
 * Russian's (and Belarusian's, which also writes ў). A guess of either
 * that the letters contradict is turned; a text with both kinds, or
 * neither, keeps the guess. */
static void east_slavic(const char *s, size_t n, char *lang)
{
    size_t i = 0, uk = 0, ru = 0, be = 0;
    if (strcmp(lang, "ru") != 0 && strcmp(lang, "uk") != 0 && strcmp(lang, "be") != 0)
        return;
    while (i < n) {
        int32_t cp = at__utf8_next(s, n, &i);
        if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 || cp == 0x407 || cp == 0x404 ||
            cp == 0x490)
            uk++;
        else if (cp == 0x44B || cp == 0x44D || cp == 0x44A || cp == 0x451 || cp == 0x42B || cp == 0x42D ||
                 cp == 0x42A || cp == 0x401)
            ru++;
        else if (cp == 0x45E || cp == 0x40E)
            be++;
    }
    if (uk && !ru && !be)
        strcpy(lang, "uk");
    else if (ru && !uk && !be && strcmp(lang, "uk") == 0)
        strcpy(lang, "ru");
}

void at__langid_guess(at_langid *l, const char *text, size_t len, at_lang_guess *g)
{
    at_buf b = {0};
    const char *script;
    int n, k;
    memset(g, 0, sizeof *g);
    g->letters = letters_of(text, len, &b);
    if (g->letters == 0) {
        at__buf_free(&b);
        return;
    }
    if ((script = by_script(b.p, b.n, g->letters)) != NULL) {
        strcpy(g->lang, script);
        g->confident = 1;
        at__buf_free(&b);
        return;
    }
    n = textcat_ClassifyFull(l->tc, b.p, b.n, l->cand);
    if (n <= 0) { /* too short, or too many languages alike */
        at__buf_free(&b);
        return;
    }
    /* libexttextcat returns the languages within 3% of the best score,
     * best first: so close, short text ("Si è svolta a Palazzo Chigi")
     * tells them apart by chance (Catalan over Italian), and a language
     * much written in the news is the likelier: the best of the conf's
     * first group, when one is there */
    {
        int best = 0;
        for (k = 1; k < n; k++)
            if (rank_of(l, l->cand[k].name) < rank_of(l, l->cand[best].name))
                best = k;
        tag_of(l->cand[best].name, g->lang, sizeof g->lang);
    }
    g->confident = g->lang[0] != '\0';
    for (k = 0; k < n && g->confident; k++) {
        char t[16];
        tag_of(l->cand[k].name, t, sizeof t);
        g->confident = same_language(t, g->lang);
    }
    east_slavic(b.p, b.n, g->lang);
    at__buf_free(&b);
}

static int spoken_kind(at_block_kind k)
{
    return k == AT_BLOCK_PARAGRAPH || k == AT_BLOCK_QUOTE || k == AT_BLOCK_LIST_ITEM || k == AT_BLOCK_NOTE;
}

/* The first AT_LANGID_PREFIX bytes of the article's readable text. */
static void doc_sample(const at_doc *d, at_buf *out)
{
    size_t i, j;
    for (i = 0; i < d->nsections && out->n < AT_LANGID_PREFIX; i++)
        for (j = 0; j < d->sections[i].nblocks && out->n < AT_LANGID_PREFIX; j++) {
            const at_block *b = &d->sections[i].blocks[j];
            size_t n = b->len;
            if (!spoken_kind(b->kind))
                continue;
            if (n > AT_LANGID_PREFIX - out->n)
                n = AT_LANGID_PREFIX - out->n;
            at__buf_put(out, b->text, n);
            at__buf_putc(out, '\n');
        }
}

static void set_language(at_doc *d, const char *lang)
{
    free(d->meta.language);
    d->meta.language = at__xstrdup(lang);
    d->meta.language_source = "content";
}

void at__doc_detect_language(at_doc *d, at_langid *l)
{
    at_buf sample = {0};
    at_lang_guess g;
    size_t i, j, looked = 0;
    doc_sample(d, &sample);
    at__langid_guess(l, sample.p ? sample.p : "", sample.n, &g);
    at__buf_free(&sample);
    if (g.lang[0] && (!d->meta.language_source || strcmp(d->meta.language_source, "default") == 0)) {
        /* nothing said: the text's guess, when it has a sentence or two
         * and stands alone, or a paragraph's worth of letters */
        if ((g.confident && g.letters >= AT_LANGID_BLOCK_LETTERS) || g.letters >= AT_LANGID_DOC_LETTERS) {
            if (!same_language(g.lang, d->meta.language))
                set_language(d, g.lang);
            d->meta.language_source = "content";
        }
    } else if (g.lang[0] && g.confident && g.letters >= AT_LANGID_DOC_LETTERS &&
               !same_language(g.lang, d->meta.language)) {
        /* a template's lang="en" over an article in Spanish */
        set_language(d, g.lang);
    }

    for (i = 0; i < d->nsections; i++)
        for (j = 0; j < d->sections[i].nblocks; j++) {
            at_block *b = &d->sections[i].blocks[j];
            if ((b->kind != AT_BLOCK_PARAGRAPH && b->kind != AT_BLOCK_QUOTE) || b->len < AT_LANGID_BLOCK_LETTERS)
                continue;
            if (++looked > AT_LANGID_MAX_BLOCKS)
                return;
            at__langid_guess(l, b->text, b->len, &g);
            if (g.confident && g.letters >= AT_LANGID_BLOCK_LETTERS && !same_language(g.lang, d->meta.language)) {
                free(b->language);
                b->language = at__xstrdup(g.lang);
            }
        }
}
