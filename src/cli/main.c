/* articast: the command-line tool. Argument parsing, messages and exit
 * codes live here; the work is the library's. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "articast.h"
#include "batch_cli.h"
#include "serve_cli.h"
#include "util.h"

/* Exit codes, from DESIGN.md. */
enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_OUTPUT = 4, EXIT_ENGINE = 5 };

static const char usage_text[] =
    "usage: articast COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  render IN -o OUT.mp3|OUT.wav|OUT.epub   read an article aloud into an audio file with\n"
    "                                 chapters, or a talking book (EPUB 3)\n"
    "  script IN [--json]             print who will say what, without synthesizing\n"
    "  extract IN [--json]            print the article as read (metadata, sections, paragraphs,\n"
    "                                 captions, each with its source byte range), in written form\n"
    "  normalize [IN]                 read text lines (from IN, or stdin), write spoken lines on stdout\n"
    "  voices                         list the voice profiles and the casting\n"
    "  voices --preview DIR [--text T]   write DIR/NAME.wav for each profile: its name and a\n"
    "                                 sentence (T, or a news sentence), at --rate\n"
    "  feed DIR -o FEED.xml           build or update a podcast RSS feed from rendered editions\n"
    "  batch IN... --out-dir DIR      many articles (files, folders, --manifest) with worker processes\n"
    "\n"
    "options:\n"
    "  -o, --output FILE     output file (render); - for standard output; repeat -o for the\n"
    "                        same edition in more files (e.g. -o a.mp3 -o a.wav), synthesized once\n"
    "      --no-clobber      never replace an existing output file\n"
    "  -f, --format FMT      mp3 or wav for the first -o (default: from its extension; more\n"
    "                        -o files take theirs from their extensions)\n"
    "      --voices DIR      folder of voice profiles and the casting file\n"
    "      --narrator NAME   voice profile for the narrator\n"
    "      --acronyms POLICY default, spell, expand or word\n"
    "      --locale LOCALE   en-US (default; 5/4 is May 4) or en-GB (4 May)\n"
    "      --lexicon FILE    extra lexicon entries over the built-in ones\n"
    "      --report          script: print the normalization report (every rewrite)\n"
    "      --captions        read photo captions aloud\n"
    "      --bitrate KBPS    MP3 bitrate, 56..160 at 22.05 kHz (default 64); up to 320 at 32 kHz and up\n"
    "      --quality Q       LAME quality, 0 (best) .. 9 (fastest) (default 7)\n"
    "      --json            script, extract: print JSON\n"
    "      --input-format F  text, markdown or html (default: from the extension,\n"
    "                        then the content); IN may be - for stdin\n"
    "      --max-input SIZE  refuse inputs larger than SIZE bytes; k and M suffixes\n"
    "                        are 1024 and 1048576 (default 50M)\n"
    "      --tables, --no-tables\n"
    "                        HTML: read tables row by row (default) or skip them\n"
    "      --code-blocks skip|announce\n"
    "                        code blocks: left out (default) or announced\n"
    "\n"
    "render options for a podcast edition:\n"
    "      --split DIR            also write one file per section and playlist.m3u8\n"
    "      --epub FILE            also write an EPUB 3 talking book: the text with its\n"
    "                             narration, synchronized by sentence (Media Overlays);\n"
    "                             -o FILE.epub writes only the book\n"
    "      --daisy DIR            also write a DAISY 2.02 talking book into DIR\n"
    "      --html DIR             also write a read-along web page into DIR\n"
    "      --chapters-json FILE   Podcasting 2.0 chapters\n"
    "      --vtt FILE             WebVTT transcript, a cue per sentence, <v Speaker> spans\n"
    "      --srt FILE             SubRip transcript\n"
    "      --ffmetadata FILE      ffmpeg metadata chapters\n"
    "      --cover FILE           cover art (JPEG or PNG)\n"
    "      --comment TEXT         ID3 comment\n"
    "      --loudness LUFS        integrated loudness target (default -16), or `off`\n"
    "      --true-peak DBTP       true-peak ceiling (default -1)\n"
    "      --vbr Q                MP3 VBR quality 0..9 instead of CBR\n"
    "      --sample-rate HZ       MP3 sample rate (default 22050, eSpeak NG's own)\n"
    "      --intro[=TEMPLATE]     speak an intro (the default template when none is given);\n"
    "                             fields {title} {author} {publication} {date}, [optional parts]\n"
    "      --outro[=TEMPLATE]     speak an outro\n"
    "      --chime                a short tone between sections\n"

    "      --pause-sentence MS, --pause-paragraph MS, --pause-quote MS,\n"
    "      --pause-heading MS, --pause-section MS   pause lengths (0..10000)\n"
    "\n";

