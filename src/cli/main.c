/* articast: the command-line tool. Argument parsing, messages and exit
 * codes live here; the work is the library's. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "articast.h"

/* Exit codes, from DESIGN.md. */
enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_OUTPUT = 4, EXIT_ENGINE = 5 };

static const char usage_text[] =
    "usage: articast COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  render IN -o OUT.mp3|OUT.wav   read an article aloud into an audio file with chapters\n"
    "  script IN [--json]             print who will say what, without synthesizing\n"
    "  normalize                      read text lines on stdin, write spoken lines on stdout\n"
    "  voices                         list the voice profiles and the casting\n"
    "\n"
    "options:\n"
    "  -o, --output FILE     output file (render)\n"
    "  -f, --format FMT      mp3 or wav (default: from the output's extension)\n"
    "      --voices DIR      folder of voice profiles and the casting file\n"
    "      --narrator NAME   voice profile for the narrator\n"
    "      --acronyms POLICY default, spell, expand or word\n"
    "      --captions        read photo captions aloud\n"
    "      --bitrate KBPS    MP3 bitrate, 56..160 (default 64)\n"
    "      --quality Q       LAME quality, 0 (best) .. 9 (fastest) (default 5)\n"
    "      --json            script: print JSON\n"
    "  -h, --help            this help\n"
    "  -V, --version         the version\n"
    "\n"
    "exit codes: 0 done, 1 some inputs failed, 2 usage error, 3 input unreadable or\n"
    "invalid, 4 output not written, 5 engine or codec failure\n";

typedef struct cli {
    const char *cmd;
    const char *in;
    const char *out;
    const char *format;
    int json;
    at_options opt;
} cli;

static int exit_code(at_status s)
{
    switch (s) {
    case AT_OK:
        return EXIT_OK;
    case AT_EUSAGE:
    case AT_EFORMAT:
    case AT_ECONFIG:
        return EXIT_USAGE;
    case AT_EINPUT_IO:
    case AT_EINPUT:
        return EXIT_INPUT;
    case AT_EOUTPUT:
        return EXIT_OUTPUT;
    case AT_EINTR:
        return 130;
    default:
        return EXIT_ENGINE;
    }
}

static int fail(const at_error *e)
{
    fprintf(stderr, "articast: %s\n", e->msg[0] ? e->msg : at_strerror(e->status));
    return exit_code(e->status);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "articast: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry `articast --help`.\n");
    return EXIT_USAGE;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_args(int argc, char **argv, cli *c)
{
    enum { OPT_VOICES = 256, OPT_NARRATOR, OPT_ACRONYMS, OPT_CAPTIONS, OPT_BITRATE, OPT_QUALITY, OPT_JSON };
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},     {"format", required_argument, 0, 'f'},
        {"voices", required_argument, 0, OPT_VOICES}, {"narrator", required_argument, 0, OPT_NARRATOR},
        {"acronyms", required_argument, 0, OPT_ACRONYMS}, {"captions", no_argument, 0, OPT_CAPTIONS},
        {"bitrate", required_argument, 0, OPT_BITRATE}, {"quality", required_argument, 0, OPT_QUALITY},
        {"json", no_argument, 0, OPT_JSON},         {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},           {0, 0, 0, 0}};
    int ch;
    c->opt.mp3_quality = -1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+o:f:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            c->out = optarg;
            break;
        case 'f':
            c->format = optarg;
            break;
        case OPT_VOICES:
            c->opt.voices_dir = optarg;
            break;
        case OPT_NARRATOR:
            c->opt.narrator = optarg;
            break;
        case OPT_ACRONYMS:
            if (strcmp(optarg, "default") == 0)
                c->opt.acronyms = AT_ACRONYMS_DEFAULT;
            else if (strcmp(optarg, "spell") == 0)
                c->opt.acronyms = AT_ACRONYMS_SPELL;
            else if (strcmp(optarg, "expand") == 0)
                c->opt.acronyms = AT_ACRONYMS_EXPAND;
            else if (strcmp(optarg, "word") == 0)
                c->opt.acronyms = AT_ACRONYMS_WORD;
            else
                return usage_error("--acronyms %s: expected default, spell, expand or word", optarg);
            break;
        case OPT_CAPTIONS:
            c->opt.read_captions = 1;
            break;
        case OPT_BITRATE:
            if (parse_int(optarg, 56, 160, &c->opt.mp3_bitrate) != 0)
                return usage_error("--bitrate %s: expected a whole number of kbps from 56 to 160 (MPEG-2 at 22.05 kHz; below 56 the gapless Info frame does not fit)", optarg);
            break;
        case OPT_QUALITY:
            if (parse_int(optarg, 0, 9, &c->opt.mp3_quality) != 0)
                return usage_error("--quality %s: expected 0 (best) to 9 (fastest)", optarg);
            break;
        case OPT_JSON:
            c->json = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            exit(EXIT_OK);
        case 'V':
            printf("articast %s\n", at_version());
            exit(EXIT_OK);
        default:
            if (optopt)
                return usage_error("option -%c needs a value or is unknown", (char[]){(char)optopt, 0});
            return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    return -1;
}

/* Pulls the command and one positional argument, letting options stand on
 * either side of them. */
static int parse_command_line(int argc, char **argv, cli *c)
{
    int r;
    if (argc < 2)
        return usage_error("%s", "a command is needed: render, script, normalize or voices");
    if (argv[1][0] == '-') {
        if ((r = parse_args(argc, argv, c)) >= 0)
            return r;
        return usage_error("%s", "a command is needed: render, script, normalize or voices");
    }
    c->cmd = argv[1];
    optind = 2;
    while (optind < argc) {
        if ((r = parse_args(argc, argv, c)) >= 0)
            return r;
        if (optind < argc) {
            if (c->in)
                return usage_error("unexpected argument %s", argv[optind]);
            c->in = argv[optind++];
        }
    }
    return -1;
}

