/* Unit tests for the plain-text reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "read.h"

static at_doc *read_ok(const char *text)
{
    at_doc *d = NULL;
    at_error e;
    memset(&e, 0, sizeof e);
    if (at__doc_read_text(text, strlen(text), "t.txt", &d, &e) != AT_OK)
        fail_msg("read failed: %s", e.msg);
    return d;
}

static at_status read_err(const char *text, size_t len, at_error *e)
{
    at_doc *d = NULL;
    at_status st;
    memset(e, 0, sizeof *e);
    st = at__doc_read_text(text, len, "bad.txt", &d, e);
    assert_null(d);
    return st;
}

static const char article[] =
    "Harbour Opens a New Pier\n"
    "\n"
    "VALLETTA — The harbour opened a pier on Monday. It cost a lot.\n"
    "\n"
    "Maria Vella at the pier. Photo Credit: The Courier\n"
    "\n"
    "“It is a good day,” said Vella.\n"
    "\n"
    "What comes next\n"
    "\n"
    "The second phase starts in May.\n"
    "\n"
    "Get The Courier stories sent directly to you! Sign up via the website.\n";

static void title_and_sections(void **state)
{
    at_doc *d = read_ok(article);
    (void)state;
    assert_string_equal(d->meta.title, "Harbour Opens a New Pier");
    assert_int_equal(d->nsections, 2);
    assert_string_equal(d->sections[0].title, "Harbour Opens a New Pier");
    assert_string_equal(d->sections[1].title, "What comes next");
    at__doc_free(d);
}

static void dateline_caption_footer(void **state)
{
    at_doc *d = read_ok(article);
    const at_section *s0;
    (void)state;
    s0 = &d->sections[0];
    assert_string_equal(d->meta.dateline, "VALLETTA");
    assert_int_equal(s0->nblocks, 3);
    assert_int_equal(s0->blocks[0].kind, AT_BLOCK_PARAGRAPH);
    assert_int_equal(s0->blocks[0].dateline_end, 8);
    assert_int_equal(s0->blocks[1].kind, AT_BLOCK_CAPTION);
    assert_int_equal(s0->blocks[2].kind, AT_BLOCK_PARAGRAPH);
    assert_int_equal(d->sections[1].nblocks, 2);
    assert_int_equal(d->sections[1].blocks[1].kind, AT_BLOCK_BOILERPLATE);
    at__doc_free(d);
}

/* Block text is byte-aligned with its source range. */
static void source_ranges(void **state)
{
    at_doc *d = read_ok(article);
    size_t i, j;
    (void)state;
    for (i = 0; i < d->nsections; i++) {
        const at_section *s = &d->sections[i];
        assert_memory_equal(article + s->title_start, s->title, strlen(s->title));
        for (j = 0; j < s->nblocks; j++) {
            const at_block *b = &s->blocks[j];
            assert_int_equal(b->src_end - b->src_start, b->len);
            assert_memory_equal(article + b->src_start, b->text, b->len);
        }
    }
    at__doc_free(d);
}

static void bom_and_crlf(void **state)
{
    const char *t = "\xEF\xBB\xBFTitle Here\r\n\r\nLONDON — First line\r\nwraps here.\r\n\r\nShort heading\r\n\r\nMore text.\r\n";
    at_doc *d = read_ok(t);
    const at_block *b;
    (void)state;
    assert_string_equal(d->meta.title, "Title Here");
    assert_int_equal(d->title_start, 3);
    assert_int_equal(d->nsections, 2);
    b = &d->sections[0].blocks[0];
    assert_string_equal(b->text, "LONDON — First line  wraps here.");
    assert_string_equal(d->sections[1].title, "Short heading");
    at__doc_free(d);
}

/* A lone quotation paragraph without a full stop is body text. */
static void lone_quote_is_body(void **state)
{
    const char *t = "T\n\nFirst paragraph.\n\n“We will be back”\n\nLast paragraph.\n";
    at_doc *d = read_ok(t);
    (void)state;
    assert_int_equal(d->nsections, 1);
    assert_int_equal(d->sections[0].nblocks, 3);
    at__doc_free(d);
}

/* One paragraph per line with no blank lines between them. */
static void one_paragraph_per_line(void **state)
{
    const char *t = "A Title\nFirst paragraph here.\nSecond paragraph here.\nThird paragraph here.\n";
    at_doc *d = read_ok(t);
    (void)state;
    assert_int_equal(d->sections[0].nblocks, 3);
    assert_string_equal(d->sections[0].blocks[1].text, "Second paragraph here.");
    at__doc_free(d);
}

static void byline(void **state)
{
    const char *t = "A Title\n\nBy Jane Doe\n\nBody text here.\n";
    at_doc *d = read_ok(t);
    (void)state;
    assert_string_equal(d->meta.author, "Jane Doe");
    assert_int_equal(d->sections[0].nblocks, 1);
    at__doc_free(d);
}

