/* The stored form of a span set, inside an event record and in `spans`
 * and `span_final`, for the core modules that write them (annotate).
 * For the core only. */
#ifndef STET_SPANS_REC_H
#define STET_SPANS_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/spans.h"
#include "stet/store.h"

/* Appends the set v[0..n) (in normalized order) to b: n, then per span
 * the start as a delta from the previous start, the length end - start,
 * the label, tok_start, and tok_end - tok_start, all varints. */
void stet_spans_encode(const struct stet_span *v, size_t n,
		       struct stet_buf *b);
/* Reads a set written by stet_spans_encode from r into a new array
 * *v (NULL when empty; the caller frees it), *n spans. False, with
 * nothing allocated, when the bytes are not such a set. */
bool stet_spans_decode(struct stet_rd *r, struct stet_span **v, size_t *n);

/* The key of `spans`: item then annotator, big-endian, as `current`. */
void stet_spans_key(unsigned char key[12], uint64_t item, uint32_t annotator);
/* A record of db (`spans` or `span_final`): the event that set it and
 * the set. put writes one, del removes one (absent is no error), event
 * reads the event id alone (STET_NOTFOUND when absent). */
int stet_spans_record_put(struct stet_txn *txn, enum stet_db db,
			  const unsigned char *key, size_t klen,
			  uint64_t event, const struct stet_span *v, size_t n,
			  struct stet_error *err);
int stet_spans_record_del(struct stet_txn *txn, enum stet_db db,
			  const unsigned char *key, size_t klen,
			  struct stet_error *err);
int stet_spans_record_event(struct stet_txn *txn, enum stet_db db,
			    const unsigned char *key, size_t klen,
			    uint64_t *id, struct stet_error *err);

#endif
