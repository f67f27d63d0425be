/* stet label --learn: see stet/live.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"
#include "learner.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/live.h"
#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/timefmt.h"
#include "weights.h"

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

struct stet_live {
	struct stet_live_opts o;
	char *name;
	const struct stet_schema *schema;
	uint32_t model;  /* 0: not made yet */
	bool have_state;
	struct stet_weights_state st;
	/* Made for params lp (have_lp): */
	bool have_lp;
	struct stet_learner_params lp;
	struct stet_featurizer fz;
	struct stet_db_rows dbr;
	struct capture cap;
	struct stet_learner ln;
	struct cand *pool;
	size_t npool;
	uint64_t fill_pos;
	bool filling;
	/* The model's examples the pool's scores stand for, and whether
	 * another session moved the model since. */
	uint64_t basis;
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
};

static int cap_get(void *ctx, uint32_t index, float *row,
		   struct stet_error *err)
{
	struct capture *c = ctx;
	int rc = c->inner.get(c->inner.ctx, index, row, err);

	if (rc != STET_OK || !c->on)
		return rc;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->idx = stet_xrealloc(c->idx, c->cap * sizeof *c->idx);
		c->old = stet_xrealloc(c->old, c->cap * c->width * sizeof *c->old);
		c->now = stet_xrealloc(c->now, c->cap * c->width * sizeof *c->now);
	}
	c->idx[c->n] = index;
	memcpy(c->old + c->n * c->width, row, c->width * sizeof *row);
	c->n++;
	return STET_OK;
}

static int cap_put(void *ctx, uint32_t index, const float *row,
		   struct stet_error *err)
{
	struct capture *c = ctx;
	int rc = c->inner.put(c->inner.ctx, index, row, err);

	if (rc != STET_OK || !c->on)
		return rc;
	if (c->nput >= c->n || c->idx[c->nput] != index)
		return stet_error_set(err, STET_ERR,
				      "learning: row %lu put out of turn",
				      (unsigned long)index);
	memcpy(c->now + c->nput * c->width, row, c->width * sizeof *row);
	c->nput++;
	return STET_OK;
}

static void pool_clear(struct stet_live *lv)
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

static void parts_free(struct stet_live *lv)
{
	pool_clear(lv);
	if (!lv->have_lp)
		return;
	stet_learner_free(&lv->ln);
	stet_featurizer_free(&lv->fz);
	stet_db_rows_free(&lv->dbr);
	free(lv->dw);
	free(lv->prob);
	lv->dw = lv->prob = NULL;
	lv->have_lp = false;
}

static bool same_params(const struct stet_learner_params *a,
			const struct stet_learner_params *b)
{
	return a->k == b->k && a->bits == b->bits &&
		a->multilabel == b->multilabel && a->alpha == b->alpha &&
		a->beta == b->beta && a->l1 == b->l1 && a->l2 == b->l2;
}

/* The learner, featurizer and rows for the state's parameters; the pool
 * goes when they change (its vectors and scores mean nothing then). */
static int parts_for(struct stet_live *lv, struct stet_txn *txn,
		     struct stet_error *err)
{
	const struct stet_learner_params *p = &lv->st.p;

	if (!lv->have_lp || !same_params(&lv->lp, p)) {
		parts_free(lv);
		if (stet_featurizer_init(&lv->fz, p->bits, err) != STET_OK)
			return STET_ERR;
		stet_db_rows_init(&lv->dbr, txn, lv->model, p);
		lv->cap.inner = stet_db_rows_iface(&lv->dbr);
		lv->cap.width = stet_learner_row_floats(p);
		free(lv->cap.old);
		free(lv->cap.now);
		free(lv->cap.idx);
		lv->cap.old = lv->cap.now = NULL;
		lv->cap.idx = NULL;
		lv->cap.n = lv->cap.cap = 0;
		if (stet_learner_init(&lv->ln, p, (struct stet_rows){
				cap_get, cap_put, NULL, &lv->cap}, err) !=
		    STET_OK) {
			stet_featurizer_free(&lv->fz);
			stet_db_rows_free(&lv->dbr);
			return STET_ERR;
		}
		lv->prob = stet_xcalloc(p->k, sizeof *lv->prob);
		lv->lp = *p;
		lv->have_lp = true;
	}
	lv->dbr.txn = txn;
	lv->dbr.model = lv->model;
	return STET_OK;
}

