/* Tokens stored with items: the record, reading them alone, tokenizing
 * the items that lack them, and never changing them after. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "stet/item.h"
#include "stet/store.h"
#include "tmpdir.h"

static void text_item(struct stet_item *it, const char *ext, const char *text)
{
	stet_item_init(it);
	it->ext_id = stet_xstrdup(ext);
	it->text = stet_xstrdup(text);
	it->hash = stet_item_content_hash(it);
}

static void tokens_follow_every_other_field(void **state)
{
	struct stet_item a, b;
	struct stet_buf rec;
	struct stet_error err = {0};

	(void)state;
	text_item(&a, "x", "New York, NY");
	a.meta = stet_xstrdup("{\"k\":1}");
	a.label = stet_xstrdup("PLACE");
	a.score = 0.5;
	a.has_score = true;
	stet_tokens_add(&a.toks, 0, 8, 0);
	stet_tokens_add(&a.toks, 8, 9, 0);
	stet_tokens_add(&a.toks, 10, 12, 0);
	a.has_toks = true;
	stet_item_init(&b);
	stet_buf_init(&rec);
	stet_item_encode(&a, &rec);
	assert_int_equal(stet_item_decode(rec.data, rec.len, &b, &err), STET_OK);
	assert_true(b.has_toks);
	assert_int_equal(b.toks.n, 3);
	assert_memory_equal(b.toks.v, a.toks.v, 3 * sizeof *a.toks.v);
	assert_string_equal(b.label, "PLACE");
	assert_true(b.score == 0.5);
	for (size_t n = 0; n < rec.len; n++)
		assert_int_equal(stet_item_decode(rec.data, n, &b, &err), STET_ERR);

	/* A text item with no words still has tokens: none, stored, so
	 * that it is never tokenized again. */
	stet_item_clear(&a);
	text_item(&a, "y", "   ");
	a.has_toks = true;
	stet_item_encode(&a, &rec);
	assert_int_equal(stet_item_decode(rec.data, rec.len, &b, &err), STET_OK);
	assert_true(b.has_toks);
	assert_int_equal(b.toks.n, 0);
	/* Tokens that end past the text, as only a damaged record could
	 * hold: "h\xc3\xa9" is 3 bytes but 2 code points, so a token
	 * ending at 3 is refused and one ending at 2 is not. */
	stet_item_clear(&a);
	text_item(&a, "z", "h\xc3\xa9");
	stet_tokens_add(&a.toks, 0, 2, 0);
	a.has_toks = true;
	stet_item_encode(&a, &rec);
	assert_int_equal(stet_item_decode(rec.data, rec.len, &b, &err), STET_OK);
	a.toks.v[0].end = 3;
	stet_item_encode(&a, &rec);
	assert_int_equal(stet_item_decode(rec.data, rec.len, &b, &err), STET_ERR);
	assert_string_equal(err.msg, "item record is damaged");
	stet_buf_free(&rec);
	stet_item_clear(&a);
	stet_item_clear(&b);
}

struct world {
	int n_plain; /* text items without tokens, besides the named ones */
};

static int add_item(struct stet_txn *txn, struct stet_item *it)
{
	struct stet_error err;
	uint64_t existing;
	int rc = stet_item_add(txn, it, &existing, &err);

	stet_item_clear(it);
	return rc;
}

/* Item 1 "Hello, world" without tokens; item 2 "New York" with one
 * token given; item 3 a table row; then n_plain texts "word N". */
static int fill(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct world *w = ctx;
	struct stet_item it;
	char text[32], ext[32];

	(void)err;
	text_item(&it, "hello", "Hello, world");
	assert_int_equal(add_item(txn, &it), STET_OK);
	text_item(&it, "ny", "New York");
	stet_tokens_add(&it.toks, 0, 8, 0);
	it.has_toks = true;
	assert_int_equal(add_item(txn, &it), STET_OK);
	stet_item_init(&it);
	it.kind = STET_ITEM_TABLE;
	it.ext_id = stet_xstrdup("row");
	stet_item_add_field(&it, "a", 1, "b c", 3);
	it.hash = stet_item_content_hash(&it);
	assert_int_equal(add_item(txn, &it), STET_OK);
	for (int i = 0; i < w->n_plain; i++) {
		snprintf(text, sizeof text, "word %d", i);
		snprintf(ext, sizeof ext, "w%d", i);
		text_item(&it, ext, text);
		assert_int_equal(add_item(txn, &it), STET_OK);
	}
	return STET_OK;
}

static int tokenize_all(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	(void)ctx;
	return stet_items_tokenize_missing(txn, err);
}

/* The same content again, with other tokens: the item is found by its
 * content and keeps the tokens it has. */
static int reimport(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing = 0;
	int rc;

	(void)ctx;
	text_item(&it, "ny", "New York");
	stet_tokens_add(&it.toks, 0, 3, 0);
	stet_tokens_add(&it.toks, 4, 8, 0);
	it.has_toks = true;
	rc = stet_item_add(txn, &it, &existing, err);
	stet_item_clear(&it);
	assert_int_equal(rc, STET_EXISTS);
	assert_int_equal(existing, 2);
	return STET_OK;
}

static void check_tokens(struct stet_txn *txn, uint64_t id, size_t n,
			 const uint32_t *se)
{
	struct stet_tokens t;
	struct stet_error err;

	stet_tokens_init(&t);
	assert_int_equal(stet_item_tokens(txn, id, &t, &err), STET_OK);
	assert_int_equal(t.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t.v[i].start, se[2 * i]);
		assert_int_equal(t.v[i].end, se[2 * i + 1]);
	}
	stet_tokens_free(&t);
}

