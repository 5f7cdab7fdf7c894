/* Fuzz target for the podcast feed: a folder of editions through
 * at_feed_build.
 *
 * The input is a flags byte, then records [kind] [length] [bytes] that
 * make up to MAX_FILES MP3 files in a fresh temporary folder. Each file is
 * an ID3v2.3 tag whose header and frame headers the harness writes around
 * the records' bytes (so the sizes are right and the reader goes through
 * every frame), then a few frames of MPEG audio silence. The feed reads
 * only the tag (titles, dates, TLEN for the duration) and the file's size
 * and mtime, so the audio makes the files look like editions; nothing
 * decodes it.
 *
 * When at_feed_build succeeds the feed must be valid UTF-8 with no C0
 * control character but tab, LF and CR, and well-formed XML (libxml2, no
 * recovery; any error or warning counts); its channel must hold an item
 * per edition (one per guid: a copy makes none), each with its own
 * file's enclosure URL, no guid twice; and the folder must hold nothing
 * but the editions, the artwork the feed writes from their tags and the
 * feed (no temporary file). With flag bit 5 the first file is then
 * removed and the feed built again over the old one: the removed
 * edition's item must be gone. A refusal must carry a message and leave no new
 * feed. Anything else aborts, naming the broken rule on stderr.
 *
 * Flags: bit 0 gives a channel title, bit 1 a base URL, bit 2 the link,
 * description, author and image, bit 3 a language (each with characters
 * XML escapes); bit 4 puts a sidecar (.chapters.json, .vtt or .srt) beside
 * each file; bit 5 builds twice as above; bit 6 writes the tag's bytes
 * without the header the harness builds (for the reader's header checks;
 * the items are then not counted); bit 7 leaves out the audio.
 *
 * Record kinds (low four bits): 0-7 the frames TIT2, TPE1, TALB, COMM,
 * TYER, TLEN, TXXX, TCON, whose body is the bytes (an encoding byte, then
 * the text; COMM: encoding, language, description, text), but for TXXX
 * the bytes are the ISO-8859-1 value of "articast:date"; 8 a CHAP and 9 a
 * CTOC, built from the bytes (below), or with bit 7 of the kind set the
 * bytes are the frame body; 10 the file's name; 11 starts the next file;
 * 12 the file's mtime (big-endian seconds: the date of an edition without
 * one); 13-15 bytes copied into the tag as they are (a frame the fuzzer
 * spells whole, padding, or in raw mode the tag header). */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <utf8proc.h>

#include "articast.h"
#include "id3.h"
#include "util.h"

#define MAX_FILES 4
#define NAME_BYTES 96 /* a name's bytes from the input: with a sidecar's suffix, under NAME_MAX */
#define FEED "feed.xml"
#define MPEG_FRAME 144 /* MPEG-1 Layer III, 32 kb/s, 32 kHz, no padding: 144 * 32000 / 32000 bytes */
#define MPEG_FRAMES 3

enum { F_TITLE = 1, F_BASE = 2, F_CHANNEL = 4, F_LANG = 8 };
enum { F_SIDECARS = 16, F_TWICE = 32, F_RAW = 64, F_NO_AUDIO = 128 };
enum { R_TXXX = 6, R_CHAP = 8, R_CTOC = 9, R_NAME = 10, R_NEXT = 11, R_MTIME = 12 };

