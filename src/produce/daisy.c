/* The DAISY 2.02 talking book (DAISY 2.02 Specification, 2001).
 *
 * A full-text, full-audio book: the NCC (ncc.html, XHTML 1.0) carries the
 * metadata and the navigation, one <h1> per section whose link targets a
 * <par> in that section's SMIL 1.0 file; each par ties a sentence of the
 * content document (content.html) to a clip of audio.mp3 with
 * clip-begin/clip-end as "npt=<seconds>s". The first heading of the NCC
 * is the book's title and has class="title".
 *
 * A section's SMIL file holds ncc:timeInThisSmil in its head, known only
 * when the section ends, so a section's pars wait in memory until then
 * (bounded by the section, not the article); the content document streams
 * through a sink. */
#include "daisy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "sink.h"

#define XHTML_DOCTYPE                                                                                      \
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "                                   \
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"

struct at_daisy {
    char *dir, *audio, *uid; /* dir: the staging folder the book is written in */
    char *final;             /* the folder it replaces at the commit */
    int staged;              /* the staging folder belongs to the stage now */
    char *title, *author, *publisher, *date, *lang;
    char **titles;
    size_t nsections;
    int rate, no_clobber;
    at_sink content;
    at_text_flow flow;
    size_t nsent;
    /* the SMIL file being gathered */
    size_t cur;               /* its section */
    at_buf pars;
    uint64_t first;           /* where it begins in the audio */
    size_t *first_par;        /* per section: its first sentence, 0 = none */
    size_t nsmil;
};

static char *join(const char *dir, const char *name)
{
    at_buf b = {0};
    at__buf_printf(&b, "%s/%s", dir, name);
    return at__buf_detach(&b);
}

/* hh:mm:ss, the NCC's and the SMIL heads' time format. */
static void hms(at_buf *b, uint64_t samples, int rate)
{
    uint64_t s = (samples + (uint64_t)rate / 2u) / (uint64_t)rate;
    at__buf_printf(b, "%02u:%02u:%02u", (unsigned)(s / 3600u), (unsigned)(s / 60u % 60u), (unsigned)(s % 60u));
}

/* npt=12.345s: the SMIL 1.0 normal play time of a clip. */
static void npt(at_buf *b, uint64_t samples, int rate)
{
    uint64_t ms = (samples * 1000u + (uint64_t)rate / 2u) / (uint64_t)rate;
    at__buf_printf(b, "npt=%u.%03us", (unsigned)(ms / 1000u), (unsigned)(ms % 1000u));
}

static void meta(at_buf *o, const char *name, const char *content)
{
    at__buf_printf(o, "<meta name=\"%s\" content=\"", name);
    at__xml_put(o, content);
    at__buf_puts(o, "\"/>\n");
}

static char *dup_or(const char *s, const char *dflt)
{
    return at__xstrdup(s && *s ? s : dflt);
}

/* The book is written in a staging folder beside its target, named as
 * sink.h's temporaries are, and takes the target's place at the commit:
 * an interrupted render never leaves a book that mixes old and new files.
 * Fails before any synthesis when the target cannot be replaced. */
at_status at__daisy_open(at_daisy **out, const char *dir, const at_book_meta *m, at_error *e)
{
    at_daisy *d = at__xcalloc(1, sizeof *d);
    at_buf b = {0};
    size_t k;
    at_status st;
    d->content.fd = -1;
    d->final = at__xstrdup(dir);
    d->title = dup_or(m->title, "Untitled");
    d->author = dup_or(m->author, "Unknown");
    d->publisher = dup_or(m->publisher, "Unknown");
    d->lang = dup_or(m->language, "en");
    if ((d->date = at__w3cdtf(m->date, 1)) == NULL) { /* DAISY 2.02 dc:date is yyyy-mm-dd */
        at__book_modified(&b, 1);
        d->date = at__buf_detach(&b);
    }
    at__book_uuid(&b, d->title, m->date, m->author);
    d->uid = at__buf_detach(&b);
    d->nsections = m->nsections;
    d->titles = at__xcalloc(m->nsections ? m->nsections : 1, sizeof *d->titles);
    d->first_par = at__xcalloc(m->nsections ? m->nsections : 1, sizeof *d->first_par);
    for (k = 0; k < m->nsections; k++)
        d->titles[k] = at__xstrdup(m->section_titles[k] ? m->section_titles[k] : "");
    d->rate = m->rate;
    d->no_clobber = m->no_clobber;
    d->flow.nsections = m->nsections;
    d->flow.section_open = "<div class=\"section\" id=\"sec%zu\">\n";
    d->flow.section_close = "</div>\n";
    *out = d;
    if ((st = at__book_folder(dir, "--daisy", "daisy", d->no_clobber, &d->dir, e)) != AT_OK)
        return st;
    d->audio = join(d->dir, "audio.mp3");
    {
        char *path = join(d->dir, "content.html");
        st = at__sink_open_flags(&d->content, path, AT_SINK_REGULAR, e);
        free(path);
    }
    if (st != AT_OK)
        return st;
    at__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" XHTML_DOCTYPE
                     "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
    at__xml_put(&b, d->lang);
    at__buf_puts(&b, "\" xml:lang=\"");
    at__xml_put(&b, d->lang);
    at__buf_puts(&b, "\">\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\"/>\n<title>");
    at__xml_put(&b, d->title);
    at__buf_puts(&b, "</title>\n</head>\n<body>\n");
    st = at__sink_write(&d->content, b.p, b.n, e);
    at__buf_free(&b);
    return st;
}

