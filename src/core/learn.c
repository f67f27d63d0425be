/* stet learn: train on the standing labels, store, predict every item.
 *
 * Training reads a snapshot (a read transaction) and fits the model in
 * memory, so that annotators labeling meanwhile wait for nothing but the
 * write. The write then checks that the snapshot still holds: the last
 * event, the number of items and the schema's version as they were. If
 * any moved (a label, an online update, an import, a schema change),
 * it trains again inside the write, on what is there now, so that the
 * model stored is always the one its labels give and no online update
 * made meanwhile is overwritten by a model that never saw its label. */
#include <stdlib.h>
#include <string.h>

#include "learn_set.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/learn.h"
#include "stet/predict.h"
#include "stet/schema.h"
#include "stet/timefmt.h"
#include "weights.h"

struct stamp {
	uint64_t last_event;
	uint64_t items;
	uint32_t schema;
};

static int stamp_read(struct stet_txn *txn, struct stamp *s,
		      struct stet_error *err)
{
	struct stet_schema schema;
	const void *k;
	size_t kl;
	int rc = stet_last_key(txn, STET_DB_EVENTS, &k, &kl, err);

	memset(s, 0, sizeof *s);
	if (rc == STET_OK && kl == 8)
		s->last_event = stet_get_u64be(k);
	else if (rc != STET_NOTFOUND && rc != STET_OK)
		return rc;
	if (stet_count(txn, STET_DB_ITEMS, &s->items, err) != STET_OK)
		return STET_ERR;
	stet_schema_init(&schema);
	rc = stet_schema_load(txn, &schema, err);
	s->schema = schema.version;
	stet_schema_free(&schema);
	return rc;
}

/* A model fitted in memory, and what it was fitted on. */
struct trained {
	struct learn_set set;
	struct stet_learner_params p;
	struct stet_dense_rows rows;
	struct stet_colstats stats;
	uint64_t bias_only;
	struct stamp stamp;
};

static void trained_free(struct trained *t)
{
	learn_set_free(&t->set);
	stet_dense_rows_free(&t->rows);
	stet_colstats_free(&t->stats);
	memset(t, 0, sizeof *t);
}

/* The model named name, when there is one, must be the learner's: asked
 * before training, so that a clash costs no training. Beginning a run
 * only reads (the caller puts what it changed), so a read transaction
 * can ask. */
static int model_kind_check(struct stet_txn *txn, const char *name,
			    struct stet_error *err)
{
	struct stet_model m;
	int rc = stet_model_begin(txn, name, STET_MODEL_LEARNER, 0, &m, err);

	stet_model_clear(&m);
	return rc;
}

static int train_in(struct learn_src *src, const struct stet_learn_opts *o,
		    struct trained *t, struct stet_error *err)
{
	struct stet_txn *txn = src->txn;
	struct learn_vecs v;
	size_t *all = NULL;
	int rc;

	memset(t, 0, sizeof *t);
	memset(&v, 0, sizeof v);
	stet_colstats_init(&t->stats);
	rc = model_kind_check(txn, o->model, err);
	if (rc == STET_OK)
		rc = stamp_read(txn, &t->stamp, err);
	if (rc == STET_OK)
		rc = learn_set_load(txn, &t->set, err);
	if (rc == STET_OK)
		rc = learn_set_enough(&t->set, o->min_labels, err);
	if (rc == STET_OK && t->set.k > STET_MAX_LABELS)
		rc = stet_error_set(err, STET_ERR,
				    "%u labels: a prediction holds at most %d",
				    t->set.k, STET_MAX_LABELS);
	if (rc != STET_OK)
		goto leave;
	all = stet_xmalloc(t->set.n * sizeof *all);
	for (size_t i = 0; i < t->set.n; i++)
		all[i] = i;
	rc = learn_colstats(src, &t->set, all, t->set.n, &t->stats, err);
	if (rc != STET_OK)
		goto leave;
	stet_learner_params_default(&t->p, t->set.k, o->bits, t->set.multi);
	rc = stet_dense_rows_init(&t->rows, &t->p, err);
	if (rc == STET_OK)
		rc = learn_vecs_init(&v, src, t->set.n, o->bits, err);
	if (rc != STET_OK)
		goto leave;
	learn_vecs_reset(&v, &t->stats);
	rc = learn_fit(&v, &t->set, all, t->set.n, &t->p, o->epochs, o->seed,
		       &t->rows, err);
	t->bias_only = v.empty;
leave:
	learn_vecs_free(&v);
	free(all);
	if (rc != STET_OK)
		trained_free(t);
	return rc;
}

struct run {
	struct learn_src src;
	const struct stet_learn_opts *o;
	struct trained t;
	int64_t now_ms;
	/* Per attempt of the write: */
	struct stet_txn *txn;
	struct stet_model m;
	struct stet_featurizer fz;
	struct stet_learner l;
	struct stet_fvec x;
	double *prob;
	uint64_t rows, predicted, predicted_bias_only;
	bool retrained;
};

static int predict_one(void *ctx, const struct stet_item *it,
		       struct stet_error *err)
{
	struct run *r = ctx;
	struct stet_prediction pr;
	bool empty, replaced;
	int rc;

