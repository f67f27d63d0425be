#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"

#define M STET_MISSING

/* ---- shared -------------------------------------------------------------- */

static double absd(double x)
{
	return x < 0 ? -x : x;
}

/* Within tol of want, relative to want's size (absolute near zero):
 * the tolerance says how many digits a check claims. */
static void near(double got, double want, double tol, const char *what)
{
	double scale = absd(want) > 1 ? absd(want) : 1;

	if (isnan(got) || !(absd(got - want) <= tol * scale))
		fail_msg("%s: got %.17g, want %.17g (tol %g)", what, got, want,
			 tol);
}

/* The figure as printed: rounded to `digits` decimals, without libm. */
static void printed(double got, long want, int digits, const char *what)
{
	double scale = 1;
	long r;

	for (int d = 0; d < digits; d++)
		scale *= 10;
	r = (long)(got * scale + (got < 0 ? -0.5 : 0.5));
	if (r != want)
		fail_msg("%s: got %.17g, printed %ld, want %ld", what, got, r,
			 want);
}

static void is_nan(double got, const char *what)
{
	if (!isnan(got))
		fail_msg("%s: got %.17g, want NaN", what, got);
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rng_next(s) % n);
}

/* ---- independent textbook implementations -------------------------------- */

/* A sum that keeps the low-order bits each addition loses (Neumaier),
 * so that the oracle below is exact to a double's precision over
 * millions of terms even where long double is no wider than double:
 * under valgrind, whose x87 has only 64-bit precision, and on machines
 * without extended precision. */
struct ksum {
	long double s, c;
};

