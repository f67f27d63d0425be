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

struct lens {
	uint32_t *v;
	size_t n, cap;
};

static void lens_add(struct lens *l, uint32_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = stet_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = x;
}

static int by_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* qsort wants a real pointer even for nothing to sort. */
static void lens_sort(struct lens *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_u32);
}

struct per_label {
	long double observed; /* the sum of d^2 over pairs of segments */
	struct lens units;    /* lengths of every unit */
	struct lens gaps;     /* real gaps where an annotator has units */
	struct lens whole;    /* the item lengths those gaps stand for */
};

/* A sorted multiset of lengths walked upwards: how many of them, and
 * their sum, are at least the length asked, for lengths asked in
 * ascending order. */
struct walk {
	const uint32_t *v;
	size_t n, k;
	uint64_t below_n;
	long double below_sum, sum;
};

static void walk_init(struct walk *w, const uint32_t *v, size_t n)
{
	memset(w, 0, sizeof *w);
	w->v = v;
	w->n = n;
	for (size_t i = 0; i < n; i++)
		w->sum += v[i];
}

static void walk_to(struct walk *w, uint32_t l, long double *count,
		    long double *sum)
{
	while (w->k < w->n && w->v[w->k] < l) {
		w->below_n++;
		w->below_sum += w->v[w->k++];
	}
	*count = (long double)(w->n - w->below_n);
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
		      struct per_label *pl)
{
	for (size_t i = 0; i < u->n;) {
		size_t e = run_end(u, i);
		struct per_label *p = &pl[u->v[i].label];
		uint32_t at = 0;

		lens_add(&p->whole, length);
		for (size_t k = i; k < e; k++) {
			if (u->v[k].start > at)
				lens_add(&p->gaps, u->v[k].start - at);
			lens_add(&p->units, u->v[k].end - u->v[k].start);
			at = u->v[k].end;
		}
		if (length > at)
			lens_add(&p->gaps, length - at);
		i = e;
	}
}

static void item_observed(const struct span_vec *x, const struct span_vec *y,
			  struct per_label *pl, unsigned char **hit,
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
static double expected(struct per_label *p, const struct lens *base,
		       size_t R, long double L)
{
	long double nc = (long double)p->units.n, num = 0, sq_units = 0;
	struct walk wb, wg, ww;

	lens_sort(&p->units);
	lens_sort(&p->gaps);
	lens_sort(&p->whole);
	walk_init(&wb, base->v, base->n);
	walk_init(&wg, p->gaps.v, p->gaps.n);
	walk_init(&ww, p->whole.v, p->whole.n);
	for (size_t k = 0; k < p->units.n; k++) {
		long double l = p->units.v[k], cb, sb, cg, sg, cw, sw, n, s;

		walk_to(&wb, p->units.v[k], &cb, &sb);
		walk_to(&wg, p->units.v[k], &cg, &sg);
		walk_to(&ww, p->units.v[k], &cw, &sw);
		n = (long double)R * cb + cg - cw;
		s = (long double)R * sb + sg - sw;
		num += (nc - 1) * (2 * l * l * l - 3 * l * l + l) / 3 +
		       l * l * (s - (l - 1) * n);
		sq_units += l * (l - 1);
	}
	return (double)(2 / L * num /
			((long double)R * L * ((long double)R * L - 1) - sq_units));
}

double stet_span_ualpha(const struct stet_span_study *s,
			struct stet_ualpha *label, uint64_t *items)
{
	size_t R = s->nraters, C = s->nlabels;
	struct per_label *pl = stet_xcalloc(C + 1, sizeof *pl);
	struct span_vec *sorted = stet_xcalloc(R + 1, sizeof *sorted);
	struct span_vec *units = stet_xcalloc(R + 1, sizeof *units);
	struct lens base = {0};
	unsigned char *hit = NULL;
	size_t hcap = 0, used = 0;
	long double L = 0, mo = 0, me = 0;
	double alpha = NAN;

	*items = 0;
	for (size_t i = 0; R >= 2 && i < s->nitems; i++) {
		const struct stet_span_item *it = &s->items[i];
		bool all = it->length > 0;

		for (size_t r = 0; all && r < R; r++)
			all = it->sets[r] != NULL;
		if (!all)
			continue;
		(*items)++;
		L += it->length;
		lens_add(&base, it->length);
		for (size_t r = 0; r < R; r++) {
			span_sorted(it->sets[r], C, &sorted[r]);
			units_of(&sorted[r], it->length, &units[r]);
			item_gaps(&units[r], it->length, pl);
		}
		for (size_t a = 0; a < R; a++)
			for (size_t b = a + 1; b < R; b++)
				item_observed(&units[a], &units[b], pl, &hit, &hcap);
	}
	lens_sort(&base);
	for (size_t c = 0; c < C; c++) {
		struct stet_ualpha u = {NAN, NAN, NAN, pl[c].units.n};

		if (pl[c].units.n > 0) {
			u.d_o = (double)(2 * pl[c].observed /
					 ((long double)R * (R - 1) * L * L));
			u.d_e = expected(&pl[c], &base, R, L);
			u.alpha = u.d_e > 0 ? 1 - u.d_o / u.d_e : NAN;
			mo += u.d_o;
			me += u.d_e;
			used++;
		}
		if (label != NULL)
			label[c] = u;
		free(pl[c].units.v);
		free(pl[c].gaps.v);
		free(pl[c].whole.v);
	}
	if (used > 0 && me > 0)
		alpha = (double)(1 - mo / me);
	for (size_t r = 0; r < R; r++) {
		span_vec_free(&sorted[r]);
		span_vec_free(&units[r]);
	}
	free(sorted);
	free(units);
	free(base.v);
	free(hit);
	free(pl);
	return alpha;
}
