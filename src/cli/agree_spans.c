#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree_out.h"
#include "agree_spans.h"
#include "cli.h"
#include "stet/review.h"
#include "stet/span_agree.h"
#include "stet/span_study.h"

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static double ratio(uint64_t a, uint64_t b)
{
	return b > 0 ? (double)a / (double)b : NAN;
}

static void note(json_t *notes, const char *scope, const char *fmt,
		 unsigned long long a, unsigned long long b)
{
	char buf[320], what[256];

	snprintf(what, sizeof what, fmt, a, b);
	snprintf(buf, sizeof buf, "%s: %s", scope, what);
	json_array_append_new(notes, json_string(buf));
}

static json_t *f1s(const struct stet_span_counts *c, bool with_alpha,
		   double alpha)
{
	json_t *o = json_object();

	json_object_set_new(o, "exact_f1", num(stet_span_f1(c->exact, c->a, c->b)));
	json_object_set_new(o, "partial_f1",
			    num(stet_span_f1(c->partial, c->a, c->b)));
	if (with_alpha)
		json_object_set_new(o, "unitizing_alpha", num(alpha));
	return o;
}

static json_t *pairs_json(const struct stet_project_spans *ps,
			  const struct stet_span_agreement *ag)
{
	json_t *o = json_object();
	char key[1024];

	for (size_t k = 0; k < ag->npairs; k++) {
		const struct stet_span_pair *p = &ag->pairs[k];
		const char *a = ps->raters[p->a], *b = ps->raters[p->b];
		json_t *po = f1s(&p->all, false, 0);

		/* Raters are in byte order of their names: a is the first. */
		snprintf(key, sizeof key, "%s|%s", a, b);
		json_object_set_new(po, "items", json_integer((json_int_t)p->items));
		json_object_set_new(po, "annotators", json_pack("[s,s]", a, b));
		json_object_set_new(po, "exact_precision",
				    num(ratio(p->all.exact, p->all.b)));
		json_object_set_new(po, "exact_recall",
				    num(ratio(p->all.exact, p->all.a)));
		json_object_set_new(po, "partial_precision",
				    num(ratio(p->all.partial, p->all.b)));
		json_object_set_new(po, "partial_recall",
				    num(ratio(p->all.partial, p->all.a)));
		json_object_set_new(po, "token_kappa", json_pack("{s:o,s:o}",
				    "all", num(p->kappa_all),
				    "marked", num(p->kappa_marked)));
		json_object_set_new(o, key, po);
	}
	return o;
}

static json_t *sessions_json(const struct stet_span_session *s, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct stet_span_counts *c = &s[i].counts;

		json_array_append_new(list, json_pack(
			"{s:s,s:s,s:I,s:I,s:o,s:o}", "session", s[i].name,
			"annotator", s[i].annotator,
			"items", (json_int_t)s[i].items,
			"items_compared", (json_int_t)s[i].compared,
			"exact_f1", num(stet_span_f1(c->exact, c->a, c->b)),
			"partial_f1", num(stet_span_f1(c->partial, c->a, c->b))));
	}
	return list;
}

/* Why a figure is missing, or over fewer items than the others. */
static void span_notes(const struct stet_span_study *s,
		       const struct stet_span_agreement *ag, uint64_t compared,
		       json_t *notes)
{
	uint64_t tokens = 0;

	if (compared == 0) {
		note(notes, "spans", "no item was marked by two or more annotators: nothing to compare", 0, 0);
		return;
	}
	if (ag->ualpha_items == 0)
		note(notes, "spans", "unitizing_alpha is undefined: no item was marked by every one of the %llu annotators", s->nraters, 0);
	else if (isnan(ag->ualpha))
		note(notes, "spans", "unitizing_alpha is undefined: no span on the %llu items every annotator marked", ag->ualpha_items, 0);
	else if (ag->ualpha_items < compared)
		note(notes, "spans", "unitizing_alpha is over the %llu items every annotator marked, of %llu compared", ag->ualpha_items, compared);
	for (size_t k = 0; k < ag->npairs; k++)
		tokens += ag->pairs[k].tokens_all;
	if (tokens == 0)
		note(notes, "spans", "token_kappa is undefined: the items compared have no tokens", 0, 0);
}

/* per_item: NULL, or where stet_span_agree_items puts each item's
 * counts of each pair. */
