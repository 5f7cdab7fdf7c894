/* Small pieces the talking-book writers (EPUB 3, DAISY 2.02) share: XML
 * escaping, SMIL clock values, the book identifier and dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epub.h"

void at__xml_put(at_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            at__buf_puts(b, "&amp;");
            break;
        case '<':
            at__buf_puts(b, "&lt;");
            break;
        case '>':
            at__buf_puts(b, "&gt;");
            break;
        case '"':
            at__buf_puts(b, "&quot;");
            break;
        case '\'':
            at__buf_puts(b, "&#39;");
            break;
        default:
            /* XML 1.0 allows only tab, LF and CR below 0x20 */
            at__buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
        }
    }
}

/* Media Overlays and DAISY take SMIL clock values; the full form
 * "h:mm:ss.fff" is the one every reading system reads. Rounded to ms. */
void at__smil_clock(at_buf *b, uint64_t samples, int rate)
{
    uint64_t ms = (samples * 1000u + (uint64_t)rate / 2u) / (uint64_t)rate;
    at__buf_printf(b, "%u:%02u:%02u.%03u", (unsigned)(ms / 3600000u), (unsigned)(ms / 60000u % 60u),
                   (unsigned)(ms / 1000u % 60u), (unsigned)(ms % 1000u));
}

/* FNV-1a over the strings, with a separator byte between them so that
 * ("ab", "c") and ("a", "bc") differ. */
static uint64_t fnv(uint64_t h, const char *const *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        const unsigned char *p = (const unsigned char *)(s[k] ? s[k] : "");
        for (; *p; p++)
            h = (h ^ *p) * 0x100000001b3ull;
        h = (h ^ 0x1f) * 0x100000001b3ull;
    }
    return h;
}

/* The same article gives the same identifier, so a reading system keeps
 * its place across re-renders. The 128 bits are laid out as an RFC 9562
 * version 8 (custom) UUID: version nibble 8, variant bits 10. */
void at__book_uuid(at_buf *b, const char *a, const char *c, const char *d)
{
    const char *s[3];
    uint64_t hi, lo;
    s[0] = a;
    s[1] = c;
    s[2] = d;
    hi = fnv(0xcbf29ce484222325ull, s, 3);
    lo = fnv(0x84222325cbf29ce4ull ^ hi, s, 3);
    hi = (hi & ~0xf000ull) | 0x8000ull;
    lo = (lo & ~(3ull << 62)) | (2ull << 62);
    at__buf_printf(b, "urn:uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32), (unsigned)(hi >> 16 & 0xffff),
                   (unsigned)(hi & 0xffff), (unsigned)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffull));
}

static int digits(const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (!at__is_digit((unsigned char)s[k]))
            return 0;
    return 1;
}

int at__is_w3cdtf(const char *d)
{
    size_t n = d ? strlen(d) : 0;
    if (n != 4 && n != 7 && n != 10)
        return 0;
    if (!digits(d, 4))
        return 0;
    if (n >= 7 && (d[4] != '-' || !digits(d + 5, 2)))
        return 0;
    if (n == 10 && (d[7] != '-' || !digits(d + 8, 2)))
        return 0;
    return 1;
}

void at__book_modified(at_buf *b, int date_only)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    char s[32];
    gmtime_r(&t, &tm);
    strftime(s, sizeof s, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
    at__buf_puts(b, s);
}
