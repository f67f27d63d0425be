/* Tokens at import: CoNLL and CoNLL-U words as given, Prodigy's JSONL
 * tokens checked against their text, offsets carried through NFC, and
 * words from ICU when the schema has span or token labels.
 *
 * Offsets are code points, counted by hand in the comments. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/core/import_in.h"
#include "stet/import.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "tmpdir.h"

static int nproject;

static struct stet_store *project(bool spans)
{
	struct stet_schema s;
	struct stet_store *st;
	struct stet_error err;
	char name[32];

	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B", &err), STET_OK);
	/* A span label beside the item labels, as `stet init --spans`
	 * makes one. */
	if (spans) {
		assert_int_equal(stet_schema_add(&s, "PER", NULL, NULL, NULL,
						 &err),
				 STET_OK);
		s.labels[s.nlabels - 1].kind = STET_KIND_SPAN;
	}
	snprintf(name, sizeof name, "p%d.stet", nproject++);
	assert_int_equal(stet_project_create(tmp_path(name), &s, "lead", &st,
					     &err),
			 STET_OK);
	stet_schema_free(&s);
	return st;
}

static const char *file(const char *name, const char *content)
{
	const char *path = tmp_path(name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f),
			 strlen(content));
	assert_int_equal(fclose(f), 0);
	return path;
}

static int import(struct stet_store *st, const char *name,
		  const char *content, struct stet_error *err)
{
	struct stet_import_opts o;
	struct stet_import_result res;
	char path[512];

	memset(&o, 0, sizeof o);
	snprintf(path, sizeof path, "%s", file(name, content));
	return stet_import_file(st, path, &o, &res, err);
}

/* "start-end[m] ..." for the tokens of item ext ("m" on the words of a
 * multiword token), or "none". */
static char *tokens_of(struct stet_store *st, const char *ext)
{
	struct stet_txn *txn;
	struct stet_tokens t;
	struct stet_error err;
	struct stet_buf b;
	uint64_t id;
	int rc;

	stet_tokens_init(&t);
	stet_buf_init(&b);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_item_find_ext(txn, ext, &id, &err), STET_OK);
	rc = stet_item_tokens(txn, id, &t, &err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND)
		stet_buf_adds(&b, "none");
	else
		assert_int_equal(rc, STET_OK);
	for (size_t i = 0; i < t.n; i++)
		stet_buf_printf(&b, "%s%u-%u%s", i ? " " : "", t.v[i].start,
				t.v[i].end,
				t.v[i].flags & STET_TOKEN_IN_MULTIWORD ? "m" : "");
	stet_tokens_free(&t);
	return b.data ? stet_buf_take(&b) : stet_xstrdup("");
}

static void expect_tokens(struct stet_store *st, const char *ext,
			  const char *want)
{
	char *got = tokens_of(st, ext);

	assert_string_equal(got, want);
	free(got);
}

static void conllu_words_are_the_tokens(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;

	(void)state;
	/* s1: "Je vais au marché." with "au" (3-4) the multiword token
	 * of à + le, and SpaceAfter=No before the period: Je 0-2, vais
	 * 3-7, au 8-10 twice, marché 11-17, "." 17-18.
	 * s2: no "# text", so the text is the surface forms joined by
	 * spaces: the multiword "didn't" stands for did + n't and the
	 * empty node 2.1 has no surface, so the text is "I didn't .":
	 * I 0-1, didn't 2-8 twice, "." 9-10. */
	assert_int_equal(import(st, "fr.conllu",
				"# sent_id = s1\n"
				"# text = Je vais au march\xc3\xa9.\n"
				"1\tJe\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n"
				"2\tvais\taller\tVERB\t_\t_\t0\troot\t_\t_\n"
				"3-4\tau\t_\t_\t_\t_\t_\t_\t_\t_\n"
				"3\t\xc3\xa0\t\xc3\xa0\tADP\t_\t_\t5\tcase\t_\t_\n"
				"4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n"
				"5\tmarch\xc3\xa9\tmarch\xc3\xa9\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n"
				"6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n"
				"\n"
				"# sent_id = s2\n"
				"1\tI\tI\tPRON\t_\t_\t2\tnsubj\t_\t_\n"
				"2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
				"2\tdid\tdo\tAUX\t_\t_\t0\troot\t_\t_\n"
				"2.1\tgo\tgo\tVERB\t_\t_\t_\t_\t0:root\t_\n"
				"3\tn't\tnot\tPART\t_\t_\t2\tadvmod\t_\t_\n"
				"4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n",
				&err),
			 STET_OK);
	expect_tokens(st, "s1", "0-2 3-7 8-10m 8-10m 11-17 17-18");
	expect_tokens(st, "s2", "0-1 2-8m 2-8m 9-10");
	stet_store_close(st);
}

