#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"

static const struct cli_command *const commands[] = {
	&cmd_init,
	&cmd_info,
	&cmd_schema,
	&cmd_config,
	&cmd_team,
	&cmd_import,
	&cmd_import_annotations,
	&cmd_import_predictions,
	&cmd_route,
	&cmd_learn,
	&cmd_export,
	&cmd_clone,
	&cmd_merge,
	&cmd_backup,
	&cmd_salvage,
	&cmd_label,
	&cmd_review,
	&cmd_agree,
	&cmd_stats,
	&cmd_report,
	&cmd_simulate,
	&cmd_log,
	&cmd_verify,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	fprintf(out,
		"usage: stet COMMAND PROJECT.stet [OPTIONS] [ARGS]\n"
		"       stet --help | --version\n\n"
		"stet labels text and tables from the keyboard and keeps every\n"
		"annotation in one project file.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-20s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(out, "\n'stet COMMAND --help' shows a command's options; "
		     "man stet has them all.\n");
}

static void out_of_memory(void)
{
	static const char msg[] = "stet: out of memory\n";

	fwrite(msg, 1, sizeof msg - 1, stderr);
	/* Not exit(): flushing stdout's escaping would allocate. */
	_exit(EXIT_FAIL);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	stet_set_oom_handler(out_of_memory);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("stet %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--commands")) {
		/* For scripts and the man-page completeness test. */
		for (size_t i = 0; i < NCOMMANDS; i++)
			printf("%s\n", commands[i]->name);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--complete"))
		return cli_complete(commands, NCOMMANDS, argc - 2, argv + 2);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i]->name) == 0) {
			int rc = commands[i]->run(commands[i], argc - 1, argv + 1);
			int flushed = fflush(stdout), e = errno;

			/* Output redirected to a full disk often fails only
			 * here, at the last buffer: say why, once. */
			if (flushed != 0 || ferror(stdout)) {
				if (rc == EXIT_OK)
					fprintf(stderr, "stet: %s: cannot write output: %s\n",
						commands[i]->name,
						flushed != 0 ? strerror(e) : "write error");
				return EXIT_FAIL;
			}
			return rc;
		}
	}
	fprintf(stderr, "stet: unknown command '%s'\nTry 'stet --help'.\n",
		cli_safe(argv[1]));
	return EXIT_USAGE;
}
