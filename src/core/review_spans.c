/* The review of spans and token tags: the items whose annotators' span
 * sets differ, each annotator's set and the lead's decision. An
 * annotator's value is the set standing in `spans`; one who finished an
 * item (an entry in `current`) without marking anything holds the empty
 * set, which differs from a colleague's spans as much as any other. */
#include <stdlib.h>
#include <string.h>

#include "stet/item.h"
#include "stet/review.h"
#include "review_in.h"

bool stet_review_spans_same(const struct stet_span_set *a,
			    const struct stet_span_set *b)
{
	/* Stored sets are normalized: equal sets are equal in order. */
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].start != b->v[i].start ||
		    a->v[i].end != b->v[i].end ||
		    a->v[i].label != b->v[i].label)
			return false;
	return true;
}

bool stet_review_spans_disagree(const struct stet_review_spans_entry *e)
{
	for (size_t i = 1; i < e->nvalues; i++)
		if (!stet_review_spans_same(&e->values[0].set,
					    &e->values[i].set))
			return true;
	return false;
}

static void entry_clear(struct stet_review_spans_entry *e)
{
	for (size_t i = 0; i < e->nvalues; i++)
		stet_span_set_free(&e->values[i].set);
	free(e->values);
	e->values = NULL;
	e->nvalues = 0;
	stet_span_set_free(&e->final);
	e->decided = false;
}

/* (item, annotator) pairs with a value, from `current` and `spans`. */
struct pair {
	uint64_t item;
	uint32_t annotator;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
};

static void pairs_add(struct pairs *p, uint64_t item, uint32_t annotator)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->v = stet_xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = (struct pair){item, annotator};
}

static int by_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->item != y->item)
		return (x->item > y->item) - (x->item < y->item);
	return (x->annotator > y->annotator) - (x->annotator < y->annotator);
}

static int pairs_of_current(struct stet_txn *txn, struct pairs *p,
			    struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 12) {
			rc = stet_error_set(err, STET_ERR,
					    "current: damaged key");
			break;
		}
		pairs_add(p, stet_get_u64be(k),
			  stet_get_u32be((const unsigned char *)k + 8));
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : STET_ERR;
}

static int pair_of_spans(void *ctx, uint64_t item, uint32_t annotator,
			 struct stet_span_set *s, uint64_t event,
			 struct stet_error *err)
{
	(void)s;
	(void)event;
	(void)err;
	pairs_add(ctx, item, annotator);
	return STET_OK;
}

static int read_set(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		    struct stet_span_set *s, struct stet_error *err)
{
	int rc;

	stet_span_set_init(s);
	rc = stet_spans_get(txn, item, annotator, s, NULL, err);
	if (rc == STET_NOTFOUND) {
		stet_span_set_free(s);
		stet_span_set_init(s);
		return STET_OK;
	}
	return rc;
}

static void value_add(struct stet_review_spans_entry *e, size_t *cap,
		      uint32_t annotator, struct stet_span_set *set)
{
	if (e->nvalues == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		e->values = stet_xrealloc(e->values, *cap * sizeof *e->values);
	}
	e->values[e->nvalues].annotator = annotator;
	e->values[e->nvalues++].set = *set;
}

static int read_final(struct stet_txn *txn, struct stet_review_spans_entry *e,
		      struct stet_error *err)
{
	int rc;

	stet_span_set_init(&e->final);
	rc = stet_spans_final_get(txn, e->item, &e->final, err);
	e->decided = rc == STET_OK;
	if (rc == STET_NOTFOUND) {
		stet_span_set_free(&e->final);
		stet_span_set_init(&e->final);
		return STET_OK;
	}
	return rc;
}

/* Fills e (e->item set) from the pairs p[0..n) of its item. */
static int fill(struct stet_txn *txn, struct stet_review_spans_entry *e,
		const struct pair *p, size_t n, struct stet_error *err)
{
	size_t cap = 0;

	for (size_t i = 0; i < n; i++) {
		struct stet_span_set s;

		if (i > 0 && p[i].annotator == p[i - 1].annotator)
			continue;
		if (read_set(txn, e->item, p[i].annotator, &s, err) != STET_OK)
			return STET_ERR;
		value_add(e, &cap, p[i].annotator, &s);
	}
	return read_final(txn, e, err);
}

/* The annotators of item in db (`current` or `spans`, both keyed by
 * item then annotator). */
static int pairs_of_item(struct stet_txn *txn, enum stet_db db,
			 uint64_t item, struct pairs *p,
			 struct stet_error *err)
{
	unsigned char key[12];
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, db, &c, err) != STET_OK)
		return STET_ERR;
	stet_current_key(key, item, 0);
	for (rc = stet_cursor_seek(c, key, 12, &k, &kl, &v, &vl, err);
	     rc == STET_OK && kl == 12 && stet_get_u64be(k) == item;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err))
		pairs_add(p, item, stet_get_u32be((const unsigned char *)k + 8));
	stet_cursor_close(c);
	return rc == STET_ERR ? STET_ERR : STET_OK;
}

