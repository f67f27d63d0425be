/* What the span agreement's files share: sorted copies of span sets and
 * the scratch the comparisons reuse from item to item. */
#ifndef STET_SPAN_AGREE_IN_H
#define STET_SPAN_AGREE_IN_H

#include <stddef.h>
#include <stdint.h>

#include "stet/span_agree.h"

struct span_vec {
	struct stet_span *v;
	size_t n, cap;
};

struct candidate;
struct span_scratch {
	struct candidate *cand;
	size_t ccap;
	unsigned char *used;
	size_t ucap;
};

/* s's spans with start < end and a label below nlabels, in (label,
 * start, end) order, each once. out keeps its memory for the next. */
void span_sorted(const struct stet_span_set *s, size_t nlabels,
		 struct span_vec *out);
void span_vec_free(struct span_vec *v);
/* stet_span_compare on two sorted copies. */
void span_compare_sorted(const struct span_vec *a, const struct span_vec *b,
			 struct stet_span_counts *all,
			 struct stet_span_counts *label, struct span_scratch *w);
void span_scratch_free(struct span_scratch *w);
/* stet_span_iob2 on a sorted copy, which it reorders. */
void span_iob2_sorted(struct span_vec *v, uint32_t ntokens, uint32_t *tags);

#endif
