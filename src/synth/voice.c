#include "voice.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct int_key {
    const char *key;
    size_t off;
    int lo, hi;
} int_key;

static const int_key int_keys[] = {
    {"rate", offsetof(at_voice, rate), 80, 450},
    {"pitch", offsetof(at_voice, pitch), 0, 100},
    {"range", offsetof(at_voice, range), 0, 100},
    {"wordgap", offsetof(at_voice, wordgap), 0, 100},
    {"volume", offsetof(at_voice, volume), 0, 200},
};

static void voice_clear(at_voice *v)
{
    free(v->name);
    free(v->engine);
    free(v->variant);
    memset(v, 0, sizeof *v);
}

/* Sets `key` to `val`; returns 0 or an error message. */
static const char *set_key(at_voice *v, const char *key, const char *val)
{
    size_t k;
    for (k = 0; k < sizeof int_keys / sizeof *int_keys; k++) {
        if (strcmp(key, int_keys[k].key) == 0) {
            char *end;
            long x = strtol(val, &end, 10);
            if (*val == '\0' || *end != '\0')
                return "expects a whole number";
            if (x < int_keys[k].lo || x > int_keys[k].hi)
                return "is out of range";
            *(int *)((char *)v + int_keys[k].off) = (int)x;
            return NULL;
        }
    }
    if (strcmp(key, "engine") == 0) {
        free(v->engine);
        v->engine = at__xstrdup(val);
    } else if (strcmp(key, "variant") == 0) {
        free(v->variant);
        v->variant = *val ? at__xstrdup(val) : NULL;
    } else if (strcmp(key, "gender") == 0) {
        if (strcmp(val, "female") == 0)
            v->gender = AT_GENDER_FEMALE;
        else if (strcmp(val, "male") == 0)
            v->gender = AT_GENDER_MALE;
        else if (strcmp(val, "unknown") == 0)
            v->gender = AT_GENDER_UNKNOWN;
        else
            return "must be female, male or unknown";
    } else {
        return "is not a known key (engine, variant, gender, rate, pitch, range, wordgap, volume)";
    }
    return NULL;
}

