/* The pool of a session that learns (stet/live.h): candidates filled
 * from the order, their scores moved by each update, ranked for the
 * next serve. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "live_pool.h"
#include "stet/gold.h"
#include "stet/mix.h"

/* How far one keystroke walks the order to refill the pool: items
 * others labeled are passed over, and no keystroke pays for a long run
 * of them (the rest is walked at the next). */
#define FILL_STEPS 4096
/* Items an explore turn offers, drawn from the whole project: the
 * first of them that may be served is. */
#define EXPLORE_DRAWS 16
/* Candidates at the top of the ranking checked for a value given
 * since they came in, before they are offered. */
#define CLEAN_MAX 64

void live_pool_clear(struct stet_live *lv)
{
	for (size_t i = 0; i < lv->npool; i++) {
		stet_fvec_free(&lv->pool[i].x);
		free(lv->pool[i].score);
	}
	lv->npool = 0;
	lv->nfirst = 0;
	lv->filling = false;
	lv->stale = false;
}

static void pool_remove(struct stet_live *lv, size_t i)
{
	stet_fvec_free(&lv->pool[i].x);
	free(lv->pool[i].score);
	lv->pool[i] = lv->pool[--lv->npool];
}

/* Each candidate's scores move by the weights the update changed: the
 * buckets it shares with the example, and the bias. A bitmap of the
 * example's buckets answers most of a candidate's look-ups (a sentence
 * sets a few hundred of its 65,536 bits); a small table finds the rest,
 * so a candidate costs one probe a feature, whatever the example. */
void live_pool_move(struct stet_live *lv)
{
	const struct capture *c = &lv->cap;
	size_t k = lv->lp.k, nf = c->n, nfeat = nf, tmask;
	uint32_t bias = (uint32_t)1 << lv->lp.bits;
	double *w0 = lv->prob;
	const double *dbias = NULL;

	lv->dw = stet_xrealloc(lv->dw, (nf ? nf : 1) * k * sizeof *lv->dw);
	for (size_t f = 0; f < nf; f++) {
		double *d = lv->dw + f * k;
		bool b = c->idx[f] == bias;

		stet_learner_row_weights(&lv->lp, c->old + f * c->width, b, w0);
		stet_learner_row_weights(&lv->lp, c->now + f * c->width, b, d);
		for (size_t j = 0; j < k; j++)
			d[j] -= w0[j];
	}
	/* The learner reads the bias row last. */
	if (nf > 0 && c->idx[nf - 1] == bias) {
		dbias = lv->dw + (nf - 1) * k;
		nfeat = nf - 1;
	}
	for (lv->tcap = lv->tcap ? lv->tcap : 512; lv->tcap < 2 * nfeat;)
		lv->tcap *= 2;
	lv->tkey = stet_xrealloc(lv->tkey, lv->tcap * sizeof *lv->tkey);
	lv->tval = stet_xrealloc(lv->tval, lv->tcap * sizeof *lv->tval);
	memset(lv->tkey, 0xff, lv->tcap * sizeof *lv->tkey);
	memset(lv->mark, 0, sizeof lv->mark);
	tmask = lv->tcap - 1;
	for (size_t f = 0; f < nfeat; f++) {
		uint32_t u = c->idx[f];
		size_t h = (u * 0x9e3779b1u) & tmask;

		lv->mark[(u & 0xffff) >> 6] |= (uint64_t)1 << (u & 63);
		while (lv->tkey[h] != UINT32_MAX)
			h = (h + 1) & tmask;
		lv->tkey[h] = u;
		lv->tval[h] = (uint32_t)f;
	}
	for (size_t i = 0; i < lv->npool; i++) {
		struct cand *cd = &lv->pool[i];

		for (size_t b = 0; b < cd->x.n; b++) {
			uint32_t u = cd->x.idx[b];
			size_t h;

			if (!(lv->mark[(u & 0xffff) >> 6] >> (u & 63) & 1))
				continue;
			for (h = (u * 0x9e3779b1u) & tmask;
			     lv->tkey[h] != UINT32_MAX && lv->tkey[h] != u;
			     h = (h + 1) & tmask)
				;
			if (lv->tkey[h] != u)
				continue;
			for (size_t j = 0; j < k; j++)
				cd->score[j] += lv->dw[lv->tval[h] * k + j] *
					cd->x.val[b];
		}
		for (size_t j = 0; dbias != NULL && j < k; j++)
			cd->score[j] += dbias[j];
	}
}

