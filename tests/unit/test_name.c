/* The one rule for annotator and session names (stet/name.h): what it
 * takes, what it refuses and why, and the NFC form a name typed in
 * another normalisation is kept in. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "stet/name.h"

static void takes_printable_words(void **state)
{
	static const char *const good[] = {
		"ana", "José", "山田", "a-b_c.d@e+f", "анна", "مريم",
		"e0a1c3f4-9b2d-4c1e-8f7a-123456789abc", /* a Prodigy session */
	};
	char longest[STET_NAME_MAX + 1];
	struct stet_error err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (stet_name_check("annotator", good[i], &err) != STET_OK)
			fail_msg("%s refused: %s", good[i], err.msg);
	memset(longest, 'n', STET_NAME_MAX);
	longest[STET_NAME_MAX] = '\0';
	assert_int_equal(stet_name_check("session", longest, &err), STET_OK);
}

static void refuses_with_a_reason(void **state)
{
	static const struct {
		const char *name, *why;
	} bad[] = {
		{"", "empty annotator name"},
		{"a\xc3(", "is not valid UTF-8 (byte 2)"},  /* the lead byte */
		{"a\x1b]0;pwned\x07", "\"a\\x1b]0;pwned\\x07\" holds U+001B at byte 2"},
		{"a\tb", "holds U+0009 at byte 2"},
		{"ana bo", "holds U+0020 at byte 4"},
		{"ana\xc2\xa0" "bo", "holds U+00A0 at byte 4"},     /* NBSP */
		{"a\xe2\x80\xa8", "holds U+2028 at byte 2"},       /* LS */
		{"a\xe2\x80\xae" "b", "holds U+202E at byte 2"},   /* RLO */
		{"ana|bo", "holds '|', which stet agree puts between two names"},
		{"Jose\xcc\x81", "is not in Unicode NFC"},         /* e + U+0301 */
	};
	char toolong[STET_NAME_MAX + 2];
	struct stet_error err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&err, 0, sizeof err);
		if (stet_name_check("annotator", bad[i].name, &err) != STET_ERR)
			fail_msg("case %zu taken", i);
		if (strstr(err.msg, bad[i].why) == NULL)
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i,
				 err.msg, bad[i].why);
	}
	memset(toolong, 'n', STET_NAME_MAX + 1);
	toolong[STET_NAME_MAX + 1] = '\0';
	assert_int_equal(stet_name_check("annotator", toolong, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "is longer than 200 bytes"));
	/* The name in the message is cut to 60 cells and "...". */
	assert_non_null(strstr(err.msg, "\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\""));
}

static void normalises_to_nfc(void **state)
{
	struct stet_error err = {0};
	struct stet_buf out;

	(void)state;
	stet_buf_init(&out);
	/* "José" typed with a combining acute (NFD) is kept as U+00E9. */
	assert_int_equal(stet_name_normalise("annotator", "Jose\xcc\x81", &out,
					     &err), STET_OK);
	assert_int_equal(out.len, strlen("Jos\xc3\xa9"));
	assert_memory_equal(out.data, "Jos\xc3\xa9", out.len);
	/* What NFC does not cure stays refused. */
	assert_int_equal(stet_name_normalise("annotator", "ana bo", &out, &err),
			 STET_ERR);
	stet_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(takes_printable_words),
		cmocka_unit_test(refuses_with_a_reason),
		cmocka_unit_test(normalises_to_nfc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