static int valid_engine_name(const char *s)
{
    for (; *s; s++)
        if (!(at__is_alpha((unsigned char)*s) || at__is_digit((unsigned char)*s) || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

at_status at__voice_parse(const char *path, const char *name, const char *text, size_t len, at_voice *out,
                          at_error *e)
{
    at_voice v = {0};
    size_t i = 0, lineno = 0;
    v.name = at__xstrdup(name);
    v.rate = 165;
    v.pitch = 50;
    v.range = 50;
    v.volume = 100;
    while (i < len) {
        size_t a = i, b, eq;
        char *line, *key, *val, *p;
        const char *msg;
        lineno++;
        while (i < len && text[i] != '\n')
            i++;
        b = i;
        if (i < len)
            i++;
        line = at__xstrndup(text + a, b - a);
        if ((p = strchr(line, '#')) != NULL)
            *p = '\0';
        for (p = line + strlen(line); p > line && at__is_space((unsigned char)p[-1]);)
            *--p = '\0';
        key = line;
        while (at__is_space((unsigned char)*key))
            key++;
        if (*key == '\0') {
            free(line);
            continue;
        }
        p = strchr(key, '=');
        if (!p) {
            free(line);
            voice_clear(&v);
            return at__err(e, AT_ECONFIG, "%s:%zu: expected `key = value`", path, lineno);
        }
        eq = (size_t)(p - key);
        val = p + 1;
        while (eq > 0 && at__is_space((unsigned char)key[eq - 1]))
            eq--;
        key[eq] = '\0';
        while (at__is_space((unsigned char)*val))
            val++;
        if ((msg = set_key(&v, key, val)) != NULL) {
            at__err(e, AT_ECONFIG, "%s:%zu: `%s` %s", path, lineno, key, msg);
            free(line);
            voice_clear(&v);
            return AT_ECONFIG;
        }
        free(line);
    }
    if (!v.engine) {
        voice_clear(&v);
        return at__err(e, AT_ECONFIG, "%s: missing `engine = ...` (an eSpeak NG voice such as en-us)", path);
    }
    if (!valid_engine_name(v.engine) || (v.variant && !valid_engine_name(v.variant))) {
        voice_clear(&v);
        return at__err(e, AT_ECONFIG, "%s: engine and variant names take letters, digits, - and _ only", path);
    }
    *out = v;
    return AT_OK;
}

static int cmp_voice(const void *a, const void *b)
{
    return strcmp(((const at_voice *)a)->name, ((const at_voice *)b)->name);
}

at_status at__voiceset_load(const char *dir, at_voiceset *out, at_error *e)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    at_voiceset vs = {0};
    if (!d)
        return at__err(e, AT_ECONFIG, "%s: cannot open the voices folder: %s", dir, strerror(errno));
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        at_buf path = {0};
        char *text, *name;
        size_t len;
        at_status st;
        if (n <= 6 || strcmp(de->d_name + n - 6, ".voice") != 0 || de->d_name[0] == '.')
            continue;
        at__buf_printf(&path, "%s/%s", dir, de->d_name);
        st = at__read_file(path.p, 1 << 20, &text, &len, e);
        if (st == AT_OK) {
            name = at__xstrndup(de->d_name, n - 6);
            st = at__voice_parse(path.p, name, text, len, AT_PUSH(vs.v, vs.n, vs.cap), e);
            if (st != AT_OK)
                vs.n--;
            free(name);
            free(text);
        } else {
            st = AT_ECONFIG;
            if (e)
                e->status = AT_ECONFIG;
        }
        at__buf_free(&path);
        if (st != AT_OK) {
            closedir(d);
            at__voiceset_free(&vs);
            return AT_ECONFIG;
        }
    }
    closedir(d);
    if (vs.n == 0)
        return at__err(e, AT_ECONFIG, "%s: no voice profiles (*.voice) in the folder", dir);
    qsort(vs.v, vs.n, sizeof *vs.v, cmp_voice);
    *out = vs;
    return AT_OK;
}

const at_voice *at__voiceset_find(const at_voiceset *vs, const char *name)
{
    size_t k;
    for (k = 0; k < vs->n; k++)
        if (strcmp(vs->v[k].name, name) == 0)
            return &vs->v[k];
    for (k = 0; k < vs->nextra; k++)
        if (strcmp(vs->extra[k]->name, name) == 0)
            return vs->extra[k];
    return NULL;
}

const at_voice *at__voiceset_in_language(at_voiceset *vs, const at_voice *base, const char *tag,
                                         const char *engine)
{
    at_buf name = {0};
    const at_voice *found;
    at_voice *v;
    size_t i;
    at__buf_printf(&name, "%s@", base->name);
    for (i = 0; tag[i]; i++)
        at__buf_putc(&name, (char)(tag[i] == '_' ? '-' : at__to_lower((unsigned char)tag[i])));
    if ((found = at__voiceset_find(vs, name.p)) != NULL) {
        at__buf_free(&name);
        return found;
    }
    v = at__xcalloc(1, sizeof *v);
    *v = *base;
    v->name = at__buf_detach(&name);
    v->engine = at__xstrdup(engine);
    v->variant = base->variant ? at__xstrdup(base->variant) : NULL;
    *AT_PUSH(vs->extra, vs->nextra, vs->capextra) = v;
    return v;
}

void at__voiceset_free(at_voiceset *vs)
{
    size_t k;
    for (k = 0; k < vs->n; k++)
        voice_clear(&vs->v[k]);
    for (k = 0; k < vs->nextra; k++) {
        voice_clear(vs->extra[k]);
        free(vs->extra[k]);
    }
    free(vs->v);
    free(vs->extra);
    memset(vs, 0, sizeof *vs);
}
