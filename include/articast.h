/* articast: turn a news article into a finished audio edition.
 *
 * The library runs five stages: read -> normalize -> segment -> synth ->
 * produce. This header is the public face of all of them: a context that
 * holds the loaded data (voices, casting, lexicon) and the speech engine,
 * and calls that take an article from a file to a script or to audio.
 *
 * Ownership: every object returned by a *_new or *_build call belongs to the
 * caller and is released by the matching *_free, which accepts NULL.
 * Threads: libespeak-ng keeps global state, so at most one at_ctx may render
 * at a time in a process. Use processes for parallelism.
 */
#ifndef ARTICAST_H
#define ARTICAST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define AT_API __declspec(dllexport)
#elif defined(__GNUC__)
#define AT_API __attribute__((visibility("default")))
#else
#define AT_API
#endif

#define AT_VERSION_MAJOR 0
#define AT_VERSION_MINOR 1
#define AT_VERSION_PATCH 0

/* Status codes. The numbers are fixed: append new ones, never renumber. */
#define AT_STATUS_MAP(XX)                                                    \
    XX(OK, 0, "success")                                                     \
    XX(EUSAGE, 1, "invalid argument")                                        \
    XX(ENOMEM, 2, "out of memory")                                           \
    XX(EINPUT_IO, 3, "input could not be read")                              \
    XX(EINPUT, 4, "input is not a usable article")                           \
    XX(EOUTPUT, 5, "output could not be written")                            \
    XX(EENGINE, 6, "speech engine failure")                                  \
    XX(ECODEC, 7, "audio encoder failure")                                   \
    XX(ECONFIG, 8, "configuration file is invalid")                          \
    XX(EFORMAT, 9, "unknown output format")                                  \
    XX(ESTATE, 10, "call made in the wrong order")                           \
    XX(EINTR, 11, "interrupted")

typedef enum at_status {
#define AT_XX(name, num, msg) AT_##name = num,
    AT_STATUS_MAP(AT_XX)
#undef AT_XX
} at_status;

/* A static English sentence describing `s`. Never NULL. */
AT_API const char *at_strerror(at_status s);
/* The symbolic name of `s`, such as "EINPUT". Never NULL. */
AT_API const char *at_status_name(at_status s);
/* The library version as "MAJOR.MINOR.PATCH". */
AT_API const char *at_version(void);

/* Detail for a failed call: the status and a message that names the file
 * (and line or byte where it applies) and what went wrong. */
typedef struct at_error {
    at_status status;
    char msg[1024];
} at_error;

/* Output container. AT_FORMAT_AUTO picks from the output path's extension. */
typedef enum at_format { AT_FORMAT_AUTO = 0, AT_FORMAT_MP3, AT_FORMAT_WAV } at_format;

/* Acronym policy: how an all-caps acronym is read. */
typedef enum at_acronym_policy {
    AT_ACRONYMS_DEFAULT = 0, /* expand on first mention, spell after */
    AT_ACRONYMS_SPELL,
    AT_ACRONYMS_EXPAND,
    AT_ACRONYMS_WORD
} at_acronym_policy;

/* Input format. AT_INPUT_AUTO picks from the input's extension (.txt,
 * .md/.markdown, .html/.htm/.xhtml), then from its content. */
typedef enum at_input_format {
    AT_INPUT_AUTO = 0,
    AT_INPUT_TEXT,
    AT_INPUT_MARKDOWN,
    AT_INPUT_HTML
} at_input_format;

/* What happens to code blocks (Markdown fences, HTML <pre>). */
typedef enum at_code_blocks {
    AT_CODE_SKIP = 0, /* left out silently */
    AT_CODE_ANNOUNCE  /* replaced by a short spoken notice */
} at_code_blocks;

/* Receives a warning about the input that did not stop the work (a guessed
 * charset, ...): one line naming the file, without a trailing newline. */
typedef void (*at_warn_fn)(void *user_data, const char *msg);

/* Options structs: a zero-filled struct means the defaults. In every
 * field of at_options, at_render_options (with its at_pauses),
 * at_feed_options and at_batch_options, 0 or NULL is the default, so
 * `memset(&o, 0, sizeof o)` and the *_init calls give the same result.
 * Where the number 0 is itself a setting (no pause, a ceiling at 0 dBTP,
 * LAME's -q 0 and -V 0), AT_ZERO asks for it. In the integer fields that
 * take AT_ZERO, -1 (the default's old spelling) is still the default. */
