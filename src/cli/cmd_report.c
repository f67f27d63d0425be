#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/tui.h"
#include "cli.h"
#include "stet/ratings.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"theme", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_ratings_opts ro = {.level = STET_LEVEL_NOMINAL};
	struct stet_project_ratings pr;
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *theme = NULL;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "t:h", longopts, &code)) != -1) {
		switch (c) {
		case 't': theme = optarg; break;
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
	if (tui_report_run(st, &pr, theme, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	stet_ratings_free(&pr);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_report = {
	"report", run, "the agreement report, full-screen, for leads",
	"usage: stet report PROJECT.stet [--theme NAME]\n\n"
	"  -t, --theme NAME   colour theme, as for stet label\n"
	"  -h, --help         show this help\n\n"
	"Press ? in stet report for the keys.\n",
};
