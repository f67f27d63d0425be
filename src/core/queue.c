#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/mix.h"
#include "stet/queue.h"
#include "order.h"

/* How far one write transaction walks the hint forward; the rest is
 * walked the next time, so no keystroke pays for a long run. */
#define HINT_STEP_MAX 4096

static uint64_t feistel(const struct stet_queue *q, uint64_t x, bool inverse)
{
	uint64_t mask = ((uint64_t)1 << q->half_bits) - 1;
	uint64_t l = x >> q->half_bits, r = x & mask;

	for (int i = 0; i < 4; i++) {
		int k = inverse ? 3 - i : i;

		if (!inverse) {
			uint64_t t = r;

			r = l ^ (stet_mix64(r ^ q->keys[k]) & mask);
			l = t;
		} else {
			uint64_t t = l;

			l = r ^ (stet_mix64(l ^ q->keys[k]) & mask);
			r = t;
		}
	}
	return l << q->half_bits | r;
}

/* Cycle walking: the network permutes [0, 4^half_bits), which holds at
 * most four times n, so staying inside [0, n) takes a few rounds. */
uint64_t stet_queue_permute(const struct stet_queue *q, uint64_t x,
			    bool inverse)
{
	do
		x = feistel(q, x, inverse);
	while (x >= q->n);
	return x;
}

/* The base orders: a position is an item (sequential) or its image
 * under the network (shuffled). */
static uint64_t base_item(const struct stet_queue *q, uint64_t pos)
{
	if (q->order == STET_ORDER_SHUFFLED)
		pos = stet_queue_permute(q, pos, false);
	return pos + 1;
}

static uint64_t base_pos(const struct stet_queue *q, uint64_t item)
{
	if (q->order == STET_ORDER_SHUFFLED)
		return stet_queue_permute(q, item - 1, true);
	return item - 1;
}

static uint64_t ranked_item(const struct stet_queue *q, uint64_t pos)
{
	return q->items[pos];
}

static uint64_t ranked_pos(const struct stet_queue *q, uint64_t item)
{
	return q->poss[item - 1];
}

static void base_mark(const struct stet_queue *q, char *out, size_t len)
{
	if (q->order == STET_ORDER_SHUFFLED)
		snprintf(out, len, "shuffled.%llu", (unsigned long long)q->seed);
	else
		snprintf(out, len, "sequential");
}

/* The orders, indexed by enum stet_order. */
static const struct order_type {
	const char *name;
	bool predicted;
	uint64_t (*item)(const struct stet_queue *q, uint64_t pos);
	uint64_t (*pos)(const struct stet_queue *q, uint64_t item);
	void (*mark)(const struct stet_queue *q, char *out, size_t len);
} orders[] = {
	[STET_ORDER_SEQUENTIAL] = {"sequential", false, base_item, base_pos,
				   base_mark},
	[STET_ORDER_SHUFFLED] = {"shuffled", false, base_item, base_pos,
				 base_mark},
	[STET_ORDER_UNCERTAINTY] = {"uncertainty", true, ranked_item,
				    ranked_pos, stet_order_ranked_mark},
	[STET_ORDER_SCORE] = {"score", true, ranked_item, ranked_pos,
			      stet_order_ranked_mark},
};

#define NORDERS (sizeof orders / sizeof orders[0])

static const struct order_type *type_of(enum stet_order order)
{
	return (size_t)order < NORDERS ? &orders[order] :
		&orders[STET_ORDER_SEQUENTIAL];
}

int stet_order_parse(const char *s, enum stet_order *order)
{
	for (size_t i = 0; i < NORDERS; i++)
		if (strcmp(s, orders[i].name) == 0) {
			*order = (enum stet_order)i;
			return 0;
		}
	return -1;
}

const char *stet_order_name(enum stet_order order)
{
	/* An event read from a newer stet may name an order this one
	 * lacks. */
	return (size_t)order < NORDERS ? orders[order].name : "unknown";
}

