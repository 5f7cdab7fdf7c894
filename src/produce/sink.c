#include "sink.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define TEMP_PREFIX ".articast."
/* A leftover younger than this may still be some live process's. */
#define STALE_SECONDS 60

volatile sig_atomic_t at__stop_requested;

char *at__dir_of(const char *path)
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

/* This host's name as a temporary name may hold it: letters, digits and
 * '-', at most 32 bytes. */
static void host_tag(char *out, size_t cap)
{
    char h[256];
    size_t i, n = 0;
    if (gethostname(h, sizeof h) != 0)
        h[0] = '\0';
    h[sizeof h - 1] = '\0';
    for (i = 0; h[i] && h[i] != '.' && n + 1 < cap && n < 32; i++)
        if (at__is_alpha((unsigned char)h[i]) || at__is_digit((unsigned char)h[i]) || h[i] == '-')
            out[n++] = h[i];
    if (n == 0)
        out[n++] = 'h';
    out[n] = '\0';
}

int at__temp_make(const char *dir, const char *base, int dir_only, char **path)
{
    at_buf b = {0};
    char host[40];
    size_t keep = strlen(base);
    int fd = 0;
    host_tag(host, sizeof host);
    if (keep > 160) /* NAME_MAX is 255: room for the rest */
        keep = 160;
    at__buf_printf(&b, "%s/" TEMP_PREFIX "%ld.%s.", dir, (long)getpid(), host);
    at__buf_put(&b, base, keep);
    at__buf_puts(&b, ".XXXXXX");
    if (dir_only ? mkdtemp(b.p) == NULL : (fd = mkstemp(b.p)) < 0) {
        at__buf_free(&b);
        return -1;
    }
    if (!dir_only)
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    *path = at__buf_detach(&b);
    return fd;
}

static int make_temp(at_sink *s, const char *dir, const char *base)
{
    mode_t um;
    s->fd = at__temp_make(dir, base, 0, &s->tmp);
    if (s->fd < 0)
        return -1;
    um = umask(0);
    umask(um);
    if (fchmod(s->fd, 0666 & ~um) != 0) {
        /* the file stays 0600: still ours */
    }
    return 0;
}

/* A target that is written through, not replaced: "-", or a FIFO or a
 * device the user named (following symlinks they named), unless the
 * flags say only regular files. */
static int write_through(const char *path, unsigned flags)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return 1;
    if (flags & AT_SINK_REGULAR)
        return 0;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

at_status at__sink_open_flags(at_sink *s, const char *path, unsigned flags, at_error *e)
{
    char *dir;
    struct stat st;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->no_clobber = (flags & AT_SINK_NO_CLOBBER) != 0;
    if (write_through(path, flags)) {
        const char *t = getenv("TMPDIR");
        s->copy = 1;
        if (make_temp(s, t && *t ? t : "/tmp", "out") != 0)
            return at__err(e, AT_EOUTPUT, "%s: cannot create a temporary file in %s: %s", path,
                           t && *t ? t : "/tmp", strerror(errno));
        s->path = at__xstrdup(path);
        return AT_OK;
    }
    if (*base_of(path) == '\0')
        return at__err(e, AT_EOUTPUT, "%s: the output path names a folder, not a file", path);
    dir = at__dir_of(path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        at__err(e, AT_EOUTPUT, "%s: the output folder %s does not exist", path, dir);
        free(dir);
        return AT_EOUTPUT;
    }
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            free(dir);
            return at__err(e, AT_EOUTPUT, "%s: is a folder; give a file name for the output", path);
        }
        if (s->no_clobber) {
            free(dir);
            return at__err(e, AT_EOUTPUT, "%s: exists, and --no-clobber is set", path);
        }
        /* a file replaced keeps its mode (0444 stays read-only) */
        if (S_ISREG(st.st_mode)) {
            s->keep_mode = 1;
            s->mode = st.st_mode & 07777;
        }
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
    if (s->ready || s->fd < 0)
        return at__err(e, AT_ESTATE, "%s: written after it was closed", s->path ? s->path : "output");
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

at_status at__sink_ready(at_sink *s, at_error *e)
{
    if (s->ready)
        return AT_OK;
    if (s->copy) { /* the temporary is read back at the commit */
        s->ready = 1;
        return AT_OK;
    }
    if (s->keep_mode)
        (void)fchmod(s->fd, s->mode);
    if (fsync(s->fd) != 0 && errno != EINVAL)
        return at__err(e, AT_EOUTPUT, "%s: cannot flush the output: %s", s->path, strerror(errno));
    if (close(s->fd) != 0) {
        s->fd = -1;
        return at__err(e, AT_EOUTPUT, "%s: cannot close the output: %s", s->path, strerror(errno));
    }
    s->fd = -1;
    s->ready = 1;
    return AT_OK;
}

