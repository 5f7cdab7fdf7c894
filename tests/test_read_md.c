/* Unit tests for the Markdown reader: the example, front matter, each
 * block mapping, source ranges, and deep nesting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "read.h"
#include "util.h"

static at_doc *md_opt(const char *text, size_t len, const at_read_options *opt)
{
    at_doc *d = NULL;
    at_error e;
    memset(&e, 0, sizeof e);
    if (at__doc_read_markdown(text, len, "t.md", opt, &d, &e) != AT_OK)
        fail_msg("read failed: %s", e.msg);
    return d;
}

static at_doc *md(const char *text)
{
    return md_opt(text, strlen(text), NULL);
}

static void example(void **state)
{
    char path[1024], *buf;
    size_t len, i, j;
    at_error e;
    at_doc *d;
    const at_section *s0;
    (void)state;
    snprintf(path, sizeof path, "%s/examples/harbour-news.md", AT_SOURCE_DIR);
    assert_int_equal(at__read_file(path, 1u << 20, &buf, &len, &e), AT_OK);
    d = md_opt(buf, len, NULL);
    s0 = &d->sections[0];
    assert_string_equal(d->meta.title, "Valletta Harbour Opens New Cruise Pier After Two-Year Build");
    assert_string_equal(d->meta.author, "Clara Mifsud");
    assert_string_equal(d->meta.date, "2026-11-23");
    assert_string_equal(d->meta.publication, "Malta Courier");
    assert_string_equal(d->meta.language, "en-GB");
    assert_string_equal(d->meta.image, "https://courier.example/img/pier-opening.jpg");
    assert_string_equal(d->meta.dateline, "VALLETTA");
    assert_int_equal(d->nsections, 3);
    assert_string_equal(d->sections[1].title, "Health and safety first");
    assert_int_equal(s0->nblocks, 4);
    assert_int_equal(s0->blocks[0].dateline_end, 8);
    assert_non_null(strstr(s0->blocks[0].text, "bill of \xE2\x82\xAC" "1.2 million above"));
    assert_int_equal(s0->blocks[2].kind, AT_BLOCK_CAPTION);
    assert_string_equal(s0->blocks[2].text,
                        "Harbour master Joseph Vella at the opening of the new pier on Monday. Photo Credit: "
                        "Malta Courier");
    /* links read as their text */
    assert_non_null(strstr(d->sections[1].blocks[0].text, "The World Health Organization (WHO) advised"));
    assert_int_equal(d->sections[2].blocks[2].kind, AT_BLOCK_BOILERPLATE);
    assert_memory_equal(buf + d->title_start, "# Valletta", 10);
    for (i = 0; i < d->nsections; i++) {
        for (j = 0; j < d->sections[i].nblocks; j++) {
            const at_block *b = &d->sections[i].blocks[j];
            assert_true(b->src_start < b->src_end && b->src_end <= len);
            assert_null(strstr(b->text, "https://"));
            if (b->aligned) {
                size_t k;
                for (k = 0; k < b->len; k++)
                    assert_true(buf[b->src_start + k] == b->text[k] || buf[b->src_start + k] == '\n');
            }
        }
    }
    assert_true(d->sections[1].blocks[1].aligned);
    assert_false(s0->blocks[0].aligned); /* **bold** */
    at__doc_free(d);
    free(buf);
}

static void blocks_map(void **state)
{
    at_doc *d = md("# Head\n\nBy Jo Grech\n\nBody *one*  \nline two.\n\n"
                   "> Quoted one.\n>\n> Quoted two.\n\n- item a\n- item b\n\n1. first\n2. second\n\n"
                   "```\ncode here\n```\n\n#### Minor\n\n<div>raw html</div>\n\n## Part\n\nText with `code` and "
                   "![a pic](p.jpg) inside.\n");
    const at_section *s0 = &d->sections[0];
    (void)state;
    assert_string_equal(d->meta.author, "Jo Grech");
    assert_string_equal(s0->title, "Head");
    assert_int_equal(s0->nblocks, 8);
    assert_string_equal(s0->blocks[0].text, "Body one line two.");
    assert_int_equal(s0->blocks[1].kind, AT_BLOCK_QUOTE);
    assert_string_equal(s0->blocks[2].text, "Quoted two.");
    assert_int_equal(s0->blocks[3].kind, AT_BLOCK_LIST_ITEM);
    assert_string_equal(s0->blocks[3].text, "item a");
    assert_int_equal(s0->blocks[6].kind, AT_BLOCK_LIST_ITEM);
    assert_string_equal(s0->blocks[6].text, "second");
    assert_string_equal(s0->blocks[7].text, "Minor");
    assert_string_equal(d->sections[1].title, "Part");
    assert_string_equal(d->sections[1].blocks[0].text, "Text with code and inside.");
    assert_int_equal(d->sections[1].blocks[1].kind, AT_BLOCK_CAPTION);
    assert_string_equal(d->sections[1].blocks[1].text, "a pic");
    at__doc_free(d);
}

