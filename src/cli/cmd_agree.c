#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agree_auto.h"
#include "agree_out.h"
#include "agree_spans.h"
#include "cli.h"
#include "stet/agree.h"
#include "stet/ratings.h"
#include "stet/review.h"
#include "stet/session_labels.h"
#include "stet/timefmt.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_MARKDOWN };

static const char *const level_names[] = {
	[STET_LEVEL_NOMINAL] = "nominal", [STET_LEVEL_ORDINAL] = "ordinal",
	[STET_LEVEL_INTERVAL] = "interval", [STET_LEVEL_RATIO] = "ratio",
};

/* A number, or null with a note saying why it is undefined. */
static json_t *number(double x, json_t *notes, const char *what,
		      const char *why)
{
	if (isfinite(x))
		return json_real(x);
	if (notes != NULL && why != NULL) {
		char buf[256];

		snprintf(buf, sizeof buf, "%s is undefined: %s", what, why);
		json_array_append_new(notes, json_string(buf));
	}
	return json_null();
}

struct counts {
	size_t items;    /* items with a value */
	size_t compared; /* items with two or more */
};

static struct counts count_items(const struct stet_ratings *r)
{
	struct counts c = {0, 0};

	for (size_t i = 0; i < r->nitems; i++) {
		size_t m = 0;

		for (size_t k = 0; k < r->nraters; k++)
			m += r->v[i * r->nraters + k] != STET_MISSING;
		c.items += m > 0;
		c.compared += m > 1;
	}
	return c;
}

/* Rows: the first name of the pair key; columns: the second; both in
 * the order of "labels". */
static json_t *confusion(const struct stet_project_ratings *pr, size_t a,
			 size_t b)
{
	size_t nc = pr->r.ncat;
	uint64_t *m = stet_xcalloc(nc * nc + 1, sizeof *m);
	json_t *rows = json_array();

	stet_confusion(&pr->r, a, b, m);
	for (size_t i = 0; i < nc; i++) {
		json_t *row = json_array();

		for (size_t j = 0; j < nc; j++)
			json_array_append_new(row, json_integer((json_int_t)m[i * nc + j]));
		json_array_append_new(rows, row);
	}
	free(m);
	return rows;
}

/* Two raters, a the one whose name sorts first. */
struct pair_ix {
	const struct stet_project_ratings *pr;
	size_t a, b;
};

static int pair_cmp(const void *x, const void *y)
{
	const struct pair_ix *p = x, *q = y;
	int c = strcmp(p->pr->raters[p->a], q->pr->raters[q->a]);

	return c ? c : strcmp(p->pr->raters[p->b], q->pr->raters[q->b]);
}

/* Every pair, in one stated order: the two names of a pair in byte
 * order, the pairs by their first name, then by their second. */
static json_t *pairs(const struct stet_project_ratings *pr, bool weighted,
		     json_t *notes)
{
	json_t *o = json_object();
	size_t n = pr->nraters, np = 0;
	struct pair_ix *ix = stet_xcalloc(n * n / 2 + 1, sizeof *ix);
	struct stet_pair p;
	char key[1024];

	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			bool ab = strcmp(pr->raters[a], pr->raters[b]) < 0;

			ix[np++] = (struct pair_ix){pr, ab ? a : b, ab ? b : a};
		}
	qsort(ix, np, sizeof *ix, pair_cmp);
	for (size_t i = 0; i < np; i++) {
		size_t a = ix[i].a, b = ix[i].b;
		json_t *po = json_object();

		stet_cohen_kappa(&pr->r, a, b, &p);
		snprintf(key, sizeof key, "%s|%s", pr->raters[a], pr->raters[b]);
		json_object_set_new(po, "annotators", json_pack("[s,s]",
				    pr->raters[a], pr->raters[b]));
		json_object_set_new(po, "kappa", number(p.kappa, notes,
			key, p.items ? "no variation on the items both labeled" :
			"no item labeled by both"));
		json_object_set_new(po, "items", json_integer((json_int_t)p.items));
		json_object_set_new(po, "percent_agreement",
				    number(p.percent, NULL, NULL, NULL));
		if (weighted) {
			json_object_set_new(po, "kappa_linear",
					    number(p.kappa_linear, NULL, NULL, NULL));
			json_object_set_new(po, "kappa_quadratic",
					    number(p.kappa_quadratic, NULL, NULL, NULL));
		}
		if (!pr->multi)
			json_object_set_new(po, "confusion", confusion(pr, a, b));
		json_object_set_new(o, key, po);
	}
	free(ix);
	return o;
}

