/* Interviews: transcripts whose paragraphs open with the speaker's name
 * and a colon ("GEORGE STEPHANOPOULOS: Madame Secretary, ..."), or with
 * the name in bold, and Q&A whose paragraphs open with "Q:" and "A:", or
 * whose questions are set in bold.
 *
 * A label is read as one only when the article shows the form: at least
 * two different labels, each used at least twice or written in capitals
 * or a full name in bold (a transcript's speakers take more than one turn), or Q: at least
 * twice, or two bold questions, most of them asking "you". So "Update:
 * the road reopened" in an ordinary story stays
 * narration. In a transcript each labelled paragraph is a turn of its
 * speaker; the label is read once, the first time that speaker talks,
 * and dropped after that. In a Q&A, "Q:" is the interviewer's and "A:"
 * the interviewee's, the person the introduction named last; an
 * unlabelled paragraph after a question is the answer. */
#include <string.h>

#include <utf8proc.h>

#include "segment_impl.h"

/* First words of a "Word:" paragraph that are no one's name. */
static const char *const not_names[] = {
    "about", "added", "advertisement", "answer", "background", "bottom", "caption", "chapter", "clarification",
    "context", "contact", "correction", "cost", "credit", "credits", "date", "dear", "details", "disclaimer",
    "disclosure", "editor", "editors", "email", "example", "file", "graphic", "how", "illustration", "info",
    "information", "key", "listen", "location", "map", "more", "note", "notes", "part", "photo", "photos",
    "ps", "price", "question", "read", "related", "round", "section", "see", "share", "source", "sources",
    "step", "subscribe", "summary", "tags", "time", "tickets", "tip", "topics", "transcript", "update",
    "updated", "video", "warning", "watch", "what", "when", "where", "who", "why",
};

static int not_a_name(const char *w, size_t n)
{
    size_t k;
    for (k = 0; k < sizeof not_names / sizeof *not_names; k++)
        if (strlen(not_names[k]) == n && at__strncasecmp(not_names[k], w, n) == 0)
            return 1;
    return 0;
}

