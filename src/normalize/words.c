/* Words: lexicon replacements, Roman numerals in context, abbreviations
 * with their full stops, symbols, and plain words. */
#include <string.h>

#include "classify.h"

/* The start of the word before byte i (skipping spaces), or (size_t)-1. */
static size_t prev_word(const at_scan *c, size_t i, size_t *end)
{
    size_t j = i;
    while (j > 0 && (c->s[j - 1] == ' ' || c->s[j - 1] == ','))
        j--;
    *end = j;
    while (j > 0 && at__sc_alnum(c, j - 1))
        j--;
    return j < *end ? j : (size_t)-1;
}

/* The start of the word after byte i (after spaces and quote marks). */
static size_t next_word(const at_scan *c, size_t i)
{
    return at__sc_space(c, i);
}

static int capitalized(const at_scan *c, size_t i)
{
    return at__sc_upper(c, i);
}

/* tv -> TV, and/or, 401(k): the whole chunk or the token as written in a
 * `word` entry */
int at__rule_lexword(at_scan *c)
{
    size_t i = c->pos, full = i, chunk = at__sc_chunk(c, i), tend = c->tok->v[c->k].end;
    const at_lex_entry *en = NULL;
    size_t bound = i + at__lexicon_max_key(c->lex) + 1; /* no entry is longer: stay linear on a long run */
    while (full < c->len && full < bound && !at__is_space((unsigned char)c->s[full]))
        full++;
    if (full == bound) /* longer than any key */
        full = chunk;
    if ((en = at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, full - i, 0)) != NULL)
        c->end = full;
    else if (chunk != full && (en = at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, chunk - i, 0)) != NULL)
        c->end = chunk;
    else if (tend != chunk && tend - i > 1 && (en = at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, tend - i, 0)))
        c->end = tend;
    if (!en || c->tok->v[c->k].cls == AT_TOK_SYMBOL)
        return 0;
    /* Mrs Jones and Mrs. Jones: with its full stop, the abbreviation's
     * rule reads it, and the stop with it */
    if (c->end < c->len && c->s[c->end] == '.' &&
        at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, c->end + 1 - i, 0))
        return 0;
    at__say(&c->say, en->f[0]);
    c->cls = AT_TOK_WORD;
    return 1;
}

