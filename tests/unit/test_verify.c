/* stet verify's core: the rebuild of current, skips and final from the
 * events agrees with what annotate.c writes after every event, and
 * edits made to the file behind stet's back (with raw LMDB) are found
 * and placed at the event where they start. Also stet log's lines for
 * every kind of event, through the command itself. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "cli.h"
#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "stet/pending.h"
#include "stet/team.h"
#include "stet/verify.h"
#include "tmpdir.h"

/* Items 1..3 (r1..r3), annotators lead (1), ana (2), ben (3), labels
 * A (1) and B (2); one session each. */
enum { LEAD = 1, ANA = 2, BEN = 3 };
enum { LA = 1, LB = 2 };

struct step {
	enum stet_action action;
	uint32_t who;
	uint64_t item;
	uint32_t label;  /* LABEL/ADJUDICATE */
	uint64_t target; /* UNDO */
	const char *text;
	uint32_t schema;
};

static const struct step script[] = {
	{STET_ACT_LABEL, ANA, 1, LA, 0, NULL, 1},       /* 1 */
	{STET_ACT_LABEL, ANA, 1, LB, 0, NULL, 1},       /* 2 replaces 1 */
	{STET_ACT_UNDO, ANA, 1, 0, 2, NULL, 1},         /* 3: A (1) again */
	{STET_ACT_SKIP, ANA, 2, 0, 0, NULL, 1},         /* 4 */
	{STET_ACT_LABEL, BEN, 1, LA, 0, NULL, 1},       /* 5 */
	{STET_ACT_NOTE, BEN, 1, 0, 0, "look\x1b[31m here", 1}, /* 6 */
	{STET_ACT_FLAG, ANA, 2, 0, 0, "\"typo\" \\", 1}, /* 7 */
	{STET_ACT_UNLABEL, BEN, 1, 0, 0, NULL, 1},      /* 8 */
	{STET_ACT_UNDO, BEN, 1, 0, 8, NULL, 1},         /* 9: A (5) again */
	{STET_ACT_ADJUDICATE, LEAD, 1, LB, 0, NULL, 1}, /* 10 */
	{STET_ACT_ADJUDICATE, LEAD, 1, LA, 0, NULL, 1}, /* 11 */
	{STET_ACT_UNDO, LEAD, 1, 0, 11, NULL, 1},       /* 12: final B (10) */
	{STET_ACT_SKIP, BEN, 3, 0, 0, NULL, 1},         /* 13 */
	{STET_ACT_UNDO, BEN, 3, 0, 13, NULL, 1},        /* 14: no skip */
	{STET_ACT_LABEL, BEN, 2, LA, 0, NULL, 2},       /* 15, schema 2 */
	{STET_ACT_SKIP, ANA, 2, 0, 0, NULL, 2},         /* 16 */
	{STET_ACT_UNDO, ANA, 2, 0, 4, NULL, 2},         /* 17: 16 stands */
	{STET_ACT_UNDO, ANA, 1, 0, 3, NULL, 2},         /* 18: undo of an undo */
	{STET_ACT_UNLABEL, ANA, 3, 0, 0, NULL, 2},      /* 19: nothing stood */
	{STET_ACT_UNDO, ANA, 3, 0, 19, NULL, 2},        /* 20: still nothing */
};
#define NSCRIPT (sizeof script / sizeof script[0])

struct steps {
	const struct step *s;
	size_t n;
};

