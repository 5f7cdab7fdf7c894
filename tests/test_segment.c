/* Segmenter tests: quotation spans, attribution, speakers and casting.
 *
 * The case file tests/data/segment/cases.txt holds one small article per
 * case (see the README there); each is read, normalized and segmented, and
 * its turns compared with the expected `speaker: source text` lines. The
 * reference article test runs when ../shared/seeds is present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normalize.h"
#include "read.h"
#include "segment.h"
#include "segment_impl.h"
#include "util.h"

#define CASES AT_TEST_DATA "/segment/cases.txt"
#define CUES AT_SOURCE_DIR "/voices/en/cues.tsv"
#define SEED AT_SOURCE_DIR "/../shared/seeds/000_ef6ba8b2a83d7dde.txt"

#define CASTING AT_SOURCE_DIR "/voices/casting"
#define NAMES AT_SOURCE_DIR "/voices/en/names.tsv"

typedef struct fixture {
    at_casting cast;
    at_cues *cues;
    at_normalizer *n;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    at_error e;
    assert_non_null(f);
    /* the shipped casting, cues and first names: the cases check what a
     * user gets, the roster's size included */
    if (at__casting_load(CASTING, &f->cast, &e) != AT_OK)
        fail_msg("casting: %s", e.msg);
    if (at__cues_load(CUES, &f->cues, &e) != AT_OK)
        fail_msg("cues: %s", e.msg);
    if (at__cues_load_names(f->cues, NAMES, &e) != AT_OK)
        fail_msg("names: %s", e.msg);
    f->n = at__normalizer_new(NULL, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    at__casting_free(&f->cast);
    at__cues_free(f->cues);
    at_normalizer_free(f->n);
    free(f);
    return 0;
}

static int contains(const char *s, size_t n, const char *needle)
{
    size_t k, m = strlen(needle);
    for (k = 0; k + m <= n; k++)
        if (memcmp(s + k, needle, m) == 0)
            return 1;
    return 0;
}

static at_script *segment_text(fixture *f, const char *text, size_t len, int captions)
{
    at_doc *doc = NULL;
    at_script *s = NULL;
    at_error e;
    at_segment_options so;
    so.read_captions = captions;
    so.cues = f->cues;
    if (at__doc_read_text(text, len, "case", &doc, &e) != AT_OK)
        fail_msg("read: %s", e.msg);
    if (at__segment(doc, f->n, &f->cast, &so, &s, &e) != AT_OK)
        fail_msg("segment: %s", e.msg);
    at__doc_free(doc);
    return s;
}

static int trim_char(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' || c == '\'' ||
        c == '-' || c == '\n')
        return 1;
    /* “ ” ‘ ’ – — */
    return c == 0xE2 && (unsigned char)p[1] == 0x80 &&
           ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x9D || (unsigned char)p[2] == 0x98 ||
            (unsigned char)p[2] == 0x99 || (unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94);
}

/* Source text with quote marks, punctuation and spaces trimmed at both
 * ends and line breaks as spaces: what the case file writes. */
static void clean(const char *s, size_t n, at_buf *out)
{
    size_t a = 0, k;
    out->n = 0;
    at__buf_puts(out, "");
    for (;;) {
        if (a < n && trim_char(s + a))
            a += ((unsigned char)s[a] == 0xE2) ? 3 : 1;
        else
            break;
    }
    while (n > a) {
        if (trim_char(s + n - 1))
            n--;
        else if (n >= a + 3 && trim_char(s + n - 3) && (unsigned char)s[n - 3] == 0xE2)
            n -= 3;
        else
            break;
    }
    for (k = a; k < n; k++)
        at__buf_putc(out, s[k] == '\n' ? ' ' : s[k]);
}

/* The turns of `s` (title and headings left out) as "id: text" lines. */
static char *render_turns(const at_script *s, const char *src)
{
    at_buf out = {0}, piece = {0};
    size_t k;
    at__buf_puts(&out, "");
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        if (t->kind == AT_TURN_TITLE || t->kind == AT_TURN_HEADING)
            continue;
        clean(src + t->src_start, t->src_end - t->src_start, &piece);
        at__buf_printf(&out, "%s: %s\n", s->speakers[t->speaker].id, piece.p);
    }
    at__buf_free(&piece);
    return at__buf_detach(&out);
}

