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
#include "sink.h"
#include "util.h"

#define MAX_ATTEMPTS 2 /* a crashed worker's article is tried once more */

typedef struct worker {
    pid_t pid;
    int fd;   /* the parent's end of the socket pair; -1 when gone */
    long job; /* index of the article in hand, -1 when idle */
    double started; /* when it took the article, seconds into the batch */
    double limit;   /* seconds it may take; 0 = no limit */
    int timed_out;  /* the parent killed it for taking too long */
} worker;

typedef struct batch {
    at_batch_plan P;
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

/* ---- The parent ------------------------------------------------------------ */

static double elapsed(const batch *B)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - B->t0.tv_sec) + (double)(t.tv_nsec - B->t0.tv_nsec) / 1e9;
}

/* Reports an event; `w` is the worker concerned, or NULL. */
static void emit(batch *B, at_batch_event_kind kind, long idx, const worker *w, int sig, at_status st,
                 const char *msg, double seconds)
{
    at_batch_event ev;
    at_job_paths paths;
    const char *outputs[8];
    int ended = kind == AT_BATCH_DONE || kind == AT_BATCH_SKIP || kind == AT_BATCH_FAIL;
    if (!B->P.o->on_event)
        return;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    if (idx >= 0) {
        ev.index = (size_t)idx;
        ev.input = B->P.jobs.v[idx].input;
        ev.output = B->P.jobs.v[idx].name;
    }
    if (idx >= 0 && (kind == AT_BATCH_DONE || kind == AT_BATCH_SKIP)) {
        at__job_paths(&B->P, &B->P.jobs.v[idx], &paths);
        ev.noutputs = at__job_outputs(&B->P, &paths, outputs);
        ev.outputs = outputs;
    }
    ev.pid = w ? (long)w->pid : 0;
    ev.signal = sig;
    ev.status = st;
    ev.msg = msg;
    if (kind == AT_BATCH_START)
        ev.time_limit = seconds;
    else
        ev.audio_seconds = seconds;
    ev.total = B->res.total;
    ev.done = B->res.done;
    ev.skipped = B->res.skipped;
    ev.failed = B->res.failed;
    ev.audio_total = B->res.audio_seconds;
    ev.elapsed = elapsed(B);
    if (ended && w)
        ev.seconds = ev.elapsed - w->started;
    B->P.o->on_event(B->P.o->event_data, &ev);
    if (ev.outputs)
        at__job_paths_free(&paths);
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
        at__worker_main(&B->P, sv[1]);
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
/* The seconds the article may take: --timeout, or the default scaled to
 * its size (AT_BATCH_TIMEOUT_*), or 0 for no limit. */
static double time_limit(const batch *B, const at_job *job)
{
    struct stat st;
    double kb;
    if (B->P.o->timeout > 0)
        return B->P.o->timeout;
    if (B->P.o->timeout < 0)
        return 0;
    kb = stat(job->input, &st) == 0 ? (double)st.st_size / 1024.0 : 0.0;
    return AT_BATCH_TIMEOUT_BASE + AT_BATCH_TIMEOUT_PER_KB * kb;
}

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
        w->limit = time_limit(B, &B->P.jobs.v[j]);
        w->timed_out = 0;
        emit(B, AT_BATCH_START, j, w, 0, AT_OK, NULL, w->limit);
    }
}

static void count_failure(batch *B)
{
    B->res.failed++;
    if (B->P.o->fail_fast)
        B->stopping = 1;
}

static void on_reply(batch *B, worker *w, const at_reply *r)
{
    long j = (long)r->index;
    w->job = -1;
    if (r->kind == AT_BATCH_DONE) {
        B->res.done++;
        B->res.audio_seconds += r->seconds;
        emit(B, AT_BATCH_DONE, j, w, 0, AT_OK, NULL, r->seconds);
    } else if (r->kind == AT_BATCH_SKIP) {
        B->res.skipped++;
        emit(B, AT_BATCH_SKIP, j, w, 0, AT_OK, NULL, 0);
    } else if (r->status == AT_EINTR && at__batch_stop) {
        /* stopped, not failed: --resume does it again */
    } else {
        count_failure(B);
        emit(B, AT_BATCH_FAIL, j, w, 0, (at_status)r->status, r->msg, 0);
    }
}

/* A worker killed mid-article leaves the library's staged files and
 * spool (".articast.PID...", sink.h) beside the output; nobody else will
 * remove them at once, so the parent does, knowing that worker is gone. */
static void remove_temps(const batch *B, const at_job *job, long pid)
{
    at_buf dir = {0};
    const char *slash = strrchr(job->name, '/'), *t = getenv("TMPDIR");
    at__buf_printf(&dir, "%s/%.*s", B->P.o->out_dir, slash ? (int)(slash - job->name) : 0, job->name);
    at__stale_clean(dir.p, pid);
    at__stale_clean(t && *t ? t : "/tmp", pid);
    at__buf_free(&dir);
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
    remove_temps(B, &B->P.jobs.v[j], (long)w->pid);
    if (at__batch_stop)
        return;
    if (w->timed_out && B->P.o->timeout > 0)
        snprintf(msg, sizeof msg, "%s: took longer than %g s (--timeout); the worker (pid %ld) was stopped",
                 B->P.jobs.v[j].input, w->limit, (long)w->pid);
    else if (w->timed_out)
        snprintf(msg, sizeof msg,
                 "%s: took longer than %.0f s, the default limit for its size (%g s + %g s per KB); the worker "
                 "(pid %ld) was stopped; --timeout SEC sets another limit",
                 B->P.jobs.v[j].input, w->limit, AT_BATCH_TIMEOUT_BASE, AT_BATCH_TIMEOUT_PER_KB, (long)w->pid);
    else
        snprintf(msg, sizeof msg, "%s: the worker (pid %ld) %s %d while rendering it", B->P.jobs.v[j].input,
                 (long)w->pid, sig ? "died of signal" : "exited with status", sig ? sig : WEXITSTATUS(status));
    emit(B, AT_BATCH_CRASH, j, w, sig, AT_EENGINE, msg, 0);
    if (++B->attempts[j] < MAX_ATTEMPTS && !B->stopping) {
        *AT_PUSH(B->retry, B->nretry, B->capretry) = (size_t)j;
    } else {
        count_failure(B);
        emit(B, AT_BATCH_FAIL, j, w, sig, AT_EENGINE, msg, 0);
    }
}