static int run_steps(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct steps *st = ctx;

	for (size_t i = 0; i < st->n; i++) {
		const struct step *p = &st->s[i];
		struct stet_event ev;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.action = p->action;
		ev.annotator = p->who;
		ev.session = p->who;
		ev.item = p->item;
		ev.time_ms = 1795000000000LL + 1000 * (int64_t)i + 7;
		ev.duration_ms = 100 * (uint32_t)(i + 1);
		ev.schema_version = p->schema;
		ev.target = p->target;
		if (p->label) {
			ev.labels[0] = p->label;
			ev.nlabels = 1;
		}
		if (p->text)
			ev.text = stet_xstrdup(p->text);
		rc = stet_event_append(txn, &ev, err);
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static int setup_names(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const who[] = {"ana", "ben"};
	struct stet_schema s;
	uint64_t existing;
	uint32_t id;
	bool created;
	int rc = STET_OK;

	(void)ctx;
	for (int i = 1; i <= 3 && rc == STET_OK; i++) {
		struct stet_item it;
		char buf[32];

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		snprintf(buf, sizeof buf, "text of r%d", i);
		it.text = stet_xstrdup(buf);
		snprintf(buf, sizeof buf, "r%d", i);
		it.ext_id = stet_xstrdup(buf);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
	}
	for (int i = 0; i < 2 && rc == STET_OK; i++)
		rc = stet_annotator_ensure(txn, who[i], STET_ROLE_ANNOTATOR, &id,
					   &created, err);
	/* Session 1 has no name (it reads as "1"); 2 and 3 have. */
	for (int i = 1; i <= 3 && rc == STET_OK; i++) {
		struct stet_session se;

		memset(&se, 0, sizeof se);
		se.annotator = (uint32_t)i;
		se.start_ms = 1795000000000LL;
		se.schema_version = 1;
		se.host = stet_xstrdup("host");
		if (i > 1)
			se.name = stet_xstrdup(i == 2 ? "ana-1" : "ben-1");
		rc = stet_session_add(txn, &se, err);
		stet_session_clear(&se);
	}
	if (rc != STET_OK)
		return rc;
	/* Version 2 renames A to ALPHA: older events keep the old name. */
	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = stet_schema_rename(&s, "A", "ALPHA", err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &s, err);
	stet_schema_free(&s);
	return rc;
}

/* A fresh project named name with the first n steps of the script. */
static const char *make_project(const char *name, size_t n)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	struct steps steps = {script, n};
	static char path[512];

	snprintf(path, sizeof path, "%s", tmp_path(name));
	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, setup_names, NULL, &err) != STET_OK)
		fail_msg("names: %s", err.msg);
	if (n > 0 && stet_store_write(st, run_steps, &steps, &err) != STET_OK)
		fail_msg("events: %s", err.msg);
	stet_store_close(st);
	return path;
}

static void verify_path(const char *path, size_t max,
			struct stet_verify_report *rep)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, STET_OPEN_READONLY, &st, &err) != STET_OK)
		fail_msg("open %s: %s", path, err.msg);
	if (stet_verify(st, max, rep, &err) != STET_OK)
		fail_msg("verify %s: %s", path, err.msg);
	stet_store_close(st);
}

static const struct stet_verify_tally *tally(const struct stet_verify_report *rep,
					     const char *name)
{
	for (size_t i = 0; i < rep->ntally; i++)
		if (strcmp(rep->tally[i].name, name) == 0)
			return &rep->tally[i];
	fail_msg("no tally %s", name);
	return NULL;
}

/* Whether some finding's message contains s. */
static bool said(const struct stet_verify_report *rep, const char *s)
{
	for (size_t i = 0; i < rep->nfindings; i++)
		if (strstr(rep->findings[i].msg, s) != NULL)
			return true;
	return false;
}

static void dump(const struct stet_verify_report *rep)
{
	for (size_t i = 0; i < rep->nfindings; i++)
		fprintf(stderr, "# %s %llu %s\n",
			stet_verify_kind_name(rep->findings[i].kind),
			(unsigned long long)rep->findings[i].event,
			rep->findings[i].msg);
}

/* ---- raw LMDB, behind stet's back ---- */

struct raw {
	MDB_env *env;
	MDB_txn *txn;
};

