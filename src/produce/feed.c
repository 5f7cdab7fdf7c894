/* `articast feed`: a podcast RSS feed from a folder of editions.
 *
 * Every MP3 in the folder and its sub-folders is an item (not those of a
 * book, a read-along page or a --split folder). Its title, author,
 * publication, description (TDES, else COMM), date and length come from
 * the ID3 tag articast wrote; a sidecar beside it (NAME.chapters.json,
 * NAME.vtt, NAME.srt, NAME.jpg or NAME.png) becomes a podcast:chapters,
 * podcast:transcript or itunes:image link. The guid is a hash of the
 * publication, title and date, so it stays the same when an edition is
 * rendered again. The existing feed gives back the show's settings and
 * the items added by other means (enclosures outside the folder); an
 * item of the folder whose edition is gone is dropped. The feed is
 * written with libxml2's xmlwriter through a temporary file. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <uuid/uuid.h>

#include "id3.h"
#include "produce.h"
#include "sink.h"
#include "util.h"

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_ATOM "http://www.w3.org/2005/Atom"

typedef struct item {
    char *file, *guid, *title, *description, *author, *album;
    char *chapters, *vtt, *srt, *image;
    uint64_t length;
    uint32_t duration_ms;
    time_t when;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

/* FNV-1a, 64 bits: stable across runs and machines. */
/* Where the notes go while at_feed_build runs in this thread: the
 * caller's warn callback (a service logs them its own way), else stderr. */
static _Thread_local const at_feed_options *notes_to;

static void note(const char *fmt, ...) AT_PRINTF(1, 2);

static void note(const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (notes_to && notes_to->warn)
        notes_to->warn(notes_to->warn_data, msg);
    else
        fprintf(stderr, "articast: feed: %s\n", msg);
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h ^ 0x1f;
}

static int64_t days_from_civil(int y, int m, int d)
{
    int64_t era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* 2024-03-30, 2024-03-30T09:15, 2024-03-30T09:15:00Z, ...+02:00; -1 when
 * it is not such a date. */
static time_t parse_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, zh = 0, zm = 0;
    char sign = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return (time_t)-1;
    s += n;
    if (*s == 'T' || *s == ' ') {
        n = 0;
        if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) == 2) {
            s += 1 + n;
            if (*s == ':' && sscanf(s + 1, "%2d%n", &sec, &n) == 1)
                s += 1 + n;
            while (*s == '.' || at__is_digit((unsigned char)*s))
                s++;
            if ((*s == '+' || *s == '-') && sscanf(s + 1, "%2d:%2d", &zh, &zm) >= 1)
                sign = *s;
        }
    }
    return (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
                    (sign ? (sign == '+' ? 1 : -1) * (zh * 3600 + zm * 60) : 0));
}

static void rfc822(time_t t, char *out, size_t n)
{
    struct tm tm;
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (!gmtime_r(&t, &tm)) /* a time past what struct tm holds: the epoch */
        t = 0, gmtime_r(&t, &tm);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* `s` as text XML 1.0 can hold, newly allocated: tags, file names and
 * options may carry bytes that are not UTF-8 (U+FFFD), C0 controls (a
 * space; tab and newline stay) and the non-characters U+FFFE and U+FFFF
 * (U+FFFD), none of which libxml2's writer refuses or escapes. NULL stays
 * NULL. */
static char *xml_text(const char *s)
{
    at_buf b = {0};
    size_t i = 0, n;
    if (!s)
        return NULL;
    n = strlen(s);
    while (i < n) {
        int32_t cp = at__utf8_next(s, n, &i);
        if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
            cp = 0xFFFD;
        else if (cp < 0x20 && cp != '\t' && cp != '\n')
            cp = ' ';
        at__utf8_put(&b, cp);
    }
    return at__buf_detach(&b);
}

static char *sidecar(const char *dir, const char *base, const char *ext)
{
    at_buf b = {0};
    struct stat st;
    at__buf_printf(&b, "%s/%s%s", dir, base, ext);
    if (stat(b.p, &st) != 0 || !S_ISREG(st.st_mode)) {
        at__buf_free(&b);
        return NULL;
    }
    at__buf_free(&b);
    at__buf_printf(&b, "%s%s", base, ext);
    return at__buf_detach(&b);
}

static void item_free(item *it)
{
    free(it->file);
    free(it->guid);
    free(it->title);
    free(it->description);
    free(it->author);
    free(it->album);
    free(it->chapters);
    free(it->vtt);
    free(it->srt);
    free(it->image);
}

static int by_date_desc(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->when != y->when)
        return x->when < y->when ? 1 : -1;
    return strcmp(x->file, y->file);
}

