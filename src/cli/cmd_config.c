#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stet/options.h"

struct set_ctx {
	const char *name, *value;
};

static int set_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct set_ctx *sc = ctx;

	return stet_option_set(txn, sc->name, sc->value, err);
}

static int show(const struct cli_command *cmd, struct stet_store *st,
		const char *only)
{
	struct stet_options o;
	struct stet_error err = {0};
	struct stet_txn *txn;
	char buf[STET_ORDER_NAME_MAX + 64]; /* a model name is the longest */
	int rc, shown = 0;

	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	rc = stet_options_load(txn, &o, &err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		return cli_fail_err(cmd, &err);
	for (size_t i = 0; i < stet_noptions; i++) {
		if (only != NULL && strcmp(only, stet_option_names[i]) != 0)
			continue;
		stet_option_text(&o, i, buf, sizeof buf);
		if (only != NULL)
			printf("%s\n", buf);
		else
			printf("%-14s %s\n", stet_option_names[i], buf);
		shown++;
	}
	if (only != NULL && shown == 0) {
		/* The setter's message lists the names. */
		stet_option_set(NULL, only, "", &err);
		return cli_fail_err(cmd, &err);
	}
	return EXIT_OK;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_error err = {0};
	struct stet_store *st;
	struct set_ctx sc;
	const char *path;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &code)) != -1)
		return code;
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (argc - optind > 2)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind + 2]);
	if (argc - optind < 2) {
		if ((st = cli_open(cmd, path, true)) == NULL)
			return EXIT_FAIL;
		code = show(cmd, st, optind < argc ? argv[optind] : NULL);
		stet_store_close(st);
		return code;
	}
	/* A value no project would take is a usage error, as for
	 * stet init's options. */
	if (stet_option_check(argv[optind], argv[optind + 1], &err) != STET_OK)
		return cli_usage(cmd, "%s", err.msg);
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	sc.name = argv[optind];
	sc.value = argv[optind + 1];
	code = cli_require_lead(cmd, st, "changing the project's options");
	if (code == EXIT_OK && stet_store_write(st, set_fn, &sc, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	if (code == EXIT_OK)
		code = show(cmd, st, NULL) == EXIT_OK ? EXIT_OK : EXIT_FAIL;
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_config = {
	"config", run, "show or set the project's options (overlap, order, gold)",
	"usage: stet config PROJECT.stet              list the options\n"
	"       stet config PROJECT.stet NAME         print one\n"
	"       stet config PROJECT.stet NAME VALUE   set one (leads only)\n\n"
	"  overlap N          annotators who label each item (1..255; default 1)\n"
	"  order ORDER        sequential (default), shuffled, uncertainty or score\n"
	"  seed S             the seed of shuffled and of explore (default 1)\n"
	"  order_by MEASURE   uncertainty: least (default), margin or entropy\n"
	"  order_model NAME   whose predictions (default \"\": suggest, or the only)\n"
	"  order_label L      score: the score of L (default \"\": the top score)\n"
	"  explore P          share served at random, 0 to 1 (default 0)\n"
	"  gold_rate N        one gold item in N served (default 20; 0: none)\n"
	"  gold_feedback on|off  show the answer after a wrong gold label\n"
	"  lease MINUTES      how long a served item stays reserved (default 10)\n\n"
	"  -h, --help         show this help\n",
};
