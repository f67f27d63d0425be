/* The state of a session that learns (stet/live.h), shared by live.c
 * (the model: its state, the update with a label) and live_pool.c (the
 * candidates it ranks). For those two only. */
#ifndef STET_LIVE_POOL_H
#define STET_LIVE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "features.h"
#include "learner.h"
#include "stet/item.h"
#include "stet/live.h"
#include "weights.h"

struct cand {
	uint64_t item;
	struct stet_fvec x;
	double *score; /* K: w . x as of basis, moved by this session */
	double value;  /* the order's value at the last rank; NaN none */
};

/* The rows an update reads and writes, recorded: the learner gets every
 * row of an example, then puts them in the same order. */
struct capture {
	struct stet_rows inner;
	bool on;
	size_t width;
	uint32_t *idx;
	float *old, *now;
	size_t n, nput, cap;
};

/* Rows as this session's examples not yet applied to the stored rows
 * left them (live_log.c), over the stored rows: the model as it is
 * until a checkpoint applies those examples. */
struct overlay {
	struct stet_rows inner; /* the stored rows */
	size_t width;
	uint32_t *keys;         /* open addressing; OV_EMPTY: none */
	uint32_t *slot;         /* keys[i]'s row in rows */
	size_t cap, n;
	float *rows;
	size_t rowcap;
};

struct stet_live {
	struct stet_live_opts o;
	char *name;
	const struct stet_schema *schema;
	uint32_t model;  /* 0: not made yet */
	uint64_t version; /* the model's, as last read */
	bool have_state;
	struct stet_weights_state st;
	/* Made for params lp (have_lp): */
	bool have_lp;
	struct stet_learner_params lp;
	struct stet_featurizer fz;
	struct stet_db_rows dbr;
	struct overlay ov;
	struct capture cap;
	struct stet_learner ln;
	/* Events of this session's examples not yet applied to the rows
	 * (nmine_before: as the write under way began); whether this write
	 * put an update in the overlay; whether a checkpoint ran in it, and
	 * applied examples of other sessions. */
	uint64_t *mine;
	size_t nmine, capmine, nmine_before;
	bool learned;
	bool ck_ran, ck_others;
	struct cand *pool;
	size_t npool;
	uint64_t fill_pos;
	bool filling;
	/* The model's examples the pool's scores stand for, and whether
	 * another session moved the model since. */
	uint64_t basis, basis_version;
	bool stale;
	bool dirty; /* a write changed lv and has not committed */
	/* The last rank. */
	uint64_t *first;
	size_t nfirst;
	bool explore_turn;
	struct stet_live_status cur, shown;
	struct stet_item item;
	struct stet_fvec x;
	double *dw, *prob;
	/* live_pool_move's look-up of the buckets an update changed. */
	uint64_t mark[1024];
	uint32_t *tkey, *tval;
	size_t tcap;
};

/* live.c: the learner, featurizer and rows for the state's parameters,
 * reading in txn (the pool goes when the parameters change); and the
 * features of item into lv->x. */
int live_parts_for(struct stet_live *lv, struct stet_txn *txn,
		   struct stet_error *err);
/* The model's state as stored now into lv->st (have_state false when
 * there is none). */
int live_state_read(struct stet_txn *txn, struct stet_live *lv,
		    struct stet_error *err);
int live_item_vec(struct stet_txn *txn, struct stet_live *lv, uint64_t item,
		  struct stet_error *err);

/* live_log.c */
void live_overlay_init(struct overlay *ov, struct stet_rows inner,
		       size_t width);
void live_overlay_clear(struct overlay *ov);
void live_overlay_free(struct overlay *ov);
struct stet_rows live_overlay_iface(struct overlay *ov);
/* Logs the example of the label event (item, output indices) for the
 * next checkpoint. */
int live_log_put(struct stet_txn *txn, struct stet_live *lv, uint64_t event,
		 uint64_t item, const unsigned *idx, size_t n,
		 struct stet_error *err);

/* live_pool.c */
void live_pool_clear(struct stet_live *lv);
/* Moves every candidate's scores by the rows lv->cap recorded. */
void live_pool_move(struct stet_live *lv);
/* Scores every candidate afresh from the rows stored now. */
int live_pool_rescore(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err);

#endif