/* Multi-label: label c as a binary rating per value, "has c" (1) or
 * not (0), for the per-label kappa; and the pairs of values on an item
 * where one has c and the other has not. */
static void binary_label(const struct stet_project_ratings *pr, size_t c,
			 uint32_t *bin, uint64_t *dis)
{
	const struct stet_set_ratings *sr = &pr->set_r;
	size_t w = sr->words;

	*dis = 0;
	for (size_t i = 0; i < sr->nitems; i++) {
		for (size_t a = 0; a < sr->nraters; a++) {
			size_t at = i * sr->nraters + a;

			bin[at] = sr->missing[at] ? STET_MISSING :
				(uint32_t)(sr->sets[at * w + c / 64] >> (c % 64) & 1);
		}
		for (size_t a = 0; a < sr->nraters; a++)
			for (size_t b = a + 1; b < sr->nraters; b++) {
				uint32_t x = bin[i * sr->nraters + a],
					 y = bin[i * sr->nraters + b];

				*dis += x != STET_MISSING && y != STET_MISSING && x != y;
			}
	}
}

static json_t *per_label_sets(const struct stet_project_ratings *pr,
			      json_t *notes)
{
	json_t *o = json_object();
	size_t n = pr->set_r.nitems * pr->set_r.nraters;
	uint32_t *bin = stet_xcalloc(n ? n : 1, sizeof *bin);

	for (size_t c = 0; c < pr->ncat; c++) {
		struct stet_ratings br = {pr->set_r.nitems, pr->set_r.nraters, 2,
					  bin, NULL};
		json_t *lo = json_object();
		uint64_t dis;

		binary_label(pr, c, bin, &dis);
		json_object_set_new(lo, "kappa", number(stet_fleiss_kappa(&br),
			notes, pr->categories[c],
			"the label was on every value or on none"));
		json_object_set_new(lo, "disagreements", json_integer((json_int_t)dis));
		json_object_set_new(o, pr->categories[c], lo);
	}
	free(bin);
	return o;
}

static json_t *per_label(const struct stet_project_ratings *pr, json_t *notes)
{
	json_t *o;
	uint64_t *dis;
	double *kappa;

	if (pr->multi)
		return per_label_sets(pr, notes);
	o = json_object();
	dis = stet_xcalloc(pr->ncat ? pr->ncat : 1, sizeof *dis);
	stet_disagreements(&pr->r, dis);
	kappa = stet_xcalloc(pr->ncat ? pr->ncat : 1, sizeof *kappa);
	stet_label_kappas(&pr->r, kappa);
	for (size_t c = 0; c < pr->ncat; c++) {
		json_t *lo = json_object();

		json_object_set_new(lo, "kappa", number(kappa[c], notes,
			pr->categories[c], "the label was used on every value or on none"));
		json_object_set_new(lo, "disagreements", json_integer((json_int_t)dis[c]));
		json_object_set_new(o, pr->categories[c], lo);
	}
	free(kappa);
	free(dis);
	return o;
}

struct boot_ctx {
	enum stet_level level;
};

static double boot_alpha(const struct stet_ratings *r, void *ctx)
{
	return stet_krippendorff_alpha(r, ((struct boot_ctx *)ctx)->level);
}

static double boot_fleiss(const struct stet_ratings *r, void *ctx)
{
	(void)ctx;
	return stet_fleiss_kappa(r);
}

static json_t *report(const struct stet_project_ratings *pr,
		      enum stet_level level, unsigned bootstrap, uint64_t seed)
{
	json_t *o = json_object(), *notes = json_array(), *list;
	const struct stet_ratings *r = &pr->r;
	struct counts n = count_items(r);
	bool weighted = level != STET_LEVEL_NOMINAL;
	const char *few = n.compared ? "no variation in the values" :
		"no item has two or more values";

