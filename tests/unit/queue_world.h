/* The team queue's world for the tests that walk it at random: a
 * project of plain and gold items, annotators labeling, skipping,
 * undoing and quitting, and after every step the check that the queue
 * serves each annotator exactly the items that still need them, which
 * is what their progress counts as left. test_requeue walks it as it
 * is, test_route with items routed by a model's confidence. */
#ifndef STET_TEST_QUEUE_WORLD_H
#define STET_TEST_QUEUE_WORLD_H

#include <lmdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/options.h"
#include "stet/progress.h"
#include "stet/project.h"
#include "stet/routes.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "items.h"
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
		char ext[16], text[64];
		int rc;

		snprintf(ext, sizeof ext, "i%d", i);
		snprintf(text, sizeof text, "message %d", i);
		if ((rc = test_text_item_add(txn, ext, text, NULL, err)) !=
		    STET_OK)
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
 * skipped by them, fewer labels standing than the item requires (the
 * overlap, or fewer as its route says). Their
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
			uint32_t required;

			assert_int_equal(stet_txn_begin_read(wd->st, &txn, &err),
					 STET_OK);
			assert_int_equal(stet_queue_seen(txn, ec.q,
							 (uint64_t)i, &seen,
							 &err), STET_OK);
			assert_int_equal(stet_required(txn, (uint64_t)i,
						       wd->overlap, &required,
						       &err), STET_OK);
			stet_txn_end(txn);
			gold = wd->gold_every && i % wd->gold_every == 0;
			need = !gold && !seen &&
			       count_of(wd->st, (uint64_t)i) < required;
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
	/* A pause before one action in four, when the screen counts
	 * again; every action catches up with the others' before it moves
	 * the counts by its own part, pause or not. */
	if ((r >> 5) % 4 == 0)
		assert_int_equal(stet_labeling_progress(&w->l, &err),
				 STET_OK);
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

#endif
