#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/agree.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/review.h"
#include "stet/timefmt.h"
#include "review_in.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Two values are the same when they hold the same labels, in whatever
 * order they were chosen. */
static bool same_set(const uint32_t *a, size_t na, const uint32_t *b,
		     size_t nb)
{
	uint32_t x[STET_MAX_LABELS], y[STET_MAX_LABELS];

	if (na != nb)
		return false;
	memcpy(x, a, na * sizeof *x);
	memcpy(y, b, nb * sizeof *y);
	qsort(x, na, sizeof *x, cmp_u32);
	qsort(y, nb, sizeof *y, cmp_u32);
	return memcmp(x, y, na * sizeof *x) == 0;
}

static bool has_label(const struct stet_review_value *v, uint32_t label)
{
	for (size_t i = 0; i < v->nlabels; i++)
		if (v->labels[i] == label)
			return true;
	return false;
}

bool stet_review_disagrees(const struct stet_review_entry *e)
{
	for (size_t i = 1; i < e->nvalues; i++)
		if (!same_set(e->values[0].labels, e->values[0].nlabels,
			      e->values[i].labels, e->values[i].nlabels))
			return true;
	return false;
}

uint64_t stet_review_blind_key(uint64_t item, uint32_t annotator)
{
	/* splitmix64 of the pair: a fixed shuffle per item. */
	uint64_t z = item * 0x9e3779b97f4a7c15ULL + annotator + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void entry_clear(struct stet_review_entry *e)
{
	for (size_t i = 0; i < e->nvalues; i++)
		free(e->values[i].labels);
	free(e->values);
	e->values = NULL;
	e->nvalues = 0;
}

static void entry_add(struct stet_review_entry *e, size_t *cap,
		      uint32_t annotator, const struct stet_current *cur)
{
	struct stet_review_value *v;

	if (e->nvalues == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		e->values = stet_xrealloc(e->values, *cap * sizeof *e->values);
	}
	v = &e->values[e->nvalues++];
	v->annotator = annotator;
	v->nlabels = cur->nlabels;
	v->labels = stet_xcalloc(cur->nlabels ? cur->nlabels : 1,
				 sizeof *v->labels);
	memcpy(v->labels, cur->labels, cur->nlabels * sizeof *v->labels);
}

static int read_final(struct stet_txn *txn, struct stet_review_entry *e,
		      struct stet_error *err)
{
	struct stet_current cur;
	struct stet_event ev;
	/* A decision on the item's spans alone is none on its labels. */
	int rc = stet_final_labels_get(txn, e->item, &cur, err);

	e->decided = false;
	e->nfinal = 0;
	e->final_event = 0;
	e->final_by = 0;
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	e->decided = true;
	e->nfinal = cur.nlabels;
	memcpy(e->final, cur.labels, cur.nlabels * sizeof *e->final);
	e->final_event = cur.event;
	memset(&ev, 0, sizeof ev);
	rc = stet_event_get(txn, cur.event, &ev, err);
	if (rc == STET_OK)
		e->final_by = ev.annotator;
	stet_event_clear(&ev);
	return rc;
}

/* Reads the values of e->item from c, which walks `current`. */
static int read_values(struct stet_cursor *c, struct stet_review_entry *e,
		       struct stet_error *err)
{
	unsigned char key[12];
	struct stet_current cur;
	const void *k, *v;
	size_t kl, vl, cap = 0;
	int rc;

	entry_clear(e);
	stet_current_key(key, e->item, 0);
	for (rc = stet_cursor_seek(c, key, 12, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 12 || stet_get_u64be(k) != e->item)
			break;
		if (stet_current_decode(v, vl, &cur, err) != STET_OK)
			return STET_ERR;
		if (cur.nlabels > 0)
			entry_add(e, &cap,
				  stet_get_u32be((const unsigned char *)k + 8),
				  &cur);
	}
	return rc == STET_OK || rc == STET_NOTFOUND ? STET_OK : STET_ERR;
}

int stet_review_refresh(struct stet_txn *txn, struct stet_review_entry *e,
			struct stet_error *err)
{
	struct stet_cursor *c;
	int rc;

	if (stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK)
		return STET_ERR;
	rc = read_values(c, e, err);
	stet_cursor_close(c);
	if (rc == STET_OK)
		rc = read_final(txn, e, err);
	return rc;
}

struct matcher {
	const struct stet_review_filter *f;
	bool any_values;          /* --flagged: any number of values, the
				   same or not */
	struct review_filter_ids ids;
};

int review_filter_resolve(struct stet_txn *txn,
			  const struct stet_review_filter *f,
			  const struct stet_annotator *annotators,
			  size_t nannotators, struct review_filter_ids *ids_out,
			  struct stet_error *err)
{
	struct stet_schema s;
	int rc = STET_OK;

	memset(ids_out, 0, sizeof *ids_out);
	if (f->label_a != NULL) {
		const char *names[2] = {f->label_a, f->label_b};
		uint32_t *ids[2] = {&ids_out->label_a, &ids_out->label_b};

		stet_schema_init(&s);
		if (stet_schema_load(txn, &s, err) != STET_OK)
			return STET_ERR;
		for (int i = 0; i < 2 && rc == STET_OK; i++) {
			const struct stet_label *lab = names[i] ?
				stet_schema_find(&s, names[i]) : NULL;

			if (lab == NULL)
				rc = stet_error_set(err, STET_ERR,
					"the schema has no label \"%s\"",
					names[i] ? names[i] : "");
			else
				*ids[i] = lab->id;
		}
		stet_schema_free(&s);
		if (rc != STET_OK)
			return rc;
	}
	if (f->annotator != NULL) {
		for (size_t i = 0; i < nannotators; i++)
			if (strcmp(annotators[i].name, f->annotator) == 0)
				ids_out->annotator = annotators[i].id;
		if (ids_out->annotator == 0)
			return stet_error_set(err, STET_ERR,
					      "no annotator named \"%s\"",
					      f->annotator);
	}
	if (f->meta_field != NULL) {
		ids_out->field = f->meta_field;
		if (strncmp(ids_out->field, "meta.", 5) == 0)
			ids_out->field += 5;
		if (*ids_out->field == '\0' || f->meta_value == NULL)
			return stet_error_set(err, STET_ERR,
					      "a meta filter is FIELD=VALUE");
	}
	return STET_OK;
}

static int matcher_init(struct stet_txn *txn, struct matcher *m,
			const struct stet_review_filter *f,
			const struct stet_review_list *l,
			struct stet_error *err)
{
	memset(m, 0, sizeof *m);
	m->f = f;
	m->any_values = f->flagged;
	return review_filter_resolve(txn, f, l->annotators, l->nannotators,
				     &m->ids, err);
}

static bool said_both(const struct stet_review_entry *e, uint32_t a,
		      uint32_t b)
{
	for (size_t i = 0; i < e->nvalues; i++) {
		if (!has_label(&e->values[i], a))
			continue;
		for (size_t j = 0; j < e->nvalues; j++)
			if (j != i && has_label(&e->values[j], b))
				return true;
	}
	return false;
}

static int matches(struct stet_txn *txn, const struct matcher *m,
		   const struct stet_review_entry *e, bool *yes,
		   struct stet_error *err)
{
	*yes = false;
	if (!m->any_values && e->nvalues < 2)
		return STET_OK;
	if (!m->any_values && !m->f->all && !stet_review_disagrees(e))
		return STET_OK;
	if (m->f->label_a != NULL &&
	    !said_both(e, m->ids.label_a, m->ids.label_b))
		return STET_OK;
	if (m->ids.annotator != 0) {
		bool found = false;

		for (size_t i = 0; i < e->nvalues; i++)
			found |= e->values[i].annotator == m->ids.annotator;
		if (!found)
			return STET_OK;
	}
	if (m->ids.field != NULL) {
		struct stet_item it;
		char *v;
		int rc;

		stet_item_init(&it);
		rc = stet_item_get(txn, e->item, &it, err);
		if (rc != STET_OK) {
			stet_item_clear(&it);
			return rc;
		}
		v = stet_item_meta_value(it.meta, m->ids.field);
		stet_item_clear(&it);
		*yes = v != NULL && strcmp(v, m->f->meta_value) == 0;
		free(v);
		return STET_OK;
	}
	*yes = true;
	return STET_OK;
}

/* One walk over `current`, in item then annotator order: each item's
 * values are together. */
static int walk(struct stet_txn *txn, const struct matcher *m,
		struct stet_review_list *l, struct stet_error *err)
{
	struct stet_review_entry e;
	struct stet_current cur;
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl, cap = 0, capv = 0;
	bool yes;
	int rc;

	memset(&e, 0, sizeof e);
	if (stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK)
		return STET_ERR;
	rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	for (;;) {
		bool end = rc == STET_NOTFOUND;
		uint64_t item = 0;

		if (rc != STET_OK && !end)
			break;
		if (!end && kl != 12) {
			rc = stet_error_set(err, STET_ERR, "current: damaged key");
			break;
		}
		if (!end)
			item = stet_get_u64be(k);
		if (end || item != e.item) {
			/* The item before is complete. */
			if (e.nvalues > 0) {
				rc = matches(txn, m, &e, &yes, err);
				if (rc != STET_OK)
					break;
				if (yes) {
					if (l->n == cap) {
						cap = cap ? 2 * cap : 64;
						l->v = stet_xrealloc(l->v, cap * sizeof *l->v);
					}
					l->v[l->n++] = e;
					memset(&e, 0, sizeof e);
				} else {
					entry_clear(&e);
				}
			}
			capv = 0;
			e.item = item;
			if (end) {
				rc = STET_OK;
				break;
			}
		}
		if (stet_current_decode(v, vl, &cur, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		if (cur.nlabels > 0)
			entry_add(&e, &capv,
				  stet_get_u32be((const unsigned char *)k + 8),
				  &cur);
		rc = stet_cursor_next(c, &k, &kl, &v, &vl, err);
	}
	entry_clear(&e);
	stet_cursor_close(c);
	for (size_t i = 0; rc == STET_OK && i < l->n; i++)
		rc = read_final(txn, &l->v[i], err);
	return rc;
}

/* --flagged: the items with a flag standing, in item order, each read
 * from `current` as the walk would, then filtered the same way. */
static int walk_flagged(struct stet_txn *txn, const struct matcher *m,
			struct stet_review_list *l, struct stet_error *err)
{
	const struct stet_notes *nt = &l->notes;
	uint64_t last = 0;
	size_t cap = 0;
	bool yes;
	int rc = STET_OK;

	for (size_t i = 0; i < nt->n && rc == STET_OK; i++) {
		struct stet_review_entry e;

		if (!nt->v[i].flag || nt->v[i].item == last)
			continue;
		last = nt->v[i].item;
		memset(&e, 0, sizeof e);
		e.item = nt->v[i].item;
		rc = stet_review_refresh(txn, &e, err);
		if (rc == STET_OK)
			rc = matches(txn, m, &e, &yes, err);
		if (rc != STET_OK || !yes) {
			entry_clear(&e);
			continue;
		}
		if (l->n == cap) {
			cap = cap ? 2 * cap : 64;
			l->v = stet_xrealloc(l->v, cap * sizeof *l->v);
		}
		l->v[l->n++] = e;
	}
	return rc;
}

static int by_item_event(const void *a, const void *b)
{
	const struct stet_note *x = a, *y = b;

	if (x->item != y->item)
		return (x->item > y->item) - (x->item < y->item);
	return (x->event > y->event) - (x->event < y->event);
}

/* Gives each entry its notes: both are in item order. */
static void attach_notes(struct stet_review_list *l)
{
	size_t j = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct stet_review_entry *e = &l->v[i];

		while (j < l->notes.n && l->notes.v[j].item < e->item)
			j++;
		e->notes = j < l->notes.n ? &l->notes.v[j] : NULL;
		for (e->nnotes = 0; j < l->notes.n &&
		     l->notes.v[j].item == e->item; j++) {
			e->nnotes++;
			e->flagged |= l->notes.v[j].flag;
		}
	}
}

int stet_review_list_load(struct stet_store *st,
			  const struct stet_review_filter *f,
			  struct stet_review_list *out,
			  struct stet_error *err)
{
	struct stet_txn *txn;
	struct matcher m;
	int rc;

	memset(out, 0, sizeof *out);
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_annotators_load(txn, &out->annotators, &out->nannotators,
				  err);
	if (rc == STET_OK)
		rc = matcher_init(txn, &m, f, out, err);
	if (rc == STET_OK)
		rc = stet_notes_load(txn, 0, &out->notes, err);
	if (rc == STET_OK) {
		if (out->notes.n > 1)
			qsort(out->notes.v, out->notes.n,
			      sizeof *out->notes.v, by_item_event);
		rc = f->flagged ? walk_flagged(txn, &m, out, err) :
			walk(txn, &m, out, err);
	}
	if (rc == STET_OK)
		attach_notes(out);
	stet_txn_end(txn);
	if (rc != STET_OK)
		stet_review_list_free(out);
	return rc;
}

void stet_review_list_free(struct stet_review_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_clear(&l->v[i]);
	free(l->v);
	stet_annotators_free(l->annotators, l->nannotators);
	stet_notes_free(&l->notes);
	memset(l, 0, sizeof *l);
}

const char *stet_review_annotator_name(const struct stet_annotator *a,
				       size_t n, uint32_t annotator)
{
	if (annotator >= 1 && annotator <= n && a[annotator - 1].id == annotator)
		return a[annotator - 1].name;
	for (size_t i = 0; i < n; i++)
		if (a[i].id == annotator)
			return a[i].name;
	return "?";
}

const char *stet_review_name(const struct stet_review_list *l,
			     uint32_t annotator)
{
	return stet_review_annotator_name(l->annotators, l->nannotators,
					  annotator);
}

/* ---- annotators against the decisions ---- */

/* Each distinct set of labels is a category: sets kept sorted, found
 * by a linear search (the schemas are small and so are the sets
 * annotators actually use). */
struct sets {
	uint32_t **v;
	size_t *len;
	size_t n, cap;
};

static uint32_t set_index(struct sets *s, const uint32_t *labels, size_t n)
{
	uint32_t sorted[STET_MAX_LABELS];

	memcpy(sorted, labels, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_u32);
	for (size_t i = 0; i < s->n; i++)
		if (s->len[i] == n &&
		    memcmp(s->v[i], sorted, n * sizeof *sorted) == 0)
			return (uint32_t)i;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = stet_xrealloc(s->v, s->cap * sizeof *s->v);
		s->len = stet_xrealloc(s->len, s->cap * sizeof *s->len);
	}
	s->v[s->n] = stet_xcalloc(n ? n : 1, sizeof *sorted);
	memcpy(s->v[s->n], sorted, n * sizeof *sorted);
	s->len[s->n] = n;
	return (uint32_t)s->n++;
}

static void sets_free(struct sets *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->len);
}

