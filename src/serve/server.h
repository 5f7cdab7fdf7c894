/* The running service, shared by serve.c (start-up, scheduler) and
 * http.c (the routes). */
#ifndef AT_SERVE_SERVER_H
#define AT_SERVE_SERVER_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "hook.h"
#include "serve.h"

typedef struct srv_worker {
    pid_t pid;
    int fd;           /* the parent's end; -1 when gone */
    char job[40];     /* the job in hand, "" when idle */
    double started;   /* monotonic seconds */
    double limit;     /* seconds the job may take; 0 = no limit */
    int timed_out;    /* the server stopped it for taking too long */
} srv_worker;

typedef struct at_server {
    /* settings */
    const char *data;
    at_options opt;
    at_serve_paths paths;
    int nworkers, queue_max;
    size_t max_input, max_header;
    unsigned request_timeout;
    double drain_timeout;
    double timeout; /* --timeout: > 0 seconds, 0 the default for the size, < 0 none */
    char *token; /* NULL: no auth, loopback only */
    size_t tokenlen;
    char *base_url; /* the service's own URL, no trailing slash */
    const char *feed_title;
    at_feed_options feed; /* --feed-*: the rest of the show's settings */
    int loopback_only;
    unsigned port; /* the port listened on */

    /* state */
    at_store *store;
    at_hooks hooks;
    int hooks_on;
    struct MHD_Daemon *d;
    int wake[2];    /* the self-pipe: new jobs, signals, worker ends */
    srv_worker *w;
    volatile double *progress; /* shared with the workers, one per worker */
    pthread_mutex_t mu;        /* the workers' table, counters, the feed */
    double render_seconds, audio_seconds; /* since start */
    unsigned long jobs_done, jobs_failed, rejected_full;
    unsigned long http_by_class[6]; /* 1xx..5xx */
    int feed_dirty;
    volatile sig_atomic_t draining;
} at_server;

/* Starts the HTTP daemon on the listening socket `listen_fd`. */
int at__http_start(at_server *S, int listen_fd, int ipv6, char *err, size_t errlen);
/* Stops taking connections (drain); the daemon ends in at__http_stop. */
void at__http_quiesce(at_server *S);
void at__http_stop(at_server *S);
/* Shuts down connections whose request line and headers have not all
 * come in --request-timeout seconds; called about once a second. */
void at__http_sweep(at_server *S);
/* Tells the scheduler to look again (new job, deletion). */
void at__server_wake(at_server *S);
/* Takes (1) or releases (0) the log's lock, around a fork. */
void at__log_lock(int take);
/* One JSON log line: `o` gets the time and level and is consumed. */
void at__log(const char *level, const char *event, json_t *o);
/* The content type of an output file, from its name. */
const char *at__content_type(const char *name);
/* Removes `path` and what is in it, never following a link. */
int at__rmtree(const char *path);

#endif
