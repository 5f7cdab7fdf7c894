/* The worker process: one context (so one speech engine) for its life,
 * an article at a time as the parent hands them out, an answer for each. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "ctx.h"
#include "util.h"

#define STAMP_EXT ".articast"

/* Set by at_batch_interrupt; read by the parent loop and by workers. */
volatile sig_atomic_t at__batch_stop;
/* The context of a worker process while it renders, for the interrupt. */
static at_ctx *volatile worker_ctx;

void at_batch_interrupt(int sig)
{
    at__batch_stop = sig ? sig : SIGINT;
    if (worker_ctx)
        at_ctx_interrupt(worker_ctx);
}

static void copy_msg(at_reply *r, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof r->msg)
        n = sizeof r->msg - 1;
    memcpy(r->msg, msg, n);
    r->msg[n] = '\0';
}

/* Creates the folders of `name` under `root`, refusing to pass through a
 * symbolic link: with sanitized names, that is the one way left out of the
 * output folder. */
static int make_parents(const char *root, const char *name, at_error *e)
{
    at_buf p = {0};
    const char *s = name, *slash;
    at__buf_puts(&p, root);
    while ((slash = strchr(s, '/')) != NULL) {
        struct stat sb;
        at__buf_putc(&p, '/');
        at__buf_put(&p, s, (size_t)(slash - s));
        if (mkdir(p.p, 0777) != 0 && errno != EEXIST) {
            at__err(e, AT_EOUTPUT, "%s: cannot create the folder: %s", p.p, strerror(errno));
            at__buf_free(&p);
            return -1;
        }
        if (lstat(p.p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            at__err(e, AT_EOUTPUT, "%s: not a folder (a symbolic link?); outputs stay inside the output folder",
                    p.p);
            at__buf_free(&p);
            return -1;
        }
        s = slash + 1;
    }
    at__buf_free(&p);
    return 0;
}

void at__job_paths(const at_batch_plan *B, const at_job *job, at_job_paths *p)
{
    size_t stem = strlen(job->name) - strlen(B->ext);
    memset(p, 0, sizeof *p);
    at__buf_printf(&p->out, "%s/%s", B->o->out_dir, job->name);
    at__buf_printf(&p->stamp, "%s%s", p->out.p, STAMP_EXT);
    at__buf_printf(&p->vtt, "%s/%.*s.vtt", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->srt, "%s/%.*s.srt", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->chapters, "%s/%.*s.chapters.json", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->ffmeta, "%s/%.*s.ffmetadata", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->epub, "%s/%.*s.epub", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->daisy, "%s/%.*s-daisy", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->html, "%s/%.*s-html", B->o->out_dir, (int)stem, job->name);
}

void at__job_paths_free(at_job_paths *p)
{
    at__buf_free(&p->out);
    at__buf_free(&p->stamp);
    at__buf_free(&p->vtt);
    at__buf_free(&p->srt);
    at__buf_free(&p->chapters);
    at__buf_free(&p->ffmeta);
    at__buf_free(&p->epub);
    at__buf_free(&p->daisy);
    at__buf_free(&p->html);
}

size_t at__job_outputs(const at_batch_plan *B, const at_job_paths *p, const char **list)
{
    size_t n = 0;
    list[n++] = p->out.p;
    if (B->o->vtt)
        list[n++] = p->vtt.p;
    if (B->o->srt)
        list[n++] = p->srt.p;
    if (B->o->chapters_json)
        list[n++] = p->chapters.p;
    if (B->o->ffmetadata)
        list[n++] = p->ffmeta.p;
    if (B->o->epub)
        list[n++] = p->epub.p;
    if (B->o->daisy)
        list[n++] = p->daisy.p;
    if (B->o->html)
        list[n++] = p->html.p;
    return n;
}

static int outputs_exist(const at_batch_plan *B, const at_job_paths *p)
{
    const char *list[8];
    size_t k, n = at__job_outputs(B, p, list);
    struct stat sb;
    for (k = 0; k < n; k++)
        if (stat(list[k], &sb) != 0)
            return 0;
    return 1;
}

/* The worker's one context, with the casting's narrator set for this
 * article. A context is made once per worker: libespeak-ng does not come
 * back up cleanly once stopped in a process, so a manifest's narrator is
 * swapped into the casting instead of making a new context. */
static at_ctx *ctx_for(const at_batch_plan *B, at_ctx **ctx, char **narration, const at_job *job, at_error *e)
{
    const char *want;
    if (!*ctx) {
        if (!(*ctx = at_ctx_new(&B->opt, e)))
            return NULL;
        /* every output name here is made up by the batch: a symlink, FIFO
         * or device found at one is replaced, never written through */
        (*ctx)->regular_outputs = 1;
        *narration = at__xstrdup((*ctx)->casting.narration);
    }
    want = job->narrator ? job->narrator : *narration;
    if (!at__voiceset_find(&(*ctx)->voices, want)) {
        at__err(e, AT_ECONFIG, "%s: narrator %s: no such voice profile in %s (see `articast voices`)",
                job->where ? job->where : job->input, want, (*ctx)->voices_dir);
        return NULL;
    }
    free((*ctx)->casting.narration);
    (*ctx)->casting.narration = at__xstrdup(want);
    return *ctx;
}

/* A batch reads files: a FIFO or a device named as an article would hold
 * the worker (the stamp hashes the whole input before the render). */
static int regular_input(const char *path, const char *where, at_error *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        at__err(e, AT_EINPUT_IO, "%s%s%s: cannot open: %s", where ? where : "", where ? ": " : "", path,
                strerror(errno));
        return 0;
    }
    if (!S_ISREG(sb.st_mode)) {
        at__err(e, AT_EINPUT_IO, "%s%s%s: is not a regular file (a %s); a batch reads article files", where ? where : "",
                where ? ": " : "", path, S_ISDIR(sb.st_mode) ? "folder" : S_ISFIFO(sb.st_mode) ? "FIFO" : "device or socket");
        return 0;
    }
    return 1;
}

