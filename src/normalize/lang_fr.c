/* The normalizer's rules for the language "fr" (see lang.c). Until its
 * own rules are written it reads like the neutral set. */
#include "classify.h"

static const at_rule rules[] = {
    {at__rule_lexword, AT_RF_UPPER | AT_RF_LOWER},
    {at__rule_word, AT_RF_UPPER | AT_RF_LOWER},
};

const at_lang_rules at__lang_fr = {"fr", rules, sizeof rules / sizeof *rules};
