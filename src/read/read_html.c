/* placeholder */
#include "read.h"
#include "util.h"
at_status at__doc_read_html(const char *buf, size_t len, const char *name, const at_read_options *opt,
                            at_doc **out, at_error *e)
{
    (void)buf; (void)len; (void)opt; (void)out;
    return at__err(e, AT_EINPUT, "%s: HTML is not supported yet", name);
}