#define AT_ZERO (-0x7fffffff - 1)

/* Options for a context: zero-fill, or call at_options_init, then set
 * what you need; NULL paths mean the installed defaults. */
typedef struct at_options {
    const char *voices_dir;   /* folder of *.voice profiles and `casting` */
    const char *lexicon_path; /* extra lexicon TSV, added over the built-in */
    const char *narrator;     /* profile name that overrides the casting's narrator */
    at_acronym_policy acronyms;
    int read_captions;        /* read photo captions aloud (default: no) */
    int mp3_bitrate;          /* kbps, CBR; 0 = default (64) */
    int mp3_quality;          /* LAME algorithm quality, as LAME's -q: 1 (best, slowest)
                                 .. 9 (fastest); 0 = default (7); AT_ZERO for -q 0 */
    /* Spoken intro and outro templates, NULL for none. Fields in braces
     * come from the metadata: {title} {author} {publication} {date}. A
     * part in square brackets is dropped when a field in it is empty:
     * "An audio edition of {title}[, from {publication}][, published {date}]." */
    const char *intro;
    const char *outro;
    at_input_format input_format; /* default: from the extension, then the content */
    size_t max_input;         /* input size limit in bytes; 0 = 50 MB */
    int skip_tables;          /* HTML: leave tables out (default: read row by row) */
    at_code_blocks code_blocks; /* default: skipped */
    at_warn_fn warn;          /* NULL: warnings are dropped */
    void *warn_data;          /* passed to `warn` */
    const char *locale;       /* "en-US" (default: 5/4 is May 4) or "en-GB" (4 May);
                                 read by at_ctx_new only */
    const char *language;     /* BCP 47 tag every article is read in ("es", "pt-BR"),
                                 overriding what the article says and detection;
                                 NULL: the article's own */
} at_options;

/* Fills `o` with the defaults, spelled out: the same as a zero-filled
 * struct. */
AT_API void at_options_init(at_options *o);

/* The default intro and outro templates. */
#define AT_DEFAULT_INTRO "An audio edition of {title}[, by {author}][, from {publication}][, published {date}]."
#define AT_DEFAULT_OUTRO "That was {title}[, from {publication}]."


typedef struct at_ctx at_ctx;

/* Creates a context: loads the voice profiles, the casting and the lexicon.
 * On failure returns NULL and fills `err` (if not NULL). The speech engine
 * starts lazily on the first render. */
AT_API at_ctx *at_ctx_new(const at_options *opt, at_error *err);
/* Releases the context and stops the speech engine. NULL is a no-op. */
AT_API void at_ctx_free(at_ctx *ctx);
/* The detail of the last failed call on this context. Never NULL. */
AT_API const at_error *at_ctx_last_error(const at_ctx *ctx);

/* A readable listing of the voice profiles and the casting, as printed by
 * `articast voices`. The caller frees it with free(). */
AT_API char *at_ctx_describe_voices(const at_ctx *ctx);

/* ---- The script: what will be said, by whom ---------------------------- */

typedef enum at_turn_kind {
    AT_TURN_TITLE = 0,
    AT_TURN_HEADING,
    AT_TURN_NARRATION,
    AT_TURN_QUOTE,
    AT_TURN_CAPTION,
    AT_TURN_INTRO,
    AT_TURN_OUTRO
} at_turn_kind;

typedef enum at_gender { AT_GENDER_UNKNOWN = 0, AT_GENDER_FEMALE, AT_GENDER_MALE } at_gender;

/* What a speaker's gender rests on, weakest first: the first name
 * (voices/en/names.tsv) or a surname ending, a title or role word (Mr,
 * Dame, the spokeswoman), a pronoun that refers to the person, a cue
 * verb whose form agrees with the speaker. */
typedef enum at_evidence {
    AT_EVIDENCE_NONE = 0,
    AT_EVIDENCE_NAME,
    AT_EVIDENCE_TITLE,
    AT_EVIDENCE_PRONOUN,
    AT_EVIDENCE_VERB /* the cue verb agrees with the speaker (Russian сказала, заявил) */
} at_evidence;