/* The rest of the help; one string would pass C's portable length limit. */
static const char usage_more[] =
    "language:\n"
    "      --language L           read every article in language L (es, pt-BR; also --lang)\n"
    "                             instead of the one it names or detection finds\n"
    "\n"
    "listening speed (render, batch, voices --preview):\n"
    "      --rate FACTOR          0.5..4 (default 1): every voice's words per minute times\n"
    "                             FACTOR, every pause divided by it\n"
    "      --rate-wpm N           the narrator's words per minute, the other voices in proportion\n"
    "\n"
    "batch options (render options above apply to every article):\n"
    "      --out-dir DIR          where the outputs go (names from the input paths or the manifest)\n"
    "  -j, --jobs N               worker processes (default: the number of cores)\n"
    "      --manifest FILE        JSON lines: {\"input\", \"output\", \"narrator\", \"title\", \"cover\"}\n"
    "      --shard K/N            only the inputs in shard K of N (1-based), for clusters\n"
    "      --resume               skip outputs that are up to date (their .articast stamp matches)\n"
    "      --fail-fast            start no new article after the first failure\n"
    "      --timeout SEC          stop a worker whose article takes longer (retried once, then failed);\n"
    "                             default 300 s + 2 s per KB of input; none for no limit\n"
    "      --progress MODE        auto (default), tty, jsonl (one JSON event per line) or none;\n"
    "                             progress, errors and the summary go to stderr\n"
    "      --results FILE         append a JSON line to FILE as each article ends: input, outputs,\n"
    "                             status (ok, skipped, failed), error, durations; a resumed\n"
    "                             batch or other shards may append to the same file\n"
    "      --vtt, --srt, --chapters-json, --ffmetadata\n"
    "                             per-article sidecars beside each output (NAME.vtt, ...)\n"
    "      --epub, --daisy        a talking book for each article (NAME.epub, NAME-daisy/)\n"
    "      --html                 a read-along page for each article (NAME-html/)\n"
    "\n"
    "serve (articast serve --data DIR [--listen HOST:PORT] [--workers N] ...):\n"
    "                       an HTTP service that makes editions of posted articles;\n"
    "                       `articast serve --help` lists its options, docs/api.md the API\n"
    "\n"
    "feed options:\n"
    "      --base-url URL   where the folder is served (prefixes enclosure and sidecar URLs);\n"
    "                       needed once (it is kept in the feed), or --relative for relative URLs\n"
    "      --title T, --link URL, --description D, --author A, --image URL, --language L\n"
    "      --owner NAME, --email ADDR   itunes:owner (and podcast:locked's owner)\n"
    "      --locked yes|no, --show-type episodic|serial\n"
    "                       every setting is kept in the feed for later runs\n"
    "\n"
    "  -h, --help            this help\n"
    "  -V, --version         the version\n"
    "\n"
    "exit codes: 0 done, 1 some inputs failed, 2 usage or configuration error, 3 input\n"
    "unreadable or invalid, 4 output not written, 5 engine or codec failure, 128+N when\n"
    "stopped by signal N (nothing is written)\n";

typedef struct cli {
    const char *cmd;
    const char *in;
    const char *out;
    const char *format;
    int json;
    int report;
    at_options opt;
    at_render_options ro;
    at_feed_options fo;
    const char *also[8];
    size_t nalso;
    /* batch */
    at_batch_options bo;
    const char **inputs;
    size_t ninputs;
    const char *progress;
    const char *results; /* --results FILE */
    /* voices --preview */
    const char *preview;
    const char *text;
} cli;

/* The context a signal handler interrupts, and the signal it got. */
static at_ctx *volatile running_ctx;
static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
    if (caught_signal) { /* a second signal: stop now, the default way */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    caught_signal = sig;
    at_batch_interrupt(sig);
    if (running_ctx)
        at_ctx_interrupt(running_ctx);
}

/* SIGINT, SIGTERM and SIGHUP (a closed terminal or ssh session) stop a
 * render or a batch cleanly: the library removes its temporary files and
 * the exit code is 128 + the signal. A second signal ends the process at
 * once. Commands that only print (script, normalize, voices) keep the
 * default disposition: there is nothing to clean up. SIGPIPE and SIGXFSZ
 * are ignored by every command (ignore_write_signals). */
static void catch_signals(at_ctx *ctx)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    running_ctx = ctx;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* A reader that goes away (`-o - | head`) and a file-size limit
 * (`ulimit -f`) would otherwise kill the process in the middle of a
 * write, leaving its temporary files; ignored, they make the write fail
 * with EPIPE or EFBIG, which is an output error (exit 4) after the usual
 * cleanup. */
static void ignore_write_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
    sigaction(SIGXFSZ, &sa, NULL);
}

/* 1 when standard output was closed when articast started. */
static int stdout_closed;

/* A descriptor 0, 1 or 2 closed by the caller (`articast ... >&-`) would
 * be handed out again by the next open, and an output file could then
 * receive what is printed to stdout or stderr. Each is pointed at
 * /dev/null; a closed stdout is remembered, so a command that writes its
 * result there fails (exit 4) before it starts instead of writing
 * nothing and exiting 0. */
static void guard_std_fds(void)
{
    int fd;
    for (fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (fd == 1)
                stdout_closed = 1;
            if (n >= 0 && n != fd) { /* a lower one was closed too and took it */
                dup2(n, fd);
                close(n);
            }
        }
}

/* The command's result goes to stdout: it must be open. */
static int need_stdout(const char *what)
{
    if (!stdout_closed)
        return 0;
    fprintf(stderr, "articast: %s: standard output is closed; nothing would be written\n", what);
    return 1;
}

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
        return 128 + (caught_signal ? caught_signal : SIGINT);
    default:
        return EXIT_ENGINE;
    }
}

static int fail(const at_error *e)
{
    if (e->status == AT_EINTR) {
        fprintf(stderr, "articast: interrupted by signal %d; no output was written\n", (int)caught_signal);
        return exit_code(e->status);
    }
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

/* Input warnings (a guessed charset, ...) go to stderr. */
static void print_warning(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "articast: warning: %s\n", msg);
}

/* BYTES, or a number with a k (1024) or M (1048576) suffix. */
static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* A flag's 0 (no pause, LAME's -q 0 or -V 0) as the library spells it,
 * since the library's 0 is the default. */
static int zero_is_zero(int v)
{
    return v == 0 ? AT_ZERO : v;
}

