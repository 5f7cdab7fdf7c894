/* Addresses and numbers read piece by piece: URLs, e-mail addresses,
 * handles, hashtags, telephone numbers and IP addresses. How each piece
 * of an address is read (dot, slash, com, W W W) comes from the lexicon's
 * `domain` entries. */
#include <string.h>

#include "classify.h"

static int has_scheme(const at_scan *c, size_t i)
{
    char f = i < c->len ? (char)(c->s[i] | 0x20) : 0;
    if (f != 'h' && f != 'f' && f != 'w')
        return 0;
    return at__sc_lit(c, i, "http://", 1) || at__sc_lit(c, i, "https://", 1) || at__sc_lit(c, i, "ftp://", 1) ||
           at__sc_lit(c, i, "file://", 1) || at__sc_lit(c, i, "www.", 1);
}

/* label(.label)+ whose last label is a known domain: nvidia.com */
static int looks_like_host(const at_scan *c, size_t i, size_t end)
{
    size_t j = i, last = i;
    int dots = 0;
    while (j < end && c->s[j] != '/') {
        if (c->s[j] == '.') {
            dots++;
            last = j + 1;
        } else if (!at__sc_alnum(c, j) && c->s[j] != '-') {
            return 0;
        }
        j++;
    }
    if (!dots || last >= j || !at__sc_alpha(c, last))
        return 0;
    return at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + last, j - last, 1) != NULL;
}

/* A run of letters in an address without a `domain` entry: its camel-case
 * parts as words ("AgencyID" -> Agency I.D.), a part of three capitals or
 * fewer spelled, and, with `ext`, a file's extension spelled (aspx). */
static void say_letters(at_scan *c, size_t i, size_t j, int ext)
{
    if (ext && j - i <= 4) {
        at__say_spelled(&c->say, c->s + i, j - i);
        return;
    }
    while (i < j) {
        size_t e = i + 1, k;
        int caps;
        if (at__sc_upper(c, i) && e < j && at__sc_upper(c, e)) {
            /* IDNumber: the capitals but the one that opens the next part */
            while (e < j && at__sc_upper(c, e))
                e++;
            if (e < j && e - i > 1)
                e--;
        } else {
            while (e < j && !at__sc_upper(c, e))
                e++;
        }
        for (caps = 1, k = i; k < e; k++)
            caps &= at__sc_upper(c, k);
        if (caps && e - i <= 3 && e - i < j - i)
            at__say_spelled(&c->say, c->s + i, e - i);
        else
            at__say_n(&c->say, c->s + i, e - i);
        i = e;
    }
}

/* Reads an address: letter runs as words (or as the lexicon says),
 * digits one by one, every other character by its `domain` name. */
static void say_address(at_scan *c, size_t i, size_t end)
{
    size_t start = i, path = end, k;
    /* the path starts at the first slash after the host */
    for (k = i; k < end; k++)
        if (c->s[k] == '/') {
            if (k + 1 < end && c->s[k + 1] == '/') {
                k++;
                continue;
            }
            path = k;
            break;
        }
    while (i < end) {
        const at_lex_entry *en;
        size_t j;
        if (at__sc_alpha(c, i)) {
            j = at__sc_letters(c, i);
            en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + i, j - i, 1);
            if (en)
                at__say(&c->say, en->f[0]);
            else
                say_letters(c, i, j,
                            i > path && i > start && c->s[i - 1] == '.' &&
                                (j >= end || c->s[j] == '?' || c->s[j] == '#' || c->s[j] == '/'));
        } else if (at__sc_digit(c, i)) {
            j = at__sc_digits(c, i);
            at__say_digits(&c->say, c->s + i, j - i);
        } else {
            j = i + 1;
            while (j < end && ((unsigned char)c->s[j] & 0xC0) == 0x80)
                j++;
            en = at__lexicon_find(c->lex, AT_LEX_DOMAIN, c->s + i, j - i, 0);
            if (en)
                at__say(&c->say, en->f[0]);
        }
        i = j;
    }
}

