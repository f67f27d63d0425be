/* What stet learn and its evaluation share (learn.c, learn_eval.c): the
 * examples the standing labels give, their feature vectors, and fitting
 * a model in memory to some of them. For the core only. */
#ifndef STET_LEARN_SET_H
#define STET_LEARN_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "features.h"
#include "learner.h"
#include "stet/item.h"
#include "stet/learn.h"
#include "stet/store.h"

/* The examples: items with labels standing, in item order, each with
 * its labels as outputs (indices into the schema's labels). */
struct learn_set {
	bool multi;
	unsigned k;            /* the schema's labels */
	uint32_t *label_ids;   /* k: output j is schema label label_ids[j] */
	char **label_names;    /* k */
	size_t n;
	uint64_t *item;        /* n */
	size_t *off;           /* n + 1: example i's outputs */
	unsigned *out;         /* out[off[i]..off[i+1]), ascending */
	uint64_t *per_label;   /* k: examples with each output */
	struct stet_learn_counts counts;
};

/* Reads the schema and the standing labels in txn. */
int learn_set_load(struct stet_txn *txn, struct learn_set *s,
		   struct stet_error *err);
void learn_set_free(struct learn_set *s);
/* STET_ERR with what is missing when there are fewer than min examples
 * or a label no example has. */
int learn_set_enough(const struct learn_set *s, uint64_t min,
		     struct stet_error *err);

/* Items read in a transaction of st. Every item read maps its page of
 * the file into the process; a walk over many drops them now and then
 * (stet_store_release_pages), so that memory holds what it reads at a
 * time, not the file. */
struct learn_src {
	struct stet_store *st;
	struct stet_txn *txn;
	uint64_t reads;
};

/* A read maps in more than its page: the kernel maps the cached pages
 * around a fault too (64 KiB on Linux), so 256 reads scattered over the
 * file may hold 16 MiB. Measured on 1,000,000 items: a peak of 345 MB
 * without the drops, 89 MB with them. */
#define LEARN_RELEASE_EVERY 256

/* Counts one item read, dropping the pages read every so many. */
void learn_src_count(struct learn_src *src);
/* stet_item_get, counted; an item not there is STET_ERR, saying it has
 * labels standing. */
int learn_src_item(struct learn_src *src, uint64_t id, struct stet_item *it,
		   struct stet_error *err);

/* Feature vectors of the examples, made on first use and kept while
 * they fit in a budget (STET_LEARN_CACHE_BYTES), made again from the
 * item each time after that: the examples of a big project need not
 * all fit in memory. Values are rounded to floats, kept or not, so a
 * vector is the same whichever way it was had. */
struct learn_vecs {
	struct learn_src *src;
	struct stet_featurizer fz;
	const struct stet_colstats *stats;
	size_t n;
	size_t *start;    /* n: a kept vector i is at start[i].. */
	uint32_t *count;  /* n: ..start[i] + count[i] */
	bool *kept;       /* n */
	uint8_t *seen;    /* n: 0 not yet made, 1 made, 2 made empty */
	uint64_t empty;   /* examples whose vector is empty */
	uint32_t *idx;
	float *val;
	size_t len, cap, budget;
	struct stet_fvec cur;
	struct stet_item *item; /* scratch */
};

int learn_vecs_init(struct learn_vecs *v, struct learn_src *src, size_t n,
		    unsigned bits, struct stet_error *err);
void learn_vecs_free(struct learn_vecs *v);
/* Forgets every vector (the column statistics changed). */
void learn_vecs_reset(struct learn_vecs *v, const struct stet_colstats *stats);
/* Example i's vector (the item's, see learn_item_vec); valid until the
 * next call. */
int learn_vecs_get(struct learn_vecs *v, const struct learn_set *s, size_t i,
		   const struct stet_fvec **x, struct stet_error *err);

/* The features of item it into out, values rounded to floats; no
 * features (*empty) for one too big or with nothing in it. */
int learn_item_vec(struct stet_featurizer *fz, const struct stet_item *it,
		   const struct stet_colstats *stats, struct stet_fvec *out,
		   bool *empty, struct stet_error *err);

/* The column statistics of the table items of examples which[0..m). */
int learn_colstats(struct learn_src *src, const struct learn_set *s,
		   const size_t *which, size_t m, struct stet_colstats *cs,
		   struct stet_error *err);

/* Trains rows (zeroed by the caller, made for p) on examples
 * which[0..m), epochs passes in the learner's seeded order. */
int learn_fit(struct learn_vecs *v, const struct learn_set *s,
	      const size_t *which, size_t m,
	      const struct stet_learner_params *p, unsigned epochs,
	      uint64_t seed, struct stet_dense_rows *rows,
	      struct stet_error *err);

/* Options with their defaults filled in; STET_ERR on a value out of
 * range. */
int learn_opts_resolve(const struct stet_learn_opts *in,
		       struct stet_learn_opts *out, struct stet_error *err);

#define STET_LEARN_CACHE_BYTES ((size_t)64 << 20)

#endif
