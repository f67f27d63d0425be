/* FTRL-Proximal logistic regression (McMahan et al. 2013, Algorithm 1),
 * per coordinate: every weight w[i][k] of bucket i and label k has its
 * own z and n, and
 *
 *   w = 0                                        when |z| <= l1
 *   w = -(z - sgn(z) l1) / ((beta + sqrt(n)) / alpha + l2)   otherwise;
 *
 * after an example with features x and gradient g = (p_k - y_k) x_i,
 *
 *   sigma = (sqrt(n + g^2) - sqrt(n)) / alpha,  z += g - sigma w,
 *   n += g^2.
 *
 * FTRL-Proximal rather than AdaGrad: its weights are a function of the
 * stored state alone, with no step taken at read time, so a row read from
 * any store gives the same weight, and l1 zeroes weights exactly (a row
 * with weights of zero is a row a store may keep sparse). The bias row
 * takes no l1 or l2: it only finds the labels' base rates, and shrinking
 * it would bias every prediction towards equal labels.
 *
 * Softmax needs K weights a bucket for K labels (one more than it must),
 * which keeps single- and multi-label rows alike, and l2 picks the one
 * solution among the equivalent ones.
 *
 * Every sum runs in a fixed order in double, and C11 forbids contracting
 * a * b + c into a fused multiply-add unless asked, so a model is the same
 * bit for bit wherever it is trained with the same libm; exp() is the one
 * function whose last bit a libm may round otherwise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learner.h"
#include "stet/mix.h"

#define BITS_MIN 1
#define BITS_MAX 24
#define PARAMS_VERSION 1

_Static_assert(sizeof(float) == 4, "rows are IEEE 754 binary32");

void stet_fvec_init(struct stet_fvec *v)
{
	memset(v, 0, sizeof *v);
}

void stet_fvec_free(struct stet_fvec *v)
{
	free(v->idx);
	free(v->val);
	stet_fvec_init(v);
}

void stet_fvec_push(struct stet_fvec *v, uint32_t idx, double val)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->idx = stet_xrealloc(v->idx, v->cap * sizeof *v->idx);
		v->val = stet_xrealloc(v->val, v->cap * sizeof *v->val);
	}
	v->idx[v->n] = idx;
	v->val[v->n] = val;
	v->n++;
}

void stet_learner_params_default(struct stet_learner_params *p, unsigned k,
				 unsigned bits, bool multilabel)
{
	p->k = k;
	p->bits = bits;
	p->multilabel = multilabel;
	p->alpha = 0.5;
	p->beta = 1.0;
	p->l1 = 0.0;
	p->l2 = 1e-4;
}

int stet_learner_params_check(const struct stet_learner_params *p,
			      struct stet_error *err)
{
	if (p->k < 1 || p->k > STET_LEARNER_KMAX)
		return stet_error_set(err, STET_ERR,
				      "learner: %u labels (1 to %d)", p->k,
				      STET_LEARNER_KMAX);
	if (p->bits < BITS_MIN || p->bits > BITS_MAX)
		return stet_error_set(err, STET_ERR,
				      "learner: %u bits (%d to %d)", p->bits,
				      BITS_MIN, BITS_MAX);
	if (!(p->alpha > 0 && isfinite(p->alpha)))
		return stet_error_set(err, STET_ERR,
				      "learner: alpha %g (above 0)", p->alpha);
	if (!(p->beta >= 0 && isfinite(p->beta)))
		return stet_error_set(err, STET_ERR,
				      "learner: beta %g (0 or more)", p->beta);
	if (!(p->l1 >= 0 && isfinite(p->l1)))
		return stet_error_set(err, STET_ERR,
				      "learner: l1 %g (0 or more)", p->l1);
	if (!(p->l2 >= 0 && isfinite(p->l2)))
		return stet_error_set(err, STET_ERR,
				      "learner: l2 %g (0 or more)", p->l2);
	return STET_OK;
}

void stet_learner_params_encode(const struct stet_learner_params *p,
				struct stet_buf *out)
{
	stet_buf_put_varint(out, PARAMS_VERSION);
	stet_buf_put_varint(out, p->k);
	stet_buf_put_varint(out, p->bits);
	stet_buf_put_varint(out, p->multilabel ? 1 : 0);
	stet_buf_put_f64(out, p->alpha);
	stet_buf_put_f64(out, p->beta);
	stet_buf_put_f64(out, p->l1);
	stet_buf_put_f64(out, p->l2);
}

int stet_learner_params_decode(const void *in, size_t len,
			       struct stet_learner_params *p,
			       struct stet_error *err)
{
	struct stet_rd r;
	uint64_t version, k, bits, multi;

	stet_rd_init(&r, in, len);
	stet_rd_varint(&r, &version);
	if (!r.bad && version != PARAMS_VERSION)
		return stet_error_set(err, STET_ERR,
				      "learner parameters: version %llu "
				      "(this stet reads %d)",
				      (unsigned long long)version,
				      PARAMS_VERSION);
	stet_rd_varint(&r, &k);
	stet_rd_varint(&r, &bits);
	stet_rd_varint(&r, &multi);
	stet_rd_f64(&r, &p->alpha);
	stet_rd_f64(&r, &p->beta);
	stet_rd_f64(&r, &p->l1);
	stet_rd_f64(&r, &p->l2);
	if (r.bad || r.p != r.end || multi > 1 || k > STET_LEARNER_KMAX ||
	    bits > BITS_MAX)
		return stet_error_set(err, STET_ERR,
				      "learner parameters: damaged record "
				      "(%zu bytes)", len);
	p->k = (unsigned)k;
	p->bits = (unsigned)bits;
	p->multilabel = multi == 1;
	return stet_learner_params_check(p, err);
}

uint64_t stet_learner_rows(const struct stet_learner_params *p)
{
	return (UINT64_C(1) << p->bits) + 1;
}

size_t stet_learner_row_floats(const struct stet_learner_params *p)
{
	return 2 * (size_t)p->k;
}

size_t stet_learner_row_bytes(const struct stet_learner_params *p)
{
	return 4 * stet_learner_row_floats(p);
}

void stet_learner_row_encode(const struct stet_learner_params *p,
			     const float *row, unsigned char *out)
{
	size_t width = stet_learner_row_floats(p);

	for (size_t i = 0; i < width; i++) {
		uint32_t bits;

		memcpy(&bits, &row[i], sizeof bits);
		stet_u32be(out + 4 * i, bits);
	}
}

int stet_learner_row_decode(const struct stet_learner_params *p,
			    const void *in, size_t len, float *row,
			    struct stet_error *err)
{
	const unsigned char *b = in;
	size_t width = stet_learner_row_floats(p);

	if (len != 4 * width)
		return stet_error_set(err, STET_ERR,
				      "learner row: %zu bytes (a row of %u "
				      "labels has %zu)", len, p->k, 4 * width);
	for (size_t i = 0; i < width; i++) {
		uint32_t bits = stet_get_u32be(b + 4 * i);

		memcpy(&row[i], &bits, sizeof bits);
		/* A NaN or infinity would spread to every prediction, and n
		 * is a sum of squares. */
		if (!isfinite(row[i]) || (i >= p->k && row[i] < 0))
			return stet_error_set(err, STET_ERR,
					      "learner row: value %zu is %g",
					      i, (double)row[i]);
	}
	return STET_OK;
}