/* A speaker. Index 0 of a script's speakers is always the narrator. */
typedef struct at_speaker {
    char *id;      /* stable key, e.g. "narrator", "bauer" */
    char *name;    /* display name */
    at_gender gender;
    at_evidence gender_evidence; /* AT_EVIDENCE_NONE when gender is unknown */
    char *voice;   /* voice profile name */
} at_speaker;

/* Where a turn stands relative to the one before it; drives the pauses. */
typedef enum at_boundary {
    AT_BOUND_NONE = 0,  /* same sentence, another voice */
    AT_BOUND_SENTENCE,
    AT_BOUND_PARAGRAPH,
    AT_BOUND_HEADING,
    AT_BOUND_SECTION
} at_boundary;

/* A sentence of a turn: the unit of a transcript cue, and of the sync
 * between text and audio. */
typedef struct at_sentence {
    size_t spoken_start, spoken_end; /* byte range in the turn's text */
    size_t src_start, src_end;       /* byte range in the source file */
    char *written;                   /* the words as written, white space collapsed */
} at_sentence;

/* A run of text in one voice. */
/* How a quotation turn found its speaker, from the most direct evidence
 * to none: a speech cue naming the speaker (said Ana Ruiz), a cue with a
 * pronoun (she said), a document that speaks for its issuer (the
 * statement said), the sentence before (Ruiz explained. “Q”), a person
 * the narration introduces next to it, a quotation continued from the
 * paragraph before, an earlier quotation of the same paragraph, a heading
 * that is a name, the speaker of the quotation before, the only person
 * the article names, a transcript's label (JANE DOE:, Q:), or none: the
 * evidence was too weak, and the quotation is read in the neutral quote
 * voice of an unattributed speaker. */
typedef enum at_attribution {
    AT_ATTR_NONE = 0,
    AT_ATTR_CUE,
    AT_ATTR_PRONOUN,
    AT_ATTR_DOCUMENT,
    AT_ATTR_PREVIOUS,
    AT_ATTR_INTRODUCED,
    AT_ATTR_CONTINUED,
    AT_ATTR_PARAGRAPH,
    AT_ATTR_HEADING,
    AT_ATTR_LAST_SPEAKER,
    AT_ATTR_ONLY_PERSON,
    AT_ATTR_LABEL
} at_attribution;

typedef struct at_turn {
    size_t section;      /* index into the script's sections */
    at_turn_kind kind;
    at_attribution attribution; /* quotation turns: how the speaker was found */
    size_t speaker;      /* index into the script's speakers */
    const char *voice;   /* voice profile name, owned by the script */
    char *text;          /* spoken text handed to the engine */
    size_t src_start;    /* byte range in the source file */
    size_t src_end;
    at_boundary before;  /* boundary between the previous turn and this */
    at_sentence *sentences; /* the turn's sentences, in order; at least one */
    size_t nsentences;
    const char *language; /* BCP 47, owned by the script: a passage in another
                             language than the article's; NULL: the script's */
} at_turn;

typedef struct at_script_section {
    char *title;
} at_script_section;

typedef struct at_script {
    char *title;
    char *author;      /* may be NULL */
    char *publication; /* may be NULL */
    char *date;        /* may be NULL */
    at_turn *turns;
    size_t nturns;
    at_speaker *speakers;
    size_t nspeakers;
    at_script_section *sections;
    size_t nsections;
    char **voice_names;  /* the strings at_turn.voice points to */
    size_t nvoice_names;
    char *language;      /* BCP 47 from the article ("en" when it names none) */
    char **language_names; /* the strings at_turn.language points to */
    size_t nlanguage_names;
} at_script;

/* Reads, normalizes and segments the article at `path` ("-" for stdin).
 * On success stores a new script in *out. */
AT_API at_status at_ctx_script(at_ctx *ctx, const char *path, at_script **out);
/* Releases a script. NULL is a no-op. */
AT_API void at_script_free(at_script *s);
/* The name of a turn kind, as used in the JSON script ("quote", ...). */
AT_API const char *at_turn_kind_name(at_turn_kind k);
/* The name of a gender ("female", "male", "unknown"). */
AT_API const char *at_gender_name(at_gender g);
/* "none", "name", "title", "pronoun" or "verb". */
AT_API const char *at_evidence_name(at_evidence e);
/* "cue", "pronoun", "document", "previous-sentence", "introduced",
 * "continued", "same-paragraph", "heading", "last-speaker",
 * "only-person", "label" or "none". */
