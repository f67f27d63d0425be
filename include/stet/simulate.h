/* What a labeling strategy would have cost: a replay of a project whose
 * items have standing labels (stet/standing.h), in which each strategy
 * picks the items to label, step by step, from the same start, and the
 * built-in learner trained on what it picked is scored on held-out
 * items.
 *
 * The run: the items with a standing label are shuffled with the seed;
 * the first test_share of them are held out for testing, the rest are
 * the pool. The seed set, the same for every strategy, is an item of
 * each label the pool has, then items at random up to step. Each
 * strategy then adds step items at a time from the pool (random: the
 * pool in a seeded order; least, margin, entropy: the items the current
 * model is least sure of, stet_uncertainty), until budget. After the
 * seed set and after every step the model is trained anew from zero on
 * the items labeled so far, in a fixed order of the items (not the
 * order they were picked), so that a model is a function of the set
 * alone and every strategy's model at n labels is trained alike; it is
 * scored on the test items.
 *
 * A multi-label schema's model is one-vs-rest: an item's predicted set
 * is each label more likely than not, and it is right when that set is
 * its standing set (exact match). Reads; never writes. */
#ifndef STET_SIMULATE_H
#define STET_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

enum stet_sim_strategy {
	STET_SIM_RANDOM,
	STET_SIM_LEAST,
	STET_SIM_MARGIN,
	STET_SIM_ENTROPY,
	STET_SIM_NSTRATEGIES
};

/* The strategy of that name; -1 when there is none. */
int stet_sim_strategy_parse(const char *s, enum stet_sim_strategy *out);
const char *stet_sim_strategy_name(enum stet_sim_strategy s);

#define STET_SIM_EPOCHS_DEFAULT 5
#define STET_SIM_EPOCHS_MAX 100
#define STET_SIM_TEST_SHARE_DEFAULT 0.2

struct stet_sim_opts {
	enum stet_sim_strategy strategies[STET_SIM_NSTRATEGIES];
	size_t nstrategies; /* distinct, in the order they are reported */
	uint64_t budget;    /* labels at the end: at least step */
	uint64_t step;      /* labels added at a time: at least 1 */
	uint64_t seed;
	double test_share;  /* in (0, 1) */
	unsigned epochs;    /* 1..STET_SIM_EPOCHS_MAX */
	unsigned bits;      /* STET_FEATURES_BITS_MIN..MAX */
	/* When not NULL, told now and then what the run is doing, for a
	 * progress line: a phase ("vectors", "full-data model", or a
	 * strategy's name) and how far it is, done of total. */
	void (*on_progress)(void *ctx, const char *phase, uint64_t done,
			    uint64_t total);
	void *ctx;
};

/* Sets the defaults: every strategy, test share 0.2, 5 epochs, 2^20
 * buckets, seed 0; budget and step 0 (the caller's to set). */
void stet_sim_opts_default(struct stet_sim_opts *o);

struct stet_sim_point {
	uint64_t labels;
	double accuracy;
	double macro_f1;
};

struct stet_sim_curve {
	enum stet_sim_strategy strategy;
	struct stet_sim_point *points; /* labels ascending */
	size_t npoints;
	/* The fewest labels whose accuracy reached 95% (99%) of the full
	 * accuracy; 0 when none did. */
	uint64_t to95, to99;
};

struct stet_sim_result {
	uint64_t items;       /* in the project */
	uint64_t used;        /* with a standing label in the schema */
	uint64_t unlabeled;   /* with no standing label: not used */
	uint64_t other_label; /* standing on a label the schema dropped */
	size_t nlabels;       /* the schema's */
	char **labels;        /* their names, in the schema's order */
	uint64_t *counts;     /* items used that have each label */
	uint64_t test, pool;  /* used = test + pool */
	uint64_t seed_set;    /* labels before the first step */
	uint64_t budget;      /* the last point's labels: min(budget, pool) */
	/* Trained on the whole pool, scored on the test items. */
	double full_accuracy, full_macro_f1;
	struct stet_sim_curve *curves; /* one a strategy, in opts' order */
	size_t ncurves;
};

/* How a point is scored. Item i of n has the labels (indices below k,
 * ascending) tlab[toff[i]..toff[i+1]) and is predicted to have
 * plab[poff[i]..poff[i+1]): one each in a single-label schema, a set
 * in a multi-label one. An item is right when the two are the same
 * (a label index of k or more is never right, and in no label's F1);
 * accuracy is the share of n right. A label is a true positive of an
 * item that has it and is predicted to, a false positive of one
 * predicted to have it that does not, a false negative of one that
 * has it and is not predicted to; macro_f1 is the mean, over the
 * labels with any of the three, of 2 TP / (2 TP + FP + FN), as
 * scikit-learn's f1_score with average="macro" on labels seen. Both 0
 * for n 0. */
void stet_sim_score(const size_t *toff, const unsigned *tlab,
		    const size_t *poff, const unsigned *plab, size_t n,
		    size_t k, double *accuracy, double *macro_f1);

/* Runs the replay in txn (a read transaction, held throughout). Errors:
 * STET_ERR for options out of range, a schema with no labels, too few
 * items with standing labels (two, one to test and one to train), and
 * a seed set larger than the budget (more labels in the pool than
 * budget allows one each). res is freed with stet_sim_result_free,
 * also after a failure. */
int stet_simulate(struct stet_txn *txn, const struct stet_sim_opts *o,
		  struct stet_sim_result *res, struct stet_error *err);
void stet_sim_result_free(struct stet_sim_result *res);

#endif
