/* An item's tokens: code-point offsets into its text (stet(5)), kept
 * with the item and never changed under existing spans. Below the
 * item and the spans, which both hold them. */
#ifndef STET_TOKENS_H
#define STET_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"

/* The token is one syntactic word inside a CoNLL-U multiword token: its
 * offsets are the multiword token's surface, shared with the other
 * words of the range. */
#define STET_TOKEN_IN_MULTIWORD 1u

struct stet_token {
	uint32_t start, end; /* code points, end exclusive */
	uint32_t flags;
};

/* v is owned (stet_tokens_free); n tokens in text order. */
struct stet_tokens {
	struct stet_token *v;
	size_t n, cap;
};

void stet_tokens_init(struct stet_tokens *t);
/* Frees v and leaves t empty, ready for reuse. */
void stet_tokens_free(struct stet_tokens *t);
void stet_tokens_add(struct stet_tokens *t, uint32_t start, uint32_t end,
		     uint32_t flags);

/* The stored form: a count, then per token the distance of its start
 * from the previous token's start, its length and its flags, each a
 * varint, so that a token of a short word costs three bytes. Tokens
 * are in order of start (the words of a multiword token share one). */
void stet_tokens_encode(const struct stet_tokens *t, struct stet_buf *out);
/* Appends the tokens read at r to t (which the caller has initialised);
 * false, with r->bad set, when the record is short or a token would
 * end past UINT32_MAX or before it starts. */
bool stet_tokens_decode(struct stet_rd *r, struct stet_tokens *t);

#endif