	json_object_set_new(o, "items", json_integer((json_int_t)n.items));
	json_object_set_new(o, "items_compared", json_integer((json_int_t)n.compared));
	list = json_array();
	for (size_t i = 0; i < pr->nraters; i++)
		json_array_append_new(list, json_string(pr->raters[i]));
	json_object_set_new(o, "annotators", list);
	list = json_array();
	for (size_t i = 0; i < pr->ncat; i++)
		json_array_append_new(list, json_string(pr->categories[i]));
	json_object_set_new(o, "labels", list);
	json_object_set_new(o, "level", json_string(level_names[level]));
	if (n.items > n.compared) {
		char buf[160];

		size_t left = n.items - n.compared;

		snprintf(buf, sizeof buf,
			 "%zu %s with a single value %s left out of the agreement (%s in the chance terms of fleiss_kappa and gwet_ac1)",
			 left, cli_plural(left, "item", "items"),
			 left == 1 ? "is" : "are",
			 left == 1 ? "it counts" : "they count");
		json_array_append_new(notes, json_string(buf));
	}
	json_object_set_new(o, "percent_agreement",
			    number(stet_percent_agreement(r), notes, "percent_agreement", few));
	json_object_set_new(o, "fleiss_kappa",
			    number(stet_fleiss_kappa(r), notes, "fleiss_kappa", few));
	if (pr->multi) {
		json_array_append_new(notes, json_string(
			"multi-label: krippendorff_alpha uses the MASI distance; the other coefficients count two values as agreeing only when their sets are equal"));
		json_object_set_new(o, "krippendorff_alpha",
				    number(stet_masi_alpha(&pr->set_r), notes,
					   "krippendorff_alpha", few));
	} else {
		json_object_set_new(o, "krippendorff_alpha",
				    number(stet_krippendorff_alpha(r, level),
					   notes, "krippendorff_alpha", few));
	}
	json_object_set_new(o, "gwet_ac1", number(stet_gwet_ac(r, STET_LEVEL_NOMINAL),
						  notes, "gwet_ac1", few));
	if (weighted)
		json_object_set_new(o, "gwet_ac2", number(stet_gwet_ac(r, level),
							  notes, "gwet_ac2", few));
	if (pr->nraters == 2)
		json_object_set_new(o, "scott_pi", number(stet_scott_pi(r, 0, 1),
							  notes, "scott_pi", few));
	else
		json_object_set_new(o, "scott_pi", json_null());
	if (pr->multi)
		json_object_set_new(o, "masi_alpha",
				    number(stet_masi_alpha(&pr->set_r), notes,
					   "masi_alpha", few));
	json_object_set_new(o, "cohen_kappa", pairs(pr, weighted, notes));
	json_object_set_new(o, "per_label", per_label(pr, notes));
	if (bootstrap > 0) {
		json_t *iv = json_object();
		struct boot_ctx bc = {level};
		double lo, hi;

		stet_bootstrap(r, boot_alpha, &bc, bootstrap, seed, &lo, &hi);
		json_object_set_new(iv, "krippendorff_alpha",
				    json_pack("[o,o]", number(lo, NULL, NULL, NULL),
					      number(hi, NULL, NULL, NULL)));
		stet_bootstrap(r, boot_fleiss, &bc, bootstrap, seed, &lo, &hi);
		json_object_set_new(iv, "fleiss_kappa",
				    json_pack("[o,o]", number(lo, NULL, NULL, NULL),
					      number(hi, NULL, NULL, NULL)));
		json_object_set_new(o, "intervals", iv);
	}
	json_object_set_new(o, "notes", notes);
	return o;
}

struct report_args {
	enum stet_level level;
	unsigned bootstrap;
	uint64_t seed;
};

/* report() for agree_spans_add, which makes the tokens' report. */
static json_t *report_of(const struct stet_project_ratings *pr, void *ctx)
{
	const struct report_args *a = ctx;

	return report(pr, a->level, a->bootstrap, a->seed);
}

static bool wanted(const struct stet_ratings_opts *ro, const char *name)
{
	if (ro->annotators == NULL)
		return true;
	for (size_t i = 0; i < ro->nannotators; i++)
		if (strcmp(ro->annotators[i], name) == 0)
			return true;
	return false;
}

