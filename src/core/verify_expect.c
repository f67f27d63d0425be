#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/pending.h"
#include "stet/routes.h"
#include "stet/spans.h"
#include "spans_rec.h"
#include "verify_expect.h"

/* Adds an entry whose value the caller writes to x->vals right after
 * (expect_end closes it). */
struct expent *expect_begin(struct expect *x, const void *key, size_t klen,
			    uint64_t origin)
{
	struct expent *e;

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		x->v = stet_xrealloc(x->v, x->cap * sizeof *x->v);
	}
	e = &x->v[x->n++];
	memset(e->key, 0, sizeof e->key);
	memcpy(e->key, key, klen);
	e->klen = (uint8_t)klen;
	e->origin = origin;
	e->voff = x->vals.len;
	return e;
}

void expect_end(struct expect *x, struct expent *e)
{
	e->vlen = (uint32_t)(x->vals.len - e->voff);
}

/* A labels record as annotate.c's slot_set writes it. */
static void put_labels_record(struct expect *x, const uint32_t *labels,
			      const struct slot *s)
{
	stet_buf_put_varint(&x->vals, s->nlabels);
	for (size_t i = 0; i < s->nlabels; i++)
		stet_buf_put_varint(&x->vals, labels[s->lab_off + i]);
	stet_buf_put_varint(&x->vals, s->event);
}

static void expect_current(const struct slots *sl, const uint32_t *labels,
			   struct expect *x)
{
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		unsigned char key[12];
		struct expent *e;

		if (s->space != SP_CURRENT || s->event == 0)
			continue;
		stet_current_key(key, s->item, s->who);
		e = expect_begin(x, key, 12, s->event);
		put_labels_record(x, labels, s);
		expect_end(x, e);
	}
}

static void expect_skips(const struct slots *sl, const uint32_t *labels,
			 struct expect *x)
{
	(void)labels;
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		unsigned char key[12];
		struct expent *e;

		if (s->space != SP_SKIPS || s->event == 0)
			continue;
		stet_current_key(key, s->item, s->who);
		e = expect_begin(x, key, 12, s->event);
		stet_buf_put_u64be(&x->vals, s->event);
		expect_end(x, e);
	}
}

static void expect_final(const struct slots *sl, const uint32_t *labels,
			 struct expect *x)
{
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		unsigned char key[8];
		struct expent *e;

		if (s->space != SP_FINAL || s->event == 0)
			continue;
		stet_u64be(key, s->item);
		e = expect_begin(x, key, 8, s->event);
		put_labels_record(x, labels, s);
		expect_end(x, e);
	}
}

/* The band of the route that stands for item. */
static enum stet_band band_of(const struct slots *sl, uint64_t item)
{
	const struct slot *s = slots_find(sl, SP_ROUTES, item, 0);

	return s != NULL && s->event != 0 ? (enum stet_band)s->nlabels :
					    STET_BAND_NONE;
}

/* `pending`: one entry per item that has had standing values or whose
 * route came to ask more of it, keyed by how many stand (see
 * stet/pending.h), counted from the replayed `current`, or as met by
 * its route (stet_band_pending). */
static void expect_pending(const struct slots *sl, const uint32_t *labels,
			   struct expect *x)
{
	(void)labels;
	struct slots counts = {NULL, 0, 0};

	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		struct slot *c;

		if (s->space != SP_CURRENT || !s->ever)
			continue;
		c = slots_put(&counts, SP_CURRENT, s->item, 0);
		c->nlabels += s->event != 0;
		if (s->event > c->event)
			c->event = s->event;
	}
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		struct slot *c;

		if (s->space != SP_RAISED)
			continue;
		c = slots_put(&counts, SP_CURRENT, s->item, 0);
		if (s->event > c->event)
			c->event = s->event;
	}
	for (size_t i = 0; i < counts.cap; i++) {
		const struct slot *c = &counts.v[i];
		unsigned char key[STET_PENDING_KEY];
		struct expent *e;

		if (c->space == SP_EMPTY)
			continue;
		stet_pending_key(key, stet_band_pending(band_of(sl, c->item),
							(uint32_t)c->nlabels),
				 c->item);
		e = expect_begin(x, key, sizeof key, c->event);
		expect_end(x, e);
	}
	free(counts.v);
}

/* `routes`: the ROUTE that stands for each item, as annotate.c puts it. */
static void expect_routes(const struct slots *sl, const uint32_t *labels,
			  struct expect *x)
{
	(void)labels;
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		unsigned char key[8];
		struct expent *e;

		if (s->space != SP_ROUTES || s->event == 0)
			continue;
		stet_u64be(key, s->item);
		e = expect_begin(x, key, 8, s->event);
		stet_buf_addc(&x->vals, (char)s->nlabels);
		stet_buf_put_varint(&x->vals, s->event);
		expect_end(x, e);
	}
}

