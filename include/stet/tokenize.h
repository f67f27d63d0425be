/* Splitting an item's text into tokens at Unicode word boundaries
 * (UAX #29) with ICU's word break iterator, which also segments
 * Chinese, Japanese and Thai by dictionary. The only module that
 * includes ICU. Segments of white space alone are not tokens;
 * punctuation is a token of its own. */
#ifndef STET_TOKENIZE_H
#define STET_TOKENIZE_H

#include <stddef.h>

#include "stet/error.h"
#include "stet/tokens.h"

/* Appends the tokens of valid UTF-8 text[0..len) to out, as code-point
 * offsets, in order. */
int stet_tokenize(const char *text, size_t len, struct stet_tokens *out,
		  struct stet_error *err);

/* Each thread that tokenizes keeps an ICU break iterator between calls;
 * this frees the calling thread's. A thread other than the main one
 * calls it before it ends (after that, stet_tokenize makes a new one). */
void stet_tokenize_release(void);

#endif
