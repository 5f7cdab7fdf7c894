/* Unit tests for the HTML reader: the example page, crafted cases for each
 * mapping rule, metadata, charsets, entities and deep nesting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLtree.h>

#include "html.h"
#include "read.h"
#include "util.h"

static at_doc *html_opt(const char *text, size_t len, const at_read_options *opt)
{
    at_doc *d = NULL;
    at_error e;
    memset(&e, 0, sizeof e);
    if (at__doc_read_html(text, len, "t.html", opt, &d, &e) != AT_OK)
        fail_msg("read failed: %s", e.msg);
    return d;
}

static at_doc *html(const char *text)
{
    return html_opt(text, strlen(text), NULL);
}

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    char *buf = NULL;
    at_error e;
    snprintf(path, sizeof path, "%s/%s", AT_SOURCE_DIR, rel);
    if (at__read_file(path, 1u << 24, &buf, len, &e) != AT_OK)
        fail_msg("%s", e.msg);
    return buf;
}

/* Every block's text anywhere in the doc, for "is it there" checks. */
static int doc_has(const at_doc *d, const char *needle)
{
    size_t i, j;
    for (i = 0; i < d->nsections; i++)
        for (j = 0; j < d->sections[i].nblocks; j++)
            if (strstr(d->sections[i].blocks[j].text, needle))
                return 1;
    return 0;
}

static void example_page(void **state)
{
    size_t len, i, j;
    char *buf = slurp("examples/harbour-news.html", &len);
    at_doc *d = html_opt(buf, len, NULL);
    const at_section *s0 = &d->sections[0];
    static const char *const furniture[] = {"cookies", "Accept all", "Share on", "Gozo ferry", "Related",
                                            "Advertisement", "Book your cruise", "Finally!", "Most read",
                                            "rights reserved", "Business", "23 November 2026</", NULL};
    const char *const *f;
    (void)state;
    assert_string_equal(d->meta.title, "Valletta Harbour Opens New Cruise Pier After Two-Year Build");
    assert_string_equal(d->meta.author, "Clara Mifsud");
    assert_string_equal(d->meta.publication, "Malta Courier");
    assert_string_equal(d->meta.date, "2026-11-23T09:30:00+01:00");
    assert_string_equal(d->meta.image, "https://courier.example/img/pier-opening.jpg");
    assert_string_equal(d->meta.language, "en-GB");
    assert_string_equal(d->meta.dateline, "VALLETTA");
    assert_int_equal(d->nsections, 3);
    assert_string_equal(s0->title, "Valletta Harbour Opens New Cruise Pier After Two-Year Build");
    assert_string_equal(d->sections[1].title, "Health and safety first");
    assert_string_equal(d->sections[2].title, "What comes next");
    assert_int_equal(s0->nblocks, 4);
    assert_int_equal(s0->blocks[0].kind, AT_BLOCK_PARAGRAPH);
    assert_int_equal(s0->blocks[0].dateline_end, 8);
    assert_int_equal(s0->blocks[2].kind, AT_BLOCK_CAPTION);
    assert_non_null(strstr(s0->blocks[2].text, "Photo Credit: Malta Courier"));
    /* entities decoded, line breaks collapsed */
    assert_memory_equal(s0->blocks[3].text, "\xE2\x80\x9CThis pier", 12);
    assert_non_null(strstr(s0->blocks[1].text, "next year, up"));
    assert_int_equal(d->sections[2].nblocks, 3);
    assert_int_equal(d->sections[2].blocks[2].kind, AT_BLOCK_BOILERPLATE);
    for (f = furniture; *f; f++)
        if (doc_has(d, *f))
            fail_msg("furniture read: %s", *f);
    /* ranges: inside the file, covering the text; exact when aligned */
    assert_memory_equal(buf + d->title_start, "<h1>", 4);
    for (i = 0; i < d->nsections; i++) {
        for (j = 0; j < d->sections[i].nblocks; j++) {
            const at_block *b = &d->sections[i].blocks[j];
            char tail[8];
            assert_true(b->src_start < b->src_end && b->src_end <= len);
            if (b->aligned)
                assert_memory_equal(buf + b->src_start, b->text, b->len);
            memcpy(tail, b->text + b->len - 6, 6);
            tail[6] = '\0';
            {
                char *slice = at__xstrndup(buf + b->src_start, b->src_end - b->src_start);
                if (!strstr(slice, tail))
                    fail_msg("block %zu.%zu range [%zu, %zu) lacks %s", i, j, b->src_start, b->src_end, tail);
                free(slice);
            }
        }
    }
    assert_true(s0->blocks[0].aligned);
    /* text offsets map into the block's range */
    assert_int_equal(at__block_source(&s0->blocks[0], 3), s0->blocks[0].src_start + 3);
    assert_int_equal(at__block_source(&s0->blocks[3], s0->blocks[3].len), s0->blocks[3].src_end);
    assert_true(at__block_source(&s0->blocks[3], 10) > s0->blocks[3].src_start);
    at__doc_free(d);
    free(buf);
}