AT_API const char *at_attribution_name(at_attribution a);

/* ---- The article as read: what `articast extract` prints ----------------- */

/* The kind of a block of the article's text. */
typedef enum at_block_kind {
    AT_BLOCK_PARAGRAPH = 0,
    AT_BLOCK_CAPTION,     /* photo caption or credit: read only with read_captions */
    AT_BLOCK_LIST_ITEM,
    AT_BLOCK_QUOTE,       /* block quotation */
    AT_BLOCK_BOILERPLATE, /* promotional footer, share or related links: never read */
    AT_BLOCK_NOTE         /* editor's note: read as narration, but never a heading,
                             byline or dateline */
} at_block_kind;

/* A block in written form, with its byte range in the source file. */
typedef struct at_article_block {
    at_block_kind kind;
    char *text;
    size_t src_start, src_end;
    int read;  /* 1 when a render reads it aloud (kind and the context's options) */
    char *language; /* BCP 47 when the block is in another language than the
                       article's (detected with confidence); NULL */
} at_article_block;

typedef struct at_article_section {
    char *title;  /* section 0: the headline; "" for none */
    size_t src_start, src_end;
    at_article_block *blocks;
    size_t nblocks;
} at_article_section;

/* The read stage's result: the article's metadata and text as written.
 * String fields other than the title may be NULL when the input gives
 * none. `date` is as the source gives it (ISO 8601 kept whole). */
typedef struct at_article {
    char *title, *author, *date, *publication, *language, *dateline, *image;
    const char *format; /* "text", "markdown" or "html": how it was read */
    at_article_section *sections;
    size_t nsections;
    char **warnings; /* problems worked around (a charset guessed, ...) */
    size_t nwarnings;
    const char *language_source; /* how `language` was found: "metadata",
                                    "content" (the text), "forced"
                                    (at_options.language) or "default" */
} at_article;

/* Reads the article at `path` ("-" for stdin) as a render would, and
 * stores what it found in *out: nothing is normalized or synthesized. */
AT_API at_status at_ctx_extract(at_ctx *ctx, const char *path, at_article **out);
/* Releases an article. NULL is a no-op. */
AT_API void at_article_free(at_article *a);
/* The name of a block kind ("paragraph", "caption", "list-item", "quote",
 * "boilerplate", "note"). */
AT_API const char *at_block_kind_name(at_block_kind k);

/* ---- Rendering ---------------------------------------------------------- */

/* Renders the article at `in` to `out` in `fmt` (AT_FORMAT_AUTO: from the
 * extension). The output appears only when complete: it is written to a
 * temporary file beside `out` and renamed into place. */
AT_API at_status at_ctx_render(at_ctx *ctx, const char *in, const char *out, at_format fmt);

/* Pause lengths in ms; 0 = the default, AT_ZERO for no pause. */
typedef struct at_pauses {
    int sentence;  /* between sentences of one speaker (default 350) */
    int paragraph; /* between paragraphs (default 700) */
    int quote;     /* where the voice changes mid-paragraph (default 250) */
    int heading;   /* after the headline or a heading (default 800) */
    int section;   /* before a new section (default 1400) */
} at_pauses;

/* Everything a render can do besides the main file. Zero-fill, or call
 * at_render_options_init, then set what you need. Every path is written
 * atomically (temporary file, then rename) and only when the render
 * succeeds. */
