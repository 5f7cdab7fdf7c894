#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return at__xstrdup(".");
    if (slash == path)
        return at__xstrdup("/");
    return at__xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

at_status at__sink_open(at_sink *s, const char *path, at_error *e)
{
    char *dir = dir_of(path);
    struct stat st;
    at_buf tmp = {0};
    mode_t um;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    if (*base_of(path) == '\0') {
        at__err(e, AT_EOUTPUT, "%s: the output path names a folder, not a file", path);
        free(dir);
        return AT_EOUTPUT;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        at__err(e, AT_EOUTPUT, "%s: the output folder %s does not exist", path, dir);
        free(dir);
        return AT_EOUTPUT;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        at__err(e, AT_EOUTPUT, "%s: is a folder; give a file name for the output", path);
        free(dir);
        return AT_EOUTPUT;
    }
    at__buf_printf(&tmp, "%s/.%s.XXXXXX", dir, base_of(path));
    free(dir);
    s->fd = mkstemp(tmp.p);
    if (s->fd < 0) {
        at__err(e, AT_EOUTPUT, "%s: cannot create a file in its folder: %s", path, strerror(errno));
        at__buf_free(&tmp);
        return AT_EOUTPUT;
    }
    um = umask(0);
    umask(um);
    fchmod(s->fd, 0666 & ~um);
    s->tmp = at__buf_detach(&tmp);
    s->path = at__xstrdup(path);
    return AT_OK;
}

static at_status write_all(at_sink *s, const void *p, size_t n, uint64_t off, at_error *e)
{
    const char *c = p;
    while (n) {
        ssize_t w = pwrite(s->fd, c, n, (off_t)off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return at__err(e, AT_EOUTPUT, "%s: write failed: %s", s->path, strerror(errno));
        }
        c += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return AT_OK;
}

at_status at__sink_write(at_sink *s, const void *p, size_t n, at_error *e)
{
    at_status st = write_all(s, p, n, s->size, e);
    if (st == AT_OK)
        s->size += n;
    return st;
}

at_status at__sink_pwrite(at_sink *s, const void *p, size_t n, uint64_t off, at_error *e)
{
    at_status st = write_all(s, p, n, off, e);
    if (st == AT_OK && off + n > s->size)
        s->size = off + n;
    return st;
}

at_status at__sink_pread(at_sink *s, void *p, size_t n, uint64_t off, at_error *e)
{
    char *c = p;
    while (n) {
        ssize_t r = pread(s->fd, c, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return at__err(e, AT_EOUTPUT, "%s: cannot read back the output: %s", s->path,
                           r < 0 ? strerror(errno) : "unexpected end");
        c += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return AT_OK;
}

at_status at__sink_commit(at_sink *s, at_error *e)
{
    if (fsync(s->fd) != 0 && errno != EINVAL) {
        at__err(e, AT_EOUTPUT, "%s: cannot flush the output: %s", s->path, strerror(errno));
        at__sink_abort(s);
        return AT_EOUTPUT;
    }
    if (close(s->fd) != 0) {
        s->fd = -1;
        at__err(e, AT_EOUTPUT, "%s: cannot close the output: %s", s->path, strerror(errno));
        at__sink_abort(s);
        return AT_EOUTPUT;
    }
    s->fd = -1;
    if (rename(s->tmp, s->path) != 0) {
        at__err(e, AT_EOUTPUT, "%s: cannot move the finished output into place: %s", s->path, strerror(errno));
        at__sink_abort(s);
        return AT_EOUTPUT;
    }
    free(s->tmp);
    s->tmp = NULL;
    free(s->path);
    s->path = NULL;
    return AT_OK;
}

void at__sink_abort(at_sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    if (s->tmp)
        unlink(s->tmp);
    free(s->tmp);
    free(s->path);
    s->tmp = s->path = NULL;
}
