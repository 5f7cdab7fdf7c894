#include "program.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "daisy.h"
#include "epub.h"
#include "readalong.h"
#include "sidecar.h"
#include "sink.h"
#include "util.h"

#define BLOCK 16384

struct at_program {
    at_program_spec spec;
    char **titles;
    uint64_t *start;       /* section starts, in program samples */
    unsigned char *marked;
    uint64_t delivered;    /* sent to the encoders */
    size_t next;           /* the next section to switch to while delivering */
    at_writer *main;
    at_writer **also;      /* the same program in other files (MP3 and WAV at once) */
    at_writer **split;     /* per section; closed ones wait for the commit */
    at_playlist_entry *playlist;
    char **split_names;
    at_transcript vtt, srt;
    int has_vtt, has_srt;
    int spooling;
    at_sink spool;         /* the raw program, for a second loudness pass */
    uint64_t spooled;
    at_epub *epub;
    at_daisy *daisy;
    at_readalong *html;
    const char **also_paths; /* spec.also plus the books' own MP3, when needed */
    char *book_mp3;        /* the books' own MP3's path, when they need one */
    int own_book_mp3;      /* the last `also` writer is the books' own MP3, never placed */
    at_stage stage;        /* the finished outputs, moved into place together */
    /* The cue waiting for the next one: every sample of the program lies
     * in some cue, so a player that goes clip by clip (DAISY, EPUB media
     * overlays) plays the pauses and chimes too. A pause belongs to the
     * sentence before it; at a section's start, the chime and the pause
     * around it belong to the heading after it (from the cue's `lead`).
     * Transcripts differ only there: a VTT or SRT cue starts where its
     * words are heard, so the lead-in stays with the cue before. */
    at_cue held;
    uint64_t held_tstart; /* its start in the transcripts */
    /* silent cues (unread captions) after the held one, waiting for it:
     * the books' text keeps the article's order */
    at_cue *silent;
    size_t nsilent, cap_silent;
    char *held_text, *held_speaker; /* its strings: the pipe reuses the caller's */
    uint64_t *held_words;
    int holding;
};

static const char *ext_of(at_format f)
{
    return f == AT_FORMAT_WAV ? "wav" : "mp3";
}

#define SPLIT_NAME_MAX 48 /* bytes of the title's part */

/* "03-funding-and-the-road-ahead.mp3", "02-café.mp3", "04-δήλωση.mp3":
 * the number, then the title's letters, marks and digits in any script
 * (Unicode categories L, M and N, from utf8proc, in NFC, lowercased), words joined
 * by '-', at most 48 bytes, cut at a character. Nothing else reaches the
 * name, so it is safe on every filesystem: no separator, no dot, no
 * character Windows or macOS refuses, no control character. */
static char *split_name(size_t k, const char *title, at_format f)
{
    at_buf b = {0};
    size_t words = 0, start;
    int dash = 0;
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)title);
    const utf8proc_uint8_t *p = nfc ? nfc : (const utf8proc_uint8_t *)title;
    at__buf_printf(&b, "%02zu-", k + 1);
    start = b.n;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        utf8proc_category_t cat;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m;
        if (n <= 0) { /* not UTF-8: a separator */
            p++;
            dash = 1;
            continue;
        }
        p += n;
        cat = utf8proc_category(cp);
        /* letters, their combining marks (Devanagari's vowel signs), digits */
        if (!(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)) {
            dash = 1;
            continue;
        }
        m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (b.n - start + (size_t)m + (dash && words) > SPLIT_NAME_MAX)
            break;
        if (dash && words)
            at__buf_putc(&b, '-');
        at__buf_put(&b, (const char *)enc, (size_t)m);
        dash = 0;
        words++;
    }
    free(nfc);
    if (!words)
        at__buf_puts(&b, "section");
    at__buf_printf(&b, ".%s", ext_of(f));
    return at__buf_detach(&b);
}

static char *join_path(const char *dir, const char *name)
{
    at_buf b = {0};
    at__buf_printf(&b, "%s/%s", dir, name);
    return at__buf_detach(&b);
}

