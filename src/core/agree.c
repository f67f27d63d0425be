/* Inter-annotator agreement. Each coefficient names the definition it
 * follows so that its numbers can be checked against the source; the
 * published examples are reproduced in tests/unit/test_agree.c.
 *
 * Every coefficient is one pass over the ratings (two for Cohen's
 * weighted kappa) with per-call buffers of ncat or ncat^2 entries: an
 * item costs its values, never ncat, and allocates nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/error.h"
#include "stet/mix.h"

/* Rater k's category on item i. An index past ncat is treated as
 * missing rather than trusted, so bad input cannot write out of
 * bounds. */
static uint32_t cat_at(const struct stet_ratings *r, size_t i, size_t k)
{
	uint32_t c = r->v[i * r->nraters + k];

	return c != STET_MISSING && c < r->ncat ? c : STET_MISSING;
}

/* The number of category c at the interval and ratio levels. Without a
 * table, the 1-based rank: irrCAC values non-numeric categories 1..q,
 * and 1-based keeps the ratio level away from a zero nobody chose. */
static double cat_value(const struct stet_ratings *r, size_t c)
{
	return r->value ? r->value[c] : (double)c + 1;
}

/* One item's values by category. cnt is zero between items: only the
 * categories the item used are cleared, so an item costs its values,
 * not ncat. */
struct tally {
	uint32_t *cnt;  /* per category */
	uint32_t *used; /* the item's distinct categories, as met */
	size_t nused;
	size_t m;       /* the item's values */
};

static void tally_init(struct tally *t, size_t ncat, size_t nraters)
{
	t->cnt = stet_xcalloc(ncat ? ncat : 1, sizeof *t->cnt);
	t->used = stet_xcalloc(nraters ? nraters : 1, sizeof *t->used);
	t->nused = 0;
	t->m = 0;
}

static void tally_free(struct tally *t)
{
	free(t->cnt);
	free(t->used);
}

static void tally_item(struct tally *t, const struct stet_ratings *r,
		       size_t i)
{
	for (size_t u = 0; u < t->nused; u++)
		t->cnt[t->used[u]] = 0;
	t->nused = 0;
	t->m = 0;
	for (size_t k = 0; k < r->nraters; k++) {
		uint32_t c = cat_at(r, i, k);

		if (c == STET_MISSING)
			continue;
		if (t->cnt[c]++ == 0)
			t->used[t->nused++] = c;
		t->m++;
	}
}

/* ---- percent agreement, Fleiss, Gwet ----------------------------------- */

/* sum_k r_ik (r*_ik - 1), r*_ik = sum_l w_kl r_il, over the item's own
 * categories only: the others have r_ik = 0. */
static double weighted_agreement(const struct tally *t, const double *w,
				 size_t q)
{
	double s = 0;

	for (size_t u = 0; u < t->nused; u++) {
		uint32_t k = t->used[u];
		double star = 0;

		for (size_t v = 0; v < t->nused; v++)
			star += w[k * q + t->used[v]] * t->cnt[t->used[v]];
		s += t->cnt[k] * (star - 1);
	}
	return s;
}

/* The two terms shared by Fleiss' kappa and Gwet's AC1/AC2, in the form
 * of Gwet, Handbook of Inter-Rater Reliability (4th ed., 2014) and of
 * irrCAC's fleiss.kappa.raw and gwet.ac1.raw:
 *
 *   pa = mean over items with r_i >= 2 of
 *        sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)),  r*_ik = sum_l w_kl r_il
 *   pi_k = mean over items with r_i >= 1 of r_ik / r_i
 *
 * w NULL is the identity, for which r*_ik = r_ik and the sums are
 * integers: they are kept exact, grouped by r_i, and divided once per
 * group. When every rated item has the same r_i, pi_k is computed as
 * Fleiss (1971) writes p_j, sum_i n_ij / (N n), from integer totals.
 * q: the categories (entries of pi). Returns false when no item has
 * two values (pa undefined). */
