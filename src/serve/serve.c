/* articast serve: start-up, recovery and the scheduler.
 *
 * The main thread owns the workers: it forks them, hands each a job it
 * claimed in the store, and records the answer. libmicrohttpd's threads
 * answer HTTP and only touch the store (and wake the main thread through
 * a pipe). Signals are blocked in every thread and read by the main loop
 * through a signalfd: SIGTERM or SIGINT drains (no new connections, no
 * new jobs handed out, running ones finish; at --drain-timeout they are
 * interrupted and go back to the queue), then the server exits 0. A job
 * is durable from its 202: jobs in state running when the server starts
 * were cut off, and go back to the queue, unless their outputs.json says
 * they finished, so no job is rendered twice or lost. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ctx.h"
#include "serve_cli.h"
#include "server.h"
#include "util.h"

#define MAX_ATTEMPTS 3 /* a job whose worker dies this often fails */

enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_RUN = 5 };

void at__server_wake(at_server *S)
{
    char b = 1;
    ssize_t n = write(S->wake[1], &b, 1);
    (void)n; /* a full pipe already says "look again" */
}

/* The exit code the CLI gives a status (`articast render`'s). */
static int cli_exit(at_status s)
{
    switch (s) {
    case AT_OK: return 0;
    case AT_EUSAGE:
    case AT_EFORMAT:
    case AT_ECONFIG: return 2;
    case AT_EINPUT_IO:
    case AT_EINPUT: return 3;
    case AT_EOUTPUT: return 4;
    default: return 5;
    }
}

/* ---- Workers ------------------------------------------------------------ */

static int spawn(at_server *S, int k)
{
    int sv[2];
    pid_t pid;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    fflush(NULL);
    /* No other thread may be inside stderr (a log line, the feed's notes)
     * or the tables when the child is made: it would inherit their locks
     * held. The child never touches the store, libcurl or the daemon. */
    at__log_lock(1);
    pthread_mutex_lock(&S->mu);
    pid = fork();
    pthread_mutex_unlock(&S->mu);
    at__log_lock(0);
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        /* the child keeps its socket and the standard streams, and none
         * of the server's: a client's connection must close when the
         * server closes it, and the port must be free once it is gone */
        if (dup2(sv[1], 3) != 3)
            _exit(1);
        close_range(4, ~0U, 0);
        at__serve_worker_main(&S->paths, 3, &S->progress[k]);
    }
    close(sv[1]);
    pthread_mutex_lock(&S->mu);
    S->w[k].pid = pid;
    S->w[k].fd = sv[0];
    S->w[k].job[0] = '\0';
    pthread_mutex_unlock(&S->mu);
    return 0;
}

static char *hook_body(at_server *S, const char *id, int ok, const at_serve_reply *r, at_status st)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:f}", "event", ok ? "edition.done" : "edition.failed", "id", id,
                          "status", ok ? "done" : "failed", "status_url", "", "time", at__serve_wall());
    at_buf u = {0};
    char *text;
    at__buf_printf(&u, "%s/v1/editions/%s", S->base_url, id);
    json_object_set_new(o, "status_url", json_string(u.p));
    at__buf_free(&u);
    if (ok) {
        json_t *t = json_string(r->title);
        if (t && r->title[0])
            json_object_set_new(o, "title", t);
        else
            json_decref(t);
        json_object_set_new(o, "audio_seconds", json_real(r->audio_seconds));
    } else {
        json_t *m = json_string(r->msg);
        json_object_set_new(o, "error", json_pack("{s:s, s:i, s:o}", "code", at_status_name(st), "exit_code",
                                                  cli_exit(st), "message", m ? m : json_string("")));
    }
    text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return text;
}

static void job_finished(at_server *S, const char *id, const at_serve_reply *r)
{
    at_status st = (at_status)r->status;
    int ok = st == AT_OK;
    char *body = S->hooks_on ? hook_body(S, id, ok, r, st) : NULL;
    json_t *title = json_string(r->title);
    at_buf p = {0};
    if (at__store_finish(S->store, id, ok, ok ? NULL : at_status_name(st), cli_exit(st), ok ? NULL : r->msg,
                         r->audio_seconds, r->render_seconds, title && r->title[0] ? r->title : NULL, body) != 0)
        at__log("error", "store", json_pack("{s:s, s:s}", "id", id, "message", "cannot record the job's end"));
    json_decref(title);
    free(body);
    /* the request is not needed any more */
    at__buf_printf(&p, "%s/jobs/%s", S->data, id);
    at__rmtree(p.p);
    at__buf_free(&p);
    pthread_mutex_lock(&S->mu);
    S->render_seconds += r->render_seconds;
    if (ok) {
        S->audio_seconds += r->audio_seconds;
        S->jobs_done++;
        S->feed_dirty = 1;
    } else
        S->jobs_failed++;
    pthread_mutex_unlock(&S->mu);
    {
        json_t *m = ok ? NULL : json_string(r->msg);
        at__log(ok ? "info" : "warning", ok ? "done" : "failed",
                json_pack("{s:s, s:f, s:f, s:s?, s:o?}", "id", id, "render_seconds", r->render_seconds,
                          "audio_seconds", r->audio_seconds, "code", ok ? NULL : at_status_name(st), "message", m));
    }
    if (S->hooks_on)
        at__hooks_kick(&S->hooks);
}

