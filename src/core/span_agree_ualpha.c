/* Krippendorff's unitizing alpha (Content Analysis, 2nd ed., 2004,
 * ch. 11; "On the reliability of unitizing contiguous data",
 * Sociological Methodology 25, 1995), computed as DKPro Statistics'
 * KrippendorffAlphaUnitizingAgreement does on one continuum, with the
 * formulas in stet/span_agree.h.
 *
 * The observed disagreement pairs segments that overlap: two units by
 * the squares of their start and end differences, a unit and the gap
 * that holds it whole by its length squared. Walking two annotators'
 * sorted units side by side finds the same pairs: every unit that
 * overlaps no unit of the other lies whole in one of the other's gaps.
 *
 * The expected disagreement sums, for each unit of length l, the
 * number of places it fits in each gap of length g >= l, g - l + 1.
 * Over millions of units and gaps that sum is taken from counts and
 * sums of the gaps at least l long, walked once in length order. Most
 * annotators mark most labels on few items: the gap of an item where
 * an annotator has no unit of the label is the whole item, so those
 * gaps are counted as every item R times, less the items where the
 * annotator has units, plus that annotator's real gaps there. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "span_agree_in.h"
#include "stet/error.h"
#include "stet/span_agree.h"

static void lens_add(struct span_lens *l, uint32_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = stet_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = x;
}

/* Lengths are small numbers by the million: a radix sort, a pass for
 * each byte the longest one has, costs a fraction of qsort's
 * comparisons. */