static int dense_get(void *ctx, uint32_t index, float *row,
		     struct stet_error *err)
{
	struct stet_dense_rows *d = ctx;

	if (index >= d->nrows)
		return stet_error_set(err, STET_ERR,
				      "learner: row %lu of %llu",
				      (unsigned long)index,
				      (unsigned long long)d->nrows);
	memcpy(row, d->rows + (size_t)index * d->width,
	       d->width * sizeof *row);
	return STET_OK;
}

static int dense_put(void *ctx, uint32_t index, const float *row,
		     struct stet_error *err)
{
	struct stet_dense_rows *d = ctx;

	if (index >= d->nrows)
		return stet_error_set(err, STET_ERR,
				      "learner: row %lu of %llu",
				      (unsigned long)index,
				      (unsigned long long)d->nrows);
	memcpy(d->rows + (size_t)index * d->width, row,
	       d->width * sizeof *row);
	return STET_OK;
}

int stet_dense_rows_init(struct stet_dense_rows *d,
			 const struct stet_learner_params *p,
			 struct stet_error *err)
{
	memset(d, 0, sizeof *d);
	d->nrows = stet_learner_rows(p);
	d->width = stet_learner_row_floats(p);
	/* The size follows from what a user asked for (labels and bits),
	 * so a model too big is their error, not the fatal path's. */
	d->rows = calloc((size_t)d->nrows * d->width, sizeof *d->rows);
	if (d->rows == NULL)
		return stet_error_set(err, STET_ERR,
				      "learner: a model of %u labels and 2^%u "
				      "buckets needs %.0f MB, more than "
				      "there is", p->k, p->bits,
				      (double)d->nrows * (double)d->width *
					      sizeof *d->rows / 1e6);
	return STET_OK;
}

void stet_dense_rows_free(struct stet_dense_rows *d)
{
	free(d->rows);
	memset(d, 0, sizeof *d);
}

/* A row of a big model is far from the last one read: asking for all of
 * an example's rows before reading any lets the memory fetch them side
 * by side instead of one miss after another. */
