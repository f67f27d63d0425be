/* Routing by a model's confidence: the bands of a top score, the people
 * each band requires, a run and its undo as the queue, progress and
 * stet verify see them, the model's accuracy on its spot checks, and
 * the team queue walked at random with items routed and unrouted
 * along the way. */
#include "unit.h"

#include <math.h>

#include "stet/mix.h"
#include "stet/route.h"
#include "stet/timefmt.h"
#include "older.h"
#include "queue_world.h"

static void bands_of_scores(void **state)
{
	(void)state;
	/* accept at 0.9, review below 0.6: the bounds belong to the band
	 * above them. */
	assert_int_equal(stet_band_of(1.0, 0.9, 0.6, false), STET_BAND_ACCEPT);
	assert_int_equal(stet_band_of(0.9, 0.9, 0.6, false), STET_BAND_ACCEPT);
	assert_int_equal(stet_band_of(0.9, 0.9, 0.6, true), STET_BAND_SPOT);
	assert_int_equal(stet_band_of(0.8999, 0.9, 0.6, false), STET_BAND_ONE);
	assert_int_equal(stet_band_of(0.6, 0.9, 0.6, false), STET_BAND_ONE);
	assert_int_equal(stet_band_of(0.5999, 0.9, 0.6, false),
			 STET_BAND_OVERLAP);
	assert_int_equal(stet_band_of(0.0, 0.9, 0.6, false), STET_BAND_OVERLAP);
	/* B = A: no one-person band. */
	assert_int_equal(stet_band_of(0.7, 0.7, 0.7, false), STET_BAND_ACCEPT);
	assert_int_equal(stet_band_of(0.69, 0.7, 0.7, false), STET_BAND_OVERLAP);
	/* B = 0: nothing keeps the overlap. */
	assert_int_equal(stet_band_of(0.0, 0.9, 0.0, false), STET_BAND_ONE);
}

static void required_counts(void **state)
{
	(void)state;
	for (uint32_t k = 1; k <= 3; k++) {
		assert_int_equal(stet_band_required(STET_BAND_ACCEPT, k), 0);
		assert_int_equal(stet_band_required(STET_BAND_SPOT, k), 1);
		assert_int_equal(stet_band_required(STET_BAND_ONE, k), 1);
		assert_int_equal(stet_band_required(STET_BAND_OVERLAP, k), k);
		assert_int_equal(stet_band_required(STET_BAND_NONE, k), k);
	}
	/* What may send an item back to the queue: any move up. */
	assert_true(stet_band_raises(STET_BAND_ACCEPT, STET_BAND_NONE));
	assert_true(stet_band_raises(STET_BAND_ACCEPT, STET_BAND_SPOT));
	assert_true(stet_band_raises(STET_BAND_ONE, STET_BAND_OVERLAP));
	assert_true(stet_band_raises(STET_BAND_SPOT, STET_BAND_NONE));
	assert_false(stet_band_raises(STET_BAND_NONE, STET_BAND_ACCEPT));
	assert_false(stet_band_raises(STET_BAND_SPOT, STET_BAND_ONE));
	assert_false(stet_band_raises(STET_BAND_OVERLAP, STET_BAND_NONE));
	/* Wilson's 95% interval: 1 of 1 is [1 / (1 + z^2), 1]; 8 of 10,
	 * from the formula by hand, [0.4902, 0.9433]. */
	{
		double lo, hi;

		stet_wilson(1, 1, &lo, &hi);
		assert_true(fabs(lo - 1 / (1 + 1.959963984540054 *
					   1.959963984540054)) < 1e-12);
		assert_true(hi == 1);
		stet_wilson(8, 10, &lo, &hi);
		assert_true(fabs(lo - 0.4902) < 1e-4 && fabs(hi - 0.9433) < 1e-4);
		stet_wilson(0, 0, &lo, &hi);
		assert_true(lo == 0 && hi == 1);
	}
}

/* Items 1..n: item i scored (i * 53 % 100) / 100 for label 1 by model
 * r, but for every fourth item, which has no prediction. */
static int predict_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	uint64_t n = *(const uint64_t *)ctx;
	struct test_pred *p = stet_xcalloc(n, sizeof *p);
	size_t k = 0;
	int rc;

	for (uint64_t i = 1; i <= n; i++)
		if (i % 4 != 0)
			p[k++] = (struct test_pred){i, 1, {1},
						    {(double)(i * 53 % 100) / 100}};
	rc = test_predictions_put(txn, "r", p, k, err);
	free(p);
	return rc;
}

static void predict(struct stet_store *st, uint64_t n)
{
	struct stet_error err = {0};

	if (stet_store_write(st, predict_fn, &n, &err) != STET_OK)
		fail_msg("predict: %s", err.msg);
}

