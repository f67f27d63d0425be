/* Span sets and the sets that stand (stet(5)): `spans` keyed like
 * `current` (item, annotator), `span_final` keyed by item, each valued
 * with the event that set it and the set, derived from the SPANS and
 * ADJUDICATE events in the same transaction. */
#include <stdlib.h>
#include <string.h>

#include "stet/spans.h"
#include "spans_rec.h"

void stet_span_set_init(struct stet_span_set *s)
{
	memset(s, 0, sizeof *s);
}

void stet_span_set_free(struct stet_span_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

void stet_span_set_add(struct stet_span_set *s, const struct stet_span *sp)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = stet_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = *sp;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int span_cmp(const void *pa, const void *pb)
{
	const struct stet_span *a = pa, *b = pb;
	int c;

	if ((c = cmp_u32(a->start, b->start)) != 0 ||
	    (c = cmp_u32(a->end, b->end)) != 0 ||
	    (c = cmp_u32(a->label, b->label)) != 0 ||
	    (c = cmp_u32(a->tok_start, b->tok_start)) != 0)
		return c;
	return cmp_u32(a->tok_end, b->tok_end);
}

/* In place over v[0..n): the new count. */
static size_t normalize(struct stet_span *v, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, span_cmp);
	for (size_t i = 1; i < n; i++)
		if (span_cmp(&v[out], &v[i]) != 0)
			v[++out] = v[i];
	return out + 1;
}

void stet_span_set_normalize(struct stet_span_set *s)
{
	s->n = normalize(s->v, s->n);
}