static at_status open_split(at_program *p, size_t k, at_error *e)
{
    at_tags t = p->spec.tags;
    at_enc_options enc = p->spec.enc;
    char track[32];
    char *path;
    at_status st;
    enc.scale_set = 0; /* a part calibrates on its own start in every pass: the same scale each time */
    snprintf(track, sizeof track, "%zu/%zu", k + 1, p->spec.nsections);
    t.title = p->titles[k];
    t.album = p->spec.tags.title;
    t.track = track;
    path = join_path(p->spec.split_dir, p->split_names[k]);
    st = at__writer_open(&p->split[k], p->spec.format, path, p->spec.rate, &t, NULL, 0, &enc, e);
    free(path);
    return st;
}

/* Ends split file k; it is moved into place with everything else. */
static at_status close_split(at_program *p, size_t k, at_error *e)
{
    if (k >= p->spec.nsections || !p->split[k])
        return AT_OK;
    p->playlist[k].duration_ms = at__samples_to_ms(at__writer_samples(p->split[k]), p->spec.rate);
    return at__writer_close(p->split[k], e);
}

/* Switches to section k: a chapter mark in the main file, a new split file. */
static at_status switch_section(at_program *p, size_t k, at_error *e)
{
    at_status st;
    size_t j;
    if (p->main)
        at__writer_chapter(p->main, k);
    for (j = 0; j < p->spec.nalso; j++)
        at__writer_chapter(p->also[j], k);
    if (p->spec.split_dir) {
        if (k > 0 && (st = close_split(p, k - 1, e)) != AT_OK)
            return st;
        if ((st = open_split(p, k, e)) != AT_OK)
            return st;
    }
    return AT_OK;
}

static at_status send(at_program *p, const int16_t *pcm, size_t n, at_error *e)
{
    at_status st;
    if (n == 0)
        return AT_OK;
    size_t j;
    if (p->main && (st = at__writer_pcm(p->main, pcm, n, e)) != AT_OK)
        return st;
    for (j = 0; j < p->spec.nalso; j++)
        if ((st = at__writer_pcm(p->also[j], pcm, n, e)) != AT_OK)
            return st;
    if (p->spec.split_dir && p->next > 0 && p->split[p->next - 1] &&
        (st = at__writer_pcm(p->split[p->next - 1], pcm, n, e)) != AT_OK)
        return st;
    p->delivered += n;
    return AT_OK;
}

/* Sends PCM to the encoders, switching sections where they start. */
static at_status deliver(at_program *p, const int16_t *pcm, size_t n, at_error *e)
{
    at_status st;
    while (p->next < p->spec.nsections && p->marked[p->next] && p->start[p->next] < p->delivered + n) {
        size_t head = p->start[p->next] > p->delivered ? (size_t)(p->start[p->next] - p->delivered) : 0;
        if ((st = send(p, pcm, head, e)) != AT_OK)
            return st;
        pcm += head;
        n -= head;
        if ((st = switch_section(p, p->next, e)) != AT_OK)
            return st;
        p->next++;
    }
    return send(p, pcm, n, e);
}

/* The extra whole-program files: each format from its extension. */
static at_status open_also(at_program *p, at_error *e)
{
    size_t j;
    at_status st = AT_OK;
    for (j = 0; st == AT_OK && j < p->spec.nalso; j++) {
        at_format f = at_format_from_name(p->spec.also[j]);
        at_enc_options enc = p->spec.enc;
        if (f == AT_FORMAT_AUTO)
            return at__err(e, AT_EFORMAT, "%s: unknown output format; name the file .mp3 or .wav", p->spec.also[j]);
        if (p->own_book_mp3 && j + 1 == p->spec.nalso) {
            enc.no_clobber = 0; /* never placed where the user looks */
            enc.regular_only = 1;
        }
        st = at__writer_open(&p->also[j], f, p->spec.also[j], p->spec.rate, &p->spec.tags,
                             (const char *const *)p->titles, p->spec.nsections, &enc, e);
    }
    return st;
}

/* The books carry MP3 audio: the main file itself when it is an MP3 that
 * stays on disk, else one more whole-program MP3 in a temporary file of
 * ours beside the book, added to the `also` outputs. */
