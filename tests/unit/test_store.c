#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lmdb.h>

#include "stet/gold.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/store.h"
#include "tmpdir.h"

static struct stet_store *create(const char *name)
{
	struct stet_store *st = NULL;
	struct stet_error err = {0};
	char path[512];

	snprintf(path, sizeof path, "%s", tmp_path(name));
	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	return st;
}

struct put_ctx {
	int from, to;
	size_t value_size;
};

static int put_many(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct put_ctx *pc = ctx;
	char *value = calloc(1, pc->value_size);
	int rc = STET_OK;

	for (int i = pc->from; i < pc->to && rc == STET_OK; i++) {
		unsigned char key[8];

		stet_u64be(key, (uint64_t)i);
		memset(value, 'a' + i % 26, pc->value_size);
		rc = stet_put(txn, STET_DB_ITEMS, key, 8, value, pc->value_size,
			      0, err);
	}
	free(value);
	return rc;
}

static void put_get_and_cursor_order(void **state)
{
	struct stet_store *st = create("order.stet");
	struct put_ctx pc = {1, 300, 16};
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t n, prev = 0;
	int rc;

	(void)state;
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_ITEMS, &n, &err), STET_OK);
	assert_int_equal(n, 299);
	assert_int_equal(stet_cursor_open(txn, STET_DB_ITEMS, &c, &err), STET_OK);
	n = 0;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err)) {
		uint64_t id = stet_get_u64be(k);

		assert_true(id > prev); /* numeric order, 255 before 256 */
		prev = id;
		n++;
	}
	assert_int_equal(rc, STET_NOTFOUND);
	assert_int_equal(n, 299);
	stet_cursor_close(c);
	stet_txn_end(txn);
	stet_store_close(st);
}

static int fail_after_put(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	(void)ctx;
	if (stet_put(txn, STET_DB_META, "x", 1, "y", 1, 0, err) != STET_OK)
		return STET_ERR;
	return stet_error_set(err, STET_ERR, "refused on purpose");
}

static void failed_write_leaves_nothing(void **state)
{
	struct stet_store *st = create("abort.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	const char *v;
	size_t vl;

	(void)state;
	assert_int_equal(stet_store_write(st, fail_after_put, NULL, &err), STET_ERR);
	assert_string_equal(err.msg, "refused on purpose");
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get(txn, "x", &v, &vl, &err), STET_NOTFOUND);
	stet_txn_end(txn);
	stet_store_close(st);
}

static void full_map_grows_and_redoes(void **state)
{
	struct stet_store *st;
	struct put_ctx pc = {1, 4000, 1000};
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_store_stat ss;
	uint64_t n;

	(void)state;
	setenv("STET_MAPSIZE", "262144", 1);
	st = create("grow.stet");
	unsetenv("STET_MAPSIZE");
	/* About 4 MB of values into a 256 KiB map. */
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	assert_int_equal(stet_store_stat(st, &ss, &err), STET_OK);
	assert_true(ss.map_bytes > 262144);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_ITEMS, &n, &err), STET_OK);
	assert_int_equal(n, 3999);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* Rewrites meta through LMDB itself, as an older or newer stet would
 * have left it. */
/* Another process's commit after this one's last flushed the data
 * file after this one's meta page was written: stet_store_sync has
 * nothing left to flush then, and flushes when no one committed since. */
static void sync_is_done_by_a_later_commit(void **state)
{
	struct stet_store *st = create("sync.stet");
	struct put_ctx pc = {1, 3, 16};
	struct stet_error err = {0};
	char path[512];
	bool flushed;
	pid_t pid;
	int status;

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("sync.stet"));
	assert_int_equal(stet_store_set_meta_sync(st, false, &err), STET_OK);
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	assert_int_equal(stet_store_sync(st, &flushed, &err), STET_OK);
	assert_true(flushed);
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct stet_store *other = NULL;
		struct put_ctx more = {3, 5, 16};

		if (stet_store_open(path, 0, NULL, &other, &err) != STET_OK ||
		    stet_store_write(other, put_many, &more, &err) != STET_OK)
			_exit(1);
		stet_store_close(other);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(stet_store_sync(st, &flushed, &err), STET_OK);
	assert_false(flushed);
	/* Its own commit after the other's is its own to flush. */
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	assert_int_equal(stet_store_sync(st, &flushed, &err), STET_OK);
	assert_true(flushed);
	stet_store_close(st);
}

