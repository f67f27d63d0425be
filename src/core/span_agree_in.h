/* What the span agreement's files share: sorted copies of span sets and
 * the scratch the comparisons reuse from item to item. */
#ifndef STET_SPAN_AGREE_IN_H
#define STET_SPAN_AGREE_IN_H

#include <stdbool.h>
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

/* Unitizing alpha item by item, so that the driver hands it the sorted
 * copies it already made: init, then span_ua_item for each item that
 * span_ua_takes (every annotator marked it, it has text), then
 * span_ua_finish, which frees. */
struct span_lens {
	uint32_t *v;
	size_t n, cap;
};

#define SPAN_HIST_SMALL 1024u
struct span_hist {
	uint64_t *small;      /* SPAN_HIST_SMALL counts, or NULL */
	struct span_lens big; /* the lengths past them */
};

struct span_label_ua;
struct span_ua {
	size_t R, C;
	struct span_label_ua *pl; /* C */
	struct span_vec *units;   /* R, scratch */
	struct span_hist base;    /* the items' lengths */
	uint64_t *nunits;         /* C: units of each label */
	unsigned char *hit;
	size_t hcap;
	long double L;
	uint64_t items;
};

void span_ua_init(struct span_ua *u, size_t nraters, size_t nlabels);
bool span_ua_takes(const struct stet_span_item *it, size_t nraters);
/* sorted: the R annotators' sets as span_sorted leaves them. */
void span_ua_item(struct span_ua *u, const struct span_vec *sorted,
		  uint32_t length);
double span_ua_finish(struct span_ua *u, struct stet_ualpha *label,
		      uint64_t *items);

#endif
