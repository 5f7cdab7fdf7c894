/* Internal types shared by the segmenter's files: the cue table, the
 * quotation spans of a block, speaker phrases, and the speaker registry.
 *
 *   cues.c      the cue table (voices/en/cues.tsv)
 *   quotes.c    quotation spans in one block's tokens
 *   attrib.c    the cue verb and speaker phrase next to a quotation
 *   speakers.c  the registry of people, pronouns, gender, voice casting
 *   segment.c   the driver: blocks in, turns out */
#ifndef AT_SEGMENT_IMPL_H
#define AT_SEGMENT_IMPL_H

#include <stdint.h>

#include "segment.h"

/* ---- cues.c ---- */

typedef enum at_cue_kind {
    AT_CUE_VERB = 0, /* said, added, told */
    AT_CUE_PREP,     /* according (to) */
    AT_CUE_PRONOUN,  /* he, she, it, they */
    AT_CUE_TITLE,    /* Mr, Director */
    AT_CUE_PARTICLE, /* van, de, bin */
    AT_CUE_STOP,     /* The, Monday: capitalized, not a name */
    AT_CUE_ADVERB,   /* also, has: between a speaker and the verb */
    AT_CUE_DET,      /* the, a */
    AT_CUE_MINOR,    /* of, and: small words inside a title */
    AT_CUE_ORG,      /* Ministry, Committee */
    AT_CUE_COPULA,   /* is, was: "One of them is NAME" names a person */
    AT_CUE_DOCUMENT, /* statement, release: a text that speaks for its issuer */
    AT_CUE_DOCVERB,  /* read, reads: a verb of speech for a document only */
    AT_CUE_SURNAME,  /* King, Bishop: a title that is also a common surname */
    AT_CUE_NAME,     /* a first name and the gender it tells (voices/en/names.tsv) */
    AT_CUE_OBJECT,   /* a, à: opens an indirect object between a verb and its speaker */
    AT_CUE__COUNT
} at_cue_kind;

/* The value of a pronoun or a gendered title. */
enum { AT_CUEV_NONE = 0, AT_CUEV_FEMALE, AT_CUEV_MALE, AT_CUEV_GROUP };

/* 1 when `w` (n bytes, any case) is listed under `kind`; stores the entry's
 * value (AT_CUEV_*) in *val when val is not NULL. */
int at__cues_find(const at_cues *c, at_cue_kind kind, const char *w, size_t n, int *val);
/* How many entries of `kind` the table holds. */
size_t at__cues_count(const at_cues *c, at_cue_kind kind);
/* The second word of a `prep` entry ("to" for "according"), or NULL. */
const char *at__cues_prep_next(const at_cues *c, const char *w, size_t n);
/* Quotation styles a table turns on (`mark` entries): a paragraph opening
 * with a dash is dialogue (—Q —dijo X—. / — Q, — сказал X.); » may open
 * and « close, when » is the paragraph's first guillemet (»Q«, sagte X). */
enum { AT_MARKS_DASH = 1, AT_MARKS_RAQUO_OPENS = 2 };
unsigned at__cues_marks(const at_cues *c);
/* 1 when a and b are the same words but for case, ASCII, Latin-1 or
 * Cyrillic (Мэр, мэр). */
int at__fold_eq(const char *a, const char *b);

/* ---- quotes.c ---- */

#define AT_NO_TOK ((size_t)-1)

/* A top-level quotation in a block. Quote marks nested inside belong to it. */
typedef struct at_qspan {
    size_t open;    /* the opening mark's token, AT_NO_TOK when missing */
    size_t close;   /* the closing mark's token, AT_NO_TOK when left open */
    size_t from, to; /* the quoted tokens [from, to) */
    int cont;       /* continues a quotation left open in the previous paragraph */
    int dialogue;   /* speech by its form: a dialogue paragraph's (—Q —dijo—), or taken up again
                     * after the narrator's insert in a quotation (« Q1, dit-il. Q2 ») */
    int speech;     /* 1 = speech (a speaker's voice), 0 = title or scare quote */
    size_t speaker; /* registry index, set by the driver */
    int rule;       /* AT_ATTR_*: how the speaker was found */
} at_qspan;

typedef struct at_qspans {
    at_qspan *v;
    size_t n, cap;
} at_qspans;

/* Finds the quotations of a block. `ends` marks the tokens that end a
 * sentence (or NULL); with the cue table `c` (or NULL) a quotation that
 * lost its closing mark before its cue ends at the cue's comma. `carry`
 * is 1 when the previous paragraph ended inside a quotation; on return it
 * says whether this one does. */
