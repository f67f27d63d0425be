/* stet learn: the built-in learner trained on the labels that stand
 * (stet/standing.h), stored in the project, and asked to predict every
 * item; and its evaluation by k-fold cross-validation.
 *
 * An example is an item with labels standing: its features (the item's
 * text, or its cells, as src/core/features.h makes them) and those
 * labels. An item of more than STET_LEARN_MAX_BYTES of text, or one
 * with no text or cells, has no features: it teaches the model only its
 * labels' base rates, and its prediction is the bias alone. */
#ifndef STET_LEARN_H
#define STET_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

#define STET_LEARN_MAX_BYTES (256 * 1024)
#define STET_LEARN_EPOCHS_DEFAULT 5
#define STET_LEARN_EPOCHS_MAX 1000
#define STET_LEARN_MIN_LABELS_DEFAULT 20
#define STET_LEARN_SEED_DEFAULT 1
#define STET_LEARN_FOLDS_DEFAULT 5
#define STET_LEARN_FOLDS_MAX 100
#define STET_LEARN_RESAMPLES 1000
#define STET_LEARN_BINS 10

struct stet_learn_opts {
	const char *model;   /* NULL: "stet" */
	unsigned epochs;     /* 0: STET_LEARN_EPOCHS_DEFAULT */
	unsigned bits;       /* 0: STET_FEATURES_BITS_DEFAULT (20) */
	uint64_t seed;       /* the order of examples, the folds */
	uint64_t min_labels; /* examples needed, at least one a label */
	unsigned folds;      /* evaluation only; 0: the default */
};

/* What the labels that stand gave. */
struct stet_learn_counts {
	uint64_t examples;   /* items with labels standing */
	uint64_t decisions;  /* of them, standing by a lead's decision */
	uint64_t majorities; /* by their annotators' majority */
	uint64_t ties;       /* items left out for a tie */
	uint64_t bias_only;  /* examples with no features (see above) */
};

struct stet_learn_result {
	struct stet_learn_counts counts;
	char *model;          /* the model's name (owned) */
	uint64_t version;     /* the model's version this run wrote */
	unsigned epochs, bits;
	uint64_t rows;        /* rows stored: buckets touched, and the bias */
	uint64_t predicted;   /* items given a prediction */
	uint64_t predicted_bias_only; /* of them, from the bias alone */
	size_t nlabels;
	char **label_names;   /* the schema's labels (owned) */
	uint64_t *label_examples; /* examples with each label */
	bool retrained;       /* the labels changed while it trained, and
			       * it trained again inside the write */
};

void stet_learn_result_free(struct stet_learn_result *r);

/* Trains model o->model (kind learner; one of that name holding an
 * outside model's predictions is refused) on the labels that stand,
 * replaces its rows and state, and writes its prediction of every item
 * at its next version: one write transaction, so nothing of a failed
 * or killed run is kept. Fewer than o->min_labels examples, or a label
 * no example has, is STET_ERR with how many there are. */
int stet_learn_train(struct stet_store *st, const struct stet_learn_opts *o,
		     struct stet_learn_result *res, struct stet_error *err);

/* Evaluation: k-fold cross-validation over the examples, folds from a
 * seeded shuffle (example i of the shuffle is in fold i mod k); each
 * fold predicted by a model trained on the others (a table's column
 * statistics from those others too). Reads only. */
struct stet_learn_stat {
	double value, low, high; /* the estimate and its 95% interval */
};

struct stet_learn_bin {
	uint64_t items;    /* probabilities in [b/10, (b+1)/10) (the last
			    * bin includes 1) */
	double confidence; /* their mean */
	double accuracy;   /* the share of them that were right */
};

struct stet_learn_label_eval {
	uint64_t support;  /* examples with the label */
	uint64_t tp, fp, fn;
	double precision, recall, f1; /* 0 where the ratio is 0/0 */
};

struct stet_learn_eval {
	struct stet_learn_counts counts;
	bool multi;
	unsigned folds, epochs, bits;
	uint64_t seed;
	size_t nlabels;
	char **label_names;         /* owned */
	struct stet_learn_label_eval *label; /* nlabels */
	/* Single-label: the share predicted right (the top probability's
	 * label). Multi-label: the share whose predicted set (each label
	 * above 0.5) is exactly the standing one. */
	struct stet_learn_stat accuracy;
	struct stet_learn_stat macro_f1;
	struct stet_learn_stat micro_f1; /* multi-label only */
	/* The accuracy of always answering the commonest label (multi:
	 * the commonest set). */
	double majority;
	/* Single-label: confusion[t * nlabels + p] examples of label t
	 * predicted p. NULL for multi-label. */
	uint64_t *confusion;
	/* Calibration: single-label over each example's top probability,
	 * right when its label is the standing one; multi-label over every
	 * (example, label) probability, right when the label stands. */
	double ece;
	struct stet_learn_bin bins[STET_LEARN_BINS];
	/* Every example: its external id, fold, standing labels and
	 * probabilities (nlabels each, schema order). */
	size_t n;
	char **ext;
	unsigned *fold;
	size_t *off;       /* example i's labels: label[off[i]..off[i+1]) */
	unsigned *label_of; /* label indices, schema order */
	double *prob;      /* n * nlabels */
};

void stet_learn_eval_free(struct stet_learn_eval *e);

/* Intervals: percentile bootstrap, STET_LEARN_RESAMPLES resamples of the
 * examples with replacement, seeded with o->seed. */
int stet_learn_evaluate(struct stet_store *st,
			const struct stet_learn_opts *o,
			struct stet_learn_eval *ev, struct stet_error *err);

#endif
