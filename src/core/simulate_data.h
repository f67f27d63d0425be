/* The items a replay uses (simulate.c) and their vectors, for the
 * simulate module alone: which items stand with which labels, in the
 * seeded order, and their feature vectors, kept in memory up to a
 * bound and made again from the item beyond it. */
#ifndef STET_SIMULATE_DATA_H
#define STET_SIMULATE_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "features.h"
#include "learner.h"
#include "stet/error.h"
#include "stet/simulate.h"
#include "stet/store.h"

/* The run's state. Used items are numbered 0..n-1 in the seeded
 * order: the test items first, then the pool. */
struct sim {
	struct stet_txn *txn;
	const struct stet_sim_opts *o;
	size_t k;          /* labels */
	size_t n, ntest;   /* used items; the first ntest are the test */
	bool multi;        /* a multi-label schema */
	uint64_t *item;    /* item id of each */
	/* Item i's labels (indices into the schema, ascending):
	 * labs[off[i]..off[i+1]); one each in a single-label schema. */
	size_t *off;
	unsigned *labs;
	struct stet_colstats stats;
	bool tables;       /* some items are table rows */
	struct stet_featurizer fz;
	/* Vectors of items 0..ncached-1, views into idx and val. */
	size_t ncached;
	struct stet_fvec *cached;
	uint32_t *idx;
	double *val;
	struct stet_fvec scratch; /* an item beyond the cache */
	struct stet_dense_rows rows;
	struct stet_learner learner;
	uint64_t train_seed;
	double *prob;
	/* The labels predicted for each test item, as off and labs. */
	size_t *poff;
	unsigned *plabs;
	size_t plabs_cap;
	/* Training: the used items of the labeled set, ascending. */
	const size_t *train;
	/* Progress of a training told to o->on_progress: examples seen of
	 * all its epochs', under phase. */
	const char *phase;
	uint64_t seen, seen_total;
};

/* Loads the schema and the items with standing labels into s (whose
 * txn and o the caller sets), counts what is left out into res, makes
 * the learner and the vectors. Errors as stet_simulate's. Free s with
 * simulate_data_free, also after a failure. */
int simulate_data_prepare(struct sim *s, struct stet_sim_result *res,
			  struct stet_error *err);
void simulate_data_free(struct sim *s);

/* Item i's vector (0 <= i < s->n), valid until the next call. */
int simulate_data_vector(struct sim *s, size_t i, const struct stet_fvec **x,
			 struct stet_error *err);

#endif