typedef struct at_render_options {
    at_format format;         /* AT_FORMAT_AUTO: from the output's extension */
    const char *split_dir;    /* one file per section, plus playlist.m3u8 */
    const char *chapters_json;/* Podcasting 2.0 chapters */
    const char *vtt;          /* WebVTT transcript, <v Speaker> spans */
    const char *srt;          /* SubRip transcript */
    const char *ffmetadata;   /* ffmpeg metadata chapters */
    const char *cover;        /* JPEG or PNG for the ID3 APIC frame */
    const char *comment;      /* ID3 COMM */
    int loudness_off;         /* 1: no loudness normalization */
    double loudness;          /* integrated loudness target, LUFS; 0 = default (-16) */
    double true_peak;         /* true-peak ceiling, dBTP; 0 = default (-1); AT_ZERO for 0 */
    int chime;                /* a short generated tone between sections */
    at_pauses pauses;
    int vbr_quality;          /* MP3 VBR, as LAME's -V: 1 .. 9 (smallest); AT_ZERO for -V 0
                                 (best); 0 = CBR at mp3_bitrate (default) */
    int no_clobber;           /* fail rather than replace an existing output */
    int sample_rate;          /* MP3 sample rate in Hz; 0 = eSpeak NG's 22050 */
    const char *const *also;  /* more whole-edition files (e.g. a WAV beside the MP3), */
    size_t nalso;             /* each format from its extension; one synthesis for all */
    /* Talking books for blind and low-vision readers, with the text and
     * its MP3 narration synchronized sentence by sentence. `epub`: an
     * EPUB 3 file with Media Overlays (an output path ending in .epub
     * also makes one, and then no separate audio file). `daisy`: a
     * folder for a DAISY 2.02 book (ncc.html, content, SMIL, MP3),
     * created if missing. NULL for none. */
    const char *epub;
    const char *daisy;
    /* A read-along web edition: a folder (created if missing) with
     * index.html, player.js, player.css and audio.mp3, to listen while the
     * sentence being read is highlighted; the same sentence timings as
     * the books. NULL for none. */
    const char *html;
    /* Listening speed. `rate` (0.5..4; 0 or 1 = as the profiles say)
     * scales every voice profile's words per minute, so the voices keep
     * their differences, and divides every pause by the same factor.
     * `rate_wpm` (when > 0) sets the narrator's words per minute instead,
     * the others in proportion; it must come to a factor within 0.5..4.
     * eSpeak NG speaks up to 449 words a minute itself and uses its
     * speed-up (sonic) above; it speaks no slower than 80. */
    double rate;
    int rate_wpm;
} at_render_options;

/* Fills `o` with the defaults, spelled out: the same render as a
 * zero-filled struct. */
AT_API void at_render_options_init(at_render_options *o);

/* Renders `in` to `out` (NULL when only --split output is wanted) with the
 * extras in `o` (NULL for the defaults). `out` may be "-" for standard
 * output; a target that exists and is not a regular file (a FIFO, a
 * device) is written in place, never replaced. */
AT_API at_status at_ctx_render_with(at_ctx *ctx, const char *in, const char *out, const at_render_options *o);

/* Asks a render in progress to stop: it returns AT_EINTR soon after,
 * having removed its temporary file. Async-signal-safe: call it from a
 * SIGINT or SIGTERM handler. */
AT_API void at_ctx_interrupt(at_ctx *ctx);

/* Writes one short WAV per voice profile into `dir` (created if
 * missing): NAME.wav speaks the profile's name, then `text` (NULL: a
 * news sentence), at speed `rate` (0 or 1: the profiles' own). Each file
 * appears only when complete; an existing one is replaced. For choosing
 * voices and checking a new roster. */
AT_API at_status at_ctx_preview_voices(at_ctx *ctx, const char *dir, const char *text, double rate);

/* Maps an extension or format name ("mp3", "wav") to a format;
 * AT_FORMAT_AUTO when unknown. */
AT_API at_format at_format_from_name(const char *name);
/* Maps "text", "markdown" or "html" (or "txt", "md", "htm") to an input
 * format; AT_INPUT_AUTO when unknown. */
AT_API at_input_format at_input_format_from_name(const char *name);

/* ---- The podcast feed --------------------------------------------------- */

typedef struct at_feed_options {
    const char *title;       /* channel title (default: the editions' publication) */
    const char *link;        /* channel link (default: base_url) */
    const char *base_url;    /* where the folder is served; prefixes every URL */
    const char *description;
    const char *author;
    const char *image;       /* channel artwork URL */
    const char *language;    /* default "en" */
    const char *owner_name;  /* itunes:owner, for directories to contact */
    const char *owner_email; /* itunes:owner and podcast:locked's owner */
    const char *locked;      /* podcast:locked: "yes" (no other platform may
                                import the feed) or "no" (default) */
    const char *type;        /* itunes:type: "episodic" (default) or "serial" */
    int relative;            /* allow a feed without an absolute base_url (its URLs
                                are then relative, which podcast apps cannot fetch) */
    at_warn_fn warn;         /* the notes on what was skipped or dropped, each a
                                sentence; NULL: printed on stderr */
    void *warn_data;
} at_feed_options;

