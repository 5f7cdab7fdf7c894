/* Dates and times: month names, written and numeric dates, day ranges,
 * clock times with a.m./p.m. and time zones. */
#include <string.h>

#include "classify.h"

static const char *const month_names[13] = {"",     "January", "February", "March",     "April",   "May",     "June",
                                             "July", "August",  "September", "October", "November", "December"};
static const char *const month_abbr[13] = {"", "jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

const char *at__month_name(int m)
{
    return m >= 1 && m <= 12 ? month_names[m] : "";
}

int at__month_at(const at_scan *c, size_t i, size_t j)
{
    static const size_t lens[13] = {0, 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8};
    size_t n = j - i;
    int m;
    if (n < 3 || n > 9 || !c->s[i] || !strchr("jfmasondJFMASOND", c->s[i]))
        return 0;
    for (m = 1; m <= 12; m++) {
        if (lens[m] == n && at__strncasecmp(c->s + i, month_names[m], n) == 0)
            return m;
        if (month_abbr[m][0] && n == 3 && at__strncasecmp(c->s + i, month_abbr[m], 3) == 0)
            return m;
    }
    if (n == 4 && at__strncasecmp(c->s + i, "sept", 4) == 0)
        return 9;
    return 0;
}

/* A day of the month, 1..31, with an optional ordinal suffix; returns its
 * end or 0. */
static size_t day_at(const at_scan *c, size_t i, int *day)
{
    size_t j = at__sc_digits(c, i);
    int v;
    if (j == i || j - i > 2)
        return 0;
    v = (int)at__digits_value(c->s + i, j - i);
    if (v < 1 || v > 31)
        return 0;
    if (j + 2 <= c->len && (at__sc_lit(c, j, "st", 1) || at__sc_lit(c, j, "nd", 1) || at__sc_lit(c, j, "rd", 1) ||
                            at__sc_lit(c, j, "th", 1)))
        j += 2;
    if (!at__sc_boundary(c, j))
        return 0;
    *day = v;
    return j;
}

/* A year of four digits, 1000..2999, standing alone. */
static size_t year_at(const at_scan *c, size_t i)
{
    size_t j = at__sc_digits(c, i);
    if (j - i != 4 || (c->s[i] != '1' && c->s[i] != '2') || !at__sc_boundary(c, j))
        return 0;
    return j;
}

static void say_day(at_buf *b, int day)
{
    at__say_uint(b, (unsigned long long)day);
    at__ordinalize(b);
}

/* Month day: "October twenty-eighth" (en-US) or "the twenty-eighth of
 * October" (en-GB); a second day makes a range. */
static void say_month_day(at_scan *c, int m, int d1, int d2, int the)
{
    if (c->opt->day_first || the == 2) {
        if (the)
            at__say(&c->say, "the");
        say_day(&c->say, d1);
        if (d2) {
            at__say(&c->say, "to");
            say_day(&c->say, d2);
        }
        at__say(&c->say, "of");
        at__say(&c->say, month_names[m]);
        return;
    }
    at__say(&c->say, month_names[m]);
    say_day(&c->say, d1);
    if (d2) {
        at__say(&c->say, "to");
        say_day(&c->say, d2);
    }
}

/* Is the word before byte i "the"? */
static int after_the(const at_scan *c, size_t i)
{
    while (i > 0 && c->s[i - 1] == ' ')
        i--;
    return i >= 3 && at__strncasecmp(c->s + i - 3, "the", 3) == 0 && (i == 3 || !at__sc_alnum(c, i - 4));
}

/* A dash between two days, close (2-6) or with a space on each side
 * (Feb. 2 – 6): the position after it and its spaces, else 0. */
static size_t spaced_dash(const at_scan *c, size_t k)
{
    size_t e = at__sc_dash(c, k), s;
    if (e)
        return e;
    if (k >= c->len || c->s[k] != ' ')
        return 0;
    s = at__sc_space(c, k);
    if (!(e = at__sc_dash(c, s)) || e >= c->len || c->s[e] != ' ')
        return 0;
    return at__sc_space(c, e);
}

/* Oct. 28-31 / May 14 / March 30, 2024 / Jan-15-2020 / July 1876 */
static int month_first(at_scan *c)
{
    size_t i = c->pos, j = at__sc_letters(c, i), k, e;
    int m = at__month_at(c, i, j), d1 = 0, d2 = 0, comma = 0;
    if (!m || !at__sc_boundary(c, j))
        return 0;
    /* "you may 5": the verb, unless a capital says it is the month */
    if (m == 5 && c->s[i] == 'm')
        return 0;
    k = j;
    if (k < c->len && c->s[k] == '.')
        k++;
    if (k < c->len && c->s[k] == '-' && at__sc_digit(c, k + 1))
        k++;
    else {
        e = at__sc_space(c, k);
        if (e == k)
            return 0;
        k = e;
    }
    /* July 1876 */
    if ((e = year_at(c, k)) != 0) {
        at__say(&c->say, month_names[m]);
        at__say_year(&c->say, c->s + k, 4);
        c->end = e;
        c->cls = AT_TOK_DATE;
        return 1;
    }
    if (!(e = day_at(c, k, &d1)))
        return 0;
    k = e;
    if ((e = spaced_dash(c, k)) && (e = day_at(c, e, &d2)) && d2 > d1)
        k = e;
    else
        d2 = 0;
    c->cls = d2 ? AT_TOK_DATE_RANGE : AT_TOK_DATE;
    say_month_day(c, m, d1, d2, 1);
    c->end = k;
    /* , 2024 / -2020 / 2020 */
    e = k;
    if (e < c->len && c->s[e] == ',') {
        e++;
        comma = 1;
    }
    if (e < c->len && c->s[e] == '-' && !comma)
        e++;
    else
        e = at__sc_space(c, e);
    if (year_at(c, e)) {
        if (comma)
            at__buf_putc(&c->say, ',');
        at__say_year(&c->say, c->s + e, 4);
        c->end = e + 4;
    }
    return 1;
}

/* 12 August 1949 / 25th jul 2012 / 28-31 October */
static int day_first(at_scan *c)
{
    size_t i = c->pos, k, e, j;
    int d1, d2 = 0, m;
    if (!(k = day_at(c, i, &d1)))
        return 0;
    if ((e = at__sc_dash(c, k)) && (e = day_at(c, e, &d2)) && d2 > d1)
        k = e;
    else
        d2 = 0;
    e = at__sc_space(c, k);
    if (e == k)
        return 0;
    j = at__sc_letters(c, e);
    if (!(m = at__month_at(c, e, j)) || !at__sc_boundary(c, j))
        return 0;
    /* "10 may" is rarely a date without a capital */
    if (m == 5 && c->s[e] == 'm' && !year_at(c, at__sc_space(c, j)))
        return 0;
    if (j < c->len && c->s[j] == '.' && !(j + 1 >= c->len))
        j++;
    if (!after_the(c, i))
        at__say(&c->say, "the");
    say_day(&c->say, d1);
    if (d2) {
        at__say(&c->say, "to");
        say_day(&c->say, d2);
    }
    at__say(&c->say, "of");
    at__say(&c->say, month_names[m]);
    c->end = j;
    e = j;
    if (e < c->len && c->s[e] == ',')
        e++;
    e = at__sc_space(c, e);
    if (year_at(c, e)) {
        at__say_year(&c->say, c->s + e, 4);
        c->end = e + 4;
    }
    c->cls = d2 ? AT_TOK_DATE_RANGE : AT_TOK_DATE;
    return 1;
}

static void say_short_year(at_buf *b, const char *d, size_t n)
{
    if (n == 2 && d[0] == '0') {
        at__say(b, "oh");
        at__say_digits(b, d + 1, 1);
    } else if (n == 2) {
        at__say_cardinal(b, d, n);
    } else {
        at__say_year(b, d, n);
    }
}

/* Which of a/b is the month: day first when a cannot be a month or the
 * locale writes the day first (and b can be a month), else month first. */
static void month_day_order(const at_scan *c, int a, int b, int *m, int *d)
{
    int day_first = a > 12 || (c->opt->day_first && b <= 12);
    *m = day_first ? b : a;
    *d = day_first ? a : b;
}

/* 2024-04-05 / 2016/07/03 / 10/06/2005 / 15.01.2020 / 11/17/05 */
static int numeric_date(at_scan *c)
{
    size_t p[3], n[3], i = c->pos, j;
    char sep = 0;
    int k, y, m, d;
    for (k = 0; k < 3; k++) {
        j = at__sc_digits(c, i);
        if (j == i || j - i > 4)
            return 0;
        p[k] = i;
        n[k] = j - i;
        if (k < 2) {
            if (j >= c->len || (c->s[j] != '-' && c->s[j] != '/' && c->s[j] != '.'))
                return 0;
            if (sep && c->s[j] != sep)
                return 0;
            sep = c->s[j];
            i = j + 1;
        } else {
            i = j;
        }
    }
    if (!at__sc_boundary(c, i) || (i < c->len && (c->s[i] == '-' || c->s[i] == '/')))
        return 0;
    if (i + 1 < c->len && c->s[i] == '.' && at__sc_digit(c, i + 1))
        return 0;
    if (n[0] == 4) {
        y = 0;
        m = (int)at__digits_value(c->s + p[1], n[1]);
        d = (int)at__digits_value(c->s + p[2], n[2]);
        if (n[1] > 2 || n[2] > 2)
            return 0;
    } else {
        int a = (int)at__digits_value(c->s + p[0], n[0]), b = (int)at__digits_value(c->s + p[1], n[1]);
        if (n[0] > 2 || n[1] > 2 || (n[2] != 4 && n[2] != 2))
            return 0;
        if (sep == '.' && n[2] == 2)
            return 0; /* 1.2.3 is more likely a version */
        y = 2;
        month_day_order(c, a, b, &m, &d);
    }
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    /* 15.01.2020 was written day first: read it so */
    say_month_day(c, m, d, 0, y != 0 && d == (int)at__digits_value(c->s + p[0], n[0]) && d > 12 ? 2 : 1);
    if (y == 0)
        at__say_year(&c->say, c->s + p[0], 4);
    else
        say_short_year(&c->say, c->s + p[2], n[2]);
    c->end = i;
    c->cls = AT_TOK_DATE;
    return 1;
}

static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                   "sunday", "mon",     "tue",       "tues",     "wed",    "thu",
                                   "thur",   "thurs",   "fri",       "sat",      "sun"};

