/* stet learn --eval: k-fold cross-validation over the standing labels,
 * with bootstrap intervals and calibration (see stet/learn.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn_set.h"
#include "stet/item.h"
#include "stet/learn.h"
#include "stet/mix.h"

#define GOLDEN 0x9e3779b97f4a7c15ULL

void stet_learn_eval_free(struct stet_learn_eval *e)
{
	for (size_t j = 0; j < e->nlabels; j++)
		free(e->label_names[j]);
	for (size_t i = 0; i < e->n; i++)
		free(e->ext[i]);
	free(e->label_names);
	free(e->label);
	free(e->confusion);
	free(e->ext);
	free(e->fold);
	free(e->off);
	free(e->label_of);
	free(e->prob);
	memset(e, 0, sizeof *e);
}

/* The folds: a Fisher-Yates shuffle of 0..n-1 by splitmix64 seeded with
 * seed (the learner's own shuffle, stet_learner_train_each, written
 * out again so that a script can follow it from the man page alone);
 * the example at place i of the shuffle goes to fold i mod k. */
static void assign_folds(size_t n, unsigned k, uint64_t seed, unsigned *fold)
{
	size_t *order = stet_xmalloc((n ? n : 1) * sizeof *order);
	uint64_t gen = seed;

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n > 0 ? n - 1 : 0; i > 0; i--) {
		size_t j = (size_t)(stet_mix64(gen) % (i + 1)), t = order[i];

		gen += GOLDEN;
		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < n; i++)
		fold[order[i]] = (unsigned)(i % k);
	free(order);
}

/* Each example's probabilities from the model of the folds but its own. */
static int cross_predict(struct learn_src *src, const struct learn_set *s,
			 const struct stet_learn_opts *o, const unsigned *fold,
			 double *prob, uint64_t *bias_only,
			 struct stet_error *err)
{
	struct stet_learner_params p;
	struct stet_dense_rows rows;
	struct learn_vecs v;
	struct stet_colstats cs;
	size_t *train = stet_xmalloc(s->n * sizeof *train);
	bool text_only = false;
	int rc;

	memset(&v, 0, sizeof v);
	stet_colstats_init(&cs);
	stet_learner_params_default(&p, s->k, o->bits, s->multi);
	rc = stet_dense_rows_init(&rows, &p, err);
	if (rc == STET_OK)
		rc = learn_vecs_init(&v, src, s->n, o->bits, err);
	for (unsigned f = 0; f < o->folds && rc == STET_OK; f++) {
		struct stet_learner l;
		size_t m = 0;

		for (size_t i = 0; i < s->n; i++)
			if (fold[i] != f)
				train[m++] = i;
		stet_colstats_free(&cs);
		rc = learn_colstats(src, s, train, m, &cs, err);
		if (rc != STET_OK)
			break;
		/* Text vectors owe nothing to the statistics: they are kept
		 * from fold to fold. A table's are made again for each. */
		if (f == 0 || !text_only)
			learn_vecs_reset(&v, &cs);
		if (f == 0) {
			text_only = cs.n == 0;
			*bias_only = 0;
		}
		memset(rows.rows, 0,
		       (size_t)rows.nrows * rows.width * sizeof *rows.rows);
		rc = learn_fit(&v, s, train, m, &p, o->epochs, o->seed, &rows,
			       err);
		if (rc == STET_OK)
			rc = stet_learner_init(&l, &p,
					       stet_dense_rows_iface(&rows), err);
		if (rc != STET_OK)
			break;
		for (size_t i = 0; i < s->n && rc == STET_OK; i++) {
			const struct stet_fvec *x;

			if (fold[i] != f)
				continue;
			rc = learn_vecs_get(&v, s, i, &x, err);
			if (rc == STET_OK)
				rc = stet_learner_predict(&l, x,
							  prob + i * s->k, err);
		}
		stet_learner_free(&l);
	}
	/* Every example has been made by now, in the first fold that
	 * trained on it or predicted it. */
	*bias_only = v.empty;
	stet_colstats_free(&cs);
	learn_vecs_free(&v);
	stet_dense_rows_free(&rows);
	free(train);
	return rc;
}

/* --- metrics --- */

