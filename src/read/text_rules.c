/* Plain-text rules the readers share: which lines are captions,
 * boilerplate, bylines, and where a dateline ends. The plain-text reader
 * applies them to its units; the HTML and Markdown readers to their
 * paragraphs. */
#include <string.h>

#include "read.h"
#include "util.h"

#define SHORT_UNIT_BYTES 300

int at__has_ci(const char *s, size_t a, size_t b, const char *needle)
{
    size_t n = strlen(needle), i;
    unsigned char lo, up;
    if (n == 0)
        return a <= b;
    /* the first byte compared inline: this runs on every paragraph */
    lo = (unsigned char)at__to_lower((unsigned char)needle[0]);
    up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 'a' + 'A') : lo;
    for (i = a; i + n <= b; i++)
        if (((unsigned char)s[i] == lo || (unsigned char)s[i] == up) &&
            at__strncasecmp(s + i + 1, needle + 1, n - 1) == 0)
            return 1;
    return 0;
}

int at__starts_ci(const char *s, size_t a, size_t b, const char *p)
{
    size_t n = strlen(p);
    return b - a >= n && at__strncasecmp(s + a, p, n) == 0;
}

/* The last parenthesized part of s[0, len) when s ends with it: its
 * start (after the '('), or len when there is none. */
static size_t final_parens(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '.'))
        i--;
    if (i == 0 || s[i - 1] != ')')
        return len;
    while (i > 0 && s[i - 1] != '(')
        i--;
    return i > 0 ? i : len;
}

/* A photo credit inside parentheses: "(Image: GETTY)", "(AP Photo/Jo
 * Lee)", "(Thomas Coex/AFP/Getty Images)": a credit word, or a name and
 * an agency joined by slashes. */
static int credit_parens(const char *s, size_t a, size_t b)
{
    static const char *const words[] = {"image:", "photo:", "picture:", "credit:", "photo by", "ap photo",
                                        "getty images", "/afp", "afp/", "/reuters", "reuters/", "/epa", "epa/",
                                        "shutterstock", "/bloomberg", "courtesy of", "foto:", "bild:", NULL};
    const char *const *w;
    size_t i, words_n = 1;
    for (w = words; *w; w++)
        if (at__has_ci(s, a, b, *w))
            return 1;
    if (!memchr(s + a, '/', b - a) || a >= b || !at__is_upper((unsigned char)s[a]))
        return 0;
    for (i = a; i < b; i++)
        words_n += s[i] == ' ';
    return words_n <= 8 && !memchr(s + a, '.', b - a);
}

/* caption -> "... Photo Credit: ...", "Photo: ...", "(Photo by ...)",
 * "Image: ...", "Credit...Jo Lee/EPA", a credit in parentheses at the end
 * ("... (Image: GETTY)") or alone ("(Thomas Coex/AFP/Getty Images)"), in
 * a short unit. */
int at__is_caption(const char *s, size_t len)
{
    static const char *const openers[] = {"photo:", "image:", "picture:", "photograph:", "credit:", "credits:",
                                          "foto:", "bild:", "photo credit", "image credit", NULL};
    const char *const *o;
    size_t p;
    if (len > SHORT_UNIT_BYTES)
        return 0;
    for (o = openers; *o; o++)
        if (at__starts_ci(s, 0, len, *o))
            return 1;
    if (at__has_ci(s, 1, len, "\xC2\xA9") && len < 160)
        return 1; /* "installation views, photos © Inexhibit, 2018" */
    if (at__has_ci(s, 0, len, "photo credit") || at__has_ci(s, 0, len, "image credit") ||
        at__has_ci(s, 0, len, "photo courtesy") || at__has_ci(s, 0, len, "photo by ") ||
        at__has_ci(s, 0, len, "(photo:") || at__has_ci(s, 0, len, "photo: ") || at__has_ci(s, 0, len, "credit...") ||
        at__has_ci(s, 0, len, "credit\xE2\x80\xA6"))
        return 1;
    p = final_parens(s, len);
    return p < len && credit_parens(s, p, len - 1 - (len - 1 > p && s[len - 1] == '.')) &&
           (p == 1 || at__has_ci(s, p, len, ":") || at__has_ci(s, p, len, "getty") || at__has_ci(s, p, len, "/"));
}

