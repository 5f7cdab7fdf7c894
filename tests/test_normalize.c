/* Normalizer tests: the TSV case tables in tests/data/normalize/, plus
 * the token contract the segmenter relies on (sentence ends, quote marks,
 * source ranges) and lexicon errors.
 *
 * Case tables: `input<TAB>expected spoken output` per line; `#` starts a
 * comment. Directives on `#!` lines set options for the lines after them:
 *   #! locale=en-GB | locale=en-US
 *   #! acronyms=default|spell|expand|word
 *   #! lang=CODE  the rules and lexicon of that language (lang.c)
 *   #! document   lines are one document: learned together, state kept
 *   #! line       each line is its own document (the default) */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"
#include "normalize.h"

static at_lexicon *lex;
/* each rule set's lexicon, loaded by the first table that asks for it */
static at_lexicon *lang_lex[AT_LANG_SLOTS];

static at_lexicon *lexicon_of(const at_lang_rules *r)
{
    size_t slot = at__lang_slot(r);
    char path[4096];
    FILE *f;
    at_error e;
    if (slot == 0)
        return lex;
    if (lang_lex[slot])
        return lang_lex[slot];
    lang_lex[slot] = at__lexicon_new();
    snprintf(path, sizeof path, "%s/voices/%s/lexicon.tsv", AT_SOURCE_DIR, at__lang_code(r));
    if ((f = fopen(path, "r")) != NULL) {
        fclose(f);
        if (at__lexicon_load(lang_lex[slot], path, &e) != AT_OK)
            fail_msg("%s", e.msg);
    }
    return lang_lex[slot];
}