static void conll2003_words_are_the_tokens(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;

	(void)state;
	/* The text is the words joined by spaces, "U.N. official Ekeus
	 * heads for Baghdad .": U.N. 0-4, official 5-13, Ekeus 14-19,
	 * heads 20-25, for 26-29, Baghdad 30-37, "." 38-39. The item's id
	 * comes from its content, so it is looked up by text below. */
	assert_int_equal(import(st, "ner.conll",
				"-DOCSTART- -X- -X- O\n\n"
				"U.N.\tNNP\tI-NP\tI-ORG\n"
				"official\tNN\tI-NP\tO\n"
				"Ekeus\tNNP\tI-NP\tI-PER\n"
				"heads\tVBZ\tI-VP\tO\n"
				"for\tIN\tI-PP\tO\n"
				"Baghdad\tNNP\tI-NP\tI-LOC\n"
				".\t.\tO\tO\n", &err),
			 STET_OK);
	{
		struct stet_txn *txn;
		struct stet_tokens t;
		static const uint32_t want[] = {0, 4, 5, 13, 14, 19, 20, 25,
						26, 29, 30, 37, 38, 39};

		stet_tokens_init(&t);
		assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
		assert_int_equal(stet_item_tokens(txn, 1, &t, &err), STET_OK);
		stet_txn_end(txn);
		assert_int_equal(t.n, 7);
		for (size_t i = 0; i < t.n; i++) {
			assert_int_equal(t.v[i].start, want[2 * i]);
			assert_int_equal(t.v[i].end, want[2 * i + 1]);
		}
		stet_tokens_free(&t);
	}
	stet_store_close(st);
}

static void a_form_not_in_the_text_names_its_line(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;
	struct stet_txn *txn;
	uint64_t n;

	(void)state;
	/* Line 5 says "sat", the text "sits"; "The cat" ends at 7. */
	assert_int_equal(import(st, "bad.conllu",
				"# sent_id = s1\n"
				"# text = The cat sits\n"
				"1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n"
				"2\tcat\tcat\tNOUN\t_\t_\t3\tnsubj\t_\t_\n"
				"3\tsat\tsit\tVERB\t_\t_\t0\troot\t_\t_\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "bad.conllu:5: the form \"sat\" is not in the sentence's text after code point 7"));
	/* Nothing of the file was written. */
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_ITEMS, &n, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(n, 0);
	stet_store_close(st);
}

/* stet export writes a CoNLL sentence to JSONL with its token lines
 * as "tokens": read back, they give the same words, so that spans made
 * on them survive the round trip. */
static void conll_lines_in_jsonl_give_the_same_words(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;

	(void)state;
	/* As in conllu_words_are_the_tokens: Je 0-2, vais 3-7, au 8-10
	 * for both words of the multiword token, marché 11-17, "." 17-18. */
	assert_int_equal(import(st, "fr.jsonl",
				"{\"id\":\"s1\",\"text\":\"Je vais au march\xc3\xa9.\",\"tokens\":["
				"\"1\\tJe\\til\\tPRON\\t_\\t_\\t2\\tnsubj\\t_\\t_\","
				"\"2\\tvais\\taller\\tVERB\\t_\\t_\\t0\\troot\\t_\\t_\","
				"\"3-4\\tau\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\t_\","
				"\"3\\t\xc3\xa0\\t\xc3\xa0\\tADP\\t_\\t_\\t5\\tcase\\t_\\t_\","
				"\"4\\tle\\tle\\tDET\\t_\\t_\\t5\\tdet\\t_\\t_\","
				"\"5\\tmarch\xc3\xa9\\tmarch\xc3\xa9\\tNOUN\\t_\\t_\\t2\\tobl\\t_\\tSpaceAfter=No\","
				"\"6\\t.\\t.\\tPUNCT\\t_\\t_\\t2\\tpunct\\t_\\t_\"]}\n",
				&err),
			 STET_OK);
	expect_tokens(st, "s1", "0-2 3-7 8-10m 8-10m 11-17 17-18");
	/* A form the text lacks names the record's line and the token
	 * line in it. */
	assert_int_equal(import(st, "bad.jsonl",
				"{\"text\":\"a b\",\"tokens\":[\"1\\ta\",\"2\\tc\"]}\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "bad.jsonl:1: token line 2: the form \"c\" is not in the sentence's text after code point 1"));
	stet_store_close(st);
}

