/* A service worker process: like a batch worker, one context (so one
 * speech engine) for its life and a job at a time; each job brings its
 * own options, set on the context for that render and put back after.
 * The outputs go to editions/ID/files/ through the render's own atomic
 * commit; editions/ID/outputs.json, written last and atomically, says
 * the job's outputs are complete, so a server killed between that and
 * its database update finds the job done on restart, not rendered
 * twice. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "ctx.h"
#include "serve.h"
#include "server.h"
#include "util.h"

static at_ctx *volatile current;
static volatile sig_atomic_t stopping;
static char current_id[40]; /* the job in hand, for its warnings */

/* The reader's and normalizer's warnings, as the service's log lines. */
static void on_warning(void *data, const char *msg)
{
    json_t *m = json_string(msg);
    (void)data;
    at__log("warning", "article", json_pack("{s:s, s:o}", "id", current_id, "message", m ? m : json_string("?")));
}

static void on_term(int sig)
{
    (void)sig;
    stopping = 1;
    if (current)
        at_ctx_interrupt(current);
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int flag(json_t *o, const char *key, int dflt)
{
    json_t *v = json_object_get(o, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

static int has(json_t *arr, const char *name)
{
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
            return 1;
    return 0;
}

/* Lists the files under `dir` (one folder level down, for the books and
 * the read-along page) into `arr`. */
static void list_files(const char *dir, const char *rel, json_t *arr, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, k;
    if (!d)
        return;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            *AT_PUSH(names, n, cap) = at__xstrdup(de->d_name);
    closedir(d);
    for (k = 0; k < n; k++) {
        at_buf p = {0}, r = {0};
        struct stat sb;
        at__buf_printf(&p, "%s/%s", dir, names[k]);
        at__buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[k]);
        if (lstat(p.p, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && depth == 0)
                list_files(p.p, r.p, arr, 1);
            else if (S_ISREG(sb.st_mode))
                json_array_append_new(arr, json_pack("{s:s, s:I}", "name", r.p, "size", (json_int_t)sb.st_size));
        }
        at__buf_free(&p);
        at__buf_free(&r);
        free(names[k]);
    }
    free(names);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "name")),
                  json_string_value(json_object_get(*(json_t *const *)b, "name")));
}

static void sort_files(json_t *arr)
{
    size_t n = json_array_size(arr), k;
    json_t **v;
    if (n < 2)
        return;
    v = at__xmalloc(n * sizeof *v);
    for (k = 0; k < n; k++)
        v[k] = json_incref(json_array_get(arr, k));
    qsort(v, n, sizeof *v, cmp_name);
    json_array_clear(arr);
    for (k = 0; k < n; k++)
        json_array_append_new(arr, v[k]);
    free(v);
}

/* The context as the server made it, to put back after each job. */
typedef struct base {
    at_options opt;
    char *narration;
} base;

/* Sets the job's options on the context and in `ro`; the output paths
 * are made in `paths`. Returns AT_OK or a usage error, as the CLI would. */
