/* stet simulate's replay (stet/simulate.h): the seed set, the
 * strategies' picks, training and scoring. The items and their vectors
 * are simulate_data.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simulate_data.h"
#include "stet/queue.h"

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

static int train_example(void *ctx, size_t i, struct stet_example *e,
			 struct stet_error *err)
{
	struct sim *s = ctx;
	size_t u = s->train[i];

	e->labels = &s->labs[s->off[u]];
	e->nlabels = s->off[u + 1] - s->off[u];
	if (s->o->on_progress != NULL && s->phase != NULL &&
	    ++s->seen % 65536 == 0)
		s->o->on_progress(s->o->ctx, s->phase, s->seen, s->seen_total);
	return simulate_data_vector(s, u, &e->x, err);
}

/* A model from zero on the used items train[0..n). */
static int train(struct sim *s, const size_t *items, size_t n,
		 struct stet_error *err)
{
	memset(s->rows.rows, 0,
	       (size_t)s->rows.nrows * s->rows.width * sizeof *s->rows.rows);
	s->train = items;
	s->seen = 0;
	s->seen_total = (uint64_t)n * s->o->epochs;
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

		rc = simulate_data_vector(s, i, &x, err);
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

static const enum stet_measure measure_of[] = {
	[STET_SIM_LEAST] = STET_BY_LEAST,
	[STET_SIM_MARGIN] = STET_BY_MARGIN,
	[STET_SIM_ENTROPY] = STET_BY_ENTROPY,
};

/* How unsure the current model is of each pool item not labeled, by
 * the measure of each strategy st whose u[st] is not NULL: u[st][i] for
 * pool item i (used item ntest + i). The model predicts each item once
 * for every measure. */
static int score_pool(struct sim *s, const bool *labeled,
		      double *const u[STET_SIM_NSTRATEGIES],
		      struct stet_error *err)
{
	for (size_t i = s->ntest; i < s->n; i++) {
		const struct stet_fvec *x;
		int rc;

		if (labeled[i])
			continue;
		rc = simulate_data_vector(s, i, &x, err);
		if (rc == STET_OK)
			rc = stet_learner_predict(&s->learner, x, s->prob, err);
		if (rc != STET_OK)
			return rc;
		for (size_t st = STET_SIM_LEAST; st < STET_SIM_NSTRATEGIES; st++)
			if (u[st] != NULL)
				u[st][i - s->ntest] = unsure(s, measure_of[st]);
	}
	return STET_OK;
}

/* Marks the take pool items not yet labeled that u says are the most
 * unsure, the earlier in the pool first among equals. */
static void take_unsure(const struct sim *s, const double *u, bool *labeled,
			size_t take)
{
	struct ranked *r = stet_xmalloc((s->n - s->ntest) * sizeof *r);
	size_t nr = 0;

	for (size_t i = s->ntest; i < s->n; i++)
		if (!labeled[i]) {
			r[nr].key = -u[i - s->ntest];
			r[nr++].item = i;
		}
	qsort(r, nr, sizeof *r, cmp_ranked);
	for (size_t i = 0; i < nr && i < take; i++)
		labeled[r[i].item] = true;
	free(r);
}

/* Adds up to take items of the pool not yet labeled to the set, marked
 * in labeled: random takes them in the pool's order (seeded), the
 * others the items the current model is most unsure of by their
 * measure, from u when the caller scored the pool already. */
static int pick(struct sim *s, enum stet_sim_strategy st, bool *labeled,
		size_t take, size_t *cursor, const double *u,
		struct stet_error *err)
{
	double *mine[STET_SIM_NSTRATEGIES] = { NULL };
	int rc = STET_OK;