static void blocks_map(void **state)
{
    at_doc *d = html("<html><body><article><h1>Head</h1>"
                     "<p>One <em>two</em><br>three.</p>"
                     "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"
                     "<blockquote>Short quote.</blockquote>"
                     "<ul><li>First item<ul><li>Nested item</li></ul></li><li><p>Para item</p></li></ul>"
                     "<h3>Third level</h3><h4>Minor</h4><dl><dt>Term</dt><dd>Meaning</dd></dl>"
                     "<div>Loose text in a div.<p>After.</p>Tail text.<br>\n<br>Next <b>part</b>.<br>Same.</div>"
                     "<p class=\"byline\">By Jo Grech</p>"
                     "</article></body></html>");
    const at_section *s0 = &d->sections[0], *s1 = &d->sections[1];
    (void)state;
    assert_int_equal(d->nsections, 2);
    assert_string_equal(s0->title, "Head");
    assert_string_equal(d->meta.author, "Jo Grech");
    assert_int_equal(s0->nblocks, 7);
    assert_string_equal(s0->blocks[0].text, "One two three.");
    assert_int_equal(s0->blocks[1].kind, AT_BLOCK_QUOTE);
    assert_string_equal(s0->blocks[2].text, "Quoted two.");
    assert_int_equal(s0->blocks[2].kind, AT_BLOCK_QUOTE);
    assert_int_equal(s0->blocks[3].kind, AT_BLOCK_QUOTE);
    assert_string_equal(s0->blocks[4].text, "First item");
    assert_int_equal(s0->blocks[4].kind, AT_BLOCK_LIST_ITEM);
    assert_string_equal(s0->blocks[5].text, "Nested item");
    assert_int_equal(s0->blocks[5].kind, AT_BLOCK_LIST_ITEM);
    assert_string_equal(s0->blocks[6].text, "Para item");
    assert_string_equal(s1->title, "Third level");
    assert_string_equal(s1->blocks[0].text, "Minor");
    assert_string_equal(s1->blocks[1].text, "Term");
    assert_string_equal(s1->blocks[2].text, "Meaning");
    assert_string_equal(s1->blocks[3].text, "Loose text in a div.");
    assert_string_equal(s1->blocks[4].text, "After.");
    assert_string_equal(s1->blocks[5].text, "Tail text.");
    assert_string_equal(s1->blocks[6].text, "Next part. Same.");
    assert_int_equal(s1->nblocks, 7);
    at__doc_free(d);
}

static const char table_page[] = "<article><h1>T</h1><p>Body.</p><table><caption>Passengers</caption>"
                                 "<tr><th>Year</th><th>People</th></tr><tr><td>2025</td><td>380,000</td></tr>"
                                 "</table><pre>int x;</pre></article>";

