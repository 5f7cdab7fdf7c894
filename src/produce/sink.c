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

static int make_temp(at_sink *s, const char *dir, const char *base)
{
    at_buf tmp = {0};
    mode_t um;
    at__buf_printf(&tmp, "%s/.%s.XXXXXX", dir, base);
    s->fd = mkstemp(tmp.p);
    if (s->fd < 0) {
        at__buf_free(&tmp);
        return -1;
    }
    um = umask(0);
    umask(um);
    fchmod(s->fd, 0666 & ~um);
    s->tmp = at__buf_detach(&tmp);
    return 0;
}

at_status at__sink_open_flags(at_sink *s, const char *path, unsigned flags, at_error *e)
{
    char *dir;
    struct stat st;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->no_clobber = (flags & AT_SINK_NO_CLOBBER) != 0;
    if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
        const char *t = getenv("TMPDIR");
        s->copy = 1;
        if (make_temp(s, t && *t ? t : "/tmp", "articast-out") != 0)
            return at__err(e, AT_EOUTPUT, "%s: cannot create a temporary file in %s: %s", path,
                           t && *t ? t : "/tmp", strerror(errno));
        s->path = at__xstrdup(path);
        return AT_OK;
    }
    if (*base_of(path) == '\0')
        return at__err(e, AT_EOUTPUT, "%s: the output path names a folder, not a file", path);
    dir = dir_of(path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        at__err(e, AT_EOUTPUT, "%s: the output folder %s does not exist", path, dir);
        free(dir);
        return AT_EOUTPUT;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        free(dir);
        return at__err(e, AT_EOUTPUT, "%s: is a folder; give a file name for the output", path);
    }
    if (s->no_clobber && lstat(path, &st) == 0) {
        free(dir);
        return at__err(e, AT_EOUTPUT, "%s: exists, and --no-clobber is set", path);
    }
    if (make_temp(s, dir, base_of(path)) != 0) {
        at__err(e, AT_EOUTPUT, "%s: cannot create a file in its folder: %s", path, strerror(errno));
        free(dir);
        return AT_EOUTPUT;
    }
    free(dir);
    s->path = at__xstrdup(path);
    return AT_OK;
}

at_status at__sink_open(at_sink *s, const char *path, at_error *e)
{
    return at__sink_open_flags(s, path, 0, e);
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

/* Copies the finished temporary file to a stream or device target. */
static at_status copy_out(at_sink *s, at_error *e)
{
    int out = strcmp(s->path, "-") == 0 ? STDOUT_FILENO : open(s->path, O_WRONLY | O_CLOEXEC);
    char buf[65536];
    uint64_t off = 0;
    at_status st = AT_OK;
    if (out < 0)
        return at__err(e, AT_EOUTPUT, "%s: cannot open for writing: %s", s->path, strerror(errno));
    while (st == AT_OK && off < s->size) {
        size_t n = s->size - off < sizeof buf ? (size_t)(s->size - off) : sizeof buf, done = 0;
        ssize_t r = pread(s->fd, buf, n, (off_t)off);
        if (r <= 0) {
            st = at__err(e, AT_EOUTPUT, "%s: cannot read back the output", s->path);
            break;
        }
        while (done < (size_t)r) {
            ssize_t w = write(out, buf + done, (size_t)r - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                st = at__err(e, AT_EOUTPUT, "%s: write failed: %s", s->path, w < 0 ? strerror(errno) : "no progress");
                break;
            }
            done += (size_t)w;
        }
        off += (uint64_t)r;
    }
    if (out != STDOUT_FILENO && close(out) != 0 && st == AT_OK)
        st = at__err(e, AT_EOUTPUT, "%s: write failed: %s", s->path, strerror(errno));
    return st;
}

/* Moves the temporary file into place: a rename, or with no_clobber a
 * link that fails when the target exists. */
static int place(at_sink *s)
{
    if (!s->no_clobber)
        return rename(s->tmp, s->path);
    if (link(s->tmp, s->path) != 0)
        return -1;
    unlink(s->tmp);
    return 0;
}

at_status at__sink_commit(at_sink *s, at_error *e)
{
    at_status st;
    if (s->copy) {
        st = copy_out(s, e);
        at__sink_abort(s);
        return st;
    }
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
    if (place(s) != 0) {
        at__err(e, AT_EOUTPUT, "%s: cannot move the finished output into place: %s", s->path,
                errno == EEXIST ? "it exists, and --no-clobber is set" : strerror(errno));
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
