/* A test shim, preloaded into articast by tests/bad_input.py (case
 * fifo_input): close() on a descriptor of the file named by
 * AT_SLOW_CLOSE_PATH waits 300 ms before closing. That holds open the
 * window in which a FIFO opened twice (to look, then to wait) lost the
 * text of a writer that came and went between the two opens, so the case
 * fails every time on such code instead of now and then. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

int close(int fd)
{
    static int (*real_close)(int);
    const char *path = getenv("AT_SLOW_CLOSE_PATH");
    struct stat a, b;

    if (!real_close)
        real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
    if (path && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        struct timespec ts = {0, 300 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return real_close(fd);
}
