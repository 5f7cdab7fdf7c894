/* Batch conversion: a pool of forked worker processes, each with its own
 * context (the speech engine is one per process), pulling the next article
 * from the parent, so one slow article never holds the others back. The
 * parent only plans, hands out work, counts and reports. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "ctx.h"
#include "util.h"

#define STAMP_EXT ".articast"
#define MAX_ATTEMPTS 2 /* a crashed worker's article is tried once more */

/* Set by at_batch_interrupt; read by the parent loop and by workers. */
static volatile sig_atomic_t stop_signal;
/* The context of a worker process while it renders, for the interrupt. */
static at_ctx *volatile worker_ctx;

void at_batch_interrupt(int sig)
{
    stop_signal = sig ? sig : SIGINT;
    if (worker_ctx)
        at_ctx_interrupt(worker_ctx);
}

/* A worker's answer for one article: one SOCK_SEQPACKET message, so it
 * arrives whole or not at all. */
typedef struct reply {
    uint32_t index;
    int32_t kind; /* AT_BATCH_DONE, _SKIP or _FAIL */
    int32_t status;
    double seconds;
    char msg[1024];
} reply;

static void copy_msg(reply *r, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof r->msg)
        n = sizeof r->msg - 1;
    memcpy(r->msg, msg, n);
    r->msg[n] = '\0';
}

typedef struct worker {
    pid_t pid;
    int fd;   /* the parent's end of the socket pair; -1 when gone */
    long job; /* index of the article in hand, -1 when idle */
    double started; /* when it took the article, seconds into the batch */
    int timed_out;  /* the parent killed it for taking too long */
} worker;

typedef struct batch {
    const at_batch_options *o;
    at_options opt;
    at_render_options ro;
    const char *ext;
    at_jobs jobs;
    size_t *todo, ntodo, next; /* this shard's articles, in input order */
    size_t *retry, nretry, capretry;
    unsigned char *attempts;
    worker *w;
    size_t nw;
    at_batch_result res;
    struct timespec t0;
    int stopping; /* no more work goes out */
    int spawn_failed; /* the last dispatch could not start a worker */
} batch;

/* ---- Stamps: is an output up to date? ----------------------------------- */

static void put_opt(at_buf *b, const char *key, const char *val)
{
    at__buf_printf(b, "%s=%s\n", key, val ? val : "");
}

/* Everything that shapes an output besides the input bytes, one key per
 * line, so two runs that would write the same bytes write the same stamp. */
static void describe_options(const batch *B, const at_job *job, at_buf *b)
{
    const at_options *p = &B->opt;
    const at_render_options *r = &B->ro;
    at__buf_printf(b, "articast=%s\n", at_version());
    put_opt(b, "voices", p->voices_dir);
    put_opt(b, "lexicon", p->lexicon_path);
    put_opt(b, "narrator", job->narrator ? job->narrator : p->narrator);
    put_opt(b, "intro", p->intro);
    put_opt(b, "outro", p->outro);
    put_opt(b, "locale", p->locale);
    put_opt(b, "title", job->title);
    put_opt(b, "comment", r->comment);
    at__buf_printf(b, "acronyms=%d captions=%d bitrate=%d quality=%d input=%d tables=%d code=%d max=%zu\n",
                   (int)p->acronyms, p->read_captions, p->mp3_bitrate, p->mp3_quality, (int)p->input_format,
                   p->skip_tables, (int)p->code_blocks, p->max_input);
    at__buf_printf(b, "format=%s loudness=%d/%.3f/%.3f chime=%d vbr=%d rate=%d\n", B->ext, r->loudness_off,
                   r->loudness, r->true_peak, r->chime, r->vbr_quality, r->sample_rate);
    at__buf_printf(b, "pauses=%d,%d,%d,%d,%d\n", r->pauses.sentence, r->pauses.paragraph, r->pauses.quote,
                   r->pauses.heading, r->pauses.section);
    at__buf_printf(b, "sidecars=%d,%d,%d,%d\n", B->o->vtt, B->o->srt, B->o->chapters_json, B->o->ffmetadata);
}

