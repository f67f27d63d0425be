#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/stats.h"

/* ---- a session's pace ---- */

void stet_stats_opts_init(struct stet_stats_opts *o)
{
	memset(o, 0, sizeof *o);
	o->idle_ms = STET_STATS_IDLE_MS;
	o->floor_wpm = STET_STATS_FLOOR_WPM;
	o->alpha = STET_STATS_ALPHA;
}

static void add_text(char ***list, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_text(char ***list, size_t *n, const char *fmt, ...)
{
	struct stet_buf b;
	va_list ap;
	char tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	stet_buf_init(&b);
	stet_buf_adds(&b, tmp);
	*list = stet_xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = stet_buf_take(&b);
}

static const char *const quarter_name[4] = {"first", "second", "third", "last"};

/* "p = 0.0021", "p = 3.1e-06", "p < 1e-12". */
static const char *p_text(double p, char out[32])
{
	if (p < 1e-12)
		snprintf(out, 32, "p < 1e-12");
	else if (p < 0.001)
		snprintf(out, 32, "p = %.1e", p);
	else
		snprintf(out, 32, "p = %.2g", p);
	return out;
}

static const char *label_text(const struct stet_stats_opts *o, uint32_t l,
			      char *out, size_t len)
{
	if (o->label_name != NULL)
		return o->label_name(o->label_ctx, l, out, len);
	snprintf(out, len, "label %u", l);
	return out;
}

static void quarters(const struct stet_pace_item *it, size_t n,
		     struct stet_pace *pc, const bool *too_fast, uint32_t ncat)
{
	double *sec = stet_xcalloc(n ? n : 1, sizeof *sec);
	uint64_t *counts = stet_xcalloc(ncat ? ncat : 1, sizeof *counts);

	for (int q = 0; q < 4; q++) {
		struct stet_quarter *Q = &pc->q[q];
		size_t m, agreed = 0, gold = 0, right = 0, undos = 0;
		size_t shown = 0, taken = 0;
		double total = 0;

		Q->from = (size_t)q * n / 4;
		Q->to = (size_t)(q + 1) * n / 4;
		m = Q->to - Q->from;
		memset(counts, 0, (ncat ? ncat : 1) * sizeof *counts);
		for (size_t i = Q->from; i < Q->to; i++) {
			sec[i - Q->from] = it[i].seconds;
			total += it[i].seconds;
			counts[it[i].label]++;
			undos += it[i].undos;
			Q->pairs += it[i].pairs;
			agreed += it[i].agreed;
			Q->too_fast += too_fast[i];
			if (it[i].gold >= 0) {
				gold++;
				right += it[i].gold > 0;
			}
			shown += it[i].accepted >= 0;
			taken += it[i].accepted > 0;
		}
		Q->items_per_minute = total > 0 ? (double)m / (total / 60) : NAN;
		Q->median_seconds = stet_median(sec, m);
		Q->entropy = m ? stet_entropy(counts, ncat) : NAN;
		Q->undo_rate = m ? (double)undos / (double)m : NAN;
		Q->agreement = Q->pairs ? (double)agreed / (double)Q->pairs : NAN;
		Q->gold_accuracy = gold ? (double)right / (double)gold : NAN;
		Q->acceptance = shown ? (double)taken / (double)shown : NAN;
	}
	free(sec);
	free(counts);
}

static void trend(const struct stet_pace_item *it, size_t n,
		  struct stet_pace *pc)
{
	size_t m = n < STET_STATS_TREND_MAX ? n : STET_STATS_TREND_MAX;
	double *x, *y;

	pc->trend = pc->trend_change = pc->trend_p = NAN;
	if (n < 3)
		return;
	x = stet_xcalloc(m, sizeof *x);
	y = stet_xcalloc(m, sizeof *y);
	/* Beyond STET_STATS_TREND_MAX items, evenly spaced ones: the same
	 * every time. */
	for (size_t k = 0; k < m; k++) {
		size_t i = m == n ? k : (size_t)((double)k * (double)(n - 1) /
						 (double)(m - 1) + 0.5);

		x[k] = (double)i;
		y[k] = log(fmax(it[i].seconds, STET_STATS_MIN_SECONDS));
	}
	pc->trend = stet_theil_sen(x, y, m);
	pc->trend_change = expm1(pc->trend * (double)(n - 1));
	pc->trend_p = stet_mann_kendall_p(y, m);
	free(x);
	free(y);
}

/* Seconds of quarter q, in a fresh array. */
static double *quarter_seconds(const struct stet_pace_item *it,
			       const struct stet_quarter *Q)
{
	size_t m = Q->to - Q->from;
	double *s = stet_xcalloc(m ? m : 1, sizeof *s);

	for (size_t i = 0; i < m; i++)
		s[i] = it[Q->from + i].seconds;
	return s;
}

/* The quarters a change is measured between: the first and the last. */
#define FIRST 0
#define LAST 3

static void set_signal(struct stet_signal *sg, double p, bool fires,
		       double before, double after, const char *test)
{
	if (isnan(p))
		return;
	sg->tested = true;
	sg->fired = fires;
	sg->quarter = LAST;
	sg->p = p;
	sg->before = before;
	sg->after = after;
	sg->test = test;
}

static bool comparable(size_t n0, size_t n3)
{
	return n0 >= STET_STATS_MIN_QUARTER && n3 >= STET_STATS_MIN_QUARTER;
}

/* Seconds per item, last quarter against first: Mann-Whitney, one
 * side for slowing and one for rushing. */
static void test_pace(const struct stet_pace_item *it, struct stet_pace *pc,
		      double thr)
{
	const struct stet_quarter *Q0 = &pc->q[FIRST], *Q3 = &pc->q[LAST];
	size_t n0 = Q0->to - Q0->from, n3 = Q3->to - Q3->from;
	double *s0, *s3, ps, pf, m0 = Q0->median_seconds,
		m3 = Q3->median_seconds;

	if (!comparable(n0, n3))
		return;
	s0 = quarter_seconds(it, Q0);
	s3 = quarter_seconds(it, Q3);
	ps = stet_mann_whitney_p(s3, n3, s0, n0, STET_GREATER);
	pf = stet_mann_whitney_p(s3, n3, s0, n0, STET_LESS);
	set_signal(&pc->sig[STET_SIG_SLOWER], ps,
		   ps < thr && m3 >= STET_STATS_PACE_FACTOR * m0, m0, m3,
		   "Mann-Whitney U test");
	set_signal(&pc->sig[STET_SIG_FASTER], pf,
		   pf < thr && m3 * STET_STATS_PACE_FACTOR <= m0, m0, m3,
		   "Mann-Whitney U test");
	free(s0);
	free(s3);
}

/* Whether the items of group 1 agree with the other annotators less
 * than those of group 0 (grp[i] is 0, 1, or -1 for neither), over the
 * items with at least one comparison: Fisher's exact test when every
 * such item has exactly one (items are then the units and each agrees
 * or not); otherwise Mann-Whitney on each item's share of agreeing
 * comparisons, so that an item with several others counts once.
 * items[g] is how many items of group g were compared; the p-value is
 * NaN when a group has none. */
static double agreement_lower_p(const struct stet_pace_item *it, size_t n,
				const signed char *grp, size_t items[2],
				const char **test)
{
	size_t agreed[2] = {0, 0};
	double *share[2], p = NAN;
	bool binary = true;

	items[0] = items[1] = 0;
	share[0] = stet_xcalloc(n ? n : 1, sizeof *share[0]);
	share[1] = stet_xcalloc(n ? n : 1, sizeof *share[1]);
	for (size_t i = 0; i < n; i++) {
		int g = grp[i];

		if (g < 0 || it[i].pairs == 0)
			continue;
		binary &= it[i].pairs == 1;
		agreed[g] += it[i].agreed;
		share[g][items[g]++] = (double)it[i].agreed /
				       (double)it[i].pairs;
	}
	if (items[0] > 0 && items[1] > 0) {
		if (binary)
			p = stet_fisher_exact_p(agreed[0], items[0] - agreed[0],
						agreed[1], items[1] - agreed[1],
						STET_GREATER);
		else
			p = stet_mann_whitney_p(share[1], items[1], share[0],
						items[0], STET_LESS);
	}
	*test = binary ? "Fisher's exact test" : "Mann-Whitney U test";
	free(share[0]);
	free(share[1]);
	return p;
}

/* Agreement, last quarter against first. */
static void test_agreement(const struct stet_pace_item *it, size_t n,
			   struct stet_pace *pc, double thr)
{
	signed char *grp = stet_xcalloc(n ? n : 1, sizeof *grp);
	double p, before = pc->q[FIRST].agreement, after = pc->q[LAST].agreement;
	const char *test;
	size_t items[2];

	for (size_t i = 0; i < n; i++)
		grp[i] = i < pc->q[FIRST].to ? 0 : i >= pc->q[LAST].from ? 1 : -1;
	p = agreement_lower_p(it, n, grp, items, &test);
	if (comparable(items[0], items[1]))
		set_signal(&pc->sig[STET_SIG_AGREEMENT], p,
			   p < thr && before - after >= STET_STATS_AGREEMENT_DROP,
			   before, after, test);
	free(grp);
}

/* The share of items read faster than the floor, last quarter against
 * first, over the items whose length is known: Fisher's exact test. */
static void test_too_fast(const struct stet_pace_item *it,
			  struct stet_pace *pc, const bool *too_fast,
			  double thr)
{
	size_t known[2] = {0, 0}, fast[2] = {0, 0};
	const int q[2] = {FIRST, LAST};
	double p, before, after;

	for (int s = 0; s < 2; s++)
		for (size_t i = pc->q[q[s]].from; i < pc->q[q[s]].to; i++) {
			known[s] += it[i].words > 0;
			fast[s] += too_fast[i];
		}
	if (!comparable(known[0], known[1]))
		return;
	before = (double)fast[0] / (double)known[0];
	after = (double)fast[1] / (double)known[1];
	p = stet_fisher_exact_p(fast[1], known[1] - fast[1], fast[0],
				known[0] - fast[0], STET_GREATER);
	set_signal(&pc->sig[STET_SIG_TOO_FAST], p,
		   p < thr && after - before >= STET_STATS_FAST_RISE, before,
		   after, "Fisher's exact test");
}

static void bursts(const struct stet_pace_item *it, size_t n,
		   struct stet_pace *pc, double thr)
{
	uint32_t *fast = stet_xcalloc(n ? n : 1, sizeof *fast);
	size_t nfast = 0, longest = 0, at = 0;
	struct stet_signal *sg = &pc->sig[STET_SIG_BURST];

	pc->burst_seconds = STET_STATS_BURST_SHARE * pc->median_seconds;
	pc->burst_p = NAN;
	for (size_t i = 0; i < n; i++) {
		fast[i] = it[i].seconds < pc->burst_seconds;
		nfast += fast[i];
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && fast[j] == fast[i])
			j++;
		if (fast[i] && j - i > longest) {
			longest = j - i;
			at = i;
		}
		if (fast[i] && j - i >= STET_STATS_BURST_MIN) {
			pc->bursts++;
			pc->burst_items += j - i;
		}
		i = j;
	}
	pc->longest_burst = longest;
	pc->burst_start = at;
	if (n >= STET_STATS_BURST_MIN) {
		double share = (double)nfast / (double)n;
		double pr[2] = {share, 1 - share};

		pc->burst_p = longest ? stet_run_p(pr, 2, n, longest, 0) : 1;
		sg->tested = true;
		sg->test = "run probability";
		sg->quarter = -1;
		sg->p = pc->burst_p;
		sg->before = share;
		sg->after = (double)longest;
		sg->fired = longest >= STET_STATS_BURST_MIN && pc->burst_p < thr;
	}
	free(fast);
}

