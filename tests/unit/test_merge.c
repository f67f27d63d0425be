/* stet clone and stet merge: what a clone holds, and a merge that equals
 * labeling the main project directly, adds nothing the second time,
 * remaps undos and reports conflicts. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/merge.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "tmpdir.h"

#define NITEMS 12

/* One event to make: UNDO targets the step at index `target` of the
 * same list (its event id is looked up where the list was applied). */
struct step {
	const char *who;
	const char *session;
	enum stet_action action;
	uint64_t item;
	uint32_t label;
	int target;
};

struct apply_ctx {
	const struct step *steps;
	size_t n;
	int64_t t0;
	uint64_t ids[64];
};

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const char *prefix = ctx;

	for (int i = 1; i <= NITEMS; i++) {
		struct stet_item it;
		char buf[64];
		uint64_t existing;
		int rc;

		stet_item_init(&it);
		snprintf(buf, sizeof buf, "%s item number %d", prefix, i);
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

static int make_gold(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_gold g = {.labels = {2}, .n = 1};

	(void)ctx;
	return stet_gold_put(txn, 5, &g, err);
}

/* A project of NITEMS items ("PREFIX item number N", ids iN), schema
 * A,B,C, lead "lead", then annotators ana and bo in that order. */
static struct stet_store *project(const char *name, const char *prefix)
{
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B,C", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, (void *)prefix, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

/* The session of annotator called name: found, or else made at t. */
struct session_query {
	uint32_t annotator;
	const char *name;
	uint64_t *id;
	bool found;
};

static int session_match(const struct stet_session *s, void *ctx,
			 struct stet_error *err)
{
	struct session_query *q = ctx;

	(void)err;
	if (s->annotator != q->annotator || !s->name || strcmp(s->name, q->name))
		return STET_OK;
	*q->id = s->id;
	q->found = true;
	return STET_STOP;
}

static int session_named(struct stet_txn *txn, uint32_t annotator,
			 const char *name, int64_t t, uint64_t *id,
			 struct stet_error *err)
{
	struct session_query q = {annotator, name, id, false};
	struct stet_session s;
	int rc = stet_sessions_each(txn, session_match, &q, err);

	if (rc != STET_OK || q.found)
		return rc;
	memset(&s, 0, sizeof s);
	s.annotator = annotator;
	s.start_ms = s.end_ms = t;
	s.host = stet_xstrdup("test");
	s.name = stet_xstrdup(name);
	s.schema_version = 1;
	rc = stet_session_add(txn, &s, err);
	*id = s.id;
	stet_session_clear(&s);
	return rc;
}

static int apply_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct apply_ctx *ac = ctx;

	for (size_t i = 0; i < ac->n; i++) {
		const struct step *sp = &ac->steps[i];
		struct stet_event ev;
		bool created;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.time_ms = ac->t0 + 1000 * (int64_t)i;
		if (stet_annotator_ensure(txn, sp->who, STET_ROLE_ANNOTATOR,
					  &ev.annotator, &created, err) != STET_OK ||
		    session_named(txn, ev.annotator, sp->session, ev.time_ms,
				  &ev.session, err) != STET_OK)
			return STET_ERR;
		ev.action = sp->action;
		ev.item = sp->item;
		ev.schema_version = 1;
		ev.duration_ms = 700;
		if (sp->label) {
			ev.labels[0] = sp->label;
			ev.nlabels = 1;
		}
		if (sp->action == STET_ACT_UNDO)
			ev.target = ac->ids[sp->target];
		if (sp->action == STET_ACT_NOTE)
			ev.text = stet_xstrdup("a note");
		rc = stet_event_append(txn, &ev, err);
		ac->ids[i] = ev.id;
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void apply(struct stet_store *st, const struct step *steps, size_t n,
		  int64_t t0)
{
	struct apply_ctx ac = {steps, n, t0, {0}};
	struct stet_error err = {0};

	assert_true(n <= 64);
	if (stet_store_write(st, apply_fn, &ac, &err) != STET_OK)
		fail_msg("apply: %s", err.msg);
}

/* Everything a database holds, as "hex(key)=hex(value)" lines. */
static char *dump(struct stet_store *st, enum stet_db db)
{
	struct stet_txn *txn;
	struct stet_cursor *c;
	struct stet_error err = {0};
	struct stet_buf b;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	stet_buf_init(&b);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_cursor_open(txn, db, &c, &err), STET_OK);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err)) {
		for (size_t i = 0; i < kl; i++)
			stet_buf_printf(&b, "%02x", ((const unsigned char *)k)[i]);
		stet_buf_addc(&b, '=');
		for (size_t i = 0; i < vl; i++)
			stet_buf_printf(&b, "%02x", ((const unsigned char *)v)[i]);
		stet_buf_addc(&b, '\n');
	}
	assert_int_equal(rc, STET_NOTFOUND);
	stet_cursor_close(c);
	stet_txn_end(txn);
	stet_buf_addc(&b, '\0');
	return b.data;
}