/* The weekday (0 Monday .. 6 Sunday) whose name or short name is s[b, e),
 * else -1. */
static int weekday_of(const at_scan *c, size_t b, size_t e)
{
    static const int day_of[] = {0, 1, 2, 3, 4, 5, 6, 0, 1, 1, 2, 3, 3, 3, 4, 5, 6};
    size_t k;
    for (k = 0; k < sizeof days / sizeof *days; k++)
        if (strlen(days[k]) == e - b && at__strncasecmp(days[k], c->s + b, e - b) == 0)
            return day_of[k];
    return -1;
}

/* Monday-Friday, Mon.-Fri.: a range of weekdays, "Monday to Friday". */
static int weekday_range(at_scan *c)
{
    static const char *const names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    size_t i = c->pos, e, f, g;
    int a, b;
    /* cheap tests first: this runs at every capitalized word */
    char f0 = c->s[i];
    if (!(f0 == 'M' || f0 == 'T' || f0 == 'W' || f0 == 'F' || f0 == 'S') || !at__sc_alpha(c, i + 1))
        return 0;
    e = at__sc_letters(c, i);
    if (e - i < 3 || e - i > 9)
        return 0;
    f = at__sc_space(c, e < c->len && c->s[e] == '.' ? e + 1 : e);
    if (!(g = at__sc_dash(c, f)) || !at__sc_upper(c, (g = at__sc_space(c, g))) || (a = weekday_of(c, i, e)) < 0)
        return 0;
    e = at__sc_letters(c, g);
    if ((b = weekday_of(c, g, e)) < 0 || b == a)
        return 0;
    if (e < c->len && c->s[e] == '.' && e - g < 6)
        e++;
    if (!at__sc_boundary(c, e))
        return 0;
    at__say(&c->say, names[a]);
    at__say(&c->say, "to");
    at__say(&c->say, names[b]);
    /* a final full stop before the next sentence is left as punctuation */
    if (c->s[e - 1] == '.') {
        size_t n = at__sc_space(c, e);
        if (n >= c->len || (n > e && at__sc_sentence_opener(c, n)))
            e--;
    }
    c->end = e;
    c->cls = AT_TOK_DATE;
    return 1;
}