static json_t *spans_json(const struct stet_project_spans *ps,
			  const struct stet_span_study *s, json_t *notes,
			  struct stet_span_counts *per_item)
{
	struct stet_span_agreement ag;
	json_t *o, *pl, *ua;
	uint64_t compared = 0;

	stet_span_agree_items(s, &ag, per_item);
	for (size_t i = 0; i < s->nitems; i++) {
		size_t m = 0;

		for (size_t r = 0; r < s->nraters; r++)
			m += s->items[i].sets[r] != NULL;
		compared += m > 1;
	}
	o = f1s(&ag.all, false, 0);
	json_object_set_new(o, "items", json_integer((json_int_t)s->nitems));
	json_object_set_new(o, "items_compared", json_integer((json_int_t)compared));
	json_object_set_new(o, "pairs", pairs_json(ps, &ag));
	pl = json_object();
	ua = json_object();
	for (size_t c = 0; c < ps->nlabels; c++) {
		json_object_set_new(pl, ps->labels[c],
				    f1s(&ag.label[c], true, ag.ualpha_label[c].alpha));
		json_object_set_new(ua, ps->labels[c], num(ag.ualpha_label[c].alpha));
	}
	json_object_set_new(o, "per_label", pl);
	json_object_set_new(o, "unitizing_alpha", num(ag.ualpha));
	json_object_set_new(o, "unitizing_alpha_per_label", ua);
	json_object_set_new(o, "token_kappa", json_pack("{s:o,s:o}",
			    "all", num(ag.kappa_all), "marked", num(ag.kappa_marked)));
	span_notes(s, &ag, compared, notes);
	stet_span_agreement_free(&ag);
	return o;
}

/* o's slice `value`, made when the item-level report has none. */
static json_t *slice_of(json_t *o, const char *value)
{
	json_t *slices = json_object_get(o, "slices"), *sl;

	if (slices == NULL) {
		slices = json_object();
		json_object_set_new(o, "slices", slices);
	}
	if ((sl = json_object_get(slices, value)) == NULL) {
		sl = json_pack("{s:[]}", "notes");
		json_object_set_new(slices, value, sl);
	}
	return sl;
}

/* The session rows read the whole event log: on two cores it is read
 * in a thread of its own, in its own read transaction, while the
 * figures are computed from the study, which both only read; the rows
 * then take the pairs' counts of the sets that still stand. */
struct log_job {
	struct stet_store *st;
	const struct stet_project_spans *ps;
	struct stet_span_log *log;
	struct stet_error err;
	int rc;
};

static void *log_work(void *arg)
{
	struct log_job *job = arg;

	job->rc = stet_spans_log_read(job->st, job->ps, &job->log, &job->err);
	return NULL;
}

static int add_spans(struct stet_store *st, const struct stet_span_study_opts *so,
		     json_t *o, struct stet_error *err)
{
	struct stet_project_spans ps;
	struct stet_span_counts *per_item;
	struct stet_span_session *sess = NULL;
	size_t nsess = 0, R, np;
	struct log_job job;
	pthread_t worker;
	bool threaded;
	json_t *spans;

	if (stet_spans_study_load(st, so, &ps, err) != STET_OK)
		return STET_ERR;
	R = ps.nraters;
	np = R > 1 ? R * (R - 1) / 2 : 0;
	per_item = stet_xcalloc(ps.study.nitems * np + 1, sizeof *per_item);
	memset(&job, 0, sizeof job);
	job.st = st;
	job.ps = &ps;
	threaded = pthread_create(&worker, NULL, log_work, &job) == 0;
	if (!threaded)
		log_work(&job);
	spans = spans_json(&ps, &ps.study, json_object_get(o, "notes"), per_item);
	json_object_set_new(o, "spans", spans);
	if (so->by != NULL) {
		struct stet_span_slice *sl;
		size_t n;

		stet_spans_study_slices(&ps, &sl, &n);
		/* A misspelt field would otherwise pass for a report of one
		 * slice (the item labels' report warns for theirs). */
		if (n == 1 && sl[0].absent &&
		    json_object_size(json_object_get(o, "slices")) == 0)
			fprintf(stderr, "stet: agree: warning: no item with spans has the meta field '%s'; every item is in the slice (none)\n",
				so->by);
		for (size_t i = 0; i < n; i++) {
			json_t *sv = slice_of(o, sl[i].value);

			json_object_set_new(sv, "spans",
					    spans_json(&ps, &sl[i].study,
						       json_object_get(sv, "notes"),
						       NULL));
		}
		stet_spans_study_slices_free(sl, n);
	}
	if (threaded)
		pthread_join(worker, NULL);
	if (job.rc == STET_OK) {
		stet_spans_sessions_rows(&ps, job.log, per_item, &sess, &nsess);
		json_object_set_new(spans, "sessions", sessions_json(sess, nsess));
	} else {
		*err = job.err;
	}
	stet_spans_sessions_free(sess, nsess);
	stet_span_log_free(job.log);
	free(per_item);
	stet_spans_study_free(&ps);
	return job.rc == STET_OK ? STET_OK : STET_ERR;
}

