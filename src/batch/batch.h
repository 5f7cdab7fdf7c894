/* Batch conversion, internal: the job list (inputs.c, manifest.c) and the
 * worker pool that renders it (batch.c). */
#ifndef AT_BATCH_H
#define AT_BATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "articast.h"
#include "util.h"

/* One article of a batch. Every string is owned by the job list. */
typedef struct at_job {
    char *input;    /* path to read */
    char *key;      /* the input's path relative to its root: the shard key */
    char *name;     /* output path relative to the output folder, safe */
    char *narrator; /* manifest override, or NULL */
    char *title;    /* manifest title, or NULL (recorded in the stamp) */
    char *cover;    /* manifest cover, or NULL */
    const char *where; /* "manifest:line" for messages, or NULL */
} at_job;

typedef struct at_jobs {
    at_job *v;
    size_t n, cap;
    char **strs; /* other strings the jobs point into */
    size_t nstrs, capstrs;
} at_jobs;

void at__jobs_free(at_jobs *j);

/* Adds the files and folders in `paths`: a file as given, a folder walked
 * recursively (sorted, hidden entries skipped) for article extensions. */
at_status at__jobs_add_paths(at_jobs *j, const char *const *paths, size_t n, at_error *e);

/* Adds the articles of a JSON-lines manifest; a bad line is an error
 * naming manifest:line. */
at_status at__jobs_add_manifest(at_jobs *j, const char *manifest, at_error *e);
/* The same for a manifest held in memory; `manifest` names it in messages
 * and its folder is the one relative paths start from. */
at_status at__jobs_add_manifest_buffer(at_jobs *j, const char *manifest, const char *text, size_t len,
                                       at_error *e);

/* Makes every job's name safe and unique, with `ext` (".mp3") as the
 * extension; names come from the manifest or the key. */
void at__jobs_name(at_jobs *j, const char *ext);

/* Turns any path into a safe relative one: no empty, `.` or `..`
 * component, no leading slash, no control characters. Never empty. */
char *at__safe_relpath(const char *path);

/* What every worker needs, fixed before the first fork. */
typedef struct at_batch_plan {
    const at_batch_options *o;
    at_options opt;
    at_render_options ro; /* sidecar paths are set per article */
    const char *ext;      /* ".mp3" or ".wav" */
    uint64_t config;      /* at__config_hash of the options: stamps hold it */
    at_jobs jobs;         /* every input, named, before sharding */
} at_batch_plan;

/* A worker's answer for one article: one SOCK_SEQPACKET message (well
 * under PIPE_BUF), so it arrives whole or not at all. */
typedef struct at_reply {
    uint32_t index;
    int32_t kind; /* AT_BATCH_DONE, _SKIP or _FAIL */
    int32_t status;
    double seconds;
    char msg[1024];
} at_reply;

/* Every output path of one article, inside the output folder. */
typedef struct at_job_paths {
    at_buf out, stamp, vtt, srt, chapters, ffmeta, epub, daisy, html;
} at_job_paths;

void at__job_paths(const at_batch_plan *B, const at_job *job, at_job_paths *p);
void at__job_paths_free(at_job_paths *p);
/* The outputs the batch makes for an article: the audio first, then each
 * sidecar and book asked for (not the stamp), into `list` (room for 8);
 * returns how many. --resume skips an article only when all exist. */
size_t at__job_outputs(const at_batch_plan *B, const at_job_paths *p, const char **list);

/* Set by at_batch_interrupt: the signal that stops the batch, or 0. */
extern volatile sig_atomic_t at__batch_stop;

/* Takes article indexes from `fd`, renders them and answers each, until
 * the socket closes or a signal stops it; then exits the process. */
void at__worker_main(const at_batch_plan *B, int fd);

/* The stamp text for `job` (rendered with `cover`), or NULL when its input
 * or cover cannot be read: then the render reports why. */
char *at__stamp_text(const at_batch_plan *B, const at_job *job, const char *cover);
/* 1 when the file at `path` holds exactly `text`. */
int at__file_equals(const char *path, const char *text);
/* Writes `text` to `path` through a temporary file and a rename. */
int at__write_atomic(const char *path, const char *text);

#endif
