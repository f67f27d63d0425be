/* stet simulate's replay (stet/simulate.h). The items' vectors are made
 * once and kept while they fit in a bound; beyond it (a project of a
 * million items) an item is read and its vector made again each time it
 * is needed, so memory stays bounded whatever the project's size and
 * the results are the same either way. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"
#include "learner.h"
#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/mix.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/simulate.h"
#include "stet/standing.h"

/* Vectors kept in memory: 12 bytes a feature (index and value), so
 * some 20,000 texts of 150 bytes (500 features each). */
#define CACHE_BYTES ((size_t)128 << 20)

static const char *const strategy_names[] = {
	[STET_SIM_RANDOM] = "random",
	[STET_SIM_LEAST] = "least",
	[STET_SIM_MARGIN] = "margin",
	[STET_SIM_ENTROPY] = "entropy",
};

int stet_sim_strategy_parse(const char *s, enum stet_sim_strategy *out)
{
	for (size_t i = 0; i < STET_SIM_NSTRATEGIES; i++)
		if (strcmp(s, strategy_names[i]) == 0) {
			*out = (enum stet_sim_strategy)i;
			return 0;
		}
	return -1;
}

const char *stet_sim_strategy_name(enum stet_sim_strategy s)
{
	return (size_t)s < STET_SIM_NSTRATEGIES ? strategy_names[s] : "?";
}

void stet_sim_opts_default(struct stet_sim_opts *o)
{
	memset(o, 0, sizeof *o);
	for (size_t i = 0; i < STET_SIM_NSTRATEGIES; i++)
		o->strategies[i] = (enum stet_sim_strategy)i;
	o->nstrategies = STET_SIM_NSTRATEGIES;
	o->test_share = STET_SIM_TEST_SHARE_DEFAULT;
	o->epochs = STET_SIM_EPOCHS_DEFAULT;
	o->bits = STET_FEATURES_BITS_DEFAULT;
}

/* The run's state. Used items are numbered 0..n-1 in the seeded
 * order: the test items first, then the pool. */
struct sim {
	struct stet_txn *txn;
	const struct stet_sim_opts *o;
	size_t k;          /* labels */
	size_t n, ntest;   /* used items; the first ntest are the test */
	bool multi;        /* a multi-label schema */
	uint64_t *item;    /* item id of each */
	/* Item i's labels (indices into the schema, ascending):
	 * labs[off[i]..off[i+1]); one each in a single-label schema. */
	size_t *off;
	unsigned *labs;
	struct stet_colstats stats;
	bool tables;       /* some items are table rows */
	struct stet_featurizer fz;
	/* Vectors of items 0..ncached-1, views into idx and val. */
	size_t ncached;
	struct stet_fvec *cached;
	uint32_t *idx;
	double *val;
	struct stet_fvec scratch; /* an item beyond the cache */
	struct stet_dense_rows rows;
	struct stet_learner learner;
	uint64_t train_seed;
	double *prob;
	/* The labels predicted for each test item, as off and labs. */
	size_t *poff;
	unsigned *plabs;
	size_t plabs_cap;
	/* Training: the used items of the labeled set, ascending. */
	const size_t *train;
};

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

