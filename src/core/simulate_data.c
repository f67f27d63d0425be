/* The items a replay uses and their vectors (simulate_data.h). The
 * vectors are made once and kept while they fit in a bound; beyond it
 * (a project of a million items) an item is read and its vector made
 * again each time it is needed, so memory stays bounded whatever the
 * project's size, and the results are the same either way. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simulate_data.h"
#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/mix.h"
#include "stet/schema.h"
#include "stet/standing.h"

/* Vectors kept in memory: 12 bytes a feature (index and value), so
 * some 20,000 texts of 150 bytes (500 features each). */
#define CACHE_BYTES ((size_t)128 << 20)

static uint64_t next_random(uint64_t *state)
{
	uint64_t r = stet_mix64(*state);

	*state += 0x9e3779b97f4a7c15ULL;
	return r;
}

static int featurize(struct sim *s, size_t i, struct stet_fvec *out,
		     struct stet_error *err)
{
	struct stet_item it;
	int rc;

	stet_item_init(&it);
	rc = stet_item_get(s->txn, s->item[i], &it, err);
	if (rc == STET_OK)
		rc = stet_features_item(&s->fz, &it, s->tables ? &s->stats : NULL,
					out, err);
	if (rc != STET_OK)
		stet_error_prefix(err, "item %llu",
				  (unsigned long long)s->item[i]);
	stet_item_clear(&it);
	return rc;
}

int simulate_data_vector(struct sim *s, size_t i, const struct stet_fvec **x,
			 struct stet_error *err)
{
	if (i < s->ncached) {
		*x = &s->cached[i];
		return STET_OK;
	}
	*x = &s->scratch;
	return featurize(s, i, &s->scratch, err);
}

/* Table columns are standardised with the pool's statistics: the pool
 * is what a team would have in hand before labeling, and the test
 * items stay unseen. */
static int pool_stats(struct sim *s, struct stet_error *err)
{
	uint64_t tables = 0;

	if (stet_meta_get_u64(s->txn, "count.table", &tables, err) != STET_OK)
		return STET_ERR;
	s->tables = tables > 0;
	stet_colstats_init(&s->stats);
	for (size_t i = s->ntest; s->tables && i < s->n; i++) {
		struct stet_item it;

		stet_item_init(&it);
		if (stet_item_get(s->txn, s->item[i], &it, err) != STET_OK) {
			stet_item_clear(&it);
			return STET_ERR;
		}
		stet_colstats_add(&s->stats, &it);
		stet_item_clear(&it);
	}
	return STET_OK;
}

static int fill_cache(struct sim *s, struct stet_error *err)
{
	size_t *off = stet_xmalloc((s->n + 1) * sizeof *off), used = 0,
	       cap = 4096;
	int rc = STET_OK;

	/* Never NULL, so that the views of items with no features (a
	 * table row whose every column is constant in the pool) point
	 * somewhere. */
	s->idx = stet_xmalloc(cap * sizeof *s->idx);
	s->val = stet_xmalloc(cap * sizeof *s->val);
	off[0] = 0;
	s->ncached = 0;
	while (s->ncached < s->n) {
		rc = featurize(s, s->ncached, &s->scratch, err);
		if (rc != STET_OK)
			break;
		if ((used + s->scratch.n) * 12 > CACHE_BYTES)
			break;
		if (used + s->scratch.n > cap) {
			cap = 2 * (used + s->scratch.n);
			if (cap * 12 > CACHE_BYTES)
				cap = CACHE_BYTES / 12;
			s->idx = stet_xrealloc(s->idx, cap * sizeof *s->idx);
			s->val = stet_xrealloc(s->val, cap * sizeof *s->val);
		}
		if (s->scratch.n > 0) {
			memcpy(s->idx + used, s->scratch.idx,
			       s->scratch.n * sizeof *s->idx);
			memcpy(s->val + used, s->scratch.val,
			       s->scratch.n * sizeof *s->val);
		}
		used += s->scratch.n;
		off[++s->ncached] = used;
		if (s->o->on_progress != NULL && s->ncached % 4096 == 0)
			s->o->on_progress(s->o->ctx, "vectors", s->ncached,
					  s->n);
	}
	s->cached = stet_xcalloc(s->ncached ? s->ncached : 1,
				 sizeof *s->cached);
	for (size_t i = 0; i < s->ncached; i++) {
		s->cached[i].idx = s->idx + off[i];
		s->cached[i].val = s->val + off[i];
		s->cached[i].n = off[i + 1] - off[i];
	}
	free(off);
	return rc;
}

/* The schema index of label id, or nlabels when it has none. */
static size_t index_of(const struct stet_schema *schema, uint32_t id)
{
	size_t j = 0;

	while (j < schema->nlabels && schema->labels[j].id != id)
		j++;
	return j;
}

/* The used items and their labels, in the seeded order, and the
 * counts of what was left out, into s and res. */
static int load_items(struct sim *s, const struct stet_schema *schema,
		      struct stet_sim_result *res, struct stet_error *err)
{
	struct stet_standing st = { 0 };
	uint64_t text = 0, table = 0, gen;
	size_t *perm, *keep, nkeep = 0, nl = 0;

