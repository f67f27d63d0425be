/* Spans and tokens: labels inside an item's text (stet(5)).
 *
 * An item's tokens are stored with it as code-point offsets and never
 * change under existing spans. A span is (start, end, label) in code
 * points of the item's text, end exclusive, on grapheme boundaries, plus
 * the range of tokens it touches. The offsets are the truth: spans made
 * from the keyboard are whole tokens, spans imported from other tools
 * keep their offsets even where they cut a token. A token tag (a label
 * of kind STET_KIND_TOKEN) is a span over exactly one token.
 *
 * A change to an item's spans is one SPANS event carrying the item's
 * whole span set after the change, so that undo and replay stay as
 * simple as for labels; `spans` holds the set that stands per (item,
 * annotator), `span_final` the lead's decision (an ADJUDICATE carrying
 * spans). Offsets in other units exist only in importers and exporters
 * (stet/offsets.h). */
#ifndef STET_SPANS_H
#define STET_SPANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "stet/tokens.h"

struct stet_span {
	uint32_t start, end; /* code points, end exclusive, start < end */
	uint32_t label;      /* label id */
	/* The tokens the offsets touch: [tok_start, tok_end); equal when
	 * the span touches none (an item without tokens). */
	uint32_t tok_start, tok_end;
};

struct stet_span_set {
	struct stet_span *v;
	size_t n, cap;
};

void stet_span_set_init(struct stet_span_set *s);
void stet_span_set_free(struct stet_span_set *s);
void stet_span_set_add(struct stet_span_set *s, const struct stet_span *sp);
/* Sorts into the one order every stored set has, (start, end, label,
 * tok_start), and drops exact duplicates. */
void stet_span_set_normalize(struct stet_span_set *s);
/* The token range [*ts, *te) that code points [start, end) touch. */
void stet_span_token_range(const struct stet_tokens *t, uint32_t start,
			   uint32_t end, uint32_t *ts, uint32_t *te);

/* Whether set may stand on an item whose text is text[0..len) (valid
 * UTF-8, as items are) and whose tokens are toks (NULL or empty: none)
 * under schema. Every span: start < end, end within the text, both on
 * grapheme boundaries, its label a span or token label of the schema; a
 * span label's token range the one its offsets touch
 * (stet_span_token_range); a token label's span exactly one token, its
 * offsets that token's. No token has two tags; with schema->no_overlap
 * no two spans share a code point. STET_ERR names the first bad span:
 * "span [START, END) LABEL: what is wrong" (the caller says which item
 * or line). The set need not be normalized. The label screen, the
 * importers and review all call this before they append a SPANS event. */
int stet_spans_check(const struct stet_schema *schema, const char *text,
		     size_t len, const struct stet_tokens *toks,
		     const struct stet_span_set *set, struct stet_error *err);

/* The span set that stands for (item, annotator): STET_NOTFOUND when
 * the annotator never marked the item (an empty set that stands after
 * spans were deleted is STET_OK with s->n == 0). *event, if not NULL,
 * is the SPANS event that set it. */
int stet_spans_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		   struct stet_span_set *s, uint64_t *event,
		   struct stet_error *err);
/* The lead's decision on the item's spans, STET_NOTFOUND when none. */
int stet_spans_final_get(struct stet_txn *txn, uint64_t item,
			 struct stet_span_set *s, struct stet_error *err);
/* Every standing set, in (item, annotator) order, with the SPANS event
 * that set it. s belongs to the walk and is reused for the next set: fn
 * copies what it keeps, or takes s->v (leaving s->v NULL and s->n,
 * s->cap 0). */
int stet_spans_each(struct stet_txn *txn,
		    int (*fn)(void *ctx, uint64_t item, uint32_t annotator,
			      struct stet_span_set *s, uint64_t event,
			      struct stet_error *err),
		    void *ctx, struct stet_error *err);

#endif