/* Whether a weekday (Tuesday, Tue., Tues) comes just before i, past
 * spaces, a comma or an opening bracket. */
static int after_weekday(const at_scan *c, size_t i)
{
    size_t e = i, b;
    while (e > 0 && i - e < 4 && (c->s[e - 1] == ' ' || c->s[e - 1] == '(' || c->s[e - 1] == ','))
        e--;
    if (e == i || e == 0)
        return 0;
    if (c->s[e - 1] == '.')
        e--;
    for (b = e; b > 0 && e - b < 9 && at__sc_alpha(c, b - 1);)
        b--;
    if (b == e || (b > 0 && at__sc_alnum(c, b - 1)))
        return 0;
    return weekday_of(c, b, e) >= 0;
}

/* Tuesday (2/13): a month and day with a slash after a weekday, where
 * it would otherwise be a fraction (two thirteenths). */
static int weekday_slash_date(at_scan *c)
{
    size_t i = c->pos, j = at__sc_digits(c, i), e;
    int a, b, m, d;
    if (j == i || j - i > 2 || j >= c->len || c->s[j] != '/' || !after_weekday(c, i))
        return 0;
    e = at__sc_digits(c, j + 1);
    if (e == j + 1 || e - j - 1 > 2 || !at__sc_boundary(c, e) || (e < c->len && c->s[e] == '/'))
        return 0;
    a = (int)at__digits_value(c->s + i, j - i);
    b = (int)at__digits_value(c->s + j + 1, e - j - 1);
    month_day_order(c, a, b, &m, &d);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    say_month_day(c, m, d, 0, 1);
    c->end = e;
    c->cls = AT_TOK_DATE;
    return 1;
}

