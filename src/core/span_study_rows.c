/* From a project's span sets to rows of other shapes: the tokens of a
 * token-label project as the units of the item-level coefficients, and
 * each session's sets against the other annotators'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "span_agree_in.h"
#include "stet/history.h"
#include "stet/span_study.h"
#include "stet/spans.h"

/* ---- tokens as units -------------------------------------------------------- */

void stet_spans_token_ratings(const struct stet_project_spans *ps,
			      struct stet_project_ratings *pr)
{
	size_t R = ps->nraters, rows = 0, cap = 0, maxt = 0;
	uint32_t *tag = NULL;

	memset(pr, 0, sizeof *pr);
	stet_schema_init(&pr->schema);
	pr->nraters = R;
	pr->raters = stet_xcalloc(R + 1, sizeof *pr->raters);
	for (size_t r = 0; r < R; r++)
		pr->raters[r] = stet_xstrdup(ps->raters[r]);
	pr->ncat = ps->nlabels;
	pr->categories = stet_xcalloc(pr->ncat + 1, sizeof *pr->categories);
	pr->label_of = stet_xcalloc(pr->ncat + 1, sizeof *pr->label_of);
	for (size_t c = 0; c < pr->ncat; c++) {
		pr->categories[c] = stet_xstrdup(ps->labels[c]);
		pr->label_of[c] = ps->label_of[c];
	}
	for (size_t i = 0; i < ps->study.nitems; i++)
		if (ps->items[i].ntokens > maxt)
			maxt = ps->items[i].ntokens;
	tag = stet_xcalloc(maxt * R + 1, sizeof *tag);
	for (size_t i = 0; i < ps->study.nitems; i++) {
		const struct stet_span_item *it = &ps->items[i];
		uint32_t T = it->ntokens;

		for (size_t k = 0; k < (size_t)T * R; k++)
			tag[k] = STET_MISSING;
		for (size_t r = 0; r < R; r++) {
			const struct stet_span_set *s = it->sets[r];

			for (size_t k = 0; s != NULL && k < s->n; k++) {
				const struct stet_span *sp = &s->v[k];
				uint32_t *at;

				/* A tag is a span over exactly one token. */
				if (sp->tok_end != sp->tok_start + 1 ||
				    sp->tok_start >= T || sp->label >= pr->ncat)
					continue;
				at = &tag[(size_t)sp->tok_start * R + r];
				if (*at == STET_MISSING)
					*at = sp->label;
			}
		}
		for (uint32_t t = 0; t < T; t++) {
			bool any = false;

			for (size_t r = 0; r < R; r++)
				any |= tag[(size_t)t * R + r] != STET_MISSING;
			if (!any)
				continue;
			if (rows == cap) {
				cap = cap ? cap * 2 : 1024;
				pr->v = stet_xrealloc(pr->v, cap * R * sizeof *pr->v + 1);
				pr->item_ids = stet_xrealloc(pr->item_ids,
							     cap * sizeof *pr->item_ids);
			}
			memcpy(&pr->v[rows * R], &tag[(size_t)t * R], R * sizeof *tag);
			pr->item_ids[rows++] = ps->item_ids[i];
		}
	}
	free(tag);
	if (pr->v == NULL)
		pr->v = stet_xcalloc(1, sizeof *pr->v);
	pr->words = 1;
	pr->r = (struct stet_ratings){rows, R, pr->ncat, pr->v, NULL};
}

/* ---- sessions ---------------------------------------------------------------- */

struct sess {
	uint64_t id;
	uint32_t annotator;
	char *name;
};

struct saved {
	uint64_t session, item, event;
	struct stet_span_set set; /* in study label indices */
	bool owned;               /* else set is the study's standing one */
};

struct stet_span_log {
	const struct stet_project_spans *ps;
	uint32_t *index_of; /* label id -> study index, UINT32_MAX: other */
	uint32_t maxid;
	struct sess *s;
	size_t ns, scap;
	struct saved *v;
	size_t nv, vcap;
	uint64_t *undone;
	size_t nu, ucap;
	struct stet_txn *txn;  /* of the walk, for the sets replaced since */
	struct stet_event full; /* such an event, read with its spans */
	size_t hint;           /* the row of the last item seen */
};

static int rater_of(const struct stet_project_spans *ps, uint32_t annotator)
{
	for (size_t r = 0; r < ps->nraters; r++)
		if (ps->rater_id[r] == annotator)
			return (int)r;
	return -1;
}