static int mp3_rate(int hz)
{
    static const int rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
    size_t k;
    for (k = 0; k < sizeof rates / sizeof *rates; k++)
        if (rates[k] == hz)
            return 1;
    return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int is_epub(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && !strchr(dot, '/') && strcmp(dot, ".epub") == 0;
}

/* K/N, 1 <= K <= N. */
static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    unsigned long a, b;
    if (*s < '0' || *s > '9')
        return -1;
    a = strtoul(s, &end, 10);
    if (*end != '/' || end[1] < '0' || end[1] > '9')
        return -1;
    b = strtoul(end + 1, &end, 10);
    if (*end != '\0' || a < 1 || b < 1 || a > b || b > 1000000)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

static int parse_args(int argc, char **argv, cli *c)
{
    enum {
        OPT_VOICES = 256, OPT_NARRATOR, OPT_ACRONYMS, OPT_CAPTIONS, OPT_BITRATE, OPT_QUALITY, OPT_JSON,
        OPT_SPLIT, OPT_CHAPTERS_JSON, OPT_VTT, OPT_SRT, OPT_FFMETA, OPT_COVER, OPT_COMMENT, OPT_LOUDNESS,
        OPT_TRUE_PEAK, OPT_VBR, OPT_INTRO, OPT_OUTRO, OPT_CHIME, OPT_P_SENT, OPT_P_PARA, OPT_P_QUOTE,
        OPT_P_HEAD, OPT_P_SECT, OPT_BASE_URL, OPT_TITLE, OPT_LINK, OPT_DESCRIPTION, OPT_AUTHOR, OPT_IMAGE,
        OPT_LANGUAGE, OPT_NO_CLOBBER, OPT_INPUT_FORMAT, OPT_MAX_INPUT, OPT_TABLES, OPT_NO_TABLES,
        OPT_CODE_BLOCKS, OPT_LOCALE, OPT_LEXICON, OPT_REPORT, OPT_SAMPLE_RATE, OPT_EPUB, OPT_DAISY,
        OPT_OUT_DIR, OPT_MANIFEST,
        OPT_SHARD, OPT_RESUME, OPT_FAIL_FAST, OPT_PROGRESS, OPT_B_VTT, OPT_B_SRT, OPT_B_CHAPTERS, OPT_B_FFMETA, OPT_B_EPUB, OPT_B_DAISY, OPT_B_HTML,
        OPT_TIMEOUT, OPT_RATE, OPT_RATE_WPM, OPT_PREVIEW, OPT_TEXT, OPT_HTML, OPT_RELATIVE, OPT_RESULTS,
        OPT_OWNER, OPT_EMAIL, OPT_LOCKED, OPT_SHOW_TYPE
    };
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},     {"format", required_argument, 0, 'f'},
        {"voices", required_argument, 0, OPT_VOICES}, {"narrator", required_argument, 0, OPT_NARRATOR},
        {"acronyms", required_argument, 0, OPT_ACRONYMS}, {"captions", no_argument, 0, OPT_CAPTIONS},
        {"bitrate", required_argument, 0, OPT_BITRATE}, {"quality", required_argument, 0, OPT_QUALITY},
        {"json", no_argument, 0, OPT_JSON},         {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {"split", required_argument, 0, OPT_SPLIT},
        {"epub", required_argument, 0, OPT_EPUB},
        {"daisy", required_argument, 0, OPT_DAISY},
        {"html", required_argument, 0, OPT_HTML},
        {"chapters-json", required_argument, 0, OPT_CHAPTERS_JSON},
        {"vtt", required_argument, 0, OPT_VTT},
        {"srt", required_argument, 0, OPT_SRT},
        {"ffmetadata", required_argument, 0, OPT_FFMETA},
        {"cover", required_argument, 0, OPT_COVER},
        {"comment", required_argument, 0, OPT_COMMENT},
        {"loudness", required_argument, 0, OPT_LOUDNESS},
        {"true-peak", required_argument, 0, OPT_TRUE_PEAK},
        {"vbr", required_argument, 0, OPT_VBR},
        {"intro", optional_argument, 0, OPT_INTRO},
        {"outro", optional_argument, 0, OPT_OUTRO},
        {"chime", no_argument, 0, OPT_CHIME},
        {"pause-sentence", required_argument, 0, OPT_P_SENT},
        {"pause-paragraph", required_argument, 0, OPT_P_PARA},
        {"pause-quote", required_argument, 0, OPT_P_QUOTE},
        {"pause-heading", required_argument, 0, OPT_P_HEAD},
        {"pause-section", required_argument, 0, OPT_P_SECT},
        {"base-url", required_argument, 0, OPT_BASE_URL},
        {"relative", no_argument, 0, OPT_RELATIVE},
        {"owner", required_argument, 0, OPT_OWNER},
        {"email", required_argument, 0, OPT_EMAIL},
        {"locked", required_argument, 0, OPT_LOCKED},
        {"show-type", required_argument, 0, OPT_SHOW_TYPE},
        {"title", required_argument, 0, OPT_TITLE},
        {"link", required_argument, 0, OPT_LINK},
        {"description", required_argument, 0, OPT_DESCRIPTION},
        {"author", required_argument, 0, OPT_AUTHOR},
        {"image", required_argument, 0, OPT_IMAGE},
        {"language", required_argument, 0, OPT_LANGUAGE},
        {"lang", required_argument, 0, OPT_LANGUAGE},
        {"no-clobber", no_argument, 0, OPT_NO_CLOBBER},
        {"input-format", required_argument, 0, OPT_INPUT_FORMAT},
        {"max-input", required_argument, 0, OPT_MAX_INPUT},
        {"tables", no_argument, 0, OPT_TABLES},
        {"no-tables", no_argument, 0, OPT_NO_TABLES},
        {"code-blocks", required_argument, 0, OPT_CODE_BLOCKS},
        {"locale", required_argument, 0, OPT_LOCALE},
        {"lexicon", required_argument, 0, OPT_LEXICON},
        {"report", no_argument, 0, OPT_REPORT},
        {"sample-rate", required_argument, 0, OPT_SAMPLE_RATE},
        {"out-dir", required_argument, 0, OPT_OUT_DIR},
        {"jobs", required_argument, 0, 'j'},
        {"manifest", required_argument, 0, OPT_MANIFEST},
        {"shard", required_argument, 0, OPT_SHARD},
        {"resume", no_argument, 0, OPT_RESUME},
        {"fail-fast", no_argument, 0, OPT_FAIL_FAST},
        {"progress", required_argument, 0, OPT_PROGRESS},
        {"results", required_argument, 0, OPT_RESULTS},
        {"batch-vtt", no_argument, 0, OPT_B_VTT},
        {"batch-srt", no_argument, 0, OPT_B_SRT},
        {"batch-chapters-json", no_argument, 0, OPT_B_CHAPTERS},
        {"batch-ffmetadata", no_argument, 0, OPT_B_FFMETA},
        {"batch-epub", no_argument, 0, OPT_B_EPUB},
        {"batch-daisy", no_argument, 0, OPT_B_DAISY},
        {"batch-html", no_argument, 0, OPT_B_HTML},
        {"timeout", required_argument, 0, OPT_TIMEOUT},
        {"rate", required_argument, 0, OPT_RATE},
        {"rate-wpm", required_argument, 0, OPT_RATE_WPM},
        {"preview", required_argument, 0, OPT_PREVIEW},
        {"text", required_argument, 0, OPT_TEXT},
        {0, 0, 0, 0}};
    int *pause = NULL;
    double d;
    int ch, n;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+o:f:j:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            /* a second -o (and more) gets the same edition in another file;
             * an .epub is the talking book */
            if (is_epub(optarg))
                c->ro.epub = optarg;
            else if (c->out && c->nalso < sizeof c->also / sizeof *c->also)
                c->also[c->nalso++] = optarg;
            else if (c->out)
                return usage_error("%s: too many outputs", optarg);
            else
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
            if (parse_int(optarg, 32, 320, &c->opt.mp3_bitrate) != 0)
                return usage_error("--bitrate %s: expected a whole number of kbps from 32 to 320 (at 22.05 kHz: 56 to 160, since below 56 the gapless Info frame does not fit)", optarg);
            break;
        case OPT_QUALITY:
            if (parse_int(optarg, 0, 9, &n) != 0)
                return usage_error("--quality %s: expected 0 (best) to 9 (fastest)", optarg);
            c->opt.mp3_quality = zero_is_zero(n);
            break;
        case OPT_JSON:
            c->json = 1;
            break;
        case OPT_SPLIT:
            c->ro.split_dir = optarg;
            break;
        case OPT_EPUB:
            c->ro.epub = optarg;
            break;
        case OPT_HTML:
            c->ro.html = optarg;
            break;
        case OPT_DAISY:
            c->ro.daisy = optarg;
            break;
        case OPT_CHAPTERS_JSON:
            c->ro.chapters_json = optarg;
            break;
        case OPT_VTT:
            c->ro.vtt = optarg;
            break;
        case OPT_SRT:
            c->ro.srt = optarg;
            break;
        case OPT_FFMETA:
            c->ro.ffmetadata = optarg;
            break;
        case OPT_COVER:
            c->ro.cover = optarg;
            break;
        case OPT_COMMENT:
            c->ro.comment = optarg;
            break;
        case OPT_LOUDNESS:
            if (strcmp(optarg, "off") == 0)
                c->ro.loudness_off = 1;
            else if (parse_double(optarg, -40.0, -5.0, &c->ro.loudness) != 0)
                return usage_error("--loudness %s: expected LUFS from -40 to -5, or off", optarg);
            break;
        case OPT_TRUE_PEAK:
            if (parse_double(optarg, -12.0, 0.0, &d) != 0)
                return usage_error("--true-peak %s: expected dBTP from -12 to 0", optarg);
            c->ro.true_peak = d == 0 ? AT_ZERO : d;
            break;
        case OPT_VBR:
            if (parse_int(optarg, 0, 9, &n) != 0)
                return usage_error("--vbr %s: expected a VBR quality from 0 (best) to 9", optarg);
            c->ro.vbr_quality = zero_is_zero(n);
            break;
        case OPT_INTRO:
            c->opt.intro = optarg ? optarg : AT_DEFAULT_INTRO;
            break;
        case OPT_OUTRO:
            c->opt.outro = optarg ? optarg : AT_DEFAULT_OUTRO;
            break;
        case OPT_CHIME:
            c->ro.chime = 1;
            break;
        case OPT_RELATIVE:
            c->fo.relative = 1;
            break;
        case OPT_BASE_URL:
            c->fo.base_url = optarg;
            break;
        case OPT_TITLE:
            c->fo.title = optarg;
            break;
        case OPT_LINK:
            c->fo.link = optarg;
            break;
        case OPT_DESCRIPTION:
            c->fo.description = optarg;
            break;
        case OPT_AUTHOR:
            c->fo.author = optarg;
            break;
        case OPT_IMAGE:
            c->fo.image = optarg;
            break;
        case OPT_LANGUAGE:
            /* the feed's language, or the language every article is read in */
            c->fo.language = optarg;
            c->opt.language = optarg;
            break;
        case OPT_OWNER:
            c->fo.owner_name = optarg;
            break;
        case OPT_EMAIL:
            c->fo.owner_email = optarg;
            break;
        case OPT_LOCKED:
            if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0)
                return usage_error("--locked %s: expected yes or no", optarg);
            c->fo.locked = optarg;
            break;
        case OPT_SHOW_TYPE:
            if (strcmp(optarg, "episodic") != 0 && strcmp(optarg, "serial") != 0)
                return usage_error("--show-type %s: expected episodic or serial", optarg);
            c->fo.type = optarg;
            break;
        case OPT_NO_CLOBBER:
            c->ro.no_clobber = 1;
            break;
        case OPT_SAMPLE_RATE:
            if (parse_int(optarg, 8000, 48000, &c->ro.sample_rate) != 0 || !mp3_rate(c->ro.sample_rate))
                return usage_error("--sample-rate %s: expected an MP3 rate: 16000, 22050, 24000, 32000, 44100 "
                                   "or 48000 (or 8000, 11025, 12000)", optarg);
            break;
        case OPT_RATE:
            if (parse_double(optarg, 0.5, 4.0, &c->ro.rate) != 0)
                return usage_error("--rate %s: expected a speed from 0.5 to 4 (1 is the voices' own, 2 twice "
                                   "as fast)", optarg);
            break;
        case OPT_RATE_WPM:
            if (parse_int(optarg, 80, 1800, &c->ro.rate_wpm) != 0)
                return usage_error("--rate-wpm %s: expected the narrator's words per minute, a whole number "
                                   "from 80 to 1800 (within 0.5 to 4 times its profile's rate)", optarg);
            break;
        case OPT_PREVIEW:
            c->preview = optarg;
            break;
        case OPT_TEXT:
            c->text = optarg;
            break;
        case OPT_P_SENT:
        case OPT_P_PARA:
        case OPT_P_QUOTE:
        case OPT_P_HEAD:
        case OPT_P_SECT:
            pause = ch == OPT_P_SENT ? &c->ro.pauses.sentence
                    : ch == OPT_P_PARA ? &c->ro.pauses.paragraph
                    : ch == OPT_P_QUOTE ? &c->ro.pauses.quote
                    : ch == OPT_P_HEAD ? &c->ro.pauses.heading
                                       : &c->ro.pauses.section;
            if (parse_int(optarg, 0, 10000, &n) != 0)
                return usage_error("--pause-* %s: expected milliseconds from 0 to 10000", optarg);
            *pause = zero_is_zero(n);
            break;
        case OPT_INPUT_FORMAT:
            if ((c->opt.input_format = at_input_format_from_name(optarg)) == AT_INPUT_AUTO)
                return usage_error("--input-format %s: expected text, markdown or html", optarg);
            break;
        case OPT_MAX_INPUT:
            if (at__parse_size(optarg, &c->opt.max_input) != 0)
                return usage_error("--max-input %s: expected a size in bytes, such as 5000000 or 5M", optarg);
            break;
        case OPT_TABLES:
        case OPT_NO_TABLES:
            c->opt.skip_tables = ch == OPT_NO_TABLES;
            break;
        case OPT_CODE_BLOCKS:
            if (strcmp(optarg, "skip") == 0)
                c->opt.code_blocks = AT_CODE_SKIP;
            else if (strcmp(optarg, "announce") == 0)
                c->opt.code_blocks = AT_CODE_ANNOUNCE;
            else
                return usage_error("--code-blocks %s: expected skip or announce", optarg);
            break;
        case OPT_LOCALE:
            if (strcmp(optarg, "en-US") != 0 && strcmp(optarg, "en-GB") != 0)
                return usage_error("--locale %s: expected en-US or en-GB", optarg);
            c->opt.locale = optarg;
            break;
        case OPT_LEXICON:
            c->opt.lexicon_path = optarg;
            break;
        case OPT_REPORT:
            c->report = 1;
            break;
        case OPT_OUT_DIR:
            c->bo.out_dir = optarg;
            break;
        case 'j':
            if (parse_int(optarg, 1, 1024, &c->bo.jobs) != 0)
                return usage_error("--jobs %s: expected a number of worker processes from 1 to 1024", optarg);
            break;
        case OPT_MANIFEST:
            c->bo.manifest = optarg;
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &c->bo.shard_k, &c->bo.shard_n) != 0)
                return usage_error("--shard %s: expected K/N with 1 <= K <= N, such as 3/8", optarg);
            break;
        case OPT_RESUME:
            c->bo.resume = 1;
            break;
        case OPT_FAIL_FAST:
            c->bo.fail_fast = 1;
            break;
        case OPT_PROGRESS:
            if (strcmp(optarg, "auto") && strcmp(optarg, "tty") && strcmp(optarg, "jsonl") && strcmp(optarg, "none"))
                return usage_error("--progress %s: expected auto, tty, jsonl or none", optarg);
            c->progress = optarg;
            break;
        case OPT_RESULTS:
            c->results = optarg;
            break;
        case OPT_B_VTT:
            c->bo.vtt = 1;
            break;
        case OPT_B_SRT:
            c->bo.srt = 1;
            break;
        case OPT_B_CHAPTERS:
            c->bo.chapters_json = 1;
            break;
        case OPT_B_FFMETA:
            c->bo.ffmetadata = 1;
            break;
        case OPT_B_EPUB:
            c->bo.epub = 1;
            break;
        case OPT_B_DAISY:
            c->bo.daisy = 1;
            break;
        case OPT_B_HTML:
            c->bo.html = 1;
            break;
        case OPT_TIMEOUT:
            if (strcmp(optarg, "none") == 0)
                c->bo.timeout = -1;
            else if (parse_double(optarg, 0.01, 1e7, &c->bo.timeout) != 0)
                return usage_error("--timeout %s: expected seconds an article may take, such as 600, or none",
                                   optarg);
            break;
        case 'h':
            fputs(usage_text, stdout);
            fputs(usage_more, stdout);
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
        return usage_error("%s", "a command is needed: render, script, extract, normalize, voices, feed, batch or serve");
    if (argv[1][0] == '-') {
        if ((r = parse_args(argc, argv, c)) >= 0)
            return r;
        return usage_error("%s", "a command is needed: render, script, extract, normalize, voices, feed, batch or serve");
    }
    c->cmd = argv[1];
    optind = 2;
    if (strcmp(c->cmd, "batch") == 0)
        c->inputs = calloc((size_t)argc, sizeof *c->inputs);
    while (optind < argc) {
        if ((r = parse_args(argc, argv, c)) >= 0)
            return r;
        if (optind < argc && c->cmd && strcmp(c->cmd, "batch") == 0) {
            c->inputs[c->ninputs++] = argv[optind++];
            continue;
        }
        if (optind < argc) {
            if (c->in)
                return usage_error("unexpected argument %s", argv[optind]);
            c->in = argv[optind++];
        }
    }
    return -1;
}