struct counts {
	uint64_t *tp, *fp, *fn; /* k each */
	uint64_t right, n;
};

static double ratio(uint64_t a, uint64_t b)
{
	return b == 0 ? 0 : (double)a / (double)b;
}

static double f1_of(uint64_t tp, uint64_t fp, uint64_t fn)
{
	return ratio(2 * tp, 2 * tp + fp + fn);
}

static double macro_f1(const struct counts *c, unsigned k)
{
	double sum = 0;

	for (unsigned j = 0; j < k; j++)
		sum += f1_of(c->tp[j], c->fp[j], c->fn[j]);
	return sum / k;
}

static double micro_f1(const struct counts *c, unsigned k)
{
	uint64_t tp = 0, fp = 0, fn = 0;

	for (unsigned j = 0; j < k; j++) {
		tp += c->tp[j];
		fp += c->fp[j];
		fn += c->fn[j];
	}
	return f1_of(tp, fp, fn);
}

/* Adds example i (weight w) to c: truth[i * k + j] and pred alike say
 * whether label j stands and is predicted; right, whether the example
 * counts as right (the top label, or the exact set). */
static void count_example(struct counts *c, const uint8_t *truth,
			  const uint8_t *pred, const uint8_t *right,
			  size_t i, unsigned k, uint64_t w)
{
	for (unsigned j = 0; j < k; j++) {
		uint8_t t = truth[i * k + j], p = pred[i * k + j];

		c->tp[j] += w * (t && p);
		c->fp[j] += w * (!t && p);
		c->fn[j] += w * (t && !p);
	}
	c->right += w * right[i];
	c->n += w;
}

