/* Stage 1, read: an article file in, an at_doc out.
 *
 * Three readers (plain text, Markdown, HTML) turn their format into the same
 * at_doc: the article's metadata and its sections; each section is a
 * heading and its blocks. Every block keeps its byte range in the source
 * file: [src_start, src_end) always covers the element the block came from.
 * When `aligned` is set, the block text is also byte-aligned with that
 * range (line breaks inside a paragraph become spaces), so a byte offset in
 * the text plus src_start is a byte offset in the file. The plain-text
 * reader always aligns; Markdown and HTML blocks are aligned only when their
 * text equals the source bytes (no markup, entities or collapsed spaces).
 * at__block_source maps a text offset to the source either way.
 * HTML ranges are offsets in the file's own bytes, whatever its charset;
 * for text and Markdown converted from Latin-1 or UTF-16 they are offsets
 * in the converted UTF-8 text (the doc carries a warning saying so). */
#ifndef AT_READ_H
#define AT_READ_H

#include <stddef.h>

#include "articast.h"

#if defined(__GNUC__)
#define AT_DOC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define AT_DOC_PRINTF(a, b)
/* The charset a page declares in its first 8 KB (<meta charset>, the
 * Content-Type <meta>, or the XML declaration): its name in out. */
int at__declared_charset(const char *buf, size_t len, char *out, size_t cap);
/* libuchardet's guess for bytes that are not UTF-8: its name in out. */
int at__detect_charset(const char *buf, size_t len, char *out, size_t cap);

#endif

/* at_block_kind is public (articast.h): extract shows it. */

typedef struct at_block {
    at_block_kind kind;
    char *text;  /* NUL-terminated, `len` bytes */
    size_t len;
    size_t src_start, src_end;
    size_t dateline_end; /* bytes of a dateline place name at the start of
                            `text`; 0 = none */
    int aligned;         /* 1: text is byte-aligned with [src_start, src_end) */
    size_t bold;         /* bytes at the start of `text` the source set in
                            bold (<strong>, <b>, **...**): an interview's
                            speaker label or question; 0 = none */
    char *language;      /* BCP 47 when the block is in another language than
                            the article's (detected with confidence); NULL */
} at_block;

typedef struct at_section {
    char *title;  /* heading; section 0 carries the headline */
    size_t title_start, title_end;
    at_block *blocks;
    size_t nblocks, cap;
} at_section;

typedef struct at_doc_meta {
    char *title;
    char *author;
    char *date;         /* as the source gives it, e.g. ISO 8601 */
    char *publication;
    char *language;  /* BCP 47, "en" by default */
    char *dateline;  /* "ASTANA", when the first paragraph opens with one */
    char *image;     /* lead image URL from the metadata (HTML, front matter) */
    const char *language_source; /* "metadata", "default" (none given), then
                                    "content" or "forced" (lang_detect.c,
                                    --language); static */
} at_doc_meta;

typedef struct at_doc {
    at_doc_meta meta;
    at_section *sections;
    size_t nsections, cap;
    size_t title_start, title_end;  /* the headline's source range */
    char **warnings;  /* problems worked around (charset guessed, ...) */
    size_t nwarnings, wcap;
    at_input_format format; /* the reader that made it */
} at_doc;

typedef struct at_read_options {
    size_t max_input;         /* bytes; 0 = 50 MB */
    at_input_format format;   /* AT_INPUT_AUTO: from the name, then the content */
    int skip_tables;          /* HTML: leave tables out instead of reading rows */
    at_code_blocks code_blocks;
} at_read_options;

#define AT_DEFAULT_MAX_INPUT ((size_t)50 * 1024 * 1024)

/* Reads the article at `path` ("-" = stdin): at most opt->max_input bytes
 * (checked with stat before reading a regular file, and while reading a
 * stream), in the format chosen or detected, converted to UTF-8. */
at_status at__doc_read_file(const char *path, const at_read_options *opt, at_doc **out, at_error *e);
/* Reads an article held in memory; `name` is used in messages and, when
 * the format is AT_INPUT_AUTO, its extension picks the format. */
at_status at__doc_read_buffer(const char *buf, size_t len, const char *name, const at_read_options *opt,
                              at_doc **out, at_error *e);
/* The format of an article: from the extension of `name`, else from the
 * content. Never AT_INPUT_AUTO. */
at_input_format at__detect_format(const char *name, const char *buf, size_t len);

/* The readers. Each takes UTF-8 (read_html: any charset the document
 * declares) and names the input `name` in messages. */
at_status at__doc_read_text(const char *buf, size_t len, const char *name, at_doc **out, at_error *e);
at_status at__doc_read_markdown(const char *buf, size_t len, const char *name, const at_read_options *opt,
                                at_doc **out, at_error *e);
at_status at__doc_read_html(const char *buf, size_t len, const char *name, const at_read_options *opt,
                            at_doc **out, at_error *e);
void at__doc_free(at_doc *d);

/* The source offset of byte `off` of a block's text: exact when the block
 * is aligned; otherwise an estimate in proportion, always inside
 * [src_start, src_end]. Later stages should map text offsets through this
 * rather than add them to src_start. */