static void set_format_version(const char *path, uint64_t v, bool drop_counts)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = {strlen("format_version"), "format_version"}, val;
	unsigned char b[8];

	stet_u64be(b, v);
	val.mv_size = 8;
	val.mv_data = b;
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
	if (drop_counts) {
		MDB_val t = {strlen("count.text"), "count.text"};
		MDB_val tb = {strlen("count.table"), "count.table"};

		assert_int_equal(mdb_del(txn, dbi, &t, NULL), 0);
		assert_int_equal(mdb_del(txn, dbi, &tb, NULL), 0);
	}
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *texts[] = {"one", "two", "three"};
	uint64_t existing;

	(void)ctx;
	for (size_t i = 0; i < 3; i++) {
		struct stet_item it;
		int rc;

		stet_item_init(&it);
		it.kind = i == 2 ? STET_ITEM_TABLE : STET_ITEM_TEXT;
		if (it.kind == STET_ITEM_TEXT)
			it.text = stet_xstrdup(texts[i]);
		else
			stet_item_add_field(&it, "col", 3, "v", 1);
		it.hash = stet_item_content_hash(&it);
		it.ext_id = stet_xstrdup(texts[i]);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

/* The store runs the steps it is handed and knows nothing of them: a
 * project at format 3 is taken through steps 3, 4, ... up to the
 * current format, each once, in order, inside one transaction. */
static int ran[16];
static int nran;

#define STEP(v)                                                         \
	static int step_##v(struct stet_txn *txn, struct stet_error *err) \
	{                                                               \
		(void)txn;                                              \
		(void)err;                                              \
		ran[nran++] = v;                                        \
		return STET_OK;                                         \
	}
STEP(1)
STEP(2)
STEP(3)
STEP(4)
STEP(5)
STEP(6)
STEP(7)
STEP(8)
STEP(9)

static const stet_migrate_fn recorders[] = {
	NULL, step_1, step_2, step_3, step_4, step_5, step_6, step_7, step_8,
	step_9,
};

static int step_fails(struct stet_txn *txn, struct stet_error *err)
{
	/* What it wrote goes with the failed transaction. */
	if (stet_meta_put_u64(txn, "planted", 1, err) != STET_OK)
		return STET_ERR;
	return stet_error_set(err, STET_ERR, "step 4 says no");
}

static void store_runs_the_steps_it_is_given(void **state)
{
	struct stet_migrations steps = {{NULL}}, failing;
	struct stet_store *st = create("steps.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t v;
	char path[512];

	(void)state;
	/* One recording step for each format before the current one. */
	assert_true(STET_FORMAT_VERSION > 4 &&
		    STET_FORMAT_VERSION <= (int)(sizeof recorders /
						 sizeof *recorders));
	for (int i = 1; i < STET_FORMAT_VERSION; i++)
		steps.step[i] = recorders[i];
	failing = steps;
	failing.step[4] = step_fails;
	stet_store_close(st);
	snprintf(path, sizeof path, "%s", tmp_path("steps.stet"));
	set_format_version(path, 3, false);

	/* Without steps an older project is refused, and stays as it is. */
	assert_int_equal(stet_store_open(path, 0, NULL, &st, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no migration from format 3"));

	/* A step that fails leaves the project at its format. */
	nran = 0;
	assert_int_equal(stet_store_open(path, 0, &failing, &st, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "step 4 says no"));
	assert_int_equal(nran, 1);
	assert_int_equal(ran[0], 3);

	nran = 0;
	assert_int_equal(stet_store_open(path, 0, &steps, &st, &err), STET_OK);
	/* From format 3: steps 3, 4, ..., STET_FORMAT_VERSION - 1. */
	assert_int_equal(nran, STET_FORMAT_VERSION - 3);
	for (int i = 0; i < nran; i++)
		assert_int_equal(ran[i], 3 + i);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_meta_get_u64(txn, "planted", &v, &err),
			 STET_NOTFOUND);
	stet_txn_end(txn);
	stet_store_close(st);

	/* A current project runs none. */
	nran = 0;
	assert_int_equal(stet_store_open(path, 0, &steps, &st, &err), STET_OK);
	assert_int_equal(nran, 0);
	stet_store_close(st);
}

static void older_format_is_migrated(void **state)
{
	struct stet_store *st = create("old.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t v, text, table;
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("old.stet"));
	assert_int_equal(stet_store_write(st, add_items, NULL, &err), STET_OK);
	stet_store_close(st);
	set_format_version(path, 1, true);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err), STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_meta_get_u64(txn, "count.text", &text, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "count.table", &table, &err), STET_OK);
	assert_int_equal(text, 2);
	assert_int_equal(table, 1);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* Two items as a format 4 stet kept them: each with its reference
 * label and source; the second made gold with that label its answer. */
static int add_labelled(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *texts[] = {"plain", "golden"};
	struct stet_gold g = {.labels = {1}, .n = 1};
	uint64_t existing;

	(void)ctx;
	for (size_t i = 0; i < 2; i++) {
		struct stet_item it;
		int rc;

		stet_item_init(&it);
		it.text = stet_xstrdup(texts[i]);
		it.hash = stet_item_content_hash(&it);
		it.ext_id = stet_xstrdup(texts[i]);
		it.label = stet_xstrdup("SPAM");
		it.source = stet_xstrdup(i ? "gold.jsonl" : "corpus.jsonl");
		it.line = 8;
		rc = stet_item_add(txn, &it, &existing, err);
		if (rc == STET_OK && i == 1)
			rc = stet_gold_put(txn, it.id, &g, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void gold_records_are_concealed_by_migration(void **state)
{
	struct stet_store *st = create("gold4.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_item it;
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("gold4.stet"));
	assert_int_equal(stet_store_write(st, add_labelled, NULL, &err), STET_OK);
	stet_store_close(st);
	set_format_version(path, 4, false);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	stet_item_init(&it);
	/* The gold item keeps neither its answer nor the gold file's name. */
	assert_int_equal(stet_item_get(txn, 2, &it, &err), STET_OK);
	assert_string_equal(it.text, "golden");
	assert_null(it.label);
	assert_null(it.source);
	assert_int_equal(it.line, 0);
	/* Any other item keeps both, for leads. */
	assert_int_equal(stet_item_get(txn, 1, &it, &err), STET_OK);
	assert_string_equal(it.label, "SPAM");
	assert_string_equal(it.source, "corpus.jsonl");
	assert_int_equal(it.line, 8);
	stet_item_clear(&it);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* A read-only open refuses an older format; with STET_OPEN_MIGRATE
 * (stet info) it migrates it instead. */
static void read_only_open_migrates_when_asked(void **state)
{
	struct stet_store *st = create("ro-old.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t v;
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("ro-old.stet"));
	assert_int_equal(stet_store_write(st, add_items, NULL, &err), STET_OK);
	stet_store_close(st);
	set_format_version(path, 1, true);
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "must be migrated"));
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY |
					   STET_OPEN_MIGRATE, &st, &err),
			 STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	stet_txn_end(txn);
	stet_store_close(st);
}

static void newer_format_is_refused(void **state)
{
	struct stet_store *st = create("new.stet");
	struct stet_error err = {0};
	char path[512];
	char lock[520];

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("new.stet"));
	snprintf(lock, sizeof lock, "%s-lock", path);
	stet_store_close(st);
	set_format_version(path, STET_FORMAT_VERSION + 1, false);
	/* Opened without its lock file, which the open then makes... */
	unlink(lock);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "newer than this stet understands"));
	assert_null(st);
	/* ...and takes away again with the failure. */
	assert_int_equal(access(lock, F_OK), -1);
}

