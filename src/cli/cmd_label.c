#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/screens.h"
#include "cli.h"
#include "stet/keys.h"
#include "stet/live.h"
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

/* The screen a project is labeled in: the span view when its schema
 * has span or token labels, in which no hotkey may be a key the span
 * view keeps for itself (a schema made before that view was, say). */
static int which_screen(const struct cli_command *cmd, struct stet_store *st,
			const struct screen_type **t)
{
	struct stet_schema sc;
	struct stet_error err = {0};
	struct stet_txn *txn;
	int rc, code = EXIT_OK;

	*t = &screen_label;
	stet_schema_init(&sc);
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	rc = stet_schema_load(txn, &sc, &err);
	stet_txn_end(txn);
	if (rc != STET_OK) {
		stet_schema_free(&sc);
		return cli_fail_err(cmd, &err);
	}
	for (size_t i = 0; i < sc.nlabels; i++)
		if (sc.labels[i].kind != STET_KIND_ITEM)
			*t = &screen_spans;
	if (*t == &screen_spans) {
		const struct stet_binding *b;
		const struct stet_label *l = stet_schema_span_key_clash(&sc, &b);

		if (l != NULL)
			code = cli_fail(cmd,
				"the label \"%s\" has the hotkey %s, which stet label keeps for %s on spans; give it another with stet schema %s --hotkey '%s=K', or let stet choose with stet schema %s --rekey",
				l->name, l->key, b->action, stet_store_path(st),
				l->name, stet_store_path(st));
	}
	stet_schema_free(&sc);
	return code;
}

/* --keys: stet label's table, or with a project the table of the
 * screen that project is labeled in. */
static int print_keys(const struct cli_command *cmd, int argc, char **argv)
{
	const struct screen_type *t = &screen_label;
	struct stet_store *st;
	int code = EXIT_OK;

	if (optind >= argc)
		return cli_print_keys(t);
	if ((st = cli_open(cmd, argv[optind], true)) == NULL)
		return EXIT_FAIL;
	code = which_screen(cmd, st, &t);
	stet_store_close(st);
	return code == EXIT_OK ? cli_print_keys(t) : code;
}

enum { OPT_BY = 256, OPT_MODEL, OPT_LABEL, OPT_EXPLORE, OPT_LEARN,
       OPT_NO_LEARN, OPT_MIN_LABELS };

/* --by, --model, --label and --explore: each belongs to an order, and
 * is a usage error with another (given is the options seen). */
static int order_opt(const struct cli_command *cmd, int c, const char *arg,
		     struct stet_order_spec *spec, unsigned *given)
{
	*given |= 1u << (c - OPT_BY);
	switch (c) {
	case OPT_BY:
		if (stet_measure_parse(arg, &spec->by) != 0)
			return cli_usage(cmd, "--by takes least, margin or entropy, not '%s'",
					 arg);
		break;
	case OPT_MODEL:
	case OPT_LABEL:
		if (strlen(arg) > STET_ORDER_NAME_MAX)
			return cli_usage(cmd, "--%s: the name is longer than %d bytes",
					 c == OPT_MODEL ? "model" : "label",
					 STET_ORDER_NAME_MAX);
		strcpy(c == OPT_MODEL ? spec->model : spec->label, arg);
		break;
	default:
		if (stet_share_parse(arg, &spec->explore_ppm) != 0)
			return cli_usage(cmd, "--explore takes a share from 0 to 1 (0.1 or 10%%), not '%s'",
					 arg);
	}
	return EXIT_OK;
}

static int order_opts_fit(const struct cli_command *cmd,
			  const struct tui_label_opts *o, unsigned given)
{
	enum stet_order order = o->order.order;

	/* With --learn, --model names the model learned. */
	if (o->learn_given && o->learn != NULL && strcmp(o->learn, "off") != 0)
		given &= ~(1u << (OPT_MODEL - OPT_BY));
	if (given && !o->order_given)
		return cli_usage(cmd, "--by, --model, --label and --explore go with --order uncertainty or score");
	if ((given & 1u << (OPT_BY - OPT_BY)) && order != STET_ORDER_UNCERTAINTY)
		return cli_usage(cmd, "--by goes with --order uncertainty");
	if ((given & 1u << (OPT_LABEL - OPT_BY)) && order != STET_ORDER_SCORE)
		return cli_usage(cmd, "--label goes with --order score");
	if (given && !stet_order_predicted(order))
		return cli_usage(cmd, "--model and --explore go with --order uncertainty or score");
	return EXIT_OK;
}

