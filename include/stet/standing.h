/* The labels that stand on each item, as a learner is taught them: the
 * lead's decision where there is one (`final`), else the majority of
 * the annotators' standing values (`current`).
 *
 * Single-label: the label more annotators chose than any other; a tie
 * for the most leaves the item out. Multi-label: each label more than
 * half of the item's annotators chose; a label exactly half chose is a
 * tie and leaves the item out; the empty set can stand (every annotator
 * who chose nothing). A gold answer is a check on people, not a label
 * anyone gave, so it never stands: a gold item stands by its
 * annotators' values like any other, and one nobody labeled has none.
 * Items with no value and no decision are not listed. */
#ifndef STET_STANDING_H
#define STET_STANDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_standing {
	size_t n;          /* items with labels standing */
	uint64_t *item;    /* their ids, ascending */
	size_t *off;       /* item i's labels: label[off[i]..off[i+1]) */
	uint32_t *label;   /* label ids, ascending within an item */
	bool *decided;     /* item i stands by a lead's decision */
	uint64_t decisions; /* items that stand by a decision */
	uint64_t majorities; /* by their annotators' majority */
	uint64_t ties;     /* items left out for a tie */
};

/* Annotators whose values do not count toward a majority (ids; NULL
 * and 0: every annotator counts). */
struct stet_standing_opts {
	const uint32_t *exclude;
	size_t nexclude;
};

/* Reads every item's standing labels in txn, in one walk of `current`
 * and `final`. multi: the schema is multi-label. Free with
 * stet_standing_free (safe after a failure and on a zeroed struct). */
int stet_standing_load(struct stet_txn *txn, bool multi,
		       const struct stet_standing_opts *o,
		       struct stet_standing *out, struct stet_error *err);
void stet_standing_free(struct stet_standing *s);

/* The index of item in s, or -1 when it has no standing labels. */
ptrdiff_t stet_standing_find(const struct stet_standing *s, uint64_t item);

#endif
