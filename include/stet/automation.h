/* Whether people rubber-stamp the model: from the labels that stand
 * and what each one's event says was suggested (stet label --suggest),
 * per annotator and over all of them, in the two conditions the
 * suggestion rate makes, shown and hidden:
 *
 *   - how often a shown suggestion was taken as it was (acceptance);
 *   - agreement with the model: the label equal to what was, or would
 *     have been, suggested; shown against hidden, and the difference,
 *     which is what the suggestion itself did to the labels;
 *   - agreement with the other annotators' standing labels on the same
 *     items (pairs that agree), in each condition;
 *   - accuracy on gold items, in each condition;
 *   - the share of acceptances made faster than anyone reads (the
 *     reading-speed floor stet stats uses).
 *
 * A label counts once, as it stands; labels whose event had no
 * suggestion (none asked for, or none for the item) are not part of it.
 * Intervals are percentile bootstraps over the labels of each condition,
 * when asked for. */
#ifndef STET_AUTOMATION_H
#define STET_AUTOMATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

/* A share and its 95% interval (lo, hi NaN without a bootstrap; the
 * share NaN when there is nothing to count). */
struct stet_share {
	uint64_t of, yes;
	double value, lo, hi;
};

struct stet_automation_row {
	char *name;                   /* the annotator; NULL: everyone */
	struct stet_share accepted;   /* of shown suggestions */
	struct stet_share model_shown, model_hidden;
	double difference, diff_lo, diff_hi; /* shown - hidden */
	struct stet_share humans_shown, humans_hidden; /* pairs */
	struct stet_share gold_shown, gold_hidden;
	struct stet_share fast_accepts; /* of accepted suggestions */
};

struct stet_automation {
	struct stet_automation_row *rows; /* by annotator name, then overall */
	size_t nrows;                     /* 0: no label had a suggestion */
};

struct stet_automation_opts {
	const char *const *annotators; /* only these (NULL: everyone) */
	size_t nannotators;
	unsigned bootstrap;            /* resamples; 0: no intervals */
	uint64_t seed;
	double floor_wpm;              /* 0: STET_STATS_FLOOR_WPM */
};

int stet_automation_load(struct stet_store *st,
			 const struct stet_automation_opts *o,
			 struct stet_automation *out, struct stet_error *err);
void stet_automation_free(struct stet_automation *a);

/* One sentence on a row, as "ana accepted 97% of the suggestions shown
 * (58 of 60); with the suggestion hidden, ana agreed with the model 71%
 * of the time (17 of 24)". */
void stet_automation_words(const struct stet_automation_row *r, char *out,
			   size_t len);

#endif