static void assert_same_db(struct stet_store *a, struct stet_store *b,
			   enum stet_db db)
{
	char *x = dump(a, db), *y = dump(b, db);

	assert_string_equal(x, y);
	free(x);
	free(y);
}

static uint64_t count(struct stet_store *st, enum stet_db db)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint64_t n = 0;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, db, &n, &err), STET_OK);
	stet_txn_end(txn);
	return n;
}

static struct stet_store *do_clone(struct stet_store *main_st,
				   const char *name, const char *who,
				   struct stet_clone_result *res)
{
	struct stet_clone_opts o = {.annotator = who};
	struct stet_error err = {0};
	struct stet_store *copy;
	const char *path = tmp_path(name);

	unlink(path);
	if (stet_clone(main_st, path, &o, res, &err) != STET_OK)
		fail_msg("clone: %s", err.msg);
	assert_int_equal(stet_project_open(path, 0, &copy, &err), STET_OK);
	return copy;
}

static void do_merge(struct stet_store *main_st, struct stet_store *copy,
		     struct stet_merge_result *res)
{
	struct stet_error err = {0};

	if (stet_merge(main_st, copy, false, res, &err) != STET_OK)
		fail_msg("merge: %s", err.msg);
}

/* ---- the scenario ---- */

/* Before the clone, in the main project. */
static const struct step before[] = {
	{"ana", "a1", STET_ACT_LABEL, 1, 1, 0},
	{"bo", "b1", STET_ACT_LABEL, 1, 2, 0},
	{"ana", "a1", STET_ACT_LABEL, 2, 2, 0},
	{"ana", "a1", STET_ACT_SKIP, 7, 0, 0},
	{"bo", "b1", STET_ACT_LABEL, 2, 3, 0},
	{"lead", "l1", STET_ACT_ADJUDICATE, 1, 1, 0},
	{"ana", "a1", STET_ACT_LABEL, 5, 3, 0}, /* item 5 is gold */
	{"bo", "b1", STET_ACT_NOTE, 3, 0, 0},
};
/* In the main project after the clone: bo goes on, ana labels item 3
 * online too (a conflict with the copy). */
static const struct step online[] = {
	{"bo", "b2", STET_ACT_LABEL, 3, 1, 0},
	{"ana", "a2", STET_ACT_LABEL, 3, 1, 0},
	{"bo", "b2", STET_ACT_LABEL, 4, 2, 0},
};
/* In the copy, by ana: new labels, an undo of a copy event, an undo of
 * an event made before the clone (the label on item 2), a skip undone,
 * an unlabel, a note, and another session. */
