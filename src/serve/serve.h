/* articast serve, internal: an HTTP service (libmicrohttpd) in front of a
 * pool of render workers, with its jobs in SQLite. The parts:
 *   request.c  the POST body: an article, or JSON with options (fuzzed)
 *   store.c    the jobs and the webhook outbox in SQLite (WAL)
 *   worker.c   the worker processes: one context each, a job at a time
 *   http.c     the routes, auth, limits, files with ranges
 *   hook.c     webhook deliveries (libcurl, HMAC-SHA256), with backoff
 *   serve.c    start-up, recovery, the scheduler loop, drain on SIGTERM */
#ifndef AT_SERVE_H
#define AT_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "articast.h"

/* ---- request.c ------------------------------------------------------------ */

/* An edition request, checked: the article and what to make of it. */
typedef struct at_serve_req {
    at_input_format format; /* of `article` */
    char *article;          /* the article's bytes (not NUL-terminated
                               for the reader: `len` counts) */
    size_t len;
    json_t *meta;    /* {title, author, date, publication, language, cover}: those
                        given; cover is base64 text, decoded by the HTTP side */
    json_t *options; /* every render option, checked, defaults filled in */
} at_serve_req;

#define AT_SERVE_COVER_MAX (4 * 1024 * 1024) /* bytes of artwork, decoded */

/* Parses a POST /v1/editions body of Content-Type `ctype` (NULL: none).
 * Returns 0, or the HTTP status to answer (400 malformed, 413 too large,
 * 415 unsupported type, 422 well-formed but unusable) with a message
 * naming the field in `err`. Never keeps a pointer into `body`. */
int at__serve_parse(const char *ctype, const char *body, size_t len, size_t max_input, at_serve_req *r,
                    char *err, size_t errlen);
void at__serve_req_free(at_serve_req *r);

/* The request as stored with a job: {"format", "meta", "options"}. */
json_t *at__serve_req_json(const at_serve_req *r);

/* ---- store.c -------------------------------------------------------------- */

/* Seconds now: the wall clock (what the store and webhooks record), and
 * the monotonic one (for durations and limits). */
double at__serve_wall(void);
double at__serve_mono(void);
/* Makes the folder `path` (mode `mode`) if missing; -1 with errno when it
 * cannot, or when what is there is not a folder (a link is not). */
int at__serve_mkdir(const char *path, mode_t mode);

typedef struct at_store at_store;

typedef enum at_job_state { AT_JOB_QUEUED = 0, AT_JOB_RUNNING, AT_JOB_DONE, AT_JOB_FAILED } at_job_state;
extern const char *const at__job_state_names[4];

/* What a job row holds, for the status answer. Strings are owned. */
typedef struct at_job_row {
    char id[40];
    at_job_state state;
    double created, started, finished;
    int attempts;
    char *title;
    char *error_code;   /* "EINPUT", or NULL */
    int error_exit;     /* the CLI's exit code for it */
    char *error_message;
    double audio_seconds, render_seconds;
} at_job_row;
void at__job_row_free(at_job_row *r);

at_store *at__store_open(const char *path, char *err, size_t errlen);
void at__store_close(at_store *s);
/* Adds a queued job, or with `idem` (an Idempotency-Key) seen before,
 * finds its job: then *existing is 1, and *conflict is 1 when the earlier
 * request differs (`hash` is the request's). Returns 0, 1 when `queue_max`
 * jobs are queued already (nothing added), or -1. The count and the insert
 * are one transaction, so POSTs at once cannot overfill the queue. */
int at__store_add(at_store *s, const char *id, const char *idem, const char *hash, const char *title,
                  int queue_max, char *found_id, int *existing, int *conflict);
int at__store_get(at_store *s, const char *id, at_job_row *row); /* 1 found, 0 not, -1 error */
int at__store_count(at_store *s, at_job_state st);
/* The oldest queued job: its id in `id`, made running with one more
 * attempt; returns 1, or 0 when none is queued. `*attempts` is the
 * attempt this claim would be, the stored count stops at `cap`: a claim
 * past it only ends the job, and is not an attempt. */
int at__store_claim(at_store *s, char *id, int *attempts, int cap);
/* Ends a running job, with its webhook event queued in the same
 * transaction when `hook` (the body) is given. */
int at__store_finish(at_store *s, const char *id, int ok, const char *code, int exit_code, const char *msg,
                     double audio_seconds, double render_seconds, const char *title, const char *hook_body);
/* Puts running jobs back in the queue (all when `id` is NULL). With
 * `uncount` the attempt is not counted: the job was cut off by the
 * server's own stop, not by its article (every requeue of all is so). */
int at__store_requeue(at_store *s, const char *id, int uncount);
/* The job an Idempotency-Key names: 1 with its id and request hash (65
 * bytes), 0 none, -1 error. */
int at__store_find_idem(at_store *s, const char *idem, char *id, char *hash);
/* The ids of running jobs (for recovery); the caller frees each and the array. */
char **at__store_running(at_store *s, size_t *n);
/* Deletes a queued (cancelled) or finished job: 1, or 0 when it is
 * running (or gone), -1 on error. */
int at__store_delete(at_store *s, const char *id);
/* The queue position of a queued job (1 = next), or 0. */
int at__store_position(at_store *s, const char *id);

/* The webhook outbox. */
typedef struct at_hook_row {
    long long id;
    char *body;
    int attempts;
} at_hook_row;
/* The next delivery due at `now`: 1 found, 0 none (then *next_due is the
 * time of the next one, or 0). */
int at__store_hook_due(at_store *s, double now, at_hook_row *row, double *next_due);
int at__store_hook_done(at_store *s, long long id, int delivered, double retry_at, const char *error);
int at__store_hook_pending(at_store *s);

/* ---- worker.c ------------------------------------------------------------- */

/* What the parent tells a worker: render job `id`. */
typedef struct at_serve_task {
    char id[40];
} at_serve_task;

/* A worker's answer (one SOCK_SEQPACKET message). */
typedef struct at_serve_reply {
    char id[40];
    int32_t status;     /* at_status */
    double audio_seconds, render_seconds;
    char title[256];
    char msg[1024];
} at_serve_reply;

/* Where a job's files live, inside `data`:
 *   jobs/ID/article, jobs/ID/request.json  the request, kept until done
 *   editions/ID/files/...                   the outputs
 *   editions/ID/outputs.json                written last: the job is done */
typedef struct at_serve_paths {
    const char *data;
    const at_options *opt; /* the server's context options */
} at_serve_paths;

/* A worker's life: take a task from `fd`, render, answer; `progress`
 * (shared with the parent) is set as the render goes. Never returns. */
void at__serve_worker_main(const at_serve_paths *P, int fd, volatile double *progress);

/* ---- hook.c --------------------------------------------------------------- */

/* 32 bytes (a SHA-256) as 64 lower-case hex digits and a NUL. */
void at__hex32(const unsigned char d[32], char out[65]);
/* The hex HMAC-SHA256 of `body` with `key`, into `out` (65 bytes). */
void at__hmac_sha256_hex(const char *key, size_t keylen, const char *body, size_t len, char out[65]);

#endif
