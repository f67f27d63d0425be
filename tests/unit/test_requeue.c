/* Items never fall out of the queue: an item whose standing values are
 * all taken back (undo, an emptied set, a label withdrawn by an import)
 * is served again to whoever still owes it, in every order; and, at
 * random, the queue serves exactly the items that still need each
 * annotator's label, which is what their progress counts as left. */
#include "unit.h"

#include <lmdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/annotations_in.h"
#include "stet/buf.h"
#include "stet/mix.h"
#include "stet/pending.h"
#include "stet/project.h"
#include "stet/verify.h"
#include "queue_world.h"
#include "tmpdir.h"

/* ana labels items 1, 2 and 3 ("2 2 2"), takes item 3's label back
 * ("u") and quits ("q"): item 3 comes first at her next start, and
 * labeling on to the end leaves no item without a label. The same
 * in every other order, and for bo, who comes later. */
static void undone_item_comes_back(void **state)
{
	static const char *const orders[] = {"sequential", "shuffled",
					     "uncertainty", "score"};

	(void)state;
	for (size_t o = 0; o < 4; o++) {
		const struct fill f = {12, "1", orders[o], 0};
		const char *path = make("undone.stet", &f, false);
		struct stet_store *st;
		struct stet_labeling l;
		struct stet_error err = {0};
		uint64_t item, third, done = 0;

		assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
		lopen(&l, st, "ana");
		item = serve(&l, 0);
		item = label(&l, item, 2);
		third = label(&l, item, 2);
		label(&l, third, 2);
		assert_int_equal(undo(&l), third);
		assert_false(has_value(st, third, l.annotator));
		assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
		consistent(st);

		lopen(&l, st, "ana");
		assert_int_equal(serve(&l, 0), third);
		for (item = third; item != 0; item = label(&l, item, 1))
			done++;
		/* 12 items, two of which stood when she came back. */
		assert_int_equal(done, 10);
		for (uint64_t i = 1; i <= 12; i++)
			assert_true(has_value(st, i, l.annotator));
		assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
		consistent(st);
		stet_store_close(st);
	}
}

/* After the undo she passes item 3 over ("n"): it still comes back
 * before the queue runs dry. */
static void passed_over_after_undo(void **state)
{
	const struct fill f = {12, "1", "sequential", 0};
	const char *path = make("passed.stet", &f, false);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t item, third;
	bool again = false;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	item = label(&l, serve(&l, 0), 2);
	third = label(&l, item, 2);
	label(&l, third, 2);
	assert_int_equal(undo(&l), third);
	item = serve(&l, third);
	assert_true(item != 0 && item != third);
	for (; item != 0; item = label(&l, item, 1))
		again |= item == third;
	assert_true(again);
	for (uint64_t i = 1; i <= 12; i++)
		assert_true(has_value(st, i, l.annotator));
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	consistent(st);
	stet_store_close(st);
}

/* In a multi-label project, taking every label off an item (the screen
 * records an UNLABEL: "saved: no labels") puts it back in the queue,
 * for her and, at overlap 2, for bo too. */
static void emptied_set_comes_back(void **state)
{
	const struct fill f = {6, "2", "sequential", 0};
	const char *path = make("emptied.stet", &f, true);
	struct stet_store *st;
	struct stet_labeling l, b;
	struct stet_error err = {0};
	uint64_t first, next;
	uint32_t both[2] = {1, 2};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	first = serve(&l, 0);
	assert_int_equal(stet_labeling_record(&l, stet_queue_pos(&l.queue, first),
					      STET_ACT_LABEL, both, 2, NULL,
					      100, &next, &err), STET_OK);
	label(&l, stet_queue_item(&l.queue, next), 1);
	assert_int_equal(stet_labeling_record(&l, stet_queue_pos(&l.queue, first),
					      STET_ACT_UNLABEL, NULL, 0, NULL,
					      100, NULL, &err), STET_OK);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	/* bo: item 2 first (one label stands, the fullest), then item 1. */
	lopen(&b, st, "bo");
	next = serve(&b, 0);
	assert_int_equal(next, 2);
	assert_int_equal(label(&b, next, 1), first);
	assert_int_equal(stet_labeling_close(&b, &err), STET_OK);
	lopen(&l, st, "ana");
	assert_int_equal(serve(&l, 0), first);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	consistent(st);
	stet_store_close(st);
}

