/* A model that learns as people label (stet label --learn): each label
 * saved is one online update of the learner's stored model, made in the
 * write transaction of the label, and, with an uncertainty or score
 * order, the next item is chosen from a bounded pool of candidates
 * re-scored by the model as it stands after that update.
 *
 * The label's own transaction records the example (src/core/live_log.c)
 * and the model's counts: the label and its update commit together or
 * not at all. The session keeps the rows the update changed in memory,
 * and a checkpoint in a pause applies every logged example, in event
 * order, to the stored rows (src/core/weights.h) in one write: since
 * LMDB has one writer at a time, and an update is a function of the
 * rows and the example alone, two annotators' updates apply one after
 * the other, each to the rows the other left, none lost or applied
 * twice. Undo does not take an update back (stet(5) says why).
 *
 * The pool: up to STET_LIVE_POOL items, filled in the order's own
 * ranking (the model's stored predictions; explore draws and items
 * that have a value, are gold, or were seen by the annotator left out),
 * each with the scores the model gave it when it came in. An update
 * changes the weights of the labeled item's buckets alone, so the
 * scores of the pool move by those changes (the buckets a candidate
 * shares with the labeled item, and the bias), not by reading every
 * row again: a keystroke costs the rows of one item. Updates made by
 * other sessions reach the pool's scores when the annotator pauses
 * (stet_live_refresh). The pool only ranks: serving (overlap, leases,
 * gold, pending) decides what may be served (stet/serve.h).
 *
 * Cold start: until the model has seen min_labels examples, at least
 * one of each label, the session serves in the project's order. */
#ifndef STET_LIVE_H
#define STET_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/store.h"

/* Candidates in the pool. An update moves every candidate's scores in
 * a few microseconds, and a candidate coming in costs one read of its
 * rows (about 0.1 ms for a sentence): one comes in a label, so a
 * keystroke stays far under a millisecond, while a few hundred is room
 * enough for the label just given to reorder what comes next. */
#define STET_LIVE_POOL 256
#define STET_LIVE_MIN_LABELS_DEFAULT 20
#define STET_LIVE_MODEL_DEFAULT "stet"
/* Items a cold-started table model's column statistics come from. */
#define STET_LIVE_STATS_ITEMS 10000
/* Examples a session logs before it applies them itself. */
#define STET_LIVE_LOG_MAX 512

struct stet_live; /* opaque */

struct stet_live_opts {
	const char *model;     /* NULL: STET_LIVE_MODEL_DEFAULT */
	uint64_t min_labels;   /* 0: the default */
	/* The session's order. Uncertainty and score rank the pool (by,
	 * label: a schema label id, 0 the top score); explore_ppm of the
	 * serves draw an item at random instead, by seed. Other orders
	 * learn and serve as they are. */
	enum stet_order order;
	enum stet_measure by;
	uint32_t label;
	uint32_t explore_ppm;
	uint64_t seed;
	uint32_t annotator;
};

/* Reads what the session starts from: the model when it exists (an
 * outside model's name is STET_CONFLICT, a model of other features than
 * this stet's STET_ERR, each naming it), its state and the schema. Writes nothing. *out is freed with
 * stet_live_free. The schema is borrowed for lv's life. */
int stet_live_open(struct stet_txn *txn, const struct stet_live_opts *o,
		   const struct stet_schema *schema, struct stet_live **out,
		   struct stet_error *err);
void stet_live_free(struct stet_live *lv);

/* The model's name, and whether it ranks a pool (a predicted order). */
const char *stet_live_model(const struct stet_live *lv);
bool stet_live_pooled(const struct stet_live *lv);

/* Inside a write transaction: stet_live_begin at the start of each
 * run of it (the store may run one again after growing the map), then
 * learn and rank; after it, stet_live_commit when it committed, else
 * stet_live_abort. A run that changed lv and did not commit costs a
 * refill of the pool, never a score moved by an update that is not
 * there. */
void stet_live_begin(struct stet_live *lv);
/*
 * learn: one online update for labels[0..n) (schema label ids) on
 * item; the model and its state are made when there are none. Labels
 * the model has no output for (added to the schema since it was made)
 * are left out, and an example left with none in a single-label schema
 * teaches nothing until stet learn trains the model again. */
int stet_live_learn(struct stet_txn *txn, struct stet_live *lv,
		    uint64_t event, uint64_t item, const uint32_t *labels,
		    size_t n, struct stet_error *err);
/* Whether the next serve ranks the pool: a predicted order and the
 * cold start over, as of the updates made so far in this transaction. */
bool stet_live_ranks(const struct stet_live *lv);
/* The items to serve first, best first (valid until lv changes): done
 * (0: none), the item just labeled or skipped, leaves the pool; the
 * pool is refilled from q's order; draw decides an explore turn, which
 * offers items drawn at random instead. */
int stet_live_rank(struct stet_txn *txn, struct stet_live *lv,
		   const struct stet_queue *q, uint64_t done, uint64_t draw,
		   const uint64_t **first, size_t *nfirst,
		   struct stet_error *err);
/* How item was offered by the last rank: false when it was not. */
bool stet_live_how(const struct stet_live *lv, uint64_t item,
		   struct stet_served *out);
void stet_live_commit(struct stet_live *lv);
void stet_live_abort(struct stet_live *lv);

/* In a write of its own, in a pause (and when the session starts and
 * ends): applies the examples logged by every session to the stored
 * rows, in event order, and deletes them; then stet_live_commit or
 * stet_live_abort. behind says whether one is due. A session applies
 * them itself after STET_LIVE_LOG_MAX labels without a pause. */
int stet_live_checkpoint(struct stet_txn *txn, struct stet_live *lv,
			 struct stet_error *err);
bool stet_live_behind(const struct stet_live *lv);
bool stet_live_log_full(const struct stet_live *lv);

/* In a read transaction, in a pause: takes in what other sessions (or
 * stet learn) did to the model, scoring the pool afresh when they
 * changed it. */
int stet_live_refresh(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err);

struct stet_live_status {
	bool cold;             /* serving in the project's order */
	uint64_t seen;         /* examples the model has learned */
	uint64_t min_labels;
	/* When cold with enough examples: a label with none (schema id),
	 * else 0. */
	uint32_t missing;
};

/* As of the last commit or refresh. */
void stet_live_status(const struct stet_live *lv,
		      struct stet_live_status *out);

#endif