/* Whether s holds a double quotation mark, straight or curly. */
static int has_quote_mark(const char *s, size_t len)
{
    return memchr(s, '"', len) || at__has_ci(s, 0, len, "\xE2\x80\x9C") || at__has_ci(s, 0, len, "\xE2\x80\x9D");
}

/* A row of short items between bars: "Order Reprints | Today's Paper |
 * Subscribe", "Home | News | Sport": a menu, not a sentence. */
static int bar_menu(const char *s, size_t len)
{
    size_t i, bars = 0, words = 1, item_words = 1;
    for (i = 0; i < len; i++) {
        if (s[i] == '|') {
            bars++;
            if (item_words > 5)
                return 0;
            item_words = 0;
        } else if (s[i] == ' ' && i + 1 < len && s[i + 1] != '|' && s[i + 1] != ' ') {
            words++;
            item_words++;
        }
    }
    return bars >= 2 && item_words <= 5 && words <= (bars + 1) * 5;
}

/* An unrendered WordPress shortcode: "[button link=...]Send[/button]". */
static int shortcode(const char *s, size_t len)
{
    size_t i, j;
    for (i = 0; i + 3 < len; i++) {
        if (s[i] != '[')
            continue;
        j = i + 1 + (s[i + 1] == '/');
        if (!at__is_lower((unsigned char)s[j]))
            continue;
        while (j < len && (at__is_lower((unsigned char)s[j]) || s[j] == '_'))
            j++;
        if (j < len && (s[j] == ']' ? s[i + 1] == '/' : s[j] == ' ' && memchr(s + j, '=', len - j) != NULL))
            return 1;
    }
    return 0;
}

/* wire note -> a whole unit in parentheses that tells editors what
 * changed: "(Adds analyst comment, details)", "(Updates with closing
 * prices)", "(Recasts throughout)". */
static int wire_note(const char *s, size_t len)
{
    static const char *const verbs[] = {"adds ", "add ", "updates ", "recasts ", "corrects ", "changes ",
                                        "fixes ", "rewrites ", "refiles ", "repeats ", "writes through",
                                        "combines ", "inserts ", "removes ", "replaces ", "moves ", "edits ",
                                        "releads", "new throughout", NULL};
    const char *const *v;
    if (len < 4 || s[0] != '(' || s[len - 1] != ')' || memchr(s + 1, '(', len - 2))
        return 0;
    for (v = verbs; *v; v++)
        if (at__starts_ci(s, 1, len, *v))
            return 1;
    return 0;
}

/* promo -> a short line that sends the listener elsewhere: "Watch CBSN
 * Live", "Listen to the podcast", with no sentence's end. */
static int promo_line(const char *s, size_t len)
{
    size_t i, words = 1;
    if (!(at__starts_ci(s, 0, len, "watch ") || at__starts_ci(s, 0, len, "listen ") ||
          at__starts_ci(s, 0, len, "listen:")) || strchr(".!?", s[len - 1]))
        return 0;
    for (i = 0; i < len; i++)
        words += s[i] == ' ';
    return words <= 6;
}

/* copyright -> "© 2019 Site. All rights reserved.", "Copyright 2019 ...",
 * "This document is subject to copyright. ... no part may be reproduced". */
static int copyright_line(const char *s, size_t len)
{
    if (at__starts_ci(s, 0, len, "\xC2\xA9") || at__starts_ci(s, 0, len, "copyright") ||
        at__starts_ci(s, 0, len, "(c) ") || at__has_ci(s, 0, len, "all rights reserved"))
        return 1;
    return at__has_ci(s, 0, len, "copyright") &&
           (at__has_ci(s, 0, len, "reproduced") || at__has_ci(s, 0, len, "\xC2\xA9") ||
            at__has_ci(s, 0, len, "permission"));
}

