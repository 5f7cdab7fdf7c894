/* The batch job list: inputs from files and folders, and the output names
 * made from them, safe and unique. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "util.h"

static const char *const article_exts[] = {".txt", ".md", ".markdown", ".html", ".htm"};

void at__jobs_free(at_jobs *j)
{
    size_t k;
    if (!j)
        return;
    for (k = 0; k < j->n; k++) {
        free(j->v[k].input);
        free(j->v[k].key);
        free(j->v[k].name);
        free(j->v[k].narrator);
        free(j->v[k].title);
        free(j->v[k].cover);
    }
    for (k = 0; k < j->nstrs; k++)
        free(j->strs[k]);
    free(j->v);
    free(j->strs);
    memset(j, 0, sizeof *j);
}

static int has_article_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    size_t k;
    if (!dot)
        return 0;
    for (k = 0; k < sizeof article_exts / sizeof *article_exts; k++)
        if (at__strcasecmp(dot, article_exts[k]) == 0)
            return 1;
    return 0;
}

static void add_job(at_jobs *j, const char *input, const char *key)
{
    at_job *job = AT_PUSH(j->v, j->n, j->cap);
    memset(job, 0, sizeof *job);
    job->input = at__xstrdup(input);
    job->key = at__xstrdup(key);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's articles in name order, so the job list (and with it the
 * `-2` suffixes) is the same on every machine. Symlinked folders are not
 * followed, which keeps a loop from walking forever. */
static at_status walk(at_jobs *j, const char *dir, const char *rel, at_error *e)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, k;
    at_status st = AT_OK;
    if (!d)
        return at__err(e, AT_EINPUT_IO, "%s: cannot open the folder: %s", dir, strerror(errno));
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            *AT_PUSH(names, n, cap) = at__xstrdup(de->d_name);
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (k = 0; k < n; k++) {
        at_buf path = {0}, sub = {0};
        struct stat lst, sst;
        at__buf_printf(&path, "%s/%s", dir, names[k]);
        at__buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[k]);
        if (st == AT_OK && lstat(path.p, &lst) == 0) {
            if (S_ISDIR(lst.st_mode))
                st = walk(j, path.p, sub.p, e);
            else if (has_article_ext(names[k]) && stat(path.p, &sst) == 0 && S_ISREG(sst.st_mode))
                add_job(j, path.p, sub.p);
        }
        at__buf_free(&path);
        at__buf_free(&sub);
        free(names[k]);
    }
    free(names);
    return st;
}

at_status at__jobs_add_paths(at_jobs *j, const char *const *paths, size_t n, at_error *e)
{
    size_t k;
    at_status st;
    for (k = 0; k < n; k++) {
        struct stat sb;
        if (stat(paths[k], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            size_t len = strlen(paths[k]);
            char *root = at__xstrdup(paths[k]);
            while (len > 1 && root[len - 1] == '/')
                root[--len] = '\0';
            st = walk(j, root, "", e);
            free(root);
            if (st != AT_OK)
                return st;
        } else {
            /* A file named on the command line is taken whatever its
             * extension, and one that does not exist fails as an article,
             * so the rest of the batch still runs. */
            const char *base = strrchr(paths[k], '/');
            add_job(j, paths[k], base && base[1] ? base + 1 : paths[k]);
        }
    }
    return AT_OK;
}

/* Bytes that could confuse a shell, a file system or a terminal become
 * `_`; `/` separates components. */
static int unsafe_byte(unsigned char c)
{
    return c < 0x20 || c == 0x7f || c == '\\' || c == ':';
}

char *at__safe_relpath(const char *path)
{
    at_buf out = {0};
    const char *p = path;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p), i;
        if (len > 0 && !(len == 1 && p[0] == '.') && !(len == 2 && p[0] == '.' && p[1] == '.')) {
            if (out.n)
                at__buf_putc(&out, '/');
            for (i = 0; i < len; i++)
                at__buf_putc(&out, unsafe_byte((unsigned char)p[i]) ? '_' : p[i]);
        }
        p += len;
        if (*p == '/')
            p++;
    }
    if (!out.n)
        at__buf_puts(&out, "article");
    return at__buf_detach(&out);
}

/* The name before uniqueness: the manifest's output (its extension kept
 * when it is the batch's, added otherwise) or the key with its article
 * extension replaced. */
static char *base_name(const at_job *job, const char *ext)
{
    char *safe = at__safe_relpath(job->name ? job->name : job->key);
    char *slash = strrchr(safe, '/'), *dot = strrchr(slash ? slash : safe, '.');
    at_buf b = {0};
    /* a leading dot starts a hidden file's name, not an extension: ".mp3"
     * left bare would name the output ".mp3", hidden and without a stem */
    if (dot == (slash ? slash + 1 : safe))
        dot = NULL;
    if (dot && (!job->name || at__strcasecmp(dot, ext) == 0))
        *dot = '\0';
    at__buf_puts(&b, safe);
    free(safe);
    return at__buf_detach(&b);
}

/* An open-addressing set of names, so thousands of articles need no
 * quadratic search. */
typedef struct name_set {
    char **slot;
    size_t cap;
} name_set;

static int set_add(name_set *s, const char *name)
{
    size_t i = (size_t)(at_batch_hash(name, strlen(name)) & (s->cap - 1));
    while (s->slot[i]) {
        if (strcmp(s->slot[i], name) == 0)
            return 0;
        i = (i + 1) & (s->cap - 1);
    }
    s->slot[i] = at__xstrdup(name);
    return 1;
}

void at__jobs_name(at_jobs *j, const char *ext)
{
    name_set set;
    size_t k;
    set.cap = 16;
    while (set.cap < 4 * (j->n + 1))
        set.cap *= 2;
    set.slot = at__xcalloc(set.cap, sizeof *set.slot);
    for (k = 0; k < j->n; k++) {
        char *stem = base_name(&j->v[k], ext);
        at_buf b = {0};
        unsigned n = 1;
        at__buf_printf(&b, "%s%s", stem, ext);
        /* Input order decides who keeps the plain name: the first comer. */
        while (!set_add(&set, b.p)) {
            at__buf_free(&b);
            at__buf_printf(&b, "%s-%u%s", stem, ++n, ext);
        }
        free(stem);
        free(j->v[k].name);
        j->v[k].name = at__buf_detach(&b);
    }
    for (k = 0; k < set.cap; k++)
        free(set.slot[k]);
    free(set.slot);
}

uint64_t at_batch_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037ull;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}
