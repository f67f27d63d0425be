/* Examples, their vectors and fitting: see learn_set.h. */
#include <stdlib.h>
#include <string.h>

#include "learn_set.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/standing.h"

void learn_set_free(struct learn_set *s)
{
	for (unsigned j = 0; j < s->k; j++)
		free(s->label_names[j]);
	free(s->label_names);
	free(s->label_ids);
	free(s->item);
	free(s->off);
	free(s->out);
	free(s->per_label);
	memset(s, 0, sizeof *s);
}

static int output_of(const struct learn_set *s, uint32_t id)
{
	for (unsigned j = 0; j < s->k; j++)
		if (s->label_ids[j] == id)
			return (int)j;
	return -1;
}

int learn_set_load(struct stet_txn *txn, struct learn_set *s,
		   struct stet_error *err)
{
	struct stet_schema schema;
	struct stet_standing st = {0};
	int rc;

	memset(s, 0, sizeof *s);
	stet_schema_init(&schema);
	rc = stet_schema_load(txn, &schema, err);
	if (rc != STET_OK)
		goto leave;
	/* A model predicts item labels: span and token labels are no
	 * output of it. */
	stet_schema_keep_kind(&schema, STET_KIND_ITEM);
	if (schema.nlabels == 0) {
		rc = stet_error_set(err, STET_ERR,
				    "the schema has no labels to learn (stet schema adds them)");
		goto leave;
	}
	s->multi = schema.multi;
	s->k = (unsigned)schema.nlabels;
	s->label_ids = stet_xmalloc(s->k * sizeof *s->label_ids);
	s->label_names = stet_xmalloc(s->k * sizeof *s->label_names);
	for (unsigned j = 0; j < s->k; j++) {
		s->label_ids[j] = schema.labels[j].id;
		s->label_names[j] = stet_xstrdup(schema.labels[j].name);
	}
	s->per_label = stet_xcalloc(s->k, sizeof *s->per_label);
	rc = stet_standing_load(txn, s->multi, NULL, &st, err);
	if (rc != STET_OK)
		goto leave;
	s->n = st.n;
	s->item = stet_xmalloc((st.n ? st.n : 1) * sizeof *s->item);
	s->off = stet_xmalloc((st.n + 1) * sizeof *s->off);
	s->out = stet_xmalloc((st.off[st.n] ? st.off[st.n] : 1) *
			      sizeof *s->out);
	s->off[0] = 0;
	for (size_t i = 0; i < st.n; i++) {
		size_t at = s->off[i];

		s->item[i] = st.item[i];
		for (size_t l = st.off[i]; l < st.off[i + 1]; l++) {
			int j = output_of(s, st.label[l]);

			if (j < 0) {
				rc = stet_error_set(err, STET_ERR,
						    "item %llu stands labeled with label id %lu, which the schema does not have",
						    (unsigned long long)st.item[i],
						    (unsigned long)st.label[l]);
				goto leave;
			}
			s->out[at++] = (unsigned)j;
			s->per_label[j]++;
		}
		s->off[i + 1] = at;
	}
	s->counts.examples = st.n;
	s->counts.decisions = st.decisions;
	s->counts.majorities = st.majorities;
	s->counts.ties = st.ties;
leave:
	stet_standing_free(&st);
	stet_schema_free(&schema);
	if (rc != STET_OK)
		learn_set_free(s);
	return rc;
}

int learn_set_enough(const struct learn_set *s, uint64_t min,
		     struct stet_error *err)
{
	if (s->n < min || s->n == 0)
		return stet_error_set(err, STET_ERR,
				      "%zu %s labels standing (%llu by a decision, %llu by a majority; %llu %s left out), and the model needs at least %llu (--min-labels)",
				      s->n, s->n == 1 ? "item has" : "items have",
				      (unsigned long long)s->counts.decisions,
				      (unsigned long long)s->counts.majorities,
				      (unsigned long long)s->counts.ties,
				      s->counts.ties == 1 ? "tie" : "ties",
				      (unsigned long long)(min ? min : 1));
	for (unsigned j = 0; j < s->k; j++)
		if (s->per_label[j] == 0)
			return stet_error_set(err, STET_ERR,
					      "no item stands labeled %s yet, and the model needs at least one example of every label (%zu %s labels standing)",
					      s->label_names[j], s->n,
					      s->n == 1 ? "item has" : "items have");
	return STET_OK;
}