/* One comparison: an annotator's value (category) against the
 * decision's on one item. */
struct pairing {
	uint32_t rater, value, final;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct stet_adjudicated *)a)->name,
		      ((const struct stet_adjudicated *)b)->name);
}

static void tally(struct stet_adjudicated *out, size_t nr,
		  const struct pairing *p, size_t np, size_t q)
{
	uint64_t *row = stet_xcalloc(q ? q : 1, sizeof *row);
	uint64_t *col = stet_xcalloc(q ? q : 1, sizeof *col);

	for (size_t r = 0; r < nr; r++) {
		uint64_t n = 0, same = 0;

		memset(row, 0, (q ? q : 1) * sizeof *row);
		memset(col, 0, (q ? q : 1) * sizeof *col);
		for (size_t i = 0; i < np; i++) {
			if (p[i].rater != r)
				continue;
			n++;
			same += p[i].value == p[i].final;
			row[p[i].value]++;
			col[p[i].final]++;
		}
		out[r].items = n;
		out[r].percent = n ? (double)same / (double)n : NAN;
		out[r].kappa = stet_kappa_margins(n, same, row, col, q);
	}
	free(row);
	free(col);
}

int stet_adjudicated_load(struct stet_store *st, const char *const *names,
			  size_t nnames, uint64_t *decided,
			  struct stet_adjudicated **out, size_t *n,
			  struct stet_error *err)
{
	struct stet_annotator *list = NULL;
	size_t nlist = 0, np = 0, capp = 0, nr = 0;
	uint32_t *rater_of = NULL; /* annotator id -> rater, UINT32_MAX: not wanted */
	struct pairing *p = NULL;
	struct sets sets = {0};
	struct stet_cursor *fc = NULL, *cc = NULL;
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
	rc = stet_cursor_open(txn, STET_DB_FINAL, &fc, err);
	if (rc == STET_OK)
		rc = stet_cursor_open(txn, STET_DB_CURRENT, &cc, err);
	if (rc != STET_OK)
		goto leave;
	for (rc = stet_cursor_seek(fc, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(fc, &k, &kl, &v, &vl, err)) {
		struct stet_review_entry e;
		struct stet_current fin;
		uint32_t fset;
		bool any = false;

		if (kl != 8 || stet_current_decode(v, vl, &fin, err) != STET_OK) {
			rc = stet_error_set(err, STET_ERR, "final: damaged record");
			break;
		}
		/* A decision on spans alone is set against nobody's labels. */
		if (stet_final_decides_labels(txn, &fin, &any, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		if (!any)
			continue;
		any = false;
		memset(&e, 0, sizeof e);
		e.item = stet_get_u64be(k);
		if (read_values(cc, &e, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		fset = set_index(&sets, fin.labels, fin.nlabels);
		for (size_t i = 0; i < e.nvalues; i++) {
			uint32_t a = e.values[i].annotator;
			uint32_t r = a >= 1 && a <= nlist ? rater_of[a - 1] :
				UINT32_MAX;

			if (r == UINT32_MAX)
				continue;
			if (np == capp) {
				capp = capp ? 2 * capp : 256;
				p = stet_xrealloc(p, capp * sizeof *p);
			}
			p[np++] = (struct pairing){r,
				set_index(&sets, e.values[i].labels,
					  e.values[i].nlabels), fset};
			any = true;
		}
		*decided += any;
		entry_clear(&e);
	}
	if (rc != STET_NOTFOUND)
		goto leave;
	rc = STET_OK;
	tally(*out, nr, p, np, sets.n);
	/* Only annotators with something to compare, unless asked for by
	 * name. */
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
	stet_cursor_close(cc);
	stet_cursor_close(fc);
	stet_txn_end(txn);
	stet_annotators_free(list, nlist);
	free(rater_of);
	free(p);
	sets_free(&sets);
	if (rc != STET_OK) {
		stet_adjudicated_free(*out, nr);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void stet_adjudicated_free(struct stet_adjudicated *a, size_t n)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(a[i].name);
	free(a);
}

static uint64_t entry_item(const void *ctx, uint64_t pos)
{
	const struct stet_review_list *l = ctx;

	return l->v[pos].item;
}

int stet_review_search(struct stet_store *st,
		       const struct stet_review_list *l, const char *needle,
		       size_t pos, int dir, size_t *found,
		       struct stet_error *err)
{
	uint64_t at;
	int rc = stet_items_search(st, l->n, entry_item, l, needle, pos, dir,
				   &at, err);

	if (rc == STET_OK)
		*found = (size_t)at;
	return rc;
}

int stet_review_find(struct stet_store *st, const struct stet_review_list *l,
		     const char *what, size_t *pos, struct stet_error *err)
{
	struct stet_txn *txn;
	uint64_t id, n;
	char *end;
	int rc;

	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_item_find_ext(txn, what, &id, err);
	stet_txn_end(txn);
	if (rc == STET_OK) {
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].item == id) {
				*pos = i;
				return STET_OK;
			}
		return stet_error_set(err, STET_NOTFOUND,
			"item %s is not among the items of this review", what);
	}
	if (rc != STET_NOTFOUND)
		return rc;
	n = strtoull(what, &end, 10);
	if (*what >= '0' && *what <= '9' && *end == '\0' && n >= 1 &&
	    n <= l->n) {
		*pos = (size_t)(n - 1);
		return STET_OK;
	}
	return stet_error_set(err, STET_NOTFOUND,
			      "no item with id or position \"%s\"", what);
}
