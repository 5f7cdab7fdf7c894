/* The normalizer's rules for German ("de", see lang.c).
 *
 * German writes numbers with a decimal comma and a thousands point
 * (1.234,5), dates as "3. Oktober 2024" or "03.10.2024", times as
 * "14:30 Uhr", and marks an ordinal with a full stop ("der 3. Platz").
 * The number words are grammar, so they live in code (lang_de_num.c): a
 * cardinal's "one" and
 * an ordinal's ending agree with what follows or precedes ("eins", "ein
 * Meter", "eine Stunde"; "der dritte", "am dritten", "dritter"). The
 * words (units, currencies, abbreviations, domains, zones) are data, in
 * voices/de/lexicon.tsv. Numbers are said word by word ("drei und
 * zwanzig"), which eSpeak NG's German voice reads as the compound.
 *
 * Every scan here is bounded by a small constant (or by at__sc_chunk's
 * cached run), so a block of any size is read in linear time. */
#include <string.h>

#include "classify.h"
#include "lang_de.h"

static const char *const months[] = {"Januar", "Februar", "März",    "April",    "Mai",      "Juni",
                                     "Juli",   "August",  "September", "Oktober", "November", "Dezember"};

/* ---- ordinals' endings ---- */

/* The ending after an article or preposition: "der dritte", "am
 * dritten", "ein dritter"; none gives the citation form "dritter". */
static const char *ordinal_ending(const at_scan *c, size_t i)
{
    static const char *const weak_e[] = {"der", "die", "das", "eine", "jene", "diese", "seine", "ihre", "unsere",
                                         "jede", NULL};
    static const char *const weak_en[] = {"dem",   "den",   "des",   "am",     "im",     "zum",    "zur",
                                          "vom",   "beim",  "einem", "einen",  "eines",  "einer",  "diesem",
                                          "diesen", "dieses", "seinem", "seinen", "ihrem", "ihren", "jedem",
                                          "jeden", "bis",   "ab",    "vor",    "nach",   "seit",   NULL};
    if (at__de_prev_in(c, i, weak_e))
        return "e";
    if (at__de_prev_in(c, i, weak_en))
        return "en";
    return "er";
}

/* The articles (and contractions) after which a number with a point is
 * an ordinal even at the end of a sentence: "zum 3.", "dem 1000." */
static const char *const articles[] = {"der", "die", "das", "dem", "den", "des", "am", "im", "zum", "zur", "vom",
                                       "beim", "ein", "eine", "einem", "einen", "einer", "eines", NULL};

/* Does nothing but white space or opening punctuation come before byte
 * i on its line? (bounded: a long run before it is "no") */
static int line_starts(const at_scan *c, size_t i)
{
    size_t k = 0;
    while (i > 0 && k < 16) {
        unsigned char ch = (unsigned char)c->s[i - 1];
        if (ch == '\n')
            return 1;
        if (at__is_alpha(ch) || (ch >= '0' && ch <= '9') || ch >= 0x80)
            return 0;
        i--, k++;
    }
    return i == 0;
}

/* A capitalized word that opens a sentence: "5. Das ..." ends one. */
static int opener_at(const at_scan *c, size_t i)
{
    static const char *const openers[] = {
        "der", "die",  "das",  "er",   "sie",   "es",   "ein",  "eine", "im",   "in",    "am",    "auf",
        "bei", "mit",  "nach", "seit", "für",   "wir",  "ich",  "dies", "diese", "doch", "aber",  "und",
        "auch", "so",  "dann", "als",  "wenn",  "wie",  "was",  "wer",  "man",   "zum",  "zur",   "vom",
        "laut", "nun", "noch", "damit", "deshalb", "jedoch", "dort", "hier", "heute", "zudem", "zuvor", NULL};
    size_t e = at__de_word_end(c, i), k;
    if (!at__sc_upper(c, i))
        return 0;
    for (k = 0; openers[k]; k++)
        if (at__de_lower_eq(c, i, e, openers[k]))
            return 1;
    return 0;
}

/* ---- dates ---- */

/* The month named (or abbreviated, "Okt.", "Sept.") at i: 1..12 and its
 * end (past the abbreviation's point), else 0. */