static void heading_rules(void **state)
{
    /* a short unpunctuated line at the very end is not a heading */
    const char *t = "A Title\n\nBody one.\n\nNot a heading at the end\n";
    at_doc *d = read_ok(t);
    (void)state;
    assert_int_equal(d->nsections, 1);
    assert_int_equal(d->sections[0].nblocks, 2);
    at__doc_free(d);
}

static void errors(void **state)
{
    at_error e;
    (void)state;
    assert_int_equal(read_err("", 0, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "bad.txt"));
    assert_non_null(strstr(e.msg, "empty"));
    assert_int_equal(read_err("  \n\t\n", 5, &e), AT_EINPUT);
    assert_int_equal(read_err("Title\n\nbad \xC3\x28 byte\n", 19, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "bad.txt:3:5"));
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_int_equal(read_err("Ti\0tle\n", 7, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "NUL"));
    assert_int_equal(read_err("\xFF\xFET\0i\0", 6, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "UTF-16"));
    assert_int_equal(read_err("Only a title\n", 13, &e), AT_EINPUT);
}

/* Dates as pages give them -> ISO 8601, times and zones kept. */
static void dates_iso(void **state)
{
    static const char *const cases[][2] = {
        {"2019-11-19", "2019-11-19"},
        {"2019-11-19T05:44:06.000Z", "2019-11-19T05:44:06Z"},
        {"2026-11-23T09:30:00+01:00", "2026-11-23T09:30:00+01:00"},
        {"2019-11-19 05:44:06+0000", "2019-11-19T05:44:06Z"},
        {"Tue Nov 19 2019 05:44:06 GMT+0000", "2019-11-19T05:44:06Z"},
        {"Tue, 19 Nov 2019 05:44:06 -0500", "2019-11-19T05:44:06-05:00"},
        {"Sept. 25, 2018", "2018-09-25"},
        {"20 May 2024", "2024-05-20"},
        {"November 19th, 2019 at 10:05", "2019-11-19T10:05:00"},
        {"2019/11/19", "2019-11-19"},
        {"February 30, 2019", NULL},
        {"10 p.m.", NULL},
        {"yesterday", NULL},
        {"", NULL},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *got = at__date_iso(cases[k][0]);
        if (cases[k][1])
            assert_string_equal(got ? got : "(null)", cases[k][1]);
        else if (got)
            fail_msg("%s -> %s, expected no date", cases[k][0], got);
        free(got);
    }
}

/* Lines that are dates and nothing else; not telephone numbers or text. */
static void date_lines(void **state)
{
    static const char *const yes[] = {"Sept. 25, 2018", "Updated 5:27 a.m. CST, Wednesday, November 20, 2019",
                                      "Published on 2019-11-18", "(Published Monday, Nov. 18, 2019)", "10 p.m.",
                                      "05/10/2018", "5 min read", "2 hours ago", NULL};
    static const char *const no[] = {"02-751-1500", "In 2019", "May we all be happy",
                                     "The vote was on May 5, 2019.", NULL};
    const char *const *c;
    (void)state;
    for (c = yes; *c; c++)
        if (!at__is_date_line(*c, strlen(*c)))
            fail_msg("not a date line: %s", *c);
    for (c = no; *c; c++)
        if (at__is_date_line(*c, strlen(*c)))
            fail_msg("taken for a date line: %s", *c);
}

/* Visible bylines -> the name alone. */
static void bylines_cleaned(void **state)
{
    static const char *const cases[][2] = {
        {"By Staff Reporter in Nation on 20 May 2024", "Staff Reporter"},
        {"Written by Jo Lee | Updated Nov. 20", "Jo Lee"},
        {"By: Ana Souza - 05/10/2018", "Ana Souza"},
        {"Jill Disis, CNN Business", "Jill Disis, CNN Business"},
        {"By the way, this is a sentence that goes on and on about nothing at all in particular", NULL},
        {"by", NULL},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *got = at__byline_clean(cases[k][0], strlen(cases[k][0]));
        if (cases[k][1])
            assert_string_equal(got ? got : "(null)", cases[k][1]);
        else if (got)
            fail_msg("%s -> %s, expected no name", cases[k][0], got);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_and_sections), cmocka_unit_test(dateline_caption_footer),
        cmocka_unit_test(source_ranges),      cmocka_unit_test(bom_and_crlf),
        cmocka_unit_test(lone_quote_is_body), cmocka_unit_test(one_paragraph_per_line),
        cmocka_unit_test(byline),             cmocka_unit_test(heading_rules),
        cmocka_unit_test(errors),             cmocka_unit_test(dates_iso),
        cmocka_unit_test(date_lines),         cmocka_unit_test(bylines_cleaned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