static uint64_t hash_more(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The stamp text for `job`, or NULL when its input (or cover) cannot be
 * read: then the render reports why. */
static char *stamp_text(const batch *B, const at_job *job, const char *cover)
{
    at_buf d = {0}, out = {0};
    char *data;
    size_t len;
    uint64_t h;
    size_t max = B->opt.max_input ? B->opt.max_input : 50u * 1024 * 1024;
    describe_options(B, job, &d);
    h = at_batch_hash(d.p, d.n);
    if (at__read_file(job->input, max, &data, &len, NULL) != AT_OK) {
        at__buf_free(&d);
        return NULL;
    }
    h = hash_more(h, data, len);
    free(data);
    if (cover) {
        if (at__read_file(cover, 64u * 1024 * 1024, &data, &len, NULL) != AT_OK) {
            at__buf_free(&d);
            return NULL;
        }
        h = hash_more(h, data, len);
        free(data);
    }
    at__buf_printf(&out, "articast %s\ninput %s\nhash %016llx\n", at_version(), job->key, (unsigned long long)h);
    at__buf_free(&d);
    return at__buf_detach(&out);
}

static int file_equals(const char *path, const char *text)
{
    char *data;
    size_t len;
    int same;
    if (at__read_file(path, 1 << 16, &data, &len, NULL) != AT_OK)
        return 0;
    same = len == strlen(text) && memcmp(data, text, len) == 0;
    free(data);
    return same;
}

/* Writes `text` to `path` through a temporary file and a rename, so a
 * stamp is either whole or absent. */
static int write_atomic(const char *path, const char *text)
{
    at_buf tmp = {0};
    FILE *f;
    int ok;
    at__buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
    if (!(f = fopen(tmp.p, "w"))) {
        at__buf_free(&tmp);
        return -1;
    }
    ok = fputs(text, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    ok = ok && rename(tmp.p, path) == 0;
    if (!ok)
        remove(tmp.p);
    at__buf_free(&tmp);
    return ok ? 0 : -1;
}

/* ---- The worker process --------------------------------------------------- */

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

typedef struct paths {
    at_buf out, stamp, vtt, srt, chapters, ffmeta;
} paths;

static void make_paths(const batch *B, const at_job *job, paths *p)
{
    size_t stem = strlen(job->name) - strlen(B->ext);
    memset(p, 0, sizeof *p);
    at__buf_printf(&p->out, "%s/%s", B->o->out_dir, job->name);
    at__buf_printf(&p->stamp, "%s%s", p->out.p, STAMP_EXT);
    at__buf_printf(&p->vtt, "%s/%.*s.vtt", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->srt, "%s/%.*s.srt", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->chapters, "%s/%.*s.chapters.json", B->o->out_dir, (int)stem, job->name);
    at__buf_printf(&p->ffmeta, "%s/%.*s.ffmetadata", B->o->out_dir, (int)stem, job->name);
}

static void free_paths(paths *p)
{
    at__buf_free(&p->out);
    at__buf_free(&p->stamp);
    at__buf_free(&p->vtt);
    at__buf_free(&p->srt);
    at__buf_free(&p->chapters);
    at__buf_free(&p->ffmeta);
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int outputs_exist(const batch *B, const paths *p)
{
    return exists(p->out.p) && (!B->o->vtt || exists(p->vtt.p)) && (!B->o->srt || exists(p->srt.p)) &&
           (!B->o->chapters_json || exists(p->chapters.p)) && (!B->o->ffmetadata || exists(p->ffmeta.p));
}

/* The worker's one context, with the casting's narrator set for this
 * article. A context is made once per worker: libespeak-ng does not come
 * back up cleanly once stopped in a process, so a manifest's narrator is
 * swapped into the casting instead of making a new context. */
static at_ctx *ctx_for(const batch *B, at_ctx **ctx, char **narration, const at_job *job, at_error *e)
{
    const char *want;
    if (!*ctx) {
        if (!(*ctx = at_ctx_new(&B->opt, e)))
            return NULL;
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

static void do_job(const batch *B, size_t idx, at_ctx **ctx, char **narrator, reply *r)
{
    const at_job *job = &B->jobs.v[idx];
    at_render_options ro = B->ro;
    at_error e;
    paths p;
    char *stamp;
    at_status st;
    memset(&e, 0, sizeof e);
    make_paths(B, job, &p);
    if (job->cover)
        ro.cover = job->cover;
    stamp = stamp_text(B, job, ro.cover);
    r->kind = AT_BATCH_FAIL;
    if (B->o->resume && stamp && outputs_exist(B, &p) && file_equals(p.stamp.p, stamp)) {
        r->kind = AT_BATCH_SKIP;
    } else if (make_parents(B->o->out_dir, job->name, &e) != 0) {
        r->status = (int32_t)e.status;
        copy_msg(r, e.msg);
    } else if (!ctx_for(B, ctx, narrator, job, &e)) {
        r->status = (int32_t)e.status;
        copy_msg(r, e.msg);
    } else {
        ro.vtt = B->o->vtt ? p.vtt.p : NULL;
        ro.srt = B->o->srt ? p.srt.p : NULL;
        ro.chapters_json = B->o->chapters_json ? p.chapters.p : NULL;
        ro.ffmetadata = B->o->ffmetadata ? p.ffmeta.p : NULL;
        worker_ctx = *ctx;
        (*ctx)->title_tag = job->title;
        if (stop_signal)
            at_ctx_interrupt(*ctx);
        st = at_ctx_render_with(*ctx, job->input, p.out.p, &ro);
        (*ctx)->title_tag = NULL;
        worker_ctx = NULL;
        if (st == AT_OK && stop_signal)
            st = AT_EINTR;
        if (st == AT_OK && stamp && write_atomic(p.stamp.p, stamp) != 0)
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
    free_paths(&p);
}

/* A worker's life: take an index, render, answer; until the parent closes
 * the socket or a signal stops it. It never returns. */
static void worker_main(const batch *B, int fd)
{
    at_ctx *ctx = NULL;
    char *narrator = NULL;
    for (;;) {
        uint32_t idx;
        ssize_t n;
        reply r;
        if (stop_signal)
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
    _exit(stop_signal ? 128 + stop_signal : 0);
}

/* ---- The parent ------------------------------------------------------------ */

static double elapsed(const batch *B)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - B->t0.tv_sec) + (double)(t.tv_nsec - B->t0.tv_nsec) / 1e9;
}

static void emit(batch *B, at_batch_event_kind kind, long idx, long pid, int sig, at_status st, const char *msg,
                 double seconds)
{
    at_batch_event ev;
    if (!B->o->on_event)
        return;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    if (idx >= 0) {
        ev.index = (size_t)idx;
        ev.input = B->jobs.v[idx].input;
        ev.output = B->jobs.v[idx].name;
    }
    ev.pid = pid;
    ev.signal = sig;
    ev.status = st;
    ev.msg = msg;
    ev.audio_seconds = seconds;
    ev.total = B->res.total;
    ev.done = B->res.done;
    ev.skipped = B->res.skipped;
    ev.failed = B->res.failed;
    ev.audio_total = B->res.audio_seconds;
    ev.elapsed = elapsed(B);
    B->o->on_event(B->o->event_data, &ev);
}

static int spawn(batch *B, worker *w, at_error *e)
{
    int sv[2];
    size_t k;
    pid_t pid;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return at__err(e, AT_EENGINE, "batch: cannot make a socket pair: %s", strerror(errno)), -1;
    fflush(NULL); /* or the child would print the parent's buffered output again */
    pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return at__err(e, AT_EENGINE, "batch: cannot start a worker: %s", strerror(errno)), -1;
    }
    if (pid == 0) {
        for (k = 0; k < B->nw; k++)
            if (B->w[k].fd >= 0)
                close(B->w[k].fd);
        close(sv[0]);
        worker_main(B, sv[1]);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->job = -1;
    return 0;
}

static long next_job(batch *B)
{
    if (B->stopping)
        return -1;
    if (B->nretry)
        return (long)B->retry[--B->nretry];
    if (B->next < B->ntodo)
        return (long)B->todo[B->next++];
    return -1;
}

static int work_left(const batch *B)
{
    return !B->stopping && (B->nretry || B->next < B->ntodo);
}

/* Hands idle workers their next article, starting workers as needed. */
static void dispatch(batch *B, at_error *e)
{
    size_t k;
    B->spawn_failed = 0;
    for (k = 0; k < B->nw && work_left(B); k++) {
        worker *w = &B->w[k];
        uint32_t idx;
        long j;
        if (w->fd < 0 && spawn(B, w, e) != 0) {
            B->spawn_failed = 1;
            continue;
        }
        if (w->job >= 0)
            continue;
        j = next_job(B);
        idx = (uint32_t)j;
        if (send(w->fd, &idx, sizeof idx, MSG_NOSIGNAL) != (ssize_t)sizeof idx) {
            *AT_PUSH(B->retry, B->nretry, B->capretry) = (size_t)j; /* the reaper will restart it */
            continue;
        }
        w->job = j;
        w->started = elapsed(B);
        w->timed_out = 0;
        emit(B, AT_BATCH_START, j, (long)w->pid, 0, AT_OK, NULL, 0);
    }
}

static void count_failure(batch *B)
{
    B->res.failed++;
    if (B->o->fail_fast)
        B->stopping = 1;
}

static void on_reply(batch *B, worker *w, const reply *r)
{
    long j = (long)r->index;
    w->job = -1;
    if (r->kind == AT_BATCH_DONE) {
        B->res.done++;
        B->res.audio_seconds += r->seconds;
        emit(B, AT_BATCH_DONE, j, (long)w->pid, 0, AT_OK, NULL, r->seconds);
    } else if (r->kind == AT_BATCH_SKIP) {
        B->res.skipped++;
        emit(B, AT_BATCH_SKIP, j, (long)w->pid, 0, AT_OK, NULL, 0);
    } else if (r->status == AT_EINTR && stop_signal) {
        /* stopped, not failed: --resume does it again */
    } else {
        count_failure(B);
        emit(B, AT_BATCH_FAIL, j, (long)w->pid, 0, (at_status)r->status, r->msg, 0);
    }
}

/* A worker killed mid-article leaves the library's temporary file
 * (`.NAME.XXXXXX` beside the output); nobody else will remove it. */
static void remove_temps(const batch *B, const at_job *job)
{
    at_buf dir = {0}, prefix = {0};
    const char *slash = strrchr(job->name, '/');
    const char *base = slash ? slash + 1 : job->name;
    DIR *d;
    struct dirent *de;
    at__buf_printf(&dir, "%s/%.*s", B->o->out_dir, slash ? (int)(slash - job->name) : 0, job->name);
    at__buf_printf(&prefix, ".%s.", base);
    if ((d = opendir(dir.p)) != NULL) {
        while ((de = readdir(d)) != NULL)
            if (strncmp(de->d_name, prefix.p, prefix.n) == 0 && strlen(de->d_name) == prefix.n + 6) {
                at_buf path = {0};
                at__buf_printf(&path, "%s/%s", dir.p, de->d_name);
                remove(path.p);
                at__buf_free(&path);
            }
        closedir(d);
    }
    at__buf_free(&dir);
    at__buf_free(&prefix);
}

/* A worker's socket closed: reap it, and put back the article it held. */
static void on_exit_worker(batch *B, worker *w)
{
    int status = 0, sig = 0;
    long j = w->job;
    char msg[512];
    close(w->fd);
    w->fd = -1;
    w->job = -1;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status))
        sig = WTERMSIG(status);
    if (j < 0)
        return;
    remove_temps(B, &B->jobs.v[j]);
    if (stop_signal)
        return;
    if (w->timed_out)
        snprintf(msg, sizeof msg, "%s: took longer than %g s; the worker (pid %ld) was stopped", B->jobs.v[j].input,
                 B->o->timeout, (long)w->pid);
    else
        snprintf(msg, sizeof msg, "%s: the worker (pid %ld) %s %d while rendering it", B->jobs.v[j].input,
                 (long)w->pid, sig ? "died of signal" : "exited with status", sig ? sig : WEXITSTATUS(status));
    emit(B, AT_BATCH_CRASH, j, (long)w->pid, sig, AT_EENGINE, msg, 0);
    if (++B->attempts[j] < MAX_ATTEMPTS && !B->stopping) {
        *AT_PUSH(B->retry, B->nretry, B->capretry) = (size_t)j;
    } else {
        count_failure(B);
        emit(B, AT_BATCH_FAIL, j, (long)w->pid, sig, AT_EENGINE, msg, 0);
    }
}

/* Kills workers that have held one article longer than the timeout: a
 * stuck engine must not stall the batch. Their sockets then close and
 * on_exit_worker counts the article as a crash. */
static void enforce_timeout(batch *B)
{
    size_t k;
    double now = elapsed(B);
    if (B->o->timeout <= 0)
        return;
    for (k = 0; k < B->nw; k++) {
        worker *w = &B->w[k];
        if (w->fd >= 0 && w->job >= 0 && !w->timed_out && now - w->started > B->o->timeout) {
            w->timed_out = 1;
            kill(w->pid, SIGKILL);
        }
    }
}

static void stop_workers(batch *B)
{
    size_t k;
    B->stopping = 1;
    for (k = 0; k < B->nw; k++)
        if (B->w[k].fd >= 0) {
            if (B->w[k].job >= 0)
                kill(B->w[k].pid, stop_signal);
            /* an idle worker sees the socket shut and leaves */
            shutdown(B->w[k].fd, SHUT_WR);
        }
}

static void run_pool(batch *B, at_error *e)
{
    struct pollfd *pf = at__xcalloc(B->nw, sizeof *pf);
    int stopped = 0;
    for (;;) {
        size_t k, busy = 0;
        if (stop_signal && !stopped) {
            stop_workers(B);
            stopped = 1;
        }
        if (!stopped)
            dispatch(B, e);
        for (k = 0; k < B->nw; k++)
            if (B->w[k].fd >= 0 && B->w[k].job >= 0)
                busy++;
        if (!busy && work_left(B) && B->spawn_failed) {
            /* no worker could be started (fork failed): what is left fails
             * with the reason rather than waiting forever */
            long j;
            while ((j = next_job(B)) >= 0) {
                count_failure(B);
                emit(B, AT_BATCH_FAIL, j, 0, 0, e->status, e->msg, 0);
            }
        }
        if (!busy && !work_left(B)) {
            /* done: idle workers leave when their socket closes */
            for (k = 0; k < B->nw; k++)
                if (B->w[k].fd >= 0) {
                    shutdown(B->w[k].fd, SHUT_WR);
                    on_exit_worker(B, &B->w[k]);
                }
            break;
        }
        for (k = 0; k < B->nw; k++) {
            pf[k].fd = B->w[k].fd; /* negative fds are ignored by poll */
            pf[k].events = POLLIN;
            pf[k].revents = 0;
        }
        if (poll(pf, B->nw, B->o->timeout > 0 && B->o->timeout < 4 ? 100 : 1000) < 0 && errno != EINTR)
            break;
        enforce_timeout(B);
        for (k = 0; k < B->nw; k++) {
            reply r;
            ssize_t got;
            if (B->w[k].fd < 0 || !(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            got = recv(B->w[k].fd, &r, sizeof r, MSG_DONTWAIT);
            if (got == (ssize_t)sizeof r && B->w[k].job >= 0 && (long)r.index == B->w[k].job)
                on_reply(B, &B->w[k], &r);
            else if (got < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            else
                on_exit_worker(B, &B->w[k]);
        }
    }
    free(pf);
}

static at_status make_dir_p(const char *dir, at_error *e)
{
    char *p = at__xstrdup(dir), *s;
    struct stat sb;
    for (s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0777);
            *s = '/';
        }
    mkdir(p, 0777);
    free(p);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
        return at__err(e, AT_EOUTPUT, "%s: the output folder cannot be created or written: %s", dir,
                       strerror(errno ? errno : EACCES));
    return AT_OK;
}

static at_status plan(batch *B, at_error *e)
{
    const at_batch_options *o = B->o;
    at_status st;
    size_t k;
    if (!o->out_dir || !*o->out_dir)
        return at__err(e, AT_EUSAGE, "batch: an output folder is needed (--out-dir DIR)");
    if (!o->ninputs && !o->manifest)
        return at__err(e, AT_EUSAGE, "batch: no inputs: give files, folders or --manifest FILE");
    if ((o->shard_n || o->shard_k) && (o->shard_k < 1 || o->shard_n < 1 || o->shard_k > o->shard_n))
        return at__err(e, AT_EUSAGE, "batch: shard %u/%u: K must be from 1 to N", o->shard_k, o->shard_n);
    if ((st = at__jobs_add_paths(&B->jobs, o->inputs, o->ninputs, e)) != AT_OK)
        return st;
    if (o->manifest && (st = at__jobs_add_manifest(&B->jobs, o->manifest, e)) != AT_OK)
        return st;
    /* names first, over every input, so shards agree on the `-2`s */
    at__jobs_name(&B->jobs, B->ext);
    B->todo = at__xcalloc(B->jobs.n + 1, sizeof *B->todo);
    for (k = 0; k < B->jobs.n; k++) {
        const char *key = B->jobs.v[k].key;
        if (!o->shard_n || at_batch_hash(key, strlen(key)) % o->shard_n == o->shard_k - 1)
            B->todo[B->ntodo++] = k;
    }
    B->attempts = at__xcalloc(B->jobs.n + 1, 1);
    B->res.total = B->ntodo;
    return make_dir_p(o->out_dir, e);
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

at_status at_batch_run(const at_batch_options *o, at_batch_result *res, at_error *e)
{
    batch B;
    at_status st;
    size_t k;
    memset(&B, 0, sizeof B);
    B.o = o;
    if (o->opt)
        B.opt = *o->opt;
    else
        B.opt.mp3_quality = -1;
    if (o->render)
        B.ro = *o->render;
    else
        at_render_options_init(&B.ro);
    B.ro.split_dir = NULL;
    B.ro.also = NULL;
    B.ro.nalso = 0;
    B.ext = B.ro.format == AT_FORMAT_WAV ? ".wav" : ".mp3";
    clock_gettime(CLOCK_MONOTONIC, &B.t0);
    stop_signal = 0;
    if ((st = plan(&B, e)) == AT_OK) {
        B.nw = (size_t)(o->jobs > 0 ? o->jobs : default_jobs());
        if (B.nw > B.ntodo)
            B.nw = B.ntodo ? B.ntodo : 1;
        B.w = at__xcalloc(B.nw, sizeof *B.w);
        for (k = 0; k < B.nw; k++) {
            B.w[k].fd = -1;
            B.w[k].job = -1;
        }
        emit(&B, AT_BATCH_PLAN, -1, 0, 0, AT_OK, NULL, 0);
        run_pool(&B, e);
        B.res.signal = stop_signal;
        emit(&B, AT_BATCH_FINISH, -1, 0, B.res.signal, AT_OK, NULL, 0);
        if (stop_signal)
            st = at__err(e, AT_EINTR, "batch interrupted by signal %d; run again with --resume to finish",
                         (int)stop_signal);
    }
    if (res)
        *res = B.res;
    free(B.w);
    free(B.todo);
    free(B.retry);
    free(B.attempts);
    at__jobs_free(&B.jobs);
    return st;
}
