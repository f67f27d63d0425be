/* stet salvage in the core: the guarded reader finds a record in every
 * database, and a rebuild keeps what the chain vouches for, drops an
 * edited event and the undo of it, remaps the undo of a kept event,
 * stands in for a lost session and annotator, drops an item whose text
 * no longer matches its hash with its events, and comes out the same
 * when the new project's map has to grow half way. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/salvage.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "tmpdir.h"

#define NITEMS 6

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	(void)ctx;
	for (int i = 1; i <= NITEMS; i++) {
		struct stet_item it;
		char buf[64];
		uint64_t existing;
		int rc;

		stet_item_init(&it);
		snprintf(buf, sizeof buf, "item number %d", i);
		it.text = stet_xstrdup(buf);
		snprintf(buf, sizeof buf, "i%d", i);
		it.ext_id = stet_xstrdup(buf);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

/* One event: UNDO's target is the step at index target. */
struct step {
	const char *who;
	enum stet_action action;
	uint64_t item;
	uint32_t label;
	int target;
};

struct steps {
	const struct step *s;
	size_t n;
	uint64_t ids[4096];
	uint64_t session[8];
};

static int apply_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct steps *st = ctx;

	for (size_t i = 0; i < st->n; i++) {
		const struct step *sp = &st->s[i];
		struct stet_event ev;
		bool created;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.time_ms = 1700000000000 + 1000 * (int64_t)i;
		if (stet_annotator_ensure(txn, sp->who, STET_ROLE_ANNOTATOR,
					  &ev.annotator, &created, err) != STET_OK)
			return STET_ERR;
		if (st->session[ev.annotator] == 0) {
			struct stet_session s = {0};

			s.annotator = ev.annotator;
			s.start_ms = s.end_ms = ev.time_ms;
			s.schema_version = 1;
			if (stet_session_add(txn, &s, err) != STET_OK)
				return STET_ERR;
			st->session[ev.annotator] = s.id;
		}
		ev.session = st->session[ev.annotator];
		ev.action = sp->action;
		ev.item = sp->item;
		ev.schema_version = 1;
		if (sp->label) {
			ev.labels[0] = sp->label;
			ev.nlabels = 1;
		}
		if (sp->action == STET_ACT_UNDO)
			ev.target = st->ids[sp->target];
		rc = stet_event_append(txn, &ev, err);
		st->ids[i] = ev.id;
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

/* A project of NITEMS items, schema A,B,C, lead "lead", with steps. */
static const char *project(const char *name, const struct step *s, size_t n)
{
	static char path[512];
	struct stet_store *st;
	struct stet_schema sc;
	struct stet_error err = {0};
	struct steps *ap = calloc(1, sizeof *ap);

	snprintf(path, sizeof path, "%s", tmp_path(name));
	unlink(path);
	stet_schema_init(&sc);
	assert_int_equal(stet_schema_from_list(&sc, "A,B,C", &err), STET_OK);
	if (stet_project_create(path, &sc, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&sc);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	ap->s = s;
	ap->n = n;
	if (stet_store_write(st, apply_fn, ap, &err) != STET_OK)
		fail_msg("events: %s", err.msg);
	free(ap);
	stet_store_close(st);
	return path;
}

/* A change to one stored record, as a bad disk would make it. */
struct edit {
	enum stet_db db;
	unsigned char key[8];
	size_t klen;
	const char *name; /* a key by name (annotators), else key */
	bool del;         /* gone, rather than changed */
	size_t at;        /* the byte changed */
};

static int edit_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct edit *e = ctx;
	const void *k = e->name ? (const void *)e->name : e->key;
	size_t kl = e->name ? strlen(e->name) : e->klen;
	const void *v;
	size_t vl;
	unsigned char *copy;
	int rc;

	if (e->del)
		return stet_del(txn, e->db, k, kl, err);
	if ((rc = stet_get(txn, e->db, k, kl, &v, &vl, err)) != STET_OK)
		return rc;
	copy = malloc(vl);
	memcpy(copy, v, vl);
	copy[e->at < vl ? e->at : vl - 1] ^= 0x20;
	rc = stet_put(txn, e->db, k, kl, copy, vl, 0, err);
	free(copy);
	return rc;
}

static void damage(const char *path, struct edit *e)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, 0, &st, &err) != STET_OK ||
	    stet_store_write(st, edit_fn, e, &err) != STET_OK)
		fail_msg("damage %s: %s", path, err.msg);
	stet_store_close(st);
}