static int setup(void **state)
{
    at_error e;
    char path[4096];
    (void)state;
    lex = at__lexicon_new();
    snprintf(path, sizeof path, "%s/voices/en/lexicon.tsv", AT_SOURCE_DIR);
    if (at__lexicon_load(lex, path, &e) != AT_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    size_t k;
    (void)state;
    at__lexicon_free(lex);
    for (k = 0; k < AT_LANG_SLOTS; k++)
        at__lexicon_free(lang_lex[k]);
    return 0;
}

static char *normalize(at_normalizer *n, const char *s)
{
    return at_normalize_line(n, s, strlen(s));
}

typedef struct table {
    char **in, **want;
    int *line;
    size_t n, cap;
    at_norm_options opt;
    int document;
} table;

/* Runs the lines collected so far under one set of options. */
static size_t run_group(const char *file, table *t)
{
    at_normalizer *n = at__normalizer_new(lexicon_of(t->opt.lang ? t->opt.lang : at__lang_rules_for("en")), &t->opt);
    size_t k, bad = 0;
    if (t->document)
        for (k = 0; k < t->n; k++)
            at__normalizer_learn(n, t->in[k], strlen(t->in[k]));
    for (k = 0; k < t->n; k++) {
        char *got;
        if (!t->document) {
            at__normalizer_reset(n);
            at__normalizer_learn(n, t->in[k], strlen(t->in[k]));
        }
        got = normalize(n, t->in[k]);
        if (strcmp(got, t->want[k]) != 0) {
            print_error("%s:%d: input    \"%s\"\n%*s  expected \"%s\"\n%*s  got      \"%s\"\n", file, t->line[k],
                        t->in[k], (int)strlen(file), "", t->want[k], (int)strlen(file), "", got);
            bad++;
        }
        free(got);
        free(t->in[k]);
        free(t->want[k]);
    }
    at_normalizer_free(n);
    t->n = 0;
    return bad;
}

static void directive(table *t, const char *d)
{
    if (strcmp(d, "locale=en-GB") == 0)
        t->opt.day_first = 1;
    else if (strcmp(d, "locale=en-US") == 0)
        t->opt.day_first = 0;
    else if (strcmp(d, "acronyms=default") == 0)
        t->opt.acronyms = AT_ACRONYMS_DEFAULT;
    else if (strcmp(d, "acronyms=spell") == 0)
        t->opt.acronyms = AT_ACRONYMS_SPELL;
    else if (strcmp(d, "acronyms=expand") == 0)
        t->opt.acronyms = AT_ACRONYMS_EXPAND;
    else if (strcmp(d, "acronyms=word") == 0)
        t->opt.acronyms = AT_ACRONYMS_WORD;
    else if (strncmp(d, "lang=", 5) == 0)
        t->opt.lang = at__lang_rules_for(d + 5); /* the table's language: lang=es */
    else if (strcmp(d, "document") == 0)
        t->document = 1;
    else if (strcmp(d, "line") == 0)
        t->document = 0;
    else
        fail_msg("unknown directive #! %s", d);
}

/* Runs one case table; returns the number of cases, adds failures. */
static size_t run_table(const char *path, size_t *bad)
{
    FILE *f = fopen(path, "r");
    char buf[8192];
    int lineno = 0;
    size_t cases = 0;
    table t;
    memset(&t, 0, sizeof t);
    assert_non_null(f);
    while (fgets(buf, sizeof buf, f)) {
        char *tab;
        size_t len = strlen(buf);
        lineno++;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        if (strncmp(buf, "#!", 2) == 0) {
            *bad += run_group(path, &t);
            directive(&t, buf + 2 + strspn(buf + 2, " "));
            continue;
        }
        if (len == 0 || buf[0] == '#')
            continue;
        tab = strchr(buf, '\t');
        if (!tab)
            fail_msg("%s:%d: expected input<TAB>expected", path, lineno);
        *tab = '\0';
        if (t.n == t.cap) {
            t.cap = t.cap ? t.cap * 2 : 64;
            t.in = at__xrealloc(t.in, t.cap * sizeof *t.in);
            t.want = at__xrealloc(t.want, t.cap * sizeof *t.want);
            t.line = at__xrealloc(t.line, t.cap * sizeof *t.line);
        }
        t.in[t.n] = strdup(buf);
        t.want[t.n] = strdup(tab + 1);
        t.line[t.n] = lineno;
        t.n++;
        cases++;
    }
    *bad += run_group(path, &t);
    free(t.in);
    free(t.want);
    free(t.line);
    fclose(f);
    return cases;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_case_tables(void **state)
{
    char dir[4096], path[8192];
    char *names[256] = {0};
    size_t nnames = 0, k, cases = 0, bad = 0;
    DIR *d;
    struct dirent *de;
    (void)state;
    snprintf(dir, sizeof dir, "%s/normalize", AT_TEST_DATA);
    d = opendir(dir);
    assert_non_null(d);
    while ((de = readdir(d)) != NULL && nnames < 256) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".tsv") == 0)
            names[nnames++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, nnames, sizeof *names, by_name);
    for (k = 0; k < nnames; k++) {
        size_t before = bad, n;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        n = run_table(path, &bad);
        print_message("%-28s %4zu cases, %zu failed\n", names[k], n, bad - before);
        cases += n;
        free(names[k]);
    }
    print_message("all tables: %zu cases, %zu failed\n", cases, bad);
    assert_true(cases >= 300);
    assert_int_equal(bad, 0);
}

/* The flags of the token that starts at byte `at` of s. */
static unsigned flags_at(const at_tokens *t, size_t at, unsigned *cls)
{
    size_t k;
    for (k = 0; k < t->n; k++)
        if (t->v[k].start == at) {
            *cls = t->v[k].cls;
            return t->v[k].flags;
        }
    fail_msg("no token starts at byte %zu", at);
    return 0;
}

/* Abbreviations do not end sentences; real full stops do. `nth` counts
 * the full stops of the text from 0. */