/* Checks one `@id gender Name` line against the speakers table; the
 * gender may be followed by the evidence it must rest on (female/name,
 * male/title, female/pronoun). */
static int check_speaker(const at_script *s, const char *line, const char *name)
{
    char id[64], gender[32], *ev;
    const char *want_name;
    size_t k;
    if (sscanf(line + 1, "%63s %31s", id, gender) != 2) {
        print_error("case %s: bad speaker line `%s`\n", name, line);
        return 1;
    }
    want_name = strstr(line, gender) + strlen(gender);
    while (*want_name == ' ')
        want_name++;
    if ((ev = strchr(gender, '/')) != NULL)
        *ev++ = '\0';
    for (k = 0; k < s->nspeakers; k++) {
        const at_speaker *sp = &s->speakers[k];
        if (strcmp(sp->id, id) != 0)
            continue;
        if (strcmp(at_gender_name(sp->gender), gender) != 0 || (*want_name && strcmp(sp->name, want_name) != 0) ||
            (ev && strcmp(at_evidence_name(sp->gender_evidence), ev) != 0)) {
            print_error("case %s: speaker %s\n  expected: %s/%s %s\n  actual:   %s/%s %s\n", name, id, gender,
                        ev ? ev : "*", want_name, at_gender_name(sp->gender),
                        at_evidence_name(sp->gender_evidence), sp->name);
            return 1;
        }
        return 0;
    }
    print_error("case %s: no speaker with id `%s`\n", name, id);
    return 1;
}

/* 1 when `voice` is in the casting's pool for gender g. */
static int in_pool(const at_casting *c, at_gender g, const char *voice)
{
    size_t k;
    for (k = 0; k < c->npool[g]; k++)
        if (strcmp(c->pool[g][k], voice) == 0)
            return 1;
    return 0;
}

/* Every quoted speaker has a voice of their own while the roster lasts,
 * never the narrator's, and never one that contradicts their gender: a
 * woman's is no male voice, a man's no female one, and a speaker of
 * unknown gender takes one of the unknown pool. */
static int check_voices(const at_script *s, const at_casting *c, const char *name)
{
    size_t k, j, count[3] = {0, 0, 0};
    int room;
    for (k = 1; k < s->nspeakers; k++)
        count[s->speakers[k].gender]++;
    /* the roster lasts when each pool has a voice for each of its speakers */
    room = count[0] <= c->npool[0] && count[1] <= c->npool[1] && count[2] <= c->npool[2];
    for (k = 1; k < s->nspeakers; k++) {
        const at_speaker *sp = &s->speakers[k];
        if (strcmp(sp->voice, s->speakers[0].voice) == 0) {
            print_error("case %s: %s has the narrator's voice %s\n", name, sp->id, s->speakers[0].voice);
            return 1;
        }
        if ((sp->gender == AT_GENDER_FEMALE && in_pool(c, AT_GENDER_MALE, sp->voice)) ||
            (sp->gender == AT_GENDER_MALE && in_pool(c, AT_GENDER_FEMALE, sp->voice)) ||
            (sp->gender == AT_GENDER_UNKNOWN && !in_pool(c, AT_GENDER_UNKNOWN, sp->voice))) {
            print_error("case %s: %s (%s) is read in the voice %s, which says otherwise\n", name, sp->id,
                        at_gender_name(sp->gender), sp->voice);
            return 1;
        }
        for (j = 1; j < k && room; j++)
            if (strcmp(s->speakers[k].voice, s->speakers[j].voice) == 0) {
                print_error("case %s: %s and %s share the voice %s\n", name, s->speakers[j].id, s->speakers[k].id,
                            s->speakers[k].voice);
                return 1;
            }
    }
    return 0;
}

/* Runs one case: `input` is the article body, `expect` the turn lines and
 * @speaker lines. Returns the number of failures. */
