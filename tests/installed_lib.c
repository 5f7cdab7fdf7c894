/* A program built against the installed library, as a user would build
 * it: `cc installed_lib.c $(pkg-config --cflags --libs articast)`.
 *
 * usage: installed_lib zero|init ARTICLE OUT.mp3
 *
 * Renders ARTICLE to OUT.mp3 from zero-filled at_options and
 * at_render_options, or from at_options_init and at_render_options_init.
 * installed_lib.py runs both and checks that they write the same file,
 * encoded at the default LAME quality. One render per process: a context
 * made after another was freed hangs in eSpeak NG's espeak_Synchronize. */
#include <stdio.h>
#include <string.h>

#include <articast.h>

static int render(const at_options *opt, const at_render_options *ro, const char *in, const char *out)
{
    at_error err;
    at_ctx *c = at_ctx_new(opt, &err);
    at_status st;
    if (!c) {
        fprintf(stderr, "installed_lib: at_ctx_new: %s\n", err.msg);
        return 1;
    }
    st = at_ctx_render_with(c, in, out, ro);
    if (st != AT_OK)
        fprintf(stderr, "installed_lib: %s: %s: %s\n", out, at_status_name(st), at_ctx_last_error(c)->msg);
    at_ctx_free(c);
    return st != AT_OK;
}

int main(int argc, char **argv)
{
    at_options opt;
    at_render_options ro;
    if (argc != 4 || (strcmp(argv[1], "zero") != 0 && strcmp(argv[1], "init") != 0)) {
        fprintf(stderr, "usage: installed_lib zero|init ARTICLE OUT.mp3\n");
        return 2;
    }
    if (strcmp(argv[1], "zero") == 0) {
        memset(&opt, 0, sizeof opt);
        memset(&ro, 0, sizeof ro);
    } else {
        at_options_init(&opt);
        at_render_options_init(&ro);
    }
    return render(&opt, &ro, argv[2], argv[3]);
}