int at__rule_electronic(at_scan *c)
{
    size_t i = c->pos, end, j, at = 0;
    if (i > 0 && !at__is_space((unsigned char)c->s[i - 1]) && c->s[i - 1] != '(' && c->s[i - 1] != '"' &&
        (unsigned char)c->s[i - 1] < 0x80)
        return 0;
    end = at__sc_chunk(c, i);
    /* no address is this long: a run of joined words is not one, and
     * looking through it at every letter would cost its length squared */
    if (end <= i + 1 || end - i > 2048)
        return 0;
    /* a trailing slash belongs to a URL */
    if (end < c->len && c->s[end] == '/')
        end++;
    /* @handle / #hashtag */
    if ((c->s[i] == '@' || c->s[i] == '#') && at__sc_alpha(c, i + 1)) {
        j = i + 1;
        while (j < end && (at__sc_alnum(c, j) || c->s[j] == '_')) {
            /* a letter beyond ASCII is taken whole, never cut after its first byte */
            j++;
            while (j < end && ((unsigned char)c->s[j] & 0xC0) == 0x80)
                j++;
        }
        at__say(&c->say, c->s[i] == '@' ? "at" : "hashtag");
        for (i++; i < j; i++) {
            size_t e = i;
            while (e < j && c->s[e] != '_')
                e++;
            at__say_n(&c->say, c->s + i, e - i);
            i = e;
        }
        c->end = j;
        c->cls = AT_TOK_URL;
        return 1;
    }
    if (!at__sc_alnum(c, i) && !has_scheme(c, i))
        return 0;
    for (j = i; j < end; j++)
        if (c->s[j] == '@') {
            at = j;
            break;
        }
    if (at) {
        if (at == i || !at__sc_alnum(c, at + 1) || !memchr(c->s + at, '.', end - at))
            return 0;
        c->cls = AT_TOK_EMAIL;
    } else if (has_scheme(c, i) || looks_like_host(c, i, end)) {
        c->cls = AT_TOK_URL;
    } else {
        return 0;
    }
    say_address(c, i, end);
    c->end = end;
    return 1;
}

/* The key of a telephone keypad that carries letter ch (ASCII). */
static char keypad(char ch)
{
    static const char keys[] = "22233344455566677778889999";
    ch = (char)at__to_lower((unsigned char)ch);
    return ch >= 'a' && ch <= 'z' ? keys[ch - 'a'] : ch;
}

/* Says a vanity word: its letters as a word, its digits one by one
 * ("tip411" -> "tip four one one"). */
static void say_vanity(at_scan *c, size_t a, size_t b)
{
    while (a < b) {
        size_t e = a;
        if (at__sc_digit(c, a)) {
            at__say_digits(&c->say, c->s + a, 1);
            a++;
            continue;
        }
        while (e < b && at__sc_alpha(c, e))
            e++;
        at__say_space(&c->say);
        for (; a < e; a++)
            at__buf_putc(&c->say, (char)at__to_lower((unsigned char)c->s[a]));
    }
}

/* Text 274637 (CRIMES): a short code followed by the word it spells on
 * a keypad is read digit by digit, then the word. Without the word, a
 * six-digit number is a number. */
static size_t short_code(at_scan *c)
{
    size_t i = c->pos, j = at__sc_digits(c, i), a, b, k;
    if (j - i < 4 || j - i > 7 || (i > 0 && at__sc_alnum(c, i - 1)) || !at__sc_boundary(c, j))
        return 0;
    a = at__sc_space(c, j);
    if (a >= c->len || c->s[a] != '(')
        return 0;
    for (b = ++a; b < c->len && b - a <= j - i && at__sc_alnum(c, b); b++)
        ;
    if (b - a != j - i || b >= c->len || c->s[b] != ')' || !at__sc_alpha(c, a))
        return 0;
    for (k = 0; k < j - i; k++)
        if (keypad(c->s[a + k]) != c->s[i + k])
            return 0;
    at__say_digits(&c->say, c->s + i, j - i);
    at__buf_putc(&c->say, ',');
    say_vanity(c, a, b);
    return b + 1;
}

/* Digit groups of a telephone number, read digit by digit with a pause
 * between groups: +1 (123) 123-5678, 123-123-5678, 555.555.5555,
 * 111-11-1111, 270-444-TELL. IP addresses (123.123.0.40) are read with
 * "dot". Two numbers with a slash between are two numbers: "or". */
static int one_telephone(at_scan *c);