static void tables_and_code(void **state)
{
    at_read_options o;
    at_doc *d = html(table_page);
    (void)state;
    assert_int_equal(d->sections[0].nblocks, 4);
    assert_string_equal(d->sections[0].blocks[1].text, "Passengers");
    assert_string_equal(d->sections[0].blocks[2].text, "Year, People.");
    assert_string_equal(d->sections[0].blocks[3].text, "2025, 380,000.");
    at__doc_free(d);
    memset(&o, 0, sizeof o);
    o.skip_tables = 1;
    o.code_blocks = AT_CODE_ANNOUNCE;
    d = html_opt(table_page, strlen(table_page), &o);
    assert_int_equal(d->sections[0].nblocks, 2);
    assert_non_null(strstr(d->sections[0].blocks[1].text, "code"));
    at__doc_free(d);
}

/* No <article>: [itemprop=articleBody], then <main>, then the densest
 * container; the headline may sit outside the body. */
static void body_finding(void **state)
{
    at_doc *d = html("<body><h1>Outside</h1><div class=x><p>Menu-ish.</p></div>"
                     "<div itemprop=\"articleBody\"><p>Real body.</p></div><main><p>Main.</p></main></body>");
    (void)state;
    assert_string_equal(d->sections[0].title, "Outside");
    assert_int_equal(d->sections[0].nblocks, 1);
    assert_string_equal(d->sections[0].blocks[0].text, "Real body.");
    at__doc_free(d);
    d = html("<body><div id=a><p>Short.</p></div><div id=b><p>A much longer paragraph of real text here.</p>"
             "<p>And another long paragraph of the article.</p></div><title>Page title</title></body>");
    assert_int_equal(d->sections[0].nblocks, 2);
    assert_string_equal(d->sections[0].blocks[0].text, "A much longer paragraph of real text here.");
    assert_string_equal(d->meta.title, "Page title");
    at__doc_free(d);
    /* a logo <h1> outside the article loses to the OpenGraph title */
    d = html("<head><meta property=\"og:title\" content=\"Real Headline\"></head><body><header><h1>Logo</h1>"
             "</header><article><p>Text.</p><div class=\"image-caption\">A pier. Photo: Jo</div></article></body>");
    assert_string_equal(d->sections[0].title, "Real Headline");
    assert_int_equal(d->sections[0].blocks[1].kind, AT_BLOCK_CAPTION);
    at__doc_free(d);
}

/* A blog page: no <article>, the headline and byline beside the body, and
 * a comment section with more text than the article. */
static void blog_page(void **state)
{
    at_doc *d = html(
        "<html><head><title>Council Approves Budget \xE2\x80\x93 The Gazette</title></head><body>"
        "<div class=site-branding><h1 class=site-title>The Gazette</h1></div><div id=content><div class=post>"
        "<h2 class=entry-title>Council Approves Budget</h2><div class=entry-meta><span class=byline>by Sam "
        "Azzopardi</span></div><div class=entry-content><p>The council approved its budget.</p><p>Roads get "
        "more.</p></div></div><div id=comments><ol><li><p>A very long comment that goes on and on and on about "
        "roads and potholes and the council.</p></li><li><p>Another long comment that goes on and on about the "
        "same roads and the same potholes.</p></li></ol></div></div></body></html>");
    (void)state;
    assert_string_equal(d->sections[0].title, "Council Approves Budget");
    assert_string_equal(d->meta.author, "Sam Azzopardi");
    assert_int_equal(d->sections[0].nblocks, 2);
    assert_string_equal(d->sections[0].blocks[1].text, "Roads get more.");
    at__doc_free(d);
}