size_t at__block_source(const at_block *b, size_t off);

/* ---- Building a doc (doc.c), shared by the readers ---------------------- */

at_doc *at__doc_new(void);
/* Appends a section titled `title` (copied; may be NULL for none yet). */
at_section *at__doc_add_section(at_doc *d, const char *title, size_t len, size_t start, size_t end);
/* Appends a block holding a copy of text[0, len); `aligned` as at_block. */
at_block *at__doc_add_block(at_section *sec, at_block_kind kind, const char *text, size_t len, size_t start,
                            size_t end, int aligned);
/* Records a warning for the caller to show. */
void at__doc_warn(at_doc *d, const char *fmt, ...) AT_DOC_PRINTF(2, 3);
/* Sets *field to a copy of s[0, len) with white space collapsed, unless
 * it is already set or the text is blank. */
void at__doc_set_meta(char **field, const char *s, size_t len);
/* Copies s[0, len) collapsing runs of white space into one space and
 * trimming both ends; stores the length in *out_len. */
char *at__collapse_space(const char *s, size_t len, size_t *out_len);
/* Metadata in one form whatever the reader: dates in ISO 8601 when they
 * parse (at__date_iso), languages as BCP 47 tags ("en_US" -> "en-US"). */
void at__doc_tidy_meta(at_doc *d);
/* Gives the first paragraph a dateline if it opens with one, and fails
 * with AT_EINPUT when the doc has no readable block. */
at_status at__doc_finish(at_doc *d, const char *name, at_error *e);

/* ---- Plain-text rules shared by the readers (text_rules.c) ------------- */

/* Case-insensitive (ASCII): does s[a, b) contain `needle`, start with `p`? */
int at__has_ci(const char *s, size_t a, size_t b, const char *needle);
int at__starts_ci(const char *s, size_t a, size_t b, const char *p);

/* Length of a dateline place name at the start of s[a, b), or 0. */
size_t at__dateline_len(const char *s, size_t a, size_t b);
/* The same, with the range of its wire-service tag ("(AP)", "(Reuters)")
 * in [*wire_start, *wire_end), empty when there is none. */
size_t at__dateline_parts(const char *s, size_t a, size_t b, size_t *wire_start, size_t *wire_end);
/* Marks the dateline at the start of block `b`: sets b->dateline_end and
 * blanks its wire tag ("KENNER, La. (AP) — ..."): a news reader says the
 * place, not the agency. Blanking with spaces keeps the text as long as
 * its source, so offsets still map one to one, though the block is no
 * longer `aligned`. Returns the place name's length, or 0. */
size_t at__block_dateline(at_block *b);
/* Offset of the name in a byline ("By Jane Doe" -> 3), or 0 if none. */
size_t at__byline_name(const char *s, size_t len);
/* A date as a page or front matter writes it ("2019-11-19T05:44:06.000Z",
 * "Tue Nov 19 2019 05:44:06 GMT+0000", "Nov. 19, 2019") in ISO 8601:
 * "2019-11-19T05:44:06Z", "2019-11-19"; times and zones are kept. NULL
 * when it is no date; the caller frees it. */
char *at__date_iso(const char *s);
/* The name in a visible byline, its label, section and date left out
 * ("By Staff Reporter in Nation on 20 May 2024" -> "Staff Reporter"), or
 * NULL; the caller frees it. */
char *at__byline_clean(const char *s, size_t len);
/* Promotional footers, share and related-links lines. */
int at__is_boilerplate(const char *s, size_t len);
/* A line of only a date and time and their labels ("Updated 5:27 a.m.
 * CST, Nov. 20, 2019"): metadata, never read or a heading. */
int at__is_date_line(const char *s, size_t len);
/* Photo captions: "... Photo Credit: ...". */
int at__is_caption(const char *s, size_t len);

/* ---- Charset detection and conversion (decode.c) ----------------------- */

/* Makes `buf` UTF-8 text or refuses it. Binary data (NUL bytes, control
 * characters) fails with AT_EINPUT naming `name`. UTF-16 with a byte order
 * mark and, when `guess_legacy`, invalid UTF-8 (taken as Windows-1252 /
 * Latin-1) are converted into a new buffer stored in *conv (freed by the
 * caller) with a description of the conversion in *what; otherwise *conv is
 * NULL and `buf` is fine as it is. */
/* Line and column (columns in characters, from 1) of byte `at` in s. */
void at__line_col(const char *s, size_t at, size_t *line, size_t *col);
at_status at__decode(const char *buf, size_t len, const char *name, int guess_legacy, char **conv,
                     size_t *conv_len, const char **what, at_error *e);

/* The charset a page declares in its first 8 KB (<meta charset>, the
 * Content-Type <meta>, or the XML declaration): its name in out. */
int at__declared_charset(const char *buf, size_t len, char *out, size_t cap);
/* libuchardet's guess for bytes that are not UTF-8: its name in out. */
int at__detect_charset(const char *buf, size_t len, char *out, size_t cap);

#endif