static at_status configure(at_ctx *c, const base *b, json_t *req, const char *files, at_render_options *ro,
                           at_job_paths *paths, at_buf *out, const char **also, at_error *e)
{
    json_t *o = json_object_get(req, "options"), *meta = json_object_get(req, "meta"), *v;
    json_t *fmts = json_object_get(o, "formats"), *side = json_object_get(o, "sidecars");
    const char *narrator = str(o, "narrator"), *lang = str(meta, "language"), *fmt = str(req, "format");
    const char *first = json_string_value(json_array_get(fmts, 0));
    static const char *const meta_keys[4] = {"title", "author", "date", "publication"};
    size_t k;
    at_render_options_init(ro);
    c->opt.input_format = at_input_format_from_name(fmt ? fmt : "text");
    c->opt.read_captions = flag(o, "captions", b->opt.read_captions);
    c->opt.skip_tables = !flag(o, "tables", !b->opt.skip_tables);
    if (str(o, "code_blocks"))
        c->opt.code_blocks = strcmp(str(o, "code_blocks"), "announce") == 0 ? AT_CODE_ANNOUNCE : AT_CODE_SKIP;
    if (str(o, "acronyms")) {
        const char *a = str(o, "acronyms");
        c->opt.acronyms = strcmp(a, "spell") == 0    ? AT_ACRONYMS_SPELL
                          : strcmp(a, "expand") == 0 ? AT_ACRONYMS_EXPAND
                          : strcmp(a, "word") == 0   ? AT_ACRONYMS_WORD
                                                     : AT_ACRONYMS_DEFAULT;
    }
    if ((v = json_object_get(o, "bitrate")) != NULL)
        c->opt.mp3_bitrate = (int)json_integer_value(v);
    if ((v = json_object_get(o, "quality")) != NULL)
        c->opt.mp3_quality = json_integer_value(v) ? (int)json_integer_value(v) : AT_ZERO;
    if ((v = json_object_get(o, "vbr")) != NULL)
        ro->vbr_quality = json_integer_value(v) ? (int)json_integer_value(v) : AT_ZERO;
    if ((v = json_object_get(o, "intro")) != NULL)
        c->opt.intro = json_is_string(v) ? json_string_value(v) : json_is_true(v) ? AT_DEFAULT_INTRO : NULL;
    if ((v = json_object_get(o, "outro")) != NULL)
        c->opt.outro = json_is_string(v) ? json_string_value(v) : json_is_true(v) ? AT_DEFAULT_OUTRO : NULL;
    if ((v = json_object_get(o, "sample_rate")) != NULL)
        ro->sample_rate = (int)json_integer_value(v);
    if ((v = json_object_get(o, "loudness")) != NULL) {
        if (json_is_false(v))
            ro->loudness_off = 1;
        else
            ro->loudness = json_number_value(v);
    }
    if ((v = json_object_get(o, "true_peak")) != NULL)
        ro->true_peak = json_number_value(v) == 0 ? AT_ZERO : json_number_value(v);
    if ((v = json_object_get(o, "rate")) != NULL)
        ro->rate = json_number_value(v);
    if ((v = json_object_get(o, "wpm")) != NULL)
        ro->rate_wpm = (int)json_integer_value(v);
    ro->chime = flag(o, "chime", 0);
    ro->comment = str(o, "comment");
    for (k = 0; k < 4; k++)
        c->meta_override[k] = str(meta, meta_keys[k]);
    if (narrator) {
        if (!at__voiceset_find(&c->voices, narrator))
            return at__err(e, AT_EUSAGE, "--narrator %s: no such voice profile in %s (see `articast voices`)",
                           narrator, c->voices_dir);
        free(c->casting.narration);
        c->casting.narration = at__xstrdup(narrator);
    }
    if (lang) {
        char p[9], engine[64];
        at__lang_primary(lang, p);
        if (!p[0])
            return at__err(e, AT_EUSAGE, "--language %s: not a language tag (such as en, es or pt-BR)", lang);
        if (at__engine_language_voice(lang, engine, sizeof engine) == 0)
            return at__err(e, AT_EUSAGE,
                           "--language %s: eSpeak NG does not speak this language (`articast voices` lists those "
                           "it does)",
                           lang);
        free(c->language);
        c->language = at__xstrdup(lang);
    }
    /* the paths, named as a batch names them, for an article "edition" */
    at__buf_printf(out, "%s/edition.%s", files, first);
    at__buf_printf(&paths->vtt, "%s/edition.vtt", files);
    at__buf_printf(&paths->srt, "%s/edition.srt", files);
    at__buf_printf(&paths->chapters, "%s/edition.chapters.json", files);
    at__buf_printf(&paths->ffmeta, "%s/edition.ffmetadata", files);
    at__buf_printf(&paths->epub, "%s/edition.epub", files);
    at__buf_printf(&paths->daisy, "%s/edition-daisy", files);
    at__buf_printf(&paths->html, "%s/edition-html", files);
    ro->vtt = has(side, "vtt") ? paths->vtt.p : NULL;
    ro->srt = has(side, "srt") ? paths->srt.p : NULL;
    ro->chapters_json = has(side, "chapters") ? paths->chapters.p : NULL;
    ro->ffmetadata = has(side, "ffmetadata") ? paths->ffmeta.p : NULL;
    ro->epub = flag(o, "epub", 0) ? paths->epub.p : NULL;
    ro->daisy = flag(o, "daisy", 0) ? paths->daisy.p : NULL;
    ro->html = flag(o, "html", 0) ? paths->html.p : NULL;
    if (json_array_size(fmts) > 1) {
        at__buf_printf(&paths->out, "%s/edition.%s", files, json_string_value(json_array_get(fmts, 1)));
        also[0] = paths->out.p;
        ro->also = also;
        ro->nalso = 1;
    }
    ro->format = at_format_from_name(first);
    return AT_OK;
}

static void restore(at_ctx *c, const base *b)
{
    size_t k;
    c->opt = b->opt;
    free(c->casting.narration);
    c->casting.narration = at__xstrdup(b->narration);
    free(c->language);
    c->language = b->opt.language ? at__xstrdup(b->opt.language) : NULL;
    for (k = 0; k < 4; k++)
        c->meta_override[k] = NULL;
}

static int make_dir(const char *path, at_error *e)
{
    if (at__serve_mkdir(path, 0755) != 0)
        return at__err(e, AT_EOUTPUT, "%s: cannot use as a folder: %s", path, strerror(errno)), -1;
    return 0;
}

