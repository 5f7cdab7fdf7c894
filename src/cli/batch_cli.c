/* articast batch: progress for people (a live line on a terminal) and for
 * machines (one JSON object per event), both on stderr, so stdout stays
 * free for whatever a wrapper wants to print; and with --results, a JSON
 * line per finished article appended to a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "batch_cli.h"

typedef struct progress {
    int tty;   /* the live line */
    int jsonl; /* a JSON object per event */
    int line_shown;
    int results; /* the --results file, or -1 */
    const char *results_path;
    int results_lost; /* a line could not be written: no more are tried */
} progress;

static const char *const event_names[] = {"plan", "start", "done", "skip", "fail", "crash", "finish"};

/* A JSON string of `s`: paths are bytes, and jansson refuses a string that
 * is not UTF-8, so each invalid sequence becomes U+FFFD rather than the
 * field going missing. */
static json_t *path_string(const char *s)
{
    json_t *j = json_string(s);
    char *fixed, *w;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    if (j)
        return j;
    fixed = malloc(strlen(s) * 3 + 1);
    if (!fixed)
        return json_null();
    for (w = fixed; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n < 1)
            n = 1, cp = 0xFFFD;
        w += utf8proc_encode_char(cp, (utf8proc_uint8_t *)w);
        p += n;
    }
    *w = '\0';
    j = json_string(fixed);
    free(fixed);
    return j ? j : json_null();
}

/* What names the article, in its progress event and in its --results line
 * alike: its number, input, output name and, once made, every file. */
static void article_fields(json_t *o, const at_batch_event *ev)
{
    json_t *outputs;
    size_t k;
    json_object_set_new(o, "index", json_integer((json_int_t)ev->index));
    json_object_set_new(o, "input", path_string(ev->input));
    json_object_set_new(o, "output", path_string(ev->output));
    if (ev->kind != AT_BATCH_DONE && ev->kind != AT_BATCH_SKIP && ev->kind != AT_BATCH_FAIL)
        return;
    outputs = json_array();
    for (k = 0; k < ev->noutputs; k++)
        json_array_append_new(outputs, path_string(ev->outputs[k]));
    json_object_set_new(o, "outputs", outputs);
}

static void print_json(const at_batch_event *ev)
{
    json_t *o = json_object();
    char *text;
    json_object_set_new(o, "event", json_string(event_names[ev->kind]));
    if (ev->input)
        article_fields(o, ev);
    if (ev->pid)
        json_object_set_new(o, "pid", json_integer((json_int_t)ev->pid));
    if (ev->kind == AT_BATCH_DONE)
        json_object_set_new(o, "audio_seconds", json_real(ev->audio_seconds));
    if (ev->kind == AT_BATCH_START && ev->time_limit > 0)
        json_object_set_new(o, "time_limit", json_real(ev->time_limit));
    if (ev->kind == AT_BATCH_FAIL || ev->kind == AT_BATCH_CRASH) {
        json_object_set_new(o, "status", json_string(at_status_name(ev->status)));
        json_object_set_new(o, "reason", path_string(ev->msg ? ev->msg : ""));
    }
    if (ev->signal)
        json_object_set_new(o, "signal", json_integer(ev->signal));
    json_object_set_new(o, "total", json_integer((json_int_t)ev->total));
    json_object_set_new(o, "done", json_integer((json_int_t)ev->done));
    json_object_set_new(o, "skipped", json_integer((json_int_t)ev->skipped));
    json_object_set_new(o, "failed", json_integer((json_int_t)ev->failed));
    json_object_set_new(o, "audio_hours", json_real(ev->audio_total / 3600.0));
    json_object_set_new(o, "elapsed", json_real(ev->elapsed));
    text = json_dumps(o, JSON_COMPACT);
    if (text) {
        fprintf(stderr, "%s\n", text);
        free(text);
    }
    json_decref(o);
}

