#include "sidecar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

/* hh:mm:ss.mmm (WebVTT) or hh:mm:ss,mmm (SRT) */
static void put_time(at_buf *b, uint32_t ms, char sep)
{
    at__buf_printf(b, "%02u:%02u:%02u%c%03u", ms / 3600000u, ms / 60000u % 60u, ms / 1000u % 60u, sep, ms % 1000u);
}

/* WebVTT cue text: escape &, < and >; a voice name takes no '>'. */
static void put_escaped(at_buf *b, const char *s, size_t n, int name)
{
    size_t k;
    for (k = 0; k < n; k++) {
        if (s[k] == '&')
            at__buf_puts(b, "&amp;");
        else if (s[k] == '<')
            at__buf_puts(b, "&lt;");
        else if (s[k] == '>')
            at__buf_puts(b, name ? "" : "&gt;");
        else if (s[k] == '\n' || s[k] == '\r')
            at__buf_putc(b, ' ');
        else
            at__buf_putc(b, s[k]);
    }
}

at_status at__transcript_open(at_transcript *t, at_transcript_kind kind, const char *path, unsigned flags,
                              at_error *e)
{
    at_status st;
    memset(t, 0, sizeof *t);
    t->kind = kind;
    if ((st = at__sink_open_flags(&t->sink, path, flags, e)) != AT_OK)
        return st;
    if (kind == AT_TRANSCRIPT_VTT)
        return at__sink_write(&t->sink, "WEBVTT\n\n", 8, e);
    return AT_OK;
}

/* The Podcasting 2.0 transcript guidance: SRT cues of at most two lines
 * of 32 characters; WebVTT's wider lines take 42, the usual limit of
 * broadcast captions. A piece of a sentence stays up at least
 * CUE_MIN_MS when the sentence lasts long enough for all its pieces. */
#define SRT_LINE 32
#define VTT_LINE 42
#define CUE_MIN_MS 800

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        int blank = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
        n += !blank && !in;
        in = !blank;
    }
    return n;
}

/* Where each of the np pieces starts, and in at[np] where the last ends:
 * the sentence's span [start, end) shared out. A piece starts when its
 * first word is heard (word_ms, for the words after the `lead` words of
 * the speaker's label), else at its share of the characters; then each
 * gets CUE_MIN_MS when the span allows, or an equal share when it does
 * not. Returns 0 when the span is too short to give each piece a
 * millisecond. */
static int piece_times(const at_caption_piece *p, size_t np, size_t lead, uint32_t start, uint32_t end,
                       const uint32_t *word_ms, size_t nwords, uint32_t *at)
{
    uint32_t span = end - start;
    size_t total = 0, before = 0, k;
    if (span < np)
        return 0;
    for (k = 0; k < np; k++)
        total += p[k].chars + (k > 0);
    at[0] = start;
    at[np] = end;
    for (k = 1; k < np; k++) {
        size_t w = p[k].first_word;
        before += p[k - 1].chars + (k > 1);
        if (word_ms && w >= lead && w - lead < nwords)
            at[k] = word_ms[w - lead];
        else
            at[k] = start + (uint32_t)((uint64_t)span * (before + 1) / (total ? total : 1));
        if (at[k] < at[k - 1])
            at[k] = at[k - 1];
        if (at[k] > end)
            at[k] = end;
    }
    if ((uint64_t)span >= (uint64_t)np * CUE_MIN_MS) {
        for (k = 1; k < np; k++)
            if (at[k] < at[k - 1] + CUE_MIN_MS)
                at[k] = at[k - 1] + CUE_MIN_MS;
        for (k = np - 1; k > 0; k--)
            if (at[k] > at[k + 1] - CUE_MIN_MS)
                at[k] = at[k + 1] - CUE_MIN_MS;
    } else {
        for (k = 1; k < np; k++)
            at[k] = start + (uint32_t)((uint64_t)span * k / np);
    }
    return 1;
}

static void put_timing(at_transcript *t, at_buf *b, uint32_t start, uint32_t end)
{
    char sep = t->kind == AT_TRANSCRIPT_VTT ? '.' : ',';
    t->count++;
    if (t->kind == AT_TRANSCRIPT_SRT)
        at__buf_printf(b, "%zu\n", t->count);
    put_time(b, start, sep);
    at__buf_puts(b, " --> ");
    put_time(b, end, sep);
    at__buf_putc(b, '\n');
}

/* One cue: text[from, to), a line break at [brk, line2) when brk < to. */
static void put_cue(at_transcript *t, at_buf *b, uint32_t start, uint32_t end, const char *speaker,
                    const char *text, size_t from, size_t brk, size_t line2, size_t to)
{
    put_timing(t, b, start, end);
    if (t->kind == AT_TRANSCRIPT_VTT) {
        /* the voice on every piece: each cue is read on its own */
        if (speaker) {
            at__buf_puts(b, "<v ");
            put_escaped(b, speaker, strlen(speaker), 1);
            at__buf_putc(b, '>');
        }
        put_escaped(b, text + from, brk - from, 0);
        if (brk < to) {
            at__buf_putc(b, '\n');
            put_escaped(b, text + line2, to - line2, 0);
        }
    } else {
        at__buf_put(b, text + from, brk - from);
        if (brk < to) {
            at__buf_putc(b, '\n');
            at__buf_put(b, text + line2, to - line2);
        }
    }
    at__buf_puts(b, "\n\n");
}