static void prodigy_tokens_are_checked_and_kept(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;

	(void)state;
	/* "Hi 👋 Zoë!": the wave is one code point (U+1F44B), so Zoë is
	 * 5-8 and "!" 8-9 in code points, as Prodigy (Python) counts. The
	 * second record has a white space token of its own, as spaCy
	 * makes for a double space: kept, since Prodigy's token_start and
	 * token_end count it. */
	assert_int_equal(import(st, "p.jsonl",
				"{\"id\":\"a\",\"text\":\"Hi \xf0\x9f\x91\x8b Zo\xc3\xab!\",\"tokens\":["
				"{\"text\":\"Hi\",\"start\":0,\"end\":2,\"id\":0,\"ws\":true},"
				"{\"text\":\"\xf0\x9f\x91\x8b\",\"start\":3,\"end\":4,\"id\":1,\"ws\":true},"
				"{\"text\":\"Zo\xc3\xab\",\"start\":5,\"end\":8,\"id\":2,\"ws\":false},"
				"{\"text\":\"!\",\"start\":8,\"end\":9,\"id\":3,\"ws\":false}]}\n"
				"{\"id\":\"b\",\"text\":\"a  b\",\"tokens\":["
				"{\"text\":\"a\",\"start\":0,\"end\":1,\"id\":0,\"ws\":true},"
				"{\"text\":\" \",\"start\":2,\"end\":3,\"id\":1,\"ws\":false},"
				"{\"text\":\"b\",\"start\":3,\"end\":4,\"id\":2,\"ws\":false}]}\n"
				"{\"id\":\"c\",\"text\":\"no tokens\"}\n",
				&err),
			 STET_OK);
	expect_tokens(st, "a", "0-2 3-4 5-8 8-9");
	expect_tokens(st, "b", "0-1 2-3 3-4");
	/* No span labels in the schema: no words of ICU's either. */
	expect_tokens(st, "c", "none");
	stet_store_close(st);
}

static void prodigy_token_mismatch_names_the_line(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;

	(void)state;
	/* Offsets counted in UTF-16 (as JavaScript would): the wave takes
	 * two units, so "Zoë" would be 6-9, which in code points is
	 * "oë!". */
	assert_int_equal(import(st, "p.jsonl",
				"{\"text\":\"ok\"}\n"
				"{\"text\":\"Hi \xf0\x9f\x91\x8b Zo\xc3\xab!\",\"tokens\":["
				"{\"text\":\"Zo\xc3\xab\",\"start\":6,\"end\":9}]}\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "p.jsonl:2: token 0 (\"Zo\xc3\xab\") at 6-9 does not match the text there (\"o\xc3\xab!\")"));
	assert_int_equal(import(st, "q.jsonl",
				"{\"text\":\"abc\",\"tokens\":["
				"{\"text\":\"abc\",\"start\":0,\"end\":4}]}\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "q.jsonl:1: token 0 (\"abc\") at 0-4 ends past the text (3 characters)"));
	assert_int_equal(import(st, "r.jsonl",
				"{\"text\":\"ab\",\"tokens\":["
				"{\"text\":\"b\",\"start\":1,\"end\":2},"
				"{\"text\":\"a\",\"start\":0,\"end\":1}]}\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "r.jsonl:1: token 1 (\"a\") at 0-1: tokens must not be empty, overlap or go back"));
	stet_store_close(st);
}

static void offsets_follow_the_text_into_nfc(void **state)
{
	struct stet_store *st = project(false);
	struct stet_error err;
	struct stet_txn *txn;
	struct stet_item it;
	uint64_t id;

	(void)state;
	/* "Cafe\u0301 ok" decomposed: Café is 0-5 in the file's code
	 * points (e, U+0301), 0-4 in NFC; ok 6-8 becomes 5-7. */
	assert_int_equal(import(st, "nfd.jsonl",
				"{\"id\":\"d\",\"text\":\"Cafe\xcc\x81 ok\",\"tokens\":["
				"{\"text\":\"Cafe\xcc\x81\",\"start\":0,\"end\":5},"
				"{\"text\":\"ok\",\"start\":6,\"end\":8}]}\n",
				&err),
			 STET_OK);
	expect_tokens(st, "d", "0-4 5-7");
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_item_find_ext(txn, "d", &id, &err), STET_OK);
	stet_item_init(&it);
	assert_int_equal(stet_item_get(txn, id, &it, &err), STET_OK);
	assert_string_equal(it.text, "Caf\xc3\xa9 ok");
	stet_item_clear(&it);
	stet_txn_end(txn);
	/* A token that ends between the e and its accent has no place in
	 * the NFC text: refused, never moved. */
	assert_int_equal(import(st, "cut.jsonl",
				"{\"text\":\"Cafe\xcc\x81\",\"tokens\":["
				"{\"text\":\"Cafe\",\"start\":0,\"end\":4},"
				"{\"text\":\"\xcc\x81\",\"start\":4,\"end\":5}]}\n",
				&err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "cut.jsonl:1: token 0 (characters 0-4) cannot be kept: stet stores text in NFC, which joins the character at its end with the one beside it"));
	stet_store_close(st);
}

/* Whether import tokenizes is the schema's: a span or token label
 * asks for tokens, item labels alone do not; and an item that has
 * tokens of its own keeps them. */
static void the_schema_decides_and_given_tokens_win(void **state)
{
	struct stet_schema s;
	struct stet_item it;
	struct stet_error err;

	(void)state;
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "A,B", &err), STET_OK);
	assert_false(import_want_tokens(&s));
	s.labels[1].kind = STET_KIND_TOKEN;
	assert_true(import_want_tokens(&s));
	s.labels[1].kind = STET_KIND_SPAN;
	assert_true(import_want_tokens(&s));
	stet_schema_free(&s);

	stet_item_init(&it);
	it.text = stet_xstrdup("Hello, world");
	assert_int_equal(import_tokenize(&it, &err), STET_OK);
	assert_true(it.has_toks);
	/* Hello 0-5, "," 5-6, world 7-12. */
	assert_int_equal(it.toks.n, 3);
	assert_int_equal(it.toks.v[1].start, 5);
	assert_int_equal(it.toks.v[2].end, 12);
	stet_tokens_free(&it.toks);
	stet_tokens_add(&it.toks, 0, 12, 0);
	assert_int_equal(import_tokenize(&it, &err), STET_OK);
	assert_int_equal(it.toks.n, 1);
	stet_item_clear(&it);
	/* A table row has no text to tokenize. */
	it.kind = STET_ITEM_TABLE;
	stet_item_add_field(&it, "a", 1, "b c", 3);
	assert_int_equal(import_tokenize(&it, &err), STET_OK);
	assert_false(it.has_toks);
	stet_item_clear(&it);
}