static void furniture(void **state)
{
    at_doc *d = html("<article><h1>H</h1><p>Keep.</p><div class=\"social-share\"><p>Share</p></div>"
                     "<div id=\"newsletter-box\"><p>Join</p></div><div class=\"ad\"><p>Buy</p></div>"
                     "<p hidden>Hidden</p><p style=\"display: none\">None</p><div role=\"navigation\"><p>Nav</p></div>"
                     "<script>var x = '<p>no</p>';</script><form><p>Form</p></form>"
                     "<p>Related: Other story</p><footer><p>Footer note.</p></footer></article>");
    (void)state;
    assert_int_equal(d->sections[0].nblocks, 3);
    assert_string_equal(d->sections[0].blocks[0].text, "Keep.");
    assert_int_equal(d->sections[0].blocks[1].kind, AT_BLOCK_BOILERPLATE);
    assert_int_equal(d->sections[0].blocks[2].kind, AT_BLOCK_BOILERPLATE);
    at__doc_free(d);
}

static void entities_and_charsets(void **state)
{
    const char latin1[] = "<html><head><meta charset=\"iso-8859-1\"><title>T</title></head>"
                          "<body><p>Caf\xE9 &amp; cr&egrave;me &#8212; &#x20AC;5&nbsp;m.</p></body></html>";
    const char cp1252[] = "<p>\x93Hello,\x94 she said.</p>";
    const char utf16[] = "\xFF\xFE<\0p\0>\0H\0\xE9\0<\0/\0p\0>\0";
    at_doc *d = html(latin1);
    (void)state;
    assert_string_equal(d->sections[0].blocks[0].text,
                        "Caf\xC3\xA9 & cr\xC3\xA8me \xE2\x80\x94 \xE2\x82\xAC" "5 m.");
    assert_int_equal(d->nwarnings, 0);
    at__doc_free(d);
    d = html(cp1252);
    assert_string_equal(d->sections[0].blocks[0].text, "\xE2\x80\x9CHello,\xE2\x80\x9D she said.");
    assert_int_equal(d->nwarnings, 1);
    assert_non_null(strstr(d->warnings[0], "t.html"));
    at__doc_free(d);
    /* bytes that do not fit the declared charset: warnings, not stderr */
    d = html("<meta charset=\"utf-8\"><p>ok \xFF\xFE caf\xE9</p>");
    assert_int_equal(d->nwarnings, 1);
    assert_non_null(strstr(d->warnings[0], "byte"));
    at__doc_free(d);
    d = html("<meta charset=\"shift_jis\"><p>ok \x81\x20 \xFF\xFE</p>");
    assert_true(d->nwarnings >= 1);
    at__doc_free(d);
    d = html_opt(utf16, sizeof utf16 - 1, NULL);
    assert_string_equal(d->sections[0].blocks[0].text, "H\xC3\xA9");
    at__doc_free(d);
}

static void metadata(void **state)
{
    at_doc *d = html("<html lang=fr><head><title>Site | Story</title>"
                     "<meta property=\"article:author\" content=\"https://x.example/me\">"
                     "<meta name=\"author\" content=\"Meta Author\">"
                     "<meta property=\"og:site_name\" content=\"OG Site\">"
                     "<script type=\"application/ld+json\">[{\"@type\": [\"ReportageNewsArticle\"],"
                     "\"headline\": \"LD Headline\", \"author\": \"LD Author\", \"publisher\": \"LD Pub\","
                     "\"datePublished\": \"2025-01-02\", \"image\": {\"url\": \"http://i/x.jpg\"}}]</script>"
                     "</head><body><article><p>Text.</p></article></body></html>");
    (void)state;
    assert_string_equal(d->meta.title, "LD Headline");
    assert_string_equal(d->sections[0].title, "LD Headline");
    assert_string_equal(d->meta.author, "LD Author");
    assert_string_equal(d->meta.publication, "LD Pub");
    assert_string_equal(d->meta.date, "2025-01-02");
    assert_string_equal(d->meta.image, "http://i/x.jpg");
    assert_string_equal(d->meta.language, "fr");
    at__doc_free(d);
    d = html("<head><meta name=author content=\"Meta Author\"><meta property=\"og:title\" content=\"OG T\">"
             "<script type=\"application/ld+json\">{broken json</script></head><body><p>Text.</p></body>");
    assert_string_equal(d->meta.author, "Meta Author");
    assert_string_equal(d->meta.title, "OG T");
    at__doc_free(d);
}

