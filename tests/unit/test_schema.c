#include "unit.h"

#include <string.h>
#include <unistd.h>

#include "stet/label_name.h"
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
	/* Only what cannot be shown as it is: nothing, more than 200
	 * bytes, a control character (C0, C1), a bidi override, invalid
	 * UTF-8, spaces alone. */
	static const char *bad[] = {"", "tab\there", "\xc3", "esc\x1b[31m",
				    "c1\xc2\x9b", "r\xe2\x80\xaetl",
				    "line\xe2\x80\xa8sep", "   ",
				    " \xc2\xa0 "};
	/* Other tools' names come in as they are. */
	static const char *good[] = {"Not Humor", "a,b", "x|y", "k=v",
				     " lead", "say \"hi\"", "\xea\xb0\x80",
				     "no\xc2\xa0" "break", "\\"};
	struct stet_schema s;
	struct stet_error err = {0};
	char long_name[202];

	(void)state;
	stet_schema_init(&s);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(stet_schema_add(&s, bad[i], NULL, NULL, NULL, &err),
				 STET_ERR);
	memset(long_name, 'a', 201);
	long_name[201] = '\0';
	assert_int_equal(stet_schema_add(&s, long_name, NULL, NULL, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "longer than 200 bytes"));
	long_name[200] = '\0';
	assert_int_equal(stet_schema_add(&s, long_name, NULL, NULL, NULL, &err), STET_OK);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(stet_schema_add(&s, good[i], NULL, NULL, NULL, &err),
				 STET_OK);
	assert_int_equal(stet_schema_add(&s, "B-PER", NULL, NULL, NULL, &err), STET_OK);
	assert_int_equal(stet_schema_add(&s, "B-PER", NULL, NULL, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "already in the schema"));
	assert_int_equal(stet_schema_add(&s, "Ünïcode", NULL, NULL, NULL, &err), STET_OK);
	/* A decomposed e-acute is taken in NFC, and is then the same name
	 * as the precomposed one; the check itself refuses it. */
	assert_int_equal(stet_schema_add(&s, "caf" "e\xcc\x81", NULL, NULL, NULL, &err), STET_OK);
	assert_string_equal(s.labels[s.nlabels - 1].name, "caf\xc3\xa9");
	assert_int_equal(stet_schema_add(&s, "caf\xc3\xa9", NULL, NULL, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "already in the schema"));
	assert_int_equal(stet_label_name_check("e\xcc\x81", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "not in Unicode NFC"));
	stet_schema_free(&s);
}

