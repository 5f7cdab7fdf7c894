/* The HTTP side of articast serve, on libmicrohttpd: routing, bearer
 * auth, the request limits, the JSON answers, and the output files with
 * ETag and Range. No request path reaches the filesystem directly: a
 * job id must have the shape of one, and a file name must be one the job
 * listed in its outputs.json; files are opened under the job's folder
 * without following links. */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <microhttpd.h>
#include <uuid/uuid.h>

#include "server.h"
#include "batch.h"
#include "util.h"

#include "serve_index.h" /* at_serve_index_html, built from index.html */

/* libmicrohttpd's memory per connection past --max-header: a header block
 * over the limit by up to this much is still read, and refused with the
 * service's own JSON 431 (header_over). 512 connections at the default
 * 16 KiB hold at most 40 MiB. */
#define HEADER_SLACK (64 * 1024)

#define SEEN_BODY_MAX(S) ((S)->max_input + (S)->max_input / 2 + 65536)

/* One request's state between the handler's calls. */
typedef struct req {
    at_buf body;
    size_t seen; /* body bytes received, kept or not */
    int keep;    /* the body is kept: an authorized POST of an edition */
    int too_big;
    int status; /* what was answered, for the log */
    struct timespec t0;
    double started; /* monotonic, for the request time limit */
    char method[12];
    char path[200];
} req;

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

void at__log_lock(int take)
{
    if (take)
        pthread_mutex_lock(&log_mu);
    else
        pthread_mutex_unlock(&log_mu);
}

void at__log(const char *level, const char *event, json_t *o)
{
    char stamp[40];
    struct timespec t;
    struct tm tm;
    char *line;
    clock_gettime(CLOCK_REALTIME, &t);
    gmtime_r(&t.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(stamp + strlen(stamp), sizeof stamp - strlen(stamp), ".%03ldZ", t.tv_nsec / 1000000L);
    if (!o)
        o = json_object();
    json_object_set_new(o, "time", json_string(stamp));
    json_object_set_new(o, "level", json_string(level));
    json_object_set_new(o, "event", json_string(event));
    line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(o);
    if (!line)
        return;
    pthread_mutex_lock(&log_mu);
    fprintf(stderr, "%s\n", line);
    fflush(stderr);
    pthread_mutex_unlock(&log_mu);
    free(line);
}

/* Copies `s` into `out` for the JSON log, each byte of a sequence that
 * is not UTF-8 (a cut one included) and each control character made
 * '?': jansson refuses a string that is not UTF-8, and the whole log
 * line lost its fields with it, so a request whose path held \xff was
 * logged with no path, method or status. */
static void log_text(char *out, size_t outlen, const char *s)
{
    size_t i = 0, n;
    if (out != s)
        snprintf(out, outlen, "%s", s);
    n = strlen(out);
    while (i < n) {
        size_t at = i;
        int32_t cp = at__utf8_next(out, n, &i);
        if (cp < 0x20 || cp == 0x7f)
            memset(out + at, '?', i - at);
    }
}

/* ---- Answers ----------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *c, req *r, int code, const char *type, const char *p,
                                size_t n, const char *const *headers)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(n, (void *)p, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ok;
    size_t k;
    int cache = 0;
    if (!resp)
        return MHD_NO;
    if (type)
        MHD_add_response_header(resp, "Content-Type", type);
    for (k = 0; headers && headers[k]; k += 2)
        cache |= strcasecmp(headers[k], "Cache-Control") == 0;
    if (!cache) /* answers are not kept, unless the caller says otherwise */
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    for (k = 0; headers && headers[k]; k += 2)
        MHD_add_response_header(resp, headers[k], headers[k + 1]);
    ok = MHD_queue_response(c, (unsigned)code, resp);
    MHD_destroy_response(resp);
    if (r)
        r->status = code;
    return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *c, req *r, int code, json_t *o, const char *const *headers)
{
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    enum MHD_Result ok;
    json_decref(o);
    if (!text)
    {
        static const char oom[] = "{\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"out of memory\"}}";
        return send_buf(c, r, 500, "application/json", oom, sizeof oom - 1, NULL);
    }
    ok = send_buf(c, r, code, "application/json", text, strlen(text), headers);
    free(text);
    return ok;
}

static const char *code_name(int code)
{
    switch (code) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "content_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 416: return "range_not_satisfiable";
    case 422: return "unprocessable";
    case 429: return "too_many_requests";
    case 431: return "header_fields_too_large";
    case 503: return "unavailable";
    default: return code >= 500 ? "internal" : "error";
    }
}

static enum MHD_Result send_error(struct MHD_Connection *c, req *r, int code, const char *msg,
                                  const char *const *headers)
{
    json_t *o = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", code, "code", code_name(code), "message", msg);
    if (!o) /* a message that is not UTF-8 */
        o = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", code, "code", code_name(code), "message",
                      "the request could not be read");
    return send_json(c, r, code, o, headers);
}

/* ---- Helpers ----------------------------------------------------------- */

/* A job id: a lower-case UUID. */
static int id_ok(const char *s, size_t n)
{
    size_t k;
    if (n != 36)
        return 0;
    for (k = 0; k < 36; k++) {
        if (k == 8 || k == 13 || k == 18 || k == 23) {
            if (s[k] != '-')
                return 0;
        } else if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
            return 0;
    }
    return 1;
}

const char *at__content_type(const char *name)
{
    static const char *const map[][2] = {
        {".mp3", "audio/mpeg"},          {".wav", "audio/wav"},
        {".vtt", "text/vtt; charset=utf-8"}, {".srt", "application/x-subrip"},
        {".json", "application/json"},   {".ffmetadata", "text/plain; charset=utf-8"},
        {".epub", "application/epub+zip"}, {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".smil", "application/smil+xml"},
        {".xml", "application/xml"},     {".ncx", "application/x-dtbncx+xml"},
        {".opf", "application/oebps-package+xml"}, {".png", "image/png"},
        {".jpg", "image/jpeg"},          {".jpeg", "image/jpeg"},
        {".m3u8", "application/vnd.apple.mpegurl"}, {".txt", "text/plain; charset=utf-8"}};
    size_t n = strlen(name), k;
    for (k = 0; k < sizeof map / sizeof *map; k++) {
        size_t e = strlen(map[k][0]);
        if (n > e && strcasecmp(name + n - e, map[k][0]) == 0)
            return map[k][1];
    }
    return "application/octet-stream";
}

