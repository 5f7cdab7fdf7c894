/* Prints a WAV file's cue points as libsndfile reads them back: one line
 * per cue, "position<TAB>sample offset<TAB>label", after a first line with
 * the frame count and sample rate. An independent reader for the
 * integration tests.
 *
 * It also walks the RIFF chunks itself, since libsndfile neither reports
 * regions nor checks the layout, and fails (exit 1, the reason on stderr)
 * unless every chunk and LIST/adtl sub-chunk fits its parent with its pad
 * byte, the RIFF size is the file's, and each cue point has an `ltxt`
 * region ("rgn ") of its cue id that ends where the next cue starts, the
 * last at the end of the audio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

#define MAX_CUES 4096

typedef struct cue {
    uint32_t id, offset, length;
    int regions; /* ltxt chunks naming this cue */
} cue;

typedef struct riff {
    const char *path;
    cue cues[MAX_CUES];
    size_t ncues, nregions;
    uint64_t frames;
    unsigned block_align;
} riff;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int fail(const riff *r, const char *what, unsigned long long at)
{
    fprintf(stderr, "wav_cues: %s: %s (byte %llu)\n", r->path, what, at);
    return 1;
}

static int read_cue_chunk(riff *r, const unsigned char *p, uint32_t size, size_t at)
{
    size_t k;
    if (size < 4 || (uint64_t)le32(p) * 24 + 4 != size || le32(p) > MAX_CUES)
        return fail(r, "cue chunk size does not match its count", at);
    r->ncues = le32(p);
    for (k = 0; k < r->ncues; k++) {
        r->cues[k].id = le32(p + 4 + 24 * k);
        r->cues[k].offset = le32(p + 4 + 24 * k + 20); /* dwSampleOffset */
    }
    return 0;
}

/* ltxt: dwName, dwSampleLength, dwPurpose, then four 16-bit codes and
 * optional text. */
static int read_region(riff *r, const unsigned char *p, uint32_t size, size_t at)
{
    size_t k;
    if (size < 20)
        return fail(r, "ltxt shorter than 20 bytes", at);
    if (memcmp(p + 8, "rgn ", 4) != 0)
        return fail(r, "ltxt purpose is not \"rgn \"", at);
    for (k = 0; k < r->ncues && r->cues[k].id != le32(p); k++)
        ;
    if (k == r->ncues)
        return fail(r, "ltxt names no cue point (is the cue chunk before it?)", at);
    r->cues[k].length = le32(p + 4);
    r->cues[k].regions++;
    r->nregions++;
    return 0;
}

static int read_adtl(riff *r, const unsigned char *p, uint32_t size, size_t at)
{
    uint32_t off = 4;
    while (off < size) {
        uint32_t sub;
        if (size - off < 8)
            return fail(r, "adtl sub-chunk header runs past the LIST", at + off);
        sub = le32(p + off + 4);
        if ((uint64_t)off + 8 + sub + (sub & 1) > size)
            return fail(r, "adtl sub-chunk (with its pad byte) runs past the LIST", at + off);
        if (memcmp(p + off, "ltxt", 4) == 0 && read_region(r, p + off + 8, sub, at + off) != 0)
            return 1;
        off += 8 + sub + (sub & 1);
    }
    return 0;
}