static MDB_dbi raw_begin(struct raw *r, const char *path, const char *db)
{
	MDB_dbi dbi;

	assert_int_equal(mdb_env_create(&r->env), 0);
	assert_int_equal(mdb_env_set_maxdbs(r->env, 32), 0);
	assert_int_equal(mdb_env_open(r->env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(r->env, NULL, 0, &r->txn), 0);
	assert_int_equal(mdb_dbi_open(r->txn, db, 0, &dbi), 0);
	return dbi;
}

static void raw_commit(struct raw *r)
{
	assert_int_equal(mdb_txn_commit(r->txn), 0);
	mdb_env_close(r->env);
}

/* A copy of event id's record, and its length. */
static size_t raw_event(MDB_txn *txn, MDB_dbi dbi, uint64_t id,
			unsigned char *out, size_t cap)
{
	unsigned char k[8];
	MDB_val key = {8, k}, val;

	stet_u64be(k, id);
	assert_int_equal(mdb_get(txn, dbi, &key, &val), 0);
	assert_true(val.mv_size <= cap);
	memcpy(out, val.mv_data, val.mv_size);
	return val.mv_size;
}

static void raw_put_event(MDB_txn *txn, MDB_dbi dbi, uint64_t id,
			  unsigned char *rec, size_t n)
{
	unsigned char k[8];
	MDB_val key = {8, k}, val = {n, rec};

	stet_u64be(k, id);
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
}

/* The byte of a one-label event's label: version, uid, time, then
 * session, annotator, item, action and the label count, one byte each
 * while they are below 128. */
#define LABEL_AT (1 + 16 + 8 + 1 + 1 + 1 + 1 + 1)

/* ---- the tests ---- */

static void clean_project_verifies(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("clean.stet", NSCRIPT);

	(void)state;
	verify_path(path, 10, &rep);
	assert_int_equal(rep.total, 0);
	assert_int_equal(rep.nfindings, 0);
	assert_int_equal(rep.events, NSCRIPT);
	assert_int_equal(rep.last, NSCRIPT);
	assert_true(rep.head != 0);
	assert_int_equal(rep.ntally, 9);
	assert_string_equal(rep.tally[4].name, "current");
	assert_string_equal(rep.tally[5].name, "skips");
	assert_string_equal(rep.tally[6].name, "final");
	assert_string_equal(rep.tally[7].name, "pending");
	assert_string_equal(rep.tally[8].name, "queue");
	stet_verify_report_free(&rep);
}

/* The in-memory rebuild follows annotate.c after every event of the
 * script, not only at its end. */
static void rebuild_matches_after_every_event(void **state)
{
	(void)state;
	for (size_t n = 0; n <= NSCRIPT; n++) {
		struct stet_verify_report rep;
		const char *path = make_project("prefix.stet", n);

		verify_path(path, 10, &rep);
		if (rep.total != 0) {
			dump(&rep);
			fail_msg("after %zu events: %llu faults", n,
				 (unsigned long long)rep.total);
		}
		assert_int_equal(rep.last, n);
		if (n == 0)
			assert_int_equal(rep.head, 0);
		stet_verify_report_free(&rep);
	}
}

/* (a) A label changed inside event 5's record: the chain breaks at 5
 * (event 6 holds the hash of the old record), and ben's standing value
 * for r1, which event 9 restored from event 5, differs from what the
 * events now give. */
static void edited_label_is_found_at_its_event(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("edit.stet", NSCRIPT);
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");
	size_t n = raw_event(r.txn, dbi, 5, rec, sizeof rec);

	(void)state;
	assert_int_equal(rec[LABEL_AT - 1], 1);  /* one label */
	assert_int_equal(rec[LABEL_AT], LA);
	rec[LABEL_AT] = LB;
	raw_put_event(r.txn, dbi, 5, rec, n);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_true(rep.total >= 2);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_CHAIN);
	assert_int_equal(rep.findings[0].event, 5);
	assert_true(said(&rep, "event 5: its record no longer matches the hash event 6 holds"));
	assert_int_equal(tally(&rep, "chain")->count, 1);
	assert_int_equal(tally(&rep, "chain")->first, 5);
	assert_int_equal(tally(&rep, "current")->count, 1);
	assert_int_equal(tally(&rep, "current")->first, 5);
	assert_true(said(&rep, "current: item r1 (1), annotator ben (3): stored label 1 of event 5; the events give label 2 of event 5"));
	assert_int_equal(tally(&rep, "sequence")->count, 0);
	assert_int_equal(tally(&rep, "final")->count, 0);
	stet_verify_report_free(&rep);
}

/* (b) Forged values in current: a changed one, and one no event sets. */
/* A `pending` entry the events do not give (an item moved to a count
 * it does not have) is a difference too. */
static void forged_pending_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("pending.stet", NSCRIPT);
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	unsigned char key[STET_PENDING_KEY];
	MDB_val k = {sizeof key, key}, v = {0, ""};

	(void)state;
	stet_pending_key(key, 200, 1);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "pending", 0, &dbi), 0);
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	verify_path(path, 10, &rep);
	assert_int_equal(rep.tally[7].count, 1);
	stet_verify_report_free(&rep);
}

