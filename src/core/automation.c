/* Automation bias: see stet/automation.h. One walk over the events
 * gathers an observation for each standing label whose event says what
 * was suggested; the shares and their bootstraps are counted from
 * those. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/automation.h"
#include "stet/gold.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/mix.h"
#include "stet/session_labels.h"
#include "stet/stats.h"

struct obs {
	uint32_t annotator;
	bool shown;
	bool model;        /* the label is what was (or would have been)
			    * suggested */
	uint32_t pairs, agreed; /* with the other annotators */
	signed char gold;  /* -1 no gold item, else right or not */
	signed char fast;  /* -1 not an acceptance, else under the floor */
};

struct walk {
	struct stet_txn *txn;
	const struct stet_automation_opts *o;
	const struct stet_annotator *who;
	size_t nwho;
	bool *wanted;      /* by annotator id */
	struct obs *v;
	size_t n, cap;
};

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Whether the sets a[0..na) and b[0..nb) hold the same labels. */
static bool same_set(const uint32_t *a, size_t na, const uint32_t *b,
		     size_t nb)
{
	uint32_t x[STET_MAX_LABELS], y[STET_MAX_LABELS];
	size_t nx = 0, ny = 0;

	memcpy(x, a, na * sizeof *a);
	memcpy(y, b, nb * sizeof *b);
	qsort(x, na, sizeof *x, by_u32);
	qsort(y, nb, sizeof *y, by_u32);
	for (size_t i = 0; i < na; i++)
		if (nx == 0 || x[nx - 1] != x[i])
			x[nx++] = x[i];
	for (size_t i = 0; i < nb; i++)
		if (ny == 0 || y[ny - 1] != y[i])
			y[ny++] = y[i];
	return nx == ny && memcmp(x, y, nx * sizeof *x) == 0;
}

struct others {
	const struct stet_event *ev;
	struct obs *ob;
	struct stet_error *err;
};

static int other_label(uint32_t annotator, const void *val, size_t vlen,
		       void *ctx)
{
	struct others *ot = ctx;
	struct stet_current cur;

	if (annotator == ot->ev->annotator)
		return STET_OK;
	if (stet_current_decode(val, vlen, &cur, ot->err) != STET_OK)
		return STET_ERR;
	ot->ob->pairs++;
	ot->ob->agreed += same_set(cur.labels, cur.nlabels, ot->ev->labels,
				   ot->ev->nlabels);
	return STET_OK;
}

static int item_words(struct stet_txn *txn, uint64_t id, uint64_t *words,
		      struct stet_error *err)
{
	struct stet_item it;
	int rc;

	stet_item_init(&it);
	rc = stet_item_get(txn, id, &it, err);
	*words = 0;
	if (rc == STET_OK) {
		*words = stet_count_words(it.text);
		for (size_t i = 0; i < it.nfields; i++)
			*words += stet_count_words(it.fields[i].value);
	}
	stet_item_clear(&it);
	return rc;
}