int at__rule_date(at_scan *c)
{
    if (at__sc_alpha(c, c->pos))
        return month_first(c) || weekday_range(c);
    if (!at__sc_digit(c, c->pos))
        return 0;
    return numeric_date(c) || weekday_slash_date(c) || day_first(c);
}

/* a.m. / am / AM / a.m / p.m. ...: its end (a final full stop that ends
 * the sentence is left to be punctuation), else 0; *pm set for p.m. */
static size_t ampm_at(const at_scan *c, size_t i, int *pm)
{
    size_t j;
    char ch;
    if (i >= c->len)
        return 0;
    ch = (char)at__to_lower((unsigned char)c->s[i]);
    if (ch != 'a' && ch != 'p')
        return 0;
    *pm = ch == 'p';
    j = i + 1;
    if (j < c->len && c->s[j] == '.')
        j++;
    if (j >= c->len || at__to_lower((unsigned char)c->s[j]) != 'm')
        return 0;
    j++;
    if (!at__sc_boundary(c, j))
        return 0;
    if (j < c->len && c->s[j] == '.' && c->s[i + 1] == '.') {
        size_t e = at__sc_space(c, j + 1);
        /* "at 9 a.m. The ..." keeps its full stop as the sentence end */
        if (!(e >= c->len || (e > j + 1 && at__sc_sentence_opener(c, e))))
            j++;
    }
    return j;
}

/* A time zone after a time: EST, e.s.t, GMT. */
static size_t zone_at(at_scan *c, size_t i)
{
    size_t j = i, n = 0;
    char key[8];
    const at_lex_entry *en;
    while (j < c->len && n < sizeof key - 1 && (at__sc_alpha(c, j) || (c->s[j] == '.' && n))) {
        if (c->s[j] != '.')
            key[n++] = (char)at__to_lower((unsigned char)c->s[j]);
        j++;
    }
    if (n < 2 || !at__sc_boundary(c, j))
        return 0;
    if (!(en = at__lexicon_find(c->lex, AT_LEX_ZONE, key, n, 1)))
        return 0;
    at__say(&c->say, en->f[0]);
    return j;
}

