/* ID3v2.3 frame layout: the tag header, text frames, CTOC and CHAP, and the
 * chapter times the MP3 writer patches in at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "id3.h"
#include "produce.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int contains(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return 1;
    return 0;
}

/* A frame as found in a tag: id, payload and payload size. */
typedef struct frame {
    char id[5];
    const unsigned char *data;
    size_t size;
} frame;

/* Reads the frame at *pos of a frame area of `len` bytes. */
static int next_frame(const unsigned char *area, size_t len, size_t *pos, frame *f)
{
    if (*pos + 10 > len || area[*pos] == 0)
        return 0;
    memcpy(f->id, area + *pos, 4);
    f->id[4] = '\0';
    f->size = be32(area + *pos + 4);
    assert_true(*pos + 10 + f->size <= len);
    assert_int_equal(area[*pos + 8], 0); /* no flags */
    assert_int_equal(area[*pos + 9], 0);
    f->data = area + *pos + 10;
    *pos += 10 + f->size;
    return 1;
}

static const char *const titles[] = {"Opening", "Zweite Stra\xC3\x9F" "e", "\xE2\x80\x9CQuoted\xE2\x80\x9D part"};

static void build_tag(at_buf *b, size_t *offs)
{
    at_id3_text texts[] = {{"TIT2", "The Headline"}, {"TPE1", "Jane Doe"}, {"TALB", ""}};
    at_id3 tag;
    at_error e;
    memset(&tag, 0, sizeof tag);
    tag.texts = texts;
    tag.ntexts = 3;
    tag.toc_title = "The Headline";
    tag.chapter_titles = titles;
    tag.nchapters = 3;
    assert_int_equal(at__id3_build(&tag, b, offs, &e), AT_OK);
}

static void header_and_size(void **state)
{
    at_buf b = {0};
    size_t offs[3];
    const unsigned char *p;
    (void)state;
    build_tag(&b, offs);
    p = (const unsigned char *)b.p;
    assert_memory_equal(p, "ID3\x03\x00\x00", 6);
    /* syncsafe: no byte has its top bit set, and the size covers the rest */
    assert_int_equal(p[6] & 0x80, 0);
    assert_int_equal(p[9] & 0x80, 0);
    assert_int_equal(at__id3_tag_size(p), b.n);
    at__buf_free(&b);
}

static void frame_order_and_text(void **state)
{
    at_buf b = {0};
    size_t offs[3], pos = 0, n = 0;
    frame f;
    const char *want[] = {"TIT2", "TPE1", "CTOC", "CHAP", "CHAP", "CHAP"};
    (void)state;
    build_tag(&b, offs);
    while (next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f)) {
        assert_true(n < 6);
        assert_string_equal(f.id, want[n]);
        if (n == 0) {
            /* ISO-8859-1 with a terminator */
            assert_int_equal(f.data[0], 0);
            assert_memory_equal(f.data + 1, "The Headline\0", 13);
        }
        n++;
    }
    assert_int_equal(n, 6); /* the empty TALB is left out */
    at__buf_free(&b);
}

static void ctoc_layout(void **state)
{
    at_buf b = {0};
    size_t offs[3], pos = 0;
    frame f;
    const unsigned char *d;
    (void)state;
    build_tag(&b, offs);
    next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f);
    next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f);
    next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f);
    assert_string_equal(f.id, "CTOC");
    d = f.data;
    assert_memory_equal(d, "toc\0", 4);
    assert_int_equal(d[4], 0x03); /* top-level and ordered */
    assert_int_equal(d[5], 3);
    assert_memory_equal(d + 6, "chp0\0chp1\0chp2\0", 15);
    assert_memory_equal(d + 21, "TIT2", 4); /* the table's own title */
    at__buf_free(&b);
}