static int month_at(const at_scan *c, size_t i, size_t *end)
{
    size_t e = at__de_word_end(c, i), k, n = e - i;
    if (n < 3)
        return 0;
    for (k = 0; k < 12; k++) {
        size_t m = strlen(months[k]), q;
        int ok = 1;
        if (n > m)
            continue;
        for (q = 0; q < n && ok; q++)
            ok = at__to_lower((unsigned char)c->s[i + q]) == at__to_lower((unsigned char)months[k][q]);
        if (!ok)
            continue;
        if (n == m && at__sc_boundary(c, e)) {
            *end = e;
            return (int)k + 1;
        }
        /* an abbreviation: three or four letters and a point */
        if (n <= 4 && e < c->len && c->s[e] == '.') {
            *end = e + 1;
            return (int)k + 1;
        }
    }
    return 0;
}

static unsigned digits_value(const at_scan *c, size_t i, size_t j)
{
    unsigned v = 0;
    for (; i < j && v < 100000u; i++)
        v = v * 10 + (unsigned)(c->s[i] - '0');
    return v;
}

static void say_day(at_scan *c, unsigned day, size_t at)
{
    char d[3];
    size_t n = 0;
    if (day >= 10)
        d[n++] = (char)('0' + day / 10);
    d[n++] = (char)('0' + day % 10);
    at__de_ordinal(&c->say, d, n, ordinal_ending(c, at));
}

/* "24. Juli 2013", "2. Mär. 2003", "02.03.2003", "2.3.", "2003-03-02",
 * "2003-03". */
