#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "simulate_out.h"
#include "stet/queue.h"
#include "stet/simulate.h"

/* A count for an option: digits only, from min up. */
static int count_arg(const char *s, uint64_t min, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *end != '\0' || errno != 0 || *v < min ? -1 : 0;
}

/* A line on a terminal's stderr while a long replay runs (a million
 * items take minutes); rewritten in place, cleared at the end. */
static bool progress_shown;

static void on_progress(void *ctx, const char *phase, uint64_t done,
			uint64_t total)
{
	(void)ctx;
	fprintf(stderr, "\rsimulate: %s %llu of %llu\033[K", phase,
		(unsigned long long)done, (unsigned long long)total);
	progress_shown = true;
}

static void clear_progress(void)
{
	if (progress_shown)
		fprintf(stderr, "\r\033[K");
	progress_shown = false;
}

/* "random,least": each a strategy, none twice. */
static int strategies_arg(const struct cli_command *cmd, char *list,
			  struct stet_sim_opts *o)
{
	o->nstrategies = 0;
	for (char *s = strtok(list, ","); s != NULL; s = strtok(NULL, ",")) {
		enum stet_sim_strategy st;

		if (stet_sim_strategy_parse(s, &st) != 0)
			return cli_usage(cmd, "--strategies: no strategy '%s' (the strategies are random, least, margin, entropy)", s);
		for (size_t i = 0; i < o->nstrategies; i++)
			if (o->strategies[i] == st)
				return cli_usage(cmd, "--strategies names %s twice", s);
		o->strategies[o->nstrategies++] = st;
	}
	if (o->nstrategies == 0)
		return cli_usage(cmd, "--strategies takes a list such as random,least,margin,entropy");
	return EXIT_OK;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"strategies", required_argument, NULL, 'S'},
		{"budget", required_argument, NULL, 'b'},
		{"step", required_argument, NULL, 'k'},
		{"seed", required_argument, NULL, 's'},
		{"test-share", required_argument, NULL, 't'},
		{"epochs", required_argument, NULL, 'e'},
		{"bits", required_argument, NULL, 'B'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_sim_opts o;
	struct stet_sim_result res;
	struct stet_error err = {0};
	struct stet_store *st;
	struct stet_txn *txn;
	const char *path, *format = "text";
	bool have_budget = false;
	uint32_t ppm;
	uint64_t v;
	int c, code = EXIT_OK, rc;

	stet_sim_opts_default(&o);
	o.step = 10;
	while ((c = cli_getopt(cmd, argc, argv, "S:b:k:s:t:e:B:f:h", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'S':
			if ((code = strategies_arg(cmd, optarg, &o)) != EXIT_OK)
				return code;
			break;
		case 'b':
			if (count_arg(optarg, 1, &o.budget) != 0)
				return cli_usage(cmd, "--budget takes a number of labels (1 or more), not '%s'", optarg);
			have_budget = true;
			break;
		case 'k':
			if (count_arg(optarg, 1, &o.step) != 0)
				return cli_usage(cmd, "--step takes a number of labels added at a time (1 or more), not '%s'", optarg);
			break;
		case 's':
			if (count_arg(optarg, 0, &o.seed) != 0)
				return cli_usage(cmd, "--seed takes a number, not '%s'", optarg);
			break;
		case 't':
			if (stet_share_parse(optarg, &ppm) != 0 || ppm == 0 ||
			    ppm == 1000000)
				return cli_usage(cmd, "--test-share takes a share above 0 and below 1 (0.2 or 20%%), not '%s'", optarg);
			o.test_share = ppm / 1e6;
			break;
		case 'e':
			if (count_arg(optarg, 1, &v) != 0 ||
			    v > STET_SIM_EPOCHS_MAX)
				return cli_usage(cmd, "--epochs takes 1 to %d, not '%s'", STET_SIM_EPOCHS_MAX, optarg);
			o.epochs = (unsigned)v;
			break;
		case 'B':
			if (count_arg(optarg, 18, &v) != 0 || v > 24)
				return cli_usage(cmd, "--bits takes 18 to 24 (2^bits feature buckets), not '%s'", optarg);
			o.bits = (unsigned)v;
			break;
		case 'f':
			format = optarg;
			if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
				return cli_usage(cmd, "--format takes text or json, not '%s'", format);
			break;
		default:
			return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (!have_budget)
		return cli_usage(cmd, "--budget N says how many labels each strategy may have in the end");
	if (o.budget < o.step)
		return cli_usage(cmd, "--budget %llu is below --step %llu: the seed set alone is a step's worth of labels",
				 (unsigned long long)o.budget,
				 (unsigned long long)o.step);
	if ((st = cli_open(cmd, path, true)) == NULL)
		return EXIT_FAIL;
	/* It reads every annotator's labels, as stet agree does. */
	if ((code = cli_require_lead(cmd, st, "simulating")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	if (isatty(STDERR_FILENO))
		o.on_progress = on_progress;
	rc = stet_simulate(txn, &o, &res, &err);
	clear_progress();
	stet_txn_end(txn);
	stet_store_close(st);
	if (rc != STET_OK) {
		stet_sim_result_free(&res);
		return cli_fail(cmd, "%s: %s", path, err.msg);
	}
	if (strcmp(format, "json") == 0) {
		json_t *j = simulate_json(&o, &res);

		if (json_dumpf(j, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0)
			code = EXIT_FAIL;
		putchar('\n');
		json_decref(j);
	} else if ((code = cli_text_stdout(cmd)) == EXIT_OK) {
		simulate_print_text(stdout, &o, &res);
	}
	stet_sim_result_free(&res);
	return code;
}

const struct cli_command cmd_simulate = {
	"simulate", run,
	"replay the labels that stand to compare labeling strategies",
	"usage: stet simulate PROJECT.stet --budget N [OPTIONS]\n\n"
	"Replays a project whose items have standing labels: holds out a\n"
	"seeded test share, starts each strategy from the same seed set,\n"
	"lets it choose --step items at a time to label up to --budget,\n"
	"retrains the built-in learner from zero after each step, and\n"
	"reports held-out accuracy and macro-F1, the labels each strategy\n"
	"needed to reach 95% and 99% of the accuracy of a model trained on\n"
	"the whole pool, and a plot. Reads; writes nothing. For leads.\n\n"
	"  -S, --strategies LIST  of random, least, margin, entropy (default all)\n"
	"  -b, --budget N         labels each strategy has in the end (required)\n"
	"  -k, --step K           labels added at a time (default 10)\n"
	"  -s, --seed S           the test share, seed set and random picks (default 0)\n"
	"  -t, --test-share P     share of the items held out (default 0.2)\n"
	"  -e, --epochs E         passes of each training (default 5)\n"
	"  -B, --bits B           2^B feature buckets, 18 to 24 (default 20)\n"
	"  -f, --format FMT       text or json (default text)\n"
	"  -h, --help             show this help\n",
};