static const char *const text_ids[8] = {"TIT2", "TPE1", "TALB", "COMM", "TYER", "TLEN", "TXXX", "TCON"};
static const char *const sidecar_ext[3] = {".chapters.json", ".vtt", ".srt"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct edition {
    at_buf tag;      /* the frames; raw: every byte of the tag */
    char *name;      /* the file's name, ".mp3" included */
    char *sidecar;   /* its sidecar's name, or NULL */
    char *url;       /* the enclosure URL the feed must give it */
    int has_mtime;
    int64_t mtime;
    unsigned nchap;  /* CHAP ids handed out: chp0, chp1, ... */
    unsigned ntoc;   /* child CTOC ids: toc0, toc1, ... */
    int present;     /* the file is in the folder */
} edition;

static _Noreturn void fail(const char *why)
{
    fprintf(stderr, "fuzz_feed: %s\n", why);
    abort();
}

/* DIR/NAME, for the caller to free. */
static char *path_in(const char *dir, const char *name)
{
    at_buf b = {0};
    at__buf_printf(&b, "%s/%s", dir, name);
    return at__buf_detach(&b);
}

/* An ID3v2.3 frame: id, size, no flags, body. */
static void put_frame(at_buf *b, const char *id, const uint8_t *body, size_t n)
{
    unsigned char size[4];
    at__id3_put_u32(size, (uint32_t)n);
    at__buf_put(b, id, 4);
    at__buf_put(b, (const char *)size, 4);
    at__buf_put(b, "\0\0", 2);
    at__buf_put(b, (const char *)body, n);
}

/* CHAP "chpN": start and end ms from the first 8 bytes, no byte offsets
 * (0xFFFFFFFF), and a TIT2 sub-frame whose body is the rest. */
static void put_chap(edition *ed, const uint8_t *p, size_t n)
{
    at_buf body = {0};
    uint8_t times[8] = {0};
    memcpy(times, p, n < 8 ? n : 8);
    at__buf_printf(&body, "chp%u", ed->nchap++);
    at__buf_put(&body, "\0", 1);
    at__buf_put(&body, (const char *)times, 8);
    at__buf_put(&body, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    if (n > 8)
        put_frame(&body, "TIT2", p + 8, n - 8);
    put_frame(&ed->tag, "CHAP", (const uint8_t *)body.p, body.n);
    at__buf_free(&body);
}

/* CTOC: the top-level table "toc" (flags top-level and ordered), or with
 * `child` the table "tocN" (ordered); p[0] entries follow, one per byte,
 * "tocN" for a byte with bit 7 set and "chpN" otherwise, so tables may
 * name chapters and tables that do not exist; the rest is its TIT2. */
static void put_ctoc(edition *ed, int child, const uint8_t *p, size_t n)
{
    at_buf body = {0};
    size_t count = n ? p[0] : 0, k;
    if (n && count > n - 1)
        count = n - 1;
    if (child)
        at__buf_printf(&body, "toc%u", ed->ntoc++);
    else
        at__buf_puts(&body, "toc");
    at__buf_put(&body, "\0", 1);
    at__buf_putc(&body, (char)(child ? 0x02 : 0x03));
    at__buf_putc(&body, (char)count);
    for (k = 0; k < count; k++) {
        unsigned v = p[1 + k];
        at__buf_printf(&body, v & 0x80 ? "toc%u" : "chp%u", v & 0x7F);
        at__buf_put(&body, "\0", 1);
    }
    if (n > 1 + count)
        put_frame(&body, "TIT2", p + 1 + count, n - 1 - count);
    put_frame(&ed->tag, "CTOC", (const uint8_t *)body.p, body.n);
    at__buf_free(&body);
}

/* The file name "K-NAME.mp3": the number first, so no name is hidden
 * (scan skips dot files) and no two clash; '/' and NUL cannot be in a
 * name and become '_'. Any other byte stays: control characters and
 * invalid UTF-8 are possible in a real folder. */
static void set_name(edition *ed, size_t k, const uint8_t *p, size_t n)
{
    at_buf b = {0};
    size_t i, len = n < NAME_BYTES ? n : NAME_BYTES;
    at__buf_printf(&b, "%zu-", k);
    for (i = 0; i < len; i++)
        at__buf_putc(&b, p[i] == '/' || p[i] == '\0' ? '_' : (char)p[i]);
    at__buf_puts(&b, ".mp3");
    free(ed->name);
    ed->name = at__buf_detach(&b);
}

static void record(edition *ed, size_t k, unsigned kind, const uint8_t *p, size_t n)
{
    unsigned type = kind & 15;
    uint64_t v = 0;
    size_t i;
    if (type == R_TXXX) {
        at_buf body = {0};
        at__buf_put(&body, "\0articast:date\0", 15);
        at__buf_put(&body, (const char *)p, n);
        put_frame(&ed->tag, "TXXX", (const uint8_t *)body.p, body.n);
        at__buf_free(&body);
    } else if (type < 8) {
        put_frame(&ed->tag, text_ids[type], p, n);
    } else if ((type == R_CHAP || type == R_CTOC) && (kind & 0x80)) {
        put_frame(&ed->tag, type == R_CHAP ? "CHAP" : "CTOC", p, n);
    } else if (type == R_CHAP) {
        put_chap(ed, p, n);
    } else if (type == R_CTOC) {
        put_ctoc(ed, (kind & 0x40) != 0, p, n);
    } else if (type == R_NAME) {
        set_name(ed, k, p, n);
    } else if (type == R_MTIME) {
        for (i = 0; i < n && i < 8; i++)
            v = v << 8 | p[i];
        ed->has_mtime = 1;
        ed->mtime = (int64_t)v;
    } else {
        at__buf_put(&ed->tag, (const char *)p, n);
    }
}

/* The editions the records describe; returns how many. */
static size_t parse(const uint8_t *d, size_t n, edition *ed)
{
    size_t pos = 0, nfiles = 1;
    memset(ed, 0, MAX_FILES * sizeof *ed);
    while (pos + 2 <= n) {
        unsigned kind = d[pos];
        size_t len = d[pos + 1];
        if (len > n - pos - 2)
            len = n - pos - 2;
        if ((kind & 15) == R_NEXT) {
            if (nfiles < MAX_FILES)
                nfiles++;
        } else {
            record(&ed[nfiles - 1], nfiles - 1, kind, d + pos + 2, len);
        }
        pos += 2 + len;
    }
    return nfiles;
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w <= 0)
            fail("cannot write an edition into the work folder");
        c += w;
        n -= (size_t)w;
    }
}

