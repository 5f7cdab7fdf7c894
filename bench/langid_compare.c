/* Language identification on short news: libexttextcat, as the library
 * uses it (src/read/lang_detect.c), against cld2.
 *
 *   build/tests/langid_compare PARAGRAPHS.tsv [LANGID.conf]   (LANGID_VERBOSE=1: the misses)
 *
 * LANGID.conf: the languages libexttextcat chooses among (the library's
 * is voices/langid.conf); without it, all of libexttextcat-data's.
 *
 * Each line of the file is `lang<TAB>source<TAB>paragraph`, labelled by a
 * person before any detector ran. Prints, per language and per length
 * bucket, how often each library's best guess is right, and for
 * libexttextcat how often the library's rule for a block of its own
 * (a confident guess from at least AT_LANGID_BLOCK_LETTERS letters) fires,
 * and how often it fires wrong. A language is compared by its primary
 * subtag.
 *
 * Columns, for each library: "best", its first guess is right; "sure",
 * the block rule fires (libexttextcat: no other language within its 3%;
 * cld2: is_reliable; both from at least AT_LANGID_BLOCK_LETTERS letters);
 * "wrong", it fired on a wrong language: a voice switched by mistake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langid.h"
#include "util.h"

#ifdef HAVE_CLD2
const char *langid_cld2(const char *text, int len, int *reliable);
#endif

enum { NLANG = 32, NBUCKET = 3 };
static const char *const bucket_names[NBUCKET] = {"short (<60 B)", "medium (60-199 B)", "long (>=200 B)"};

typedef struct tally {
    int n, tc_right, tc_fired, tc_fired_wrong, cld_right, cld_fired, cld_fired_wrong;
} tally;

/* The primary subtag, with the library's kin folded in (lang_detect.c:
 * Malay is Indonesian, Scots English, for both libraries). */
static void primary(const char *tag, char out[9])
{
    at__lang_primary(tag, out);
    if (strcmp(out, "ms") == 0)
        strcpy(out, "id");
    else if (strcmp(out, "sco") == 0)
        strcpy(out, "en");
}

static int verbose; /* LANGID_VERBOSE set: each wrong guess, once */

static void add(tally *t, const char *want, const char *text, size_t len, at_langid *l)
{
    at_lang_guess g;
    char p[9];
    at__langid_guess(l, text, len, &g);
    primary(g.lang, p);
    t->n++;
    t->tc_right += strcmp(p, want) == 0;
    if (verbose && strcmp(p, want) != 0)
        printf("textcat %s -> %s%s: %.60s\n", want, g.lang[0] ? g.lang : "?", g.confident ? " (confident)" : "", text);
    if (g.confident && g.letters >= AT_LANGID_BLOCK_LETTERS) {
        t->tc_fired++;
        t->tc_fired_wrong += strcmp(p, want) != 0;
    }
#ifdef HAVE_CLD2
    {
        int reliable;
        const char *c = langid_cld2(text, (int)len, &reliable);
        primary(c, p);
        t->cld_right += strcmp(p, want) == 0;
        if (reliable && g.letters >= AT_LANGID_BLOCK_LETTERS) { /* the same rule, with cld2's flag */
            t->cld_fired++;
            t->cld_fired_wrong += strcmp(p, want) != 0;
        }
        if (verbose && strcmp(p, want) != 0)
            printf("cld2 %s -> %s%s: %.60s\n", want, c, reliable ? " (reliable)" : "", text);
    }
#endif
}

static void row(const char *name, const tally *t)
{
    if (!t->n)
        return;
    printf("%-18s %4d  %6.1f%% %6.1f%% %5d  %6.1f%% %6.1f%% %5d\n", name, t->n, 100.0 * t->tc_right / t->n,
           100.0 * t->tc_fired / t->n, t->tc_fired_wrong, 100.0 * t->cld_right / t->n, 100.0 * t->cld_fired / t->n,
           t->cld_fired_wrong);
}

int main(int argc, char **argv)
{
    char langs[NLANG][9], line[65536];
    tally per_lang[NLANG], per_bucket[NBUCKET], all;
    int nlang = 0, k;
    at_langid *l;
    at_error e;
    FILE *f;
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s PARAGRAPHS.tsv [LANGID.conf]\n", argv[0]);
        return 2;
    }
    if (at__langid_open(argc == 3 ? argv[2] : NULL, &l, &e) != AT_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    if (!(f = fopen(argv[1], "r"))) {
        perror(argv[1]);
        return 1;
    }
    memset(per_lang, 0, sizeof per_lang);
    memset(per_bucket, 0, sizeof per_bucket);
    memset(&all, 0, sizeof all);
    while (fgets(line, sizeof line, f)) {
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL, *text, want[9];
        size_t len;
        if (!tab2)
            continue;
        *tab1 = '\0';
        primary(line, want);
        text = tab2 + 1;
        len = strcspn(text, "\r\n");
        for (k = 0; k < nlang && strcmp(langs[k], want) != 0; k++)
            ;
        if (k == nlang) {
            if (nlang == NLANG)
                continue;
            memcpy(langs[nlang++], want, sizeof want);
        }
        verbose = getenv("LANGID_VERBOSE") != NULL;
        add(&per_lang[k], want, text, len, l);
        verbose = 0;
        add(&per_bucket[len < 60 ? 0 : len < 200 ? 1 : 2], want, text, len, l);
        add(&all, want, text, len, l);
    }
    fclose(f);
    at__langid_free(l);
#ifndef HAVE_CLD2
    printf("(cld2 not built: libcld2-dev was not found; its columns are 0)\n");
#endif
    printf("%-18s %4s  %-21s  %-21s\n", "", "", "libexttextcat", "cld2");
    printf("%-18s %4s  %7s %7s %5s  %7s %7s %5s\n", "language / length", "n", "best", "sure", "wrong", "best",
           "sure", "wrong");
    for (k = 0; k < nlang; k++)
        row(langs[k], &per_lang[k]);
    for (k = 0; k < NBUCKET; k++)
        row(bucket_names[k], &per_bucket[k]);
    row("all", &all);
    return 0;
}
