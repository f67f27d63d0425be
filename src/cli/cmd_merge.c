#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "stet/merge.h"
#include "stet/timefmt.h"

/* LMDB must not open one file twice in a process: compare the files. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void print_result(const struct stet_merge_result *res, bool dry_run)
{
	printf("%llu %s %s (%llu already present), %llu %s, %zu %s",
	       (unsigned long long)res->merged,
	       cli_plural(res->merged, "event", "events"),
	       dry_run ? "to merge" : "merged",
	       (unsigned long long)res->present,
	       (unsigned long long)res->sessions,
	       cli_plural(res->sessions, "session", "sessions"),
	       res->nconflicts,
	       cli_plural(res->nconflicts, "conflict", "conflicts"));
	if (res->annotators > 0)
		printf(", %llu new %s", (unsigned long long)res->annotators,
		       cli_plural(res->annotators, "annotator", "annotators"));
	putchar('\n');
	for (size_t i = 0; i < res->nconflicts; i++) {
		const struct stet_merge_conflict *c = &res->conflicts[i];
		char tp[32], tc[32];

		stet_time_format(c->project_ms, tp);
		stet_time_format(c->copy_ms, tc);
		printf("conflict: item %s, annotator %s: project %s, copy %s; the copy's stands\n",
		       c->item, c->annotator, tp, tc);
	}
	if (dry_run)
		printf("dry run: nothing was written\n");
}

static void note_origin(const char *project, const char *clone_of)
{
	char real[PATH_MAX];

	if (clone_of == NULL || realpath(project, real) == NULL ||
	    strcmp(real, clone_of) == 0)
		return;
	fprintf(stderr, "stet: merge: note: the copy was cloned from %s\n",
		cli_safe(clone_of));
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_merge_result res = {0};
	struct stet_error err = {0};
	struct stet_store *st, *copy;
	const char *path, *copy_path;
	bool dry_run = false;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "nh", longopts, &code)) != -1) {
		switch (c) {
		case 'n': dry_run = true; break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no copy file given");
	copy_path = argv[optind++];
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (same_file(path, copy_path))
		return cli_fail(cmd, "%s and %s are the same file", path,
				copy_path);
	if ((st = cli_open(cmd, path, dry_run)) == NULL)
		return EXIT_FAIL;
	/* The copy's events are in its annotators' names: bringing them in
	 * is a lead's work, as importing annotations is. */
	if ((code = cli_require_lead(cmd, st, "merging a copy")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	/* Read-only: a copy of an older format is refused, not migrated. */
	if ((copy = cli_open(cmd, copy_path, true)) == NULL) {
		stet_store_close(st);
		return EXIT_FAIL;
	}
	if (stet_merge(st, copy, dry_run, &res, &err) != STET_OK) {
		code = cli_fail_err(cmd, &err);
	} else {
		note_origin(path, res.clone_of);
		print_result(&res, dry_run);
	}
	stet_merge_result_free(&res);
	stet_store_close(copy);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_merge = {
	"merge", run, "bring back the work done in a copy (stet clone)",
	"usage: stet merge PROJECT.stet COPY.stet [--dry-run]\n\n"
	"Adds to PROJECT.stet, in one transaction, every event of COPY.stet it\n"
	"does not have yet (matched by uid: merging twice adds nothing), and\n"
	"reports the items the same annotator labeled in both since the clone.\n\n"
	"  -n, --dry-run   report what would be merged; write nothing\n"
	"  -h, --help      show this help\n",
};