	if (stet_meta_get_u64(s->txn, "count.text", &text, err) != STET_OK ||
	    stet_meta_get_u64(s->txn, "count.table", &table, err) != STET_OK ||
	    stet_standing_load(s->txn, s->multi, NULL, &st, err) != STET_OK) {
		stet_standing_free(&st);
		return STET_ERR;
	}
	res->items = text + table;
	res->unlabeled = res->items > st.n ? res->items - st.n : 0;
	keep = stet_xmalloc((st.n ? st.n : 1) * sizeof *keep);
	for (size_t i = 0; i < st.n; i++) {
		bool known = true;

		for (size_t a = st.off[i]; a < st.off[i + 1]; a++)
			known &= index_of(schema, st.label[a]) < schema->nlabels;
		if (known)
			keep[nkeep++] = i;
		else
			res->other_label++;
	}
	/* Fisher-Yates, as the learner shuffles. */
	perm = stet_xmalloc((nkeep ? nkeep : 1) * sizeof *perm);
	for (size_t i = 0; i < nkeep; i++)
		perm[i] = keep[i];
	gen = stet_mix64(s->o->seed ^ 0x5851f42d4c957f2dULL);
	for (size_t i = nkeep; i > 1; i--) {
		size_t j = (size_t)(next_random(&gen) % i), t = perm[i - 1];

		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	s->n = nkeep;
	s->item = stet_xmalloc((nkeep ? nkeep : 1) * sizeof *s->item);
	s->off = stet_xmalloc((nkeep + 1) * sizeof *s->off);
	s->labs = stet_xmalloc((st.off[st.n] ? st.off[st.n] : 1) *
			       sizeof *s->labs);
	s->off[0] = 0;
	for (size_t i = 0; i < nkeep; i++) {
		size_t from = st.off[perm[i]], to = st.off[perm[i] + 1];

		s->item[i] = st.item[perm[i]];
		for (size_t a = from; a < to; a++) {
			unsigned j = (unsigned)index_of(schema, st.label[a]);
			size_t b = nl++;

			/* Ascending: ids ascend, the schema's order may not. */
			while (b > s->off[i] && s->labs[b - 1] > j) {
				s->labs[b] = s->labs[b - 1];
				b--;
			}
			s->labs[b] = j;
			res->counts[j]++;
		}
		s->off[i + 1] = nl;
	}
	res->used = s->n;
	free(keep);
	free(perm);
	stet_standing_free(&st);
	return STET_OK;
}

int simulate_data_prepare(struct sim *s, struct stet_sim_result *res,
			  struct stet_error *err)
{
	struct stet_schema schema;
	struct stet_learner_params p;
	int rc;

	stet_schema_init(&schema);
	if (stet_schema_load(s->txn, &schema, err) != STET_OK) {
		stet_schema_free(&schema);
		return STET_ERR;
	}
	stet_schema_keep_kind(&schema, STET_KIND_ITEM);
	if (schema.nlabels == 0) {
		stet_schema_free(&schema);
		return stet_error_set(err, STET_ERR, "the schema has no labels");
	}
	s->multi = schema.multi;
	s->k = res->nlabels = schema.nlabels;
	res->labels = stet_xcalloc(s->k, sizeof *res->labels);
	res->counts = stet_xcalloc(s->k, sizeof *res->counts);
	for (size_t j = 0; j < s->k; j++)
		res->labels[j] = stet_xstrdup(schema.labels[j].name);
	rc = load_items(s, &schema, res, err);
	stet_schema_free(&schema);
	if (rc != STET_OK)
		return rc;
	if (s->n < 2)
		return stet_error_set(err, STET_ERR,
				      "%llu %s with a standing label: a replay needs at least 2, one to test and one to learn from (stet import-annotations or stet label give labels)",
				      (unsigned long long)s->n,
				      s->n == 1 ? "item" : "items");
	s->ntest = (size_t)llround((double)s->n * s->o->test_share);
	if (s->ntest < 1)
		s->ntest = 1;
	if (s->ntest > s->n - 1)
		s->ntest = s->n - 1;
	res->test = s->ntest;
	res->pool = s->n - s->ntest;
	stet_learner_params_default(&p, (unsigned)s->k, s->o->bits, s->multi);
	s->train_seed = stet_mix64(s->o->seed ^ 0x2545f4914f6cdd1dULL);
	s->prob = stet_xcalloc(s->k, sizeof *s->prob);
	s->poff = stet_xcalloc(s->ntest + 1, sizeof *s->poff);
	if (stet_featurizer_init(&s->fz, s->o->bits, err) != STET_OK ||
	    stet_dense_rows_init(&s->rows, &p, err) != STET_OK ||
	    stet_learner_init(&s->learner, &p, stet_dense_rows_iface(&s->rows),
			      err) != STET_OK ||
	    pool_stats(s, err) != STET_OK)
		return STET_ERR;
	return fill_cache(s, err);
}

void simulate_data_free(struct sim *s)
{
	free(s->item);
	free(s->off);
	free(s->labs);
	stet_colstats_free(&s->stats);
	stet_featurizer_free(&s->fz);
	free(s->cached);
	free(s->idx);
	free(s->val);
	stet_fvec_free(&s->scratch);
	stet_learner_free(&s->learner);
	stet_dense_rows_free(&s->rows);
	free(s->prob);
	free(s->poff);
	free(s->plabs);
}

