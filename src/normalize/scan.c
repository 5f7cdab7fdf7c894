/* Scanning helpers shared by the classifier's rules: they read the block
 * text at a byte offset and never allocate. */
#include <string.h>

#include "classify.h"
#include "tokenize.h"

int at__sc_alnum_cp(const at_scan *c, size_t i)
{
    size_t j = i;
    return at__cp_is_alnum(at__utf8_next(c->s, c->len, &j));
}

size_t at__sc_space(const at_scan *c, size_t i)
{
    while (i < c->len) {
        if (c->s[i] == ' ' || c->s[i] == '\t')
            i++;
        else if ((unsigned char)c->s[i] == 0xC2 && i + 1 < c->len && (unsigned char)c->s[i + 1] == 0xA0)
            i += 2;
        else if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x80 &&
                 ((unsigned char)c->s[i + 2] == 0xAF || (unsigned char)c->s[i + 2] == 0x89))
            i += 3;
        else
            break;
    }
    return i;
}

int at__sc_boundary(const at_scan *c, size_t i)
{
    return !at__sc_alnum(c, i);
}

size_t at__sc_letters(const at_scan *c, size_t i)
{
    while (at__sc_alpha(c, i))
        i++;
    return i;
}

size_t at__sc_digits(const at_scan *c, size_t i)
{
    while (at__sc_digit(c, i))
        i++;
    return i;
}

size_t at__sc_lit(const at_scan *c, size_t i, const char *w, int fold)
{
    size_t n = strlen(w);
    if (i + n > c->len)
        return 0;
    if (fold ? at__strncasecmp(c->s + i, w, n) != 0 : memcmp(c->s + i, w, n) != 0)
        return 0;
    return i + n;
}

size_t at__sc_dash(const at_scan *c, size_t i)
{
    if (i < c->len && c->s[i] == '-')
        return i + 1;
    /* U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash,
     * U+2013 en dash, U+2014 em dash */
    if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x80 &&
        (unsigned char)c->s[i + 2] >= 0x90 && (unsigned char)c->s[i + 2] <= 0x94)
        return i + 3;
    return 0;
}

/* A minus sign: "-" or U+2212, starting a word (after space, "(" or the
 * start) and followed by a digit or a point and a digit. */
static size_t minus_at(const at_scan *c, size_t i)
{
    size_t j;
    if (i < c->len && c->s[i] == '-')
        j = i + 1;
    else if (i + 2 < c->len && (unsigned char)c->s[i] == 0xE2 && (unsigned char)c->s[i + 1] == 0x88 &&
             (unsigned char)c->s[i + 2] == 0x92)
        j = i + 3;
    else
        return 0;
    if (i > 0 && !at__is_space((unsigned char)c->s[i - 1]) && (!c->s[i - 1] || !strchr("(?!,;:", c->s[i - 1])) &&
        (unsigned char)c->s[i - 1] != 0xA0)
        return 0;
    if (at__sc_digit(c, j) || (j + 1 < c->len && c->s[j] == '.' && at__sc_digit(c, j + 1)))
        return j;
    return 0;
}

/* [sign] (digits with comma groups of three | digits) [. digits] | . digits */
int at__sc_number(const at_scan *c, size_t i, int sign, at_numlit *nl)
{
    size_t j, m;
    memset(nl, 0, sizeof *nl);
    if (sign && (m = minus_at(c, i)) != 0) {
        nl->neg = 1;
        i = m;
    }
    j = at__sc_digits(c, i);
    nl->ip = c->s + i;
    if (j > i && j - i <= 3) {
        /* thousands separators: every group exactly three digits */
        size_t k = j;
        while (k < c->len && c->s[k] == ',' && at__sc_digits(c, k + 1) == k + 4)
            k += 4;
        if (k != j) {
            nl->commas = 1;
            j = k;
        }
    }
    nl->in = (size_t)(c->s + j - nl->ip);
    /* 40,82%: a decimal comma, as much of Europe writes it; a thousands
     * separator always has three digits after it */
    if (!nl->commas && j + 2 < c->len && c->s[j] == ',' && at__sc_digit(c, j + 1)) {
        size_t f = at__sc_digits(c, j + 1);
        if (f - j - 1 <= 2 && f < c->len && c->s[f] == '%') {
            nl->point = 1;
            nl->fp = c->s + j + 1;
            nl->fn = f - j - 1;
            nl->end = f;
            return 1;
        }
    }
    if (j < c->len && c->s[j] == '.' && at__sc_digit(c, j + 1)) {
        size_t f = at__sc_digits(c, j + 1);
        nl->point = 1;
        nl->fp = c->s + j + 1;
        nl->fn = f - j - 1;
        j = f;
    }
    if (nl->in == 0 && !nl->point)
        return 0;
    nl->end = j;
    return 1;
}