/* Prints `v` as json_dumps indents it at `depth` levels of two spaces
 * (jansson indents the inner lines from column 0), then frees it. */
static void put_json(json_t *v, int depth)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY), *p;
    for (p = text; p && *p; p++) {
        putchar(*p);
        if (*p == '\n')
            printf("%*s", depth * 2, "");
    }
    free(text);
    json_decref(v);
}

/* The script as one JSON object, written piece by piece: the whole tree
 * at once would hold every turn twice more in memory, as objects and as
 * text. The layout is json_dumps's with an indent of two. */
static void print_script_json(const at_script *s)
{
    size_t k;
    fputs("{\n  \"title\": ", stdout);
    put_json(json_string(s->title), 1);
    fputs(",\n  \"author\": ", stdout);
    put_json(s->author ? json_string(s->author) : json_null(), 1);
    fputs(",\n  \"date\": ", stdout);
    put_json(s->date ? json_string(s->date) : json_null(), 1);
    fputs(",\n  \"publication\": ", stdout);
    put_json(s->publication ? json_string(s->publication) : json_null(), 1);
    fputs(",\n  \"language\": ", stdout);
    put_json(json_string(s->language ? s->language : "en"), 1);
    fputs(",\n  \"speakers\": [", stdout);
    for (k = 0; k < s->nspeakers; k++) {
        fputs(k ? ",\n    " : "\n    ", stdout);
        put_json(json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", s->speakers[k].id, "name", s->speakers[k].name, "gender",
                           at_gender_name(s->speakers[k].gender), "gender_evidence",
                           at_evidence_name(s->speakers[k].gender_evidence), "voice", s->speakers[k].voice),
                 2);
    }
    fputs(s->nspeakers ? "\n  ],\n  \"turns\": [" : "],\n  \"turns\": [", stdout);
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        fputs(k ? ",\n    " : "\n    ", stdout);
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:[I, I]}", "section", (json_int_t)t->section, "kind",
                              at_turn_kind_name(t->kind), "speaker", s->speakers[t->speaker].id, "voice", t->voice,
                              "text", t->text, "source", (json_int_t)t->src_start, (json_int_t)t->src_end);
        if (o && t->kind == AT_TURN_QUOTE) /* how the speaker was found */
            json_object_set_new(o, "attribution", json_string(at_attribution_name(t->attribution)));
        if (o && t->language) /* a passage in another language than the article's */
            json_object_set_new(o, "language", json_string(t->language));
        put_json(o, 2);
    }
    fputs(s->nturns ? "\n  ],\n  \"sections\": [" : "],\n  \"sections\": [", stdout);
    for (k = 0; k < s->nsections; k++) {
        fputs(k ? ",\n    " : "\n    ", stdout);
        put_json(json_pack("{s:s}", "title", s->sections[k].title), 2);
    }
    fputs(s->nsections ? "\n  ]\n}\n" : "]\n}\n", stdout);
}