/* Whether the items came in an order unrelated to import order: known
 * when every item's id is, and then when fewer than IMPORT_ORDER of
 * them follow the item before them in import order (about half do in
 * a shuffled order, nearly all in import order). */
#define IMPORT_ORDER 0.75

static enum stet_item_order item_order(const struct stet_pace_item *it,
				       size_t n)
{
	size_t ascents = 0;

	if (n < 2)
		return STET_ITEMS_ORDER_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		if (it[i].item == 0)
			return STET_ITEMS_ORDER_UNKNOWN;
	for (size_t i = 1; i < n; i++)
		ascents += it[i].item > it[i - 1].item;
	return (double)ascents >= IMPORT_ORDER * (double)(n - 1) ?
		STET_ITEMS_IMPORT_ORDER : STET_ITEMS_SHUFFLED;
}

/* The longest run of one label. Its probability under the session's
 * label mix assumes the items came in random order: in import order a
 * corpus sorted by topic or source makes long runs by itself. So the
 * run probability alone judges a run only when the items came
 * shuffled; otherwise the run must also be where the annotator agreed
 * with the other annotators' labels on the same items less than on the
 * rest of the session (both at the threshold: the p-value given is the
 * larger of the two, an intersection-union test). A run in import order
 * with no one else's labels to judge it by is not judged. */