int at__rule_telephone(at_scan *c)
{
    size_t start = c->pos, j;
    if ((j = short_code(c)) != 0) {
        c->end = j;
        c->cls = AT_TOK_TELEPHONE;
        return 1;
    }
    if (!one_telephone(c))
        return 0;
    for (;;) {
        size_t e = at__sc_space(c, c->end), end = c->end, mark = c->say.n;
        if (e >= c->len || c->s[e] != '/')
            break;
        c->pos = at__sc_space(c, e + 1);
        at__say(&c->say, "or");
        if (!at__sc_digit(c, c->pos) || !one_telephone(c)) {
            c->say.n = mark;
            c->say.p[mark] = '\0';
            c->end = end;
            break;
        }
    }
    c->pos = start;
    return 1;
}

static int one_telephone(at_scan *c)
{
    size_t i = c->pos, g[8][2], ng = 0, j;
    int plus = 0, paren = 0, dots = 0, k;
    char sep = 0;
    if (i < c->len && c->s[i] == '+' && at__sc_digit(c, i + 1)) {
        plus = 1;
        i++;
    }
    while (ng < 8) {
        int open = 0;
        if (i < c->len && c->s[i] == '(') {
            open = 1;
            i++;
        }
        j = at__sc_digits(c, i);
        if (j == i || j - i > 4)
            return 0;
        g[ng][0] = i;
        g[ng][1] = j;
        ng++;
        if (open) {
            if (j >= c->len || c->s[j] != ')')
                return 0;
            paren = 1;
            j++;
        }
        i = j;
        if (i + 1 < c->len && (c->s[i] == '-' || c->s[i] == '.') && at__sc_digit(c, i + 1)) {
            if (sep && sep != c->s[i])
                return 0;
            sep = c->s[i];
            dots += c->s[i] == '.';
            i++;
        } else if (i + 1 < c->len && (c->s[i] == ' ' || c->s[i] == '-') &&
                   (at__sc_digit(c, i + 1) || c->s[i + 1] == '(') && (open || plus)) {
            i++;
        } else if (open && at__sc_digit(c, i)) {
            continue;
        } else {
            break;
        }
    }
    /* 270-444-TELL, 1-800-FLOWERS: the last group spelled on the keypad */
    if (ng >= 2 && sep == '-' && i + 4 < c->len && c->s[i] == '-' && at__sc_upper(c, i + 1)) {
        size_t e = at__sc_letters(c, i + 1);
        int caps = 1;
        for (j = i + 1; j < e; j++)
            caps &= at__sc_upper(c, j);
        if (caps && e - i - 1 >= 4 && e - i - 1 <= 7 && at__sc_boundary(c, e) &&
            g[ng - 1][1] - g[ng - 1][0] == 3) {
            for (k = 0; k < (int)ng; k++) {
                if (k)
                    at__buf_putc(&c->say, ',');
                at__say_digits(&c->say, c->s + g[k][0], g[k][1] - g[k][0]);
            }
            at__buf_putc(&c->say, ',');
            say_vanity(c, i + 1, e);
            c->end = e;
            c->cls = AT_TOK_TELEPHONE;
            return 1;
        }
    }
    if (!at__sc_boundary(c, i) || ng < 2)
        return 0;
    /* 555-0147: a local number, when it is not a range */
    if (ng == 2 && (plus || paren || sep != '-' || g[0][1] - g[0][0] != 3 || g[1][1] - g[1][0] != 4 ||
                    c->s[g[1][0]] != '0'))
        return 0;
    if (dots && ng == 4 && !plus && !paren) {
        /* an IP address */
        for (k = 0; k < 4; k++) {
            if (g[k][1] - g[k][0] > 3)
                return 0;
            if (k)
                at__say(&c->say, "dot");
            at__say_digits(&c->say, c->s + g[k][0], g[k][1] - g[k][0]);
        }
        c->end = i;
        c->cls = AT_TOK_TELEPHONE;
        return 1;
    }
    if (g[ng - 1][1] - g[ng - 1][0] < 4 && !(ng >= 4 && g[ng - 2][1] - g[ng - 2][0] == 4) && !(plus && paren))
        return 0;
    if (plus)
        at__say(&c->say, "plus");
    for (k = 0; k < (int)ng; k++) {
        if (k)
            at__buf_putc(&c->say, ',');
        at__say_digits(&c->say, c->s + g[k][0], g[k][1] - g[k][0]);
    }
    c->end = i;
    c->cls = AT_TOK_TELEPHONE;
    return 1;
}

