/* Small pieces the talking-book writers (EPUB 3, DAISY 2.02) share: the
 * text flow of the content document, XML escaping, SMIL clock values, the
 * book identifier and dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/stat.h>

#include "epub.h"
#include "sink.h"

enum block { B_NONE, B_P, B_H1, B_H2 };

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

/* hh:mm, hh:mm:ss or hh:mm:ss.s+, then Z or +hh:mm / -hh:mm. */
static int w3c_time(const char *t)
{
    if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2))
        return 0;
    t += 5;
    if (*t == ':') {
        if (!digits(t + 1, 2))
            return 0;
        t += 3;
        if (*t == '.') {
            if (!digits(t + 1, 1))
                return 0;
            for (t++; *t >= '0' && *t <= '9'; t++)
                ;
        }
    }
    if (*t == 'Z')
        return t[1] == '\0';
    return (*t == '+' || *t == '-') && digits(t + 1, 2) && t[3] == ':' && digits(t + 4, 2) && t[6] == '\0';
}

int at__is_w3cdtf(const char *d)
{
    size_t n = d ? strlen(d) : 0;
    if (n != 4 && n != 7 && n < 10)
        return 0;
    if (!digits(d, 4))
        return 0;
    if (n >= 7 && (d[4] != '-' || !digits(d + 5, 2)))
        return 0;
    if (n >= 10 && (d[7] != '-' || !digits(d + 8, 2)))
        return 0;
    return n <= 10 || (d[10] == 'T' && w3c_time(d + 11));
}

char *at__w3cdtf(const char *d, int date_only)
{
    if (at__is_w3cdtf(d) && !(date_only && strlen(d) > 10))
        return at__xstrdup(d);
    if (d && strlen(d) > 10 && d[10] == 'T') {
        char day[11];
        memcpy(day, d, 10);
        day[10] = '\0';
        if (at__is_w3cdtf(day))
            return at__xstrdup(day);
    }
    return NULL;
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

static void close_block(at_text_flow *b, at_buf *o)
{
    static const char *const end[] = {"", "</p>\n", "</h1>\n", "</h2>\n"};
    at__buf_puts(o, end[b->block]);
    b->block = B_NONE;
}

/* Opens sections up to index k (each <section id="secN">), closing the
 * one before; sections without sentences stay as empty anchors so every
 * navigation entry has its target. */
static void open_sections(at_text_flow *b, at_buf *o, size_t k)
{
    while (b->opened <= k) {
        close_block(b, o);
        if (b->opened > 0)
            at__buf_puts(o, b->section_close);
        b->opened++;
        at__buf_printf(o, b->section_open, b->opened);
    }
}

static const char *block_class(at_turn_kind k, int silent)
{
    switch (k) {
    case AT_TURN_CAPTION:
        return silent ? " class=\"caption silent\"" : " class=\"caption\"";
    case AT_TURN_INTRO:
    case AT_TURN_OUTRO:
        return " class=\"announcement\"";
    default:
        return "";
    }
}

/* The block a cue goes into: the title is <h1>, a heading <h2>, the rest
 * paragraphs; new_block starts a new one, as does a change between
 * heading and text or between text, caption and announcement. */
static void open_block(at_text_flow *b, at_buf *o, const at_cue *c)
{
    int want = c->kind == AT_TURN_TITLE ? B_H1 : c->kind == AT_TURN_HEADING ? B_H2 : B_P;
    int same = b->block == want && !c->new_block && b->block_silent == c->silent &&
               (want != B_P || strcmp(block_class(b->block_kind, 0), block_class(c->kind, 0)) == 0);
    if (same) {
        at__buf_putc(o, ' ');
        return;
    }
    close_block(b, o);
    b->block = want;
    b->block_kind = c->kind;
    b->block_silent = c->silent;
    if (want == B_H1)
        at__buf_puts(o, "<h1>");
    else if (want == B_H2)
        at__buf_puts(o, "<h2>");
    else
        at__buf_printf(o, "<p%s>", block_class(c->kind, c->silent));
}

void at__flow_cue(at_text_flow *b, at_buf *o, const at_cue *c, size_t id)
{
    open_sections(b, o, c->section < b->nsections ? c->section : (b->nsections ? b->nsections - 1 : 0));
    open_block(b, o, c);
    if (c->silent) { /* shown, not narrated: no id, no clip; said in words, not by the style alone */
        at__buf_puts(o, "<span class=\"note\">(Not read aloud)</span> <span>");
        at__xml_put(o, c->text);
        at__buf_puts(o, "</span>");
        return;
    }
    /* a quote is marked by class, not <q>, since the written text keeps
     * its own quotation marks */
    at__buf_printf(o, "<span id=\"s%zu\"%s>", id, c->kind == AT_TURN_QUOTE ? " class=\"quote\"" : "");
    at__xml_put(o, c->text);
    at__buf_puts(o, "</span>");
}

void at__flow_end(at_text_flow *b, at_buf *o)
{
    if (b->nsections)
        open_sections(b, o, b->nsections - 1);
    close_block(b, o);
    if (b->opened)
        at__buf_puts(o, b->section_close);
}

at_status at__book_folder(const char *dir, const char *opt, const char *base, int no_clobber, char **staging,
                          at_error *e)
{
    struct stat sb;
    char *parent;
    at_status st = AT_OK;
    if (lstat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return at__err(e, AT_EOUTPUT, "%s %s: exists and is not a folder", opt, dir);
    if (no_clobber && lstat(dir, &sb) == 0)
        return at__err(e, AT_EOUTPUT, "%s %s: exists, and --no-clobber is set", opt, dir);
    parent = at__dir_of(dir);
    if (stat(parent, &sb) != 0 || !S_ISDIR(sb.st_mode))
        st = at__err(e, AT_EOUTPUT, "%s %s: the folder %s does not exist", opt, dir, parent);
    else if (at__temp_make(parent, base, 1, staging) != 0)
        st = at__err(e, AT_EOUTPUT, "%s %s: cannot create a folder in %s: %s", opt, dir, parent, strerror(errno));
    free(parent);
    return st;
}

at_status at__book_copy(const char *src, const char *dst, at_error *e)
{
    FILE *f = fopen(src, "rb");
    char buf[65536];
    size_t n;
    at_sink s;
    at_status st;
    if (!f)
        return at__err(e, AT_EOUTPUT, "%s: cannot read it back for the book: %s", src, strerror(errno));
    if ((st = at__sink_open_flags(&s, dst, AT_SINK_REGULAR, e)) != AT_OK) {
        fclose(f);
        return st;
    }
    while (st == AT_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        st = at__sink_write(&s, buf, n, e);
    if (st == AT_OK && ferror(f))
        st = at__err(e, AT_EOUTPUT, "%s: cannot read it back for the book", src);
    fclose(f);
    if (st != AT_OK) {
        at__sink_abort(&s);
        return st;
    }
    return at__sink_commit(&s, e);
}

at_status at__book_write(const char *dir, const char *name, const void *p, size_t n, at_error *e)
{
    at_buf path = {0};
    at_sink s;
    at_status st;
    at__buf_printf(&path, "%s/%s", dir, name);
    st = at__sink_open_flags(&s, path.p, AT_SINK_REGULAR, e);
    at__buf_free(&path);
    if (st != AT_OK)
        return st;
    if ((st = at__sink_write(&s, p, n, e)) != AT_OK) {
        at__sink_abort(&s);
        return st;
    }
    return at__sink_commit(&s, e);
}