/* The exit code of a status, as `articast render` would exit with it. */
static int exit_of(at_status st)
{
    switch (st) {
    case AT_OK:
        return 0;
    case AT_EUSAGE:
    case AT_EFORMAT:
    case AT_ECONFIG:
        return 2;
    case AT_EINPUT:
    case AT_EINPUT_IO:
        return 3;
    case AT_EOUTPUT:
        return 4;
    default:
        return 5;
    }
}

/* Now, in UTC to the millisecond: 2025-03-14T09:26:53.589Z. */
static json_t *timestamp(void)
{
    struct timespec t;
    struct tm tm;
    char s[40];
    size_t n;
    clock_gettime(CLOCK_REALTIME, &t);
    gmtime_r(&t.tv_sec, &tm);
    n = strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(s + n, sizeof s - n, ".%03ldZ", t.tv_nsec / 1000000);
    return json_string(s);
}

/* Opens the --results file to append to, before any article starts. A
 * symbolic link, FIFO, device or folder is refused: lstat names the
 * problem without opening a device, and O_NOFOLLOW with fstat closes the
 * race with a link made between the two. O_NONBLOCK keeps a FIFO made in
 * that race from holding the open. */
static int open_results(const char *path)
{
    struct stat sb;
    int fd;
    if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "articast: --results %s: is a %s, not a regular file; give a file's own path\n", path,
                S_ISLNK(sb.st_mode) ? "symbolic link" : S_ISDIR(sb.st_mode) ? "folder"
                : S_ISFIFO(sb.st_mode) ? "FIFO" : "device or socket");
        return -1;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0) {
        fprintf(stderr, "articast: --results %s: cannot open: %s\n", path,
                errno == ELOOP ? "it is a symbolic link" : strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "articast: --results %s: is not a regular file\n", path);
        close(fd);
        return -1;
    }
    (void)fcntl(fd, F_SETFL, O_APPEND);
    return fd;
}

/* Appends the article's line in one write(2): with O_APPEND, the kernel
 * puts the whole line at the end of the file, so lines from other
 * processes appending to the same file (Slurm array tasks, shards) never
 * interleave, and a process killed at any moment leaves only whole lines.
 * No fsync per line: a kill loses nothing write(2) has accepted, and a
 * line that a power cut loses only makes --resume report the article as
 * skipped next time; the file is synced once, when the batch ends. */
static void write_result(progress *p, const at_batch_event *ev)
{
    json_t *o = json_object();
    char *text, *line;
    size_t n;
    ssize_t put;
    const char *status = ev->kind == AT_BATCH_DONE ? "ok" : ev->kind == AT_BATCH_SKIP ? "skipped" : "failed";
    article_fields(o, ev);
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "error", ev->kind == AT_BATCH_FAIL ? path_string(ev->msg ? ev->msg : "") : json_null());
    json_object_set_new(o, "code", json_string(at_status_name(ev->status)));
    json_object_set_new(o, "exit", json_integer(exit_of(ev->status)));
    json_object_set_new(o, "audio_seconds", ev->kind == AT_BATCH_DONE ? json_real(ev->audio_seconds) : json_null());
    json_object_set_new(o, "elapsed_seconds", json_real(ev->seconds));
    json_object_set_new(o, "time", timestamp());
    /* nine digits: microseconds of a render, not a double's binary tail */
    text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(9));
    json_decref(o);
    line = text ? realloc(text, strlen(text) + 2) : NULL;
    if (!line) {
        free(text);
        fprintf(stderr, "articast: --results %s: out of memory; no more lines are written there\n", p->results_path);
        p->results_lost = 1;
        return;
    }
    n = strlen(line);
    line[n++] = '\n';
    while ((put = write(p->results, line, n)) < 0 && errno == EINTR)
        ;
    if (put != (ssize_t)n) {
        /* a short write (a full disk) may leave part of a line: nothing
         * more is appended after it, so at most the last line is cut */
        fprintf(stderr, "articast: --results %s: cannot write: %s; no more lines are written there\n",
                p->results_path, put < 0 ? strerror(errno) : "short write (disk full?)");
        p->results_lost = 1;
    }
    free(line);
}

/* Syncs the results once, at the end, so a batch that has returned has
 * its record on disk; then closes the file. */