static const struct step offline[] = {
	{"ana", "a1", STET_ACT_LABEL, 3, 2, 0},
	{"ana", "off", STET_ACT_LABEL, 4, 3, 0},
	{"ana", "off", STET_ACT_LABEL, 6, 1, 0},
	{"ana", "off", STET_ACT_UNDO, 0, 0, 2},
	{"ana", "off", STET_ACT_SKIP, 8, 0, 0},
	{"ana", "off", STET_ACT_SKIP, 9, 0, 0},
	{"ana", "off", STET_ACT_UNDO, 0, 0, 5},
	{"ana", "off", STET_ACT_UNLABEL, 1, 0, 0},
	{"ana", "off2", STET_ACT_NOTE, 10, 0, 0},
	{"ana", "off2", STET_ACT_LABEL, 11, 1, 0},
};
#define N(a) (sizeof (a) / sizeof *(a))

#define T_BEFORE 1700000000000LL
#define T_ONLINE 1700000100000LL
#define T_OFFLINE 1700000050000LL

/* An undo made by hand: ana undoing, in session a1, an event made
 * before the clone, whose id differs between the projects. */
struct undo_ctx {
	uint32_t annotator;
	uint64_t session, target;
};

static int undo_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct undo_ctx *uc = ctx;
	struct stet_event ev;
	int rc;

	memset(&ev, 0, sizeof ev);
	ev.time_ms = T_OFFLINE + 500000;
	ev.annotator = uc->annotator;
	ev.session = uc->session;
	ev.action = STET_ACT_UNDO;
	ev.target = uc->target;
	ev.schema_version = 1;
	rc = stet_event_append(txn, &ev, err);
	stet_event_clear(&ev);
	return rc;
}

/* ana's label on item 2, the third event of `before`: its id there. */
static uint64_t event_with_uid_of(struct stet_store *from, uint64_t id,
				  struct stet_store *in)
{
	struct stet_txn *t1, *t2;
	struct stet_event a, b;
	struct stet_error err = {0};
	uint64_t found = 0, n;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	assert_int_equal(stet_txn_begin_read(from, &t1, &err), STET_OK);
	assert_int_equal(stet_event_get(t1, id, &a, &err), STET_OK);
	stet_txn_end(t1);
	assert_int_equal(stet_txn_begin_read(in, &t2, &err), STET_OK);
	assert_int_equal(stet_count(t2, STET_DB_EVENTS, &n, &err), STET_OK);
	for (uint64_t i = 1; i <= n; i++) {
		assert_int_equal(stet_event_get(t2, i, &b, &err), STET_OK);
		if (memcmp(a.uid, b.uid, 16) == 0)
			found = i;
	}
	stet_txn_end(t2);
	stet_event_clear(&a);
	stet_event_clear(&b);
	return found;
}

