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
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/mix.h"
#include "stet/options.h"
#include "stet/pending.h"
#include "stet/progress.h"
#include "stet/project.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "predictions.h"
#include "tmpdir.h"

enum { MAXITEMS = 40, MAXANN = 5 };
/* One gold item in three served: a quota of one gold item to every two
 * plain ones an annotator sees. */
#define GOLD_RATE "3"

struct fill {
	int items;
	const char *overlap;
	const char *order;
	int gold_every; /* item i is gold when i % gold_every == 0 (0: none) */
};

static int fill_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct fill *f = ctx;

	if (stet_option_set(txn, "overlap", f->overlap, err) != STET_OK ||
	    stet_option_set(txn, "order", f->order, err) != STET_OK ||
	    stet_option_set(txn, "gold_rate", GOLD_RATE, err) != STET_OK ||
	    test_predictions_for(txn, f->order, (uint64_t)f->items, err) !=
	    STET_OK)
		return STET_ERR;
	for (int i = 1; i <= f->items; i++) {
		struct stet_item it;
		uint64_t existing;
		char text[64];
		int rc;

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		snprintf(text, sizeof text, "message %d", i);
		it.text = stet_xstrdup(text);
		snprintf(text, sizeof text, "i%d", i);
		it.ext_id = stet_xstrdup(text);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
		if (f->gold_every && i % f->gold_every == 0) {
			struct stet_gold g = {{1}, 1};

			if ((rc = stet_gold_put(txn, (uint64_t)i, &g, err)) !=
			    STET_OK)
				return rc;
		}
	}
	return STET_OK;
}

static const char *make(const char *name, const struct fill *f, bool multi)
{
	static char path[512];
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};

	snprintf(path, sizeof path, "%s", tmp_path(name));
	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "SPAM,HAM", &err), STET_OK);
	s.multi = multi;
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create: %s", err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, fill_fn, (void *)f, &err) != STET_OK)
		fail_msg("fill: %s", err.msg);
	stet_store_close(st);
	return path;
}

static void lopen(struct stet_labeling *l, struct stet_store *st,
		  const char *who)
{
	struct stet_labeling_opts o = {
		.annotator = who, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.project_order = true,
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("open %s: %s", who, err.msg);
}

/* The item served next to l's annotator, 0 when there is none. */
static uint64_t serve(struct stet_labeling *l, uint64_t exclude)
{
	struct stet_error err = {0};
	uint64_t pos;
	bool found;

	if (stet_labeling_serve(l, exclude, &pos, &found, &err) != STET_OK)
		fail_msg("serve: %s", err.msg);
	return found ? stet_queue_item(&l->queue, pos) : 0;
}

/* Labels item with label lab; the item served next, 0 when none. */
static uint64_t label(struct stet_labeling *l, uint64_t item, uint32_t lab)
{
	struct stet_error err = {0};
	uint64_t next;

	if (stet_labeling_record(l, stet_queue_pos(&l->queue, item),
				 STET_ACT_LABEL, &lab, 1, NULL, 100, &next,
				 &err) != STET_OK)
		fail_msg("label %llu: %s", (unsigned long long)item, err.msg);
	return next < l->queue.n ? stet_queue_item(&l->queue, next) : 0;
}

static uint64_t undo(struct stet_labeling *l)
{
	struct stet_error err = {0};
	enum stet_action undone;
	uint64_t pos;

	if (stet_labeling_undo(l, &pos, &undone, &err) != STET_OK)
		fail_msg("undo: %s", err.msg);
	return stet_queue_item(&l->queue, pos);
}

static bool has_value(struct stet_store *st, uint64_t item, uint32_t who)
{
	struct stet_txn *txn;
	struct stet_current cur;
	struct stet_error err = {0};
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_current_get(txn, item, who, &cur, &err);
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	return rc == STET_OK;
}

static void consistent(struct stet_store *st)
{
	struct stet_verify_report rep;
	struct stet_error err = {0};

	assert_int_equal(stet_verify(st, 4, &rep, &err), STET_OK);
	if (rep.total != 0)
		fail_msg("verify: %s", rep.nfindings ? rep.findings[0].msg : "?");
	stet_verify_report_free(&rep);
}

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

/* ---- at random ---- */

struct who {
	struct stet_labeling l;
	bool open;
	uint64_t on; /* the item on screen, 0 none */
	char name[16];
	struct stet_queue q; /* their queue, also while they are away */
};

struct world {
	struct stet_store *st;
	struct who w[MAXANN];
	int items, ann;
	uint32_t overlap;
	int gold_every;
	int kept; /* checks of a session's own counts */
};

struct enum_ctx {
	const struct stet_queue *q;
	uint32_t overlap;
	bool can[MAXITEMS + 1];
};

/* Every item the queue can serve q's annotator now, leases aside: serve
 * one, hide it from the next search with a skip, again until none is
 * left; then throw the whole transaction away. */
static int enumerate_fn(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct enum_ctx *ec = ctx;
	struct stet_serve sv = {
		.overlap = ec->overlap,
		.now_ms = INT64_MAX / 4, /* every lease has ended */
		.lease_ms = 0,
	};

	for (;;) {
		unsigned char key[12], val[8] = {0};
		uint64_t item;
		bool gold;

		if (stet_serve_next(txn, ec->q, &sv, &item, &gold, err) !=
		    STET_OK)
			return STET_ERR;
		if (item == 0)
			break;
		assert_true(item <= MAXITEMS && !ec->can[item]);
		ec->can[item] = true;
		stet_current_key(key, item, ec->q->annotator);
		if (stet_put(txn, STET_DB_SKIPS, key, 12, val, 8, 0, err) !=
		    STET_OK)
			return STET_ERR;
	}
	return stet_error_set(err, STET_STOP, "thrown away");
}

static uint32_t count_of(struct stet_store *st, uint64_t item)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint32_t n = 0;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	for (uint32_t a = 1; a <= MAXANN + 1; a++) {
		struct stet_current cur;

		n += stet_current_get(txn, item, a, &cur, &err) == STET_OK;
	}
	stet_txn_end(txn);
	return n;
}