static void close_results(progress *p)
{
    int bad = fsync(p->results) != 0 && errno != EINVAL, why = errno;
    if (close(p->results) != 0 && !bad)
        bad = 1, why = errno;
    if (bad && !p->results_lost) {
        fprintf(stderr, "articast: --results %s: cannot write: %s\n", p->results_path, strerror(why));
        p->results_lost = 1;
    }
    p->results = -1;
}

static void clear_line(progress *p)
{
    if (p->line_shown)
        fputs("\r\033[K", stderr);
    p->line_shown = 0;
}

/* done/total, hours of audio, articles a minute and the time left, from
 * the rate of the articles rendered so far (skips cost nearly nothing). */
static void print_line(progress *p, const at_batch_event *ev)
{
    size_t settled = ev->done + ev->skipped + ev->failed;
    size_t worked = ev->done + ev->failed;
    double rate = ev->elapsed > 0 ? (double)worked * 60.0 / ev->elapsed : 0;
    clear_line(p);
    fprintf(stderr, "[%zu/%zu] %zu done, %zu skipped, %zu failed | %.2f h audio | %.1f articles/min", settled,
            ev->total, ev->done, ev->skipped, ev->failed, ev->audio_total / 3600.0, rate);
    if (worked && settled < ev->total) {
        long eta = (long)((double)(ev->total - settled) * ev->elapsed / (double)worked);
        fprintf(stderr, " | ETA %ld:%02ld:%02ld", eta / 3600, eta / 60 % 60, eta % 60);
    }
    fflush(stderr);
    p->line_shown = 1;
}

static void on_event(void *ud, const at_batch_event *ev)
{
    progress *p = ud;
    if (p->results >= 0 && !p->results_lost &&
        (ev->kind == AT_BATCH_DONE || ev->kind == AT_BATCH_SKIP || ev->kind == AT_BATCH_FAIL))
        write_result(p, ev);
    if (p->jsonl) {
        print_json(ev);
        return;
    }
    if (ev->kind == AT_BATCH_FAIL || ev->kind == AT_BATCH_CRASH) {
        clear_line(p);
        fprintf(stderr, "articast: %s: %s\n", ev->kind == AT_BATCH_FAIL ? "failed" : "worker crashed",
                ev->msg ? ev->msg : "");
    }
    if (p->tty && ev->kind != AT_BATCH_FINISH)
        print_line(p, ev);
}

int at_cli_batch(at_batch_options *bo, const char *mode, const char *results)
{
    progress p;
    at_batch_result res;
    at_error err;
    at_status st;
    int rc;
    memset(&p, 0, sizeof p);
    memset(&err, 0, sizeof err);
    p.results = -1;
    if (results) {
        if ((p.results = open_results(results)) < 0)
            return 4;
        p.results_path = results;
    }
    if (!mode || strcmp(mode, "auto") == 0)
        p.tty = isatty(STDERR_FILENO), p.jsonl = !p.tty;
    else
        p.tty = strcmp(mode, "tty") == 0, p.jsonl = strcmp(mode, "jsonl") == 0;
    bo->on_event = on_event;
    bo->event_data = &p;
    st = at_batch_run(bo, &res, &err);
    bo->on_event = NULL; /* `p` lives on this stack only */
    bo->event_data = NULL;
    clear_line(&p);
    if (p.results >= 0)
        close_results(&p);
    if (st != AT_OK && st != AT_EINTR) {
        fprintf(stderr, "articast: %s\n", err.msg[0] ? err.msg : at_strerror(st));
        return exit_of(st);
    }
    if (!p.jsonl)
        fprintf(stderr, "articast: batch: %zu done, %zu skipped, %zu failed of %zu; %.2f h of audio\n", res.done,
                res.skipped, res.failed, res.total, res.audio_seconds / 3600.0);
    if (st == AT_EINTR) {
        fprintf(stderr, "articast: %s\n", err.msg);
        return 128 + res.signal;
    }
    rc = res.failed ? 1 : 0;
    /* the articles are made, but the record an operator relies on is not */
    return p.results_lost ? 4 : rc;
}