static void runs(const struct stet_pace_item *it, size_t n,
		 struct stet_pace *pc, uint32_t ncat, double thr)
{
	uint32_t *v = stet_xcalloc(n ? n : 1, sizeof *v);
	double *p = stet_xcalloc(ncat ? ncat : 1, sizeof *p);
	struct stet_signal *sg = &pc->sig[STET_SIG_RUN];

	pc->run_p = NAN;
	pc->run_others_p = NAN;
	pc->order = item_order(it, n);
	for (size_t i = 0; i < n; i++) {
		v[i] = it[i].label;
		p[it[i].label] += 1.0 / (double)n;
	}
	pc->longest_run = stet_longest_run(v, n, &pc->run_start);
	pc->run_label = n ? v[pc->run_start] : 0;
	if (n >= 2)
		pc->run_p = stet_run_p(p, ncat, n, pc->longest_run, SIZE_MAX);
	if (n >= 2 && pc->order == STET_ITEMS_SHUFFLED) {
		sg->tested = true;
		sg->test = "run probability";
		sg->p = pc->run_p;
		sg->fired = pc->run_p < thr;
	} else if (n >= 2) {
		signed char *grp = stet_xcalloc(n, sizeof *grp);
		size_t end = pc->run_start + pc->longest_run, items[2];
		const char *test;

		for (size_t i = 0; i < n; i++)
			grp[i] = i >= pc->run_start && i < end;
		pc->run_others_p = agreement_lower_p(it, n, grp, items, &test);
		free(grp);
		if (isfinite(pc->run_others_p)) {
			sg->tested = true;
			sg->test = strcmp(test, "Fisher's exact test") == 0 ?
				"run probability and Fisher's exact test against the other annotators" :
				"run probability and Mann-Whitney U test against the other annotators";
			sg->p = fmax(pc->run_p, pc->run_others_p);
			sg->fired = sg->p < thr;
		}
	}
	sg->quarter = -1;
	sg->after = (double)pc->longest_run;
	free(v);
	free(p);
}

