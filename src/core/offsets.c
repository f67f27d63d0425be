/* Offsets in code points, UTF-16 code units and UTF-8 bytes. One walk
 * of the text fills two tables indexed by code point; a conversion from
 * code points is a lookup, one into code points a binary search, and
 * an offset that matches no entry falls inside a character. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stet/offsets.h"
#include "stet/text.h"

static const char *const unit_names[] = {
	[STET_UNIT_CODEPOINTS] = "codepoints",
	[STET_UNIT_UTF16] = "utf16",
	[STET_UNIT_BYTES] = "bytes",
};

int stet_unit_parse(const char *name)
{
	for (size_t i = 0; i < sizeof unit_names / sizeof *unit_names; i++)
		if (strcmp(name, unit_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *stet_unit_name(enum stet_unit u)
{
	if ((size_t)u < sizeof unit_names / sizeof *unit_names)
		return unit_names[u];
	return "?";
}

int stet_offset_map_init(struct stet_offset_map *m, const char *text,
			 size_t len, struct stet_error *err)
{
	struct stet_cp_walk w;
	uint32_t cp, u16 = 0;
	size_t at, clen, k = 0;
	bool boundary;
	int rc;

	memset(m, 0, sizeof *m);
	/* Byte offsets are kept in 32 bits; a UTF-16 offset is at most the
	 * byte offset, so both fit when the bytes do. */
	if (len >= UINT32_MAX)
		return stet_error_set(err, STET_ERR,
				      "text of %zu bytes is too long for offsets",
				      len);
	m->text = text;
	m->len = len;
	/* Never more code points than bytes. */
	m->byte_of = stet_xmalloc((len + 1) * sizeof *m->byte_of);
	m->u16_of = stet_xmalloc((len + 1) * sizeof *m->u16_of);
	m->grapheme = stet_xmalloc((len + 1) * sizeof *m->grapheme);
	stet_cp_walk_init(&w, text, len);
	while ((rc = stet_cp_walk_next(&w, &cp, &at, &clen, &boundary)) > 0) {
		m->byte_of[k] = (uint32_t)at;
		m->u16_of[k] = u16;
		m->grapheme[k] = boundary;
		u16 += cp >= 0x10000 ? 2 : 1;
		k++;
	}
	if (rc < 0) {
		stet_offset_map_free(m);
		return stet_error_set(err, STET_ERR,
				      "invalid UTF-8 at byte %zu", at);
	}
	m->byte_of[k] = (uint32_t)len;
	m->u16_of[k] = u16;
	m->grapheme[k] = true;
	m->ncp = (uint32_t)k;
	return STET_OK;
}

void stet_offset_map_free(struct stet_offset_map *m)
{
	free(m->byte_of);
	free(m->u16_of);
	free(m->grapheme);
	memset(m, 0, sizeof *m);
}

/* The code point that starts at byte b of valid UTF-8. */
static uint32_t cp_at(const struct stet_offset_map *m, uint32_t b)
{
	const unsigned char *p = (const unsigned char *)m->text + b;

	if (p[0] < 0x80)
		return p[0];
	if (p[0] < 0xe0)
		return (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	if (p[0] < 0xf0)
		return (uint32_t)(p[0] & 0x0f) << 12 |
		       (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
	       (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
}

/* The last k with tab[k] <= off (tab[0] is 0, tab rises strictly). */
static uint32_t floor_index(const uint32_t *tab, uint32_t n, uint64_t off)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;

		if (tab[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int stet_offset_to_cp(const struct stet_offset_map *m, enum stet_unit u,
		      uint64_t off, uint32_t *cp, struct stet_error *err)
{
	const uint32_t *tab;
	uint32_t k;
	uint64_t end;

	switch (u) {
	case STET_UNIT_CODEPOINTS:
		end = m->ncp;
		tab = NULL;
		break;
	case STET_UNIT_UTF16:
		end = m->u16_of[m->ncp];
		tab = m->u16_of;
		break;
	case STET_UNIT_BYTES:
		end = m->len;
		tab = m->byte_of;
		break;
	default:
		return stet_error_set(err, STET_ERR, "unknown offset unit %d",
				      (int)u);
	}
	if (off > end)
		return stet_error_set(err, STET_ERR,
				      "offset %" PRIu64 " is past the end of the text (%" PRIu64 " %s)",
				      off, end,
				      u == STET_UNIT_UTF16 ? "UTF-16 code units" :
				      u == STET_UNIT_BYTES ? "bytes" :
							     "code points");
	if (tab == NULL) {
		*cp = (uint32_t)off;
		return STET_OK;
	}
	k = floor_index(tab, m->ncp, off);
	if (tab[k] == off) {
		*cp = k;
		return STET_OK;
	}
	if (u == STET_UNIT_UTF16)
		return stet_error_set(err, STET_ERR,
				      "UTF-16 offset %" PRIu64 " falls between the two halves of the surrogate pair of U+%04" PRIX32 " (code point %" PRIu32 ")",
				      off, cp_at(m, m->byte_of[k]), k);
	return stet_error_set(err, STET_ERR,
			      "byte offset %" PRIu64 " falls inside the UTF-8 sequence of U+%04" PRIX32 " (bytes %" PRIu32 " to %" PRIu32 ", code point %" PRIu32 ")",
			      off, cp_at(m, m->byte_of[k]), m->byte_of[k],
			      m->byte_of[k + 1], k);
}

uint64_t stet_offset_from_cp(const struct stet_offset_map *m,
			     enum stet_unit u, uint32_t cp)
{
	if (cp > m->ncp)
		cp = m->ncp;
	switch (u) {
	case STET_UNIT_UTF16:
		return m->u16_of[cp];
	case STET_UNIT_BYTES:
		return m->byte_of[cp];
	default:
		return cp;
	}
}

bool stet_offset_on_grapheme(const struct stet_offset_map *m, uint32_t cp)
{
	return cp <= m->ncp && m->grapheme[cp];
}
