/* Stamps: an output is up to date when the stamp beside it records the
 * same hash of its input bytes, of the options that shape it and of the
 * articast version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
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
    put_opt(b, "narrator", job->narrator ? job->narrator : p->narrator);
    put_opt(b, "intro", p->intro);
    put_opt(b, "outro", p->outro);
    put_opt(b, "locale", p->locale);
    put_opt(b, "title", job->title);
    put_opt(b, "comment", r->comment);
    at__buf_printf(b, "acronyms=%d captions=%d bitrate=%d quality=%d input=%d tables=%d code=%d max=%zu\n",
                   (int)p->acronyms, p->read_captions, p->mp3_bitrate, p->mp3_quality, (int)p->input_format,
                   p->skip_tables, (int)p->code_blocks, p->max_input);
    at__buf_printf(b, "format=%s loudness=%d/%.3f/%.3f chime=%d vbr=%d rate=%d\n", B->ext, r->loudness_off,
                   r->loudness, r->true_peak, r->chime, r->vbr_quality, r->sample_rate);
    at__buf_printf(b, "pauses=%d,%d,%d,%d,%d\n", r->pauses.sentence, r->pauses.paragraph, r->pauses.quote,
                   r->pauses.heading, r->pauses.section);
    at__buf_printf(b, "sidecars=%d,%d,%d,%d\n", B->o->vtt, B->o->srt, B->o->chapters_json, B->o->ffmetadata);
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

int at__file_equals(const char *path, const char *text)
{
    char *data;
    size_t len;
    int same;
    if (at__read_file(path, 1 << 16, &data, &len, NULL) != AT_OK)
        return 0;
    same = len == strlen(text) && memcmp(data, text, len) == 0;
    free(data);
    return same;
}

/* Writes `text` to `path` through a temporary file and a rename, so a
 * stamp is either whole or absent. */
int at__write_atomic(const char *path, const char *text)
{
    at_buf tmp = {0};
    FILE *f;
    int ok;
    at__buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
    if (!(f = fopen(tmp.p, "w"))) {
        at__buf_free(&tmp);
        return -1;
    }
    ok = fputs(text, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    ok = ok && rename(tmp.p, path) == 0;
    if (!ok)
        remove(tmp.p);
    at__buf_free(&tmp);
    return ok ? 0 : -1;
}