/* With a span label in the schema, text items without tokens of their
 * own get ICU's words; those that have tokens keep them, and a second
 * import of the same text changes nothing. Runs once the schema keeps
 * a label's kind (stet init --spans); until then the test above covers
 * the parts. */
static void span_schemas_tokenize_at_import(void **state)
{
	struct stet_store *st = project(true);
	struct stet_error err;
	struct stet_schema s;
	struct stet_txn *txn;
	bool kept;

	(void)state;
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_load(txn, &s, &err), STET_OK);
	kept = s.nlabels == 3 && s.labels[2].kind == STET_KIND_SPAN;
	stet_schema_free(&s);
	stet_txn_end(txn);
	if (!kept) {
		print_message("# the schema does not keep a label's kind: not run\n");
		stet_store_close(st);
		return;
	}
	/* "Hello, world": Hello 0-5, "," 5-6, world 7-12. */
	assert_int_equal(import(st, "t.jsonl",
				"{\"id\":\"h\",\"text\":\"Hello, world\"}\n"
				"{\"id\":\"g\",\"text\":\"ab cd\",\"tokens\":["
				"{\"text\":\"ab cd\",\"start\":0,\"end\":5}]}\n",
				&err),
			 STET_OK);
	expect_tokens(st, "h", "0-5 5-6 7-12");
	expect_tokens(st, "g", "0-5");
	assert_int_equal(import(st, "t2.jsonl",
				"{\"id\":\"g\",\"text\":\"ab cd\"}\n", &err),
			 STET_OK);
	expect_tokens(st, "g", "0-5");
	/* A folder of documents, one item a file, its id the file's
	 * name: "Zoë's café" is Zoë's 0-5, café 6-10. */
	{
		struct stet_import_opts o;
		struct stet_import_result res;
		char dir[512];
		char *paths[1];

		memset(&o, 0, sizeof o);
		snprintf(dir, sizeof dir, "%s", tmp_path("docs"));
		assert_int_equal(mkdir(dir, 0700), 0);
		file("docs/z.txt", "Zo\xc3\xab's caf\xc3\xa9\n");
		paths[0] = dir;
		assert_int_equal(stet_import_documents(st, paths, 1, &o, &res,
						       &err),
				 STET_OK);
		expect_tokens(st, "z.txt", "0-5 6-10");
	}
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conllu_words_are_the_tokens),
		cmocka_unit_test(conll2003_words_are_the_tokens),
		cmocka_unit_test(a_form_not_in_the_text_names_its_line),
		cmocka_unit_test(conll_lines_in_jsonl_give_the_same_words),
		cmocka_unit_test(prodigy_tokens_are_checked_and_kept),
		cmocka_unit_test(prodigy_token_mismatch_names_the_line),
		cmocka_unit_test(offsets_follow_the_text_into_nfc),
		cmocka_unit_test(the_schema_decides_and_given_tokens_win),
		cmocka_unit_test(span_schemas_tokenize_at_import),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
