/* Reading back the ID3v2.3 tags articast writes: the text frames the RSS
 * feed needs, and the chapters (CTOC + CHAP) for the round-trip tests. Not
 * a general ID3 reader: frames it does not know are skipped, and so are
 * tags of other versions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "id3.h"

#define TAG_MAX (64u << 20)

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decodes an encoded string (ISO-8859-1 or UTF-16 with BOM) to UTF-8. */
/* A code point of a tag as text may hold: a C0 control (other than tab
 * and newline) becomes a space, a non-character U+FFFD. */
static void put_text(at_buf *b, int32_t cp)
{
    if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
        cp = 0xFFFD;
    else if (cp < 0x20 && cp != '\t' && cp != '\n')
        cp = ' ';
    at__utf8_put(b, cp);
}

/* A text frame's value as UTF-8, up to its first NUL, in the frame's
 * encoding: 0 ISO-8859-1; 1 UTF-16 with a byte order mark (big-endian
 * without one); 2 UTF-16BE (ID3v2.4); 3 UTF-8 (ID3v2.4). A surrogate pair
 * is joined; a lone surrogate, a byte sequence that is not UTF-8 or an
 * unknown encoding gives U+FFFD, so the result is always valid UTF-8. */
static char *decode(const unsigned char *p, size_t n, int enc)
{
    at_buf b = {0};
    size_t i = 0;
    if (enc == 0) {
        for (; i < n && p[i]; i++)
            put_text(&b, p[i]);
    } else if (enc == 1 || enc == 2) {
        int le = 0;
        if (enc == 1 && n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
            le = p[0] == 0xFF;
            i = 2;
        }
        for (; i + 1 < n; i += 2) {
            uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
            if (u == 0)
                break;
            if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
                uint32_t lo = le ? (uint32_t)(p[i + 2] | p[i + 3] << 8) : (uint32_t)(p[i + 2] << 8 | p[i + 3]);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            put_text(&b, (int32_t)u); /* a surrogate still alone here is U+FFFD */
        }
    } else if (enc == 3) {
        size_t len = strnlen((const char *)p, n);
        while (i < len)
            put_text(&b, at__utf8_next((const char *)p, len, &i));
    } else {
        put_text(&b, -1);
    }
    return at__buf_detach(&b);
}

static void take(char **slot, char *v)
{
    free(*slot);
    *slot = v;
}

/* The frames read so far: the text frames go straight into the info;
 * chapters and tables wait until the end, for the table order. */
typedef struct toc {
    char *id;
    int top;
    char **entries;
    size_t n;
} toc;

typedef struct reader {
    at_id3_info *o;
    at_id3_chapter *chaps;
    size_t nchaps, capchaps;
    toc *tocs;
    size_t ntocs, captocs;
} reader;

/* The TIT2 among the sub-frames d[0, n), or NULL. */
static char *sub_title(const unsigned char *d, size_t n)
{
    size_t pos = 0;
    char *title = NULL;
    while (pos + 10 <= n && d[pos]) {
        size_t size = be32(d + pos + 4);
        if (size > n - pos - 10)
            break;
        if (memcmp(d + pos, "TIT2", 4) == 0 && size >= 1)
            take(&title, decode(d + pos + 11, size - 1, d[pos + 10]));
        pos += 10 + size;
    }
    return title;
}

/* CHAP: element id, start and end ms, two byte offsets, sub-frames. */
static void chap_frame(reader *r, const unsigned char *d, size_t n)
{
    size_t idlen = strnlen((const char *)d, n);
    at_id3_chapter *c;
    char *title;
    if (idlen + 1 + 16 > n)
        return;
    c = AT_PUSH(r->chaps, r->nchaps, r->capchaps);
    c->id = at__xstrndup((const char *)d, idlen);
    c->start_ms = be32(d + idlen + 1);
    c->end_ms = be32(d + idlen + 5);
    title = sub_title(d + idlen + 17, n - idlen - 17);
    c->title = title ? title : at__xstrdup("");
}

