/* Unit tests for input handling (format detection, charset decoding, the
 * size limit) and the plain-text rules added for articles from the wild. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "read.h"
#include "util.h"

static at_doc *text(const char *t)
{
    at_doc *d = NULL;
    at_error e;
    memset(&e, 0, sizeof e);
    if (at__doc_read_text(t, strlen(t), "t.txt", &d, &e) != AT_OK)
        fail_msg("read failed: %s", e.msg);
    return d;
}

static void detect(void **state)
{
    (void)state;
    assert_int_equal(at__detect_format("a.HTML", "x", 1), AT_INPUT_HTML);
    assert_int_equal(at__detect_format("dir.md/a.xhtml", "x", 1), AT_INPUT_HTML);
    assert_int_equal(at__detect_format("a.markdown", "<html>", 6), AT_INPUT_MARKDOWN);
    assert_int_equal(at__detect_format("a.txt", "# x\n", 4), AT_INPUT_TEXT);
    assert_int_equal(at__detect_format("<stdin>", "\n  <!DOCTYPE html><p>x", 22), AT_INPUT_HTML);
    assert_int_equal(at__detect_format("<stdin>", "<div>x</div>", 12), AT_INPUT_HTML);
    assert_int_equal(at__detect_format("<stdin>", "---\ntitle: x\n---\n", 17), AT_INPUT_MARKDOWN);
    assert_int_equal(at__detect_format("<stdin>", "Title\n\n## Part\n", 15), AT_INPUT_MARKDOWN);
    assert_int_equal(at__detect_format("<stdin>", "T\n\nsee [x](https://a)", 21), AT_INPUT_MARKDOWN);
    assert_int_equal(at__detect_format("<stdin>", "Title\n\n#1 seed wins.\n", 21), AT_INPUT_TEXT);
    assert_int_equal(at__detect_format("noext", "Title\n\nBody <b>x.\n", 18), AT_INPUT_TEXT);
}

static void decode(void **state)
{
    char *conv;
    size_t n;
    const char *what;
    at_error e;
    (void)state;
    assert_int_equal(at__decode("plain \xC3\xA9", 8, "a", 1, &conv, &n, &what, &e), AT_OK);
    assert_null(conv);
    assert_int_equal(at__decode("Caf\xE9 \x93q\x94 \x80", 10, "a", 1, &conv, &n, &what, &e), AT_OK);
    assert_string_equal(conv, "Caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC");
    assert_non_null(strstr(what, "1252"));
    free(conv);
    /* mixed: valid UTF-8 kept, stray bytes converted */
    assert_int_equal(at__decode("\xC3\xA9 \xE9", 4, "a", 1, &conv, &n, &what, &e), AT_OK);
    assert_string_equal(conv, "\xC3\xA9 \xC3\xA9");
    free(conv);
    assert_int_equal(at__decode("Caf\xE9", 4, "strict.txt", 0, &conv, &n, &what, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "strict.txt:1:4"));
    assert_int_equal(at__decode("\xFF\xFEH\0\xE9\0=\xD8\0\xDE", 10, "a", 1, &conv, &n, &what, &e), AT_OK);
    assert_string_equal(conv, "H\xC3\xA9\xF0\x9F\x98\x80");
    assert_string_equal(what, "UTF-16LE");
    free(conv);
    assert_int_equal(at__decode("\xFE\xFF\0H\0i", 6, "a", 1, &conv, &n, &what, &e), AT_OK);
    assert_string_equal(conv, "Hi");
    free(conv);
    assert_int_equal(at__decode("GIF89a\x01\0\x01\0", 10, "pic.txt", 1, &conv, &n, &what, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "pic.txt"));
    assert_non_null(strstr(e.msg, "binary"));
    assert_int_equal(at__decode("\x01\x02\x03\x04\x05\x06\x07\x08\x0E\x0F", 10, "ctl", 1, &conv, &n, &what, &e),
                     AT_EINPUT);
}