/* The seconds a job may take, as a batch allows an article: --timeout,
 * or the default scaled to the article's size, or 0 for no limit. */
static double time_limit(const at_server *S, const char *id)
{
    at_buf p = {0};
    struct stat sb;
    double kb;
    if (S->timeout > 0)
        return S->timeout;
    if (S->timeout < 0)
        return 0;
    at__buf_printf(&p, "%s/jobs/%s/article", S->data, id);
    kb = stat(p.p, &sb) == 0 ? (double)sb.st_size / 1024.0 : 0.0;
    at__buf_free(&p);
    return AT_BATCH_TIMEOUT_BASE + AT_BATCH_TIMEOUT_PER_KB * kb;
}

/* A stuck engine must not hold a worker for ever: past its limit the
 * worker is killed, and on_child_exit fails the job. */
static void enforce_timeout(at_server *S)
{
    int k;
    double now = at__serve_mono();
    for (k = 0; k < S->nworkers; k++) {
        srv_worker *w = &S->w[k];
        if (w->fd >= 0 && w->job[0] && !w->timed_out && w->limit > 0 && now - w->started > w->limit) {
            w->timed_out = 1;
            kill(w->pid, SIGKILL);
        }
    }
}

/* A job whose outputs.json exists finished, whatever became of its
 * worker or the server: the reply is made from that file. */
static int finished_on_disk(at_server *S, const char *id)
{
    at_buf p = {0};
    json_t *o;
    at_serve_reply r;
    at__buf_printf(&p, "%s/editions/%s/outputs.json", S->data, id);
    o = json_load_file(p.p, 0, NULL);
    at__buf_free(&p);
    if (!o)
        return 0;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", id);
    r.audio_seconds = json_number_value(json_object_get(o, "audio_seconds"));
    snprintf(r.title, sizeof r.title, "%s",
             json_string_value(json_object_get(o, "title")) ? json_string_value(json_object_get(o, "title")) : "");
    job_finished(S, id, &r);
    json_decref(o);
    return 1;
}

static void dispatch(at_server *S)
{
    int k;
    if (S->draining)
        return;
    for (k = 0; k < S->nworkers; k++) {
        at_serve_task t;
        int attempts = 0;
        if (S->w[k].fd < 0 || S->w[k].job[0])
            continue;
        memset(&t, 0, sizeof t);
        if (at__store_claim(S->store, t.id, &attempts, MAX_ATTEMPTS) != 1)
            return;
        if (attempts > MAX_ATTEMPTS) {
            at_serve_reply r;
            memset(&r, 0, sizeof r);
            r.status = AT_EENGINE;
            snprintf(r.msg, sizeof r.msg, "the article stopped its worker %d times; it is not tried again",
                     MAX_ATTEMPTS);
            job_finished(S, t.id, &r);
            k--;
            continue;
        }
        S->progress[k] = 0;
        pthread_mutex_lock(&S->mu);
        memcpy(S->w[k].job, t.id, sizeof t.id);
        S->w[k].started = at__serve_mono();
        S->w[k].limit = time_limit(S, t.id);
        S->w[k].timed_out = 0;
        pthread_mutex_unlock(&S->mu);
        if (send(S->w[k].fd, &t, sizeof t, MSG_NOSIGNAL) != (ssize_t)sizeof t) {
            at__store_requeue(S->store, t.id, 1);
            pthread_mutex_lock(&S->mu);
            S->w[k].job[0] = '\0';
            pthread_mutex_unlock(&S->mu);
            continue;
        }
        at__log("info", "start", json_pack("{s:s, s:i, s:i}", "id", t.id, "worker", (int)S->w[k].pid, "attempt",
                                            attempts));
    }
}