/* A folder articast wrote as part of one edition, whose MP3s are not
 * editions of their own: a DAISY book (ncc.html), a read-along page
 * (player.js) or a --split folder (playlist.m3u8). */
static int edition_part_folder(const char *path)
{
    static const char *const marks[] = {"ncc.html", "player.js", "playlist.m3u8"};
    size_t k;
    for (k = 0; k < sizeof marks / sizeof *marks; k++) {
        at_buf b = {0};
        struct stat st;
        int found;
        at__buf_printf(&b, "%s/%s", path, marks[k]);
        found = lstat(b.p, &st) == 0;
        at__buf_free(&b);
        if (found)
            return 1;
    }
    return 0;
}

/* The cover articast embedded in the edition, written beside it as
 * BASE.jpg or BASE.png for the item's artwork (podcast apps fetch
 * artwork by URL, not from the MP3); NULL when it cannot be written,
 * with the reason on stderr: the item then has the show's artwork. */
static char *cover_file(const char *dir, const char *base, const at_id3_info *info)
{
    const char *mime = at__picture_mime(info->picture, info->picture_len), *ext;
    at_buf path = {0};
    at_sink sink;
    at_error e;
    at_status st;
    if (!mime) /* only what the bytes show to be a JPEG or PNG goes into the served folder */
        return NULL;
    ext = strcmp(mime, "image/png") == 0 ? ".png" : ".jpg";
    at__buf_printf(&path, "%s/%s%s", dir, base, ext);
    st = at__sink_open_flags(&sink, path.p, AT_SINK_NO_CLOBBER | AT_SINK_REGULAR, &e);
    if (st == AT_OK && (st = at__sink_write(&sink, info->picture, info->picture_len, &e)) == AT_OK)
        st = at__sink_commit(&sink, &e);
    if (st != AT_OK) {
        at__sink_abort(&sink);
        note("%s: the episode's artwork is not written: %s", path.p, e.msg);
    }
    at__buf_free(&path);
    if (st != AT_OK)
        return NULL;
    at__buf_printf(&path, "%s%s", base, ext);
    return at__buf_detach(&path);
}

/* The item for the edition at `path` (`rel` from the feed's folder), or
 * 0 when it is not an MP3 articast tagged. */
static int read_item(const char *path, const char *rel, const struct stat *st, item *it)
{
    at_id3_info info;
    at_error ie;
    char *base, *dir, hex[24];
    size_t n = strlen(rel);
    if (at__id3_read_file(path, &info, &ie) != AT_OK)
        return 0;
    memset(it, 0, sizeof *it);
    base = at__xstrndup(rel, n - 4);
    it->file = at__xstrdup(rel);
    it->title = xml_text(info.title && *info.title ? info.title : base);
    it->description = xml_text(info.summary && *info.summary ? info.summary
                               : info.comment && *info.comment ? info.comment : it->title);
    it->author = xml_text(info.artist);
    it->album = xml_text(info.album);
    it->length = (uint64_t)st->st_size;
    it->duration_ms = info.tlen_ms;
    it->when = parse_date(info.date);
    if (it->when == (time_t)-1)
        it->when = st->st_mtime;
    snprintf(hex, sizeof hex, "%016llx",
             (unsigned long long)fnv(fnv(fnv(0xcbf29ce484222325ULL, info.album), it->title),
                                     info.date ? info.date : it->file));
    it->guid = at__xstrdup(hex);
    dir = at__xstrndup(path, strlen(path) - strlen(rel));
    it->chapters = sidecar(dir, base, ".chapters.json");
    it->vtt = sidecar(dir, base, ".vtt");
    it->srt = sidecar(dir, base, ".srt");
    it->image = sidecar(dir, base, ".jpg");
    if (!it->image)
        it->image = sidecar(dir, base, ".png");
    if (!it->image && info.picture)
        it->image = cover_file(dir, base, &info);
    free(dir);
    free(base);
    at__id3_info_free(&info);
    return 1;
}

