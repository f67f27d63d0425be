/* The routing benchmark, run by tests/bench/run.sh:
 *
 *   route_bench WORKDIR
 *
 * Builds a project of STET_BENCH_ROUTE_ITEMS items (default 1,000,000)
 * at overlap 2 with a model's prediction on each: the first nine
 * tenths scored 0.7 and the last tenth 0.3, so that stet route at
 * A = 0.9 and B = 0.6 gives the first nine tenths to one person and the
 * last tenth to the overlap. It times the run (one ROUTE event an item, one transaction)
 * and its dry run; then annotator a labels what the queue serves them,
 * half the items, which leaves every one-person item they labeled
 * needing no one more, all of them before the first item b can be
 * served in the queue's order; then it times serving b the next item
 * (the queue's choice, inside the write transaction; the queue's own
 * target is p99 under 1 ms), counting what b is owed (before a's labels
 * and after), and last the undo (one UNDO an item, one transaction). It reports, never fails: the exit status is 0. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/mix.h"
#include "stet/options.h"
#include "stet/predict.h"
#include "stet/progress.h"
#include "stet/project.h"
#include "stet/route.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "stet/timefmt.h"
#include "items.h"
#include "timing.h"

#define SERVES 200

static int items_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	uint64_t n = *(const uint64_t *)ctx;
	struct stet_model m;
	int rc;

	if (stet_option_set(txn, "overlap", "2", err) != STET_OK ||
	    stet_option_set(txn, "gold_rate", "0", err) != STET_OK)
		return STET_ERR;
	if ((rc = bench_items_add(txn, n, "route", "r", err)) != STET_OK ||
	    (rc = stet_model_begin(txn, "m", STET_MODEL_OUTSIDE, 1000, &m,
				   err)) != STET_OK)
		return rc;
	for (uint64_t i = 1; i <= n && rc == STET_OK; i++) {
		struct stet_prediction p;
		bool replaced;

		memset(&p, 0, sizeof p);
		p.version = m.version;
		p.n = 1;
		p.labels[0] = 1;
		p.scores[0] = i > n / 10 * 9 ? 0.3 : 0.7;
		rc = stet_prediction_put(txn, &m, i, &p, &replaced, err);
	}
	if (rc == STET_OK)
		rc = stet_model_put(txn, &m, err);
	stet_model_clear(&m);
	return rc;
}

struct history {
	struct stet_labeling *l;
	uint64_t done, want;
};

/* a labels what they are served, 10,000 labels a transaction. */
static int history_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct history *h = ctx;
	uint64_t done = h->done;
	int rc;

	for (int batch = 0; batch < 10000 && done < h->want; batch++) {
		struct stet_serve sv = {
			.overlap = 2, .now_ms = stet_time_now_ms(),
			.lease_ms = 0, .draw = 1,
		};
		struct stet_event ev;
		uint64_t item;
		bool gold;

		if ((rc = stet_serve_next(txn, &h->l->queue, &sv, &item, &gold,
					  err)) != STET_OK)
			return rc;
		if (item == 0) {
			h->want = done;
			break;
		}
		memset(&ev, 0, sizeof ev);
		ev.session = h->l->session.id;
		ev.annotator = h->l->annotator;
		ev.item = item;
		ev.action = STET_ACT_LABEL;
		ev.time_ms = sv.now_ms;
		ev.labels[0] = 1;
		ev.nlabels = 1;
		ev.schema_version = 1;
		if ((rc = stet_event_append(txn, &ev, err)) != STET_OK)
			return rc;
		stet_event_clear(&ev);
		done++;
	}
	h->done = done;
	return STET_OK;
}

struct timed {
	struct stet_labeling *l;
	double choose;
	uint64_t item;
};

static int serve_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct timed *t = ctx;
	struct stet_serve sv = {
		.overlap = 2, .now_ms = stet_time_now_ms(),
		.lease_ms = 600000, .draw = stet_mix64(t->l->served),
		.held = t->l->leased,
	};
	bool gold;
	double t0 = now_s();
	int rc = stet_serve_next(txn, &t->l->queue, &sv, &t->item, &gold, err);

	t->choose = now_s() - t0;
	return rc;
}

/* The time of counting what annotator is owed (a session's start, a
 * line of stet info), or -1. */
static double progress_time(struct stet_store *st, uint64_t n,
			    uint32_t annotator)
{
	struct stet_txn *txn;
	struct stet_progress p;
	struct stet_error err = {0};
	double t0 = now_s();

	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		goto fail;
	if (stet_progress_count(txn, n, annotator, 2, 0, &p, &err) != STET_OK) {
		stet_txn_end(txn);
		goto fail;
	}
	stet_txn_end(txn);
	return now_s() - t0;
fail:
	printf("bench: route: progress: %s\n", err.msg);
	return -1;
}