/* 10,000 levels: no crash, no unbounded recursion; libxml2 stops
 * building the tree at its depth limit, and what came before is read. */
static void deep_nesting(void **state)
{
    const size_t depth = 10000;
    at_buf b = {0};
    size_t k;
    at_doc *d;
    (void)state;
    at__buf_puts(&b, "<html><body><article><h1>Deep</h1><p>Before the pit.</p>");
    for (k = 0; k < depth; k++)
        at__buf_puts(&b, k % 2 ? "<div>" : "<blockquote>");
    at__buf_puts(&b, "<p>Bottom.</p>");
    for (k = 0; k < depth; k++)
        at__buf_puts(&b, k % 2 ? "</blockquote>" : "</div>");
    at__buf_puts(&b, "</article></body></html>");
    d = html_opt(b.p, b.n, NULL);
    assert_string_equal(d->sections[0].blocks[0].text, "Before the pit.");
    at__doc_free(d);
    b.n = 0;
    for (k = 0; k < depth; k++)
        at__buf_puts(&b, "<ul><li>x");
    d = html_opt(b.p, b.n, NULL);
    assert_true(d->sections[0].nblocks >= 1);
    at__doc_free(d);
    at__buf_free(&b);
}

/* The walk itself at 10,000 levels, on a tree built past libxml2's parser
 * limit: it must read the bottom (a list item) without recursing. */
static void deep_tree_walk(void **state)
{
    static const char *const tags[] = {"div", "blockquote", "section", "ul", "li"};
    htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html"), n;
    at__html_parse ps;
    at_doc *d = at__doc_new();
    at_error e;
    size_t k;
    (void)state;
    xmlDocSetRootElement(doc, html);
    n = xmlNewChild(xmlNewChild(html, NULL, BAD_CAST "body", NULL), NULL, BAD_CAST "article", NULL);
    xmlNewChild(n, NULL, BAD_CAST "h1", BAD_CAST "Deep");
    xmlNewChild(n, NULL, BAD_CAST "p", BAD_CAST "Top.");
    for (k = 0; k < 10000; k++)
        n = xmlNewChild(n, NULL, BAD_CAST tags[k % 5], NULL);
    xmlNewChild(n, NULL, BAD_CAST "p", BAD_CAST "Bottom.");
    memset(&ps, 0, sizeof ps);
    at__html_walk(doc, &ps, NULL, d);
    assert_int_equal(at__doc_finish(d, "deep", &e), AT_OK);
    assert_string_equal(d->sections[0].title, "Deep");
    assert_int_equal(d->sections[0].nblocks, 2);
    assert_string_equal(d->sections[0].blocks[1].text, "Bottom.");
    assert_int_equal(d->sections[0].blocks[1].kind, AT_BLOCK_LIST_ITEM);
    at__doc_free(d);
    xmlFreeDoc(doc);
}

static void errors(void **state)
{
    at_doc *d = NULL;
    at_error e;
    (void)state;
    memset(&e, 0, sizeof e);
    assert_int_equal(at__doc_read_html("<html><body><nav>Only menus</nav></body></html>", 46, "menu.html", NULL,
                                       &d, &e),
                     AT_EINPUT);
    assert_null(d);
    assert_non_null(strstr(e.msg, "menu.html"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example_page),   cmocka_unit_test(blocks_map),
        cmocka_unit_test(tables_and_code), cmocka_unit_test(body_finding),
        cmocka_unit_test(furniture),      cmocka_unit_test(entities_and_charsets),
        cmocka_unit_test(blog_page),      cmocka_unit_test(deep_tree_walk),
        cmocka_unit_test(metadata),       cmocka_unit_test(deep_nesting),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