static void do_task(const at_serve_paths *P, at_ctx **ctx, base *b, const at_serve_task *t, at_serve_reply *r,
                    volatile double *progress)
{
    at_buf job = {0}, article = {0}, reqp = {0}, ed = {0}, files = {0}, out = {0}, done = {0}, cover = {0};
    at_job_paths paths;
    at_render_options ro;
    at_error e;
    json_error_t je;
    json_t *req = NULL;
    const char *also[1];
    at_status st = AT_OK;
    double t0 = at__serve_mono();
    memset(&e, 0, sizeof e);
    memset(&paths, 0, sizeof paths);
    at__buf_printf(&job, "%s/jobs/%s", P->data, t->id);
    at__buf_printf(&article, "%s/article", job.p);
    at__buf_printf(&reqp, "%s/request.json", job.p);
    at__buf_printf(&ed, "%s/editions/%s", P->data, t->id);
    at__buf_printf(&files, "%s/files", ed.p);
    at__buf_printf(&done, "%s/outputs.json", ed.p);
    if (!(req = json_load_file(reqp.p, JSON_REJECT_DUPLICATES, &je)))
        st = at__err(&e, AT_EINPUT_IO, "%s: cannot read the request: %s", reqp.p, je.text);
    else if (make_dir(ed.p, &e) != 0 || make_dir(files.p, &e) != 0)
        st = e.status;
    else if (!*ctx) {
        at_options o = *P->opt;
        o.warn = on_warning;
        if (!(*ctx = at_ctx_new(&o, &e)))
            st = e.status;
        else {
            (*ctx)->regular_outputs = 1;
            b->opt = (*ctx)->opt;
            b->narration = at__xstrdup((*ctx)->casting.narration);
        }
    }
    if (st == AT_OK) {
        st = configure(*ctx, b, req, files.p, &ro, &paths, &out, also, &e);
        if (st == AT_OK) {
            struct stat sb;
            at__buf_printf(&cover, "%s/cover", job.p);
            if (lstat(cover.p, &sb) == 0 && S_ISREG(sb.st_mode))
                ro.cover = cover.p;
            (*ctx)->progress = progress;
            current = *ctx;
            st = stopping ? at__err(&e, AT_EINTR, "interrupted") : at_ctx_render_with(*ctx, article.p, out.p, &ro);
            current = NULL;
            (*ctx)->progress = NULL;
            if (st != AT_OK)
                e = *at_ctx_last_error(*ctx);
        }
        restore(*ctx, b);
    }
    if (st == AT_OK) {
        json_t *list = json_array(), *doc;
        char *text;
        list_files(files.p, "", list, 0);
        sort_files(list);
        doc = json_pack("{s:s, s:o, s:f, s:s}", "id", t->id, "files", list, "audio_seconds", (*ctx)->last_seconds,
                        "title", (*ctx)->last_title);
        text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
        if (!text || at__write_atomic(done.p, text) != 0)
            st = at__err(&e, AT_EOUTPUT, "%s: cannot write: %s", done.p, strerror(errno));
        free(text);
        json_decref(doc);
        r->audio_seconds = (*ctx)->last_seconds;
        snprintf(r->title, sizeof r->title, "%s", (*ctx)->last_title);
    }
    r->status = (int32_t)st;
    r->render_seconds = at__serve_mono() - t0;
    if (st != AT_OK) {
        /* the messages name the job's own files as the client knows them */
        const char *m = e.msg[0] ? e.msg : at_strerror(st);
        size_t n = strlen(job.p);
        at_buf msg = {0};
        while (*m) {
            const char *hit = strstr(m, job.p);
            if (!hit) {
                at__buf_puts(&msg, m);
                break;
            }
            at__buf_put(&msg, m, (size_t)(hit - m));
            m = hit + n;
            if (*m == '/')
                m++;
        }
        snprintf(r->msg, sizeof r->msg, "%s", msg.p ? msg.p : "");
        at__buf_free(&msg);
    }
    json_decref(req);
    at__job_paths_free(&paths);
    at__buf_free(&job);
    at__buf_free(&article);
    at__buf_free(&reqp);
    at__buf_free(&ed);
    at__buf_free(&files);
    at__buf_free(&out);
    at__buf_free(&done);
    at__buf_free(&cover);
}

void at__serve_worker_main(const at_serve_paths *P, int fd, volatile double *progress)
{
    at_ctx *ctx = NULL;
    base b;
    struct sigaction sa;
    pid_t parent = getppid();
    memset(&b, 0, sizeof b);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    /* Ctrl-C in a terminal reaches the whole process group: the server
     * drains, and only it tells a worker to stop (SIGTERM) */
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    /* a server killed outright takes its workers with it: they hold
     * nothing a restart needs, and the jobs go back to the queue */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
    }
    while (!stopping) {
        at_serve_task t;
        at_serve_reply r;
        ssize_t n = recv(fd, &t, sizeof t, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != (ssize_t)sizeof t)
            break;
        t.id[sizeof t.id - 1] = '\0';
        memset(&r, 0, sizeof r);
        memcpy(r.id, t.id, sizeof r.id);
        *progress = 0;
        memcpy(current_id, t.id, sizeof current_id);
        do_task(P, &ctx, &b, &t, &r, progress);
        if (send(fd, &r, sizeof r, MSG_NOSIGNAL) != (ssize_t)sizeof r)
            break;
    }
    at_ctx_free(ctx);
    free(b.narration);
    _exit(0);
}