static void trend_words(const struct stet_pace *pc, char *out, size_t len)
{
	out[0] = '\0';
	if (isfinite(pc->trend_change) && pc->trend_p < 0.05)
		snprintf(out, len, "; over the whole session the time per item trends %+.0f%% (Theil-Sen)",
			 100 * pc->trend_change);
}

static void reasons(struct stet_pace *pc, const struct stet_stats_opts *o)
{
	const struct stet_signal *sg;
	char pbuf[32], tw[128], name[256];

	/* A fact before the tests: items read faster than anyone reads were
	 * not read, however the pace moved by chance, and the break
	 * reminder shows only the first reason. */
	if (pc->unread)
		add_text(&pc->reasons, &pc->nreasons,
			 "%zu of %zu items labeled faster than %.0f words a minute, faster than anyone reads",
			 pc->unread_fast, pc->unread_known, o->floor_wpm);
	sg = &pc->sig[STET_SIG_AGREEMENT];
	if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "agreement with the other annotators fell from %.2f in the first quarter to %.2f in the %s (%s, %s)",
			 sg->before, sg->after, quarter_name[sg->quarter],
			 sg->test, p_text(sg->p, pbuf));
	trend_words(pc, tw, sizeof tw);
	sg = &pc->sig[STET_SIG_SLOWER];
	if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "slowing: pace fell %.0f%% from the first quarter to the %s, a median of %.1f s per item against %.1f s (Mann-Whitney U test, %s)%s",
			 100 * (1 - sg->before / sg->after), quarter_name[sg->quarter],
			 sg->after, sg->before, p_text(sg->p, pbuf),
			 pc->trend > 0 ? tw : "");
	sg = &pc->sig[STET_SIG_FASTER];
	if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "rushing: pace rose %.0f%% from the first quarter to the %s, a median of %.1f s per item against %.1f s (Mann-Whitney U test, %s)%s",
			 100 * (sg->before / fmax(sg->after, STET_STATS_MIN_SECONDS) - 1),
			 quarter_name[sg->quarter],
			 sg->after, sg->before, p_text(sg->p, pbuf),
			 pc->trend < 0 ? tw : "");
	sg = &pc->sig[STET_SIG_TOO_FAST];
	if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "items labeled faster than %.0f words a minute rose from %.0f%% of the first quarter to %.0f%% of the %s (Fisher's exact test, %s)",
			 o->floor_wpm, 100 * sg->before, 100 * sg->after,
			 quarter_name[sg->quarter], p_text(sg->p, pbuf));
	sg = &pc->sig[STET_SIG_BURST];
	if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "a burst of %zu items in a row at under %.1f s each (a quarter of the session's median) from item %zu (%s for a run that long at the session's %.0f%% of such items)",
			 pc->longest_burst, pc->burst_seconds, pc->burst_start + 1,
			 p_text(sg->p, pbuf), 100 * sg->before);
	sg = &pc->sig[STET_SIG_RUN];
	if (sg->fired && pc->order == STET_ITEMS_SHUFFLED)
		add_text(&pc->reasons, &pc->nreasons,
			 "perseveration: %s %zu times in a row from item %zu of a shuffled order (%s for a run that long under the session's label mix)",
			 label_text(o, pc->run_label, name, sizeof name),
			 pc->longest_run, pc->run_start + 1, p_text(sg->p, pbuf));
	else if (sg->fired)
		add_text(&pc->reasons, &pc->nreasons,
			 "perseveration: %s %zu times in a row from item %zu, where the other annotators' labels on the same items differed more than elsewhere in the session (%s)",
			 label_text(o, pc->run_label, name, sizeof name),
			 pc->longest_run, pc->run_start + 1, p_text(sg->p, pbuf));
}