static void chap_layout(void **state)
{
    at_buf b = {0};
    size_t offs[3], pos = 0, k = 0;
    frame f;
    (void)state;
    build_tag(&b, offs);
    while (next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f)) {
        const unsigned char *d = f.data, *sub;
        char id[8];
        if (strcmp(f.id, "CHAP") != 0)
            continue;
        snprintf(id, sizeof id, "chp%zu", k);
        assert_memory_equal(d, id, strlen(id) + 1);
        d += strlen(id) + 1;
        /* the writer patches the times at the offsets the builder reports */
        assert_int_equal((size_t)(d - (const unsigned char *)b.p), offs[k]);
        assert_int_equal(be32(d), 0);
        assert_int_equal(be32(d + 4), 0);
        assert_int_equal(be32(d + 8), 0xFFFFFFFFu);
        assert_int_equal(be32(d + 12), 0xFFFFFFFFu);
        sub = d + 16;
        assert_memory_equal(sub, "TIT2", 4);
        if (k == 1) {
            /* "Zweite Straße" fits ISO-8859-1: ß is one byte 0xDF */
            assert_int_equal(sub[10], 0);
            assert_memory_equal(sub + 11, "Zweite Stra\xDF" "e\0", 14);
        }
        if (k == 2) {
            /* curly quotes need UTF-16 with a BOM, little-endian here */
            assert_int_equal(sub[10], 1);
            assert_memory_equal(sub + 11, "\xFF\xFE\x1C\x20Q\0", 6);
        }
        k++;
    }
    assert_int_equal(k, 3);
    at__buf_free(&b);
}

/* Over 255 chapters: a top-level table of sub-tables of 255 each. */
static void many_chapters(void **state)
{
    static const char *many[600];
    static size_t offs[600];
    size_t k, pos = 0, tocs = 0, chaps = 0;
    at_id3 tag;
    at_buf b = {0};
    at_error e;
    frame f;
    (void)state;
    for (k = 0; k < 600; k++)
        many[k] = "x";
    memset(&tag, 0, sizeof tag);
    tag.chapter_titles = many;
    tag.nchapters = 600;
    assert_int_equal(at__id3_build(&tag, &b, offs, &e), AT_OK);
    while (next_frame((const unsigned char *)b.p + 10, b.n - 10, &pos, &f)) {
        if (strcmp(f.id, "CTOC") == 0) {
            if (tocs == 0) {
                assert_memory_equal(f.data, "toc\0\x03\x03toc0\0toc1\0toc2\0", 21);
            } else {
                char id[8];
                snprintf(id, sizeof id, "toc%zu", tocs - 1);
                assert_memory_equal(f.data, id, strlen(id) + 1);
                assert_int_equal(f.data[strlen(id) + 1], 0x02); /* ordered, not top-level */
                assert_int_equal(f.data[strlen(id) + 2], tocs < 3 ? 255 : 90);
            }
            tocs++;
        }
        chaps += strcmp(f.id, "CHAP") == 0;
    }
    assert_int_equal(tocs, 4);
    assert_int_equal(chaps, 600);
    at__buf_free(&b);
}

/* The reader gives the chapters back in table order, through the
 * sub-tables, with their titles and times. */
static void read_back_chapters(void **state)
{
    static const char *many[600];
    static size_t offs[600];
    static const at_id3_text texts[] = {{"TIT2", "Caf\xc3\xa9"}};
    size_t k;
    at_id3 tag;
    at_id3_info info;
    at_buf b = {0};
    at_error e;
    (void)state;
    for (k = 0; k < 600; k++)
        many[k] = k % 2 ? "\xe6\x9d\xb1 odd" : "";
    memset(&tag, 0, sizeof tag);
    tag.texts = texts;
    tag.ntexts = 1;
    tag.toc_title = "Contents";
    tag.chapter_titles = many;
    tag.nchapters = 600;
    assert_int_equal(at__id3_build(&tag, &b, offs, &e), AT_OK);
    for (k = 0; k < 600; k++) {
        at__id3_put_u32((unsigned char *)b.p + offs[k], (uint32_t)k * 10);
        at__id3_put_u32((unsigned char *)b.p + offs[k] + 4, (uint32_t)k * 10 + 10);
    }
    assert_int_equal(at__id3_read_buffer((const unsigned char *)b.p, b.n, "tag", &info, &e), AT_OK);
    assert_string_equal(info.title, "Caf\xc3\xa9");
    assert_string_equal(info.toc_title, "Contents");
    assert_int_equal(info.nchapters, 600);
    for (k = 0; k < 600; k++) {
        char id[16];
        snprintf(id, sizeof id, "chp%zu", k);
        assert_string_equal(info.chapters[k].id, id);
        assert_string_equal(info.chapters[k].title, k % 2 ? "\xe6\x9d\xb1 odd" : id);
        assert_int_equal(info.chapters[k].start_ms, k * 10);
        assert_int_equal(info.chapters[k].end_ms, k * 10 + 10);
    }
    at__id3_info_free(&info);
    assert_int_equal(at__id3_read_buffer((const unsigned char *)b.p, 9, "tag", &info, &e), AT_EINPUT);
    assert_int_equal(at__id3_read_buffer((const unsigned char *)b.p, b.n - 1, "tag", &info, &e), AT_EINPUT);
    at__buf_free(&b);
}