static void forged_current_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("forge.stet", NSCRIPT);
	unsigned char k[12], v[3] = {1, LB, 1}, w[3] = {1, LA, 99};
	MDB_val key = {12, k}, val = {3, v};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "current");

	(void)state;
	stet_current_key(k, 1, ANA);  /* stands: A of event 1 */
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	stet_current_key(k, 3, BEN);  /* nothing stands */
	val.mv_data = w;
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.total, 2);
	assert_int_equal(tally(&rep, "current")->count, 2);
	assert_int_equal(tally(&rep, "current")->first, 1);
	assert_int_equal(tally(&rep, "chain")->count, 0);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_DERIVED);
	assert_string_equal(rep.findings[0].db, "current");
	assert_int_equal(rep.findings[0].event, 1);
	assert_string_equal(rep.findings[0].msg,
		"current: item r1 (1), annotator ana (2): stored label 2 of event 1; the events give label 1 of event 1");
	assert_int_equal(rep.findings[1].event, 0);
	assert_string_equal(rep.findings[1].msg,
		"current: item r3 (3), annotator ben (3): stored label 1 of event 99; no event sets it");
	stet_verify_report_free(&rep);
}

/* (c) An event deleted from the middle: the gap is the fault; no chain
 * fault is claimed across it. Deleting the undone event 2 also leaves
 * event 3 undoing nothing. */
static void deleted_event_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("delete.stet", NSCRIPT);
	unsigned char k[8];
	MDB_val key = {8, k};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");

	(void)state;
	stet_u64be(k, 7);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	stet_u64be(k, 2);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.events, NSCRIPT - 2);
	assert_int_equal(tally(&rep, "sequence")->count, 2);
	assert_int_equal(tally(&rep, "sequence")->first, 2);
	assert_true(said(&rep, "event 2 is missing"));
	assert_true(said(&rep, "event 7 is missing"));
	assert_int_equal(tally(&rep, "chain")->count, 0);
	assert_int_equal(tally(&rep, "history")->count, 1);
	assert_int_equal(tally(&rep, "history")->first, 3);
	assert_true(said(&rep, "event 3 undoes event 2, which is not in the log"));
	assert_int_equal(rep.total, 3);
	stet_verify_report_free(&rep);
}

/* (d) A truncated record: it does not decode, and it no longer matches
 * the hash the next event holds. What the lead's adjudication 10 set is
 * lost to the rebuild, so final differs from event 11 on. */
static void truncated_record_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("trunc.stet", NSCRIPT);
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");
	size_t n = raw_event(r.txn, dbi, 10, rec, sizeof rec);

	(void)state;
	raw_put_event(r.txn, dbi, 10, rec, n - 5);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_RECORD);
	assert_int_equal(rep.findings[0].event, 10);
	assert_int_equal(tally(&rep, "record")->first, 10);
	assert_int_equal(tally(&rep, "chain")->count, 1);
	assert_int_equal(tally(&rep, "chain")->first, 10);
	assert_int_equal(tally(&rep, "final")->count, 1);
	assert_int_equal(tally(&rep, "final")->first, 11);
	assert_true(said(&rep, "event 11 (adjudicate) says it replaced event 10, but nothing stood"));
	assert_true(said(&rep, "final: item r1 (1): stored label 2 of event 10; the events give label 1 of event 11"));
	assert_int_equal(tally(&rep, "current")->count, 0);
	stet_verify_report_free(&rep);
}

/* A skip gone from `skips`, and one the events do not justify. */
static void skips_are_compared_both_ways(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("skips.stet", NSCRIPT);
	unsigned char k[12], v[8];
	MDB_val key = {12, k}, val = {8, v};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "skips");

	(void)state;
	stet_current_key(k, 2, ANA);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	stet_current_key(k, 3, BEN); /* undone by event 14 */
	stet_u64be(v, 13);
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.total, 2);
	assert_int_equal(tally(&rep, "skips")->count, 2);
	assert_int_equal(tally(&rep, "skips")->first, 16);
	assert_true(said(&rep, "skips: item r2 (2), annotator ana (2): missing; the events give the skip of event 16"));
	assert_true(said(&rep, "skips: item r3 (3), annotator ben (3): stored the skip of event 13; no event sets it"));
	stet_verify_report_free(&rep);
}

