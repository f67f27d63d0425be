#include <stdio.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/mix.h"
#include "stet/queue.h"

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
static uint64_t permute(const struct stet_queue *q, uint64_t x, bool inverse)
{
	do
		x = feistel(q, x, inverse);
	while (x >= q->n);
	return x;
}

int stet_order_parse(const char *s, enum stet_order *order)
{
	if (strcmp(s, "sequential") == 0)
		*order = STET_ORDER_SEQUENTIAL;
	else if (strcmp(s, "shuffled") == 0)
		*order = STET_ORDER_SHUFFLED;
	else
		return -1;
	return 0;
}

const char *stet_order_name(enum stet_order order)
{
	return order == STET_ORDER_SHUFFLED ? "shuffled" : "sequential";
}

int stet_queue_open(struct stet_txn *txn, struct stet_queue *q,
		    enum stet_order order, uint64_t seed, uint32_t annotator,
		    struct stet_error *err)
{
	uint64_t text = 0, table = 0;

	memset(q, 0, sizeof *q);
	if (stet_meta_get_u64(txn, "count.text", &text, err) != STET_OK ||
	    stet_meta_get_u64(txn, "count.table", &table, err) != STET_OK)
		return STET_ERR;
	q->order = order;
	q->seed = seed;
	q->n = text + table;
	q->annotator = annotator;
	q->half_bits = 1;
	while (q->half_bits < 32 &&
	       ((uint64_t)1 << (2 * q->half_bits)) < q->n)
		q->half_bits++;
	for (int i = 0; i < 4; i++)
		q->keys[i] = stet_mix64(seed + (uint64_t)i * 0x632be59bd9b4e019ULL);
	return STET_OK;
}

uint64_t stet_queue_item(const struct stet_queue *q, uint64_t pos)
{
	if (q->order == STET_ORDER_SHUFFLED)
		pos = permute(q, pos, false);
	return pos + 1;
}

uint64_t stet_queue_pos(const struct stet_queue *q, uint64_t item)
{
	uint64_t pos = item - 1;

	if (q->order == STET_ORDER_SHUFFLED)
		pos = permute(q, pos, true);
	return pos;
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
	char who[16] = "";

	if (per_annotator)
		snprintf(who, sizeof who, ".%u", q->annotator);
	if (q->order == STET_ORDER_SHUFFLED)
		snprintf(out, len, "%s%s.shuffled.%llu", what, who,
			 (unsigned long long)q->seed);
	else
		snprintf(out, len, "%s%s.sequential", what, who);
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
	if (q->order == STET_ORDER_SHUFFLED &&
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
	char name[80];

	stet_queue_mark_name(q, "resume", true, name, sizeof name);
	return stet_queue_mark_get(txn, q, name, pos, err);
}

static int hint_put(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t pos, struct stet_error *err)
{
	char name[80];

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
