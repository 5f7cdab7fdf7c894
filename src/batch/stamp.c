/* Stamps: an output is up to date when the stamp beside it records the
 * same hash of its input bytes, of the options that shape it, of the
 * content of the configuration files (voices, casting, lexicons, cues)
 * and of the articast version. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "sink.h"
#include "util.h"

static void put_opt(at_buf *b, const char *key, const char *val)
{
    at__buf_printf(b, "%s=%s\n", key, val ? val : "");
}

/* Everything that shapes an output besides the input bytes, one key per
 * line, so two runs that would write the same bytes write the same stamp. */
static void describe_options(const at_batch_plan *B, const at_job *job, at_buf *b)
{
    const at_options *p = &B->opt;
    const at_render_options *r = &B->ro;
    at__buf_printf(b, "articast=%s\n", at_version());
    put_opt(b, "voices", p->voices_dir);
    put_opt(b, "lexicon", p->lexicon_path);
    at__buf_printf(b, "config=%016llx\n", (unsigned long long)B->config);
    put_opt(b, "narrator", job->narrator ? job->narrator : p->narrator);
    put_opt(b, "intro", p->intro);
    put_opt(b, "outro", p->outro);
    put_opt(b, "locale", p->locale);
    if (p->language) /* only when given, so older stamps stay valid */
        put_opt(b, "language", p->language);
    put_opt(b, "title", job->title);
    put_opt(b, "comment", r->comment);
    at__buf_printf(b, "acronyms=%d captions=%d bitrate=%d quality=%d input=%d tables=%d code=%d max=%zu\n",
                   (int)p->acronyms, p->read_captions, p->mp3_bitrate, p->mp3_quality, (int)p->input_format,
                   p->skip_tables, (int)p->code_blocks, p->max_input);
    at__buf_printf(b, "format=%s loudness=%d/%.3f/%.3f chime=%d vbr=%d rate=%d\n", B->ext, r->loudness_off,
                   r->loudness, r->true_peak, r->chime, r->vbr_quality, r->sample_rate);
    at__buf_printf(b, "speed=%.4f wpm=%d\n", r->rate == 0 ? 1.0 : r->rate, r->rate_wpm);
    at__buf_printf(b, "pauses=%d,%d,%d,%d,%d\n", r->pauses.sentence, r->pauses.paragraph, r->pauses.quote,
                   r->pauses.heading, r->pauses.section);
    at__buf_printf(b, "sidecars=%d,%d,%d,%d books=%d,%d,%d\n", B->o->vtt, B->o->srt, B->o->chapters_json,
                   B->o->ffmetadata, B->o->epub, B->o->daisy, B->o->html);
}

static uint64_t hash_more(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The stamp text for `job`, or NULL when its input (or cover) cannot be
 * read: then the render reports why. */
char *at__stamp_text(const at_batch_plan *B, const at_job *job, const char *cover)
{
    at_buf d = {0}, out = {0};
    char *data;
    size_t len;
    uint64_t h;
    size_t max = B->opt.max_input ? B->opt.max_input : 50u * 1024 * 1024;
    describe_options(B, job, &d);
    h = at_batch_hash(d.p, d.n);
    if (at__read_file(job->input, max, &data, &len, NULL) != AT_OK) {
        at__buf_free(&d);
        return NULL;
    }
    h = hash_more(h, data, len);
    free(data);
    if (cover) {
        if (at__read_file(cover, 64u * 1024 * 1024, &data, &len, NULL) != AT_OK) {
            at__buf_free(&d);
            return NULL;
        }
        h = hash_more(h, data, len);
        free(data);
    }
    at__buf_printf(&out, "articast %s\ninput %s\nhash %016llx\n", at_version(), job->key, (unsigned long long)h);
    at__buf_free(&d);
    return at__buf_detach(&out);
}

/* A stamp is read only when it is a regular file, never through a
 * symlink and never waiting on a FIFO planted in its place. */
int at__file_equals(const char *path, const char *text)
{
    char buf[4096];
    size_t want = strlen(text), got = 0;
    struct stat st;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != want) {
        close(fd);
        return 0;
    }
    while (got < want && (r = read(fd, buf, sizeof buf)) > 0) {
        if ((size_t)r > want - got || memcmp(buf, text + got, (size_t)r) != 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == want;
}

/* Writes `text` to `path` through a temporary file made by mkstemp and a
 * rename, so a stamp is either whole or absent, and a symlink or FIFO
 * planted at `path` is replaced, never followed. */
int at__write_atomic(const char *path, const char *text)
{
    at_sink s;
    at_error e;
    memset(&e, 0, sizeof e);
    if (at__sink_open_flags(&s, path, AT_SINK_REGULAR, &e) != AT_OK)
        return -1;
    if (at__sink_write(&s, text, strlen(text), &e) != AT_OK) {
        at__sink_abort(&s);
        return -1;
    }
    return at__sink_commit(&s, &e) == AT_OK ? 0 : -1;
}