/* Each session's labels (its last label on each item) against every
 * other annotator's standing label on the same items. The sessions
 * come from the event log, a second scan independent of the ratings:
 * on two cores it runs in a thread of its own while the coefficients
 * are computed, in its own read transaction. */
struct sessions_job {
	struct stet_store *st;
	struct stet_session_labels sl;
	struct stet_session_agreement *ag; /* by session */
	struct stet_error err;
	int rc;
};

static void *sessions_work(void *arg)
{
	struct sessions_job *job = arg;
	struct stet_session_labels_opts so = {.standing = true,
					      .agreement = true};

	job->rc = stet_session_labels_load(job->st, &so, &job->sl, &job->err);
	if (job->rc != STET_OK)
		return NULL;
	job->ag = stet_xcalloc(job->sl.nsessions + 1, sizeof *job->ag);
	for (size_t i = 0; i < job->sl.nsessions; i++)
		job->ag[i] = job->sl.sessions[i].agreement;
	return NULL;
}

static json_t *sessions_json(const struct sessions_job *job,
			     const struct stet_ratings_opts *ro)
{
	json_t *list = json_array();

	for (size_t i = 0; i < job->sl.nsessions; i++) {
		const struct stet_sl_session *ss = &job->sl.sessions[i];
		const struct stet_session_agreement *ag = &job->ag[i];
		json_t *e;

		if (ss->nitems == 0 || !wanted(ro, ss->annotator_name))
			continue;
		e = json_object();
		json_object_set_new(e, "session", json_string(ss->name));
		json_object_set_new(e, "annotator", json_string(ss->annotator_name));
		json_object_set_new(e, "items", json_integer((json_int_t)ss->nitems));
		json_object_set_new(e, "items_compared", json_integer((json_int_t)ag->items));
		json_object_set_new(e, "percent_agreement", number(ag->percent, NULL, NULL, NULL));
		json_object_set_new(e, "kappa", number(ag->kappa, NULL, NULL, NULL));
		json_object_set_new(e, "gold_items", json_integer((json_int_t)ag->gold));
		json_object_set_new(e, "gold_accuracy", number(ag->gold_accuracy, NULL, NULL, NULL));
		json_array_append_new(list, e);
	}
	return list;
}

/* Each annotator against the leads' decisions (stet review). *out is
 * NULL, and the report has no such key, when no item has both a
 * decision and a value of the annotators reported. */
static int adjudicated_json(struct stet_store *st,
			    const struct stet_ratings_opts *ro, json_t **out,
			    struct stet_error *err)
{
	struct stet_adjudicated *a;
	uint64_t decided;
	size_t n;
	json_t *o, *list;

	*out = NULL;
	if (stet_adjudicated_load(st, ro->annotators, ro->nannotators,
				  &decided, &a, &n, err) != STET_OK)
		return STET_ERR;
	if (decided == 0) {
		stet_adjudicated_free(a, n);
		return STET_OK;
	}
	o = json_object();
	list = json_object();
	json_object_set_new(o, "items", json_integer((json_int_t)decided));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "items", json_integer((json_int_t)a[i].items));
		json_object_set_new(e, "percent_agreement",
				    number(a[i].percent, NULL, NULL, NULL));
		json_object_set_new(e, "kappa", number(a[i].kappa, NULL, NULL, NULL));
		json_object_set_new(list, a[i].name, e);
	}
	json_object_set_new(o, "annotators", list);
	stet_adjudicated_free(a, n);
	*out = o;
	return STET_OK;
}