/* boilerplate -> promotional footers: "Sign up...", "subscribe to our...",
 * "Get The ... stories...", "Follow us on ...", "Share this ..."; related
 * links: "Related: ...", "Read more: ...", "See also ..."; ad labels
 * ("Advertisement", "Anzeige"); print and copyright footers ("A version of
 * this article appears in print ...", "© 2019 ..."); calls to comment;
 * notices about scripts; rows of menu items between bars; wire notes
 * ("(Adds analyst comment)"); promos ("Watch CBSN Live"); lead-ins to
 * links ("More about the federal debt"). */
int at__is_boilerplate(const char *s, size_t len)
{
    static const char *const openers[] = {
        "sign up", "subscribe", "follow us", "share this", "share on", "click here", "download our app",
        "related:", "related stories", "related articles", "related coverage", "read more:", "read also:",
        "also read:", "see also:", "more from ", "recommended for you", "a version of this article appears",
        "order reprints", "like this story", "tell us what you think", "leave a comment", "join the conversation",
        "this slideshow requires javascript", "please enable javascript", "you need to enable javascript",
        "javascript is disabled", "your browser does not support", "watch live:", "see more:", "don't miss",
        "don\xE2\x80\x99t miss", "more:", "more about ", "more on ", "more coverage", "further reading",
        "read more about", "latest on ", "see more ", NULL};
    /* these only when nothing but marks follow: "Read more »" */
    static const char *const alone[] = {"read more", "related", "advertisement", "advert", "anzeige",
                                        "publicidad", "publicidade", "publicit\xC3\xA9", "pubblicit\xC3\xA0",
                                        "\xD1\x80\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0",
                                        "sponsored", "sponsored content", "story continues below",
                                        "article continues below", "continue reading below", "comments",
                                        "show comments", "view comments", NULL};
    const char *const *o;
    size_t i;
    if (len > SHORT_UNIT_BYTES)
        return 0;
    for (o = openers; *o; o++)
        if (at__starts_ci(s, 0, len, *o))
            return 1;
    for (o = alone; *o; o++) {
        if (!at__starts_ci(s, 0, len, *o))
            continue;
        for (i = strlen(*o); i < len && !at__is_alpha((unsigned char)s[i]) && !at__is_digit((unsigned char)s[i]); i++)
            ;
        if (i == len)
            return 1;
    }
    if (has_quote_mark(s, len))
        return 0; /* a quotation is never a footer */
    if (copyright_line(s, len) || bar_menu(s, len) || wire_note(s, len) || promo_line(s, len))
        return 1;
    if (at__has_ci(s, 0, len, "subscribe to our") || at__has_ci(s, 0, len, "sign up for our") ||
        at__has_ci(s, 0, len, "sign up via") || at__has_ci(s, 0, len, "share it with") ||
        at__has_ci(s, 0, len, "click here") || shortcode(s, len))
        return 1;
    /* "newsletter" alone is news too ("said Dr. X, in a newsletter from
     * the observatory"): a footer asks the reader to act. */
    if (at__has_ci(s, 0, len, "newsletter") &&
        (at__has_ci(s, 0, len, "subscribe") || at__has_ci(s, 0, len, "sign up") ||
         at__has_ci(s, 0, len, "sign-up") || at__has_ci(s, 0, len, "signup") || at__has_ci(s, 0, len, "our ") ||
         at__has_ci(s, 0, len, "inbox") || at__has_ci(s, 0, len, "join ") || at__has_ci(s, 0, len, "get the ")))
        return 1;
    return at__starts_ci(s, 0, len, "get the ") && at__has_ci(s, 0, len, "stories");
}

/* Words a date line may hold besides numbers: months, weekdays, times,
 * time zones and the labels around them ("Updated", "Published on"). */