static at_status open_books(at_program *p, at_error *e)
{
    const at_program_spec *spec = &p->spec;
    at_book_meta m;
    struct stat sb;
    at_status st;
    memset(&m, 0, sizeof m);
    m.title = spec->tags.title;
    m.cover = spec->tags.cover;
    m.cover_len = spec->tags.cover_len;
    m.author = spec->tags.artist;
    m.publisher = spec->tags.album;
    m.date = spec->tags.date;
    m.language = spec->language;
    m.section_titles = (const char *const *)p->titles;
    m.nsections = spec->nsections;
    m.rate = spec->rate;
    m.no_clobber = spec->enc.no_clobber;
    m.sink_flags = at__enc_sink_flags(&spec->enc);
    if (spec->daisy && (st = at__daisy_open(&p->daisy, spec->daisy, &m, e)) != AT_OK)
        return st;
    if (spec->epub && (st = at__epub_open(&p->epub, spec->epub, &m, e)) != AT_OK)
        return st;
    if (spec->html && (st = at__readalong_open(&p->html, spec->html, &m, e)) != AT_OK)
        return st;
    if (spec->out && spec->format == AT_FORMAT_MP3 && strcmp(spec->out, "-") != 0 &&
        !(stat(spec->out, &sb) == 0 && !S_ISREG(sb.st_mode))) {
        p->book_mp3 = NULL; /* the main file, read from its temporary at the finish */
    } else {
        /* one more MP3 for the books: in the DAISY staging folder, else a
         * temporary beside the EPUB that is never placed */
        size_t k;
        if (p->daisy) {
            p->book_mp3 = at__xstrdup(at__daisy_audio_path(p->daisy));
        } else if (p->html) {
            p->book_mp3 = at__xstrdup(at__readalong_audio_path(p->html));
        } else {
            at_buf b = {0};
            at__buf_printf(&b, "%s.mp3", spec->epub);
            p->book_mp3 = at__buf_detach(&b);
        }
        p->own_book_mp3 = 1;
        p->also_paths = at__xcalloc(spec->nalso + 1, sizeof *p->also_paths);
        for (k = 0; k < spec->nalso; k++)
            p->also_paths[k] = spec->also[k];
        p->also_paths[spec->nalso] = p->book_mp3;
        p->spec.also = p->also_paths;
        p->spec.nalso++;
    }
    return AT_OK;
}

static at_status open_main(at_program *p, at_error *e)
{
    return at__writer_open(&p->main, p->spec.format, p->spec.out, p->spec.rate, &p->spec.tags,
                           (const char *const *)p->titles, p->spec.nsections, &p->spec.enc, e);
}

at_status at__program_open(at_program **out, const at_program_spec *spec, at_error *e)
{
    at_program *p = at__xcalloc(1, sizeof *p);
    size_t k, n = spec->nsections;
    at_status st = AT_OK;
    p->spec = *spec;
    p->spec.enc.calibrate = spec->loudness_on; /* MP3 keeps the loudness the level stage set */
    p->spool.fd = -1;
    p->titles = at__xcalloc(n ? n : 1, sizeof *p->titles);
    p->split_names = at__xcalloc(n ? n : 1, sizeof *p->split_names);
    p->playlist = at__xcalloc(n ? n : 1, sizeof *p->playlist);
    p->split = at__xcalloc(n ? n : 1, sizeof *p->split);
    p->start = at__xcalloc(n ? n : 1, sizeof *p->start);
    p->marked = at__xcalloc(n ? n : 1, 1);
    for (k = 0; k < n; k++) {
        p->titles[k] = at__xstrdup(spec->section_titles[k] ? spec->section_titles[k] : "");
        p->split_names[k] = split_name(k, p->titles[k], spec->format);
        p->playlist[k].file = p->split_names[k];
        p->playlist[k].title = p->titles[k];
    }
    *out = p;
    if (spec->out)
        st = open_main(p, e);
    if (st == AT_OK && (spec->epub || spec->daisy || spec->html))
        st = open_books(p, e);
    p->also = at__xcalloc(p->spec.nalso ? p->spec.nalso : 1, sizeof *p->also);
    if (st == AT_OK)
        st = open_also(p, e);
    if (st == AT_OK && spec->vtt &&
        (st = at__transcript_open(&p->vtt, AT_TRANSCRIPT_VTT, spec->vtt, at__enc_sink_flags(&spec->enc), e)) == AT_OK)
        p->has_vtt = 1;
    if (st == AT_OK && spec->srt &&
        (st = at__transcript_open(&p->srt, AT_TRANSCRIPT_SRT, spec->srt, at__enc_sink_flags(&spec->enc), e)) == AT_OK)
        p->has_srt = 1;
    if (st == AT_OK && spec->loudness_on) {
        /* the spool sits beside the main output (or the books' MP3), or in
         * the split folder; for standard output or a device, in $TMPDIR */
        at_buf b = {0};
        const char *beside = spec->out ? spec->out : spec->split_dir ? NULL : spec->epub ? spec->epub
                             : spec->daisy ? spec->daisy : spec->html;
        const char *slash = beside ? strrchr(beside, '/') : NULL, *tmpdir = getenv("TMPDIR");
        struct stat sb;
        if (beside && (strcmp(beside, "-") == 0 || (stat(beside, &sb) == 0 && !S_ISREG(sb.st_mode))))
            at__buf_puts(&b, tmpdir && *tmpdir ? tmpdir : "/tmp");
        else if (beside && slash)
            at__buf_put(&b, beside, (size_t)(slash - beside));
        else
            at__buf_puts(&b, beside ? "." : spec->split_dir);
        at__buf_puts(&b, "/articast.pcm");
        if ((st = at__sink_open_flags(&p->spool, b.p, AT_SINK_REGULAR, e)) == AT_OK)
            p->spooling = 1;
        at__buf_free(&b);
    }
    return st;
}