static void ksum_add(struct ksum *k, long double x)
{
	long double t = k->s + x;

	if (fabsl(k->s) >= fabsl(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

/* Krippendorff (2011) read literally: every ordered pair of values in a
 * unit, D_e over every ordered pair of pairable values, the ordinal
 * difference summed category by category; long double throughout, and
 * the two big sums compensated. It shares no code with agree.c. */
static long double naive_delta(const struct stet_ratings *r,
			       enum stet_level level, const long double *nc,
			       uint32_t c, uint32_t k)
{
	long double vc = r->value ? r->value[c] : c + 1.0L;
	long double vk = r->value ? r->value[k] : k + 1.0L;
	long double s = 0;

	if (c == k)
		return 0;
	switch (level) {
	case STET_LEVEL_NOMINAL:
		return 1;
	case STET_LEVEL_ORDINAL:
		for (uint32_t g = c < k ? c : k; g <= (c < k ? k : c); g++)
			s += nc[g];
		s -= (nc[c] + nc[k]) / 2;
		return s * s;
	case STET_LEVEL_INTERVAL:
		return (vc - vk) * (vc - vk);
	case STET_LEVEL_RATIO:
		if (vc + vk == 0)
			return 0;
		return ((vc - vk) / (vc + vk)) * ((vc - vk) / (vc + vk));
	}
	return 0;
}

static double naive_alpha(const struct stet_ratings *r, enum stet_level level)
{
	size_t R = r->nraters, n = 0;
	long double *nc = calloc(r->ncat, sizeof *nc), dobs, dexp;
	struct ksum obs = {0, 0}, exp_ = {0, 0};
	uint32_t *vals = calloc(r->nitems * R + 1, sizeof *vals);

	assert_non_null(nc);
	assert_non_null(vals);
	for (size_t i = 0; i < r->nitems; i++) {
		size_t m = 0;

		for (size_t a = 0; a < R; a++)
			m += r->v[i * R + a] != M;
		if (m < 2)
			continue;
		for (size_t a = 0; a < R; a++)
			if (r->v[i * R + a] != M) {
				vals[n++] = r->v[i * R + a];
				nc[r->v[i * R + a]] += 1;
			}
	}
	for (size_t i = 0; i < r->nitems; i++) {
		size_t m = 0;

		for (size_t a = 0; a < R; a++)
			m += r->v[i * R + a] != M;
		if (m < 2)
			continue;
		for (size_t a = 0; a < R; a++)
			for (size_t b = 0; b < R; b++)
				if (a != b && r->v[i * R + a] != M &&
				    r->v[i * R + b] != M)
					ksum_add(&obs, naive_delta(r, level, nc,
							r->v[i * R + a],
							r->v[i * R + b]) /
						 (long double)(m - 1));
	}
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++)
			ksum_add(&exp_, naive_delta(r, level, nc, vals[a],
						    vals[b]));
	dobs = obs.s + obs.c;
	dexp = exp_.s + exp_.c;
	free(nc);
	free(vals);
	if (dexp == 0)
		return NAN;
	return (double)(1 - (n - 1) * dobs / dexp);
}

/* irrCAC's fleiss.kappa.raw and gwet.ac1.raw (unweighted) transcribed
 * with the agreement matrix built in full. */
static void naive_gwet(const struct stet_ratings *r, double *fleiss,
		       double *ac1)
{
	size_t q = r->ncat, R = r->nraters, n1 = 0, n2 = 0;
	long double *pi = calloc(q, sizeof *pi), pa = 0, pf = 0, pg = 0;
	long double *cnt = calloc(q, sizeof *cnt);

	assert_non_null(pi);
	assert_non_null(cnt);
	for (size_t i = 0; i < r->nitems; i++) {
		long double ri = 0, s = 0;

		memset(cnt, 0, q * sizeof *cnt);
		for (size_t a = 0; a < R; a++)
			if (r->v[i * R + a] != M) {
				cnt[r->v[i * R + a]] += 1;
				ri += 1;
			}
		if (ri < 1)
			continue;
		n1++;
		for (size_t k = 0; k < q; k++) {
			pi[k] += cnt[k] / ri;
			s += cnt[k] * (cnt[k] - 1);
		}
		if (ri >= 2) {
			n2++;
			pa += s / (ri * (ri - 1));
		}
	}
	pa /= n2;
	for (size_t k = 0; k < q; k++) {
		pi[k] /= n1;
		pf += pi[k] * pi[k];
		pg += pi[k] * (1 - pi[k]);
	}
	pg /= q - 1;
	*fleiss = (double)((pa - pf) / (1 - pf));
	*ac1 = (double)((pa - pg) / (1 - pg));
	free(pi);
	free(cnt);
}

/* sklearn.metrics.cohen_kappa_score transcribed: the confusion matrix
 * over the sorted union of used labels, expected = outer / N. */
static void naive_cohen(const struct stet_ratings *r, size_t a, size_t b,
			double out[3])
{
	size_t q = r->ncat, R = r->nraters, u = 0;
	long double *cm = calloc(q * q, sizeof *cm);
	long double *row = calloc(q, sizeof *row), *col = calloc(q, sizeof *col);
	long double n = 0;
	size_t *rank = calloc(q, sizeof *rank);

	for (size_t i = 0; i < r->nitems; i++) {
		uint32_t x = r->v[i * R + a], y = r->v[i * R + b];

		if (x == M || y == M)
			continue;
		cm[x * q + y] += 1;
		row[x] += 1;
		col[y] += 1;
		n += 1;
	}
	for (size_t c = 0; c < q; c++) {
		rank[c] = u;
		u += row[c] + col[c] > 0;
	}
	for (int w = 0; w < 3; w++) {
		long double num = 0, den = 0;

		for (size_t x = 0; x < q; x++)
			for (size_t y = 0; y < q; y++) {
				long double d = (long double)rank[x] - rank[y];
				long double wt = w == 0 ? (x != y) :
					w == 1 ? (d < 0 ? -d : d) : d * d;

				num += wt * cm[x * q + y];
				den += wt * row[x] * col[y] / n;
			}
		out[w] = (double)(1 - num / den);
	}
	free(cm);
	free(row);
	free(col);
	free(rank);
}

/* ---- Krippendorff (2011), the worked example ----------------------------- */

/* "Computing Krippendorff's Alpha-Reliability" (2011), the worked
 * example with missing data: observers A..D (columns) on units 1..12
 * (rows), values 1..5 stored as indices 0..4; the same data as irr's
 * kripp.alpha example. */
static const uint32_t kripp_v[12 * 4] = {
	0, 0, M, 0,
	1, 1, 2, 1,
	2, 2, 2, 2,
	2, 2, 2, 2,
	1, 1, 1, 1,
	0, 1, 2, 3,
	3, 3, 3, 3,
	0, 0, 1, 0,
	1, 1, 1, 1,
	M, 4, 4, 4,
	M, M, 0, 0,
	M, M, 2, M,
};
static const double kripp_value[5] = {1, 2, 3, 4, 5};

static struct stet_ratings kripp(void)
{
	struct stet_ratings r = {12, 4, 5, kripp_v, kripp_value};

	return r;
}

/* Exact values are rationals computed with Python's fractions module
 * from the paper's formulas (and, for nominal, interval and ratio, the
 * same digits from nltk's AnnotationTask.alpha); the printed figures
 * are the paper's. */
static void krippendorff_paper_example(void **state)
{
	struct stet_ratings r = kripp();
	static const struct {
		enum stet_level level;
		long printed;
		double exact;
		const char *name;
	} want[] = {
		{STET_LEVEL_NOMINAL, 743, 113.0 / 152.0, "nominal"},
		{STET_LEVEL_ORDINAL, 815, 108577.0 / 133160.0, "ordinal"},
		{STET_LEVEL_INTERVAL, 849, 951.0 / 1120.0, "interval"},
		{STET_LEVEL_RATIO, 797, 18222619.0 / 22852465.0, "ratio"},
	};

	(void)state;
	for (size_t j = 0; j < sizeof want / sizeof want[0]; j++) {
		double a = stet_krippendorff_alpha(&r, want[j].level);

		printed(a, want[j].printed, 3, want[j].name);
		near(a, want[j].exact, 1e-15, want[j].name);
		near(a, naive_alpha(&r, want[j].level), 1e-15, want[j].name);
	}
	/* nltk 3.8, AnnotationTask(distance=binary_distance).alpha() etc. */
	near(stet_krippendorff_alpha(&r, STET_LEVEL_NOMINAL),
	     0.743421052631579, 1e-15, "nltk nominal");
	near(stet_krippendorff_alpha(&r, STET_LEVEL_INTERVAL),
	     0.8491071428571428, 1e-15, "nltk interval");
	near(stet_krippendorff_alpha(&r, STET_LEVEL_RATIO),
	     0.797402774711612, 1e-15, "nltk ratio");
}

/* Interval alpha is blind to where the scale starts; without a value
 * table the categories are valued by rank, as 1..5 here. */
static void interval_values(void **state)
{
	struct stet_ratings r = kripp();
	static const double shifted[5] = {101, 102, 103, 104, 105};
	double a = stet_krippendorff_alpha(&r, STET_LEVEL_INTERVAL);

	(void)state;
	r.value = NULL;
	near(stet_krippendorff_alpha(&r, STET_LEVEL_INTERVAL), a, 1e-15,
	     "no table");
	near(stet_krippendorff_alpha(&r, STET_LEVEL_RATIO),
	     18222619.0 / 22852465.0, 1e-15, "ratio by rank");
	r.value = shifted;
	near(stet_krippendorff_alpha(&r, STET_LEVEL_INTERVAL), a, 1e-13,
	     "shifted");
}

/* Fleiss, Gwet: rationals from irrCAC's formulas (Python fractions).
 * They round to .761 and .775 with q = 5, every value 1..5 used. */
static void gwet_on_paper_example(void **state)
{
	struct stet_ratings r = kripp();
	double f, a;

	(void)state;
	f = stet_fleiss_kappa(&r);
	printed(f, 761, 3, "fleiss");
	near(f, 7343.0 / 9647.0, 1e-15, "fleiss");
	a = stet_gwet_ac(&r, STET_LEVEL_NOMINAL);
	printed(a, 775, 3, "ac1");
	near(a, 31825.0 / 41041.0, 1e-15, "ac1");
	near(stet_gwet_ac(&r, STET_LEVEL_ORDINAL), 3985.0 / 4433.0, 1e-15,
	     "ac2 ordinal weights");
	near(stet_gwet_ac(&r, STET_LEVEL_INTERVAL), 17685.0 / 19349.0, 1e-15,
	     "ac2 quadratic weights");
	near(stet_gwet_ac(&r, STET_LEVEL_RATIO),
	     4932355783.0 / 5752906951.0, 1e-15, "ac2 ratio weights");
	near(stet_percent_agreement(&r), 9.0 / 11.0, 1e-15, "percent");
}

/* ---- Fleiss (1971) ------------------------------------------------------- */

/* The 10 subjects x 14 raters x 5 categories of Fleiss (1971), as in
 * Wikipedia's "Fleiss' kappa": P-bar .378, P-bar_e .213, kappa .210
 * (exactly 4211/20059). */
static void fleiss_1971_example(void **state)
{
	static const unsigned table[10][5] = {
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6},
		{0, 3, 9, 2, 0}, {2, 2, 8, 1, 1}, {7, 7, 0, 0, 0},
		{3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0},
		{0, 2, 2, 3, 7},
	};
	uint32_t v[10 * 14];
	struct stet_ratings r = {10, 14, 5, v, NULL};
	double k, f, a;

	(void)state;
	for (size_t i = 0; i < 10; i++) {
		size_t at = 0;

		for (uint32_t c = 0; c < 5; c++)
			for (unsigned n = 0; n < table[i][c]; n++)
				v[i * 14 + at++] = c;
		assert_int_equal(at, 14);
	}
	k = stet_fleiss_kappa(&r);
	printed(k, 210, 3, "fleiss 1971");
	near(k, 4211.0 / 20059.0, 1e-15, "fleiss 1971 exact");
	printed(stet_percent_agreement(&r), 378, 3, "P-bar");
	near(stet_percent_agreement(&r), 0.37802197802197801, 1e-15, "P-bar");
	naive_gwet(&r, &f, &a);
	near(k, f, 1e-15, "irrCAC transcribed");
	near(stet_gwet_ac(&r, STET_LEVEL_NOMINAL), a, 1e-15, "ac1");
}

/* ---- two raters ---------------------------------------------------------- */

/* Wikipedia's "Cohen's kappa" example: 50 proposals, both yes 20, A
 * yes B no 5, A no B yes 10, both no 15: p_o .7, p_e .5, kappa .4.
 * Scott's pi pools the marginals: (.7 - .505) / .495 = 13/33. */
static void cohen_wikipedia_example(void **state)
{
	uint32_t v[50 * 2];
	struct stet_ratings r = {50, 2, 2, v, NULL};
	struct stet_pair p;
	uint64_t cm[4];

	(void)state;
	for (size_t i = 0; i < 50; i++) {
		v[2 * i] = i < 25 ? 0 : 1;
		v[2 * i + 1] = i < 20 || (i >= 25 && i < 35) ? 0 : 1;
	}
	stet_cohen_kappa(&r, 0, 1, &p);
	assert_int_equal(p.items, 50);
	near(p.percent, 0.7, 1e-15, "p_o");
	near(p.kappa, 0.4, 1e-15, "kappa");
	/* With two categories every weighting is the same. */
	near(p.kappa_linear, 0.4, 1e-15, "linear");
	near(p.kappa_quadratic, 0.4, 1e-15, "quadratic");
	near(stet_scott_pi(&r, 0, 1), 13.0 / 33.0, 1e-15, "scott");
	stet_confusion(&r, 0, 1, cm);
	assert_int_equal(cm[0], 20);
	assert_int_equal(cm[1], 5);
	assert_int_equal(cm[2], 10);
	assert_int_equal(cm[3], 15);
	/* Two categories: one-vs-rest is the whole matrix. */
	near(stet_label_kappa(&r, 0), stet_fleiss_kappa(&r), 1e-15, "label");
	near(stet_label_kappa(&r, 1), stet_fleiss_kappa(&r), 1e-15, "label");
}

/* Six categories; raters 0 and 1 never use category 2 (rater 2 does),
 * so the weights are rank distances among 0,1,3,4,5 as sklearn takes
 * them. Items 13 and 14 lack one of the pair. */
static const uint32_t pair_v[22 * 3] = {
	0, 0, 0,   1, 1, 2,   1, 3, 2,   3, 3, 3,   4, 5, 4,   5, 5, 5,
	0, 1, 0,   1, 1, 2,   3, 4, 3,   3, 3, 2,   4, 4, 4,   5, 4, 5,
	5, 5, 5,   M, 1, 1,   1, M, 1,   0, 0, M,   4, 3, 4,   3, 3, 3,
	1, 0, 2,   5, 4, 5,   0, 1, 0,   4, 4, 4,
};

static struct stet_ratings pairs(void)
{
	struct stet_ratings r = {22, 3, 6, pair_v, NULL};

	return r;
}

/* Exact: Python fractions by sklearn's formula; sklearn 1.2.1's own
 * cohen_kappa_score(y1, y2, weights=...) printed 0.4375,
 * 0.70588235294117641 and 0.87671232876712324. */
static void cohen_as_sklearn(void **state)
{
	struct stet_ratings r = pairs();
	struct stet_pair p, q;
	double naive[3];

	(void)state;
	stet_cohen_kappa(&r, 0, 1, &p);
	assert_int_equal(p.items, 20);
	near(p.percent, 11.0 / 20.0, 1e-15, "percent");
	near(p.kappa, 7.0 / 16.0, 1e-15, "kappa");
	near(p.kappa_linear, 12.0 / 17.0, 1e-15, "linear");
	near(p.kappa_quadratic, 64.0 / 73.0, 1e-15, "quadratic");
	near(p.kappa, 0.4375, 1e-15, "sklearn");
	near(p.kappa_linear, 0.70588235294117641, 1e-15, "sklearn linear");
	near(p.kappa_quadratic, 0.87671232876712324, 1e-15,
	     "sklearn quadratic");
	naive_cohen(&r, 0, 1, naive);
	near(p.kappa, naive[0], 1e-15, "transcribed");
	near(p.kappa_linear, naive[1], 1e-15, "transcribed linear");
	near(p.kappa_quadratic, naive[2], 1e-15, "transcribed quadratic");
	/* The pair's own categories, not rater 2's, set the ranks. */
	stet_cohen_kappa(&r, 1, 0, &q);
	assert_int_equal(q.items, 20);
	near(q.kappa, p.kappa, 1e-15, "symmetric");
	near(q.kappa_linear, p.kappa_linear, 1e-15, "symmetric linear");
	near(q.kappa_quadratic, p.kappa_quadratic, 1e-15,
	     "symmetric quadratic");
	near(stet_scott_pi(&r, 0, 1), 139.0 / 319.0, 1e-15, "scott");
	near(stet_scott_pi(&r, 1, 0), 139.0 / 319.0, 1e-15, "scott b a");
}

static void confusion_counts(void **state)
{
	struct stet_ratings r = pairs();
	uint64_t cm[36], total = 0, diag = 0;

	(void)state;
	memset(cm, 0xff, sizeof cm);
	stet_confusion(&r, 0, 1, cm);
	for (size_t c = 0; c < 6; c++) {
		diag += cm[c * 6 + c];
		for (size_t k = 0; k < 6; k++)
			total += cm[c * 6 + k];
	}
	assert_int_equal(total, 20);
	assert_int_equal(diag, 11);
	assert_int_equal(cm[1 * 6 + 3], 1);
	assert_int_equal(cm[4 * 6 + 5], 1);
	assert_int_equal(cm[5 * 6 + 4], 2);
	assert_int_equal(cm[0 * 6 + 1], 2);
	assert_int_equal(cm[1 * 6 + 0], 1);
	for (size_t k = 0; k < 6; k++)
		assert_int_equal(cm[2 * 6 + k] + cm[k * 6 + 2], 0);
}

/* ---- one-vs-rest --------------------------------------------------------- */

static void label_kappa_is_binary_fleiss(void **state)
{
	struct stet_ratings r = kripp();
	uint32_t b[12 * 4];
	struct stet_ratings bin = {12, 4, 2, b, NULL};

	(void)state;
	for (uint32_t c = 0; c < 5; c++) {
		for (size_t j = 0; j < 12 * 4; j++)
			b[j] = kripp_v[j] == M ? M : kripp_v[j] == c;
		near(stet_label_kappa(&r, c), stet_fleiss_kappa(&bin), 1e-15,
		     "one-vs-rest");
	}
	/* A label nobody used leaves nothing to explain. */
	is_nan(stet_label_kappa(&r, 7), "unused label");
}

/* ---- MASI ---------------------------------------------------------------- */

static void set_bits(uint64_t *s, size_t words, const unsigned *bits,
		     size_t n)
{
	memset(s, 0, words * sizeof *s);
	for (size_t j = 0; j < n; j++)
		s[bits[j] / 64] |= (uint64_t)1 << (bits[j] % 64);
}

static void masi_distances(void **state)
{
	uint64_t a[2], b[2];
	static const unsigned ab[] = {1, 2}, abcd[] = {1, 2, 3, 4},
		bc[] = {2, 3}, far[] = {70, 1}, far2[] = {70};

	(void)state;
	set_bits(a, 2, ab, 2);
	set_bits(b, 2, ab, 2);
	near(stet_masi_distance(a, b, 2), 0, 0, "equal");
	/* Passonneau (2006): J = 1/2, M = 2/3; nltk says 0.665 with 0.67. */
	set_bits(b, 2, abcd, 4);
	near(stet_masi_distance(a, b, 2), 2.0 / 3.0, 1e-16, "subset");
	set_bits(b, 2, bc, 2);
	near(stet_masi_distance(a, b, 2), 8.0 / 9.0, 1e-16, "overlap");
	set_bits(b, 2, far2, 1);
	near(stet_masi_distance(a, b, 2), 1, 0, "disjoint");
	set_bits(a, 2, far, 2);
	near(stet_masi_distance(a, b, 2), 2.0 / 3.0, 1e-16,
	     "second word");
	set_bits(a, 2, NULL, 0);
	set_bits(b, 2, NULL, 0);
	near(stet_masi_distance(a, b, 2), 0, 0, "both empty");
}

/* Nine items, three raters, labels 0..4; reference: Python fractions
 * (2738/7919), and nltk 3.8's AnnotationTask.alpha with nltk's
 * masi_distance rewritten with exact thirds: 0.34575072610178104.
 * (nltk's own 0.67/0.33 gives 0.34628252295124817.) */
static void masi_alpha_example(void **state)
{
	/* Each value: its labels, ending at END; NULL is missing. */
#define END 99u
	static const unsigned s01[] = {0, 1, END}, s0[] = {0, END},
		s2[] = {2, END}, s23[] = {2, 3, END}, s14[] = {1, 4, END},
		s4[] = {4, END}, s124[] = {1, 2, 4, END}, s3[] = {3, END},
		s02[] = {0, 2, END}, s13[] = {1, 3, END},
		s123[] = {1, 2, 3, END}, s12[] = {1, 2, END},
		s234[] = {2, 3, 4, END}, s04[] = {0, 4, END}, none[] = {END};
	static const unsigned *rows[9][3] = {
		{s01, s01, s0}, {s2, s23, NULL}, {s14, s4, s124},
		{none, none, s0}, {s3, s3, s3}, {s02, s13, s01},
		{NULL, s4, NULL}, {s123, s12, s234}, {s0, s0, s04},
	};
	uint64_t bits[27];
	bool missing[27];
	struct stet_set_ratings r = {9, 3, 1, bits, missing};

	(void)state;
	for (size_t i = 0; i < 9; i++)
		for (size_t k = 0; k < 3; k++) {
			const unsigned *l = rows[i][k];
			size_t n = 0;

			while (l && l[n] != END)
				n++;
			set_bits(&bits[i * 3 + k], 1, l, n);
			missing[i * 3 + k] = l == NULL;
		}
#undef END
	near(stet_masi_alpha(&r), 2738.0 / 7919.0, 1e-15, "masi exact");
	near(stet_masi_alpha(&r), 0.34575072610178104, 1e-15, "masi nltk");
}

/* Singleton sets: MASI is the nominal difference, so the paper's
 * nominal alpha comes back; a second word of bits changes nothing. */
static void masi_on_singletons_is_nominal(void **state)
{
	uint64_t bits[12 * 4 * 2];
	bool missing[12 * 4];
	struct stet_set_ratings s = {12, 4, 2, bits, missing};

	(void)state;
	for (size_t j = 0; j < 12 * 4; j++) {
		unsigned b = kripp_v[j] == M ? 0 : 64 + kripp_v[j];

		missing[j] = kripp_v[j] == M;
		set_bits(&bits[2 * j], 2, &b, missing[j] ? 0 : 1);
	}
	near(stet_masi_alpha(&s), 113.0 / 152.0, 1e-15, "singletons");
	s.missing = NULL;
	/* Now the gaps are empty sets, values like any other. */
	assert_false(isnan(stet_masi_alpha(&s)));
}

/* ---- undefined and perfect ----------------------------------------------- */

static void undefined_is_nan(void **state)
{
	static const uint32_t lone[3 * 3] = {0, M, M, M, 1, M, M, M, M};
	static const uint32_t same[3 * 2] = {1, 1, 1, 1, 1, M};
	struct stet_ratings none = {0, 3, 3, lone, NULL};
	struct stet_ratings single = {3, 3, 3, lone, NULL};
	struct stet_ratings one = {3, 2, 3, same, NULL};
	struct stet_pair p;

	(void)state;
	for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++) {
		is_nan(stet_krippendorff_alpha(&none, lv), "no items");
		is_nan(stet_krippendorff_alpha(&single, lv), "no pairs");
		is_nan(stet_krippendorff_alpha(&one, lv), "no variation");
		is_nan(stet_gwet_ac(&single, lv), "ac no pairs");
	}
	is_nan(stet_percent_agreement(&single), "percent no pairs");
	is_nan(stet_fleiss_kappa(&none), "fleiss no items");
	is_nan(stet_fleiss_kappa(&single), "fleiss no pairs");
	is_nan(stet_fleiss_kappa(&one), "fleiss no variation");
	/* AC1's chance term is 0 here, not 1: it is defined, and 1. */
	near(stet_gwet_ac(&one, STET_LEVEL_NOMINAL), 1, 0, "ac1 one category");
	near(stet_percent_agreement(&one), 1, 0, "percent one category");
	is_nan(stet_scott_pi(&one, 0, 1), "scott no variation");
	stet_cohen_kappa(&one, 0, 1, &p);
	assert_int_equal(p.items, 2);
	near(p.percent, 1, 0, "percent");
	is_nan(p.kappa, "cohen no variation");
	is_nan(p.kappa_linear, "linear no variation");
	is_nan(p.kappa_quadratic, "quadratic no variation");
	stet_cohen_kappa(&single, 0, 1, &p);
	assert_int_equal(p.items, 0);
	is_nan(p.percent, "no common items");
	is_nan(p.kappa, "no common items");
	is_nan(stet_scott_pi(&single, 0, 1), "scott no common items");
}

