/* The mark that an annotator is done with an item's spans or tags: a
 * LABEL of no labels, allowed only where the schema has no item labels.
 * The queue and the counts take it as any label; nothing that reads
 * item labels (export, the labels a model learns from) takes it for
 * one. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/export.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/standing.h"
#include "stet/store.h"
#include "tmpdir.h"

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const texts[] = {"Dogs bark", "Cats sleep",
					    "Birds sing"};

	(void)ctx;
	for (int i = 0; i < 3; i++) {
		struct stet_item it;
		char ext[8];
		uint64_t existing;
		int rc;

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		it.text = stet_xstrdup(texts[i]);
		snprintf(ext, sizeof ext, "t%d", i + 1);
		it.ext_id = stet_xstrdup(ext);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

/* items: item labels, or NULL; tags: token labels, or NULL. */
static struct stet_store *project(const char *name, const char *items,
				  const char *tags)
{
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	if (items != NULL)
		assert_int_equal(stet_schema_from_list(&s, items, &err), STET_OK);
	if (tags != NULL)
		assert_int_equal(stet_schema_from_list_kind(&s, tags,
							    STET_KIND_TOKEN,
							    &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

static void lopen(struct stet_labeling *l, struct stet_store *st)
{
	struct stet_labeling_opts o = {.annotator = "ana",
				       .order = STET_ORDER_SEQUENTIAL};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("labeling open: %s", err.msg);
}

/* What stet export writes, with opts. */
static char *exported(struct stet_store *st, bool annotations)
{
	struct stet_export_opts o = {.format = STET_FMT_JSONL,
				     .annotations = annotations};
	struct stet_error err = {0};
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	if (stet_export(st, &o, f, "out", &err) != STET_OK)
		fail_msg("export: %s", err.msg);
	fclose(f);
	return buf;
}

static void finished_counts_as_done_and_as_no_label(void **state)
{
	struct stet_store *st = project("pos.stet", NULL, "NOUN,VERB");
	struct stet_labeling l;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_standing sd;
	uint32_t n;
	uint64_t next;
	char *out;

	(void)state;
	lopen(&l, st);
	/* Done with t1: no labels, in a schema of token labels alone. */
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_LABEL, NULL, 0,
					      NULL, 900, &next, &err), STET_OK);
	/* The queue moves on, and the item counts as the annotator's. */
	assert_int_equal(next, 1);
	assert_int_equal(l.progress.done, 1);
	assert_int_equal(l.progress.left, 2);
	/* A token label is no item label. */
	assert_int_equal(stet_labeling_record(&l, 1, STET_ACT_LABEL,
					      (uint32_t[]){1}, 1, NULL, 900,
					      NULL, &err), STET_ERR);
	assert_string_equal(err.msg,
		"NOUN is a token label: it marks the text, not the item");
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_current_count(txn, 1, &n, &err), STET_OK);
	assert_int_equal(n, 1);
	/* A model learns nothing from it: the schema is single-label (in
	 * a multi-label one no labels is the empty set, a value). */
	assert_int_equal(stet_standing_load(txn, false, NULL, &sd, &err),
			 STET_OK);
	assert_int_equal(sd.n, 0);
	stet_standing_free(&sd);
	stet_txn_end(txn);

	/* The export gives ana no label on t1, in items and records. */
	out = exported(st, false);
	assert_null(strstr(out, "ana"));
	free(out);
	out = exported(st, true);
	assert_string_equal(out, "");
	free(out);
	stet_store_close(st);
}

static void item_labels_need_a_label(void **state)
{
	struct stet_store *st = project("mixed.stet", "Keep,Drop", "NOUN");
	struct stet_labeling l;
	struct stet_error err = {0};

	(void)state;
	lopen(&l, st);
	/* Where item labels exist, the item's labels are the answer. */
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_LABEL, NULL, 0,
					      NULL, 900, NULL, &err), STET_ERR);
	assert_string_equal(err.msg, "choose a label");
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_LABEL,
					      (uint32_t[]){2}, 1, NULL, 900,
					      NULL, &err), STET_OK);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finished_counts_as_done_and_as_no_label),
		cmocka_unit_test(item_labels_need_a_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