/* Item i's vector, valid until the next call. */
static int vector(struct sim *s, size_t i, const struct stet_fvec **x,
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
	       cap = 0;
	int rc = STET_OK;

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
		memcpy(s->idx + used, s->scratch.idx,
		       s->scratch.n * sizeof *s->idx);
		memcpy(s->val + used, s->scratch.val,
		       s->scratch.n * sizeof *s->val);
		used += s->scratch.n;
		off[++s->ncached] = used;
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

static int train_example(void *ctx, size_t i, struct stet_example *e,
			 struct stet_error *err)
{
	struct sim *s = ctx;
	size_t u = s->train[i];

	e->labels = &s->labs[s->off[u]];
	e->nlabels = s->off[u + 1] - s->off[u];
	return vector(s, u, &e->x, err);
}

/* A model from zero on the used items train[0..n). */
static int train(struct sim *s, const size_t *items, size_t n,
		 struct stet_error *err)
{
	memset(s->rows.rows, 0,
	       (size_t)s->rows.nrows * s->rows.width * sizeof *s->rows.rows);
	s->train = items;
	return stet_learner_train_each(&s->learner, n, train_example, s,
				       s->o->epochs, s->train_seed, err);
}

/* The label the model scores highest, the first of equals. */
static unsigned top_label(const double *p, size_t k)
{
	unsigned best = 0;

	for (size_t j = 1; j < k; j++)
		if (p[j] > p[best])
			best = (unsigned)j;
	return best;
}

void stet_sim_score(const size_t *toff, const unsigned *tlab,
		    const size_t *poff, const unsigned *plab, size_t n,
		    size_t k, double *accuracy, double *macro_f1)
{
	uint64_t *tp = stet_xcalloc(3 * (k ? k : 1), sizeof *tp), *fp = tp + k,
		 *fn = fp + k, right = 0;
	double f1 = 0;
	size_t counted = 0;

	for (size_t i = 0; i < n; i++) {
		size_t a = toff[i], ae = toff[i + 1], b = poff[i],
		       be = poff[i + 1];
		bool same = ae - a == be - b;

		/* Both lists ascending: one merge counts every label. */
		while (a < ae || b < be) {
			if (b == be || (a < ae && tlab[a] < plab[b])) {
				same = false;
				if (tlab[a] < k)
					fn[tlab[a]]++;
				a++;
			} else if (a == ae || plab[b] < tlab[a]) {
				same = false;
				if (plab[b] < k)
					fp[plab[b]]++;
				b++;
			} else {
				if (tlab[a] < k)
					tp[tlab[a]]++;
				else
					same = false;
				a++;
				b++;
			}
		}
		right += same;
	}
	for (size_t j = 0; j < k; j++)
		if (tp[j] + fp[j] + fn[j] > 0) {
			f1 += 2.0 * (double)tp[j] /
			      (double)(2 * tp[j] + fp[j] + fn[j]);
			counted++;
		}
	*accuracy = n ? (double)right / (double)n : 0;
	*macro_f1 = counted ? f1 / (double)counted : 0;
	free(tp);
}

/* The current model on the test items. */
static int evaluate(struct sim *s, struct stet_sim_point *pt,
		    struct stet_error *err)
{
	size_t np = 0;
	int rc = STET_OK;

	s->poff[0] = 0;
	for (size_t i = 0; i < s->ntest && rc == STET_OK; i++) {
		const struct stet_fvec *x;

		rc = vector(s, i, &x, err);
		if (rc == STET_OK)
			rc = stet_learner_predict(&s->learner, x, s->prob, err);
		if (rc != STET_OK)
			break;
		if (np + s->k > s->plabs_cap) {
			s->plabs_cap = 2 * (np + s->k);
			s->plabs = stet_xrealloc(s->plabs, s->plabs_cap *
						 sizeof *s->plabs);
		}
		if (!s->multi)
			s->plabs[np++] = top_label(s->prob, s->k);
		for (size_t j = 0; s->multi && j < s->k; j++)
			if (s->prob[j] > 0.5)
				s->plabs[np++] = (unsigned)j;
		s->poff[i + 1] = np;
	}
	if (rc == STET_OK)
		stet_sim_score(s->off, s->labs, s->poff, s->plabs, s->ntest,
			       s->k, &pt->accuracy, &pt->macro_f1);
	return rc;
}

struct ranked {
	double key; /* smaller first */
	size_t item;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* How unsure the model is of an item by measure by (the larger the
 * more unsure, whatever the measure). Multi-label, each label is a
 * yes-or-no question of its own, (p, 1 - p): the item is as unsure as
 * its least sure label by least confidence and by margin, and its
 * entropy is the sum of the labels' (they are independent). */
static double unsure(const struct sim *s, enum stet_measure by)
{
	double u, sum = 0, most = 0;

	if (!s->multi) {
		u = stet_uncertainty(by, s->prob, s->k);
		return by == STET_BY_MARGIN ? -u : u;
	}
	for (size_t j = 0; j < s->k; j++) {
		double pair[2] = { s->prob[j], 1 - s->prob[j] };

		u = stet_uncertainty(by, pair, 2);
		if (by == STET_BY_MARGIN)
			u = -u;
		sum += u;
		most = j == 0 || u > most ? u : most;
	}
	return by == STET_BY_ENTROPY ? sum : most;
}

/* Adds up to take items of the pool not yet labeled to the set, marked
 * in labeled: random takes them in the pool's order (seeded), the
 * others the items whose distribution under the current model is the
 * most uncertain by their measure, the earlier in the pool first among
 * equals. */
static int pick(struct sim *s, enum stet_sim_strategy st, bool *labeled,
		size_t take, size_t *cursor, struct stet_error *err)
{
	static const enum stet_measure measure[] = {
		[STET_SIM_LEAST] = STET_BY_LEAST,
		[STET_SIM_MARGIN] = STET_BY_MARGIN,
		[STET_SIM_ENTROPY] = STET_BY_ENTROPY,
	};
	struct ranked *r;
	size_t nr = 0;
	int rc = STET_OK;

	if (st == STET_SIM_RANDOM) {
		for (; take > 0 && *cursor < s->n; (*cursor)++)
			if (!labeled[*cursor]) {
				labeled[*cursor] = true;
				take--;
			}
		return STET_OK;
	}
	r = stet_xmalloc((s->n - s->ntest) * sizeof *r);
	for (size_t i = s->ntest; i < s->n && rc == STET_OK; i++) {
		const struct stet_fvec *x;
		double u;

		if (labeled[i])
			continue;
		rc = vector(s, i, &x, err);
		if (rc == STET_OK)
			rc = stet_learner_predict(&s->learner, x, s->prob, err);
		if (rc != STET_OK)
			break;
		u = unsure(s, measure[st]);
		r[nr].key = -u;
		r[nr++].item = i;
	}
	if (rc == STET_OK) {
		qsort(r, nr, sizeof *r, cmp_ranked);
		for (size_t i = 0; i < nr && i < take; i++)
			labeled[r[i].item] = true;
	}
	free(r);
	return rc;
}

/* The labeled used items, ascending, into set; their number. */
static size_t labeled_set(const struct sim *s, const bool *labeled,
			  size_t *set)
{
	size_t n = 0;

	for (size_t i = s->ntest; i < s->n; i++)
		if (labeled[i])
			set[n++] = i;
	return n;
}

static int run_strategy(struct sim *s, enum stet_sim_strategy st,
			const bool *seed_set, size_t nseed, uint64_t budget,
			double full, struct stet_sim_curve *c,
			struct stet_error *err)
{
	bool *labeled = stet_xmalloc(s->n * sizeof *labeled);
	size_t *set = stet_xmalloc(s->n * sizeof *set), have = nseed,
	       cursor = s->ntest, cap;
	int rc = STET_OK;

	memcpy(labeled, seed_set, s->n * sizeof *labeled);
	c->strategy = st;
	cap = 2 + (size_t)((budget - nseed) / s->o->step);
	c->points = stet_xcalloc(cap, sizeof *c->points);
	for (;;) {
		struct stet_sim_point *pt = &c->points[c->npoints];
		size_t n = labeled_set(s, labeled, set);

		rc = train(s, set, n, err);
		if (rc == STET_OK)
			rc = evaluate(s, pt, err);
		if (rc != STET_OK)
			break;
		pt->labels = n;
		c->npoints++;
		if (c->to95 == 0 && pt->accuracy >= 0.95 * full)
			c->to95 = n;
		if (c->to99 == 0 && pt->accuracy >= 0.99 * full)
			c->to99 = n;
		if (have >= budget)
			break;
		rc = pick(s, st, labeled,
			  (size_t)(budget - have < s->o->step ?
				   budget - have : s->o->step),
			  &cursor, err);
		if (rc != STET_OK)
			break;
		have += budget - have < s->o->step ? budget - have :
						      s->o->step;
	}
	free(labeled);
	free(set);
	return rc;
}

/* An item of each label the pool has (the pool in its seeded order,
 * each item that has a label none before it had), then the pool in
 * that order, up to step items. */
static size_t choose_seed_set(const struct sim *s, bool *seed_set)
{
	bool *have = stet_xcalloc(s->k, sizeof *have);
	size_t n = 0;

	for (size_t i = s->ntest; i < s->n; i++) {
		bool adds = false;

		for (size_t a = s->off[i]; a < s->off[i + 1]; a++)
			adds |= !have[s->labs[a]];
		if (!adds)
			continue;
		for (size_t a = s->off[i]; a < s->off[i + 1]; a++)
			have[s->labs[a]] = true;
		seed_set[i] = true;
		n++;
	}
	for (size_t i = s->ntest; i < s->n && n < s->o->step; i++)
		if (!seed_set[i]) {
			seed_set[i] = true;
			n++;
		}
	free(have);
	return n;
}

static int check_opts(const struct stet_sim_opts *o, struct stet_error *err)
{
	if (o->nstrategies == 0 || o->nstrategies > STET_SIM_NSTRATEGIES)
		return stet_error_set(err, STET_ERR,
				      "simulate: %zu strategies (1 to %d)",
				      o->nstrategies, STET_SIM_NSTRATEGIES);
	for (size_t i = 0; i < o->nstrategies; i++)
		if ((size_t)o->strategies[i] >= STET_SIM_NSTRATEGIES)
			return stet_error_set(err, STET_ERR,
					      "simulate: strategy %d",
					      (int)o->strategies[i]);
	if (o->step < 1 || o->budget < o->step)
		return stet_error_set(err, STET_ERR,
				      "simulate: a budget of %llu labels and "
				      "a step of %llu (the step at least 1, "
				      "the budget at least the step)",
				      (unsigned long long)o->budget,
				      (unsigned long long)o->step);
	if (!(o->test_share > 0 && o->test_share < 1))
		return stet_error_set(err, STET_ERR,
				      "simulate: a test share of %g (above 0, "
				      "below 1)", o->test_share);
	if (o->epochs < 1 || o->epochs > STET_SIM_EPOCHS_MAX)
		return stet_error_set(err, STET_ERR,
				      "simulate: %u epochs (1 to %d)",
				      o->epochs, STET_SIM_EPOCHS_MAX);
	if (o->bits < STET_FEATURES_BITS_MIN || o->bits > STET_FEATURES_BITS_MAX)
		return stet_error_set(err, STET_ERR,
				      "simulate: %u bits (%d to %d)", o->bits,
				      STET_FEATURES_BITS_MIN,
				      STET_FEATURES_BITS_MAX);
	return STET_OK;
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

static int prepare(struct sim *s, struct stet_sim_result *res,
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

static void sim_free(struct sim *s)
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

int stet_simulate(struct stet_txn *txn, const struct stet_sim_opts *o,
		  struct stet_sim_result *res, struct stet_error *err)
{
	struct sim s = { .txn = txn, .o = o };
	struct stet_sim_point full;
	size_t *all = NULL, nseed;
	bool *seed_set = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	stet_colstats_init(&s.stats);
	stet_fvec_init(&s.scratch);
	if ((rc = check_opts(o, err)) != STET_OK ||
	    (rc = prepare(&s, res, err)) != STET_OK)
		goto leave;
	seed_set = stet_xcalloc(s.n, sizeof *seed_set);
	nseed = choose_seed_set(&s, seed_set);
	res->seed_set = nseed;
	res->budget = o->budget < res->pool ? o->budget : res->pool;
	if (nseed > res->budget) {
		rc = stet_error_set(err, STET_ERR,
				    "the seed set holds one item of each of the pool's %zu labels, more than a budget of %llu",
				    nseed, (unsigned long long)o->budget);
		goto leave;
	}
	all = stet_xmalloc(res->pool * sizeof *all);
	for (size_t i = 0; i < res->pool; i++)
		all[i] = s.ntest + i;
	if ((rc = train(&s, all, res->pool, err)) != STET_OK ||
	    (rc = evaluate(&s, &full, err)) != STET_OK)
		goto leave;
	res->full_accuracy = full.accuracy;
	res->full_macro_f1 = full.macro_f1;
	res->curves = stet_xcalloc(o->nstrategies, sizeof *res->curves);
	for (size_t i = 0; i < o->nstrategies && rc == STET_OK; i++) {
		res->ncurves++;
		rc = run_strategy(&s, o->strategies[i], seed_set, nseed,
				  res->budget, full.accuracy, &res->curves[i],
				  err);
	}
leave:
	free(all);
	free(seed_set);
	sim_free(&s);
	return rc;
}

void stet_sim_result_free(struct stet_sim_result *res)
{
	for (size_t j = 0; res->labels != NULL && j < res->nlabels; j++)
		free(res->labels[j]);
	free(res->labels);
	free(res->counts);
	for (size_t i = 0; i < res->ncurves; i++)
		free(res->curves[i].points);
	free(res->curves);
	memset(res, 0, sizeof *res);
}