int stet_review_spans_refresh(struct stet_txn *txn,
			      struct stet_review_spans_entry *e,
			      struct stet_error *err)
{
	struct pairs p = {0};
	int rc;

	entry_clear(e);
	rc = pairs_of_item(txn, STET_DB_CURRENT, e->item, &p, err);
	if (rc == STET_OK)
		rc = pairs_of_item(txn, STET_DB_SPANS, e->item, &p, err);
	if (rc == STET_OK) {
		if (p.n > 1)
			qsort(p.v, p.n, sizeof *p.v, by_pair);
		rc = fill(txn, e, p.v, p.n, err);
	}
	free(p.v);
	return rc;
}

struct filter {
	const struct stet_review_filter *f;
	struct review_filter_ids ids;
};

static bool set_has(const struct stet_span_set *s, uint32_t label)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].label == label)
			return true;
	return false;
}

static int keep(struct stet_txn *txn, const struct filter *fl,
		const struct stet_review_spans_entry *e, bool *yes,
		struct stet_error *err)
{
	bool found = fl->ids.annotator == 0, both = fl->f->label_a == NULL;

	*yes = false;
	if (e->nvalues < 2 || (!fl->f->all && !stet_review_spans_disagree(e)))
		return STET_OK;
	for (size_t i = 0; i < e->nvalues; i++) {
		found |= e->values[i].annotator == fl->ids.annotator;
		for (size_t j = 0; !both && j < e->nvalues; j++)
			both = j != i && set_has(&e->values[i].set, fl->ids.label_a) &&
				set_has(&e->values[j].set, fl->ids.label_b);
	}
	if (!found || !both)
		return STET_OK;
	if (fl->ids.field != NULL) {
		struct stet_item it;
		char *v;

		stet_item_init(&it);
		if (stet_item_get(txn, e->item, &it, err) != STET_OK) {
			stet_item_clear(&it);
			return STET_ERR;
		}
		v = stet_item_meta_value(it.meta, fl->ids.field);
		stet_item_clear(&it);
		*yes = v != NULL && strcmp(v, fl->f->meta_value) == 0;
		free(v);
		return STET_OK;
	}
	*yes = true;
	return STET_OK;
}

static int filter_init(struct stet_txn *txn, struct filter *fl,
		       const struct stet_review_filter *f,
		       const struct stet_review_spans_list *l,
		       struct stet_error *err)
{
	memset(fl, 0, sizeof *fl);
	fl->f = f;
	if (f->flagged)
		return stet_error_set(err, STET_ERR,
			"--flagged is not available for a review of spans");
	return review_filter_resolve(txn, f, l->annotators, l->nannotators,
				     &fl->ids, err);
}

static int walk(struct stet_txn *txn, const struct filter *fl,
		struct stet_review_spans_list *l, struct stet_error *err)
{
	struct pairs p = {0};
	size_t cap = 0;
	int rc = pairs_of_current(txn, &p, err);

	if (rc == STET_OK)
		rc = stet_spans_each(txn, pair_of_spans, &p, err);
	if (rc == STET_OK && p.n > 1)
		qsort(p.v, p.n, sizeof *p.v, by_pair);
	for (size_t i = 0; rc == STET_OK && i < p.n;) {
		struct stet_review_spans_entry e;
		size_t j = i;
		bool yes = false;

		while (j < p.n && p.v[j].item == p.v[i].item)
			j++;
		memset(&e, 0, sizeof e);
		e.item = p.v[i].item;
		rc = fill(txn, &e, &p.v[i], j - i, err);
		if (rc == STET_OK)
			rc = keep(txn, fl, &e, &yes, err);
		if (rc == STET_OK && yes) {
			if (l->n == cap) {
				cap = cap ? 2 * cap : 64;
				l->v = stet_xrealloc(l->v, cap * sizeof *l->v);
			}
			l->v[l->n++] = e;
		} else {
			entry_clear(&e);
		}
		i = j;
	}
	free(p.v);
	return rc;
}

int stet_review_spans_load(struct stet_store *st,
			   const struct stet_review_filter *f,
			   struct stet_review_spans_list *out,
			   struct stet_error *err)
{
	struct stet_txn *txn;
	struct filter fl;
	int rc;