static void lists_quote_names(void **state)
{
	static const char list[] =
		"Humor, Not Humor ,\"Yes, really\",\"say \"\"hi\"\"\", \" pad \",a=b,,";
	static const char *want[] = {"Humor", "Not Humor", "Yes, really",
				     "say \"hi\"", " pad ", "a=b"};
	struct stet_names n;
	struct stet_buf b;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_label_list_parse(list, ',', &n, &err), STET_OK);
	assert_int_equal(n.n, 6);
	stet_buf_init(&b);
	for (size_t i = 0; i < n.n; i++) {
		assert_string_equal(n.v[i], want[i]);
		if (i > 0)
			stet_buf_addc(&b, ',');
		stet_label_quote(n.v[i], ',', NULL, &b);
	}
	stet_buf_addc(&b, '\0');
	/* Quoted only where reading back needs it. */
	assert_string_equal(b.data,
		"Humor,Not Humor,\"Yes, really\",\"say \"\"hi\"\"\",\" pad \",a=b");
	stet_buf_free(&b);
	stet_names_free(&n);

	assert_int_equal(stet_label_list_parse("caf" "e\xcc\x81,\"Tre\xcc\x80s\"", ',', &n, &err), STET_OK);
	assert_string_equal(n.v[0], "caf\xc3\xa9");
	assert_string_equal(n.v[1], "Tr\xc3\xa8s");
	stet_names_free(&n);
	assert_int_equal(stet_label_list_parse("A,\"B", ',', &n, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "name 2 (byte 3): a quote that is not closed"));
	assert_int_equal(stet_label_list_parse("\"A\"x,B", ',', &n, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "name 1 (byte 1): text after a closing quote"));
	assert_int_equal(stet_label_list_parse("A,\"\"", ',', &n, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "empty label name"));
	assert_int_equal(stet_label_list_parse(" , ", ',', &n, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no labels"));
}

static int collect(const char *name, void *ctx)
{
	struct stet_buf *b = ctx;

	stet_buf_adds(b, "[");
	stet_buf_adds(b, name);
	stet_buf_adds(b, "]");
	return 0;
}

static void joined_labels_escape_the_bar(void **state)
{
	static const char *names[] = {"x|y", "back\\slash", "Not Humor", "a\\b|"};
	struct stet_buf j, out;

	(void)state;
	stet_buf_init(&j);
	stet_buf_init(&out);
	for (size_t i = 0; i < 4; i++)
		stet_label_join(&j, names[i], i == 0);
	stet_buf_addc(&j, '\0');
	assert_string_equal(j.data, "x\\|y|back\\\\slash|Not Humor|a\\\\b\\|");
	assert_int_equal(stet_label_split(j.data, collect, &out), 0);
	stet_buf_addc(&out, '\0');
	assert_string_equal(out.data, "[x|y][back\\slash][Not Humor][a\\b|]");
	/* A '\' before anything else is itself, as names held it before. */
	stet_buf_reset(&out);
	assert_int_equal(stet_label_split("C:\\dir|B", collect, &out), 0);
	stet_buf_addc(&out, '\0');
	assert_string_equal(out.data, "[C:\\dir][B]");
	stet_buf_free(&j);
	stet_buf_free(&out);
}

static void schema_file_quotes_names(void **state)
{
	static const char text[] =
		"\"Not Humor\" key=x Anything but a joke.\n"
		"\"say \"\"hi\"\"\"\tkey=z\n"
		"\"#hash\"\n"
		"plain\"quote\n";
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, text, sizeof text - 1, "s.txt", &err),
			 STET_OK);
	assert_int_equal(s.nlabels, 4);
	assert_string_equal(s.labels[0].name, "Not Humor");
	assert_string_equal(s.labels[0].key, "x");
	assert_string_equal(s.labels[0].description, "Anything but a joke.");
	assert_string_equal(s.labels[1].name, "say \"hi\"");
	assert_string_equal(s.labels[1].key, "z");
	assert_string_equal(s.labels[2].name, "#hash");
	assert_string_equal(s.labels[3].name, "plain\"quote");
	stet_schema_free(&s);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, "A\n\"B key=x\n", 11, "s.txt", &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "s.txt:2: a quote that is not closed"));
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

/* Kinds and the overlap rule: read from the schema file, kept through
 * a save and a load, and a schema without them stored as before. */
static void kinds_are_kept(void **state)
{
	const char *text = "multi: no\nspan-overlap: no\n"
			   "Relevant key=r\n"
			   "PER key=p kind=span colour=blue A person.\n"
			   "ORG kind=span\n";
	struct stet_store *st;
	struct stet_schema s, back;
	struct stet_error err = {0};
	struct stet_txn *txn;
	const char *v;
	size_t n;

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, text, strlen(text), "k.schema",
					   &err), STET_OK);
	assert_true(s.no_overlap);
	assert_int_equal(s.labels[0].kind, STET_KIND_ITEM);
	assert_int_equal(s.labels[1].kind, STET_KIND_SPAN);
	assert_string_equal(s.labels[1].description, "A person.");
	/* Default keys run on across kinds: r and p are taken, ORG gets 1. */
	assert_string_equal(s.labels[2].key, "1");
	assert_int_equal(stet_schema_count_kind(&s, STET_KIND_SPAN), 2);
	assert_int_equal(stet_schema_count_kind(&s, STET_KIND_TOKEN), 0);

	assert_int_equal(stet_store_open(tmp_path("kinds.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	assert_int_equal(stet_store_write(st, save, &s, &err), STET_OK);
	stet_schema_init(&back);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_schema_load(txn, &back, &err), STET_OK);
	stet_txn_end(txn);
	assert_true(back.no_overlap);
	assert_int_equal(back.labels[0].kind, STET_KIND_ITEM);
	assert_int_equal(back.labels[1].kind, STET_KIND_SPAN);
	assert_int_equal(back.labels[2].kind, STET_KIND_SPAN);
	stet_schema_free(&back);

	/* Item labels alone: no kind and no overlap rule in the record. */
	stet_schema_free(&s);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B", &err), STET_OK);
	assert_int_equal(stet_store_write(st, save, &s, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get(txn, "schema", &v, &n, &err), STET_OK);
	assert_null(memmem(v, n, "kind", 4));
	assert_null(memmem(v, n, "overlap", 7));
	stet_txn_end(txn);
	stet_schema_free(&s);
	stet_store_close(st);
}

static void spans_and_tokens_are_refused_together(void **state)
{
	const char *mixed = "PER kind=span\nNOUN kind=token\n";
	const char *bad_kind = "PER kind=entity\n";
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, mixed, strlen(mixed), "m.schema",
					   &err), STET_ERR);
	assert_non_null(strstr(err.msg, "m.schema: span labels and token labels in one schema"));
	stet_schema_free(&s);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_parse(&s, bad_kind, strlen(bad_kind),
					   "b.schema", &err), STET_ERR);
	assert_string_equal(err.msg,
		"b.schema:1: label PER: kind=entity: the kinds are item, span and token");
	stet_schema_free(&s);

	/* Nor can a change make such a schema. */
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list_kind(&s, "NOUN,VERB",
						    STET_KIND_TOKEN, &err),
			 STET_OK);
	assert_int_equal(stet_schema_add_kind(&s, "PER", NULL, NULL, NULL,
					      STET_KIND_SPAN, &err), STET_OK);
	assert_int_equal(stet_store_open(tmp_path("mixed.stet"),
					 STET_OPEN_CREATE, NULL, &st, &err),
			 STET_OK);
	assert_int_equal(stet_store_write(st, save, &s, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "span labels and token labels"));
	stet_schema_free(&s);
	stet_store_close(st);

	/* Hotkeys are one set across kinds. */
	stet_schema_init(&s);
	assert_int_equal(stet_schema_add(&s, "Yes", "y", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_schema_add_kind(&s, "YEAR", "y", NULL, NULL,
					      STET_KIND_SPAN, &err), STET_ERR);
	assert_string_equal(err.msg,
		"hotkey \"y\" of label YEAR is already the key of Yes");
	stet_schema_free(&s);
}

