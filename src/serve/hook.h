/* Webhook deliveries (hook.c): a thread that sends what the outbox owes. */
#ifndef AT_SERVE_HOOK_H
#define AT_SERVE_HOOK_H

#include <pthread.h>
#include <stddef.h>

#include "serve.h"

typedef struct at_hooks {
    const char *url;
    const char *secret;
    size_t secretlen;
    double backoff; /* seconds before the first retry; doubles each time (default 2) */
    at_store *store;
    void (*log)(void *data, long long id, int attempt, int ok, double retry_at, const char *why);
    void *log_data;
    /* the thread's */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop, kicked, started;
} at_hooks;

int at__hooks_start(at_hooks *h);
/* Something new is owed: look now. */
void at__hooks_kick(at_hooks *h);
/* Ends the thread; a delivery in hand is cut off and stays owed. */
void at__hooks_stop(at_hooks *h);

#endif
