/* The at_doc container: building and freeing. */
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "util.h"

void at__doc_free(at_doc *d)
{
    size_t i, j;
    if (!d)
        return;
    for (i = 0; i < d->nsections; i++) {
        at_section *s = &d->sections[i];
        for (j = 0; j < s->nblocks; j++)
            free(s->blocks[j].text);
        free(s->blocks);
        free(s->title);
    }
    free(d->sections);
    free(d->meta.title);
    free(d->meta.author);
    free(d->meta.date);
    free(d->meta.publication);
    free(d->meta.language);
    free(d->meta.dateline);
    free(d);
}
