/* Trains the learner on examples read from standard input and prints its
 * probabilities for the queries that follow, for tests/cli/learner_oracle
 * .py to compare with scikit-learn. Input, numbers separated by white
 * space:
 *
 *   K MULTILABEL(0|1) BITS EPOCHS SEED ALPHA BETA L1 L2
 *   N, then N examples:  NLABELS LABEL... NFEATURES (INDEX VALUE)...
 *   M, then M queries:   NFEATURES (INDEX VALUE)...
 *
 * Output: one line a query, its K probabilities. Exit status 1, with a
 * message, on input it cannot read or an error of the learner. */
#include <stdio.h>
#include <stdlib.h>

#include "../../src/core/learner.h"

static int read_vector(struct stet_fvec *x)
{
	size_t n;

	x->n = 0;
	if (scanf("%zu", &n) != 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned idx;
		double v;

		if (scanf("%u %lf", &idx, &v) != 2)
			return -1;
		stet_fvec_push(x, idx, v);
	}
	return 0;
}

int main(void)
{
	struct stet_learner_params p;
	struct stet_dense_rows d;
	struct stet_learner l;
	struct stet_example *ex;
	struct stet_fvec *xs, q;
	unsigned **labels;
	struct stet_error err = { 0 };
	unsigned multi, epochs;
	unsigned long long seed;
	size_t n, m;
	double *prob;

	if (scanf("%u %u %u %u %llu %lf %lf %lf %lf %zu", &p.k, &multi,
		  &p.bits, &epochs, &seed, &p.alpha, &p.beta, &p.l1, &p.l2,
		  &n) != 10 || n > 100000) {
		fprintf(stderr, "learner_fit: cannot read the header\n");
		return 1;
	}
	p.multilabel = multi != 0;
	if (stet_learner_params_check(&p, &err) != STET_OK) {
		fprintf(stderr, "learner_fit: %s\n", err.msg);
		return 1;
	}
	ex = calloc(n + 1, sizeof *ex);
	xs = calloc(n + 1, sizeof *xs);
	labels = calloc(n + 1, sizeof *labels);
	if (ex == NULL || xs == NULL || labels == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {
		size_t nl;

		if (scanf("%zu", &nl) != 1 || nl > p.k) {
			fprintf(stderr, "learner_fit: example %zu\n", i + 1);
			return 1;
		}
		labels[i] = calloc(nl + 1, sizeof **labels);
		for (size_t j = 0; j < nl; j++)
			if (scanf("%u", &labels[i][j]) != 1)
				return 1;
		stet_fvec_init(&xs[i]);
		if (read_vector(&xs[i]) != 0) {
			fprintf(stderr, "learner_fit: example %zu\n", i + 1);
			return 1;
		}
		ex[i].x = &xs[i];
		ex[i].labels = labels[i];
		ex[i].nlabels = nl;
	}
	if (stet_dense_rows_init(&d, &p, &err) ||
	    stet_learner_init(&l, &p, stet_dense_rows_iface(&d), &err) ||
	    stet_learner_train(&l, ex, n, epochs, seed, &err)) {
		fprintf(stderr, "learner_fit: %s\n", err.msg);
		return 1;
	}
	prob = calloc(p.k, sizeof *prob);
	stet_fvec_init(&q);
	if (prob == NULL || scanf("%zu", &m) != 1)
		return 1;
	for (size_t i = 0; i < m; i++) {
		if (read_vector(&q) != 0 ||
		    stet_learner_predict(&l, &q, prob, &err) != STET_OK) {
			fprintf(stderr, "learner_fit: query %zu: %s\n", i + 1,
				err.msg);
			return 1;
		}
		for (unsigned j = 0; j < p.k; j++)
			printf("%s%.17g", j ? " " : "", prob[j]);
		printf("\n");
	}
	stet_fvec_free(&q);
	free(prob);
	stet_learner_free(&l);
	stet_dense_rows_free(&d);
	for (size_t i = 0; i < n; i++) {
		stet_fvec_free(&xs[i]);
		free(labels[i]);
	}
	free(ex);
	free(xs);
	free(labels);
	return 0;
}
