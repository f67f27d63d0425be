/* stet label --learn: see stet/live.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn_set.h"
#include "live_pool.h"
#include "stet/predict.h"
#include "stet/timefmt.h"

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

static void parts_free(struct stet_live *lv)
{
	live_pool_clear(lv);
	if (!lv->have_lp)
		return;
	stet_learner_free(&lv->ln);
	stet_featurizer_free(&lv->fz);
	stet_db_rows_free(&lv->dbr);
	live_overlay_free(&lv->ov);
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
int live_parts_for(struct stet_live *lv, struct stet_txn *txn,
		   struct stet_error *err)
{
	const struct stet_learner_params *p = &lv->st.p;

	if (!lv->have_lp || !same_params(&lv->lp, p)) {
		parts_free(lv);
		if (stet_featurizer_init(&lv->fz, p->bits, err) != STET_OK)
			return STET_ERR;
		stet_db_rows_init(&lv->dbr, txn, lv->model, p);
		live_overlay_init(&lv->ov, stet_db_rows_iface(&lv->dbr),
				  stet_learner_row_floats(p));
		lv->cap.inner = live_overlay_iface(&lv->ov);
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
	lv->version = m.version;
	rc = m.kind == STET_MODEL_LEARNER ? STET_OK :
		stet_error_set(err, STET_CONFLICT,
			       "model \"%s\" holds predictions imported from outside, and stet label --learn trains stet's own: choose another name with --model",
			       lv->name);
	stet_model_clear(&m);
	return rc;
}

/* The model's state as stored now (have_state false when none). */
int live_state_read(struct stet_txn *txn, struct stet_live *lv,
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
		rc = live_state_read(txn, lv, err);
	if (rc != STET_OK) {
		stet_live_free(lv);
		*out = NULL;
		return rc;
	}
	lv->basis = lv->have_state ? lv->st.examples : 0;
	lv->basis_version = lv->version;
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
	free(lv->mine);
	free(lv->tkey);
	free(lv->tval);
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
/* What a write that did not commit changed in memory, taken back: the
 * rows its update put in the overlay get the values they had (the
 * capture read them), the example leaves this session's list, and the
 * pool, whose scores it moved, is filled again. */
static void roll_back(struct stet_live *lv)
{
	if (lv->learned) {
		struct stet_rows ov = live_overlay_iface(&lv->ov);

		/* A put to the overlay is to memory, and cannot fail. */
		for (size_t f = 0; f < lv->cap.n; f++)
			ov.put(ov.ctx, lv->cap.idx[f],
			       lv->cap.old + f * lv->cap.width, NULL);
		lv->learned = false;
	}
	lv->nmine = lv->nmine_before;
	live_pool_clear(lv);
	lv->cur = lv->shown;
}

void stet_live_begin(struct stet_live *lv)
{
	if (lv->dirty)
		roll_back(lv);
	lv->dirty = true;
	lv->nmine_before = lv->nmine;
}

/* Whether the stored model moved since the pool was scored: a run of
 * stet learn (a new version) replaced its rows and deleted the examples
 * logged for the old ones, so the rows in memory go too; other
 * sessions' examples (more of them counted) leave them, and both make
 * the pool's scores stale until a pause scores it again. */
static void moved(struct stet_live *lv)
{
	if (lv->version != lv->basis_version) {
		live_overlay_clear(&lv->ov);
		lv->nmine = 0;
		lv->stale = true;
	} else if (lv->st.examples != lv->basis) {
		lv->stale = true;
	}
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

	size_t k = stet_schema_count_kind(s, STET_KIND_ITEM), j = 0;

	/* A model predicts item labels: span and token labels are no
	 * output of it. */
	if (k == 0)
		return stet_error_set(err, STET_ERR,
				      "the schema has no item labels to learn");
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
		lv->version = 0;
		stet_model_clear(&m);
		if (rc != STET_OK)
			return rc;
	}
	if (first_stats(txn, &cs, err) != STET_OK) {
		stet_colstats_free(&cs);
		return STET_ERR;
	}
	stet_learner_params_default(&p, (unsigned)k,
				    STET_FEATURES_BITS_DEFAULT, s->multi);
	labels = stet_xmalloc(k * sizeof *labels);
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[i].kind == STET_KIND_ITEM)
			labels[j++] = s->labels[i].id;
	stet_weights_state_make(&lv->st, &p, labels, &cs);
	free(labels);
	stet_colstats_free(&cs);
	lv->have_state = true;
	return STET_OK;
}

