/* Fuzz target for the chapter marks: an ID3 and a WAV round trip.
 *
 * The input is a list of chapters; each is a record
 *     [title length] [gap] [start ms, 4 bytes] [end ms, 4 bytes] [title]
 * after a first byte of flags. The titles and times go into an ID3v2.3
 * tag built by id3.c (CTOC + CHAP, with top-level text frames from the
 * first titles), which id3_read.c must read back unchanged: the same
 * chapter count, order, ids, titles (invalid UTF-8 read as U+FFFD, an
 * empty title as the chapter id) and times. The first chapters also go
 * into a short WAV of silence through the project's writer (a chapter
 * after each record's gap in samples), which libsndfile must read back
 * with one cue per chapter at the right sample and with its label. The
 * project has no WAV reader of its own. Any mismatch aborts.
 *
 * Flags: bit 0 repeats the chapters up to 255 + (bits 1-6) for the ID3
 * tag, so it needs two levels of CTOC; bit 7 instead hands the rest of the
 * input to the ID3 reader as a tag, for its robustness. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "id3.h"
#include "produce.h"
#include "util.h"

#define MAX_RECORDS 64
#define MAX_WAV_CHAPTERS 32
#define LABEL_MAX 255 /* as in wav.c */
#define RATE 8000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct chapter {
    char *title;
    unsigned gap;
    uint32_t start, end;
} chapter;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static size_t parse(const uint8_t *d, size_t n, chapter *out)
{
    size_t pos = 0, k = 0;
    while (k < MAX_RECORDS && pos + 10 <= n) {
        size_t len = d[pos];
        if (len > n - pos - 10)
            len = n - pos - 10;
        out[k].gap = d[pos + 1];
        out[k].start = be32(d + pos + 2);
        out[k].end = be32(d + pos + 6);
        out[k].title = at__xstrndup((const char *)d + pos + 10, len);
        pos += 10 + len;
        k++;
    }
    return k;
}

/* What a text frame reads back as: the UTF-8 text with each invalid byte
 * and each non-character as U+FFFD (the writer's rule) and each C0 control
 * but tab and line feed as a space (the reader's), `fallback` when empty. */
static char *expected(const char *s, const char *fallback)
{
    at_buf b = {0};
    size_t i = 0, len;
    if (!*s)
        s = fallback;
    len = strlen(s);
    while (i < len) {
        int32_t cp = at__utf8_next(s, len, &i);
        if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
            cp = 0xFFFD;
        else if (cp < 0x20 && cp != '\t' && cp != '\n')
            cp = ' ';
        at__utf8_put(&b, cp);
    }
    return at__buf_detach(&b);
}

static void same_text(const char *got, const char *written)
{
    char *want;
    if (!*written) {
        if (got)
            abort();
        return;
    }
    want = expected(written, "");
    if (!got || strcmp(got, want) != 0)
        abort();
    free(want);
}

static void id3_round_trip(const chapter *ch, size_t nrec, size_t n, const char *toc_title)
{
    const char **titles = at__xcalloc(n, sizeof *titles);
    size_t *offs = at__xcalloc(n, sizeof *offs), k;
    at_id3_text texts[2];
    at_id3 tag;
    at_buf b = {0};
    at_id3_info info;
    at_error e;
    memset(&tag, 0, sizeof tag);
    texts[0].id = "TIT2";
    texts[0].value = ch[0].title;
    texts[1].id = "TPE1";
    texts[1].value = nrec > 1 ? ch[1].title : "";
    tag.texts = texts;
    tag.ntexts = 2;
    tag.comment = nrec > 2 ? ch[2].title : NULL;
    tag.toc_title = toc_title;
    for (k = 0; k < n; k++)
        titles[k] = ch[k % nrec].title;
    tag.chapter_titles = titles;
    tag.nchapters = n;
    if (at__id3_build(&tag, &b, offs, &e) != AT_OK)
        abort();
    for (k = 0; k < n; k++) {
        at__id3_put_u32((unsigned char *)b.p + offs[k], ch[k % nrec].start + (uint32_t)(k / nrec));
        at__id3_put_u32((unsigned char *)b.p + offs[k] + 4, ch[k % nrec].end);
    }
    if (at__id3_tag_size((const unsigned char *)b.p) != b.n)
        abort();
    if (at__id3_read_buffer((const unsigned char *)b.p, b.n, "fuzz", &info, &e) != AT_OK)
        abort();
    same_text(info.title, ch[0].title);
    same_text(info.artist, nrec > 1 ? ch[1].title : "");
    same_text(info.comment, nrec > 2 ? ch[2].title : "");
    same_text(info.toc_title, toc_title ? toc_title : "");
    if (info.nchapters != n)
        abort();
    for (k = 0; k < n; k++) {
        const at_id3_chapter *c = &info.chapters[k];
        char id[32], *want;
        snprintf(id, sizeof id, "chp%zu", k);
        want = expected(titles[k], id);
        if (strcmp(c->id, id) != 0 || strcmp(c->title, want) != 0 ||
            c->start_ms != ch[k % nrec].start + (uint32_t)(k / nrec) || c->end_ms != ch[k % nrec].end)
            abort();
        free(want);
    }
    at__id3_info_free(&info);
    at__buf_free(&b);
    free(titles);
    free(offs);
}