static int open_as(struct stet_store *st, struct stet_labeling *l,
		   const char *who)
{
	struct stet_labeling_opts o = {
		.annotator = who, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.project_order = true,
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK) {
		printf("bench: route: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *env = getenv("STET_BENCH_ROUTE_ITEMS");
	uint64_t n = env ? strtoull(env, NULL, 10) : 1000000;
	struct stet_route_opts o = {
		.model = "m", .accept = 0.9, .review = 0.6, .seed = 1,
	};
	struct stet_route_result res;
	struct stet_route_undo_result un;
	struct stet_labeling a, b;
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	struct history h = {&a, 0, 0};
	double choose[SERVES], t0, dry, run, undo, progress, progress0;
	char path[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: route_bench WORKDIR\n");
		return 0;
	}
	printf("\nroute benchmark\n");
	snprintf(path, sizeof path, "%s/route.stet", argv[1]);
	unlink(path);
	stet_schema_init(&s);
	t0 = now_s();
	if (stet_schema_from_list(&s, "POS,NEG", &err) != STET_OK ||
	    stet_project_create(path, &s, "lead", &st, &err) != STET_OK ||
	    stet_store_write(st, items_fn, &n, &err) != STET_OK) {
		printf("bench: route: %s\nbench: route benchmark not completed\n", err.msg);
		return 0;
	}
	stet_schema_free(&s);
	printf("  data        %" PRIu64 " items with a prediction each, overlap 2, made in %.1f s\n",
	       n, now_s() - t0);
	if (open_as(st, &a, "a") != 0 || open_as(st, &b, "b") != 0)
		return 0;
	o.dry_run = true;
	o.now_ms = stet_time_now_ms();
	t0 = now_s();
	if (stet_route_run(st, &o, &res, &err) != STET_OK) {
		printf("bench: route: dry run: %s\n", err.msg);
		return 0;
	}
	dry = now_s() - t0;
	o.dry_run = false;
	t0 = now_s();
	if (stet_route_run(st, &o, &res, &err) != STET_OK) {
		printf("bench: route: %s\n", err.msg);
		return 0;
	}
	run = now_s() - t0;
	printf("  routed      %" PRIu64 " one person, %" PRIu64 " overlap: %" PRIu64 " events\n",
	       res.band[STET_BAND_ONE], res.band[STET_BAND_OVERLAP], res.events);
	if ((progress0 = progress_time(st, n, b.annotator)) < 0)
		return 0;
	h.want = n / 2;
	t0 = now_s();
	while (h.done < h.want)
		if (stet_store_write(st, history_fn, &h, &err) != STET_OK) {
			printf("bench: route: history: %s\n", err.msg);
			return 0;
		}
	printf("  history     a labeled %" PRIu64 " items served to them in %.1f s\n",
	       h.done, now_s() - t0);
	for (int r = 0; r < SERVES; r++) {
		struct timed t = {&b, 0, 0};

		if (stet_store_write(st, serve_fn, &t, &err) != STET_OK) {
			printf("bench: route: serve: %s\n", err.msg);
			return 0;
		}
		choose[r] = t.choose;
		b.leased = t.item;
		b.served++;
	}
	if ((progress = progress_time(st, n, b.annotator)) < 0)
		return 0;
	t0 = now_s();
	if (stet_route_undo(st, stet_time_now_ms(), NULL, NULL, &un, &err) !=
	    STET_OK) {
		printf("bench: route: undo: %s\n", err.msg);
		return 0;
	}
	undo = now_s() - t0;
	printf("\nmeasurement                               value  reference                   ratio  target   result\n");
	printf("---------------------------------- ------------  -------------------------- ------  -------- ------\n");
	{
		double c99 = pct(choose, SERVES, 0.99);
		double c50 = pct(choose, SERVES, 0.5);

		printf("%-34s %9.3f ms  %-26s %6s  %-8s %s\n",
		       "routed queue: choose next, p99", c99 * 1e3, "1 ms limit",
		       "-", "< 1 ms", c99 < 1e-3 ? "PASS" : "MISS");
		printf("%-34s %9.3f ms  %-26s %6s  %-8s %s\n",
		       "routed queue: choose next, p50", c50 * 1e3, "-", "-",
		       "-", "-");
	}
	printf("%-34s %9.1f ms  %-26s %6s  %-8s %s\n",
	       "progress count, no label yet", progress0 * 1e3, "-", "-", "-",
	       "-");
	printf("%-34s %9.1f ms  %-26s %6s  %-8s %s\n",
	       "progress count, half labeled", progress * 1e3, "-", "-", "-",
	       "-");
	printf("%-34s %10.2f s  %-26s %6s  %-8s %s\n", "stet route --dry-run",
	       dry, "-", "-", "-", "-");
	printf("%-34s %10.2f s  %-26s %6s  %-8s %s\n", "stet route (one transaction)",
	       run, "-", "-", "-", "-");
	printf("%-34s %10.2f s  %-26s %6s  %-8s %s\n", "stet route --undo",
	       undo, "-", "-", "-", "-");
	stet_labeling_close(&a, &err);
	stet_labeling_close(&b, &err);
	stet_store_close(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/route.stet-lock", argv[1]);
	unlink(path);
	return 0;
}
