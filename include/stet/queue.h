/* Which item an annotator sees: the order items are served in, as a
 * bijection between positions 0..n-1 and item ids 1..n, and where an
 * annotator resumes. Each order is a strategy behind one table
 * (queue.c), so serving (overlap, leases, gold, the frontier) and stet
 * verify work the same whatever the order. Sequential and shuffled
 * hold no list of items, so a million-item project costs what a
 * ten-item one does; the orders from a model's predictions (uncertainty
 * and score, order_predicted.c) rank the items once, when the queue
 * opens, and keep that ranking (about 25 bytes an item). */
#ifndef STET_QUEUE_H
#define STET_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

/* Stored in events (struct stet_served): never renumbered. */
enum stet_order {
	STET_ORDER_SEQUENTIAL = 0,
	STET_ORDER_SHUFFLED = 1,
	STET_ORDER_UNCERTAINTY = 2, /* most uncertain prediction first */
	STET_ORDER_SCORE = 3        /* highest score first */
};

/* How uncertain a prediction is (Settles 2009, "Active Learning
 * Literature Survey"): least confidence 1 - max p, the margin p1 - p2
 * between the two highest, the entropy of the scores normalised to
 * sum 1. */
enum stet_measure { STET_BY_LEAST, STET_BY_MARGIN, STET_BY_ENTROPY };

#define STET_ORDER_NAME_MAX 200 /* bytes of a model or label name */
#define STET_QUEUE_MARK_MAX 192 /* bytes of a mark's name */

/* An order as asked for, names unresolved. */
struct stet_order_spec {
	enum stet_order order;
	uint64_t seed;          /* shuffled, the explore draws, the tail */
	enum stet_measure by;   /* uncertainty */
	char model[STET_ORDER_NAME_MAX + 1]; /* "": the default model */
	char label[STET_ORDER_NAME_MAX + 1]; /* score: "" the top label */
	uint32_t explore_ppm;   /* millionths of positions served at random */
	enum stet_order tail;   /* items with no prediction: sequential or
				 * shuffled (seed) */
};

struct stet_queue {
	enum stet_order order;
	uint64_t seed;
	uint64_t n;         /* items in the project when opened */
	uint32_t annotator;
	unsigned half_bits; /* shuffled: a Feistel network over 2*half_bits */
	uint64_t keys[4];
	/* Uncertainty and score: the spec resolved, and the ranking, owned
	 * (stet_queue_close frees it; a copy of q shares it). */
	enum stet_measure by;
	enum stet_order tail;
	uint32_t model, label; /* ids; label 0: the top label */
	uint64_t version;      /* of the model, when opened */
	uint32_t explore_ppm;
	uint64_t *items;       /* position -> item */
	uint64_t *poss;        /* item - 1 -> position */
	double *values;        /* position -> the order's value, NaN none */
	uint8_t *explored;     /* position -> 1: an explore draw */
};

/* Parses an order's name ("sequential", "shuffled", "uncertainty",
 * "score"). Returns -1 on anything else. */
int stet_order_parse(const char *s, enum stet_order *order);
const char *stet_order_name(enum stet_order order);
/* Whether the order ranks a model's predictions. */
bool stet_order_predicted(enum stet_order order);
int stet_measure_parse(const char *s, enum stet_measure *by);
const char *stet_measure_name(enum stet_measure by);
/* "0.1" or "10%" as millionths (0..1000000); -1 when it is not a share
 * from 0 to 1. */
int stet_share_parse(const char *s, uint32_t *ppm);
void stet_order_spec_init(struct stet_order_spec *spec);

/* The measure `by` of a distribution p[0..n-1] (scores in [0, 1]):
 * larger is more uncertain for least and entropy, smaller for margin.
 * NaN when n is 0. */
double stet_uncertainty(enum stet_measure by, const double *p, size_t n);

/* Sets q up for the items stored now: the sequential or shuffled
 * order (seed), for which nothing is allocated. */
int stet_queue_open(struct stet_txn *txn, struct stet_queue *q,
		    enum stet_order order, uint64_t seed, uint32_t annotator,
		    struct stet_error *err);
/* Any order. The predicted orders read the model's predictions once,
 * O(n log n); a model or label the project does not have, or no model
 * to default to, is STET_NOTFOUND with a message naming the choices.
 * The default model is the project option "suggest" when set, else
 * the only model. */
int stet_queue_open_spec(struct stet_txn *txn, struct stet_queue *q,
			 const struct stet_order_spec *spec,
			 uint32_t annotator, struct stet_error *err);
/* Whether spec's model (and label) can be found, without ranking:
 * STET_NOTFOUND with the message of stet_queue_open_spec when not. */
int stet_order_check(struct stet_txn *txn, const struct stet_order_spec *spec,
		     struct stet_error *err);
/* Frees what q holds; q reads as an empty queue after. */
void stet_queue_close(struct stet_queue *q);
/* A copy of q that owns its own ranking. */
void stet_queue_dup(const struct stet_queue *q, struct stet_queue *out);
/* How q serves pos: its order, its value there, and whether pos is an
 * explore draw (stet/annotate.h). */
void stet_queue_served(const struct stet_queue *q, uint64_t pos,
		       struct stet_served *out);
/* The item at pos (pos < q->n), and the position of item (1..n). */
uint64_t stet_queue_item(const struct stet_queue *q, uint64_t pos);
uint64_t stet_queue_pos(const struct stet_queue *q, uint64_t item);

/* Whether the annotator has labeled or skipped item. */
int stet_queue_seen(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t item, bool *seen, struct stet_error *err);
/* The first position the annotator has neither labeled nor skipped, or
 * q->n when there is none. A hint kept in meta per annotator and order
 * makes this a few lookups however far they got. */
int stet_queue_resume(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t *pos, struct stet_error *err);
/* A position in q's order kept in meta: n then the position, both u64
 * big-endian, named "WHAT[.ANNOTATOR].ORDER[.SEED]", where a predicted
 * order reads "uncertainty.BY.MODEL.VERSION.xPPM.TAIL.SEED" or
 * "score.LABEL.MODEL.VERSION.xPPM.TAIL.SEED" (ids; LABEL 0 the top
 * label). Any order but sequential changes with n, so a mark made at
 * another n reads as 0; a new version of the model is a new order. */
void stet_queue_mark_name(const struct stet_queue *q, const char *what,
			  bool per_annotator, char *out, size_t len);
/* The queue of a mark's order part (name without "WHAT[.ANNOTATOR]."):
 * *usable false when the name is no order's, or names a model version
 * that no longer stands. */
int stet_queue_open_mark(struct stet_txn *txn, const char *order_part,
			 struct stet_queue *q, bool *usable,
			 struct stet_error *err);
int stet_queue_mark_get(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t *pos, struct stet_error *err);
int stet_queue_mark_put(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t pos, struct stet_error *err);
/* Keeps the hint true inside the write transaction of an action at pos:
 * after a label or skip (seen), or an undo that made pos unseen again. */
int stet_queue_update(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t pos, bool seen, struct stet_error *err);

#endif
