/* Batch conversion, internal: the job list (inputs.c, manifest.c) and the
 * worker pool that renders it (batch.c). */
#ifndef AT_BATCH_H
#define AT_BATCH_H

#include <stddef.h>

#include "articast.h"

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

/* Makes every job's name safe and unique, with `ext` (".mp3") as the
 * extension; names come from the manifest or the key. */
void at__jobs_name(at_jobs *j, const char *ext);

/* Turns any path into a safe relative one: no empty, `.` or `..`
 * component, no leading slash, no control characters. Never empty. */
char *at__safe_relpath(const char *path);

#endif
