/* The learner benchmark, run by tests/bench/run.sh:
 *
 *   learner_bench
 *
 * Makes sentences of 20 words (a fixed seed): every label has a topic
 * of 300 words of its own, and a shared vocabulary of 5,000 words that
 * any label draws from; a sentence takes 4 words of its label's topic
 * and 16 shared ones, so a sentence's label shows in a fifth of its
 * words. Words are 3 to 9 lowercase letters, some capitalised, so the
 * folding path runs as it would on real text. For K = 2, 5 and 10
 * labels, on a model of 2^20 buckets in memory (dense rows), it times
 * each of 20,000 sentences one by one:
 *
 *   features   the sentence to its vector (stet_features_text)
 *   update     one online update (stet_learner_update): the target is
 *              tens of microseconds
 *   predict    the probabilities (stet_learner_predict)
 *
 * and reports the median, p99 and mean of each, the features a sentence
 * has, and the accuracy of predicting each sentence of the second half
 * before learning from it (progressive validation): a check that the
 * default parameters learn, not a measure of quality. It reports,
 * never fails: the exit status is 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/core/features.h"
#include "../../src/core/learner.h"
#include "stet/mix.h"

#define SENTENCES 20000
#define WORDS 20
#define TOPIC_WORDS 4
#define TOPIC 300
#define SHARED 5000

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *t, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += t[i];
	qsort(t, n, sizeof *t, cmp_double);
	printf("  %-9s median %7.2f us   p99 %7.2f us   mean %7.2f us\n",
	       what, t[n / 2], t[n * 99 / 100], sum / (double)n);
}

static uint64_t gen;

static uint64_t next(void)
{
	gen += 0x9e3779b97f4a7c15ULL;
	return stet_mix64(gen);
}

static char *word(void)
{
	size_t len = 3 + next() % 7;
	char *w = malloc(len + 1);

	if (w == NULL)
		abort();
	for (size_t i = 0; i < len; i++)
		w[i] = (char)('a' + next() % 26);
	w[len] = '\0';
	if (next() % 10 == 0)
		w[0] = (char)(w[0] - 'a' + 'A');
	return w;
}

static void sentence(char **topic, char **shared, char *out, size_t cap)
{
	size_t at = 0;

	for (size_t i = 0; i < WORDS; i++) {
		/* Topic words at random places among the shared ones. */
		const char *w = next() % WORDS < TOPIC_WORDS
					? topic[next() % TOPIC]
					: shared[next() % SHARED];

		at += (size_t)snprintf(out + at, cap - at, "%s%s",
				       i ? " " : "", w);
	}
	if (at + 1 < cap)
		out[at++] = '.', out[at] = '\0';
}

static int run(unsigned k, char **shared)
{
	struct stet_learner_params p;
	struct stet_dense_rows d;
	struct stet_learner l;
	struct stet_featurizer fz;
	struct stet_fvec x;
	struct stet_error err = { 0 };
	char ***topics = malloc(k * sizeof *topics);
	double *tf = malloc(SENTENCES * sizeof *tf);
	double *tu = malloc(SENTENCES * sizeof *tu);
	double *tp = malloc(SENTENCES * sizeof *tp);
	double prob[16], nfeat = 0;
	size_t right = 0, judged = 0;
	char text[512];

	if (topics == NULL || tf == NULL || tu == NULL || tp == NULL)
		abort();
	for (unsigned j = 0; j < k; j++) {
		topics[j] = malloc(TOPIC * sizeof **topics);
		if (topics[j] == NULL)
			abort();
		for (size_t i = 0; i < TOPIC; i++)
			topics[j][i] = word();
	}
	stet_learner_params_default(&p, k, STET_FEATURES_BITS_DEFAULT, false);
	if (stet_dense_rows_init(&d, &p, &err) != STET_OK) {
		printf("learner bench: %s\n", err.msg);
		return 1;
	}
	/* A model in use has its pages: without this, the first touch of
	 * each page of the zeroed rows (a fault, and with transparent huge
	 * pages the zeroing of 2 MB) would land on whichever update meets
	 * it first. */
	memset(d.rows, 0, (size_t)d.nrows * d.width * sizeof *d.rows);
	if (stet_learner_init(&l, &p, stet_dense_rows_iface(&d), &err) ||
	    stet_featurizer_init(&fz, STET_FEATURES_BITS_DEFAULT, &err)) {
		printf("learner bench: %s\n", err.msg);
		return 1;
	}
	stet_fvec_init(&x);
	for (size_t s = 0; s < SENTENCES; s++) {
		unsigned y = (unsigned)(next() % k), best = 0;
		double t0, t1, t2, t3;

		sentence(topics[y], shared, text, sizeof text);
		t0 = now_us();
		if (stet_features_text(&fz, text, strlen(text), &x, &err))
			break;
		t1 = now_us();
		if (stet_learner_predict(&l, &x, prob, &err))
			break;
		t2 = now_us();
		if (stet_learner_update(&l, &x, &y, 1, &err))
			break;
		t3 = now_us();
		tf[s] = t1 - t0;
		tp[s] = t2 - t1;
		tu[s] = t3 - t2;
		nfeat += (double)x.n;
		for (unsigned j = 1; j < k; j++)
			if (prob[j] > prob[best])
				best = j;
		if (s >= SENTENCES / 2) {
			judged++;
			right += best == y;
		}
	}
	if (err.status != 0) {
		printf("learner bench: %s\n", err.msg);
		return 1;
	}
	printf("K = %u labels, 2^%u buckets (%.0f MB of rows), "
	       "%.0f features a sentence:\n",
	       k, p.bits,
	       (double)d.nrows * (double)d.width * sizeof(float) / 1e6,
	       nfeat / SENTENCES);
	report("features", tf, SENTENCES);
	report("update", tu, SENTENCES);
	report("predict", tp, SENTENCES);
	printf("  accuracy predicting the second half before learning each:"
	       " %.3f (chance %.3f)\n",
	       (double)right / (double)judged, 1.0 / k);
	stet_fvec_free(&x);
	stet_featurizer_free(&fz);
	stet_learner_free(&l);
	stet_dense_rows_free(&d);
	for (unsigned j = 0; j < k; j++) {
		for (size_t i = 0; i < TOPIC; i++)
			free(topics[j][i]);
		free(topics[j]);
	}
	free(topics);
	free(tf);
	free(tu);
	free(tp);
	return 0;
}

int main(void)
{
	static const unsigned ks[] = { 2, 5, 10 };
	char **shared = malloc(SHARED * sizeof *shared);

	if (shared == NULL)
		abort();
	gen = 20240601;
	for (size_t i = 0; i < SHARED; i++)
		shared[i] = word();
	printf("\nlearner benchmark: %d sentences of %d words, one at a time"
	       "\n", SENTENCES, WORDS);
	for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
		if (run(ks[i], shared) != 0)
			break;
	for (size_t i = 0; i < SHARED; i++)
		free(shared[i]);
	free(shared);
	return 0;
}