static int add_tokens(struct stet_store *st, const struct stet_span_study_opts *so,
		      json_t *o, agree_report_fn report, void *ctx,
		      struct stet_error *err)
{
	struct stet_project_spans ps;
	struct stet_project_ratings tr;
	int rc = STET_OK;

	if (stet_spans_study_load(st, so, &ps, err) != STET_OK)
		return STET_ERR;
	stet_spans_token_ratings(&ps, &tr);
	stet_spans_study_free(&ps);
	json_object_set_new(o, "tokens", report(&tr, ctx));
	json_object_set_new(json_object_get(o, "tokens"), "unit",
			    json_string("token"));
	if (so->by != NULL) {
		struct stet_ratings_slice *sl;
		size_t n;

		rc = stet_ratings_slices(st, &tr, so->by, &sl, &n, err);
		for (size_t i = 0; rc == STET_OK && i < n; i++) {
			json_t *t = report(&sl[i].view, ctx);

			json_object_set_new(t, "unit", json_string("token"));
			json_object_set_new(slice_of(o, sl[i].value), "tokens", t);
		}
		if (rc == STET_OK)
			stet_ratings_slices_free(sl, n);
	}
	stet_ratings_free(&tr);
	return rc;
}

/* Each annotator's spans against the leads' decisions on spans (stet
 * review): "adjudicated_spans", only when some item has both. */
static int add_adjudicated(struct stet_store *st,
			   const struct stet_ratings_opts *ro, json_t *o,
			   struct stet_error *err)
{
	struct stet_adjudicated_spans *a;
	uint64_t decided;
	size_t n;
	json_t *adj, *list;

	if (stet_adjudicated_spans_load(st, ro->annotators, ro->nannotators,
					&decided, &a, &n, err) != STET_OK)
		return STET_ERR;
	if (decided == 0) {
		stet_adjudicated_spans_free(a, n);
		return STET_OK;
	}
	adj = json_object();
	list = json_object();
	json_object_set_new(adj, "items", json_integer((json_int_t)decided));
	for (size_t i = 0; i < n; i++) {
		const struct stet_span_counts *c = &a[i].counts;

		json_object_set_new(list, a[i].name, json_pack("{s:I,s:I,s:I,s:o,s:o}",
			"items", (json_int_t)a[i].items,
			"decided_spans", (json_int_t)c->a,
			"spans", (json_int_t)c->b,
			"exact_f1", num(stet_span_f1(c->exact, c->a, c->b)),
			"partial_f1", num(stet_span_f1(c->partial, c->a, c->b))));
	}
	json_object_set_new(adj, "annotators", list);
	json_object_set_new(o, "adjudicated_spans", adj);
	stet_adjudicated_spans_free(a, n);
	return STET_OK;
}

int agree_spans_add(struct stet_store *st, const struct stet_ratings_opts *ro,
		    const char *by, const struct stet_schema *schema,
		    json_t *o, agree_report_fn report, void *ctx,
		    struct stet_error *err)
{
	struct stet_span_study_opts so = {
		.annotators = ro->annotators, .nannotators = ro->nannotators,
		.since_ms = ro->since_ms, .until_ms = ro->until_ms, .by = by,
	};

	size_t spans = stet_schema_count_kind(schema, STET_KIND_SPAN);
	size_t tokens = stet_schema_count_kind(schema, STET_KIND_TOKEN);

	/* Without item labels the item-level figures are all undefined:
	 * their notes would only hide the ones that matter here. */
	if (spans + tokens > 0 &&
	    stet_schema_count_kind(schema, STET_KIND_ITEM) == 0)
		json_array_clear(json_object_get(o, "notes"));
	if (spans > 0) {
		so.kind = STET_KIND_SPAN;
		if (add_spans(st, &so, o, err) != STET_OK)
			return STET_ERR;
	}
	if (tokens > 0) {
		so.kind = STET_KIND_TOKEN;
		if (add_tokens(st, &so, o, report, ctx, err) != STET_OK)
			return STET_ERR;
	}
	return spans + tokens > 0 ? add_adjudicated(st, ro, o, err) : STET_OK;
}

