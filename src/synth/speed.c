/* The listening speed: which eSpeak NG rate makes a voice `speed` times
 * as fast as its profile's own.
 *
 * eSpeak NG's words-per-minute setting is not proportional to the time it
 * takes: doubling it from 165 to 330 makes news copy, spoken a sentence
 * per call as a render speaks it, last 0.517 as long, not 0.5, because
 * its phoneme lengths and clause pauses follow tables of their own. The
 * table below is that time, relative to the time at 175, measured with
 * bench/rate_curve on 979 sentences (14,396 words) of 15 articles of the
 * article-extraction corpus, `articast normalize`d, averaged over five
 * voices of the roster (en-us, en-gb-x-rp+f2, en-029+michel,
 * en-gb-scotland+m3, en-us-nyc+Andy), which agree within 4%. From 450
 * up, eSpeak NG speaks at its own top rate and time-compresses the sound
 * with its speed-up (sonic). Written here since no library maps a speed
 * to eSpeak NG's setting. */
#include <math.h>

#include "engine.h"

static const struct {
    double wpm, rel;
} curve[] = {
    {80, 2.0636},   {90, 1.9367},   {100, 1.7445},  {110, 1.5885},  {120, 1.4591}, {135, 1.2924},
    {150, 1.1679},  {165, 1.0636},  {175, 1.0000},  {200, 0.8776},  {225, 0.7823}, {250, 0.7097},
    {275, 0.6511},  {300, 0.6006},  {330, 0.5501},  {360, 0.5097},  {400, 0.4616}, {449, 0.4126},
    {450, 0.4027},  {500, 0.3618},  {550, 0.3286},  {600, 0.3009},  {700, 0.2582}, {800, 0.2250},
    {1000, 0.1791}, {1200, 0.1488}, {1500, 0.1186}, {1800, 0.0975},
};
#define NCURVE (sizeof curve / sizeof *curve)
#define WPM_MIN 80    /* eSpeak NG speaks no slower */
#define WPM_MAX 3000  /* far past 4 times any profile's rate */

/* The relative time at `wpm`: log-log interpolation, the end segments
 * extended. */
static double rel_time(double wpm)
{
    size_t k = 1;
    double t;
    while (k + 1 < NCURVE && curve[k].wpm < wpm)
        k++;
    t = (log(wpm) - log(curve[k - 1].wpm)) / (log(curve[k].wpm) - log(curve[k - 1].wpm));
    return exp(log(curve[k - 1].rel) + t * (log(curve[k].rel) - log(curve[k - 1].rel)));
}

int at__voice_wpm(const at_voice *v, double speed)
{
    double want, lo = WPM_MIN, hi = WPM_MAX;
    int k;
    if (!(speed > 0) || speed == 1.0)
        return v->rate;
    want = rel_time(v->rate) / speed;
    if (rel_time(lo) <= want)
        return WPM_MIN;
    if (rel_time(hi) >= want)
        return WPM_MAX;
    for (k = 0; k < 40; k++) { /* rel_time falls as wpm rises */
        double mid = 0.5 * (lo + hi);
        if (rel_time(mid) > want)
            lo = mid;
        else
            hi = mid;
    }
    return (int)lrint(0.5 * (lo + hi));
}

double at__voice_speed_at(const at_voice *v, int wpm)
{
    return rel_time(v->rate) / rel_time(wpm < WPM_MIN ? WPM_MIN : wpm);
}