static void on_reply(at_server *S, int k)
{
    at_serve_reply r;
    /* never waits: when a worker dies, its socket polls readable (the
     * end of it) in the same round as the SIGCHLD, which is read first
     * and spawns the replacement, often on the same descriptor number;
     * a blocking read then waited on the new, idle worker for good, and
     * the scheduler with it (no job handed out, SIGTERM unread) */
    ssize_t n = recv(S->w[k].fd, &r, sizeof r, MSG_DONTWAIT);
    char id[40];
    if (n != (ssize_t)sizeof r)
        return; /* the worker is gone: SIGCHLD handles it */
    r.msg[sizeof r.msg - 1] = '\0';
    r.title[sizeof r.title - 1] = '\0';
    memcpy(id, S->w[k].job, sizeof id);
    pthread_mutex_lock(&S->mu);
    S->w[k].job[0] = '\0';
    pthread_mutex_unlock(&S->mu);
    if (!id[0] || strcmp(id, r.id) != 0)
        return;
    if (r.status == AT_EINTR) {
        /* stopped by the drain: it goes back to the queue */
        at__store_requeue(S->store, id, 1);
        at__log("info", "requeued", json_pack("{s:s}", "id", id));
        return;
    }
    /* the worker is idle from its reply on: give it the next job before
     * the bookkeeping of this one (a SQLite commit with its fsync, the
     * request's folder removed, the log), which then overlaps the next
     * render instead of delaying it; the job stays "running" in the store
     * until recorded, as it did while this ran */
    dispatch(S);
    job_finished(S, id, &r);
}

static void on_child_exit(at_server *S)
{
    int status, k;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (k = 0; k < S->nworkers; k++) {
            char id[40];
            int timed_out;
            double limit;
            if (S->w[k].pid != pid)
                continue;
            /* an answer it sent before it ended still counts (the exit
             * and the answer can wake the loop together, the exit read
             * first); with the worker gone the read cannot block */
            if (S->w[k].job[0] && S->w[k].fd >= 0)
                on_reply(S, k);
            memcpy(id, S->w[k].job, sizeof id);
            timed_out = S->w[k].timed_out;
            limit = S->w[k].limit;
            pthread_mutex_lock(&S->mu);
            if (S->w[k].fd >= 0)
                close(S->w[k].fd);
            S->w[k].fd = -1;
            S->w[k].pid = 0;
            S->w[k].job[0] = '\0';
            pthread_mutex_unlock(&S->mu);
            at__log(S->draining ? "info" : "warning", "worker_exit",
                    json_pack("{s:i, s:i, s:s?}", "pid", (int)pid,
                              WIFSIGNALED(status) ? "signal" : "exit_code",
                              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), "id", id[0] ? id : NULL));
            if (id[0] && !finished_on_disk(S, id)) {
                /* what the render left: its temporaries, partial books */
                at_buf p = {0};
                at__buf_printf(&p, "%s/editions/%s", S->data, id);
                at__rmtree(p.p);
                at__buf_free(&p);
                if (timed_out) {
                    at_serve_reply r;
                    memset(&r, 0, sizeof r);
                    r.status = AT_EENGINE;
                    if (S->timeout > 0)
                        snprintf(r.msg, sizeof r.msg, "article: took longer than %g s (--timeout); the worker was stopped",
                                 limit);
                    else
                        snprintf(r.msg, sizeof r.msg,
                                 "article: took longer than %.0f s, the default limit for its size (%g s + %g s per "
                                 "KB); the worker was stopped; --timeout SEC sets another limit",
                                 limit, AT_BATCH_TIMEOUT_BASE, AT_BATCH_TIMEOUT_PER_KB);
                    job_finished(S, id, &r);
                } else /* tried again, up to MAX_ATTEMPTS, unless the drain stopped it */
                    at__store_requeue(S->store, id, S->draining);
            }
            if (!S->draining && spawn(S, k) != 0)
                at__log("error", "spawn", json_pack("{s:s}", "message", strerror(errno)));
        }
    }
}

/* ---- Recovery ----------------------------------------------------------- */

