/* The built-in learner: logistic regression trained online by
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013), softmax over the labels of a single-label schema,
 * one logistic model per label (one-vs-rest) for a multi-label one.
 *
 * The model is rows, one per feature bucket and one for the bias, each
 * holding FTRL's state of the bucket's K weights. Where the rows live is
 * the caller's: a dense array in memory (here) for batch training, or a
 * database for updates as labels are saved. The learner reads and writes
 * rows through struct stet_rows only, and rows encode to bytes that
 * decode alike on any machine. No storage, no printing. */
#ifndef STET_LEARNER_H
#define STET_LEARNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"

/* A sparse vector: n entries, indices distinct and below 2^bits (the
 * features module gives them ascending). The arrays are owned by the
 * vector; stet_fvec_free frees them. */
struct stet_fvec {
	uint32_t *idx;
	double *val;
	size_t n;
	size_t cap;
};

void stet_fvec_init(struct stet_fvec *v);
void stet_fvec_free(struct stet_fvec *v);
/* Appends one entry, growing the arrays. */
void stet_fvec_push(struct stet_fvec *v, uint32_t idx, double val);

#define STET_LEARNER_KMAX 1024

struct stet_learner_params {
	unsigned k;      /* labels, 1..STET_LEARNER_KMAX */
	unsigned bits;   /* feature buckets are 2^bits */
	bool multilabel; /* one-vs-rest; else softmax */
	double alpha;    /* FTRL's per-coordinate learning rate scale */
	double beta;     /* its smoothing of the rate's early steps */
	/* Regularisation of the feature weights (not the bias), weighed
	 * against the sum of every loss seen, over all epochs, as in
	 * McMahan et al.: not a mean, so not scikit-learn's 1/C. */
	double l1, l2;
};

/* alpha 0.5, beta 1, l1 0, l2 1e-4. Measured by 5-fold accuracy with
 * tests/bench/learner_eval.py, 5 epochs: within a point of
 * scikit-learn's LogisticRegression on its two tables, a point above it
 * on telling English from French, 5 points below on the smallest text
 * task (116 sentences); alpha from 0.1 to 2 or l2 up to 0.1 move these
 * by under 2 points. */
void stet_learner_params_default(struct stet_learner_params *p, unsigned k,
				 unsigned bits, bool multilabel);
/* STET_ERR when a field is out of range, naming it. */
int stet_learner_params_check(const struct stet_learner_params *p,
			      struct stet_error *err);
/* Parameters as bytes (a version, then varints and IEEE doubles
 * big-endian), and back; decode checks what it reads. */
void stet_learner_params_encode(const struct stet_learner_params *p,
				struct stet_buf *out);
int stet_learner_params_decode(const void *in, size_t len,
			       struct stet_learner_params *p,
			       struct stet_error *err);

/* Rows: stet_learner_rows(p) of them, indices 0..2^bits-1 for the
 * feature buckets and 2^bits for the bias. A row is 2K floats: FTRL's
 * z for each label, then its n (the sum of squared gradients). Floats,
 * not doubles: a model of 2^20 buckets and 10 labels is 80 MB instead
 * of 160, and a float keeps what a weight needs; arithmetic is in
 * double. A row never put reads as all zeros. */
uint64_t stet_learner_rows(const struct stet_learner_params *p);
size_t stet_learner_row_floats(const struct stet_learner_params *p);

/* Where rows live. get fills row[0..2K) (zeros for a row never put);
 * put stores it. Either returns STET_OK or an error status with err set;
 * the learner stops at the first failure, so a caller that keeps rows in
 * a transaction aborts it. prefetch, which may be NULL, is a hint that
 * get will be asked for that row soon; the learner gives it every row of
 * an example first. */
struct stet_rows {
	int (*get)(void *ctx, uint32_t index, float *row,
		   struct stet_error *err);
	int (*put)(void *ctx, uint32_t index, const float *row,
		   struct stet_error *err);
	void (*prefetch)(void *ctx, uint32_t index);
	void *ctx;
};