	memset(out, 0, sizeof *out);
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_annotators_load(txn, &out->annotators, &out->nannotators,
				  err);
	if (rc == STET_OK)
		rc = filter_init(txn, &fl, f, out, err);
	if (rc == STET_OK)
		rc = walk(txn, &fl, out, err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		stet_review_spans_free(out);
	return rc;
}

void stet_review_spans_free(struct stet_review_spans_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_clear(&l->v[i]);
	free(l->v);
	stet_annotators_free(l->annotators, l->nannotators);
	memset(l, 0, sizeof *l);
}

/* ---- annotators against the decisions on spans ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct stet_adjudicated_spans *)a)->name,
		      ((const struct stet_adjudicated_spans *)b)->name);
}

/* A bound above every label id of a and b: stet_span_compare drops
 * the spans of labels at or above the bound it is given. */
static size_t labels_below(const struct stet_span_set *a,
			   const struct stet_span_set *b)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].label >= n)
			n = (size_t)a->v[i].label + 1;
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].label >= n)
			n = (size_t)b->v[i].label + 1;
	return n;
}

/* Adds the comparison of every wanted annotator's set on item with
 * the decision fin. */
static int compare_item(struct stet_txn *txn, uint64_t item,
			const struct stet_span_set *fin,
			const uint32_t *rater_of, size_t nlist,
			struct stet_adjudicated_spans *out, uint64_t *decided,
			struct stet_error *err)
{
	struct pairs p = {0};
	bool any = false;
	int rc = pairs_of_item(txn, STET_DB_CURRENT, item, &p, err);

	if (rc == STET_OK)
		rc = pairs_of_item(txn, STET_DB_SPANS, item, &p, err);
	if (rc == STET_OK && p.n > 1)
		qsort(p.v, p.n, sizeof *p.v, by_pair);
	for (size_t i = 0; rc == STET_OK && i < p.n; i++) {
		uint32_t a = p.v[i].annotator;
		uint32_t r = a >= 1 && a <= nlist ? rater_of[a - 1] : UINT32_MAX;
		struct stet_span_set s;

		if (r == UINT32_MAX ||
		    (i > 0 && p.v[i - 1].annotator == a))
			continue;
		rc = read_set(txn, item, a, &s, err);
		if (rc != STET_OK)
			break;
		stet_span_compare(fin, &s, labels_below(fin, &s),
				  &out[r].counts, NULL);
		out[r].items++;
		any = true;
		stet_span_set_free(&s);
	}
	*decided += any;
	free(p.v);
	return rc;
}

int stet_adjudicated_spans_load(struct stet_store *st,
				const char *const *names, size_t nnames,
				uint64_t *decided,
				struct stet_adjudicated_spans **out, size_t *n,
				struct stet_error *err)
{
	struct stet_annotator *list = NULL;
	size_t nlist = 0, nr = 0;
	uint32_t *rater_of = NULL;
	struct stet_cursor *c = NULL;
	struct stet_txn *txn;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	*out = NULL;
	*n = 0;
	*decided = 0;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_annotators_load(txn, &list, &nlist, err);
	if (rc != STET_OK)
		goto leave;
	rater_of = stet_xcalloc(nlist + 1, sizeof *rater_of);
	*out = stet_xcalloc(nlist + 1, sizeof **out);
	for (size_t i = 0; i < nlist; i++) {
		bool keep = names == NULL;

		for (size_t j = 0; !keep && j < nnames; j++)
			keep = strcmp(names[j], list[i].name) == 0;
		rater_of[i] = UINT32_MAX;
		if (keep) {
			rater_of[i] = (uint32_t)nr;
			(*out)[nr++].name = stet_xstrdup(list[i].name);
		}
	}
	rc = stet_cursor_open(txn, STET_DB_SPAN_FINAL, &c, err);
	for (rc = rc != STET_OK ? rc :
	     stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_span_set fin;

		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR,
					    "span_final: damaged key");
			break;
		}
		stet_span_set_init(&fin);
		rc = stet_spans_final_get(txn, stet_get_u64be(k), &fin, err);
		if (rc == STET_OK)
			rc = compare_item(txn, stet_get_u64be(k), &fin,
					  rater_of, nlist, *out, decided, err);
		stet_span_set_free(&fin);
		if (rc != STET_OK) {
			rc = STET_ERR;
			break;
		}
	}
	if (rc != STET_NOTFOUND)
		goto leave;
	rc = STET_OK;
	if (names == NULL) {
		size_t kept = 0;

		for (size_t r = 0; r < nr; r++) {
			if ((*out)[r].items > 0)
				(*out)[kept++] = (*out)[r];
			else
				free((*out)[r].name);
		}
		nr = kept;
	}
	qsort(*out, nr, sizeof **out, by_name);
	*n = nr;
leave:
	stet_cursor_close(c);
	stet_txn_end(txn);
	stet_annotators_free(list, nlist);
	free(rater_of);
	if (rc != STET_OK) {
		stet_adjudicated_spans_free(*out, nr);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void stet_adjudicated_spans_free(struct stet_adjudicated_spans *a, size_t n)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(a[i].name);
	free(a);
}
