#include "id3.h"

#include <stdio.h>
#include <string.h>

#define ID3_TABLE 255 /* entries in one CTOC */
#define ID3_MAX_CHAPTERS (ID3_TABLE * ID3_TABLE)
#define ID3_MAX_SIZE 0x0FFFFFFFu /* the syncsafe size field holds 28 bits */

void at__id3_put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_u32(at_buf *b, uint32_t v)
{
    unsigned char t[4];
    at__id3_put_u32(t, v);
    at__buf_put(b, (const char *)t, 4);
}

/* Frame header: id, size (plain big-endian in v2.3), two flag bytes.
 * Returns the offset of the size field, patched by end_frame. */
static size_t begin_frame(at_buf *b, const char *id)
{
    size_t at;
    at__buf_put(b, id, 4);
    at = b->n;
    put_u32(b, 0);
    at__buf_put(b, "\0\0", 2);
    return at;
}

static void end_frame(at_buf *b, size_t size_at)
{
    at__id3_put_u32((unsigned char *)b->p + size_at, (uint32_t)(b->n - size_at - 6));
}

/* Text payload: ISO-8859-1 when every character fits, else UTF-16 with a
 * BOM (little-endian), each with its terminator. Invalid UTF-8 becomes
 * U+FFFD, which forces UTF-16. */
static void put_text(at_buf *b, const char *s)
{
    size_t len = strlen(s), i = 0;
    int latin1 = 1;
    while (i < len) {
        int32_t cp = at__utf8_next(s, len, &i);
        if (cp < 0 || cp > 0xFF) {
            latin1 = 0;
            break;
        }
    }
    i = 0;
    if (latin1) {
        at__buf_putc(b, 0x00);
        while (i < len)
            at__buf_putc(b, (char)at__utf8_next(s, len, &i));
        at__buf_putc(b, 0);
        return;
    }
    at__buf_putc(b, 0x01);
    at__buf_put(b, "\xFF\xFE", 2);
    while (i < len) {
        int32_t cp = at__utf8_next(s, len, &i);
        unsigned char u[4];
        if (cp < 0)
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = (uint32_t)cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u[0] = (unsigned char)hi;
            u[1] = (unsigned char)(hi >> 8);
            u[2] = (unsigned char)lo;
            u[3] = (unsigned char)(lo >> 8);
            at__buf_put(b, (const char *)u, 4);
        } else {
            u[0] = (unsigned char)cp;
            u[1] = (unsigned char)(cp >> 8);
            at__buf_put(b, (const char *)u, 2);
        }
    }
    at__buf_put(b, "\0\0", 2);
}

static void text_frame(at_buf *b, const char *id, const char *value)
{
    size_t at = begin_frame(b, id);
    put_text(b, value);
    end_frame(b, at);
}

static void chap_id(char *dst, size_t k)
{
    snprintf(dst, 24, "chp%zu", k);
}

/* CTOC: element id, flags (0x01 top-level, 0x02 ordered), entry count,
 * the child ids, then an optional TIT2 sub-frame. A table holds at most
 * 255 entries, so more chapters than that go into sub-tables "toc0",
 * "toc1", ... of 255 each under the top-level table. */
static void ctoc_frame(at_buf *b, const char *elem, int top, size_t first, size_t count, int children_are_tocs,
                       const char *title)
{
    size_t at = begin_frame(b, "CTOC"), k;
    char id[24];
    at__buf_put(b, elem, strlen(elem) + 1);
    at__buf_putc(b, (char)(top ? 0x03 : 0x02));
    at__buf_putc(b, (char)(unsigned char)count);
    for (k = 0; k < count; k++) {
        if (children_are_tocs)
            snprintf(id, sizeof id, "toc%zu", first + k);
        else
            chap_id(id, first + k);
        at__buf_put(b, id, strlen(id) + 1);
    }
    if (title && *title) /* as for the top-level text frames: no empty frame */
        text_frame(b, "TIT2", title);
    end_frame(b, at);
}

static void tables(at_buf *b, const at_id3 *tag)
{
    size_t n = tag->nchapters, k;
    if (n <= ID3_TABLE) {
        ctoc_frame(b, "toc", 1, 0, n, 0, tag->toc_title);
        return;
    }
    ctoc_frame(b, "toc", 1, 0, (n + ID3_TABLE - 1) / ID3_TABLE, 1, tag->toc_title);
    for (k = 0; k * ID3_TABLE < n; k++) {
        char id[24];
        size_t first = k * ID3_TABLE, count = n - first < ID3_TABLE ? n - first : ID3_TABLE;
        snprintf(id, sizeof id, "toc%zu", k);
        ctoc_frame(b, id, 0, first, count, 0, NULL);
    }
}

/* CHAP: element id, start and end ms (patched later), start and end byte
 * offsets 0xFFFFFFFF (unused), then a TIT2 sub-frame. */