static void status_of(const struct stet_live *lv, struct stet_live_status *s)
{
	s->seen = lv->have_state ? lv->st.examples : 0;
	s->min_labels = lv->o.min_labels;
	s->missing = 0;
	s->cold = !lv->have_state || s->seen < s->min_labels;
	for (unsigned j = 0; lv->have_state && j < lv->st.p.k; j++)
		if (lv->st.label_examples[j] == 0) {
			s->cold = true;
			if (s->missing == 0 && s->seen >= s->min_labels)
				s->missing = lv->st.labels[j];
		}
}

/* The model named, which must be the learner's when it exists;
 * *found false when there is none. */
static int model_read(struct stet_txn *txn, struct stet_live *lv,
		      bool *found, struct stet_error *err)
{
	struct stet_model m;
	int rc = stet_model_get(txn, lv->name, &m, err);

	*found = rc == STET_OK;
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	lv->model = m.id;
	rc = m.kind == STET_MODEL_LEARNER ? STET_OK :
		stet_error_set(err, STET_CONFLICT,
			       "model \"%s\" holds predictions imported from outside, and stet label --learn trains stet's own: choose another name with --model",
			       lv->name);
	stet_model_clear(&m);
	return rc;
}

/* The model's state as stored now (have_state false when none). */
static int state_read(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err)
{
	bool found;
	int rc;

	lv->have_state = false;
	if ((rc = model_read(txn, lv, &found, err)) != STET_OK)
		return rc;
	if (!found)
		return STET_OK;
	rc = stet_weights_state_load(txn, lv->model, &lv->st, err);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK ||
	    stet_weights_state_current(&lv->st, lv->name, err) != STET_OK)
		return STET_ERR;
	lv->have_state = true;
	return STET_OK;
}

int stet_live_open(struct stet_txn *txn, const struct stet_live_opts *o,
		   const struct stet_schema *schema, struct stet_live **out,
		   struct stet_error *err)
{
	struct stet_live *lv = stet_xcalloc(1, sizeof *lv);
	int rc;

	lv->o = *o;
	if (lv->o.min_labels == 0)
		lv->o.min_labels = STET_LIVE_MIN_LABELS_DEFAULT;
	lv->name = stet_xstrdup(o->model ? o->model : STET_LIVE_MODEL_DEFAULT);
	lv->schema = schema;
	stet_weights_state_init(&lv->st);
	stet_item_init(&lv->item);
	stet_fvec_init(&lv->x);
	*out = lv;
	rc = stet_model_name_check(lv->name, err);
	if (rc == STET_OK)
		rc = state_read(txn, lv, err);
	if (rc != STET_OK) {
		stet_live_free(lv);
		*out = NULL;
		return rc;
	}
	lv->basis = lv->have_state ? lv->st.examples : 0;
	status_of(lv, &lv->cur);
	lv->shown = lv->cur;
	return STET_OK;
}

void stet_live_free(struct stet_live *lv)
{
	if (lv == NULL)
		return;
	parts_free(lv);
	free(lv->pool);
	free(lv->first);
	free(lv->cap.idx);
	free(lv->cap.old);
	free(lv->cap.now);
	stet_weights_state_free(&lv->st);
	stet_item_clear(&lv->item);
	stet_fvec_free(&lv->x);
	free(lv->name);
	free(lv);
}

const char *stet_live_model(const struct stet_live *lv)
{
	return lv->name;
}

bool stet_live_pooled(const struct stet_live *lv)
{
	return stet_order_predicted(lv->o.order);
}

/* One that changed lv before and never committed (it failed, or the
 * store runs it again after growing the map) left the pool's scores
 * moved by an update that is not there. */
void stet_live_begin(struct stet_live *lv)
{
	if (lv->dirty) {
		pool_clear(lv);
		lv->cur = lv->shown;
	}
	lv->dirty = true;
}

/* Table items are featurized with column statistics; a model made by a
 * label takes them from the project's first items. */
static int first_stats(struct stet_txn *txn, struct stet_colstats *cs,
		       struct stet_error *err)
{
	uint64_t table = 0;
	struct stet_item it;
	int rc = STET_OK;

