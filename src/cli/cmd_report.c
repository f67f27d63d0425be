#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/screens.h"
#include "cli.h"
#include "stet/ratings.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"theme", required_argument, NULL, 't'},
		{"keys", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_ratings_opts ro = {.level = STET_LEVEL_NOMINAL};
	struct stet_project_ratings pr;
	struct tui_report_opts o = {&pr};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *theme = NULL;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "t:kh", longopts, &code)) != -1) {
		switch (c) {
		case 't': theme = optarg; break;
		case 'k': return cli_print_keys(&screen_report);
		default: return code;
		}
	}
	if ((st = cli_open_project(cmd, argc, argv, true, &path, &code)) == NULL)
		return code;
	if ((code = cli_require_lead(cmd, st, "the agreement report")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (stet_ratings_load(st, &ro, &pr, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	if (screen_run(&screen_report, st, &o, theme, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	stet_ratings_free(&pr);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_report = {
	"report", run, "the agreement report, full-screen, for leads",
	"usage: stet report PROJECT.stet [--theme NAME]\n"
	"       stet report --keys\n\n"
	"  -t, --theme NAME   colour theme, as for stet label\n"
	"  -k, --keys         print the key table and exit\n"
	"  -h, --help         show this help\n\n"
	"Press ? in stet report for the keys.\n",
};