static void dense_prefetch(void *ctx, uint32_t index)
{
	struct stet_dense_rows *d = ctx;

	if (index < d->nrows) {
		const float *row = d->rows + (size_t)index * d->width;

		/* A row of many labels spans cache lines. */
		for (size_t i = 0; i < d->width; i += 16)
			__builtin_prefetch(row + i);
		__builtin_prefetch(row + d->width - 1);
	}
}

struct stet_rows stet_dense_rows_iface(struct stet_dense_rows *d)
{
	struct stet_rows r = { dense_get, dense_put, dense_prefetch, d };

	return r;
}

int stet_learner_init(struct stet_learner *l,
		      const struct stet_learner_params *p,
		      struct stet_rows rows, struct stet_error *err)
{
	int rc;

	memset(l, 0, sizeof *l);
	rc = stet_learner_params_check(p, err);
	if (rc != STET_OK)
		return rc;
	l->p = *p;
	l->rows = rows;
	l->score = stet_xcalloc(p->k, sizeof *l->score);
	return STET_OK;
}

void stet_learner_free(struct stet_learner *l)
{
	free(l->state);
	free(l->w);
	free(l->score);
	memset(l, 0, sizeof *l);
}

/* root is sqrt(n), which the update needs again. */
static double weight(const struct stet_learner_params *p, double z,
		     double root, bool bias)
{
	double l1 = bias ? 0 : p->l1;
	double l2 = bias ? 0 : p->l2;

	if (fabs(z) <= l1)
		return 0;
	/* -(z - sgn(z) l1) / ((beta + root) / alpha + l2), with one
	 * division instead of two: a division is the slowest step here. */
	return -(z - copysign(l1, z)) * p->alpha /
	       (p->beta + root + p->alpha * l2);
}

/* x's value at f of the rows read: the bias row comes last, at 1. */
static double value_at(const struct stet_fvec *x, size_t f)
{
	return f < x->n ? x->val[f] : 1.0;
}

/* Reads the rows of x's buckets and the bias row into l->state, their
 * weights and the square roots of their n into l->w (2K a row), and
 * each label's score (w . x) into l->score. */
static int load(struct stet_learner *l, const struct stet_fvec *x,
		struct stet_error *err)
{
	const struct stet_learner_params *p = &l->p;
	size_t k = p->k, width = 2 * k, nf = x->n + 1;
	uint32_t bias = (uint32_t)1 << p->bits;

	if (nf > l->scratch) {
		size_t want = nf > 2 * l->scratch ? nf : 2 * l->scratch;

		l->state = stet_xrealloc(l->state,
					 want * width * sizeof *l->state);
		l->w = stet_xrealloc(l->w, want * width * sizeof *l->w);
		l->scratch = want;
	}
	for (size_t j = 0; j < k; j++)
		l->score[j] = 0;
	if (l->rows.prefetch != NULL)
		for (size_t f = 0; f < x->n; f++)
			l->rows.prefetch(l->rows.ctx, x->idx[f]);
	for (size_t f = 0; f < nf; f++) {
		uint32_t index = f < x->n ? x->idx[f] : bias;
		float *row = l->state + f * width;
		double *w = l->w + f * width;
		double v = value_at(x, f);
		int rc;

		if (f < x->n && index >= bias)
			return stet_error_set(err, STET_ERR,
					      "learner: feature %lu past the "
					      "model's %lu buckets",
					      (unsigned long)index,
					      (unsigned long)bias);
		rc = l->rows.get(l->rows.ctx, index, row, err);
		if (rc != STET_OK)
			return rc;
		for (size_t j = 0; j < k; j++) {
			w[k + j] = sqrt(row[k + j]);
			w[j] = weight(p, row[j], w[k + j], f == x->n);
		}
		for (size_t j = 0; j < k; j++)
			l->score[j] += w[j] * v;
	}
	return STET_OK;
}

/* Numerically safe logistic function. */
static double sigmoid(double s)
{
	if (s >= 0)
		return 1 / (1 + exp(-s));
	return exp(s) / (1 + exp(s));
}

void stet_learner_probabilities(const struct stet_learner_params *p,
				const double *score, double *prob)
{
	size_t k = p->k;
	double top, sum = 0;

	if (p->multilabel) {
		for (size_t j = 0; j < k; j++)
			prob[j] = sigmoid(score[j]);
		return;
	}
	/* exp of the score less the largest cannot overflow. */
	top = score[0];
	for (size_t j = 1; j < k; j++)
		if (score[j] > top)
			top = score[j];
	for (size_t j = 0; j < k; j++) {
		prob[j] = exp(score[j] - top);
		sum += prob[j];
	}
	for (size_t j = 0; j < k; j++)
		prob[j] /= sum;
}

