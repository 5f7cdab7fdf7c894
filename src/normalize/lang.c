/* The languages the normalizer knows: which rules read which language.
 *
 * Language is data and rules chosen per document: the tokenizer, the
 * driver and the joining of spoken forms are the same for every language.
 * English rules never run on another language. A language with no rules
 * of its own gets the neutral set, which keeps words and numbers as
 * written for eSpeak NG, whose own reading of numbers in its languages is
 * decent; only the language-neutral steps (white space, Unicode, quote
 * marks and pauses, the reader's structure) apply to it. */
#include <string.h>

#include "classify.h"
#include "normalize.h"

/* Order matters: the more specific pattern first. */
static const at_rule en_rules[] = {
    {at__rule_ticker, AT_RF_OTHER},
    {at__rule_state, AT_RF_UPPER},
    {at__rule_electronic, AT_RF_ALL},
    {at__rule_lexword, AT_RF_ALL},
    {at__rule_date, AT_RF_DIGIT | AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_telephone, AT_RF_DIGIT | AT_RF_OTHER},
    {at__rule_money, AT_RF_DIGIT | AT_RF_UPPER | AT_RF_OTHER},
    {at__rule_time, AT_RF_DIGIT},
    {at__rule_measure, AT_RF_DIGIT | AT_RF_OTHER},
    {at__rule_number, AT_RF_DIGIT | AT_RF_OTHER},
    {at__rule_roman, AT_RF_UPPER},
    {at__rule_abbrev, AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_bare_title, AT_RF_UPPER},
    {at__rule_acronym, AT_RF_UPPER},
    {at__rule_symbol, AT_RF_OTHER},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_en = {"en", en_rules, sizeof en_rules / sizeof *en_rules};

/* A word is taken whole (with a `word` entry of the language's lexicon
 * when it has one); everything else goes on as written. */
static const at_rule neutral_rules[] = {
    {at__rule_lexword, AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_neutral = {"", neutral_rules, sizeof neutral_rules / sizeof *neutral_rules};

static const at_lang_rules *const known[] = {&at__lang_en, &at__lang_de, &at__lang_es,
                                             &at__lang_fr, &at__lang_pt, &at__lang_ru};

const at_lang_rules *at__lang_rules_for(const char *code)
{
    char p[9];
    size_t k;
    at__lang_primary(code, p);
    for (k = 0; k < sizeof known / sizeof *known; k++)
        if (strcmp(known[k]->code, p) == 0)
            return known[k];
    return &at__lang_neutral;
}

int at__lang_has_rules(const char *code)
{
    return at__lang_rules_for(code) != &at__lang_neutral;
}

size_t at__lang_slot(const at_lang_rules *r)
{
    size_t k;
    for (k = 0; k < sizeof known / sizeof *known; k++)
        if (known[k] == r)
            return k;
    return AT_LANG_SLOTS - 1;
}

const at_lang_rules *at__lang_of_slot(size_t k)
{
    return k < sizeof known / sizeof *known ? known[k] : &at__lang_neutral;
}

const char *at__lang_code(const at_lang_rules *r)
{
    return r->code;
}