at_status at__program_pcm(at_program *p, const int16_t *pcm, size_t n, at_error *e)
{
    return deliver(p, pcm, n, e);
}

at_status at__program_spool(at_program *p, const int16_t *pcm, size_t n, at_error *e)
{
    at_status st;
    if (!p->spooling)
        return at__err(e, AT_ESTATE, "program: no spool");
    /* native-endian samples: only this process reads them back */
    st = at__sink_write(&p->spool, pcm, n * sizeof *pcm, e);
    if (st == AT_OK)
        p->spooled += n;
    return st;
}

at_status at__program_spool_read(at_program *p, int16_t *pcm, size_t n, uint64_t off, at_error *e)
{
    return at__sink_pread(&p->spool, pcm, n * sizeof *pcm, off * sizeof *pcm, e);
}

uint64_t at__program_spooled(const at_program *p)
{
    return p->spooled;
}

void at__program_section(at_program *p, size_t k, uint64_t pos)
{
    if (k < p->spec.nsections && !p->marked[k]) {
        p->start[k] = pos;
        p->marked[k] = 1;
    }
}

/* A cue to the books: a sentence with its clip, or a silent one (its
 * text only). */
static at_status deliver_books(at_program *p, const at_cue *c, at_error *e)
{
    at_status st = AT_OK;
    if (p->epub && (st = at__epub_cue(p->epub, c, e)) != AT_OK)
        return st;
    if (p->daisy && (st = at__daisy_cue(p->daisy, c, e)) != AT_OK)
        return st;
    if (p->html)
        st = at__readalong_cue(p->html, c, e);
    return st;
}

/* Sends the held cue `c` to the books over [c->start, c->end), and to the
 * transcripts over [tstart, tend). */
static at_status deliver_cue(at_program *p, const at_cue *c, uint64_t tstart, uint64_t tend, at_error *e)
{
    at_status st = AT_OK;
    uint32_t a = at__samples_to_ms(tstart, p->spec.rate), b = at__samples_to_ms(tend, p->spec.rate);
    uint32_t *words = NULL;
    size_t k;
    if ((p->has_vtt || p->has_srt) && c->word_at) {
        words = at__xcalloc(c->nwords ? c->nwords : 1, sizeof *words);
        for (k = 0; k < c->nwords; k++)
            words[k] = at__samples_to_ms(c->word_at[k], p->spec.rate);
    }
    if (p->has_vtt)
        st = at__transcript_cue(&p->vtt, a, b, c->speaker, c->text, words, c->nwords, e);
    if (st == AT_OK && p->has_srt)
        st = at__transcript_cue(&p->srt, a, b, c->speaker, c->text, words, c->nwords, e);
    free(words);
    if (st != AT_OK)
        return st;
    return deliver_books(p, c, e);
}

static at_status flush_silent(at_program *p, at_error *e)
{
    size_t k;
    at_status st = AT_OK;
    for (k = 0; k < p->nsilent; k++) {
        if (st == AT_OK)
            st = deliver_books(p, &p->silent[k], e);
        free((char *)p->silent[k].text);
    }
    p->nsilent = 0;
    return st;
}

