/* Batch naming: paths made safe for the output folder, names made unique
 * in input order, and the shard hash (FNV-1a, 64 bits). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "batch.h"
#include "util.h"

/* "../../etc/passwd" -> "etc/passwd": nothing climbs out, nothing is absolute */
static void test_safe_relpath(void **state)
{
    static const char *const cases[][2] = {
        {"../../etc/passwd", "etc/passwd"},
        {"/etc/passwd", "etc/passwd"},
        {"a/./b//c", "a/b/c"},
        {"..", "article"},
        {"", "article"},
        {"/", "article"},
        {"a/../b", "a/b"},
        {"..a/b..", "..a/b.."},
        {"x\ny\\z:w", "x_y_z_w"},
        {"sub/story.mp3", "sub/story.mp3"},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *got = at__safe_relpath(cases[k][0]);
        assert_string_equal(got, cases[k][1]);
        free(got);
    }
}

static void add(at_jobs *j, const char *key, const char *name)
{
    at_job *job = AT_PUSH(j->v, j->n, j->cap);
    memset(job, 0, sizeof *job);
    job->input = at__xstrdup(key);
    job->key = at__xstrdup(key);
    job->name = name ? at__xstrdup(name) : NULL;
}

/* the first comer keeps the name; later ones get -2, -3 in input order */
static void test_names_unique(void **state)
{
    at_jobs j;
    (void)state;
    memset(&j, 0, sizeof j);
    add(&j, "a/story.txt", NULL);
    add(&j, "b/story.html", "a/story");
    add(&j, "a/story.md", NULL);
    add(&j, "x.txt", "../../etc/passwd");
    add(&j, "y.txt", "same.mp3");
    add(&j, "z.txt", "same");
    add(&j, "w.txt", "same-2");
    at__jobs_name(&j, ".mp3");
    assert_string_equal(j.v[0].name, "a/story.mp3");
    assert_string_equal(j.v[1].name, "a/story-2.mp3");
    assert_string_equal(j.v[2].name, "a/story-3.mp3");
    assert_string_equal(j.v[3].name, "etc/passwd.mp3");
    assert_string_equal(j.v[4].name, "same.mp3");
    assert_string_equal(j.v[5].name, "same-2.mp3");
    assert_string_equal(j.v[6].name, "same-2-2.mp3");
    at__jobs_free(&j);
}

/* the published FNV-1a 64 test vectors */
static void test_hash(void **state)
{
    (void)state;
    assert_int_equal(at_batch_hash("", 0), 0xcbf29ce484222325ull);
    assert_int_equal(at_batch_hash("a", 1), 0xaf63dc4c8601ec8cull);
    assert_int_equal(at_batch_hash("foobar", 6), 0x85944171f73967e8ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_relpath),
        cmocka_unit_test(test_names_unique),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