/* Builds or updates the RSS 2.0 feed `out` from the editions (MP3 files
 * articast wrote, with their sidecars) in `dir` and its sub-folders.
 * Items of `out` added by other means (enclosures outside the folder)
 * are kept; an item whose edition is no longer in the folder is dropped,
 * with a note on stderr; an item is never written twice. A setting left
 * NULL is read back from the existing feed (the title, link, description,
 * author, image, language, owner, locked, type, and the base URL from its
 * atom:link rel="self"), so a re-run keeps the show's settings; its
 * podcast:guid is made once and kept. Without an absolute http(s) base
 * URL (given or kept) the feed is refused, unless `relative` is set. */
AT_API at_status at_feed_build(const char *dir, const char *out, const at_feed_options *o, at_error *e);

/* ---- Normalization ------------------------------------------------------ */

typedef struct at_normalizer at_normalizer;

/* A normalizer over the context's lexicon, with its own acronym state, for
 * the language forced by at_options.language, else English. */
AT_API at_normalizer *at_ctx_normalizer(at_ctx *ctx);
/* Normalizes one line of text into spoken words. Returns a string the
 * caller frees with free(), or NULL on failure (see the context's error). */
AT_API char *at_normalize_line(at_normalizer *n, const char *text, size_t len);
/* A normalizer for the language `lang` (BCP 47, "es"; NULL: English):
 * English's rules only for English, a language's own rules where
 * articast has them (de, es, fr, pt, ru), else eSpeak NG's own reading. */
AT_API at_normalizer *at_ctx_normalizer_lang(at_ctx *ctx, const char *lang);
/* Releases a normalizer. NULL is a no-op. */
AT_API void at_normalizer_free(at_normalizer *n);

/* Text as the readers take it: bytes that are not UTF-8 are read as
 * Windows-1252 (Latin-1's superset), and NUL and the other control
 * characters but tab, line feed and carriage return become spaces.
 * Returns a new NUL-terminated string (its length in *out_len) that the
 * caller frees; *fixed says what was done: 1 not UTF-8, 2 control
 * characters, 3 both, 0 nothing. */
AT_API char *at_text_sanitize(const char *s, size_t len, size_t *out_len, int *fixed);

/* An auditable normalization report of the article at `path` ("-" for
 * stdin): one line per rewrite, `LINE:COL<TAB>class<TAB>"source"<TAB>->
 * "spoken"`, in reading order (headline first), then one warning line per
 * token read without confidence (an all-caps word not in the lexicon, an
 * ambiguous abbreviation such as St., an unknown unit). The normalizer is
 * run exactly as for `at_ctx_script`. On success stores a string in *out
 * that the caller frees with free(). */
AT_API at_status at_ctx_normalize_report(at_ctx *ctx, const char *path, char **out);

/* ---- Batch conversion ---------------------------------------------------- */

/* What a batch event reports. */
typedef enum at_batch_event_kind {
    AT_BATCH_PLAN = 0, /* the work is known: `total` articles in this shard */
    AT_BATCH_START,    /* a worker (`pid`) took article `index` */
    AT_BATCH_DONE,     /* article rendered; `audio_seconds` of audio */
    AT_BATCH_SKIP,     /* article up to date (--resume), not rendered again */
    AT_BATCH_FAIL,     /* article failed: `status` and `msg` say why */
    AT_BATCH_CRASH,    /* worker `pid` died (signal `signal`) holding the article;
                          it is retried once, then counted failed */
    AT_BATCH_FINISH    /* every article is accounted for, or the batch stopped */
} at_batch_event_kind;

/* One event, with the running totals after it. Strings are valid only
 * during the callback. */
typedef struct at_batch_event {
    at_batch_event_kind kind;
    size_t index;         /* article number in input order (START..CRASH) */
    const char *input;    /* its input path */
    const char *output;   /* its output path, inside the output folder */
    long pid;             /* the worker process (START, CRASH) */
    int signal;           /* CRASH: the signal that ended the worker, or 0 */
    at_status status;     /* FAIL */
    const char *msg;      /* FAIL, CRASH: the reason, naming the file */
    double audio_seconds; /* DONE: length of this article's audio */
    double time_limit;    /* START: seconds the article may take (--timeout,
                             or the default for its size); 0 = no limit */
    size_t total, done, skipped, failed;
    double audio_total;   /* seconds of audio produced in this run */
    double elapsed;       /* wall-clock seconds since the batch started */
    double seconds;       /* DONE, SKIP, FAIL: wall-clock seconds the article's
                             last attempt took, from a worker taking it */
    const char *const *outputs; /* DONE, SKIP: the article's files and
                             folders, the audio first, then each sidecar and
                             book asked for (paths under `out_dir`) */
    size_t noutputs;
} at_batch_event;