static void write_file(const char *dir, const char *name, const at_buf *a, const at_buf *b)
{
    char *path = path_in(dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        fail("cannot create a file in the work folder");
    if (a)
        write_all(fd, a->p, a->n);
    if (b)
        write_all(fd, b->p, b->n);
    if (close(fd) != 0)
        fail("cannot close a file in the work folder");
    free(path);
}

/* One edition: the tag (with the header built, unless raw), the audio,
 * its mtime when given (a file system may refuse an odd one: then the
 * file keeps the current time), and its sidecar. */
static void write_edition(const char *dir, edition *ed, size_t k, unsigned flags)
{
    at_buf file = {0}, audio = {0};
    size_t i;
    if (!(flags & F_RAW)) {
        uint32_t n = (uint32_t)ed->tag.n;
        unsigned char h[10] = {'I', 'D', '3', 3, 0, 0};
        h[6] = (unsigned char)(n >> 21 & 0x7F);
        h[7] = (unsigned char)(n >> 14 & 0x7F);
        h[8] = (unsigned char)(n >> 7 & 0x7F);
        h[9] = (unsigned char)(n & 0x7F);
        at__buf_put(&file, (const char *)h, 10);
    }
    at__buf_put(&file, ed->tag.p, ed->tag.n);
    for (i = 0; !(flags & F_NO_AUDIO) && i < MPEG_FRAMES; i++) {
        /* sync, MPEG-1, Layer III, no CRC; 32 kb/s, 32 kHz; mono: then
         * zero side information and no main data, which is silence */
        static const char header[4] = {(char)0xFF, (char)0xFB, 0x18, (char)0xC4};
        static const char zeros[MPEG_FRAME - 4];
        at__buf_put(&audio, header, 4);
        at__buf_put(&audio, zeros, sizeof zeros);
    }
    write_file(dir, ed->name, &file, &audio);
    ed->present = 1;
    if (ed->has_mtime) {
        char *path = path_in(dir, ed->name);
        struct timespec ts[2];
        ts[0].tv_sec = ts[1].tv_sec = (time_t)ed->mtime;
        ts[0].tv_nsec = ts[1].tv_nsec = 0;
        (void)utimensat(AT_FDCWD, path, ts, 0);
        free(path);
    }
    if (flags & F_SIDECARS) {
        at_buf s = {0};
        at__buf_put(&s, ed->name, strlen(ed->name) - 4);
        at__buf_puts(&s, sidecar_ext[k % 3]);
        ed->sidecar = at__buf_detach(&s);
        write_file(dir, ed->sidecar, NULL, NULL);
    }
    at__buf_free(&file);
    at__buf_free(&audio);
}

/* The enclosure URL the feed must give `file`: the base URL, a slash,
 * and the name with every byte but RFC 3986's unreserved ones
 * percent-encoded. */
static char *enclosure_url(const char *base, const char *file)
{
    at_buf b = {0};
    const unsigned char *p;
    at__buf_puts(&b, base ? base : "");
    if (b.n > 0 && b.p[b.n - 1] != '/')
        at__buf_putc(&b, '/');
    for (p = (const unsigned char *)file; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            at__buf_putc(&b, (char)*p);
        else
            at__buf_printf(&b, "%%%02X", *p);
    }
    return at__buf_detach(&b);
}

static int xml_problems;

#if LIBXML_VERSION >= 21200
static void count_problem(void *ctx, const xmlError *err)
#else
static void count_problem(void *ctx, xmlErrorPtr err)
#endif
{
    (void)ctx;
    (void)err;
    xml_problems++;
}

/* The feed's bytes: valid UTF-8 (utf8proc's decoder, not the library's),
 * no C0 control but tab, LF and CR, and well-formed XML with no error or
 * warning from libxml2. Returns the parsed document. */
static xmlDocPtr read_feed(const char *dir)
{
    char *path = path_in(dir, FEED), *buf;
    size_t len, i = 0;
    at_error e;
    xmlDocPtr doc;
    if (at__read_file(path, 1u << 26, &buf, &len, &e) != AT_OK)
        fail("at_feed_build succeeded but the feed cannot be read");
    free(path);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)buf + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            fail("the feed is not valid UTF-8");
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
            fail("the feed holds a C0 control character");
        i += (size_t)k;
    }
    if (len > INT_MAX)
        fail("the feed is over 2 GB");
    xml_problems = 0;
    xmlSetStructuredErrorFunc(NULL, count_problem);
    doc = xmlReadMemory(buf, (int)len, FEED, NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    free(buf);
    if (!doc || xml_problems > 0)
        fail("the feed is not well-formed XML");
    return doc;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static xmlNodePtr channel(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), ch;
    if (!root || strcmp((const char *)root->name, "rss") != 0 || !(ch = child(root, "channel")))
        fail("the feed has no rss/channel");
    return ch;
}