static void print_script_json(const at_script *s)
{
    json_t *root = json_object(), *speakers = json_array(), *turns = json_array(), *sections = json_array();
    size_t k;
    char *text;
    json_object_set_new(root, "title", json_string(s->title));
    for (k = 0; k < s->nspeakers; k++)
        json_array_append_new(speakers, json_pack("{s:s, s:s, s:s, s:s}", "id", s->speakers[k].id, "name",
                                                  s->speakers[k].name, "gender",
                                                  at_gender_name(s->speakers[k].gender), "voice",
                                                  s->speakers[k].voice));
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        json_array_append_new(turns, json_pack("{s:I, s:s, s:s, s:s, s:s, s:[I, I]}", "section",
                                               (json_int_t)t->section, "kind", at_turn_kind_name(t->kind),
                                               "speaker", s->speakers[t->speaker].id, "voice", t->voice, "text",
                                               t->text, "source", (json_int_t)t->src_start,
                                               (json_int_t)t->src_end));
    }
    for (k = 0; k < s->nsections; k++)
        json_array_append_new(sections, json_pack("{s:s}", "title", s->sections[k].title));
    json_object_set_new(root, "speakers", speakers);
    json_object_set_new(root, "turns", turns);
    json_object_set_new(root, "sections", sections);
    text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
    }
    free(text);
    json_decref(root);
}

/* A screenplay: each speaker's name (in capitals, with the voice) when the
 * speaker changes, then what they say, indented. */
static void print_script_text(const at_script *s)
{
    size_t k, prev = (size_t)-1;
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        const char *c;
        if (t->kind == AT_TURN_TITLE || t->kind == AT_TURN_HEADING) {
            printf("%s== %s ==\n", k ? "\n" : "", t->text);
            prev = (size_t)-1;
            continue;
        }
        if (t->speaker != prev) {
            putchar('\n');
            for (c = s->speakers[t->speaker].name; *c; c++)
                putchar(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
            printf(" (%s)\n", t->voice);
            prev = t->speaker;
        }
        printf("    %s\n", t->text);
    }
}

static int cmd_script(at_ctx *ctx, const cli *c)
{
    at_script *s;
    at_status st;
    if (!c->in)
        return usage_error("%s", "script: which article? (articast script IN)");
    if ((st = at_ctx_script(ctx, c->in, &s)) != AT_OK)
        return fail(at_ctx_last_error(ctx));
    if (c->json)
        print_script_json(s);
    else
        print_script_text(s);
    at_script_free(s);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}

static int cmd_render(at_ctx *ctx, const cli *c)
{
    at_format fmt = AT_FORMAT_AUTO;
    if (!c->in)
        return usage_error("%s", "render: which article? (articast render IN -o OUT.mp3)");
    if (!c->out)
        return usage_error("%s", "render: where to? give -o OUT.mp3 or -o OUT.wav");
    if (c->format && (fmt = at_format_from_name(c->format)) == AT_FORMAT_AUTO)
        return usage_error("--format %s: unknown format; expected mp3 or wav", c->format);
    if (!c->format && at_format_from_name(c->out) == AT_FORMAT_AUTO)
        return usage_error("%s: unknown output format; name the file .mp3 or .wav, or give --format", c->out);
    if (at_ctx_render(ctx, c->in, c->out, fmt) != AT_OK)
        return fail(at_ctx_last_error(ctx));
    return EXIT_OK;
}

static int cmd_normalize(at_ctx *ctx)
{
    at_normalizer *n = at_ctx_normalizer(ctx);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = EXIT_OK;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        char *spoken;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        spoken = at_normalize_line(n, line, (size_t)len);
        if (!spoken) {
            rc = fail(at_ctx_last_error(ctx));
            break;
        }
        fputs(spoken, stdout);
        fputc('\n', stdout);
        free(spoken);
        if (fflush(stdout) != 0) {
            rc = EXIT_OUTPUT;
            break;
        }
    }
    free(line);
    at_normalizer_free(n);
    return rc;
}

static int cmd_voices(const at_ctx *ctx)
{
    char *text = at_ctx_describe_voices(ctx);
    fputs(text, stdout);
    free(text);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}

int main(int argc, char **argv)
{
    cli c;
    at_ctx *ctx;
    at_error err;
    int r;
    memset(&c, 0, sizeof c);
    if ((r = parse_command_line(argc, argv, &c)) >= 0)
        return r;
    if (!c.cmd)
        return usage_error("%s", "a command is needed: render, script, normalize or voices");
    if (strcmp(c.cmd, "render") && strcmp(c.cmd, "script") && strcmp(c.cmd, "normalize") &&
        strcmp(c.cmd, "voices"))
        return usage_error("unknown command `%s` (render, script, normalize or voices)", c.cmd);
    ctx = at_ctx_new(&c.opt, &err);
    if (!ctx)
        return fail(&err);
    if (strcmp(c.cmd, "render") == 0)
        r = cmd_render(ctx, &c);
    else if (strcmp(c.cmd, "script") == 0)
        r = cmd_script(ctx, &c);
    else if (strcmp(c.cmd, "normalize") == 0)
        r = cmd_normalize(ctx);
    else
        r = cmd_voices(ctx);
    at_ctx_free(ctx);
    return r;
}
