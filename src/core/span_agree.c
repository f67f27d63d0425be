/* Span F1 (exact and partial), IOB2 tags and token kappa, and the
 * driver that runs every figure of stet/span_agree.h over a study. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "span_agree_in.h"
#include "stet/agree.h"
#include "stet/error.h"
#include "stet/span_agree.h"

/* ---- sorted copies --------------------------------------------------------- */

static int by_label_start(const void *x, const void *y)
{
	const struct stet_span *p = x, *q = y;

	if (p->label != q->label)
		return p->label < q->label ? -1 : 1;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	if (p->end != q->end)
		return p->end < q->end ? -1 : 1;
	return 0;
}

/* Items hold a handful of spans each, by the hundred thousand: an
 * insertion sort that the compiler can inline the comparison into is
 * several times faster than qsort there. */
static inline void sort_spans(struct stet_span *v, size_t n,
			      int (*cmp)(const void *, const void *))
{
	if (n > 24) {
		qsort(v, n, sizeof *v, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct stet_span x = v[i];
		size_t j = i;

		for (; j > 0 && cmp(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void span_sorted(const struct stet_span_set *s, size_t nlabels,
		 struct span_vec *out)
{
	size_t n = 0;

	out->n = 0;
	if (s == NULL || s->n == 0)
		return;
	if (out->cap < s->n) {
		out->cap = s->n * 2;
		out->v = stet_xrealloc(out->v, out->cap * sizeof *out->v);
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].start < s->v[i].end && s->v[i].label < nlabels)
			out->v[n++] = s->v[i];
	sort_spans(out->v, n, by_label_start);
	out->n = 0;
	for (size_t i = 0; i < n; i++)
		if (out->n == 0 || by_label_start(&out->v[out->n - 1], &out->v[i]) != 0)
			out->v[out->n++] = out->v[i];
}

void span_vec_free(struct span_vec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* ---- F1 ----------------------------------------------------------------- */

double stet_span_f1(uint64_t both, uint64_t na, uint64_t nb)
{
	return na + nb > 0 ? 2.0 * (double)both / (double)(na + nb) : NAN;
}

struct candidate {
	uint32_t overlap;
	uint32_t i, j; /* indices into the label's runs of a and b */
	const struct stet_span *x, *y;
};

static int by_overlap(const void *p, const void *q)
{
	const struct candidate *c = p, *d = q;

	if (c->overlap != d->overlap)
		return c->overlap > d->overlap ? -1 : 1;
	if (c->x->start != d->x->start)
		return c->x->start < d->x->start ? -1 : 1;
	if (c->y->start != d->y->start)
		return c->y->start < d->y->start ? -1 : 1;
	if (c->x->end != d->x->end)
		return c->x->end < d->x->end ? -1 : 1;
	if (c->y->end != d->y->end)
		return c->y->end < d->y->end ? -1 : 1;
	return 0;
}

/* Partial matches between two runs of one label, each sorted by start. */
static uint64_t match_partial(const struct stet_span *a, size_t na,
			      const struct stet_span *b, size_t nb,
			      struct span_scratch *w)
{
	size_t nc = 0;
	uint64_t matched = 0;

	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb && b[j].start < a[i].end; j++) {
			uint32_t lo = a[i].start > b[j].start ? a[i].start : b[j].start;
			uint32_t hi = a[i].end < b[j].end ? a[i].end : b[j].end;

			if (lo >= hi)
				continue;
			if (nc == w->ccap) {
				w->ccap = w->ccap ? w->ccap * 2 : 64;
				w->cand = stet_xrealloc(w->cand, w->ccap * sizeof *w->cand);
			}
			w->cand[nc++] = (struct candidate){hi - lo, (uint32_t)i,
							   (uint32_t)j, &a[i], &b[j]};
		}
	if (nc == 0)
		return 0;
	if (w->ucap < na + nb) {
		w->ucap = (na + nb) * 2;
		w->used = stet_xrealloc(w->used, w->ucap);
	}
	memset(w->used, 0, na + nb);
	if (nc > 24) {
		qsort(w->cand, nc, sizeof *w->cand, by_overlap);
	} else {
		for (size_t i = 1; i < nc; i++) {
			struct candidate x = w->cand[i];
			size_t j = i;

			for (; j > 0 && by_overlap(&w->cand[j - 1], &x) > 0; j--)
				w->cand[j] = w->cand[j - 1];
			w->cand[j] = x;
		}
	}
	for (size_t k = 0; k < nc; k++) {
		const struct candidate *c = &w->cand[k];

		if (w->used[c->i] || w->used[na + c->j])
			continue;
		w->used[c->i] = w->used[na + c->j] = 1;
		matched++;
	}
	return matched;
}

void span_compare_sorted(const struct span_vec *a, const struct span_vec *b,
			 struct stet_span_counts *all,
			 struct stet_span_counts *label, struct span_scratch *w)
{
	size_t i = 0, j = 0;

	all->a += a->n;
	all->b += b->n;
	while (i < a->n || j < b->n) {
		uint32_t c;
		size_t ie = i, je = j, x, y;
		uint64_t exact = 0, partial;

		/* the next label either side has */
		if (j >= b->n || (i < a->n && a->v[i].label <= b->v[j].label))
			c = a->v[i].label;
		else
			c = b->v[j].label;
		while (ie < a->n && a->v[ie].label == c)
			ie++;
		while (je < b->n && b->v[je].label == c)
			je++;
		for (x = i, y = j; x < ie && y < je;) {
			int d = by_label_start(&a->v[x], &b->v[y]);

			exact += d == 0;
			x += d <= 0;
			y += d >= 0;
		}
		partial = match_partial(a->v + i, ie - i, b->v + j, je - j, w);
		all->exact += exact;
		all->partial += partial;
		if (label != NULL) {
			label[c].a += ie - i;
			label[c].b += je - j;
			label[c].exact += exact;
			label[c].partial += partial;
		}
		i = ie;
		j = je;
	}
}

void span_scratch_free(struct span_scratch *w)
{
	free(w->cand);
	free(w->used);
	memset(w, 0, sizeof *w);
}

void stet_span_compare(const struct stet_span_set *a,
		       const struct stet_span_set *b, size_t nlabels,
		       struct stet_span_counts *all,
		       struct stet_span_counts *label)
{
	struct span_vec va = {0}, vb = {0};
	struct span_scratch w = {0};

	span_sorted(a, nlabels, &va);
	span_sorted(b, nlabels, &vb);
	span_compare_sorted(&va, &vb, all, label, &w);
	span_vec_free(&va);
	span_vec_free(&vb);
	span_scratch_free(&w);
}

/* ---- IOB2 ----------------------------------------------------------------- */

/* Token order: first token, then the longer range, then the label. */
static int by_token(const void *x, const void *y)
{
	const struct stet_span *p = x, *q = y;

	if (p->tok_start != q->tok_start)
		return p->tok_start < q->tok_start ? -1 : 1;
	if (p->tok_end != q->tok_end)
		return p->tok_end > q->tok_end ? -1 : 1;
	if (p->label != q->label)
		return p->label < q->label ? -1 : 1;
	return 0;
}

void span_iob2_sorted(struct span_vec *v, uint32_t ntokens, uint32_t *tags)
{
	if (ntokens == 0)
		return;
	memset(tags, 0, ntokens * sizeof *tags);
	sort_spans(v->v, v->n, by_token);
	for (size_t i = 0; i < v->n; i++) {
		const struct stet_span *sp = &v->v[i];
		uint32_t end = sp->tok_end < ntokens ? sp->tok_end : ntokens;
		bool run = false;

		for (uint32_t t = sp->tok_start; t < end; t++) {
			if (tags[t] != 0) {
				run = false;
				continue;
			}
			tags[t] = (run ? 2u : 1u) + 2u * sp->label;
			run = true;
		}
	}
}

void stet_span_iob2(const struct stet_span_set *s, uint32_t ntokens,
		    uint32_t *tags)
{
	struct span_vec v = {0};
	uint32_t top = 0;

	/* Every label the set uses, so that nothing is dropped here. */
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (s->v[i].label >= top)
			top = s->v[i].label + 1;
	span_sorted(s, top, &v);
	span_iob2_sorted(&v, ntokens, tags);
	span_vec_free(&v);
}

/* ---- the whole study ------------------------------------------------------ */

struct tag_table {
	uint64_t n, same, *row, *col;
};

static void table_add(struct tag_table *t, uint32_t x, uint32_t y)
{
	t->n++;
	t->same += x == y;
	t->row[x]++;
	t->col[y]++;
}

void stet_span_agree(const struct stet_span_study *s,
		     struct stet_span_agreement *out)
{
	stet_span_agree_items(s, out, NULL);
}

void stet_span_agree_items(const struct stet_span_study *s,
			   struct stet_span_agreement *out,
			   struct stet_span_counts *per_item)
{
	size_t R = s->nraters, L = s->nlabels, q = 1 + 2 * L;
	size_t np = R > 1 ? R * (R - 1) / 2 : 0, k;
	struct span_vec *sorted = stet_xcalloc(R + 1, sizeof *sorted);
	struct span_vec *bytok = stet_xcalloc(R + 1, sizeof *bytok);
	struct tag_table *tab = stet_xcalloc(2 * np + 1, sizeof *tab);
	uint64_t *cells = stet_xcalloc(2 * np * 2 * q + 1, sizeof *cells);
	uint32_t **tags = stet_xcalloc(R + 1, sizeof *tags);
	uint32_t *tcap = stet_xcalloc(R + 1, sizeof *tcap);
	struct span_scratch w = {0};
	struct span_ua ua;
	double ka = 0, km = 0;
	size_t nka = 0, nkm = 0;

	memset(out, 0, sizeof *out);
	out->nraters = R;
	out->nlabels = L;
	out->npairs = np;
	out->pairs = stet_xcalloc(np + 1, sizeof *out->pairs);
	out->label = stet_xcalloc(L + 1, sizeof *out->label);
	out->ualpha_label = stet_xcalloc(L + 1, sizeof *out->ualpha_label);
	k = 0;
	for (size_t a = 0; a < R; a++)
		for (size_t b = a + 1; b < R; b++, k++) {
			out->pairs[k].a = a;
			out->pairs[k].b = b;
			out->pairs[k].label = stet_xcalloc(L + 1,
				sizeof *out->pairs[k].label);
		}
	for (size_t t = 0; t < 2 * np; t++) {
		tab[t].row = cells + t * 2 * q;
		tab[t].col = tab[t].row + q;
	}
	if (per_item != NULL && s->nitems * np > 0)
		memset(per_item, 0, s->nitems * np * sizeof *per_item);
	span_ua_init(&ua, R, L);
	for (size_t i = 0; i < s->nitems; i++) {
		const struct stet_span_item *it = &s->items[i];
		uint32_t nt = it->ntokens;

		for (size_t r = 0; r < R; r++) {
			if (it->sets[r] == NULL)
				continue;
			span_sorted(it->sets[r], L, &sorted[r]);
			if (nt == 0)
				continue;
			if (tcap[r] < nt) {
				tcap[r] = nt;
				tags[r] = stet_xrealloc(tags[r], nt * sizeof **tags);
			}
			/* The IOB2 sort reorders: it gets a copy of its own. */
			if (bytok[r].cap < sorted[r].n) {
				bytok[r].cap = sorted[r].n * 2;
				bytok[r].v = stet_xrealloc(bytok[r].v,
					bytok[r].cap * sizeof *bytok[r].v);
			}
			bytok[r].n = sorted[r].n;
			if (sorted[r].n > 0)
				memcpy(bytok[r].v, sorted[r].v,
				       sorted[r].n * sizeof *sorted[r].v);
			span_iob2_sorted(&bytok[r], nt, tags[r]);
		}
		if (span_ua_takes(it, R))
			span_ua_item(&ua, sorted, it->length);
		for (k = 0; k < np; k++) {
			struct stet_span_pair *p = &out->pairs[k];
			const uint32_t *ta, *tb;

			if (it->sets[p->a] == NULL || it->sets[p->b] == NULL)
				continue;
			p->items++;
			if (per_item != NULL) {
				struct stet_span_counts *c = &per_item[i * np + k];

				*c = p->all;
				span_compare_sorted(&sorted[p->a], &sorted[p->b],
						    &p->all, p->label, &w);
				c->a = p->all.a - c->a;
				c->b = p->all.b - c->b;
				c->exact = p->all.exact - c->exact;
				c->partial = p->all.partial - c->partial;
			} else {
				span_compare_sorted(&sorted[p->a], &sorted[p->b],
						    &p->all, p->label, &w);
			}
			ta = tags[p->a];
			tb = tags[p->b];
			for (uint32_t t = 0; t < nt; t++) {
				table_add(&tab[2 * k], ta[t], tb[t]);
				if (ta[t] != 0 || tb[t] != 0)
					table_add(&tab[2 * k + 1], ta[t], tb[t]);
			}
		}
	}
	for (k = 0; k < np; k++) {
		struct stet_span_pair *p = &out->pairs[k];

		p->tokens_all = tab[2 * k].n;
		p->tokens_marked = tab[2 * k + 1].n;
		p->kappa_all = stet_kappa_margins(tab[2 * k].n, tab[2 * k].same,
						  tab[2 * k].row, tab[2 * k].col, q);
		p->kappa_marked = stet_kappa_margins(tab[2 * k + 1].n,
			tab[2 * k + 1].same, tab[2 * k + 1].row,
			tab[2 * k + 1].col, q);
		if (isfinite(p->kappa_all)) {
			ka += p->kappa_all;
			nka++;
		}
		if (isfinite(p->kappa_marked)) {
			km += p->kappa_marked;
			nkm++;
		}
		out->all.a += p->all.a;
		out->all.b += p->all.b;
		out->all.exact += p->all.exact;
		out->all.partial += p->all.partial;
		for (size_t c = 0; c < L; c++) {
			out->label[c].a += p->label[c].a;
			out->label[c].b += p->label[c].b;
			out->label[c].exact += p->label[c].exact;
			out->label[c].partial += p->label[c].partial;
		}
	}
	out->kappa_all = nka ? ka / (double)nka : NAN;
	out->kappa_marked = nkm ? km / (double)nkm : NAN;
	out->ualpha = span_ua_finish(&ua, out->ualpha_label, &out->ualpha_items);
	for (size_t r = 0; r < R; r++) {
		span_vec_free(&sorted[r]);
		span_vec_free(&bytok[r]);
		free(tags[r]);
	}
	span_scratch_free(&w);
	free(sorted);
	free(bytok);
	free(tags);
	free(tcap);
	free(tab);
	free(cells);
}

void stet_span_agreement_free(struct stet_span_agreement *a)
{
	for (size_t k = 0; k < a->npairs; k++)
		free(a->pairs[k].label);
	free(a->pairs);
	free(a->label);
	free(a->ualpha_label);
	memset(a, 0, sizeof *a);
}
