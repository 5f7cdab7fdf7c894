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
static void put_escaped(at_buf *b, const char *s, int name)
{
    for (; *s; s++) {
        if (*s == '&')
            at__buf_puts(b, "&amp;");
        else if (*s == '<')
            at__buf_puts(b, "&lt;");
        else if (*s == '>')
            at__buf_puts(b, name ? "" : "&gt;");
        else if (*s == '\n' || *s == '\r')
            at__buf_putc(b, ' ');
        else
            at__buf_putc(b, *s);
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

at_status at__transcript_cue(at_transcript *t, uint32_t start, uint32_t end, const char *speaker,
                             const char *text, at_error *e)
{
    at_buf b = {0};
    at_status st;
    if (end <= start)
        end = start + 1;
    t->count++;
    if (t->kind == AT_TRANSCRIPT_VTT) {
        put_time(&b, start, '.');
        at__buf_puts(&b, " --> ");
        put_time(&b, end, '.');
        at__buf_putc(&b, '\n');
        if (speaker) {
            at__buf_puts(&b, "<v ");
            put_escaped(&b, speaker, 1);
            at__buf_putc(&b, '>');
        }
        put_escaped(&b, text, 0);
        at__buf_puts(&b, "\n\n");
    } else {
        at__buf_printf(&b, "%zu\n", t->count);
        put_time(&b, start, ',');
        at__buf_puts(&b, " --> ");
        put_time(&b, end, ',');
        at__buf_putc(&b, '\n');
        if (speaker)
            at__buf_printf(&b, "%s: ", speaker);
        at__buf_puts(&b, text);
        at__buf_puts(&b, "\n\n");
    }
    st = at__sink_write(&t->sink, b.p, b.n, e);
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