static void test_sentence_ends(void **state)
{
    static const struct {
        const char *text;
        int nth;
        int ends;
    } cases[] = {
        {"It met on Oct. 28 in Geneva.", 0, 0},
        {"It met on Oct. 28 in Geneva.", 1, 1},
        {"Mr. Smith and Dr. Jones came.", 0, 0},
        {"Mr. Smith and Dr. Jones came.", 1, 0},
        {"The U.S. Army left.", 1, 0},
        {"He lives in the U.S.", 1, 1},
        {"They met at 9 a.m. The rest left.", 1, 1},
        {"See Fig. 3 below.", 0, 0},
        {"Nancy lived on 1428 Elm St. It was a strange place.", 0, 1},
        {"Gen. Smith spoke.", 0, 0},
        {"Gen. Smith spoke.", 1, 1},
        {"It was e.g. fine.", 1, 0},
        {"She spoke at 10 a.m. Geneva time.", 1, 0},
        {"Apple Inc. Chief Executive Tim Cook left.", 0, 0},
        {"He works at Acme Inc. The firm grew.", 0, 1},
    };
    size_t k, j;
    at_normalizer *n = at__normalizer_new(lex, NULL);
    at_tokens t = {0};
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *s = cases[k].text;
        size_t at = 0, len = strlen(s);
        int ends = 0, seen = 0, nth = cases[k].nth;
        for (at = 0; at < len; at++)
            if (s[at] == '.' && nth-- == 0)
                break;
        at__normalizer_run(n, s, len, 0, &t);
        for (j = 0; j < t.n; j++) {
            if (t.v[j].start <= at && at < t.v[j].end) {
                seen = 1;
                ends = t.v[j].cls == AT_TOK_PUNCT && (t.v[j].flags & AT_TF_SENT_END);
            }
            if (t.v[j].flags & AT_TF_SENT_END)
                assert_int_equal(t.v[j].cls, AT_TOK_PUNCT);
        }
        if (!seen || ends != cases[k].ends)
            fail_msg("\"%s\" full stop at byte %zu: expected %s, got %s", s, at,
                     cases[k].ends ? "a sentence end" : "no sentence end", ends ? "a sentence end" : "none");
    }
    at__tokens_free(&t);
    at_normalizer_free(n);
}

/* Quote marks are silent AT_TOK_QUOTE tokens with open/close flags; an
 * apostrophe stays in its word; token ranges cover the source. */
static void test_quotes_and_ranges(void **state)
{
    const char *s = "\xE2\x80\x9CIt\xE2\x80\x99s $5m,\xE2\x80\x9D said the ICRC\xE2\x80\x99s head.";
    at_normalizer *n = at__normalizer_new(lex, NULL);
    at_tokens t = {0};
    unsigned cls = 0, f;
    size_t k;
    (void)state;
    at__normalizer_run(n, s, strlen(s), 0, &t);
    f = flags_at(&t, 0, &cls);
    assert_int_equal(cls, AT_TOK_QUOTE);
    assert_true(f & AT_TF_QUOTE_OPEN);
    f = flags_at(&t, 3, &cls); /* It’s */
    assert_int_equal(cls, AT_TOK_WORD);
    f = flags_at(&t, 10, &cls); /* $5m */
    assert_int_equal(cls, AT_TOK_MONEY);
    assert_true(f & AT_TF_SPACE_BEFORE);
    f = flags_at(&t, 14, &cls); /* ” */
    assert_int_equal(cls, AT_TOK_QUOTE);
    assert_true(f & AT_TF_QUOTE_CLOSE);
    for (k = 0; k < t.n; k++) {
        assert_true(t.v[k].start < t.v[k].end);
        assert_true(t.v[k].end <= strlen(s));
        if (k)
            assert_true(t.v[k - 1].end <= t.v[k].start);
        if (t.v[k].cls == AT_TOK_QUOTE)
            assert_int_equal(t.v[k].spoken_len, 0);
    }
    at__tokens_free(&t);
    at_normalizer_free(n);
}

/* A malformed lexicon line is AT_ECONFIG naming file:line; a later entry
 * overrides an earlier one. */