static void route(struct stet_store *st, double accept, double review,
		  double spot, bool dry, struct stet_route_result *res)
{
	struct stet_route_opts o = {
		.model = "r", .accept = accept, .review = review,
		.spot = spot, .seed = 7, .dry_run = dry, .now_ms = 1000,
	};
	struct stet_error err = {0};

	if (stet_route_run(st, &o, res, &err) != STET_OK)
		fail_msg("route: %s", err.msg);
}

static enum stet_band band_of(struct stet_store *st, uint64_t item)
{
	struct stet_txn *txn;
	struct stet_route r;
	struct stet_error err = {0};
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_route_get(txn, item, &r, &err);
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	return r.band;
}

static struct stet_progress progress_of(struct stet_store *st, uint32_t who,
					 uint64_t n, uint32_t overlap)
{
	struct stet_txn *txn;
	struct stet_progress p;
	struct stet_error err = {0};

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_progress_count(txn, n, who, overlap, 0, &p,
					     &err), STET_OK);
	stet_txn_end(txn);
	return p;
}

/* Twelve items at overlap 2, model r's scores by predict_fn:
 *   item   1    2    3    4    5    6    7    8    9   10   11   12
 *   score .53  .06  .59   -  .65  .18  .71   -  .77  .30  .83   -
 * accept at .7, review below .3: 7, 9 and 11 accept; 1, 3, 5 and 10
 * one person; 2 and 6 the overlap; 4, 8 and 12 no prediction. A spot
 * share of 1/3 keeps one of the three accepted as a spot check. An
 * annotator is then owed 2 + 3 = 5 overlap items, 4 one-person items
 * and the spot check: 10 of 12. */