static void counts_reset(struct counts *c, unsigned k)
{
	memset(c->tp, 0, k * sizeof *c->tp);
	memset(c->fp, 0, k * sizeof *c->fp);
	memset(c->fn, 0, k * sizeof *c->fn);
	c->right = c->n = 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void percentile_interval(double *v, size_t b, struct stet_learn_stat *s)
{
	qsort(v, b, sizeof *v, cmp_double);
	/* The 2.5th and 97.5th percentiles: of 1000 sorted values, the
	 * 26th and the 975th. */
	s->low = v[(size_t)floor(0.025 * (double)b)];
	s->high = v[(size_t)ceil(0.975 * (double)b) - 1];
}

/* Percentile bootstrap over the examples: each resample draws n of them
 * with replacement (splitmix64 seeded with the seed, each draw its
 * output modulo n). */
static void bootstrap(struct stet_learn_eval *ev, const uint8_t *truth,
		      const uint8_t *pred, const uint8_t *right, uint64_t seed)
{
	unsigned k = (unsigned)ev->nlabels;
	size_t n = ev->n, b = STET_LEARN_RESAMPLES;
	uint32_t *times = stet_xcalloc(n, sizeof *times);
	double *acc = stet_xmalloc(b * sizeof *acc);
	double *mac = stet_xmalloc(b * sizeof *mac);
	double *mic = stet_xmalloc(b * sizeof *mic);
	struct counts c = {stet_xcalloc(k, sizeof(uint64_t)), stet_xcalloc(k, sizeof(uint64_t)),
			   stet_xcalloc(k, sizeof(uint64_t)), 0, 0};
	uint64_t gen = seed ^ 0xb0075742a9ULL;

	for (size_t r = 0; r < b; r++) {
		memset(times, 0, n * sizeof *times);
		for (size_t d = 0; d < n; d++) {
			times[stet_mix64(gen) % n]++;
			gen += GOLDEN;
		}
		counts_reset(&c, k);
		for (size_t i = 0; i < n; i++)
			if (times[i] > 0)
				count_example(&c, truth, pred, right, i, k,
					      times[i]);
		acc[r] = ratio(c.right, c.n);
		mac[r] = macro_f1(&c, k);
		mic[r] = micro_f1(&c, k);
	}
	percentile_interval(acc, b, &ev->accuracy);
	percentile_interval(mac, b, &ev->macro_f1);
	percentile_interval(mic, b, &ev->micro_f1);
	free(c.tp);
	free(c.fp);
	free(c.fn);
	free(acc);
	free(mac);
	free(mic);
	free(times);
}

static void calibrate(struct stet_learn_eval *ev, const double *conf,
		      const uint8_t *hit, size_t m)
{
	double sum[STET_LEARN_BINS] = {0}, right[STET_LEARN_BINS] = {0};

	for (size_t i = 0; i < m; i++) {
		int b = (int)(conf[i] * STET_LEARN_BINS);

		if (b >= STET_LEARN_BINS)
			b = STET_LEARN_BINS - 1;
		if (b < 0)
			b = 0;
		ev->bins[b].items++;
		sum[b] += conf[i];
		right[b] += hit[i];
	}
	ev->ece = 0;
	for (int b = 0; b < STET_LEARN_BINS; b++) {
		struct stet_learn_bin *bin = &ev->bins[b];

		if (bin->items == 0)
			continue;
		bin->confidence = sum[b] / (double)bin->items;
		bin->accuracy = right[b] / (double)bin->items;
		ev->ece += (double)bin->items / (double)m *
			   fabs(bin->accuracy - bin->confidence);
	}
}

static int cmp_sets(const struct stet_learn_eval *ev, size_t a, size_t b)
{
	size_t na = ev->off[a + 1] - ev->off[a], nb = ev->off[b + 1] - ev->off[b];

	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(ev->label_of + ev->off[a], ev->label_of + ev->off[b],
		      na * sizeof *ev->label_of);
}

/* The share of the commonest label set (single-label: label). */
static double majority(const struct stet_learn_eval *ev)
{
	size_t best = 0;

	/* Quadratic, but only over the distinct sets met so far. */
	size_t *firsts = stet_xmalloc(ev->n * sizeof *firsts), nf = 0;
	size_t *count = stet_xcalloc(ev->n, sizeof *count);

	for (size_t i = 0; i < ev->n; i++) {
		size_t f = 0;

		while (f < nf && cmp_sets(ev, firsts[f], i) != 0)
			f++;
		if (f == nf)
			firsts[nf++] = i;
		if (++count[f] > best)
			best = count[f];
	}
	free(firsts);
	free(count);
	return ratio(best, ev->n);
}

static void measure(struct stet_learn_eval *ev, uint64_t seed)
{
	unsigned k = (unsigned)ev->nlabels;
	size_t n = ev->n, m = ev->multi ? n * k : n;
	uint8_t *truth = stet_xcalloc(n * k, 1), *pred = stet_xcalloc(n * k, 1);
	uint8_t *right = stet_xcalloc(n, 1), *hit = stet_xcalloc(m, 1);
	double *conf = stet_xcalloc(m, sizeof *conf);
	struct counts c = {stet_xcalloc(k, sizeof(uint64_t)), stet_xcalloc(k, sizeof(uint64_t)),
			   stet_xcalloc(k, sizeof(uint64_t)), 0, 0};

	if (!ev->multi)
		ev->confusion = stet_xcalloc((size_t)k * k,
					     sizeof *ev->confusion);
	for (size_t i = 0; i < n; i++) {
		const double *p = ev->prob + i * k;

		for (size_t l = ev->off[i]; l < ev->off[i + 1]; l++)
			truth[i * k + ev->label_of[l]] = 1;
		if (ev->multi) {
			right[i] = 1;
			for (unsigned j = 0; j < k; j++) {
				pred[i * k + j] = p[j] > 0.5;
				conf[i * k + j] = p[j];
				hit[i * k + j] = truth[i * k + j];
				if (pred[i * k + j] != truth[i * k + j])
					right[i] = 0;
			}
		} else {
			unsigned top = 0, t = ev->label_of[ev->off[i]];

			for (unsigned j = 1; j < k; j++)
				if (p[j] > p[top])
					top = j;
			pred[i * k + top] = 1;
			right[i] = top == t;
			conf[i] = p[top];
			hit[i] = right[i];
			ev->confusion[(size_t)t * k + top]++;
		}
		count_example(&c, truth, pred, right, i, k, 1);
	}
	for (unsigned j = 0; j < k; j++) {
		struct stet_learn_label_eval *le = &ev->label[j];

		le->tp = c.tp[j];
		le->fp = c.fp[j];
		le->fn = c.fn[j];
		le->support = c.tp[j] + c.fn[j];
		le->precision = ratio(le->tp, le->tp + le->fp);
		le->recall = ratio(le->tp, le->tp + le->fn);
		le->f1 = f1_of(le->tp, le->fp, le->fn);
	}
	ev->accuracy.value = ratio(c.right, c.n);
	ev->macro_f1.value = macro_f1(&c, k);
	ev->micro_f1.value = micro_f1(&c, k);
	ev->majority = majority(ev);
	calibrate(ev, conf, hit, m);
	bootstrap(ev, truth, pred, right, seed);
	free(c.tp);
	free(c.fp);
	free(c.fn);
	free(truth);
	free(pred);
	free(right);
	free(hit);
	free(conf);
}

static int fill_ext(struct learn_src *src, const struct learn_set *s,
		    struct stet_learn_eval *ev, struct stet_error *err)
{
	struct stet_item it;
	int rc = STET_OK;

	stet_item_init(&it);
	for (size_t i = 0; i < s->n && rc == STET_OK; i++) {
		rc = learn_src_item(src, s->item[i], &it, err);
		if (rc == STET_OK)
			ev->ext[i] = stet_xstrdup(it.ext_id != NULL ?
						  it.ext_id : "");
		stet_item_clear(&it);
	}
	return rc;
}

int stet_learn_evaluate(struct stet_store *st,
			const struct stet_learn_opts *in,
			struct stet_learn_eval *ev, struct stet_error *err)
{
	struct stet_learn_opts o;
	struct learn_set s;
	struct stet_txn *txn;
	struct learn_src src = {st, NULL, 0};
	int rc;

	memset(ev, 0, sizeof *ev);
	if (learn_opts_resolve(in, &o, err) != STET_OK)
		return STET_ERR;
	rc = stet_txn_begin_read(st, &txn, err);
	if (rc != STET_OK)
		return rc;
	src.txn = txn;
	rc = learn_set_load(txn, &s, err);
	if (rc != STET_OK) {
		stet_txn_end(txn);
		return rc;
	}
	rc = learn_set_enough(&s, o.min_labels, err);
	if (rc == STET_OK && s.n < o.folds)
		rc = stet_error_set(err, STET_ERR,
				    "%zu %s labels standing, fewer than the %u folds",
				    s.n, s.n == 1 ? "item has" : "items have",
				    o.folds);
	if (rc != STET_OK)
		goto leave;
	ev->counts = s.counts;
	ev->multi = s.multi;
	ev->folds = o.folds;
	ev->epochs = o.epochs;
	ev->bits = o.bits;
	ev->seed = o.seed;
	ev->nlabels = s.k;
	ev->label_names = stet_xcalloc(s.k, sizeof *ev->label_names);
	for (unsigned j = 0; j < s.k; j++)
		ev->label_names[j] = stet_xstrdup(s.label_names[j]);
	ev->label = stet_xcalloc(s.k, sizeof *ev->label);
	ev->n = s.n;
	ev->ext = stet_xcalloc(s.n, sizeof *ev->ext);
	ev->fold = stet_xcalloc(s.n, sizeof *ev->fold);
	ev->off = stet_xmalloc((s.n + 1) * sizeof *ev->off);
	memcpy(ev->off, s.off, (s.n + 1) * sizeof *ev->off);
	ev->label_of = stet_xmalloc((s.off[s.n] ? s.off[s.n] : 1) *
				    sizeof *ev->label_of);
	memcpy(ev->label_of, s.out, s.off[s.n] * sizeof *ev->label_of);
	ev->prob = stet_xcalloc(s.n * s.k, sizeof *ev->prob);
	assign_folds(s.n, o.folds, o.seed, ev->fold);
	rc = fill_ext(&src, &s, ev, err);
	if (rc == STET_OK)
		rc = cross_predict(&src, &s, &o, ev->fold, ev->prob,
				   &ev->counts.bias_only, err);
	if (rc == STET_OK)
		measure(ev, o.seed);
leave:
	stet_txn_end(txn);
	learn_set_free(&s);
	if (rc != STET_OK)
		stet_learn_eval_free(ev);
	return rc;
}