static void clone_holds_only_their_own(void **state)
{
	struct stet_store *m = project("c-main.stet", "x"), *c;
	struct stet_clone_result res;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_annotator *list;
	struct stet_event ev;
	const char *v;
	size_t n, vl;
	uint64_t nev;

	(void)state;
	apply(m, before, N(before), T_BEFORE);
	assert_int_equal(stet_store_write(m, make_gold, NULL, &err), STET_OK);
	assert_int_equal(count(m, STET_DB_FINAL), 1);
	c = do_clone(m, "c-copy.stet", "ana", &res);
	assert_int_equal(res.items, NITEMS);
	assert_int_equal(res.events, 4);
	assert_int_equal(res.sessions, 1);
	assert_int_equal(res.schema_versions, 1);
	assert_false(res.added);
	/* the items, byte for byte, and their indexes */
	assert_same_db(m, c, STET_DB_ITEMS);
	assert_same_db(m, c, STET_DB_ITEM_BY_EXT);
	assert_int_equal(count(c, STET_DB_ITEM_BY_HASH), NITEMS);
	assert_int_equal(count(c, STET_DB_GOLD), 0);
	assert_int_equal(count(c, STET_DB_FINAL), 0);
	assert_int_equal(count(c, STET_DB_CURRENT), 3);
	assert_int_equal(count(c, STET_DB_SKIPS), 1);
	assert_int_equal(stet_txn_begin_read(c, &txn, &err), STET_OK);
	assert_int_equal(stet_annotators_load(txn, &list, &n, &err), STET_OK);
	/* ana first, then the project's lead, by name only */
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "ana");
	assert_string_equal(list[1].name, "lead");
	assert_int_equal(list[1].role, STET_ROLE_LEAD);
	stet_annotators_free(list, n);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_count(txn, STET_DB_EVENTS, &nev, &err), STET_OK);
	for (uint64_t i = 1; i <= nev; i++) {
		assert_int_equal(stet_event_get(txn, i, &ev, &err), STET_OK);
		assert_int_equal(ev.annotator, 1);
		assert_true(ev.action != STET_ACT_ADJUDICATE);
	}
	stet_event_clear(&ev);
	assert_int_equal(stet_meta_get(txn, "clone.for", &v, &vl, &err), STET_OK);
	assert_int_equal(vl, 3);
	assert_memory_equal(v, "ana", 3);
	assert_int_equal(stet_meta_get_u64(txn, "clone.events", &nev, &err),
			 STET_OK);
	assert_int_equal(nev, N(before));
	stet_txn_end(txn);
	stet_store_close(c);

	/* an unknown name: refused, and no file left; --add takes it */
	{
		struct stet_clone_opts o = {.annotator = "zed"};
		const char *path = tmp_path("c-zed.stet");

		assert_int_equal(stet_clone(m, path, &o, &res, &err),
				 STET_NOTFOUND);
		assert_non_null(strstr(err.msg, "no annotator \"zed\""));
		assert_int_not_equal(access(path, F_OK), 0);
		o.add = true;
		assert_int_equal(stet_clone(m, path, &o, &res, &err), STET_OK);
		assert_true(res.added);
		assert_int_equal(res.events, 0);
		/* and never over an existing file */
		assert_int_equal(stet_clone(m, path, &o, &res, &err), STET_ERR);
		assert_non_null(strstr(err.msg, "already exists"));
	}
	stet_store_close(m);
}

/* Main and copy as in the scenario; twin labeled directly with the
 * same events in the order the merge puts them. */