static void dispatch_and_limit(void **state)
{
    char path[] = "/tmp/at_read_input_XXXXXX";
    const char body[] = "Caf\xE9 Title\n\nIt opened.\n";
    at_read_options o;
    at_doc *d = NULL;
    at_error e;
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, body, sizeof body - 1), (ssize_t)(sizeof body - 1));
    close(fd);
    memset(&o, 0, sizeof o);
    assert_int_equal(at__doc_read_file(path, &o, &d, &e), AT_OK);
    assert_string_equal(d->meta.title, "Caf\xC3\xA9 Title");
    assert_int_equal(d->nwarnings, 1);
    assert_non_null(strstr(d->warnings[0], path));
    at__doc_free(d);
    d = NULL;
    o.max_input = 10;
    assert_int_equal(at__doc_read_file(path, &o, &d, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "--max-input"));
    o.max_input = 0;
    o.format = AT_INPUT_MARKDOWN;
    assert_int_equal(at__doc_read_file(path, &o, &d, &e), AT_OK);
    at__doc_free(d);
    unlink(path);
}

static void lists(void **state)
{
    at_doc *d = text("Title\n\nIntro text.\n\n- one\n- two\n  wraps\n\n1. first\n2) second\n\n"
                     "\xE2\x80\xA2 bullet\n\nOutro.\n");
    const at_section *s = &d->sections[0];
    (void)state;
    assert_int_equal(d->nsections, 1);
    assert_int_equal(s->nblocks, 7);
    assert_int_equal(s->blocks[1].kind, AT_BLOCK_LIST_ITEM);
    assert_string_equal(s->blocks[1].text, "one");
    assert_string_equal(s->blocks[2].text, "two   wraps");
    assert_string_equal(s->blocks[3].text, "first");
    assert_string_equal(s->blocks[4].text, "second");
    assert_string_equal(s->blocks[5].text, "bullet");
    assert_int_equal(s->blocks[5].kind, AT_BLOCK_LIST_ITEM);
    assert_int_equal(s->blocks[6].kind, AT_BLOCK_PARAGRAPH);
    at__doc_free(d);
}

static void datelines(void **state)
{
    static const struct {
        const char *para;
        const char *place; /* NULL: no dateline */
    } cases[] = {
        {"ASTANA \xE2\x80\x94 The talks began.", "ASTANA"},
        {"LONDON (Reuters) - Shares fell.", "LONDON"},
        {"WASHINGTON, July 3 (AP) \xE2\x80\x94 The vote passed.", "WASHINGTON"},
        {"Astana, 3 July 2017 \xE2\x80\x93 The forum opened.", "Astana"},
        {"NEW YORK \xE2\x80\x94 It rained.", "NEW YORK"},
        {"KABUL, Afghanistan -- Roads closed.", "KABUL"},
        {"McCRACKEN COUNTY, KY \xE2\x80\x94 Deputies searched.", "McCRACKEN COUNTY"},
        {"Meanwhile, 3 people \xE2\x80\x94 all local \xE2\x80\x94 left.", NULL},
        {"The port \xE2\x80\x94 busy as ever \xE2\x80\x94 opened.", NULL},
    };
    size_t k;
    char buf[256];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        at_doc *d;
        snprintf(buf, sizeof buf, "Title\n\n%s\n\nMore.\n", cases[k].para);
        d = text(buf);
        if (cases[k].place) {
            if (!d->meta.dateline || strcmp(d->meta.dateline, cases[k].place) != 0)
                fail_msg("%s: dateline %s, expected %s", cases[k].para, d->meta.dateline, cases[k].place);
            assert_int_equal(d->sections[0].blocks[0].dateline_end, strlen(cases[k].place));
        } else if (d->meta.dateline) {
            fail_msg("%s: dateline %s, expected none", cases[k].para, d->meta.dateline);
        }
        at__doc_free(d);
    }
}

