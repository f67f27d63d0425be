/* The queue benchmark, run by tests/bench/run.sh:
 *
 *   queue_bench WORKDIR
 *
 * Builds a project of STET_BENCH_QUEUE_ITEMS items (default 1,000,000)
 * with overlap 3, gives it the history of 20 annotators who labeled
 * what the queue served them (annotator a labeled 2,000 * (a + 1)
 * items, so the early ones are far ahead and the band of items waiting
 * for more labels is wide: 420,000 labels in all), then times serving
 * the next item: for each annotator, 200 serves, each the queue's
 * choice and the lease in one write transaction. It reports the time
 * the choice takes (stet_serve_next inside the transaction; the target
 * is p99 under 1 ms) and, for information, the whole serve with its
 * durable commit, beside a plain fsync of 100 bytes measured in the
 * same run. It reports, never fails: the exit status is 0. */
#include <fcntl.h>
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
#include "stet/project.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "items.h"
#include "timing.h"
#include "stet/timefmt.h"

#define ANNOTATORS 20
#define SERVES 200

struct fill {
	uint64_t items;
};

static int items_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct fill *f = ctx;

	if (stet_option_set(txn, "overlap", "3", err) != STET_OK ||
	    stet_option_set(txn, "gold_rate", "0", err) != STET_OK)
		return STET_ERR;
	return bench_items_add(txn, f->items, "queue", "q", err);
}

struct history {
	struct stet_labeling *l;
	uint64_t done[ANNOTATORS];
	int busy;
};

/* Each annotator labels what the queue serves them, taking turns, until
 * they have their share: 10,000 labels a transaction. */
static int history_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct history *h = ctx;
	uint64_t done[ANNOTATORS];
	int batch = 0, rc;

	/* Redone from the same point when the map grows. */
	memcpy(done, h->done, sizeof done);
	h->busy = 0;
	while (batch < 10000) {
		int any = 0;

		for (int a = 0; a < ANNOTATORS; a++) {
			struct stet_labeling *l = &h->l[a];
			struct stet_serve sv = {
				.overlap = 3, .now_ms = stet_time_now_ms(),
				.lease_ms = 0, .draw = 1,
			};
			struct stet_event ev;
			uint64_t item;
			bool gold;

			if (done[a] >= 2000 * (uint64_t)(a + 1))
				continue;
			any = 1;
			rc = stet_serve_next(txn, &l->queue, &sv, &item, &gold, err);
			if (rc != STET_OK)
				return rc;
			if (item == 0) {
				done[a] = UINT64_MAX;
				continue;
			}
			memset(&ev, 0, sizeof ev);
			ev.session = l->session.id;
			ev.annotator = l->annotator;
			ev.item = item;
			ev.action = STET_ACT_LABEL;
			ev.time_ms = sv.now_ms;
			ev.labels[0] = 1 + (uint32_t)(stet_mix64(item + (uint64_t)a) % 3);
			ev.nlabels = 1;
			ev.schema_version = 1;
			if ((rc = stet_event_append(txn, &ev, err)) != STET_OK ||
			    (rc = stet_lease_release(txn, item, l->annotator,
						     err)) != STET_OK)
				return rc;
			stet_event_clear(&ev);
			done[a]++;
			batch++;
		}
		if (!any)
			break;
	}
	h->busy = batch > 0;
	memcpy(h->done, done, sizeof done);
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
	struct stet_labeling *l = t->l;
	struct stet_serve sv = {
		.overlap = 3, .now_ms = stet_time_now_ms(),
		.lease_ms = 600000, .draw = stet_mix64(l->served),
		.held = l->leased,
	};
	bool gold;
	double t0 = now_s();
	int rc = stet_serve_next(txn, &l->queue, &sv, &t->item, &gold, err);

	t->choose = now_s() - t0;
	return rc;
}

