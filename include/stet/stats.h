/* Pace and fatigue of labeling sessions: the time an annotator spends
 * per item, per quarter of the session, the trend of it, label entropy,
 * undo rate and agreement per quarter, runs of one label, and a verdict
 * that flags only changes chance does not explain at the session's
 * size. The statistics themselves are pure arithmetic; the session
 * layer turns the events of stet/session_labels.h into their input.
 * Every rule and threshold here is documented in stet-stats(1). */
#ifndef STET_STATS_H
#define STET_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/session_labels.h"
#include "stet/store.h"

/* ---- the rules, with their defaults ----
 *
 * The verdict: six signals (enum stet_signal_kind), each a test whose p
 * must be under alpha / 6 (Bonferroni: a steady session is flagged by
 * chance at most alpha of the time). The quarter signals compare the
 * last quarter with the first, each with at least MIN_QUARTER items,
 * and need a change of at least PACE_FACTOR (median seconds, either
 * way), AGREEMENT_DROP or FAST_RISE besides; a burst is BURST_MIN or
 * more items in a row under BURST_SHARE of the session's median, and
 * the burst and run signals test the longest one's probability. */

#define STET_STATS_IDLE_MS 120000     /* --idle: 2 minutes */
#define STET_STATS_FLOOR_WPM 1000.0   /* reading-speed floor, words/min */
#define STET_STATS_ALPHA 0.01         /* family-wise, per session */
#define STET_STATS_PACE_FACTOR 1.4    /* median seconds change to flag */
#define STET_STATS_AGREEMENT_DROP 0.05 /* agreement fall to flag */
#define STET_STATS_FAST_RISE 0.10     /* rise in the share read too fast */
#define STET_STATS_MIN_QUARTER 8      /* items per quarter to compare */
#define STET_STATS_BURST_MIN 5        /* items in a row to make a burst */
#define STET_STATS_BURST_SHARE 0.25   /* "fast": under this x the median */
#define STET_STATS_UNREAD_SHARE 0.5   /* items under the floor that make a
				       * session unread */
#define STET_STATS_TREND_MAX 2000     /* points the trend uses at most */
#define STET_STATS_MIN_SECONDS 0.01   /* a shorter time counts as this in
				       * the trend's logarithms */

/* ---- statistics on arrays ---- */

/* The median of v[0..n) (v is reordered), the mean of the two middle
 * values when n is even; NaN when n is 0. */
double stet_median(double *v, size_t n);

/* Shannon entropy, in bits, of the distribution counts[0..k). */
double stet_entropy(const uint64_t *counts, size_t k);

/* The Theil-Sen estimator (Theil 1950, Sen 1968): the median of the
 * slopes (y[j] - y[i]) / (x[j] - x[i]) over all pairs i < j with
 * x[i] != x[j]. NaN with no such pair. O(n^2) time and memory. */
double stet_theil_sen(const double *x, const double *y, size_t n);

/* The Mann-Kendall trend test of y against its order: S = sum over
 * i < j of sign(y[j] - y[i]), its variance with the tie correction,
 * z = (S - sign S) / sd; the two-sided p of the normal. */
double stet_mann_kendall_p(const double *y, size_t n);

enum stet_alternative {
	STET_TWO_SIDED,
	STET_LESS,    /* x tends to be smaller than y */
	STET_GREATER  /* x tends to be greater than y */
};

/* The Mann-Whitney U test of x against y, asymptotic: average ranks
 * for ties, the tie-corrected variance, a continuity correction of
 * 1/2, as scipy.stats.mannwhitneyu(method="asymptotic"). 1 when every
 * value is tied; NaN when a sample is empty. */
double stet_mann_whitney_p(const double *x, size_t nx, const double *y,
			   size_t ny, enum stet_alternative alt);

/* Fisher's exact test of the table [[a, b], [c, d]]: LESS is P(X <= a),
 * GREATER P(X >= a) for X hypergeometric with the table's margins
 * (odds ratio below or above 1); two-sided sums the tables no more
 * likely than this one, as scipy.stats.fisher_exact. */
double stet_fisher_exact_p(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
			   enum stet_alternative alt);

/* The probability that n independent draws from the categories 0..k-1,
 * with probabilities p[0..k) (summing to 1), hold a run of len or more
 * of one category (of category `only`, or any when only is SIZE_MAX).
 * Exact, by the Markov chain of the current run, in O(n k) time. */
double stet_run_p(const double *p, size_t k, size_t n, size_t len,
		  size_t only);

/* The longest run of one value in v[0..n): its length (0 when n is 0)
 * and, in *start, where the first such run begins. */
size_t stet_longest_run(const uint32_t *v, size_t n, size_t *start);

/* ---- a session's pace ---- */

/* One labeled item, in the session's order. */
struct stet_pace_item {
	double seconds;   /* time on it, each event capped at the idle time */
	uint32_t label;   /* its label set, as a category */
	uint64_t item;    /* its item id, its place in import order; 0 when
			   * unknown */
	uint32_t words;   /* its length in words; 0 when unknown */
	uint32_t undos;   /* UNDO events made after it and before the next */
	uint32_t pairs;   /* other annotators' standing values on it */
	uint32_t agreed;  /* how many of those equal its label */
	int gold;         /* 1 right, 0 wrong, -1 no gold item */
	int accepted;     /* a model's suggestion was shown: 1 taken as it
			   * was, 0 changed; -1 none shown */
};

