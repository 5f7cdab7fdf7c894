/* The read stage's front: reads the input within its size limit, makes it
 * text, picks the format and hands it to the reader for that format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

static int ext_is(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (at__strcasecmp(ext, *list) == 0)
            return 1;
    return 0;
}

/* Case-insensitive search for `needle` in the first `len` bytes of s. */
static int has(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; i + n <= len; i++)
        if (at__strncasecmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Markdown signs at the start of a line: "# Heading", "---" front matter
 * (first line only), "```" fences, "> " quotes; or "](" link syntax. */
static int looks_markdown(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 4 && memcmp(s, "---", 3) == 0 && (s[3] == '\n' || s[3] == '\r'))
        return 1;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t j = i;
        while (j < end && s[j] == '#')
            j++;
        if (j > i && j - i <= 6 && j < end && s[j] == ' ')
            return 1;
        if (end - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0))
            return 1;
        i = end + 1;
    }
    return has(s, len, "](http") || has(s, len, "](/");
}

at_input_format at__detect_format(const char *name, const char *buf, size_t len)
{
    static const char *const html[] = {"html", "htm", "xhtml", "shtml", NULL};
    static const char *const md[] = {"md", "markdown", "mdown", "mkd", NULL};
    static const char *const txt[] = {"txt", "text", NULL};
    const char *slash = name ? strrchr(name, '/') : NULL;
    const char *dot = name ? strrchr(slash ? slash : name, '.') : NULL;
    size_t i = 0, head;
    if (dot && ext_is(dot + 1, html))
        return AT_INPUT_HTML;
    if (dot && ext_is(dot + 1, md))
        return AT_INPUT_MARKDOWN;
    if (dot && ext_is(dot + 1, txt))
        return AT_INPUT_TEXT;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && at__is_space((unsigned char)buf[i]))
        i++;
    head = len - i < 4096 ? len - i : 4096;
    if (head > 0 && buf[i] == '<' &&
        (has(buf + i, head, "<html") || has(buf + i, head, "<!doctype html") || has(buf + i, head, "<body") ||
         has(buf + i, head, "<head") || has(buf + i, head, "<article") || has(buf + i, head, "<p>") ||
         has(buf + i, head, "<div")))
        return AT_INPUT_HTML;
    if (looks_markdown(buf + i, len - i))
        return AT_INPUT_MARKDOWN;
    return AT_INPUT_TEXT;
}

at_status at__doc_read_buffer(const char *buf, size_t len, const char *name, const at_read_options *opt,
                              at_doc **out, at_error *e)
{
    at_read_options o;
    char *conv = NULL;
    const char *text = buf, *what = NULL;
    size_t tlen = len;
    at_status st;
    memset(&o, 0, sizeof o);
    if (opt)
        o = *opt;
    *out = NULL;
    size_t ncontrol = 0, first_control = 0;
    if ((st = at__decode(buf, len, name, 1, &conv, &tlen, &what, e)) != AT_OK)
        return st;
    if (conv)
        text = conv;
    else
        tlen = len;
    if (o.format == AT_INPUT_AUTO)
        o.format = at__detect_format(name, text, tlen);
    /* control characters (ESC, BEL, ...) are no text: spaces, in place */
    if (o.format != AT_INPUT_HTML && at__count_controls(text, tlen) > 0) {
        if (!conv) {
            conv = at__xmalloc(tlen + 1);
            memcpy(conv, buf, tlen);
            conv[tlen] = '\0';
            text = conv;
        }
        ncontrol = at__blank_controls(conv, tlen, &first_control);
    }
    /* HTML gets the raw bytes: the document declares its own charset. */
    if (o.format == AT_INPUT_HTML)
        st = at__doc_read_html(buf, len, name, &o, out, e);
    else if (o.format == AT_INPUT_MARKDOWN)
        st = at__doc_read_markdown(text, tlen, name, &o, out, e);
    else
        st = at__doc_read_text(text, tlen, name, out, e);
    if (st == AT_OK) {
        (*out)->format = o.format;
        at__doc_tidy_meta(*out);
    }
    if (st == AT_OK && ncontrol > 0) {
        size_t line, col;
        at__line_col(text, first_control, &line, &col);
        at__doc_warn(*out, "%s:%zu:%zu: %zu control character%s (such as ESC or BEL) read as space%s", name, line,
                     col, ncontrol, ncontrol == 1 ? "" : "s", ncontrol == 1 ? "" : "s");
    }
    if (st == AT_OK && what && o.format != AT_INPUT_HTML && strncmp(what, "UTF-16", 6) != 0) {
        /* Name the first byte that is not UTF-8, so the author can find
         * and fix it: a stray Latin-1 byte in a UTF-8 file is common. */
        size_t bad = at__utf8_check(buf, len), line, col;
        at__line_col(buf, bad, &line, &col);
        at__doc_warn(*out, "%s:%zu:%zu: not UTF-8 (byte %zu): read as %s and converted; source offsets refer "
                     "to the converted text", name, line, col, bad, what);
    } else if (st == AT_OK && what && o.format != AT_INPUT_HTML) {
        at__doc_warn(*out, "%s: not UTF-8: read as %s and converted; source offsets refer to the converted text",
                     name, what);
    }
    free(conv);
    return st;
}

at_status at__doc_read_file(const char *path, const at_read_options *opt, at_doc **out, at_error *e)
{
    char *buf;
    size_t len, max = opt && opt->max_input ? opt->max_input : AT_DEFAULT_MAX_INPUT;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    at_status st = at__read_file(path, max, &buf, &len, e);
    if (st == AT_EINPUT) /* the only refusal before reading: the size */
        return at__err(e, st, "%s: the input is over the limit of %zu bytes; raise it with --max-input BYTES",
                       name, max);
    if (st != AT_OK)
        return st;
    st = at__doc_read_buffer(buf, len, name, opt, out, e);
    free(buf);
    return st;
}