static void out_of_range_is_missing(void **state)
{
	uint32_t v[12 * 4];
	struct stet_ratings r = kripp();

	(void)state;
	memcpy(v, kripp_v, sizeof v);
	for (size_t j = 0; j < 12 * 4; j++)
		if (v[j] == M)
			v[j] = 5 + (uint32_t)j;
	r.v = v;
	near(stet_krippendorff_alpha(&r, STET_LEVEL_NOMINAL), 113.0 / 152.0,
	     1e-15, "alpha");
	near(stet_fleiss_kappa(&r), 7343.0 / 9647.0, 1e-15, "fleiss");
}

static void perfect_agreement_is_one(void **state)
{
	uint32_t v[30 * 4];
	uint64_t bits[30 * 4];
	static const double values[6] = {0.5, 1, 2, 3, 5, 8};
	struct stet_ratings r = {30, 4, 6, v, values};
	struct stet_set_ratings s = {30, 4, 1, bits, NULL};
	struct stet_pair p;

	(void)state;
	for (size_t i = 0; i < 30; i++)
		for (size_t k = 0; k < 4; k++) {
			/* Some gaps, and categories 0..4 of the six. */
			v[i * 4 + k] = (i + k) % 7 == 0 ? M : (uint32_t)(i % 5);
			bits[i * 4 + k] = (uint64_t)(i % 5 + 1) * 3;
		}
	for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++) {
		near(stet_krippendorff_alpha(&r, lv), 1, 1e-15, "alpha");
		near(stet_gwet_ac(&r, lv), 1, 1e-15, "gwet");
	}
	near(stet_fleiss_kappa(&r), 1, 1e-15, "fleiss");
	near(stet_percent_agreement(&r), 1, 0, "percent");
	near(stet_scott_pi(&r, 0, 3), 1, 1e-15, "scott");
	stet_cohen_kappa(&r, 1, 2, &p);
	near(p.kappa, 1, 1e-15, "cohen");
	near(p.kappa_linear, 1, 1e-15, "cohen linear");
	near(p.kappa_quadratic, 1, 1e-15, "cohen quadratic");
	near(stet_label_kappa(&r, 2), 1, 1e-15, "label");
	near(stet_masi_alpha(&s), 1, 1e-15, "masi");
}