const char *at__daisy_audio_path(const at_daisy *d)
{
    return d->audio;
}

static void smil_name(at_buf *b, size_t k)
{
    at__buf_printf(b, "s%03zu.smil", k + 1);
}

/* Writes the gathered section as its SMIL file. Its time runs from its
 * first clip (the start, for the first file) to `upto`, where the next
 * file begins, so the files' times add up to the book's. */
static at_status flush_smil(at_daisy *d, uint64_t upto, at_error *e)
{
    at_buf o = {0}, name = {0};
    uint64_t dur = upto > d->first ? upto - d->first : 0;
    at_status st;
    if (!d->pars.n)
        return AT_OK;
    at__buf_puts(&o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<!DOCTYPE smil PUBLIC \"-//W3C//DTD SMIL 1.0//EN\" \"http://www.w3.org/TR/REC-smil/SMIL10.dtd\">\n"
                     "<smil>\n<head>\n");
    meta(&o, "dc:format", "Daisy 2.02");
    meta(&o, "dc:title", d->title);
    meta(&o, "dc:identifier", d->uid);
    meta(&o, "ncc:generator", "articast");
    at__buf_puts(&o, "<meta name=\"ncc:timeInThisSmil\" content=\"");
    hms(&o, dur, d->rate);
    at__buf_puts(&o, "\"/>\n<meta name=\"ncc:totalElapsedTime\" content=\"");
    hms(&o, d->first, d->rate);
    at__buf_puts(&o, "\"/>\n<layout>\n<region id=\"txtView\"/>\n</layout>\n</head>\n<body>\n");
    at__buf_printf(&o, "<seq dur=\"%.3fs\">\n", (double)dur / d->rate);
    at__buf_put(&o, d->pars.p, d->pars.n);
    at__buf_puts(&o, "</seq>\n</body>\n</smil>\n");
    smil_name(&name, d->cur);
    st = at__book_write(d->dir, name.p, o.p, o.n, e);
    d->nsmil++;
    d->pars.n = 0;
    at__buf_free(&o);
    at__buf_free(&name);
    return st;
}

at_status at__daisy_cue(at_daisy *d, const at_cue *c, at_error *e)
{
    at_buf o = {0};
    size_t sec = c->section < d->nsections ? c->section : (d->nsections ? d->nsections - 1 : 0);
    uint64_t end = c->end > c->start ? c->end : c->start + 1;
    at_status st;
    if (c->silent) { /* in the content, in no par: not narrated */
        at__flow_cue(&d->flow, &o, c, 0);
        st = at__sink_write(&d->content, o.p, o.n, e);
        at__buf_free(&o);
        return st;
    }
    /* a new section ends the SMIL file before it; a cue of an earlier
     * section (an outro after the last) stays in the current file */
    if (sec > d->cur) {
        if (d->pars.n && (st = flush_smil(d, c->start, e)) != AT_OK)
            return st;
        d->cur = sec;
    }
    if (!d->pars.n && d->nsent)
        d->first = c->start;
    if (!d->first_par[d->cur])
        d->first_par[d->cur] = d->nsent + 1;
    d->nsent++;
    at__flow_cue(&d->flow, &o, c, d->nsent);
    if ((st = at__sink_write(&d->content, o.p, o.n, e)) == AT_OK) {
        at__buf_printf(&d->pars, "<par endsync=\"last\" id=\"p%zu\">\n<text src=\"content.html#s%zu\" id=\"t%zu\"/>\n"
                                 "<audio src=\"audio.mp3\" clip-begin=\"", d->nsent, d->nsent, d->nsent);
        npt(&d->pars, c->start, d->rate);
        at__buf_puts(&d->pars, "\" clip-end=\"");
        npt(&d->pars, end, d->rate);
        at__buf_printf(&d->pars, "\" id=\"a%zu\"/>\n</par>\n", d->nsent);
    }
    at__buf_free(&o);
    return st;
}

/* The NCC: Dublin Core and ncc: metadata, then one heading per section
 * that has sentences, each linking to its first par. */
