/* Stage 1, read: an article file in, an at_doc out.
 *
 * An at_doc is the article's metadata and its sections; each section is a
 * heading and its blocks. Every block keeps its byte range in the source
 * file. Block text is byte-aligned with that range (line breaks inside a
 * paragraph become spaces), so a byte offset in the text plus src_start is
 * a byte offset in the file. */
#ifndef AT_READ_H
#define AT_READ_H

#include <stddef.h>

#include "articast.h"

typedef enum at_block_kind {
    AT_BLOCK_PARAGRAPH = 0,
    AT_BLOCK_CAPTION,     /* photo caption: not read by default */
    AT_BLOCK_LIST_ITEM,
    AT_BLOCK_QUOTE,       /* block quotation */
    AT_BLOCK_BOILERPLATE  /* promotional footer: never read */
} at_block_kind;

typedef struct at_block {
    at_block_kind kind;
    char *text;  /* NUL-terminated, `len` bytes */
    size_t len;
    size_t src_start, src_end;
    size_t dateline_end; /* bytes of a dateline place name at the start; 0 = none */
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
    char *date;
    char *publication;
    char *language;  /* BCP 47, "en" by default */
    char *dateline;  /* "ASTANA", when the first paragraph opens with one */
} at_doc_meta;

typedef struct at_doc {
    at_doc_meta meta;
    at_section *sections;
    size_t nsections, cap;
    size_t title_start, title_end;  /* the headline's source range */
} at_doc;

typedef struct at_read_options {
    size_t max_input;  /* bytes; 0 = 50 MB */
} at_read_options;

/* Reads the article at `path` ("-" = stdin). The format is plain text. */
at_status at__doc_read_file(const char *path, const at_read_options *opt, at_doc **out, at_error *e);
/* Parses plain text held in memory; `name` is used in messages. */
at_status at__doc_read_text(const char *buf, size_t len, const char *name, at_doc **out, at_error *e);
void at__doc_free(at_doc *d);

#endif