static void boilerplate_notes_bylines(void **state)
{
    at_doc *d = text("Title\n\nEditor\xE2\x80\x99s note: This story was updated.\n\nBy Jane Doe, Staff Writer\n\n"
                     "PARIS \xE2\x80\x94 Body.\n\nRelated: Another story\n\nRead more: the full report\n\n"
                     "Read more \xC2\xBB\n\nRead more books, the minister urged.\n\nLast paragraph.\n");
    const at_section *s = &d->sections[0];
    (void)state;
    assert_string_equal(d->meta.author, "Jane Doe");
    assert_string_equal(d->meta.dateline, "PARIS");
    assert_int_equal(s->nblocks, 7);
    assert_int_equal(s->blocks[0].kind, AT_BLOCK_NOTE);
    assert_int_equal(s->blocks[1].kind, AT_BLOCK_PARAGRAPH);
    assert_int_equal(s->blocks[2].kind, AT_BLOCK_BOILERPLATE);
    assert_int_equal(s->blocks[3].kind, AT_BLOCK_BOILERPLATE);
    assert_int_equal(s->blocks[4].kind, AT_BLOCK_BOILERPLATE);
    assert_int_equal(s->blocks[5].kind, AT_BLOCK_PARAGRAPH);
    assert_true(s->blocks[1].aligned);
    at__doc_free(d);
}

/* "newsletter" makes a footer only with a call to act, never in a
 * quotation. */
static void newsletter_paragraphs(void **state)
{
    static const struct {
        const char *para;
        int boilerplate;
    } cases[] = {
        {"Sign up for our free newsletter.", 1},
        {"Get our weekly newsletter in your inbox.", 1},
        {"Subscribe to the morning newsletter.", 1},
        {"\"We found it,\" said Dr. Ann Moss, in a newsletter from the observatory.", 0},
        {"The findings appeared in a newsletter from the society.", 0},
        {"\xE2\x80\x9CJoin our newsletter,\xE2\x80\x9D the sign read, she said.", 0},
    };
    size_t k;
    char buf[256];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        at_doc *d;
        snprintf(buf, sizeof buf, "Title\n\nBody.\n\n%s\n\nMore.\n", cases[k].para);
        d = text(buf);
        if ((d->sections[0].blocks[1].kind == AT_BLOCK_BOILERPLATE) != cases[k].boilerplate)
            fail_msg("%s: boilerplate %d, expected %d", cases[k].para,
                     d->sections[0].blocks[1].kind == AT_BLOCK_BOILERPLATE, cases[k].boilerplate);
        at__doc_free(d);
    }
}

static void bylines(void **state)
{
    static const struct {
        const char *line;
        const char *name; /* NULL: not a byline */
    } cases[] = {
        {"By Jane Doe", "Jane Doe"},
        {"By: Jane Doe | Reuters", "Jane Doe"},
        {"By Jane Doe, staff writer", "Jane Doe"},
        {"By Anna de Souza and Jo Grech", "Anna de Souza and Jo Grech"},
        {"By Jane Doe Jr.", "Jane Doe Jr."},
        {"By Monday, the council will vote.", NULL},
        {"By the end of the year it was done.", NULL},
        {"By Christmas the pier was ready.", NULL},
    };
    size_t k;
    char buf[256];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        at_doc *d;
        snprintf(buf, sizeof buf, "Title\n\n%s\n\nBody.\n\nMore.\n", cases[k].line);
        d = text(buf);
        if (cases[k].name ? !d->meta.author || strcmp(d->meta.author, cases[k].name) != 0 : d->meta.author != NULL)
            fail_msg("%s: author %s, expected %s", cases[k].line, d->meta.author ? d->meta.author : "none",
                     cases[k].name ? cases[k].name : "none");
        at__doc_free(d);
    }
}

static void caps_headline_and_quotes(void **state)
{
    at_doc *d = text("HARBOUR OPENS PIER FOR WHO TEAM\n\nThe WHO team came.\n\n\xE2\x80\x98We are here\xE2\x80\x99\n\n"
                     "Short line\n\nEnd.\n");
    (void)state;
    assert_string_equal(d->meta.title, "Harbour Opens Pier For WHO Team");
    assert_string_equal(d->sections[0].title, "Harbour Opens Pier For WHO Team");
    assert_int_equal(d->nsections, 2);
    assert_int_equal(d->sections[0].nblocks, 2); /* the lone quotation is body text */
    assert_string_equal(d->sections[1].title, "Short line");
    at__doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detect),
        cmocka_unit_test(decode),
        cmocka_unit_test(dispatch_and_limit),
        cmocka_unit_test(lists),
        cmocka_unit_test(datelines),
        cmocka_unit_test(boilerplate_notes_bylines),
        cmocka_unit_test(newsletter_paragraphs),
        cmocka_unit_test(bylines),
        cmocka_unit_test(caps_headline_and_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