int at__rmtree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        if (!d)
            return -1;
        while ((de = readdir(d)) != NULL) {
            at_buf p = {0};
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            at__buf_printf(&p, "%s/%s", path, de->d_name);
            at__rmtree(p.p);
            at__buf_free(&p);
        }
        closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

static int authorized(at_server *S, struct MHD_Connection *c, const char *method)
{
    const char *h;
    const char *given = NULL;
    size_t n, k;
    unsigned char diff = 0;
    if (!S->token)
        return 1;
    h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && strncasecmp(h, "Bearer ", 7) == 0)
        given = h + 7;
    /* the listening page's player and links send no header: a cookie
     * the page set works for reading (GET, HEAD), never for changes */
    if (!given && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
        given = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "articast_token");
    if (!given)
        return 0;
    while (*given == ' ')
        given++;
    n = strlen(given);
    /* compared in time that does not depend on where they differ */
    for (k = 0; k < S->tokenlen; k++)
        diff |= (unsigned char)(S->token[k] ^ (k < n ? given[k] : 0));
    return diff == 0 && n == S->tokenlen;
}

static void sha256_hex(const char *a, size_t an, const char *b, size_t bn, char out[65])
{
    unsigned char d[32];
    gnutls_hash_hd_t h;
    memset(d, 0, sizeof d);
    if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) == 0) {
        gnutls_hash(h, a, an);
        gnutls_hash(h, "\n", 1);
        gnutls_hash(h, b, bn);
        gnutls_hash_deinit(h, d);
    }
    at__hex32(d, out);
}

