#include "unit.h"

#include <string.h>

#include "stet/buf.h"

static void varints_round_trip(void **state)
{
	static const uint64_t values[] = {0, 1, 127, 128, 300, 16383, 16384,
					  UINT32_MAX, UINT64_MAX};
	struct stet_buf b;
	struct stet_rd r;

	(void)state;
	stet_buf_init(&b);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		stet_buf_put_varint(&b, values[i]);
	stet_rd_init(&r, b.data, b.len);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		uint64_t v;

		assert_true(stet_rd_varint(&r, &v));
		assert_int_equal(v, values[i]);
	}
	assert_true(stet_rd_done(&r));
	stet_buf_free(&b);
}

static void truncated_record_is_bad(void **state)
{
	struct stet_buf b;
	struct stet_rd r;
	const char *s;
	size_t n;

	(void)state;
	stet_buf_init(&b);
	stet_buf_put_str(&b, "hello", 5);
	stet_rd_init(&r, b.data, b.len - 1);
	assert_false(stet_rd_str(&r, &s, &n));
	assert_true(r.bad);
	assert_false(stet_rd_done(&r));
	stet_buf_free(&b);
}

static void big_endian_keys_sort_numerically(void **state)
{
	unsigned char a[8], b[8];

	(void)state;
	stet_u64be(a, 255);
	stet_u64be(b, 256);
	assert_true(memcmp(a, b, 8) < 0);
	assert_int_equal(stet_get_u64be(b), 256);
}

static void printf_appends(void **state)
{
	struct stet_buf b;

	(void)state;
	stet_buf_init(&b);
	stet_buf_adds(&b, "x=");
	stet_buf_printf(&b, "%d/%s", 42, "y");
	assert_string_equal(b.data, "x=42/y");
	stet_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(varints_round_trip),
		cmocka_unit_test(truncated_record_is_bad),
		cmocka_unit_test(big_endian_keys_sort_numerically),
		cmocka_unit_test(printf_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