void stet_pace_compute(const struct stet_pace_item *it, size_t n,
		       const struct stet_stats_opts *o, struct stet_pace *pc)
{
	double alpha = o->alpha > 0 ? o->alpha : STET_STATS_ALPHA;
	double thr = alpha / STET_NSIGNALS; /* Bonferroni */
	bool *too_fast = stet_xcalloc(n ? n : 1, sizeof *too_fast);
	double *sec = stet_xcalloc(n ? n : 1, sizeof *sec);
	uint32_t ncat = 0;
	size_t known = 0;

	memset(pc, 0, sizeof *pc);
	pc->n = n;
	for (size_t i = 0; i < n; i++) {
		if (it[i].label + 1 > ncat)
			ncat = it[i].label + 1;
		/* words / (wpm / 60) seconds is the floor */
		too_fast[i] = it[i].words > 0 &&
			it[i].seconds * o->floor_wpm < 60.0 * it[i].words;
		pc->too_fast += too_fast[i];
		known += it[i].words > 0;
		sec[i] = it[i].seconds;
	}
	pc->median_seconds = stet_median(sec, n);
	free(sec);
	for (int s = 0; s < STET_NSIGNALS; s++) {
		pc->sig[s].p = NAN;
		pc->sig[s].before = pc->sig[s].after = NAN;
		pc->sig[s].quarter = -1;
	}
	quarters(it, n, pc, too_fast, ncat);
	trend(it, n, pc);
	test_pace(it, pc, thr);
	test_agreement(it, n, pc, thr);
	test_too_fast(it, pc, too_fast, thr);
	bursts(it, n, pc, thr);
	runs(it, n, pc, ncat, thr);
	/* Not a test: an item read faster than anyone reads was not read,
	 * whatever chance says of the session. Items with no time at all
	 * (annotations brought in without one) say nothing of reading. */
	for (size_t i = 0; i < n; i++)
		if (it[i].words > 0 && it[i].seconds > 0) {
			pc->unread_known++;
			pc->unread_fast += too_fast[i];
		}
	pc->unread = pc->unread_known >= STET_STATS_MIN_QUARTER &&
		(double)pc->unread_fast >=
		STET_STATS_UNREAD_SHARE * (double)pc->unread_known;
	reasons(pc, o);
	for (int s = 0; s < STET_NSIGNALS; s++) {
		pc->sig[s].threshold = thr;
		pc->fatigue |= pc->sig[s].fired;
	}
	pc->fatigue |= pc->unread;
	if (pc->q[0].to - pc->q[0].from < STET_STATS_MIN_QUARTER)
		add_text(&pc->notes, &pc->nnotes,
			 "too few items to compare quarters: %d are needed, %zu were labeled",
			 4 * STET_STATS_MIN_QUARTER, n);
	else if (!pc->sig[STET_SIG_AGREEMENT].tested)
		add_text(&pc->notes, &pc->nnotes,
			 "agreement is not compared: fewer than %d items of a quarter have another annotator's label",
			 STET_STATS_MIN_QUARTER);
	if (n >= 2 && !pc->sig[STET_SIG_RUN].tested)
		add_text(&pc->notes, &pc->nnotes,
			 "runs of one label are not judged: the items came in %s, where a corpus sorted by topic or source makes long runs by itself, and no other annotator labeled those of the run",
			 pc->order == STET_ITEMS_IMPORT_ORDER ? "import order" :
			 "an order not known");
	if (n > 0 && known == 0)
		add_text(&pc->notes, &pc->nnotes,
			 "reading speed is not checked: the items' lengths are unknown");
	free(too_fast);
}