static int write_all_sync(const char *path, const char *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    size_t off = 0;
    if (fd < 0)
        return -1;
    while (off < n) {
        ssize_t w = write(fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

static int fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;
    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

/* The request's artwork, decoded: 0 with none, 1 with `*out`, or -1
 * with the reason in `err`. */
static int decode_cover(const at_serve_req *q, gnutls_datum_t *out, char *err, size_t errlen)
{
    json_t *c = json_object_get(q->meta, "cover");
    gnutls_datum_t in;
    if (!json_is_string(c))
        return 0;
    in.data = (unsigned char *)json_string_value(c);
    in.size = (unsigned)json_string_length(c);
    if (gnutls_base64_decode2(&in, out) != 0)
        return snprintf(err, errlen, "cover: not base64"), -1;
    if (out->size > AT_SERVE_COVER_MAX ||
        !((out->size > 3 && memcmp(out->data, "\xff\xd8\xff", 3) == 0) ||
          (out->size > 8 && memcmp(out->data, "\x89PNG\r\n\x1a\n", 8) == 0))) {
        gnutls_free(out->data);
        out->data = NULL;
        return snprintf(err, errlen, "cover: expected a JPEG or PNG image of up to %d bytes", AT_SERVE_COVER_MAX), -1;
    }
    return 1;
}

/* Writes the job's request into jobs/ID/ on disk, synced, before the job
 * exists in the store: a job the store holds always has its request. */
static int save_job(at_server *S, const char *id, const at_serve_req *q, const gnutls_datum_t *cover)
{
    at_buf tmp = {0}, p = {0}, dst = {0}, jobs = {0};
    json_t *o = at__serve_req_json(q);
    char *text;
    int rc = -1;
    if (o) /* the artwork is a file of its own */
        json_object_del(json_object_get(o, "meta"), "cover");
    text = o ? json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    at__buf_printf(&jobs, "%s/jobs", S->data);
    at__buf_printf(&tmp, "%s/.new.XXXXXX", jobs.p);
    if (text && mkdtemp(tmp.p)) {
        at__buf_printf(&p, "%s/article", tmp.p);
        if (write_all_sync(p.p, q->article, q->len) == 0) {
            int ok = 1;
            if (cover && cover->data) {
                p.n = 0;
                at__buf_printf(&p, "%s/cover", tmp.p);
                ok = write_all_sync(p.p, (const char *)cover->data, cover->size) == 0;
            }
            p.n = 0;
            at__buf_printf(&p, "%s/request.json", tmp.p);
            at__buf_printf(&dst, "%s/%s", jobs.p, id);
            if (ok && write_all_sync(p.p, text, strlen(text)) == 0 && fsync_dir(tmp.p) == 0 &&
                rename(tmp.p, dst.p) == 0 && fsync_dir(jobs.p) == 0)
                rc = 0;
        }
        if (rc != 0)
            at__rmtree(tmp.p);
    }
    free(text);
    at__buf_free(&tmp);
    at__buf_free(&p);
    at__buf_free(&dst);
    at__buf_free(&jobs);
    return rc;
}

static json_t *job_links(const at_server *S, const char *id)
{
    at_buf a = {0};
    json_t *o;
    at__buf_printf(&a, "/v1/editions/%s", id);
    o = json_pack("{s:s, s:s}", "id", id, "status_url", a.p);
    at__buf_free(&a);
    (void)S;
    return o;
}

/* ---- Routes ------------------------------------------------------------ */

static enum MHD_Result accepted(at_server *S, struct MHD_Connection *c, req *r, const char *found);

/* 429, with Retry-After: half the time the workers take to clear `queued`
 * jobs at the mean render time so far (1 s before any), so that clients
 * come back while the queue still has work. A fixed second per job had
 * clients wait 11 s for a queue of 20 that 2 workers cleared in 3; the
 * whole time to clear it left the workers idle 19 s in bench/serve_load.py
 * --queue 20 (ratio 0.74), half of it 4 s (0.92). */
static enum MHD_Result queue_full(at_server *S, struct MHD_Connection *c, req *r, int queued)
{
    char after[16];
    const char *h[] = {"Retry-After", after, NULL};
    double per_job = 1, wait;
    pthread_mutex_lock(&S->mu);
    S->rejected_full++;
    if (S->jobs_done + S->jobs_failed > 0)
        per_job = S->render_seconds / (double)(S->jobs_done + S->jobs_failed);
    pthread_mutex_unlock(&S->mu);
    wait = (double)queued * per_job / (S->nworkers > 0 ? S->nworkers : 1) / 2;
    snprintf(after, sizeof after, "%d", wait < 1 ? 1 : wait > 60 ? 60 : (int)(wait + 0.999));
    return send_error(c, r, 429, "the queue is full; try again after Retry-After seconds", h);
}

static enum MHD_Result post_edition(at_server *S, struct MHD_Connection *c, req *r)
{
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *idem = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
    char err[512], hash[65], id[40], found[40];
    at_serve_req q;
    int code, existing, conflict, queued;
    uuid_t u;
    if (r->too_big) {
        snprintf(err, sizeof err, "the body is over the limit for an article of %zu bytes (--max-input)",
                 S->max_input);
        return send_error(c, r, 413, err, NULL);
    }
    if (idem) {
        size_t k, n = strlen(idem);
        int ok = n > 0 && n <= 255;
        for (k = 0; ok && k < n; k++)
            ok = idem[k] > 32 && idem[k] < 127;
        if (!ok)
            return send_error(c, r, 400, "Idempotency-Key: expected 1 to 255 visible ASCII characters", NULL);
    }
    if ((code = at__serve_parse(ctype, r->body.p ? r->body.p : "", r->body.n, S->max_input, &q, err, sizeof err)) != 0)
        return send_error(c, r, code, err, NULL);
    sha256_hex(ctype, strlen(ctype), r->body.p ? r->body.p : "", r->body.n, hash);
    if (idem) {
        char seen[65];
        int f = at__store_find_idem(S->store, idem, found, seen);
        if (f < 0) {
            at__serve_req_free(&q);
            return send_error(c, r, 503, "the job store cannot be read; try again", NULL);
        }
        if (f == 1) {
            at__serve_req_free(&q);
            if (strcmp(seen, hash) != 0)
                return send_error(c, r, 422, "Idempotency-Key was used before for a different request", NULL);
            return accepted(S, c, r, found);
        }
    }
    /* a full queue is refused before the job is saved; the store checks
     * the bound again as it adds the job (at__store_add) */
    queued = at__store_count(S->store, AT_JOB_QUEUED);
    if (queued >= S->queue_max) {
        at__serve_req_free(&q);
        return queue_full(S, c, r, queued);
    }
    {
        gnutls_datum_t cover = {NULL, 0};
        int saved;
        if (decode_cover(&q, &cover, err, sizeof err) < 0) {
            at__serve_req_free(&q);
            return send_error(c, r, 422, err, NULL);
        }
        uuid_generate_random(u);
        uuid_unparse_lower(u, id);
        saved = save_job(S, id, &q, &cover);
        gnutls_free(cover.data);
        if (saved != 0) {
            at__serve_req_free(&q);
            at__log("error", "save", json_pack("{s:s, s:s}", "id", id, "message", strerror(errno)));
            return send_error(c, r, 503, "the job could not be saved; try again", NULL);
        }
    }
    {
        json_t *t = json_object_get(q.meta, "title");
        int added = at__store_add(S->store, id, idem, hash, json_is_string(t) ? json_string_value(t) : NULL,
                                  S->queue_max, found, &existing, &conflict);
        if (added != 0) {
            at_buf p = {0};
            at__buf_printf(&p, "%s/jobs/%s", S->data, id);
            at__rmtree(p.p);
            at__buf_free(&p);
            at__serve_req_free(&q);
            if (added == 1)
                return queue_full(S, c, r, S->queue_max);
            return send_error(c, r, 503, "the job could not be saved; try again", NULL);
        }
    }
    at__serve_req_free(&q);
    if (existing) {
        at_buf p = {0};
        at__buf_printf(&p, "%s/jobs/%s", S->data, id);
        at__rmtree(p.p);
        at__buf_free(&p);
        if (conflict)
            return send_error(c, r, 422, "Idempotency-Key was used before for a different request", NULL);
    } else {
        at__log("info", "accepted", json_pack("{s:s, s:s?}", "id", found, "idempotency_key", idem));
        at__server_wake(S);
    }
    return accepted(S, c, r, found);
}

/* The 202 for job `found`, new or found again by its Idempotency-Key. */
static enum MHD_Result accepted(at_server *S, struct MHD_Connection *c, req *r, const char *found)
{
    json_t *o = job_links(S, found);
    json_object_set_new(o, "status", json_string("queued"));
    {
        at_job_row row;
        if (at__store_get(S->store, found, &row) == 1) {
            json_object_set_new(o, "status", json_string(at__job_state_names[row.state]));
            at__job_row_free(&row);
        }
    }
    {
        char loc[80];
        const char *h[] = {"Location", loc, NULL};
        snprintf(loc, sizeof loc, "/v1/editions/%s", found);
        return send_json(c, r, 202, o, h);
    }
}

/* The outputs a finished job listed, or NULL. */
static json_t *outputs_of(at_server *S, const char *id)
{
    at_buf p = {0};
    json_t *o;
    at__buf_printf(&p, "%s/editions/%s/outputs.json", S->data, id);
    o = json_load_file(p.p, 0, NULL);
    at__buf_free(&p);
    if (o && !json_is_array(json_object_get(o, "files"))) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static double progress_of(at_server *S, const char *id)
{
    int k;
    double p = 0;
    pthread_mutex_lock(&S->mu);
    for (k = 0; k < S->nworkers; k++)
        if (strcmp(S->w[k].job, id) == 0)
            p = S->progress[k];
    pthread_mutex_unlock(&S->mu);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

static enum MHD_Result get_edition(at_server *S, struct MHD_Connection *c, req *r, const char *id)
{
    at_job_row row;
    json_t *o;
    int found = at__store_get(S->store, id, &row);
    if (found < 0)
        return send_error(c, r, 503, "the job store cannot be read", NULL);
    if (found == 0)
        return send_error(c, r, 404, "no such edition", NULL);
    o = job_links(S, id);
    json_object_set_new(o, "status", json_string(at__job_state_names[row.state]));
    json_object_set_new(o, "created", json_real(row.created));
    if (row.title)
        json_object_set_new(o, "title", json_string(row.title));
    json_object_set_new(o, "attempts", json_integer(row.attempts));
    if (row.state == AT_JOB_QUEUED) {
        json_object_set_new(o, "progress", json_real(0));
        json_object_set_new(o, "queue_position", json_integer(at__store_position(S->store, id)));
    } else if (row.state == AT_JOB_RUNNING) {
        json_object_set_new(o, "progress", json_real(progress_of(S, id)));
        json_object_set_new(o, "started", json_real(row.started));
    } else {
        json_object_set_new(o, "progress", json_real(row.state == AT_JOB_DONE ? 1.0 : 0.0));
        json_object_set_new(o, "started", json_real(row.started));
        json_object_set_new(o, "finished", json_real(row.finished));
    }
    if (row.state == AT_JOB_DONE) {
        json_t *out = outputs_of(S, id), *files = json_array(), *f;
        size_t k;
        json_array_foreach(out ? json_object_get(out, "files") : NULL, k, f) {
            const char *name = json_string_value(json_object_get(f, "name"));
            at_buf u = {0};
            if (!name)
                continue;
            at__buf_printf(&u, "/v1/editions/%s/files/%s", id, name);
            json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:O}", "name", name, "url", u.p,
                                                   "content_type", at__content_type(name), "size",
                                                   json_object_get(f, "size")));
            at__buf_free(&u);
        }
        json_object_set_new(o, "files", files);
        json_object_set_new(o, "audio_seconds", json_real(row.audio_seconds));
        json_object_set_new(o, "render_seconds", json_real(row.render_seconds));
        json_decref(out);
    }
    if (row.state == AT_JOB_FAILED)
        json_object_set_new(o, "error", json_pack("{s:s, s:i, s:s}", "code", row.error_code ? row.error_code : "EENGINE",
                                                  "exit_code", row.error_exit, "message",
                                                  row.error_message ? row.error_message : ""));
    at__job_row_free(&row);
    return send_json(c, r, 200, o, NULL);
}

static enum MHD_Result delete_edition(at_server *S, struct MHD_Connection *c, req *r, const char *id)
{
    at_job_row row;
    int found = at__store_get(S->store, id, &row), n;
    at_buf p = {0};
    if (found < 0)
        return send_error(c, r, 503, "the job store cannot be read", NULL);
    if (found == 0)
        return send_error(c, r, 404, "no such edition", NULL);
    if (row.state == AT_JOB_RUNNING) {
        at__job_row_free(&row);
        return send_error(c, r, 409, "the edition is being rendered; delete it when it is done", NULL);
    }
    at__job_row_free(&row);
    n = at__store_delete(S->store, id);
    if (n == 0)
        return send_error(c, r, 409, "the edition is being rendered; delete it when it is done", NULL);
    if (n < 0)
        return send_error(c, r, 503, "the job store cannot be changed", NULL);
    at__buf_printf(&p, "%s/editions/%s", S->data, id);
    at__rmtree(p.p);
    p.n = 0;
    at__buf_printf(&p, "%s/jobs/%s", S->data, id);
    at__rmtree(p.p);
    at__buf_free(&p);
    pthread_mutex_lock(&S->mu);
    S->feed_dirty = 1;
    pthread_mutex_unlock(&S->mu);
    at__log("info", "deleted", json_pack("{s:s}", "id", id));
    return send_buf(c, r, 204, NULL, "", 0, NULL);
}

/* Parses a single "bytes=A-B", "bytes=A-" or "bytes=-N" against `size`:
 * 1 a range, 0 no usable header (send it all), -1 unsatisfiable. */
static int parse_range(const char *h, uint64_t size, uint64_t *from, uint64_t *to)
{
    const char *p;
    char *end;
    unsigned long long a, b;
    if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
        return 0; /* several ranges: the whole file is a valid answer */
    p = h + 6;
    while (*p == ' ')
        p++;
    if (*p == '-') {
        if (!isdigit((unsigned char)p[1]))
            return 0;
        errno = 0;
        b = strtoull(p + 1, &end, 10);
        if (errno || *end)
            return 0;
        if (b == 0 || size == 0)
            return -1;
        *from = b >= size ? 0 : size - b;
        *to = size - 1;
        return 1;
    }
    if (!isdigit((unsigned char)*p))
        return 0;
    errno = 0;
    a = strtoull(p, &end, 10);
    if (errno || *end != '-')
        return 0;
    p = end + 1;
    if (*p == '\0')
        b = size ? size - 1 : 0;
    else {
        if (!isdigit((unsigned char)*p))
            return 0;
        b = strtoull(p, &end, 10);
        if (errno || *end || b < a)
            return 0;
        if (b >= size)
            b = size - 1;
    }
    if (a >= size)
        return -1;
    *from = a;
    *to = b;
    return 1;
}

/* An output's name as a request gives it: a file, or a folder and a
 * file in it; no part empty, "." or "..". The job's list is checked too,
 * but a name that could climb out of the job's folder is refused on its
 * own, whatever outputs.json holds. */
static int output_name_ok(const char *name)
{
    int parts = 0;
    while (*name) {
        size_t n = strcspn(name, "/");
        if (n == 0 || (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.') || ++parts > 2)
            return 0;
        name += n;
        if (*name == '/' && !*++name)
            return 0;
    }
    return parts > 0;
}

static enum MHD_Result get_file(at_server *S, struct MHD_Connection *c, req *r, const char *id, const char *name)
{
    json_t *out = outputs_of(S, id), *f;
    size_t k;
    int listed = 0, dfd = -1, fd = -1, sub;
    struct stat sb;
    char etag[96], range_hdr[96], len_hdr[32];
    const char *slash, *inm, *range, *ifr;
    uint64_t from = 0, to = 0, size;
    at_buf dir = {0};
    struct MHD_Response *resp;
    enum MHD_Result ok;
    if (!output_name_ok(name)) {
        json_decref(out);
        return send_error(c, r, 404, "no such file in this edition", NULL);
    }
    json_array_foreach(out ? json_object_get(out, "files") : NULL, k, f)
        if (json_is_string(json_object_get(f, "name")) && strcmp(json_string_value(json_object_get(f, "name")), name) == 0)
            listed = 1;
    json_decref(out);
    if (!listed)
        return send_error(c, r, 404, "no such file in this edition", NULL);
    at__buf_printf(&dir, "%s/editions/%s/files", S->data, id);
    dfd = open(dir.p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    at__buf_free(&dir);
    slash = strchr(name, '/');
    if (dfd >= 0 && slash) {
        char folder[256];
        snprintf(folder, sizeof folder, "%.*s", (int)(slash - name), name);
        sub = openat(dfd, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(dfd);
        dfd = sub;
        name = slash + 1;
    }
    if (dfd >= 0) {
        fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        close(dfd);
    }
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(c, r, 404, "no such file in this edition", NULL);
    }
    size = (uint64_t)sb.st_size;
    snprintf(etag, sizeof etag, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"", (uint64_t)sb.st_ino, size,
             (uint64_t)sb.st_mtim.tv_sec * 1000000000u + (uint64_t)sb.st_mtim.tv_nsec);
    inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && (strstr(inm, etag) || strcmp(inm, "*") == 0)) {
        /* the 200's caching, not no-store: a cache updates the copy it
         * keeps with a 304's headers, and no-store would drop it */
        const char *h[] = {"ETag", etag, "Cache-Control", "no-cache", NULL};
        close(fd);
        return send_buf(c, r, 304, NULL, "", 0, h);
    }
    range = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Range");
    ifr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Range");
    if (ifr && strcmp(ifr, etag) != 0)
        range = NULL; /* the file changed: send all of it */
    switch (parse_range(range, size, &from, &to)) {
    case -1: {
        const char *h[] = {"Content-Range", range_hdr, "Accept-Ranges", "bytes", NULL};
        snprintf(range_hdr, sizeof range_hdr, "bytes */%" PRIu64, size);
        close(fd);
        return send_error(c, r, 416, "the range is outside the file", h);
    }
    case 1:
        resp = MHD_create_response_from_fd_at_offset64(to - from + 1, fd, from);
        if (!resp) {
            close(fd);
            return MHD_NO;
        }
        snprintf(range_hdr, sizeof range_hdr, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, from, to, size);
        MHD_add_response_header(resp, "Content-Range", range_hdr);
        r->status = 206;
        break;
    default:
        resp = MHD_create_response_from_fd_at_offset64(size, fd, 0);
        if (!resp) {
            close(fd);
            return MHD_NO;
        }
        r->status = 200;
    }
    (void)len_hdr;
    MHD_add_response_header(resp, "Content-Type", at__content_type(name));
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Accept-Ranges", "bytes");
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void xml_escaped(at_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            at__buf_puts(b, "&amp;");
        else if (*s == '<')
            at__buf_puts(b, "&lt;");
        else if (*s == '>')
            at__buf_puts(b, "&gt;");
        else if (*s == '"')
            at__buf_puts(b, "&quot;");
        else
            at__buf_putc(b, *s);
    }
}

/* The feed before the first edition: a channel with no items. */
static at_status empty_feed(at_server *S, const char *out, at_error *e)
{
    at_buf b = {0};
    int rc;
    at__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
                     "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>");
    xml_escaped(&b, S->feed_title);
    at__buf_puts(&b, "</title>\n<link>");
    xml_escaped(&b, S->base_url);
    at__buf_puts(&b, "/</link>\n<description>");
    xml_escaped(&b, S->feed_title);
    at__buf_puts(&b, "</description>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
    xml_escaped(&b, S->base_url);
    at__buf_puts(&b, "/v1/feed.xml\"/>\n</channel>\n</rss>\n");
    rc = at__write_atomic(out, b.p);
    at__buf_free(&b);
    return rc == 0 ? AT_OK : at__err(e, AT_EOUTPUT, "%s: cannot write: %s", out, strerror(errno));
}

static void feed_note(void *data, const char *msg)
{
    json_t *m = json_string(msg);
    (void)data;
    at__log("warning", "feed", json_pack("{s:o}", "message", m ? m : json_string("?")));
}

static enum MHD_Result get_feed(at_server *S, struct MHD_Connection *c, req *r)
{
    at_buf dir = {0}, out = {0}, base = {0};
    at_feed_options fo;
    at_error e;
    at_status st = AT_OK;
    struct stat sb;
    int fd;
    struct MHD_Response *resp;
    enum MHD_Result ok;
    fo = S->feed;
    fo.warn = feed_note;
    memset(&e, 0, sizeof e);
    /* the data folder's layout is the URL space's under /v1/: an edition
     * at editions/ID/files/edition.mp3 is served at /v1/editions/ID/files/
     * edition.mp3, and the feed at feed.xml is /v1/feed.xml */
    at__buf_printf(&dir, "%s", S->data);
    at__buf_printf(&out, "%s/feed.xml", S->data);
    at__buf_printf(&base, "%s/v1/", S->base_url);
    fo.base_url = base.p;
    fo.title = S->feed_title;
    fo.link = S->base_url;
    pthread_mutex_lock(&S->mu);
    if (S->feed_dirty || stat(out.p, &sb) != 0) {
        /* the feed builder wants editions; with none yet, the channel alone */
        if (at__store_count(S->store, AT_JOB_DONE) == 0)
            st = empty_feed(S, out.p, &e);
        else
            st = at_feed_build(dir.p, out.p, &fo, &e);
        if (st == AT_OK)
            S->feed_dirty = 0;
    }
    fd = st == AT_OK ? open(out.p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    pthread_mutex_unlock(&S->mu);
    at__buf_free(&dir);
    at__buf_free(&out);
    at__buf_free(&base);
    if (st != AT_OK) {
        at__log("error", "feed", json_pack("{s:s}", "message", e.msg));
        /* the reason names the server's own paths: it goes to the log */
        return send_error(c, r, 500, "the feed cannot be built; the server's log says why", NULL);
    }
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0)
            close(fd);
        return send_error(c, r, 500, "the feed cannot be read", NULL);
    }
    resp = MHD_create_response_from_fd_at_offset64((uint64_t)sb.st_size, fd, 0);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/rss+xml; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    ok = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    r->status = 200;
    return ok;
}

static enum MHD_Result get_metrics(at_server *S, struct MHD_Connection *c, req *r)
{
    at_buf b = {0};
    int k, busy = 0, counts[4];
    enum MHD_Result ok;
    for (k = 0; k < 4; k++)
        counts[k] = at__store_count(S->store, (at_job_state)k);
    at__buf_puts(&b, "# HELP articast_queue_depth Jobs waiting for a worker.\n# TYPE articast_queue_depth gauge\n");
    at__buf_printf(&b, "articast_queue_depth %d\n", counts[0] < 0 ? 0 : counts[0]);
    at__buf_puts(&b, "# HELP articast_jobs Jobs in the store by state.\n# TYPE articast_jobs gauge\n");
    for (k = 0; k < 4; k++)
        at__buf_printf(&b, "articast_jobs{state=\"%s\"} %d\n", at__job_state_names[k], counts[k] < 0 ? 0 : counts[k]);
    pthread_mutex_lock(&S->mu);
    for (k = 0; k < S->nworkers; k++)
        busy += S->w[k].job[0] != '\0';
    at__buf_puts(&b, "# HELP articast_render_seconds_total Wall seconds workers spent rendering since start.\n"
                     "# TYPE articast_render_seconds_total counter\n");
    at__buf_printf(&b, "articast_render_seconds_total %.3f\n", S->render_seconds);
    at__buf_puts(&b, "# HELP articast_audio_seconds_total Seconds of audio rendered since start.\n"
                     "# TYPE articast_audio_seconds_total counter\n");
    at__buf_printf(&b, "articast_audio_seconds_total %.3f\n", S->audio_seconds);
    at__buf_puts(&b, "# HELP articast_jobs_finished_total Jobs finished since start, by outcome.\n"
                     "# TYPE articast_jobs_finished_total counter\n");
    at__buf_printf(&b, "articast_jobs_finished_total{outcome=\"done\"} %lu\n", S->jobs_done);
    at__buf_printf(&b, "articast_jobs_finished_total{outcome=\"failed\"} %lu\n", S->jobs_failed);
    at__buf_puts(&b, "# HELP articast_rejected_total Requests refused with 429 because the queue was full.\n"
                     "# TYPE articast_rejected_total counter\n");
    at__buf_printf(&b, "articast_rejected_total %lu\n", S->rejected_full);
    at__buf_puts(&b, "# HELP articast_workers Worker processes, by what they do.\n# TYPE articast_workers gauge\n");
    at__buf_printf(&b, "articast_workers{state=\"busy\"} %d\narticast_workers{state=\"idle\"} %d\n", busy,
                   S->nworkers - busy);
    at__buf_puts(&b, "# HELP articast_http_responses_total Responses sent, by status class.\n"
                     "# TYPE articast_http_responses_total counter\n");
    for (k = 1; k <= 5; k++)
        at__buf_printf(&b, "articast_http_responses_total{class=\"%dxx\"} %lu\n", k, S->http_by_class[k]);
    pthread_mutex_unlock(&S->mu);
    at__buf_puts(&b, "# HELP articast_webhooks_pending Webhook deliveries owed.\n# TYPE articast_webhooks_pending gauge\n");
    k = at__store_hook_pending(S->store);
    at__buf_printf(&b, "articast_webhooks_pending %d\n", k < 0 ? 0 : k);
    ok = send_buf(c, r, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.n, NULL);
    at__buf_free(&b);
    return ok;
}

static enum MHD_Result not_allowed(struct MHD_Connection *c, req *r, const char *allow)
{
    const char *h[] = {"Allow", allow, NULL};
    return send_error(c, r, 405, "method not allowed here", h);
}

static enum MHD_Result route(at_server *S, struct MHD_Connection *c, req *r, const char *url, const char *method)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    size_t n = strlen(url);
    if (strcmp(url, "/healthz") == 0) {
        if (!get)
            return not_allowed(c, r, "GET, HEAD");
        return send_json(c, r, S->draining ? 503 : 200,
                         json_pack("{s:s}", "status", S->draining ? "draining" : "ok"), NULL);
    }
    /* the page holds no data and asks for the token itself: a browser
     * without it must get the page, not a 401 it cannot get past */
    if (strcmp(url, "/") == 0) {
        if (!get)
            return not_allowed(c, r, "GET, HEAD");
        {
            const char *h[] = {"Content-Security-Policy",
                               "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
                               "'unsafe-inline'; img-src 'self' data:; media-src 'self'; frame-src 'self'",
                               NULL};
            return send_buf(c, r, 200, "text/html; charset=utf-8", (const char *)at_serve_index_html,
                            sizeof at_serve_index_html, h);
        }
    }
    if (!authorized(S, c, method)) {
        const char *h[] = {"WWW-Authenticate", "Bearer realm=\"articast\"", NULL};
        return send_error(c, r, 401, "a bearer token is needed (Authorization: Bearer TOKEN)", h);
    }
    if (strcmp(url, "/metrics") == 0)
        return get ? get_metrics(S, c, r) : not_allowed(c, r, "GET, HEAD");
    if (strcmp(url, "/v1/feed.xml") == 0)
        return get ? get_feed(S, c, r) : not_allowed(c, r, "GET, HEAD");
    if (strcmp(url, "/v1/editions") == 0) {
        if (strcmp(method, "POST") != 0)
            return not_allowed(c, r, "POST");
        if (S->draining) {
            const char *h[] = {"Retry-After", "30", NULL};
            return send_error(c, r, 503, "the service is shutting down; try again", h);
        }
        return post_edition(S, c, r);
    }
    if (n > 13 && strncmp(url, "/v1/editions/", 13) == 0) {
        const char *id = url + 13, *rest = id + 36;
        char idbuf[40];
        if (strlen(id) < 36 || !id_ok(id, 36) || (*rest && *rest != '/'))
            return send_error(c, r, 404, "no such edition", NULL);
        memcpy(idbuf, id, 36);
        idbuf[36] = '\0';
        if (*rest == '\0') {
            if (get)
                return get_edition(S, c, r, idbuf);
            if (strcmp(method, "DELETE") == 0)
                return delete_edition(S, c, r, idbuf);
            return not_allowed(c, r, "GET, HEAD, DELETE");
        }
        if (strncmp(rest, "/files/", 7) == 0 && rest[7]) {
            if (!get)
                return not_allowed(c, r, "GET, HEAD");
            return get_file(S, c, r, idbuf, rest + 7);
        }
    }
    return send_error(c, r, 404, "no such resource", NULL);
}

/* The connections open, for the header time limit: libmicrohttpd's
 * timeout is for a connection idle that long, and a client that sends a
 * byte of its headers now and then is never idle; 512 of them held every
 * connection the daemon takes, and no one else got an answer. A
 * connection whose request line and headers are not in --request-timeout
 * seconds after it opened (or after its previous request) is shut down
 * by at__http_sweep; the daemon then closes it. The list is the
 * daemon's own: it says a connection is closed before it closes the
 * socket, so a socket shut down here is never another connection's. */
typedef struct conn {
    struct conn *prev, *next;
    int fd;
    double since;   /* when the request now arriving began */
    int in_headers; /* 1 until the handler has the request */
} conn;

static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static conn *conns;

static void on_connection(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_ConnectionNotificationCode code)
{
    conn *x = *ctx;
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        x = at__xcalloc(1, sizeof *x);
        x->fd = ci ? (int)ci->connect_fd : -1;
        x->since = at__serve_mono();
        x->in_headers = 1;
        pthread_mutex_lock(&conns_mu);
        x->next = conns;
        if (conns)
            conns->prev = x;
        conns = x;
        pthread_mutex_unlock(&conns_mu);
        *ctx = x;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && x) {
        pthread_mutex_lock(&conns_mu);
        if (x->prev)
            x->prev->next = x->next;
        else
            conns = x->next;
        if (x->next)
            x->next->prev = x->prev;
        pthread_mutex_unlock(&conns_mu);
        free(x);
        *ctx = NULL;
    }
}

/* Marks connection `c` as between its headers (0) and waiting for them
 * (1, from now). */
static void conn_headers(struct MHD_Connection *c, int waiting)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn *x = ci ? ci->socket_context : NULL;
    if (!x)
        return;
    pthread_mutex_lock(&conns_mu);
    x->in_headers = waiting;
    x->since = at__serve_mono();
    pthread_mutex_unlock(&conns_mu);
}