static bool gwet_terms(const struct stet_ratings *r, size_t q,
		       const double *w, double *pa, double *pi)
{
	struct tally t;
	uint64_t *agree = stet_xcalloc(r->nraters + 1, sizeof *agree);
	double *wagree = stet_xcalloc(r->nraters + 1, sizeof *wagree);
	uint64_t *tot = stet_xcalloc(q, sizeof *tot);
	size_t n1 = 0, n2 = 0, common = 0;
	bool equal = true;

	memset(pi, 0, q * sizeof *pi);
	tally_init(&t, q, r->nraters);
	for (size_t i = 0; i < r->nitems; i++) {
		tally_item(&t, r, i);
		if (t.m == 0)
			continue;
		n1++;
		if (common == 0)
			common = t.m;
		else if (t.m != common)
			equal = false;
		for (size_t u = 0; u < t.nused; u++) {
			uint32_t c = t.used[u];

			tot[c] += t.cnt[c];
			pi[c] += (double)t.cnt[c] / (double)t.m;
		}
		if (t.m < 2)
			continue;
		n2++;
		if (w) {
			wagree[t.m] += weighted_agreement(&t, w, q);
			continue;
		}
		for (size_t u = 0; u < t.nused; u++) {
			uint64_t n = t.cnt[t.used[u]];

			agree[t.m] += n * (n - 1);
		}
	}
	tally_free(&t);

	*pa = 0;
	for (size_t m = 2; m <= r->nraters; m++) {
		double pairs = (double)m * (double)(m - 1);

		*pa += w ? wagree[m] / pairs : (double)agree[m] / pairs;
	}
	if (n2 > 0)
		*pa /= (double)n2;
	for (size_t c = 0; n1 > 0 && c < q; c++)
		pi[c] = equal ?
			(double)tot[c] / ((double)n1 * (double)common) :
			pi[c] / (double)n1;
	free(agree);
	free(wagree);
	free(tot);
	return n2 > 0;
}

/* The percent agreement of Fleiss (1971), "Measuring nominal scale
 * agreement among many raters", Psychol. Bull. 76: P_i the share of
 * agreeing ordered pairs among the item's m(m-1), P-bar their mean over
 * items with two or more values (irrCAC pa.coeff.raw, unweighted). */
double stet_percent_agreement(const struct stet_ratings *r)
{
	double pa, *pi;
	bool ok;

	if (r->ncat == 0 || r->nraters < 2)
		return NAN;
	pi = stet_xcalloc(r->ncat, sizeof *pi);
	ok = gwet_terms(r, r->ncat, NULL, &pa, pi);
	free(pi);
	return ok ? pa : NAN;
}

/* Fleiss (1971): kappa = (P-bar - P-bar_e) / (1 - P-bar_e),
 * P-bar_e = sum_j p_j^2; with unequal numbers of values, Gwet's
 * generalisation (Handbook, 4th ed., 2014, as irrCAC fleiss.kappa.raw
 * computes it), which is the same formula when every item has the same
 * number. */
static double fleiss(const struct stet_ratings *r)
{
	size_t q = r->ncat;
	double pa, pe = 0, *pi = stet_xcalloc(q, sizeof *pi);
	bool ok = gwet_terms(r, q, NULL, &pa, pi);

	for (size_t c = 0; c < q; c++)
		pe += pi[c] * pi[c];
	free(pi);
	/* pe is 1 only when every value is one category: nothing to
	 * explain. */
	if (!ok || !(pe < 1))
		return NAN;
	return (pa - pe) / (1 - pe);
}

double stet_fleiss_kappa(const struct stet_ratings *r)
{
	if (r->ncat == 0 || r->nraters < 2)
		return NAN;
	return fleiss(r);
}

/* One pass for every label: tally each item once, and split its m
 * values into n "is c" and m - n "is not c" for each c. The sums are
 * those gwet_terms makes on the binary ratings "is c" / "is not c",
 * term for term, so each kappa is their Fleiss kappa to the bit. */
