/* W3C Pronunciation Lexicon Specification (PLS) 1.0 lexicons, read into
 * the lexicon as `word` entries: each <lexeme>'s <grapheme>s are said as
 * its preferred <alias> (its text, spoken as written) or <phoneme> (IPA,
 * turned into eSpeak NG's phoneme mnemonics between [[ and ]], which the
 * engine reads as phonemes).
 *
 * libxml2 parses the XML. The IPA to eSpeak NG table is written here by
 * hand: no library maps one to the other. It covers the symbols of English
 * in broad transcription (the consonants, the vowels and diphthongs of
 * General American and Received Pronunciation, r-coloured vowels, stress
 * and length marks), plus a few consonants of names from other languages
 * (x, ç, ɲ, ʎ, ʔ). A symbol it does not know is an error naming the file,
 * line and column, so a lexicon never says something silently wrong. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "lexicon.h"

#define PLS_NS "http://www.w3.org/2005/01/pronunciation-lexicon"
/* A lexicon larger than this is refused before parsing. */
#define PLS_MAX_BYTES ((size_t)16 << 20)

/* IPA (UTF-8) to eSpeak NG's English phoneme mnemonics; the longest
 * match is taken, so the pairs come before their parts. */
static const struct {
    const char *ipa, *es;
} ipa_map[] = {
    /* affricates, with and without the tie bar */
    {"t\xCD\xA1\xCA\x83", "tS"}, {"d\xCD\xA1\xCA\x92", "dZ"}, {"t\xCA\x83", "tS"}, {"d\xCA\x92", "dZ"},
    /* r-coloured vowels: ɑːr ɑr ɔːr ɔr ɪər ɪr ɛər ɛr eər ʊər ɜːr */
    {"\xC9\x91\xCB\x90r", "A@"}, {"\xC9\x91r", "A@"}, {"\xC9\x94\xCB\x90r", "O@"}, {"\xC9\x94r", "O@"},
    {"\xC9\xAA\xC9\x99r", "i@"}, {"\xC9\xAAr", "i@"}, {"\xC9\x9B\xC9\x99r", "e@"}, {"\xC9\x9Br", "e@"},
    {"e\xC9\x99r", "e@"}, {"\xCA\x8A\xC9\x99r", "U@"}, {"\xC9\x9C\xCB\x90r", "3:"},
    /* diphthongs: eɪ aɪ ɔɪ aʊ oʊ əʊ ɪə eə ɛə ʊə */
    {"e\xC9\xAA", "eI"}, {"a\xC9\xAA", "aI"}, {"\xC9\x94\xC9\xAA", "OI"}, {"a\xCA\x8A", "aU"},
    {"o\xCA\x8A", "oU"}, {"\xC9\x99\xCA\x8A", "oU"}, {"\xC9\xAA\xC9\x99", "i@"}, {"e\xC9\x99", "e@"},
    {"\xC9\x9B\xC9\x99", "e@"}, {"\xCA\x8A\xC9\x99", "U@"},
    /* long vowels: iː uː ɑː ɔː ɜː */
    {"i\xCB\x90", "i:"}, {"u\xCB\x90", "u:"}, {"\xC9\x91\xCB\x90", "A:"}, {"\xC9\x94\xCB\x90", "O:"},
    {"\xC9\x9C\xCB\x90", "3:"},
    /* vowels: ɪ ɛ æ ɑ ɒ ɔ ʊ ʌ ə ɜ ɝ ɚ ɐ ɨ */
    {"i", "i"}, {"\xC9\xAA", "I"}, {"e", "E"}, {"\xC9\x9B", "E"}, {"\xC3\xA6", "a"}, {"a", "a"},
    {"\xC9\x91", "A:"}, {"\xC9\x92", "0"}, {"\xC9\x94", "O:"}, {"o", "oU"}, {"\xCA\x8A", "U"}, {"u", "u:"},
    {"\xCA\x8C", "V"}, {"\xC9\x99", "@"}, {"\xC9\x9C", "3:"}, {"\xC9\x9D", "3:"}, {"\xC9\x9A", "3"},
    {"\xC9\x90", "a#"}, {"\xC9\xA8", "I2"},
    /* consonants: ɡ θ ð ʃ ʒ ŋ ɹ ɾ ʔ ç ɲ ʎ ɫ ʍ */
    {"p", "p"}, {"b", "b"}, {"t", "t"}, {"d", "d"}, {"k", "k"}, {"g", "g"}, {"\xC9\xA1", "g"},
    {"f", "f"}, {"v", "v"}, {"\xCE\xB8", "T"}, {"\xC3\xB0", "D"}, {"s", "s"}, {"z", "z"},
    {"\xCA\x83", "S"}, {"\xCA\x92", "Z"}, {"h", "h"}, {"m", "m"}, {"n", "n"}, {"\xC5\x8B", "N"},
    {"l", "l"}, {"r", "r"}, {"\xC9\xB9", "r"}, {"\xC9\xBE", "t"}, {"w", "w"}, {"j", "j"},
    {"\xCA\x94", "?"}, {"x", "x"}, {"\xC3\xA7", "C"}, {"\xC9\xB2", "n^"}, {"\xCA\x8E", "l^"},
    {"\xC9\xAB", "l"}, {"\xCA\x8D", "w"},
    /* stress, length, syllable and linking marks: ˈ ˌ ː . ‿ */
    {"\xCB\x88", "'"}, {"\xCB\x8C", ","}, {"\xCB\x90", ":"}, {".", ""}, {"\xE2\x80\xBF", ""},
    /* a space between words */
    {" ", " "},
};

