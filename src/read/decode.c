/* Charset detection and conversion: every reader but HTML works on UTF-8,
 * and articles arrive in UTF-16, Latin-1, Windows-1252, or as something
 * that is not text at all. */
#include <stdlib.h>
#include <string.h>

#include <uchardet.h>

#include "read.h"
#include "util.h"

/* Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes it leaves
 * undefined. The rest of the high half is Latin-1, equal to Unicode. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* binary -> a NUL byte in the first kilobyte (where file formats keep
 * their magic numbers), or more than a few NUL or control characters other
 * than tab, line breaks and form feed. A stray NUL deep in a web page is a
 * broken page, not a binary file. Returns the offset of the first
 * offending byte, or len. */
static size_t find_binary(const unsigned char *s, size_t len)
{
    size_t i, ncontrol = 0, first = len;
    for (i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == 0 && i < 1024)
            return i;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) ||
            c == 0x7F) {
            if (first == len)
                first = i;
            ncontrol++;
        }
    }
    return ncontrol > 8 && ncontrol * 200 > len ? first : len;
}

/* UTF-16 from byte `start` (2 after a byte order mark, 0 without) ->
 * UTF-8; unpaired surrogates become U+FFFD. */
static char *from_utf16(const unsigned char *s, size_t len, size_t start, int big_endian, size_t *out_len)
{
    at_buf b = {0};
    size_t i;
    for (i = start; i + 1 < len; i += 2) {
        unsigned u = big_endian ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
            unsigned lo = big_endian ? (unsigned)(s[i + 2] << 8 | s[i + 3]) : (unsigned)(s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                at__utf8_put(&b, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)));
                i += 2;
                continue;
            }
        }
        at__utf8_put(&b, u >= 0xD800 && u < 0xE000 ? 0xFFFD : (int32_t)u);
    }
    *out_len = b.n;
    return at__buf_detach(&b);
}

/* Mixed or legacy text -> UTF-8: valid UTF-8 sequences are kept, every
 * other byte is read as Windows-1252 (a superset of Latin-1's printable
 * characters). */
static char *from_legacy(const char *s, size_t len, size_t *out_len)
{
    at_buf b = {0};
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp = at__utf8_next(s, len, &i);
        unsigned char c = (unsigned char)s[at];
        if (cp >= 0) {
            at__buf_put(&b, s + at, i - at);
            continue;
        }
        i = at + 1;
        if (c >= 0x80 && c < 0xA0)
            at__utf8_put(&b, cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD);
        else
            at__utf8_put(&b, c);
    }
    *out_len = b.n;
    return at__buf_detach(&b);
}

/* UTF-16 without a byte order mark: Windows tools and some CMS exports
 * write it, and it would otherwise be refused as binary for its NUL bytes.
 * Text in a Latin script has a zero high byte in almost every code unit,
 * so: an even length, and in the first 4096 code units at least 90% with
 * the high byte zero and the low byte not, and no unit that is all zero.
 * Returns 1 for little-endian, 2 for big-endian, 0 for neither. */
static int utf16_without_bom(const unsigned char *s, size_t len)
{
    size_t n = len / 2 < 4096 ? len / 2 : 4096, i, le = 0, be = 0;
    if (len < 4 || len % 2 != 0)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char a = s[2 * i], b = s[2 * i + 1];
        if (a == 0 && b == 0)
            return 0;
        le += a != 0 && b == 0;
        be += a == 0 && b != 0;
    }
    if (le * 10 >= n * 9)
        return 1;
    if (be * 10 >= n * 9)
        return 2;
    return 0;
}