/* ---- text ------------------------------------------------------------------- */

static void span_pairs(FILE *out, json_t *sp, bool markdown)
{
	static const char *const heads[] = {"pair", "", "items", "exact F1",
		"partial F1", "kappa all", "kappa marked"};
	static const char *const pr_heads[] = {"reference", "other",
		"exact P", "exact R", "partial P", "partial R"};
	struct agree_table t, u;
	const char *k;
	json_t *v;

	if (json_object_size(json_object_get(sp, "pairs")) == 0)
		return;
	agree_table_init(&t, "llrrrrr", heads);
	agree_table_init(&u, "llrrrr", pr_heads);
	json_object_foreach(json_object_get(sp, "pairs"), k, v) {
		json_t *names = json_object_get(v, "annotators");
		json_t *tk = json_object_get(v, "token_kappa");
		char **row = agree_table_row(&t), **pr = agree_table_row(&u);

		for (size_t i = 0; i < 2; i++) {
			row[i] = stet_xstrdup(json_string_value(json_array_get(names, i)));
			pr[i] = stet_xstrdup(row[i]);
		}
		row[2] = agree_integer(json_object_get(v, "items"));
		row[3] = agree_num(json_object_get(v, "exact_f1"));
		row[4] = agree_num(json_object_get(v, "partial_f1"));
		row[5] = agree_num(json_object_get(tk, "all"));
		row[6] = agree_num(json_object_get(tk, "marked"));
		pr[2] = agree_num(json_object_get(v, "exact_precision"));
		pr[3] = agree_num(json_object_get(v, "exact_recall"));
		pr[4] = agree_num(json_object_get(v, "partial_precision"));
		pr[5] = agree_num(json_object_get(v, "partial_recall"));
	}
	agree_table_print(out, &t, markdown);
	agree_table_print(out, &u, markdown);
}

static void span_labels(FILE *out, json_t *sp, bool markdown)
{
	static const char *const heads[] = {"label", "exact F1", "partial F1",
		"u-alpha"};
	struct agree_table t;
	const char *k;
	json_t *v;

	if (json_object_size(json_object_get(sp, "per_label")) == 0)
		return;
	agree_table_init(&t, "lrrr", heads);
	json_object_foreach(json_object_get(sp, "per_label"), k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		row[1] = agree_num(json_object_get(v, "exact_f1"));
		row[2] = agree_num(json_object_get(v, "partial_f1"));
		row[3] = agree_num(json_object_get(v, "unitizing_alpha"));
	}
	agree_table_print(out, &t, markdown);
}

static void span_sessions(FILE *out, json_t *sp, bool markdown)
{
	static const char *const heads[] = {"session", "annotator", "items",
		"compared", "exact F1", "partial F1"};
	json_t *list = json_object_get(sp, "sessions"), *v;
	struct agree_table t;
	size_t i;

	if (json_array_size(list) == 0)
		return;
	agree_table_init(&t, "llrrrr", heads);
	json_array_foreach(list, i, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(json_string_value(json_object_get(v, "session")));
		row[1] = stet_xstrdup(json_string_value(json_object_get(v, "annotator")));
		row[2] = agree_integer(json_object_get(v, "items"));
		row[3] = agree_integer(json_object_get(v, "items_compared"));
		row[4] = agree_num(json_object_get(v, "exact_f1"));
		row[5] = agree_num(json_object_get(v, "partial_f1"));
	}
	agree_table_print(out, &t, markdown);
}

static void span_adjudicated(FILE *out, json_t *adj, bool markdown)
{
	static const char *const heads[] = {"annotator", "items", "exact F1",
					    "partial F1"};
	long long n = (long long)json_integer_value(json_object_get(adj, "items"));
	struct agree_table t;
	const char *k;
	json_t *v;

	if (!json_is_object(adj))
		return;
	fprintf(out, markdown ?
		"\n**spans against the decisions** (%lld %s decided)\n" :
		"\nspans against the decisions (%lld %s decided)\n", n,
		cli_plural((unsigned long long)n, "item", "items"));
	agree_table_init(&t, "lrrr", heads);
	json_object_foreach(json_object_get(adj, "annotators"), k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		row[1] = agree_integer(json_object_get(v, "items"));
		row[2] = agree_num(json_object_get(v, "exact_f1"));
		row[3] = agree_num(json_object_get(v, "partial_f1"));
	}
	agree_table_print(out, &t, markdown);
}