static double fsync_p(const char *dir, double *p50)
{
	char path[4096];
	double v[200];
	int fd;

	snprintf(path, sizeof path, "%s/fsync.probe", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (int i = 0; i < 200; i++) {
		char buf[100];
		double t0;

		memset(buf, 'x', sizeof buf);
		t0 = now_s();
		if (pwrite(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf ||
		    fdatasync(fd) != 0)
			break;
		v[i] = now_s() - t0;
	}
	close(fd);
	unlink(path);
	*p50 = pct(v, 200, 0.5);
	return pct(v, 200, 0.99);
}

int main(int argc, char **argv)
{
	const char *env = getenv("STET_BENCH_QUEUE_ITEMS");
	struct fill f = {env ? strtoull(env, NULL, 10) : 1000000};
	struct stet_labeling l[ANNOTATORS];
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	struct history h = {l, {0}, 1};
	double *choose, *whole, t0, fs50 = 0, fs99;
	size_t n = 0;
	char path[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: queue_bench WORKDIR\n");
		return 0;
	}
	printf("\nqueue benchmark\n");
	snprintf(path, sizeof path, "%s/queue.stet", argv[1]);
	unlink(path);
	stet_schema_init(&s);
	t0 = now_s();
	if (stet_schema_from_list(&s, "POS,NEG,NEU", &err) != STET_OK ||
	    stet_project_create(path, &s, "lead", &st, &err) != STET_OK ||
	    stet_store_write(st, items_fn, &f, &err) != STET_OK) {
		printf("bench: queue: %s\nbench: queue benchmark not completed\n", err.msg);
		return 0;
	}
	stet_schema_free(&s);
	printf("  data        %" PRIu64 " items, overlap 3, made in %.1f s\n",
	       f.items, now_s() - t0);
	for (int a = 0; a < ANNOTATORS; a++) {
		char who[16];
		struct stet_labeling_opts o = {
			.annotator = who, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
			.project_order = true,
		};

		snprintf(who, sizeof who, "a%02d", a);
		if (stet_labeling_open(&l[a], st, &o, &err) != STET_OK) {
			printf("bench: queue: %s\n", err.msg);
			return 0;
		}
	}
	t0 = now_s();
	while (h.busy)
		if (stet_store_write(st, history_fn, &h, &err) != STET_OK) {
			printf("bench: queue: history: %s\n", err.msg);
			return 0;
		}
	{
		uint64_t labels = 0;

		for (int a = 0; a < ANNOTATORS; a++)
			labels += h.done[a] == UINT64_MAX ? 0 : h.done[a];
		printf("  history     20 annotators labeled what they were served, 2,000 to 40,000 items each: %" PRIu64 " labels in %.1f s%s\n",
		       labels, now_s() - t0,
		       labels < 420000 ? " (the items ran out)" : "");
	}
	choose = calloc(ANNOTATORS * SERVES, sizeof *choose);
	whole = calloc(ANNOTATORS * SERVES, sizeof *whole);
	for (int r = 0; r < SERVES; r++)
		for (int a = 0; a < ANNOTATORS; a++) {
			struct timed t = {&l[a], 0, 0};

			t0 = now_s();
			if (stet_store_write(st, serve_fn, &t, &err) != STET_OK) {
				printf("bench: queue: serve: %s\n", err.msg);
				return 0;
			}
			whole[n] = now_s() - t0;
			choose[n++] = t.choose;
			l[a].leased = t.item;
			l[a].served++;
		}
	fs99 = fsync_p(argv[1], &fs50);
	printf("\nmeasurement                               value  reference                   ratio  target   result\n");
	printf("---------------------------------- ------------  -------------------------- ------  -------- ------\n");
	{
		double c50 = pct(choose, n, 0.5), c99 = pct(choose, n, 0.99);
		double w50 = pct(whole, n, 0.5), w99 = pct(whole, n, 0.99);

		printf("%-34s %9.3f ms  %-26s %6s  %-8s %s\n",
		       "queue: choose next, p99", c99 * 1e3, "1 ms limit", "-",
		       "< 1 ms", c99 < 1e-3 ? "PASS" : "MISS");
		printf("%-34s %9.3f ms  %-26s %6s  %-8s %s\n",
		       "queue: choose next, p50 (info)", c50 * 1e3, "-", "-", "-", "-");
		printf("%-34s %9.3f ms  fsync p99 %6.3f ms         %6.2f  %-8s %s\n",
		       "serve + lease, committed, p99", w99 * 1e3, fs99 * 1e3,
		       fs99 > 0 ? w99 / fs99 : 0, "-", "-");
		printf("%-34s %9.3f ms  fsync p50 %6.3f ms         %6.2f  %-8s %s\n",
		       "serve + lease, committed, p50", w50 * 1e3, fs50 * 1e3,
		       fs50 > 0 ? w50 / fs50 : 0, "-", "-");
	}
	printf("\n  serves      %zu (%d per annotator), each in its own write transaction\n",
	       n, SERVES);
	for (int a = 0; a < ANNOTATORS; a++)
		stet_labeling_close(&l[a], &err);
	stet_store_close(st);
	free(choose);
	free(whole);
	unlink(path);
	snprintf(path, sizeof path, "%s/queue.stet-lock", argv[1]);
	unlink(path);
	return 0;
}
