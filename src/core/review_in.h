/* Inside the review module: what a review filter names, resolved once
 * for the review of item labels (review.c) and of spans
 * (review_spans.c). */
#ifndef STET_REVIEW_IN_H
#define STET_REVIEW_IN_H

#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/review.h"
#include "stet/store.h"

struct review_filter_ids {
	uint32_t label_a, label_b; /* with the filter's label_a/label_b */
	uint32_t annotator;        /* 0: any */
	const char *field;         /* the meta field, without "meta." */
};

/* The label and annotator ids and the meta field a filter names; an
 * unknown label or annotator, or a meta filter without FIELD=VALUE,
 * is an error naming it. */
int review_filter_resolve(struct stet_txn *txn,
			  const struct stet_review_filter *f,
			  const struct stet_annotator *annotators,
			  size_t nannotators, struct review_filter_ids *ids,
			  struct stet_error *err);

#endif