bool stet_order_predicted(enum stet_order order)
{
	return type_of(order)->predicted;
}

void stet_order_spec_init(struct stet_order_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	spec->order = STET_ORDER_SEQUENTIAL;
	spec->seed = 1;
	spec->by = STET_BY_LEAST;
	spec->tail = STET_ORDER_SEQUENTIAL;
}

void stet_queue_shuffle_init(struct stet_queue *q, uint64_t seed)
{
	q->half_bits = 1;
	while (q->half_bits < 32 &&
	       ((uint64_t)1 << (2 * q->half_bits)) < q->n)
		q->half_bits++;
	for (int i = 0; i < 4; i++)
		q->keys[i] = stet_mix64(seed + (uint64_t)i * 0x632be59bd9b4e019ULL);
}

int stet_queue_open(struct stet_txn *txn, struct stet_queue *q,
		    enum stet_order order, uint64_t seed, uint32_t annotator,
		    struct stet_error *err)
{
	struct stet_order_spec spec;

	stet_order_spec_init(&spec);
	spec.order = order;
	spec.seed = seed;
	return stet_queue_open_spec(txn, q, &spec, annotator, err);
}

int stet_queue_open_spec(struct stet_txn *txn, struct stet_queue *q,
			 const struct stet_order_spec *spec,
			 uint32_t annotator, struct stet_error *err)
{
	uint64_t text = 0, table = 0;
	int rc;

	memset(q, 0, sizeof *q);
	if (stet_meta_get_u64(txn, "count.text", &text, err) != STET_OK ||
	    stet_meta_get_u64(txn, "count.table", &table, err) != STET_OK)
		return STET_ERR;
	q->order = type_of(spec->order) - orders;
	q->seed = spec->seed;
	q->n = text + table;
	q->annotator = annotator;
	stet_queue_shuffle_init(q, spec->seed);
	if (!type_of(q->order)->predicted)
		return STET_OK;
	rc = stet_order_rank(txn, q, spec, err);
	if (rc != STET_OK)
		stet_queue_close(q);
	return rc;
}

void stet_queue_close(struct stet_queue *q)
{
	free(q->items);
	free(q->poss);
	free(q->values);
	free(q->explored);
	memset(q, 0, sizeof *q);
}

static void *dup_array(const void *p, size_t n)
{
	void *d;

	if (p == NULL)
		return NULL;
	d = stet_xmalloc(n ? n : 1);
	memcpy(d, p, n);
	return d;
}

void stet_queue_dup(const struct stet_queue *q, struct stet_queue *out)
{
	*out = *q;
	out->items = dup_array(q->items, q->n * sizeof *q->items);
	out->poss = dup_array(q->poss, q->n * sizeof *q->poss);
	out->values = dup_array(q->values, q->n * sizeof *q->values);
	out->explored = dup_array(q->explored, q->n);
}

void stet_queue_served(const struct stet_queue *q, uint64_t pos,
		       struct stet_served *out)
{
	memset(out, 0, sizeof *out);
	out->recorded = true;
	out->order = (uint8_t)q->order;
	out->value = q->values && pos < q->n ? q->values[pos] : NAN;
	out->explore = q->explored && pos < q->n && q->explored[pos];
}

uint64_t stet_queue_item(const struct stet_queue *q, uint64_t pos)
{
	return type_of(q->order)->item(q, pos);
}

uint64_t stet_queue_pos(const struct stet_queue *q, uint64_t item)
{
	return type_of(q->order)->pos(q, item);
}

int stet_queue_seen(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t item, bool *seen, struct stet_error *err)
{
	struct stet_current cur;
	int rc = stet_current_get(txn, item, q->annotator, &cur, err);

	*seen = rc == STET_OK;
	if (rc == STET_OK)
		return STET_OK;
	if (rc != STET_NOTFOUND)
		return rc;
	return stet_skip_get(txn, item, q->annotator, seen, err);
}

