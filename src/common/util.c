#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

at_status at__err(at_error *e, at_status s, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->status = s;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return s;
}

static void oom(size_t n)
{
    fprintf(stderr, "articast: out of memory allocating %zu bytes\n", n);
    abort();
}

void *at__xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *at__xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *at__xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *at__xstrndup(const char *s, size_t n)
{
    char *p = at__xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *at__xstrdup(const char *s)
{
    return s ? at__xstrndup(s, strlen(s)) : NULL;
}

void at__grow(void *pp, size_t *cap, size_t need, size_t size)
{
    void **p = pp;
    size_t c;
    if (need <= *cap)
        return;
    c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            oom(SIZE_MAX);
        c *= 2;
    }
    *p = at__xrealloc(*p, c * size);
    *cap = c;
}

void at__buf_put(at_buf *b, const char *s, size_t n)
{
    at__grow(&b->p, &b->cap, b->n + n + 1, 1);
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void at__buf_puts(at_buf *b, const char *s)
{
    at__buf_put(b, s, strlen(s));
}

void at__buf_putc(at_buf *b, char c)
{
    at__buf_put(b, &c, 1);
}

void at__buf_printf(at_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    at__grow(&b->p, &b->cap, b->n + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

char *at__buf_detach(at_buf *b)
{
    char *p = b->p ? b->p : at__xstrdup("");
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

void at__buf_free(at_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

int32_t at__utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t k = *i;
    int32_t cp;
    int need, j;
    unsigned char c = s[k];
    if (c < 0x80) {
        *i = k + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
    } else {
        *i = k + 1;
        return -1;
    }
    if (k + (size_t)need >= len) {
        *i = k + 1;
        return -1;
    }
    for (j = 1; j <= need; j++) {
        unsigned char d = s[k + (size_t)j];
        if ((d & 0xC0) != 0x80) {
            *i = k + 1;
            return -1;
        }
        cp = (cp << 6) | (d & 0x3F);
    }
    /* overlong, surrogate and out-of-range forms */
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = k + 1;
        return -1;
    }
    *i = k + (size_t)need + 1;
    return cp;
}

void at__utf8_put(at_buf *b, int32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    at__buf_put(b, t, n);
}

size_t at__utf8_check(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (at__utf8_next(s, len, &i) < 0)
            return at;
    }
    return len;
}

void at__buf_put_utf8(at_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t run = at__utf8_check(s + i, len - i), bad;
        at__buf_put(b, s + i, run);
        i += run;
        if (i >= len)
            break;
        bad = i;
        at__utf8_next(s, len, &i); /* one invalid sequence: one U+FFFD */
        if (i == bad)
            i++;
        at__utf8_put(b, 0xFFFD);
    }
}

at_status at__read_file(const char *path, size_t max, char **out, size_t *len, at_error *e)
{
    int fd;
    struct stat st;
    at_buf b = {0};
    char chunk[65536];
    int is_stdin = strcmp(path, "-") == 0;

    if (is_stdin) {
        fd = STDIN_FILENO;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
            return at__err(e, AT_EINPUT_IO, "%s: cannot open: %s", path, strerror(errno));
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            return at__err(e, AT_EINPUT_IO, "%s: is a directory, not an article file", path);
        }
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
            close(fd);
            return at__err(e, AT_EINPUT, "%s: %lld bytes is over the input limit of %zu bytes",
                           path, (long long)st.st_size, max);
        }
        if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
            /* A FIFO is read like a pipe: wait for its writer, as `cat`
             * does. The non-blocking open above returns at once with no
             * writer, and a read would then see end-of-file at once and
             * call the article empty. The descriptor is kept (closing it
             * and opening again would throw away whatever a quick writer
             * already wrote and closed): poll() waits until data arrives
             * or a writer has come and gone (Linux reports POLLHUP only
             * after a writer connected since this open). The CLI's
             * SIGINT/SIGTERM handlers end the wait with EINTR, which poll
             * never restarts: that is an interruption, never retried, or
             * the wait could not be stopped. */
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            int r;
            while ((r = poll(&pfd, 1, -1)) == 0)
                ;
            if (r < 0) {
                int err = errno;
                close(fd);
                if (err == EINTR)
                    return at__err(e, AT_EINTR, "%s: interrupted while waiting for a writer", path);
                return at__err(e, AT_EINPUT_IO, "%s: cannot wait for a writer: %s", path, strerror(err));
            }
            /* A writer has connected: from here on the FIFO is a pipe, and a
             * blocking read returns 0 only once every writer is gone. */
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        } else {
            /* O_NONBLOCK only guards the open of a device or FIFO. */
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        }
    }
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            at__err(e, AT_EINPUT_IO, "%s: read failed: %s", path, strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        if (b.n + (size_t)r > max) {
            at__err(e, AT_EINPUT, "%s: input is over the limit of %zu bytes", path, max);
            goto fail;
        }
        at__buf_put(&b, chunk, (size_t)r);
    }
    if (!is_stdin)
        close(fd);
    *len = b.n;
    *out = at__buf_detach(&b);
    return AT_OK;