/* The label wav.c writes: at most LABEL_MAX bytes, cut on a character
 * boundary. */
static size_t label_len(const char *t)
{
    size_t len = strlen(t);
    if (len > LABEL_MAX) {
        len = LABEL_MAX;
        while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
            len--;
    }
    return len;
}

static const char *wav_path(void)
{
    static char path[256];
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(path, sizeof path, "%s/articast-fuzz-%ld.wav", dir, (long)getpid());
    }
    return path;
}

static void wav_round_trip(const chapter *ch, size_t n, unsigned tail)
{
    static const int16_t silence[256];
    const char *path = wav_path();
    const char **titles = at__xcalloc(n ? n : 1, sizeof *titles);
    uint64_t *starts = at__xcalloc(n ? n : 1, sizeof *starts), total = 0;
    at_writer *w;
    at_error e;
    at_tags tags;
    SF_INFO info;
    SNDFILE *sf;
    SF_CUES *cues;
    uint32_t count = 0;
    size_t k;
    memset(&tags, 0, sizeof tags);
    tags.title = n ? ch[0].title : NULL;
    for (k = 0; k < n; k++)
        titles[k] = ch[k].title;
    if (at__writer_open(&w, AT_FORMAT_WAV, path, RATE, &tags, titles, n, NULL, &e) != AT_OK)
        abort();
    for (k = 0; k < n; k++) {
        if (at__writer_pcm(w, silence, ch[k].gap, &e) != AT_OK)
            abort();
        total += ch[k].gap;
        starts[k] = k ? total : 0; /* the first chapter starts at zero */
        at__writer_chapter(w, k);
    }
    if (at__writer_pcm(w, silence, tail, &e) != AT_OK)
        abort();
    total += tail;
    if (at__writer_finish(w, &e) != AT_OK)
        abort();
    for (k = 0; k < n; k++) {
        uint32_t s, t;
        at__writer_chapter_ms(w, k, &s, &t);
        if (s != at__samples_to_ms(starts[k], RATE) ||
            t != at__samples_to_ms(k + 1 < n ? starts[k + 1] : total, RATE))
            abort();
    }
    at__writer_free(w);

    memset(&info, 0, sizeof info);
    if (!(sf = sf_open(path, SFM_READ, &info)))
        abort();
    if (info.frames != (sf_count_t)total || info.samplerate != RATE || info.channels != 1)
        abort();
    if (!sf_command(sf, SFC_GET_CUE_COUNT, &count, sizeof count))
        count = 0;
    if (count != n)
        abort();
    if (n) {
        size_t bytes = sizeof(SF_CUES) + n * sizeof(SF_CUE_POINT);
        cues = at__xcalloc(1, bytes);
        if (sf_command(sf, SFC_GET_CUE, cues, (int)bytes) != SF_TRUE || cues->cue_count != n)
            abort();
        for (k = 0; k < n; k++) {
            const SF_CUE_POINT *c = &cues->cue_points[k];
            size_t len = label_len(titles[k]);
            if (c->position != starts[k] || c->sample_offset != starts[k] || strlen(c->name) != len ||
                memcmp(c->name, titles[k], len) != 0)
                abort();
        }
        free(cues);
    }
    sf_close(sf);
    unlink(path);
    free(titles);
    free(starts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chapter ch[MAX_RECORDS];
    size_t nrec, n, k;
    unsigned flags;
    if (size < 1)
        return 0;
    flags = data[0];
    if (flags & 0x80) {
        at_id3_info info;
        at_error e;
        if (at__id3_read_buffer(data + 1, size - 1, "fuzz", &info, &e) == AT_OK)
            at__id3_info_free(&info);
        return 0;
    }
    nrec = parse(data + 1, size - 1, ch);
    if (nrec == 0)
        return 0;
    n = (flags & 1) ? 255 + ((flags >> 1) & 0x3F) : nrec;
    id3_round_trip(ch, nrec, n, (flags & 2) ? ch[nrec - 1].title : NULL);
    wav_round_trip(ch, nrec < MAX_WAV_CHAPTERS ? nrec : MAX_WAV_CHAPTERS, (flags >> 2) & 7);
    for (k = 0; k < nrec; k++)
        free(ch[k].title);
    return 0;
}