static at_status silence(at_writer *w, size_t n, at_error *e)
{
    static const int16_t zeros[1000];
    while (n) {
        size_t k = n < 1000 ? n : 1000;
        at_status st = at__writer_pcm(w, zeros, k, e);
        if (st != AT_OK)
            return st;
        n -= k;
    }
    return AT_OK;
}

/* The writer patches exact start and end ms into each CHAP and writes
 * LAME's Info frame right after the tag. */
static void writer_patches_times(void **state)
{
    char path[] = "/tmp/at_test_id3_XXXXXX";
    char file[64];
    const char *names[] = {"One", "Two"};
    at_writer *w = NULL;
    at_error e;
    at_tags tags = {"Title", NULL, NULL, NULL};
    int16_t tone[2205];
    unsigned char *data;
    size_t size, tag, pos = 0, k = 0, i;
    frame f;
    FILE *fp;
    (void)state;
    assert_non_null(mkdtemp(path));
    snprintf(file, sizeof file, "%s/out.mp3", path);
    for (i = 0; i < 2205; i++)
        tone[i] = (int16_t)((i % 50) * 400 - 10000);
    assert_int_equal(at__writer_open(&w, AT_FORMAT_MP3, file, 22050, &tags, names, 2, NULL, &e), AT_OK);
    at__writer_chapter(w, 0);
    assert_int_equal(at__writer_pcm(w, tone, 2205, &e), AT_OK);    /* 100 ms */
    assert_int_equal(silence(w, 11025, &e), AT_OK);                /* 500 ms */
    at__writer_chapter(w, 1);                                      /* at 600 ms */
    assert_int_equal(silence(w, 22050, &e), AT_OK);                /* 1 s */
    assert_int_equal(at__writer_finish(w, &e), AT_OK);
    at__writer_free(w);

    fp = fopen(file, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size = (size_t)ftell(fp);
    rewind(fp);
    data = malloc(size);
    assert_int_equal(fread(data, 1, size, fp), size);
    fclose(fp);
    tag = at__id3_tag_size(data);
    assert_true(tag > 10 && tag < size);
    /* the first MPEG frame after the tag carries the Info tag */
    assert_int_equal(data[tag], 0xFF);
    assert_true(contains(data + tag, 200, "Info"));
    while (next_frame(data + 10, tag - 10, &pos, &f)) {
        const unsigned char *d;
        if (strcmp(f.id, "CHAP") != 0)
            continue;
        d = f.data + 5;
        if (k == 0) {
            assert_int_equal(be32(d), 0);
            assert_int_equal(be32(d + 4), 600);
        } else {
            assert_int_equal(be32(d), 600);
            /* the last chapter runs to the end of the framed stream */
            assert_true(be32(d + 4) >= 1600 && be32(d + 4) < 1600 + 80);
        }
        k++;
    }
    assert_int_equal(k, 2);
    free(data);
    unlink(file);
    rmdir(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_and_size), cmocka_unit_test(frame_order_and_text),
        cmocka_unit_test(ctoc_layout),     cmocka_unit_test(chap_layout),
        cmocka_unit_test(many_chapters), cmocka_unit_test(read_back_chapters),
        cmocka_unit_test(writer_patches_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