void stet_label_kappas(const struct stet_ratings *r, double *out)
{
	size_t q = r->ncat, raters = r->nraters, n1 = 0, n2 = 0, common = 0;
	uint64_t *agree, *tot;
	double *pi;
	struct tally t;
	bool equal = true;

	for (size_t c = 0; c < q; c++)
		out[c] = NAN;
	if (q == 0 || raters < 2)
		return;
	/* agree[c * (raters + 1) + m]: sum of n (n - 1) over both sides, on
	 * items with m values; tot and pi: [2c] not c, [2c + 1] c. */
	agree = stet_xcalloc(q * (raters + 1), sizeof *agree);
	tot = stet_xcalloc(2 * q, sizeof *tot);
	pi = stet_xcalloc(2 * q, sizeof *pi);
	tally_init(&t, q, raters);
	for (size_t i = 0; i < r->nitems; i++) {
		tally_item(&t, r, i);
		if (t.m == 0)
			continue;
		n1++;
		if (common == 0)
			common = t.m;
		else if (t.m != common)
			equal = false;
		n2 += t.m >= 2;
		for (size_t c = 0; c < q; c++) {
			uint64_t yes = t.cnt[c], no = t.m - yes;

			tot[2 * c] += no;
			tot[2 * c + 1] += yes;
			pi[2 * c] += (double)no / (double)t.m;
			pi[2 * c + 1] += (double)yes / (double)t.m;
			if (t.m >= 2)
				agree[c * (raters + 1) + t.m] +=
					(yes ? yes * (yes - 1) : 0) +
					(no ? no * (no - 1) : 0);
		}
	}
	tally_free(&t);
	for (size_t c = 0; c < q && n2 > 0; c++) {
		double pa = 0, pe = 0, p[2];

		for (size_t m = 2; m <= raters; m++)
			pa += (double)agree[c * (raters + 1) + m] /
			      ((double)m * (double)(m - 1));
		pa /= (double)n2;
		for (size_t side = 0; side < 2; side++) {
			p[side] = equal ?
				(double)tot[2 * c + side] /
					((double)n1 * (double)common) :
				pi[2 * c + side] / (double)n1;
			pe += p[side] * p[side];
		}
		if (pe < 1)
			out[c] = (pa - pe) / (1 - pe);
	}
	free(agree);
	free(tot);
	free(pi);
}

double stet_label_kappa(const struct stet_ratings *r, uint32_t c)
{
	double *all, k;

	if (c >= r->ncat)
		return NAN;
	all = stet_xcalloc(r->ncat, sizeof *all);
	stet_label_kappas(r, all);
	k = all[c];
	free(all);
	return k;
}

/* The weights of irrCAC (weights.gen.r; Gwet, Handbook, 4th ed., 2014,
 * ch. 3) over the q = ncat categories, by level:
 *   ordinal:  "ordinal",   1 - C(|k-l|+1, 2) / C(q, 2), by rank
 *   interval: "quadratic", 1 - (x_k - x_l)^2 / (x_max - x_min)^2
 *   ratio:    "ratio",     1 - ((x_k - x_l)/(x_k + x_l))^2
 *                              / ((x_max - x_min)/(x_max + x_min))^2
 * x the category values. Returns NULL when the weights are undefined
 * (all values equal). */
static double *gwet_weights(const struct stet_ratings *r,
			    enum stet_level level)
{
	size_t q = r->ncat;
	double *w = stet_xcalloc(q * q, sizeof *w);
	double lo = cat_value(r, 0), hi = lo, span, top = 0;