/* ---- properties on random data ------------------------------------------- */

/* Raters who agree with a per-item truth two times in three, gaps one
 * time in five: agreement well inside (0, 1). */
static void random_ratings(uint64_t seed, size_t n, size_t raters,
			   size_t ncat, uint32_t *v)
{
	uint64_t s = seed;

	for (size_t i = 0; i < n; i++) {
		uint32_t truth = rng_below(&s, (uint32_t)ncat);

		for (size_t k = 0; k < raters; k++) {
			uint32_t x = rng_below(&s, 15);

			v[i * raters + k] = x < 3 ? M : x < 11 ? truth :
				rng_below(&s, (uint32_t)ncat);
		}
	}
}

struct all {
	double alpha[4], ac[4], fleiss, percent, label[6], scott, cohen[3];
};

static void compute_all(const struct stet_ratings *r, size_t a, size_t b,
			struct all *out)
{
	struct stet_pair p;

	for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++) {
		out->alpha[lv] = stet_krippendorff_alpha(r, lv);
		out->ac[lv] = stet_gwet_ac(r, lv);
	}
	out->fleiss = stet_fleiss_kappa(r);
	out->percent = stet_percent_agreement(r);
	for (uint32_t c = 0; c < 6; c++)
		out->label[c] = stet_label_kappa(r, c);
	out->scott = stet_scott_pi(r, a, b);
	stet_cohen_kappa(r, a, b, &p);
	out->cohen[0] = p.kappa;
	out->cohen[1] = p.kappa_linear;
	out->cohen[2] = p.kappa_quadratic;
}

