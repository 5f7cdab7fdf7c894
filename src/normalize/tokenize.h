/* The tokenizer, internal to the normalize stage. */
#ifndef AT_TOKENIZE_H
#define AT_TOKENIZE_H

#include "normalize.h"

/* Appends the tokens of s[0, len) to t. Spoken forms are left empty. */
void at__tokenize(const char *s, size_t len, at_tokens *t);
/* Sets AT_TF_SENT_END on punctuation that ends a sentence. */
void at__mark_sentence_ends(const char *s, at_tokens *t);

#endif