/* All rows in one zeroed array: 4 * 2K * (2^bits + 1) bytes. */
struct stet_dense_rows {
	float *rows;
	uint64_t nrows;
	size_t width; /* floats a row */
};

/* STET_ERR when the memory cannot be had (the size follows from the
 * labels and bits asked for). */
int stet_dense_rows_init(struct stet_dense_rows *d,
			 const struct stet_learner_params *p,
			 struct stet_error *err);
void stet_dense_rows_free(struct stet_dense_rows *d);
struct stet_rows stet_dense_rows_iface(struct stet_dense_rows *d);

/* A row as bytes: each float's IEEE 754 binary32 bits, big-endian, z
 * then n: 8K bytes, the same on any machine. Decode takes exactly that
 * many bytes. */
size_t stet_learner_row_bytes(const struct stet_learner_params *p);
void stet_learner_row_encode(const struct stet_learner_params *p,
			     const float *row, unsigned char *out);
int stet_learner_row_decode(const struct stet_learner_params *p,
			    const void *in, size_t len, float *row,
			    struct stet_error *err);

/* One thread at a time: the scratch is the learner's. */
struct stet_learner {
	struct stet_learner_params p;
	struct stet_rows rows;
	/* Scratch for one example, grown as needed. */
	float *state;  /* rows read, one after another */
	double *w;     /* their weights and sqrt(n) */
	size_t scratch;
	double *score; /* K */
};

/* rows is copied; its ctx must outlive the learner. */
int stet_learner_init(struct stet_learner *l,
		      const struct stet_learner_params *p,
		      struct stet_rows rows, struct stet_error *err);
void stet_learner_free(struct stet_learner *l);

/* prob[0..K): softmax probabilities (they sum to 1) or, multi-label,
 * each label's own probability. */
int stet_learner_predict(struct stet_learner *l, const struct stet_fvec *x,
			 double *prob, struct stet_error *err);

/* score[0..K): each label's w . x, bias included, before the link
 * function; stet_learner_probabilities makes them what predict gives.
 * For a caller that keeps scores and moves them by the weights an
 * update changed, instead of reading every row again. */
int stet_learner_scores(struct stet_learner *l, const struct stet_fvec *x,
			double *score, struct stet_error *err);
void stet_learner_probabilities(const struct stet_learner_params *p,
				const double *score, double *prob);
/* w[0..K): the weights a row stands for (bias: the bias row's, which
 * takes no l1 or l2). */
void stet_learner_row_weights(const struct stet_learner_params *p,
			      const float *row, bool bias, double *w);

/* One example: labels[0..nlabels) are the label indices it has. A
 * single-label model takes exactly one; a multi-label one any set
 * (none is an example with no label). Reads and writes the rows of x's
 * buckets and the bias row. */
int stet_learner_update(struct stet_learner *l, const struct stet_fvec *x,
			const unsigned *labels, size_t nlabels,
			struct stet_error *err);

struct stet_example {
	const struct stet_fvec *x;
	const unsigned *labels;
	size_t nlabels;
};

/* epochs passes over the examples, each in an order shuffled by a
 * generator seeded with seed: the same rows, examples and seed give the
 * same model, bit for bit. */
int stet_learner_train(struct stet_learner *l, const struct stet_example *ex,
		       size_t n, unsigned epochs, uint64_t seed,
		       struct stet_error *err);

/* The same passes over n examples that need not all be in memory (the
 * vectors of a million texts would not fit): example(ctx, i, &e, err)
 * sets e to example i (0 <= i < n), valid until the next call, and
 * returns STET_OK or an error status, which ends the training with it.
 * The order is stet_learner_train's for the same n and seed. */
int stet_learner_train_each(struct stet_learner *l, size_t n,
			    int (*example)(void *ctx, size_t i,
					   struct stet_example *e,
					   struct stet_error *err),
			    void *ctx, unsigned epochs, uint64_t seed,
			    struct stet_error *err);

#endif