void stet_span_token_range(const struct stet_tokens *t, uint32_t start,
			   uint32_t end, uint32_t *ts, uint32_t *te)
{
	size_t lo = 0, hi = t->n, i;

	/* Tokens are in text order and the words of a multiword token
	 * share its offsets, so their ends never decrease: the first token
	 * that ends after start is where the touched ones begin. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].end > start)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (i = lo; i < t->n && t->v[i].start < end; i++)
		;
	*ts = (uint32_t)lo;
	*te = (uint32_t)i;
}

/* ---- the stored form ---- */

void stet_spans_encode(const struct stet_span *v, size_t n,
		       struct stet_buf *b)
{
	uint32_t prev = 0;

	stet_buf_put_varint(b, n);
	for (size_t i = 0; i < n; i++) {
		stet_buf_put_varint(b, v[i].start - prev);
		stet_buf_put_varint(b, v[i].end - v[i].start);
		stet_buf_put_varint(b, v[i].label);
		stet_buf_put_varint(b, v[i].tok_start);
		stet_buf_put_varint(b, v[i].tok_end - v[i].tok_start);
		prev = v[i].start;
	}
}

/* A span takes five bytes at least: the bound on n before allocating. */
#define SPAN_MIN_BYTES 5

bool stet_spans_decode(struct stet_rd *r, struct stet_span **v, size_t *n)
{
	uint64_t count, start = 0;
	struct stet_span *out = NULL;

	*v = NULL;
	*n = 0;
	stet_rd_varint(r, &count);
	if (r->bad || count > (uint64_t)(r->end - r->p) / SPAN_MIN_BYTES)
		return false;
	if (count > 0)
		out = stet_xmalloc((size_t)count * sizeof *out);
	for (uint64_t i = 0; i < count && !r->bad; i++) {
		uint64_t d, len, label, ts, tlen;

		stet_rd_varint(r, &d);
		stet_rd_varint(r, &len);
		stet_rd_varint(r, &label);
		stet_rd_varint(r, &ts);
		stet_rd_varint(r, &tlen);
		start += d;
		if (len == 0 || start + len > UINT32_MAX ||
		    label > UINT32_MAX || ts + tlen > UINT32_MAX)
			r->bad = true;
		else
			out[i] = (struct stet_span){
				(uint32_t)start, (uint32_t)(start + len),
				(uint32_t)label, (uint32_t)ts,
				(uint32_t)(ts + tlen)};
	}
	if (r->bad) {
		free(out);
		return false;
	}
	*v = out;
	*n = (size_t)count;
	return true;
}

/* ---- the sets that stand ---- */

void stet_spans_key(unsigned char key[12], uint64_t item, uint32_t annotator)
{
	/* The layout of `current`'s keys, so that both walk alike. */
	stet_u64be(key, item);
	stet_u32be(key + 8, annotator);
}

static int record_decode(const void *val, size_t vlen, const char *db,
			 struct stet_span_set *s, uint64_t *event,
			 struct stet_error *err)
{
	struct stet_rd r;
	struct stet_span *v;
	size_t n;
	uint64_t ev;

	stet_rd_init(&r, val, vlen);
	stet_rd_varint(&r, &ev);
	if (r.bad || !stet_spans_decode(&r, &v, &n))
		return stet_error_set(err, STET_ERR, "%s: damaged record", db);
	if (!stet_rd_done(&r)) {
		free(v);
		return stet_error_set(err, STET_ERR, "%s: damaged record", db);
	}
	free(s->v);
	s->v = v;
	s->n = s->cap = n;
	if (event != NULL)
		*event = ev;
	return STET_OK;
}

int stet_spans_record_put(struct stet_txn *txn, enum stet_db db,
		      const unsigned char *key, size_t klen, uint64_t event,
		      const struct stet_span *v, size_t n,
		      struct stet_error *err)
{
	struct stet_buf b;
	int rc;

	stet_buf_init(&b);
	stet_buf_put_varint(&b, event);
	stet_spans_encode(v, n, &b);
	rc = stet_put(txn, db, key, klen, b.data, b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

int stet_spans_record_del(struct stet_txn *txn, enum stet_db db,
		      const unsigned char *key, size_t klen,
		      struct stet_error *err)
{
	int rc = stet_del(txn, db, key, klen, err);

	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_spans_record_event(struct stet_txn *txn, enum stet_db db,
			const unsigned char *key, size_t klen, uint64_t *id,
			struct stet_error *err)
{
	const void *v;
	size_t vl;
	struct stet_rd r;
	int rc = stet_get(txn, db, key, klen, &v, &vl, err);

	*id = 0;
	if (rc != STET_OK)
		return rc;
	stet_rd_init(&r, v, vl);
	if (!stet_rd_varint(&r, id))
		return stet_error_set(err, STET_ERR, "%s: damaged record",
				      db == STET_DB_SPANS ? "spans" :
				      "span_final");
	return STET_OK;
}

int stet_spans_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		   struct stet_span_set *s, uint64_t *event,
		   struct stet_error *err)
{
	unsigned char key[12];
	const void *v;
	size_t vl;
	int rc;

	stet_spans_key(key, item, annotator);
	rc = stet_get(txn, STET_DB_SPANS, key, 12, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	return record_decode(v, vl, "spans", s, event, err);
}

int stet_spans_final_get(struct stet_txn *txn, uint64_t item,
			 struct stet_span_set *s, struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	int rc;

	stet_u64be(key, item);
	rc = stet_get(txn, STET_DB_SPAN_FINAL, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	return record_decode(v, vl, "span_final", s, NULL, err);
}

int stet_spans_each(struct stet_txn *txn,
		    int (*fn)(void *ctx, uint64_t item, uint32_t annotator,
			      struct stet_span_set *s, uint64_t event,
			      struct stet_error *err),
		    void *ctx, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_span_set s;
	uint64_t event;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_SPANS, &c, err) != STET_OK)
		return STET_ERR;
	stet_span_set_init(&s);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 12) {
			rc = stet_error_set(err, STET_ERR,
					    "spans: damaged key");
			break;
		}
		if (record_decode(v, vl, "spans", &s, &event, err) != STET_OK ||
		    fn(ctx, stet_get_u64be(k),
		       stet_get_u32be((const unsigned char *)k + 8), &s,
		       event, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
	}
	stet_cursor_close(c);
	stet_span_set_free(&s);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}
