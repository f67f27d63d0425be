/* Spans from other tools brought to an item's code points
 * (src/core/ann_spans.c): each unit converted exactly, the tool's text
 * of a span checked against its offsets, offsets mapped through NFC and
 * kept off the inside of graphemes.
 *
 * The offsets in the tables are worked out by hand from the encodings:
 * a code point takes 1 UTF-8 byte below U+0080, 2 below U+0800, 3 below
 * U+10000 and 4 above, and 1 UTF-16 code unit below U+10000, 2 above. */
#include "unit.h"

#include <stdbool.h>
#include <string.h>

#include "../../src/core/ann_in.h"

#define WOMAN "\xf0\x9f\x91\xa9"	/* U+1F469: 4 bytes, 2 units */
#define GIRL "\xf0\x9f\x91\xa7"		/* U+1F467 */
#define ZWJ "\xe2\x80\x8d"		/* U+200D: 3 bytes, 1 unit */
#define FAMILY WOMAN ZWJ WOMAN ZWJ GIRL /* 5 cps, 18 bytes, 8 units */
#define RI_F "\xf0\x9f\x87\xab"		/* U+1F1EB: 4 bytes, 2 units */
#define RI_R "\xf0\x9f\x87\xb7"		/* U+1F1F7 */
#define VICTORY "\xe2\x9c\x8c"		/* U+270C: 3 bytes, 1 unit */
#define SKIN3 "\xf0\x9f\x8f\xbd"	/* U+1F3FD: 4 bytes, 2 units */
#define E_ACUTE "\xc3\xa9"		/* U+00E9: 2 bytes, 1 unit */
#define ACUTE "\xcc\x81"		/* U+0301 combining */
#define ZHONG "\xe4\xb8\xad"		/* U+4E2D: 3 bytes, 1 unit */
#define WEN "\xe6\x96\x87"		/* U+6587 */
#define SEEN "\xd8\xb3"			/* U+0633: 2 bytes, 1 unit */
#define FATHA "\xd9\x8e"		/* U+064E, a mark on the seen */
#define LAM "\xd9\x84"			/* U+0644 */
#define SHIN "\xd7\xa9"			/* U+05E9 */
#define LAMED "\xd7\x9c"		/* U+05DC */

/* Code points: family 0-5, space, J o s é 6-10, space, flag 11-13,
 * space, 中文 14-16, space, seen fatha lam 17-20, space, x ✌ 🏽
 * 21-24, space, shin lamed 25-27. */
#define TEXT FAMILY " Jos" E_ACUTE " " RI_F RI_R " " ZHONG WEN " " SEEN \
	FATHA LAM " x" VICTORY SKIN3 " " SHIN LAMED

static const char *const piece[] = {
	FAMILY, "Jos" E_ACUTE, RI_F RI_R, ZHONG WEN, SEEN FATHA LAM,
	"x" VICTORY SKIN3, SHIN LAMED,
};
static const uint32_t cps[][2] = {
	{0, 5}, {6, 10}, {11, 13}, {14, 16}, {17, 20}, {21, 24}, {25, 27},
};
/* UTF-16: the family is 2+1+2+1+2 = 8 units, José 4, the flag 2+2,
 * 中文 2, seen fatha lam 3, x ✌ 🏽 1+1+2, shin lamed 2; one unit a
 * space between. */
static const uint64_t u16[][2] = {
	{0, 8}, {9, 13}, {14, 18}, {19, 21}, {22, 25}, {26, 30}, {31, 33},
};
/* Bytes: family 4+3+4+3+4 = 18, José 3+2, flag 8, 中文 6, seen fatha
 * lam 6, x ✌ 🏽 1+3+4, shin lamed 4; one byte a space between. */
static const uint64_t bytes[][2] = {
	{0, 18}, {19, 24}, {25, 33}, {34, 40}, {41, 47}, {48, 56}, {57, 61},
};