static int date_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
        "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
        "friday", "sat", "saturday", "sun", "sunday", "updated", "update", "published", "posted", "last",
        "modified", "on", "at", "am", "pm", "a", "p", "m", "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst",
        "mdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "ist", "aest", "jst", "hkt", "th", "st",
        "nd", "rd", "min", "mins", "minute", "minutes", "hour", "hours", "ago", "read", "of", "first", "date",
        NULL};
    const char *const *x;
    for (x = words; *x; x++)
        if (strlen(*x) == n && at__strncasecmp(w, *x, n) == 0)
            return 1;
    return 0;
}

/* A month, weekday or a.m./p.m. among the date words. */
static int date_signal_word(const char *w, size_t n)
{
    return date_word(w, n) && n >= 2 &&
           !(n == 2 && (at__strncasecmp(w, "on", 2) == 0 || at__strncasecmp(w, "at", 2) == 0 ||
                        at__strncasecmp(w, "of", 2) == 0 || at__strncasecmp(w, "th", 2) == 0 ||
                        at__strncasecmp(w, "st", 2) == 0 || at__strncasecmp(w, "nd", 2) == 0 ||
                        at__strncasecmp(w, "rd", 2) == 0)) &&
           !(n >= 3 && (at__strncasecmp(w, "updated", n) == 0 || at__strncasecmp(w, "published", n) == 0 ||
                        at__strncasecmp(w, "posted", n) == 0 || at__strncasecmp(w, "last", n) == 0 ||
                        at__strncasecmp(w, "modified", n) == 0 || at__strncasecmp(w, "read", n) == 0 ||
                        at__strncasecmp(w, "first", n) == 0 || at__strncasecmp(w, "date", n) == 0));
}

/* Numbers that make a date or a time on their own: 2019-11-18,
 * 05/10/2018, 18.11.19, 5:27. Not a phone number (02-751-1500). */
static int numeric_date_at(const char *s, size_t len, size_t i)
{
    size_t g[3], k = 0, j = i;
    char sep = 0;
    while (k < 3) {
        size_t st = j;
        while (j < len && at__is_digit((unsigned char)s[j]))
            j++;
        g[k++] = j - st;
        if (j - st == 0)
            return 0;
        if (k == 1 && j < len && s[j] == ':' && j + 1 < len && at__is_digit((unsigned char)s[j + 1]))
            return g[0] <= 2; /* a clock time */
        if (k == 3 || j >= len || !strchr("/-.", s[j]) || (sep && s[j] != sep))
            break;
        sep = s[j++];
    }
    if (k < 3)
        return 0;
    return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) || (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4));
}

/* date line -> a line of nothing but a date and time and their labels:
 * "Sept. 25, 2018", "Updated 5:27 a.m. CST, Wednesday, November 20,
 * 2019", "Published on 2019-11-18", "5 min read". Metadata, not text to
 * read, and never a heading. It needs a month, a weekday, a.m./p.m. or a
 * numeric date or time: "02-751-1500" is a telephone number. */
int at__is_date_line(const char *s, size_t len)
{
    size_t i = 0, words = 0;
    int digit = 0, signal = 0;
    if (len == 0 || len > 100)
        return 0;
    while (i < len) {
        size_t j = i;
        if (at__is_alpha((unsigned char)s[i])) {
            while (j < len && at__is_alpha((unsigned char)s[j]))
                j++;
            if (!date_word(s + i, j - i))
                return 0;
            signal |= date_signal_word(s + i, j - i) || (j - i == 1 && j < len && s[j] == '.'); /* a.m. */
            words++;
        } else if (at__is_digit((unsigned char)s[i])) {
            digit = 1;
            signal |= (i == 0 || !at__is_digit((unsigned char)s[i - 1])) && numeric_date_at(s, len, i);
            j++;
        } else if (strchr(" ,.:/-|()", s[i])) {
            j++;
        } else if ((unsigned char)s[i] == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
            j += 3; /* dashes, bullets */
        } else if ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xB7) {
            j += 2; /* middle dot */
        } else {
            return 0;
        }
        i = j;
    }
    return digit && signal && words <= 12;
}