void at__http_sweep(at_server *S)
{
    conn *x;
    double now = at__serve_mono();
    if (!S->request_timeout)
        return;
    pthread_mutex_lock(&conns_mu);
    for (x = conns; x; x = x->next)
        if (x->in_headers == 1 && x->fd >= 0 && now - x->since > (double)S->request_timeout) {
            shutdown(x->fd, SHUT_RDWR);
            x->in_headers = 2; /* once */
        }
    pthread_mutex_unlock(&conns_mu);
}

/* Counts the Content-Length and Transfer-Encoding headers, and whether
 * the Content-Lengths differ. */
typedef struct framing {
    int lengths, encodings, differ;
    const char *first;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    framing *f = cls;
    (void)kind;
    if (strcasecmp(key, "Transfer-Encoding") == 0)
        f->encodings++;
    else if (strcasecmp(key, "Content-Length") == 0) {
        if (f->lengths++ && strcmp(f->first, value ? value : "") != 0)
            f->differ = 1;
        else if (!f->first)
            f->first = value ? value : "";
    }
    return MHD_YES;
}

/* The bytes a request's header block took on the wire, near enough: each
 * field line with its ": " and CRLF, or each query argument with its
 * separators. */
static enum MHD_Result count_bytes(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    size_t *n = cls;
    (void)kind;
    *n += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* --max-header, checked here so that the answer is the service's JSON:
 * libmicrohttpd's own refusal, when a header block outgrows the memory it
 * has for a connection, is a fixed HTML page. That memory is --max-header
 * plus HEADER_SLACK (at__http_start), so only a block far over the limit
 * still meets the HTML page. 414 when the request line alone is over. */
static int header_over(at_server *S, struct MHD_Connection *c, const char *url, const char *method,
                       const char *version)
{
    size_t line = strlen(method) + strlen(url) + strlen(version) + 4, fields = 2;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, count_bytes, &line);
    if (line > S->max_header)
        return 414;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_bytes, &fields);
    return line + fields > S->max_header ? 431 : 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    at_server *S = cls;
    req *r = *con_cls;
    if (!r) {
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        conn_headers(c, 0);
        r = at__xcalloc(1, sizeof *r);
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        r->started = at__serve_mono();
        log_text(r->method, sizeof r->method, method);
        log_text(r->path, sizeof r->path, url);
        *con_cls = r;
        {
            int over = header_over(S, c, url, method, version);
            const char *h[] = {"Connection", "close", NULL};
            if (over)
                return send_error(c, r, over,
                                  over == 414 ? "the request line is over --max-header"
                                              : "the request line and headers are over --max-header",
                                  h);
        }
        /* a body known to be too large is refused before it is read */
        if (cl && strcmp(method, "POST") == 0) {
            char *end;
            unsigned long long n;
            errno = 0;
            n = strtoull(cl, &end, 10);
            if (!errno && *end == '\0' && n > SEEN_BODY_MAX(S))
                r->too_big = 1;
        }
        /* only an edition's body is kept, and only from a client with the
         * token: anyone else's is counted and dropped as it arrives, so
         * it costs no memory */
        r->keep = strcmp(method, "POST") == 0 && strcmp(url, "/v1/editions") == 0 && authorized(S, c, method);
        {
            /* libmicrohttpd takes the first of two Content-Lengths, and
             * Transfer-Encoding over Content-Length; a proxy in front may
             * take the other, and read the rest of the body as a request
             * of its own. A body whose length is in doubt is refused
             * (RFC 9112, 6.3) and the connection closed. */
            framing f = {0, 0, 0, NULL};
            MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
            if (f.differ || (f.lengths && f.encodings) || f.encodings > 1) {
                const char *h[] = {"Connection", "close", NULL};
                return send_error(c, r, 400, "the body's length is in doubt: Content-Length given twice with different "
                                             "values, or with Transfer-Encoding", h);
            }
        }
        if (r->too_big && r->keep)
            return post_edition(S, c, r);
        /* a client without the token is answered before its body is read
         * (the connection then closes): it cannot make the server take
         * in bytes it will throw away */
        if (strcmp(method, "POST") == 0 && strcmp(url, "/healthz") != 0 && strcmp(url, "/") != 0 &&
            !authorized(S, c, method))
            return route(S, c, r, url, method);
        return MHD_YES;
    }
    if (*upload_size) {
        if (S->request_timeout && at__serve_mono() - r->started > (double)S->request_timeout) {
            /* a body still trickling in after --request-timeout: the
             * connection is closed. libmicrohttpd takes no answer while a
             * body arrives (a 408 queued here was refused, and the
             * connection closed all the same); the log says 408 */
            r->status = 408;
            return MHD_NO;
        }
        r->seen += *upload_size;
        if (!r->keep)
            ;
        else if (!r->too_big && r->body.n + *upload_size <= SEEN_BODY_MAX(S))
            at__buf_put(&r->body, upload, *upload_size);
        else {
            r->too_big = 1;
            at__buf_free(&r->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status)
        return MHD_YES; /* answered already */
    if (r->seen && strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0 && strcmp(method, "PATCH") != 0)
        return send_error(c, r, 400, "this request takes no body", NULL);
    return route(S, c, r, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    at_server *S = cls;
    req *r = *con_cls;
    const union MHD_ConnectionInfo *ci;
    char peer[INET6_ADDRSTRLEN] = "";
    (void)toe;
    conn_headers(c, 1); /* the next request's headers are timed from here */
    if (!r)
        return;
    ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, peer, sizeof peer);
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, peer, sizeof peer);
    }
    pthread_mutex_lock(&S->mu);
    if (r->status >= 100 && r->status < 600)
        S->http_by_class[r->status / 100]++;
    pthread_mutex_unlock(&S->mu);
    at__log(r->status >= 500 ? "error" : "info", "request",
            json_pack("{s:s, s:s, s:i, s:f, s:s, s:b}", "method", r->method, "path", r->path, "status", r->status, "ms", (at__serve_mono() - r->started) * 1000.0, "remote",
                      peer, "completed", toe == MHD_REQUEST_TERMINATED_COMPLETED_OK));
    at__buf_free(&r->body);
    free(r);
    *con_cls = NULL;
}

