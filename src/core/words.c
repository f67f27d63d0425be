/* Counting the words of an item, for the reading-speed floor of
 * `stet stats`: declared in stet/session_labels.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/session_labels.h"

/* The code point at s (valid UTF-8, as items are) and its length. */
static uint32_t utf8_at(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		       ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		*len = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) |
		       ((uint32_t)(s[1] & 0x3f) << 12) |
		       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*len = 1;
	return 0xfffd;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

/* Kana and CJK ideographs: scripts written without spaces, whose
 * reading rates are counted in characters. */
static bool is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0x20000 && c <= 0x3134f);
}

uint32_t stet_count_words(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t n = 0;
	bool in_word = false;

	if (s == NULL)
		return 0;
	while (*p) {
		size_t len;
		uint32_t c = utf8_at(p, &len);

		if (is_space(c)) {
			in_word = false;
		} else if (is_cjk(c)) {
			n++;
			in_word = false;
		} else if (!in_word) {
			n++;
			in_word = true;
		}
		p += len;
	}
	return n;
}