static void note(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

/* A label withdrawn by stet import-annotations (a Prodigy choice answer
 * accepting nothing) sends the item back to the queue. */
static void withdrawn_label_comes_back(void **state)
{
	const struct fill f = {5, "1", "sequential", 0};
	const char *path = make("withdrawn.stet", &f, false);
	char jsonl[512];
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_annot_opts ao = {.from = STET_FROM_PRODIGY, .on_note = note};
	struct stet_annot_result res;
	struct stet_error err = {0};
	uint64_t item;
	FILE *fp;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	for (item = serve(&l, 0); item != 0 && item <= 3;)
		item = label(&l, item, 1);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	snprintf(jsonl, sizeof jsonl, "%s", tmp_path("withdraw.jsonl"));
	fp = fopen(jsonl, "w");
	assert_non_null(fp);
	fputs("{\"text\":\"message 2\",\"meta\":{\"id\":\"i2\"},\"accept\":[],"
	      "\"answer\":\"accept\",\"_view_id\":\"choice\","
	      "\"_annotator_id\":\"ana\",\"_session_id\":\"ana\"}\n", fp);
	assert_int_equal(fclose(fp), 0);
	if (stet_annotations_import(st, jsonl, &ao, &res, &err) != STET_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(res.unlabels, 1);
	lopen(&l, st, "ana");
	assert_int_equal(serve(&l, 0), 2);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	consistent(st);
	stet_store_close(st);
}

/* Deletes key (count, item) from `pending` behind stet's back; with
 * format not 0, also marks the project as written in that format. */
static void forget_pending(const char *path, uint32_t count, uint64_t item,
			   uint64_t format)
{
	unsigned char key[STET_PENDING_KEY], fv[8];
	MDB_val k = {sizeof key, key};
	MDB_val fk = {strlen("format_version"), "format_version"};
	MDB_val fval = {8, fv};
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;

	stet_pending_key(key, count, item);
	stet_u64be(fv, format);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "pending", 0, &dbi), 0);
	assert_int_equal(mdb_del(txn, dbi, &k, NULL), 0);
	if (format != 0) {
		assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
		assert_int_equal(mdb_put(txn, dbi, &fk, &fval, 0), 0);
	}
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static const struct stet_verify_tally *tally(
	const struct stet_verify_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->ntally; i++)
		if (strcmp(rep->tally[i].name, name) == 0)
			return &rep->tally[i];
	fail_msg("no tally %s", name);
	return NULL;
}

/* stet verify names an item the queue can no longer reach: at count 0
 * behind the frontier (the state an undo left before count 0 was
 * kept), and at a count that pending has lost. */
static void verify_finds_unreachable_items(void **state)
{
	const struct fill f = {12, "2", "sequential", 0};
	const char *path = make("unreachable.stet", &f, false);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_verify_report rep;
	struct stet_error err = {0};
	uint64_t item;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	item = label(&l, serve(&l, 0), 2);
	item = label(&l, item, 2);
	assert_int_equal(item, 3);
	label(&l, item, 2);
	assert_int_equal(undo(&l), 3);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
	forget_pending(path, 0, 3, 0);
	forget_pending(path, 1, 1, 0);

	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st, &err),
			 STET_OK);
	assert_int_equal(stet_verify(st, 10, &rep, &err), STET_OK);
	assert_int_equal(tally(&rep, "pending")->count, 2);
	assert_int_equal(tally(&rep, "queue")->count, 2);
	assert_int_equal(rep.total, 4);
	/* Items 1 and 2 labeled, 3 labeled and undone: the frontier of the
	 * sequential order stands at item 4, position 4 counted from 1. */
	assert_string_equal(rep.findings[2].msg,
		"queue: item i1 (1): the queue cannot reach it: 1 of its 2 labels stand, but pending does not hold it at 1");
	assert_string_equal(rep.findings[3].msg,
		"queue: item i3 (3): the queue cannot reach it: no label stands and pending does not hold it, but frontier.sequential has passed it (position 3, frontier at 4)");
	assert_int_equal(rep.findings[3].kind, STET_VERIFY_QUEUE);
	stet_verify_report_free(&rep);
	stet_store_close(st);
}

/* A project of format 4 lost its undone items behind the frontier; its
 * migration finds them again from the events. */