int learn_opts_resolve(const struct stet_learn_opts *in,
		       struct stet_learn_opts *out, struct stet_error *err)
{
	*out = *in;
	if (out->model == NULL)
		out->model = "stet";
	if (out->epochs == 0)
		out->epochs = STET_LEARN_EPOCHS_DEFAULT;
	if (out->bits == 0)
		out->bits = STET_FEATURES_BITS_DEFAULT;
	if (out->folds == 0)
		out->folds = STET_LEARN_FOLDS_DEFAULT;
	if (out->epochs > STET_LEARN_EPOCHS_MAX)
		return stet_error_set(err, STET_ERR, "%u epochs (1 to %d)",
				      out->epochs, STET_LEARN_EPOCHS_MAX);
	if (out->bits < STET_FEATURES_BITS_MIN ||
	    out->bits > STET_FEATURES_BITS_MAX)
		return stet_error_set(err, STET_ERR, "%u bits (%d to %d)",
				      out->bits, STET_FEATURES_BITS_MIN,
				      STET_FEATURES_BITS_MAX);
	if (out->folds < 2 || out->folds > STET_LEARN_FOLDS_MAX)
		return stet_error_set(err, STET_ERR, "%u folds (2 to %d)",
				      out->folds, STET_LEARN_FOLDS_MAX);
	return STET_OK;
}

/* --- vectors --- */

void learn_src_count(struct learn_src *src)
{
	if (++src->reads % LEARN_RELEASE_EVERY == 0)
		stet_store_release_pages(src->st);
}

int learn_src_item(struct learn_src *src, uint64_t id, struct stet_item *it,
		   struct stet_error *err)
{
	int rc = stet_item_get(src->txn, id, it, err);

	learn_src_count(src);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "item %llu has labels standing but is not in the project",
				      (unsigned long long)id);
	return rc;
}

int learn_item_vec(struct stet_featurizer *fz, const struct stet_item *it,
		   const struct stet_colstats *stats, struct stet_fvec *out,
		   bool *empty, struct stet_error *err)
{
	size_t bytes = 0;
	int rc;

	if (it->kind == STET_ITEM_TABLE)
		for (size_t i = 0; i < it->nfields; i++)
			bytes += strlen(it->fields[i].name) +
				 (it->fields[i].value != NULL ?
				  strlen(it->fields[i].value) : 0);
	else if (it->text != NULL)
		bytes = strlen(it->text);
	out->n = 0;
	if (bytes > STET_LEARN_MAX_BYTES) {
		*empty = true;
		return STET_OK;
	}
	rc = stet_features_item(fz, it, stats, out, err);
	if (rc != STET_OK)
		return rc;
	for (size_t i = 0; i < out->n; i++)
		out->val[i] = (double)(float)out->val[i];
	*empty = out->n == 0;
	return STET_OK;
}

int learn_vecs_init(struct learn_vecs *v, struct learn_src *src, size_t n,
		    unsigned bits, struct stet_error *err)
{
	memset(v, 0, sizeof *v);
	if (stet_featurizer_init(&v->fz, bits, err) != STET_OK)
		return STET_ERR;
	v->src = src;
	v->n = n;
	v->start = stet_xmalloc((n ? n : 1) * sizeof *v->start);
	v->count = stet_xmalloc((n ? n : 1) * sizeof *v->count);
	v->kept = stet_xcalloc(n ? n : 1, sizeof *v->kept);
	v->seen = stet_xcalloc(n ? n : 1, sizeof *v->seen);
	v->budget = STET_LEARN_CACHE_BYTES /
		    (sizeof *v->idx + sizeof *v->val);
	stet_fvec_init(&v->cur);
	v->item = stet_xmalloc(sizeof *v->item);
	stet_item_init(v->item);
	return STET_OK;
}

void learn_vecs_free(struct learn_vecs *v)
{
	stet_featurizer_free(&v->fz);
	free(v->start);
	free(v->count);
	free(v->kept);
	free(v->seen);
	free(v->idx);
	free(v->val);
	stet_fvec_free(&v->cur);
	if (v->item != NULL) {
		stet_item_clear(v->item);
		free(v->item);
	}
	memset(v, 0, sizeof *v);
}