static int sc_trailing_ascii(char ch)
{
    return ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?' || ch == ')' || ch == ']' ||
           ch == '"' || ch == '\'';
}

static int sc_trailing_curly(const at_scan *c, size_t j)
{
    return (unsigned char)c->s[j - 3] == 0xE2 && (unsigned char)c->s[j - 2] == 0x80 &&
           ((unsigned char)c->s[j - 1] == 0x9D || (unsigned char)c->s[j - 1] == 0x99);
}

/* The end of the word starting at i: up to the next space (or no-break
 * space), less trailing punctuation and closing curly quotes. Rules ask for
 * the chunk at every position of a run, so the run is scanned and trimmed
 * once, from its first start, and later starts inside it are answered from
 * that: a megabyte without a space stays linear. */
size_t at__sc_chunk(at_scan *c, size_t i)
{
    size_t j, ta, t0;
    if (!c->chunk_valid || i < c->chunk_from || i > c->chunk_raw) {
        j = i;
        while (j < c->len && !at__is_space((unsigned char)c->s[j]) &&
               !((unsigned char)c->s[j] == 0xC2 && j + 1 < c->len && (unsigned char)c->s[j + 1] == 0xA0))
            j++;
        c->chunk_from = i;
        c->chunk_raw = j;
        while (j > i && sc_trailing_ascii(c->s[j - 1]))
            j--;
        c->chunk_ta = j;
        while (j >= i + 3 && sc_trailing_curly(c, j))
            j -= 3;
        c->chunk_t0 = j;
        c->chunk_valid = 1;
        return j;
    }
    /* i lies inside the cached run: trimming from i stops where trimming
     * from chunk_from did, unless that point is below i. */
    t0 = c->chunk_t0;
    if (t0 >= i)
        return t0;
    ta = c->chunk_ta;
    if (ta <= i)
        return i;
    /* between ta and i there are only closing curly quotes: strip whole
     * three-byte marks while three bytes remain above i */
    return i + (ta - i) % 3;
}

void at__say_numlit(at_buf *b, const at_numlit *nl)
{
    if (nl->neg)
        at__say(b, "minus");
    if (nl->point)
        at__say_decimal(b, nl->ip, nl->in, nl->fp, nl->fn);
    else if (nl->in > 1 && nl->ip[0] == '0')
        at__say_digits(b, nl->ip, nl->in);
    else
        at__say_cardinal(b, nl->ip, nl->in);
}

int at__numlit_is_one(const at_numlit *nl)
{
    return !nl->point && nl->in == 1 && nl->ip[0] == '1';
}

int at__sc_after_article(const at_scan *c, size_t i)
{
    size_t j = i, w;
    while (j > 0 && c->s[j - 1] == ' ')
        j--;
    if (j == i)
        return 0;
    w = j;
    while (w > 0 && at__sc_alpha(c, w - 1))
        w--;
    if (w > 0 && at__sc_alnum(c, w - 1))
        return 0;
    return (j - w == 1 && (c->s[w] | 0x20) == 'a') || (j - w == 2 && at__strncasecmp(c->s + w, "an", 2) == 0);
}

int at__sc_noun_follows(const at_scan *c, size_t i)
{
    size_t j = at__sc_space(c, i);
    return j > i && j < c->len && (unsigned)(c->s[j] - 'a') < 26u;
}

/* Words that commonly open a sentence. After "a.m." or "Inc." a capital
 * alone does not show a new sentence ("10 a.m. Geneva time", "Apple Inc.
 * Chief Executive"); one of these does. They are grammar, not data. */
int at__sc_sentence_opener(const at_scan *c, size_t i)
{
    static const char *const openers[] = {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "In", "On", "At", "But", "And", "This",
        "That", "These", "Those", "There", "His", "Her", "Their", "Its", "Our", "After", "When", "As", "If",
        "Some", "Many", "Most", "No", "Not", "So", "Yet", "Still", "Now", "Then", "For", "By", "With", "While"};
    size_t j = at__sc_letters(c, i), k;
    for (k = 0; k < sizeof openers / sizeof *openers; k++)
        if (strlen(openers[k]) == j - i && memcmp(openers[k], c->s + i, j - i) == 0)
            return 1;
    return 0;
}