at_status at__program_cue(at_program *p, const at_cue *c, at_error *e)
{
    at_cue next = *c;
    at_status st = AT_OK;
    uint64_t tstart = c->start;
    if (c->silent) {
        at_cue *q;
        if (!p->holding)
            return deliver_books(p, c, e);
        q = AT_PUSH(p->silent, p->nsilent, p->cap_silent);
        *q = *c;
        q->text = at__xstrdup(c->text ? c->text : "");
        q->speaker = "";
        q->word_at = NULL;
        q->nwords = 0;
        return AT_OK;
    }
    if (!p->holding) {
        next.start = tstart = 0; /* the lead-in belongs to the first sentence */
    } else {
        uint64_t cut = c->start, tcut = c->start;
        if (c->section != p->held.section && c->lead < cut)
            cut = c->lead;
        if (cut < p->held.end)
            cut = p->held.end;
        if (cut > c->start)
            cut = c->start;
        if (tcut < p->held.end)
            tcut = p->held.end;
        p->held.end = cut;
        next.start = cut;
        st = deliver_cue(p, &p->held, p->held_tstart, tcut, e);
        if (st == AT_OK)
            st = flush_silent(p, e);
        tstart = tcut;
    }
    free(p->held_text);
    free(p->held_speaker);
    p->held_text = c->text ? at__xstrdup(c->text) : NULL;
    p->held_speaker = c->speaker ? at__xstrdup(c->speaker) : NULL;
    free(p->held_words);
    p->held_words = NULL;
    if (c->word_at) {
        p->held_words = at__xcalloc(c->nwords ? c->nwords : 1, sizeof *p->held_words);
        memcpy(p->held_words, c->word_at, c->nwords * sizeof *p->held_words);
    }
    p->held = next;
    p->held.text = p->held_text;
    p->held.speaker = p->held_speaker;
    p->held.word_at = p->held_words;
    p->held_tstart = tstart;
    p->holding = 1;
    return st;
}

void at__program_keep_scale(at_program *p)
{
    double db = p->main && p->spec.format == AT_FORMAT_MP3 ? at__writer_scale_db(p->main) : NAN;
    if (isfinite(db)) {
        p->spec.enc.scale_db = db;
        p->spec.enc.scale_set = 1;
    }
}

at_status at__program_restart(at_program *p, at_error *e)
{
    size_t k;
    at_status st = AT_OK;
    for (k = 0; k < p->spec.nsections; k++) {
        at__writer_free(p->split[k]);
        p->split[k] = NULL;
    }
    p->delivered = 0;
    p->next = 0;
    for (k = 0; k < p->spec.nalso; k++) {
        at__writer_free(p->also[k]);
        p->also[k] = NULL;
    }
    if (p->main) {
        at__writer_free(p->main);
        p->main = NULL;
        st = open_main(p, e);
    }
    return st == AT_OK ? open_also(p, e) : st;
}

static at_status write_chapter_files(at_program *p, at_error *e)
{
    size_t k, n = p->spec.nsections;
    at_chapter_times *c = at__xcalloc(n ? n : 1, sizeof *c);
    unsigned flags = at__enc_sink_flags(&p->spec.enc);
    at_status st = AT_OK;
    for (k = 0; k < n; k++) {
        c[k].title = p->titles[k];
        if (p->main) {
            at__writer_chapter_ms(p->main, k, &c[k].start_ms, &c[k].end_ms);
        } else {
            c[k].start_ms = at__samples_to_ms(p->start[k], p->spec.rate);
            c[k].end_ms = at__samples_to_ms(k + 1 < n ? p->start[k + 1] : p->delivered, p->spec.rate);
        }
    }
    if (p->spec.chapters_json)
        st = at__write_chapters_json(&p->stage, p->spec.chapters_json, flags, &p->spec.tags, p->spec.out, c, n, e);
    if (st == AT_OK && p->spec.ffmetadata)
        st = at__write_ffmetadata(&p->stage, p->spec.ffmetadata, flags, p->spec.tags.title, c, n, e);
    free(c);
    return st;
}

/* The books, from the finished MP3 they carry: the main file's temporary,
 * or their own MP3 (the last `also` writer), which is never placed. */
static at_status finish_books(at_program *p, at_error *e)
{
    at_status st = AT_OK;
    const char *audio = p->own_book_mp3 ? at__writer_temp(p->also[p->spec.nalso - 1]) : at__writer_temp(p->main);
    if (p->own_book_mp3 && (p->daisy || p->html) && p->book_mp3) {
        /* the books' MP3 goes into the DAISY (or read-along) staging folder
         * as audio.mp3; the other books copy it from there */
        if ((st = at__writer_commit(p->also[p->spec.nalso - 1], e)) != AT_OK)
            return st;
        audio = p->book_mp3;
    }
    if (p->epub)
        st = at__epub_finish(p->epub, audio, p->delivered, &p->stage, e);
    if (st == AT_OK && p->daisy)
        st = at__daisy_finish(p->daisy, audio, p->delivered, &p->stage, e);
    if (st == AT_OK && p->html)
        st = at__readalong_finish(p->html, audio, p->delivered, &p->stage, e);
    return st;
}