static void run_and_undo(void **state)
{
	struct fill f = {12, "2", "sequential", 0};
	const char *path = make("bands.stet", &f, false);
	struct stet_route_result res;
	struct stet_route_undo_result un;
	struct stet_store *st;
	struct stet_error err = {0};
	struct stet_labeling a, b;
	struct stet_progress p;
	uint64_t n = 0, it;
	uint32_t ida, idb;
	int spots = 0;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	predict(st, 12);
	route(st, 0.7, 0.3, 1.0 / 3, true, &res);
	assert_int_equal(res.run, 0);
	assert_int_equal(res.band[STET_BAND_ACCEPT], 2);
	assert_int_equal(res.band[STET_BAND_SPOT], 1);
	assert_int_equal(res.band[STET_BAND_ONE], 4);
	assert_int_equal(res.band[STET_BAND_OVERLAP], 2);
	assert_int_equal(res.no_prediction, 3);
	assert_int_equal(band_of(st, 7), STET_BAND_NONE); /* a dry run */
	route(st, 0.7, 0.3, 1.0 / 3, false, &res);
	assert_int_equal(res.run, 1);
	assert_int_equal(res.events, 9);
	assert_int_equal(band_of(st, 1), STET_BAND_ONE);
	assert_int_equal(band_of(st, 2), STET_BAND_OVERLAP);
	assert_int_equal(band_of(st, 4), STET_BAND_NONE);
	for (uint64_t i = 7; i <= 11; i += 2)
		spots += band_of(st, i) == STET_BAND_SPOT;
	assert_int_equal(spots, 1);
	consistent(st);

	/* a is served the ten items owed, each once, never an accepted
	 * one; b then only the overlap's five, as each one-person item
	 * and the spot check have their one. */
	lopen(&a, st, "a");
	ida = a.queue.annotator;
	p = progress_of(st, ida, 12, 2);
	assert_int_equal(p.left, 10);
	for (it = serve(&a, 0); it != 0; it = label(&a, it, 1)) {
		assert_true(++n <= 10);
		assert_true(band_of(st, it) != STET_BAND_ACCEPT);
	}
	assert_int_equal(n, 10);
	assert_int_equal(stet_labeling_close(&a, &err), STET_OK);
	lopen(&b, st, "b");
	idb = b.queue.annotator;
	n = 0;
	for (it = serve(&b, 0); it != 0; it = label(&b, it, 2)) {
		enum stet_band bd = band_of(st, it);

		assert_true(bd == STET_BAND_OVERLAP || bd == STET_BAND_NONE);
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(stet_labeling_close(&b, &err), STET_OK);
	consistent(st);

	/* The undo gives every item back its overlap: the two accepted
	 * items no one labeled are owed to both, each labeled item to the
	 * other annotator, behind the frontier as they are. */
	assert_int_equal(stet_route_undo(st, 2000, NULL, NULL, &un, &err),
			 STET_OK);
	assert_int_equal(un.run, 1);
	assert_int_equal(un.events, 9);
	assert_int_equal(band_of(st, 7), STET_BAND_NONE);
	consistent(st);
	p = progress_of(st, ida, 12, 2);
	assert_int_equal(p.left, 2);
	p = progress_of(st, idb, 12, 2);
	/* b: the 2 accepted items, the 4 one-person items and the spot
	 * check a labeled. */
	assert_int_equal(p.left, 7);
	lopen(&b, st, "b");
	n = 0;
	for (it = serve(&b, 0); it != 0; it = label(&b, it, 2))
		n++;
	assert_int_equal(n, 7);
	assert_int_equal(stet_labeling_close(&b, &err), STET_OK);
	assert_int_equal(stet_route_undo(st, 3000, NULL, NULL, &un, &err),
			 STET_NOTFOUND);
	consistent(st);
	stet_store_close(st);
}

/* A second run replaces the routes of items no one has labeled; its
 * undo puts the first run's back. */
static void runs_stack(void **state)
{
	struct fill f = {12, "2", "sequential", 0};
	const char *path = make("stack.stet", &f, false);
	struct stet_route_result res;
	struct stet_route_undo_result un;
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	predict(st, 12);
	route(st, 0.7, 0.3, 0, false, &res);
	assert_int_equal(band_of(st, 9), STET_BAND_ACCEPT);
	route(st, 0.8, 0.3, 0, false, &res);
	assert_int_equal(res.run, 2);
	assert_int_equal(band_of(st, 9), STET_BAND_ONE);
	assert_int_equal(band_of(st, 11), STET_BAND_ACCEPT);
	consistent(st);
	assert_int_equal(stet_route_undo(st, 2000, NULL, NULL, &un, &err),
			 STET_OK);
	assert_int_equal(un.run, 2);
	assert_int_equal(band_of(st, 9), STET_BAND_ACCEPT);
	assert_int_equal(stet_route_undo(st, 2000, NULL, NULL, &un, &err),
			 STET_OK);
	assert_int_equal(un.run, 1);
	assert_int_equal(band_of(st, 9), STET_BAND_NONE);
	consistent(st);
	stet_store_close(st);
}

/* The spot checks: the model said label 1 of every item; a person who
 * says 1 on one spot check and 2 on another makes it right once in
 * two. */
static void spot_accuracy(void **state)
{
	struct fill f = {12, "1", "sequential", 0};
	const char *path = make("spot.stet", &f, false);
	struct stet_route_result res;
	struct stet_store *st;
	struct stet_error err = {0};
	struct stet_labeling a;
	struct stet_spot_row *rows;
	struct stet_txn *txn;
	size_t n;
	uint64_t it;
	uint32_t lab = 1;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	predict(st, 12);
	/* accept at .5: 1, 3, 5, 7, 9 and 11, all spot checks. */
	route(st, 0.5, 0.5, 1, false, &res);
	assert_int_equal(res.band[STET_BAND_SPOT], 6);
	lopen(&a, st, "a");
	for (it = serve(&a, 0); it != 0 && it <= 3;) {
		it = label(&a, it, lab);
		lab = 3 - lab;
	}
	assert_int_equal(stet_labeling_close(&a, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_spot_accuracy(txn, &rows, &n, &err), STET_OK);
	stet_txn_end(txn);
	/* a labeled items 1 (spot, 1), 2 (overlap, 2) and 3 (spot, 1):
	 * both spot checks agree. */
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].annotator, "model:r");
	assert_int_equal(rows[0].checks, 2);
	assert_int_equal(rows[0].agree, 2);
	assert_int_equal(rows[0].waiting, 4);
	stet_spot_rows_free(rows, n);
	consistent(st);
	stet_store_close(st);
}

static int forge_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_event ev;
	int rc;

	(void)ctx;
	memset(&ev, 0, sizeof ev);
	ev.annotator = 1;
	ev.item = 2;
	ev.action = STET_ACT_ROUTE; /* and no decision */
	ev.schema_version = 1;
	rc = stet_event_append(txn, &ev, err);
	stet_event_clear(&ev);
	return rc;
}

/* A route event that carries no decision is a damaged record to stet
 * verify, as an unknown action is. */
static void route_without_decision(void **state)
{
	struct fill f = {4, "1", "sequential", 0};
	const char *path = make("forged.stet", &f, false);
	struct stet_store *st;
	struct stet_verify_report rep;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_store_write(st, forge_fn, NULL, &err), STET_OK);
	assert_int_equal(stet_verify(st, 4, &rep, &err), STET_OK);
	assert_int_equal(rep.total, 1);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_RECORD);
	assert_string_equal(rep.findings[0].msg,
			    "event 1: a route with no decision");
	stet_verify_report_free(&rep);
	stet_store_close(st);
}

static int miscount_fn(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	(void)ctx;
	return stet_meta_put_u64(txn, "routes.accept", 99, err);
}

/* The count of accepted items that spares progress a walk of `routes`
 * is checked by stet verify against the events. */