/* Whether s[0, n) opens with an IPA vowel. */
static int starts_vowel(const char *s, size_t n)
{
    static const char *const v[] = {"a", "e", "i", "o", "u", "\xC3\xA6", "\xC9\x91", "\xC9\x92", "\xC9\x94",
                                    "\xCA\x8A", "\xCA\x8C", "\xC9\x99", "\xC9\x9C", "\xC9\xAA", "\xC9\x9B",
                                    "\xC9\x90", "\xC9\xA8", "\xC9\x9D", "\xC9\x9A"};
    size_t k;
    for (k = 0; k < sizeof v / sizeof *v; k++)
        if (strlen(v[k]) <= n && memcmp(s, v[k], strlen(v[k])) == 0)
            return 1;
    return 0;
}

/* Turns IPA s[0, n) into eSpeak NG mnemonics in `out`. Returns (size_t)-1
 * on success, else the byte offset of the first symbol it does not know. */
static size_t ipa_to_espeak(const char *s, size_t n, at_buf *out)
{
    size_t i = 0, k;
    while (i < n) {
        size_t best = 0, bi = 0;
        unsigned char b = (unsigned char)s[i];
        if (b == '\t' || b == '\n' || b == '\r') {
            if (out->n && out->p[out->n - 1] != ' ')
                at__buf_putc(out, ' ');
            i++;
            continue;
        }
        for (k = 0; k < sizeof ipa_map / sizeof *ipa_map; k++) {
            size_t l = strlen(ipa_map[k].ipa);
            /* ɛr is r-coloured only before a consonant or the end:
             * ɡuˈtɛrɪʃ keeps its vowel and its r */
            if (l > 1 && ipa_map[k].ipa[l - 1] == 'r' && i + l < n && starts_vowel(s + i + l, n - i - l))
                continue;
            if (l > best && l <= n - i && memcmp(s + i, ipa_map[k].ipa, l) == 0) {
                best = l;
                bi = k;
            }
        }
        if (!best)
            return i;
        /* one space between words, none at the start */
        if (ipa_map[bi].es[0] != ' ' || (out->n && out->p[out->n - 1] != ' '))
            at__buf_puts(out, ipa_map[bi].es);
        i += best;
    }
    return (size_t)-1;
}

/* The column (1-based, in characters) where `what` (n bytes) first
 * appears on line `line` of text, or 1 when it is not found there. */
static long column_of(const char *text, size_t len, long line, const char *what, size_t n)
{
    size_t i = 0, e;
    long l = 1, col = 1;
    while (i < len && l < line)
        if (text[i++] == '\n')
            l++;
    for (e = i; e < len && text[e] != '\n'; e++)
        ;
    for (; i + n <= e; i++) {
        if (n && memcmp(text + i, what, n) == 0)
            return col;
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            col++;
    }
    return 1;
}

static int is_pls(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && n->ns &&
           strcmp((const char *)n->ns->href, PLS_NS) == 0;
}