static int run_case(fixture *f, const char *name, const char *input, const char *expect)
{
    at_buf doc = {0}, want = {0};
    at_script *s;
    char *got, *lines = at__xstrdup(expect), *line, *save = NULL;
    int fails = 0;
    /* "headline: TEXT" as the body's first line replaces the headline */
    if (strncmp(input, "headline: ", 10) == 0 && strchr(input, '\n'))
        at__buf_printf(&doc, "%.*s\n\n%s", (int)(strchr(input, '\n') - input - 10), input + 10,
                       strchr(input, '\n') + 1);
    else
        at__buf_printf(&doc, "Test headline for the case\n\n%s", input);
    s = segment_text(f, doc.p, doc.n, 0);
    got = render_turns(s, doc.p);
    at__buf_puts(&want, "");
    for (line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (line[0] == '@')
            fails += check_speaker(s, line, name);
        else if (line[0] != '#') /* a comment after the expected lines */
            at__buf_printf(&want, "%s\n", line);
    if (strcmp(got, want.p) != 0) {
        print_error("case %s:\n--- expected\n%s--- actual\n%s", name, want.p, got);
        fails++;
    }
    fails += check_voices(s, &f->cast, name);
    at_script_free(s);
    free(got);
    free(lines);
    at__buf_free(&doc);
    at__buf_free(&want);
    return fails;
}

/* The case file: "=== name", the article body, "---", the expected lines.
 * Lines starting with '#' outside a body are comments. */
static void test_cases(void **state)
{
    fixture *f = *state;
    char *text, *p;
    size_t len, ncases = 0;
    int fails = 0;
    at_error e;
    if (at__read_file(CASES, 1 << 20, &text, &len, &e) != AT_OK)
        fail_msg("%s", e.msg);
    p = strstr(text, "=== ");
    while (p) {
        char *name = p + 4, *body, *sep, *next, *nl = strchr(name, '\n');
        if (!nl)
            break;
        *nl = '\0';
        body = nl + 1;
        sep = strstr(body, "\n---\n");
        if (!sep)
            fail_msg("%s: case `%s` has no --- line", CASES, name);
        *sep = '\0';
        next = strstr(sep + 5, "\n=== ");
        if (next)
            *next = '\0';
        fails += run_case(f, name, body, sep + 5);
        ncases++;
        p = next ? next + 1 : NULL;
    }
    free(text);
    print_message("%zu segment cases, %d failures\n", ncases, fails);
    assert_true(ncases >= 60);
    assert_int_equal(fails, 0);
}

/* Every quotation of the reference article is Ariane Bauer's, in a female
 * voice that is not the narrator's; the theme and the captions stay with
 * the narrator. */
static void test_reference(void **state)
{
    fixture *f = *state;
    char *text;
    size_t len, k, quotes = 0;
    at_error e;
    at_script *s;
    FILE *fp = fopen(SEED, "rb");
    if (!fp) {
        print_message("skipped: %s is not there\n", SEED);
        skip();
    }
    fclose(fp);
    if (at__read_file(SEED, 1 << 22, &text, &len, &e) != AT_OK)
        fail_msg("%s", e.msg);
    s = segment_text(f, text, len, 1);
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        const at_speaker *sp = &s->speakers[t->speaker];
        const char *src = text + t->src_start;
        size_t n = t->src_end - t->src_start;
        if (t->kind == AT_TURN_QUOTE) {
            quotes++;
            assert_string_equal(sp->id, "bauer");
            assert_string_equal(sp->name, "Ariane Bauer");
            assert_int_equal(sp->gender, AT_GENDER_FEMALE);
            assert_string_not_equal(t->voice, s->speakers[0].voice);
            assert_true(strncmp(t->voice, "quote-f", 7) == 0);
        }
        if (t->kind == AT_TURN_CAPTION || contains(src, n, "Navigate Uncertainty") ||
            contains(src, n, "Photo Credit") || contains(src, n, "Photo credit"))
            assert_int_equal(t->speaker, 0);
    }
    assert_int_equal(quotes, 10);
    assert_int_equal(s->nspeakers, 2);
    at_script_free(s);
    free(text);
}

