/* The batch manifest: JSON lines, one article each:
 *   {"input": "a.html", "output": "name", "narrator": "x", "title": "...", "cover": "c.jpg"}
 * "voice" is a synonym of "narrator". Relative paths are relative to the
 * manifest's folder, so a manifest can travel with its articles. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "batch.h"
#include "util.h"

static char *resolve(const char *dir, const char *path)
{
    at_buf b = {0};
    if (path[0] == '/' || !dir)
        at__buf_puts(&b, path);
    else
        at__buf_printf(&b, "%s/%s", dir, path);
    return at__buf_detach(&b);
}

/* A string member, or NULL when absent; -1 when present but not a string. */
static int get_string(json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return -1;
    *out = json_string_value(v);
    return 0;
}

static at_status parse_line(at_jobs *j, const char *manifest, const char *dir, size_t lineno, const char *line,
                            at_error *e)
{
    static const char *const known[] = {"input", "output", "narrator", "voice", "title", "cover"};
    json_error_t jerr;
    json_t *obj = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
    const char *input, *output, *narrator, *voice, *title, *cover, *key;
    json_t *val;
    at_job *job;
    at_buf where = {0};
    if (!obj)
        return at__err(e, AT_EINPUT, "%s:%zu: not valid JSON (%s at column %d); each line is one object such as "
                       "{\"input\": \"a.html\", \"output\": \"a\"}", manifest, lineno, jerr.text, jerr.column);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return at__err(e, AT_EINPUT, "%s:%zu: expected a JSON object", manifest, lineno);
    }
    json_object_foreach(obj, key, val) {
        size_t k;
        for (k = 0; k < sizeof known / sizeof *known; k++)
            if (strcmp(key, known[k]) == 0)
                break;
        if (k == sizeof known / sizeof *known) {
            /* the message first: `key` belongs to `obj` */
            at__err(e, AT_EINPUT, "%s:%zu: unknown key \"%s\"; expected input, output, narrator (or voice), "
                    "title or cover", manifest, lineno, key);
            json_decref(obj);
            return AT_EINPUT;
        }
    }
    if (get_string(obj, "input", &input) || !input || get_string(obj, "output", &output) ||
        get_string(obj, "narrator", &narrator) || get_string(obj, "voice", &voice) ||
        get_string(obj, "title", &title) || get_string(obj, "cover", &cover)) {
        json_decref(obj);
        return at__err(e, AT_EINPUT, "%s:%zu: \"input\" is required, and every field must be a non-empty string",
                       manifest, lineno);
    }
    job = AT_PUSH(j->v, j->n, j->cap);
    memset(job, 0, sizeof *job);
    job->input = resolve(dir, input);
    job->key = at__xstrdup(input);
    job->name = output ? at__xstrdup(output) : NULL;
    job->narrator = narrator ? at__xstrdup(narrator) : voice ? at__xstrdup(voice) : NULL;
    job->title = title ? at__xstrdup(title) : NULL;
    job->cover = cover ? resolve(dir, cover) : NULL;
    at__buf_printf(&where, "%s:%zu", manifest, lineno);
    job->where = *AT_PUSH(j->strs, j->nstrs, j->capstrs) = at__buf_detach(&where);
    json_decref(obj);
    return AT_OK;
}

/* The lines of a manifest open as `f`: blank lines are skipped, every
 * other line is one article. */
static at_status add_stream(at_jobs *j, const char *manifest, FILE *f, at_error *e)
{
    const char *slash = strrchr(manifest, '/');
    char *dir = slash ? at__xstrndup(manifest, (size_t)(slash - manifest) + (slash == manifest)) : NULL;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    at_status st = AT_OK;
    while (st == AT_OK && (len = getline(&line, &cap, f)) >= 0) {
        size_t i = 0;
        lineno++;
        while (i < (size_t)len && at__is_space((unsigned char)line[i]))
            i++;
        if (i == (size_t)len) /* blank lines separate nothing; allowed */
            continue;
        st = parse_line(j, manifest, dir, lineno, line, e);
    }
    if (st == AT_OK && ferror(f))
        st = at__err(e, AT_EINPUT_IO, "%s: read error: %s", manifest, strerror(errno));
    free(line);
    free(dir);
    return st;
}

at_status at__jobs_add_manifest(at_jobs *j, const char *manifest, at_error *e)
{
    FILE *f = fopen(manifest, "r");
    at_status st;
    if (!f)
        return at__err(e, AT_EINPUT_IO, "%s: cannot open the manifest: %s", manifest, strerror(errno));
    st = add_stream(j, manifest, f, e);
    fclose(f);
    return st;
}

at_status at__jobs_add_manifest_buffer(at_jobs *j, const char *manifest, const char *text, size_t len,
                                       at_error *e)
{
    FILE *f;
    at_status st;
    if (len == 0)
        return AT_OK;
    if (!(f = fmemopen((void *)(uintptr_t)text, len, "r")))
        return at__err(e, AT_EINPUT_IO, "%s: cannot read the manifest: %s", manifest, strerror(errno));
    st = add_stream(j, manifest, f, e);
    fclose(f);
    return st;
}
