/* The project the tests of stet verify and stet log share: three items,
 * three annotators and a script of events of every kind, appended
 * through the write path; and raw LMDB, to change the file behind
 * stet's back. */
#ifndef STET_TEST_SCRIPT_H
#define STET_TEST_SCRIPT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/store.h"
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

static inline int run_steps(struct stet_txn *txn, void *ctx,
			    struct stet_error *err)
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

static inline int setup_names(struct stet_txn *txn, void *ctx,
			      struct stet_error *err)
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
static inline const char *make_project(const char *name, size_t n)
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

/* ---- raw LMDB, behind stet's back ---- */

struct raw {
	MDB_env *env;
	MDB_txn *txn;
};

static inline MDB_dbi raw_begin(struct raw *r, const char *path, const char *db)
{
	MDB_dbi dbi;

	assert_int_equal(mdb_env_create(&r->env), 0);
	assert_int_equal(mdb_env_set_maxdbs(r->env, 32), 0);
	assert_int_equal(mdb_env_open(r->env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(r->env, NULL, 0, &r->txn), 0);
	assert_int_equal(mdb_dbi_open(r->txn, db, 0, &dbi), 0);
	return dbi;
}

static inline void raw_commit(struct raw *r)
{
	assert_int_equal(mdb_txn_commit(r->txn), 0);
	mdb_env_close(r->env);
}

/* A copy of event id's record, and its length. */
static inline size_t raw_event(MDB_txn *txn, MDB_dbi dbi, uint64_t id,
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

static inline void raw_put_event(MDB_txn *txn, MDB_dbi dbi, uint64_t id,
			  unsigned char *rec, size_t n)
{
	unsigned char k[8];
	MDB_val key = {8, k}, val = {n, rec};

	stet_u64be(k, id);
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
}

#endif