/* Prints UTF-8 text in capitals ("Lafrenière" -> "LAFRENIÈRE"); a byte
 * that is not valid UTF-8 goes out as it is. */
static void put_upper(const char *c)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)c;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_uint8_t out[4];
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            putchar(*p++);
            continue;
        }
        fwrite(out, 1, (size_t)utf8proc_encode_char(utf8proc_toupper(cp), out), stdout);
        p += n;
    }
}

/* A screenplay: each speaker's name (in capitals, with the voice) when the
 * speaker changes, then what they say, indented. */
static void print_script_text(const at_script *s)
{
    size_t k, prev = (size_t)-1;
    for (k = 0; k < s->nturns; k++) {
        const at_turn *t = &s->turns[k];
        if (t->kind == AT_TURN_TITLE || t->kind == AT_TURN_HEADING) {
            printf("%s== %s ==\n", k ? "\n" : "", t->text);
            prev = (size_t)-1;
            continue;
        }
        if (t->speaker != prev) {
            putchar('\n');
            put_upper(s->speakers[t->speaker].name);
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
    if (c->report) {
        char *report;
        if (at_ctx_normalize_report(ctx, c->in, &report) != AT_OK)
            return fail(at_ctx_last_error(ctx));
        fputs(report, stdout);
        free(report);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
    }
    if ((st = at_ctx_script(ctx, c->in, &s)) != AT_OK)
        return fail(at_ctx_last_error(ctx));
    if (c->json)
        print_script_json(s);
    else
        print_script_text(s);
    at_script_free(s);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}

/* A string field, or JSON null. */
static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void print_article_json(const at_article *a)
{
    json_t *root = json_object(), *sections = json_array(), *warnings = json_array();
    size_t i, j;
    char *text;
    json_object_set_new(root, "title", json_string(a->title));
    json_object_set_new(root, "author", str_or_null(a->author));
    json_object_set_new(root, "date", str_or_null(a->date));
    json_object_set_new(root, "publication", str_or_null(a->publication));
    json_object_set_new(root, "language", str_or_null(a->language));
    json_object_set_new(root, "language_source", json_string(a->language_source));
    json_object_set_new(root, "dateline", str_or_null(a->dateline));
    json_object_set_new(root, "image", str_or_null(a->image));
    json_object_set_new(root, "format", json_string(a->format));
    for (i = 0; i < a->nwarnings; i++)
        json_array_append_new(warnings, json_string(a->warnings[i]));
    json_object_set_new(root, "warnings", warnings);
    for (i = 0; i < a->nsections; i++) {
        const at_article_section *s = &a->sections[i];
        json_t *blocks = json_array();
        for (j = 0; j < s->nblocks; j++) {
            const at_article_block *b = &s->blocks[j];
            json_t *o = json_pack("{s:s, s:s, s:[I, I], s:b}", "kind", at_block_kind_name(b->kind), "text", b->text,
                                  "source", (json_int_t)b->src_start, (json_int_t)b->src_end, "read", b->read);
            if (o && b->language) /* only where it differs from the article's */
                json_object_set_new(o, "language", json_string(b->language));
            json_array_append_new(blocks, o);
        }
        json_array_append_new(sections, json_pack("{s:s, s:[I, I], s:o}", "title", s->title, "source",
                                                  (json_int_t)s->src_start, (json_int_t)s->src_end, "blocks",
                                                  blocks));
    }
    json_object_set_new(root, "sections", sections);
    text = json_dumps(root, JSON_INDENT(2));
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
    }
    free(text);
    json_decref(root);
}

/* The article for a reader's eye: the metadata, then each section's
 * heading and blocks, every one with its source range; blocks a render
 * does not read are marked so. */
static void print_article_text(const at_article *a)
{
    static const char *const labels[] = {"Author", "Date", "Publication", "Language", "Dateline"};
    const char *values[5];
    size_t i, j;
    values[0] = a->author;
    values[1] = a->date;
    values[2] = a->publication;
    values[3] = a->language;
    values[4] = a->dateline;
    printf("Title: %s\n", a->title);
    for (i = 0; i < 5; i++)
        if (values[i])
            printf("%s: %s\n", labels[i], values[i]);
    for (i = 0; i < a->nsections; i++) {
        const at_article_section *s = &a->sections[i];
        if (i > 0 || s->src_end > s->src_start)
            printf("\n%s %s  [%zu-%zu]\n", i ? "##" : "#", s->title, s->src_start, s->src_end);
        for (j = 0; j < s->nblocks; j++) {
            const at_article_block *b = &s->blocks[j];
            printf("\n[%zu-%zu]", b->src_start, b->src_end);
            if (b->kind != AT_BLOCK_PARAGRAPH)
                printf(" (%s%s)", at_block_kind_name(b->kind), b->read ? "" : ", not read");
            printf(" %s\n", b->text);
        }
    }
}

static int cmd_extract(at_ctx *ctx, const cli *c)
{
    at_article *a;
    if (!c->in)
        return usage_error("%s", "extract: which article? (articast extract IN)");
    if (at_ctx_extract(ctx, c->in, &a) != AT_OK)
        return fail(at_ctx_last_error(ctx));
    if (c->json)
        print_article_json(a);
    else
        print_article_text(a);
    at_article_free(a);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}

static int cmd_render(at_ctx *ctx, cli *c)
{
    at_format fmt = AT_FORMAT_AUTO;
    struct stat st;
    if (!c->in)
        return usage_error("%s", "render: which article? (articast render IN -o OUT.mp3)");
    if (!c->out && !c->ro.split_dir && !c->ro.epub && !c->ro.daisy && !c->ro.html)
        return usage_error("%s", "render: where to? give -o OUT.mp3, -o OUT.wav or -o OUT.epub (or --split DIR, "
                                 "--epub FILE, --daisy DIR, --html DIR)");
    if (!c->out) {
        if (c->format && (fmt = at_format_from_name(c->format)) == AT_FORMAT_AUTO)
            return usage_error("--format %s: unknown format; expected mp3 or wav", c->format);
        c->ro.format = fmt == AT_FORMAT_AUTO ? AT_FORMAT_MP3 : fmt;
        if (at_ctx_render_with(ctx, c->in, NULL, &c->ro) != AT_OK)
            return fail(at_ctx_last_error(ctx));
        return EXIT_OK;
    }
    if (stat(c->out, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "articast: %s: is a folder; give a file name for the output\n", c->out);
        return EXIT_OUTPUT;
    }
    if (c->format && (fmt = at_format_from_name(c->format)) == AT_FORMAT_AUTO)
        return usage_error("--format %s: unknown format; expected mp3 or wav", c->format);
    if (!c->format && strcmp(c->out, "-") == 0)
        fmt = AT_FORMAT_MP3;
    else if (!c->format && at_format_from_name(c->out) == AT_FORMAT_AUTO)
        return usage_error("%s: unknown output format; name the file .mp3, .wav or .epub, or give --format", c->out);
    c->ro.format = fmt;
    c->ro.also = c->also;
    c->ro.nalso = c->nalso;
    if (at_ctx_render_with(ctx, c->in, c->out, &c->ro) != AT_OK)
        return fail(at_ctx_last_error(ctx));
    return EXIT_OK;
}

/* Lines from IN (or stdin when IN is absent or "-"), each spoken. */
static int cmd_normalize(at_ctx *ctx, const char *in)
{
    at_normalizer *n;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    int rc = EXIT_OK, warned_utf8 = 0, warned_control = 0;
    FILE *f = stdin;
    if (in && strcmp(in, "-") != 0) {
        struct stat st;
        if (!(f = fopen(in, "r"))) {
            fprintf(stderr, "articast: %s: cannot open: %s\n", in, strerror(errno));
            return EXIT_INPUT;
        }
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fprintf(stderr, "articast: %s: is a directory, not a text file\n", in);
            fclose(f);
            return EXIT_INPUT;
        }
    }
    n = at_ctx_normalizer(ctx);
    while ((len = getline(&line, &cap, f)) >= 0) {
        char *spoken, *clean;
        size_t clen;
        int fixed;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        /* as the readers take text: never a raw byte or control to the output */
        clean = at_text_sanitize(line, (size_t)len, &clen, &fixed);
        if ((fixed & 1) && !warned_utf8++)
            fprintf(stderr, "articast: warning: %s:%zu: not UTF-8: read as Windows-1252\n",
                    f == stdin ? "<stdin>" : in, lineno);
        if ((fixed & 2) && !warned_control++)
            fprintf(stderr, "articast: warning: %s:%zu: control characters (NUL, ESC, ...) read as spaces\n",
                    f == stdin ? "<stdin>" : in, lineno);
        spoken = at_normalize_line(n, clean, clen);
        free(clean);
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
    if (rc == EXIT_OK && ferror(f)) {
        fprintf(stderr, "articast: %s: read failed: %s\n", f == stdin ? "standard input" : in, strerror(errno));
        rc = EXIT_INPUT;
    }
    if (f != stdin)
        fclose(f);
    free(line);
    at_normalizer_free(n);
    return rc;
}

static int cmd_voices(at_ctx *ctx, const cli *c)
{
    char *text;
    if (c->preview) {
        catch_signals(ctx);
        if (at_ctx_preview_voices(ctx, c->preview, c->text, c->ro.rate) != AT_OK)
            return fail(at_ctx_last_error(ctx));
        return EXIT_OK;
    }
    text = at_ctx_describe_voices(ctx);
    fputs(text, stdout);
    free(text);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}

static int cmd_feed(const cli *c)
{
    at_error e;
    if (!c->in)
        return usage_error("%s", "feed: which folder? (articast feed DIR -o feed.xml)");
    if (!c->out)
        return usage_error("%s", "feed: where to? give -o feed.xml");
    memset(&e, 0, sizeof e);
    if (at_feed_build(c->in, c->out, &c->fo, &e) != AT_OK)
        return fail(&e);
    return EXIT_OK;
}

/* In a batch, --vtt and the other sidecar options are flags (each article
 * gets NAME.vtt beside NAME.mp3) while render takes a file name; the batch
 * spelling is renamed before parsing so one option table serves both. */
static void batch_flags(int argc, char **argv)
{
    static const char *const flags[][2] = {{"--vtt", "--batch-vtt"},
                                           {"--srt", "--batch-srt"},
                                           {"--chapters-json", "--batch-chapters-json"},
                                           {"--ffmetadata", "--batch-ffmetadata"},
                                           {"--epub", "--batch-epub"},
                                           {"--daisy", "--batch-daisy"},
                                           {"--html", "--batch-html"}};
    int k;
    size_t f;
    if (argc < 2 || strcmp(argv[1], "batch") != 0)
        return;
    for (k = 2; k < argc && strcmp(argv[k], "--") != 0; k++)
        for (f = 0; f < sizeof flags / sizeof *flags; f++)
            if (strcmp(argv[k], flags[f][0]) == 0)
                argv[k] = (char *)flags[f][1];
}

/* batch IN... --out-dir DIR: the render options apply to every article. */
static int cmd_batch(cli *c)
{
    at_format fmt = AT_FORMAT_MP3;
    if (c->in || c->out)
        return usage_error("%s", "batch: give inputs and --out-dir DIR (no -o)");
    if (!c->bo.out_dir)
        return usage_error("%s", "batch: where to? give --out-dir DIR");
    if (!c->ninputs && !c->bo.manifest)
        return usage_error("%s", "batch: which articles? give files, folders or --manifest FILE");
    if (c->ro.split_dir)
        return usage_error("%s", "batch: --split is not available in a batch");
    if (c->format && (fmt = at_format_from_name(c->format)) == AT_FORMAT_AUTO)
        return usage_error("--format %s: unknown format; expected mp3 or wav", c->format);
    c->ro.format = fmt;
    c->bo.inputs = c->inputs;
    c->bo.ninputs = c->ninputs;
    c->bo.opt = &c->opt;
    c->bo.render = &c->ro;
    catch_signals(NULL);
    return at_cli_batch(&c->bo, c->progress, c->results);
}

int main(int argc, char **argv)
{
    cli c;
    at_ctx *ctx;
    at_error err;
    int r;
    guard_std_fds();
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return at_cli_serve(argc - 1, argv + 1);
    ignore_write_signals();
    memset(&c, 0, sizeof c);
    at_options_init(&c.opt);
    at_render_options_init(&c.ro);
    c.opt.warn = print_warning;
    batch_flags(argc, argv);
    if ((r = parse_command_line(argc, argv, &c)) >= 0) {
        free(c.inputs);
        return r;
    }
    if (!c.cmd)
        return usage_error("%s", "a command is needed: render, script, extract, normalize, voices, feed, batch or serve");
    if (c.ro.rate != 0 && c.ro.rate_wpm != 0)
        return usage_error("%s", "--rate and --rate-wpm: give one or the other");
    if (c.results && strcmp(c.cmd, "batch") != 0)
        return usage_error("%s", "--results belongs to `articast batch`");
    if (strcmp(c.cmd, "feed") == 0)
        return c.out && strcmp(c.out, "-") == 0 && need_stdout("feed -o -") ? EXIT_OUTPUT : cmd_feed(&c);
    if (strcmp(c.cmd, "batch") == 0) {
        r = cmd_batch(&c);
        free(c.inputs);
        return r;
    }
    if (strcmp(c.cmd, "render") && strcmp(c.cmd, "script") && strcmp(c.cmd, "extract") &&
        strcmp(c.cmd, "normalize") && strcmp(c.cmd, "voices"))
        return usage_error("unknown command `%s` (render, script, extract, normalize, voices, feed, batch or serve)",
                           c.cmd);
    if (strcmp(c.cmd, "voices") == 0 && c.in)
        return usage_error("unexpected argument %s (voices lists the profiles of --voices DIR)", c.in);
    if ((c.preview || c.text) && strcmp(c.cmd, "voices") != 0)
        return usage_error("%s", "--preview and --text belong to `articast voices --preview DIR`");
    if (c.text && !c.preview)
        return usage_error("%s", "--text: give --preview DIR too (voices --preview DIR --text T)");
    if (c.ro.rate_wpm != 0 && c.preview)
        return usage_error("%s", "voices --preview: give the speed with --rate");
    if (strcmp(c.cmd, "render") != 0 && need_stdout(c.cmd))
        return EXIT_OUTPUT;
    if (strcmp(c.cmd, "render") == 0 && c.out && strcmp(c.out, "-") == 0 && need_stdout("-o -"))
        return EXIT_OUTPUT;
    ctx = at_ctx_new(&c.opt, &err);
    if (!ctx)
        return fail(&err);
    if (strcmp(c.cmd, "render") == 0) {
        catch_signals(ctx);
        r = cmd_render(ctx, &c);
    }
    else if (strcmp(c.cmd, "script") == 0)
        r = cmd_script(ctx, &c);
    else if (strcmp(c.cmd, "extract") == 0)
        r = cmd_extract(ctx, &c);
    else if (strcmp(c.cmd, "normalize") == 0)
        r = cmd_normalize(ctx, c.in);
    else
        r = cmd_voices(ctx, &c);
    running_ctx = NULL;
    at_ctx_free(ctx);
    return r;
}