void at__quotes_find(const at_cues *c, const char *text, const at_tokens *t, const unsigned char *ends, int *carry,
                     at_qspans *out);
/* 1 when the span reads like a title: a few title-case words, no sentence. */
int at__quote_is_title(const at_cues *c, const char *text, const at_tokens *t, const at_qspan *q);
/* Number of word-like tokens in [a, b). */
size_t at__count_words(const char *text, const at_tokens *t, size_t a, size_t b);
/* 1 when the text starts with a capital letter (ASCII or Latin-1). */
int at__is_capitalized(const char *s, size_t n);
/* 1 when token k is a word, number or other spoken unit (not punctuation). */
int at__tok_is_word(const char *text, const at_token *tk);

/* ---- names.c ---- */

typedef enum at_agent_kind { AT_AGENT_NONE = 0, AT_AGENT_PERSON, AT_AGENT_PRONOUN, AT_AGENT_ORG } at_agent_kind;

/* A speaker phrase: "Ariane Bauer", "she", "the statement". */
typedef struct at_agent {
    at_agent_kind kind;
    at_gender gender; /* from a title (Mr) or the pronoun */
    int group;        /* a pronoun for a group: it, they */
    char name[160];   /* the name without titles, or the phrase */
    char title[32];   /* the title word before a person's name (Governor) */
    char display[160]; /* the phrase as written, for an organization (The statement) */
    int doc;          /* a document (the statement): speaks for its issuer */
    int role;         /* an unnamed person by role (a neighbor): a pronoun may mean it */
    int epithet;      /* the Long Islander, who ...; the 61-year-old: someone named before */
    int another;      /* another resident, one resident: a person by role who is not the one met before */
    int by_verb;      /* `gender` comes from the verb's agreement (сказала, заявил) */
} at_agent;

/* The tokens of one block, read with the cue table. */
typedef struct at_scan {
    const at_cues *c;
    const char *text;
    const at_tokens *t;
} at_scan;

int at__scan_word(const at_scan *x, size_t k);
int at__scan_is(const at_scan *x, size_t k, at_cue_kind kind);
/* Where word w ends without its 's or ’s (its end when it has none). */
size_t at__possessive_end(const char *text, const at_token *w);
/* 1 when token k is a possessive word (EA's, the city’s). */
int at__scan_possessive(const at_scan *x, size_t k);
/* 1 when token k reads as a past tense: a word of four letters or more
 * ending in -ed. */
int at__scan_past(const at_scan *x, size_t k);
int at__scan_punct(const at_scan *x, size_t k, char ch);
int at__scan_wordis(const at_scan *x, size_t k, const char *w);
/* A full stop inside a name: Gov. Roy Cooper, U.S. PIRG. */
int at__scan_name_dot(const at_scan *x, size_t k);
/* A speech verb, written in lower case. */
int at__scan_verb(const at_scan *x, size_t k);
/* The speaker phrase starting at i, before b; `bare` allows a plain
 * lowercase noun (officials). Returns its end, i when there is none. */
size_t at__phrase_forward(const at_scan *x, size_t i, size_t b, int bare, at_agent *ag);
/* The speaker phrase ending at e (inclusive), reading back no further
 * than a; a comma at e means an apposition or a subject before it. */
int at__phrase_backward(const at_scan *x, size_t a, size_t e, at_agent *ag);
/* A person named at the start of the sentence [a, b), as its subject. */
/* One of those farmers is Dana Quill: the person a copula in [a, b) names
 * in full. */
int at__phrase_copula(const at_scan *x, size_t a, size_t b, at_agent *ag);
/* Statement from Sheriff Dale Meeks: a person named with a title that ends
 * [a, b) or is followed by punctuation or a lowercase word. */
int at__phrase_titled(const at_scan *x, size_t a, size_t b, at_agent *ag);
int at__phrase_subject(const at_scan *x, size_t a, size_t b, at_agent *ag);
/* Oduya was ...: a lone capitalized word opening [a, b), as a surname. */
int at__phrase_surname(const at_scan *x, size_t a, size_t b, at_agent *ag);
/* Lori Pell is a neighbor. / Lori Pell, a neighbor, ...: a person named in
 * full opening [a, b), then a copula or a determiner's apposition. */
int at__phrase_intro(const at_scan *x, size_t a, size_t b, at_agent *ag);
/* with U.S. Ag Secretary Dale Quill during ...: the last person in [a, b)
 * named in full after a title, anywhere in it. */