/* Line and column (in characters) of byte `at`, for messages. */
void at__line_col(const char *s, size_t at, size_t *line, size_t *col)
{
    size_t i;
    *line = 1;
    *col = 1;
    for (i = 0; i < at; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

at_status at__decode(const char *buf, size_t len, const char *name, int guess_legacy, char **conv,
                     size_t *conv_len, const char **what, at_error *e)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t bad, line, col;
    *conv = NULL;
    *conv_len = 0;
    *what = NULL;
    int nobom = utf16_without_bom(u, len);
    if (nobom || (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))) {
        int be = nobom ? nobom == 2 : u[0] == 0xFE;
        *conv = from_utf16(u, len, nobom ? 0 : 2, be, conv_len);
        if (nobom)
            *what = be ? "UTF-16BE (no byte order mark)" : "UTF-16LE (no byte order mark)";
        else
            *what = be ? "UTF-16BE" : "UTF-16LE";
        if (find_binary((const unsigned char *)*conv, *conv_len) < *conv_len) {
            free(*conv);
            *conv = NULL;
            return at__err(e, AT_EINPUT, "%s: this is binary data, not an article (control characters in the "
                           "UTF-16 text)", name);
        }
        return AT_OK;
    }
    if ((bad = find_binary(u, len)) < len)
        return at__err(e, AT_EINPUT, "%s: byte %zu: %s: this is binary data, not an article", name, bad,
                       u[bad] == 0 ? "NUL byte" : "control characters");
    bad = at__utf8_check(buf, len);
    if (bad == len)
        return AT_OK;
    at__line_col(buf, bad, &line, &col);
    if (!guess_legacy)
        return at__err(e, AT_EINPUT, "%s:%zu:%zu: invalid UTF-8 (byte %zu); convert the file to UTF-8", name,
                       line, col, bad);
    *conv = from_legacy(buf, len, conv_len);
    *what = "Windows-1252 (Latin-1)";
    return AT_OK;
}

/* The charset a page declares in its first 8 KB: <meta charset=X>,
 * <meta http-equiv=Content-Type content="...; charset=X">, or
 * <?xml ... encoding="X"?>. Copies the name into out (cap bytes) and
 * returns 1, or returns 0. */
int at__declared_charset(const char *buf, size_t len, char *out, size_t cap)
{
    size_t head = len < 8192 ? len : 8192, i, j, k;
    for (i = 0; i + 8 <= head; i++) {
        size_t klen;
        if (at__strncasecmp(buf + i, "charset", 7) == 0)
            klen = 7;
        else if (at__strncasecmp(buf + i, "encoding", 8) == 0)
            klen = 8;
        else
            continue;
        j = i + klen;
        while (j < head && at__is_space((unsigned char)buf[j]))
            j++;
        if (j >= head || buf[j] != '=')
            continue;
        j++;
        while (j < head && (at__is_space((unsigned char)buf[j]) || buf[j] == '"' || buf[j] == '\''))
            j++;
        for (k = 0; j + k < head && k + 1 < cap; k++) {
            char c = buf[j + k];
            if (!(at__is_alpha((unsigned char)c) || at__is_digit((unsigned char)c) || c == '-' || c == '_' ||
                  c == '.' || c == ':'))
                break;
            out[k] = c;
        }
        out[k] = '\0';
        if (k > 0)
            return 1;
    }
    return 0;
}

/* uchardet's guess at the charset of bytes that are not UTF-8: copies
 * its name into out (cap bytes) and returns 1, or returns 0 when it has
 * none. */
int at__detect_charset(const char *buf, size_t len, char *out, size_t cap)
{
    uchardet_t ud = uchardet_new();
    const char *cs;
    int ok = 0;
    if (!ud)
        return 0;
    if (uchardet_handle_data(ud, buf, len) == 0) {
        uchardet_data_end(ud);
        cs = uchardet_get_charset(ud);
        if (cs && *cs && strlen(cs) < cap) {
            strcpy(out, cs);
            ok = 1;
        }
    }
    uchardet_delete(ud);
    return ok;
}

char *at_text_sanitize(const char *s, size_t len, size_t *out_len, int *fixed)
{
    char *t;
    size_t n, first;
    *fixed = 0;
    if (at__utf8_check(s, len) < len) {
        t = from_legacy(s, len, &n);
        *fixed |= 1;
    } else {
        t = at__xstrndup(s, len);
        n = len;
    }
    if (at__blank_controls(t, n, &first) > 0)
        *fixed |= 2;
    *out_len = n;
    return t;
}