	for (size_t c = 1; c < q; c++) {
		double x = cat_value(r, c);

		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	span = hi - lo;
	if (hi + lo != 0)
		top = span / (hi + lo);
	if ((level == STET_LEVEL_INTERVAL && !(span > 0)) ||
	    (level == STET_LEVEL_RATIO && top == 0)) {
		free(w);
		return NULL;
	}
	for (size_t k = 0; k < q; k++) {
		for (size_t l = 0; l < q; l++) {
			double xk = cat_value(r, k), xl = cat_value(r, l), d;
			size_t g = k > l ? k - l : l - k;

			switch (level) {
			case STET_LEVEL_ORDINAL:
				d = (double)((g + 1) * g) / (double)(q * (q - 1));
				break;
			case STET_LEVEL_INTERVAL:
				d = (xk - xl) * (xk - xl) / (span * span);
				break;
			case STET_LEVEL_RATIO:
				d = xk + xl == 0 ? 0 :
					(xk - xl) / (xk + xl) * ((xk - xl) / (xk + xl)) /
					(top * top);
				break;
			default:
				d = k != l;
				break;
			}
			w[k * q + l] = 1 - d;
		}
	}
	return w;
}

/* Gwet (2008), "Computing inter-rater reliability and its variance in
 * the presence of high agreement", BJMSP 61, with missing values and
 * weights as irrCAC gwet.ac1.raw computes them:
 *   pe = T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k),  T_w = sum_kl w_kl
 * AC1 at the nominal level (identity weights), AC2 otherwise. */
double stet_gwet_ac(const struct stet_ratings *r, enum stet_level level)
{
	size_t q = r->ncat;
	double pa, pe = 0, tw = 0, *w = NULL, *pi;
	bool ok;

	if (q < 2 || r->nraters < 2)
		return NAN;
	if (level != STET_LEVEL_NOMINAL) {
		w = gwet_weights(r, level);
		if (!w)
			return NAN;
		for (size_t c = 0; c < q * q; c++)
			tw += w[c];
	} else {
		tw = (double)q;
	}
	pi = stet_xcalloc(q, sizeof *pi);
	ok = gwet_terms(r, q, w, &pa, pi);
	for (size_t c = 0; c < q; c++)
		pe += pi[c] * (1 - pi[c]);
	pe *= tw / ((double)q * (double)(q - 1));
	free(pi);
	free(w);
	if (!ok || !(pe < 1))
		return NAN;
	return (pa - pe) / (1 - pe);
}

/* ---- Krippendorff's alpha ---------------------------------------------- */

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
 * the difference functions. Ordinal by rank, with n_g the
 * pairable values of category g:
 *   (sum_{g=c..k} n_g - (n_c + n_k)/2)^2
 * cum[g] is sum_{h<g} n_h, so the sum over c..k is cum[k+1] - cum[c]. */
static double delta(const struct stet_ratings *r, enum stet_level level,
		    const uint64_t *nc, const uint64_t *cum, size_t c, size_t k)
{
	double vc, vk;

	if (c == k)
		return 0;
	switch (level) {
	case STET_LEVEL_ORDINAL: {
		size_t a = c < k ? c : k, b = c < k ? k : c;
		double d = (double)(cum[b + 1] - cum[a]) -
			((double)nc[a] + (double)nc[b]) / 2;

		return d * d;
	}
	case STET_LEVEL_INTERVAL:
		vc = cat_value(r, c);
		vk = cat_value(r, k);
		return (vc - vk) * (vc - vk);
	case STET_LEVEL_RATIO:
		vc = cat_value(r, c);
		vk = cat_value(r, k);
		/* Two zeros on a ratio scale are the same value. */
		if (vc + vk == 0)
			return 0;
		return (vc - vk) / (vc + vk) * ((vc - vk) / (vc + vk));
	default:
		return 1;
	}
}

/* Krippendorff (2011), the coincidence matrix
 *   o_ck = sum_u (number of c-k pairs in unit u) / (m_u - 1)
 * over units with m_u >= 2 pairable values, n_c = sum_k o_ck, and
 *   alpha = 1 - (n - 1) sum_ck o_ck d_ck / sum_ck n_c n_k d_ck
 * (the ratio D_o / D_e with the common factors taken out). */
double stet_krippendorff_alpha(const struct stet_ratings *r,
			       enum stet_level level)
{
	size_t q = r->ncat;
	struct tally t;
	double *o, dobs = 0, dexp = 0;
	uint64_t *nc, *cum, n = 0;

