/* Word boundaries from ICU. The segmentations below are what ICU 72
 * (Debian 12's libicu72) gives, checked by reading each one: the
 * dictionary segmentations of Chinese, Japanese and Thai depend on
 * ICU's dictionaries and may move in another ICU version.
 *
 * Each token is written start-end:text, start and end in code points,
 * end exclusive. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/offsets.h"
#include "stet/tokenize.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* "start-end:text ..." for every token of text. */
static char *show(const char *text)
{
	struct stet_tokens t;
	struct stet_offset_map m;
	struct stet_error err;
	struct stet_buf b;

	stet_tokens_init(&t);
	stet_buf_init(&b);
	assert_int_equal(stet_tokenize(text, strlen(text), &t, &err), STET_OK);
	assert_int_equal(stet_offset_map_init(&m, text, strlen(text), &err),
			 STET_OK);
	for (size_t i = 0; i < t.n; i++) {
		uint32_t s = m.byte_of[t.v[i].start];
		uint32_t e = m.byte_of[t.v[i].end];

		assert_true(t.v[i].start < t.v[i].end);
		if (i > 0)
			assert_true(t.v[i].start >= t.v[i - 1].end);
		assert_int_equal(t.v[i].flags, 0);
		/* A token never starts or ends inside a grapheme cluster. */
		assert_true(stet_offset_on_grapheme(&m, t.v[i].start));
		assert_true(stet_offset_on_grapheme(&m, t.v[i].end));
		stet_buf_printf(&b, "%s%u-%u:%.*s", i ? " " : "", t.v[i].start,
				t.v[i].end, (int)(e - s), text + s);
	}
	stet_offset_map_free(&m);
	stet_tokens_free(&t);
	return b.data ? stet_buf_take(&b) : stet_xstrdup("");
}