void stet_queue_mark_name(const struct stet_queue *q, const char *what,
			  bool per_annotator, char *out, size_t len)
{
	char who[16] = "", order[STET_QUEUE_MARK_MAX];

	if (per_annotator)
		snprintf(who, sizeof who, ".%u", q->annotator);
	type_of(q->order)->mark(q, order, sizeof order);
	snprintf(out, len, "%s%s.%s", what, who, order);
}

int stet_queue_open_mark(struct stet_txn *txn, const char *order_part,
			 struct stet_queue *q, bool *usable,
			 struct stet_error *err)
{
	unsigned long long seed = 0;
	enum stet_order order = STET_ORDER_SEQUENTIAL;
	char tail;

	*usable = false;
	memset(q, 0, sizeof *q);
	if (sscanf(order_part, "shuffled.%llu%c", &seed, &tail) == 1)
		order = STET_ORDER_SHUFFLED;
	else if (strcmp(order_part, "sequential") != 0)
		return stet_order_open_ranked_mark(txn, order_part, q, usable,
						   err);
	if (stet_queue_open(txn, q, order, seed, 0, err) != STET_OK)
		return STET_ERR;
	*usable = true;
	return STET_OK;
}

int stet_queue_mark_get(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t *pos, struct stet_error *err)
{
	const char *v;
	size_t vl;
	int rc;

	*pos = 0;
	rc = stet_meta_get(txn, name, &v, &vl, err);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	if (vl != 16)
		return stet_error_set(err, STET_ERR, "meta %s: damaged", name);
	if (q->order != STET_ORDER_SEQUENTIAL &&
	    stet_get_u64be((const unsigned char *)v) != q->n)
		return STET_OK;
	*pos = stet_get_u64be((const unsigned char *)v + 8);
	if (*pos > q->n)
		*pos = q->n;
	return STET_OK;
}

int stet_queue_mark_put(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t pos, struct stet_error *err)
{
	unsigned char v[16];

	stet_u64be(v, q->n);
	stet_u64be(v + 8, pos);
	return stet_meta_put(txn, name, (const char *)v, 16, err);
}

/* The resume hint: meta "resume.ANNOTATOR.ORDER[.SEED]". */
static int hint_get(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t *pos, struct stet_error *err)
{
	char name[STET_QUEUE_MARK_MAX];

	stet_queue_mark_name(q, "resume", true, name, sizeof name);
	return stet_queue_mark_get(txn, q, name, pos, err);
}

static int hint_put(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t pos, struct stet_error *err)
{
	char name[STET_QUEUE_MARK_MAX];

	stet_queue_mark_name(q, "resume", true, name, sizeof name);
	return stet_queue_mark_put(txn, q, name, pos, err);
}

/* Walks from pos to the first unseen position, at most max steps. */
static int walk(struct stet_txn *txn, const struct stet_queue *q,
		uint64_t *pos, uint64_t max, struct stet_error *err)
{
	for (uint64_t steps = 0; *pos < q->n && steps < max; steps++) {
		bool seen;

		if (stet_queue_seen(txn, q, stet_queue_item(q, *pos), &seen,
				    err) != STET_OK)
			return STET_ERR;
		if (!seen)
			break;
		(*pos)++;
	}
	return STET_OK;
}

int stet_queue_resume(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t *pos, struct stet_error *err)
{
	if (hint_get(txn, q, pos, err) != STET_OK)
		return STET_ERR;
	return walk(txn, q, pos, UINT64_MAX, err);
}

int stet_queue_update(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t pos, bool seen, struct stet_error *err)
{
	uint64_t hint;

	if (hint_get(txn, q, &hint, err) != STET_OK)
		return STET_ERR;
	if (!seen) {
		if (pos >= hint)
			return STET_OK;
		return hint_put(txn, q, pos, err);
	}
	if (pos != hint)
		return STET_OK;
	if (walk(txn, q, &hint, HINT_STEP_MAX, err) != STET_OK)
		return STET_ERR;
	return hint_put(txn, q, hint, err);
}
