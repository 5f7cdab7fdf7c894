/* Fuzz target for the batch manifest parser (JSON lines) and the output
 * names made from it.
 *
 * Besides not crashing or leaking: a refused manifest says why; for an
 * accepted one, every job has an input and a key, and every output name
 * stays inside the output folder: relative, no empty, `.` or `..`
 * component, no control character, a stem before the batch's extension,
 * and no two jobs share a name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *name, const char *ext)
{
    const char *p = name, *last = strrchr(name, '/');
    size_t n = strlen(name), m = strlen(ext);
    if (n <= m || strcmp(name + n - m, ext) != 0 || name[0] == '/' || (last && strlen(last + 1) <= m))
        abort(); /* a bare ".mp3" would be a hidden file with no stem */
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p), i;
        if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
            abort();
        for (i = 0; i < len; i++)
            if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
                abort();
        p += len;
        if (*p == '/' && *++p == '\0')
            abort(); /* a trailing slash */
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const exts[] = {".mp3", ".wav"};
    at_jobs j;
    at_error e;
    const char *ext = exts[size & 1];
    size_t k;
    memset(&j, 0, sizeof j);
    e.msg[0] = '\0';
    if (at__jobs_add_manifest_buffer(&j, "in/batch.jsonl", (const char *)data, size, &e) != AT_OK) {
        if (e.msg[0] == '\0')
            abort();
        at__jobs_free(&j);
        return 0;
    }
    at__jobs_name(&j, ext);
    if (j.n) {
        char **names = at__xmalloc(j.n * sizeof *names);
        for (k = 0; k < j.n; k++) {
            if (!j.v[k].input || !*j.v[k].input || !j.v[k].key || !j.v[k].name || !j.v[k].where)
                abort();
            check_name(j.v[k].name, ext);
            names[k] = j.v[k].name;
        }
        qsort(names, j.n, sizeof *names, cmp_str);
        for (k = 1; k < j.n; k++)
            if (strcmp(names[k - 1], names[k]) == 0)
                abort();
        free(names);
    }
    at__jobs_free(&j);
    return 0;
}
