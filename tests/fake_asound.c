/* An LD_PRELOAD shim that lets Debian's daisy-player start in a machine
 * without a sound card, so the DAISY test can drive it in tmux.
 *
 * daisy-player refuses to start unless /proc/asound/cards can be read;
 * here it reads one dummy card instead. It also keeps bookmarks in the
 * home folder from getpwuid(), not $HOME; here that is $HOME, so a test
 * writes nothing outside its own folder. The audio itself goes to a
 * private PulseAudio null sink that the test starts. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static const char cards[] = " 0 [Dummy          ]: Dummy - Dummy\n                      Dummy 1\n";

FILE *fopen(const char *path, const char *mode)
{
    FILE *(*real)(const char *, const char *);
    if (path && strcmp(path, "/proc/asound/cards") == 0)
        return fmemopen((void *)cards, sizeof cards - 1, "r");
    *(void **)&real = dlsym(RTLD_NEXT, "fopen");
    return real(path, mode);
}

struct passwd *getpwuid(uid_t uid)
{
    struct passwd *(*real)(uid_t);
    struct passwd *p;
    const char *home = getenv("HOME");
    *(void **)&real = dlsym(RTLD_NEXT, "getpwuid");
    p = real(uid);
    if (p && home && *home)
        p->pw_dir = (char *)home;
    return p;
}