void stet_pace_free(struct stet_pace *p)
{
	for (size_t i = 0; i < p->nreasons; i++)
		free(p->reasons[i]);
	for (size_t i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->reasons);
	free(p->notes);
	memset(p, 0, sizeof *p);
}

/* ---- sessions ---- */

static const char *sl_name(void *ctx, uint32_t label, char *out, size_t len)
{
	return stet_sl_set_name(ctx, label, out, len);
}

void stet_session_stats(const struct stet_session_labels *sl,
			const struct stet_sl_session *s,
			const struct stet_stats_opts *opts,
			struct stet_session_stats *out)
{
	struct stet_stats_opts o = *opts;
	struct stet_pace_item *it;
	int64_t idle = o.idle_ms > 0 ? o.idle_ms : STET_STATS_IDLE_MS;
	int64_t prev, active = 0, breaks = 0;
	double *ms;

	memset(out, 0, sizeof *out);
	out->s = s;
	out->start_ms = s->start_ms;
	out->end_ms = s->end_ms;
	out->open = s->end_ms == 0;
	if (s->nsteps > 0) {
		if (out->start_ms == 0 || s->steps[0].time_ms < out->start_ms)
			out->start_ms = s->steps[0].time_ms;
		if (s->steps[s->nsteps - 1].time_ms > out->end_ms)
			out->end_ms = s->steps[s->nsteps - 1].time_ms;
	}
	it = stet_xcalloc(s->nitems ? s->nitems : 1, sizeof *it);
	ms = stet_xcalloc(s->nitems ? s->nitems : 1, sizeof *ms);
	prev = out->start_ms;
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct stet_sl_step *t = &s->steps[i];
		int64_t gap = t->time_ms - prev, busy, span;

