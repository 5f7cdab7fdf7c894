#include <stdlib.h>
#include <string.h>

#include "segment.h"

static void free_pool(at_casting *c, int g)
{
    size_t k;
    for (k = 0; k < c->npool[g]; k++)
        free(c->pool[g][k]);
    free(c->pool[g]);
    c->pool[g] = NULL;
    c->npool[g] = 0;
}

void at__casting_free(at_casting *c)
{
    int g;
    free(c->title);
    free(c->heading);
    free(c->narration);
    free(c->caption);
    for (g = 0; g < 3; g++)
        free_pool(c, g);
    memset(c, 0, sizeof *c);
}

static char **single_slot(at_casting *c, const char *role)
{
    if (strcmp(role, "title") == 0)
        return &c->title;
    if (strcmp(role, "heading") == 0)
        return &c->heading;
    if (strcmp(role, "narration") == 0)
        return &c->narration;
    if (strcmp(role, "caption") == 0)
        return &c->caption;
    return NULL;
}

static int pool_of(const char *role)
{
    if (strcmp(role, "unknown") == 0)
        return AT_GENDER_UNKNOWN;
    if (strcmp(role, "female") == 0)
        return AT_GENDER_FEMALE;
    if (strcmp(role, "male") == 0)
        return AT_GENDER_MALE;
    return -1;
}

/* Splits `val` at white space into the pool. */
static void fill_pool(at_casting *c, int g, char *val)
{
    size_t cap = 0;
    char *tok = strtok(val, " \t");
    free_pool(c, g);
    while (tok) {
        *AT_PUSH(c->pool[g], c->npool[g], cap) = at__xstrdup(tok);
        tok = strtok(NULL, " \t");
    }
}

at_status at__casting_parse(const char *path, const char *text, size_t len, at_casting *out, at_error *e)
{
    at_casting c;
    size_t i = 0, lineno = 0;
    int g;
    memset(&c, 0, sizeof c);
    while (i < len) {
        size_t a = i;
        char *line, *p, *role, *val, **slot;
        lineno++;
        while (i < len && text[i] != '\n')
            i++;
        line = at__xstrndup(text + a, i - a);
        if (i < len)
            i++;
        if ((p = strchr(line, '#')) != NULL)
            *p = '\0';
        role = line;
        while (at__is_space((unsigned char)*role))
            role++;
        if (*role == '\0') {
            free(line);
            continue;
        }
        if ((p = strchr(role, '=')) == NULL) {
            free(line);
            at__casting_free(&c);
            return at__err(e, AT_ECONFIG, "%s:%zu: expected `role = profile`", path, lineno);
        }
        val = p + 1;
        while (p > role && at__is_space((unsigned char)p[-1]))
            p--;
        *p = '\0';
        while (at__is_space((unsigned char)*val))
            val++;
        for (p = val + strlen(val); p > val && at__is_space((unsigned char)p[-1]);)
            *--p = '\0';
        if (*val == '\0') {
            at__err(e, AT_ECONFIG, "%s:%zu: `%s` names no voice profile", path, lineno, role);
            free(line);
            at__casting_free(&c);
            return AT_ECONFIG;
        }
        if ((slot = single_slot(&c, role)) != NULL) {
            if (strchr(val, ' ') || strchr(val, '\t')) {
                at__err(e, AT_ECONFIG, "%s:%zu: `%s` takes one voice profile", path, lineno, role);
                free(line);
                at__casting_free(&c);
                return AT_ECONFIG;
            }
            free(*slot);
            *slot = at__xstrdup(val);
        } else if ((g = pool_of(role)) >= 0) {
            fill_pool(&c, g, val);
        } else {
            at__err(e, AT_ECONFIG,
                    "%s:%zu: unknown role `%s` (title, heading, narration, caption, female, male, unknown)",
                    path, lineno, role);
            free(line);
            at__casting_free(&c);
            return AT_ECONFIG;
        }
        free(line);
    }
    if (!c.narration) {
        at__casting_free(&c);
        return at__err(e, AT_ECONFIG, "%s: no `narration = ...` line", path);
    }
    if (!c.title)
        c.title = at__xstrdup(c.narration);
    if (!c.heading)
        c.heading = at__xstrdup(c.title);
    if (!c.caption)
        c.caption = at__xstrdup(c.narration);
    if (c.npool[AT_GENDER_UNKNOWN] == 0) {
        at__casting_free(&c);
        return at__err(e, AT_ECONFIG, "%s: no `unknown = ...` pool of quote voices", path);
    }
    *out = c;
    return AT_OK;
}

at_status at__casting_load(const char *path, at_casting *out, at_error *e)
{
    char *text;
    size_t len;
    at_status st = at__read_file(path, 1 << 20, &text, &len, e);
    if (st != AT_OK)
        return at__err(e, AT_ECONFIG, "%s: cannot read the casting file", path);
    st = at__casting_parse(path, text, len, out, e);
    free(text);
    return st;
}