static void merge_equals_direct_labeling(void **state)
{
	struct stet_store *m = project("e-main.stet", "x");
	struct stet_store *t = project("e-twin.stet", "x"), *c;
	struct stet_clone_result cres;
	struct stet_merge_result res;
	struct stet_error err = {0};
	static const enum stet_db dbs[] = {STET_DB_CURRENT, STET_DB_SKIPS,
					    STET_DB_FINAL};
	char *snap[3];
	struct undo_ctx uc;
	uint64_t undo_id;
	struct stet_txn *txn;
	struct stet_event ev;

	(void)state;
	apply(m, before, N(before), T_BEFORE);
	c = do_clone(m, "e-copy.stet", "ana", &cres);
	apply(m, online, N(online), T_ONLINE);
	apply(c, offline, N(offline), T_OFFLINE);
	/* ana undoes, offline, her pre-clone label on item 2 (event 3 of
	 * the main project); in the copy she is annotator 1 and a1 kept
	 * its id, 1 */
	uc = (struct undo_ctx){1, 1, event_with_uid_of(m, 3, c)};
	assert_int_not_equal(uc.target, 0);
	assert_int_equal(stet_store_write(c, undo_fn, &uc, &err), STET_OK);

	do_merge(m, c, &res);
	assert_int_equal(res.merged, N(offline) + 1);
	assert_int_equal(res.present, 4);
	assert_int_equal(res.sessions, 2); /* off and off2; a1 continues */
	assert_int_equal(res.annotators, 0);
	assert_non_null(res.clone_for);
	assert_string_equal(res.clone_for, "ana");
	/* the conflict: ana on item 3, online and offline */
	assert_int_equal(res.nconflicts, 1);
	assert_string_equal(res.conflicts[0].item, "i3");
	assert_string_equal(res.conflicts[0].annotator, "ana");
	assert_int_equal(res.conflicts[0].project_ms, T_ONLINE + 1000);
	assert_int_equal(res.conflicts[0].copy_ms, T_OFFLINE);
	stet_merge_result_free(&res);

	/* The twin, labeled directly: the same steps, the same order. */
	apply(t, before, N(before), T_BEFORE);
	apply(t, online, N(online), T_ONLINE);
	apply(t, offline, N(offline), T_OFFLINE);
	/* in the twin, ana is annotator 2 (after lead) and a1 session 1 */
	uc = (struct undo_ctx){2, 1, 3};
	assert_int_equal(stet_store_write(t, undo_fn, &uc, &err), STET_OK);
	for (size_t i = 0; i < N(dbs); i++) {
		char *a = dump(m, dbs[i]), *b = dump(t, dbs[i]);

		assert_string_equal(a, b);
		snap[i] = a;
		free(b);
	}
	assert_int_equal(count(m, STET_DB_EVENTS), count(t, STET_DB_EVENTS));
	assert_int_equal(count(m, STET_DB_FINAL), 1);

	/* The undo of the pre-clone label targets that label's id here. */
	undo_id = count(m, STET_DB_EVENTS);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(m, &txn, &err), STET_OK);
	assert_int_equal(stet_event_get(txn, undo_id, &ev, &err), STET_OK);
	assert_int_equal(ev.action, STET_ACT_UNDO);
	assert_int_equal(ev.target, 3);
	/* and the copy-made undo (offline[3]) targets the merged label */
	assert_int_equal(stet_event_get(txn, N(before) + N(online) + 4, &ev,
					&err), STET_OK);
	assert_int_equal(ev.action, STET_ACT_UNDO);
	assert_int_equal(ev.target, N(before) + N(online) + 3);
	stet_event_clear(&ev);
	stet_txn_end(txn);

	/* Merging again adds nothing and changes nothing. */
	do_merge(m, c, &res);
	assert_int_equal(res.merged, 0);
	assert_int_equal(res.present, cres.events + N(offline) + 1);
	assert_int_equal(res.sessions, 0);
	assert_int_equal(res.nconflicts, 0);
	stet_merge_result_free(&res);
	assert_int_equal(count(m, STET_DB_EVENTS), count(t, STET_DB_EVENTS));
	for (size_t i = 0; i < N(dbs); i++) {
		char *a = dump(m, dbs[i]);

		assert_string_equal(a, snap[i]);
		free(a);
		free(snap[i]);
	}

	/* Work goes on in the copy, in a1 again: the second merge takes
	 * only that, and a1 stays one session. */
	{
		static const struct step more[] = {
			{"ana", "a1", STET_ACT_LABEL, 12, 2, 0},
		};
		uint64_t sessions = count(m, STET_DB_SESSIONS);

		apply(c, more, N(more), T_OFFLINE + 900000);
		do_merge(m, c, &res);
		assert_int_equal(res.merged, 1);
		assert_int_equal(res.sessions, 0);
		stet_merge_result_free(&res);
		assert_int_equal(count(m, STET_DB_SESSIONS), sessions);
	}
	stet_store_close(c);
	stet_store_close(t);
	stet_store_close(m);
}

static int change_schema(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	struct stet_schema s;
	int rc;

	(void)ctx;
	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = stet_schema_add(&s, "D", NULL, NULL, NULL, err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &s, err);
	stet_schema_free(&s);
	return rc;
}

