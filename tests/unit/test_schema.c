#include "unit.h"

#include <string.h>
#include <unistd.h>

#include "stet/schema.h"
#include "stet/store.h"
#include "tmpdir.h"

static void list_gets_default_keys(void **state)
{
	struct stet_schema s;
	struct stet_error err = {0};
	char list[200] = "";

	(void)state;
	for (int i = 0; i < 12; i++) {
		char name[8];

		snprintf(name, sizeof name, "L%d,", i);
		strcat(list, name);
	}
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, list, &err), STET_OK);
	assert_int_equal(s.nlabels, 12);
	assert_string_equal(s.labels[0].key, "1");
	assert_string_equal(s.labels[8].key, "9");
	assert_string_equal(s.labels[9].key, "0");
	/* More labels than keys is normal: the rest have none. */
	assert_string_equal(s.labels[10].key, "");
	assert_int_equal(s.labels[11].id, 12);
	stet_schema_free(&s);
}

static void bad_names_are_refused(void **state)
{
	static const char *bad[] = {"", "has space", "a,b", "x|y", "k=v",
				    "tab\there", "\xc3"};
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(stet_schema_add(&s, bad[i], NULL, NULL, NULL, &err),
				 STET_ERR);
	assert_int_equal(stet_schema_add(&s, "B-PER", NULL, NULL, NULL, &err), STET_OK);
	assert_int_equal(stet_schema_add(&s, "B-PER", NULL, NULL, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "already in the schema"));
	assert_int_equal(stet_schema_add(&s, "Ünïcode", NULL, NULL, NULL, &err), STET_OK);
	stet_schema_free(&s);
}

static void schema_file_is_parsed(void **state)
{
	static const char text[] =
		"\xef\xbb\xbf# a comment\r\n"
		"multi: yes\n"
		"\n"
		"PERSON key=p colour=red A named human being.\n"
		"PLACE   color=blue   Somewhere with a name.\n"
		"THING\n";
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, text, sizeof text - 1, "s.txt", &err),
			 STET_OK);
	assert_true(s.multi);
	assert_int_equal(s.nlabels, 3);
	assert_string_equal(s.labels[0].name, "PERSON");
	assert_string_equal(s.labels[0].key, "p");
	assert_string_equal(s.labels[0].colour, "red");
	assert_string_equal(s.labels[0].description, "A named human being.");
	assert_string_equal(s.labels[1].key, "1");
	assert_string_equal(s.labels[1].colour, "blue");
	assert_string_equal(s.labels[1].description, "Somewhere with a name.");
	assert_null(s.labels[2].description);
	stet_schema_free(&s);
}

static void schema_file_errors_name_the_line(void **state)
{
	static const char dup_key[] = "A key=x\nB key=x\n";
	static const char bad_multi[] = "multi: perhaps\nA\n";
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, dup_key, sizeof dup_key - 1, "s.txt", &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "s.txt:2: "));
	assert_non_null(strstr(err.msg, "already the key of A"));
	stet_schema_free(&s);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, bad_multi, sizeof bad_multi - 1, "s.txt", &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "s.txt:1: "));
	stet_schema_free(&s);
}

static int save(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	return stet_schema_save(txn, ctx, err);
}

static void versions_are_kept(void **state)
{
	struct stet_store *st;
	struct stet_schema s, v1, now;
	struct stet_error err = {0};
	struct stet_txn *txn;

	(void)state;
	assert_int_equal(stet_store_open(tmp_path("schema.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG", &err), STET_OK);
	assert_int_equal(stet_store_write(st, save, &s, &err), STET_OK);
	assert_int_equal(s.version, 1);
	assert_int_equal(stet_schema_rename(&s, "POS", "POSITIVE", &err), STET_OK);
	assert_int_equal(stet_schema_add(&s, "MIXED", NULL, NULL, NULL, &err), STET_OK);
	assert_int_equal(stet_store_write(st, save, &s, &err), STET_OK);
	assert_int_equal(s.version, 2);

	stet_schema_init(&v1);
	stet_schema_init(&now);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_schema_load_version(txn, 1, &v1, &err), STET_OK);
	assert_int_equal(stet_schema_load(txn, &now, &err), STET_OK);
	stet_txn_end(txn);
	assert_string_equal(v1.labels[0].name, "POS");
	assert_int_equal(v1.nlabels, 2);
	assert_int_equal(now.version, 2);
	/* A rename keeps the label's id, so annotations follow it. */
	assert_string_equal(now.labels[0].name, "POSITIVE");
	assert_int_equal(now.labels[0].id, v1.labels[0].id);
	assert_int_equal(now.labels[2].id, 3);
	assert_string_equal(now.labels[2].key, "3");
	stet_schema_free(&s);
	stet_schema_free(&v1);
	stet_schema_free(&now);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_gets_default_keys),
		cmocka_unit_test(bad_names_are_refused),
		cmocka_unit_test(schema_file_is_parsed),
		cmocka_unit_test(schema_file_errors_name_the_line),
		cmocka_unit_test(versions_are_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
