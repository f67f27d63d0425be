/* stet simulate's report. The plot is plain text: a letter a strategy
 * (the first of its name), so that it reads the same without colour,
 * in a log file, or pasted into an issue. */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "simulate_out.h"
#include "stet/text.h"

#define PLOT_W 60
#define PLOT_H 16

/* The random strategy's curve, or NULL when it was not run. */
static const struct stet_sim_curve *random_curve(const struct stet_sim_result *r)
{
	for (size_t i = 0; i < r->ncurves; i++)
		if (r->curves[i].strategy == STET_SIM_RANDOM &&
		    r->curves[i].npoints > 0)
			return &r->curves[i];
	return NULL;
}

/* The fewest labels with which c reached accuracy a; 0 when it never
 * did. */
static uint64_t reached(const struct stet_sim_curve *c, double a)
{
	for (size_t p = 0; p < c->npoints; p++)
		if (c->points[p].accuracy >= a)
			return c->points[p].labels;
	return 0;
}

static json_t *labels_to(const struct stet_sim_result *r, bool to99)
{
	json_t *o = json_object();

	for (size_t i = 0; i < r->ncurves; i++) {
		const struct stet_sim_curve *c = &r->curves[i];
		uint64_t n = to99 ? c->to99 : c->to95;

		json_object_set_new(o, stet_sim_strategy_name(c->strategy),
				    n ? json_integer((json_int_t)n) :
					json_null());
	}
	return o;
}

json_t *simulate_json(const struct stet_sim_opts *o,
		      const struct stet_sim_result *r)
{
	json_t *j = json_object(), *strategies = json_object(),
	       *labels = json_object();

	for (size_t i = 0; i < r->ncurves; i++) {
		const struct stet_sim_curve *c = &r->curves[i];
		json_t *a = json_array();

		for (size_t p = 0; p < c->npoints; p++)
			json_array_append_new(a, json_pack(
				"{s:I, s:f, s:f}",
				"labels", (json_int_t)c->points[p].labels,
				"accuracy", c->points[p].accuracy,
				"macro_f1", c->points[p].macro_f1));
		json_object_set_new(strategies,
				    stet_sim_strategy_name(c->strategy), a);
	}
	for (size_t k = 0; k < r->nlabels; k++)
		json_object_set_new(labels, r->labels[k],
				    json_integer((json_int_t)r->counts[k]));
	json_object_set_new(j, "strategies", strategies);
	json_object_set_new(j, "full_accuracy", json_real(r->full_accuracy));
	json_object_set_new(j, "labels_to_95", labels_to(r, false));
	json_object_set_new(j, "labels_to_99", labels_to(r, true));
	if (random_curve(r) != NULL) {
		const struct stet_sim_curve *rc = random_curve(r);
		json_t *to = json_object();

		for (size_t i = 0; i < r->ncurves; i++) {
			uint64_t n = reached(&r->curves[i],
					     rc->points[rc->npoints - 1].accuracy);

			json_object_set_new(to, stet_sim_strategy_name(r->curves[i].strategy),
					    n ? json_integer((json_int_t)n) :
						json_null());
		}
		json_object_set_new(j, "labels_to_random", to);
	}
	json_object_set_new(j, "full_macro_f1", json_real(r->full_macro_f1));
	json_object_set_new(j, "items", json_integer((json_int_t)r->items));
	json_object_set_new(j, "used", json_integer((json_int_t)r->used));
	json_object_set_new(j, "unlabeled",
			    json_integer((json_int_t)r->unlabeled));
	json_object_set_new(j, "other_label",
			    json_integer((json_int_t)r->other_label));
	json_object_set_new(j, "labels", labels);
	json_object_set_new(j, "test", json_integer((json_int_t)r->test));
	json_object_set_new(j, "pool", json_integer((json_int_t)r->pool));
	json_object_set_new(j, "seed_set",
			    json_integer((json_int_t)r->seed_set));
	json_object_set_new(j, "step", json_integer((json_int_t)o->step));
	json_object_set_new(j, "budget", json_integer((json_int_t)r->budget));
	json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
	json_object_set_new(j, "test_share", json_real(o->test_share));
	json_object_set_new(j, "epochs", json_integer(o->epochs));
	json_object_set_new(j, "bits", json_integer(o->bits));
	json_object_set_new(j, "retrain", json_string("from zero"));
	return j;
}