static void merge_refuses_and_writes_nothing(void **state)
{
	struct stet_store *m = project("r-main.stet", "x");
	struct stet_store *other = project("r-other.stet", "y"), *c, *oc;
	struct stet_clone_result cres;
	struct stet_merge_result res;
	struct stet_error err = {0};
	static const struct step one[] = {
		{"ana", "s", STET_ACT_LABEL, 2, 1, 0},
	};
	uint64_t events;

	(void)state;
	apply(m, before, N(before), T_BEFORE);
	apply(other, before, N(before), T_BEFORE);
	events = count(m, STET_DB_EVENTS);

	/* a copy of another project: its items are not here */
	oc = do_clone(other, "r-oc.stet", "ana", &cres);
	apply(oc, one, N(one), T_OFFLINE);
	assert_int_equal(stet_merge(m, oc, false, &res, &err), STET_CONFLICT);
	assert_non_null(strstr(err.msg, "item \"i1\" of "));
	assert_non_null(strstr(err.msg, "another project"));
	assert_int_equal(count(m, STET_DB_EVENTS), events);
	stet_merge_result_free(&res);
	stet_store_close(oc);

	/* a dry run reports and writes nothing */
	c = do_clone(m, "r-copy.stet", "ana", &cres);
	apply(c, one, N(one), T_OFFLINE);
	assert_int_equal(stet_merge(m, c, true, &res, &err), STET_OK);
	assert_int_equal(res.merged, 1);
	assert_int_equal(res.sessions, 1);
	stet_merge_result_free(&res);
	assert_int_equal(count(m, STET_DB_EVENTS), events);

	/* a schema changed in the copy */
	assert_int_equal(stet_store_write(c, change_schema, NULL, &err), STET_OK);
	assert_int_equal(stet_merge(m, c, false, &res, &err), STET_CONFLICT);
	assert_non_null(strstr(err.msg, "schema version 2"));
	assert_int_equal(count(m, STET_DB_EVENTS), events);
	stet_merge_result_free(&res);

	/* the same change made in the project first: the copy merges */
	assert_int_equal(stet_store_write(m, change_schema, NULL, &err), STET_OK);
	do_merge(m, c, &res);
	assert_int_equal(res.merged, 1);
	stet_merge_result_free(&res);
	assert_int_equal(count(m, STET_DB_EVENTS), events + 1);
	stet_store_close(c);
	stet_store_close(other);
	stet_store_close(m);
}

/* A copy labeled by someone the project does not know yet: added. */
static void merge_adds_annotators(void **state)
{
	struct stet_store *m = project("a-main.stet", "x"), *c;
	struct stet_clone_result cres;
	struct stet_merge_result res;
	struct stet_error err = {0};
	struct stet_clone_opts o = {.annotator = "new", .add = true};
	static const struct step work[] = {
		{"new", "n1", STET_ACT_LABEL, 1, 1, 0},
		{"new", "n1", STET_ACT_LABEL, 2, 2, 0},
	};
	const char *path = tmp_path("a-copy.stet");
	struct stet_current cur;
	struct stet_txn *txn;
	uint32_t id;

	(void)state;
	assert_int_equal(stet_clone(m, path, &o, &cres, &err), STET_OK);
	assert_int_equal(stet_project_open(path, 0, &c, &err), STET_OK);
	apply(c, work, N(work), T_OFFLINE);
	do_merge(m, c, &res);
	assert_int_equal(res.merged, 2);
	assert_int_equal(res.annotators, 1);
	stet_merge_result_free(&res);
	assert_int_equal(stet_txn_begin_read(m, &txn, &err), STET_OK);
	{
		const void *v;
		size_t vl;

		assert_int_equal(stet_get(txn, STET_DB_ANNOTATORS, "new", 3, &v,
					  &vl, &err), STET_OK);
		id = stet_get_u32be(v);
	}
	assert_int_equal(stet_current_get(txn, 2, id, &cur, &err), STET_OK);
	assert_int_equal(cur.nlabels, 1);
	assert_int_equal(cur.labels[0], 2);
	stet_txn_end(txn);
	stet_store_close(c);
	stet_store_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_holds_only_their_own),
		cmocka_unit_test(merge_equals_direct_labeling),
		cmocka_unit_test(merge_refuses_and_writes_nothing),
		cmocka_unit_test(merge_adds_annotators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