/* CTOC: element id, flags, entry count, the entries, sub-frames. */
static void ctoc_frame(reader *r, const unsigned char *d, size_t n)
{
    size_t idlen = strnlen((const char *)d, n), pos, k, count;
    toc *t;
    if (idlen + 3 > n)
        return;
    t = AT_PUSH(r->tocs, r->ntocs, r->captocs);
    memset(t, 0, sizeof *t);
    t->id = at__xstrndup((const char *)d, idlen);
    t->top = d[idlen + 1] & 1;
    count = d[idlen + 2];
    pos = idlen + 3;
    t->entries = at__xcalloc(count ? count : 1, sizeof *t->entries);
    for (k = 0; k < count && pos < n; k++) {
        size_t len = strnlen((const char *)d + pos, n - pos);
        t->entries[t->n++] = at__xstrndup((const char *)d + pos, len);
        pos += len + 1;
    }
    if (t->top && !r->o->toc_title && pos < n)
        r->o->toc_title = sub_title(d + pos, n - pos);
}

static void frame(reader *r, const char *id, const unsigned char *d, size_t n)
{
    at_id3_info *o = r->o;
    if (n < 1)
        return;
    if (strcmp(id, "CHAP") == 0)
        chap_frame(r, d, n);
    else if (strcmp(id, "CTOC") == 0)
        ctoc_frame(r, d, n);
    else if (strcmp(id, "TIT2") == 0)
        take(&o->title, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TPE1") == 0)
        take(&o->artist, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TALB") == 0)
        take(&o->album, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TCON") == 0)
        take(&o->genre, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TDES") == 0)
        take(&o->summary, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "APIC") == 0 && !o->picture && d[0] == 0) {
        /* encoding (Latin-1 as articast writes it), MIME type, picture
         * type, description, the picture */
        size_t ml = strnlen((const char *)d + 1, n - 1), i = 1 + ml + 1 + 1;
        if (i < n) {
            i += strnlen((const char *)d + i, n - i) + 1;
            if (i < n && strncmp((const char *)d + 1, "image/", 6) == 0) {
                o->picture_mime = at__xstrndup((const char *)d + 1, ml);
                o->picture_len = n - i;
                o->picture = at__xmalloc(o->picture_len);
                memcpy(o->picture, d + i, o->picture_len);
            }
        }
    }
    else if (strcmp(id, "TYER") == 0 && !o->date)
        take(&o->date, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TLEN") == 0) {
        char *v = decode(d + 1, n - 1, d[0]);
        o->tlen_ms = (uint32_t)strtoul(v, NULL, 10);
        free(v);
    } else if (strcmp(id, "COMM") == 0 && n >= 4) {
        /* encoding, language, description, text */
        size_t i = 4, step = d[0] == 1 ? 2 : 1;
        while (i + step <= n && (d[i] || (step == 2 && d[i + 1])))
            i += step;
        i += step;
        if (i <= n)
            take(&o->comment, decode(d + i, n - i, d[0]));
    } else if (strcmp(id, "TXXX") == 0 && d[0] == 0) {
        const char *desc = (const char *)d + 1;
        size_t dl = strnlen(desc, n - 1);
        if (dl + 2 <= n && strcmp(desc, "articast:date") == 0)
            take(&o->date, decode(d + 2 + dl, n - 2 - dl, 0));
    }
}

/* The CHAP with element id `id`, searched from *hint on (tables list
 * chapters in tag order, so the next one is usually the one after the
 * last found), wrapping around. */
static const at_id3_chapter *find_chap(const reader *r, const char *id, size_t *hint)
{
    size_t k, i;
    for (k = 0; k < r->nchaps; k++) {
        i = (*hint + k) % r->nchaps;
        if (strcmp(r->chaps[i].id, id) == 0) {
            *hint = i + 1;
            return &r->chaps[i];
        }
    }
    return NULL;
}

static const toc *find_toc(const reader *r, const char *id)
{
    size_t k;
    for (k = 0; k < r->ntocs; k++)
        if (!r->tocs[k].top && strcmp(r->tocs[k].id, id) == 0)
            return &r->tocs[k];
    return NULL;
}

static void add_chapter(at_id3_info *o, size_t *cap, const at_id3_chapter *c)
{
    at_id3_chapter *d = AT_PUSH(o->chapters, o->nchapters, *cap);
    d->id = at__xstrdup(c->id);
    d->title = at__xstrdup(c->title);
    d->start_ms = c->start_ms;
    d->end_ms = c->end_ms;
}

/* The chapters in the top-level table's order, else in tag order. */
static void order_chapters(reader *r)
{
    const toc *top = NULL;
    size_t k, j, cap = 0, hint = 0;
    for (k = 0; k < r->ntocs && !top; k++)
        if (r->tocs[k].top)
            top = &r->tocs[k];
    if (!top) {
        r->o->chapters = r->chaps;
        r->o->nchapters = r->nchaps;
        r->chaps = NULL;
        r->nchaps = 0;
        return;
    }
    for (k = 0; k < top->n; k++) {
        const at_id3_chapter *c = find_chap(r, top->entries[k], &hint);
        const toc *sub = c ? NULL : find_toc(r, top->entries[k]);
        if (c)
            add_chapter(r->o, &cap, c);
        for (j = 0; sub && j < sub->n; j++)
            if ((c = find_chap(r, sub->entries[j], &hint)) != NULL)
                add_chapter(r->o, &cap, c);
    }
}

static void reader_free(reader *r)
{
    size_t k, j;
    for (k = 0; k < r->nchaps; k++) {
        free(r->chaps[k].id);
        free(r->chaps[k].title);
    }
    free(r->chaps);
    for (k = 0; k < r->ntocs; k++) {
        for (j = 0; j < r->tocs[k].n; j++)
            free(r->tocs[k].entries[j]);
        free(r->tocs[k].entries);
        free(r->tocs[k].id);
    }
    free(r->tocs);
}

/* The frames of a tag body (the tag without its 10-byte header). */
static void parse_frames(at_id3_info *o, const unsigned char *tag, size_t size)
{
    reader r;
    size_t pos = 0;
    memset(&r, 0, sizeof r);
    r.o = o;
    while (pos + 10 <= size && tag[pos]) {
        char id[5];
        size_t n = be32(tag + pos + 4);
        memcpy(id, tag + pos, 4);
        id[4] = '\0';
        if (n > size - pos - 10)
            break;
        frame(&r, id, tag + pos + 10, n);
        pos += 10 + n;
    }
    order_chapters(&r);
    reader_free(&r);
}

at_status at__id3_read_buffer(const unsigned char *data, size_t len, const char *name, at_id3_info *o,
                              at_error *e)
{
    size_t size;
    memset(o, 0, sizeof *o);
    if (len < 10 || (size = at__id3_tag_size(data)) == 0 || data[3] != 3)
        return at__err(e, AT_EINPUT, "%s: no ID3v2.3 tag at the start", name);
    if (size > len)
        return at__err(e, AT_EINPUT, "%s: the ID3 tag is cut short", name);
    parse_frames(o, data + 10, size - 10);
    return AT_OK;
}

at_status at__id3_read_file(const char *path, at_id3_info *o, at_error *e)
{
    FILE *f = fopen(path, "rb");
    unsigned char h[10], *tag;
    size_t size;
    memset(o, 0, sizeof *o);
    if (!f)
        return at__err(e, AT_EINPUT_IO, "%s: cannot open: %s", path, strerror(errno));
    if (fread(h, 1, 10, f) != 10 || (size = at__id3_tag_size(h)) == 0 || h[3] != 3 || size > TAG_MAX) {
        fclose(f);
        return at__err(e, AT_EINPUT, "%s: no ID3v2.3 tag at the start", path);
    }
    size -= 10;
    tag = at__xmalloc(size ? size : 1);
    if (fread(tag, 1, size, f) != size) {
        free(tag);
        fclose(f);
        return at__err(e, AT_EINPUT, "%s: the ID3 tag is cut short", path);
    }
    fclose(f);
    parse_frames(o, tag, size);
    free(tag);
    return AT_OK;
}

void at__id3_info_free(at_id3_info *i)
{
    size_t k;
    free(i->title);
    free(i->artist);
    free(i->album);
    free(i->comment);
    free(i->genre);
    free(i->date);
    free(i->toc_title);
    free(i->summary);
    free(i->picture);
    free(i->picture_mime);
    for (k = 0; k < i->nchapters; k++) {
        free(i->chapters[k].id);
        free(i->chapters[k].title);
    }
    free(i->chapters);
    memset(i, 0, sizeof *i);
}