/* Kills workers that have held one article longer than the timeout: a
 * stuck engine must not stall the batch. Their sockets then close and
 * on_exit_worker counts the article as a crash. */
static void enforce_timeout(batch *B)
{
    size_t k;
    double now = elapsed(B);
    for (k = 0; k < B->nw; k++) {
        worker *w = &B->w[k];
        if (w->fd >= 0 && w->job >= 0 && !w->timed_out && w->limit > 0 && now - w->started > w->limit) {
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
                kill(B->w[k].pid, at__batch_stop);
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
        if (at__batch_stop && !stopped) {
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
                emit(B, AT_BATCH_FAIL, j, NULL, 0, e->status, e->msg, 0);
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
        if (poll(pf, B->nw, B->P.o->timeout > 0 && B->P.o->timeout < 4 ? 100 : 1000) < 0 && errno != EINTR)
            break;
        enforce_timeout(B);
        for (k = 0; k < B->nw; k++) {
            at_reply r;
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
    const at_batch_options *o = B->P.o;
    at_status st;
    size_t k;
    if (!o->out_dir || !*o->out_dir)
        return at__err(e, AT_EUSAGE, "batch: an output folder is needed (--out-dir DIR)");
    if (!o->ninputs && !o->manifest)
        return at__err(e, AT_EUSAGE, "batch: no inputs: give files, folders or --manifest FILE");
    if ((o->shard_n || o->shard_k) && (o->shard_k < 1 || o->shard_n < 1 || o->shard_k > o->shard_n))
        return at__err(e, AT_EUSAGE, "batch: shard %u/%u: K must be from 1 to N", o->shard_k, o->shard_n);
    if ((st = at__jobs_add_paths(&B->P.jobs, o->inputs, o->ninputs, e)) != AT_OK)
        return st;
    if (o->manifest && (st = at__jobs_add_manifest(&B->P.jobs, o->manifest, e)) != AT_OK)
        return st;
    /* names first, over every input, so shards agree on the `-2`s */
    at__jobs_name(&B->P.jobs, B->P.ext);
    B->todo = at__xcalloc(B->P.jobs.n + 1, sizeof *B->todo);
    for (k = 0; k < B->P.jobs.n; k++) {
        const char *key = B->P.jobs.v[k].key;
        if (!o->shard_n || at_batch_hash(key, strlen(key)) % o->shard_n == o->shard_k - 1)
            B->todo[B->ntodo++] = k;
    }
    B->attempts = at__xcalloc(B->P.jobs.n + 1, 1);
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
    B.P.o = o;
    if (o->opt)
        B.P.opt = *o->opt;
    else
        at_options_init(&B.P.opt);
    if (o->render)
        B.P.ro = *o->render;
    else
        at_render_options_init(&B.P.ro);
    /* the defaults spelled out, so the stamps do not depend on how they
     * were asked for */
    at__options_resolve(&B.P.opt);
    at__render_options_resolve(&B.P.ro);
    /* the paths of a render's extras are made per article (worker.c) */
    B.P.ro.split_dir = NULL;
    B.P.ro.also = NULL;
    B.P.ro.nalso = 0;
    B.P.ro.vtt = B.P.ro.srt = B.P.ro.chapters_json = B.P.ro.ffmetadata = NULL;
    B.P.ro.epub = B.P.ro.daisy = B.P.ro.html = NULL;
    B.P.config = at__config_hash(&B.P.opt);
    B.P.ext = B.P.ro.format == AT_FORMAT_WAV ? ".wav" : ".mp3";
    clock_gettime(CLOCK_MONOTONIC, &B.t0);
    at__batch_stop = 0;
    if ((st = plan(&B, e)) == AT_OK) {
        B.nw = (size_t)(o->jobs > 0 ? o->jobs : default_jobs());
        if (B.nw > B.ntodo)
            B.nw = B.ntodo ? B.ntodo : 1;
        B.w = at__xcalloc(B.nw, sizeof *B.w);
        for (k = 0; k < B.nw; k++) {
            B.w[k].fd = -1;
            B.w[k].job = -1;
        }
        emit(&B, AT_BATCH_PLAN, -1, NULL, 0, AT_OK, NULL, 0);
        run_pool(&B, e);
        B.res.signal = at__batch_stop;
        emit(&B, AT_BATCH_FINISH, -1, NULL, B.res.signal, AT_OK, NULL, 0);
        if (at__batch_stop)
            st = at__err(e, AT_EINTR, "batch interrupted by signal %d; run again with --resume to finish",
                         (int)at__batch_stop);
    }
    if (res)
        *res = B.res;
    free(B.w);
    free(B.todo);
    free(B.retry);
    free(B.attempts);
    at__jobs_free(&B.P.jobs);
    return st;
}