static int loopback(const struct sockaddr *a)
{
    if (a->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
    if (a->sa_family == AF_INET6) {
        const struct in6_addr *x = &((const struct sockaddr_in6 *)a)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(x) ||
               (IN6_IS_ADDR_V4MAPPED(x) && x->s6_addr[12] == 127);
    }
    return a->sa_family == AF_UNIX;
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    at_server *S = cls;
    (void)len;
    /* without a token only this machine may connect */
    return !S->token && !loopback(addr) ? MHD_NO : MHD_YES;
}

/* A path's %XX sequences decoded, as libmicrohttpd does, except in a
 * path that holds %00: the handler sees the path as a C string, so
 * /healthz%00x was /healthz, and .../files/edition.mp3%00.txt the mp3.
 * Left encoded, such a path names nothing and is a 404. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    const char *p;
    (void)cls;
    (void)c;
    for (p = s; (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' && p[2] == '0')
            return strlen(s);
    return MHD_http_unescape(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    size_t n;
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    log_text(msg, sizeof msg, msg);
    at__log("warning", "http", json_pack("{s:s}", "message", msg));
}

int at__http_start(at_server *S, int listen_fd, int ipv6, char *err, size_t errlen)
{
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    S->d = MHD_start_daemon(flags, 0, on_accept, S, on_request, S, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, S,
                            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)listen_fd,
                            MHD_OPTION_THREAD_POOL_SIZE, 4u, MHD_OPTION_CONNECTION_LIMIT, 512u,
                            MHD_OPTION_CONNECTION_TIMEOUT, S->request_timeout,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)S->max_header + HEADER_SLACK,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, S, MHD_OPTION_UNESCAPE_CALLBACK, unescape, S,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, S,
                            MHD_OPTION_END);
    if (!S->d) {
        snprintf(err, errlen, "libmicrohttpd cannot start: %s", strerror(errno ? errno : EINVAL));
        return -1;
    }
    return 0;
}

void at__http_quiesce(at_server *S)
{
    if (S->d) {
        MHD_socket fd = MHD_quiesce_daemon(S->d);
        if (fd != MHD_INVALID_SOCKET)
            close(fd);
    }
}

void at__http_stop(at_server *S)
{
    if (S->d)
        MHD_stop_daemon(S->d);
    S->d = NULL;
}