static void lens_sort(struct span_lens *l)
{
	uint32_t max = 0, *tmp, *from = l->v, *to;
	size_t count[256];

	if (l->n < 2)
		return;
	for (size_t i = 0; i < l->n; i++)
		max = l->v[i] > max ? l->v[i] : max;
	tmp = stet_xmalloc(l->n * sizeof *tmp);
	to = tmp;
	for (unsigned shift = 0; shift < 32 && (max >> shift) != 0; shift += 8) {
		size_t at = 0;
		uint32_t *swap;

		memset(count, 0, sizeof count);
		for (size_t i = 0; i < l->n; i++)
			count[from[i] >> shift & 0xff]++;
		for (size_t d = 0; d < 256; d++) {
			size_t c = count[d];

			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < l->n; i++)
			to[count[from[i] >> shift & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != l->v) {
		free(l->v);
		l->v = from;
		l->cap = l->n;
	} else {
		free(tmp);
	}
}

/* Lengths below SPAN_HIST_SMALL are counted, not kept: the units and
 * gaps of text are short, and a count needs no sorting. */
static void hist_add(struct span_hist *h, uint32_t x)
{
	if (x >= SPAN_HIST_SMALL) {
		lens_add(&h->big, x);
		return;
	}
	if (h->small == NULL)
		h->small = stet_xcalloc(SPAN_HIST_SMALL, sizeof *h->small);
	h->small[x]++;
}

static void hist_free(struct span_hist *h)
{
	free(h->small);
	free(h->big.v);
	memset(h, 0, sizeof *h);
}

struct span_label_ua {
	long double observed;   /* the sum of d^2 over pairs of segments */
	struct span_hist units; /* lengths of every unit */
	struct span_hist gaps;  /* real gaps where an annotator has units */
	struct span_hist whole; /* the item lengths those gaps stand for */
};

/* A multiset of lengths walked upwards: how many of them, and their
 * sum, are at least the length asked, for lengths asked in ascending
 * order. */
struct walk {
	const struct span_hist *h;
	uint32_t k;
	size_t j;
	long double below_n, below_sum, n, sum;
};

static void walk_init(struct walk *w, struct span_hist *h)
{
	memset(w, 0, sizeof *w);
	lens_sort(&h->big);
	w->h = h;
	for (uint32_t k = 0; h->small != NULL && k < SPAN_HIST_SMALL; k++) {
		w->n += h->small[k];
		w->sum += (long double)k * h->small[k];
	}
	w->n += h->big.n;
	for (size_t j = 0; j < h->big.n; j++)
		w->sum += h->big.v[j];
}

static void walk_to(struct walk *w, uint32_t l, long double *count,
		    long double *sum)
{
	const struct span_hist *h = w->h;

	for (; h->small != NULL && w->k < SPAN_HIST_SMALL && w->k < l; w->k++) {
		w->below_n += h->small[w->k];
		w->below_sum += (long double)w->k * h->small[w->k];
	}
	for (; w->j < h->big.n && h->big.v[w->j] < l; w->j++) {
		w->below_n++;
		w->below_sum += h->big.v[w->j];
	}
	*count = w->n - w->below_n;
	*sum = w->sum - w->below_sum;
}

/* Units of one annotator on one item: sorted by (label, start); the
 * overlapping spans of a label joined into their union. */
static void units_of(const struct span_vec *in, uint32_t length,
		     struct span_vec *out)
{
	out->n = 0;
	if (out->cap < in->n + 1) {
		out->cap = in->n * 2 + 1;
		out->v = stet_xrealloc(out->v, out->cap * sizeof *out->v);
	}
	for (size_t i = 0; i < in->n; i++) {
		struct stet_span *last = out->n ? &out->v[out->n - 1] : NULL;

		if (in->v[i].end > length)
			continue; /* outside the continuum */
		if (last != NULL && last->label == in->v[i].label &&
		    in->v[i].start < last->end) {
			if (in->v[i].end > last->end)
				last->end = in->v[i].end;
			continue;
		}
		out->v[out->n++] = in->v[i];
	}
}

static long double sq(long double x)
{
	return x * x;
}

/* Observed d^2 between two annotators' units of one label on one item,
 * each run sorted by start and without overlaps. */
static long double observed(const struct stet_span *a, size_t na,
			    const struct stet_span *b, size_t nb,
			    unsigned char *hit)
{
	long double d = 0;
	size_t i = 0, j = 0;

	memset(hit, 0, na + nb);
	while (i < na && j < nb) {
		if (a[i].start < b[j].end && b[j].start < a[i].end) {
			d += sq((long double)a[i].start - b[j].start) +
			     sq((long double)a[i].end - b[j].end);
			hit[i] = hit[na + j] = 1;
		}
		if (a[i].end < b[j].end)
			i++;
		else if (b[j].end < a[i].end)
			j++;
		else {
			i++;
			j++;
		}
	}
	for (i = 0; i < na; i++)
		if (!hit[i])
			d += sq((long double)a[i].end - a[i].start);
	for (j = 0; j < nb; j++)
		if (!hit[na + j])
			d += sq((long double)b[j].end - b[j].start);
	return d;
}

/* The end of the run of label c starting at i. */
static size_t run_end(const struct span_vec *v, size_t i)
{
	size_t e = i;

	while (e < v->n && v->v[e].label == v->v[i].label)
		e++;
	return e;
}

static void item_gaps(const struct span_vec *u, uint32_t length,
		      struct span_label_ua *pl, uint64_t *nunits)
{
	for (size_t i = 0; i < u->n;) {
		size_t e = run_end(u, i);
		struct span_label_ua *p = &pl[u->v[i].label];
		uint32_t at = 0;

		hist_add(&p->whole, length);
		nunits[u->v[i].label] += e - i;
		for (size_t k = i; k < e; k++) {
			if (u->v[k].start > at)
				hist_add(&p->gaps, u->v[k].start - at);
			hist_add(&p->units, u->v[k].end - u->v[k].start);
			at = u->v[k].end;
		}
		if (length > at)
			hist_add(&p->gaps, length - at);
		i = e;
	}
}

static void item_observed(const struct span_vec *x, const struct span_vec *y,
			  struct span_label_ua *pl, unsigned char **hit,
			  size_t *hcap)
{
	size_t i = 0, j = 0;

	if (*hcap < x->n + y->n + 1) {
		*hcap = (x->n + y->n) * 2 + 1;
		*hit = stet_xrealloc(*hit, *hcap);
	}
	while (i < x->n || j < y->n) {
		uint32_t c;
		size_t ie = i, je = j;

		if (j >= y->n || (i < x->n && x->v[i].label <= y->v[j].label))
			c = x->v[i].label;
		else
			c = y->v[j].label;
		while (ie < x->n && x->v[ie].label == c)
			ie++;
		while (je < y->n && y->v[je].label == c)
			je++;
		pl[c].observed += observed(x->v + i, ie - i, y->v + j, je - j,
					   *hit);
		i = ie;
		j = je;
	}
}

/* D_e of one label (stet/span_agree.h), base the item lengths of the
 * continuum each R times. */
/* One length l of m units in D_e's sum (stet/span_agree.h). */
static void expected_add(long double l, long double m, long double nc,
			 size_t R, struct walk *wb, struct walk *wg,
			 struct walk *ww, long double *num, long double *sq)
{
	long double cb, sb, cg, sg, cw, sw, n, s;

	walk_to(wb, (uint32_t)l, &cb, &sb);
	walk_to(wg, (uint32_t)l, &cg, &sg);
	walk_to(ww, (uint32_t)l, &cw, &sw);
	n = (long double)R * cb + cg - cw;
	s = (long double)R * sb + sg - sw;
	*num += m * ((nc - 1) * (2 * l * l * l - 3 * l * l + l) / 3 +
		     l * l * (s - (l - 1) * n));
	*sq += m * l * (l - 1);
}

/* D_e of one label, base the item lengths of the continuum each R
 * times. Units come by length, each length once with how many units
 * have it. */
static double expected(struct span_label_ua *p, struct span_hist *base,
		       size_t R, long double L, uint64_t nunits)
{
	long double nc = (long double)nunits, num = 0, sq = 0;
	const struct span_hist *u = &p->units;
	struct walk wb, wg, ww;

	walk_init(&wb, base);
	walk_init(&wg, &p->gaps);
	walk_init(&ww, &p->whole);
	lens_sort(&p->units.big);
	for (uint32_t l = 1; u->small != NULL && l < SPAN_HIST_SMALL; l++)
		if (u->small[l] > 0)
			expected_add(l, (long double)u->small[l], nc, R, &wb,
				     &wg, &ww, &num, &sq);
	for (size_t k = 0, e; k < u->big.n; k = e) {
		for (e = k; e < u->big.n && u->big.v[e] == u->big.v[k]; e++)
			;
		expected_add(u->big.v[k], (long double)(e - k), nc, R, &wb,
			     &wg, &ww, &num, &sq);
	}
	return (double)(2 / L * num /
			((long double)R * L * ((long double)R * L - 1) - sq));
}

void span_ua_init(struct span_ua *u, size_t nraters, size_t nlabels)
{
	memset(u, 0, sizeof *u);
	u->R = nraters;
	u->C = nlabels;
	u->pl = stet_xcalloc(nlabels + 1, sizeof *u->pl);
	u->units = stet_xcalloc(nraters + 1, sizeof *u->units);
	u->nunits = stet_xcalloc(nlabels + 1, sizeof *u->nunits);
}

void span_ua_item(struct span_ua *u, const struct span_vec *sorted,
		  uint32_t length)
{
	u->items++;
	u->L += length;
	hist_add(&u->base, length);
	for (size_t r = 0; r < u->R; r++) {
		units_of(&sorted[r], length, &u->units[r]);
		item_gaps(&u->units[r], length, u->pl, u->nunits);
	}
	for (size_t a = 0; a < u->R; a++)
		for (size_t b = a + 1; b < u->R; b++)
			item_observed(&u->units[a], &u->units[b], u->pl, &u->hit,
				      &u->hcap);
}

double span_ua_finish(struct span_ua *u, struct stet_ualpha *label,
		      uint64_t *items)
{
	size_t R = u->R, used = 0;
	long double L = u->L, mo = 0, me = 0;
	double alpha = NAN;

	*items = u->items;
	for (size_t c = 0; c < u->C; c++) {
		struct span_label_ua *p = &u->pl[c];
		struct stet_ualpha a = {NAN, NAN, NAN, u->nunits[c]};

		if (a.units > 0 && R >= 2) {
			a.d_o = (double)(2 * p->observed /
					 ((long double)R * (R - 1) * L * L));
			a.d_e = expected(p, &u->base, R, L, a.units);
			a.alpha = a.d_e > 0 ? 1 - a.d_o / a.d_e : NAN;
			mo += a.d_o;
			me += a.d_e;
			used++;
		}
		if (label != NULL)
			label[c] = a;
		hist_free(&p->units);
		hist_free(&p->gaps);
		hist_free(&p->whole);
	}
	if (used > 0 && me > 0)
		alpha = (double)(1 - mo / me);
	for (size_t r = 0; r < R; r++)
		span_vec_free(&u->units[r]);
	free(u->units);
	free(u->nunits);
	hist_free(&u->base);
	free(u->hit);
	free(u->pl);
	memset(u, 0, sizeof *u);
	return alpha;
}

bool span_ua_takes(const struct stet_span_item *it, size_t nraters)
{
	if (nraters < 2 || it->length == 0)
		return false;
	for (size_t r = 0; r < nraters; r++)
		if (it->sets[r] == NULL)
			return false;
	return true;
}

double stet_span_ualpha(const struct stet_span_study *s,
			struct stet_ualpha *label, uint64_t *items)
{
	struct span_vec *sorted = stet_xcalloc(s->nraters + 1, sizeof *sorted);
	struct span_ua u;
	double alpha;

	span_ua_init(&u, s->nraters, s->nlabels);
	for (size_t i = 0; i < s->nitems; i++) {
		if (!span_ua_takes(&s->items[i], s->nraters))
			continue;
		for (size_t r = 0; r < s->nraters; r++)
			span_sorted(s->items[i].sets[r], s->nlabels, &sorted[r]);
		span_ua_item(&u, sorted, s->items[i].length);
	}
	alpha = span_ua_finish(&u, label, items);
	for (size_t r = 0; r < s->nraters; r++)
		span_vec_free(&sorted[r]);
	free(sorted);
	return alpha;
}