size_t at__transcript_label(const char *s, size_t n, char *name, size_t cap, int *kind, int *caps)
{
    size_t i = 0, words = 0, lower = 0, out = 0;
    *kind = AT_LABEL_NAME;
    *caps = 1;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    /* Q: and A:, and the press conference's "Q. What ..." (not "A.",
     * which may be an initial) */
    if (i + 1 < n && (((s[i] == 'Q' || s[i] == 'A') && s[i + 1] == ':') ||
                      (s[i] == 'Q' && s[i + 1] == '.' && i + 2 < n && s[i + 2] == ' '))) {
        *kind = s[i] == 'Q' ? AT_LABEL_Q : AT_LABEL_A;
        if (cap > 1) {
            name[0] = s[i];
            name[1] = '\0';
        }
        i += 2;
        while (i < n && s[i] == ' ')
            i++;
        return i;
    }
    /* one to four words, each opening with a capital, then a colon */
    while (i < n && words < 4) {
        size_t a = i, j = i;
        int32_t c = at__utf8_next(s, n, &j);
        if (!at__cp_is_upper(c))
            return 0;
        i = j;
        while (i < n && s[i] != ' ' && s[i] != ':' && s[i] != ',') {
            size_t b = i;
            c = at__utf8_next(s, n, &b);
            if (!(at__cp_is_alpha(c) || c == '.' || c == '\'' || c == 0x2019 || c == '-'))
                return 0;
            if (utf8proc_toupper(c) != c)
                lower++;
            i = b;
        }
        if (words == 0 && not_a_name(s + a, i - a))
            return 0;
        /* the name as it will be shown: SMITH -> Smith */
        {
            size_t k = a, first = 1;
            if (out && out + 1 < cap)
                name[out++] = ' ';
            while (k < i) {
                size_t b = k;
                int32_t cp = at__utf8_next(s, n, &b);
                at_buf tmp = {0};
                if (cp >= 0) {
                    at__utf8_put(&tmp, first ? cp : utf8proc_tolower(cp));
                    if (out + tmp.n + 1 < cap) {
                        memcpy(name + out, tmp.p, tmp.n);
                        out += tmp.n;
                    }
                }
                at__buf_free(&tmp);
                first = s[k] == '-' || s[k] == '\'';
                k = b;
            }
        }
        words++;
        if (i < n && s[i] == ':')
            break;
        /* Stephanie Taylor (ST): -- the short form the turns use later */
        if (i + 2 < n && s[i] == ' ' && s[i + 1] == '(') {
            size_t e = i + 2;
            while (e < n && e - i < 12 && s[e] != ')')
                e++;
            if (e + 1 < n && s[e] == ')' && s[e + 1] == ':') {
                i = e + 1;
                break;
            }
            /* SEN. MICHAEL BENNET (D-CO), PRESIDENTIAL CANDIDATE: -- a
             * party and state, then a role, in a transcript in capitals */
            if (e + 1 < n && s[e] == ')' && s[e + 1] == ',' && lower == 0)
                i = e + 1;
        }
        /* NANCY PELOSI, SPEAKER OF THE HOUSE: -- a role after the name, in
         * a transcript written in capitals */
        if (i < n && s[i] == ',' && lower == 0) {
            size_t e = i + 1;
            while (e < n && e - i < 96 && s[e] != ':' && s[e] != '\n' && !(s[e] >= 'a' && s[e] <= 'z'))
                e++;
            if (e < n && s[e] == ':' && e - i < 96) {
                i = e;
                break;
            }
            return 0;
        }
        /* Arita, Nippon TV: -- a name, then the outlet or office, up to
         * four capitalized words */
        if (i < n && s[i] == ',' && words <= 3) {
            size_t e = i + 1, w = 0;
            while (e < n && s[e] == ' ' && w < 5) {
                e++;
                if (e >= n || !at__is_upper((unsigned char)s[e]))
                    break;
                while (e < n && s[e] != ' ' && s[e] != ':' && s[e] != ',')
                    e++;
                w++;
            }
            if (e < n && s[e] == ':' && w >= 1 && w <= 4) {
                i = e;
                break;
            }
            return 0;
        }
        if (i >= n || s[i] != ' ')
            return 0;
        i++;
    }
    if (i >= n || s[i] != ':' || words == 0)
        return 0;
    /* "ST:If you could ...": a short label in capitals may lack its space */
    if (i + 1 < n && s[i + 1] != ' ' && !(lower == 0 && out <= 4 && out >= 2))
        return 0;
    if (out < 2) /* "B:" is a typing slip more often than a speaker */
        return 0;
    if (cap)
        name[out < cap ? out : cap - 1] = '\0';
    *caps = lower == 0;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    /* a label with nothing after it is a heading ("Update:"), unless it is
     * in capitals ("CHUCK TODD:" over the paragraphs it speaks) */
    return i < n || lower == 0 ? i : 0;
}

/* A bold opening that is a whole question: the paragraph is all bold (but
 * for trailing spaces) and ends in "?", maybe inside a closing quotation
 * mark. Magazines set an interviewer's questions this way, with no "Q:". */
static int bold_question(const char *s, size_t n, size_t bold)
{
    size_t e = bold;
    if (bold == 0 || bold + 1 < n)
        return 0;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '"' || s[e - 1] == '\''))
        e--;
    if (e >= 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
        ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99))
        e -= 3;
    return e > 0 && s[e - 1] == '?';
}

int at__turn_label(const char *s, size_t n, size_t bold, char *name, size_t cap, int *kind, int *caps, size_t *body)
{
    size_t len = at__transcript_label(s, n, name, cap, kind, caps), e, k;
    char tmp[112];
    if (len) {
        *body = len;
        return 1;
    }
    if (bold == 0 || bold > n)
        return 0;
    if (bold_question(s, n, bold)) {
        *kind = AT_LABEL_Q;
        *caps = 0;
        *body = 0;
        if (cap > 1) {
            name[0] = 'Q';
            name[1] = '\0';
        }
        return 1;
    }
    /* **Maria Lopez** Yes, without a doubt. / <b>Q</b> What ...: a bold
     * name, or Q, A, Question or Answer, with or without its colon or
     * dash, then the turn */
    e = bold;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ':' || s[e - 1] == '.'))
        e--;
    if (e == 0 || e + 4 > sizeof tmp || bold >= n)
        return 0;
    k = bold;
    while (k < n && (s[k] == ' ' || s[k] == ':'))
        k++;
    /* a dash after the bold name: "–", "—" or "-" */
    if (k + 3 <= n && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
        ((unsigned char)s[k + 2] == 0x93 || (unsigned char)s[k + 2] == 0x94))
        k += 3;
    else if (k < n && s[k] == '-')
        k++;
    while (k < n && s[k] == ' ')
        k++;
    if (k >= n)
        return 0;
    if ((e == 8 && at__strncasecmp(s, "question", 8) == 0) || (e == 6 && at__strncasecmp(s, "answer", 6) == 0)) {
        *kind = s[0] == 'Q' || s[0] == 'q' ? AT_LABEL_Q : AT_LABEL_A;
        *caps = 0;
        if (cap > 1) {
            name[0] = *kind == AT_LABEL_Q ? 'Q' : 'A';
            name[1] = '\0';
        }
        *body = k;
        return 1;
    }
    memcpy(tmp, s, e);
    memcpy(tmp + e, ": x", 4);
    if (!at__transcript_label(tmp, e + 3, name, cap, kind, caps))
        return 0;
    *body = k;
    return 1;
}