static struct edit event_edit(uint64_t id, size_t at)
{
	struct edit e = {.db = STET_DB_EVENTS, .klen = 8, .at = at};

	stet_u64be(e.key, id);
	return e;
}

static struct stet_store *salvage(const char *from, const char *name,
				  struct stet_salvage_result *res)
{
	struct stet_store *st;
	struct stet_error err = {0};
	const char *to = tmp_path(name);

	unlink(to);
	if (stet_salvage(from, to, res, &err) != STET_OK)
		fail_msg("salvage %s: %s", from, err.msg);
	if (stet_project_open(to, 0, &st, &err) != STET_OK)
		fail_msg("open %s: %s", to, err.msg);
	return st;
}

static void verified(struct stet_store *st)
{
	struct stet_verify_report rep;
	struct stet_error err = {0};

	assert_int_equal(stet_verify(st, 4, &rep, &err), STET_OK);
	if (rep.total != 0)
		fail_msg("verify: %s", rep.findings[0].msg);
	stet_verify_report_free(&rep);
}

/* The label that stands for (item, annotator), 0 for none. */
static uint32_t standing(struct stet_store *st, uint64_t item, uint32_t who)
{
	struct stet_txn *txn;
	struct stet_current cur;
	struct stet_error err = {0};
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_current_get(txn, item, who, &cur, &err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND || (rc == STET_OK && cur.nlabels == 0))
		return 0;
	assert_int_equal(rc, STET_OK);
	return cur.labels[0];
}

static int count_cb(const void *k, size_t kl, const void *v, size_t vl,
		    void *ctx, struct stet_error *err)
{
	(void)err;
	if (((kl == 2 && memcmp(k, "zz", 2) == 0) ||
	     (kl == 8 && stet_get_u64be(k) == 99)) && vl == 3 &&
	    memcmp(v, "xyz", 3) == 0)
		++*(int *)ctx;
	return STET_OK;
}