/* Whether item may come in: no value given, not gold, not seen. */
static int free_item(struct stet_txn *txn, const struct stet_queue *q,
		     uint64_t item, bool *ok, struct stet_error *err)
{
	struct stet_gold g;
	uint32_t count;
	bool seen;
	int rc;

	*ok = false;
	if (stet_current_count(txn, item, &count, err) != STET_OK)
		return STET_ERR;
	if (count > 0)
		return STET_OK;
	rc = stet_gold_get(txn, item, &g, err);
	if (rc == STET_OK)
		return STET_OK;
	if (rc != STET_NOTFOUND)
		return rc;
	if (stet_queue_seen(txn, q, item, &seen, err) != STET_OK)
		return STET_ERR;
	*ok = !seen;
	return STET_OK;
}

static bool in_pool(const struct stet_live *lv, uint64_t item, size_t *at)
{
	for (size_t i = 0; i < lv->npool; i++)
		if (lv->pool[i].item == item) {
			if (at != NULL)
				*at = i;
			return true;
		}
	return false;
}

static int cand_score(struct stet_txn *txn, struct stet_live *lv,
		      struct cand *c, struct stet_error *err)
{
	int rc = live_item_vec(txn, lv, c->item, err);

	if (rc == STET_OK)
		rc = stet_learner_scores(&lv->ln, &lv->x, c->score, err);
	if (rc != STET_OK)
		return rc;
	stet_fvec_free(&c->x);
	c->x.n = c->x.cap = lv->x.n;
	c->x.idx = stet_xmalloc((lv->x.n ? lv->x.n : 1) * sizeof *c->x.idx);
	c->x.val = stet_xmalloc((lv->x.n ? lv->x.n : 1) * sizeof *c->x.val);
	memcpy(c->x.idx, lv->x.idx, lv->x.n * sizeof *c->x.idx);
	memcpy(c->x.val, lv->x.val, lv->x.n * sizeof *c->x.val);
	return STET_OK;
}

/* Candidates from q's order, from its frontier on the first fill. */
static int refill(struct stet_txn *txn, struct stet_live *lv,
		  const struct stet_queue *q, struct stet_error *err)
{
	uint64_t steps = 0, max = lv->filling ? FILL_STEPS : UINT64_MAX;

	if (!lv->filling) {
		char name[STET_QUEUE_MARK_MAX];

		stet_queue_mark_name(q, "frontier", false, name, sizeof name);
		if (stet_queue_mark_get(txn, q, name, &lv->fill_pos, err) !=
		    STET_OK)
			return STET_ERR;
		lv->filling = true;
	}
	if (lv->pool == NULL)
		lv->pool = stet_xcalloc(STET_LIVE_POOL, sizeof *lv->pool);
	while (lv->npool < STET_LIVE_POOL && lv->fill_pos < q->n &&
	       steps++ < max) {
		uint64_t pos = lv->fill_pos++, item;
		struct cand *c;
		bool ok;

		if (q->explored != NULL && q->explored[pos])
			continue;
		item = stet_queue_item(q, pos);
		if (in_pool(lv, item, NULL))
			continue;
		if (free_item(txn, q, item, &ok, err) != STET_OK)
			return STET_ERR;
		if (!ok)
			continue;
		c = &lv->pool[lv->npool];
		memset(c, 0, sizeof *c);
		c->item = item;
		c->score = stet_xcalloc(lv->lp.k, sizeof *c->score);
		lv->npool++;
		if (cand_score(txn, lv, c, err) != STET_OK) {
			pool_remove(lv, lv->npool - 1);
			return STET_ERR;
		}
	}
	return STET_OK;
}

/* The order's value of a candidate, as order_predicted.c ranks stored
 * predictions. */
static double cand_value(struct stet_live *lv, const struct cand *c)
{
	size_t k = lv->lp.k;
	double top = 0;

	stet_learner_probabilities(&lv->lp, c->score, lv->prob);
	if (lv->o.order == STET_ORDER_UNCERTAINTY)
		return stet_uncertainty(lv->o.by, lv->prob, k);
	if (lv->o.label != 0) {
		int j = stet_weights_state_index(&lv->st, lv->o.label);

		return j < 0 ? NAN : lv->prob[j];
	}
	for (size_t j = 0; j < k; j++)
		if (lv->prob[j] > top)
			top = lv->prob[j];
	return top;
}

