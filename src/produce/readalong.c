/* The read-along edition (readalong.h). The page is HTML5 with landmarks,
 * a skip link and native controls first, so it works with a screen
 * reader, with the keyboard alone, with CSS off and at 400% zoom; the
 * player script (readalong/player.js, built in) only adds to it. */
#include "readalong.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readalong_assets.h"
#include "sink.h"

struct at_readalong {
    char *dir, *final, *audio, *uid;
    int staged;
    char *title, *author, *publisher, *date, *lang;
    char **titles;
    size_t nsections;
    int rate;
    at_text_flow flow;
    at_buf body;    /* the article as the cues come */
    at_buf clips;   /* [id,begin,end] in ms, comma-separated */
    uint64_t *first; /* per section: its first clip's begin, in samples */
    int *has_first;
    size_t nsent;
};

static char *dup_or(const char *s, const char *dflt)
{
    return s && *s ? at__xstrdup(s) : dflt ? at__xstrdup(dflt) : NULL;
}

at_status at__readalong_open(at_readalong **out, const char *dir, const at_book_meta *m, at_error *e)
{
    at_readalong *h = at__xcalloc(1, sizeof *h);
    at_buf b = {0};
    size_t k, n = m->nsections;
    at_status st;
    h->final = at__xstrdup(dir);
    h->title = dup_or(m->title, "Untitled");
    h->author = dup_or(m->author, NULL);
    h->publisher = dup_or(m->publisher, NULL);
    h->date = dup_or(m->date, NULL);
    h->lang = dup_or(m->language, "en");
    at__book_uuid(&b, h->title, m->date, m->author);
    h->uid = at__buf_detach(&b);
    h->nsections = n;
    h->titles = at__xcalloc(n ? n : 1, sizeof *h->titles);
    h->first = at__xcalloc(n ? n : 1, sizeof *h->first);
    h->has_first = at__xcalloc(n ? n : 1, sizeof *h->has_first);
    for (k = 0; k < n; k++)
        h->titles[k] = at__xstrdup(m->section_titles[k] ? m->section_titles[k] : "");
    h->rate = m->rate;
    h->flow.nsections = n;
    h->flow.section_open = "<section id=\"sec%zu\">\n";
    h->flow.section_close = "</section>\n";
    *out = h;
    if ((st = at__book_folder(dir, "--html", "html", m->no_clobber, &h->dir, e)) != AT_OK)
        return st;
    at__buf_printf(&b, "%s/audio.mp3", h->dir);
    h->audio = at__buf_detach(&b);
    return AT_OK;
}

const char *at__readalong_audio_path(const at_readalong *h)
{
    return h->audio;
}

static uint64_t ms(const at_readalong *h, uint64_t samples)
{
    return (samples * 1000u + (uint64_t)h->rate / 2u) / (uint64_t)h->rate;
}

at_status at__readalong_cue(at_readalong *h, const at_cue *c, at_error *e)
{
    size_t sec = c->section < h->nsections ? c->section : (h->nsections ? h->nsections - 1 : 0);
    (void)e;
    if (c->silent) { /* shown, not read: no clip */
        at__flow_cue(&h->flow, &h->body, c, 0);
        return AT_OK;
    }
    h->nsent++;
    if (h->nsections && !h->has_first[sec]) {
        h->has_first[sec] = 1;
        h->first[sec] = c->start;
    }
    at__flow_cue(&h->flow, &h->body, c, h->nsent);
    at__buf_printf(&h->clips, "%s[%zu,%llu,%llu]", h->nsent > 1 ? ",\n" : "", h->nsent,
                   (unsigned long long)ms(h, c->start),
                   (unsigned long long)ms(h, c->end > c->start ? c->end : c->start + 1));
    return AT_OK;
}

static void put_clock(at_buf *o, uint64_t msec)
{
    uint64_t s = msec / 1000u;
    if (s >= 3600u)
        at__buf_printf(o, "%u:%02u:%02u", (unsigned)(s / 3600u), (unsigned)(s / 60u % 60u), (unsigned)(s % 60u));
    else
        at__buf_printf(o, "%u:%02u", (unsigned)(s / 60u), (unsigned)(s % 60u));
}

