/* The statistics the fatigue verdict rests on: order statistics, the
 * Theil-Sen slope, and the significance tests (Mann-Kendall,
 * Mann-Whitney, Fisher's exact test, the probability of a run), each
 * checked against scipy or a textbook in tests/unit/test_stats.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/stats.h"

/* ---- order statistics ---- */

static double med3(double a, double b, double c)
{
	if (a < b)
		return b < c ? b : (a < c ? c : a);
	return a < c ? a : (b < c ? c : b);
}

/* The k-th smallest of a[0..n) (k from 0); reorders a so that what is
 * before k is no greater and what is after no smaller. Hoare's
 * partition around a median of three. */
static double select_k(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (lo < hi) {
		double pivot = med3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
		ptrdiff_t i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

double stet_median(double *v, size_t n)
{
	double hi, lo;

	if (n == 0)
		return NAN;
	hi = select_k(v, n, n / 2);
	if (n % 2)
		return hi;
	lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	return (lo + hi) / 2;
}

double stet_entropy(const uint64_t *counts, size_t k)
{
	double total = 0, h = 0;

	for (size_t c = 0; c < k; c++)
		total += (double)counts[c];
	if (total == 0)
		return NAN;
	for (size_t c = 0; c < k; c++) {
		double p = (double)counts[c] / total;

		if (p > 0)
			h -= p * log2(p);
	}
	return h == 0 ? 0 : h; /* no -0 */
}

double stet_theil_sen(const double *x, const double *y, size_t n)
{
	size_t m = 0;
	double *s, med;

	if (n < 2)
		return NAN;
	s = stet_xcalloc(n * (n - 1) / 2, sizeof *s);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (x[j] != x[i])
				s[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	med = stet_median(s, m);
	free(s);
	return med;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Upper tail of the standard normal. */
static double normal_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

double stet_mann_kendall_p(const double *y, size_t n)
{
	double s = 0, var, ties = 0, z, *sorted;

	if (n < 3)
		return NAN;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			s += (y[j] > y[i]) - (y[j] < y[i]);
	sorted = stet_xcalloc(n, sizeof *sorted);
	memcpy(sorted, y, n * sizeof *y);
	qsort(sorted, n, sizeof *sorted, by_double);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double t;

		while (j < n && sorted[j] == sorted[i])
			j++;
		t = (double)(j - i);
		ties += t * (t - 1) * (2 * t + 5);
		i = j;
	}
	free(sorted);
	var = ((double)n * (double)(n - 1) * (2.0 * (double)n + 5) - ties) / 18;
	if (var <= 0)
		return 1;
	z = (s - (s > 0) + (s < 0)) / sqrt(var);
	z = fabs(z);
	return fmin(1, 2 * normal_sf(z));
}

struct ranked {
	double v;
	int group; /* 0: x, 1: y */
};

static int by_value(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

double stet_mann_whitney_p(const double *x, size_t nx, const double *y,
			   size_t ny, enum stet_alternative alt)
{
	size_t n = nx + ny;
	struct ranked *r;
	double rx = 0, ties = 0, u1, u, mu, sd, z, p, dn = (double)n;

	if (nx == 0 || ny == 0)
		return NAN;
	r = stet_xcalloc(n, sizeof *r);
	for (size_t i = 0; i < nx; i++)
		r[i] = (struct ranked){x[i], 0};
	for (size_t i = 0; i < ny; i++)
		r[nx + i] = (struct ranked){y[i], 1};
	qsort(r, n, sizeof *r, by_value);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double t, rank;

		while (j < n && r[j].v == r[i].v)
			j++;
		t = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2; /* average of i+1..j */
		for (size_t k = i; k < j; k++)
			if (r[k].group == 0)
				rx += rank;
		ties += t * t * t - t;
		i = j;
	}
	free(r);
	u1 = rx - (double)nx * ((double)nx + 1) / 2;
	mu = (double)nx * (double)ny / 2;
	sd = sqrt((double)nx * (double)ny / 12 *
		  ((dn + 1) - ties / (dn * (dn - 1))));
	if (!(sd > 0))
		return 1;
	if (alt == STET_GREATER)
		u = u1;
	else if (alt == STET_LESS)
		u = (double)nx * (double)ny - u1;
	else
		u = fmax(u1, (double)nx * (double)ny - u1);
	z = (u - mu - 0.5) / sd;
	p = normal_sf(z);
	if (alt == STET_TWO_SIDED)
		p *= 2;
	return fmin(1, fmax(0, p));
}

static double lchoose(uint64_t n, uint64_t k)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) -
	       lgamma((double)(n - k) + 1);
}

double stet_fisher_exact_p(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
			   enum stet_alternative alt)
{
	uint64_t r1 = a + b, r2 = c + d, c1 = a + c, n = r1 + r2;
	uint64_t lo = c1 > r2 ? c1 - r2 : 0, hi = r1 < c1 ? r1 : c1;
	double base = lchoose(n, c1), pa, p = 0;

	if (n == 0)
		return 1;
	pa = exp(lchoose(r1, a) + lchoose(r2, c1 - a) - base);
	for (uint64_t x = lo; x <= hi; x++) {
		double px = exp(lchoose(r1, x) + lchoose(r2, c1 - x) - base);

		if ((alt == STET_LESS && x <= a) ||
		    (alt == STET_GREATER && x >= a) ||
		    (alt == STET_TWO_SIDED && px <= pa * (1 + 1e-7)))
			p += px;
	}
	return fmin(1, p);
}

double stet_run_p(const double *p, size_t k, size_t n, size_t len,
		  size_t only)
{
	size_t m = len - 1, nb = 0, *cat;
	double *ring, *A, *pw, absorbed = 0, S = 1, unbounded = 0;

	if (len == 0)
		return 1;
	if (n < len)
		return 0;
	if (len == 1) {
		if (only == SIZE_MAX)
			return 1;
		return only < k ? 1 - pow(1 - p[only], (double)n) : 0;
	}
	/* Categories whose runs are followed ("bounded"): the others only
	 * pass their mass on, so they are summed as one. */
	cat = stet_xcalloc(k ? k : 1, sizeof *cat);
	pw = stet_xcalloc(k ? k : 1, sizeof *pw);
	for (size_t c = 0; c < k; c++) {
		double w = pow(p[c], (double)(m - 1));

		if (p[c] > 0 && (only == SIZE_MAX || only == c) &&
		    w * p[c] > 1e-300) {
			pw[nb] = w;
			cat[nb++] = c;
		} else {
			unbounded += p[c];
		}
	}
	ring = stet_xcalloc(nb > 0 ? nb * m : 1, sizeof *ring);
	A = stet_xcalloc(nb ? nb : 1, sizeof *A);
	/* After the first draw: a run of one, of each category. */
	for (size_t b = 0; b < nb; b++) {
		ring[b * m + (1 % m)] = p[cat[b]];
		A[b] = p[cat[b]];
	}
	/* ring[b*m + t % m] is b_t: the mass that began a run of cat[b] at
	 * draw t and is still in it; A[b] the mass in a run of cat[b] now,
	 * none of it absorbed (a run of len seen). */
	for (size_t t = 1; t < n; t++) {
		double next = S * unbounded;

		for (size_t b = 0; b < nb; b++) {
			double pc = p[cat[b]], *slot = &ring[b * m + (t + 1) % m];
			double w = pw[b] * *slot; /* in a run of len - 1 now */
			double nb_ = pc * (S - A[b]), rest = A[b] - w;

			absorbed += pc * w;
			A[b] = nb_ + pc * (rest > 0 ? rest : 0);
			*slot = nb_;
			next += A[b];
		}
		S = next;
	}
	free(ring);
	free(A);
	free(pw);
	free(cat);
	return fmin(1, fmax(0, absorbed));
}

size_t stet_longest_run(const uint32_t *v, size_t n, size_t *start)
{
	size_t best = 0, at = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && v[j] == v[i])
			j++;
		if (j - i > best) {
			best = j - i;
			at = i;
		}
		i = j;
	}
	if (start)
		*start = at;
	return best;
}