static void code_announced(void **state)
{
    at_read_options o;
    const char *t = "# H\n\nText.\n\n    indented code\n";
    at_doc *d;
    (void)state;
    memset(&o, 0, sizeof o);
    o.code_blocks = AT_CODE_ANNOUNCE;
    d = md_opt(t, strlen(t), &o);
    assert_int_equal(d->sections[0].nblocks, 2);
    assert_non_null(strstr(d->sections[0].blocks[1].text, "code"));
    at__doc_free(d);
}

static const char fm[] = "---\ntitle: From the Front\nauthors:\n  - Ann Abela\n  - name: Ben Bonnici\n"
                         "publisher:\n  name: The Paper\ndate: 2024-05-06\n---\nJust a paragraph.\n";

static void front_matter(void **state)
{
    at_doc *d = md(fm);
    (void)state;
    assert_string_equal(d->meta.title, "From the Front");
    assert_string_equal(d->sections[0].title, "From the Front");
    assert_string_equal(d->meta.author, "Ann Abela, Ben Bonnici");
    assert_string_equal(d->meta.publication, "The Paper");
    assert_string_equal(d->meta.date, "2024-05-06");
    assert_int_equal(d->sections[0].nblocks, 1);
    /* ranges count from the start of the file, front matter included */
    assert_int_equal(d->sections[0].blocks[0].src_start, strstr(fm, "Just") - fm);
    assert_true(d->sections[0].blocks[0].aligned);
    at__doc_free(d);
    /* broken YAML: a warning, and the article still reads */
    d = md("---\ntitle: [unclosed\n---\n# Real\n\nBody.\n");
    assert_int_equal(d->nwarnings, 1);
    assert_non_null(strstr(d->warnings[0], "t.md:"));
    assert_string_equal(d->sections[0].title, "Real");
    at__doc_free(d);
    /* a thematic break that is not front matter; no headline anywhere:
     * the short first paragraph is the headline */
    d = md("Intro line\n\n---\n\nMore.\n\nAnd more.\n");
    assert_string_equal(d->sections[0].title, "Intro line");
    assert_string_equal(d->meta.title, "Intro line");
    assert_int_equal(d->sections[0].nblocks, 2);
    at__doc_free(d);
}

static void deep_nesting(void **state)
{
    at_buf b = {0};
    size_t k;
    at_doc *d;
    (void)state;
    at__buf_puts(&b, "# Deep\n\n");
    for (k = 0; k < 10000; k++)
        at__buf_putc(&b, '>');
    at__buf_puts(&b, " bottom\n\n");
    for (k = 0; k < 10000; k++)
        at__buf_puts(&b, "- ");
    at__buf_puts(&b, "item\n\n");
    for (k = 0; k < 10000; k++)
        at__buf_puts(&b, "*[");
    at__buf_puts(&b, "x\n");
    d = md_opt(b.p, b.n, NULL);
    assert_int_equal(d->sections[0].blocks[0].kind, AT_BLOCK_QUOTE);
    assert_string_equal(d->sections[0].blocks[0].text, "bottom");
    at__doc_free(d);
    at__buf_free(&b);
}

static void errors(void **state)
{
    at_doc *d = NULL;
    at_error e;
    (void)state;
    assert_int_equal(at__doc_read_markdown("---\ntitle: x\n---\n", 17, "empty.md", NULL, &d, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "empty.md"));
    assert_int_equal(at__doc_read_markdown("# T\n\n\xC3\x28\n", 8, "bad.md", NULL, &d, &e), AT_EINPUT);
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_null(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example),      cmocka_unit_test(blocks_map),   cmocka_unit_test(code_announced),
        cmocka_unit_test(front_matter), cmocka_unit_test(deep_nesting), cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
