/* The predicted orders' benchmark, run by tests/bench/run.sh:
 *
 *   order_bench WORKDIR
 *
 * Builds a project of STET_BENCH_ORDER_ITEMS items (default 1,000,000)
 * in a three-label schema, and one run of a model scoring nine items in
 * ten (all three labels, scores from a fixed seed; the tenth items have
 * no prediction, so the tail is walked too). Then times opening the
 * queue, which is when a predicted order ranks the items: for each
 * order, the median and the slowest of 5 opens, each in its own read
 * transaction, beside the sequential order, which ranks nothing. Also
 * the first serve under uncertainty (the frontier search from the
 * start), and the bytes the ranking holds. It reports, never fails:
 * the exit status is 0. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stet/item.h"
#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/project.h"
#include "stet/queue.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "items.h"
#include "timing.h"

#define RUNS 5

static int items_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const uint64_t *n = ctx;

	return bench_items_add(txn, *n, "order", "o", err);
}

/* Scores for labels 1..3 summing to 1, on nine items in ten. */
static int predictions_fn(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	const uint64_t *n = ctx;
	struct stet_model m;
	int rc = stet_model_begin(txn, "bench", STET_MODEL_OUTSIDE, 1, &m, err);

	for (uint64_t i = 1; rc == STET_OK && i <= *n; i++) {
		struct stet_prediction p;
		uint64_t r = stet_mix64(i * 0x9e3779b97f4a7c15ULL);
		double a = (double)(r & 0xffff) / 65536, b = (double)(r >> 48) / 65536;
		bool replaced;

		if (i % 10 == 0)
			continue;
		memset(&p, 0, sizeof p);
		p.version = m.version;
		p.all = true;
		p.n = 3;
		p.labels[0] = 1;
		p.labels[1] = 2;
		p.labels[2] = 3;
		p.scores[0] = a;
		p.scores[1] = (1 - a) * b;
		p.scores[2] = 1 - a - p.scores[1];
		if (p.scores[2] < 0)
			p.scores[2] = 0;
		rc = stet_prediction_put(txn, &m, i, &p, &replaced, err);
	}
	if (rc == STET_OK)
		rc = stet_model_put(txn, &m, err);
	stet_model_clear(&m);
	return rc;
}

/* Median and slowest of RUNS opens of spec. */
static int time_open(struct stet_store *st, const struct stet_order_spec *spec,
		     double *med, double *worst, struct stet_error *err)
{
	double v[RUNS];

	for (int r = 0; r < RUNS; r++) {
		struct stet_txn *txn;
		struct stet_queue q;
		double t0 = now_s();
		int rc;

		if (stet_txn_begin_read(st, &txn, err) != STET_OK)
			return STET_ERR;
		rc = stet_queue_open_spec(txn, &q, spec, 1, err);
		stet_txn_end(txn);
		v[r] = now_s() - t0;
		if (rc != STET_OK)
			return rc;
		stet_queue_close(&q);
	}
	qsort(v, RUNS, sizeof *v, by_double);
	*med = v[RUNS / 2];
	*worst = v[RUNS - 1];
	return STET_OK;
}

struct first {
	struct stet_queue *q;
	uint64_t item;
	double t;
};

static int first_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct first *f = ctx;
	struct stet_serve sv = {.overlap = 1, .now_ms = 1, .lease_ms = 1};
	bool gold;
	double t0 = now_s();
	int rc = stet_serve_next(txn, f->q, &sv, &f->item, &gold, err);

	f->t = now_s() - t0;
	return rc == STET_OK ? stet_error_set(err, STET_STOP, "timed") : rc;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *what;
		enum stet_order order;
		enum stet_measure by;
		const char *label;
		uint32_t explore;
	} cases[] = {
		{"sequential (ranks nothing)", STET_ORDER_SEQUENTIAL, 0, "", 0},
		{"uncertainty --by least", STET_ORDER_UNCERTAINTY, STET_BY_LEAST, "", 0},
		{"uncertainty --by margin", STET_ORDER_UNCERTAINTY, STET_BY_MARGIN, "", 0},
		{"uncertainty --by entropy", STET_ORDER_UNCERTAINTY, STET_BY_ENTROPY, "", 0},
		{"score", STET_ORDER_SCORE, 0, "", 0},
		{"score --label NEG", STET_ORDER_SCORE, 0, "NEG", 0},
		{"uncertainty --explore 0.1", STET_ORDER_UNCERTAINTY, STET_BY_LEAST, "", 100000},
	};
	const char *env = getenv("STET_BENCH_ORDER_ITEMS");
	uint64_t n = env ? strtoull(env, NULL, 10) : 1000000;
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	struct stet_order_spec spec;
	struct stet_queue q;
	struct stet_txn *txn;
	struct first f;
	double t0, base = 0;
	char path[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: order_bench WORKDIR\n");
		return 0;
	}
	printf("\npredicted orders benchmark\n");
	snprintf(path, sizeof path, "%s/order.stet", argv[1]);
	unlink(path);
	stet_schema_init(&s);
	t0 = now_s();
	if (stet_schema_from_list(&s, "POS,NEG,NEU", &err) != STET_OK ||
	    stet_project_create(path, &s, "lead", &st, &err) != STET_OK ||
	    stet_store_write(st, items_fn, &n, &err) != STET_OK ||
	    stet_store_write(st, predictions_fn, &n, &err) != STET_OK) {
		printf("bench: order: %s\nbench: order benchmark not completed\n", err.msg);
		return 0;
	}
	stet_schema_free(&s);
	printf("  data        %" PRIu64 " items, predictions on 9 in 10, made in %.1f s\n",
	       n, now_s() - t0);
	printf("\nqueue open (ranking)                 median        slowest   vs sequential\n");
	printf("---------------------------------- -----------  -----------  -------------\n");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double med, worst;

		stet_order_spec_init(&spec);
		spec.order = cases[i].order;
		spec.by = cases[i].by;
		snprintf(spec.label, sizeof spec.label, "%s", cases[i].label);
		spec.explore_ppm = cases[i].explore;
		if (time_open(st, &spec, &med, &worst, &err) != STET_OK) {
			printf("bench: order: %s: %s\n", cases[i].what, err.msg);
			return 0;
		}
		if (i == 0)
			base = med;
		printf("%-34s %8.1f ms  %8.1f ms  %+10.1f ms\n", cases[i].what,
		       med * 1e3, worst * 1e3, (med - base) * 1e3);
	}
	stet_order_spec_init(&spec);
	spec.order = STET_ORDER_UNCERTAINTY;
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK ||
	    stet_queue_open_spec(txn, &q, &spec, 1, &err) != STET_OK) {
		printf("bench: order: %s\n", err.msg);
		return 0;
	}
	stet_txn_end(txn);
	f = (struct first){&q, 0, 0};
	if (stet_store_write(st, first_fn, &f, &err) != STET_STOP)
		printf("bench: order: first serve: %s\n", err.msg);
	else
		printf("\n  first serve under uncertainty: item %" PRIu64 " in %.3f ms (not committed)\n",
		       f.item, f.t * 1e3);
	printf("  the ranking holds %.1f MB (%zu bytes an item)\n",
	       (double)n * (2 * sizeof(uint64_t) + sizeof(double) + 1) / 1e6,
	       2 * sizeof(uint64_t) + sizeof(double) + 1);
	stet_queue_close(&q);
	stet_store_close(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/order.stet-lock", argv[1]);
	unlink(path);
	return 0;
}
