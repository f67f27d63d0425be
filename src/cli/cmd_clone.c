#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stet/merge.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_FOR = 256, OPT_ADD };
	static const struct option longopts[] = {
		{"for", required_argument, NULL, OPT_FOR},
		{"add", no_argument, NULL, OPT_ADD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_clone_opts opts = {0};
	struct stet_clone_result res;
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *copy;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &code)) != -1) {
		switch (c) {
		case OPT_FOR:
			opts.annotator = optarg;
			if (cli_name(cmd, &opts.annotator, &code) != 0)
				return code;
			break;
		case OPT_ADD: opts.add = true; break;
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
	if (opts.annotator == NULL)
		return cli_usage(cmd, "--for NAME is needed: the annotator the copy is for");
	if ((st = cli_open(cmd, path, true)) == NULL)
		return EXIT_FAIL;
	/* A copy holds NAME's labels: one's own, or a lead's to hand out. */
	if (strcmp(opts.annotator, cli_user()) != 0 &&
	    (code = cli_require_lead(cmd, st, "cloning for someone else")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (stet_clone(st, copy, &opts, &res, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	else
		printf("%s: %llu %s, %llu schema %s, %llu %s and %llu %s of %s (%s%s)\n",
		       copy, (unsigned long long)res.items,
		       cli_plural(res.items, "item", "items"),
		       (unsigned long long)res.schema_versions,
		       cli_plural(res.schema_versions, "version", "versions"),
		       (unsigned long long)res.sessions,
		       cli_plural(res.sessions, "session", "sessions"),
		       (unsigned long long)res.events,
		       cli_plural(res.events, "event", "events"), opts.annotator,
		       res.role == STET_ROLE_LEAD ? "lead" : "annotator",
		       res.added ? ", new" : "");
	if (code == EXIT_OK && res.events_left > 0)
		fprintf(stderr, "stet: clone: %llu %s of %s left out: adjudications (a copy holds none) and their undos\n",
			(unsigned long long)res.events_left,
			cli_plural(res.events_left, "event", "events"),
			cli_safe(opts.annotator));
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_clone = {
	"clone", run, "make a copy of a project for one annotator to label offline",
	"usage: stet clone PROJECT.stet COPY.stet --for NAME [--add]\n\n"
	"Makes the new project COPY.stet with every item and the schema, and\n"
	"of the annotations only NAME's own: no other annotator's labels, no\n"
	"adjudications, no gold answers. Label it anywhere, then bring the work\n"
	"back with stet merge PROJECT.stet COPY.stet.\n\n"
	"      --for NAME   the annotator the copy is for (needed; someone\n"
	"                   else than yourself only for leads)\n"
	"      --add        NAME is new to the project: add them in the copy\n"
	"  -h, --help       show this help\n",
};