#define NSPANS (sizeof cps / sizeof cps[0])

static int convert(const char *text, enum stet_unit unit,
		   const struct ann_span *spans, size_t n,
		   struct ann_cp_span *out, struct ann_notes *notes,
		   struct stet_error *err)
{
	struct ann_rec r = {.text = text, .unit = unit, .spans = spans,
			    .nspans = n, .has_spans = true};

	return ann_spans_to_item(notes, &r, text, out, err);
}

static void every_unit_gives_the_same_code_points(void **state)
{
	static const struct {
		enum stet_unit unit;
		const uint64_t (*off)[2];
	} units[] = {
		{STET_UNIT_CODEPOINTS, NULL},
		{STET_UNIT_UTF16, u16},
		{STET_UNIT_BYTES, bytes},
	};

	(void)state;
	for (size_t u = 0; u < 3; u++) {
		struct ann_span spans[NSPANS];
		struct ann_cp_span out[NSPANS];
		struct ann_notes notes = {0};
		struct stet_error err = {0};

		for (size_t i = 0; i < NSPANS; i++) {
			memset(&spans[i], 0, sizeof spans[i]);
			spans[i].start = units[u].off ? units[u].off[i][0] : cps[i][0];
			spans[i].end = units[u].off ? units[u].off[i][1] : cps[i][1];
			spans[i].label = "X";
			spans[i].text = piece[i];
		}
		print_message("# %s\n", stet_unit_name(units[u].unit));
		assert_int_equal(convert(TEXT, units[u].unit, spans, NSPANS, out,
					 &notes, &err), STET_OK);
		for (size_t i = 0; i < NSPANS; i++) {
			assert_int_equal(out[i].start, cps[i][0]);
			assert_int_equal(out[i].end, cps[i][1]);
			assert_string_equal(out[i].label, "X");
		}
		assert_int_equal(notes.k[NOTE_SPAN_SPACE].n, 0);
		ann_notes_free(&notes);
	}
}

static void refuses(const char *text, enum stet_unit unit, uint64_t s,
		    uint64_t e, const char *span_text, const char *want)
{
	struct ann_span sp = {.start = s, .end = e, .label = "PER",
			      .text = span_text};
	struct ann_cp_span out;
	struct ann_notes notes = {0};
	struct stet_error err = {0};

	assert_int_equal(convert(text, unit, &sp, 1, &out, &notes, &err),
			 STET_ERR);
	print_message("# %s\n", err.msg);
	assert_non_null(strstr(err.msg, want));
	/* Every refusal names the span, its offsets and its label. */
	assert_non_null(strstr(err.msg, "span 1 ("));
	assert_non_null(strstr(err.msg, "\"PER\")"));
	ann_notes_free(&notes);
}

static void offsets_inside_characters_are_refused(void **state)
{
	(void)state;
	/* UTF-16 offset 1 is between the two halves of the first woman. */
	refuses(TEXT, STET_UNIT_UTF16, 1, 8, NULL, "surrogate");
	/* Byte 20 is inside the é of José (bytes 22-23 of "Jos" at 19). */
	refuses(TEXT, STET_UNIT_BYTES, 19, 23, NULL, "UTF-8");
	/* Code points 2-5 cut the family, one grapheme, in two. */
	refuses(TEXT, STET_UNIT_CODEPOINTS, 2, 5, NULL, "grapheme");
	/* 17-18 cuts the fatha off the seen. */
	refuses(TEXT, STET_UNIT_CODEPOINTS, 17, 18, NULL, "grapheme");
	/* 12-13 splits the flag's regional indicators. */
	refuses(TEXT, STET_UNIT_CODEPOINTS, 11, 12, NULL, "grapheme");
	refuses(TEXT, STET_UNIT_CODEPOINTS, 25, 99, NULL, "past the end");
	refuses(TEXT, STET_UNIT_CODEPOINTS, 6, 6, NULL, "must end after");
}