/* Apple (AAPL), Tesla Inc. (TSLA): capitals [i, j) in brackets right
 * after one company's name that begins with the same letter. A name of
 * several capitalized words is an acronym's definition instead
 * (Democratic Progressive Party (DPP)), and a known acronym stays. */
static int bare_ticker(const at_scan *c, size_t i, size_t j)
{
    static const char *const suffixes[] = {"Inc.", "Inc", "Corp.", "Corp", "Co.", "Ltd.", "Ltd", "Plc", "PLC", "AG", "SA"};
    size_t b = c->pos, a, k;
    if (j - i < 2 || j - i > 5 || b < 2 || c->s[b - 1] != ' ')
        return 0;
    for (k = i; k < j; k++)
        if (!at__sc_upper(c, k))
            return 0;
    if (at__lexicon_find(c->lex, AT_LEX_ACRONYM, c->s + i, j - i, 0))
        return 0;
    b--;
    for (k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        size_t n = strlen(suffixes[k]);
        if (b > n + 1 && memcmp(c->s + b - n, suffixes[k], n) == 0 && c->s[b - n - 1] == ' ') {
            b -= n + 1;
            break;
        }
    }
    for (a = b; a > 0 && at__sc_alpha(c, a - 1); a--)
        ;
    if (b - a < 3 || !at__sc_upper(c, a) || !at__is_lower((unsigned char)c->s[a + 1]) || c->s[a] != c->s[i])
        return 0;
    /* the word before the name must not be capitalized too */
    k = a;
    while (k > 0 && c->s[k - 1] == ' ')
        k--;
    if (k < a && k > 0 && at__sc_alpha(c, k - 1)) {
        size_t w = k;
        while (w > 0 && at__sc_alpha(c, w - 1))
            w--;
        if (at__sc_upper(c, w) && !at__sc_sentence_opener(c, w))
            return 0;
    }
    return 1;
}

/* Chevron (CVX.N), Apple (NASDAQ: AAPL): a stock ticker in brackets,
 * which a news reader leaves out; read as nothing. A bare symbol needs
 * its exchange suffix (.N, .O, .L, .T) or a company's name just before it
 * (bare_ticker), so "(ICRC)" stays a definition. */
int at__rule_ticker(at_scan *c)
{
    static const char *const exchanges[] = {"NYSE", "NASDAQ", "Nasdaq", "AMEX", "LSE", "TSX", "ASX", "OTC",
                                            "HKEX", "SGX", "TSE", "NSE", "BSE", "SIX", "Euronext", "Xetra"};
    size_t i = c->pos + 1, j, k, n;
    int named = 0;
    if (c->pos >= c->len || c->s[c->pos] != '(')
        return 0;
    for (j = i; j < c->len && j < i + 10 && at__sc_alpha(c, j); j++)
        ;
    n = j - i;
    for (k = 0; k < sizeof exchanges / sizeof *exchanges; k++)
        if (strlen(exchanges[k]) == n && memcmp(exchanges[k], c->s + i, n) == 0 && j < c->len && c->s[j] == ':') {
            named = 1;
            i = at__sc_space(c, j + 1);
            break;
        }
    /* the symbol: capitals or digits, then an exchange suffix */
    for (j = i; j < c->len && j < i + 6 && (at__sc_upper(c, j) || at__sc_digit(c, j)); j++)
        ;
    if (j == i)
        return 0;
    if (j + 1 < c->len && c->s[j] == '.' && at__sc_upper(c, j + 1)) {
        size_t e = j + 1;
        while (e < c->len && e < j + 3 && at__sc_upper(c, e))
            e++;
        if (e < c->len && c->s[e] == ')') {
            c->end = e + 1;
            c->cls = AT_TOK_SYMBOL;
            return 1;
        }
        return 0;
    }
    if (j >= c->len || c->s[j] != ')' || (!named && !bare_ticker(c, i, j)))
        return 0;
    c->end = j + 1;
    c->cls = AT_TOK_SYMBOL;
    return 1;
}