static void chap_frame(at_buf *b, size_t k, const char *title, size_t *time_at)
{
    size_t at = begin_frame(b, "CHAP");
    char id[24];
    chap_id(id, k);
    at__buf_put(b, id, strlen(id) + 1);
    *time_at = b->n;
    put_u32(b, 0);
    put_u32(b, 0);
    put_u32(b, 0xFFFFFFFFu);
    put_u32(b, 0xFFFFFFFFu);
    text_frame(b, "TIT2", title && *title ? title : id);
    end_frame(b, at);
}

/* COMM: encoding, language, a terminated empty description, the text. */
static void comm_frame(at_buf *b, const char *text)
{
    size_t at = begin_frame(b, "COMM");
    at_buf t = {0};
    put_text(&t, text); /* encoding byte + text + terminator */
    at__buf_putc(b, t.p[0]);
    at__buf_put(b, "eng", 3);
    if (t.p[0] == 0x01)
        at__buf_put(b, "\xFF\xFE\0\0", 4); /* empty UTF-16 description with its BOM */
    else
        at__buf_putc(b, 0);
    at__buf_put(b, t.p + 1, t.n - 1);
    at__buf_free(&t);
    end_frame(b, at);
}

/* APIC: encoding, MIME type, picture type 3 (front cover), empty
 * description, the picture data. */
static void apic_frame(at_buf *b, const at_id3 *tag)
{
    size_t at = begin_frame(b, "APIC");
    at__buf_putc(b, 0);
    at__buf_put(b, tag->picture_mime, strlen(tag->picture_mime) + 1);
    at__buf_putc(b, 3);
    at__buf_putc(b, 0);
    at__buf_put(b, (const char *)tag->picture, tag->picture_len);
    end_frame(b, at);
}

size_t at__id3_tlen_offset(const at_buf *tag)
{
    size_t i;
    for (i = 10; i + 11 + AT_ID3_TLEN_DIGITS <= tag->n; i++)
        if (memcmp(tag->p + i, "TLEN", 4) == 0)
            return i + 11;
    return 0;
}

#define ID3_PADDING 4096

at_status at__id3_build(const at_id3 *tag, at_buf *out, size_t *time_offsets, at_error *e)
{
    static const char zeros[ID3_PADDING];
    size_t k, body;
    unsigned char *h;
    if (tag->nchapters > ID3_MAX_CHAPTERS)
        return at__err(e, AT_EUSAGE, "ID3: %zu chapters; two levels of CTOC frames hold at most %d",
                       tag->nchapters, ID3_MAX_CHAPTERS);
    out->n = 0;
    at__buf_put(out, "ID3\x03\x00\x00\0\0\0\0", 10);
    for (k = 0; k < tag->ntexts; k++)
        if (tag->texts[k].value && *tag->texts[k].value)
            text_frame(out, tag->texts[k].id, tag->texts[k].value);
    if (tag->tlen)
        text_frame(out, "TLEN", "0000000000");
    for (k = 0; k < tag->ntxxx; k++) {
        if (tag->txxx[k].value && *tag->txxx[k].value) {
            /* TXXX: encoding, description, value; both in ISO-8859-1 here,
             * since articast writes only ASCII descriptions and values */
            size_t at = begin_frame(out, "TXXX");
            at__buf_putc(out, 0);
            at__buf_put(out, tag->txxx[k].id, strlen(tag->txxx[k].id) + 1);
            at__buf_puts(out, tag->txxx[k].value);
            end_frame(out, at);
        }
    }
    if (tag->comment && *tag->comment)
        comm_frame(out, tag->comment);
    if (tag->picture && tag->picture_len)
        apic_frame(out, tag);
    if (tag->nchapters) {
        tables(out, tag);
        for (k = 0; k < tag->nchapters; k++)
            chap_frame(out, k, tag->chapter_titles[k], &time_offsets[k]);
    }
    /* padding: a tag editor can grow the tag in place instead of writing
     * the whole file again; readers stop at the first zero byte */
    at__buf_put(out, zeros, sizeof zeros);
    body = out->n - 10;
    if (body > ID3_MAX_SIZE)
        return at__err(e, AT_EUSAGE, "ID3: the tag would be %zu bytes, over the format's limit", body);
    /* the tag header's size is syncsafe: 7 bits per byte */
    h = (unsigned char *)out->p + 6;
    h[0] = (unsigned char)((body >> 21) & 0x7F);
    h[1] = (unsigned char)((body >> 14) & 0x7F);
    h[2] = (unsigned char)((body >> 7) & 0x7F);
    h[3] = (unsigned char)(body & 0x7F);
    return AT_OK;
}

size_t at__id3_tag_size(const unsigned char *h)
{
    if (memcmp(h, "ID3", 3) != 0 || (h[6] | h[7] | h[8] | h[9]) & 0x80)
        return 0;
    return 10 + ((size_t)h[6] << 21 | (size_t)h[7] << 14 | (size_t)h[8] << 7 | (size_t)h[9]);
}