static void missing_project_says_how_to_create(void **state)
{
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(tmp_path("nope.stet"), 0, &st, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "stet init"));
	assert_int_equal(access(tmp_path("nope.stet"), F_OK), -1);
}

static void create_refuses_existing_file(void **state)
{
	struct stet_store *st = create("twice.stet");
	struct stet_error err = {0};
	char path[512];

	(void)state;
	stet_store_close(st);
	snprintf(path, sizeof path, "%s", tmp_path("twice.stet"));
	assert_int_equal(stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "already exists"));
	/* The refusal must not remove the project that was there. */
	assert_int_equal(access(path, F_OK), 0);
}

/* The check salvage and every open rely on: a sound file reads as its
 * pages; cut short, as STET_DAMAGED with the file named; not a project
 * at all, as STET_ERR. */
static void file_check_tells_damage_apart(void **state)
{
	struct stet_store *st = create("check.stet");
	struct put_ctx pc = {0, 300, 100};
	struct stet_file_check fc;
	struct stet_error err = {0};
	char path[512], cut[520];
	FILE *in, *out;
	uint32_t page;
	long size;
	char *buf;

	(void)state;
	assert_int_equal(stet_store_write(st, put_many, &pc, &err), STET_OK);
	stet_store_close(st);
	snprintf(path, sizeof path, "%s", tmp_path("check.stet"));
	assert_int_equal(stet_store_check_file(path, &fc, &err), STET_OK);
	in = fopen(path, "rb");
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	rewind(in);
	/* Every page stet wrote is in use: the file ends at the last. */
	assert_int_equal(fc.file_bytes, (uint64_t)size);
	assert_int_equal(fc.pages * fc.page_size, (uint64_t)size);
	assert_true(fc.txnid >= 2);
	assert_int_equal(fc.meta, (int)(fc.txnid & 1));
	page = fc.page_size;

	buf = malloc((size_t)size);
	assert_int_equal(fread(buf, 1, (size_t)size, in), (size_t)size);
	fclose(in);
	snprintf(cut, sizeof cut, "%s", tmp_path("cut.stet"));
	out = fopen(cut, "wb");
	assert_int_equal(fwrite(buf, 1, (size_t)size - 1, out), (size_t)size - 1);
	fclose(out);
	assert_int_equal(stet_store_check_file(cut, &fc, &err), STET_DAMAGED);
	assert_int_equal(err.status, STET_DAMAGED);
	assert_non_null(strstr(err.msg, "cut.stet is damaged (the file is "));
	assert_int_equal(stet_project_open(cut, STET_OPEN_READONLY, &st, &err),
			 STET_DAMAGED);
	assert_null(st);

	/* Meta page 0's magic gone, meta page 1's there: damaged. */
	buf[16] ^= 1;
	out = fopen(cut, "wb");
	assert_int_equal(fwrite(buf, 1, (size_t)size, out), (size_t)size);
	fclose(out);
	assert_int_equal(stet_store_check_file(cut, NULL, &err), STET_DAMAGED);
	assert_non_null(strstr(err.msg, "(meta page 0: its magic number is wrong)"));
	/* Both gone: not LMDB's file at all. */
	buf[page + 16] ^= 1;
	out = fopen(cut, "wb");
	assert_int_equal(fwrite(buf, 1, (size_t)size, out), (size_t)size);
	fclose(out);
	assert_int_equal(stet_store_check_file(cut, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "not a stet project (not an LMDB file)"));
	free(buf);
}

