/* Fuzz target for the body of POST /v1/editions (src/serve/request.c):
 * the JSON request parser and the plain article bodies beside it.
 *
 * Input: byte 0 picks the Content-Type (a list below; 15 takes it from
 * the input, up to the first newline), byte 1 picks --max-input (a list
 * below), the rest is the body.
 *
 * Besides not crashing or leaking:
 *   accepted: an article of 1 to max_input bytes, not blank, in a known
 *     format (a plain body: the body's own bytes, in the Content-Type's
 *     format); meta an object of strings under the known keys; options an
 *     object whose "formats" is a non-empty array of names and whose
 *     "sidecars" is an array; the stored form (at__serve_req_json) dumps,
 *     and reads back through jansson as the worker reads it, equal;
 *   refused: the status is 400, 413, 415, 422 or 503, the request is left
 *     empty, and the message is a non-empty NUL-terminated string of valid
 *     UTF-8 (checked by utf8proc, not the project's decoder) that jansson
 *     takes as a JSON string, since the server sends it in its JSON error
 *     answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "serve.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ERRLEN 512 /* as http.c's post_edition */
#define CTYPE_FROM_INPUT 15

/* What a client may send; NULL is no Content-Type header at all. */
static const char *const ctypes[16] = {
    "application/json",
    "application/json; charset=utf-8",
    "  APPLICATION/Json ;charset=UTF-8",
    "text/plain",
    "text/plain; charset=utf-8",
    "text/markdown; charset=utf-8; variant=CommonMark",
    "text/x-markdown",
    "text/html; charset=iso-8859-1",
    "application/xhtml+xml",
    "",
    NULL,
    "application/jsonp",
    "multipart/form-data; boundary=----x",
    "application/json\xff\xfe; charset=\xc3(",
    "text/caf\xc3\xa9; q=\"\xe2\x82\xac\"",
    NULL, /* CTYPE_FROM_INPUT */
};

/* --max-input values: tiny ones reach the 413 paths with short inputs,
 * the last ones the server's default and the largest it takes. */
static const size_t max_inputs[16] = {
    1, 2, 7, 16, 31, 64, 100, 128, 255, 512, 1000, 4096, 65536, 1u << 20, 50u << 20, SIZE_MAX,
};

static void check_message(const char *err)
{
    size_t n = strnlen(err, ERRLEN), i = 0;
    json_t *s;
    if (n == 0 || n == ERRLEN)
        abort(); /* empty, or not NUL-terminated inside the buffer */
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)err + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            abort(); /* not UTF-8 */
        i += (size_t)k;
    }
    if (!(s = json_string(err)))
        abort();
    json_decref(s);
}

static int plain_format(const char *ctype, at_input_format *f)
{
    if (ctype == ctypes[3] || ctype == ctypes[4])
        *f = AT_INPUT_TEXT;
    else if (ctype == ctypes[5] || ctype == ctypes[6])
        *f = AT_INPUT_MARKDOWN;
    else if (ctype == ctypes[7] || ctype == ctypes[8])
        *f = AT_INPUT_HTML;
    else
        return 0;
    return 1;
}

static int blank(const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (!strchr(" \t\r\n", s[k]) || s[k] == '\0')
            return 0;
    return 1;
}

static void check_accepted(const at_serve_req *r, const char *ctype, const char *body, size_t len, size_t max)
{
    static const char *const meta_keys[] = {"title", "author", "date", "publication", "language", "cover", NULL};
    at_input_format f;
    const char *key;
    json_t *v, *formats, *stored, *back;
    char *text;
    size_t k;
    if (!r->article || r->len == 0 || r->len > max || blank(r->article, r->len))
        abort();
    if (r->format != AT_INPUT_TEXT && r->format != AT_INPUT_MARKDOWN && r->format != AT_INPUT_HTML)
        abort();
    if (plain_format(ctype, &f) && (r->format != f || r->len != len || memcmp(r->article, body, len) != 0))
        abort(); /* a plain body is the article as it came */
    if (!json_is_object(r->meta))
        abort();
    json_object_foreach(r->meta, key, v) {
        int known = 0;
        for (k = 0; meta_keys[k]; k++)
            known |= strcmp(key, meta_keys[k]) == 0;
        if (!known || !json_is_string(v) || json_string_length(v) == 0)
            abort();
    }
    formats = json_object_get(r->options, "formats");
    if (!json_is_object(r->options) || !json_is_array(formats) || json_array_size(formats) == 0 ||
        !json_is_array(json_object_get(r->options, "sidecars")))
        abort();
    /* what the worker reads back from request.json */
    if (!(stored = at__serve_req_json(r)) || !(text = json_dumps(stored, JSON_COMPACT)))
        abort();
    if (!(back = json_loads(text, JSON_REJECT_DUPLICATES, NULL)) || !json_equal(back, stored))
        abort();
    json_decref(back);
    free(text);
    json_decref(stored);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[ERRLEN], own[301];
    const char *ctype, *body;
    size_t max, len;
    at_serve_req r;
    int rc;
    if (size < 2)
        return 0;
    ctype = ctypes[data[0] & 15];
    max = max_inputs[data[1] & 15];
    body = (const char *)data + 2;
    len = size - 2;
    if ((data[0] & 15) == CTYPE_FROM_INPUT) {
        /* the header's value from the input: MHD hands it over as a C
         * string, so it ends at a NUL; a newline ends it here */
        size_t n = 0;
        while (n < len && n < sizeof own - 1 && body[n] != '\n' && body[n] != '\0')
            n++;
        memcpy(own, body, n);
        own[n] = '\0';
        ctype = own;
        if (n < len)
            n++;
        body += n;
        len -= n;
    }
    memset(err, 0x55, sizeof err); /* no NUL unless the parser writes one */
    rc = at__serve_parse(ctype, body, len, max, &r, err, sizeof err);
    if (rc == 0) {
        check_accepted(&r, ctype, body, len, max);
        at__serve_req_free(&r);
        return 0;
    }
    if (rc != 400 && rc != 413 && rc != 415 && rc != 422 && rc != 503)
        abort();
    if (r.article || r.len || r.meta || r.options)
        abort(); /* a refused request owns nothing */
    if (!ctype || !*ctype ? rc != 415 : 0)
        abort();
    check_message(err);
    return 0;
}