void learn_vecs_reset(struct learn_vecs *v, const struct stet_colstats *stats)
{
	v->stats = stats;
	v->len = 0;
	v->empty = 0;
	memset(v->kept, 0, (v->n ? v->n : 1) * sizeof *v->kept);
	memset(v->seen, 0, (v->n ? v->n : 1) * sizeof *v->seen);
}

int learn_vecs_get(struct learn_vecs *v, const struct learn_set *s, size_t i,
		   const struct stet_fvec **x, struct stet_error *err)
{
	bool empty;
	int rc;

	*x = &v->cur;
	if (v->kept[i]) {
		size_t from = v->start[i], m = v->count[i];

		v->cur.n = 0;
		for (size_t f = 0; f < m; f++)
			stet_fvec_push(&v->cur, v->idx[from + f],
				       v->val[from + f]);
		return STET_OK;
	}
	stet_item_clear(v->item);
	rc = learn_src_item(v->src, s->item[i], v->item, err);
	if (rc == STET_OK)
		rc = learn_item_vec(&v->fz, v->item, v->stats, &v->cur,
				    &empty, err);
	if (rc != STET_OK) {
		stet_error_prefix(err, "item %llu",
				  (unsigned long long)s->item[i]);
		return rc;
	}
	if (v->seen[i] == 0) {
		v->seen[i] = empty ? 2 : 1;
		v->empty += empty;
	}
	if (v->len + v->cur.n <= v->budget) {
		if (v->len + v->cur.n > v->cap) {
			size_t want = 2 * v->cap > v->len + v->cur.n ?
				      2 * v->cap : v->len + v->cur.n + 4096;

			if (want > v->budget)
				want = v->budget;
			v->idx = stet_xrealloc(v->idx, want * sizeof *v->idx);
			v->val = stet_xrealloc(v->val, want * sizeof *v->val);
			v->cap = want;
		}
		/* Vectors are kept in the order first asked for, so an
		 * example's start is where it was put, not its index. */
		v->start[i] = v->len;
		v->count[i] = (uint32_t)v->cur.n;
		for (size_t f = 0; f < v->cur.n; f++) {
			v->idx[v->len + f] = v->cur.idx[f];
			v->val[v->len + f] = (float)v->cur.val[f];
		}
		v->len += v->cur.n;
		v->kept[i] = true;
	}
	return STET_OK;
}

int learn_colstats(struct learn_src *src, const struct learn_set *s,
		   const size_t *which, size_t m, struct stet_colstats *cs,
		   struct stet_error *err)
{
	struct stet_item it;
	int rc = STET_OK;

	stet_colstats_init(cs);
	stet_item_init(&it);
	for (size_t i = 0; i < m && rc == STET_OK; i++) {
		uint64_t id = s->item[which[i]];

		rc = learn_src_item(src, id, &it, err);
		if (rc == STET_OK)
			stet_colstats_add(cs, &it);
		stet_item_clear(&it);
	}
	return rc;
}

struct fit_ctx {
	struct learn_vecs *v;
	const struct learn_set *s;
	const size_t *which;
};

static int fit_example(void *ctx, size_t i, struct stet_example *e,
		       struct stet_error *err)
{
	struct fit_ctx *c = ctx;
	size_t at = c->which[i];
	int rc = learn_vecs_get(c->v, c->s, at, &e->x, err);

	e->labels = c->s->out + c->s->off[at];
	e->nlabels = c->s->off[at + 1] - c->s->off[at];
	return rc;
}

int learn_fit(struct learn_vecs *v, const struct learn_set *s,
	      const size_t *which, size_t m,
	      const struct stet_learner_params *p, unsigned epochs,
	      uint64_t seed, struct stet_dense_rows *rows,
	      struct stet_error *err)
{
	struct fit_ctx c = {v, s, which};
	struct stet_learner l;
	int rc = stet_learner_init(&l, p, stet_dense_rows_iface(rows), err);

	if (rc == STET_OK)
		rc = stet_learner_train_each(&l, m, fit_example, &c, epochs,
					     seed, err);
	stet_learner_free(&l);
	return rc;
}