	if (q == 0 || r->nraters < 2)
		return NAN;
	o = stet_xcalloc(q * q, sizeof *o);
	nc = stet_xcalloc(q, sizeof *nc);
	cum = stet_xcalloc(q + 1, sizeof *cum);
	tally_init(&t, q, r->nraters);
	for (size_t i = 0; i < r->nitems; i++) {
		double share;

		tally_item(&t, r, i);
		if (t.m < 2)
			continue;
		share = (double)(t.m - 1);
		for (size_t u = 0; u < t.nused; u++) {
			uint32_t c = t.used[u];

			nc[c] += t.cnt[c];
			for (size_t v = 0; v < t.nused; v++) {
				uint32_t k = t.used[v];
				uint64_t pairs = (uint64_t)t.cnt[c] *
					(c == k ? t.cnt[k] - 1 : t.cnt[k]);

				o[c * q + k] += (double)pairs / share;
			}
		}
	}
	tally_free(&t);
	for (size_t c = 0; c < q; c++) {
		cum[c + 1] = cum[c] + nc[c];
		n += nc[c];
	}
	for (size_t c = 0; c < q; c++) {
		for (size_t k = 0; k < q; k++) {
			double d = delta(r, level, nc, cum, c, k);

			dobs += o[c * q + k] * d;
			dexp += (double)nc[c] * (double)nc[k] * d;
		}
	}
	free(o);
	free(nc);
	free(cum);
	/* No pairable values, or no variation among them: alpha's
	 * expected disagreement is zero and the ratio undefined. */
	if (n < 2 || !(dexp > 0))
		return NAN;
	return 1 - (double)(n - 1) * dobs / dexp;
}

/* ---- two raters -------------------------------------------------------- */

/* Marginals of raters a and b over the items both rated: row[c] how
 * often a said c, col[c] how often b did; *n the items, *same those
 * where they agree. */
static void pair_marginals(const struct stet_ratings *r, size_t a, size_t b,
			   uint64_t *row, uint64_t *col, uint64_t *n,
			   uint64_t *same)
{
	*n = 0;
	*same = 0;
	if (a >= r->nraters || b >= r->nraters)
		return;
	for (size_t i = 0; i < r->nitems; i++) {
		uint32_t ca = cat_at(r, i, a), cb = cat_at(r, i, b);

		if (ca == STET_MISSING || cb == STET_MISSING)
			continue;
		row[ca]++;
		col[cb]++;
		(*n)++;
		*same += ca == cb;
	}
}

void stet_confusion(const struct stet_ratings *r, size_t a, size_t b,
		    uint64_t *m)
{
	size_t q = r->ncat;

	memset(m, 0, q * q * sizeof *m);
	if (a >= r->nraters || b >= r->nraters)
		return;
	for (size_t i = 0; i < r->nitems; i++) {
		uint32_t ca = cat_at(r, i, a), cb = cat_at(r, i, b);

		if (ca != STET_MISSING && cb != STET_MISSING)
			m[ca * q + cb]++;
	}
}

/* Scott (1955), "Reliability of content analysis: the case of nominal
 * scale coding", POQ 19: pi = (P_o - P_e) / (1 - P_e), P_e = sum_k p_k^2
 * with p_k the pooled share of both raters' values. With S = sum_k
 * (row_k + col_k)^2 this is (4 N D - S) / (4 N^2 - S): integers, so one
 * rounding. */
double stet_scott_pi(const struct stet_ratings *r, size_t a, size_t b)
{
	size_t q = r->ncat;
	uint64_t *row, *col, n, same;
	double s = 0, num, den;

	if (q == 0)
		return NAN;
	row = stet_xcalloc(q, sizeof *row);
	col = stet_xcalloc(q, sizeof *col);
	pair_marginals(r, a, b, row, col, &n, &same);
	for (size_t c = 0; c < q; c++) {
		double p = (double)(row[c] + col[c]);

		s += p * p;
	}
	free(row);
	free(col);
	num = 4 * (double)n * (double)same - s;
	den = 4 * (double)n * (double)n - s;
	return n > 0 && den > 0 ? num / den : NAN;
}

/* Cohen (1960), "A coefficient of agreement for nominal scales", EPM
 * 20: kappa = (p_o - p_c) / (1 - p_c), p_c = sum_k row_k col_k /
 * N^2, here (N D - sum row col) / (N^2 - sum row col): integers, exact
 * in a double below 2^53, so the result is rounded once.
 * Weighted: Cohen (1968), as sklearn.metrics.cohen_kappa_score computes
 * it, kappa_w = 1 - sum w o / sum w e with e_kl = row_k col_l / N and w
 * the rank distance |i-j| or (i-j)^2 among the sorted union of the
 * categories the pair used; again (E - N O) / E with integer E = N sum
 * w e and O = sum w o. */
double stet_kappa_margins(uint64_t n, uint64_t same, const uint64_t *row,
			  const uint64_t *col, size_t q)
{
	double rc = 0, nn = (double)n;

	for (size_t c = 0; c < q; c++)
		rc += (double)row[c] * (double)col[c];
	return n > 0 && nn * nn - rc > 0 ?
		(nn * (double)same - rc) / (nn * nn - rc) : NAN;
}

void stet_cohen_kappa(const struct stet_ratings *r, size_t a, size_t b,
		      struct stet_pair *out)
{
	size_t q = r->ncat;
	uint64_t *row, *col, *rank, n, same, used = 0;
	double ol = 0, oq = 0, el = 0, eq = 0, nn;