static void migration_finds_lost_items(void **state)
{
	const struct fill f = {12, "1", "sequential", 0};
	const char *path = make("format4.stet", &f, false);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t item;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	item = label(&l, serve(&l, 0), 2);
	item = label(&l, item, 2);
	label(&l, item, 2);
	assert_int_equal(undo(&l), 3);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
	forget_pending(path, 0, 3, 4);

	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	consistent(st);
	lopen(&l, st, "ana");
	assert_int_equal(serve(&l, 0), 3);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

/* Empties `pending` behind stet's back; with format not 0, also marks
 * the project as written in that format. */
static void wipe_pending(const char *path, uint64_t format)
{
	unsigned char fv[8];
	MDB_val fk = {strlen("format_version"), "format_version"};
	MDB_val fval = {8, fv};
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;

	stet_u64be(fv, format);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "pending", 0, &dbi), 0);
	assert_int_equal(mdb_drop(txn, dbi, 0), 0);
	if (format != 0) {
		assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
		assert_int_equal(mdb_put(txn, dbi, &fk, &fval, 0), 0);
	}
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

/* A project of format 3 had no `pending`: the migration to format 4
 * counts it from `current` and finds the emptied items in the events,
 * to the very entries the write path would have kept. */
static void format_3_gets_its_pending(void **state)
{
	const struct fill f = {12, "2", "sequential", 0};
	const char *path = make("format3.stet", &f, false);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_verify_report rep;
	struct stet_error err = {0};
	uint64_t item;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ana");
	item = label(&l, serve(&l, 0), 2);
	item = label(&l, item, 2);
	label(&l, item, 2);
	assert_int_equal(undo(&l), 3);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	lopen(&l, st, "bo");
	label(&l, serve(&l, 0), 1);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);

	/* Without its entries the project is found wanting: one entry for
	 * each item that has had a value, items 1 and 2 (one at count 1,
	 * one at 2, whichever bo was served) and item 3 (at 0). */
	wipe_pending(path, 0);
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st, &err),
			 STET_OK);
	assert_int_equal(stet_verify(st, 10, &rep, &err), STET_OK);
	assert_int_equal(tally(&rep, "pending")->count, 3);
	stet_verify_report_free(&rep);
	stet_store_close(st);

	wipe_pending(path, 3);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	consistent(st);
	lopen(&l, st, "ana");
	assert_int_equal(serve(&l, 0), 3);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

static void random_walks(void **state)
{
	static const char *const orders[] = {"sequential", "shuffled",
					     "uncertainty", "score"};

	(void)state;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct world wd;
		char overlap[4];
		struct fill f;
		const char *path;
		struct stet_error err = {0};

		memset(&wd, 0, sizeof wd);
		wd.overlap = (uint32_t)(1 + seed % 3);
		wd.ann = (int)(2 + seed % 3);
		wd.items = 10 + (int)(seed % 7);
		wd.gold_every = seed % 4 == 0 ? 5 : 0;
		snprintf(overlap, sizeof overlap, "%u", wd.overlap);
		f = (struct fill){wd.items, overlap, orders[seed % 4],
				  wd.gold_every};
		path = make("random.stet", &f, false);
		assert_int_equal(stet_project_open(path, 0, &wd.st, &err), STET_OK);
		for (int a = 0; a < wd.ann; a++) {
			snprintf(wd.w[a].name, sizeof wd.w[a].name, "a%d", a);
			lopen(&wd.w[a].l, wd.st, wd.w[a].name);
			stet_queue_dup(&wd.w[a].l.queue, &wd.w[a].q);
			assert_int_equal(stet_labeling_close(&wd.w[a].l, &err),
					 STET_OK);
		}
		for (int step = 0; step < 160; step++) {
			uint64_t r = stet_mix64(seed * 1000003 + (uint64_t)step);

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
		/* Most steps act on an open session; the counts it keeps
		 * were checked on many of them. */
		assert_true(wd.kept >= 40);
		consistent(wd.st);
		stet_store_close(wd.st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(undone_item_comes_back),
		cmocka_unit_test(passed_over_after_undo),
		cmocka_unit_test(emptied_set_comes_back),
		cmocka_unit_test(withdrawn_label_comes_back),
		cmocka_unit_test(verify_finds_unreachable_items),
		cmocka_unit_test(migration_finds_lost_items),
		cmocka_unit_test(format_3_gets_its_pending),
		cmocka_unit_test(random_walks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