at_status at__transcript_cue(at_transcript *t, uint32_t start, uint32_t end, const char *speaker,
                             const char *text, const uint32_t *word_ms, size_t nwords, at_error *e)
{
    at_buf full = {0}, b = {0};
    at_caption_piece *p = NULL;
    const char *ft;
    uint32_t *at;
    size_t np, k, lead = 0;
    at_status st;
    if (end <= start)
        end = start + 1;
    /* SRT has no voices: the speaker's label opens the first piece */
    if (t->kind == AT_TRANSCRIPT_SRT && speaker) {
        at__buf_printf(&full, "%s: ", speaker);
        lead = count_words(full.p);
    }
    at__buf_puts(&full, text);
    ft = full.p ? full.p : "";
    if (word_ms && count_words(text) != nwords)
        word_ms = NULL;
    np = at__caption_split(ft, t->kind == AT_TRANSCRIPT_VTT ? VTT_LINE : SRT_LINE, &p);
    at = at__xcalloc(np + 1, sizeof *at);
    if (np == 0 || !piece_times(p, np, lead, start, end, word_ms, nwords, at)) {
        /* no words, or no time to show them one after another */
        put_cue(t, &b, start, end, t->kind == AT_TRANSCRIPT_VTT ? speaker : NULL, ft, 0, full.n, full.n, full.n);
    } else {
        for (k = 0; k < np; k++)
            put_cue(t, &b, at[k], at[k + 1], t->kind == AT_TRANSCRIPT_VTT ? speaker : NULL, ft, p[k].start,
                    p[k].brk, p[k].line2, p[k].end);
    }
    st = at__sink_write(&t->sink, b.p, b.n, e);
    free(at);
    free(p);
    at__buf_free(&full);
    at__buf_free(&b);
    return st;
}

at_status at__transcript_stage(at_transcript *t, at_stage *g, at_error *e)
{
    return at__stage_sink(g, &t->sink, e);
}

void at__transcript_abort(at_transcript *t)
{
    at__sink_abort(&t->sink);
}

static at_status write_whole(at_stage *g, const char *path, unsigned flags, const char *data, size_t n,
                             at_error *e)
{
    at_sink s;
    at_status st = at__sink_open_flags(&s, path, flags, e);
    if (st != AT_OK)
        return st;
    if ((st = at__sink_write(&s, data, n, e)) != AT_OK) {
        at__sink_abort(&s);
        return st;
    }
    return at__stage_sink(g, &s, e);
}

static void put_field(json_t *o, const char *key, const char *value)
{
    if (value && *value)
        json_object_set_new(o, key, json_string(value));
}

at_status at__write_chapters_json(at_stage *g, const char *path, unsigned flags, const at_tags *tags,
                                  const char *file, const at_chapter_times *c, size_t n, at_error *e)
{
    json_t *root = json_object(), *arr = json_array();
    char *text;
    size_t k;
    at_status st;
    const char *slash = file ? strrchr(file, '/') : NULL;
    for (k = 0; k < n; k++)
        json_array_append_new(arr, json_pack("{s:f, s:f, s:s}", "startTime", c[k].start_ms / 1000.0, "endTime",
                                             c[k].end_ms / 1000.0, "title", c[k].title ? c[k].title : ""));
    json_object_set_new(root, "version", json_string("1.2.0"));
    put_field(root, "title", tags ? tags->title : NULL);
    put_field(root, "author", tags ? tags->artist : NULL);
    put_field(root, "podcastName", tags ? tags->album : NULL);
    if (file && strcmp(file, "-") != 0)
        put_field(root, "fileName", slash ? slash + 1 : file);
    json_object_set_new(root, "chapters", arr);
    text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text)
        return at__err(e, AT_ENOMEM, "%s: cannot build the chapters JSON", path);
    st = write_whole(g, path, flags, text, strlen(text), e);
    free(text);
    return st;
}

/* ffmetadata values escape '=', ';', '#', '\' and newlines with '\'. */
static void put_ffvalue(at_buf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("=;#\\\n", *s))
            at__buf_putc(b, '\\');
        at__buf_putc(b, *s);
    }
}

at_status at__write_ffmetadata(at_stage *g, const char *path, unsigned flags, const char *title,
                               const at_chapter_times *c, size_t n, at_error *e)
{
    at_buf b = {0};
    size_t k;
    at_status st;
    at__buf_puts(&b, ";FFMETADATA1\n");
    if (title) {
        at__buf_puts(&b, "title=");
        put_ffvalue(&b, title);
        at__buf_putc(&b, '\n');
    }
    for (k = 0; k < n; k++) {
        at__buf_printf(&b, "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=%u\nEND=%u\ntitle=", c[k].start_ms, c[k].end_ms);
        put_ffvalue(&b, c[k].title ? c[k].title : "");
        at__buf_putc(&b, '\n');
    }
    st = write_whole(g, path, flags, b.p, b.n, e);
    at__buf_free(&b);
    return st;
}

at_status at__write_m3u8(at_stage *g, const char *path, unsigned flags, const at_playlist_entry *p, size_t n,
                         at_error *e)
{
    at_buf b = {0};
    size_t k;
    at_status st;
    at__buf_puts(&b, "#EXTM3U\n");
    for (k = 0; k < n; k++)
        at__buf_printf(&b, "#EXTINF:%u.%03u,%s\n%s\n", p[k].duration_ms / 1000u, p[k].duration_ms % 1000u,
                       p[k].title, p[k].file);
    st = write_whole(g, path, flags, b.p, b.n, e);
    at__buf_free(&b);
    return st;
}