/* One clock time at i: 3:30 p.m. / 9 a.m. / 14:10 / 1:01:01 / 5pm. */
static size_t one_time(at_scan *c, size_t i)
{
    size_t j = at__sc_digits(c, i), e, mm = 0, ss = 0, ap;
    unsigned h, mi = 0, se = 0;
    int pm = 0, clock = 0;
    if (j == i || j - i > 2)
        return 0;
    h = (unsigned)at__digits_value(c->s + i, j - i);
    if (j + 2 < c->len && (c->s[j] == ':' || c->s[j] == '.') && at__sc_digits(c, j + 1) == j + 3) {
        mm = j + 1;
        mi = (unsigned)at__digits_value(c->s + mm, 2);
        j += 3;
        clock = c->s[mm - 1] == ':';
        if (clock && j + 2 < c->len && c->s[j] == ':' && at__sc_digits(c, j + 1) == j + 3) {
            ss = j + 1;
            se = (unsigned)at__digits_value(c->s + ss, 2);
            j += 3;
        }
    }
    if (h > 24 || mi > 59 || se > 59)
        return 0;
    /* 1:07.503: a lap or race time, minutes then seconds to the
     * thousandth, "one minute seven point five zero three seconds" */
    if (clock && !ss && j + 1 < c->len && c->s[j] == '.' && at__sc_digit(c, j + 1)) {
        size_t f = at__sc_digits(c, j + 1);
        if (f - j - 1 > 3 || !at__sc_boundary(c, f) || (f < c->len && c->s[f] == '.' && at__sc_digit(c, f + 1)))
            return 0;
        at__say_uint(&c->say, h);
        at__say(&c->say, h == 1 ? "minute" : "minutes");
        at__say_uint(&c->say, mi);
        at__say(&c->say, "point");
        at__say_digits(&c->say, c->s + j + 1, f - j - 1);
        at__say(&c->say, "seconds");
        return f;
    }
    e = at__sc_space(c, j);
    ap = ampm_at(c, e, &pm);
    if (!ap && (!clock || (j < c->len && c->s[j] == ':')))
        return 0;
    /* 11:30EST: a zone may be glued on */
    if (!ap && !at__sc_boundary(c, j)) {
        size_t mark = c->say.n, z = zone_at(c, j);
        c->say.n = mark;
        if (!z)
            return 0;
    }
    if (ss) {
        at__say_uint(&c->say, h);
        at__say(&c->say, h == 1 ? "hour" : "hours");
        at__say_uint(&c->say, mi);
        at__say(&c->say, mi == 1 ? "minute" : "minutes");
        at__say(&c->say, "and");
        at__say_uint(&c->say, se);
        at__say(&c->say, se == 1 ? "second" : "seconds");
    } else {
        at__say_uint(&c->say, h);
        if (mm && mi == 0 && !ap)
            at__say(&c->say, "o'clock");
        else if (mm && mi > 0 && mi < 10) {
            at__say(&c->say, "oh");
            at__say_uint(&c->say, mi);
        } else if (mm && mi)
            at__say_uint(&c->say, mi);
    }
    if (ap) {
        at__say(&c->say, pm ? "P.M." : "A.M.");
        j = ap;
    }
    /* 1:59 p.m. EST: the zone may follow the full stop */
    e = j < c->len && c->s[j] == '.' && ap ? j + 1 : j;
    e = at__sc_space(c, e);
    if ((ap || clock) && (e = zone_at(c, e)) != 0)
        j = e;
    return j;
}

/* A 24-hour time of four digits is a time only with its zone: "0225 GMT"
 * is "oh two twenty-five G.M.T.", "1400 UTC" "fourteen hundred U.T.C.".
 * Alone, "0225" may be any code, and "1400" a number. */
static size_t zoned_hhmm(at_scan *c, size_t i)
{
    size_t j = at__sc_digits(c, i), z, mark = c->say.n;
    unsigned h, mi;
    if (j - i != 4 || !at__sc_boundary(c, j) || (i > 0 && (at__sc_alnum(c, i - 1) || c->s[i - 1] == '.')))
        return 0;
    h = (unsigned)at__digits_value(c->s + i, 2);
    mi = (unsigned)at__digits_value(c->s + i + 2, 2);
    if (h > 23 || mi > 59)
        return 0;
    if (h < 10)
        at__say(&c->say, "oh");
    at__say_uint(&c->say, h);
    if (mi == 0)
        at__say(&c->say, "hundred");
    else {
        if (mi < 10)
            at__say(&c->say, "oh");
        at__say_uint(&c->say, mi);
    }
    if ((z = at__sc_space(c, j)) == j || !(z = zone_at(c, z))) {
        c->say.n = mark;
        if (c->say.p)
            c->say.p[mark] = '\0';
        return 0;
    }
    return z;
}

int at__rule_time(at_scan *c)
{
    size_t j, e;
    if (!at__sc_digit(c, c->pos))
        return 0;
    if (!(j = one_time(c, c->pos)) && !(j = zoned_hhmm(c, c->pos)))
        return 0;
    c->cls = AT_TOK_TIME;
    c->end = j;
    /* 10:25 p.m. EDT/0225 GMT: the same moment in two zones, a pause between */
    if (j + 1 < c->len && c->s[j] == '/' && j > c->pos && at__sc_alpha(c, j - 1)) {
        size_t mark = c->say.n;
        at__buf_putc(&c->say, ',');
        if ((e = zoned_hhmm(c, j + 1)) != 0 || (e = one_time(c, j + 1)) != 0) {
            c->end = e;
            return 1;
        }
        c->say.n = mark;
        c->say.p[mark] = '\0';
    }
    /* 2pm-5pm / 4:00 am - 8:12 pm */
    e = at__sc_space(c, j);
    if ((e = at__sc_dash(c, e)) != 0) {
        size_t mark = c->say.n;
        at__say(&c->say, "to");
        e = at__sc_space(c, e);
        if (at__sc_digit(c, e) && (e = one_time(c, e)) != 0) {
            c->end = e;
            return 1;
        }
        c->say.n = mark;
        c->say.p[mark] = '\0';
    }
    return 1;
}