static void hotkeys_are_set_and_clashes_found(void **state)
{
	const struct stet_binding *b = NULL;
	struct stet_schema s;
	struct stet_error err = {0};

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B", &err), STET_OK);
	assert_int_equal(stet_schema_add(&s, "Word", "w", NULL, NULL, &err),
			 STET_OK);
	/* An item schema keeps w free for its labels. */
	assert_null(stet_schema_span_key_clash(&s, &b));
	assert_int_equal(stet_schema_add_kind(&s, "PER", "P", NULL, NULL,
					      STET_KIND_SPAN, &err), STET_OK);
	assert_string_equal(stet_schema_span_key_clash(&s, &b)->name, "Word");
	assert_string_equal(b->action, "token-next");

	/* A label may keep its own key; another's, or a reserved one, not. */
	assert_int_equal(stet_schema_set_key(&s, "Word", "w", &err), STET_OK);
	assert_int_equal(stet_schema_set_key(&s, "Word", "1", &err), STET_ERR);
	assert_string_equal(err.msg,
		"hotkey \"1\" of label Word is already the key of A");
	assert_int_equal(stet_schema_set_key(&s, "Word", "q", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "is the key of \"quit\""));
	assert_int_equal(stet_schema_set_key(&s, "Nobody", "z", &err), STET_ERR);
	assert_string_equal(err.msg, "no label \"Nobody\" in the schema");
	assert_string_equal(s.labels[2].key, "w");

	/* NULL: the first free default key (A and B hold 1 and 2). */
	assert_int_equal(stet_schema_set_key(&s, "Word", NULL, &err), STET_OK);
	assert_string_equal(s.labels[2].key, "3");
	assert_null(stet_schema_span_key_clash(&s, &b));
	assert_int_equal(stet_schema_check(&s, &err), STET_OK);
	/* "": none. */
	assert_int_equal(stet_schema_set_key(&s, "PER", "", &err), STET_OK);
	assert_string_equal(s.labels[3].key, "");
	stet_schema_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_gets_default_keys),
		cmocka_unit_test(bad_names_are_refused),
		cmocka_unit_test(lists_quote_names),
		cmocka_unit_test(joined_labels_escape_the_bar),
		cmocka_unit_test(schema_file_quotes_names),
		cmocka_unit_test(schema_file_is_parsed),
		cmocka_unit_test(schema_file_errors_name_the_line),
		cmocka_unit_test(versions_are_kept),
		cmocka_unit_test(kinds_are_kept),
		cmocka_unit_test(spans_and_tokens_are_refused_together),
		cmocka_unit_test(hotkeys_are_set_and_clashes_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
