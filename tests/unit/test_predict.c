/* Models and predictions (stet/predict.h): ids and versions, a
 * prediction's record read back, the top label, damaged records, and a
 * project of format 6, which had neither database, migrated. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stet/buf.h"
#include "stet/predict.h"
#include "stet/project.h"
#include "stet/store.h"
#include "older.h"
#include "tmpdir.h"

static struct stet_store *create(const char *name, char path[512])
{
	struct stet_store *st = NULL;
	struct stet_error err = {0};

	snprintf(path, 512, "%s", tmp_path(name));
	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	return st;
}

/* Two runs of "b" and one of "a": ids by first run, versions by runs,
 * and the list in name order. */
static int three_runs(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const names[] = {"b", "a", "b"};
	struct stet_prediction p = {.n = 1, .labels = {2}, .scores = {0.25}};

	(void)ctx;
	for (int i = 0; i < 3; i++) {
		struct stet_model m;
		bool replaced;

		if (stet_model_begin(txn, names[i], STET_MODEL_OUTSIDE,
				     1000 * (i + 1), &m, err) != STET_OK)
			return STET_ERR;
		p.version = m.version;
		if (stet_prediction_put(txn, &m, 5, &p, &replaced, err) !=
		    STET_OK ||
		    stet_model_put(txn, &m, err) != STET_OK)
			return STET_ERR;
		assert_int_equal(replaced, i == 2);
		stet_model_clear(&m);
	}
	return STET_OK;
}

static void models_and_versions(void **state)
{
	char path[512];
	struct stet_store *st = create("models.stet", path);
	struct stet_error err = {0};
	struct stet_prediction p;
	struct stet_model *m, one;
	struct stet_txn *txn;
	size_t n;

	(void)state;
	assert_int_equal(stet_store_write(st, three_runs, NULL, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_models_load(txn, &m, &n, &err), STET_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].name, "a");
	assert_int_equal(m[0].id, 2);      /* made second */
	assert_int_equal(m[0].version, 1);
	assert_int_equal(m[0].updated_ms, 2000);
	assert_string_equal(m[1].name, "b");
	assert_int_equal(m[1].id, 1);
	assert_int_equal(m[1].version, 2); /* two runs */
	assert_int_equal(m[1].updated_ms, 3000);
	assert_int_equal(m[1].items, 1);   /* item 5, replaced once */
	assert_int_equal(stet_prediction_get(txn, 1, 5, &p, &err), STET_OK);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.labels[0], 2);
	assert_true(p.scores[0] == 0.25);
	assert_int_equal(stet_prediction_get(txn, 1, 6, &p, &err),
			 STET_NOTFOUND);
	stet_models_free(m, n);
	assert_int_equal(stet_model_get(txn, "c", &one, &err), STET_NOTFOUND);
	stet_txn_end(txn);
	stet_store_close(st);
}

static void top_label(void **state)
{
	struct stet_prediction p = {.n = 3, .labels = {1, 2, 3},
				    .scores = {0.2, 0.5, 0.5}};
	uint32_t label;

	(void)state;
	/* The first of equals. */
	assert_true(stet_prediction_top(&p, &label) == 0.5);
	assert_int_equal(label, 2);
	p.n = 0;
	assert_true(isnan(stet_prediction_top(&p, &label)));
	assert_int_equal(label, 0);
}

/* A record: version 1, model version 3, the scores form, two scores. */
static size_t record(unsigned char *out, double second)
{
	struct stet_buf b;
	size_t n;

	stet_buf_init(&b);
	stet_buf_addc(&b, 1);
	stet_buf_put_varint(&b, 3);
	stet_buf_addc(&b, 1);
	stet_buf_put_varint(&b, 2);
	stet_buf_put_varint(&b, 1);
	stet_buf_put_f64(&b, 0.75);
	stet_buf_put_varint(&b, 2);
	stet_buf_put_f64(&b, second);
	n = b.len;
	memcpy(out, b.data, n);
	stet_buf_free(&b);
	return n;
}

static void damaged_records(void **state)
{
	unsigned char rec[64];
	struct stet_prediction p;
	struct stet_error err = {0};
	size_t n = record(rec, 0.25);

	(void)state;
	assert_int_equal(stet_prediction_decode(rec, n, &p, &err), STET_OK);
	assert_int_equal(p.version, 3);
	assert_true(p.all);
	assert_int_equal(p.n, 2);
	assert_true(p.scores[1] == 0.25);
	/* Cut anywhere, or a byte more: damaged. */
	for (size_t cut = 0; cut < n; cut++)
		assert_int_equal(stet_prediction_decode(rec, cut, &p, &err),
				 STET_ERR);
	assert_int_equal(stet_prediction_decode(rec, n + 1, &p, &err),
			 STET_ERR);
	/* A score outside [0, 1] was never written: damaged. */
	n = record(rec, 1.5);
	assert_int_equal(stet_prediction_decode(rec, n, &p, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "damaged"));
	n = record(rec, NAN);
	assert_int_equal(stet_prediction_decode(rec, n, &p, &err), STET_ERR);
}

/* Format 6 had no `models` and no `predictions`: opened for writing,
 * the project gets both, empty, and the current format. */
static void format_6_gets_the_databases(void **state)
{
	char path[512];
	struct stet_store *st = create("format6.stet", path);
	struct stet_error err = {0};
	struct stet_model *m;
	struct stet_txn *txn;
	size_t n;
	uint64_t v;

	(void)state;
	stet_store_close(st);
	/* As a stet of format 6 left it. */
	make_older(path, 6,
		   (const char *const[]){"models", "predictions", NULL});

	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_models_load(txn, &m, &n, &err), STET_OK);
	assert_int_equal(n, 0);
	stet_models_free(m, n);
	stet_txn_end(txn);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(models_and_versions),
		cmocka_unit_test(top_label),
		cmocka_unit_test(damaged_records),
		cmocka_unit_test(format_6_gets_the_databases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