/* Against the transcriptions above, with unequal numbers of values. */
static void random_against_textbook(void **state)
{
	enum { N = 300, R = 5, Q = 6 };
	static uint32_t v[N * R];
	static const double values[Q] = {1, 2, 4, 7, 11, 16};
	struct stet_ratings r = {N, R, Q, v, values};
	double f, a, c[3];
	struct stet_pair p;

	(void)state;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		random_ratings(seed, N, R, Q, v);
		for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++)
			near(stet_krippendorff_alpha(&r, lv),
			     naive_alpha(&r, lv), 1e-13, "alpha");
		naive_gwet(&r, &f, &a);
		near(stet_fleiss_kappa(&r), f, 1e-14, "fleiss");
		near(stet_gwet_ac(&r, STET_LEVEL_NOMINAL), a, 1e-14, "ac1");
		naive_cohen(&r, 1, 3, c);
		stet_cohen_kappa(&r, 1, 3, &p);
		near(p.kappa, c[0], 1e-14, "cohen");
		near(p.kappa_linear, c[1], 1e-14, "cohen linear");
		near(p.kappa_quadratic, c[2], 1e-14, "cohen quadratic");
	}
}

static void same_all(const struct all *x, const struct all *y, bool nominal,
		     const char *what)
{
	for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++) {
		if (nominal && lv != STET_LEVEL_NOMINAL)
			continue;
		near(y->alpha[lv], x->alpha[lv], 1e-13, what);
		near(y->ac[lv], x->ac[lv], 1e-13, what);
	}
	near(y->fleiss, x->fleiss, 1e-13, what);
	near(y->percent, x->percent, 1e-13, what);
	near(y->scott, x->scott, 1e-13, what);
	near(y->cohen[0], x->cohen[0], 1e-13, what);
	if (!nominal) {
		near(y->cohen[1], x->cohen[1], 1e-13, what);
		near(y->cohen[2], x->cohen[2], 1e-13, what);
	}
}