static int rule_date(at_scan *c)
{
    size_t i = c->pos, a = at__de_digits_end(c, i), b, e, me;
    unsigned day, mon;
    int m;
    if (a == i || a - i > 4)
        return 0;
    if (a - i == 4 && a < c->len && c->s[a] == '-' && at__sc_digit(c, a + 1)) {
        /* ISO: year-month[-day] */
        b = at__de_digits_end(c, a + 1);
        mon = digits_value(c, a + 1, b);
        if (b - a - 1 > 2 || mon < 1 || mon > 12 || digits_value(c, i, a) < 1000)
            return 0;
        if (b < c->len && c->s[b] == '-' && at__sc_digit(c, b + 1)) {
            e = at__de_digits_end(c, b + 1);
            day = digits_value(c, b + 1, e);
            if (e - b - 1 > 2 || day < 1 || day > 31 || !at__sc_boundary(c, e))
                return 0;
            say_day(c, day, i);
            at__say(&c->say, months[mon - 1]);
            at__de_year(&c->say, c->s + i, 4);
            c->end = e;
        } else {
            if (!at__sc_boundary(c, b) || (b < c->len && c->s[b] == '-'))
                return 0;
            at__say(&c->say, months[mon - 1]);
            at__de_year(&c->say, c->s + i, 4);
            c->end = b;
        }
        c->cls = AT_TOK_DATE;
        return 1;
    }
    if (a - i > 2 || a >= c->len || c->s[a] != '.')
        return 0;
    day = digits_value(c, i, a);
    if (day < 1 || day > 31)
        return 0;
    if (at__sc_digit(c, a + 1)) {
        /* numeric: day.month[.][year] */
        b = at__de_digits_end(c, a + 1);
        mon = digits_value(c, a + 1, b);
        if (b - a - 1 > 2 || mon < 1 || mon > 12)
            return 0;
        e = b;
        say_day(c, day, i);
        at__say(&c->say, months[mon - 1]);
        if (b < c->len && c->s[b] == '.') {
            /* "bis 15.3." at the end: the point also ends the sentence */
            e = at__sc_alnum(c, at__sc_space(c, b + 1)) ? b + 1 : b;
            if (at__sc_digit(c, b + 1)) {
                size_t y = at__de_digits_end(c, b + 1);
                if ((y - b - 1 != 4 && y - b - 1 != 2) || !at__sc_boundary(c, y)) {
                    c->say.n = 0;
                    return 0;
                }
                if (y - b - 1 == 2)
                    at__say_n(&c->say, "", 0), at__de_cardinal(&c->say, c->s + b + 1, 2, ONE_ALONE);
                else
                    at__de_year(&c->say, c->s + b + 1, 4);
                e = y;
            }
        } else if (b < c->len && (at__sc_alnum(c, b) || c->s[b] == ',' || c->s[b] == ':')) {
            c->say.n = 0;
            return 0;
        }
        c->end = e;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    b = at__sc_space(c, a + 1);
    if ((m = month_at(c, b, &me)) == 0)
        return 0;
    say_day(c, day, i);
    at__say(&c->say, months[m - 1]);
    c->end = me;
    e = at__sc_space(c, me);
    if (at__sc_digit(c, e)) {
        size_t y = at__de_digits_end(c, e);
        if (y - e == 4 && at__sc_boundary(c, y) && !(y < c->len && (c->s[y] == ',' || c->s[y] == '.') && at__sc_digit(c, y + 1))) {
            at__de_year(&c->say, c->s + e, 4);
            c->end = y;
        }
    }
    c->cls = AT_TOK_DATE;
    return 1;
}

/* ---- times ---- */

static size_t uhr_at(const at_scan *c, size_t i)
{
    size_t s = at__sc_space(c, i), e = at__de_letters_end(c, s);
    return at__de_lower_eq(c, s, e, "uhr") && at__sc_boundary(c, e) ? e : 0;
}

/* "14:30 Uhr", "8.15 Uhr", "02:02:23 Uhr", "14:30"; "2:1" is a score. */
static int rule_time(at_scan *c)
{
    size_t i = c->pos, a = at__de_digits_end(c, i), b, e, u, z, ze;
    unsigned h, mi, se = 0;
    int secs = 0;
    const at_lex_entry *zone;
    if (a == i || a - i > 2 || a + 1 >= c->len || (c->s[a] != ':' && c->s[a] != '.') || !at__sc_digit(c, a + 1))
        return 0;
    if (i > 0 && (at__sc_alnum(c, i - 1) || c->s[i - 1] == ':' || c->s[i - 1] == '.'))
        return 0;
    b = at__de_digits_end(c, a + 1);
    h = digits_value(c, i, a);
    mi = digits_value(c, a + 1, b);
    e = b;
    if (c->s[a] == ':' && b - a - 1 == 1 && h < 100 && at__sc_boundary(c, b) && !(b < c->len && c->s[b] == ':')) {
        /* a result: 2:1 */
        at__de_uint(&c->say, h, ONE_ALONE);
        at__say(&c->say, "zu");
        at__de_uint(&c->say, mi, ONE_ALONE);
        c->end = b;
        c->cls = AT_TOK_RANGE;
        return 1;
    }
    if (b - a - 1 != 2 || h > 24 || mi > 59)
        return 0;
    if (b < c->len && c->s[b] == c->s[a] && at__sc_digit(c, b + 1)) {
        size_t s2 = at__de_digits_end(c, b + 1);
        se = digits_value(c, b + 1, s2);
        if (s2 - b - 1 != 2 || se > 59)
            return 0;
        secs = 1;
        e = s2;
    }
    if (!at__sc_boundary(c, e) || (e < c->len && (c->s[e] == ':' || ((c->s[e] == '.' || c->s[e] == ',') && at__sc_digit(c, e + 1)))))
        return 0;
    u = uhr_at(c, e);
    /* with a point, only "8.15 Uhr" is a time */
    if (c->s[a] == '.' && !u)
        return 0;
    at__de_uint(&c->say, h, ONE_EIN);
    at__say(&c->say, "uhr");
    if (secs) {
        at__de_uint(&c->say, mi, ONE_EINE);
        at__say(&c->say, mi == 1 ? "minute" : "minuten");
        at__de_uint(&c->say, se, ONE_EINE);
        at__say(&c->say, se == 1 ? "sekunde" : "sekunden");
    } else if (mi) {
        at__de_uint(&c->say, mi, ONE_ALONE);
    }
    c->end = u ? u : e;
    /* a time zone after it: "14:00 Uhr MEZ" */
    z = at__sc_space(c, c->end);
    ze = at__de_letters_end(c, z);
    if (ze > z && ze - z <= 5 && at__sc_boundary(c, ze) &&
        (zone = at__lexicon_find(c->lex, AT_LEX_ZONE, c->s + z, ze - z, 1)) != NULL) {
        at__say(&c->say, zone->f[0]);
        c->end = ze;
    }
    c->cls = AT_TOK_TIME;
    return 1;
}

/* ---- telephone numbers ---- */

/* "+49 30 1234567", "+49 1234-1234", "(0411) 1234-1234", "0411/123456":
 * the country code as a number, the rest digit by digit, a pause
 * between the groups. */
static int rule_telephone(at_scan *c)
{
    size_t i = c->pos, j = i, g, total = 0, groups = 0, k;
    int plus = 0, paren = 0, slash = 0;
    if (c->s[j] == '+') {
        plus = 1;
        j++;
    } else if (c->s[j] == '(') {
        paren = 1;
        j++;
        if (!(j < c->len && c->s[j] == '0'))
            return 0;
    } else if (c->s[j] != '0') {
        return 0;
    }
    /* first pass: the shape, bounded */
    k = j;
    while (k < c->len && k - i < DE_SPAN) {
        g = at__de_digits_end(c, k);
        if (g == k || g - k > 12)
            break;
        total += g - k;
        groups++;
        k = g;
        if (paren && groups == 1) {
            if (k >= c->len || c->s[k] != ')')
                return 0;
            k++;
        }
        if (k < c->len && c->s[k] == '/' && groups == 1)
            slash = 1;
        if (k + 1 < c->len && (c->s[k] == ' ' || c->s[k] == '-' || c->s[k] == '/') && at__sc_digit(c, k + 1))
            k++;
        else
            break;
    }
    if (total < 6 || total > 16 || groups < 2 || at__sc_alnum(c, k) || (!plus && !paren && !slash))
        return 0;
    if (k < c->len && (c->s[k] == ',' || c->s[k] == '.') && at__sc_digit(c, k + 1))
        return 0;
    /* second pass: speak */
    j = plus || paren ? i + 1 : i;
    groups = 0;
    while (j < k) {
        g = at__de_digits_end(c, j);
        if (g == j) {
            j++;
            continue;
        }
        if (groups)
            at__buf_putc(&c->say, ',');
        if (plus && groups == 0) {
            at__say(&c->say, "plus");
            at__de_cardinal(&c->say, c->s + j, g - j, ONE_ALONE);
        } else {
            at__de_digits(&c->say, c->s + j, g - j);
        }
        groups++;
        j = g;
    }
    c->end = k;
    c->cls = AT_TOK_TELEPHONE;
    return 1;
}

/* ---- numbers ---- */

/* Words after which a four-digit number is a year ("im Jahr 1989"), and
 * words after which it is one unless a noun follows ("bis 1990 war",
 * but "vor 1500 Zuschauern"). */
static const char *const year_words[] = {"jahr", "jahre", "jahres", "anno", "jahrgang", NULL};
static const char *const year_maybe[] = {"seit", "sommer", "herbst", "winter", "frühjahr", "frühling", "bis", "von",
                                         "ab", "vor", "nach", "um", "ende", "anfang", "mitte", "und", NULL};

/* Is the number at [i, e) a year by the words around it? */
static int year_context(const at_scan *c, size_t i, size_t e)
{
    size_t ws, we = at__de_prev_word(c, i, &ws), me, s;
    if (at__de_prev_in(c, i, year_words) || (we > ws && month_at(c, ws, &me) && me == we))
        return 1;
    s = at__sc_space(c, e);
    return at__de_prev_in(c, i, year_maybe) && !at__sc_upper(c, s);
}

/* "1.234", "-25.037", "3,14", "5." (ordinal), "21ten", "2D-Drucker",
 * "1 Million", "im Jahr 1980". */
static int rule_number(at_scan *c)
{
    size_t i = c->pos, e, me, s, l;
    at_de_num nm;
    const char *mag = NULL;
    if (!at__de_number(c, i, &nm))
        return 0;
    e = nm.end;
    /* 1,2,3: a list the writer spelled with commas, left as written */
    if (e < c->len && c->s[e] == ',' && at__sc_digit(c, e + 1))
        return 0;
    if (!nm.fn && !nm.neg && e < c->len && c->s[e] == '.' && !at__sc_digit(c, e + 1)) {
        /* An ordinal, unless the point ends a sentence: before a sentence's
         * first word ("... auf 5. Das") or at the end, after a word that
         * is no article ("stieg auf 12."); an article before it ("dem
         * 1000.") or nothing ("3." heading a line) makes it an ordinal. */
        int last;
        s = at__sc_space(c, e + 1);
        last = !at__sc_alnum(c, s);
        if (!(s > e + 1 && (opener_at(c, s) || at__sc_digit(c, s))) &&
            (!last || line_starts(c, i) || at__de_prev_in(c, i, articles))) {
            at__de_ordinal(&c->say, nm.d, nm.n, ordinal_ending(c, i));
            /* at the end, the point also ends the sentence */
            c->end = last ? e : e + 1;
            c->cls = AT_TOK_ORDINAL;
            return 1;
        }
    }
    if (!nm.fn && !nm.neg && at__sc_alpha(c, e)) {
        l = at__de_letters_end(c, e);
        /* 21ten, 3te, 100sten: the ordinal with its written ending */
        if (at__sc_boundary(c, l) && l - e <= 4) {
            size_t t = e;
            if (c->s[t] == 's')
                t++;
            if (t < l && c->s[t] == 't' && (l - t == 1 || c->s[t + 1] == 'e')) {
                at__de_ordinal(&c->say, nm.d, nm.n, "");
                at__buf_put(&c->say, c->s + t + 1, l - t - 1);
                c->end = l;
                c->cls = AT_TOK_ORDINAL;
                return 1;
            }
        }
        /* die 1990er, in den 80ern, 1920er-Jahre: a decade */
        if (nm.n >= 2 && nm.d[nm.n - 1] == '0' && !nm.grouped && c->s[e] == 'e' && e + 1 < c->len && c->s[e + 1] == 'r' &&
            (l == e + 2 || (l == e + 3 && c->s[e + 2] == 'n') || at__sc_upper(c, e + 2) ||
             (l == e + 2 && l < c->len && c->s[l] == '-'))) {
            at__say_space(&c->say);
            if (nm.n == 4)
                at__de_year(&c->say, nm.d, nm.n);
            else
                at__de_cardinal(&c->say, nm.d, nm.n, ONE_ALONE);
            at__buf_put(&c->say, c->s + e, l - e);
            c->end = l;
            c->cls = AT_TOK_YEAR;
            return 1;
        }
        /* 3D-Drucker, 5G-Netz: the number, then the letters as written */
        if (l - e <= 2 && l < c->len && c->s[l] == '-' && at__sc_upper(c, e)) {
            at__de_say_num(&c->say, &nm, ONE_ALONE);
            at__buf_putc(&c->say, '-');
            at__buf_put(&c->say, c->s + e, l - e);
            c->end = l;
            c->cls = AT_TOK_CARDINAL;
            return 1;
        }
        return 0; /* a code: 25d08A */
    }
    if (at__sc_alpha(c, e) || (e < c->len && c->s[e] == '-' && at__sc_alpha(c, e + 1) && !at__sc_upper(c, e + 1)))
        return 0;
    /* 2-D-Drucker */
    if (!nm.fn && e + 2 < c->len && c->s[e] == '-' && at__sc_upper(c, e + 1) && c->s[e + 2] == '-') {
        at__de_say_num(&c->say, &nm, ONE_ALONE);
        at__buf_putc(&c->say, '-');
        at__buf_putc(&c->say, c->s[e + 1]);
        c->end = e + 2;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    if (e < c->len && (c->s[e] == '-' || at__sc_dash(c, e)) && !nm.neg) {
        /* 1970-2010, 10-12: a range, "bis" */
        size_t d = c->s[e] == '-' ? e + 1 : at__sc_dash(c, e);
        at_de_num hi;
        if (!at__sc_digit(c, d) || !at__de_number(c, d, &hi) || hi.neg || at__sc_alpha(c, hi.end) ||
            (hi.end < c->len && (c->s[hi.end] == '-' || c->s[hi.end] == '.' || c->s[hi.end] == '/')))
            return 0;
        if (!nm.fn && !hi.fn && !nm.grouped && !hi.grouped && nm.n == 4 && hi.n == 4) {
            at__de_year(&c->say, nm.d, nm.n);
            at__say(&c->say, "bis");
            at__de_year(&c->say, hi.d, hi.n);
        } else {
            at__de_say_num(&c->say, &nm, ONE_ALONE);
            at__say(&c->say, "bis");
            at__de_say_num(&c->say, &hi, ONE_ALONE);
        }
        c->end = hi.end;
        c->cls = AT_TOK_RANGE;
        return 1;
    }
    if ((me = at__de_magnitude_at(c, e, &mag)) != 0) {
        at__de_say_num(&c->say, &nm, ONE_EINE);
        at__de_magnitude(&c->say, mag, at__de_num_is_one(&nm) && !nm.fn);
        c->end = me;
        c->cls = AT_TOK_CARDINAL;
        return 1;
    }
    if (!nm.fn && !nm.neg && !nm.grouped && nm.n == 4 && year_context(c, i, e)) {
        at__de_year(&c->say, nm.d, nm.n);
        c->end = e;
        c->cls = AT_TOK_YEAR;
        return 1;
    }
    /* "1 Uhr": ein */
    at__de_say_num(&c->say, &nm, uhr_at(c, e) ? ONE_EIN : ONE_ALONE);
    c->end = e;
    c->cls = nm.fn ? AT_TOK_DECIMAL : AT_TOK_CARDINAL;
    return 1;
}

/* ---- electronic addresses ---- */

static const char *symbol_word(char ch)
{
    switch (ch) {
    case '.': return "punkt";
    case '@': return "at";
    case '-': return "bindestrich";
    case '_': return "unterstrich";
    case '/': return "slash";
    case ':': return "doppelpunkt";
    case '?': return "fragezeichen";
    case '=': return "gleichheitszeichen";
    case '&': return "und";
    case '#': return "raute";
    case '~': return "tilde";
    case '%': return "prozent";
    case '+': return "plus";
    default: return NULL;
    }
}

/* Letters one by one, as eSpeak NG names them: "a b c". */
static void say_letters(at_buf *b, const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        char ch = (char)at__to_lower((unsigned char)s[k]);
        at__say_n(b, &ch, 1);
    }
}

/* The longest address read: a longer run is left as written. */
#define DE_ADDR_MAX 256

/* "name@example.de", "https://www.example.com/a?b=1", "www.x.de",
 * "example.de", "@handle": labels the lexicon knows are said as it says
 * (com, de, gmail), short ones spelled, the rest as words, digits one by
 * one, symbols by name. */
static int rule_electronic(at_scan *c)
{
    size_t i = c->pos, e = at__sc_chunk(c, i), j, k, dot = 0, at = 0, at_pos = 0;
    int url = 0;
    const at_lex_entry *en;
    if (e <= i + 2 || e - i > DE_ADDR_MAX)
        return 0;
    if (at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "www.", 1))
        url = 1;
    for (j = i; j < e; j++) {
        if (c->s[j] == '@')
            at++, at_pos = j;
        else if (c->s[j] == '.' && j > i && at__sc_alnum(c, j - 1) && at__sc_alpha(c, j + 1))
            dot = j;
        else if ((unsigned char)c->s[j] >= 0x80 || c->s[j] == ',' || c->s[j] == '(' || c->s[j] == ')' ||
                 c->s[j] == '"' || c->s[j] == '\'')
            return 0;
    }
    if (!url) {
        if (at > 1)
            return 0;
        if (at == 1 && c->s[i] != '@' && !dot)
            return 0;
        if (at == 0) {
            /* a bare domain: its last label must be a known one */
            size_t le;
            if (!dot)
                return 0;
            le = at__de_letters_end(c, dot + 1);
            if (le != e || !at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + dot + 1, le - dot - 1, 1))
                return 0;
        }
        if (at == 1 && c->s[i] == '@' && !at__sc_alnum(c, i + 1))
            return 0;
    }
    if (c->s[i] == '@')
        for (at_pos = i + 1; at_pos < e && at__sc_alnum(c, at_pos);)
            at_pos++;
    for (j = i; j < e;) {
        if (at__sc_alpha(c, j)) {
            k = at__de_letters_end(c, j);
            /* the name before the @ and a handle are spelled, so they can
             * be written down */
            if (at && j < at_pos)
                say_letters(&c->say, c->s + j, k - j);
            else if ((en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + j, k - j, 1)) != NULL)
                at__say(&c->say, en->f[0]);
            else if (k - j <= 4)
                say_letters(&c->say, c->s + j, k - j);
            else
                at__say_n(&c->say, c->s + j, k - j);
            j = k;
        } else if (at__sc_digit(c, j)) {
            k = at__de_digits_end(c, j);
            at__de_digits(&c->say, c->s + j, k - j);
            j = k;
        } else {
            const char *w = symbol_word(c->s[j]);
            if (w)
                at__say(&c->say, w);
            else
                at__say_n(&c->say, c->s + j, 1);
            j++;
        }
    }
    c->end = e;
    c->cls = at ? AT_TOK_EMAIL : AT_TOK_URL;
    return 1;
}

