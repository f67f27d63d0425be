#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/project.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "items.h"
#include "tmpdir.h"

/* ---- the order itself ------------------------------------------------ */

struct counts {
	uint64_t text, table;
};

static int put_counts(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct counts *c = ctx;

	if (stet_meta_put_u64(txn, "count.text", c->text, err) != STET_OK)
		return STET_ERR;
	return stet_meta_put_u64(txn, "count.table", c->table, err);
}

/* A store whose counters claim n items, split between the two kinds so
 * that the queue has to add them up; the order needs no item records. */
static struct stet_store *counted(const char *name, uint64_t n)
{
	struct stet_store *st = NULL;
	struct stet_error err = {0};
	struct counts c = {n - n / 3, n / 3};
	const char *path = tmp_path(name);

	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	if (stet_store_write(st, put_counts, &c, &err) != STET_OK)
		fail_msg("counts: %s", err.msg);
	return st;
}

static void queue_on(struct stet_store *st, struct stet_queue *q,
		     enum stet_order order, uint64_t seed)
{
	struct stet_txn *txn;
	struct stet_error err = {0};

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_queue_open(txn, q, order, seed, 1, &err) != STET_OK)
		fail_msg("queue open: %s", err.msg);
	stet_txn_end(txn);
}

/* Every id 1..n exactly once over the positions, and pos inverts item. */
static void check_bijection(const struct stet_queue *q, uint64_t n)
{
	unsigned char *hit = calloc(n + 1, 1);

	assert_non_null(hit);
	assert_int_equal(q->n, n);
	for (uint64_t pos = 0; pos < n; pos++) {
		uint64_t id = stet_queue_item(q, pos);

		if (id < 1 || id > n)
			fail_msg("n=%llu: position %llu gives id %llu",
				 (unsigned long long)n, (unsigned long long)pos,
				 (unsigned long long)id);
		if (hit[id])
			fail_msg("n=%llu: id %llu served twice",
				 (unsigned long long)n, (unsigned long long)id);
		hit[id] = 1;
		assert_int_equal(stet_queue_pos(q, id), pos);
	}
	for (uint64_t id = 1; id <= n; id++)
		assert_true(hit[id]);
	free(hit);
}

static void shuffled_order_is_a_bijection(void **state)
{
	static const uint64_t sizes[] = {1, 2, 3, 5, 17, 1000, 4097};
	static const uint64_t seeds[] = {0, 1, 42, 0xdeadbeefcafef00dULL};

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char name[64];
		struct stet_store *st;

		snprintf(name, sizeof name, "bij%llu.stet",
			 (unsigned long long)sizes[i]);
		st = counted(name, sizes[i]);
		for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
			struct stet_queue q;

			queue_on(st, &q, STET_ORDER_SHUFFLED, seeds[s]);
			check_bijection(&q, sizes[i]);
		}
		stet_store_close(st);
	}
}

static void seed_decides_the_order(void **state)
{
	struct stet_store *st = counted("seed.stet", 1000);
	struct stet_queue a, a2, b, seq;
	uint64_t same_place = 0, differ = 0, moved = 0;

	(void)state;
	queue_on(st, &a, STET_ORDER_SHUFFLED, 7);
	queue_on(st, &a2, STET_ORDER_SHUFFLED, 7);
	queue_on(st, &b, STET_ORDER_SHUFFLED, 8);
	queue_on(st, &seq, STET_ORDER_SEQUENTIAL, 7);
	for (uint64_t pos = 0; pos < 1000; pos++) {
		uint64_t ia = stet_queue_item(&a, pos);

		assert_int_equal(stet_queue_item(&a2, pos), ia);
		if (stet_queue_item(&b, pos) != ia)
			differ++;
		if (ia != pos + 1)
			moved++;
		else
			same_place++;
		/* Sequential is the identity, seed or not. */
		assert_int_equal(stet_queue_item(&seq, pos), pos + 1);
		assert_int_equal(stet_queue_pos(&seq, pos + 1), pos);
	}
	/* Another seed is another order, and a shuffle actually shuffles:
	 * a random permutation of 1000 fixes about one point. */
	assert_true(differ > 900);
	assert_true(moved > 900);
	assert_true(same_place < 100);
	check_bijection(&seq, 1000);
	stet_store_close(st);
}