/* No chain shows an edit of the last event: the head hash does. */
static void the_head_reveals_an_edited_last_event(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("head.stet", NSCRIPT);
	unsigned char rec[2048];
	uint64_t head;
	struct raw r;
	MDB_dbi dbi;
	size_t n;

	(void)state;
	verify_path(path, 10, &rep);
	head = rep.head;
	stet_verify_report_free(&rep);
	dbi = raw_begin(&r, path, "events");
	n = raw_event(r.txn, dbi, NSCRIPT, rec, sizeof rec);
	rec[n - 9] ^= 1; /* the replaced field, before prev_hash */
	raw_put_event(r.txn, dbi, NSCRIPT, rec, n);
	raw_commit(&r);
	verify_path(path, 10, &rep);
	assert_true(rep.head != head);
	stet_verify_report_free(&rep);
}

/* Every fault is counted; only the first max are kept. */
static void findings_are_capped_but_counted(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("cap.stet", NSCRIPT);
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "current");

	(void)state;
	assert_int_equal(mdb_drop(r.txn, dbi, 0), 0);
	dbi = 0;
	assert_int_equal(mdb_dbi_open(r.txn, "final", 0, &dbi), 0);
	assert_int_equal(mdb_drop(r.txn, dbi, 0), 0);
	raw_commit(&r);
	verify_path(path, 1, &rep);
	/* current: (r1, ana), (r1, ben), (r2, ben); final: r1. */
	assert_int_equal(rep.total, 4);
	assert_int_equal(rep.nfindings, 1);
	assert_int_equal(tally(&rep, "current")->count, 3);
	assert_int_equal(tally(&rep, "current")->first, 1);
	assert_int_equal(tally(&rep, "final")->first, 10);
	stet_verify_report_free(&rep);
}

/* ---- stet log, through the command ---- */

/* Runs `stet log ARGS...`, returning its exit status, its standard
 * output in out and, when errout is not NULL, its standard error. */
static int run_log_err(char *out, size_t cap, char *errout, size_t errcap,
		       const char *const *args)
{
	char *argv[16];
	int argc = 0, fd, efd, saved, esaved, code;
	char file[512], efile[512]; /* tmp_path's buffer is reused */
	FILE *f;
	size_t n;

	snprintf(file, sizeof file, "%s", tmp_path("log.out"));
	snprintf(efile, sizeof efile, "%s", tmp_path("log.err"));

	argv[argc++] = (char *)"log";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	saved = dup(1);
	esaved = dup(2);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	efd = open(efile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && esaved >= 0 && fd >= 0 && efd >= 0);
	dup2(fd, 1);
	close(fd);
	if (errout != NULL)
		dup2(efd, 2);
	close(efd);
	optind = 0;
	code = cmd_log.run(&cmd_log, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, 1);
	dup2(esaved, 2);
	close(saved);
	close(esaved);
	for (int i = 0; i < 2; i++) {
		char *buf = i ? errout : out;
		size_t bcap = i ? errcap : cap;

		if (buf == NULL)
			continue;
		f = fopen(i ? efile : file, "r");
		assert_non_null(f);
		n = fread(buf, 1, bcap - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return code;
}

static int run_log(char *out, size_t cap, const char *const *args)
{
	return run_log_err(out, cap, NULL, 0, args);
}

static int set_my_role(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	return stet_member_set(txn, cli_user(), *(enum stet_role *)ctx, err);
}

/* Gives whoever runs the tests a role in the project at path: stet log
 * shows a lead every event, an annotator their own. */
static void my_role(const char *path, enum stet_role role)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, 0, &st, &err) != STET_OK ||
	    stet_store_write(st, set_my_role, &role, &err) != STET_OK)
		fail_msg("%s: %s", path, err.msg);
	stet_store_close(st);
}