static uint64_t last_event(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	const void *k;
	size_t kl;
	uint64_t id = 0;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_last_key(txn, STET_DB_EVENTS, &k, &kl, &err) == STET_OK)
		id = stet_get_u64be(k);
	stet_txn_end(txn);
	return id;
}

/* For each annotator, what the queue can serve them is exactly the set
 * of items that still need their label: not gold, neither labeled nor
 * skipped by them, fewer than the overlap labels standing. Their
 * progress (done, left) counts those items and theirs, and their gold
 * quota: ceil(plain seen or left / 2) at one gold item in three, less
 * the gold items they saw, at most those they did not; and so does
 * the status line's, kept by their own actions, while it claims to be
 * up to date. */
static void check_world(struct world *wd, int step)
{
	uint64_t last = last_event(wd->st);

	for (int a = 0; a < wd->ann; a++) {
		struct enum_ctx ec;
		struct stet_error err = {0};
		struct stet_progress p;
		struct stet_txn *ptxn;
		uint64_t done = 0, left = 0, plain = 0, quota;
		uint64_t gold_seen = 0, gold_unseen = 0, gold_left = 0;
		int rc;

		memset(&ec, 0, sizeof ec);
		ec.q = &wd->w[a].q;
		ec.overlap = wd->overlap;
		rc = stet_store_write(wd->st, enumerate_fn, &ec, &err);
		assert_int_equal(rc, STET_STOP);
		for (int i = 1; i <= wd->items; i++) {
			struct stet_txn *txn;
			bool seen, need, gold;

			assert_int_equal(stet_txn_begin_read(wd->st, &txn, &err),
					 STET_OK);
			assert_int_equal(stet_queue_seen(txn, ec.q,
							 (uint64_t)i, &seen,
							 &err), STET_OK);
			stet_txn_end(txn);
			gold = wd->gold_every && i % wd->gold_every == 0;
			need = !gold && !seen &&
			       count_of(wd->st, (uint64_t)i) < wd->overlap;
			plain += !gold && (seen || need);
			gold_seen += gold && seen;
			gold_unseen += gold && !seen;
			if (need != ec.can[i])
				fail_msg("step %d, %s, item %d: %s", step,
					 wd->w[a].name, i,
					 need ? "needs a label but is not served" :
						"is served but needs no label");
			left += need;
			done += has_value(wd->st, (uint64_t)i,
					  ec.q->annotator);
		}
		assert_int_equal(stet_txn_begin_read(wd->st, &ptxn, &err),
				 STET_OK);
		assert_int_equal(stet_progress_count(ptxn, ec.q->n,
						     ec.q->annotator,
						     wd->overlap, 3, &p, &err),
				 STET_OK);
		stet_txn_end(ptxn);
		quota = (plain + 1) / 2;
		if (quota > gold_seen)
			gold_left = quota - gold_seen;
		if (gold_left > gold_unseen)
			gold_left = gold_unseen;
		left += gold_left;
		assert_int_equal(p.done, done);
		assert_int_equal(p.left, left);
		if (wd->w[a].open && wd->w[a].l.progress_at == last) {
			assert_int_equal(wd->w[a].l.progress.done, done);
			assert_int_equal(wd->w[a].l.progress.left, left);
			wd->kept++;
		}
	}
}

static void act(struct world *wd, struct who *w, uint64_t r)
{
	struct stet_error err = {0};
	uint64_t next;
	int rc;

	if (!w->open) {
		lopen(&w->l, wd->st, w->name);
		w->open = true;
		w->on = serve(&w->l, 0);
		return;
	}
	/* As the screen does in a pause: the counts catch up with the
	 * others; this action then moves them by its own part. */
	assert_int_equal(stet_labeling_progress(&w->l, &err), STET_OK);
	switch (r % 8) {
	case 0: case 1: case 2: /* a label */
		if (w->on)
			w->on = label(&w->l, w->on, (uint32_t)(1 + (r >> 8) % 2));
		break;
	case 3: /* a skip */
		if (w->on == 0)
			break;
		assert_int_equal(stet_labeling_record(&w->l,
				 stet_queue_pos(&w->l.queue, w->on),
				 STET_ACT_SKIP, NULL, 0, NULL, 10, &next,
				 &err), STET_OK);
		w->on = next < w->l.queue.n ?
			stet_queue_item(&w->l.queue, next) : 0;
		break;
	case 4: case 5: /* an undo: the item undone is on screen */
		if (w->l.ndone > 0)
			w->on = undo(&w->l);
		break;
	case 6: /* pass over ("n") */
		w->on = serve(&w->l, w->on);
		break;
	default: /* quit */
		rc = stet_labeling_close(&w->l, &err);
		assert_int_equal(rc, STET_OK);
		w->open = false;
		w->on = 0;
		break;
	}
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