static int session_seen(const struct stet_session *s, void *ctx,
			struct stet_error *err)
{
	struct stet_span_log *w = ctx;
	char id[32];

	(void)err;
	if (w->ns == w->scap) {
		w->scap = w->scap ? w->scap * 2 : 64;
		w->s = stet_xrealloc(w->s, w->scap * sizeof *w->s);
	}
	snprintf(id, sizeof id, "%llu", (unsigned long long)s->id);
	w->s[w->ns++] = (struct sess){s->id, s->annotator,
				      stet_xstrdup(s->name ? s->name : id)};
	return STET_OK;
}

/* The row of ps holding item, or -1. */
static long item_row(const struct stet_project_spans *ps, uint64_t item)
{
	size_t lo = 0, hi = ps->study.nitems;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->item_ids[mid] < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ps->study.nitems && ps->item_ids[lo] == item ? (long)lo : -1;
}

/* Whether a session's set is the one that stands: both keep the
 * order every stored set has, with the same labels left out. */
static bool same_set(const struct stet_span_set *x,
		     const struct stet_span_set *y)
{
	return y != NULL && x->n == y->n &&
	       (x->n == 0 || memcmp(x->v, y->v, x->n * sizeof *x->v) == 0);
}

/* The row of an item, starting from the last one found: the log
 * comes mostly in item order. */
static long item_row_near(struct stet_span_log *w, uint64_t item)
{
	const struct stet_project_spans *ps = w->ps;
	size_t h = w->hint;

	if (h < ps->study.nitems && ps->item_ids[h] == item)
		return (long)h;
	if (h + 1 < ps->study.nitems && ps->item_ids[h + 1] == item)
		return (long)(w->hint = h + 1);
	h = (size_t)item_row(ps, item);
	if ((long)h >= 0)
		w->hint = h;
	return (long)h;
}

/* A SPANS event's set, in study label indices, into *set: its record
 * read again with its spans (the walk steps over them). *set is empty
 * and *skip true when the event has no set of this study's kind. */
static int event_set(struct stet_span_log *w, uint64_t id,
		     struct stet_span_set *set, bool *skip,
		     struct stet_error *err)
{
	size_t other = 0;

	stet_span_set_init(set);
	*skip = true;
	if (stet_event_get(w->txn, id, &w->full, err) != STET_OK)
		return STET_ERR;
	if (!w->full.has_spans)
		return STET_OK;
	/* The event's spans are taken, not copied. */
	set->v = w->full.spans;
	set->cap = w->full.nspans;
	w->full.spans = NULL;
	w->full.nspans = 0;
	for (size_t i = 0; i < set->cap; i++) {
		uint32_t l = set->v[i].label;

		if (l > w->maxid || w->index_of[l] == UINT32_MAX) {
			other++;
			continue;
		}
		set->v[set->n] = set->v[i];
		set->v[set->n++].label = w->index_of[l];
	}
	if (other > 0 && set->n == 0) {
		stet_span_set_free(set);
		return STET_OK;
	}
	*skip = false;
	return STET_OK;
}

static int event_seen(struct stet_event *ev, void *ctx,
		      struct stet_error *err)
{
	struct stet_span_log *w = ctx;
	const struct stet_project_spans *ps = w->ps;
	struct stet_span_set set;
	const struct stet_span_set *standing;
	bool owned = true, skip;
	long row;
	int self;

	if (ev->action == STET_ACT_UNDO) {
		if (w->nu == w->ucap) {
			w->ucap = w->ucap ? w->ucap * 2 : 64;
			w->undone = stet_xrealloc(w->undone, w->ucap * sizeof *w->undone);
		}
		w->undone[w->nu++] = ev->target;
		return STET_OK;
	}
	if (ev->action != STET_ACT_SPANS ||
	    (self = rater_of(ps, ev->annotator)) < 0)
		return STET_OK;
	row = item_row_near(w, ev->item);
	standing = row >= 0 ? ps->items[row].sets[self] : NULL;
	/* Most sets saved are the ones that stand, whose spans the study
	 * holds already: only the sets since replaced are read. */
	if (standing != NULL &&
	    ps->set_event[(size_t)row * ps->nraters + (size_t)self] == ev->id) {
		set = *standing;
		owned = false;
	} else {
		if (event_set(w, ev->id, &set, &skip, err) != STET_OK)
			return STET_ERR;
		if (skip)
			return STET_OK;
		if (same_set(&set, standing)) {
			stet_span_set_free(&set);
			set = *standing;
			owned = false;
		}
	}
	if (w->nv == w->vcap) {
		w->vcap = w->vcap ? w->vcap * 2 : 256;
		w->v = stet_xrealloc(w->v, w->vcap * sizeof *w->v);
	}
	w->v[w->nv++] = (struct saved){ev->session, ev->item, ev->id, set,
				       owned};
	return STET_OK;
}

