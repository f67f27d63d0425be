#include "unit.h"

#include <string.h>

#include "stet/item.h"
#include "stet/store.h"
#include "tmpdir.h"

static void full_item(struct stet_item *it)
{
	stet_item_init(it);
	it->kind = STET_ITEM_TABLE;
	stet_item_add_field(it, "amount", 6, "12.50", 5);
	stet_item_add_field(it, "merchant", 8, "Café \"Zoë\"", strlen("Café \"Zoë\""));
	stet_item_add_field(it, "note", 4, "", 0);
	it->ext_id = stet_xstrdup("tx-1");
	it->meta = stet_xstrdup("{\"k\":1}");
	it->tokens = stet_xstrdup("1\tx\n2\ty");
	it->label = stet_xstrdup("FRAUD");
	it->prediction = stet_xstrdup("NOT");
	it->score = 0.25;
	it->has_score = true;
	it->source = stet_xstrdup("t.csv");
	it->line = 42;
	it->hash = stet_item_content_hash(it);
}

static void record_round_trips(void **state)
{
	struct stet_item a, b;
	struct stet_buf rec;
	struct stet_error err = {0};

	(void)state;
	full_item(&a);
	stet_item_init(&b);
	stet_buf_init(&rec);
	stet_item_encode(&a, &rec);
	assert_int_equal(stet_item_decode(rec.data, rec.len, &b, &err), STET_OK);
	assert_int_equal(b.kind, STET_ITEM_TABLE);
	assert_int_equal(b.nfields, 3);
	assert_string_equal(b.fields[1].name, "merchant");
	assert_string_equal(b.fields[1].value, "Café \"Zoë\"");
	assert_string_equal(b.fields[2].value, "");
	assert_string_equal(b.ext_id, "tx-1");
	assert_string_equal(b.meta, "{\"k\":1}");
	assert_string_equal(b.tokens, "1\tx\n2\ty");
	assert_string_equal(b.label, "FRAUD");
	assert_string_equal(b.prediction, "NOT");
	assert_true(b.has_score);
	assert_true(b.score == 0.25);
	assert_string_equal(b.source, "t.csv");
	assert_int_equal(b.line, 42);
	assert_int_equal(b.hash, a.hash);

	/* Every truncation of the record is refused, never read past. */
	for (size_t n = 0; n < rec.len; n++)
		assert_int_equal(stet_item_decode(rec.data, n, &b, &err), STET_ERR);
	stet_buf_free(&rec);
	stet_item_clear(&a);
	stet_item_clear(&b);
}

static void hash_separates_fields(void **state)
{
	struct stet_item a, b, t;
	char hex[17];

	(void)state;
	stet_item_init(&a);
	stet_item_init(&b);
	stet_item_init(&t);
	a.kind = b.kind = STET_ITEM_TABLE;
	stet_item_add_field(&a, "x", 1, "ab", 2);
	stet_item_add_field(&a, "y", 1, "c", 1);
	stet_item_add_field(&b, "x", 1, "a", 1);
	stet_item_add_field(&b, "y", 1, "bc", 2);
	t.text = stet_xstrdup("xaby");
	assert_true(stet_item_content_hash(&a) != stet_item_content_hash(&b));
	assert_true(stet_item_content_hash(&a) != stet_item_content_hash(&t));
	stet_item_hash_id(0xabcULL, hex);
	assert_string_equal(hex, "0000000000000abc");
	stet_item_clear(&a);
	stet_item_clear(&b);
	stet_item_clear(&t);
}

struct add_ctx {
	const char *ext;
	const char *text;
	int rc;
	uint64_t existing;
	char msg[1024];
};

static int add_one(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct add_ctx *ac = ctx;
	struct stet_item it;

	stet_item_init(&it);
	it.text = stet_xstrdup(ac->text);
	it.ext_id = stet_xstrdup(ac->ext);
	it.hash = stet_item_content_hash(&it);
	ac->rc = stet_item_add(txn, &it, &ac->existing, err);
	strcpy(ac->msg, err->msg);
	stet_item_clear(&it);
	return STET_OK; /* commit whatever happened, to see it was undone */
}

static void add_dedupes_and_refuses_conflicts(void **state)
{
	struct stet_store *st;
	struct stet_error err = {0};
	struct add_ctx a = {"a", "first text", 0, 0, ""};
	struct add_ctx dup = {"other", "first text", 0, 0, ""};
	struct add_ctx clash = {"a", "second text", 0, 0, ""};
	struct add_ctx b = {"b", "second text", 0, 0, ""};
	struct stet_txn *txn;
	struct stet_item it;
	uint64_t id, n;

	(void)state;
	assert_int_equal(stet_store_open(tmp_path("items.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	assert_int_equal(stet_store_write(st, add_one, &a, &err), STET_OK);
	assert_int_equal(a.rc, STET_OK);
	assert_int_equal(stet_store_write(st, add_one, &dup, &err), STET_OK);
	assert_int_equal(dup.rc, STET_EXISTS);
	assert_int_equal(dup.existing, 1);
	assert_int_equal(stet_store_write(st, add_one, &clash, &err), STET_OK);
	assert_int_equal(clash.rc, STET_CONFLICT);
	assert_non_null(strstr(clash.msg, "\"a\" already names an item"));
	/* The refused item left no hash entry behind: its content can come
	 * in under another id. */
	assert_int_equal(stet_store_write(st, add_one, &b, &err), STET_OK);
	assert_int_equal(b.rc, STET_OK);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_ITEMS, &n, &err), STET_OK);
	assert_int_equal(n, 2);
	assert_int_equal(stet_meta_get_u64(txn, "count.text", &n, &err), STET_OK);
	assert_int_equal(n, 2);
	assert_int_equal(stet_item_find_ext(txn, "b", &id, &err), STET_OK);
	stet_item_init(&it);
	assert_int_equal(stet_item_get(txn, id, &it, &err), STET_OK);
	assert_string_equal(it.text, "second text");
	assert_int_equal(it.id, 2);
	stet_item_clear(&it);
	assert_int_equal(stet_item_find_ext(txn, "other", &id, &err), STET_NOTFOUND);
	stet_txn_end(txn);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_round_trips),
		cmocka_unit_test(hash_separates_fields),
		cmocka_unit_test(add_dedupes_and_refuses_conflicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
