/* articast batch: progress for people (a live line on a terminal) and for
 * machines (one JSON object per event), both on stderr, so stdout stays
 * free for whatever a wrapper wants to print. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "batch_cli.h"

typedef struct progress {
    int tty;   /* the live line */
    int jsonl; /* a JSON object per event */
    int line_shown;
} progress;

static const char *const event_names[] = {"plan", "start", "done", "skip", "fail", "crash", "finish"};

static void print_json(const at_batch_event *ev)
{
    json_t *o = json_object();
    char *text;
    json_object_set_new(o, "event", json_string(event_names[ev->kind]));
    if (ev->input) {
        json_object_set_new(o, "index", json_integer((json_int_t)ev->index));
        json_object_set_new(o, "input", json_string(ev->input));
        json_object_set_new(o, "output", json_string(ev->output));
    }
    if (ev->pid)
        json_object_set_new(o, "pid", json_integer((json_int_t)ev->pid));
    if (ev->kind == AT_BATCH_DONE)
        json_object_set_new(o, "audio_seconds", json_real(ev->audio_seconds));
    if (ev->kind == AT_BATCH_START && ev->time_limit > 0)
        json_object_set_new(o, "time_limit", json_real(ev->time_limit));
    if (ev->kind == AT_BATCH_FAIL || ev->kind == AT_BATCH_CRASH) {
        json_object_set_new(o, "status", json_string(at_status_name(ev->status)));
        json_object_set_new(o, "reason", json_string(ev->msg ? ev->msg : ""));
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

int at_cli_batch(at_batch_options *bo, const char *mode)
{
    progress p;
    at_batch_result res;
    at_error err;
    at_status st;
    memset(&p, 0, sizeof p);
    memset(&err, 0, sizeof err);
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
    if (st != AT_OK && st != AT_EINTR) {
        fprintf(stderr, "articast: %s\n", err.msg[0] ? err.msg : at_strerror(st));
        return st == AT_EUSAGE ? 2 : st == AT_EOUTPUT ? 4 : st == AT_EINPUT || st == AT_EINPUT_IO ? 3 : 5;
    }
    if (!p.jsonl)
        fprintf(stderr, "articast: batch: %zu done, %zu skipped, %zu failed of %zu; %.2f h of audio\n", res.done,
                res.skipped, res.failed, res.total, res.audio_seconds / 3600.0);
    if (st == AT_EINTR) {
        fprintf(stderr, "articast: %s\n", err.msg);
        return 128 + res.signal;
    }
    return res.failed ? 1 : 0;
}