static void page(const at_readalong *h, at_buf *o, uint64_t total)
{
    static const char *const speeds[] = {"0.5", "0.75", "1", "1.25", "1.5", "1.75", "2", "2.5", "3"};
    size_t k;
    at__buf_puts(o, "<!DOCTYPE html>\n<html lang=\"");
    at__xml_put(o, h->lang);
    at__buf_puts(o, "\" data-edition=\"");
    at__xml_put(o, h->uid);
    /* the length too: the same article at another --rate is another
     * timeline, whose kept place must not be reused */
    at__buf_printf(o, "/%llu", (unsigned long long)ms(h, total));
    at__buf_puts(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    at__xml_put(o, h->title);
    at__buf_puts(o, "</title>\n<meta name=\"generator\" content=\"articast\">\n");
    if (h->author) {
        at__buf_puts(o, "<meta name=\"author\" content=\"");
        at__xml_put(o, h->author);
        at__buf_puts(o, "\">\n");
    }
    at__buf_puts(o, "<link rel=\"stylesheet\" href=\"player.css\">\n</head>\n<body>\n"
                    "<a class=\"skip\" href=\"#text\">Skip to the article</a>\n<header>\n<p>Audio edition");
    if (h->publisher) {
        at__buf_puts(o, " from ");
        at__xml_put(o, h->publisher);
    }
    if (h->author) {
        at__buf_puts(o, ", by ");
        at__xml_put(o, h->author);
    }
    if (h->date) {
        at__buf_puts(o, ", published ");
        at__xml_put(o, h->date);
    }
    at__buf_puts(o, ". Length ");
    put_clock(o, ms(h, total));
    at__buf_puts(o, ".</p>\n</header>\n<div class=\"player\" role=\"region\" aria-label=\"Player\">\n"
                    "<audio id=\"audio\" controls preload=\"metadata\" src=\"audio.mp3\">"
                    "<a href=\"audio.mp3\">Download the audio (MP3)</a></audio>\n"
                    "<div id=\"controls\" class=\"controls\" hidden>\n<button type=\"button\" id=\"prevsec\">Previous section</button>\n"
                    "<button type=\"button\" id=\"back\">Previous sentence</button>\n"
                    "<button type=\"button\" id=\"play\">Play</button>\n"
                    "<button type=\"button\" id=\"next\">Next sentence</button>\n"
                    "<button type=\"button\" id=\"nextsec\">Next section</button>\n"
                    "<label>Speed <select id=\"speed\">");
    for (k = 0; k < sizeof speeds / sizeof *speeds; k++)
        at__buf_printf(o, "<option value=\"%s\"%s>%s\xc3\x97</option>", speeds[k],
                       strcmp(speeds[k], "1") == 0 ? " selected" : "", speeds[k]);
    at__buf_puts(o, "</select></label>\n</div>\n<p id=\"status\" class=\"visually-hidden\" role=\"status\"></p>\n</div>\n"
                    "<aside id=\"keys\" class=\"keys\" aria-label=\"Keyboard shortcuts\" hidden>\n<details>\n<summary>Keyboard shortcuts</summary>\n"
                    "<p><label><input type=\"checkbox\" id=\"shortcuts\" checked> Use single-key shortcuts</label></p>\n"
                    "<ul>\n<li><kbd>k</kbd> play or pause</li>\n<li><kbd>j</kbd> the sentence before</li>\n"
                    "<li><kbd>l</kbd> the sentence after</li>\n"
                    "<li><kbd>[</kbd> and <kbd>]</kbd> the section before and after</li>\n<li><kbd>&lt;</kbd> and <kbd>&gt;</kbd> slower and "
                    "faster</li>\n</ul>\n<p>A click on a sentence moves the audio to it.</p>\n</details>\n</aside>\n"
                    "<nav id=\"chapters\" aria-label=\"Chapters\">\n<p><strong>Chapters</strong></p>\n<ol>\n");
    for (k = 0; k < h->nsections; k++) {
        if (!h->has_first[k])
            continue;
        at__buf_printf(o, "<li><a href=\"#sec%zu\" data-begin=\"%llu\">", k + 1,
                       (unsigned long long)ms(h, h->first[k]));
        if (*h->titles[k])
            at__xml_put(o, h->titles[k]);
        else
            at__buf_printf(o, "Section %zu", k + 1);
        at__buf_puts(o, "</a> (");
        put_clock(o, ms(h, h->first[k]));
        at__buf_puts(o, ")</li>\n");
    }
    at__buf_puts(o, "</ol>\n</nav>\n<main id=\"text\" tabindex=\"-1\">\n");
    at__buf_put(o, h->body.p, h->body.n);
    at__buf_puts(o, "</main>\n<script type=\"application/json\" id=\"clips\">[\n");
    at__buf_put(o, h->clips.p, h->clips.n);
    at__buf_puts(o, "\n]</script>\n<script src=\"player.js\"></script>\n</body>\n</html>\n");
}

at_status at__readalong_finish(at_readalong *h, const char *audio, uint64_t total_samples, at_stage *g,
                               at_error *e)
{
    at_buf o = {0};
    at_status st;
    if (strcmp(audio, h->audio) != 0 && (st = at__book_copy(audio, h->audio, e)) != AT_OK)
        return st;
    at__flow_end(&h->flow, &h->body);
    page(h, &o, total_samples);
    st = at__book_write(h->dir, "player.js", at_readalong_player_js, sizeof at_readalong_player_js, e);
    if (st == AT_OK)
        st = at__book_write(h->dir, "player.css", at_readalong_player_css, sizeof at_readalong_player_css, e);
    if (st == AT_OK) /* the page last: a folder with index.html is complete */
        st = at__book_write(h->dir, "index.html", o.p, o.n, e);
    at__buf_free(&o);
    if (st == AT_OK) {
        at__stage_dir(g, h->dir, h->final);
        h->staged = 1;
    }
    return st;
}

void at__readalong_free(at_readalong *h)
{
    size_t k;
    if (!h)
        return;
    if (h->dir && !h->staged)
        at__remove_folder(h->dir);
    for (k = 0; k < h->nsections; k++)
        free(h->titles[k]);
    free(h->titles);
    free(h->first);
    free(h->has_first);
    at__buf_free(&h->body);
    at__buf_free(&h->clips);
    free(h->dir);
    free(h->final);
    free(h->audio);
    free(h->uid);
    free(h->title);
    free(h->author);
    free(h->publisher);
    free(h->date);
    free(h->lang);
    free(h);
}
