/* Reading back the ID3v2.3 tags articast writes: the text frames the RSS
 * feed needs. Not a general ID3 reader: frames it does not know are
 * skipped, and so are tags of other versions. */
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
static char *decode(const unsigned char *p, size_t n, int enc)
{
    at_buf b = {0};
    size_t i;
    if (enc == 0) {
        for (i = 0; i < n && p[i]; i++)
            at__utf8_put(&b, p[i]);
    } else if (enc == 1 && n >= 2) {
        int le = p[0] == 0xFF;
        for (i = 2; i + 1 < n; i += 2) {
            uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
            if (u == 0)
                break;
            if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
                uint32_t lo = le ? (uint32_t)(p[i + 2] | p[i + 3] << 8) : (uint32_t)(p[i + 2] << 8 | p[i + 3]);
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
            at__utf8_put(&b, (int32_t)u);
        }
    }
    return at__buf_detach(&b);
}

static void take(char **slot, char *v)
{
    free(*slot);
    *slot = v;
}

static void frame(at_id3_info *o, const char *id, const unsigned char *d, size_t n)
{
    if (n < 1)
        return;
    if (strcmp(id, "TIT2") == 0)
        take(&o->title, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TPE1") == 0)
        take(&o->artist, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TALB") == 0)
        take(&o->album, decode(d + 1, n - 1, d[0]));
    else if (strcmp(id, "TCON") == 0)
        take(&o->genre, decode(d + 1, n - 1, d[0]));
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

at_status at__id3_read_file(const char *path, at_id3_info *o, at_error *e)
{
    FILE *f = fopen(path, "rb");
    unsigned char h[10], *tag;
    size_t size, pos = 0;
    memset(o, 0, sizeof *o);
    if (!f)
        return at__err(e, AT_EINPUT_IO, "%s: cannot open: %s", path, strerror(errno));
    if (fread(h, 1, 10, f) != 10 || (size = at__id3_tag_size(h)) == 0 || h[3] != 3 || size > TAG_MAX) {
        fclose(f);
        return at__err(e, AT_EINPUT, "%s: no ID3v2.3 tag at the start", path);
    }
    size -= 10;
    tag = at__xmalloc(size);
    if (fread(tag, 1, size, f) != size) {
        free(tag);
        fclose(f);
        return at__err(e, AT_EINPUT, "%s: the ID3 tag is cut short", path);
    }
    fclose(f);
    while (pos + 10 <= size && tag[pos]) {
        char id[5];
        size_t n = be32(tag + pos + 4);
        memcpy(id, tag + pos, 4);
        id[4] = '\0';
        if (n > size - pos - 10)
            break;
        frame(o, id, tag + pos + 10, n);
        pos += 10 + n;
    }
    free(tag);
    return AT_OK;
}

void at__id3_info_free(at_id3_info *i)
{
    free(i->title);
    free(i->artist);
    free(i->album);
    free(i->comment);
    free(i->genre);
    free(i->date);
    memset(i, 0, sizeof *i);
}