static void do_job(const at_batch_plan *B, size_t idx, at_ctx **ctx, char **narrator, at_reply *r)
{
    const at_job *job = &B->jobs.v[idx];
    at_render_options ro = B->ro;
    at_error e;
    at_job_paths p;
    char *stamp;
    at_status st;
    memset(&e, 0, sizeof e);
    at__job_paths(B, job, &p);
    if (job->cover)
        ro.cover = job->cover;
    r->kind = AT_BATCH_FAIL;
    if (!regular_input(job->input, job->where, &e) || (ro.cover && !regular_input(ro.cover, job->where, &e))) {
        r->status = (int32_t)e.status;
        copy_msg(r, e.msg);
        at__job_paths_free(&p);
        return;
    }
    stamp = at__stamp_text(B, job, ro.cover);
    if (B->o->resume && stamp && outputs_exist(B, &p) && at__file_equals(p.stamp.p, stamp)) {
        r->kind = AT_BATCH_SKIP;
    } else if (make_parents(B->o->out_dir, job->name, &e) != 0 || !ctx_for(B, ctx, narrator, job, &e)) {
        r->status = (int32_t)e.status;
        copy_msg(r, e.msg);
    } else {
        ro.vtt = B->o->vtt ? p.vtt.p : NULL;
        ro.srt = B->o->srt ? p.srt.p : NULL;
        ro.chapters_json = B->o->chapters_json ? p.chapters.p : NULL;
        ro.ffmetadata = B->o->ffmetadata ? p.ffmeta.p : NULL;
        ro.epub = B->o->epub ? p.epub.p : NULL;
        ro.daisy = B->o->daisy ? p.daisy.p : NULL;
        ro.html = B->o->html ? p.html.p : NULL;
        worker_ctx = *ctx;
        (*ctx)->title_tag = job->title;
        /* A stop that comes after the render finished still gets its stamp:
         * the output is whole, and --resume need not redo it. */
        st = at__batch_stop ? at__err(&e, AT_EINTR, "interrupted")
                            : at_ctx_render_with(*ctx, job->input, p.out.p, &ro);
        (*ctx)->title_tag = NULL;
        worker_ctx = NULL;
        if (st == AT_OK && stamp && at__write_atomic(p.stamp.p, stamp) != 0)
            st = at__err(&e, AT_EOUTPUT, "%s: cannot write the stamp: %s", p.stamp.p, strerror(errno));
        r->status = (int32_t)st;
        if (st == AT_OK) {
            r->kind = AT_BATCH_DONE;
            r->seconds = (*ctx)->last_seconds;
        } else {
            const at_error *le = e.status != AT_OK ? &e : at_ctx_last_error(*ctx);
            copy_msg(r, le->msg[0] ? le->msg : at_strerror(st));
        }
    }
    free(stamp);
    at__job_paths_free(&p);
}

/* A worker's life: take an index, render, answer; until the parent closes
 * the socket or a signal stops it. It never returns. */
void at__worker_main(const at_batch_plan *B, int fd)
{
    at_ctx *ctx = NULL;
    char *narrator = NULL;
    for (;;) {
        uint32_t idx;
        ssize_t n;
        at_reply r;
        if (at__batch_stop)
            break;
        n = recv(fd, &idx, sizeof idx, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != (ssize_t)sizeof idx || idx >= B->jobs.n)
            break;
        memset(&r, 0, sizeof r);
        r.index = idx;
        do_job(B, idx, &ctx, &narrator, &r);
        if (send(fd, &r, sizeof r, MSG_NOSIGNAL) != (ssize_t)sizeof r)
            break;
    }
    at_ctx_free(ctx);
    free(narrator);
    _exit(at__batch_stop ? 128 + at__batch_stop : 0);
}