static void log_prints_every_kind_of_event(void **state)
{
	static char out[16384];
	const char *path = make_project("log.stet", NSCRIPT);
	const char *all[] = {path, NULL};
	const char *ben[] = {path, "--annotator", "ben", "--item", "r1", NULL};
	const char *sess[] = {path, "--session", "1", "--format", "jsonl", NULL};
	const char *named[] = {path, "-s", "ben-1", "-i", "r3", NULL};
	const char *none[] = {path, "--item", "r3", "--annotator", "lead", NULL};

	(void)state;
	my_role(path, STET_ROLE_LEAD);
	assert_int_equal(run_log(out, sizeof out, all), EXIT_OK);
	assert_non_null(strstr(out,
		"2026-11-18T11:06:40.007Z #1 session=ana-1 annotator=ana item=r1 label A ms=100 schema=1\n"));
	assert_non_null(strstr(out,
		" #3 session=ana-1 annotator=ana item=r1 undo #2 ms=300 schema=1\n"));
	assert_non_null(strstr(out,
		" #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"));
	/* A quote and a backslash in a text are escaped, so the text
	 * ends at the first quote that is not. */
	assert_non_null(strstr(out, " #7 session=ana-1 annotator=ana item=r2 flag \"\\\"typo\\\" \\\\\" ms=700 "));
	assert_non_null(strstr(out, " #8 session=ben-1 annotator=ben item=r1 unlabel ms=800 "));
	assert_non_null(strstr(out, " #10 session=1 annotator=lead item=r1 adjudicate B ms=1000 "));
	assert_non_null(strstr(out, " #13 session=ben-1 annotator=ben item=r3 skip ms=1300 "));
	/* Version 2 of the schema calls label 1 ALPHA. */
	assert_non_null(strstr(out, " #15 session=ben-1 annotator=ben item=r2 label ALPHA ms=1500 schema=2\n"));
	assert_null(strchr(out, '\x1b'));

	assert_int_equal(run_log(out, sizeof out, ben), EXIT_OK);
	assert_string_equal(out,
		"2026-11-18T11:06:44.007Z #5 session=ben-1 annotator=ben item=r1 label A ms=500 schema=1\n"
		"2026-11-18T11:06:45.007Z #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"
		"2026-11-18T11:06:47.007Z #8 session=ben-1 annotator=ben item=r1 unlabel ms=800 schema=1\n"
		"2026-11-18T11:06:48.007Z #9 session=ben-1 annotator=ben item=r1 undo #8 ms=900 schema=1\n");

	/* Session 1 has no name: its number names it. */
	assert_int_equal(run_log(out, sizeof out, sess), EXIT_OK);
	assert_string_equal(out,
		"{\"event\":10,\"time\":\"2026-11-18T11:06:49.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"adjudicate\",\"labels\":[\"B\"],\"text\":null,\"duration_ms\":1000,\"schema_version\":1,\"undoes\":null}\n"
		"{\"event\":11,\"time\":\"2026-11-18T11:06:50.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"adjudicate\",\"labels\":[\"A\"],\"text\":null,\"duration_ms\":1100,\"schema_version\":1,\"undoes\":null}\n"
		"{\"event\":12,\"time\":\"2026-11-18T11:06:51.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"undo\",\"labels\":[],\"text\":null,\"duration_ms\":1200,\"schema_version\":1,\"undoes\":11}\n");

	assert_int_equal(run_log(out, sizeof out, named), EXIT_OK);
	assert_non_null(strstr(out, " #13 "));
	assert_non_null(strstr(out, " #14 "));
	assert_null(strstr(out, " #15 "));

	assert_int_equal(run_log(out, sizeof out, none), EXIT_OK);
	assert_string_equal(out, "");

	/* An annotator with no events of their own sees none of the others',
	 * and asking for someone's is refused. */
	my_role(path, STET_ROLE_ANNOTATOR);
	assert_int_equal(run_log(out, sizeof out, all), EXIT_OK);
	assert_string_equal(out, "");
	assert_int_equal(run_log(out, sizeof out, ben), EXIT_FAIL);
	assert_string_equal(out, "");
}

/* Flags and comments left after the script's: one flag taken back. */
static const struct step more_notes[] = {
	{STET_ACT_FLAG, BEN, 3, 0, 0, "unsure", 2},     /* 21 */
	{STET_ACT_FLAG, ANA, 1, 0, 0, NULL, 2},         /* 22 */
	{STET_ACT_UNDO, ANA, 1, 0, 22, NULL, 2},        /* 23: 22 is gone */
	{STET_ACT_NOTE, ANA, 3, 0, 0, "second look", 2}, /* 24 */
};