/* How deep `scan` goes below the feed's folder: a batch writes one level
 * per input folder; a deeper tree is not an edition folder. */
#define SCAN_DEPTH 16

/* Adds an item for every MP3 with articast's tag under `root`/`rel`
 * (rel "" for the folder itself), in sub-folders too but not through
 * symbolic links to folders (a loop) nor into the parts of an edition.
 * Others are skipped with a warning. */
static at_status scan_dir(const char *root, const char *rel, int depth, items *out, at_error *e)
{
    at_buf dpath = {0};
    DIR *d;
    struct dirent *de;
    char **subs = NULL;
    size_t nsubs = 0, cap = 0, k;
    at__buf_printf(&dpath, "%s%s%s", root, *rel ? "/" : "", rel);
    d = opendir(dpath.p);
    if (!d) {
        at_status st = *rel ? AT_OK
                            : at__err(e, AT_EINPUT_IO, "%s: cannot open the folder: %s", root, strerror(errno));
        if (*rel)
            note("skipping %s: cannot open the folder: %s", dpath.p, strerror(errno));
        at__buf_free(&dpath);
        return st;
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        at_buf path = {0}, r = {0};
        struct stat st;
        if (de->d_name[0] == '.')
            continue;
        at__buf_printf(&path, "%s/%s", dpath.p, de->d_name);
        at__buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        if (lstat(path.p, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth >= SCAN_DEPTH)
                note("skipping %s: more than %d folders deep", path.p, SCAN_DEPTH);
            else if (!edition_part_folder(path.p))
                *AT_PUSH(subs, nsubs, cap) = at__buf_detach(&r);
        } else if (n >= 5 && at__strcasecmp(de->d_name + n - 4, ".mp3") == 0) {
            item it;
            if (stat(path.p, &st) == 0 && S_ISREG(st.st_mode) && read_item(path.p, r.p, &st, &it))
                *AT_PUSH(out->v, out->n, out->cap) = it;
            else
                note("skipping %s: not an edition articast wrote", path.p);
        }
        at__buf_free(&path);
        at__buf_free(&r);
    }
    closedir(d);
    at__buf_free(&dpath);
    for (k = 0; k < nsubs; k++) {
        scan_dir(root, subs[k], depth + 1, out, e);
        free(subs[k]);
    }
    free(subs);
    return AT_OK;
}

static int by_file(const void *a, const void *b)
{
    return strcmp(((const item *)a)->file, ((const item *)b)->file);
}

/* One item per edition in `dir` and its sub-folders, newest first. Two
 * files of one edition (the same publication, title and date: a copy)
 * make one item, the first by path; the other is named on stderr. */
static at_status scan(const char *dir, items *out, at_error *e)
{
    size_t i, j, n = 0;
    at_status st = scan_dir(dir, "", 0, out, e);
    if (st != AT_OK)
        return st;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_file);
    for (i = 0; i < out->n; i++) {
        int dup = 0;
        for (j = 0; j < n && !dup; j++) /* quadratic in editions, not in bytes: a folder holds hundreds */
            dup = strcmp(out->v[j].guid, out->v[i].guid) == 0;
        if (dup) {
            note("skipping %s/%s: the same edition as %s/%s", dir, out->v[i].file, dir,
                    out->v[j - 1].file);
            item_free(&out->v[i]);
        } else
            out->v[n++] = out->v[i];
    }
    out->n = n;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_date_desc);
    return AT_OK;
}

static char *url(const char *base, const char *file)
{
    at_buf b = {0};
    const char *p;
    at__buf_puts(&b, base ? base : "");
    if (b.n && b.p[b.n - 1] != '/')
        at__buf_putc(&b, '/');
    /* percent-encode what a URL path may not hold */
    for (p = file; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (at__is_alpha(c) || at__is_digit(c) || strchr("-._~/", c))
            at__buf_putc(&b, (char)c);
        else
            at__buf_printf(&b, "%%%02X", c);
    }
    return at__buf_detach(&b);
}

#define W(x)                                                                                                   \
    do {                                                                                                       \
        if ((x) < 0)                                                                                           \
            goto fail;                                                                                         \
    } while (0)