static void order_names_round_trip(void **state)
{
	enum stet_order o = STET_ORDER_SHUFFLED;

	(void)state;
	assert_int_equal(stet_order_parse("sequential", &o), 0);
	assert_int_equal(o, STET_ORDER_SEQUENTIAL);
	assert_string_equal(stet_order_name(o), "sequential");
	assert_int_equal(stet_order_parse("shuffled", &o), 0);
	assert_int_equal(o, STET_ORDER_SHUFFLED);
	assert_string_equal(stet_order_name(o), "shuffled");
	for (int i = 0; i < 2; i++) {
		enum stet_order back;

		assert_int_equal(stet_order_parse(stet_order_name(i), &back), 0);
		assert_int_equal(back, i);
	}
	o = STET_ORDER_SHUFFLED;
	assert_int_equal(stet_order_parse("random", &o), -1);
	assert_int_equal(stet_order_parse("", &o), -1);
	assert_int_equal(stet_order_parse("Sequential", &o), -1);
	assert_int_equal(stet_order_parse("shuffled ", &o), -1);
	assert_int_equal(o, STET_ORDER_SHUFFLED); /* untouched on refusal */
}

/* ---- resuming -------------------------------------------------------- */

struct range {
	uint64_t from, to; /* items "item text FROM" .. TO */
};

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct range *r = ctx;

	for (uint64_t i = r->from; i <= r->to; i++) {
		char ext[32], text[64];

		snprintf(ext, sizeof ext, "ext-%llu", (unsigned long long)i);
		snprintf(text, sizeof text, "item text %llu",
			 (unsigned long long)i);
		if (test_text_item_add(txn, ext, text, NULL, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static struct stet_store *project(const char *name, uint64_t n)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	struct range r = {1, n};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, &r, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

static void lopen(struct stet_labeling *l, struct stet_store *st,
		  enum stet_order order, uint64_t seed)
{
	struct stet_labeling_opts o = {
		.annotator = "ann", .order = order, .seed = seed,
		.host = "host", .tty = "tty",
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("labeling open: %s", err.msg);
}

static void lclose(struct stet_labeling *l)
{
	struct stet_error err = {0};

	if (stet_labeling_close(l, &err) != STET_OK)
		fail_msg("labeling close: %s", err.msg);
}

static void act(struct stet_labeling *l, uint64_t pos, enum stet_action a)
{
	static const uint32_t one = 1;
	struct stet_error err = {0};
	int rc;

	/* No labels passed as a non-NULL pointer: NULL (as the TUI passes)
	 * is tested on its own in test_labeling. */
	rc = stet_labeling_record(l, pos, a, &one, a == STET_ACT_LABEL, NULL,
				  10, NULL, &err);
	if (rc != STET_OK)
		fail_msg("record %d at %llu: %s", (int)a,
			 (unsigned long long)pos, err.msg);
}

/* The first unseen position, found the slow way. */
static uint64_t first_unseen(struct stet_labeling *l)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint64_t pos;

	assert_int_equal(stet_txn_begin_read(l->st, &txn, &err), STET_OK);
	for (pos = 0; pos < l->queue.n; pos++) {
		bool seen;

		assert_int_equal(stet_queue_seen(txn, &l->queue,
						 stet_queue_item(&l->queue, pos),
						 &seen, &err), STET_OK);
		if (!seen)
			break;
	}
	stet_txn_end(txn);
	return pos;
}

static uint64_t resume(struct stet_labeling *l)
{
	struct stet_error err = {0};
	uint64_t pos = 999999;

	if (stet_labeling_resume(l, &pos, &err) != STET_OK)
		fail_msg("resume: %s", err.msg);
	assert_int_equal(pos, first_unseen(l));
	return pos;
}

/* The hint as stored in meta (n then position, big-endian), or -1. */
static int64_t stored_hint(struct stet_labeling *l)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	char name[80];
	const char *v;
	size_t vl;
	int64_t pos = -1;

	if (l->queue.order == STET_ORDER_SHUFFLED)
		snprintf(name, sizeof name, "resume.%u.shuffled.%llu",
			 l->annotator, (unsigned long long)l->queue.seed);
	else
		snprintf(name, sizeof name, "resume.%u.sequential",
			 l->annotator);
	assert_int_equal(stet_txn_begin_read(l->st, &txn, &err), STET_OK);
	if (stet_meta_get(txn, name, &v, &vl, &err) == STET_OK && vl == 16)
		pos = (int64_t)stet_get_u64be((const unsigned char *)v + 8);
	stet_txn_end(txn);
	return pos;
}

static void resume_walk(enum stet_order order, uint64_t seed,
			const char *name)
{
	const uint64_t n = 12;
	struct stet_store *st = project(name, n);
	struct stet_labeling l;
	struct stet_error err = {0};
	enum stet_action undone;
	uint64_t pos;

	lopen(&l, st, order, seed);
	assert_int_equal(l.queue.n, n);
	assert_int_equal(resume(&l), 0);
	act(&l, 0, STET_ACT_LABEL);
	act(&l, 1, STET_ACT_LABEL);
	act(&l, 2, STET_ACT_SKIP);
	assert_int_equal(resume(&l), 3);

	/* Undoing the skip makes position 2 unseen again. */
	if (stet_labeling_undo(&l, &pos, &undone, &err) != STET_OK)
		fail_msg("undo: %s", err.msg);
	assert_int_equal(pos, 2);
	assert_int_equal(undone, STET_ACT_SKIP);
	assert_int_equal(resume(&l), 2);

	/* Out of order: position 5 first changes nothing before it. */
	act(&l, 5, STET_ACT_LABEL);
	assert_int_equal(resume(&l), 2);
	act(&l, 2, STET_ACT_SKIP);
	assert_int_equal(resume(&l), 3);
	act(&l, 3, STET_ACT_LABEL);
	act(&l, 4, STET_ACT_LABEL);
	/* ... and is stepped over once the gap before it closes. */
	assert_int_equal(resume(&l), 6);
	assert_int_equal(stored_hint(&l), 6);

	/* Survives closing and reopening. */
	lclose(&l);
	stet_store_close(st);
	assert_int_equal(stet_project_open(tmp_path(name), 0, &st, &err), STET_OK);
	lopen(&l, st, order, seed);
	assert_int_equal(stored_hint(&l), 6);
	assert_int_equal(resume(&l), 6);

	/* Everything seen: resume is n. */
	for (uint64_t p = 6; p < n; p++)
		act(&l, p, p % 2 ? STET_ACT_SKIP : STET_ACT_LABEL);
	assert_int_equal(resume(&l), n);
	lclose(&l);
	lopen(&l, st, order, seed);
	assert_int_equal(resume(&l), n);
	lclose(&l);

	/* Items imported since: a new session serves them too, and resumes
	 * at the first of them it has not seen. */
	{
		struct range more = {n + 1, n + 3};
		uint64_t at;

		assert_int_equal(stet_store_write(st, add_items, &more, &err),
				 STET_OK);
		lopen(&l, st, order, seed);
		assert_int_equal(l.queue.n, n + 3);
		at = resume(&l);
		assert_true(at < n + 3);
		if (order == STET_ORDER_SEQUENTIAL)
			assert_int_equal(at, n);
		for (uint64_t p = 0; p < n + 3; p++) {
			bool seen = stet_queue_item(&l.queue, p) <= n;

			if (!seen)
				act(&l, p, STET_ACT_LABEL);
		}
		assert_int_equal(resume(&l), n + 3);
		lclose(&l);
	}
	stet_store_close(st);
}

static void resume_sequential(void **state)
{
	(void)state;
	resume_walk(STET_ORDER_SEQUENTIAL, 0, "resume-seq.stet");
}

static void resume_shuffled(void **state)
{
	(void)state;
	resume_walk(STET_ORDER_SHUFFLED, 12345, "resume-shuf.stet");
}

/* A shuffled session serves the items its order names. */
static void shuffled_positions_name_items(void **state)
{
	struct stet_store *st = project("shuf-items.stet", 9);
	struct stet_labeling l;
	struct stet_txn *txn;
	struct stet_error err = {0};
	struct stet_current cur;
	uint64_t item;

	(void)state;
	lopen(&l, st, STET_ORDER_SHUFFLED, 99);
	act(&l, 0, STET_ACT_LABEL);
	item = stet_queue_item(&l.queue, 0);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_current_get(txn, item, l.annotator, &cur, &err),
			 STET_OK);
	assert_int_equal(cur.nlabels, 1);
	assert_int_equal(cur.labels[0], 1);
	stet_txn_end(txn);
	assert_int_equal(resume(&l), 1);
	lclose(&l);
	stet_store_close(st);
}

struct label_run {
	const struct stet_queue *q;
	uint64_t from, to; /* positions labeled, inclusive */
	bool update;       /* keep the hint after each, as a session does */
};

static int label_positions(struct stet_txn *txn, void *ctx,
			   struct stet_error *err)
{
	struct label_run *lr = ctx;

	for (uint64_t p = lr->from; p <= lr->to; p++) {
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.action = STET_ACT_LABEL;
		ev.item = stet_queue_item(lr->q, p);
		ev.annotator = lr->q->annotator;
		ev.session = 1;
		ev.labels[0] = 1;
		ev.nlabels = 1;
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
		if (lr->update &&
		    stet_queue_update(txn, lr->q, p, true, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

/* A long run of seen items behind the first unseen one: the hint may
 * stop short of it, but never past an unseen item, and resume gets
 * there. */
static void long_run_behind_the_hint(void **state)
{
	const uint64_t n = 10000;
	struct stet_store *st = counted("long.stet", n);
	struct stet_queue q;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct label_run rest, first;
	uint64_t pos, hint;
	const char *v;
	size_t vl;

	(void)state;
	queue_on(st, &q, STET_ORDER_SEQUENTIAL, 0);
	rest = (struct label_run){&q, 1, n - 2, true};
	first = (struct label_run){&q, 0, 0, true};
	assert_int_equal(stet_store_write(st, label_positions, &rest, &err),
			 STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_queue_resume(txn, &q, &pos, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(pos, 0);
	assert_int_equal(stet_store_write(st, label_positions, &first, &err),
			 STET_OK);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get(txn, "resume.1.sequential", &v, &vl,
				       &err), STET_OK);
	assert_int_equal(vl, 16);
	hint = stet_get_u64be((const unsigned char *)v + 8);
	assert_true(hint > 0 && hint <= n - 1);
	assert_int_equal(stet_queue_resume(txn, &q, &pos, &err), STET_OK);
	assert_int_equal(pos, n - 1);
	stet_txn_end(txn);

	/* Nothing in the project: nothing to resume at. */
	stet_store_close(st);
	st = counted("empty.stet", 0);
	queue_on(st, &q, STET_ORDER_SHUFFLED, 3);
	assert_int_equal(q.n, 0);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_queue_resume(txn, &q, &pos, &err), STET_OK);
	assert_int_equal(pos, 0);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* ---- migration from format 2 ----------------------------------------- */

struct ev_step {
	enum stet_action action;
	uint64_t item;
	uint32_t annotator;
	uint64_t target;
};

struct ev_ctx {
	const struct ev_step *steps;
	size_t n;
};

static int append_steps(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct ev_ctx *ec = ctx;

	for (size_t i = 0; i < ec->n; i++) {
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.action = ec->steps[i].action;
		ev.item = ec->steps[i].item;
		ev.annotator = ec->steps[i].annotator;
		ev.session = 1;
		ev.time_ms = 1000 + (int64_t)i;
		ev.target = ec->steps[i].target;
		if (ev.action == STET_ACT_LABEL) {
			ev.labels[0] = 2;
			ev.nlabels = 1;
		}
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

/* Takes a project back to format 2: no `skips` content, no `gold`
 * database at all (format 4 made it), version 2. */
static void downgrade_to_2(const char *path)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = {strlen("format_version"), "format_version"}, val;
	MDB_stat ms;
	unsigned char b[8];

	stet_u64be(b, 2);
	val.mv_size = 8;
	val.mv_data = b;
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "skips", 0, &dbi), 0);
	assert_int_equal(mdb_stat(txn, dbi, &ms), 0);
	assert_true(ms.ms_entries > 0); /* there was something to lose */
	assert_int_equal(mdb_drop(txn, dbi, 0), 0);
	assert_int_equal(mdb_stat(txn, dbi, &ms), 0);
	assert_int_equal(ms.ms_entries, 0);
	assert_int_equal(mdb_dbi_open(txn, "gold", 0, &dbi), 0);
	assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static bool skipped(struct stet_txn *txn, uint64_t item, uint32_t annotator)
{
	struct stet_error err = {0};
	bool s = true;

	assert_int_equal(stet_skip_get(txn, item, annotator, &s, &err), STET_OK);
	return s;
}

static uint64_t skip_event(struct stet_txn *txn, uint64_t item,
			   uint32_t annotator)
{
	struct stet_error err = {0};
	unsigned char key[12];
	const void *v;
	size_t vl;

	stet_current_key(key, item, annotator);
	assert_int_equal(stet_get(txn, STET_DB_SKIPS, key, 12, &v, &vl, &err),
			 STET_OK);
	assert_int_equal(vl, 8);
	return stet_get_u64be(v);
}

static void skips_are_rebuilt_by_migration(void **state)
{
	const char *name = "migrate.stet";
	struct stet_store *st = project(name, 6);
	/* Item 1: skipped and standing. Item 2: labeled. Item 3: skipped
	 * then undone. Item 4: skipped twice, the older skip undone, so the
	 * newer still stands. Item 5: skipped by annotator 2 only. */
	const struct ev_step steps[] = {
		{STET_ACT_SKIP, 1, 1, 0},  /* 1 */
		{STET_ACT_LABEL, 2, 1, 0}, /* 2 */
		{STET_ACT_SKIP, 3, 1, 0},  /* 3 */
		{STET_ACT_UNDO, 3, 1, 3},  /* 4 */
		{STET_ACT_SKIP, 4, 1, 0},  /* 5 */
		{STET_ACT_SKIP, 4, 1, 0},  /* 6 */
		{STET_ACT_UNDO, 4, 1, 5},  /* 7 */
		{STET_ACT_SKIP, 5, 2, 0},  /* 8 */
	};
	struct ev_ctx ec = {steps, sizeof steps / sizeof *steps};
	struct stet_error err = {0};
	struct stet_store_stat ss;
	struct stet_txn *txn;
	uint64_t v;
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path(name));
	if (stet_store_write(st, append_steps, &ec, &err) != STET_OK)
		fail_msg("events: %s", err.msg);
	stet_store_close(st);
	downgrade_to_2(path);

	if (stet_project_open(path, 0, &st, &err) != STET_OK)
		fail_msg("reopen: %s", err.msg);
	assert_int_equal(stet_store_stat(st, &ss, &err), STET_OK);
	assert_int_equal(ss.format_version, STET_FORMAT_VERSION);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_count(txn, STET_DB_GOLD, &v, &err), STET_OK);
	assert_int_equal(v, 0);
	assert_true(skipped(txn, 1, 1));
	assert_false(skipped(txn, 2, 1));
	assert_false(skipped(txn, 3, 1));
	assert_true(skipped(txn, 4, 1));
	assert_true(skipped(txn, 5, 2));
	assert_false(skipped(txn, 5, 1));
	assert_false(skipped(txn, 1, 2));
	assert_false(skipped(txn, 6, 1));
	assert_int_equal(stet_count(txn, STET_DB_SKIPS, &v, &err), STET_OK);
	assert_int_equal(v, 3);
	/* Each standing skip is valued with its own event's id. */
	assert_int_equal(skip_event(txn, 1, 1), 1);
	assert_int_equal(skip_event(txn, 4, 1), 6);
	assert_int_equal(skip_event(txn, 5, 2), 8);
	stet_txn_end(txn);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shuffled_order_is_a_bijection),
		cmocka_unit_test(seed_decides_the_order),
		cmocka_unit_test(order_names_round_trip),
		cmocka_unit_test(resume_sequential),
		cmocka_unit_test(resume_shuffled),
		cmocka_unit_test(shuffled_positions_name_items),
		cmocka_unit_test(long_run_behind_the_hint),
		cmocka_unit_test(skips_are_rebuilt_by_migration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