static void a_different_text_is_refused_and_white_space_noted(void **state)
{
	struct ann_span sp[2] = {
		/* "José" with the space after it: the file's text has it,
		 * the offsets do not, as in ten spans of a Label Studio
		 * export. */
		{.start = 6, .end = 10, .label = "PER", .text = "Jos" E_ACUTE " ",
		 .name = "result 3"},
		{.start = 11, .end = 13, .label = "LOC", .text = RI_F RI_R},
	};
	struct ann_cp_span out[2];
	struct ann_notes notes = {0};
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(convert(TEXT, STET_UNIT_CODEPOINTS, sp, 2, out,
				 &notes, &err), STET_OK);
	assert_int_equal(notes.k[NOTE_SPAN_SPACE].n, 1);
	assert_string_equal(notes.k[NOTE_SPAN_SPACE].details[0],
			    "result 3 (6-10 \"PER\")");
	ann_notes_free(&notes);
	/* "Jose" is not "José": an error that says both. */
	refuses(TEXT, STET_UNIT_CODEPOINTS, 6, 10, "Jose",
		"the text at its offsets is \"Jos" E_ACUTE
		"\", the file says \"Jose\"");
}

static void offsets_are_mapped_through_nfc(void **state)
{
	/* "Jose" + U+0301 + " x": 7 code points as given; stet keeps NFC,
	 * "José x", 6. A span over José ends at 5 as given, at 4 in NFC;
	 * one that ends between the e and its accent has no place in the
	 * NFC text. */
	const char *text = "Jose" ACUTE " x";
	struct ann_span sp[2] = {
		{.start = 0, .end = 5, .label = "PER", .text = "Jose" ACUTE},
		{.start = 6, .end = 7, .label = "X", .text = "x"},
	};
	struct ann_cp_span out[2];
	struct ann_notes notes = {0};
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(convert(text, STET_UNIT_CODEPOINTS, sp, 2, out,
				 &notes, &err), STET_OK);
	assert_int_equal(out[0].start, 0);
	assert_int_equal(out[0].end, 4);
	assert_int_equal(out[1].start, 5);
	assert_int_equal(out[1].end, 6);
	/* In UTF-16 the same: every code point here is one unit. */
	assert_int_equal(convert(text, STET_UNIT_UTF16, sp, 2, out, &notes,
				 &err), STET_OK);
	assert_int_equal(out[0].end, 4);
	refuses(text, STET_UNIT_CODEPOINTS, 0, 4, NULL, "NFC");
	ann_notes_free(&notes);
}

static void tool_tokens_are_mapped_through_nfc(void **state)
{
	/* Tokens "Jose\u0301" (0-5) and "x" (6-7) as given: 0-4 and 5-6 in
	 * the NFC text. */
	struct stet_tokens given, out;
	struct ann_rec r = {.text = "Jose" ACUTE " x"};
	struct stet_error err = {0};

	(void)state;
	stet_tokens_init(&given);
	stet_tokens_init(&out);
	stet_tokens_add(&given, 0, 5, 0);
	stet_tokens_add(&given, 6, 7, 0);
	r.tokens = &given;
	assert_int_equal(ann_tokens_to_item(&r, &out, &err), STET_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].end, 4);
	assert_int_equal(out.v[1].start, 5);
	assert_int_equal(out.v[1].end, 6);
	stet_tokens_free(&out);
	given.v[0].end = 4; /* between the e and its accent */
	assert_int_equal(ann_tokens_to_item(&r, &out, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "token 0 (0-4)"));
	stet_tokens_free(&out);
	stet_tokens_free(&given);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_unit_gives_the_same_code_points),
		cmocka_unit_test(offsets_inside_characters_are_refused),
		cmocka_unit_test(a_different_text_is_refused_and_white_space_noted),
		cmocka_unit_test(offsets_are_mapped_through_nfc),
		cmocka_unit_test(tool_tokens_are_mapped_through_nfc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