static int split_names(char *list, const char ***names, size_t *n)
{
	size_t cap = 8;

	*names = stet_xcalloc(cap, sizeof **names);
	*n = 0;
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		if (*n == cap)
			*names = stet_xrealloc(*names, (cap *= 2) * sizeof **names);
		(*names)[(*n)++] = tok;
	}
	return *n > 0 ? 0 : -1;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"level", required_argument, NULL, 'l'},
		{"annotators", required_argument, NULL, 'a'},
		{"since", required_argument, NULL, 'S'},
		{"until", required_argument, NULL, 'U'},
		{"bootstrap", required_argument, NULL, 'b'},
		{"seed", required_argument, NULL, 's'},
		{"by", required_argument, NULL, 'B'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_ratings_opts ro = {.level = STET_LEVEL_NOMINAL};
	struct stet_project_ratings pr;
	struct stet_error err = {0};
	enum out_format fmt = OUT_TEXT;
	struct stet_store *st;
	const char *path, *by = NULL;
	const char **names = NULL;
	struct stet_ratings_slice *slices = NULL;
	size_t nslices = 0;
	unsigned long boot = 0;
	uint64_t seed = 1;
	char *end;
	int c, code = EXIT_OK;
	json_t *o = NULL;
	struct sessions_job job;
	pthread_t worker;
	bool threaded;

	memset(&pr, 0, sizeof pr);
	memset(&job, 0, sizeof job);
	while ((c = cli_getopt(cmd, argc, argv, "f:l:a:b:s:h", longopts, &code)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0) fmt = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0) fmt = OUT_JSON;
			else if (strcmp(optarg, "csv") == 0) fmt = OUT_CSV;
			else if (strcmp(optarg, "markdown") == 0) fmt = OUT_MARKDOWN;
			else {
				free(names);
				return cli_usage(cmd, "--format takes text, json, csv or markdown, not '%s'", optarg);
			}
			break;
		case 'l':
			for (ro.level = 0; ro.level <= STET_LEVEL_RATIO; ro.level++)
				if (strcmp(optarg, level_names[ro.level]) == 0)
					break;
			if (ro.level > STET_LEVEL_RATIO) {
				free(names);
				return cli_usage(cmd, "--level takes nominal, ordinal, interval or ratio, not '%s'", optarg);
			}
			break;
		case 'a':
			free(names);
			if (split_names(optarg, &names, &ro.nannotators) != 0) {
				free(names);
				return cli_usage(cmd, "--annotators takes names separated by commas");
			}
			ro.annotators = names;
			break;
		case 'S':
		case 'U':
			if (stet_time_parse(optarg, c == 'S' ? &ro.since_ms : &ro.until_ms) != 0) {
				free(names);
				return cli_usage(cmd, "--%s takes a time like 2026-11-23T09:00:00Z, not '%s'",
						 c == 'S' ? "since" : "until", optarg);
			}
			break;
		case 'b':
			boot = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || boot > 100000) {
				free(names);
				return cli_usage(cmd, "--bootstrap takes a number of resamples up to 100000, not '%s'", optarg);
			}
			break;
		case 'B':
			by = optarg;
			if (*by == '\0' || strcmp(by, "meta.") == 0) {
				free(names);
				return cli_usage(cmd, "--by takes meta.FIELD, a field of the items' meta");
			}
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end) {
				free(names);
				return cli_usage(cmd, "--seed takes a number, not '%s'", optarg);
			}
			break;
		default:
			free(names);
			return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL ||
	    (optind < argc && (code = cli_usage(cmd, "unexpected argument '%s'", argv[optind])))) {
		free(names);
		return code;
	}
	if ((st = cli_open(cmd, path, true)) == NULL) {
		free(names);
		return EXIT_FAIL;
	}
	/* Agreement is everyone's labels held against each other's and the
	 * gold answers: for leads (stet(1), ROLES). */
	if ((code = cli_require_lead(cmd, st, "agreement")) != EXIT_OK) {
		stet_store_close(st);
		free(names);
		return code;
	}
	job.st = st;
	threaded = pthread_create(&worker, NULL, sessions_work, &job) == 0;
	if (!threaded)
		sessions_work(&job);
	if (stet_ratings_load(st, &ro, &pr, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	else if (by != NULL && stet_ratings_slices(st, &pr, by, &slices,
						   &nslices, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	else if (pr.multi && ro.level != STET_LEVEL_NOMINAL)
		code = cli_fail(cmd, "%s: a multi-label schema is measured at the nominal level (with the MASI distance)",
				path);
	else
		o = report(&pr, ro.level, (unsigned)boot, seed);
	/* A misspelt field would otherwise pass for a report of one
	 * slice. */
	if (o != NULL && nslices == 1 && slices[0].absent)
		fprintf(stderr, "stet: agree: warning: no labeled item has the meta field '%s'; every item is in the slice (none)\n",
			by);
	if (threaded)
		pthread_join(worker, NULL);
	if (o != NULL && job.rc != STET_OK) {
		code = cli_fail_err(cmd, &job.err);
		json_decref(o);
		o = NULL;
	}
	if (o != NULL)
		json_object_set_new(o, "sessions", sessions_json(&job, &ro));
	if (o != NULL) {
		json_t *adj;

		if (adjudicated_json(st, &ro, &adj, &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			json_decref(o);
			o = NULL;
		} else if (adj != NULL) {
			json_object_set_new(o, "adjudicated", adj);
		}
	}
	if (o != NULL) {
		json_t *au;

		if (agree_automation_json(st, &ro, (unsigned)boot, seed, &au,
					  &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			json_decref(o);
			o = NULL;
		} else if (au != NULL) {
			json_object_set_new(o, "automation", au);
		}
	}
	if (o != NULL) {
		json_t *spot;

		if (agree_spot_json(st, &spot, &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			json_decref(o);
			o = NULL;
		} else if (spot != NULL) {
			json_object_set_new(o, "spot_checks", spot);
		}
	}
	stet_session_labels_free(&job.sl);
	free(job.ag);
	if (o == NULL) {
		stet_store_close(st);
		stet_ratings_slices_free(slices, nslices);
		stet_ratings_free(&pr);
		free(names);
		return code;
	}
	if (by != NULL) {
		json_t *so = json_object();

		for (size_t i = 0; i < nslices; i++)
			json_object_set_new(so, slices[i].value,
					    report(&slices[i].view, ro.level,
						   (unsigned)boot, seed));
		json_object_set_new(o, "by", json_string(by));
		json_object_set_new(o, "slices", so);
	}
	{
		struct report_args ra = {ro.level, (unsigned)boot, seed};

		if (agree_spans_add(st, &ro, by, &pr.schema, o, report_of, &ra,
				    &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			stet_store_close(st);
			json_decref(o);
			stet_ratings_slices_free(slices, nslices);
			stet_ratings_free(&pr);
			free(names);
			return code;
		}
	}
	stet_store_close(st);
	if (fmt == OUT_JSON) {
		if (json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0)
			code = EXIT_FAIL;
		putchar('\n');
	} else if (fmt == OUT_CSV) {
		agree_print_csv(stdout, o, by);
	} else if ((code = cli_text_stdout(cmd)) == EXIT_OK) {
		const char *k;
		json_t *v;

		agree_print_text(stdout, o, fmt == OUT_MARKDOWN);
		/* The slices of item labels, then those that only span or
		 * token labels have. */
		json_object_foreach(json_object_get(o, "slices"), k, v) {
			agree_print_heading(stdout, by, k, fmt == OUT_MARKDOWN);
			agree_print_text(stdout, v, fmt == OUT_MARKDOWN);
		}
	}
	json_decref(o);
	stet_ratings_slices_free(slices, nslices);
	stet_ratings_free(&pr);
	free(names);
	if (fflush(stdout) != 0 || ferror(stdout))
		code = cli_fail(cmd, "standard output: write error");
	return code;
}

const struct cli_command cmd_agree = {
	"agree", run, "how far annotators agree: alpha, kappas, AC1, span F1, u-alpha, per pair and label",
	"usage: stet agree PROJECT.stet [--format text|json|csv|markdown]\n"
	"                  [--level nominal|ordinal|interval|ratio]\n"
	"                  [--annotators A,B,...] [--since TIME] [--until TIME]\n"
	"                  [--bootstrap N [--seed S]] [--by meta.FIELD]\n\n"
	"  -f, --format FMT      text (default), json, csv or markdown\n"
	"  -l, --level LEVEL     nominal (default), ordinal, interval or ratio\n"
	"  -a, --annotators LIST only these annotators\n"
	"      --since TIME      only labels made at or after TIME (ISO 8601)\n"
	"      --until TIME      only labels made before TIME\n"
	"  -b, --bootstrap N     95% intervals from N resamples of the items\n"
	"  -s, --seed S          the bootstrap's seed (default 1)\n"
	"      --by meta.FIELD   everything again for each value of an item meta field\n"
	"  -h, --help            show this help\n",
};