static int put_everywhere(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	unsigned char id[8];

	(void)ctx;
	/* Items, sessions and events are read id by id. */
	stet_u64be(id, 99);
	for (int db = 0; db < STET_DB_COUNT; db++) {
		bool ids = db == STET_DB_ITEMS || db == STET_DB_SESSIONS ||
			   db == STET_DB_EVENTS;

		if (stet_put(txn, db, ids ? (const void *)id : "zz", ids ? 8 : 2,
			     "xyz", 3, 0, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static void every_database_reads(void **state)
{
	const char *path = project("every.stet", NULL, 0);
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_store_write(st, put_everywhere, NULL, &err),
			 STET_OK);
	stet_store_close(st);
	for (int db = 0; db < STET_DB_COUNT; db++) {
		struct stet_salvage_read r;
		int found = 0;

		assert_int_equal(stet_store_salvage(path, db, count_cb, &found,
						    &r, &err), STET_OK);
		if (found != 1 || !r.whole || !r.counted)
			fail_msg("database %d: found %d, whole %d", db, found,
				 r.whole);
	}
}

static const struct step undo_steps[] = {
	{"ana", STET_ACT_LABEL, 1, 1, 0}, /* 1 */
	{"ana", STET_ACT_LABEL, 2, 2, 0}, /* 2 */
	{"ana", STET_ACT_UNDO, 2, 0, 1},  /* 3: undoes 2 */
	{"bo", STET_ACT_LABEL, 1, 3, 0},  /* 4 */
	{"bo", STET_ACT_LABEL, 3, 1, 0},  /* 5: edited on disk */
	{"bo", STET_ACT_UNDO, 3, 0, 4},   /* 6: undoes 5 */
	{"bo", STET_ACT_LABEL, 4, 2, 0},  /* 7 */
	{"ana", STET_ACT_LABEL, 4, 3, 0}, /* 8 */
};

static void edited_event_and_its_undo_go(void **state)
{
	const char *path = project("undo.stet", undo_steps, 8);
	struct stet_salvage_result res;
	struct edit e = event_edit(5, 30);
	struct stet_store *st;

	(void)state;
	/* The undo's item is the undone event's; ids: ana 2, bo 3. */
	damage(path, &e);
	st = salvage(path, "undo.new", &res);
	assert_int_equal(res.events_total, 8);
	assert_int_equal(res.events_chain, 1);
	assert_int_equal(res.events_no_target, 1);
	assert_int_equal(res.events_kept, 6);
	assert_int_equal(res.events_unread, 0);
	verified(st);
	assert_int_equal(standing(st, 1, 2), 1);
	assert_int_equal(standing(st, 2, 2), 0); /* the undo kept, remapped */
	assert_int_equal(standing(st, 1, 3), 3);
	assert_int_equal(standing(st, 3, 3), 0);
	assert_int_equal(standing(st, 4, 3), 2);
	assert_int_equal(standing(st, 4, 2), 3);
	stet_store_close(st);
}

static void lost_session_and_annotator_stand_in(void **state)
{
	const char *path = project("lost.stet", undo_steps, 8);
	struct stet_salvage_result res;
	struct edit ses = {.db = STET_DB_SESSIONS, .klen = 8, .del = true};
	struct edit who = {.db = STET_DB_ANNOTATORS, .name = "bo", .del = true};
	struct stet_store *st;
	struct stet_txn *txn;
	struct stet_annotator *list;
	struct stet_error err = {0};
	size_t n;

	(void)state;
	stet_u64be(ses.key, 2); /* bo's */
	damage(path, &ses);
	damage(path, &who);
	st = salvage(path, "lost.new", &res);
	assert_int_equal(res.events_kept, 8);
	assert_int_equal(res.sessions_made, 1);
	assert_int_equal(res.annotators_made, 1);
	verified(st);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_annotators_load(txn, &list, &n, &err), STET_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[2].name, "lost-3");
	stet_annotators_free(list, n);
	stet_txn_end(txn);
	assert_int_equal(standing(st, 4, 3), 2);
	stet_store_close(st);
}

static void damaged_item_goes_with_its_events(void **state)
{
	const char *path = project("item.stet", undo_steps, 8);
	struct stet_salvage_result res;
	struct edit e = {.db = STET_DB_ITEMS, .klen = 8, .at = 1000};
	struct stet_store *st;

	(void)state;
	stet_u64be(e.key, 4); /* the last byte: its text's */
	damage(path, &e);
	st = salvage(path, "item.new", &res);
	assert_int_equal(res.items_kept, NITEMS - 1);
	assert_int_equal(res.items_damaged, 1);
	assert_int_equal(res.events_no_item, 2);
	assert_int_equal(res.events_kept, 6);
	verified(st);
	stet_store_close(st);
}

static void map_growth_redoes_the_same(void **state)
{
	static struct step many[3000];
	struct stet_salvage_result small, big;
	struct stet_store *st;
	const char *path;

	(void)state;
	for (size_t i = 0; i < 3000; i++)
		many[i] = (struct step){i % 2 ? "bo" : "ana", STET_ACT_LABEL,
					1 + i % NITEMS, 1 + i % 3, 0};
	path = project("grow.stet", many, 3000);
	st = salvage(path, "big.new", &big);
	stet_store_close(st);
	/* 64 KiB holds a few hundred events: the map grows several times,
	 * each time the whole salvage is done again. */
	setenv("STET_MAPSIZE", "65536", 1);
	st = salvage(path, "small.new", &small);
	unsetenv("STET_MAPSIZE");
	assert_int_equal(small.events_kept, 3000);
	assert_int_equal(memcmp(&small, &big, sizeof small), 0);
	verified(st);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_database_reads),
		cmocka_unit_test(edited_event_and_its_undo_go),
		cmocka_unit_test(lost_session_and_annotator_stand_in),
		cmocka_unit_test(damaged_item_goes_with_its_events),
		cmocka_unit_test(map_growth_redoes_the_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