	if (st == STET_SIM_RANDOM) {
		for (; take > 0 && *cursor < s->n; (*cursor)++)
			if (!labeled[*cursor]) {
				labeled[*cursor] = true;
				take--;
			}
		return STET_OK;
	}
	if (u == NULL) {
		mine[st] = stet_xmalloc((s->n - s->ntest) * sizeof *mine[st]);
		rc = score_pool(s, labeled, mine, err);
		u = mine[st];
	}
	if (rc == STET_OK)
		take_unsure(s, u, labeled, take);
	free(mine[st]);
	return rc;
}

/* Where every strategy starts: the seed set's point, and how unsure
 * the seed set's model is of the pool by each measure asked for, so
 * that the model is trained, tested and run over the pool once. */
struct start {
	struct stet_sim_point point;
	double *unsure[STET_SIM_NSTRATEGIES];
};

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
			const bool *seed_set, size_t nseed,
			const struct start *start, uint64_t budget,
			double full, struct stet_sim_curve *c,
			struct stet_error *err)
{
	bool *labeled = stet_xmalloc(s->n * sizeof *labeled);
	size_t *set = stet_xmalloc(s->n * sizeof *set), have = nseed,
	       cursor = s->ntest, cap;
	uint64_t total;
	int rc = STET_OK;

	memcpy(labeled, seed_set, s->n * sizeof *labeled);
	c->strategy = st;
	/* The seed set's point, then one a step, the last maybe short. */
	total = 1 + (budget - nseed) / s->o->step +
		((budget - nseed) % s->o->step != 0);
	cap = (size_t)total;
	c->points = stet_xcalloc(cap, sizeof *c->points);
	for (;;) {
		struct stet_sim_point *pt = &c->points[c->npoints];
		size_t n = labeled_set(s, labeled, set);

		if (c->npoints == 0)
			*pt = start->point;
		else if ((rc = train(s, set, n, err)) != STET_OK ||
			 (rc = evaluate(s, pt, err)) != STET_OK)
			break;
		pt->labels = n;
		c->npoints++;
		if (s->o->on_progress != NULL)
			s->o->on_progress(s->o->ctx, stet_sim_strategy_name(st),
					  c->npoints, total);
		if (c->to95 == 0 && pt->accuracy >= 0.95 * full)
			c->to95 = n;
		if (c->to99 == 0 && pt->accuracy >= 0.99 * full)
			c->to99 = n;
		if (have >= budget)
			break;
		rc = pick(s, st, labeled,
			  (size_t)(budget - have < s->o->step ?
				   budget - have : s->o->step),
			  &cursor, c->npoints == 1 ? start->unsure[st] : NULL,
			  err);
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

int stet_simulate(struct stet_txn *txn, const struct stet_sim_opts *o,
		  struct stet_sim_result *res, struct stet_error *err)
{
	struct sim s = { .txn = txn, .o = o };
	struct stet_sim_point full;
	struct start start = { { 0, 0, 0 }, { NULL } };
	size_t *all = NULL, nseed, nall;
	bool *seed_set = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	stet_colstats_init(&s.stats);
	stet_fvec_init(&s.scratch);
	if ((rc = check_opts(o, err)) != STET_OK ||
	    (rc = simulate_data_prepare(&s, res, err)) != STET_OK)
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
	/* The one long training: a progress line follows it. */
	s.phase = "full-data model";
	rc = train(&s, all, res->pool, err);
	s.phase = NULL;
	if (rc != STET_OK || (rc = evaluate(&s, &full, err)) != STET_OK)
		goto leave;
	res->full_accuracy = full.accuracy;
	res->full_macro_f1 = full.macro_f1;
	for (size_t i = 0; i < o->nstrategies; i++)
		if (o->strategies[i] != STET_SIM_RANDOM && nseed < res->budget)
			start.unsure[o->strategies[i]] = stet_xmalloc(
				res->pool * sizeof *start.unsure[0]);
	nall = labeled_set(&s, seed_set, all);
	if ((rc = train(&s, all, nall, err)) != STET_OK ||
	    (rc = evaluate(&s, &start.point, err)) != STET_OK ||
	    (rc = score_pool(&s, seed_set, start.unsure, err)) != STET_OK)
		goto leave;
	start.point.labels = nseed;
	res->curves = stet_xcalloc(o->nstrategies, sizeof *res->curves);
	for (size_t i = 0; i < o->nstrategies && rc == STET_OK; i++) {
		res->ncurves++;
		rc = run_strategy(&s, o->strategies[i], seed_set, nseed, &start,
				  res->budget, full.accuracy, &res->curves[i],
				  err);
	}
leave:
	for (size_t i = 0; i < STET_SIM_NSTRATEGIES; i++)
		free(start.unsure[i]);
	free(all);
	free(seed_set);
	simulate_data_free(&s);
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