void agree_print_spans(FILE *out, json_t *o, bool markdown)
{
	static const char *const heads[] = {"coefficient", "value"};
	json_t *sp = json_object_get(o, "spans");
	json_t *tk = json_object_get(sp, "token_kappa");
	struct {
		const char *name;
		json_t *v;
	} rows[] = {
		{"exact_f1", json_object_get(sp, "exact_f1")},
		{"partial_f1", json_object_get(sp, "partial_f1")},
		{"unitizing_alpha", json_object_get(sp, "unitizing_alpha")},
		{"token_kappa (all tokens)", json_object_get(tk, "all")},
		{"token_kappa (marked tokens)", json_object_get(tk, "marked")},
	};
	struct agree_table t;

	if (sp != NULL) {
		long long items = (long long)json_integer_value(json_object_get(sp, "items"));

		fprintf(out, markdown ? "\n**spans**: %lld %s marked, %lld compared (two or more annotators)\n" :
			"\nspans: %lld %s marked, %lld compared (two or more annotators)\n",
			items, cli_plural((unsigned long long)items, "item", "items"),
			(long long)json_integer_value(json_object_get(sp, "items_compared")));
		agree_table_init(&t, "lr", heads);
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			char **row = agree_table_row(&t);

			row[0] = stet_xstrdup(rows[i].name);
			row[1] = agree_num(rows[i].v);
		}
		agree_table_print(out, &t, markdown);
		span_pairs(out, sp, markdown);
		span_labels(out, sp, markdown);
		span_sessions(out, sp, markdown);
	}
	if (json_object_get(o, "tokens") != NULL) {
		fputs(markdown ? "\n**tokens**, each token a unit: " :
		      "\ntokens, each token a unit: ", out);
		agree_print_text(out, json_object_get(o, "tokens"), markdown);
	}
	span_adjudicated(out, json_object_get(o, "adjudicated_spans"), markdown);
}

/* ---- CSV ---------------------------------------------------------------------- */

void agree_spans_csv(FILE *out, json_t *o, const char *slice)
{
	json_t *sp = json_object_get(o, "spans"), *v, *items;
	const char *k;
	size_t i;

	json_object_foreach(json_object_get(json_object_get(o,
			"adjudicated_spans"), "annotators"), k, v) {
		const char *c;
		json_t *x;

		json_object_foreach(v, c, x)
			if (json_is_real(x))
				agree_csv_row(out, "spans-adjudicated", k, c, x,
					      json_object_get(v, "items"), NULL,
					      slice);
	}
	if (sp == NULL)
		return;
	items = json_object_get(sp, "items_compared");
	json_object_foreach(sp, k, v)
		if (json_is_number(v) && strcmp(k, "items") != 0 &&
		    strcmp(k, "items_compared") != 0)
			agree_csv_row(out, "spans", NULL, k, v, items, NULL, slice);
	json_object_foreach(json_object_get(sp, "token_kappa"), k, v)
		if (json_is_number(v)) {
			char coef[32];

			snprintf(coef, sizeof coef, "token_kappa_%s", k);
			agree_csv_row(out, "spans", NULL, coef, v, items, NULL, slice);
		}
	json_object_foreach(json_object_get(sp, "pairs"), k, v) {
		const char *c;
		json_t *x;

		json_object_foreach(v, c, x)
			if (json_is_real(x))
				agree_csv_row(out, "spans-pair", k, c, x,
					      json_object_get(v, "items"), NULL, slice);
	}
	json_object_foreach(json_object_get(sp, "per_label"), k, v) {
		const char *c;
		json_t *x;

		json_object_foreach(v, c, x)
			if (json_is_real(x))
				agree_csv_row(out, "spans-label", k, c, x, NULL,
					      NULL, slice);
	}
	json_array_foreach(json_object_get(sp, "sessions"), i, v) {
		static const char *const coef[] = {"exact_f1", "partial_f1"};

		for (size_t c = 0; c < 2; c++) {
			json_t *x = json_object_get(v, coef[c]);

			if (json_is_number(x))
				agree_csv_row(out, "spans-session",
					      json_string_value(json_object_get(v, "session")),
					      coef[c], x,
					      json_object_get(v, "items_compared"),
					      NULL, slice);
		}
	}
}