		if (gap < 0)
			gap = 0;
		busy = t->duration_ms > 0 ? (int64_t)t->duration_ms : gap;
		span = busy > gap ? busy : gap;
		if (span > idle) {
			out->breaks++;
			breaks += span - idle;
		}
		if (busy > idle)
			busy = idle;
		active += busy;
		if (t->pos != STET_SL_NONE)
			ms[t->pos] += (double)busy;
		if (t->action == STET_ACT_UNDO && s->nitems > 0)
			it[t->at > 0 ? t->at - 1 : 0].undos++;
		if (t->time_ms > prev)
			prev = t->time_ms;
	}
	for (size_t p = 0; p < s->nitems; p++) {
		size_t pairs = 0, agreed = 0;

		stet_session_item_agreement(sl, s, p, &pairs, &agreed);
		it[p].seconds = ms[p] / 1000;
		it[p].label = s->items[p].set;
		it[p].item = s->items[p].item;
		it[p].words = s->items[p].words;
		it[p].pairs = (uint32_t)pairs;
		it[p].agreed = (uint32_t)agreed;
		it[p].gold = s->items[p].gold == STET_SL_NONE ? -1 :
			s->items[p].gold == s->items[p].set;
		it[p].accepted = s->items[p].accepted;
	}
	out->active_minutes = (double)active / 60000;
	out->break_minutes = (double)breaks / 60000;
	out->labeled = s->nitems;
	out->gold = 0;
	out->gold_accuracy = NAN;
	for (size_t p = 0, right = 0; p < s->nitems; p++) {
		out->gold += it[p].gold >= 0;
		right += it[p].gold > 0;
		if (p + 1 == s->nitems && out->gold > 0)
			out->gold_accuracy = (double)right / (double)out->gold;
	}
	out->skipped = s->skipped;
	out->undone = s->undos;
	if (o.label_name == NULL) {
		o.label_name = sl_name;
		o.label_ctx = (void *)sl;
	}
	stet_pace_compute(it, s->nitems, &o, &out->pace);
	free(it);
	free(ms);
}

void stet_session_stats_free(struct stet_session_stats *ss)
{
	stet_pace_free(&ss->pace);
	memset(ss, 0, sizeof *ss);
}

int stet_fatigue_now(struct stet_store *st, uint64_t session,
		     uint64_t first_event, bool *fatigue, char *why,
		     size_t whylen, struct stet_error *err)
{
	struct stet_session_labels_opts lo = {
		.session = session, .first_event = first_event,
		.words = true, .standing = true,
	};
	struct stet_session_labels sl;
	struct stet_session_stats ss;
	struct stet_stats_opts o;
	size_t used = 0;

	*fatigue = false;
	if (whylen > 0)
		why[0] = '\0';
	if (session == 0)
		return STET_OK;
	if (stet_session_labels_load(st, &lo, &sl, err) != STET_OK)
		return STET_ERR;
	if (sl.nsessions == 0) {
		stet_session_labels_free(&sl);
		return STET_OK;
	}
	stet_stats_opts_init(&o);
	stet_session_stats(&sl, &sl.sessions[0], &o, &ss);
	*fatigue = ss.pace.fatigue;
	for (size_t i = 0; i < ss.pace.nreasons && whylen > 0; i++) {
		int w = snprintf(why + used, whylen - used, "%s%s",
				 i ? "; " : "", ss.pace.reasons[i]);

		if (w < 0 || (size_t)w >= whylen - used)
			break;
		used += (size_t)w;
	}
	stet_session_stats_free(&ss);
	stet_session_labels_free(&sl);
	return STET_OK;
}

const char *stet_sparkline(const double v[4], char out[STET_SPARKLINE_MAX])
{
	static const char *const bars[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	double lo = INFINITY, hi = -INFINITY;

	out[0] = '\0';
	for (int i = 0; i < 4; i++)
		if (isfinite(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
		}
	for (int i = 0; i < 4; i++) {
		int b;

		if (!isfinite(v[i])) {
			strcat(out, "\u00b7");
			continue;
		}
		b = hi > lo ? (int)lround((v[i] - lo) / (hi - lo) * 7) : 3;
		strcat(out, bars[b < 0 ? 0 : b > 7 ? 7 : b]);
	}
	return out;
}