	rc = learn_item_vec(&r->fz, it, &r->t.stats, &r->x, &empty, err);
	if (rc == STET_OK)
		rc = stet_learner_predict(&r->l, &r->x, r->prob, err);
	if (rc != STET_OK) {
		stet_error_prefix(err, "predicting item %llu",
				  (unsigned long long)it->id);
		return rc;
	}
	pr.version = r->m.version;
	pr.all = true;
	pr.n = r->t.set.k;
	for (size_t j = 0; j < pr.n; j++) {
		pr.labels[j] = r->t.set.label_ids[j];
		pr.scores[j] = r->prob[j];
	}
	rc = stet_prediction_put(r->txn, &r->m, it->id, &pr, &replaced, err);
	if (rc == STET_OK) {
		r->predicted++;
		r->predicted_bias_only += empty;
		learn_src_count(&r->src);
	}
	return rc;
}

static int save_state(struct run *r, struct stet_error *err)
{
	struct stet_weights_state s;
	int rc;

	stet_weights_state_init(&s);
	stet_weights_state_make(&s, &r->t.p, r->t.set.label_ids, NULL);
	s.examples = r->t.set.n;
	memcpy(s.label_examples, r->t.set.per_label,
	       r->t.set.k * sizeof *s.label_examples);
	/* Lent, not moved: a write that is run again saves them again. */
	s.stats = r->t.stats;
	rc = stet_weights_state_save(r->txn, r->m.id, &s, err);
	stet_colstats_init(&s.stats);
	stet_weights_state_free(&s);
	return rc;
}

static void attempt_free(struct run *r)
{
	stet_model_clear(&r->m);
	stet_featurizer_free(&r->fz);
	stet_learner_free(&r->l);
	stet_fvec_free(&r->x);
	free(r->prob);
	r->prob = NULL;
}

/* Safe to run again (stet_store_write): every effect is in txn, and
 * what it keeps in r is set afresh. */
static int write_model(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	struct run *r = ctx;
	struct stamp now;
	int rc;

	r->txn = txn;
	r->src.txn = txn;
	r->rows = r->predicted = r->predicted_bias_only = 0;
	/* A write redone after its commit failed (a full map) starts from
	 * what the last attempt left. */
	attempt_free(r);
	rc = stet_featurizer_init(&r->fz, r->o->bits, err);
	if (rc == STET_OK)
		rc = stamp_read(txn, &now, err);
	if (rc != STET_OK)
		goto leave;
	if (memcmp(&now, &r->t.stamp, sizeof now) != 0) {
		trained_free(&r->t);
		rc = train_in(&r->src, r->o, &r->t, err);
		if (rc != STET_OK)
			goto leave;
		r->retrained = true;
	}
	rc = stet_model_begin(txn, r->o->model, STET_MODEL_LEARNER, r->now_ms,
			      &r->m, err);
	if (rc == STET_OK)
		rc = stet_weights_drop(txn, r->m.id, err);
	if (rc == STET_OK)
		rc = stet_weights_put_dense(txn, r->m.id, &r->t.p, &r->t.rows,
					    &r->rows, err);
	if (rc == STET_OK)
		rc = save_state(r, err);
	if (rc == STET_OK)
		rc = stet_learner_init(&r->l, &r->t.p,
				       stet_dense_rows_iface(&r->t.rows), err);
	if (rc != STET_OK)
		goto leave;
	r->prob = stet_xcalloc(r->t.set.k, sizeof *r->prob);
	rc = stet_item_each(txn, predict_one, r, err);
	if (rc == STET_OK)
		rc = stet_model_put(txn, &r->m, err);
leave:
	if (rc != STET_OK)
		attempt_free(r);
	return rc;
}

void stet_learn_result_free(struct stet_learn_result *res)
{
	for (size_t j = 0; j < res->nlabels; j++)
		free(res->label_names[j]);
	free(res->label_names);
	free(res->label_examples);
	free(res->model);
	memset(res, 0, sizeof *res);
}

int stet_learn_train(struct stet_store *st, const struct stet_learn_opts *in,
		     struct stet_learn_result *res, struct stet_error *err)
{
	struct stet_learn_opts o;
	struct run r;
	struct stet_txn *txn;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	if (learn_opts_resolve(in, &o, err) != STET_OK)
		return STET_ERR;
	if (stet_model_name_check(o.model, err) != STET_OK)
		return STET_ERR;
	r.src.st = st;
	r.o = &o;
	rc = stet_txn_begin_read(st, &txn, err);
	if (rc != STET_OK)
		return rc;
	r.src.txn = txn;
	rc = train_in(&r.src, &o, &r.t, err);
	stet_txn_end(txn);
	stet_store_release_pages(st);
	if (rc != STET_OK)
		return rc;
	r.now_ms = stet_time_now_ms();
	rc = stet_store_write(st, write_model, &r, err);
	if (rc == STET_OK) {
		const struct learn_set *s = &r.t.set;

		res->counts = s->counts;
		res->counts.bias_only = r.t.bias_only;
		res->model = stet_xstrdup(o.model);
		res->version = r.m.version;
		res->epochs = o.epochs;
		res->bits = o.bits;
		res->rows = r.rows;
		res->predicted = r.predicted;
		res->predicted_bias_only = r.predicted_bias_only;
		res->retrained = r.retrained;
		res->nlabels = s->k;
		res->label_names = stet_xcalloc(s->k, sizeof *res->label_names);
		res->label_examples = stet_xcalloc(s->k,
						   sizeof *res->label_examples);
		for (unsigned j = 0; j < s->k; j++) {
			res->label_names[j] = stet_xstrdup(s->label_names[j]);
			res->label_examples[j] = s->per_label[j];
		}
	}
	attempt_free(&r);
	trained_free(&r.t);
	return rc;
}