static int is_item(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "item") == 0;
}

/* An item's enclosure URL (xmlFree it), or NULL. */
static xmlChar *enclosure_of(xmlNodePtr item)
{
    xmlNodePtr enc = child(item, "enclosure");
    return enc ? xmlGetProp(enc, BAD_CAST "url") : NULL;
}

/* The channel holds at most one item per URL in `urls`, each with one
 * of them as its enclosure, no guid twice, and at least one item when
 * there are editions. An edition may be missing only as a copy of
 * another (the same publication, title and date, so the same guid): the
 * feed keeps one item per guid, and the harness does not decode tags to
 * tell copies apart. */
static void check_items(xmlDocPtr doc, char *const *urls, size_t n)
{
    unsigned char used[MAX_FILES] = {0};
    xmlChar *guids[MAX_FILES];
    size_t count = 0, k;
    xmlNodePtr it;
    for (it = channel(doc)->children; it; it = it->next) {
        xmlChar *u, *g;
        if (!is_item(it))
            continue;
        u = enclosure_of(it);
        for (k = 0; u && k < n; k++)
            if (!used[k] && strcmp((const char *)u, urls[k]) == 0)
                break;
        if (!u || k == n)
            fail("an item's enclosure is no edition's, or an edition has two items");
        used[k] = 1;
        xmlFree(u);
        g = xmlNodeGetContent(child(it, "guid"));
        for (k = 0; g && k < count; k++)
            if (xmlStrcmp(g, guids[k]) == 0)
                fail("two items have one guid");
        guids[count++] = g;
    }
    for (k = 0; k < count; k++)
        xmlFree(guids[k]);
    if (n && !count)
        fail("the feed has no item for its editions");
}

/* Whether `name` is BASE.jpg or BASE.png for the edition BASE.mp3. */
static int is_cover_of(const char *name, const char *mp3)
{
    size_t n = strlen(mp3) - 4;
    return strncmp(name, mp3, n) == 0 && (strcmp(name + n, ".jpg") == 0 || strcmp(name + n, ".png") == 0);
}

/* The folder holds the editions still present, their sidecars, the
 * artwork written from their tags and, when
 * `feed` is set, the feed: nothing else, so no temporary file is left. */
static void check_folder(const char *dir, const edition *ed, size_t n, int feed)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t want = (size_t)(feed != 0), seen = 0, k;
    if (!d)
        fail("cannot list the work folder");
    for (k = 0; k < n; k++)
        want += ed[k].present ? 1 + (ed[k].sidecar != NULL) : 0;
    while ((de = readdir(d)) != NULL) {
        int known = feed && strcmp(de->d_name, FEED) == 0;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        for (k = 0; k < n && !known; k++)
            known = ed[k].present &&
                    (strcmp(de->d_name, ed[k].name) == 0 || (ed[k].sidecar && strcmp(de->d_name, ed[k].sidecar) == 0));
        for (k = 0; k < n && !known; k++) /* the artwork the feed writes from an edition's APIC */
            if (is_cover_of(de->d_name, ed[k].name)) {
                known = 1;
                want++;
            }
        if (!known)
            fail("the work folder holds a file the harness did not make (a temporary left, or a feed after a refusal)");
        seen++;
    }
    closedir(d);
    if (seen != want)
        fail("a file is missing from the work folder");
}