struct stet_quarter {
	size_t from, to;          /* positions [from, to) */
	double items_per_minute;  /* items over the minutes spent on them */
	double median_seconds;
	double entropy;           /* bits, of the label sets given */
	double undo_rate;         /* UNDO events per item */
	double agreement;         /* pooled: agreeing over all comparisons;
				   * NaN without comparisons */
	double gold_accuracy;     /* NaN without gold items */
	double acceptance;        /* of the suggestions shown; NaN without */
	size_t pairs;             /* comparisons */
	size_t too_fast;          /* items read faster than the floor */
};

enum stet_signal_kind {
	STET_SIG_AGREEMENT, /* agreement fell */
	STET_SIG_SLOWER,    /* time per item rose */
	STET_SIG_FASTER,    /* time per item fell: rushing */
	STET_SIG_TOO_FAST,  /* more items read faster than reading allows */
	STET_SIG_BURST,     /* an improbable burst of fast items */
	STET_SIG_RUN,       /* an improbable run of one label */
	STET_NSIGNALS
};

struct stet_signal {
	bool tested;      /* there was enough data to test */
	bool fired;
	int quarter;      /* 3: the quarter compared with the first (0);
			   * -1 for the run signals */
	double p;         /* its p-value (NaN when not tested) */
	double threshold; /* the p-value it had to be under */
	const char *test; /* the test that gave p, in words */
	double before;    /* the first quarter's value; for a burst, the
			   * session's share of fast items */
	double after;     /* the last quarter's; for runs, the length */
};

struct stet_stats_opts {
	int64_t idle_ms;   /* events longer than this count this long */
	double floor_wpm;  /* reading-speed floor */
	double alpha;      /* family-wise significance level: each of the
			    * STET_NSIGNALS tests is run at alpha / 6 */
	/* Names a label set in the reasons; NULL writes "label N". */
	const char *(*label_name)(void *ctx, uint32_t label, char *out,
				  size_t outlen);
	void *label_ctx;
};
void stet_stats_opts_init(struct stet_stats_opts *o);

/* The order a session's items came in, from their ids. */
enum stet_item_order {
	STET_ITEMS_ORDER_UNKNOWN,
	STET_ITEMS_IMPORT_ORDER,   /* mostly each after the one before */
	STET_ITEMS_SHUFFLED  /* unrelated to import order */
};

struct stet_pace {
	size_t n;
	struct stet_quarter q[4];
	double median_seconds;  /* over the session */
	double trend;           /* Theil-Sen slope of ln seconds per item
				 * against position, per item */
	double trend_change;    /* exp(trend * (n - 1)) - 1: the fitted
				 * change from first item to last */
	double trend_p;         /* Mann-Kendall, two-sided */
	size_t longest_run, run_start;
	uint32_t run_label;
	double run_p;           /* stet_run_p under the session's label mix */
	enum stet_item_order order;
	double run_others_p;    /* agreement with the others lower in the run
				 * than elsewhere (NaN: not compared) */
	size_t too_fast;        /* items read faster than the floor */
	size_t unread_known;    /* items whose length and time are known */
	size_t unread_fast;     /* those read faster than the floor */
	bool unread;            /* unread_fast is STET_STATS_UNREAD_SHARE or
				 * more of unread_known (which is at least
				 * STET_STATS_MIN_QUARTER): a reason of its
				 * own, not one of the tests */
	double burst_seconds;   /* "fast" for bursts: under this */
	size_t bursts, burst_items, longest_burst, burst_start;
	double burst_p;         /* of the longest burst, under the session's
				 * share of fast items */
	struct stet_signal sig[STET_NSIGNALS];
	bool fatigue;
	char **reasons;         /* why, in words, one a fired signal */
	size_t nreasons;
	char **notes;           /* what could not be tested, and why */
	size_t nnotes;
};

/* Computes everything on items[0..n). Free with stet_pace_free. */
void stet_pace_compute(const struct stet_pace_item *items, size_t n,
		       const struct stet_stats_opts *o, struct stet_pace *out);
void stet_pace_free(struct stet_pace *p);

/* Four values as a Unicode sparkline, lowest to highest bar (U+2581 to
 * U+2588); a value that is not there as a middle dot, equal values in
 * the middle. Returns out. */
#define STET_SPARKLINE_MAX 16
const char *stet_sparkline(const double v[4], char out[STET_SPARKLINE_MAX]);

/* ---- sessions ---- */

struct stet_session_stats {
	const struct stet_sl_session *s; /* borrowed */
	int64_t start_ms, end_ms;  /* end: the last event's time while open */
	bool open;
	double active_minutes;     /* sum over events of min(time, idle) */
	size_t breaks;             /* stretches without an action over idle */
	double break_minutes;      /* their length past the idle time */
	size_t labeled, skipped, undone;
	size_t gold;               /* gold items among those labeled */
	double gold_accuracy;      /* the share given their answer; NaN
				    * without gold items */
	struct stet_pace pace;
};

/* The statistics of session s of sl (loaded with words and standing
 * for the reading-speed and agreement parts). */
void stet_session_stats(const struct stet_session_labels *sl,
			const struct stet_sl_session *s,
			const struct stet_stats_opts *o,
			struct stet_session_stats *out);
void stet_session_stats_free(struct stet_session_stats *ss);

/* For `stet label`'s break reminder: the verdict on session `session`
 * so far, with the default rules. first_event is the session's first
 * event id when the caller knows it (the log is read from there), or 0
 * to read it all. *fatigue says whether the session shows fatigue; why
 * gets its reasons joined with "; " ("" when none). */
int stet_fatigue_now(struct stet_store *st, uint64_t session,
		     uint64_t first_event, bool *fatigue, char *why,
		     size_t whylen, struct stet_error *err);

#endif