static void permuting_raters_changes_nothing(void **state)
{
	enum { N = 400, R = 5, Q = 6 };
	static uint32_t v[N * R], w[N * R];
	static const size_t perm[R] = {3, 0, 4, 1, 2}; /* w's k is v's perm[k] */
	static const double values[Q] = {1, 2, 4, 7, 11, 16};
	struct stet_ratings r = {N, R, Q, v, values};
	struct stet_ratings s = {N, R, Q, w, values};
	struct all x, y;

	(void)state;
	random_ratings(7, N, R, Q, v);
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < R; k++)
			w[i * R + k] = v[i * R + perm[k]];
	/* Raters 0 and 3 of v are raters 1 and 0 of w. */
	compute_all(&r, 0, 3, &x);
	compute_all(&s, 1, 0, &y);
	same_all(&x, &y, false, "raters permuted");
	for (uint32_t c = 0; c < Q; c++)
		near(y.label[c], x.label[c], 1e-13, "label");
}

static void permuting_categories_changes_nominal_nothing(void **state)
{
	enum { N = 400, R = 4, Q = 6 };
	static uint32_t v[N * R], w[N * R];
	static const uint32_t perm[Q] = {4, 2, 5, 0, 3, 1};
	struct stet_ratings r = {N, R, Q, v, NULL};
	struct stet_ratings s = {N, R, Q, w, NULL};
	struct all x, y;

	(void)state;
	random_ratings(11, N, R, Q, v);
	for (size_t j = 0; j < N * R; j++)
		w[j] = v[j] == M ? M : perm[v[j]];
	compute_all(&r, 2, 1, &x);
	compute_all(&s, 2, 1, &y);
	same_all(&x, &y, true, "categories permuted");
	for (uint32_t c = 0; c < Q; c++)
		near(y.label[perm[c]], x.label[c], 1e-13, "label");
}