static int write_item(xmlTextWriterPtr w, const item *it, const at_feed_options *o)
{
    char date[64], dur[32], len[32];
    char *u;
    int t;
    rfc822(it->when, date, sizeof date);
    snprintf(dur, sizeof dur, "%02u:%02u:%02u", it->duration_ms / 3600000u, it->duration_ms / 60000u % 60u,
             it->duration_ms / 1000u % 60u);
    snprintf(len, sizeof len, "%llu", (unsigned long long)it->length);
    W(xmlTextWriterStartElement(w, BAD_CAST "item"));
    W(xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST it->title));
    W(xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST it->description));
    W(xmlTextWriterWriteElement(w, BAD_CAST "pubDate", BAD_CAST date));
    W(xmlTextWriterStartElement(w, BAD_CAST "guid"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "isPermaLink", BAD_CAST "false"));
    W(xmlTextWriterWriteString(w, BAD_CAST it->guid));
    W(xmlTextWriterEndElement(w));
    u = url(o->base_url, it->file);
    W(xmlTextWriterStartElement(w, BAD_CAST "enclosure"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "url", BAD_CAST u));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "length", BAD_CAST len));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "audio/mpeg"));
    W(xmlTextWriterEndElement(w));
    free(u);
    if (it->author && *it->author)
        W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:author", BAD_CAST it->author));
    W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:duration", BAD_CAST dur));
    W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:episodeType", BAD_CAST "full"));
    if (it->image) { /* the episode's artwork */
        u = url(o->base_url, it->image);
        W(xmlTextWriterStartElement(w, BAD_CAST "itunes:image"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST u));
        W(xmlTextWriterEndElement(w));
        free(u);
    }
    W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:explicit", BAD_CAST "false"));
    if (it->chapters) {
        u = url(o->base_url, it->chapters);
        W(xmlTextWriterStartElement(w, BAD_CAST "podcast:chapters"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "url", BAD_CAST u));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "application/json+chapters"));
        W(xmlTextWriterEndElement(w));
        free(u);
    }
    /* every transcript, each with its language and as captions (both are
     * timed per sentence) */
    for (t = 0; t < 2; t++) {
        const char *file = t == 0 ? it->vtt : it->srt;
        if (!file)
            continue;
        u = url(o->base_url, file);
        W(xmlTextWriterStartElement(w, BAD_CAST "podcast:transcript"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "url", BAD_CAST u));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST(t == 0 ? "text/vtt" : "application/x-subrip")));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "language", BAD_CAST(o->language ? o->language : "en")));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "captions"));
        W(xmlTextWriterEndElement(w));
        free(u);
    }
    W(xmlTextWriterEndElement(w));
    return 0;
fail:
    return -1;
}

/* The feed already at `path`, parsed, in *doc (NULL when there is none).
 * A feed that is there but cannot be parsed is an error: writing over it
 * would lose its items. */
static at_status read_feed(const char *path, xmlDocPtr *doc, at_error *e)
{
    struct stat st;
    *doc = NULL;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return AT_OK;
    *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!*doc) {
        const xmlError *x = xmlGetLastError();
        const char *msg = x && x->message ? x->message : "parse error";
        return at__err(e, AT_EINPUT, "%s: the existing feed is not well-formed XML (line %d: %.*s); it is left as "
                       "it was: repair or remove it", path, x ? x->line : 0, (int)strcspn(msg, "\n"), msg);
    }
    return AT_OK;
}

/* The <channel> of a parsed feed, or NULL. */
static xmlNodePtr channel_of(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, ch;
    for (ch = root ? root->children : NULL; ch; ch = ch->next)
        if (ch->type == XML_ELEMENT_NODE && xmlStrcmp(ch->name, BAD_CAST "channel") == 0)
            return ch;
    return NULL;
}

/* The text of `n`'s first child element `name` (no namespace), or its
 * attribute `attr`; newly allocated, NULL when absent. */