	out->items = 0;
	out->percent = out->kappa = NAN;
	out->kappa_linear = out->kappa_quadratic = NAN;
	if (q == 0)
		return;
	row = stet_xcalloc(q, sizeof *row);
	col = stet_xcalloc(q, sizeof *col);
	rank = stet_xcalloc(q, sizeof *rank);
	pair_marginals(r, a, b, row, col, &n, &same);
	for (size_t c = 0; c < q; c++) {
		rank[c] = used;
		used += row[c] + col[c] > 0;
	}
	/* The observed side, a second pass: each item's weight is its
	 * rank distance, so no q x q table is needed. */
	for (size_t i = 0; n > 0 && i < r->nitems; i++) {
		uint32_t ca = cat_at(r, i, a), cb = cat_at(r, i, b);
		double g;

		if (ca == STET_MISSING || cb == STET_MISSING)
			continue;
		g = rank[ca] > rank[cb] ? (double)(rank[ca] - rank[cb]) :
			(double)(rank[cb] - rank[ca]);
		ol += g;
		oq += g * g;
	}
	for (size_t k = 0; k < q; k++) {
		if (row[k] == 0)
			continue;
		for (size_t l = 0; l < q; l++) {
			double g, e;

			if (col[l] == 0)
				continue;
			g = rank[k] > rank[l] ? (double)(rank[k] - rank[l]) :
				(double)(rank[l] - rank[k]);
			e = (double)row[k] * (double)col[l];
			el += g * e;
			eq += g * g * e;
		}
	}
	out->kappa = stet_kappa_margins(n, same, row, col, q);
	free(row);
	free(col);
	free(rank);
	out->items = n;
	if (n == 0)
		return;
	nn = (double)n;
	out->percent = (double)same / nn;
	if (el > 0)
		out->kappa_linear = (el - nn * ol) / el;
	if (eq > 0)
		out->kappa_quadratic = (eq - nn * oq) / eq;
}

/* ---- bootstrap --------------------------------------------------------- */

/* splitmix64 (Steele, Lea and Flood 2014): small, seedable, and the
 * same sequence on every platform. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = *s;

	*s += 0x9e3779b97f4a7c15ULL;
	return stet_mix64(z); /* stet_mix64 adds the same increment first */
}

/* Uniform on [0, n): draws below 2^64 mod n are rejected so that every
 * residue is equally likely. */
static size_t draw_below(uint64_t *s, size_t n)
{
	uint64_t lim = -(uint64_t)n % n, x;

	do
		x = splitmix64(s);
	while (x < lim);
	return (size_t)(x % n);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Hyndman and Fan (1996) type 7, R's and numpy's default: linear
 * between the order statistics at (K - 1) p. */
static double quantile(const double *x, size_t k, double p)
{
	double h = (double)(k - 1) * p;
	size_t j = (size_t)h;

	if (j + 1 >= k)
		return x[k - 1];
	return x[j] + (h - (double)j) * (x[j + 1] - x[j]);
}

/* Efron and Tibshirani (1993), An Introduction to the Bootstrap, ch. 13:
 * the percentile interval, items resampled with replacement. */
void stet_bootstrap(const struct stet_ratings *r,
		    double (*fn)(const struct stet_ratings *r, void *ctx),
		    void *ctx, unsigned resamples, uint64_t seed,
		    double *lo, double *hi)
{
	size_t width = r->nraters, kept = 0;
	uint32_t *v;
	double *est;
	struct stet_ratings s = *r;
	uint64_t state = seed;

	*lo = *hi = NAN;
	if (r->nitems == 0 || resamples == 0)
		return;
	v = stet_xcalloc(r->nitems * (width ? width : 1), sizeof *v);
	est = stet_xcalloc(resamples, sizeof *est);
	s.v = v;
	for (unsigned b = 0; b < resamples; b++) {
		double x;

		for (size_t i = 0; i < r->nitems; i++) {
			size_t j = draw_below(&state, r->nitems);

			memcpy(v + i * width, r->v + j * width,
			       width * sizeof *v);
		}
		x = fn(&s, ctx);
		if (!isnan(x))
			est[kept++] = x;
	}
	if (kept > 0) {
		qsort(est, kept, sizeof *est, cmp_double);
		*lo = quantile(est, kept, 0.025);
		*hi = quantile(est, kept, 0.975);
	}
	free(v);
	free(est);
}

void stet_disagreements(const struct stet_ratings *r, uint64_t *out)
{
	memset(out, 0, r->ncat * sizeof *out);
	for (size_t i = 0; i < r->nitems; i++) {
		const uint32_t *row = &r->v[i * r->nraters];

		for (size_t a = 0; a < r->nraters; a++)
			for (size_t b = a + 1; b < r->nraters; b++)
				if (row[a] != STET_MISSING && row[b] != STET_MISSING &&
				    row[a] != row[b]) {
					out[row[a]]++;
					out[row[b]]++;
				}
	}
}
