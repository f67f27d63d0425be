#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/standing.h"

/* Votes on one item: label ids with their counts, few enough that a
 * linear search beats a map. */
struct votes {
	uint32_t label[STET_MAX_LABELS];
	uint32_t count[STET_MAX_LABELS];
	size_t n;
	uint32_t values; /* annotators whose value counted */
};

static void vote(struct votes *v, uint32_t label)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->label[i] == label) {
			v->count[i]++;
			return;
		}
	if (v->n < STET_MAX_LABELS) {
		v->label[v->n] = label;
		v->count[v->n++] = 1;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

struct builder {
	struct stet_standing *s;
	size_t cap, lcap;
};

static void add(struct builder *b, uint64_t item, const uint32_t *labels,
		size_t n, bool decided)
{
	struct stet_standing *s = b->s;
	size_t at = s->off[s->n];

	if (s->n + 1 >= b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		s->item = stet_xrealloc(s->item, b->cap * sizeof *s->item);
		s->off = stet_xrealloc(s->off, b->cap * sizeof *s->off);
		s->decided = stet_xrealloc(s->decided,
					   b->cap * sizeof *s->decided);
	}
	while (at + n > b->lcap) {
		b->lcap = b->lcap ? 2 * b->lcap : 4096;
		s->label = stet_xrealloc(s->label, b->lcap * sizeof *s->label);
	}
	/* An empty set added before any label has none to copy, and no
	 * array yet to copy to: memcpy and qsort must not see NULL. */
	if (n > 0) {
		memcpy(s->label + at, labels, n * sizeof *labels);
		qsort(s->label + at, n, sizeof *labels, cmp_u32);
	}
	s->item[s->n] = item;
	s->decided[s->n] = decided;
	s->off[++s->n] = at + n;
	if (decided)
		s->decisions++;
	else
		s->majorities++;
}

/* The majority of v as the header defines it; false on a tie. */
static bool majority(const struct votes *v, bool multi, uint32_t *out,
		     size_t *nout)
{
	*nout = 0;
	if (!multi) {
		size_t best = 0;
		bool tied = false;

		if (v->n == 0)
			return false;
		for (size_t i = 1; i < v->n; i++) {
			if (v->count[i] > v->count[best]) {
				best = i;
				tied = false;
			} else if (v->count[i] == v->count[best]) {
				tied = true;
			}
		}
		if (tied)
			return false;
		out[(*nout)++] = v->label[best];
		return true;
	}
	for (size_t i = 0; i < v->n; i++) {
		uint64_t twice = 2 * (uint64_t)v->count[i];

		if (twice == v->values)
			return false;
		if (twice > v->values)
			out[(*nout)++] = v->label[i];
	}
	return true;
}

static bool excluded(const struct stet_standing_opts *o, uint32_t annotator)
{
	for (size_t i = 0; o != NULL && i < o->nexclude; i++)
		if (o->exclude[i] == annotator)
			return true;
	return false;
}

/* Where the walk of `final` stands: the next decided item, if any. */
struct finals {
	struct stet_txn *txn;
	struct stet_cursor *c;
	bool more;
	uint64_t item;
	struct stet_current value;
};

/* The walk of `final` at the next decision on labels: one on spans
 * alone decides no label, and a majority may stand on its item. */
static int finals_step(struct finals *f, int rc, const void *k, size_t kl,
		       const void *v, size_t vl, struct stet_error *err)
{
	bool labels = false;

	for (;;) {
		f->more = rc == STET_OK;
		if (rc == STET_NOTFOUND)
			return STET_OK;
		if (rc != STET_OK)
			return rc;
		if (kl != 8 ||
		    stet_current_decode(v, vl, &f->value, err) != STET_OK)
			return stet_error_set(err, STET_ERR,
					      "final: damaged record");
		f->item = stet_get_u64be(k);
		if (stet_final_decides_labels(f->txn, &f->value, &labels,
					      err) != STET_OK)
			return STET_ERR;
		if (labels)
			return STET_OK;
		rc = stet_cursor_next(f->c, &k, &kl, &v, &vl, err);
	}
}

static int finals_next(struct finals *f, struct stet_error *err)
{
	const void *k, *v;
	size_t kl, vl;
	int rc = stet_cursor_next(f->c, &k, &kl, &v, &vl, err);

	return finals_step(f, rc, k, kl, v, vl, err);
}

/* Adds the decisions on items below limit (all when unbounded). */
static int flush_finals(struct finals *f, struct builder *b, bool bounded,
			uint64_t limit, struct stet_error *err)
{
	while (f->more && (!bounded || f->item < limit)) {
		add(b, f->item, f->value.labels, f->value.nlabels, true);
		if (finals_next(f, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

/* Settles the item whose votes v holds, unless a decision stands on it
 * (the walk of `final` is at item then). */
static int settle(struct finals *f, struct builder *b, uint64_t item,
		  const struct votes *v, bool multi, struct stet_error *err)
{
	uint32_t labels[STET_MAX_LABELS];
	size_t n;

	if (flush_finals(f, b, true, item, err) != STET_OK)
		return STET_ERR;
	if (f->more && f->item == item) {
		add(b, item, f->value.labels, f->value.nlabels, true);
		return finals_next(f, err);
	}
	if (v->values == 0)
		return STET_OK;
	if (majority(v, multi, labels, &n))
		add(b, item, labels, n, false);
	else
		b->s->ties++;
	return STET_OK;
}

int stet_standing_load(struct stet_txn *txn, bool multi,
		       const struct stet_standing_opts *o,
		       struct stet_standing *out, struct stet_error *err)
{
	struct builder b = {.s = out};
	struct finals f = {.txn = txn};
	struct stet_cursor *c = NULL;
	struct votes *v = stet_xcalloc(1, sizeof *v);
	const void *k, *val;
	size_t kl, vl;
	uint64_t item = 0;
	bool open = false;
	int rc;

	memset(out, 0, sizeof *out);
	out->off = stet_xcalloc(1, sizeof *out->off);
	b.cap = 1;
	rc = stet_cursor_open(txn, STET_DB_FINAL, &f.c, err);
	if (rc == STET_OK) {
		rc = stet_cursor_seek(f.c, NULL, 0, &k, &kl, &val, &vl, err);
		rc = finals_step(&f, rc, k, kl, val, vl, err);
	}
	if (rc == STET_OK)
		rc = stet_cursor_open(txn, STET_DB_CURRENT, &c, err);
	if (rc != STET_OK)
		goto leave;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &val, &vl, err);
	     rc == STET_OK;
	     rc = stet_cursor_next(c, &k, &kl, &val, &vl, err)) {
		struct stet_current cur;
		uint64_t it;
		uint32_t annotator;

		if (kl != 12 || stet_current_decode(val, vl, &cur, err) !=
		    STET_OK) {
			rc = stet_error_set(err, STET_ERR,
					    "current: damaged record");
			goto leave;
		}
		it = stet_get_u64be(k);
		annotator = stet_get_u32be((const unsigned char *)k + 8);
		if (open && it != item) {
			if (settle(&f, &b, item, v, multi, err) != STET_OK) {
				rc = STET_ERR;
				goto leave;
			}
			memset(v, 0, sizeof *v);
		}
		item = it;
		open = true;
		/* No labels in a single-label schema is the mark of an
		 * item finished in a span or token project, never a value;
		 * in a multi-label one it is the empty set chosen. */
		if (excluded(o, annotator) || (!multi && cur.nlabels != 1))
			continue;
		v->values++;
		for (size_t i = 0; i < cur.nlabels; i++)
			vote(v, cur.labels[i]);
	}
	if (rc != STET_NOTFOUND)
		goto leave;
	rc = STET_OK;
	if (open && settle(&f, &b, item, v, multi, err) != STET_OK)
		rc = STET_ERR;
	if (rc == STET_OK)
		rc = flush_finals(&f, &b, false, 0, err);
leave:
	stet_cursor_close(c);
	stet_cursor_close(f.c);
	free(v);
	if (rc != STET_OK)
		stet_standing_free(out);
	return rc;
}

void stet_standing_free(struct stet_standing *s)
{
	free(s->item);
	free(s->off);
	free(s->label);
	free(s->decided);
	memset(s, 0, sizeof *s);
}

ptrdiff_t stet_standing_find(const struct stet_standing *s, uint64_t item)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->item[mid] < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->item[lo] == item ? (ptrdiff_t)lo : -1;
}