static const struct {
	const char *name, *text, *want;
} cases[] = {
	/* Contractions stay whole (UAX #29 WB6/7 over the apostrophe),
	 * as do decimals (WB11/12) and U.S.A (WB6/7 over "."); the
	 * final period of an abbreviation and every other punctuation
	 * mark is a token of its own. Offsets are ASCII positions, plus
	 * the em dash at 22 (one code point). */
	{"English", "Don't stop, it's 3.14 \xe2\x80\x94 e.g. U.S.A. isn't \"done\"!",
	 "0-5:Don't 6-10:stop 10-11:, 12-16:it's 17-21:3.14 22-23:\xe2\x80\x94 "
	 "24-27:e.g 27-28:. 29-34:U.S.A 34-35:. 36-41:isn't 42-43:\" "
	 "43-47:done 47-48:\" 48-49:!"},
	/* 我 / 喜欢 / 自然 / 语言 / 处理 / 。 ("I like natural language
	 * processing"): one code point a character. */
	{"Chinese",
	 "\xe6\x88\x91\xe5\x96\x9c\xe6\xac\xa2\xe8\x87\xaa\xe7\x84\xb6\xe8\xaf\xad"
	 "\xe8\xa8\x80\xe5\xa4\x84\xe7\x90\x86\xe3\x80\x82",
	 "0-1:\xe6\x88\x91 1-3:\xe5\x96\x9c\xe6\xac\xa2 3-5:\xe8\x87\xaa\xe7\x84\xb6 "
	 "5-7:\xe8\xaf\xad\xe8\xa8\x80 7-9:\xe5\xa4\x84\xe7\x90\x86 9-10:\xe3\x80\x82"},
	/* 私 / は / 東京 / に / 住 / んで / い / ます / 。 / カタカナ / も:
	 * ICU's dictionary splits the verb 住んでいます unlike a
	 * morphological analyser would; pinned as ICU 72 gives it. */
	{"Japanese",
	 "\xe7\xa7\x81\xe3\x81\xaf\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xab\xe4\xbd\x8f"
	 "\xe3\x82\x93\xe3\x81\xa7\xe3\x81\x84\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82"
	 "\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a\xe3\x82\x82",
	 "0-1:\xe7\xa7\x81 1-2:\xe3\x81\xaf 2-4:\xe6\x9d\xb1\xe4\xba\xac "
	 "4-5:\xe3\x81\xab 5-6:\xe4\xbd\x8f 6-8:\xe3\x82\x93\xe3\x81\xa7 "
	 "8-9:\xe3\x81\x84 9-11:\xe3\x81\xbe\xe3\x81\x99 11-12:\xe3\x80\x82 "
	 "12-16:\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a 16-17:\xe3\x82\x82"},
	/* ภาษา / ไทย / ไม่มี / การ / เว้น / วรรค / ระหว่าง / คำ ("Thai has
	 * no spaces between words"): Thai writes no spaces, so every
	 * boundary here is the dictionary's. Tone marks and vowel signs
	 * are code points of their own: ไม่มี is 5 (ไ ม ่ ม ี). */
	{"Thai",
	 "\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2\xe0\xb9\x84\xe0\xb8\x97"
	 "\xe0\xb8\xa2\xe0\xb9\x84\xe0\xb8\xa1\xe0\xb9\x88\xe0\xb8\xa1\xe0\xb8\xb5"
	 "\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3\xe0\xb9\x80\xe0\xb8\xa7\xe0\xb9\x89"
	 "\xe0\xb8\x99\xe0\xb8\xa7\xe0\xb8\xa3\xe0\xb8\xa3\xe0\xb8\x84\xe0\xb8\xa3"
	 "\xe0\xb8\xb0\xe0\xb8\xab\xe0\xb8\xa7\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x87"
	 "\xe0\xb8\x84\xe0\xb8\xb3",
	 "0-4:\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2 "
	 "4-7:\xe0\xb9\x84\xe0\xb8\x97\xe0\xb8\xa2 "
	 "7-12:\xe0\xb9\x84\xe0\xb8\xa1\xe0\xb9\x88\xe0\xb8\xa1\xe0\xb8\xb5 "
	 "12-15:\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3 "
	 "15-19:\xe0\xb9\x80\xe0\xb8\xa7\xe0\xb9\x89\xe0\xb8\x99 "
	 "19-23:\xe0\xb8\xa7\xe0\xb8\xa3\xe0\xb8\xa3\xe0\xb8\x84 "
	 "23-30:\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\xab\xe0\xb8\xa7\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x87 "
	 "30-32:\xe0\xb8\x84\xe0\xb8\xb3"},
	/* שָׁלוֹם עוֹלָם, מה שלומך? with points: shin qamats shin-dot lamed
	 * vav holam mem-sofit is 7 code points (0-7), the space 7, then
	 * ayin vav holam lamed qamats mem-sofit 8-14; the points ride on
	 * their letters (WB4). */
	{"Hebrew",
	 "\xd7\xa9\xd6\xb8\xd7\x81\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d \xd7\xa2\xd7\x95"
	 "\xd6\xb9\xd7\x9c\xd6\xb8\xd7\x9d, \xd7\x9e\xd7\x94 \xd7\xa9\xd7\x9c\xd7\x95"
	 "\xd7\x9e\xd7\x9a?",
	 "0-7:\xd7\xa9\xd6\xb8\xd7\x81\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d "
	 "8-14:\xd7\xa2\xd7\x95\xd6\xb9\xd7\x9c\xd6\xb8\xd7\x9d 14-15:, "
	 "16-18:\xd7\x9e\xd7\x94 19-24:\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9e\xd7\x9a "
	 "24-25:?"},
	/* I ❤️ you 👩‍👩‍👧 🇫🇷🇩🇪 ✌🏽!: the heart and VS16 are 2-4, the
	 * family of five code points (woman ZWJ woman ZWJ girl) 9-14, each
	 * flag two regional indicators (15-17, 17-19: the pairs split
	 * between flags, WB15/16), the hand and its skin tone 20-22. */
	{"emoji",
	 "I \xe2\x9d\xa4\xef\xb8\x8f you \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9"
	 "\xe2\x80\x8d\xf0\x9f\x91\xa7 \xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9"
	 "\xf0\x9f\x87\xaa \xe2\x9c\x8c\xf0\x9f\x8f\xbd!",
	 "0-1:I 2-4:\xe2\x9d\xa4\xef\xb8\x8f 5-8:you "
	 "9-14:\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 "
	 "15-17:\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 17-19:\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa "
	 "20-22:\xe2\x9c\x8c\xf0\x9f\x8f\xbd 22-23:!"},
	/* White space of every kind is no token: two spaces, a tab, a
	 * line feed, a no-break space (U+00A0) and an ideographic space
	 * (U+3000). */
	{"white space", "  tab\there\nnew\xc2\xa0x\xe3\x80\x80y  ",
	 "2-5:tab 6-10:here 11-14:new 15-16:x 17-18:y"},
	{"only white space", " \t\n ", ""},
	{"empty", "", ""},
};

static void segmentations_are_pinned(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_(cases); i++) {
		char *got = show(cases[i].text);

		print_message("# %s\n", cases[i].name);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void tokens_are_appended(void **state)
{
	struct stet_tokens t;
	struct stet_error err;

	(void)state;
	stet_tokens_init(&t);
	stet_tokens_add(&t, 100, 101, 0);
	assert_int_equal(stet_tokenize("a b", 3, &t, &err), STET_OK);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[1].start, 0);
	assert_int_equal(t.v[2].start, 2);
	stet_tokens_free(&t);
}

static void invalid_text_is_refused(void **state)
{
	struct stet_tokens t;
	struct stet_error err;

	(void)state;
	stet_tokens_init(&t);
	assert_int_equal(stet_tokenize("ok \xc3", 4, &t, &err), STET_ERR);
	assert_string_equal(err.msg, "word boundaries: invalid UTF-8 at byte 3");
	assert_int_equal(t.n, 0);
	stet_tokens_free(&t);
}

/* The iterator kept between calls must not carry one text's state
 * into the next: tokenizing a long text, then a short one, then the
 * long one again gives the same tokens each time. */
static void calls_are_independent(void **state)
{
	const char *lng = "one two three four five six";
	char *a, *b, *c;

	(void)state;
	a = show(lng);
	b = show("x");
	c = show(lng);
	assert_string_equal(a, c);
	assert_string_equal(b, "0-1:x");
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segmentations_are_pinned),
		cmocka_unit_test(tokens_are_appended),
		cmocka_unit_test(invalid_text_is_refused),
		cmocka_unit_test(calls_are_independent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