/* The item's features into lv->x, as stet learn makes them. */
int live_item_vec(struct stet_txn *txn, struct stet_live *lv, uint64_t item,
		  struct stet_error *err)
{
	bool empty;
	int rc;

	stet_item_clear(&lv->item);
	rc = stet_item_get(txn, item, &lv->item, err);
	if (rc != STET_OK)
		return rc == STET_NOTFOUND ? stet_error_set(err, STET_ERR,
			"learning: item %llu is missing",
			(unsigned long long)item) : rc;
	/* As stet learn makes an example of it. */
	return learn_item_vec(&lv->fz, &lv->item, &lv->st.stats, &lv->x,
			      &empty, err);
}

int stet_live_learn(struct stet_txn *txn, struct stet_live *lv,
		    uint64_t event, uint64_t item, const uint32_t *labels,
		    size_t n, struct stet_error *err)
{
	unsigned idx[STET_MAX_LABELS];
	size_t ni = 0;
	int rc;

	if (live_state_read(txn, lv, err) != STET_OK)
		return STET_ERR;
	if (!lv->have_state && state_make(txn, lv, err) != STET_OK)
		return STET_ERR;
	if (live_parts_for(lv, txn, err) != STET_OK)
		return STET_ERR;
	moved(lv);
	for (size_t i = 0; i < n && ni < STET_MAX_LABELS; i++) {
		int j = stet_weights_state_index(&lv->st, labels[i]);

		if (j >= 0)
			idx[ni++] = (unsigned)j;
	}
	if (ni == 0 && !lv->st.p.multilabel) {
		status_of(lv, &lv->cur);
		return STET_OK;
	}
	if ((rc = live_item_vec(txn, lv, item, err)) != STET_OK)
		return rc;
	lv->cap.on = true;
	lv->cap.n = lv->cap.nput = 0;
	lv->learned = true;
	rc = stet_learner_update(&lv->ln, &lv->x, idx, ni, err);
	lv->cap.on = false;
	if (rc != STET_OK)
		return rc;
	stet_weights_state_count(&lv->st, idx, ni);
	if ((rc = stet_weights_state_save(txn, lv->model, &lv->st, err)) !=
	    STET_OK ||
	    (rc = live_log_put(txn, lv, event, item, idx, ni, err)) != STET_OK)
		return rc;
	if (lv->cap.nput == lv->cap.n)
		live_pool_move(lv);
	else
		lv->stale = true;
	if (!lv->stale) {
		lv->basis = lv->st.examples;
		lv->basis_version = lv->version;
	}
	status_of(lv, &lv->cur);
	return STET_OK;
}

bool stet_live_ranks(const struct stet_live *lv)
{
	return stet_live_pooled(lv) && !lv->cur.cold && lv->have_state;
}

void stet_live_commit(struct stet_live *lv)
{
	lv->learned = false;
	if (lv->ck_ran) {
		/* The stored rows hold every example now. */
		live_overlay_clear(&lv->ov);
		lv->nmine = 0;
		lv->stale |= lv->ck_others;
		lv->ck_ran = false;
	}
	lv->dirty = false;
	lv->shown = lv->cur;
}

void stet_live_abort(struct stet_live *lv)
{
	if (lv->dirty)
		roll_back(lv);
	lv->ck_ran = false;
	lv->dirty = false;
	lv->cur = lv->shown;
}

int stet_live_refresh(struct stet_txn *txn, struct stet_live *lv,
		      struct stet_error *err)
{
	if (live_state_read(txn, lv, err) != STET_OK)
		return STET_ERR;
	status_of(lv, &lv->cur);
	lv->shown = lv->cur;
	if (!lv->have_state)
		return STET_OK;
	if (live_parts_for(lv, txn, err) != STET_OK)
		return STET_ERR;
	moved(lv);
	if (!lv->stale)
		return STET_OK;
	if (live_pool_rescore(txn, lv, err) != STET_OK)
		return STET_ERR;
	lv->basis = lv->st.examples;
	lv->basis_version = lv->version;
	lv->stale = false;
	return STET_OK;
}

void stet_live_status(const struct stet_live *lv,
		      struct stet_live_status *out)
{
	*out = lv->shown;
}