/* Jobs cut off by a crash: done if their outputs say so, else queued. */
static void recover(at_server *S)
{
    size_t n, k;
    char **ids = at__store_running(S->store, &n);
    for (k = 0; k < n; k++) {
        at_buf p = {0};
        if (finished_on_disk(S, ids[k]))
            at__log("info", "recovered", json_pack("{s:s, s:s}", "id", ids[k], "as", "done"));
        else {
            /* what the cut-off render left goes; it starts again whole */
            at__buf_printf(&p, "%s/editions/%s", S->data, ids[k]);
            at__rmtree(p.p);
            at__store_requeue(S->store, ids[k], 1);
            at__log("info", "recovered", json_pack("{s:s, s:s}", "id", ids[k], "as", "queued"));
        }
        at__buf_free(&p);
        free(ids[k]);
    }
    free(ids);
    /* folders no job owns: an upload cut off before the store had it, or
     * a deletion cut off before its files went */
    {
        static const char *const dirs[] = {"jobs", "editions"};
        size_t d;
        for (d = 0; d < 2; d++) {
            at_buf p = {0};
            DIR *dh;
            struct dirent *de;
            at__buf_printf(&p, "%s/%s", S->data, dirs[d]);
            if ((dh = opendir(p.p)) != NULL) {
                while ((de = readdir(dh)) != NULL) {
                    at_job_row row;
                    at_buf q = {0};
                    int found;
                    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                    found = de->d_name[0] == '.' ? 0 : at__store_get(S->store, de->d_name, &row);
                    if (found == 1) {
                        /* a finished job's request is not needed */
                        if (d == 0 && (row.state == AT_JOB_DONE || row.state == AT_JOB_FAILED))
                            found = 0;
                        at__job_row_free(&row);
                    }
                    if (found == 0) {
                        at__buf_printf(&q, "%s/%s", p.p, de->d_name);
                        at__rmtree(q.p);
                        at__buf_free(&q);
                    }
                }
                closedir(dh);
            }
            at__buf_free(&p);
        }
    }
}

/* ---- Options ------------------------------------------------------------ */

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "articast serve: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(articast serve --help for the options)\n");
    return EXIT_USAGE;
}

static const char help[] =
    "usage: articast serve --data DIR [options]\n"
    "  --listen HOST:PORT        where to listen (default 127.0.0.1:8080; port 0: any free port)\n"
    "  --data DIR                the jobs database and every output (created if missing)\n"
    "  --workers N               render processes (default: the number of cores; also --jobs)\n"
    "  --queue N                 queued jobs before POST answers 429 (default 1000)\n"
    "  --token-file F            require Authorization: Bearer TOKEN (the file's first line);\n"
    "                            without it only loopback may connect\n"
    "  --webhook URL             POST each finished or failed job there\n"
    "  --webhook-secret-file F   the key of the X-Articast-Signature HMAC-SHA256 (required with --webhook)\n"
    "  --webhook-backoff S       seconds before a failed delivery's first retry, doubling to an\n"
    "                            hour between tries (default 2)\n"
    "  --base-url URL            the service's public URL, for the feed and webhooks\n"
    "  --feed-title T            the podcast feed's title (default \"articast editions\")\n"
    "  --feed-description D, --feed-author A, --feed-image URL, --feed-language L,\n"
    "  --feed-owner NAME, --feed-email ADDR   the rest of the show's settings, as for feed\n"
    "  --max-input SIZE          article size limit (default 50M; k and M suffixes)\n"
    "  --max-header SIZE         request line and headers limit (default 16k)\n"
    "  --request-timeout S       seconds a connection may sit idle (default 30)\n"
    "  --timeout S|none          seconds a job may render before its worker is stopped and the\n"
    "                            job fails (default 300 s + 2 s per KB of article, as batch)\n"
    "  --drain-timeout S         on SIGTERM, seconds running jobs may take before they are\n"
    "                            requeued (default 60)\n"
    "  --voices DIR, --lexicon F, --locale L  as for render\n"
    "See docs/api.md for the API.\n";

static int parse_num(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* The first line of a secret file, which must not be empty. */
static char *read_secret(const char *path, const char *what, size_t *len)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    size_t n;
    if (!f) {
        fprintf(stderr, "articast serve: %s %s: cannot open: %s\n", what, path, strerror(errno));
        return NULL;
    }
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
    if (n < 16) {
        fprintf(stderr, "articast serve: %s %s: line 1: the secret is %zu bytes; give at least 16\n", what, path, n);
        return NULL;
    }
    *len = n;
    return at__xstrdup(line);
}

