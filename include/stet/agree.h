/* Inter-annotator agreement: the coefficients of the literature on a
 * matrix of ratings, items by raters. Pure arithmetic: no store, no
 * printing. A coefficient that is undefined for the data (no pairable
 * values, no variation to explain) is NaN; callers say why. */
#ifndef STET_AGREE_H
#define STET_AGREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STET_MISSING UINT32_MAX

enum stet_level {
	STET_LEVEL_NOMINAL,
	STET_LEVEL_ORDINAL,
	STET_LEVEL_INTERVAL,
	STET_LEVEL_RATIO
};

/* v[i * nraters + r] is rater r's category on item i: an index
 * 0..ncat-1 or STET_MISSING (an index past ncat counts as missing).
 * Categories are indexed in their order (rank order for the ordinal
 * level). value[c] is category c's number for the interval and ratio
 * levels (NULL otherwise; there, NULL values category c as c + 1, its
 * rank, as irrCAC does for non-numeric categories). Borrowed. */
struct stet_ratings {
	size_t nitems, nraters, ncat;
	const uint32_t *v;
	const double *value;
};

/* Mean over items with two or more values of the share of agreeing
 * pairs among all pairs of values on the item. */
double stet_percent_agreement(const struct stet_ratings *r);

/* Krippendorff's alpha at a level, with missing data (Krippendorff,
 * "Computing Krippendorff's Alpha-Reliability", 2011): the coincidence
 * matrix over pairable values, the level's difference function (at the
 * ratio level two zeros differ by 0). */
double stet_krippendorff_alpha(const struct stet_ratings *r,
			       enum stet_level level);

/* Fleiss' kappa (Fleiss 1971) when every item has the same number of
 * values; otherwise Gwet's generalisation (Handbook of Inter-Rater
 * Reliability, 4th ed., 2014, as irrCAC's fleiss.kappa.raw): observed
 * agreement over items with two or more values, chance from category
 * shares averaged over every item with at least one value. */
double stet_fleiss_kappa(const struct stet_ratings *r);

/* Gwet's AC1 (nominal) or AC2 (weighted at level), as irrCAC's
 * gwet.ac1.raw: chance from category shares averaged over every item
 * with at least one value, q the number of categories (ncat). AC2 takes
 * irrCAC's weights over all ncat categories: "ordinal" at the ordinal
 * level, "quadratic" at the interval level, "ratio" at the ratio level
 * (the last two from value[]). */
double stet_gwet_ac(const struct stet_ratings *r, enum stet_level level);

/* Scott's pi of raters a and b on the items both rated. */
double stet_scott_pi(const struct stet_ratings *r, size_t a, size_t b);

/* Cohen's kappa of raters a and b on the items both rated. The
 * weighted forms use as categories the sorted union of those the pair
 * used, weighted by rank distance among them (|i-j| linear, (i-j)^2
 * quadratic), as sklearn's cohen_kappa_score does. */
struct stet_pair {
	size_t items;
	double percent;   /* share of those items where a and b agree */
	double kappa;
	double kappa_linear;
	double kappa_quadratic;
};
void stet_cohen_kappa(const struct stet_ratings *r, size_t a, size_t b,
		      struct stet_pair *out);
/* Cohen's kappa from a two-rater table's margins: n comparisons, same
 * of them agreeing, row[c] and col[c] how often each side said c (q
 * categories). NaN without comparisons or when chance explains all. */
double stet_kappa_margins(uint64_t n, uint64_t same, const uint64_t *row,
			  const uint64_t *col, size_t q);

/* The confusion matrix of raters a and b: m[ca * ncat + cb] counts
 * items where a said ca and b said cb. m has ncat*ncat entries, all
 * overwritten. */
void stet_confusion(const struct stet_ratings *r, size_t a, size_t b,
		    uint64_t *m);

/* For each category, the pairs of values on an item that disagree and
 * involve it: how often a label is part of a disagreement. out has
 * ncat entries. */
void stet_disagreements(const struct stet_ratings *r, uint64_t *out);

/* One-vs-rest: Fleiss' kappa (as above) of the binary ratings "is c"
 * versus "is not c"; NaN when undefined. stet_label_kappas fills
 * out[0 .. ncat) in one pass over the items. */
double stet_label_kappa(const struct stet_ratings *r, uint32_t c);
void stet_label_kappas(const struct stet_ratings *r, double *out);

/* Multi-label: each value is a set of labels, a bitset of `words`
 * 64-bit words; an empty set with missing[i*nraters+r] true is missing
 * (missing NULL: none is). Krippendorff's alpha with the MASI distance
 * (Passonneau 2006): 1 - J * M, J the Jaccard index, M 1 for equal
 * sets, 2/3 when one contains the other, 1/3 when they intersect
 * otherwise, 0 when disjoint; two empty sets are equal. The expected
 * disagreement pairs the distinct sets: its cost is their number
 * squared. */
struct stet_set_ratings {
	size_t nitems, nraters, words;
	const uint64_t *sets;  /* (i * nraters + r) * words */
	const bool *missing;
};
double stet_masi_alpha(const struct stet_set_ratings *r);
double stet_masi_distance(const uint64_t *a, const uint64_t *b,
			  size_t words);

/* 95% percentile interval of a coefficient over `resamples` bootstrap
 * resamples of the items, with a seeded generator (the same seed gives
 * the same interval). fn computes the coefficient on a ratings matrix;
 * ctx is passed along. Resamples where fn is NaN are left out; the
 * 2.5% and 97.5% quantiles are interpolated as R's and numpy's default
 * (type 7). Both NaN when no resample gave a number. */
void stet_bootstrap(const struct stet_ratings *r,
		    double (*fn)(const struct stet_ratings *r, void *ctx),
		    void *ctx, unsigned resamples, uint64_t seed,
		    double *lo, double *hi);

#endif
