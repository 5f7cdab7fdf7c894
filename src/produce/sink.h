/* Output sinks: where encoded bytes go. The file sink writes to a
 * temporary file beside the target and renames it into place only on
 * commit, so a failed or interrupted render leaves nothing behind and an
 * earlier good file survives.
 *
 * Two targets are not renamed onto: "-" (standard output) and a path that
 * exists but is not a regular file (a FIFO, /dev/null, /dev/full). For
 * them the temporary file goes in $TMPDIR and is copied to the target on
 * commit, since chapter times are patched at the end and a rename onto a
 * device node would replace the node. */
#ifndef AT_SINK_H
#define AT_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "articast.h"

typedef struct at_sink {
    int fd;
    char *path;     /* the final path */
    char *tmp;      /* the temporary path while writing */
    uint64_t size;
    int copy;       /* commit copies to the target instead of renaming */
    int no_clobber; /* commit fails rather than replace an existing file */
} at_sink;

/* Sink flags. */
enum { AT_SINK_NO_CLOBBER = 1 };

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
/* Flushes, closes and renames the file into place. */
at_status at__sink_commit(at_sink *s, at_error *e);
/* Closes and removes the temporary file, if any. Safe to call twice. */
void at__sink_abort(at_sink *s);

#endif