static int put_big(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	char *val = ctx;

	return stet_put(txn, STET_DB_META, "big", 3, val, 100000, 0, err);
}

/* Dropping the pages read leaves what was read readable, in the same
 * transaction, at the same address. */
static void released_pages_read_again(void **state)
{
	struct stet_store *st = create("release.stet");
	struct stet_error err = {0};
	struct stet_txn *txn;
	char *val = malloc(100000);
	const void *v;
	size_t vl;

	(void)state;
	for (size_t i = 0; i < 100000; i++)
		val[i] = (char)(i * 7);
	assert_int_equal(stet_store_write(st, put_big, val, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_get(txn, STET_DB_META, "big", 3, &v, &vl, &err),
			 STET_OK);
	assert_int_equal(vl, 100000);
	stet_store_release_pages(st);
	assert_memory_equal(v, val, 100000);
	stet_txn_end(txn);
	stet_store_release_pages(st); /* and outside a transaction */
	free(val);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_get_and_cursor_order),
		cmocka_unit_test(released_pages_read_again),
		cmocka_unit_test(sync_is_done_by_a_later_commit),
		cmocka_unit_test(failed_write_leaves_nothing),
		cmocka_unit_test(full_map_grows_and_redoes),
		cmocka_unit_test(store_runs_the_steps_it_is_given),
		cmocka_unit_test(older_format_is_migrated),
		cmocka_unit_test(gold_records_are_concealed_by_migration),
		cmocka_unit_test(read_only_open_migrates_when_asked),
		cmocka_unit_test(newer_format_is_refused),
		cmocka_unit_test(missing_project_says_how_to_create),
		cmocka_unit_test(create_refuses_existing_file),
		cmocka_unit_test(file_check_tells_damage_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
