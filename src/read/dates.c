/* Dates as pages and front matter give them, made ISO 8601 so every
 * output can use them: EPUB's dc:date, the ID3 year, the feed's pubDate.
 * Times and zones are kept when the source has them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

typedef struct when {
    int y, mo, d;
    int h, mi, s, has_time;
    int zone_set, zone_min; /* minutes east of UTC */
} when;

static int month_of(const char *s, size_t n)
{
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    int k;
    if (n < 3)
        return 0;
    for (k = 0; k < 12; k++)
        if (at__strncasecmp(s, names[k], 3) == 0)
            return k + 1;
    return 0;
}

static int num(const char **p, int min_digits, int max_digits, int *out)
{
    int n = 0, v = 0;
    while (n < max_digits && at__is_digit((unsigned char)(*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min_digits)
        return 0;
    *p += n;
    *out = v;
    return 1;
}

/* hh:mm[:ss[.fff]] */
static int clock_time(const char **p, when *w)
{
    const char *q = *p;
    if (!num(&q, 1, 2, &w->h) || *q != ':')
        return 0;
    q++;
    if (!num(&q, 2, 2, &w->mi))
        return 0;
    if (*q == ':') {
        q++;
        if (!num(&q, 2, 2, &w->s))
            return 0;
        if (*q == '.' || *q == ',')
            for (q++; at__is_digit((unsigned char)*q); q++)
                ;
    }
    w->has_time = w->h < 24 && w->mi < 60 && w->s < 61;
    *p = q;
    return w->has_time;
}

/* Z, +hh:mm, +hhmm, +hh, "GMT+0000", "UTC", "GMT". */
static void zone(const char **p, when *w)
{
    const char *q = *p;
    int h = 0, m = 0, sign;
    while (*q == ' ')
        q++;
    if (*q == 'Z') {
        w->zone_set = 1;
        *p = q + 1;
        return;
    }
    if (at__strncasecmp(q, "GMT", 3) == 0 || at__strncasecmp(q, "UTC", 3) == 0) {
        q += 3;
        w->zone_set = 1;
        *p = q;
    }
    if (*q != '+' && *q != '-')
        return;
    sign = *q == '-' ? -1 : 1;
    q++;
    if (!num(&q, 2, 2, &h))
        return;
    if (*q == ':')
        q++;
    num(&q, 2, 2, &m);
    w->zone_set = 1;
    w->zone_min = sign * (h * 60 + m);
    *p = q;
}

/* 2019-11-19, 2019-11-19T05:44:06.000Z, 2019-11-19 05:44:06+0000,
 * 2019/11/19 */
static int iso_like(const char *s, when *w)
{
    const char *p = s;
    char sep;
    if (!num(&p, 4, 4, &w->y) || (*p != '-' && *p != '/'))
        return 0;
    sep = *p++;
    if (!num(&p, 1, 2, &w->mo) || *p != sep)
        return 0;
    p++;
    if (!num(&p, 1, 2, &w->d))
        return 0;
    if ((*p == 'T' || *p == ' ') && clock_time((p++, &p), w))
        zone(&p, w);
    return 1;
}

/* Words and numbers in any order, the way people and JavaScript write
 * dates: "Tue Nov 19 2019 05:44:06 GMT+0000", "Tue, 19 Nov 2019 05:44:06
 * GMT", "November 19, 2019", "Nov. 19, 2019 at 5:00", "19 November 2019". */
static int written(const char *s, when *w)
{
    const char *p = s;
    while (*p) {
        if (at__is_alpha((unsigned char)*p)) {
            const char *a = p;
            int m;
            while (at__is_alpha((unsigned char)*p))
                p++;
            if (!w->mo && (m = month_of(a, (size_t)(p - a))) != 0)
                w->mo = m;
            else if (w->has_time && (at__strncasecmp(a, "GMT", 3) == 0 || at__strncasecmp(a, "UTC", 3) == 0)) {
                p = a;
                zone(&p, w);
                if (p == a)
                    p += 3;
            }
        } else if (at__is_digit((unsigned char)*p)) {
            const char *a = p;
            int v = 0;
            if (!w->has_time && clock_time(&p, w))
                continue;
            p = a;
            num(&p, 1, 4, &v);
            if (p - a == 4)
                w->y = v;
            else if (!w->d && v >= 1 && v <= 31)
                w->d = v;
            while (at__is_alpha((unsigned char)*p)) /* 19th */
                p++;
        } else if ((*p == '+' || *p == '-') && w->has_time && !w->zone_set) {
            zone(&p, w);
            if (!w->zone_set)
                p++;
        } else {
            p++;
        }
    }
    return w->y && w->mo && w->d;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

char *at__date_iso(const char *s)
{
    when w;
    char out[64];
    memset(&w, 0, sizeof w);
    while (s && at__is_space((unsigned char)*s))
        s++;
    if (!s || !*s || strlen(s) > 80)
        return NULL;
    if (!iso_like(s, &w)) {
        memset(&w, 0, sizeof w);
        if (!written(s, &w))
            return NULL;
    }
    if (w.y < 1000 || w.y > 9999 || w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > days_in(w.y, w.mo) ||
        w.zone_min <= -24 * 60 || w.zone_min >= 24 * 60)
        return NULL;
    if (!w.has_time)
        snprintf(out, sizeof out, "%04d-%02d-%02d", w.y, w.mo, w.d);
    else if (!w.zone_set)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", w.y, w.mo, w.d, w.h, w.mi, w.s);
    else if (w.zone_min == 0)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", w.y, w.mo, w.d, w.h, w.mi, w.s);
    else
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", w.y, w.mo, w.d, w.h, w.mi, w.s,
                 w.zone_min < 0 ? '-' : '+', abs(w.zone_min) / 60, abs(w.zone_min) % 60);
    return at__xstrdup(out);
}