/* Everything is written, patched and closed first; only then is anything
 * moved into place, all together, so a failure before that point leaves
 * every earlier file as it was. */
at_status at__program_finish(at_program *p, at_error *e)
{
    at_status st = AT_OK;
    size_t k, n = p->spec.nsections, nplaced = p->spec.nalso - (p->own_book_mp3 ? 1u : 0u);
    /* sections that never started (no audio) still get their switch */
    for (k = p->next; st == AT_OK && k < n; k++) {
        if (!p->marked[k]) {
            p->start[k] = p->delivered;
            p->marked[k] = 1;
        }
    }
    while (st == AT_OK && p->next < n)
        st = switch_section(p, p->next++, e);
    /* the last cue runs to the end of the program */
    if (st == AT_OK && p->holding) {
        if (p->held.end < p->delivered)
            p->held.end = p->delivered;
        p->holding = 0;
        st = deliver_cue(p, &p->held, p->held_tstart, p->held.end, e);
        if (st == AT_OK)
            st = flush_silent(p, e);
    }
    if (st == AT_OK && p->spec.split_dir && n)
        st = close_split(p, n - 1, e);
    if (st == AT_OK && p->main)
        st = at__writer_close(p->main, e);
    for (k = 0; st == AT_OK && k < p->spec.nalso; k++)
        st = at__writer_close(p->also[k], e);
    if (st == AT_OK && (p->epub || p->daisy || p->html))
        st = finish_books(p, e);
    if (st == AT_OK)
        st = write_chapter_files(p, e);
    if (st == AT_OK && p->has_vtt && (st = at__transcript_stage(&p->vtt, &p->stage, e)) == AT_OK)
        p->has_vtt = 0;
    if (st == AT_OK && p->has_srt && (st = at__transcript_stage(&p->srt, &p->stage, e)) == AT_OK)
        p->has_srt = 0;
    if (st == AT_OK && p->spec.split_dir) {
        char *m3u = join_path(p->spec.split_dir, "playlist.m3u8");
        st = at__write_m3u8(&p->stage, m3u, at__enc_sink_flags(&p->spec.enc), p->playlist, n, e);
        free(m3u);
    }
    if (st == AT_OK && p->main)
        st = at__writer_stage(p->main, &p->stage, e);
    for (k = 0; st == AT_OK && k < nplaced; k++)
        st = at__writer_stage(p->also[k], &p->stage, e);
    for (k = 0; st == AT_OK && p->spec.split_dir && k < n; k++)
        st = at__writer_stage(p->split[k], &p->stage, e);
    /* everything is complete: move it into place */
    if (st == AT_OK)
        st = at__stage_commit(&p->stage, e);
    else
        at__stage_abort(&p->stage);
    return st;
}

void at__program_free(at_program *p)
{
    size_t k;
    if (!p)
        return;
    at__writer_free(p->main);
    for (k = 0; k < p->nsilent; k++)
        free((char *)p->silent[k].text);
    free(p->silent);
    for (k = 0; p->also && k < p->spec.nalso; k++)
        at__writer_free(p->also[k]);
    free(p->also);
    for (k = 0; k < p->spec.nsections; k++)
        at__writer_free(p->split[k]);
    free(p->split);

    if (p->has_vtt)
        at__transcript_abort(&p->vtt);
    if (p->has_srt)
        at__transcript_abort(&p->srt);
    at__sink_abort(&p->spool);
    at__stage_abort(&p->stage);
    at__epub_free(p->epub);
    at__daisy_free(p->daisy);
    at__readalong_free(p->html);
    free(p->held_text);
    free(p->held_speaker);
    free(p->held_words);
    free(p->book_mp3);
    free(p->also_paths);
    for (k = 0; k < p->spec.nsections; k++) {
        free(p->titles[k]);
        free(p->split_names[k]);
    }
    free(p->titles);
    free(p->split_names);
    free(p->playlist);
    free(p->start);
    free(p->marked);
    free(p);
}
