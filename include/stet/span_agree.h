/* Agreement on spans and tokens: exact-match and partial-overlap F1,
 * token-level Cohen's kappa on IOB2 tags, and Krippendorff's unitizing
 * alpha over the character continuum (Krippendorff 2004, Content
 * Analysis, 2nd ed., ch. 11, as DKPro Statistics implements it). Pure
 * functions over span sets: no store, no printing.
 *
 * A span is compared as (start, end, label): code points, end
 * exclusive. Spans with start >= end, or a label past the study's
 * nlabels, take no part. A set may come in any order and may repeat a
 * span: each function sorts its own copy and counts a repeated span
 * once. Nothing here allocates on behalf of the caller except
 * stet_span_agree, whose result stet_span_agreement_free releases. */
#ifndef STET_SPAN_AGREE_H
#define STET_SPAN_AGREE_H

#include <stddef.h>
#include <stdint.h>

#include "stet/spans.h"

/* One item as the agreement sees it. Borrowed by the study. */
struct stet_span_item {
	uint32_t length;  /* code points of its text: the item's continuum */
	uint32_t ntokens; /* its tokens; IOB2 tags are one a token */
	/* sets[r] is annotator r's span set, NULL when r never marked the
	 * item (an empty set is a mark: "nothing here"). Labels are the
	 * study's indices 0 .. nlabels-1, not schema label ids. */
	const struct stet_span_set *const *sets;
};

struct stet_span_study {
	size_t nitems, nraters, nlabels;
	const struct stet_span_item *items;
};

/* What one comparison of a's spans with b's found, a the reference:
 * precision is matched/b, recall matched/a. */
struct stet_span_counts {
	uint64_t a, b;    /* spans of a, of b */
	uint64_t exact;   /* spans both have: start, end and label equal */
	uint64_t partial; /* pairs of the partial matching */
};

/* Adds the comparison of two sets on one item to all and, when not
 * NULL, to label[0 .. nlabels).
 *
 * Partial matching: two spans may match when they have the same label
 * and share at least one code point; each span matches at most once.
 * Among the pairs that may match, greedily, the pair sharing the most
 * code points is taken first; on a tie the pair whose span of a starts
 * first, then whose span of b starts first, then whose span of a ends
 * first, then whose span of b ends first. Greedy, not a maximum
 * matching: it is deterministic, and on nested spans it pairs each span
 * with the one it covers most. An exact match always shares the most
 * code points either span can, so exact <= partial. */
void stet_span_compare(const struct stet_span_set *a,
		       const struct stet_span_set *b, size_t nlabels,
		       struct stet_span_counts *all,
		       struct stet_span_counts *label);

/* 2 * both / (na + nb): the F1 of precision both/nb and recall both/na.
 * NaN when na + nb is 0. */
double stet_span_f1(uint64_t both, uint64_t na, uint64_t nb);

/* The IOB2 tag of each of ntokens tokens from the spans' token ranges
 * (tok_start, tok_end): 0 is O, 1 + 2k is B-k and 2 + 2k is I-k for
 * label k. IOB2 cannot carry overlapping spans: a token takes the tag
 * of the span that starts first (by token, then the longer one, then
 * the lower label), and a later span tags only the tokens left free,
 * B on the first of each run of them. A span with no tokens (tok_start
 * == tok_end) or a range past ntokens is clipped to what exists. */
void stet_span_iob2(const struct stet_span_set *s, uint32_t ntokens,
		    uint32_t *tags);

/* Krippendorff's unitizing alpha of one label, and the disagreements
 * it is made of. */
struct stet_ualpha {
	double d_o;   /* observed disagreement */
	double d_e;   /* expected disagreement */
	double alpha; /* 1 - d_o / d_e; NaN when d_e is 0 */
	uint64_t units;
};

/* The study's unitizing alpha, and each label's in label[0 ..
 * nlabels) when not NULL.
 *
 * The continuum is the items every annotator marked, laid end to end
 * (L their total length); gaps end at an item's end, since no unit can
 * cross from one item into the next. An annotator's spans of one label
 * that overlap are one unit, their union (the definition wants the
 * units of one label and one coder not to overlap). For label c, with R
 * annotators:
 *   D_o(c) = 2 / (R L^2) * sum over the pairs of annotators of
 *            sum of d^2 over the pairs of segments that overlap, where
 *            two units differ by (start1-start2)^2 + (end1-end2)^2, a
 *            unit lying wholly in the other's gap by its length
 *            squared, and anything else by 0;
 *   D_e(c) = 2/L * sum over units u of length l of
 *            [(N_c - 1) (2l^3 - 3l^2 + l) / 3
 *             + l^2 * sum over gaps g of every annotator with |g| >= l
 *               of (|g| - l + 1)]
 *            / (R L (R L - 1) - sum over units of l (l - 1)),
 *   N_c the number of units of c. alpha(c) = 1 - D_o(c)/D_e(c); the
 * overall alpha is 1 - mean D_o / mean D_e over the labels with at
 * least one unit (NaN with none). *items is how many items the
 * continuum has. */
double stet_span_ualpha(const struct stet_span_study *s,
			struct stet_ualpha *label, uint64_t *items);

/* One pair of annotators, a < b (study indices), a the reference. */
struct stet_span_pair {
	size_t a, b;
	uint64_t items;                /* items both marked */
	struct stet_span_counts all;
	struct stet_span_counts *label; /* nlabels */
	/* Cohen's kappa on the IOB2 tags of the tokens of the items both
	 * marked: over all of them, and over those that either annotator
	 * tagged other than O. NaN without tokens or when chance explains
	 * everything. */
	double kappa_all, kappa_marked;
	uint64_t tokens_all, tokens_marked;
};

struct stet_span_agreement {
	size_t nraters, nlabels, npairs;
	/* Pairs in the order (0,1), (0,2) .. (0,R-1), (1,2) .. */
	struct stet_span_pair *pairs;
	struct stet_span_counts all;    /* summed over the pairs */
	struct stet_span_counts *label; /* nlabels, summed over the pairs */
	/* Light's kappa: the mean of the pairs' kappas that are numbers
	 * (NaN when none is). */
	double kappa_all, kappa_marked;
	double ualpha;
	struct stet_ualpha *ualpha_label; /* nlabels */
	uint64_t ualpha_items;
};

/* Everything above on a study. Aborts only when memory runs out. */
void stet_span_agree(const struct stet_span_study *s,
		     struct stet_span_agreement *out);
/* The same, and per_item[i * npairs + k] the counts of pair k on item
 * i (all zero where one of the two did not mark it): per_item has
 * nitems * npairs entries, all overwritten. */
void stet_span_agree_items(const struct stet_span_study *s,
			   struct stet_span_agreement *out,
			   struct stet_span_counts *per_item);
void stet_span_agreement_free(struct stet_span_agreement *a);

#endif