int at__phrase_passing(const at_scan *x, size_t a, size_t b, at_agent *ag);

/* ---- attrib.c ---- */

/* Where a window of narration sits relative to its quotation. */
typedef enum at_window {
    AT_WIN_AFTER,  /* Q, said Bauer / Q, Bauer said */
    AT_WIN_AFTER_SENTENCE, /* Q. Bauer said. (the quotation ended a sentence) */
    AT_WIN_BEFORE, /* Bauer said: Q / According to Bauer, Q */
    AT_WIN_PREV    /* Bauer explained. Q (the sentence before) */
} at_window;

/* Looks for a cue verb and its speaker in tokens [a, b). */
int at__attrib_find(const at_cues *c, const char *text, const at_tokens *t, size_t a, size_t b, at_window where,
                    at_agent *ag);
/* After a comma, tokens [a, b) are a cue of at most max_words words
 * naming a person or an organization (or, with `pronoun`, a pronoun). */
int at__attrib_cue_after_comma(const at_cues *c, const char *text, const at_tokens *t, size_t a, size_t b,
                               size_t max_words, int pronoun);

/* ---- speakers.c ---- */

/* What a person's gender rests on, weakest first: a later kind of
 * evidence overrules an earlier, weaker one, never the reverse. */
enum {
    AT_GEV_NONE = AT_EVIDENCE_NONE,
    AT_GEV_NAME = AT_EVIDENCE_NAME,
    AT_GEV_TITLE = AT_EVIDENCE_TITLE,
    AT_GEV_PRONOUN = AT_EVIDENCE_PRONOUN,
    AT_GEV_VERB = AT_EVIDENCE_VERB
};

typedef struct at_person {
    char *name;    /* the longest name met */
    char *display; /* the name to show, when it differs (The statement); else NULL */
    char title[32]; /* a title met with the name: "the governor" is this person */
    at_gender gender;
    int gev;       /* AT_GEV_*: what `gender` rests on */
    int org;       /* an organization or an unnamed role (the statement) */
    int role;      /* ... an unnamed person by role (a neighbor), whom he or she may mean */
    int anon;      /* made up for a quotation nobody claims */
    int introduced; /* a transcript's label has been read for this person once */
    int spoke;      /* has been given a quotation */
    unsigned votes[3]; /* narration sentences about this person alone with he/his (male) or she/her */
    unsigned long seen; /* when last mentioned */
    unsigned long doc;  /* when last named as issuing a document (a statement), else 0 */
    size_t quotes; /* quotation turns spoken */
    size_t order;  /* the first quotation's turn, for the speakers table */
    size_t newer, older; /* the recency list: by `seen`, AT_NO_TOK at its ends */
} at_person;

/* Names to people: a hash of a word to the people whose name has that
 * word in that place (chained entries; an entry may be stale after a name
 * grows, so every hit is checked). */
typedef struct at_name_index {
    size_t *slot; /* nslot heads: entry index + 1, 0 = none */
    size_t nslot;
    struct at_name_entry {
        uint64_t hash;
        size_t person, next;
    } *e;
    size_t n, cap;
} at_name_index;

typedef struct at_registry {
    at_person *v;
    size_t n, cap;
    const at_cues *cues; /* the first-name table (`name` entries), or NULL */
    at_name_index by_last, by_first, by_full; /* surname, first word, whole name folded */
    size_t newest;     /* the head of the recency list */
    size_t anon[3];    /* the made-up speaker of each gender, or AT_NO_TOK */
    size_t issuer;     /* the person last named as issuing a document, or AT_NO_TOK */
    unsigned long clock;
    size_t nquoted;
    /* full names met anywhere in the article whose first word is in the
     * names table (Jeff Skilling), by surname: a speaker named by surname
     * alone ("Skilling replied") takes the full name and its gender */
    at_name_index by_given;
    char **given;
    size_t ngiven, cap_given;
    size_t last_given; /* the entry of the full name noted last, AT_NO_TOK before any */
    /* those full names met after a title ("Prime Minister Stephen
     * Harper"): the title's words in lowercase and the `given` entry, so
     * that "the prime minister said" means Stephen Harper when no one
     * else had that title; at most 16, the first ones */
    struct at_titled {
        char title[48];
        size_t given;
    } titled[16];
    size_t ntitled;
} at_registry;