static void test_lexicon(void **state)
{
    at_lexicon *l = at__lexicon_new();
    at_error e;
    const at_lex_entry *en;
    at_status st;
    (void)state;
    st = at__lexicon_parse(l, "mine.tsv", "# c\nacronym\tABC\tspell\n\nunit\tzz\n", 31, &e);
    assert_int_equal(st, AT_ECONFIG);
    if (!strstr(e.msg, "mine.tsv:4"))
        fail_msg("expected mine.tsv:4 in \"%s\"", e.msg);
    st = at__lexicon_parse(l, "b.tsv", "acronym\tABC\tword\tA Big Cat\nbogus\tx\ty\n", 36, &e);
    assert_int_equal(st, AT_ECONFIG);
    if (!strstr(e.msg, "b.tsv:2"))
        fail_msg("expected b.tsv:2 in \"%s\"", e.msg);
    en = at__lexicon_find(l, AT_LEX_ACRONYM, "ABC", 3, 0);
    assert_non_null(en);
    assert_string_equal(en->f[1], "A Big Cat");
    assert_false(en->flags & AT_LEXF_HOUSEHOLD);
    {
        static const char ok[] = "acronym\tXYZ\tspell\tX Y Zed\thousehold\n";
        static const char bad[] = "\nacronym\tXYZ\tspell\tX Y Zed\tfamous\n";
        assert_int_equal(at__lexicon_parse(l, "h.tsv", ok, sizeof ok - 1, &e), AT_OK);
        en = at__lexicon_find(l, AT_LEX_ACRONYM, "XYZ", 3, 0);
        assert_non_null(en);
        assert_true(en->flags & AT_LEXF_HOUSEHOLD);
        assert_int_equal(at__lexicon_parse(l, "h.tsv", bad, sizeof bad - 1, &e), AT_ECONFIG);
        if (!strstr(e.msg, "h.tsv:2") || !strstr(e.msg, "household"))
            fail_msg("expected h.tsv:2 and the flag's name in \"%s\"", e.msg);
    }
    {
        /* fem: a feminine unit or currency (issue 22, Portuguese) */
        static const char ok[] = "unit\tt\ttonelada\ttoneladas\tglued,fem\ncurrency\t£\tlibra\tlibras\tpêni\tpence\tfem\n";
        static const char bad[] = "currency\t£\tlibra\tlibras\tpêni\tpence\tfeminine\n";
        assert_int_equal(at__lexicon_parse(l, "f.tsv", ok, sizeof ok - 1, &e), AT_OK);
        en = at__lexicon_find(l, AT_LEX_UNIT, "t", 1, 0);
        assert_non_null(en);
        assert_true((en->flags & AT_LEXF_FEM) && (en->flags & AT_LEXF_GLUED));
        en = at__lexicon_find(l, AT_LEX_CURRENCY, "£", strlen("£"), 0);
        assert_non_null(en);
        assert_true(en->flags & AT_LEXF_FEM);
        assert_string_equal(en->f[3], "pence");
        assert_int_equal(at__lexicon_parse(l, "f.tsv", bad, sizeof bad - 1, &e), AT_ECONFIG);
        if (!strstr(e.msg, "f.tsv:1") || !strstr(e.msg, "fem"))
            fail_msg("expected f.tsv:1 and the flag's name in \"%s\"", e.msg);
    }
    at__lexicon_free(l);
}

/* Expects parsing PLS `text` to fail with a message holding `want`. */
static void pls_fails(const char *text, size_t len, const char *want)
{
    at_lexicon *l = at__lexicon_new();
    at_error e;
    e.msg[0] = '\0';
    assert_int_equal(at__lexicon_parse_pls(l, "t.pls", text, len ? len : strlen(text), &e), AT_ECONFIG);
    if (!strstr(e.msg, want))
        fail_msg("expected \"%s\" in \"%s\"", want, e.msg);
    at__lexicon_free(l);
}

#define PLS_OPEN "<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" " \
                 "alphabet=\"ipa\" xml:lang=\"en\">"

/* A hand-written PLS lexicon (tests/data/lexicon/sample.pls, validated
 * against the schema by the lexicon_pls_schema test): IPA phonemes become
 * eSpeak NG mnemonics in [[ ]], an alias its text, every grapheme of a
 * lexeme gets its preferred pronunciation; bad input names file, line and
 * column. */
