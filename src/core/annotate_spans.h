/* How appending an event keeps `spans` and `span_final` in step with
 * SPANS and ADJUDICATE events (annotate_spans.c). For annotate.c. */
#ifndef STET_ANNOTATE_SPANS_H
#define STET_ANNOTATE_SPANS_H

#include <stdint.h>

#include "stet/annotate.h"

/* Sorts ev's spans into the stored order and refuses a SPANS event
 * without a set or a span with start >= end or tok_start > tok_end. */
int stet_spans_event_prepare(struct stet_event *ev, struct stet_error *err);
/* The SPANS event standing for ev's item and annotator (0: none). */
int stet_spans_standing(struct stet_txn *txn, const struct stet_event *ev,
			uint64_t *id, struct stet_error *err);
/* A SPANS event's set goes into `spans`; an ADJUDICATE's, if it has
 * one, into `span_final`. */
int stet_spans_apply(struct stet_txn *txn, const struct stet_event *ev,
		     struct stet_error *err);
/* Undoing SPANS event `undone`: if it stands, the set of the SPANS
 * event it replaced stands again, or none. */
int stet_spans_undo(struct stet_txn *txn, const struct stet_event *undone,
		    struct stet_error *err);
/* After the ADJUDICATE standing in `final` was undone and `before` (0:
 * none) stands there again: `span_final` gets the spans of the latest
 * ADJUDICATE carrying spans in the chain before, before.replaced, ...,
 * which is what stood in it before the undone one was made. */
int stet_spans_final_restore(struct stet_txn *txn, uint64_t item,
			     uint64_t before, struct stet_error *err);

#endif