/* Small words a name may hold: "Anna de Souza", "Jo and Al Grech". */
static int name_particle(const char *s, size_t a, size_t b)
{
    static const char *const words[] = {"and", "of", "de", "da", "di", "van", "von", "der", "den", "la",
                                        "le", "du", "bin", "al", "y", "e", NULL};
    const char *const *w;
    for (w = words; *w; w++)
        if (strlen(*w) == b - a && memcmp(s + a, *w, b - a) == 0)
            return 1;
    return 0;
}

/* byline -> "By Jane Doe", "By: Jane Doe", "By Jane Doe, staff writer":
 * the offset of the name, or 0. Not a sentence that opens with "By":
 * "By Monday, the council will vote." has small words before its comma,
 * or small words and a full stop. */
size_t at__byline_name(const char *s, size_t len)
{
    size_t i = 3, j, w;
    int lower_first = 0, lower = 0, first_part = 1;
    if (len >= 100 || (!at__starts_ci(s, 0, len, "by ") && !at__starts_ci(s, 0, len, "by: ")))
        return 0;
    while (i < len && (s[i] == ' ' || s[i] == ':'))
        i++;
    if (i >= len || !(at__is_upper((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC0))
        return 0;
    for (j = i; j < len; j = w) {
        for (w = j; w < len && s[w] != ' ' && s[w] != ',' && s[w] != '|'; w++)
            ;
        if (w > j && at__is_lower((unsigned char)s[j]) && !name_particle(s, j, w)) {
            lower = 1;
            lower_first |= first_part;
        }
        if (w < len && (s[w] == ',' || s[w] == '|'))
            first_part = 0;
        if (w < len)
            w++;
    }
    if (lower_first || (lower && strchr(".!?", s[len - 1])))
        return 0;
    return i;
}

/* The name in a visible byline, without its label, section and date:
 *   "By Staff Reporter in Nation on 20 May 2024" -> "Staff Reporter"
 *   "Written by Jo Lee | Updated Nov. 20" -> "Jo Lee"
 *   "Por Ana Souza - 05/10/2018" -> "Ana Souza"
 * NULL when what is left is no name (empty, long, or many words). */
char *at__byline_clean(const char *s, size_t len)
{
    static const char *const labels[] = {"written by ", "words by ", "posted by ", "story by ", "text by ",
                                         "reporting by ", "by: ", "by ", "von ", "por ", "par ", "di ", "door ",
                                         "text: ", "\xD0\xA2\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82: ", NULL};
    static const char *const stops[] = {" in ", " on ", " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                        " \xC2\xB7 ", " \xE2\x80\xA2 ", "Updated", "Published", "Posted",
                                        " at ", NULL};
    const char *const *l;
    size_t a = 0, b = len, i, words = 1;
    for (l = labels; *l; l++)
        if (at__starts_ci(s, 0, len, *l)) {
            a = strlen(*l);
            break;
        }
    while (a < len && (s[a] == ' ' || s[a] == ':'))
        a++;
    for (l = stops; *l; l++) {
        size_t n = strlen(*l);
        for (i = a; i + n <= b; i++)
            if (memcmp(s + i, *l, n) == 0) {
                b = i;
                break;
            }
    }
    for (i = a; i < b; i++)
        if (at__is_digit((unsigned char)s[i]) || s[i] == '\n') {
            b = i;
            break;
        }
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == ',' || s[b - 1] == '|' || s[b - 1] == '-' || s[b - 1] == ':'))
        b--;
    for (i = a; i < b; i++)
        words += s[i] == ' ';
    if (b <= a || b - a > 80 || words > 8 || !(at__is_upper((unsigned char)s[a]) || (unsigned char)s[a] >= 0xC0))
        return NULL;
    return at__xstrndup(s + a, b - a);
}