/* Resolves --listen into `ss`; 1 when every address it names is loopback. */
static int resolve_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len, int *is_loopback)
{
    char host[256], *colon;
    const char *port;
    struct addrinfo hints, *ai = NULL;
    if (strlen(spec) >= sizeof host)
        return -1;
    strcpy(host, spec);
    if (host[0] == '[') {
        char *close = strchr(host, ']');
        if (!close || close[1] != ':')
            return -1;
        *close = '\0';
        port = close + 2;
        memmove(host, host + 1, strlen(host));
    } else {
        if (!(colon = strrchr(host, ':')))
            return -1;
        *colon = '\0';
        port = colon + 1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    if (getaddrinfo(host[0] ? host : NULL, port, &hints, &ai) != 0 || !ai)
        return -1;
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    if (ss->ss_family == AF_INET)
        *is_loopback = (ntohl(((struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    else
        *is_loopback = IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)ss)->sin6_addr);
    return 0;
}

/* The listening socket, made here rather than by the daemon so that its
 * port (for --listen HOST:0) is known before the workers start. */
static int listen_on(const struct sockaddr_storage *ss, socklen_t len, unsigned *port)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_storage got;
    socklen_t glen = sizeof got;
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&got, &glen) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                            : ((struct sockaddr_in *)&got)->sin_port);
    return fd;
}

/* ---- The server --------------------------------------------------------- */

static void log_hook(void *data, long long id, int attempt, int ok, double retry_at, const char *why)
{
    (void)data;
    at__log(ok ? "info" : "warning", "webhook",
            json_pack("{s:I, s:i, s:b, s:s?, s:f}", "delivery", (json_int_t)id, "attempt", attempt, "delivered", ok,
                      "error", ok ? NULL : why, "retry_at", retry_at));
}

static int run(at_server *S, int sfd)
{
    double deadline = 0;
    int k;
    for (;;) {
        struct pollfd *p = at__xcalloc((size_t)S->nworkers + 2, sizeof *p);
        int *who = at__xcalloc((size_t)S->nworkers + 2, sizeof *who);
        int n = 0, busy = 0;
        dispatch(S);
        p[n].fd = sfd;
        p[n++].events = POLLIN;
        p[n].fd = S->wake[0];
        p[n++].events = POLLIN;
        for (k = 0; k < S->nworkers; k++) {
            if (S->w[k].job[0])
                busy++;
            if (S->w[k].fd >= 0) {
                who[n] = k;
                p[n].fd = S->w[k].fd;
                p[n++].events = POLLIN;
            }
        }
        if (S->draining && busy == 0) {
            free(p);
            free(who);
            return 0;
        }
        enforce_timeout(S);
        at__http_sweep(S);
        if (S->draining && deadline > 0 && at__serve_mono() > deadline) {
            /* time is up: the renders stop and their jobs go back to the queue */
            for (k = 0; k < S->nworkers; k++)
                if (S->w[k].job[0] && S->w[k].pid > 0)
                    kill(S->w[k].pid, SIGTERM);
            deadline = -1;
        }
        if (poll(p, (nfds_t)n, 1000) < 0 && errno != EINTR) {
            free(p);
            free(who);
            return -1;
        }
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
                if (si.ssi_signo == SIGCHLD)
                    on_child_exit(S);
                else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT || si.ssi_signo == SIGHUP) {
                    if (!S->draining) {
                        S->draining = 1;
                        at__http_quiesce(S);
                        deadline = at__serve_mono() + S->drain_timeout;
                        at__log("info", "draining", json_pack("{s:i, s:f}", "signal", (int)si.ssi_signo,
                                                               "timeout", S->drain_timeout));
                    } else if (deadline >= 0)
                        deadline = at__serve_mono(); /* a second signal: stop now */
                }
            }
        }
        if (p[1].revents & POLLIN) {
            char b[256];
            while (read(S->wake[0], b, sizeof b) > 0)
                ;
        }
        for (k = 2; k < n; k++)
            if (p[k].revents & (POLLIN | POLLHUP | POLLERR)) {
                if (p[k].revents & POLLIN)
                    on_reply(S, who[k]);
                else if (S->w[who[k]].fd >= 0 && !(p[k].revents & POLLIN)) {
                    /* the worker closed its end: wait for its exit */
                }
            }
        free(p);
        free(who);
    }
}