/* The person a speaker phrase means: an existing one (same name, same
 * surname, a pronoun's most recent match) or a new one. Returns its index,
 * AT_NO_TOK for no agent. */
size_t at__registry_resolve(at_registry *r, const at_agent *ag);
/* The person an agent names if the registry knows them already (by the
 * same rules as at__registry_resolve), else AT_NO_TOK; changes nothing. */
size_t at__registry_known(const at_registry *r, const at_agent *ag);
/* The person last named with the title an organization-like role ends
 * with (the head coach -> coach), else AT_NO_TOK; changes nothing. */
size_t at__registry_known_role(const at_registry *r, const at_agent *ag);
/* The one full name met after a title ending in `role` ("reporter" for
 * "State Capitol Reporter Chris O'Brien"), or NULL. */
const char *at__registry_titled(const at_registry *r, const char *role);
/* The full name with a known first name noted last that is not `except`
 * (a person's name, or NULL), or NULL. */
const char *at__registry_last_given(const at_registry *r, const char *except);
/* The person a he or she would mean now (as at__registry_resolve), or
 * AT_NO_TOK when none is named; changes nothing. */
size_t at__registry_pronoun_peek(const at_registry *r, const at_agent *ag);
/* Notes the full names of one block's text: a first name the names table
 * knows, then capitalized words up to the surname. */
void at__registry_note_given(at_registry *r, const char *text, const at_tokens *t);
/* A stand-in speaker for quotations no cue claims. */
size_t at__registry_anon(at_registry *r);
/* Marks person k as mentioned now (most recent). */
void at__registry_touch(at_registry *r, size_t k);
/* Marks person k as the issuer of a document named now. */
void at__registry_issued(at_registry *r, size_t k);
/* Sets up an empty registry. */
void at__registry_init(at_registry *r);
/* The person (not an organization, not made up) a capitalized word of
 * narration names by its surname or first name: the most recent one;
 * *many is set when it may name two different people. AT_NO_TOK for no
 * one. */
size_t at__registry_word(const at_registry *r, const char *w, size_t n, int *many);
/* The most recent person whose name's initials are `letters` (ST:
 * Stephanie Taylor), ASCII, any case; AT_NO_TOK for none. */
size_t at__registry_initials(const at_registry *r, const char *letters);
/* Person k is of gender g on evidence `ev` (AT_GEV_*): taken when it is
 * stronger than what the gender rested on so far. An organization has
 * no gender. */
void at__person_gender(at_registry *r, size_t k, at_gender g, int ev);
/* The gender a name tells by its first name (names.tsv) or, failing
 * that, a Slavic or Icelandic surname ending; AT_GENDER_UNKNOWN when it
 * tells none. */
at_gender at__name_gender(const at_cues *c, const char *name);
void at__registry_free(at_registry *r);
/* Casts a voice for every person in `r` with quotes > 0, in the order of
 * their first quotation: a distinct profile from the pool of their gender
 * (organizations take the unknown pool), never the narrator's; a pool that
 * runs out lends from the unknown pool, then cycles through its own; a
 * voice of the other gender never. voice[k] is set for every such person
 * and points into `cast`. */
void at__cast_voices(const at_registry *r, const at_casting *cast, const char **voice);

/* ---- transcript.c ---- */

enum { AT_LABEL_NAME = 0, AT_LABEL_Q, AT_LABEL_A };
enum { AT_TRANSCRIPT_NAMES = 1, AT_TRANSCRIPT_QA = 2 };

/* A paragraph [s, n) that opens with a speaker label ("JANE DOE: ",
 * "Q: "): the length of the label with its colon and spaces, else 0.
 * The name, as shown (Jane Doe), goes to name[cap]; *kind is AT_LABEL_*;
 * *caps says it was written in capitals. */
size_t at__transcript_label(const char *s, size_t n, char *name, size_t cap, int *kind, int *caps);
/* A paragraph's speaker label, from its text or its bold opening (the
 * block's `bold` bytes): 1 when it has one, with *body the offset where
 * the turn's words begin (0 for a bold question, which is all spoken). */
int at__turn_label(const char *s, size_t n, size_t bold, char *name, size_t cap, int *kind, int *caps, size_t *body);
/* Whether the article is an interview: AT_TRANSCRIPT_* flags, 0 for
 * none (see transcript.c for the evidence asked for). */
int at__transcript_detect(const at_doc *doc, const at_cues *cues);

/* ---- attrib.c: the attribution pass over blocks ---- */

/* Owner of a token: narration, or a person of the registry (index + 1),
 * or a quotation chain whose speaker is not known yet. */
