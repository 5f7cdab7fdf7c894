/* Webhook deliveries: on done or failed, the scheduler writes the event
 * into the store's outbox in the same transaction as the job's new state;
 * this thread POSTs each owed event with libcurl, signed with
 * HMAC-SHA256 (GnuTLS computes it), and on failure tries again after
 * 2, 4, 8 ... seconds (--webhook-backoff; up to an hour between tries,
 * 17 tries over about six hours), from the
 * store, so the retries survive a restart. A receiver must accept a
 * repeat: an event delivered just before a crash is sent again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <gnutls/crypto.h>

#include "hook.h"
#include "serve.h"
#include "util.h"

#define HOOK_MAX_ATTEMPTS 17 /* 2 s doubling to an hour, then hourly: about six hours */

void at__hex32(const unsigned char d[32], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    size_t k;
    for (k = 0; k < 32; k++) {
        out[2 * k] = hex[d[k] >> 4];
        out[2 * k + 1] = hex[d[k] & 15];
    }
    out[64] = '\0';
}

void at__hmac_sha256_hex(const char *key, size_t keylen, const char *body, size_t len, char out[65])
{
    unsigned char mac[32];
    if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, keylen, body, len, mac) != 0)
        memset(mac, 0, sizeof mac);
    at__hex32(mac, out);
}

static size_t discard(char *p, size_t size, size_t n, void *u)
{
    (void)p;
    (void)u;
    return size * n;
}

static int stopping(at_hooks *h)
{
    int stop;
    pthread_mutex_lock(&h->mu);
    stop = h->stop;
    pthread_mutex_unlock(&h->mu);
    return stop;
}

/* libcurl's progress callback: non-zero ends the transfer. A receiver
 * that never answers held the server's stop for the 15 s of its timeout,
 * past a shorter --drain-timeout, with no job running. */
static int cut_at_stop(void *u, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt;
    (void)dn;
    (void)ut;
    (void)un;
    return stopping(u);
}

/* One POST; returns 0 on a 2xx answer, else -1 with the reason. */
static int post(at_hooks *h, const char *body, long long id, char *why, size_t whylen)
{
    CURL *c = curl_easy_init();
    struct curl_slist *hd = NULL;
    char sig[65], line[160], errbuf[CURL_ERROR_SIZE] = "";
    long code = 0;
    CURLcode rc;
    if (!c)
        return snprintf(why, whylen, "libcurl cannot start"), -1;
    at__hmac_sha256_hex(h->secret, h->secretlen, body, strlen(body), sig);
    hd = curl_slist_append(hd, "Content-Type: application/json");
    snprintf(line, sizeof line, "X-Articast-Signature: sha256=%s", sig);
    hd = curl_slist_append(hd, line);
    snprintf(line, sizeof line, "X-Articast-Delivery: %lld", id);
    hd = curl_slist_append(hd, line);
    hd = curl_slist_append(hd, "User-Agent: articast-serve");
    hd = curl_slist_append(hd, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, h->url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, cut_at_stop);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hd);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        return snprintf(why, whylen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc)), -1;
    if (code < 200 || code > 299)
        return snprintf(why, whylen, "the receiver answered %ld", code), -1;
    return 0;
}

static void *run(void *arg)
{
    at_hooks *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stop) {
        at_hook_row row;
        double next = 0, t = at__serve_wall();
        int found;
        pthread_mutex_unlock(&h->mu);
        found = at__store_hook_due(h->store, t, &row, &next);
        if (found == 1) {
            char why[300] = "";
            int ok = post(h, row.body, row.id, why, sizeof why) == 0;
            double retry = 0;
            if (!ok && stopping(h)) {
                /* cut off by the stop: still owed, and not a failed try */
                free(row.body);
                pthread_mutex_lock(&h->mu);
                break;
            }
            if (!ok && row.attempts + 1 < HOOK_MAX_ATTEMPTS)
                retry = at__serve_wall() + fmin(3600.0, h->backoff * pow(2.0, row.attempts));
            at__store_hook_done(h->store, row.id, ok, retry, ok ? NULL : why);
            if (h->log)
                h->log(h->log_data, row.id, row.attempts + 1, ok, retry, why);
            free(row.body);
            pthread_mutex_lock(&h->mu);
            continue;
        }
        pthread_mutex_lock(&h->mu);
        if (h->stop)
            break;
        {
            struct timespec until;
            double wait = next > 0 ? fmin(next - t, 60.0) : 60.0;
            if (h->kicked) {
                h->kicked = 0;
                continue;
            }
            if (wait < 0.01)
                wait = 0.01;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += (time_t)wait;
            until.tv_nsec += (long)((wait - floor(wait)) * 1e9);
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&h->cv, &h->mu, &until);
            h->kicked = 0;
        }
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

int at__hooks_start(at_hooks *h)
{
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (h->backoff <= 0)
        h->backoff = 2.0;
    h->started = pthread_create(&h->thread, NULL, run, h) == 0;
    return h->started ? 0 : -1;
}

void at__hooks_kick(at_hooks *h)
{
    if (!h->started)
        return;
    pthread_mutex_lock(&h->mu);
    h->kicked = 1;
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

void at__hooks_stop(at_hooks *h)
{
    if (!h->started)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = 1;
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    h->started = 0;
}