static void test_pls(void **state)
{
    at_lexicon *l = at__lexicon_new();
    at_error e;
    const at_lex_entry *en;
    char path[1024], *big;
    size_t n;
    (void)state;
    snprintf(path, sizeof path, "%s/tests/data/lexicon/sample.pls", AT_SOURCE_DIR);
    assert_int_equal(at__lexicon_load(l, path, &e), AT_OK);
    en = at__lexicon_find(l, AT_LEX_WORD, "Qatar", 5, 0);
    assert_non_null(en);
    assert_string_equal(en->f[0], "[['kVtA@]]");
    en = at__lexicon_find(l, AT_LEX_WORD, "Zelenskyy", 9, 0);
    assert_non_null(en);
    assert_string_equal(en->f[0], "[[zE'lEnski]]");
    assert_non_null(at__lexicon_find(l, AT_LEX_WORD, "Zelensky", 8, 0));
    en = at__lexicon_find(l, AT_LEX_WORD, "W3C", 3, 0);
    assert_non_null(en);
    assert_string_equal(en->f[0], "World Wide Web Consortium");
    en = at__lexicon_find(l, AT_LEX_WORD, "Brandtstadt", 11, 0);
    assert_non_null(en);
    assert_string_equal(en->f[0], "[['brantstat]]");
    at__lexicon_free(l);

    pls_fails(PLS_OPEN "\n<lexeme><grapheme>X</grapheme>\n  <phoneme>k\xE2\x98\x83t</phoneme></lexeme></lexicon>", 0,
              "t.pls:3:13: unknown IPA symbol");
    pls_fails(PLS_OPEN "\n<lexeme><grapheme>X</grapheme>", 0, "t.pls:2:");
    pls_fails("<!DOCTYPE lexicon [<!ENTITY a \"aaaa\">]>" PLS_OPEN "</lexicon>", 0, "DOCTYPE");
    pls_fails("<lexicon version=\"1.0\"/>", 0, "PLS namespace");
    pls_fails(PLS_OPEN "<lexeme><grapheme>X</grapheme><phoneme alphabet=\"x-sampa\">kat</phoneme></lexeme></lexicon>",
              0, "expected ipa");
    pls_fails(PLS_OPEN "<lexeme><phoneme>kat</phoneme></lexeme></lexicon>", 0, "without a <grapheme>");
    pls_fails("", 0, "not a PLS lexicon");
    /* a huge file is refused before it is parsed */
    n = (size_t)17 << 20;
    big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    pls_fails(big, n, "larger than 16 MiB");
    free(big);
}

/* The report lists rewrites with line:column and warns about guesses. */
static void test_report(void **state)
{
    const char *src = "Title\n\nThe QXZT paid $5m on Oct. 28 at Elm St. Louis.";
    const char *block = src + 7;
    at_normalizer *n = at__normalizer_new(lex, NULL);
    at_buf rw = {0}, warn = {0};
    at_srcpos pos;
    (void)state;
    at__srcpos_init(&pos, src, strlen(src));
    at__report_block(n, block, strlen(block), 0, &pos, 7, &rw, &warn);
    at__srcpos_free(&pos);
    if (!rw.p || !strstr(rw.p, "3:15\tmoney\t\"$5m\"\t-> \"five million dollars\"\n"))
        fail_msg("rewrites lack the money line:\n%s", rw.p ? rw.p : "");
    if (!strstr(rw.p, "3:22\tdate\t\"Oct. 28\"\t-> \"October twenty-eighth\"\n"))
        fail_msg("rewrites lack the date line:\n%s", rw.p);
    if (!warn.p || !strstr(warn.p, "3:5\twarning: \"QXZT\"") || !strstr(warn.p, "\"St.\""))
        fail_msg("warnings lack QXZT or St.:\n%s", warn.p ? warn.p : "");
    at__buf_free(&rw);
    at__buf_free(&warn);
    at_normalizer_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_tables),
        cmocka_unit_test(test_sentence_ends),
        cmocka_unit_test(test_quotes_and_ranges),
        cmocka_unit_test(test_lexicon),
        cmocka_unit_test(test_pls),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