static int observe(struct stet_event *ev, void *ctx, struct stet_error *err)
{
	struct walk *w = ctx;
	const struct stet_suggestion *sg = &ev->suggestion;
	struct stet_current cur;
	struct stet_gold g;
	struct others ot;
	struct obs ob = {.gold = -1, .fast = -1};
	int rc;

	if (ev->action != STET_ACT_LABEL || sg->state == STET_SUGGEST_NONE ||
	    ev->annotator == 0 || ev->annotator > w->nwho ||
	    !w->wanted[ev->annotator])
		return STET_OK;
	rc = stet_current_get(w->txn, ev->item, ev->annotator, &cur, err);
	if (rc == STET_NOTFOUND || (rc == STET_OK && cur.event != ev->id))
		return STET_OK; /* taken back or replaced since */
	if (rc != STET_OK)
		return STET_ERR;
	ob.annotator = ev->annotator;
	ob.shown = sg->state == STET_SUGGEST_SHOWN;
	ob.model = same_set(ev->labels, ev->nlabels, sg->labels, sg->nlabels);
	ot = (struct others){ev, &ob, err};
	if (stet_item_entries(w->txn, STET_DB_CURRENT, ev->item, other_label,
			      &ot, err) != STET_OK)
		return STET_ERR;
	rc = stet_gold_get(w->txn, ev->item, &g, err);
	if (rc == STET_OK)
		ob.gold = same_set(ev->labels, ev->nlabels, g.labels, g.n);
	else if (rc != STET_NOTFOUND)
		return STET_ERR;
	if (ob.shown && ob.model) {
		uint64_t words;

		if (item_words(w->txn, ev->item, &words, err) != STET_OK)
			return STET_ERR;
		/* words / (wpm / 60) seconds is the floor, as stet stats
		 * has it; an item of no words says nothing of reading. */
		ob.fast = words > 0 && (double)ev->duration_ms * w->o->floor_wpm <
			60000.0 * (double)words;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->v = stet_xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = ob;
	return STET_OK;
}

/* ---- counting ---- */

/* What an observation adds to a share: its weight (0: not counted) and
 * what of it is a yes. */
typedef void (*measure_fn)(const struct obs *ob, uint64_t *of,
			   uint64_t *yes);

static void m_accepted(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->shown;
	*yes = ob->shown && ob->model;
}

static void m_model_shown(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->shown;
	*yes = ob->shown && ob->model;
}

static void m_model_hidden(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = !ob->shown;
	*yes = !ob->shown && ob->model;
}

static void m_humans_shown(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->shown ? ob->pairs : 0;
	*yes = ob->shown ? ob->agreed : 0;
}

static void m_humans_hidden(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->shown ? 0 : ob->pairs;
	*yes = ob->shown ? 0 : ob->agreed;
}

static void m_gold_shown(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->shown && ob->gold >= 0;
	*yes = ob->shown && ob->gold > 0;
}

static void m_gold_hidden(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = !ob->shown && ob->gold >= 0;
	*yes = !ob->shown && ob->gold > 0;
}

static void m_fast(const struct obs *ob, uint64_t *of, uint64_t *yes)
{
	*of = ob->fast >= 0;
	*yes = ob->fast > 0;
}

/* The observations of one row: indices into the walk's. */
struct group {
	const struct obs *v;
	const size_t *ix;
	size_t n;
};

static void count(const struct group *g, measure_fn m, const size_t *pick,
		  uint64_t *of, uint64_t *yes)
{
	*of = *yes = 0;
	for (size_t i = 0; i < g->n; i++) {
		uint64_t o, y;

		m(&g->v[g->ix[pick ? pick[i] : i]], &o, &y);
		*of += o;
		*yes += y;
	}
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The 2.5th and 97.5th percentiles of v[0..n), NaN dropped. */
static void percentiles(double *v, size_t n, double *lo, double *hi)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	*lo = *hi = NAN;
	if (k == 0)
		return;
	qsort(v, k, sizeof *v, by_double);
	*lo = v[(size_t)floor(0.025 * (double)(k - 1) + 0.5)];
	*hi = v[(size_t)floor(0.975 * (double)(k - 1) + 0.5)];
}

static double ratio(uint64_t yes, uint64_t of)
{
	return of ? (double)yes / (double)of : NAN;
}

/* Every share of a row, and with o->bootstrap resamples of the row's
 * labels (with replacement, the same resample for every share, so the
 * difference's interval is that of the paired figures) the intervals. */
static void fill_row(struct stet_automation_row *r, const struct group *g,
		     const struct stet_automation_opts *o)
{
	static const measure_fn fns[] = {
		m_accepted, m_model_shown, m_model_hidden, m_humans_shown,
		m_humans_hidden, m_gold_shown, m_gold_hidden, m_fast,
	};
	struct stet_share *sh[] = {
		&r->accepted, &r->model_shown, &r->model_hidden,
		&r->humans_shown, &r->humans_hidden, &r->gold_shown,
		&r->gold_hidden, &r->fast_accepts,
	};
	enum { NS = sizeof fns / sizeof *fns };
	double *boot[NS + 1];
	size_t *pick;
	uint64_t state = o->seed;

	for (size_t s = 0; s < NS; s++) {
		count(g, fns[s], NULL, &sh[s]->of, &sh[s]->yes);
		sh[s]->value = ratio(sh[s]->yes, sh[s]->of);
		sh[s]->lo = sh[s]->hi = NAN;
	}
	r->difference = r->model_shown.value - r->model_hidden.value;
	r->diff_lo = r->diff_hi = NAN;
	if (o->bootstrap == 0 || g->n == 0)
		return;
	pick = stet_xcalloc(g->n, sizeof *pick);
	for (size_t s = 0; s <= NS; s++)
		boot[s] = stet_xcalloc(o->bootstrap, sizeof **boot);
	for (unsigned b = 0; b < o->bootstrap; b++) {
		for (size_t i = 0; i < g->n; i++)
			pick[i] = (size_t)(stet_mix64(++state) % g->n);
		for (size_t s = 0; s < NS; s++) {
			uint64_t of, yes;

			count(g, fns[s], pick, &of, &yes);
			boot[s][b] = ratio(yes, of);
		}
		boot[NS][b] = boot[1][b] - boot[2][b];
	}
	for (size_t s = 0; s < NS; s++)
		percentiles(boot[s], o->bootstrap, &sh[s]->lo, &sh[s]->hi);
	percentiles(boot[NS], o->bootstrap, &r->diff_lo, &r->diff_hi);
	for (size_t s = 0; s <= NS; s++)
		free(boot[s]);
	free(pick);
}

static int by_name(const void *a, const void *b)
{
	const struct stet_automation_row *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void build_rows(const struct walk *w,
		       const struct stet_automation_opts *o,
		       struct stet_automation *out)
{
	size_t *ix = stet_xcalloc(w->n + 1, sizeof *ix);
	size_t nrows = 0;

	out->rows = stet_xcalloc(w->nwho + 1, sizeof *out->rows);
	for (size_t a = 1; a <= w->nwho; a++) {
		struct group g = {w->v, ix, 0};

		for (size_t i = 0; i < w->n; i++)
			if (w->v[i].annotator == a)
				ix[g.n++] = i;
		if (g.n == 0)
			continue;
		out->rows[nrows].name = stet_xstrdup(w->who[a - 1].name);
		fill_row(&out->rows[nrows++], &g, o);
	}
	qsort(out->rows, nrows, sizeof *out->rows, by_name);
	if (nrows > 0) {
		struct group all = {w->v, ix, w->n};

		for (size_t i = 0; i < w->n; i++)
			ix[i] = i;
		fill_row(&out->rows[nrows++], &all, o);
	}
	out->nrows = nrows;
	if (nrows == 0) {
		free(out->rows);
		out->rows = NULL;
	}
	free(ix);
}

int stet_automation_load(struct stet_store *st,
			 const struct stet_automation_opts *opts,
			 struct stet_automation *out, struct stet_error *err)
{
	struct stet_automation_opts o = *opts;
	struct stet_annotator *who = NULL;
	struct walk w;
	size_t nwho = 0;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	if (o.floor_wpm <= 0)
		o.floor_wpm = STET_STATS_FLOOR_WPM;
	if (stet_txn_begin_read(st, &w.txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_annotators_load(w.txn, &who, &nwho, err);
	if (rc == STET_OK) {
		w.o = &o;
		w.who = who;
		w.nwho = nwho;
		w.wanted = stet_xcalloc(nwho + 1, sizeof *w.wanted);
		for (size_t a = 0; a < nwho; a++) {
			bool want = o.annotators == NULL;

			for (size_t i = 0; i < o.nannotators && !want; i++)
				want = strcmp(o.annotators[i], who[a].name) == 0;
			w.wanted[a + 1] = want;
		}
		rc = stet_events_each_action(w.txn, 0, STET_ACT_LABEL,
					     observe, &w, err);
	}
	stet_txn_end(w.txn);
	if (rc == STET_OK)
		build_rows(&w, &o, out);
	free(w.v);
	free(w.wanted);
	stet_annotators_free(who, nwho);
	return rc;
}

void stet_automation_free(struct stet_automation *a)
{
	for (size_t i = 0; i < a->nrows; i++)
		free(a->rows[i].name);
	free(a->rows);
	memset(a, 0, sizeof *a);
}

void stet_automation_words(const struct stet_automation_row *r, char *out,
			   size_t len)
{
	const char *who = r->name ? r->name : "everyone";
	size_t used = 0;
	int w;

	out[0] = '\0';
	if (r->accepted.of > 0)
		w = snprintf(out, len,
			     "%s accepted %.0f%% of the suggestions shown (%llu of %llu)",
			     who, 100 * r->accepted.value,
			     (unsigned long long)r->accepted.yes,
			     (unsigned long long)r->accepted.of);
	else
		w = snprintf(out, len, "no suggestion was shown to %s", who);
	if (w < 0 || (size_t)w >= len)
		return;
	used = (size_t)w;
	if (r->model_hidden.of > 0)
		snprintf(out + used, len - used,
			 "; with the suggestion hidden, %s agreed with the model %.0f%% of the time (%llu of %llu)",
			 who, 100 * r->model_hidden.value,
			 (unsigned long long)r->model_hidden.yes,
			 (unsigned long long)r->model_hidden.of);
	else
		snprintf(out + used, len - used,
			 "; none was hidden, so what the suggestion itself does cannot be told (stet label --suggest-rate)");
}