static void ncc(const at_daisy *d, at_buf *o, uint64_t total, uint64_t kbytes)
{
    at_buf t = {0};
    size_t k, items = 0;
    for (k = 0; k < d->nsections; k++)
        items += d->first_par[k] != 0;
    at__buf_puts(o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" XHTML_DOCTYPE
                    "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
    at__xml_put(o, d->lang);
    at__buf_puts(o, "\" xml:lang=\"");
    at__xml_put(o, d->lang);
    at__buf_puts(o, "\">\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\"/>\n<title>");
    at__xml_put(o, d->title);
    at__buf_puts(o, "</title>\n");
    meta(o, "dc:title", d->title);
    meta(o, "dc:creator", d->author);
    meta(o, "dc:publisher", d->publisher);
    meta(o, "dc:date", d->date);
    meta(o, "ncc:sourceDate", d->date);
    meta(o, "ncc:producer", d->publisher);
    meta(o, "dc:format", "Daisy 2.02");
    meta(o, "dc:identifier", d->uid);
    meta(o, "dc:language", d->lang);
    meta(o, "ncc:charset", "utf-8");
    meta(o, "ncc:generator", "articast");
    meta(o, "ncc:multimediaType", "audioFullText");
    meta(o, "ncc:narrator", "eSpeak NG");
    meta(o, "ncc:setInfo", "1 of 1");
    meta(o, "ncc:depth", "1");
    meta(o, "ncc:pageFront", "0");
    meta(o, "ncc:pageNormal", "0");
    meta(o, "ncc:pageSpecial", "0");
    meta(o, "ncc:maxPageNormal", "0");
    at__buf_printf(&t, "%zu", items);
    meta(o, "ncc:tocItems", t.p);
    t.n = 0;
    /* ncc.html, content.html, the SMIL files and the audio */
    at__buf_printf(&t, "%zu", d->nsmil + 3);
    meta(o, "ncc:files", t.p);
    t.n = 0;
    hms(&t, total, d->rate);
    meta(o, "ncc:totalTime", t.p);
    t.n = 0;
    at__buf_printf(&t, "%llu", (unsigned long long)kbytes);
    meta(o, "ncc:kByteSize", t.p);
    at__buf_puts(o, "</head>\n<body>\n");
    for (k = 0; k < d->nsections; k++) {
        if (!d->first_par[k])
            continue;
        t.n = 0;
        smil_name(&t, k);
        /* the link lands on the <text> of the section's first par: players
         * (daisy-player) look the target up among text elements */
        at__buf_printf(o, "<h1%s id=\"h%zu\"><a href=\"%s#t%zu\">", k == 0 ? " class=\"title\"" : "", k + 1, t.p,
                       d->first_par[k]);
        if (*d->titles[k])
            at__xml_put(o, d->titles[k]);
        else
            at__buf_printf(o, "Section %zu", k + 1);
        at__buf_puts(o, "</a></h1>\n");
    }
    at__buf_puts(o, "</body>\n</html>\n");
    at__buf_free(&t);
}

/* The bytes of the regular files in a folder (the book's, so far). */
static uint64_t folder_bytes(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    uint64_t n = 0;
    if (!dp)
        return 0;
    while ((de = readdir(dp)) != NULL) {
        struct stat sb;
        if (de->d_name[0] == '.' || fstatat(dirfd(dp), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(sb.st_mode))
            continue;
        n += (uint64_t)sb.st_size;
    }
    closedir(dp);
    return n;
}

at_status at__daisy_finish(at_daisy *d, const char *audio, uint64_t total_samples, at_stage *g, at_error *e)
{
    at_buf o = {0};
    at_status st;
    if (strcmp(audio, d->audio) != 0 && (st = at__book_copy(audio, d->audio, e)) != AT_OK)
        return st;
    if ((st = flush_smil(d, total_samples, e)) != AT_OK)
        return st;
    at__flow_end(&d->flow, &o);
    at__buf_puts(&o, "</body>\n</html>\n");
    if ((st = at__sink_write(&d->content, o.p, o.n, e)) != AT_OK || (st = at__sink_commit(&d->content, e)) != AT_OK) {
        at__buf_free(&o);
        return st;
    }
    o.n = 0;
    /* the NCC last: a folder with an ncc.html is a finished book. Its
     * ncc:kByteSize counts every file of the book, itself included, so
     * it is built twice: the second time with its own size known. */
    {
        uint64_t bytes = folder_bytes(d->dir), kb;
        ncc(d, &o, total_samples, 0);
        kb = (bytes + o.n + 16 + 1023) / 1024;
        o.n = 0;
        ncc(d, &o, total_samples, kb);
    }
    st = at__book_write(d->dir, "ncc.html", o.p, o.n, e);
    at__buf_free(&o);
    if (st == AT_OK) {
        at__stage_dir(g, d->dir, d->final);
        d->staged = 1;
    }
    return st;
}

void at__daisy_free(at_daisy *d)
{
    size_t k;
    if (!d)
        return;
    at__sink_abort(&d->content);
    if (d->dir && !d->staged)
        at__remove_folder(d->dir);
    for (k = 0; k < d->nsections; k++)
        free(d->titles[k]);
    free(d->titles);
    free(d->first_par);
    at__buf_free(&d->pars);
    free(d->dir);
    free(d->final);
    free(d->audio);
    free(d->uid);
    free(d->title);
    free(d->author);
    free(d->publisher);
    free(d->date);
    free(d->lang);
    free(d);
}