/* A bad line in the cue table is an error naming file:line. */
static void test_cues_errors(void **state)
{
    at_cues *c = NULL;
    at_error e;
    static const char bad_kind[] = "verb\tsaid\nnoun\tcat\n";
    static const char bad_value[] = "# c\n\npronoun\tshe\tfemale\npronoun\the\tboy\n";
    (void)state;
    assert_int_equal(at__cues_parse("cues.tsv", bad_kind, strlen(bad_kind), &c, &e), AT_ECONFIG);
    assert_non_null(strstr(e.msg, "cues.tsv:2:"));
    assert_int_equal(at__cues_parse("cues.tsv", bad_value, strlen(bad_value), &c, &e), AT_ECONFIG);
    assert_non_null(strstr(e.msg, "cues.tsv:4:"));
    assert_int_equal(at__cues_parse("cues.tsv", "verb\n", 5, &c, &e), AT_ECONFIG);
    assert_int_equal(at__cues_parse("cues.tsv", "verb\tsaid\n", 10, &c, &e), AT_OK);
    at__cues_free(c);
}

/* The other languages' additions: a verb form's gender, a one-word prep,
 * the quotation styles, and capitals beyond ASCII. */
static void test_cues_languages(void **state)
{
    at_cues *c = NULL;
    at_error e;
    int v = -1;
    static const char table[] = "mark\tdash\nverb\t\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB\xD0\xB0\tfemale\n"
                                "prep\tselon\t-\npronoun\t\xC3\xA9l\tmale\n";
    (void)state;
    assert_int_equal(at__cues_parse("cues.tsv", table, strlen(table), &c, &e), AT_OK);
    assert_int_equal(at__cues_marks(c), AT_MARKS_DASH);
    /* СКАЗАЛА, written in capitals */
    assert_true(at__cues_find(c, AT_CUE_VERB, "\xD0\xA1\xD0\x9A\xD0\x90\xD0\x97\xD0\x90\xD0\x9B\xD0\x90", 14, &v));
    assert_int_equal(v, AT_CUEV_FEMALE);
    assert_true(at__cues_find(c, AT_CUE_PRONOUN, "\xC3\x89l", 3, &v)); /* Él */
    assert_int_equal(v, AT_CUEV_MALE);
    assert_string_equal(at__cues_prep_next(c, "Selon", 5), "");
    at__cues_free(c);
    assert_int_equal(at__cues_parse("cues.tsv", "mark\tcurly\n", 11, &c, &e), AT_ECONFIG);
    assert_non_null(strstr(e.msg, "cues.tsv:1:"));
    assert_int_equal(at__cues_parse("cues.tsv", "verb\tsaid\tgroup\n", 16, &c, &e), AT_ECONFIG);
    assert_int_equal(at__cues_parse("cues.tsv", "stop\tThe\tmale\n", 15, &c, &e), AT_ECONFIG);
}

/* Five women and a pool of two: voices cycle, never the narrator's, even
 * when the narrator's profile sits in the pool. */
static void test_casting_cycles(void **state)
{
    fixture *f = *state;
    static const char cast_text[] = "narration = quote-f1\nfemale = quote-f1 quote-f2\nunknown = quote-u1\n";
    static const char article[] = "Headline of the case\n\n"
                                  "“One is here,” said Ms Able. “Two is here,” said Ms Baker.\n\n"
                                  "“Three is here,” said Ms Cole. “Four is here,” said Ms Dunn.\n\n"
                                  "“Five is here,” said Ms Evans.\n";
    at_casting cast, keep = f->cast;
    at_error e;
    at_script *s;
    size_t k;
    assert_int_equal(at__casting_parse("c", cast_text, strlen(cast_text), &cast, &e), AT_OK);
    f->cast = cast;
    s = segment_text(f, article, strlen(article), 0);
    assert_int_equal(s->nspeakers, 6);
    assert_string_equal(s->speakers[1].voice, "quote-f2");
    assert_string_equal(s->speakers[2].voice, "quote-u1");
    for (k = 1; k < s->nspeakers; k++) {
        assert_string_not_equal(s->speakers[k].voice, "quote-f1");
        assert_int_equal(s->speakers[k].gender, AT_GENDER_FEMALE);
    }
    at_script_free(s);
    f->cast = keep;
    at__casting_free(&cast);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_reference),
        cmocka_unit_test(test_cues_errors),
        cmocka_unit_test(test_cues_languages),
        cmocka_unit_test(test_casting_cycles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