int at_cli_serve(int argc, char **argv)
{
    enum { O_LISTEN = 256, O_DATA, O_WORKERS, O_QUEUE, O_TOKEN, O_HOOK, O_HOOK_SECRET, O_BASE, O_TITLE, O_MAXIN,
           O_MAXHDR, O_REQTIME, O_DRAIN, O_VOICES, O_LEXICON, O_LOCALE, O_HELP, O_BACKOFF, O_TIMEOUT,
           O_FDESC, O_FAUTHOR, O_FIMAGE, O_FLANG, O_FOWNER, O_FEMAIL };
    static const struct option longs[] = {
        {"listen", required_argument, NULL, O_LISTEN}, {"data", required_argument, NULL, O_DATA},
        {"workers", required_argument, NULL, O_WORKERS}, {"jobs", required_argument, NULL, O_WORKERS},
        {"queue", required_argument, NULL, O_QUEUE}, {"token-file", required_argument, NULL, O_TOKEN},
        {"webhook", required_argument, NULL, O_HOOK}, {"webhook-secret-file", required_argument, NULL, O_HOOK_SECRET},
        {"webhook-backoff", required_argument, NULL, O_BACKOFF},
        {"base-url", required_argument, NULL, O_BASE}, {"feed-title", required_argument, NULL, O_TITLE},
        {"max-input", required_argument, NULL, O_MAXIN}, {"max-header", required_argument, NULL, O_MAXHDR},
        {"request-timeout", required_argument, NULL, O_REQTIME}, {"drain-timeout", required_argument, NULL, O_DRAIN},
        {"voices", required_argument, NULL, O_VOICES}, {"lexicon", required_argument, NULL, O_LEXICON},
        {"locale", required_argument, NULL, O_LOCALE}, {"help", no_argument, NULL, O_HELP},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"feed-description", required_argument, NULL, O_FDESC}, {"feed-author", required_argument, NULL, O_FAUTHOR},
        {"feed-image", required_argument, NULL, O_FIMAGE}, {"feed-language", required_argument, NULL, O_FLANG},
        {"feed-owner", required_argument, NULL, O_FOWNER}, {"feed-email", required_argument, NULL, O_FEMAIL},
        {NULL, 0, NULL, 0}};
    at_server S;
    const char *listen = "127.0.0.1:8080", *token_file = NULL, *secret_file = NULL, *hook_url = NULL,
               *base = NULL;
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    int loop_only = 0, ch, k, rc, sfd, lockfd, lfd;
    long v;
    char err[512];
    sigset_t sigs;
    at_buf p = {0};
    at_error e;
    at_ctx *probe;
    memset(&S, 0, sizeof S);
    memset(&e, 0, sizeof e);
    at_options_init(&S.opt);
    S.nworkers = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (S.nworkers < 1)
        S.nworkers = 1;
    S.queue_max = 1000;
    S.max_input = 50u * 1024 * 1024;
    S.max_header = 16 * 1024;
    S.request_timeout = 30;
    S.drain_timeout = 60;
    S.feed_title = "articast editions";
    S.hooks.backoff = 2;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (ch) {
        case O_LISTEN: listen = optarg; break;
        case O_DATA: S.data = optarg; break;
        case O_WORKERS:
            if (parse_num(optarg, 1, 256, &v) != 0)
                return usage("--workers %s: expected 1 to 256", optarg);
            S.nworkers = (int)v;
            break;
        case O_QUEUE:
            if (parse_num(optarg, 1, 1000000, &v) != 0)
                return usage("--queue %s: expected 1 to 1000000", optarg);
            S.queue_max = (int)v;
            break;
        case O_TOKEN: token_file = optarg; break;
        case O_HOOK: hook_url = optarg; break;
        case O_HOOK_SECRET: secret_file = optarg; break;
        case O_BACKOFF: {
            char *end;
            S.hooks.backoff = strtod(optarg, &end);
            if (*end || !(S.hooks.backoff >= 0.01 && S.hooks.backoff <= 3600))
                return usage("--webhook-backoff %s: expected seconds from 0.01 to 3600", optarg);
            break;
        }
        case O_BASE: base = optarg; break;
        case O_TITLE: S.feed_title = optarg; break;
        case O_FDESC: S.feed.description = optarg; break;
        case O_FAUTHOR: S.feed.author = optarg; break;
        case O_FIMAGE: S.feed.image = optarg; break;
        case O_FLANG: S.feed.language = optarg; break;
        case O_FOWNER: S.feed.owner_name = optarg; break;
        case O_FEMAIL: S.feed.owner_email = optarg; break;
        case O_MAXIN:
            /* a body is held in memory while it arrives: at most 1 GB */
            if (at__parse_size(optarg, &S.max_input) != 0 || S.max_input > 1024u * 1024 * 1024)
                return usage("--max-input %s: expected a size such as 500k or 5M, up to 1024M", optarg);
            S.opt.max_input = S.max_input; /* the workers' reader takes what the server accepts */
            break;
        case O_MAXHDR:
            if (at__parse_size(optarg, &S.max_header) != 0 || S.max_header < 2048 || S.max_header > 1024 * 1024)
                return usage("--max-header %s: expected a size from 2k to 1M", optarg);
            break;
        case O_REQTIME:
            if (parse_num(optarg, 1, 3600, &v) != 0)
                return usage("--request-timeout %s: expected 1 to 3600 seconds", optarg);
            S.request_timeout = (unsigned)v;
            break;
        case O_DRAIN:
            if (parse_num(optarg, 0, 86400, &v) != 0)
                return usage("--drain-timeout %s: expected 0 to 86400 seconds", optarg);
            S.drain_timeout = (double)v;
            break;
        case O_TIMEOUT:
            if (strcmp(optarg, "none") == 0)
                S.timeout = -1;
            else if (parse_num(optarg, 1, 86400, &v) != 0)
                return usage("--timeout %s: expected 1 to 86400 seconds, or none", optarg);
            else
                S.timeout = (double)v;
            break;
        case O_VOICES: S.opt.voices_dir = optarg; break;
        case O_LEXICON: S.opt.lexicon_path = optarg; break;
        case O_LOCALE: S.opt.locale = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default: return usage("%s", "unknown option");
        }
    }
    if (optind < argc)
        return usage("unexpected argument %s", argv[optind]);
    if (!S.data)
        return usage("%s", "where do jobs and outputs go? give --data DIR");
    if (resolve_listen(listen, &ss, &sslen, &loop_only) != 0)
        return usage("--listen %s: expected HOST:PORT (such as 127.0.0.1:8080 or [::1]:8080)", listen);
    if (!loop_only && !token_file)
        return usage("--listen %s: not a loopback address; give --token-file to listen there", listen);
    if (hook_url && !secret_file)
        return usage("--webhook %s: give --webhook-secret-file too; deliveries are signed", hook_url);
    if (secret_file && !hook_url)
        return usage("%s", "--webhook-secret-file: give --webhook URL too");
    if (hook_url && strncmp(hook_url, "http://", 7) != 0 && strncmp(hook_url, "https://", 8) != 0)
        return usage("--webhook %s: expected an http:// or https:// URL", hook_url);
    if (base && strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
        return usage("--base-url %s: expected an http:// or https:// URL", base);
    if (token_file && !(S.token = read_secret(token_file, "--token-file", &S.tokenlen)))
        return EXIT_USAGE;
    if (secret_file) {
        char *sec = read_secret(secret_file, "--webhook-secret-file", &S.hooks.secretlen);
        if (!sec)
            return EXIT_USAGE;
        S.hooks.secret = sec;
        S.hooks.url = hook_url;
    }
    /* the configuration is checked once, here, as `render` would: a
     * voices folder or lexicon that cannot load stops the server now */
    if (!(probe = at_ctx_new(&S.opt, &e))) {
        fprintf(stderr, "articast serve: %s\n", e.msg);
        return EXIT_USAGE;
    }
    at_ctx_free(probe);

    /* the data folder, ours alone: one that another user owns or may
     * write in is refused, as they could swap jobs/ or editions/ for
     * links between our checks and our writes */
    if (at__serve_mkdir(S.data, 0700) != 0) {
        struct stat sb;
        if (errno == ENOTDIR && lstat(S.data, &sb) == 0 && S_ISLNK(sb.st_mode))
            fprintf(stderr, "articast serve: %s: cannot use as the data folder: a symbolic link; give the folder "
                            "it leads to\n", S.data);
        else
            fprintf(stderr, "articast serve: %s: cannot use as the data folder: %s\n", S.data, strerror(errno));
        return EXIT_USAGE;
    }
    {
        struct stat sb;
        if (lstat(S.data, &sb) != 0 || sb.st_uid != geteuid() || (sb.st_mode & 022)) {
            fprintf(stderr, "articast serve: %s: cannot use as the data folder: %s\n", S.data,
                    sb.st_uid != geteuid() ? "another user owns it"
                                           : "others may write in it (chmod go-w, or 700 as it is made)");
            return EXIT_USAGE;
        }
    }
    at__buf_printf(&p, "%s/lock", S.data);
    lockfd = open(p.p, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "articast serve: %s: %s\n", p.p,
                lockfd < 0 ? strerror(errno) : "another articast serve uses this data folder");
        return EXIT_USAGE;
    }
    p.n = 0;
    at__buf_printf(&p, "%s/jobs", S.data);
    rc = at__serve_mkdir(p.p, 0700);
    if (rc == 0) { /* else the message names jobs/, the folder that failed */
        p.n = 0;
        at__buf_printf(&p, "%s/editions", S.data);
        rc = at__serve_mkdir(p.p, 0755);
    }
    if (rc != 0) {
        fprintf(stderr, "articast serve: %s: cannot create: %s\n", p.p, strerror(errno));
        return EXIT_USAGE;
    }
    p.n = 0;
    at__buf_printf(&p, "%s/jobs.sqlite", S.data);
    if (!(S.store = at__store_open(p.p, err, sizeof err))) {
        fprintf(stderr, "articast serve: %s\n", err);
        return EXIT_USAGE;
    }
    at__buf_free(&p);
    S.paths.data = S.data;
    S.paths.opt = &S.opt;
    pthread_mutex_init(&S.mu, NULL);
    S.feed_dirty = 1;

    /* every thread started from here has the signals blocked */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    sigaddset(&sigs, SIGCHLD);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    if ((sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC)) < 0 || pipe2(S.wake, O_NONBLOCK | O_CLOEXEC) != 0) {
        fprintf(stderr, "articast serve: cannot set up: %s\n", strerror(errno));
        return EXIT_RUN;
    }
    S.progress = mmap(NULL, (size_t)S.nworkers * sizeof *S.progress, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    S.w = at__xcalloc((size_t)S.nworkers, sizeof *S.w);
    if (S.progress == MAP_FAILED) {
        fprintf(stderr, "articast serve: cannot set up: %s\n", strerror(errno));
        return EXIT_RUN;
    }
    for (k = 0; k < S.nworkers; k++)
        S.w[k].fd = -1;
    if ((lfd = listen_on(&ss, sslen, &S.port)) < 0) {
        fprintf(stderr, "articast serve: --listen %s: %s\n", listen, strerror(errno));
        return EXIT_USAGE;
    }
    if (base) {
        size_t n = strlen(base);
        while (n && base[n - 1] == '/')
            n--;
        S.base_url = at__xstrndup(base, n);
    } else {
        at_buf b = {0};
        char host[256];
        if (getnameinfo((struct sockaddr *)&ss, sslen, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
            strcpy(host, "127.0.0.1");
        at__buf_printf(&b, ss.ss_family == AF_INET6 ? "http://[%s]:%u" : "http://%s:%u", host, S.port);
        S.base_url = at__buf_detach(&b);
    }
    if (S.hooks.url) {
        S.hooks.store = S.store;
        S.hooks.log = log_hook;
        S.hooks_on = 1; /* deliveries are owed from here; the thread starts below */
    }
    recover(&S);
    /* the workers start before any thread does */
    for (k = 0; k < S.nworkers; k++)
        if (spawn(&S, k) != 0) {
            fprintf(stderr, "articast serve: cannot start a worker: %s\n", strerror(errno));
            return EXIT_RUN;
        }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (at__http_start(&S, lfd, ss.ss_family == AF_INET6, err, sizeof err) != 0) {
        fprintf(stderr, "articast serve: --listen %s: %s\n", listen, err);
        for (k = 0; k < S.nworkers; k++)
            kill(S.w[k].pid, SIGKILL);
        return EXIT_RUN;
    }
    if (S.hooks_on && at__hooks_start(&S.hooks) != 0) {
        fprintf(stderr, "articast serve: cannot start the webhook thread\n");
        S.hooks_on = 0;
    }
    at__log("info", "listening",
            json_pack("{s:s, s:i, s:s, s:i, s:i, s:b, s:b}", "address", listen, "port", (int)S.port, "url",
                      S.base_url, "workers", S.nworkers, "queue", S.queue_max, "auth", S.token != NULL, "webhook",
                      S.hooks_on));
    rc = run(&S, sfd);
    at__http_stop(&S);
    /* the workers end when their sockets close */
    for (k = 0; k < S.nworkers; k++)
        if (S.w[k].fd >= 0) {
            close(S.w[k].fd);
            S.w[k].fd = -1;
        }
    for (k = 0; k < S.nworkers; k++)
        if (S.w[k].pid > 0)
            waitpid(S.w[k].pid, NULL, 0);
    at__store_requeue(S.store, NULL, 1);
    if (S.hooks_on)
        at__hooks_stop(&S.hooks);
    at__log("info", "stopped", json_pack("{s:i}", "queued", at__store_count(S.store, AT_JOB_QUEUED)));
    at__store_close(S.store);
    curl_global_cleanup();
    munmap((void *)S.progress, (size_t)S.nworkers * sizeof *S.progress);
    free(S.w);
    free(S.token);
    free((char *)S.hooks.secret);
    free(S.base_url);
    close(sfd);
    close(S.wake[0]);
    close(S.wake[1]);
    close(lockfd);
    return rc == 0 ? EXIT_OK : EXIT_RUN;
}
