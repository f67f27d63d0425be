/* The stored models of stet's learner: a model's rows in `weights` and
 * its state in `learners`, both keyed by the model's id (the id of its
 * record in `models`, stet/predict.h). For the core only.
 *
 * `weights`: model id (4 bytes, big-endian) + row index (4) -> the row
 * as stet_learner_row_encode writes it (8K bytes for K labels). A row
 * never put is absent and reads as zeros, so a model holds only the
 * buckets some example touched.
 *
 * `learners`: model id (4) -> the state (see struct stet_weights_state):
 * what the rows mean (the learner's parameters, the features version
 * and bits, the schema label of each of the K outputs, a table
 * project's column statistics) and what the model has seen.
 *
 * Rows are read and written inside the caller's transaction: an online
 * update written in the write transaction of the label that caused it
 * commits or vanishes with that label, and LMDB's one writer at a time
 * means two annotators' updates apply one after the other, each to the
 * rows the other left: none lost, none applied twice. */
#ifndef STET_WEIGHTS_H
#define STET_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "features.h"
#include "learner.h"
#include "stet/error.h"
#include "stet/store.h"

#define STET_WEIGHTS_KEY 8

struct stet_weights_state {
	unsigned features_version; /* STET_FEATURES_VERSION when trained */
	struct stet_learner_params p; /* p.bits: the features' bits too */
	uint32_t *labels;       /* p.k schema label ids, output order */
	struct stet_colstats stats; /* of the training items; empty: text */
	uint64_t examples;      /* examples learned, each counted once */
	uint64_t *label_examples; /* p.k: examples that had each label */
};

/* A zeroed state; free makes it so again. */
void stet_weights_state_init(struct stet_weights_state *s);
void stet_weights_state_free(struct stet_weights_state *s);
/* A state for params p (p->k outputs) over the label ids labels[0..k),
 * nothing seen. stats is moved in (left empty) when not NULL. */
void stet_weights_state_make(struct stet_weights_state *s,
			     const struct stet_learner_params *p,
			     const uint32_t *labels,
			     struct stet_colstats *stats);
/* The output of schema label id, or -1 when the model has none. */
int stet_weights_state_index(const struct stet_weights_state *s,
			     uint32_t label);
/* Counts one example with outputs idx[0..n) (as learned). */
void stet_weights_state_count(struct stet_weights_state *s,
			      const unsigned *idx, size_t n);

/* The state of model (STET_NOTFOUND when it has none; STET_ERR on a
 * damaged record). s is freed and refilled. A state whose features
 * version is not this stet's loads; the caller checks it (its rows
 * mean nothing under other features: stet_weights_state_current). */
int stet_weights_state_load(struct stet_txn *txn, uint32_t model,
			    struct stet_weights_state *s,
			    struct stet_error *err);
int stet_weights_state_save(struct stet_txn *txn, uint32_t model,
			    const struct stet_weights_state *s,
			    struct stet_error *err);
/* STET_ERR, naming the model, when its features version is not this
 * stet's: it must be trained again. */
int stet_weights_state_current(const struct stet_weights_state *s,
			       const char *name, struct stet_error *err);

/* Deletes model's rows and state, and the examples logged for the
 * rows by sessions that learn (keys of the model's id and an event id
 * in `learners`, stet/live.h). */
int stet_weights_drop(struct stet_txn *txn, uint32_t model,
		      struct stet_error *err);

void stet_weights_key(unsigned char key[STET_WEIGHTS_KEY], uint32_t model,
		      uint32_t row);

/* Rows of a stored model, read and written in txn; for the learner
 * (struct stet_rows). Valid while txn is; a read transaction's rows
 * cannot be put (the store refuses). */
struct stet_db_rows {
	struct stet_txn *txn;
	uint32_t model;
	struct stet_learner_params p;
	unsigned char *buf; /* one encoded row */
};

void stet_db_rows_init(struct stet_db_rows *r, struct stet_txn *txn,
		       uint32_t model, const struct stet_learner_params *p);
void stet_db_rows_free(struct stet_db_rows *r);
struct stet_rows stet_db_rows_iface(struct stet_db_rows *r);

/* Writes every row of d that is not all zeros as model's (after
 * stet_weights_drop, or over rows of the same parameters); *written
 * (may be NULL) gets how many. */
int stet_weights_put_dense(struct stet_txn *txn, uint32_t model,
			   const struct stet_learner_params *p,
			   const struct stet_dense_rows *d, uint64_t *written,
			   struct stet_error *err);
/* Reads model's stored rows into d (made by stet_dense_rows_init for
 * the same parameters, all zeros), one cursor run: predicting many
 * items from memory instead of a lookup a row. */
int stet_weights_get_dense(struct stet_txn *txn, uint32_t model,
			   const struct stet_learner_params *p,
			   struct stet_dense_rows *d, struct stet_error *err);

#endif