/* A span set record as stet_spans_record_put writes it, from the pool
 * as slots.h lays it out. */
static void put_spans_record(struct expect *x, const uint32_t *pool,
			     const struct slot *s)
{
	const uint32_t *p = pool + s->lab_off;
	size_t n = *p++;
	struct stet_span *v = stet_xcalloc(n ? n : 1, sizeof *v);

	for (size_t i = 0; i < n; i++, p += 5)
		v[i] = (struct stet_span){p[0], p[1], p[2], p[3], p[4]};
	stet_buf_put_varint(&x->vals, s->event);
	stet_spans_encode(v, n, &x->vals);
	free(v);
}

/* `spans` (space SP_SPANS, 12-byte keys) or `span_final` (8). */
static void expect_span_space(const struct slots *sl, const uint32_t *pool,
			      struct expect *x, int space)
{
	for (size_t i = 0; i < sl->cap; i++) {
		const struct slot *s = &sl->v[i];
		unsigned char key[12];
		struct expent *e;

		if (s->space != space || s->event == 0)
			continue;
		stet_spans_key(key, s->item, s->who);
		e = expect_begin(x, key, space == SP_SPANS ? 12 : 8, s->event);
		put_spans_record(x, pool, s);
		expect_end(x, e);
	}
}

static void expect_spans(const struct slots *sl, const uint32_t *pool,
			 struct expect *x)
{
	expect_span_space(sl, pool, x, SP_SPANS);
}

static void expect_span_final(const struct slots *sl, const uint32_t *pool,
			      struct expect *x)
{
	expect_span_space(sl, pool, x, SP_SPAN_FINAL);
}

static void show_spans(const void *val, size_t vlen, struct stet_buf *out)
{
	struct stet_rd r;
	struct stet_span *v;
	size_t n;
	uint64_t event;

	stet_rd_init(&r, val, vlen);
	stet_rd_varint(&r, &event);
	if (r.bad || !stet_spans_decode(&r, &v, &n) || !stet_rd_done(&r)) {
		stet_buf_printf(out, "a damaged record of %zu bytes", vlen);
		return;
	}
	stet_buf_adds(out, n == 0 ? "no spans" : "spans");
	for (size_t i = 0; i < n; i++)
		stet_buf_printf(out, " [%u,%u)=%u", v[i].start, v[i].end,
				v[i].label);
	stet_buf_printf(out, " of event %llu", (unsigned long long)event);
	free(v);
}

static void show_route(const void *val, size_t vlen, struct stet_buf *out)
{
	struct stet_route r;
	struct stet_error e = {0};

	if (stet_route_decode(val, vlen, &r, &e) != STET_OK)
		stet_buf_printf(out, "a damaged record of %zu bytes", vlen);
	else
		stet_buf_printf(out, "band %s of event %llu",
				stet_band_name(r.band),
				(unsigned long long)r.event);
}

static void show_empty(const void *val, size_t vlen, struct stet_buf *out)
{
	(void)val;
	if (vlen == 0)
		stet_buf_adds(out, "an entry");
	else
		stet_buf_printf(out, "a record of %zu bytes, not empty", vlen);
}

/* How a value reads in a message. */
static void show_labels(const void *val, size_t vlen, struct stet_buf *out)
{
	struct stet_current cur;
	struct stet_error e = {0};

	if (stet_current_decode(val, vlen, &cur, &e) != STET_OK) {
		stet_buf_printf(out, "a damaged record of %zu bytes", vlen);
		return;
	}
	stet_buf_adds(out, cur.nlabels == 1 ? "label " : "labels ");
	for (size_t i = 0; i < cur.nlabels; i++)
		stet_buf_printf(out, "%s%u", i ? "," : "", cur.labels[i]);
	if (cur.nlabels == 0)
		stet_buf_adds(out, "(none)");
	stet_buf_printf(out, " of event %llu", (unsigned long long)cur.event);
}

static void show_skip(const void *val, size_t vlen, struct stet_buf *out)
{
	if (vlen != 8)
		stet_buf_printf(out, "a damaged record of %zu bytes", vlen);
	else
		stet_buf_printf(out, "the skip of event %llu",
				(unsigned long long)stet_get_u64be(val));
}

/* The derived databases, each rebuilt from the replayed slots. */
const struct verify_derived verify_derived[VERIFY_NDERIVED] = {
	{"current", STET_DB_CURRENT, expect_current, show_labels},
	{"skips", STET_DB_SKIPS, expect_skips, show_skip},
	{"final", STET_DB_FINAL, expect_final, show_labels},
	{"pending", STET_DB_PENDING, expect_pending, show_empty},
	{"routes", STET_DB_ROUTES, expect_routes, show_route},
	{"spans", STET_DB_SPANS, expect_spans, show_spans},
	{"span_final", STET_DB_SPAN_FINAL, expect_span_final, show_spans},
};