/* Opens a stream or device target. A FIFO with no reader yet is waited
 * for without blocking, so a stop request (SIGTERM) is honoured. */
static int open_target(const char *path, at_error *e, at_status *st)
{
    int fd;
    for (;;) {
        fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd >= 0)
            break;
        if (errno != ENXIO && errno != EINTR) {
            *st = at__err(e, AT_EOUTPUT, "%s: cannot open for writing: %s", path, strerror(errno));
            return -1;
        }
        if (at__stop_requested) {
            *st = at__err(e, AT_EINTR, "%s: interrupted while waiting for a reader", path);
            return -1;
        }
        { /* a FIFO with no reader yet: wait for one, like cat */
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* Copies the finished temporary file to a stream or device target. */
static at_status copy_out(at_sink *s, at_error *e)
{
    char buf[65536];
    uint64_t off = 0;
    at_status st = AT_OK;
    int out = strcmp(s->path, "-") == 0 ? STDOUT_FILENO : open_target(s->path, e, &st);
    if (out < 0)
        return st;
    while (st == AT_OK && off < s->size) {
        size_t n = s->size - off < sizeof buf ? (size_t)(s->size - off) : sizeof buf, done = 0;
        ssize_t r = pread(s->fd, buf, n, (off_t)off);
        if (r <= 0) {
            st = at__err(e, AT_EOUTPUT, "%s: cannot read back the output", s->path);
            break;
        }
        while (done < (size_t)r) {
            ssize_t w = write(out, buf + done, (size_t)r - done);
            if (w < 0 && errno == EINTR && !at__stop_requested)
                continue;
            if (w <= 0) {
                st = at__err(e, AT_EOUTPUT, "%s: write failed: %s", strcmp(s->path, "-") == 0 ? "standard output" : s->path,
                             w < 0 ? strerror(errno) : "no progress");
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
    if ((st = at__sink_ready(s, e)) != AT_OK) {
        at__sink_abort(s);
        return st;
    }
    if (s->copy) {
        st = copy_out(s, e);
        at__sink_abort(s);
        return st;
    }
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
    s->ready = 0;
}

/* ---- Staging ------------------------------------------------------------ */

at_status at__stage_sink(at_stage *g, at_sink *s, at_error *e)
{
    at_status st = at__sink_ready(s, e);
    if (st != AT_OK) {
        at__sink_abort(s);
        return st;
    }
    *AT_PUSH(g->v, g->n, g->cap) = *s;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    return AT_OK;
}

void at__stage_dir(at_stage *g, const char *tmp, const char *path)
{
    struct at_staged_dir *d = AT_PUSH(g->dirs, g->ndirs, g->cap_dirs);
    d->tmp = at__xstrdup(tmp);
    d->path = at__xstrdup(path);
}

/* Removes the files of the folder `name` in the folder open as `parent`,
 * then the folder. The folder is opened with O_NOFOLLOW through `parent`,
 * so a symlink swapped in for it is never entered, and its entries are
 * removed through that descriptor. */
static void remove_folder_at(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *de;
    if (!dp) {
        if (fd >= 0)
            close(fd);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        struct stat st;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
            unlinkat(fd, de->d_name, 0);
    }
    closedir(dp);
    unlinkat(parent, name, AT_REMOVEDIR);
}

void at__remove_folder(const char *dir)
{
    char *parent = at__dir_of(dir);
    const char *slash = strrchr(dir, '/');
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0) {
        remove_folder_at(pfd, slash ? slash + 1 : dir);
        close(pfd);
    }
    free(parent);
}

/* The files a DAISY book folder of articast's holds: the ones that go
 * with the old book when a new one replaces it. */
static int book_file(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "ncc.html") == 0 || strcmp(name, "content.html") == 0 ||
           strcmp(name, "audio.mp3") == 0 || (n > 5 && strcmp(name + n - 5, ".smil") == 0);
}

/* The staged folder takes the target's place; the old book's files go,
 * anything else the user kept in the folder moves into the new one. */
static at_status place_dir(const struct at_staged_dir *d, at_error *e)
{
    struct stat st;
    char *parent, *old = NULL;
    mode_t um = umask(0);
    umask(um);
    (void)chmod(d->tmp, 0777 & ~um); /* mkdtemp made it 0700 */
    if (lstat(d->path, &st) != 0) {
        if (rename(d->tmp, d->path) != 0)
            return at__err(e, AT_EOUTPUT, "%s: cannot move the finished book into place: %s", d->path,
                           strerror(errno));
        return AT_OK;
    }
    if (!S_ISDIR(st.st_mode))
        return at__err(e, AT_EOUTPUT, "%s: exists and is not a folder", d->path);
    parent = at__dir_of(d->path);
    if (at__temp_make(parent, "old", 1, &old) != 0 || rmdir(old) != 0 || rename(d->path, old) != 0) {
        free(parent);
        free(old);
        return at__err(e, AT_EOUTPUT, "%s: cannot move the old book aside: %s", d->path, strerror(errno));
    }
    free(parent);
    if (rename(d->tmp, d->path) != 0) {
        int err = errno;
        (void)rename(old, d->path);
        free(old);
        return at__err(e, AT_EOUTPUT, "%s: cannot move the finished book into place: %s", d->path, strerror(err));
    }
    {
        DIR *dp = opendir(old);
        struct dirent *de;
        while (dp && (de = readdir(dp)) != NULL) {
            at_buf from = {0}, to = {0};
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || book_file(de->d_name))
                continue;
            at__buf_printf(&from, "%s/%s", old, de->d_name);
            at__buf_printf(&to, "%s/%s", d->path, de->d_name);
            if (lstat(to.p, &st) != 0)
                (void)rename(from.p, to.p);
            at__buf_free(&from);
            at__buf_free(&to);
        }
        if (dp)
            closedir(dp);
    }
    at__remove_folder(old);
    free(old);
    return AT_OK;
}

at_status at__stage_commit(at_stage *g, at_error *e)
{
    at_status st = AT_OK;
    size_t k;
    for (k = 0; st == AT_OK && k < g->n; k++)
        if (g->v[k].copy)
            st = at__sink_commit(&g->v[k], e);
    for (k = 0; st == AT_OK && k < g->n; k++)
        if (!g->v[k].copy && g->v[k].tmp)
            st = at__sink_commit(&g->v[k], e);
    for (k = 0; st == AT_OK && k < g->ndirs; k++)
        if ((st = place_dir(&g->dirs[k], e)) == AT_OK) {
            free(g->dirs[k].tmp);
            g->dirs[k].tmp = NULL;
        }
    at__stage_abort(g);
    return st;
}

void at__stage_abort(at_stage *g)
{
    size_t k;
    for (k = 0; k < g->n; k++)
        at__sink_abort(&g->v[k]);
    for (k = 0; k < g->ndirs; k++) {
        if (g->dirs[k].tmp)
            at__remove_folder(g->dirs[k].tmp);
        free(g->dirs[k].tmp);
        free(g->dirs[k].path);
    }
    free(g->v);
    free(g->dirs);
    memset(g, 0, sizeof *g);
}

/* ---- Leftovers of killed runs --------------------------------------------- */

/* ".articast.PID.HOST.NAME.XXXXXX" -> PID, when HOST is this host. */
static long temp_owner(const char *name, const char *host)
{
    const char *p = name + strlen(TEMP_PREFIX), *dot;
    char *end;
    long pid;
    if (strncmp(name, TEMP_PREFIX, strlen(TEMP_PREFIX)) != 0)
        return 0;
    pid = strtol(p, &end, 10);
    if (end == p || *end != '.' || pid <= 0)
        return 0;
    dot = strchr(end + 1, '.');
    if (!dot || (size_t)(dot - end - 1) != strlen(host) || strncmp(end + 1, host, strlen(host)) != 0)
        return 0;
    return pid;
}

void at__stale_clean(const char *dir, long pid)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    char host[40];
    time_t now = time(NULL);
    if (!dp)
        return;
    host_tag(host, sizeof host);
    while ((de = readdir(dp)) != NULL) {
        struct stat st;
        long owner = temp_owner(de->d_name, host);
        if (owner <= 0 || owner == (long)getpid() || (pid > 0 && owner != pid))
            continue;
        /* never another user's file, whatever its name says */
        if (fstatat(dirfd(dp), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_uid != geteuid())
            continue;
        if (pid <= 0 && (now - st.st_mtime < STALE_SECONDS || kill((pid_t)owner, 0) == 0 || errno != ESRCH))
            continue;
        if (S_ISREG(st.st_mode)) {
            unlinkat(dirfd(dp), de->d_name, 0);
        } else if (S_ISDIR(st.st_mode)) {
            remove_folder_at(dirfd(dp), de->d_name);
        }
    }
    closedir(dp);
}
