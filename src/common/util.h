/* Internal helpers shared by every stage: errors, growable buffers,
 * allocation, UTF-8 and file reading. Nothing here is public API. */
#ifndef AT_UTIL_H
#define AT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "articast.h"

#if defined(__GNUC__)
#define AT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define AT_PRINTF(a, b)
#endif

/* Fills `e` (may be NULL) with status `s` and a formatted message; returns s. */
at_status at__err(at_error *e, at_status s, const char *fmt, ...) AT_PRINTF(3, 4);

/* Allocation that never returns NULL: on exhaustion it prints a message and
 * aborts. articast bounds every input before allocating for it (see the
 * input-size limit), so running out here means the machine, not the input,
 * is exhausted. */
void *at__xmalloc(size_t n);
void *at__xcalloc(size_t n, size_t size);
void *at__xrealloc(void *p, size_t n);
char *at__xstrdup(const char *s);
char *at__xstrndup(const char *s, size_t n);

/* Grows an array `*p` of `*cap` elements of `size` bytes to hold `need`. */
void at__grow(void *pp, size_t *cap, size_t need, size_t size);
#define AT_PUSH(arr, n, cap) \
    (at__grow(&(arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++])

/* A growable byte string, always NUL-terminated when p != NULL. */
typedef struct at_buf {
    char *p;
    size_t n, cap;
} at_buf;

void at__buf_put(at_buf *b, const char *s, size_t n);
void at__buf_puts(at_buf *b, const char *s);
void at__buf_putc(at_buf *b, char c);
void at__buf_printf(at_buf *b, const char *fmt, ...) AT_PRINTF(2, 3);
/* Hands the string over to the caller (never NULL) and resets the buffer. */
char *at__buf_detach(at_buf *b);
void at__buf_free(at_buf *b);

/* Decodes one UTF-8 code point at s[*i] (i < len), advancing *i. Returns the
 * code point, or -1 for an invalid sequence (then *i advances by one). */
int32_t at__utf8_next(const char *s, size_t len, size_t *i);
/* Classes of a code point: white space (with the Unicode spaces news
 * text uses), a letter (ASCII, Latin-1 and beyond; anything from U+00C0
 * that is no known punctuation), a capital (utf8proc's Lu and Lt), a
 * letter or an ASCII digit. */
int at__cp_is_space(int32_t c);
int at__cp_is_alpha(int32_t c);
int at__cp_is_upper(int32_t c);
int at__cp_is_alnum(int32_t c);
/* Appends the UTF-8 encoding of `cp` to `b`. */
void at__utf8_put(at_buf *b, int32_t cp);
/* Control characters other than tab, line feed and carriage return (C0
 * and DEL): at__count_controls counts them; at__blank_controls turns them
 * into spaces in place (the text keeps its length, so offsets hold) and
 * returns how many, with the first one's offset in *first (len if none). */
size_t at__count_controls(const char *s, size_t len);
size_t at__blank_controls(char *s, size_t len, size_t *first);
/* Byte offset of the first invalid UTF-8 sequence, or `len` when valid. */
size_t at__utf8_check(const char *s, size_t len);
/* Appends s[0, len) to `b` with each invalid UTF-8 sequence as U+FFFD: for
 * text from a library that does not promise UTF-8 (libxml2's HTML parser
 * passes some bytes of a page it was told is UTF-8 through unchecked). */
void at__buf_put_utf8(at_buf *b, const char *s, size_t len);

/* Reads a whole file ("-" = stdin), at most `max` bytes. *out is
 * NUL-terminated and owned by the caller. */
at_status at__read_file(const char *path, size_t max, char **out, size_t *len, at_error *e);

/* ASCII helpers that ignore the locale; inline, since the tokenizer and
 * the readers call them for every byte. */
static inline int at__is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int at__is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int at__is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int at__is_lower(int c) { return c >= 'a' && c <= 'z'; }
static inline int at__is_alpha(int c) { return at__is_upper(c) || at__is_lower(c); }
static inline int at__to_lower(int c) { return at__is_upper(c) ? c + 32 : c; }
static inline int at__to_upper(int c) { return at__is_lower(c) ? c - 32 : c; }
int at__strcasecmp(const char *a, const char *b);
/* The primary subtag of a language tag, lower case, into `out` (at least
 * 9 bytes): "pt-BR" -> "pt"; "" when it is no language tag. Every stage
 * that meets a language (read, normalize, segment, synth) compares these. */
void at__lang_primary(const char *tag, char *out);

/* A size as the options give it: bytes, or with a k or M suffix (1024,
 * 1048576); 0 or on overflow, -1. */
int at__parse_size(const char *s, size_t *out);
int at__strncasecmp(const char *a, const char *b, size_t n);

#endif