/* Receives batch events in the calling process, one at a time. */
typedef void (*at_batch_event_fn)(void *user_data, const at_batch_event *ev);

/* The default per-article time limit of a batch: BASE seconds, plus
 * PER_KB seconds for each KB of input (a 6 KB article: 312 s; 1 MB:
 * 2,348 s). A render takes about a quarter of a second per KB on one
 * core; the default allows eight times that and more, so that only an
 * article that is stuck, not one that is long, is stopped. */
#define AT_BATCH_TIMEOUT_BASE 300.0
#define AT_BATCH_TIMEOUT_PER_KB 2.0

/* A batch: inputs, where outputs go, and how the work is spread. Zero-
 * initialise, then set what you need. */
typedef struct at_batch_options {
    const char *const *inputs; /* files, and folders walked recursively for
                                  .txt .md .markdown .html .htm */
    size_t ninputs;
    const char *manifest;      /* JSON lines: {"input", "output", "narrator"
                                  (or "voice"), "title" (the title tag), "cover"};
                                  relative paths are relative to the
                                  manifest's folder */
    const char *out_dir;       /* every output lands inside it, whatever names
                                  the manifest asks for */
    int jobs;                  /* worker processes; 0 = the number of cores */
    unsigned shard_k, shard_n; /* process shard K of N (1-based); 0, 0 = all */
    int resume;                /* skip outputs whose stamp matches */
    int fail_fast;             /* stop handing out work after the first failure */
    double timeout;            /* seconds an article may take before its worker
                                  is killed (then as a crash); 0 = the default,
                                  scaled to the input's size (AT_BATCH_TIMEOUT_*);
                                  negative = no limit */
    int vtt, srt, chapters_json, ffmetadata; /* sidecars beside each output */
    int epub, daisy;           /* a talking book for each article: NAME.epub,
                                  NAME-daisy/ (a DAISY 2.02 folder) */
    int html;                  /* a read-along page for each article: NAME-html/ */
    const at_options *opt;     /* context options for every worker (NULL: defaults) */
    const at_render_options *render; /* render options (NULL: defaults); its
                                  path fields other than `cover` are ignored */
    at_batch_event_fn on_event;  /* NULL: no events */
    void *event_data;
} at_batch_options;

/* The totals of a batch run. */
typedef struct at_batch_result {
    size_t total, done, skipped, failed;
    double audio_seconds;
    int signal; /* the signal that stopped the batch, or 0 */
} at_batch_result;

/* Converts many articles with `jobs` worker processes, forked from the
 * calling process; each worker makes its own context, since the speech
 * engine is one per process. Each output OUT is written atomically, then
 * its stamp OUT.articast, which records a hash of the input bytes, the
 * options that shape the output and at_version(); with `resume`, an output
 * whose stamp matches is skipped. A bad article is reported and counted
 * failed, and the rest go on. Outputs are named from the manifest or from
 * the input's path relative to the folder given, made safe (no `..`, no
 * absolute path) and unique (`-2`, `-3` in input order, over all shards).
 * Returns AT_OK when every article was accounted for (see `res->failed`),
 * AT_EINTR when at_batch_interrupt stopped it, or an error for the batch as
 * a whole (unreadable manifest, output folder not writable) in `err`.
 * Call it from a single-threaded process: it forks. */
AT_API at_status at_batch_run(const at_batch_options *o, at_batch_result *res, at_error *err);

/* Stops a batch in this process: no more articles start, workers drop the
 * article in hand without leaving partial outputs, and at_batch_run
 * returns AT_EINTR. Async-signal-safe: call it from the SIGINT and SIGTERM
 * handler with the signal number; in a worker it interrupts the render. */
AT_API void at_batch_interrupt(int sig);

/* The 64-bit FNV-1a hash of `len` bytes, the hash that places an input in
 * a shard: shard K of N holds the inputs with hash % N == K - 1. */
AT_API uint64_t at_batch_hash(const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