static void log_flags_lists_flags_and_comments(void **state)
{
	static char out[16384];
	const char *path = make_project("flags.stet", NSCRIPT);
	const char *flags[] = {path, "--flags", NULL};
	const char *item[] = {path, "--flags", "--item", "r3", NULL};
	const char *json[] = {path, "--flags", "--annotator", "ana",
			      "--format", "jsonl", NULL};
	struct steps steps = {more_notes,
			      sizeof more_notes / sizeof more_notes[0]};
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_store_write(st, run_steps, &steps, &err), STET_OK);
	stet_store_close(st);
	my_role(path, STET_ROLE_LEAD);

	/* The note (6) and flag (7) of the script, then 21 and 24; 22 was
	 * undone (23), and no label, skip or undo is listed. Times and
	 * durations of the added steps count from their own first. */
	assert_int_equal(run_log(out, sizeof out, flags), EXIT_OK);
	assert_string_equal(out,
		"2026-11-18T11:06:45.007Z #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"
		"2026-11-18T11:06:46.007Z #7 session=ana-1 annotator=ana item=r2 flag \"\\\"typo\\\" \\\\\" ms=700 schema=1\n"
		"2026-11-18T11:06:40.007Z #21 session=ben-1 annotator=ben item=r3 flag \"unsure\" ms=100 schema=2\n"
		"2026-11-18T11:06:43.007Z #24 session=ana-1 annotator=ana item=r3 note \"second look\" ms=400 schema=2\n");

	assert_int_equal(run_log(out, sizeof out, item), EXIT_OK);
	assert_null(strstr(out, " #6 "));
	assert_non_null(strstr(out, " #21 "));
	assert_non_null(strstr(out, " #24 "));

	assert_int_equal(run_log(out, sizeof out, json), EXIT_OK);
	assert_string_equal(out,
		"{\"event\":7,\"time\":\"2026-11-18T11:06:46.007Z\",\"session\":\"ana-1\",\"annotator\":\"ana\",\"item\":\"r2\",\"action\":\"flag\",\"labels\":[],\"text\":\"\\\"typo\\\" \\\\\",\"duration_ms\":700,\"schema_version\":1,\"undoes\":null}\n"
		"{\"event\":24,\"time\":\"2026-11-18T11:06:43.007Z\",\"session\":\"ana-1\",\"annotator\":\"ana\",\"item\":\"r3\",\"action\":\"note\",\"labels\":[],\"text\":\"second look\",\"duration_ms\":400,\"schema_version\":2,\"undoes\":null}\n");
}

/* A record the walk cannot read ends the log there, naming it: the
 * events before it are printed, and --flags, whose walk over the log
 * meets it too, says the same. */
static void log_stops_at_a_damaged_record(void **state)
{
	static char out[16384], errout[1024];
	const char *path = make_project("logtrunc.stet", NSCRIPT);
	const char *all[] = {path, NULL};
	const char *flags[] = {path, "--flags", NULL};
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi;
	size_t n;

	(void)state;
	my_role(path, STET_ROLE_LEAD);
	dbi = raw_begin(&r, path, "events");
	n = raw_event(r.txn, dbi, 10, rec, sizeof rec);
	raw_put_event(r.txn, dbi, 10, rec, n - 5);
	raw_commit(&r);

	assert_int_equal(run_log_err(out, sizeof out, errout, sizeof errout,
				     all), EXIT_FAIL);
	assert_non_null(strstr(out, " #9 session=ben-1 "));
	assert_null(strstr(out, " #10 "));
	assert_string_equal(errout, "stet: log: event 10: event record is damaged (stet verify says more)\n");
	assert_int_equal(run_log_err(out, sizeof out, errout, sizeof errout,
				     flags), EXIT_FAIL);
	assert_string_equal(out, "");
	assert_string_equal(errout, "stet: log: event 10: event record is damaged (stet verify says more)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_project_verifies),
		cmocka_unit_test(rebuild_matches_after_every_event),
		cmocka_unit_test(edited_label_is_found_at_its_event),
		cmocka_unit_test(forged_current_is_found),
		cmocka_unit_test(forged_pending_is_found),
		cmocka_unit_test(deleted_event_is_found),
		cmocka_unit_test(truncated_record_is_found),
		cmocka_unit_test(skips_are_compared_both_ways),
		cmocka_unit_test(the_head_reveals_an_edited_last_event),
		cmocka_unit_test(findings_are_capped_but_counted),
		cmocka_unit_test(log_prints_every_kind_of_event),
		cmocka_unit_test(log_flags_lists_flags_and_comments),
		cmocka_unit_test(log_stops_at_a_damaged_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