/* --learn: the model must be stet's own learner when it exists (it is
 * made at the first label when not), and the label of --order score
 * one the schema has. */
static int learn_check(struct stet_txn *txn, const struct tui_label_opts *o,
		       struct stet_error *err)
{
	struct stet_live_opts lo = {.model = o->learn};
	struct stet_schema schema;
	struct stet_live *lv;
	int rc;

	stet_schema_init(&schema);
	rc = stet_schema_load(txn, &schema, err);
	if (rc == STET_OK && o->order.order == STET_ORDER_SCORE &&
	    o->order.label[0] != '\0' &&
	    stet_schema_find(&schema, o->order.label) == NULL)
		rc = stet_error_set(err, STET_NOTFOUND,
				    "no label \"%s\" in the schema",
				    o->order.label);
	if (rc == STET_OK &&
	    (rc = stet_live_open(txn, &lo, &schema, &lv, err)) == STET_OK)
		stet_live_free(lv);
	stet_schema_free(&schema);
	return rc;
}

/* A model or label given on the command line that the project lacks
 * is a usage error naming those it has. */
static int order_check(const struct cli_command *cmd, struct stet_store *st,
		       const struct tui_label_opts *o)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	bool learn = o->learn_given &&
		(o->learn == NULL || strcmp(o->learn, "off") != 0);
	int rc = STET_OK;

	if (!learn && (!o->order_given || !stet_order_predicted(o->order.order)))
		return EXIT_OK;
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	if (learn)
		rc = learn_check(txn, o, &err);
	else
		rc = stet_order_check(txn, &o->order, &err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND || rc == STET_CONFLICT)
		return cli_usage(cmd, "%s", err.msg);
	return rc == STET_OK ? EXIT_OK : cli_fail_err(cmd, &err);
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"as", required_argument, NULL, 'a'},
		{"theme", required_argument, NULL, 't'},
		{"order", required_argument, NULL, 'o'},
		{"seed", required_argument, NULL, 's'},
		{"by", required_argument, NULL, OPT_BY},
		{"model", required_argument, NULL, OPT_MODEL},
		{"label", required_argument, NULL, OPT_LABEL},
		{"explore", required_argument, NULL, OPT_EXPLORE},
		{"break", required_argument, NULL, 'b'},
		{"keys", no_argument, NULL, 'k'},
		{"suggest", required_argument, NULL, 'S'},
		{"suggest-rate", required_argument, NULL, 'R'},
		{"learn", no_argument, NULL, OPT_LEARN},
		{"no-learn", no_argument, NULL, OPT_NO_LEARN},
		{"min-labels", required_argument, NULL, OPT_MIN_LABELS},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tui_label_opts o = {.break_after_ms = 50 * 60000};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *env, *theme = NULL;
	char *end;
	unsigned given = 0;
	bool no_learn = false, keys = false;
	int c, code = EXIT_OK;
	const struct screen_type *screen = &screen_label;

	stet_order_spec_init(&o.order);
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
			if (stet_order_parse(optarg, &o.order.order) != 0)
				return cli_usage(cmd, "--order takes sequential, shuffled, uncertainty or score, not '%s'",
						 optarg);
			break;
		case 's':
			o.order_given = true;
			o.order.seed = strtoull(optarg, &end, 10);
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
		case OPT_LEARN:
			o.learn_given = true;
			break;
		case OPT_NO_LEARN:
			no_learn = true;
			break;
		case OPT_MIN_LABELS:
			o.min_labels = strtoull(optarg, &end, 10);
			if (*optarg < '1' || *optarg > '9' || *end != '\0' ||
			    o.min_labels > 1000000)
				return cli_usage(cmd, "--min-labels takes a number of labels from 1 to 1000000, not '%s'",
						 optarg);
			break;
		case OPT_BY: case OPT_MODEL: case OPT_LABEL: case OPT_EXPLORE:
			if ((code = order_opt(cmd, c, optarg, &o.order,
					      &given)) != EXIT_OK)
				return code;
			break;
		case 'k': keys = true; break;
		default: return code;
		}
	}
	if (keys)
		return print_keys(cmd, argc, argv);
	if (no_learn && o.learn_given)
		return cli_usage(cmd, "--learn and --no-learn: choose one");
	if (no_learn) {
		o.learn_given = true;
		o.learn = "off";
	} else if (o.learn_given && o.order.model[0] != '\0') {
		struct stet_error nerr = {0};

		o.learn = o.order.model;
		if (stet_model_name_check(o.learn, &nerr) != STET_OK)
			return cli_usage(cmd, "--model: %s", nerr.msg);
	}
	if ((code = order_opts_fit(cmd, &o, given)) != EXIT_OK)
		return code;
	/* A share of nothing would pass silently for a measurement. */
	if (o.suggest_rate_given && o.suggest_given && stet_suggest_off(o.suggest))
		return cli_usage(cmd, "--suggest-rate shares out a model's suggestions; --suggest off shows none");
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
	code = order_check(cmd, st, &o);
	if (code == EXIT_OK)
		code = cli_may_label(cmd, st, o.annotator);
	if (code == EXIT_OK)
		code = cli_is_lead(cmd, st, &o.lead);
	if (code == EXIT_OK)
		code = which_screen(cmd, st, &screen);
	if (code == EXIT_OK &&
	    screen_run(screen, st, &o, theme, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_label = {
	"label", run, "label items full-screen, one keystroke each",
	"usage: stet label PROJECT.stet [--as NAME] [--theme NAME]\n"
	"                  [--order ORDER] [--seed N] [--break MIN]\n"
	"                  [--by least|margin|entropy] [--model NAME]\n"
	"                  [--label L] [--explore P]\n"
	"                  [--suggest MODEL|off] [--suggest-rate R]\n"
	"                  [--learn [--model NAME] [--min-labels N] | --no-learn]\n"
	"       stet label --keys [PROJECT.stet]\n\n"
	"  -a, --as NAME      label as NAME (default: the login name; leads only)\n"
	"  -t, --theme NAME   colour theme: default, light, high-contrast, mono,\n"
	"                     or a file path (default: $STET_THEME or default)\n"
	"  -o, --order ORDER  sequential, shuffled, uncertainty (most uncertain\n"
	"                     prediction first) or score (highest first)\n"
	"                     (default: the project's order)\n"
	"  -s, --seed N       the seed of shuffled and of --explore's draws\n"
	"                     (default: the project's)\n"
	"      --by MEASURE   uncertainty: least (confidence, the default),\n"
	"                     margin or entropy\n"
	"      --model NAME   whose predictions (default: the project option\n"
	"                     suggest, else the only model)\n"
	"      --label L      score: the score of L (default: the top score)\n"
	"      --explore P    serve a share P of items at random (0.1, 10%)\n"
	"  -b, --break MIN    suggest a break after MIN minutes (default 50;\n"
	"                     90s, 50m, 1h also work; 0 never)\n"
	"      --suggest MODEL\n"
	"                     pre-select MODEL's prediction, Enter accepts it\n"
	"                     (default: the project's option suggest; off: none)\n"
	"      --suggest-rate R\n"
	"                     show suggestions on a seeded share R of the items,\n"
	"                     0 to 1 (default: the project's option, 1)\n"
	"      --learn        learn from each label saved (model: --model, else\n"
	"                     the project's option learn, else stet); with\n"
	"                     uncertainty or score, the next item is the best of\n"
	"                     a pool of candidates re-scored after each label\n"
	"      --no-learn     do not, whatever the project's option learn says\n"
	"      --min-labels N labels the model learns from before it chooses\n"
	"                     the items (default: the project's option, 20)\n"
	"  -k, --keys         print the key table and exit (with a project,\n"
	"                     the table of its screen: spans and tokens have\n"
	"                     their own)\n"
	"  -h, --help         show this help\n\n"
	"Press ? in stet label for the keys.\n",
};
