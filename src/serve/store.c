/* The service's durable state in SQLite: the jobs, and the webhook
 * deliveries still owed. WAL mode with synchronous=FULL, so a job is on
 * disk before its 202 goes out, and a state change and the webhook it
 * owes are one transaction. One connection, used under a mutex from the
 * HTTP threads, the scheduler and the webhook thread. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "serve.h"
#include "util.h"

const char *const at__job_state_names[4] = {"queued", "running", "done", "failed"};

struct at_store {
    sqlite3 *db;
    pthread_mutex_t mu;
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS jobs ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE,"
    " idem TEXT UNIQUE,"
    " hash TEXT NOT NULL,"
    " state INTEGER NOT NULL,"
    " created REAL NOT NULL, started REAL, finished REAL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " title TEXT, error_code TEXT, error_exit INTEGER, error_message TEXT,"
    " audio_seconds REAL, render_seconds REAL);"
    "CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, seq);"
    "CREATE TABLE IF NOT EXISTS hooks ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " job TEXT NOT NULL, body TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " due REAL NOT NULL, state INTEGER NOT NULL DEFAULT 0," /* 0 owed, 1 delivered, 2 given up */
    " last_error TEXT);"
    "CREATE INDEX IF NOT EXISTS hooks_due ON hooks(state, due);";