/* The text of element n with its runs of white space made one space and
 * trimmed; NULL when it holds anything but text. */
static char *element_text(const xmlNode *n)
{
    const xmlNode *c;
    at_buf b = {0};
    for (c = n->children; c; c = c->next) {
        const char *s;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) {
            if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
                continue;
            at__buf_free(&b);
            return NULL;
        }
        for (s = (const char *)c->content; s && *s; s++) {
            int sp = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
            if (sp && (b.n == 0 || b.p[b.n - 1] == ' '))
                continue;
            at__buf_putc(&b, sp ? ' ' : *s);
        }
    }
    while (b.n && b.p[b.n - 1] == ' ')
        b.n--;
    at__buf_putc(&b, '\0');
    return b.p;
}

typedef struct pls_ctx {
    at_lexicon *lex;
    const char *path, *text;
    size_t len;
    at_error *e;
} pls_ctx;

static at_status bad(const pls_ctx *p, const xmlNode *n, long col, const char *why, const char *what)
{
    return at__err(p->e, AT_ECONFIG, "%s:%ld:%ld: %s%s%s", p->path, n ? (long)xmlGetLineNo(n) : 0L, col, why,
                   what ? " " : "", what ? what : "");
}

static void add_word(at_lexicon *lex, const char *key, const char *value)
{
    size_t kl = strlen(key), vl = strlen(value);
    char *mem = at__xmalloc(kl + vl + 2);
    at_lex_entry en;
    memcpy(mem, key, kl + 1);
    memcpy(mem + kl + 1, value, vl + 1);
    memset(&en, 0, sizeof en);
    en.kind = AT_LEX_WORD;
    en.key = mem;
    en.klen = kl;
    en.f[0] = mem + kl + 1;
    en.f[1] = en.f[2] = en.f[3] = "";
    at__lexicon_insert(lex, &en);
}

/* One <lexeme>: its preferred pronunciation (the first with
 * prefer="true", else the first), said for each grapheme. */
static at_status lexeme(pls_ctx *p, const xmlNode *lx, const char *alphabet)
{
    const xmlNode *c, *pron = NULL;
    const xmlNode *first = NULL;
    at_buf say = {0};
    char *t;
    int graphemes = 0;
    at_status st = AT_OK;
    for (c = lx->children; c; c = c->next) {
        if (is_pls(c, "grapheme"))
            graphemes++;
        else if (is_pls(c, "alias") || is_pls(c, "phoneme")) {
            xmlChar *pref = xmlGetProp(c, (const xmlChar *)"prefer");
            if (!first)
                first = c;
            if (!pron && pref && strcmp((const char *)pref, "true") == 0)
                pron = c;
            xmlFree(pref);
        } else if (c->type == XML_ELEMENT_NODE && !is_pls(c, "example"))
            return bad(p, c, 1, "unexpected element in <lexeme>:", (const char *)c->name);
    }
    if (!pron)
        pron = first;
    if (!graphemes)
        return bad(p, lx, 1, "a <lexeme> without a <grapheme>", NULL);
    if (!pron)
        return bad(p, lx, 1, "a <lexeme> without an <alias> or a <phoneme>", NULL);
    if (!(t = element_text(pron)) || !*t) {
        free(t);
        return bad(p, pron, 1, "an empty or mixed", (const char *)pron->name);
    }
    if (is_pls(pron, "alias")) {
        /* an alias is words: its brackets must not open eSpeak NG's
         * phoneme input ([[...]]), which only a <phoneme> writes */
        char *q;
        for (q = t; *q; q++)
            if (*q == '[' || *q == ']')
                *q = ' ';
        at__buf_puts(&say, t);
    } else {
        xmlChar *alpha = xmlGetProp(pron, (const xmlChar *)"alphabet");
        const char *a = alpha ? (const char *)alpha : alphabet;
        size_t badat;
        if (!a || strcmp(a, "ipa") != 0) {
            st = bad(p, pron, 1, "phoneme alphabet not supported (expected ipa):", a ? a : "(none)");
        } else {
            at__buf_puts(&say, "[[");
            if ((badat = ipa_to_espeak(t, strlen(t), &say)) != (size_t)-1) {
                size_t l = 1;
                char sym[8];
                while (badat + l < strlen(t) && ((unsigned char)t[badat + l] & 0xC0) == 0x80 && l < 4)
                    l++;
                memcpy(sym, t + badat, l);
                sym[l] = '\0';
                st = at__err(p->e, AT_ECONFIG, "%s:%ld:%ld: unknown IPA symbol \"%s\" in <phoneme>", p->path,
                             (long)xmlGetLineNo(pron), column_of(p->text, p->len, xmlGetLineNo(pron), t + badat, l),
                             sym);
            }
            at__buf_puts(&say, "]]");
        }
        xmlFree(alpha);
    }
    free(t);
    if (st != AT_OK) {
        at__buf_free(&say);
        return st;
    }
    for (c = lx->children; c; c = c->next) {
        char *g;
        if (!is_pls(c, "grapheme"))
            continue;
        if (!(g = element_text(c)) || !*g) {
            free(g);
            at__buf_free(&say);
            return bad(p, c, 1, "an empty or mixed <grapheme>", NULL);
        }
        add_word(p->lex, g, say.p);
        free(g);
    }
    at__buf_free(&say);
    return AT_OK;
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)msg;
    (*(int *)ctx)++;
}