fail:
    if (!is_stdin)
        close(fd);
    at__buf_free(&b);
    return e ? e->status : AT_EINPUT_IO;
}


int at__strncasecmp(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y) {
            x = at__to_lower(x);
            y = at__to_lower(y);
            if (x != y)
                return x - y;
        }
        if (!x)
            return 0;
    }
    return 0;
}

int at__strcasecmp(const char *a, const char *b)
{
    return at__strncasecmp(a, b, SIZE_MAX);
}

/* Character classes of code points, shared by the normalizer and the
 * segmenter. */
int at__cp_is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2009 ||
           c == 0x200A || c == 0x202F || c == 0x2002 || c == 0x2003 || c == 0x3000 || c == 0xFEFF;
}

/* Letters: ASCII, Latin-1 and beyond. Anything >= 0xC0 that isn't
 * punctuation we know of counts as a letter. */
int at__cp_is_alpha(int32_t c)
{
    if (c < 0x80)
        return at__is_alpha((int)c);
    if (c == 0xD7 || c == 0xF7)
        return 0;
    if (c >= 0xC0 && c < 0x2000)
        return 1;
    if (c >= 0x2000 && c < 0x2C00)
        return 0; /* general punctuation, symbols, currency, arrows */
    if (c >= 0x3000 && c < 0x3040)
        return 0;
    return c >= 0x2C00;
}

int at__cp_is_alnum(int32_t c)
{
    return (c < 0x80 && at__is_digit((int)c)) || at__cp_is_alpha(c);
}

/* A capital (Unicode categories Lu and Lt, from utf8proc): "Å", "Ł", "Ж". */
int at__cp_is_upper(int32_t c)
{
    utf8proc_category_t cat;
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (!utf8proc_codepoint_valid(c))
        return 0;
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

size_t at__blank_controls(char *s, size_t len, size_t *first)
{
    size_t i, n = 0;
    *first = len;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            if (n++ == 0)
                *first = i;
            s[i] = ' ';
            /* a terminal's colour sequence, ESC [ 31 m, goes whole */
            if (c == 0x1B && i + 1 < len && s[i + 1] == '[') {
                size_t j = i + 2;
                while (j < len && j - i < 32 && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x40)
                    j++;
                if (j < len && (unsigned char)s[j] >= 0x40 && (unsigned char)s[j] <= 0x7E) {
                    memset(s + i + 1, ' ', j - i);
                    i = j;
                }
            }
        }
    }
    return n;
}

size_t at__count_controls(const char *s, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        n += (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    }
    return n;
}

void at__lang_primary(const char *tag, char *out)
{
    size_t i = 0;
    out[0] = '\0';
    if (!tag)
        return;
    while (tag[i] && i < 8 && at__is_alpha((unsigned char)tag[i])) {
        out[i] = (char)at__to_lower((unsigned char)tag[i]);
        i++;
    }
    /* a primary subtag is 2 to 8 letters, then the end or a separator */
    if (i < 2 || (tag[i] && tag[i] != '-' && tag[i] != '_'))
        i = 0;
    out[i] = '\0';
}

int at__parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10), mul = 1;
    if (*s == '\0' || *s == '-' || end == s)
        return -1;
    if (*end == 'k' || *end == 'K')
        mul = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1024 * 1024, end++;
    if (*end != '\0' || v == 0 || v > (unsigned long long)SIZE_MAX / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}