static int by_key(const void *a, const void *b)
{
	const struct saved *x = a, *y = b;

	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->event > y->event) - (x->event < y->event);
}

/* The index in w->s (in id order) of session id; ns when none. */
static size_t session_index(const struct stet_span_log *w, uint64_t id)
{
	size_t lo = 0, hi = w->ns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->s[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* w->v in (session, item, event) order. The log comes in event order,
 * sessions interleaved when annotators label side by side but each
 * session's sets mostly in item order: a stable pass by session (few),
 * then a sort only of the sessions whose items are out of order. The
 * keys are unique (an event is saved once), so the order is the one
 * a sort of the whole would give. */
static void sort_saved(struct stet_span_log *w)
{
	size_t nb = w->ns + 1, *start = stet_xcalloc(nb + 1, sizeof *start);
	size_t *at = stet_xcalloc(w->nv + 1, sizeof *at);
	struct saved *out = stet_xcalloc(w->nv + 1, sizeof *out);

	for (size_t i = 0; i < w->nv; i++) {
		size_t b = session_index(w, w->v[i].session);

		/* An event of no known session sorts by its own id. */
		if (b < w->ns && w->s[b].id != w->v[i].session)
			b = w->ns;
		at[i] = b;
		start[b + 1]++;
	}
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	for (size_t i = 0; i < w->nv; i++)
		out[start[at[i]]++] = w->v[i];
	free(w->v);
	w->v = out;
	w->vcap = w->nv + 1;
	for (size_t b = 0, from = 0; b < nb; from = start[b++]) {
		size_t n = start[b] - from;
		bool sorted = true;

		for (size_t i = from + 1; i < start[b] && sorted; i++)
			sorted = by_key(&out[i - 1], &out[i]) < 0;
		if (!sorted)
			qsort(out + from, n, sizeof *out, by_key);
	}
	free(start);
	free(at);
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static bool is_undone(const struct stet_span_log *w, uint64_t event)
{
	return w->nu > 0 &&
	       bsearch(&event, w->undone, w->nu, sizeof *w->undone, by_u64) != NULL;
}

/* Sorted copies and scratch, kept from one comparison to the next:
 * a session row compares hundreds of thousands of sets. */
struct tally_scratch {
	struct span_vec mine, other;
	struct span_scratch w;
};

/* One (session, item): the last set saved there not undone, against
 * the others' standing sets. A set that still stands was compared with
 * each of them for its pair: pairs has those counts, turned round when
 * the session's annotator is the second of the pair. */
static void tally(const struct stet_span_log *w, const struct saved *last,
		  int self, const struct stet_span_counts *pairs,
		  struct stet_span_session *row, struct tally_scratch *ts)
{
	const struct stet_project_spans *ps = w->ps;
	size_t R = ps->nraters, np = R * (R - 1) / 2;
	long i = item_row(ps, last->item);
	bool compared = false, standing;

	row->items++;
	if (i < 0)
		return;
	standing = pairs != NULL && same_set(&last->set, ps->items[i].sets[self]);
	if (!standing)
		span_sorted(&last->set, ps->nlabels, &ts->mine);
	for (size_t r = 0; r < R; r++) {
		const struct stet_span_set *other = ps->items[i].sets[r];

		if ((int)r == self || other == NULL)
			continue;
		compared = true;
		if (standing) {
			size_t a = (size_t)self < r ? (size_t)self : r;
			size_t b = (size_t)self < r ? r : (size_t)self;
			const struct stet_span_counts *c =
				&pairs[(size_t)i * np + a * (2 * R - a - 1) / 2 + (b - a - 1)];

			row->counts.a += a == (size_t)self ? c->a : c->b;
			row->counts.b += a == (size_t)self ? c->b : c->a;
			row->counts.exact += c->exact;
			row->counts.partial += c->partial;
			continue;
		}
		span_sorted(other, ps->nlabels, &ts->other);
		span_compare_sorted(&ts->mine, &ts->other, &row->counts, NULL,
				    &ts->w);
	}
	row->compared += compared;
}

void stet_spans_sessions_rows(const struct stet_project_spans *ps,
			      struct stet_span_log *w,
			      const struct stet_span_counts *pairs,
			      struct stet_span_session **out, size_t *n)
{
	struct stet_span_session *row = stet_xcalloc(w->ns + 1, sizeof *row);
	struct tally_scratch ts;
	size_t k = 0, j = 0;

	memset(&ts, 0, sizeof ts);
	if (w->nv > 1)
		sort_saved(w);
	if (w->nu > 1)
		qsort(w->undone, w->nu, sizeof *w->undone, by_u64);
	for (size_t si = 0; si < w->ns; si++) {
		int self = rater_of(ps, w->s[si].annotator);
		struct stet_span_session *r = &row[k];

		while (j < w->nv && w->v[j].session < w->s[si].id)
			j++;
		if (self < 0 || j >= w->nv || w->v[j].session != w->s[si].id)
			continue;
		memset(r, 0, sizeof *r);
		r->annotator = ps->raters[self];
		while (j < w->nv && w->v[j].session == w->s[si].id) {
			size_t e = j;
			const struct saved *last = NULL;

			while (e < w->nv && w->v[e].session == w->v[j].session &&
			       w->v[e].item == w->v[j].item)
				e++;
			for (size_t m = e; m > j && last == NULL; m--)
				if (!is_undone(w, w->v[m - 1].event))
					last = &w->v[m - 1];
			if (last != NULL)
				tally(w, last, self, pairs, r, &ts);
			j = e;
		}
		if (r->items > 0) {
			r->name = w->s[si].name;
			w->s[si].name = NULL;
			k++;
		}
	}
	span_vec_free(&ts.mine);
	span_vec_free(&ts.other);
	span_scratch_free(&ts.w);
	*out = row;
	*n = k;
}

int stet_spans_log_read(struct stet_store *st,
			const struct stet_project_spans *ps,
			struct stet_span_log **out, struct stet_error *err)
{
	struct stet_span_log *w = stet_xcalloc(1, sizeof *w);
	struct stet_txn *txn;
	int rc;

	w->ps = ps;
	for (size_t c = 0; c < ps->nlabels; c++)
		if (ps->label_of[c] > w->maxid)
			w->maxid = ps->label_of[c];
	w->index_of = stet_xcalloc((size_t)w->maxid + 1, sizeof *w->index_of);
	for (size_t i = 0; i <= w->maxid; i++)
		w->index_of[i] = UINT32_MAX;
	for (size_t c = 0; c < ps->nlabels; c++)
		w->index_of[ps->label_of[c]] = (uint32_t)c;
	rc = stet_txn_begin_read(st, &txn, err);
	if (rc == STET_OK) {
		w->txn = txn;
		rc = stet_sessions_each(txn, session_seen, w, err);
		if (rc == STET_OK)
			rc = stet_events_each_no_spans(txn, 0, event_seen, w,
						       err);
		stet_event_clear(&w->full);
		w->txn = NULL;
		stet_txn_end(txn);
	}
	if (rc != STET_OK) {
		stet_span_log_free(w);
		w = NULL;
	}
	*out = w;
	return rc;
}

void stet_span_log_free(struct stet_span_log *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->ns; i++)
		free(w->s[i].name);
	for (size_t i = 0; i < w->nv; i++)
		if (w->v[i].owned)
			stet_span_set_free(&w->v[i].set);
	free(w->s);
	free(w->v);
	free(w->undone);
	free(w->index_of);
	free(w);
}

int stet_spans_sessions(struct stet_store *st,
			const struct stet_project_spans *ps,
			struct stet_span_session **out, size_t *n,
			struct stet_error *err)
{
	struct stet_span_log *log;

	*out = NULL;
	*n = 0;
	if (stet_spans_log_read(st, ps, &log, err) != STET_OK)
		return STET_ERR;
	stet_spans_sessions_rows(ps, log, NULL, out, n);
	stet_span_log_free(log);
	return STET_OK;
}

void stet_spans_sessions_free(struct stet_span_session *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].name);
	free(s);
}