	stet_colstats_init(cs);
	if (stet_meta_get_u64(txn, "count.table", &table, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	for (uint64_t id = 1; table > 0 && id <= STET_LIVE_STATS_ITEMS; id++) {
		rc = stet_item_get(txn, id, &it, err);
		if (rc == STET_NOTFOUND) {
			rc = STET_OK;
			break;
		}
		if (rc != STET_OK)
			break;
		stet_colstats_add(cs, &it);
		stet_item_clear(&it);
	}
	stet_item_clear(&it);
	return rc;
}

/* The model and its state, made when there are none: the schema's
 * labels as outputs, the learner's defaults, nothing seen. */
static int state_make(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err)
{
	const struct stet_schema *s = lv->schema;
	struct stet_learner_params p;
	struct stet_colstats cs;
	struct stet_model m;
	uint32_t *labels;
	bool found;
	int rc;

	if (s->nlabels == 0)
		return stet_error_set(err, STET_ERR,
				      "the schema has no labels to learn");
	if (model_read(txn, lv, &found, err) != STET_OK)
		return STET_ERR;
	memset(&m, 0, sizeof m);
	if (!found) {
		if (stet_model_begin(txn, lv->name, STET_MODEL_LEARNER,
				     stet_time_now_ms(), &m, err) != STET_OK)
			return STET_ERR;
		/* No run has predicted with it yet: stet learn's first
		 * is version 1. */
		m.version = 0;
		rc = stet_model_put(txn, &m, err);
		lv->model = m.id;
		stet_model_clear(&m);
		if (rc != STET_OK)
			return rc;
	}
	if (first_stats(txn, &cs, err) != STET_OK) {
		stet_colstats_free(&cs);
		return STET_ERR;
	}
	stet_learner_params_default(&p, (unsigned)s->nlabels,
				    STET_FEATURES_BITS_DEFAULT, s->multi);
	labels = stet_xmalloc(s->nlabels * sizeof *labels);
	for (size_t j = 0; j < s->nlabels; j++)
		labels[j] = s->labels[j].id;
	stet_weights_state_make(&lv->st, &p, labels, &cs);
	free(labels);
	stet_colstats_free(&cs);
	lv->have_state = true;
	return STET_OK;
}

/* The item's features into lv->x (none past STET_LIVE_MAX_BYTES). */
static int item_vec(struct stet_txn *txn, struct stet_live *lv, uint64_t item,
		    struct stet_error *err)
{
	const struct stet_item *it = &lv->item;
	size_t bytes = 0;
	int rc;

	stet_item_clear(&lv->item);
	rc = stet_item_get(txn, item, &lv->item, err);
	if (rc != STET_OK)
		return rc == STET_NOTFOUND ? stet_error_set(err, STET_ERR,
			"learning: item %llu is missing",
			(unsigned long long)item) : rc;
	if (it->kind == STET_ITEM_TABLE)
		for (size_t i = 0; i < it->nfields; i++)
			bytes += strlen(it->fields[i].name) +
				(it->fields[i].value ?
				 strlen(it->fields[i].value) : 0);
	else if (it->text != NULL)
		bytes = strlen(it->text);
	lv->x.n = 0;
	if (bytes > STET_LIVE_MAX_BYTES)
		return STET_OK;
	return stet_features_item(&lv->fz, it, &lv->st.stats, &lv->x, err);
}

/* Each candidate's scores move by the weights the update changed: the
 * buckets it shares with the example (both ascending), and the bias. */
static void pool_move(struct stet_live *lv)
{
	const struct capture *c = &lv->cap;
	size_t k = lv->lp.k, nf = c->n;
	uint32_t bias = (uint32_t)1 << lv->lp.bits;
	double *w0 = lv->prob;

	lv->dw = stet_xrealloc(lv->dw, (nf ? nf : 1) * k * sizeof *lv->dw);
	for (size_t f = 0; f < nf; f++) {
		double *d = lv->dw + f * k;
		bool b = c->idx[f] == bias;

		stet_learner_row_weights(&lv->lp, c->old + f * c->width, b, w0);
		stet_learner_row_weights(&lv->lp, c->now + f * c->width, b, d);
		for (size_t j = 0; j < k; j++)
			d[j] -= w0[j];
	}
	for (size_t i = 0; i < lv->npool; i++) {
		struct cand *cd = &lv->pool[i];
		size_t a = 0, b = 0;

		while (a < nf && b < cd->x.n) {
			if (c->idx[a] == bias)
				break;
			if (c->idx[a] < cd->x.idx[b]) {
				a++;
			} else if (c->idx[a] > cd->x.idx[b]) {
				b++;
			} else {
				for (size_t j = 0; j < k; j++)
					cd->score[j] += lv->dw[a * k + j] *
						cd->x.val[b];
				a++;
				b++;
			}
		}
		for (size_t f = 0; f < nf; f++)
			if (c->idx[f] == bias)
				for (size_t j = 0; j < k; j++)
					cd->score[j] += lv->dw[f * k + j];
	}
}

int stet_live_learn(struct stet_txn *txn, struct stet_live *lv,
		    uint64_t item, const uint32_t *labels, size_t n,
		    struct stet_error *err)
{
	unsigned idx[STET_MAX_LABELS];
	size_t ni = 0;
	int rc;

	if (state_read(txn, lv, err) != STET_OK)
		return STET_ERR;
	if (!lv->have_state && state_make(txn, lv, err) != STET_OK)
		return STET_ERR;
	if (parts_for(lv, txn, err) != STET_OK)
		return STET_ERR;
	if (lv->st.examples != lv->basis)
		lv->stale = true;
	for (size_t i = 0; i < n && ni < STET_MAX_LABELS; i++) {
		int j = stet_weights_state_index(&lv->st, labels[i]);

		if (j >= 0)
			idx[ni++] = (unsigned)j;
	}
	if (ni == 0 && !lv->st.p.multilabel) {
		status_of(lv, &lv->cur);
		return STET_OK;
	}
	if ((rc = item_vec(txn, lv, item, err)) != STET_OK)
		return rc;
	lv->cap.on = true;
	lv->cap.n = lv->cap.nput = 0;
	rc = stet_learner_update(&lv->ln, &lv->x, idx, ni, err);
	lv->cap.on = false;
	if (rc != STET_OK)
		return rc;
	stet_weights_state_count(&lv->st, idx, ni);
	if ((rc = stet_weights_state_save(txn, lv->model, &lv->st, err)) !=
	    STET_OK)
		return rc;
	if (lv->cap.nput == lv->cap.n)
		pool_move(lv);
	else
		lv->stale = true;
	if (!lv->stale)
		lv->basis = lv->st.examples;
	status_of(lv, &lv->cur);
	return STET_OK;
}

bool stet_live_ranks(const struct stet_live *lv)
{
	return stet_live_pooled(lv) && !lv->cur.cold && lv->have_state;
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
	int rc = item_vec(txn, lv, c->item, err);

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
	if (parts_for(lv, txn, err) != STET_OK)
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

void stet_live_commit(struct stet_live *lv)
{
	lv->dirty = false;
	lv->shown = lv->cur;
}

void stet_live_abort(struct stet_live *lv)
{
	if (lv->dirty)
		pool_clear(lv);
	lv->dirty = false;
	lv->cur = lv->shown;
}

int stet_live_refresh(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err)
{
	if (state_read(txn, lv, err) != STET_OK)
		return STET_ERR;
	status_of(lv, &lv->cur);
	lv->shown = lv->cur;
	if (!lv->have_state)
		return STET_OK;
	if (parts_for(lv, txn, err) != STET_OK)
		return STET_ERR;
	if (!lv->stale && lv->st.examples == lv->basis)
		return STET_OK;
	for (size_t i = 0; i < lv->npool; i++) {
		struct cand *c = &lv->pool[i];

		if (item_vec(txn, lv, c->item, err) != STET_OK ||
		    stet_learner_scores(&lv->ln, &lv->x, c->score, err) !=
		    STET_OK)
			return STET_ERR;
	}
	lv->basis = lv->st.examples;
	lv->stale = false;
	return STET_OK;
}

void stet_live_status(const struct stet_live *lv,
		      struct stet_live_status *out)
{
	*out = lv->shown;
}
