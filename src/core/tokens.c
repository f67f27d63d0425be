#include <stdlib.h>

#include "stet/error.h"
#include "stet/tokens.h"

void stet_tokens_init(struct stet_tokens *t)
{
	t->v = NULL;
	t->n = t->cap = 0;
}

void stet_tokens_free(struct stet_tokens *t)
{
	free(t->v);
	stet_tokens_init(t);
}

void stet_tokens_add(struct stet_tokens *t, uint32_t start, uint32_t end,
		     uint32_t flags)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = stet_xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].flags = flags;
	t->n++;
}

void stet_tokens_encode(const struct stet_tokens *t, struct stet_buf *out)
{
	uint32_t prev = 0;

	stet_buf_put_varint(out, t->n);
	for (size_t i = 0; i < t->n; i++) {
		const struct stet_token *k = &t->v[i];

		stet_buf_put_varint(out, k->start - prev);
		stet_buf_put_varint(out, k->end - k->start);
		stet_buf_put_varint(out, k->flags);
		prev = k->start;
	}
}

bool stet_tokens_decode(struct stet_rd *r, struct stet_tokens *t)
{
	uint64_t n, gap, len, flags, start = 0;

	if (!stet_rd_varint(r, &n))
		return false;
	/* Each token takes three bytes at least: a count beyond what the
	 * record holds is damage, not a reason to allocate. */
	if (n > (uint64_t)(r->end - r->p) / 3) {
		r->bad = true;
		return false;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (!stet_rd_varint(r, &gap) || !stet_rd_varint(r, &len) ||
		    !stet_rd_varint(r, &flags))
			return false;
		start += gap;
		if (gap > UINT32_MAX || start > UINT32_MAX ||
		    len > UINT32_MAX - start || flags > UINT32_MAX) {
			r->bad = true;
			return false;
		}
		stet_tokens_add(t, (uint32_t)start, (uint32_t)(start + len),
				(uint32_t)flags);
	}
	return true;
}
