/* Output sinks: where encoded bytes go. The file sink writes to a
 * temporary file beside the target and moves it into place only on
 * commit, so a failed or interrupted render leaves nothing behind and an
 * earlier good file survives.
 *
 * Temporary files are made with mkstemp, never through a name another
 * user can predict, and carry a recognizable name:
 *   .articast.PID.HOST.NAME.XXXXXX
 * so that a later run of articast in that folder can remove what a
 * killed one left (at__stale_clean).
 *
 * Two targets are not renamed onto: "-" (standard output) and a path the
 * user named that is a FIFO or a device (/dev/null, /dev/full), or a
 * symlink to one. For them the temporary file goes in $TMPDIR and is
 * copied to the target on commit, since chapter times are patched at the
 * end and a rename would replace the node. With AT_SINK_REGULAR (names
 * that articast made up, as in a batch's output folder) nothing is ever
 * written through: a symlink or a device found there is replaced by the
 * new file, never followed.
 *
 * Outputs that belong together are staged (at_stage): each is written,
 * flushed and closed, and all are moved into place at the end; a failure
 * before that moves none. */
#ifndef AT_SINK_H
#define AT_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

#include "articast.h"

typedef struct at_sink {
    int fd;
    char *path;     /* the final path */
    char *tmp;      /* the temporary path while writing */
    uint64_t size;
    int copy;       /* commit copies to the target instead of renaming */
    int no_clobber; /* commit fails rather than replace an existing file */
    int ready;      /* written, flushed and closed: waits for the commit */
    int keep_mode;  /* the target was a regular file: the new one gets its mode */
    mode_t mode;
} at_sink;

/* Sink flags. */
enum {
    AT_SINK_NO_CLOBBER = 1,
    AT_SINK_REGULAR = 2 /* never write through a symlink, FIFO or device at the target */
};

/* Creates the temporary file for `path`. */
at_status at__sink_open(at_sink *s, const char *path, at_error *e);
/* The same, with AT_SINK_* flags. */
at_status at__sink_open_flags(at_sink *s, const char *path, unsigned flags, at_error *e);
/* Appends at the end. */
at_status at__sink_write(at_sink *s, const void *p, size_t n, at_error *e);
/* Overwrites bytes already written, at `off`. */
at_status at__sink_pwrite(at_sink *s, const void *p, size_t n, uint64_t off, at_error *e);
/* Reads back bytes already written. */
at_status at__sink_pread(at_sink *s, void *p, size_t n, uint64_t off, at_error *e);
/* Flushes and closes the temporary file: nothing more is written. The
 * file stays at s->tmp until the commit (or the abort). */
at_status at__sink_ready(at_sink *s, at_error *e);
/* Makes the sink ready if it is not, then moves it into place. */
at_status at__sink_commit(at_sink *s, at_error *e);
/* Closes and removes the temporary file, if any. Safe to call twice. */
void at__sink_abort(at_sink *s);

/* A temporary name for `base` in `dir`, in the recognizable form; made by
 * mkstemp (a file, returning its descriptor) or mkdtemp (a folder, with
 * dir_only, returning 0). The name goes to *path. -1 on failure. */
int at__temp_make(const char *dir, const char *base, int dir_only, char **path);

/* Outputs waiting to be moved into place together: files, and folders
 * (a DAISY book) that replace the folder at their target. */
typedef struct at_stage {
    at_sink *v;
    size_t n, cap;
    struct at_staged_dir {
        char *tmp, *path;
    } *dirs;
    size_t ndirs, cap_dirs;
} at_stage;

/* Makes `s` ready and moves it into the stage (s is then empty). */
at_status at__stage_sink(at_stage *g, at_sink *s, at_error *e);
/* The folder `tmp`, complete, is to replace `path`. */
void at__stage_dir(at_stage *g, const char *tmp, const char *path);
/* Moves everything into place: copies to streams and devices first (the
 * ones that can fail late), then renames. */
at_status at__stage_commit(at_stage *g, at_error *e);
/* Removes every staged temporary; the targets are untouched. */
void at__stage_abort(at_stage *g);

/* Removes what killed runs of articast left in `dir`: temporaries of this
 * host whose process is gone and that are older than a minute, or, with
 * `pid` > 0, every temporary of that (dead) process whatever its age.
 * Symlinks are never followed, another user's files never removed; a
 * staged folder loses only its files. */
void at__stale_clean(const char *dir, long pid);
/* Removes the regular files of a folder of ours, then the folder; never
 * follows a symlink or enters a subfolder. */
void at__remove_folder(const char *dir);
/* The folder of `path` ("." when it has none), for at__stale_clean. */
char *at__dir_of(const char *path);

/* Set by a signal or at_ctx_interrupt: a wait (a FIFO with no reader)
 * gives up. */
extern volatile sig_atomic_t at__stop_requested;

#endif
