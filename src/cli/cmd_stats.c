#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stet/buf.h"
#include "stet/session_labels.h"
#include "stet/stats.h"
#include "stet/timefmt.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV };

static const char *const signal_key[STET_NSIGNALS] = {
	[STET_SIG_AGREEMENT] = "agreement", [STET_SIG_SLOWER] = "slower",
	[STET_SIG_FASTER] = "faster", [STET_SIG_TOO_FAST] = "too_fast",
	[STET_SIG_BURST] = "burst", [STET_SIG_RUN] = "run",
};
static const char *const quarter_key[4] = {"first", "second", "third", "last"};

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *count(size_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *strings(char **list, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

static json_t *quarter_json(const struct stet_quarter *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "items", count(q->to - q->from));
	json_object_set_new(o, "items_per_minute", num(q->items_per_minute));
	json_object_set_new(o, "median_seconds", num(q->median_seconds));
	json_object_set_new(o, "entropy", num(q->entropy));
	json_object_set_new(o, "undo_rate", num(q->undo_rate));
	json_object_set_new(o, "agreement", num(q->agreement));
	json_object_set_new(o, "compared", count(q->pairs));
	json_object_set_new(o, "too_fast", count(q->too_fast));
	json_object_set_new(o, "gold_accuracy", num(q->gold_accuracy));
	json_object_set_new(o, "acceptance", num(q->acceptance));
	return o;
}

static json_t *tests_json(const struct stet_pace *pc)
{
	json_t *o = json_object();

	for (int s = 0; s < STET_NSIGNALS; s++) {
		const struct stet_signal *sg = &pc->sig[s];
		json_t *t;

		if (!sg->tested) {
			json_object_set_new(o, signal_key[s], json_null());
			continue;
		}
		t = json_object();
		json_object_set_new(t, "fired", json_boolean(sg->fired));
		json_object_set_new(t, "test", json_string(sg->test));
		json_object_set_new(t, "p", num(sg->p));
		json_object_set_new(t, "threshold", num(sg->threshold));
		if (sg->quarter >= 1) {
			json_object_set_new(t, "quarter",
					    json_string(quarter_key[sg->quarter]));
			json_object_set_new(t, "first", num(sg->before));
			json_object_set_new(t, "compared", num(sg->after));
		}
		json_object_set_new(o, signal_key[s], t);
	}
	return o;
}

static json_t *session_json(const struct stet_session_labels *sl,
			    const struct stet_session_stats *ss)
{
	const struct stet_pace *pc = &ss->pace;
	json_t *o = json_object(), *q = json_array();
	char when[32], name[512];

	json_object_set_new(o, "session", json_string(ss->s->name));
	json_object_set_new(o, "session_id", json_integer((json_int_t)ss->s->id));
	json_object_set_new(o, "annotator", json_string(ss->s->annotator_name));
	stet_time_format(ss->start_ms, when);
	json_object_set_new(o, "start", json_string(when));
	stet_time_format(ss->end_ms, when);
	json_object_set_new(o, "end", json_string(when));
	json_object_set_new(o, "open", json_boolean(ss->open));
	json_object_set_new(o, "items", count(ss->labeled));
	json_object_set_new(o, "active_minutes", num(ss->active_minutes));
	json_object_set_new(o, "breaks", count(ss->breaks));
	json_object_set_new(o, "break_minutes", num(ss->break_minutes));
	json_object_set_new(o, "skipped", count(ss->skipped));
	json_object_set_new(o, "undone", count(ss->undone));
	json_object_set_new(o, "gold_items", count(ss->gold));
	json_object_set_new(o, "gold_accuracy", num(ss->gold_accuracy));
	json_object_set_new(o, "too_fast", count(pc->too_fast));
	json_object_set_new(o, "bursts", count(pc->bursts));
	json_object_set_new(o, "burst_items", count(pc->burst_items));
	json_object_set_new(o, "median_seconds", num(pc->median_seconds));
	for (int i = 0; i < 4; i++)
		json_array_append_new(q, quarter_json(&pc->q[i]));
	json_object_set_new(o, "quarters", q);
	json_object_set_new(o, "trend", num(pc->trend));
	json_object_set_new(o, "trend_change", num(pc->trend_change));
	json_object_set_new(o, "trend_p", num(pc->trend_p));
	json_object_set_new(o, "longest_run", count(pc->longest_run));
	json_object_set_new(o, "longest_run_label", pc->longest_run ?
		json_string(stet_sl_set_name(sl, pc->run_label, name, sizeof name)) :
		json_null());
	json_object_set_new(o, "longest_run_start", pc->longest_run ?
			    count(pc->run_start + 1) : json_null());
	json_object_set_new(o, "longest_run_p", num(pc->run_p));
	json_object_set_new(o, "longest_run_others_p", num(pc->run_others_p));
	json_object_set_new(o, "order", json_string(
		pc->order == STET_ITEMS_IMPORT_ORDER ? "import" :
		pc->order == STET_ITEMS_SHUFFLED ? "shuffled" : "unknown"));
	json_object_set_new(o, "longest_burst", count(pc->longest_burst));
	json_object_set_new(o, "burst_p", num(pc->burst_p));
	json_object_set_new(o, "tests", tests_json(pc));
	json_object_set_new(o, "fatigue", json_boolean(pc->fatigue));
	json_object_set_new(o, "reasons", strings(pc->reasons, pc->nreasons));
	json_object_set_new(o, "notes", strings(pc->notes, pc->nnotes));
	return o;
}

/* ---- text ---- */

/* Whether a model's suggestion was shown in the session at all. */
static bool any_shown(const struct stet_pace *pc)
{
	for (int q = 0; q < 4; q++)
		if (!isnan(pc->q[q].acceptance))
			return true;
	return false;
}

static void series(FILE *out, const char *name, const struct stet_pace *pc,
		   size_t field, const char *fmt)
{
	double v[4];

	for (int i = 0; i < 4; i++)
		v[i] = *(const double *)((const char *)&pc->q[i] + field);
	char spark[STET_SPARKLINE_MAX];

	fprintf(out, "  %-18s%s", name, stet_sparkline(v, spark));
	for (int i = 0; i < 4; i++) {
		if (isfinite(v[i]))
			fprintf(out, fmt, v[i]);
		else
			fprintf(out, "%8s", "-");
	}
	fputc('\n', out);
}

static const char *p_words(double p, char out[32])
{
	if (!isfinite(p))
		snprintf(out, 32, "p undefined");
	else if (p < 1e-12)
		snprintf(out, 32, "p < 1e-12");
	else if (p < 0.001)
		snprintf(out, 32, "p = %.1e", p);
	else
		snprintf(out, 32, "p = %.2g", p);
	return out;
}

static void print_text(FILE *out, const struct stet_session_labels *sl,
		       const struct stet_session_stats *ss, size_t n,
		       const struct stet_stats_opts *o)
{
	if (n == 0) {
		fputs("no sessions with events\n", out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct stet_session_stats *s = &ss[i];
		const struct stet_pace *pc = &s->pace;
		char a[32], b[32], pbuf[32], name[512];

		stet_time_format(s->start_ms, a);
		stet_time_format(s->end_ms, b);
		fprintf(out, "%ssession %s, %s: %s to %s%s\n", i ? "\n" : "",
			s->s->name, s->s->annotator_name, a, b,
			s->open ? " (open)" : "");
		fprintf(out, "  %.1f active minutes, %zu %s", s->active_minutes,
			s->breaks, cli_plural(s->breaks, "break", "breaks"));
		if (s->breaks)
			fprintf(out, " (%.1f min past the %.3g-minute idle time)",
				s->break_minutes, (double)o->idle_ms / 60000);
		fprintf(out, "; %zu labeled, %zu skipped, %zu undone\n",
			s->labeled, s->skipped, s->undone);
		if (s->gold > 0)
			fprintf(out, "  %zu gold %s, %.0f%% answered right\n",
				s->gold, cli_plural(s->gold, "item", "items"),
				100 * s->gold_accuracy);
		fprintf(out, "  %zu labeled faster than %.0f words a minute; %zu in %zu %s of %d or more under %.1f s\n",
			pc->too_fast, o->floor_wpm, pc->burst_items, pc->bursts,
			cli_plural(pc->bursts, "burst", "bursts"), STET_STATS_BURST_MIN,
			isfinite(pc->burst_seconds) ? pc->burst_seconds : 0.0);
		fprintf(out, "  %-18s%4s%8s%8s%8s%8s\n", "quarters", "",
			"first", "second", "third", "last");
		series(out, "items per minute", pc,
		       offsetof(struct stet_quarter, items_per_minute), "%8.1f");
		series(out, "median seconds", pc,
		       offsetof(struct stet_quarter, median_seconds), "%8.2f");
		series(out, "entropy (bits)", pc,
		       offsetof(struct stet_quarter, entropy), "%8.2f");
		series(out, "undo rate", pc,
		       offsetof(struct stet_quarter, undo_rate), "%8.2f");
		series(out, "agreement", pc,
		       offsetof(struct stet_quarter, agreement), "%8.2f");
		series(out, "gold accuracy", pc,
		       offsetof(struct stet_quarter, gold_accuracy), "%8.2f");
		if (any_shown(pc))
			series(out, "suggestions taken", pc,
			       offsetof(struct stet_quarter, acceptance), "%8.2f");
		if (isfinite(pc->trend))
			fprintf(out, "  trend: %+.0f%% seconds per item over the session (Theil-Sen slope %+.4f of ln seconds per item; Mann-Kendall %s)\n",
				100 * pc->trend_change, pc->trend,
				p_words(pc->trend_p, pbuf));
		if (pc->longest_run > 0)
			fprintf(out, "  longest run: %s %zu %s in a row from item %zu (%s under the session's label mix)\n",
				stet_sl_set_name(sl, pc->run_label, name, sizeof name),
				pc->longest_run,
				cli_plural(pc->longest_run, "time", "times"),
				pc->run_start + 1,
				p_words(pc->run_p, pbuf));
		fprintf(out, "  verdict: %s\n", pc->fatigue ? "fatigue" :
			"steady (no change beyond chance)");
		for (size_t r = 0; r < pc->nreasons; r++)
			fprintf(out, "    - %s\n", pc->reasons[r]);
		for (size_t r = 0; r < pc->nnotes; r++)
			fprintf(out, "  note: %s\n", pc->notes[r]);
	}
}

/* ---- csv ---- */

static void csv_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_num(FILE *out, double x)
{
	if (isfinite(x))
		fprintf(out, ",%.17g", x);
	else
		fputc(',', out);
}

static void print_csv(FILE *out, const struct stet_session_stats *ss,
		      size_t n)
{
	fputs("session,annotator,start,end,items,active_minutes,breaks,skipped,undone,too_fast,burst_items,trend,longest_run,longest_run_p,fatigue,reasons,"
	      "quarter,quarter_items,items_per_minute,median_seconds,entropy,undo_rate,agreement,gold_accuracy,acceptance\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct stet_session_stats *s = &ss[i];
		const struct stet_pace *pc = &s->pace;
		struct stet_buf why;
		char a[32], b[32];

		stet_buf_init(&why);
		for (size_t r = 0; r < pc->nreasons; r++) {
			if (r)
				stet_buf_adds(&why, "; ");
			stet_buf_adds(&why, pc->reasons[r]);
		}
		stet_time_format(s->start_ms, a);
		stet_time_format(s->end_ms, b);
		for (int q = 0; q < 4; q++) {
			const struct stet_quarter *Q = &pc->q[q];

			csv_str(out, s->s->name);
			fputc(',', out);
			csv_str(out, s->s->annotator_name);
			fprintf(out, ",%s,%s,%zu", a, b, s->labeled);
			csv_num(out, s->active_minutes);
			fprintf(out, ",%zu,%zu,%zu,%zu,%zu", s->breaks, s->skipped,
				s->undone, pc->too_fast, pc->burst_items);
			csv_num(out, pc->trend);
			fprintf(out, ",%zu", pc->longest_run);
			csv_num(out, pc->run_p);
			fprintf(out, ",%s,", pc->fatigue ? "true" : "false");
			csv_str(out, why.len ? why.data : "");
			fprintf(out, ",%d,%zu", q + 1, Q->to - Q->from);
			csv_num(out, Q->items_per_minute);
			csv_num(out, Q->median_seconds);
			csv_num(out, Q->entropy);
			csv_num(out, Q->undo_rate);
			csv_num(out, Q->agreement);
			csv_num(out, Q->gold_accuracy);
			csv_num(out, Q->acceptance);
			fputc('\n', out);
		}
		stet_buf_free(&why);
	}
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"annotator", required_argument, NULL, 'a'},
		{"idle", required_argument, NULL, 'i'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_session_labels_opts lo = {.words = true, .standing = true};
	struct stet_session_labels sl;
	struct stet_session_stats *ss;
	struct stet_stats_opts so;
	struct stet_error err = {0};
	enum out_format fmt = OUT_TEXT;
	struct stet_store *st;
	const char *path;
	enum stet_role role;
	bool lead, member;
	int c, code = EXIT_OK;

	stet_stats_opts_init(&so);
	while ((c = cli_getopt(cmd, argc, argv, "a:i:f:h", longopts, &code)) != -1) {
		switch (c) {
		case 'a':
			lo.annotator = optarg;
			break;
		case 'i':
			/* An idle time of nothing would count no time at all. */
			if (cli_duration(optarg, &so.idle_ms) != 0 || so.idle_ms <= 0)
				return cli_usage(cmd, "--idle takes minutes (2), or 90s, 2m, 1h; not '%s'", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) fmt = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0) fmt = OUT_JSON;
			else if (strcmp(optarg, "csv") == 0) fmt = OUT_CSV;
			else
				return cli_usage(cmd, "--format takes text, json or csv, not '%s'", optarg);
			break;
		default:
			return code;
		}
	}
	if ((st = cli_open_project(cmd, argc, argv, true, &path, &code)) == NULL)
		return code;
	/* An annotator sees their own sessions, measured without others'
	 * labels or gold answers: agreement in a short session, or gold
	 * items counted in one, would tell them those. */
	if ((code = cli_own_work(cmd, st, &lo.annotator, &lead,
				 "reading other annotators' sessions")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	lo.standing = lead;
	lo.no_gold = !lead;
	member = true;
	if (!lead && cli_role(st, lo.annotator, &role, &member, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	/* Someone the project has not met has no sessions. */
	memset(&sl, 0, sizeof sl);
	if (member && stet_session_labels_load(st, &lo, &sl, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	stet_store_close(st);
	ss = stet_xcalloc(sl.nsessions ? sl.nsessions : 1, sizeof *ss);
	for (size_t i = 0; i < sl.nsessions; i++)
		stet_session_stats(&sl, &sl.sessions[i], &so, &ss[i]);
	if (fmt == OUT_JSON) {
		json_t *o = json_object(), *list = json_array();

		json_object_set_new(o, "idle_minutes",
				    json_real((double)so.idle_ms / 60000));
		json_object_set_new(o, "reading_floor_wpm", json_real(so.floor_wpm));
		json_object_set_new(o, "alpha", json_real(so.alpha));
		for (size_t i = 0; i < sl.nsessions; i++)
			json_array_append_new(list, session_json(&sl, &ss[i]));
		json_object_set_new(o, "sessions", list);
		if (json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0)
			code = EXIT_FAIL;
		putchar('\n');
		json_decref(o);
	} else if (fmt == OUT_CSV) {
		print_csv(stdout, ss, sl.nsessions);
	} else if ((code = cli_text_stdout(cmd)) == EXIT_OK) {
		print_text(stdout, &sl, ss, sl.nsessions, &so);
	}
	for (size_t i = 0; i < sl.nsessions; i++)
		stet_session_stats_free(&ss[i]);
	free(ss);
	stet_session_labels_free(&sl);
	if (fflush(stdout) != 0 || ferror(stdout))
		code = cli_fail(cmd, "standard output: write error");
	return code;
}

const struct cli_command cmd_stats = {
	"stats", run, "pace and fatigue of each labeling session",
	"usage: stet stats PROJECT.stet [--annotator NAME] [--idle MINUTES]\n"
	"                  [--format text|json|csv]\n\n"
	"  -a, --annotator NAME  only this annotator's sessions\n"
	"  -i, --idle MINUTES    longer without an action is a break (default 2;\n"
	"                        or 90s, 2m, 1h)\n"
	"  -f, --format FMT      text (default), json or csv\n"
	"  -h, --help            show this help\n",
};
