#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"
#include "stet/project.h"

/* What the copy holds, for the line that says it was made: a copy of
 * an older format (which opens read-only only after a migration) is
 * described by its size alone. */
static void describe(const char *copy, uint64_t bytes, const char *path)
{
	struct stet_error err = {0};
	struct stet_store *st;
	struct stet_info info;
	struct stat sb;
	unsigned long long was = stat(path, &sb) == 0 ?
		(unsigned long long)sb.st_size : 0;

	printf("%s: ", cli_safe(copy));
	if (stet_project_open(copy, STET_OPEN_READONLY, &st, &err) == STET_OK) {
		if (stet_project_info(st, &info, &err) == STET_OK) {
			uint64_t items = info.text_items + info.table_items;

			printf("%llu %s, %llu %s, ",
			       (unsigned long long)items,
			       cli_plural(items, "item", "items"),
			       (unsigned long long)info.events,
			       cli_plural(info.events, "event", "events"));
			stet_info_free(&info);
		}
		stet_store_close(st);
	}
	printf("%llu bytes (%s: %llu bytes)\n", (unsigned long long)bytes,
	       cli_safe(path), was);
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_FORCE = 256 };
	static const struct option longopts[] = {
		{"force", no_argument, NULL, OPT_FORCE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_error err = {0};
	const char *path, *copy;
	bool force = false;
	uint64_t bytes;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &code)) != -1) {
		switch (c) {
		case OPT_FORCE: force = true; break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no copy file given");
	copy = argv[optind++];
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (stet_store_backup(path, copy, force, &bytes, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	describe(copy, bytes, path);
	return EXIT_OK;
}

const struct cli_command cmd_backup = {
	"backup", run, "copy a project while others keep labeling",
	"usage: stet backup PROJECT.stet COPY.stet [--force]\n\n"
	"Writes COPY.stet, a copy of the project as it stood at one moment,\n"
	"while annotators go on labeling: every label saved before that\n"
	"moment is in it, none after. Space the project no longer uses is\n"
	"left out. The copy is written under another name and renamed to\n"
	"COPY.stet only once it is whole and on disk, so that a backup cut\n"
	"short leaves no COPY.stet to be mistaken for a good one.\n\n"
	"      --force      replace COPY.stet when it exists (only a stet\n"
	"                   project is ever replaced)\n"
	"  -h, --help       show this help\n",
};