static char *child_value(xmlNodePtr n, const char *name, const char *attr)
{
    xmlNodePtr g;
    for (g = n->children; g; g = g->next) {
        xmlChar *v;
        char *out;
        if (g->type != XML_ELEMENT_NODE || g->ns || xmlStrcmp(g->name, BAD_CAST name) != 0)
            continue;
        v = attr ? xmlGetProp(g, BAD_CAST attr) : xmlNodeGetContent(g);
        out = v ? at__xstrdup((const char *)v) : NULL;
        xmlFree(v);
        return out;
    }
    return NULL;
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Whether the path `u` has a ".." segment (a name such as "a..b" is
 * fine). */
static int up_segment(const char *u)
{
    const char *p = u;
    for (;;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

/* The path under the editions' folder that `u`, an enclosure URL of the
 * existing feed, names (percent-decoded, newly allocated), or NULL when
 * it points elsewhere: under the base URL (up to a '/' boundary), or a
 * relative URL without "..", in a feed with no base. */
static char *ours(const char *u, const char *base)
{
    at_buf b = {0};
    size_t n;
    if (!u)
        return NULL;
    if (!base || !*base) {
        if (strstr(u, "://") || *u == '/' || up_segment(u))
            return NULL;
    } else {
        n = strlen(base);
        while (n && base[n - 1] == '/')
            n--;
        if (strncmp(u, base, n) != 0 || u[n] != '/')
            return NULL;
        u += n + 1;
        if (up_segment(u))
            return NULL;
    }
    for (; *u; u++) {
        int hi, lo;
        if (*u == '%' && (hi = hex_value(u[1])) >= 0 && (lo = hex_value(u[2])) >= 0) {
            at__buf_putc(&b, (char)(hi * 16 + lo));
            u += 2;
        } else {
            at__buf_putc(&b, *u);
        }
    }
    return b.p ? at__buf_detach(&b) : at__xstrdup("");
}

/* Whether the path `rel` under `dir` is gone: only then is its item
 * dropped (a file there that could not be read this time keeps it). */
static int gone(const char *dir, const char *rel)
{
    at_buf b = {0};
    struct stat st;
    int missing;
    at__buf_printf(&b, "%s/%s", dir, rel);
    missing = lstat(b.p, &st) != 0 && errno == ENOENT;
    at__buf_free(&b);
    return missing;
}

/* The items of the existing feed `doc` to write again as they were
 * (serialized): those whose guid is not among `have` and whose enclosure
 * is not in the editions' folder (items added by other means). An item
 * of the folder that is no longer among `have` is an edition deleted (or
 * retitled): it is dropped, with a note on stderr. Guids are matched
 * whole, never as substrings. */
static void old_items(xmlDocPtr doc, const items *have, const char *dir, const char *base, const char *out,
                      char ***kept, size_t *nkept)
{
    xmlNodePtr ch = channel_of(doc), n;
    size_t cap = 0, nseen = 0, cap_seen = 0, k;
    char **seen = NULL; /* the kept items' guids, so none is written twice */
    *kept = NULL;
    *nkept = 0;
    for (n = ch ? ch->children : NULL; n; n = n->next) {
        xmlBufferPtr buf;
        int known = 0;
        char *guid, *enc, *rel;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "item") != 0)
            continue;
        guid = child_value(n, "guid", NULL);
        for (k = 0; guid && k < have->n; k++)
            known |= strcmp(guid, have->v[k].guid) == 0;
        for (k = 0; guid && k < nseen; k++)
            known |= strcmp(guid, seen[k]) == 0;
        if (known) {
            free(guid);
            continue;
        }
        enc = child_value(n, "enclosure", "url");
        rel = ours(enc, base);
        if (rel && gone(dir, rel)) {
            char *title = child_value(n, "title", NULL), *shown = xml_text(title ? title : guid ? guid : "");
            note("%s: dropping the item \"%s\": its edition %s is no longer in the folder",
                    out, shown, enc);
            free(shown);
            free(title);
            free(rel);
            free(enc);
            free(guid);
            continue;
        }
        free(rel);
        free(enc);
        if (guid)
            *AT_PUSH(seen, nseen, cap_seen) = guid;
        buf = xmlBufferCreate();
        xmlNodeDump(buf, doc, n, 0, 0);
        *AT_PUSH(*kept, *nkept, cap) = at__xstrdup((const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
    }
    for (k = 0; k < nseen; k++)
        free(seen[k]);
    free(seen);
}

#define NSETTINGS 12
static at_status build(const char *dir, const char *out, int relative, char **v, at_error *e);

/* The text of the channel's child `name` (namespace `ns` or none), or
 * its attribute `attr`; NULL when absent or empty. */
static char *channel_value(xmlNodePtr ch, const char *ns, const char *name, const char *attr, const char *rel)
{
    xmlNodePtr n;
    for (n = ch->children; n; n = n->next) {
        xmlChar *v;
        char *out = NULL;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST name) != 0 ||
            (ns ? !n->ns || xmlStrcmp(n->ns->href, BAD_CAST ns) != 0 : n->ns != NULL))
            continue;
        if (rel) {
            xmlChar *r = xmlGetProp(n, BAD_CAST "rel");
            int self = r && xmlStrcmp(r, BAD_CAST rel) == 0;
            xmlFree(r);
            if (!self)
                continue;
        }
        v = attr ? xmlGetProp(n, BAD_CAST attr) : xmlNodeGetContent(n);
        if (v && *v)
            out = at__xstrdup((const char *)v);
        xmlFree(v);
        return out;
    }
    return NULL;
}

/* The base URL the feed at `out` was written with: its atom:link
 * rel="self" less the feed's own file name. */
static char *base_from_self(const char *self, const char *out)
{
    const char *name = strrchr(out, '/');
    size_t n = strlen(self), m;
    char *u;
    name = name ? name + 1 : out;
    u = url("", name);
    m = strlen(u);
    if (n > m && strcmp(self + n - m, u) == 0 && self[n - m - 1] == '/') {
        free(u);
        return at__xstrndup(self, n - m);
    }
    free(u);
    return NULL;
}

/* The settings of the existing feed `doc` (at `out`), for those the
 * caller left NULL: title, link, base URL, description, author, image,
 * language, owner's name and email, locked, type and the podcast:guid,
 * in at_feed_build's order. */
static void kept_settings(xmlDocPtr doc, const char *out, char **v)
{
    xmlNodePtr ch = channel_of(doc);
    if (ch) {
        char *self;
        if (!v[0])
            v[0] = channel_value(ch, NULL, "title", NULL, NULL);
        if (!v[1])
            v[1] = channel_value(ch, NULL, "link", NULL, NULL);
        if (!v[2] && (self = channel_value(ch, NS_ATOM, "link", "href", "self")) != NULL) {
            v[2] = base_from_self(self, out);
            free(self);
        }
        if (!v[3])
            v[3] = channel_value(ch, NULL, "description", NULL, NULL);
        if (!v[4])
            v[4] = channel_value(ch, NS_ITUNES, "author", NULL, NULL);
        if (!v[5])
            v[5] = channel_value(ch, NS_ITUNES, "image", "href", NULL);
        if (!v[6])
            v[6] = channel_value(ch, NULL, "language", NULL, NULL);
        if (!v[7] || !v[8]) {
            xmlNodePtr n;
            for (n = ch->children; n; n = n->next)
                if (n->type == XML_ELEMENT_NODE && n->ns && xmlStrcmp(n->ns->href, BAD_CAST NS_ITUNES) == 0 &&
                    xmlStrcmp(n->name, BAD_CAST "owner") == 0)
                    break;
            if (n && !v[7])
                v[7] = channel_value(n, NS_ITUNES, "name", NULL, NULL);
            if (n && !v[8])
                v[8] = channel_value(n, NS_ITUNES, "email", NULL, NULL);
        }
        if (!v[9] && (v[9] = channel_value(ch, NS_PODCAST, "locked", NULL, NULL)) != NULL &&
            strcmp(v[9], "yes") != 0 && strcmp(v[9], "no") != 0) {
            free(v[9]); /* not a value podcast:locked takes: the default */
            v[9] = NULL;
        }
        if (!v[10] && (v[10] = channel_value(ch, NS_ITUNES, "type", NULL, NULL)) != NULL &&
            strcmp(v[10], "episodic") != 0 && strcmp(v[10], "serial") != 0) {
            free(v[10]);
            v[10] = NULL;
        }
        if (!v[11])
            v[11] = channel_value(ch, NS_PODCAST, "guid", NULL, NULL);
    }
}

/* The podcast:guid of the feed at `feed_url`, into `out` (37 bytes): as
 * the Podcasting 2.0 namespace defines it, a UUIDv5 (libuuid's SHA-1
 * name-based UUID) of the URL without its scheme and trailing slashes,
 * in the namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6. */
static const char *feed_guid(const char *feed_url, char *out)
{
    uuid_t ns, id;
    const char *u = strstr(feed_url, "://");
    size_t n;
    u = u ? u + 3 : feed_url;
    n = strlen(u);
    while (n && u[n - 1] == '/')
        n--;
    uuid_parse("ead4c236-bf58-58c6-a2c6-a6b28d128cb6", ns);
    uuid_generate_sha1(id, ns, u, n);
    uuid_unparse_lower(id, out);
    return out;
}

/* An absolute http or https URL with a host. */
static int absolute_url(const char *u)
{
    const char *h = strncmp(u, "https://", 8) == 0 ? u + 8 : strncmp(u, "http://", 7) == 0 ? u + 7 : NULL;
    return h && *h && *h != '/';
}

/* The options' text is made safe for XML once, here (xml_text); build
 * fills what the caller left NULL from the existing feed. */
at_status at_feed_build(const char *dir, const char *out, const at_feed_options *opt, at_error *e)
{
    char *s[NSETTINGS];
    size_t k;
    at_status st;
    s[0] = xml_text(opt->title);
    s[1] = xml_text(opt->link);
    s[2] = xml_text(opt->base_url);
    s[3] = xml_text(opt->description);
    s[4] = xml_text(opt->author);
    s[5] = xml_text(opt->image);
    s[6] = xml_text(opt->language);
    s[7] = xml_text(opt->owner_name);
    s[8] = xml_text(opt->owner_email);
    s[9] = xml_text(opt->locked);
    s[10] = xml_text(opt->type);
    s[11] = NULL; /* the podcast:guid: made once, then kept */
    if (s[9] && strcmp(s[9], "yes") != 0 && strcmp(s[9], "no") != 0)
        st = at__err(e, AT_EUSAGE, "feed: locked is yes or no, not \"%s\"", s[9]);
    else if (s[10] && strcmp(s[10], "episodic") != 0 && strcmp(s[10], "serial") != 0)
        st = at__err(e, AT_EUSAGE, "feed: the show's type is episodic or serial, not \"%s\"", s[10]);
    else {
        notes_to = opt;
        st = build(dir, out, opt->relative, s, e);
        notes_to = NULL;
    }
    for (k = 0; k < NSETTINGS; k++)
        free(s[k]);
    return st;
}

static at_status build(const char *dir, const char *out, int relative, char **v, at_error *e)
{
    at_feed_options opt, *o = &opt;
    xmlDocPtr doc = NULL;
    items its = {0};
    char **old = NULL, now[64], *self_url = NULL;
    size_t nold = 0, k;
    xmlBufferPtr buf = NULL;
    xmlTextWriterPtr w = NULL;
    at_sink sink;
    at_status st;
    const char *title;
    memset(&sink, 0, sizeof sink); /* the clean-up aborts it whatever the way out */
    sink.fd = -1;
    if ((st = scan(dir, &its, e)) != AT_OK)
        return st;
    if (its.n == 0) {
        free(its.v);
        return at__err(e, AT_EINPUT, "%s: no editions (MP3 files written by articast) in the folder", dir);
    }
    /* the existing feed, read once: its settings and its items */
    if ((st = read_feed(out, &doc, e)) != AT_OK)
        goto done;
    kept_settings(doc, out, v);
    memset(&opt, 0, sizeof opt);
    opt.title = v[0];
    opt.link = v[1];
    opt.base_url = v[2];
    opt.description = v[3];
    opt.author = v[4];
    opt.image = v[5];
    opt.language = v[6];
    opt.owner_name = v[7];
    opt.owner_email = v[8];
    opt.locked = v[9];
    opt.type = v[10];
    if (!relative && !(o->base_url && absolute_url(o->base_url))) {
        st = at__err(e, AT_EUSAGE, "feed %s: %s; podcast apps fetch the audio, chapters and transcripts by "
                     "absolute URL: give --base-url https://HOST/PATH/ (kept in the feed for later runs), or "
                     "--relative to write relative URLs on purpose", out,
                     o->base_url ? "the base URL is not an absolute http(s) URL" : "no base URL");
        goto done;
    }
    old_items(doc, &its, dir, o->base_url, out, &old, &nold);
    if (strcmp(out, "-") != 0) { /* what a killed build left beside the feed */
        char *od = at__dir_of(out);
        at__stale_clean(od, 0);
        free(od);
    }
    title = o->title ? o->title : its.v[0].album ? its.v[0].album : "Audio editions";
    rfc822(time(NULL), now, sizeof now);
    buf = xmlBufferCreate();
    w = xmlNewTextWriterMemory(buf, 0);
    if (!w) {
        st = at__err(e, AT_ENOMEM, "feed: libxml2 cannot start a writer");
        goto done;
    }
    xmlTextWriterSetIndent(w, 1);
    W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElement(w, BAD_CAST "rss"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "2.0"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:itunes", BAD_CAST NS_ITUNES));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:podcast", BAD_CAST NS_PODCAST));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:atom", BAD_CAST NS_ATOM));
    W(xmlTextWriterStartElement(w, BAD_CAST "channel"));
    W(xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title));
    W(xmlTextWriterWriteElement(w, BAD_CAST "link", BAD_CAST(o->link ? o->link : o->base_url ? o->base_url : "")));
    W(xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST(o->description ? o->description : title)));
    W(xmlTextWriterWriteElement(w, BAD_CAST "language", BAD_CAST(o->language ? o->language : "en")));
    W(xmlTextWriterWriteElement(w, BAD_CAST "lastBuildDate", BAD_CAST now));
    W(xmlTextWriterWriteElement(w, BAD_CAST "generator", BAD_CAST "articast"));
    if (o->base_url && strcmp(out, "-") != 0) { /* where the feed itself is: its folder's URL */
        const char *name = strrchr(out, '/');
        self_url = url(o->base_url, name ? name + 1 : out);
        W(xmlTextWriterStartElement(w, BAD_CAST "atom:link"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST self_url));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "application/rss+xml"));
        W(xmlTextWriterEndElement(w));
    }
    if (o->author)
        W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:author", BAD_CAST o->author));
    if (o->image) {
        W(xmlTextWriterStartElement(w, BAD_CAST "itunes:image"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST o->image));
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterStartElement(w, BAD_CAST "itunes:category"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "text", BAD_CAST "News"));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:explicit", BAD_CAST "false"));
    W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:type", BAD_CAST(o->type ? o->type : "episodic")));
    if (o->owner_name || o->owner_email) {
        W(xmlTextWriterStartElement(w, BAD_CAST "itunes:owner"));
        if (o->owner_name)
            W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:name", BAD_CAST o->owner_name));
        if (o->owner_email)
            W(xmlTextWriterWriteElement(w, BAD_CAST "itunes:email", BAD_CAST o->owner_email));
        W(xmlTextWriterEndElement(w));
    }
    /* podcast:locked: whether another platform may import the feed; the
     * owner's email is how a platform checks who asks */
    W(xmlTextWriterStartElement(w, BAD_CAST "podcast:locked"));
    if (o->owner_email)
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "owner", BAD_CAST o->owner_email));
    W(xmlTextWriterWriteString(w, BAD_CAST(o->locked ? o->locked : "no")));
    W(xmlTextWriterEndElement(w));
    if (v[11] || self_url) {
        char id[40];
        W(xmlTextWriterWriteElement(w, BAD_CAST "podcast:guid", BAD_CAST(v[11] ? v[11] : feed_guid(self_url, id))));
    }
    for (k = 0; k < its.n; k++)
        W(write_item(w, &its.v[k], o));
    for (k = 0; k < nold; k++)
        W(xmlTextWriterWriteRaw(w, BAD_CAST old[k]));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w);
    w = NULL;
    if ((st = at__sink_open(&sink, out, e)) == AT_OK &&
        (st = at__sink_write(&sink, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), e)) == AT_OK)
        st = at__sink_commit(&sink, e);
    goto done;
fail:
    st = at__err(e, AT_EOUTPUT, "%s: libxml2 failed to write the feed", out);
done:
    at__sink_abort(&sink);
    free(self_url);
    if (doc)
        xmlFreeDoc(doc);
    if (w)
        xmlFreeTextWriter(w);
    if (buf)
        xmlBufferFree(buf);
    for (k = 0; k < its.n; k++)
        item_free(&its.v[k]);
    free(its.v);
    for (k = 0; k < nold; k++)
        free(old[k]);
    free(old);
    return st;
}