/* True when a question speaks to someone: "you" or "your" in it. */
static int asks_you(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i + 3 <= n; i++)
        if ((i == 0 || !at__is_alpha((unsigned char)s[i - 1])) && at__strncasecmp(s + i, "you", 3) == 0 &&
            (i + 3 == n || !at__is_alpha((unsigned char)s[i + 3]) ||
             (i + 4 <= n && (s[i + 3] == 'r' || s[i + 3] == 'R') &&
              (i + 4 == n || !at__is_alpha((unsigned char)s[i + 4])))))
            return 1;
    return 0;
}

/* The labels of an article, counted: distinct ones, how often each. */
typedef struct label_count {
    char name[96];
    size_t n;
    int caps;
} label_count;

int at__transcript_detect(const at_doc *doc, const at_cues *cues)
{
    label_count seen[16];
    size_t nseen = 0, k, j, q = 0, a = 0, strong = 0, bq = 0, bq_you = 0;
    int mode = 0;
    for (k = 0; k < doc->nsections; k++)
        for (j = 0; j < doc->sections[k].nblocks; j++) {
            const at_block *bl = &doc->sections[k].blocks[j];
            char name[96];
            int kind, caps;
            size_t m, body;
            if (bl->kind != AT_BLOCK_PARAGRAPH ||
                !at__turn_label(bl->text, bl->len, bl->bold, name, sizeof name, &kind, &caps, &body))
                continue;
            if (kind == AT_LABEL_Q && body == 0) {
                /* a bold question: an interview's only when others follow
                 * and they speak to someone, not crossheads ("What
                 * happens next?") over narration */
                bq++;
                bq_you += asks_you(bl->text, bl->len);
                continue;
            }
            if (kind == AT_LABEL_Q) {
                q++;
                continue;
            }
            if (kind == AT_LABEL_A) {
                a++;
                continue;
            }
            for (m = 0; m < nseen && strcmp(seen[m].name, name) != 0; m++)
                ;
            if (m == nseen) {
                if (nseen == sizeof seen / sizeof *seen)
                    continue;
                memcpy(seen[m].name, name, sizeof name);
                seen[m].n = 0;
                /* a full name set in bold is as plain a label as capitals */
                seen[m].caps = caps || (bl->bold && strchr(name, ' '));
                nseen++;
            }
            seen[m].n++;
        }
    /* a label in capitals, or one used twice that is a person's (two
     * words or more, or a first name the names table knows: Eugênio), or
     * a single word used three times; not a recap's notes by team, each
     * used twice ("Thunder:", "Lakers:") */
    for (k = 0; k < nseen; k++)
        if ((seen[k].caps && strlen(seen[k].name) > 3) || seen[k].n >= 3 ||
            (seen[k].n >= 2 && (strchr(seen[k].name, ' ') || at__cues_count(cues, AT_CUE_NAME) == 0 ||
                                at__cues_find(cues, AT_CUE_NAME, seen[k].name, strlen(seen[k].name), NULL))))
            strong++;
    if (strong >= 2)
        mode |= AT_TRANSCRIPT_NAMES;
    if (q >= 2 || (q >= 1 && a >= 1) || (bq >= 2 && 2 * bq_you >= bq))
        mode |= AT_TRANSCRIPT_QA;
    return mode;
}