static void probabilities(const struct stet_learner *l, double *prob)
{
	stet_learner_probabilities(&l->p, l->score, prob);
}

void stet_learner_row_weights(const struct stet_learner_params *p,
			      const float *row, bool bias, double *w)
{
	for (size_t j = 0; j < p->k; j++)
		w[j] = weight(p, row[j], sqrt(row[p->k + j]), bias);
}

int stet_learner_scores(struct stet_learner *l, const struct stet_fvec *x,
			double *score, struct stet_error *err)
{
	int rc = load(l, x, err);

	if (rc != STET_OK)
		return rc;
	memcpy(score, l->score, l->p.k * sizeof *score);
	return STET_OK;
}

int stet_learner_predict(struct stet_learner *l, const struct stet_fvec *x,
			 double *prob, struct stet_error *err)
{
	int rc = load(l, x, err);

	if (rc != STET_OK)
		return rc;
	probabilities(l, prob);
	return STET_OK;
}

int stet_learner_update(struct stet_learner *l, const struct stet_fvec *x,
			const unsigned *labels, size_t nlabels,
			struct stet_error *err)
{
	const struct stet_learner_params *p = &l->p;
	size_t k = p->k, width = 2 * k, nf = x->n + 1;
	uint32_t bias = (uint32_t)1 << p->bits;
	double *resid = l->score;
	double inv_alpha = 1 / p->alpha;
	int rc;

	if (!p->multilabel && nlabels != 1)
		return stet_error_set(err, STET_ERR,
				      "learner: %zu labels on an example of a "
				      "single-label model", nlabels);
	for (size_t i = 0; i < nlabels; i++)
		if (labels[i] >= k)
			return stet_error_set(err, STET_ERR,
					      "learner: label %u of %zu",
					      labels[i], k);
	rc = load(l, x, err);
	if (rc != STET_OK)
		return rc;
	/* The gradient of the log loss with respect to score k is
	 * p_k - y_k, for softmax and for each one-vs-rest model alike;
	 * resid holds it, in place of the scores it was computed from. */
	probabilities(l, resid);
	for (size_t i = 0; i < nlabels; i++) {
		size_t seen = 0;

		/* A label given twice is one label. */
		while (seen < i && labels[seen] != labels[i])
			seen++;
		if (seen == i)
			resid[labels[i]] -= 1;
	}
	for (size_t f = 0; f < nf; f++) {
		float *row = l->state + f * width;
		const double *w = l->w + f * width;
		double v = value_at(x, f);

		for (size_t j = 0; j < k; j++) {
			double g = resid[j] * v;
			double n = row[k + j];
			double sigma = (sqrt(n + g * g) - w[k + j]) * inv_alpha;

			row[j] = (float)(row[j] + g - sigma * w[j]);
			row[k + j] = (float)(n + g * g);
		}
		rc = l->rows.put(l->rows.ctx, f < x->n ? x->idx[f] : bias, row,
				 err);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

int stet_learner_train_each(struct stet_learner *l, size_t n,
			    int (*example)(void *ctx, size_t i,
					   struct stet_example *e,
					   struct stet_error *err),
			    void *ctx, unsigned epochs, uint64_t seed,
			    struct stet_error *err)
{
	size_t *order;
	uint64_t gen = seed;
	int rc = STET_OK;

	if (n == 0)
		return STET_OK;
	order = stet_xmalloc(n * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (unsigned e = 0; e < epochs && rc == STET_OK; e++) {
		/* Fisher-Yates with splitmix64 (the state steps by the
		 * constant stet_mix64 adds); a modulo's bias of at most
		 * n / 2^64 is nothing here. Each epoch shuffles the last. */
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = (size_t)(stet_mix64(gen) % (i + 1));
			size_t t = order[i];

			gen += 0x9e3779b97f4a7c15ULL;
			order[i] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < n && rc == STET_OK; i++) {
			struct stet_example one;

			rc = example(ctx, order[i], &one, err);
			if (rc == STET_OK)
				rc = stet_learner_update(l, one.x, one.labels,
							 one.nlabels, err);
			if (rc != STET_OK)
				stet_error_prefix(err, "example %zu",
						  order[i] + 1);
		}
	}
	free(order);
	return rc;
}

static int from_array(void *ctx, size_t i, struct stet_example *e,
		      struct stet_error *err)
{
	const struct stet_example *ex = ctx;

	(void)err;
	*e = ex[i];
	return STET_OK;
}

int stet_learner_train(struct stet_learner *l, const struct stet_example *ex,
		       size_t n, unsigned epochs, uint64_t seed,
		       struct stet_error *err)
{
	/* The callback's context is not const: ex is only read. */
	return stet_learner_train_each(l, n, from_array, (void *)ex, epochs,
				       seed, err);
}