static int is_month_at(const char *s, size_t i, size_t b)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec", NULL};
    const char *const *m;
    for (m = months; *m; m++)
        if (b - i >= 3 && memcmp(s + i, *m, 3) == 0)
            return 1;
    return 0;
}

/* A place-name word: all capitals ("ASTANA", "ST.", "SÃO"), or, when
 * `title_ok`, a capital and small letters ("Astana"). Returns its end. */
static size_t place_word(const char *s, size_t i, size_t b, int title_ok, int *caps, int *letters)
{
    size_t st = i;
    int lower = 0, upper = 0;
    while (i < b && (at__is_alpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '.' ||
                     s[i] == '\'' || s[i] == '-')) {
        if ((unsigned char)s[i] >= 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80)
            break; /* a dash or quote mark, not a letter */
        lower += at__is_lower((unsigned char)s[i]);
        upper += at__is_upper((unsigned char)s[i]);
        i++;
    }
    if (i == st || !at__is_upper((unsigned char)s[st]))
        return st;
    /* McCRACKEN, MacDONALD: capitals after a name's prefix */
    if (lower == 1 && i - st > 3 && s[st] == 'M' && s[st + 1] == 'c')
        lower = 0;
    else if (lower == 2 && i - st > 4 && s[st] == 'M' && s[st + 1] == 'a' && s[st + 2] == 'c')
        lower = 0;
    if (lower && !(title_ok && upper == 1))
        return st;
    *caps = !lower;
    *letters += upper + lower;
    return i;
}

/* dateline -> a place name, an optional region or date, an optional
 * wire-service tag, then a dash:
 *   "ASTANA —", "LONDON (Reuters) -", "WASHINGTON, July 3 (AP) —",
 *   "Astana, 3 July 2017 –" (a title-case place needs a date).
 * Returns the length of the place name, or 0. at__dateline_parts also
 * gives the wire tag's range ("(AP)"), empty when there is none. */
size_t at__dateline_len(const char *s, size_t a, size_t b)
{
    size_t ws, we;
    return at__dateline_parts(s, a, b, &ws, &we);
}

size_t at__dateline_parts(const char *s, size_t a, size_t b, size_t *wire_start, size_t *wire_end)
{
    size_t i = a, name_end = a, e;
    int caps = 0, letters = 0, words = 0;
    while (words < 5 && (e = place_word(s, i, b, words == 0, &caps, &letters)) > i) {
        words++;
        name_end = i = e;
        if (!caps)
            break;
        if (i < b && s[i] == ' ' && i + 1 < b && at__is_upper((unsigned char)s[i + 1]))
            i++;
        else
            break;
    }
    i = name_end;
    if (words == 0 || letters < 2)
        return 0;
    if (i < b && s[i] == ',') { /* ", July 3", ", 3 July 2017", ", Kazakhstan" */
        size_t j = i + 1;
        int month = 0, digit = 0;
        while (j < b && j - i < 40 && (at__is_alpha((unsigned char)s[j]) || at__is_digit((unsigned char)s[j]) ||
                                       s[j] == ' ' || s[j] == ',' || s[j] == '.')) {
            month |= is_month_at(s, j, b) && (j == i + 1 || s[j - 1] == ' ');
            digit |= at__is_digit((unsigned char)s[j]);
            j++;
        }
        if (!caps && !(month && digit))
            return 0;
        i = j;
    } else if (!caps) {
        return 0;
    }
    while (i < b && s[i] == ' ')
        i++;
    *wire_start = *wire_end = i;
    if (i < b && s[i] == '(') { /* (Reuters) */
        while (i < b && s[i] != ')')
            i++;
        if (i < b)
            i++;
        *wire_end = i;
        while (i < b && s[i] == ' ')
            i++;
    }
    if (!(at__starts_ci(s, i, b, "\xE2\x80\x94") || at__starts_ci(s, i, b, "\xE2\x80\x93") ||
          (i + 1 < b && s[i] == '-' && (s[i + 1] == ' ' || s[i + 1] == '-'))))
        return 0;
    return name_end - a;
}