double at__serve_wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double at__serve_mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int at__serve_mkdir(const char *path, mode_t mode)
{
    struct stat sb;
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        return -1;
    if (lstat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

at_store *at__store_open(const char *path, char *err, size_t errlen)
{
    at_store *s = at__xcalloc(1, sizeof *s);
    char *msg = NULL;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
                                           SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL,
                     &msg) != SQLITE_OK ||
        sqlite3_exec(s->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        sqlite3_close(s->db);
        free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* deliveries made or given up a week ago are history */
    {
        char sql[160];
        snprintf(sql, sizeof sql, "DELETE FROM hooks WHERE state != 0 AND due < %.0f", at__serve_wall() - 7 * 86400.0);
        sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    }
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

void at__store_close(at_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static sqlite3_stmt *prep(at_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "{\"level\":\"error\",\"event\":\"sqlite\",\"sql\":\"%.40s\",\"message\":\"%s\"}\n", sql,
                sqlite3_errmsg(s->db));
        return NULL;
    }
    return st;
}

static void text(sqlite3_stmt *st, int col, const char *v)
{
    if (v)
        sqlite3_bind_text(st, col, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

static char *col_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    return v ? at__xstrdup((const char *)v) : NULL;
}

static int exec(at_store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int at__store_add(at_store *s, const char *id, const char *idem, const char *hash, const char *title,
                  int queue_max, char *found_id, int *existing, int *conflict)
{
    sqlite3_stmt *st;
    int rc = -1;
    *existing = *conflict = 0;
    pthread_mutex_lock(&s->mu);
    exec(s, "BEGIN IMMEDIATE");
    if (idem && (st = prep(s, "SELECT id, hash FROM jobs WHERE idem = ?1")) != NULL) {
        text(st, 1, idem);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(found_id, 40, "%s", (const char *)sqlite3_column_text(st, 0));
            *existing = 1;
            *conflict = strcmp((const char *)sqlite3_column_text(st, 1), hash) != 0;
            rc = 0;
        }
        sqlite3_finalize(st);
    }
    if (!*existing && (st = prep(s, "SELECT count(*) FROM jobs WHERE state = 0")) != NULL) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) >= queue_max)
            rc = 1;
        sqlite3_finalize(st);
    }
    if (!*existing && rc != 1 &&
        (st = prep(s, "INSERT INTO jobs (id, idem, hash, state, created, title) VALUES (?1, ?2, ?3, 0, ?4, "
                      "?5)")) != NULL) {
        text(st, 1, id);
        text(st, 2, idem);
        text(st, 3, hash);
        sqlite3_bind_double(st, 4, at__serve_wall());
        text(st, 5, title);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
        snprintf(found_id, 40, "%s", id);
    }
    if (exec(s, rc == 0 ? "COMMIT" : "ROLLBACK") != 0 && rc == 0)
        rc = -1;
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void at__job_row_free(at_job_row *r)
{
    free(r->title);
    free(r->error_code);
    free(r->error_message);
    memset(r, 0, sizeof *r);
}

int at__store_find_idem(at_store *s, const char *idem, char *id, char *hash)
{
    sqlite3_stmt *st;
    int rc = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT id, hash FROM jobs WHERE idem = ?1")) != NULL) {
        text(st, 1, idem);
        rc = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(id, 40, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 1));
            rc = 1;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_get(at_store *s, const char *id, at_job_row *row)
{
    sqlite3_stmt *st;
    int rc = -1;
    memset(row, 0, sizeof *row);
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT id, state, created, started, finished, attempts, title, error_code, error_exit, "
                      "error_message, audio_seconds, render_seconds FROM jobs WHERE id = ?1")) != NULL) {
        text(st, 1, id);
        rc = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(row->id, sizeof row->id, "%s", (const char *)sqlite3_column_text(st, 0));
            row->state = (at_job_state)sqlite3_column_int(st, 1);
            row->created = sqlite3_column_double(st, 2);
            row->started = sqlite3_column_double(st, 3);
            row->finished = sqlite3_column_double(st, 4);
            row->attempts = sqlite3_column_int(st, 5);
            row->title = col_dup(st, 6);
            row->error_code = col_dup(st, 7);
            row->error_exit = sqlite3_column_int(st, 8);
            row->error_message = col_dup(st, 9);
            row->audio_seconds = sqlite3_column_double(st, 10);
            row->render_seconds = sqlite3_column_double(st, 11);
            rc = 1;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_count(at_store *s, at_job_state state)
{
    sqlite3_stmt *st;
    int n = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT count(*) FROM jobs WHERE state = ?1")) != NULL) {
        sqlite3_bind_int(st, 1, (int)state);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}

int at__store_position(at_store *s, const char *id)
{
    sqlite3_stmt *st;
    int n = 0;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT count(*) FROM jobs WHERE state = 0 AND seq <= (SELECT seq FROM jobs WHERE id = ?1 "
                      "AND state = 0)")) != NULL) {
        text(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}

int at__store_claim(at_store *s, char *id, int *attempts, int cap)
{
    sqlite3_stmt *st;
    int rc = 0;
    pthread_mutex_lock(&s->mu);
    exec(s, "BEGIN IMMEDIATE");
    if ((st = prep(s, "SELECT id, attempts FROM jobs WHERE state = 0 ORDER BY seq LIMIT 1")) != NULL) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(id, 40, "%s", (const char *)sqlite3_column_text(st, 0));
            *attempts = sqlite3_column_int(st, 1) + 1;
            rc = 1;
        }
        sqlite3_finalize(st);
    }
    if (rc == 1 && (st = prep(s, "UPDATE jobs SET state = 1, started = ?2, attempts = min(attempts + 1, ?3) WHERE id = ?1")) !=
                       NULL) {
        text(st, 1, id);
        sqlite3_bind_double(st, 2, at__serve_wall());
        sqlite3_bind_int(st, 3, cap);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = -1;
        sqlite3_finalize(st);
    }
    exec(s, rc == 1 ? "COMMIT" : "ROLLBACK");
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_finish(at_store *s, const char *id, int ok, const char *code, int exit_code, const char *msg,
                     double audio_seconds, double render_seconds, const char *title, const char *hook_body)
{
    sqlite3_stmt *st;
    int rc = -1;
    pthread_mutex_lock(&s->mu);
    exec(s, "BEGIN IMMEDIATE");
    if ((st = prep(s, "UPDATE jobs SET state = ?2, finished = ?3, error_code = ?4, error_exit = ?5, error_message = "
                      "?6, audio_seconds = ?7, render_seconds = ?8, title = coalesce(?9, title) WHERE id = ?1 AND "
                      "state = 1")) != NULL) {
        text(st, 1, id);
        sqlite3_bind_int(st, 2, ok ? AT_JOB_DONE : AT_JOB_FAILED);
        sqlite3_bind_double(st, 3, at__serve_wall());
        text(st, 4, code);
        sqlite3_bind_int(st, 5, exit_code);
        text(st, 6, msg);
        sqlite3_bind_double(st, 7, audio_seconds);
        sqlite3_bind_double(st, 8, render_seconds);
        text(st, 9, title);
        rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) == 1 ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc == 0 && hook_body && (st = prep(s, "INSERT INTO hooks (job, body, due) VALUES (?1, ?2, ?3)")) != NULL) {
        text(st, 1, id);
        text(st, 2, hook_body);
        sqlite3_bind_double(st, 3, at__serve_wall());
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    exec(s, rc == 0 ? "COMMIT" : "ROLLBACK");
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_requeue(at_store *s, const char *id, int uncount)
{
    sqlite3_stmt *st;
    int rc = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, id ? (uncount ? "UPDATE jobs SET state = 0, started = NULL, attempts = max(attempts - 1, 0) "
                                      "WHERE state = 1 AND id = ?1"
                                    : "UPDATE jobs SET state = 0, started = NULL WHERE state = 1 AND id = ?1")
                         : "UPDATE jobs SET state = 0, started = NULL, attempts = max(attempts - 1, 0) WHERE state = "
                           "1")) != NULL) {
        if (id)
            text(st, 1, id);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

char **at__store_running(at_store *s, size_t *n)
{
    sqlite3_stmt *st;
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT id FROM jobs WHERE state = 1 ORDER BY seq")) != NULL) {
        while (sqlite3_step(st) == SQLITE_ROW)
            *AT_PUSH(v, *n, cap) = col_dup(st, 0);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return v;
}

int at__store_delete(at_store *s, const char *id)
{
    sqlite3_stmt *st;
    int rc = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "DELETE FROM jobs WHERE id = ?1 AND state IN (0, 2, 3)")) != NULL) {
        text(st, 1, id);
        rc = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(s->db) : -1;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_hook_due(at_store *s, double t, at_hook_row *row, double *next_due)
{
    sqlite3_stmt *st;
    int rc = 0;
    memset(row, 0, sizeof *row);
    *next_due = 0;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT id, body, attempts, due FROM hooks WHERE state = 0 ORDER BY due LIMIT 1")) != NULL) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            if (sqlite3_column_double(st, 3) <= t) {
                row->id = sqlite3_column_int64(st, 0);
                row->body = col_dup(st, 1);
                row->attempts = sqlite3_column_int(st, 2);
                rc = 1;
            } else
                *next_due = sqlite3_column_double(st, 3);
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_hook_done(at_store *s, long long id, int delivered, double retry_at, const char *error)
{
    sqlite3_stmt *st;
    int rc = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "UPDATE hooks SET attempts = attempts + 1, state = ?2, due = ?3, last_error = ?4 WHERE id = "
                      "?1")) != NULL) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, delivered ? 1 : retry_at > 0 ? 0 : 2);
        sqlite3_bind_double(st, 3, retry_at > 0 ? retry_at : at__serve_wall());
        text(st, 4, error);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int at__store_hook_pending(at_store *s)
{
    sqlite3_stmt *st;
    int n = -1;
    pthread_mutex_lock(&s->mu);
    if ((st = prep(s, "SELECT count(*) FROM hooks WHERE state = 0")) != NULL) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}