static void remove_file(const char *dir, const char *name)
{
    char *path = path_in(dir, name);
    if (unlink(path) != 0)
        fail("cannot remove a file from the work folder");
    free(path);
}

/* Removes the folder and everything in it: the fuzzer runs millions of
 * times and must leave nothing behind. */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    if (!d)
        fail("cannot list the work folder");
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            remove_file(dir, de->d_name);
    closedir(d);
    if (rmdir(dir) != 0)
        fail("cannot remove the work folder");
}


/* Builds the feed; checks it (with `urls`, unless NULL, the items it
 * must hold) and the folder. Returns the parsed feed, or NULL when the
 * build was refused. */
static xmlDocPtr build(const char *dir, const at_feed_options *o, edition *ed, size_t n, char *const *urls,
                       size_t nurls, int had_feed)
{
    char *out = path_in(dir, FEED);
    at_error e;
    at_status st;
    xmlDocPtr doc = NULL;
    memset(&e, 0, sizeof e);
    st = at_feed_build(dir, out, o, &e);
    free(out);
    if (st == AT_OK) {
        doc = read_feed(dir);
        if (urls)
            check_items(doc, urls, nurls);
    } else if (e.msg[0] == '\0') {
        fail("a refusal without a message");
    }
    check_folder(dir, ed, n, st == AT_OK || had_feed);
    return doc;
}

/* The caller's strings hold what XML must escape, and non-ASCII. */
static void set_options(at_feed_options *o, unsigned flags)
{
    memset(o, 0, sizeof *o);
    if (flags & F_TITLE)
        o->title = "Harbour & Sons <Daily> \"Evening\" 'Edition' caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac";
    if (flags & F_BASE)
        o->base_url = "https://example.org/pod casts/a&b=<c>/\"q\"/caf\xc3\xa9";
    else
        o->relative = 1; /* a feed without a base URL is refused otherwise */
    if (flags & F_CHANNEL) {
        o->link = "https://example.org/?a=1&b=<2>";
        o->description = "Tides <and> \"times\" & more \xe2\x80\x93 daily";
        o->author = "Ann & Bob's <Press>";
        o->image = "https://example.org/cover.jpg?size=1400&fmt=\"jpg\"";
    }
    if (flags & F_LANG)
        o->language = "x-<&>";
}

/* Builds the folder, builds the feed once or twice, checks each result. */
static void run(unsigned flags, edition *ed, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    at_buf dir = {0};
    at_feed_options o;
    char *urls[MAX_FILES];
    xmlDocPtr doc;
    size_t k;
    set_options(&o, flags);
    at__buf_printf(&dir, "%s/fuzz-feed.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir.p))
        fail("cannot make the work folder");
    for (k = 0; k < n; k++) {
        write_edition(dir.p, &ed[k], k, flags);
        urls[k] = ed[k].url = enclosure_url(o.base_url, ed[k].name);
    }
    /* raw tags may not be editions: the items are then not counted */
    doc = build(dir.p, &o, ed, n, flags & F_RAW ? NULL : urls, n, 0);
    if (doc && (flags & F_TWICE)) {
        /* the first edition's item is dropped from the old feed: its
         * enclosure is in the folder and the file is gone */
        xmlFreeDoc(doc);
        remove_file(dir.p, ed[0].name);
        if (ed[0].sidecar)
            remove_file(dir.p, ed[0].sidecar);
        ed[0].present = 0;
        doc = build(dir.p, &o, ed, n, flags & F_RAW ? NULL : urls + 1, n - 1, 1);
    }
    xmlFreeDoc(doc);
    remove_folder(dir.p);
    at__buf_free(&dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    edition ed[MAX_FILES];
    size_t n, k;
    if (size < 1)
        return 0;
    n = parse(data + 1, size - 1, ed);
    for (k = 0; k < n; k++)
        if (!ed[k].name)
            set_name(&ed[k], k, (const uint8_t *)"edition", 7);
    run(data[0], ed, n);
    for (k = 0; k < n; k++) {
        at__buf_free(&ed[k].tag);
        free(ed[k].name);
        free(ed[k].sidecar);
        free(ed[k].url);
    }
    return 0;
}