/* ---- bootstrap ----------------------------------------------------------- */

static double boot_alpha(const struct stet_ratings *r, void *ctx)
{
	return stet_krippendorff_alpha(r, *(enum stet_level *)ctx);
}

static double boot_nan(const struct stet_ratings *r, void *ctx)
{
	(void)r;
	(void)ctx;
	return NAN;
}

static void bootstrap_interval(void **state)
{
	enum { N = 200, R = 4, Q = 5 };
	static uint32_t v[N * R], keep[N * R];
	struct stet_ratings r = {N, R, Q, v, NULL};
	enum stet_level lv = STET_LEVEL_NOMINAL;
	double point, lo, hi, lo2, hi2, lo3, hi3;

	(void)state;
	random_ratings(3, N, R, Q, v);
	memcpy(keep, v, sizeof v);
	point = stet_krippendorff_alpha(&r, lv);
	assert_true(point > 0.3 && point < 0.9);
	stet_bootstrap(&r, boot_alpha, &lv, 500, 42, &lo, &hi);
	if (!(lo < point && point < hi))
		fail_msg("interval [%.6f, %.6f] misses %.6f", lo, hi, point);
	/* A sensible width for 200 items: neither a point nor everything. */
	assert_true(hi - lo > 0.02 && hi - lo < 0.3);
	stet_bootstrap(&r, boot_alpha, &lv, 500, 42, &lo2, &hi2);
	assert_memory_equal(&lo, &lo2, sizeof lo);
	assert_memory_equal(&hi, &hi2, sizeof hi);
	stet_bootstrap(&r, boot_alpha, &lv, 500, 43, &lo3, &hi3);
	assert_true(lo3 != lo || hi3 != hi);
	/* The ratings are borrowed, not touched. */
	assert_memory_equal(v, keep, sizeof v);
	stet_bootstrap(&r, boot_nan, NULL, 50, 1, &lo, &hi);
	is_nan(lo, "all NaN lo");
	is_nan(hi, "all NaN hi");
	stet_bootstrap(&r, boot_alpha, &lv, 0, 1, &lo, &hi);
	is_nan(lo, "no resamples");
}