#define AT_OWN_NARRATOR ((size_t)0)
#define AT_OWN_PENDING ((size_t)-1)
#define AT_OWN_SKIP ((size_t)-2) /* not read: a transcript's label after its first use */

typedef struct at_attrib {
    const at_cues *cues;
    at_registry reg;
    at_qspans spans;
    size_t *owner, cap_owner; /* per token of the current block */
    unsigned char *rule;      /* per token: the AT_ATTR_* its owner was found by */
    size_t cap_rule;
    unsigned char *ends;      /* per token: ends a sentence */
    size_t cap_ends;
    size_t *sent_from, *sent_to; /* per token: its sentence's first token, and one past its last */
    size_t cap_sent;
    int carry;                /* the previous paragraph ended inside a quotation */
    int chain_open;           /* ... and that quotation is speech */
    size_t chain;             /* its speaker: registry index or AT_OWN_PENDING */
    size_t chain_fallback;    /* the speaker before the chain began */
    size_t settled;           /* a pending chain's speaker, just found; else AT_NO_TOK */
    at_agent tail;            /* Bauer explained. -- ending the previous block */
    int has_tail;
    size_t last_quoted;       /* registry index of the latest quotation's speaker */
    size_t before_last;       /* ... and of the speaker before that one, else AT_NO_TOK */
    int last_question;        /* the latest quotation ended with a question mark */
    size_t heading_person;    /* the person the latest heading names, alone; else AT_NO_TOK */
    int line_person;          /* ... set by a name line (Asma Begum, 22, garment worker), not a heading */
    int intro;                /* a paragraph of one uncued quotation waits for the next
                               * paragraph to introduce its speaker (Lori Pell is a neighbor.) */
    size_t intro_fallback;    /* ... else it keeps this speaker */
    int intro_verb;           /* ... it ended "Q," said ¶: the next paragraph opens with the speaker */
    int block_speech;         /* the current block has a quotation that is speech */
    int block_doc;            /* the current block names a document (a statement) */
    int prev_speech;          /* ... and so had the block before it */
    size_t tail_subject;      /* the person a narration-only block's last sentence has as
                               * its subject (Gov. Rick Scott acknowledged ...), else AT_NO_TOK */
    at_agent passing;         /* the last person named in passing with a title (a town hall
                               * with Secretary Dale Quill), not registered */
    int has_passing;
    int transcript;           /* AT_TRANSCRIPT_*: the article is an interview */
    size_t interviewer, interviewee; /* a Q&A's two people, AT_NO_TOK until met */
    char *headline_name;      /* the last full name in the headline (Author Q&A: Charlotte Williams), or NULL */
    int qa_answer;            /* a Q&A's question was the last paragraph: an unlabelled one answers */
    size_t transcript_last;   /* a transcript's last labelled speaker: unlabelled paragraphs go on */
    size_t vote_carry;        /* the one person the last narration sentence was about, else AT_NO_TOK */
} at_attrib;

void at__attrib_init(at_attrib *a, const at_cues *cues);
void at__attrib_free(at_attrib *a);
/* Finds the quotations of a block, decides which are speech and who says
 * them, and fills a->owner for its tokens. Turns left pending by earlier
 * blocks take a->settled when it is set. `bold` is the block's bold
 * opening (at_block.bold), an interview's label or question. */
void at__attrib_block(at_attrib *a, const char *text, size_t bold, const at_tokens *t);
/* A heading that is a person's full name and nothing else (Mike Smith --
 * over a transcript): registers that person. */
void at__attrib_heading(at_attrib *a, const char *text, const at_tokens *t);
/* The headline: registers a person it names with a title. */
void at__attrib_headline(at_attrib *a, const char *text, const at_tokens *t);
/* After the block's turns are out: whether the quotation chain goes on,
 * and whether the block ends with "Bauer explained.". */
void at__attrib_end_block(at_attrib *a, const char *text, const at_tokens *t);
/* Ends a quotation chain; a pending one takes the speaker before it. */
void at__attrib_close_chain(at_attrib *a);

/* sentences.c: a turn's text and sentences. at__turn_fill joins tokens
 * [from, to) of `text` sentence by sentence; source ranges go through the
 * map of `bl` (a heading passes its title as a block). Sets the turn's text, sentences and source range; returns 0
 * when the tokens say nothing. */
int at__turn_fill(at_turn *t, const at_tokens *tk, size_t from, size_t to, const char *text, const at_block *bl);

#endif