static void accepted_count_is_verified(void **state)
{
	struct fill f = {12, "2", "sequential", 0};
	const char *path = make("miscount.stet", &f, false);
	struct stet_route_result res;
	struct stet_store *st;
	struct stet_verify_report rep;
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint64_t n;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	predict(st, 12);
	route(st, 0.7, 0.3, 0, false, &res);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_routes_accepted(txn, &n, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(n, 3); /* items 7, 9 and 11 */
	assert_int_equal(stet_store_write(st, miscount_fn, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_verify(st, 4, &rep, &err), STET_OK);
	assert_int_equal(rep.total, 1);
	assert_string_equal(rep.findings[0].msg,
			    "routes: meta routes.accept counts 99 accepted items; the events give 3");
	stet_verify_report_free(&rep);
	stet_store_close(st);
}

/* A project of format 7 has no `routes`: opened for writing, it gets
 * one, empty, and can be routed. */
static void format_7_gets_routes(void **state)
{
	struct fill f = {12, "2", "sequential", 0};
	const char *path = make("format7.stet", &f, false);
	struct stet_route_result res;
	struct stet_store *st;
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint64_t v, n;

	(void)state;
	make_older(path, 7, (const char *const[]){"routes", NULL});

	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_count(txn, STET_DB_ROUTES, &n, &err), STET_OK);
	assert_int_equal(n, 0);
	stet_txn_end(txn);
	predict(st, 12);
	route(st, 0.7, 0.3, 0, false, &res);
	assert_int_equal(res.events, 9);
	consistent(st);
	stet_store_close(st);
}

static int order_model_fn(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	(void)ctx;
	return stet_option_set(txn, "order_model", "m", err);
}

/* test_requeue's random walks, in each order, on a project routed
 * before the first step, taken back at step 60 and routed again at
 * step 110 at other thresholds: the queue serves each annotator exactly what the routes
 * leave them owing, and progress counts it. */
static void routed_random_walks(void **state)
{
	static const char *const orders[] = {"sequential", "shuffled",
					     "uncertainty", "score"};

	(void)state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct world wd;
		char overlap[4];
		struct fill f;
		const char *path;
		struct stet_route_result res;
		struct stet_route_undo_result un;
		struct stet_error err = {0};

		memset(&wd, 0, sizeof wd);
		wd.overlap = (uint32_t)(1 + seed % 3);
		wd.ann = (int)(2 + seed % 3);
		wd.items = 12 + (int)(seed % 7);
		wd.gold_every = seed % 4 == 0 ? 5 : 0;
		snprintf(overlap, sizeof overlap, "%u", wd.overlap);
		f = (struct fill){wd.items, overlap, orders[seed % 4],
				  wd.gold_every};
		path = make("routed.stet", &f, false);
		assert_int_equal(stet_project_open(path, 0, &wd.st, &err), STET_OK);
		/* The predicted orders rank by model m; r routes. */
		assert_int_equal(stet_store_write(wd.st, order_model_fn, NULL,
						  &err), STET_OK);
		for (int a = 0; a < wd.ann; a++) {
			snprintf(wd.w[a].name, sizeof wd.w[a].name, "a%d", a);
			lopen(&wd.w[a].l, wd.st, wd.w[a].name);
			stet_queue_dup(&wd.w[a].l.queue, &wd.w[a].q);
			assert_int_equal(stet_labeling_close(&wd.w[a].l, &err),
					 STET_OK);
		}
		predict(wd.st, (uint64_t)wd.items);
		route(wd.st, 0.6, 0.3, 0.25, false, &res);
		for (int step = 0; step < 160; step++) {
			uint64_t r = stet_mix64(seed * 1000003 + (uint64_t)step);

			if (step == 60)
				assert_int_equal(stet_route_undo(wd.st, 2000, NULL,
								 NULL, &un, &err),
						 STET_OK);
			if (step == 110)
				route(wd.st, 0.4, 0.2, 0.5, false, &res);
			act(&wd, &wd.w[r % (uint64_t)wd.ann], r >> 8);
			check_world(&wd, step);
		}
		for (int a = 0; a < wd.ann; a++) {
			if (wd.w[a].open)
				assert_int_equal(stet_labeling_close(&wd.w[a].l,
								     &err),
						 STET_OK);
			stet_queue_close(&wd.w[a].q);
		}
		consistent(wd.st);
		stet_store_close(wd.st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bands_of_scores),
		cmocka_unit_test(required_counts),
		cmocka_unit_test(run_and_undo),
		cmocka_unit_test(runs_stack),
		cmocka_unit_test(spot_accuracy),
		cmocka_unit_test(format_7_gets_routes),
		cmocka_unit_test(route_without_decision),
		cmocka_unit_test(accepted_count_is_verified),
		cmocka_unit_test(routed_random_walks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
