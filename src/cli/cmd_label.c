#include <math.h>
#include <stdlib.h>

#include "../tui/screens.h"
#include "cli.h"
#include "stet/predict.h"
#include "stet/suggest.h"

/* A model's name, or off for none (over the project's option). */
static int suggest_arg(const struct cli_command *cmd,
		       struct tui_label_opts *o, const char *arg)
{
	struct stet_error err = {0};

	o->suggest_given = true;
	o->suggest = arg;
	if (stet_suggest_off(arg) || stet_model_name_check(arg, &err) == STET_OK)
		return 0;
	cli_usage(cmd, "--suggest takes a model's name or off: %s", err.msg);
	return -1;
}

static int suggest_rate_arg(const struct cli_command *cmd,
			    struct tui_label_opts *o, const char *arg)
{
	char *end;

	o->suggest_rate_given = true;
	o->suggest_rate = strtod(arg, &end);
	if (((*arg >= '0' && *arg <= '9') || *arg == '.') && *end == '\0' &&
	    isfinite(o->suggest_rate) && o->suggest_rate >= 0 &&
	    o->suggest_rate <= 1)
		return 0;
	cli_usage(cmd, "--suggest-rate takes a share from 0 to 1 (0.8: on 80%% of the items), not '%s'",
		  arg);
	return -1;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"as", required_argument, NULL, 'a'},
		{"theme", required_argument, NULL, 't'},
		{"order", required_argument, NULL, 'o'},
		{"seed", required_argument, NULL, 's'},
		{"break", required_argument, NULL, 'b'},
		{"keys", no_argument, NULL, 'k'},
		{"suggest", required_argument, NULL, 'S'},
		{"suggest-rate", required_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tui_label_opts o = {
		.order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.break_after_ms = 50 * 60000,
	};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *env, *theme = NULL;
	char *end;
	int c, code = EXIT_OK;

	if ((env = getenv("STET_BREAK")) != NULL && *env &&
	    cli_duration(env, &o.break_after_ms) != 0)
		return cli_usage(cmd, "STET_BREAK takes minutes (50), or 90s, 50m, 1h; not '%s'",
				 env);
	if ((env = getenv("STET_FATIGUE_EVERY")) != NULL && *env) {
		o.fatigue_every = strtoull(env, &end, 10);
		if (*env < '1' || *env > '9' || *end != '\0')
			return cli_usage(cmd, "STET_FATIGUE_EVERY takes a number of labels (50), not '%s'",
					 env);
	}
	while ((c = cli_getopt(cmd, argc, argv, "a:t:o:s:b:kh", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'a': o.annotator = optarg; break;
		case 't': theme = optarg; break;
		case 'o':
			o.order_given = true;
			if (stet_order_parse(optarg, &o.order) != 0)
				return cli_usage(cmd, "--order takes sequential or shuffled, not '%s'",
						 optarg);
			break;
		case 's':
			o.order_given = true;
			o.seed = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0')
				return cli_usage(cmd, "--seed takes a number, not '%s'", optarg);
			break;
		case 'b':
			if (cli_duration(optarg, &o.break_after_ms) != 0)
				return cli_usage(cmd, "--break takes minutes (50), or 90s, 50m, 1h; not '%s'",
						 optarg);
			break;
		case 'S':
			if (suggest_arg(cmd, &o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'R':
			if (suggest_rate_arg(cmd, &o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'k': return cli_print_keys(&screen_label);
		default: return code;
		}
	}
	if ((o.project = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (o.annotator == NULL)
		o.annotator = cli_user();
	else if (cli_name(cmd, &o.annotator, &code) != 0)
		return code;
	if ((code = cli_need_utf8(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open(cmd, o.project, false)) == NULL)
		return EXIT_FAIL;
	code = cli_may_label(cmd, st, o.annotator);
	if (code == EXIT_OK)
		code = cli_is_lead(cmd, st, &o.lead);
	if (code == EXIT_OK &&
	    screen_run(&screen_label, st, &o, theme, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_label = {
	"label", run, "label items full-screen, one keystroke each",
	"usage: stet label PROJECT.stet [--as NAME] [--theme NAME]\n"
	"                  [--order sequential|shuffled] [--seed N] [--break MIN]\n"
	"                  [--suggest MODEL|off] [--suggest-rate R]\n"
	"       stet label --keys\n\n"
	"  -a, --as NAME      label as NAME (default: the login name; leads only)\n"
	"  -t, --theme NAME   colour theme: default, light, high-contrast, mono,\n"
	"                     or a file path (default: $STET_THEME or default)\n"
	"  -o, --order ORDER  sequential or shuffled (default: the project's order)\n"
	"  -s, --seed N       the shuffled order's seed (default: the project's)\n"
	"  -b, --break MIN    suggest a break after MIN minutes (default 50;\n"
	"                     90s, 50m, 1h also work; 0 never)\n"
	"      --suggest MODEL\n"
	"                     pre-select MODEL's prediction, Enter accepts it\n"
	"                     (default: the project's option suggest; off: none)\n"
	"      --suggest-rate R\n"
	"                     show suggestions on a seeded share R of the items,\n"
	"                     0 to 1 (default: the project's option, 1)\n"
	"  -k, --keys         print the key table and exit\n"
	"  -h, --help         show this help\n\n"
	"Press ? in stet label for the keys.\n",
};