/* ---- scale --------------------------------------------------------------- */

/* 200,000 items x 5 raters x 10 categories, every coefficient once:
 * at a million values the sums still agree with the textbook formulas
 * (no count overflows, no precision lost). How the time grows with the
 * annotations is not asserted here (a unit test reads no clock): the
 * agree benchmark (tests/bench/agree_bench.py, `make bench`) reports the
 * CPU time at a million annotations against a tenth of that. The
 * bounds on alpha and AC are loose on purpose: random_ratings gives
 * each item a true category that a rater gives 8 times in 15 (3 in 15
 * no value, 4 in 15 one at random), so agreement is well above chance
 * and below perfect. */
static void a_million_annotations(void **state)
{
	enum { N = 200000, R = 5, Q = 10 };
	uint32_t *v = malloc((size_t)N * R * sizeof *v);
	double values[Q];
	struct stet_ratings r = {N, R, Q, v, values};
	struct all x;
	double f, a;

	(void)state;
	assert_non_null(v);
	for (size_t c = 0; c < Q; c++)
		values[c] = (double)c * 1.5 + 1;
	random_ratings(99, N, R, Q, v);
	compute_all(&r, 0, 4, &x);
	for (int lv = 0; lv <= STET_LEVEL_RATIO; lv++) {
		assert_true(x.alpha[lv] > 0.3 && x.alpha[lv] < 0.9);
		assert_true(x.ac[lv] > 0.3 && x.ac[lv] < 1);
	}
	naive_gwet(&r, &f, &a);
	near(x.fleiss, f, 1e-12, "fleiss");
	near(x.ac[STET_LEVEL_NOMINAL], a, 1e-12, "ac1");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(krippendorff_paper_example),
		cmocka_unit_test(interval_values),
		cmocka_unit_test(gwet_on_paper_example),
		cmocka_unit_test(fleiss_1971_example),
		cmocka_unit_test(cohen_wikipedia_example),
		cmocka_unit_test(cohen_as_sklearn),
		cmocka_unit_test(confusion_counts),
		cmocka_unit_test(label_kappa_is_binary_fleiss),
		cmocka_unit_test(masi_distances),
		cmocka_unit_test(masi_alpha_example),
		cmocka_unit_test(masi_on_singletons_is_nominal),
		cmocka_unit_test(undefined_is_nan),
		cmocka_unit_test(out_of_range_is_missing),
		cmocka_unit_test(perfect_agreement_is_one),
		cmocka_unit_test(random_against_textbook),
		cmocka_unit_test(permuting_raters_changes_nothing),
		cmocka_unit_test(permuting_categories_changes_nominal_nothing),
		cmocka_unit_test(bootstrap_interval),
		cmocka_unit_test(a_million_annotations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