at_status at__lexicon_parse_pls(at_lexicon *lex, const char *path, const char *text, size_t len, at_error *e)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    const xmlNode *root, *c;
    xmlChar *alpha, *version;
    pls_ctx p;
    at_status st = AT_OK;
    if (len > PLS_MAX_BYTES)
        return at__err(e, AT_ECONFIG, "%s: the lexicon is larger than %zu MiB", path, PLS_MAX_BYTES >> 20);
    if (len > (size_t)INT32_MAX)
        return at__err(e, AT_ECONFIG, "%s: the lexicon is too large", path);
    if (!(ctxt = xmlNewParserCtxt()))
        return at__err(e, AT_ENOMEM, "%s: out of memory", path);
    /* no network, no entity substitution, no DTD loading; libxml2's own
     * messages (an encoding error) stay off stderr, the last error is
     * reported below */
    {
        xmlGenericErrorFunc old = xmlGenericError;
        void *old_ctx = xmlGenericErrorContext;
        int errors = 0;
        xmlSetGenericErrorFunc(&errors, quiet);
        doc = xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
        xmlSetGenericErrorFunc(old_ctx, old);
    }
    if (!doc) {
        const xmlError *xe = xmlCtxtGetLastError(ctxt);
        char msg[160];
        size_t n;
        snprintf(msg, sizeof msg, "%s", xe && xe->message ? xe->message : "not well-formed XML");
        n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        st = at__err(e, AT_ECONFIG, "%s:%d:%d: not a PLS lexicon: %s", path, xe ? xe->line : 0, xe ? xe->int2 : 0,
                     msg);
        xmlFreeParserCtxt(ctxt);
        return st;
    }
    xmlFreeParserCtxt(ctxt);
    p.lex = lex;
    p.path = path;
    p.text = text;
    p.len = len;
    p.e = e;
    root = xmlDocGetRootElement(doc);
    /* a PLS lexicon needs no DTD; one could only hide entities in it */
    if (doc->intSubset || doc->extSubset) {
        st = at__err(e, AT_ECONFIG, "%s:1:1: a DOCTYPE is not allowed in a PLS lexicon", path);
        goto done;
    }
    if (!is_pls(root, "lexicon")) {
        st = bad(&p, root, 1, "the root element must be <lexicon> in the PLS namespace", PLS_NS);
        goto done;
    }
    version = xmlGetProp(root, (const xmlChar *)"version");
    if (!version || strcmp((const char *)version, "1.0") != 0)
        st = bad(&p, root, 1, "PLS version must be 1.0, not", version ? (const char *)version : "missing");
    xmlFree(version);
    if (st != AT_OK)
        goto done;
    alpha = xmlGetProp(root, (const xmlChar *)"alphabet");
    for (c = root->children; c && st == AT_OK; c = c->next) {
        if (is_pls(c, "lexeme"))
            st = lexeme(&p, c, (const char *)alpha);
        else if (is_pls(c, "meta") || is_pls(c, "metadata"))
            continue;
        else if (c->type == XML_ELEMENT_NODE)
            st = bad(&p, c, 1, "unexpected element in <lexicon>:", (const char *)c->name);
    }
    xmlFree(alpha);
done:
    xmlFreeDoc(doc);
    return st;
}