/* ---- abbreviations ---- */

/* "z.B.", "z. B.", "Dr.", "Nr. 5", "usw.": the lexicon's `abbrev`
 * entries; "Nr." and the like only before a number. */
static int rule_abbrev(at_scan *c)
{
    size_t i = c->pos, j = i, ends[4], n = 0, k, nx;
    const at_lex_entry *en = NULL;
    while (n < 4) {
        size_t e = at__de_word_end(c, j);
        if (e == j || e - j > 12 || e >= c->len || c->s[e] != '.')
            break;
        ends[n++] = e + 1;
        j = e + 1;
        if (j < c->len && c->s[j] == ' ' && at__sc_alpha(c, j + 1))
            j++;
    }
    for (k = n; k-- > 0 && !en;)
        en = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, ends[k] - i, 0);
    if (!en)
        return 0;
    j = ends[k + 1];
    nx = at__sc_space(c, j);
    if ((en->flags & AT_LEXF_NUMBER) && !at__sc_digit(c, nx))
        return 0;
    at__say(&c->say, en->f[0]);
    /* "... usw. Die": its point also ends the sentence */
    c->end = (en->flags & AT_LEXF_END) && (nx >= c->len || opener_at(c, nx)) ? j - 1 : j;
    c->cls = AT_TOK_ABBREV;
    return 1;
}

