#include "unit.h"

#include <string.h>

#include "stet/timefmt.h"

static void parses_iso8601_forms(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(stet_time_parse("1970-01-01T00:00:00Z", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(stet_time_parse("2026-11-23T09:20:11Z", &ms), 0);
	assert_int_equal(ms, 1795425611000LL);
	assert_int_equal(stet_time_parse("2026-11-23T09:20:11.5Z", &ms), 0);
	assert_int_equal(ms, 1795425611500LL);
	assert_int_equal(stet_time_parse("2026-11-23T10:20:11+01:00", &ms), 0);
	assert_int_equal(ms, 1795425611000LL);
	assert_int_equal(stet_time_parse("2026-11-23 04:20:11-0500", &ms), 0);
	assert_int_equal(ms, 1795425611000LL);
	assert_int_equal(stet_time_parse("2024-02-29", &ms), 0);
	assert_int_equal(ms, 1709164800000LL);
}

static void rejects_what_is_not_a_time(void **state)
{
	static const char *bad[] = {"", "yesterday", "2026-13-01", "2023-02-29",
				    "2026-11-23T25:00:00Z", "2026-11-23T09:20:11Zjunk",
				    "2026-11-23T09:20:11."};
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(stet_time_parse(bad[i], &ms), -1);
}

static void formats_and_reads_back(void **state)
{
	static const int64_t times[] = {0, 1795425611000LL, 1795425611123LL, 951782400001LL};
	char out[32];

	(void)state;
	stet_time_format(1795425611000LL, out);
	assert_string_equal(out, "2026-11-23T09:20:11Z");
	stet_time_format(1795425611123LL, out);
	assert_string_equal(out, "2026-11-23T09:20:11.123Z");
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		int64_t back;

		stet_time_format(times[i], out);
		assert_int_equal(stet_time_parse(out, &back), 0);
		assert_int_equal(back, times[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_iso8601_forms),
		cmocka_unit_test(rejects_what_is_not_a_time),
		cmocka_unit_test(formats_and_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