static void missing_tokens_are_added_and_kept(void **state)
{
	/* 1100 plain items: the rewrite goes 512 items a pass, so three
	 * passes, the last partly full. */
	struct world w = {1100};
	struct stet_store *st;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_tokens t;
	struct stet_item it;
	/* "Hello, world": Hello 0-5, "," 5-6, world 7-12. */
	static const uint32_t hello[] = {0, 5, 5, 6, 7, 12};
	static const uint32_t ny[] = {0, 8};
	/* "word 1099": word 0-4, 1099 5-9. */
	static const uint32_t last[] = {0, 4, 5, 9};

	(void)state;
	assert_int_equal(stet_store_open(tmp_path("toks.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	assert_int_equal(stet_store_write(st, fill, &w, &err), STET_OK);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	stet_tokens_init(&t);
	assert_int_equal(stet_item_tokens(txn, 1, &t, &err), STET_NOTFOUND);
	check_tokens(txn, 2, 1, ny);
	assert_int_equal(stet_item_tokens(txn, 3, &t, &err), STET_NOTFOUND);
	assert_int_equal(stet_item_tokens(txn, 9999, &t, &err), STET_ERR);
	assert_string_equal(err.msg, "item 9999: no such item");
	stet_txn_end(txn);

	assert_int_equal(stet_store_write(st, tokenize_all, NULL, &err), STET_OK);
	assert_int_equal(stet_store_write(st, reimport, NULL, &err), STET_OK);
	/* A second run finds nothing to do and changes nothing. */
	assert_int_equal(stet_store_write(st, tokenize_all, NULL, &err), STET_OK);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	check_tokens(txn, 1, 3, hello);
	check_tokens(txn, 2, 1, ny);
	assert_int_equal(stet_item_tokens(txn, 3, &t, &err), STET_NOTFOUND);
	/* Items 4..1103 are "word 0".."word 1099". */
	check_tokens(txn, 1103, 2, last);
	for (uint64_t id = 4; id <= 1103; id++) {
		stet_tokens_free(&t);
		assert_int_equal(stet_item_tokens(txn, id, &t, &err), STET_OK);
		assert_int_equal(t.n, 2);
	}
	/* The rest of each record is as it was. */
	stet_item_init(&it);
	assert_int_equal(stet_item_get(txn, 1, &it, &err), STET_OK);
	assert_string_equal(it.text, "Hello, world");
	assert_string_equal(it.ext_id, "hello");
	assert_true(it.has_toks);
	assert_int_equal(it.toks.n, 3);
	stet_item_clear(&it);
	stet_tokens_free(&t);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* Items with every optional field and none: the shape the span
 * agreement reads of each, found in the record without decoding it,
 * is what decoding it gives. */
static int fill_shapes(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_item it;

	(void)ctx;
	(void)err;
	text_item(&it, "full", "Jos\xc3\xa9 met Ana");
	it.meta = stet_xstrdup("{\"src\":\"x\"}");
	it.tokens = stet_xstrdup("a b");
	it.label = stet_xstrdup("L");
	it.prediction = stet_xstrdup("P");
	it.score = 0.25;
	it.has_score = true;
	stet_tokens_add(&it.toks, 0, 4, 0);
	stet_tokens_add(&it.toks, 5, 8, 0);
	stet_tokens_add(&it.toks, 9, 12, 0);
	it.has_toks = true;
	assert_int_equal(add_item(txn, &it), STET_OK);
	text_item(&it, "bare", "no tokens");
	assert_int_equal(add_item(txn, &it), STET_OK);
	stet_item_init(&it);
	it.kind = STET_ITEM_TABLE;
	it.ext_id = stet_xstrdup("row");
	stet_item_add_field(&it, "a", 1, "b c", 3);
	stet_item_add_field(&it, "d", 1, "e", 1);
	it.meta = stet_xstrdup("{}");
	it.hash = stet_item_content_hash(&it);
	assert_int_equal(add_item(txn, &it), STET_OK);
	return STET_OK;
}

static void shapes_are_read_without_decoding(void **state)
{
	struct stet_store *st;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_item_shape sh;

	(void)state;
	assert_int_equal(stet_store_open(tmp_path("shapes.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	assert_int_equal(stet_store_write(st, fill_shapes, NULL, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_item_shape_get(txn, 1, &sh, &err), STET_OK);
	assert_int_equal(sh.text_len, 13); /* bytes: é is two */
	assert_memory_equal(sh.text, "Jos\xc3\xa9 met Ana", 13);
	assert_int_equal(sh.meta_len, 11);
	assert_memory_equal(sh.meta, "{\"src\":\"x\"}", 11);
	assert_true(sh.has_toks);
	assert_int_equal(sh.ntokens, 3);
	assert_int_equal(stet_item_shape_get(txn, 2, &sh, &err), STET_OK);
	assert_int_equal(sh.text_len, 9);
	assert_null(sh.meta);
	assert_false(sh.has_toks);
	assert_int_equal(sh.ntokens, 0);
	assert_int_equal(stet_item_shape_get(txn, 3, &sh, &err), STET_OK);
	assert_null(sh.text);
	assert_int_equal(sh.meta_len, 2);
	assert_int_equal(sh.ntokens, 0);
	assert_int_equal(stet_item_shape_get(txn, 4, &sh, &err), STET_NOTFOUND);
	stet_txn_end(txn);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_follow_every_other_field),
		cmocka_unit_test(missing_tokens_are_added_and_kept),
		cmocka_unit_test(shapes_are_read_without_decoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