/* A run of letters and digits mixed (C24, B2A23C, 5-3-Ws), or of numbers
 * with more commas than a decimal has (1,000,123 written the English way;
 * 1,2,3): a code or a list, left as written for eSpeak NG to read. */
static int rule_code(at_scan *c)
{
    size_t i = c->pos, e = at__sc_chunk(c, i), j;
    int digit = 0, alpha = 0, commas = 0;
    if (e - i > DE_SPAN || e == i)
        return 0;
    for (j = i; j < e; j++) {
        if (at__sc_digit(c, j))
            digit = 1;
        else if (at__sc_alpha(c, j))
            alpha = 1;
        else if (c->s[j] == ',' && at__sc_digit(c, j + 1) && j > i && at__sc_digit(c, j - 1))
            commas++;
        else if (c->s[j] != '-')
            return 0;
    }
    if (!digit || (!alpha && commas < 2))
        return 0;
    at__say_n(&c->say, c->s + i, e - i);
    c->end = e;
    c->cls = AT_TOK_WORD;
    return 1;
}

/* Order matters: the more specific pattern first. */
static const at_rule rules[] = {
    {rule_electronic, AT_RF_ALL},
    {at__rule_lexword, AT_RF_UPPER | AT_RF_LOWER},
    {rule_abbrev, AT_RF_UPPER | AT_RF_LOWER},
    {rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_time, AT_RF_DIGIT},
    {rule_date, AT_RF_DIGIT},
    {at__de_rule_money, AT_RF_ALL},
    {at__de_rule_measure, AT_RF_DIGIT | AT_RF_OTHER},
    {at__de_rule_fraction, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {rule_code, AT_RF_ALL},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_de = {"de", rules, sizeof rules / sizeof *rules};