int at__roman_value(const char *s, size_t n, int fold)
{
    static const char letters[] = "IVXLCDM";
    static const int values[] = {1, 5, 10, 50, 100, 500, 1000};
    int total = 0, prev = 0;
    size_t k;
    char canon[32];
    size_t cn = 0;
    int v;
    for (k = n; k-- > 0;) {
        const char *p = strchr(letters, fold ? at__to_upper((unsigned char)s[k]) : s[k]);
        if (!p || !*p)
            return 0;
        v = values[p - letters];
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    /* accept only the canonical spelling */
    v = total;
    {
        static const int rv[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const rs[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
        for (k = 0; k < 13; k++)
            while (v >= rv[k] && cn + 2 < sizeof canon) {
                size_t l = strlen(rs[k]);
                memcpy(canon + cn, rs[k], l);
                cn += l;
                v -= rv[k];
            }
    }
    if (cn != n)
        return 0;
    for (k = 0; k < n; k++)
        if ((fold ? at__to_upper((unsigned char)s[k]) : s[k]) != canon[k])
            return 0;
    return total;
}

/* Whether the capitalized word at ps follows another capitalized word
 * of letters, one space before it (Robert Griffin, Martin Luther King). */
static int full_name_before(const at_scan *c, size_t ps)
{
    size_t pe2, ps2 = prev_word(c, ps, &pe2), k;
    if (ps2 == (size_t)-1 || pe2 + 1 != ps || c->s[pe2] != ' ' || !capitalized(c, ps2) ||
        at__sc_sentence_opener(c, ps2))
        return 0;
    for (k = ps2; k < pe2; k++)
        if (!at__sc_alpha(c, k))
            return 0;
    return pe2 - ps2 >= 2;
}

/* Chapter IV -> Chapter four (after a `roman` word); Charles III ->
 * Charles the third (after a capitalized name; I, V, X letters only) */
int at__rule_roman(at_scan *c)
{
    size_t i = c->pos, j = at__sc_letters(c, i), pe, ps, k;
    int v, name_ok = 1;
    size_t poss = 0;
    if (j == i || !at__sc_upper(c, i) || !at__sc_boundary(c, j))
        return 0;
    /* Elizabeth II's: a possessive after the numeral */
    if (at__sc_lit(c, j, "'s", 0) || at__sc_lit(c, j, "\xE2\x80\x99s", 0)) {
        poss = c->s[j] == '\'' ? 2 : 4;
        if (!at__sc_boundary(c, j + poss))
            return 0;
    } else if (j < c->len && (c->s[j] == '\'' || (unsigned char)c->s[j] == 0xE2)) {
        return 0;
    }
    /* Lightning IIs: a numeral's plural, "twos" */
    if (!poss && j - i >= 3 && j - i <= 6 && c->s[j - 1] == 's' && (c->s[i] == 'I' || c->s[i] == 'V' || c->s[i] == 'X')) {
        for (k = i; k + 1 < j; k++)
            if (c->s[k] != 'I' && c->s[k] != 'V' && c->s[k] != 'X')
                return 0;
        if (!(v = at__roman_value(c->s + i, j - 1 - i, 0)) || (ps = prev_word(c, i, &pe)) == (size_t)-1 || pe == i ||
            !capitalized(c, ps))
            return 0;
        at__say_uint(&c->say, (unsigned)v);
        at__pluralize(&c->say);
        c->end = j;
        c->cls = AT_TOK_ROMAN;
        return 1;
    }
    if (!(v = at__roman_value(c->s + i, j - i, 0)))
        return 0;
    if ((ps = prev_word(c, i, &pe)) == (size_t)-1 || pe == i)
        return 0;
    if (at__lexicon_find(c->lex, AT_LEX_ROMAN, c->s + ps, pe - ps, 1)) {
        at__say_uint(&c->say, (unsigned)v);
    } else {
        for (k = i; k < j; k++)
            if (c->s[k] != 'I' && c->s[k] != 'V' && c->s[k] != 'X')
                name_ok = 0;
        if (!name_ok || j - i < 2 || !capitalized(c, ps) || !at__is_lower((unsigned char)c->s[ps + 1]))
            return 0;
        /* Charles III, Pope Benedict XVI: after a monarch's or pope's name
         * (`regnal` entries) the numeral is regnal; Robert Griffin III: a
         * full name's II to IV is the generation; anything else's is a
         * number (Protocol II, Rocky IV) */
        if (at__lexicon_find(c->lex, AT_LEX_REGNAL, c->s + ps, pe - ps, 1) ||
            (v >= 2 && v <= 4 && full_name_before(c, ps) &&
             !(j < c->len && c->s[j] == ' ' && capitalized(c, j + 1)))) {
            /* (Delta IV Heavy: a name goes on after it, so a model's number) */
            at__say(&c->say, "the");
            at__say_uint(&c->say, (unsigned)v);
            at__ordinalize(&c->say);
        } else {
            at__say_uint(&c->say, (unsigned)v);
        }
    }
    if (poss)
        at__buf_put(&c->say, c->s + j, poss);
    c->end = j + poss;
    c->cls = AT_TOK_ROMAN;
    return 1;
}

/* Does the block end after i (only quote marks, brackets and spaces)? */
static int block_ends(const at_scan *c, size_t i)
{
    size_t j = i;
    while (j < c->len) {
        unsigned char b = (unsigned char)c->s[j];
        if (b == ' ' || b == '"' || b == '\'' || b == ')' || b == ']' || b == '\t')
            j++;
        else if (b == 0xE2 && j + 2 < c->len && (unsigned char)c->s[j + 1] == 0x80)
            j += 3;
        else
            return 0;
    }
    return 1;
}

enum { AT_ABBREV_MAX = 64 };

/* N.I.H.’s, the U.S.’s: the possessive after an abbreviation's full stop
 * at j, read as 's, which eSpeak NG says after the letters (a curly ’s
 * there it spells as "apostrophe S"); the token then ends after it. */
static void possessive(at_scan *c, size_t j)
{
    size_t q = at__sc_lit(c, j, "\xE2\x80\x99", 0) ? j + 3 : j < c->len && c->s[j] == '\'' ? j + 1 : j;
    if (q > j && q < c->len && c->s[q] == 's' && at__sc_boundary(c, q + 1)) {
        at__buf_puts(&c->say, "'s");
        c->end = q + 1;
    }
}

/* Oct. / Dr. / St. / No. / e.g. / U.S. : a word and its full stop.
 * The full stop stays punctuation (and may end the sentence) only at the
 * end of the block, or for `end` abbreviations before a capital. */
int at__rule_abbrev(at_scan *c)
{
    size_t i = c->pos, j = i, nx, pe, ps;
    const at_lex_entry *en;
    const char *say = NULL;
    int m, ends = 0, cap_next, cap_prev;
    /* no abbreviation or run of initials is longer than AT_ABBREV_MAX (or
     * the longest lexicon key): a longer run is none, found in bounded time */
    size_t bound = i + (at__lexicon_max_key(c->lex) > AT_ABBREV_MAX ? at__lexicon_max_key(c->lex) : AT_ABBREV_MAX);
    while (j < c->len && j <= bound && (at__sc_alpha(c, j) || (c->s[j] == '.' && at__sc_alpha(c, j + 1))))
        j++;
    if (j == i || j > bound || j >= c->len || c->s[j] != '.')
        return 0;
    j++;
    nx = next_word(c, j);
    cap_next = nx < c->len && capitalized(c, nx);
    ps = prev_word(c, i, &pe);
    cap_prev = ps != (size_t)-1 && (capitalized(c, ps) || at__sc_digit(c, ps));
    en = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, j - i, 0);
    /* SEN. LISA MURKOWSKI: a title in a line of capitals (a transcript's
     * label) is the title, not letters */
    if (!en && cap_next && at__sc_upper(c, i) && at__sc_upper(c, i + 1)) {
        const at_lex_entry *t = at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + i, j - i, 1);
        if (t && (t->flags & AT_LEXF_TITLE))
            en = t;
    }
    if (en) {
        if ((en->flags & AT_LEXF_NUMBER) && !at__sc_digit(c, nx))
            return 0;
        say = en->f[0];
        /* 1428 Elm St. It was: a number two words back makes an address */
        if (en->alt && cap_prev && cap_next && ps != (size_t)-1) {
            size_t pe2, ps2 = prev_word(c, ps, &pe2);
            if (ps2 != (size_t)-1 && at__sc_digit(c, ps2))
                cap_next = 0;
        }
        if (en->alt && cap_prev && (!cap_next || block_ends(c, j))) {
            say = en->alt;
        } else if (en->alt && cap_prev) {
            c->flags |= AT_TF_UNSURE;
        }
        ends = (en->flags & AT_LEXF_END) && cap_next && at__sc_sentence_opener(c, nx);
        if (en->alt && say == en->alt && nx < c->len && at__sc_sentence_opener(c, nx))
            ends = 1;
    } else if ((m = at__month_at(c, i, j - 1)) != 0 && j - 1 - i <= 4 && at__sc_upper(c, i)) {
        say = at__month_name(m);
    } else if (j - i >= 4 && c->s[i + 1] == '.') {
        /* U.S.A. / e.s.t. : initials spelled */
        at__say_spelled(&c->say, c->s + i, j - i);
        c->end = block_ends(c, j) || (cap_next && at__sc_sentence_opener(c, nx)) ? j - 1 : j;
        c->cls = AT_TOK_ABBREV;
        possessive(c, j);
        return 1;
    } else if (j - i == 2 && at__sc_upper(c, i) && cap_next && !block_ends(c, j)) {
        /* C. S. Lewis: an initial */
        at__say_spelled(&c->say, c->s + i, 1);
        c->end = j;
        c->cls = AT_TOK_ABBREV;
        return 1;
    } else {
        return 0;
    }
    at__say(&c->say, say);
    c->end = ends || block_ends(c, j) ? j - 1 : j;
    c->cls = AT_TOK_ABBREV;
    possessive(c, j);
    return 1;
}

/* & + = @ % / § and other symbols by their `word` entries, in any
 * language's lexicon. */
int at__rule_symbol_word(at_scan *c)
{
    const at_token *tk = &c->tok->v[c->k];
    size_t i = c->pos, n = 1;
    const at_lex_entry *en;
    if (tk->cls != AT_TOK_SYMBOL || i != tk->start)
        return 0;
    while (i + n < tk->end && ((unsigned char)c->s[i + n] & 0xC0) == 0x80)
        n++;
    if (!(en = at__lexicon_find(c->lex, AT_LEX_WORD, c->s + i, n, 0)))
        return 0;
    at__say(&c->say, en->f[0]);
    c->end = i + n;
    c->cls = AT_TOK_SYMBOL;
    return 1;
}

/* English's symbols: # before a number is "number", the rest by their
 * `word` entries. */
int at__rule_symbol(at_scan *c)
{
    size_t i = c->pos;
    if (c->tok->v[c->k].cls == AT_TOK_SYMBOL && i == c->tok->v[c->k].start && c->s[i] == '#' &&
        at__sc_digit(c, i + 1)) {
        at__say(&c->say, "number");
        c->end = i + 1;
        c->cls = AT_TOK_SYMBOL;
        return 1;
    }
    return at__rule_symbol_word(c);
}

/* A plain word, up to a digit (covid19 -> covid, then the number). */
/* Mr Martin, Dr Jones, Ms Ardern, Prof Smith: a title written without its
 * full stop (British style) before a capitalized name reads as with it;
 * Pangai Jr, after a name, is "junior". The reading is the `abbrev`
 * entry's for the title with the stop. "Gen Z" stays: a single capital
 * is no name. */
int at__rule_bare_title(at_scan *c)
{
    size_t i = c->pos, e, n, ps, pe;
    char key[8];
    const at_lex_entry *en;
    if (i != c->tok->v[c->k].start || !at__sc_upper(c, i) || !at__sc_alpha(c, i + 1))
        return 0;
    e = at__sc_letters(c, i);
    n = e - i;
    if (n > 4 || !at__sc_boundary(c, e) || (e < c->len && c->s[e] == '.'))
        return 0;
    memcpy(key, c->s + i, n);
    key[n] = '.';
    if (!(en = at__lexicon_find(c->lex, AT_LEX_ABBREV, key, n + 1, 0)))
        return 0;
    if (en->flags & AT_LEXF_TITLE) {
        size_t nx = e + 1;
        if (e >= c->len || c->s[e] != ' ' || !at__sc_upper(c, nx) || !at__sc_alpha(c, nx + 1))
            return 0;
    } else if ((en->flags & AT_LEXF_END) && (n == 2 && (key[0] == 'J' || key[0] == 'S') && key[1] == 'r')) {
        if ((ps = prev_word(c, i, &pe)) == (size_t)-1 || pe + 1 != i || !capitalized(c, ps))
            return 0;
    } else {
        return 0;
    }
    at__say(&c->say, en->f[0]);
    c->end = e;
    c->cls = AT_TOK_ABBREV;
    return 1;
}

/* BOONE, KY -- / CAPE CANAVERAL, Fla - / Paducah, KY 42001: a state's
 * postal code or short name (`state` entries) after a dateline's place,
 * or before a ZIP code, is the state. Elsewhere "IN" or "OK" is a word. */
int at__rule_state(at_scan *c)
{
    size_t i = c->pos, e, z, d;
    const at_lex_entry *en;
    int dateline = c->k == 2 && c->tok->v[0].cls == AT_TOK_DATELINE && c->s[c->tok->v[1].start] == ',';
    /* cheap tests first: this runs at every capitalized word */
    if (!dateline && (i < 2 || c->s[i - 1] != ' ' || c->s[i - 2] != ','))
        return 0;
    e = at__sc_letters(c, i);
    if (i != c->tok->v[c->k].start || e - i < 2 || e - i > 5 || !at__sc_boundary(c, e) ||
        (e < c->len && c->s[e] == '.'))
        return 0;
    if (!dateline) {
        size_t pe;
        if (prev_word(c, i, &pe) == (size_t)-1 || pe >= i || c->s[pe] != ',')
            return 0;
        z = at__sc_space(c, e);
        d = at__sc_digits(c, z);
        if (z == e || d - z != 5 || !(at__sc_boundary(c, d) || c->s[d] == '-') ||
            (at__sc_space(c, d) > d && at__is_lower((unsigned char)c->s[at__sc_space(c, d)])))
            return 0;
    }
    if (!(en = at__lexicon_find(c->lex, AT_LEX_STATE, c->s + i, e - i, 0)))
        return 0;
    at__say(&c->say, en->f[0]);
    c->end = e;
    /* the ZIP code after it is read digit by digit */
    z = at__sc_space(c, e);
    d = at__sc_digits(c, z);
    if (z > e && d - z == 5 && at__sc_boundary(c, d)) {
        for (; z < d; z++)
            at__say_cardinal(&c->say, c->s + z, 1);
        c->end = d;
    }
    c->cls = AT_TOK_ABBREV;
    return 1;
}

int at__rule_word(at_scan *c)
{
    const at_token *tk = &c->tok->v[c->k];
    size_t i = c->pos, j = i;
    if (tk->cls != AT_TOK_WORD || !at__sc_alnum(c, i) || at__sc_digit(c, i))
        return 0;
    while (j < tk->end && !at__sc_digit(c, j)) {
        /* Vincent-St. Mary: an abbreviation after a hyphen is its own word */
        if (c->s[j] == '-' && j > i && at__sc_alpha(c, j + 1)) {
            size_t e = at__sc_letters(c, j + 1);
            if (e < c->len && c->s[e] == '.' &&
                at__lexicon_find(c->lex, AT_LEX_ABBREV, c->s + j + 1, e + 1 - (j + 1), 0)) {
                j++;
                break;
            }
        }
        j++;
    }
    while (j > i && !at__sc_alnum(c, j - 1) && j < tk->end && c->s[j - 1] != '-')
        j--;
    at__say_n(&c->say, c->s + i, j - i);
    c->end = j;
    c->cls = AT_TOK_WORD;
    return 1;
}