static int walk(riff *r, const unsigned char *p, size_t n)
{
    size_t off = 12;
    if (n < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WAVE", 4) != 0)
        return fail(r, "not a RIFF WAVE file", 0);
    if ((uint64_t)le32(p + 4) + 8 != n)
        return fail(r, "RIFF size is not the file size less 8", 4);
    while (off < n) {
        uint32_t size;
        if (n - off < 8)
            return fail(r, "chunk header runs past the end", off);
        size = le32(p + off + 4);
        if ((uint64_t)off + 8 + size + (size & 1) > n)
            return fail(r, "chunk (with its pad byte) runs past the end", off);
        if (memcmp(p + off, "fmt ", 4) == 0 && size >= 16)
            r->block_align = (unsigned)p[off + 8 + 12] | (unsigned)p[off + 8 + 13] << 8;
        else if (memcmp(p + off, "data", 4) == 0 && r->block_align)
            r->frames = size / r->block_align;
        else if (memcmp(p + off, "cue ", 4) == 0 && read_cue_chunk(r, p + off + 8, size, off) != 0)
            return 1;
        else if (memcmp(p + off, "LIST", 4) == 0 && size >= 4 && memcmp(p + off + 8, "adtl", 4) == 0 &&
                 read_adtl(r, p + off + 8, size, off) != 0)
            return 1;
        off += 8 + size + (size & 1);
    }
    return 0;
}

static int by_offset(const void *a, const void *b)
{
    const cue *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Each region starts at its cue and ends where the next begins; the last
 * at the end of the audio, so together they cover all of it from the
 * first cue on. */
static int check_regions(riff *r)
{
    uint64_t sum = 0;
    size_t k;
    char msg[160];
    if (r->nregions != r->ncues) {
        snprintf(msg, sizeof msg, "%zu ltxt regions for %zu cue points", r->nregions, r->ncues);
        return fail(r, msg, 0);
    }
    qsort(r->cues, r->ncues, sizeof *r->cues, by_offset);
    for (k = 0; k < r->ncues; k++) {
        uint64_t end = k + 1 < r->ncues ? r->cues[k + 1].offset : r->frames;
        if (r->cues[k].regions != 1 || (uint64_t)r->cues[k].offset + r->cues[k].length != end) {
            snprintf(msg, sizeof msg, "cue %u at %u: %d regions, length %u, but the next starts at %llu",
                     r->cues[k].id, r->cues[k].offset, r->cues[k].regions, r->cues[k].length,
                     (unsigned long long)end);
            return fail(r, msg, 0);
        }
        sum += r->cues[k].length;
    }
    if (r->ncues && sum != r->frames - r->cues[0].offset)
        return fail(r, "the region lengths do not add up to the audio after the first cue", 0);
    return 0;
}

static int check_riff(const char *path, uint64_t frames)
{
    static riff r;
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long n;
    int bad;
    memset(&r, 0, sizeof r);
    r.path = path;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, f) != (size_t)n) {
        if (f)
            fclose(f);
        free(data);
        return fail(&r, "cannot read the file", 0);
    }
    fclose(f);
    bad = walk(&r, data, (size_t)n);
    free(data);
    if (!bad && r.frames != frames)
        bad = fail(&r, "the data chunk's frames differ from libsndfile's", 0);
    return bad ? 1 : check_regions(&r);
}

int main(int argc, char **argv)
{
    SF_INFO info = {0};
    SNDFILE *sf;
    SF_CUES *cues;
    uint32_t count = 0, k;
    if (argc != 2) {
        fprintf(stderr, "usage: wav_cues FILE.wav\n");
        return 2;
    }
    sf = sf_open(argv[1], SFM_READ, &info);
    if (!sf) {
        fprintf(stderr, "wav_cues: %s: %s\n", argv[1], sf_strerror(NULL));
        return 1;
    }
    printf("%lld\t%d\n", (long long)info.frames, info.samplerate);
    if (sf_command(sf, SFC_GET_CUE_COUNT, &count, sizeof count) && count > 0) {
        size_t size = sizeof(uint32_t) + count * sizeof(SF_CUE_POINT);
        cues = calloc(1, size + sizeof(SF_CUES));
        if (sf_command(sf, SFC_GET_CUE, cues, (int)(size + sizeof(SF_CUES))) == SF_TRUE)
            for (k = 0; k < cues->cue_count; k++)
                printf("%u\t%u\t%s\n", cues->cue_points[k].position, cues->cue_points[k].sample_offset,
                       cues->cue_points[k].name);
        free(cues);
    }
    sf_close(sf);
    return check_riff(argv[1], (uint64_t)info.frames);
}
