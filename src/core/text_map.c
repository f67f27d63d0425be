/* Code points, grapheme boundaries and NFC offsets: the text module's
 * walks that offsets are built on (stet/offsets.h). Part of the text
 * module, the one that includes <utf8proc.h>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "stet/text.h"

void stet_cp_walk_init(struct stet_cp_walk *w, const char *s, size_t n)
{
	w->s = s;
	w->n = n;
	w->off = 0;
	w->prev = -1;
	w->state = 0;
}

int stet_cp_walk_next(struct stet_cp_walk *w, uint32_t *cp, size_t *at,
		      size_t *len, bool *boundary)
{
	const unsigned char *p = (const unsigned char *)w->s + w->off;
	size_t left = w->n - w->off;
	utf8proc_int32_t c;
	utf8proc_ssize_t step;

	*at = w->off;
	if (left == 0)
		return 0;
	if (p[0] < 0x80) {
		c = p[0];
		step = 1;
	} else {
		step = utf8proc_iterate(p, left < 4 ? (utf8proc_ssize_t)left : 4,
					&c);
		if (step < 0)
			return -1;
	}
	/* The state carries what GB11-13 need (emoji ZWJ sequences,
	 * regional indicator pairs) across every pair, as utf8proc asks. */
	*boundary = w->prev < 0 ||
		    utf8proc_grapheme_break_stateful(w->prev, c, &w->state);
	w->prev = c;
	w->off += (size_t)step;
	*cp = (uint32_t)c;
	*len = (size_t)step;
	return 1;
}

/* Source code points with their byte offsets (ncp + 1 of them). */
struct cps {
	uint32_t *cp;
	size_t *at;
	size_t n;
};

static int decode_all(const char *s, size_t n, struct cps *c,
		      struct stet_error *err)
{
	struct stet_cp_walk w;
	uint32_t cp;
	size_t at, len;
	bool b;
	int rc;

	/* Never more code points than bytes. */
	c->cp = stet_xmalloc((n + 1) * sizeof *c->cp);
	c->at = stet_xmalloc((n + 1) * sizeof *c->at);
	c->n = 0;
	stet_cp_walk_init(&w, s, n);
	while ((rc = stet_cp_walk_next(&w, &cp, &at, &len, &b)) > 0) {
		c->cp[c->n] = cp;
		c->at[c->n++] = at;
	}
	c->at[c->n] = n;
	if (rc < 0)
		return stet_error_set(err, STET_ERR,
				      "invalid UTF-8 at byte %zu", at);
	if (c->n >= UINT32_MAX)
		return stet_error_set(err, STET_ERR,
				      "text too long for code point offsets (%zu code points)",
				      c->n);
	return STET_OK;
}

static size_t count_cps(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* Canonical reordering and composition never reach back past a
 * starter, so the text is cut before starters, and a stretch is
 * widened to the next starter until its own NFC is the next piece of
 * the whole's: Hangul L V T and the starters that compose with the one
 * before them join their neighbours that way. */
static int map_changed(const struct cps *c, const char *s, const char *N,
		       size_t Nlen, uint32_t *map, struct stet_error *err)
{
	struct stet_buf piece;
	size_t a = 0, npos = 0;
	uint32_t ncp = 0;
	int rc = STET_OK;

	stet_buf_init(&piece);
	while (a < c->n) {
		size_t e = a, blen;
		bool same;

		for (;;) {
			do
				e++;
			while (e < c->n &&
			       utf8proc_get_property((utf8proc_int32_t)c->cp[e])
					       ->combining_class != 0);
			stet_buf_reset(&piece);
			blen = c->at[e] - c->at[a];
			rc = stet_text_nfc(s + c->at[a], blen, &piece, err);
			if (rc != STET_OK)
				goto leave;
			if (piece.len <= Nlen - npos &&
			    memcmp(piece.data, N + npos, piece.len) == 0 &&
			    (e == c->n || npos + piece.len < Nlen))
				break;
			if (e == c->n) {
				rc = stet_error_set(err, STET_ERR,
						    "NFC of the text from code point %zu cannot be matched to its pieces",
						    a);
				goto leave;
			}
		}
		same = piece.len == blen &&
		       memcmp(piece.data, s + c->at[a], blen) == 0;
		map[a] = ncp;
		for (size_t i = a + 1; i < e; i++)
			map[i] = same ? ncp + (uint32_t)(i - a) : UINT32_MAX;
		ncp += (uint32_t)count_cps(piece.data, piece.len);
		npos += piece.len;
		a = e;
	}
	map[c->n] = ncp;
	if (npos != Nlen)
		rc = stet_error_set(err, STET_ERR,
				    "NFC of the text is longer than its pieces' (%zu of %zu bytes)",
				    npos, Nlen);
leave:
	stet_buf_free(&piece);
	return rc;
}

int stet_text_nfc_map(const char *s, size_t n, struct stet_buf *nfc,
		      uint32_t **map, size_t *ncp, struct stet_error *err)
{
	struct cps c = {NULL, NULL, 0};
	size_t before = nfc->len;
	int rc;

	*map = NULL;
	*ncp = 0;
	rc = decode_all(s, n, &c, err);
	if (rc == STET_OK)
		rc = stet_text_nfc(s, n, nfc, err);
	if (rc != STET_OK)
		goto leave;
	*map = stet_xmalloc((c.n + 1) * sizeof **map);
	if (nfc->len - before == n &&
	    (n == 0 || memcmp(nfc->data + before, s, n) == 0)) {
		for (size_t i = 0; i <= c.n; i++)
			(*map)[i] = (uint32_t)i;
	} else {
		rc = map_changed(&c, s, nfc->data + before, nfc->len - before,
				 *map, err);
		if (rc != STET_OK) {
			free(*map);
			*map = NULL;
			nfc->len = before;
			goto leave;
		}
	}
	*ncp = c.n;
leave:
	free(c.cp);
	free(c.at);
	return rc;
}
