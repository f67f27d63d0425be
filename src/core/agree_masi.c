/* Krippendorff's alpha with the MASI distance (Passonneau 2006), for
 * multi-label values: apart from agree.c because sets need their own
 * bookkeeping (bitsets, a table of the distinct sets). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/error.h"
#include "stet/mix.h"

/* ---- MASI -------------------------------------------------------------- */

static unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* Passonneau (2006), "Measuring Agreement on Set-Valued Items (MASI)
 * for Semantic and Pragmatic Annotation", LREC: d = 1 - J M, written
 * (3 |A u B| - 3M |A n B|) / (3 |A u B|), integers over integers, so
 * that it is rounded once and 2/3 and 1/3 not at all (nltk's
 * masi_distance uses 0.67 and 0.33). */
double stet_masi_distance(const uint64_t *a, const uint64_t *b, size_t words)
{
	uint64_t na = 0, nb = 0, ni = 0, nu = 0, m3;

	for (size_t w = 0; w < words; w++) {
		na += popcount64(a[w]);
		nb += popcount64(b[w]);
		ni += popcount64(a[w] & b[w]);
		nu += popcount64(a[w] | b[w]);
	}
	if (nu == 0)
		return 0; /* two empty sets are equal */
	if (ni == na && ni == nb)
		m3 = 3;
	else if (ni == (na < nb ? na : nb))
		m3 = 2;
	else if (ni > 0)
		m3 = 1;
	else
		return 1;
	return (double)(3 * nu - m3 * ni) / (double)(3 * nu);
}

/* The distinct pairable sets and their counts, an open-addressed table:
 * the expected disagreement pairs distinct sets, not values, which is
 * what keeps it from being quadratic in the values. */
struct set_table {
	size_t cap, len;
	size_t *at;    /* offset of a representative set; SIZE_MAX empty */
	uint64_t *n;
	const uint64_t *sets;
	size_t words;
};

static uint64_t set_hash(const uint64_t *s, size_t words)
{
	uint64_t h = words;

	for (size_t w = 0; w < words; w++)
		h = stet_mix64(h ^ s[w]);
	return h;
}

static void set_table_alloc(struct set_table *t, size_t cap)
{
	t->cap = cap;
	t->at = stet_xmalloc(cap * sizeof *t->at);
	t->n = stet_xcalloc(cap, sizeof *t->n);
	for (size_t j = 0; j < cap; j++)
		t->at[j] = SIZE_MAX;
}

static void set_table_add(struct set_table *t, size_t at, uint64_t n);

static void set_table_grow(struct set_table *t)
{
	size_t old = t->cap, *at = t->at;
	uint64_t *n = t->n;

	set_table_alloc(t, old * 2);
	t->len = 0;
	for (size_t j = 0; j < old; j++)
		if (at[j] != SIZE_MAX)
			set_table_add(t, at[j], n[j]);
	free(at);
	free(n);
}

static void set_table_add(struct set_table *t, size_t at, uint64_t n)
{
	const uint64_t *s = t->sets + at;
	size_t j, mask;

	if (2 * (t->len + 1) > t->cap)
		set_table_grow(t);
	mask = t->cap - 1;
	j = (size_t)set_hash(s, t->words) & mask;
	while (t->at[j] != SIZE_MAX &&
	       memcmp(t->sets + t->at[j], s, t->words * sizeof *s) != 0)
		j = (j + 1) & mask;
	if (t->at[j] == SIZE_MAX) {
		t->at[j] = at;
		t->len++;
	}
	t->n[j] += n;
}

static bool set_present(const struct stet_set_ratings *r, size_t at)
{
	return !r->missing || !r->missing[at];
}

/* Krippendorff (2011) alpha as above with the MASI difference; the same
 * sum as nltk's AnnotationTask.alpha: D_o per unit sums d over its
 * ordered pairs / (m_u - 1), D_e over all ordered pairs of pairable
 * values. Cost: the items' pairs, plus the square of the number of
 * distinct sets. */
double stet_masi_alpha(const struct stet_set_ratings *r)
{
	struct set_table t = {.sets = r->sets, .words = r->words};
	double dobs = 0, dexp = 0;
	uint64_t n = 0;
	size_t w = r->words;

	if (r->nraters < 2)
		return NAN;
	set_table_alloc(&t, 64);
	for (size_t i = 0; i < r->nitems; i++) {
		size_t base = i * r->nraters, m = 0;
		double s = 0;

		for (size_t k = 0; k < r->nraters; k++)
			m += set_present(r, base + k);
		if (m < 2)
			continue;
		for (size_t k = 0; k < r->nraters; k++) {
			if (!set_present(r, base + k))
				continue;
			set_table_add(&t, (base + k) * w, 1);
			for (size_t l = k + 1; l < r->nraters; l++)
				if (set_present(r, base + l))
					s += stet_masi_distance(
						r->sets + (base + k) * w,
						r->sets + (base + l) * w, w);
		}
		n += m;
		dobs += 2 * s / (double)(m - 1);
	}
	/* Gather the distinct sets at the front, then pair them. */
	t.len = 0;
	for (size_t j = 0; j < t.cap; j++) {
		if (t.at[j] == SIZE_MAX)
			continue;
		t.at[t.len] = t.at[j];
		t.n[t.len++] = t.n[j];
	}
	for (size_t j = 0; j < t.len; j++)
		for (size_t l = j + 1; l < t.len; l++)
			dexp += 2 * (double)t.n[j] * (double)t.n[l] *
				stet_masi_distance(t.sets + t.at[j],
						   t.sets + t.at[l], w);
	free(t.at);
	free(t.n);
	if (n < 2 || !(dexp > 0))
		return NAN;
	return 1 - (double)(n - 1) * dobs / dexp;
}