static bool smaller_first(const struct stet_live *lv)
{
	return lv->o.order == STET_ORDER_UNCERTAINTY &&
		lv->o.by == STET_BY_MARGIN;
}

/* Best first; NaN last; ties by item id, so a rank is reproducible. */
static int cand_cmp(const struct cand *a, const struct cand *b, bool small)
{
	bool na = isnan(a->value), nb = isnan(b->value);

	if (na || nb) {
		if (na != nb)
			return na ? 1 : -1;
	} else if (a->value != b->value) {
		return (a->value < b->value) == small ? -1 : 1;
	}
	return (a->item > b->item) - (a->item < b->item);
}

static int by_value(const void *x, const void *y)
{
	return cand_cmp(x, y, false);
}

static int by_value_small(const void *x, const void *y)
{
	return cand_cmp(x, y, true);
}

static void offer(struct stet_live *lv, uint64_t item)
{
	lv->first = stet_xrealloc(lv->first,
				  (lv->nfirst + 1) * sizeof *lv->first);
	lv->first[lv->nfirst++] = item;
}

int stet_live_rank(struct stet_txn *txn, struct stet_live *lv,
		   const struct stet_queue *q, uint64_t done, uint64_t draw,
		   const uint64_t **first, size_t *nfirst,
		   struct stet_error *err)
{
	size_t at;

	*first = NULL;
	*nfirst = 0;
	lv->nfirst = 0;
	lv->explore_turn = false;
	if (!stet_live_ranks(lv) || q->n == 0)
		return STET_OK;
	if (live_parts_for(lv, txn, err) != STET_OK)
		return STET_ERR;
	if (done != 0 && in_pool(lv, done, &at))
		pool_remove(lv, at);
	if (lv->o.explore_ppm > 0 &&
	    stet_mix64(draw ^ stet_mix64(lv->o.seed ^ 0x5851f42d4c957f2dULL)) %
	    1000000 < lv->o.explore_ppm) {
		lv->explore_turn = true;
		for (uint64_t i = 0; i < EXPLORE_DRAWS; i++)
			offer(lv, 1 + stet_mix64(draw + i * 0x9e3779b97f4a7c15ULL) %
			      q->n);
		*first = lv->first;
		*nfirst = lv->nfirst;
		return STET_OK;
	}
	if (refill(txn, lv, q, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < lv->npool; i++)
		lv->pool[i].value = cand_value(lv, &lv->pool[i]);
	qsort(lv->pool, lv->npool, sizeof *lv->pool,
	      smaller_first(lv) ? by_value_small : by_value);
	/* Others may have labeled the best since they came in. */
	for (size_t checked = 0; lv->npool > 0 && checked < CLEAN_MAX;
	     checked++) {
		bool ok;

		if (free_item(txn, q, lv->pool[0].item, &ok, err) != STET_OK)
			return STET_ERR;
		if (ok)
			break;
		stet_fvec_free(&lv->pool[0].x);
		free(lv->pool[0].score);
		memmove(lv->pool, lv->pool + 1,
			--lv->npool * sizeof *lv->pool);
	}
	for (size_t i = 0; i < lv->npool; i++)
		offer(lv, lv->pool[i].item);
	*first = lv->first;
	*nfirst = lv->nfirst;
	return STET_OK;
}

bool stet_live_how(const struct stet_live *lv, uint64_t item,
		   struct stet_served *out)
{
	size_t at;
	bool offered = false;

	for (size_t i = 0; i < lv->nfirst && !offered; i++)
		offered = lv->first[i] == item;
	if (!offered)
		return false;
	memset(out, 0, sizeof *out);
	out->recorded = true;
	out->order = (uint8_t)lv->o.order;
	out->explore = lv->explore_turn;
	out->value = !lv->explore_turn && in_pool(lv, item, &at) ?
		lv->pool[at].value : NAN;
	return true;
}

int live_pool_rescore(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err)
{
	/* The vectors too: a table's column statistics may be new. */
	for (size_t i = 0; i < lv->npool; i++)
		if (cand_score(txn, lv, &lv->pool[i], err) != STET_OK)
			return STET_ERR;
	return STET_OK;
}