/* The labels each strategy needed, a row a strategy, so that the
 * lines stay short however many strategies there are. */
static void print_to(FILE *f, const struct stet_sim_result *r)
{
	fprintf(f, "labels to reach 95%% of it (%.3f) and 99%% (%.3f):\n",
		0.95 * r->full_accuracy, 0.99 * r->full_accuracy);
	for (size_t i = 0; i < r->ncurves; i++) {
		const struct stet_sim_curve *c = &r->curves[i];
		char a[24] = "never", b[24] = "never";

		if (c->to95)
			snprintf(a, sizeof a, "%llu", (unsigned long long)c->to95);
		if (c->to99)
			snprintf(b, sizeof b, "%llu", (unsigned long long)c->to99);
		fprintf(f, "  %-10s %10s %10s\n",
			stet_sim_strategy_name(c->strategy), a, b);
	}
}

void simulate_print_text(FILE *f, const struct stet_sim_opts *o,
			 const struct stet_sim_result *r)
{
	size_t most = 0, col;
	char head[64];

	col = (size_t)snprintf(head, sizeof head, "%llu %s with a standing label:",
			       (unsigned long long)r->used,
			       cli_plural(r->used, "item", "items"));
	fputs(head, f);
	/* Labels and their counts, wrapped to 78 columns as they will be
	 * drawn (controls in a name show as escapes). */
	for (size_t k = 0; k < r->nlabels; k++) {
		const char *name = cli_safe(r->labels[k]);
		char count[32];
		size_t w;

		snprintf(count, sizeof count, " %llu%s",
			 (unsigned long long)r->counts[k],
			 k + 1 < r->nlabels ? "," : "");
		w = 1 + stet_text_width(name, strlen(name)) + strlen(count);
		if (col + w > 78 && col > 2) {
			fputs("\n ", f);
			col = 1;
		}
		fprintf(f, " %s%s", name, count);
		col += w;
	}
	fputc('\n', f);
	if (r->unlabeled || r->other_label)
		fprintf(f, "not used: %llu %s with no standing label, %llu on a dropped label\n",
			(unsigned long long)r->unlabeled,
			cli_plural(r->unlabeled, "item", "items"),
			(unsigned long long)r->other_label);
	fprintf(f, "held out for testing: %llu (share %g, seed %llu); pool: %llu\n",
		(unsigned long long)r->test, o->test_share,
		(unsigned long long)o->seed, (unsigned long long)r->pool);
	fprintf(f, "seed set: %llu %s, one of each label in the pool, then at random\n",
		(unsigned long long)r->seed_set,
		cli_plural(r->seed_set, "label", "labels"));
	fprintf(f, "step %llu, budget %llu%s\n", (unsigned long long)o->step,
		(unsigned long long)r->budget,
		r->budget < o->budget ? " (the whole pool)" : "");
	fprintf(f, "each model trained from zero on the labels so far: %u %s, 2^%u buckets\n",
		o->epochs, cli_plural(o->epochs, "epoch", "epochs"), o->bits);
	fprintf(f, "full-data accuracy: %.3f (macro-F1 %.3f), trained on the whole pool\n",
		r->full_accuracy, r->full_macro_f1);
	print_to(f, r);
	if (random_curve(r) != NULL && r->ncurves > 1) {
		const struct stet_sim_curve *rc = random_curve(r);
		double a = rc->points[rc->npoints - 1].accuracy;

		fprintf(f, "labels to reach random's accuracy at %llu (%.3f):\n",
			(unsigned long long)rc->points[rc->npoints - 1].labels, a);
		for (size_t i = 0; i < r->ncurves; i++) {
			uint64_t n = reached(&r->curves[i], a);
			char at[24] = "never";

			if (n)
				snprintf(at, sizeof at, "%llu",
					 (unsigned long long)n);
			fprintf(f, "  %-10s %10s\n",
				stet_sim_strategy_name(r->curves[i].strategy), at);
		}
	}
	fprintf(f, "\n%8s", "labels");
	for (size_t i = 0; i < r->ncurves; i++) {
		fprintf(f, "  %-*s", i + 1 < r->ncurves ? 15 : 0,
			stet_sim_strategy_name(r->curves[i].strategy));
		if (r->curves[i].npoints > most)
			most = r->curves[i].npoints;
	}
	fprintf(f, "\n%8s", "");
	for (size_t i = 0; i < r->ncurves; i++)
		fprintf(f, "  %s%s", "accuracy F1",
			i + 1 < r->ncurves ? "    " : "");
	fputc('\n', f);
	for (size_t p = 0; p < most; p++) {
		fprintf(f, "%8llu",
			(unsigned long long)r->curves[0].points[p].labels);
		for (size_t i = 0; i < r->ncurves; i++) {
			const struct stet_sim_point *pt = &r->curves[i].points[p];

			fprintf(f, "  %8.3f %.3f%s", pt->accuracy, pt->macro_f1,
				i + 1 < r->ncurves ? " " : "");
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	simulate_print_plot(f, r);
}

/* Bounds of the plot's y axis: every point and the full accuracy, out
 * to the twentieths around them. */
static void y_range(const struct stet_sim_result *r, double *lo, double *hi)
{
	*lo = 0.95 * r->full_accuracy;
	*hi = r->full_accuracy;
	for (size_t i = 0; i < r->ncurves; i++)
		for (size_t p = 0; p < r->curves[i].npoints; p++) {
			double a = r->curves[i].points[p].accuracy;

			*lo = a < *lo ? a : *lo;
			*hi = a > *hi ? a : *hi;
		}
	*lo = floor(*lo * 20 + 1e-9) / 20;
	*hi = ceil(*hi * 20 - 1e-9) / 20;
	if (*hi <= *lo)
		*hi = *lo + 0.05;
}

static int row_of(double y, double lo, double hi)
{
	return (int)lround((hi - y) / (hi - lo) * (PLOT_H - 1));
}

void simulate_print_plot(FILE *f, const struct stet_sim_result *r)
{
	char grid[PLOT_H][PLOT_W + 1];
	uint64_t x0, x1;
	double lo, hi;
	int full, at95;

	if (r->ncurves == 0 || r->curves[0].npoints == 0)
		return;
	x0 = r->curves[0].points[0].labels;
	x1 = r->curves[0].points[r->curves[0].npoints - 1].labels;
	y_range(r, &lo, &hi);
	memset(grid, ' ', sizeof grid);
	full = row_of(r->full_accuracy, lo, hi);
	at95 = row_of(0.95 * r->full_accuracy, lo, hi);
	for (int c = 0; c < PLOT_W; c++) {
		grid[at95][c] = c % 2 ? ' ' : '-';
		grid[full][c] = '=';
	}
	for (size_t i = 0; i < r->ncurves; i++) {
		const struct stet_sim_curve *cv = &r->curves[i];
		char mark = stet_sim_strategy_name(cv->strategy)[0];

		for (size_t p = 0; p < cv->npoints; p++) {
			int c = x1 > x0 ?
				(int)lround((double)(cv->points[p].labels - x0) /
					    (double)(x1 - x0) * (PLOT_W - 1)) : 0;
			char *cell = &grid[row_of(cv->points[p].accuracy, lo,
						  hi)][c];

			/* A cell another strategy marked holds both. */
			*cell = *cell == ' ' || *cell == '-' || *cell == '=' ||
				*cell == mark ? mark : '*';
		}
	}
	fprintf(f, "held-out accuracy by labels\n");
	for (int y = 0; y < PLOT_H; y++) {
		int end = PLOT_W;

		while (end > 0 && grid[y][end - 1] == ' ')
			end--;
		grid[y][end] = '\0';
		if (y % 3 == 0 || y == PLOT_H - 1)
			fprintf(f, "%6.3f |", hi - (hi - lo) * y / (PLOT_H - 1));
		else
			fprintf(f, "%6s |", "");
		fprintf(f, "%s\n", grid[y]);
	}
	fprintf(f, "%6s +", "");
	for (int c = 0; c < PLOT_W; c++)
		fputc('-', f);
	fprintf(f, "\n%7s %-*llu%llu labels\n", "", PLOT_W - 6,
		(unsigned long long)x0, (unsigned long long)x1);
	fprintf(f, "  ");
	for (size_t i = 0; i < r->ncurves; i++) {
		const char *name = stet_sim_strategy_name(r->curves[i].strategy);

		fprintf(f, "%s%c %s", i ? "   " : "", name[0], name);
	}
	/* On a line of its own: with four strategies one line would
	 * pass 80 columns. */
	fprintf(f, "\n  * more than one   = full-data accuracy   - - 95%% of it\n");
}
