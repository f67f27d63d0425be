#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stet/team.h"

struct team_ctx {
	const char *name;
	enum stet_role role;
	bool must_exist;
};

static int set_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct team_ctx *tc = ctx;
	enum stet_role role;
	uint32_t id;
	int rc;

	if (tc->must_exist) {
		rc = stet_member_get(txn, tc->name, &id, &role, err);
		if (rc == STET_NOTFOUND || (rc == STET_OK &&
					    role == STET_ROLE_REMOVED))
			return stet_error_set(err, STET_ERR,
					      "%s is not on the team", tc->name);
		if (rc != STET_OK)
			return rc;
	}
	return stet_member_set(txn, tc->name, tc->role, err);
}

static int list(const struct cli_command *cmd, struct stet_store *st)
{
	struct stet_annotator *a = NULL;
	struct stet_error err = {0};
	struct stet_txn *txn;
	size_t n = 0;
	int rc;

	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	rc = stet_annotators_load(txn, &a, &n, &err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		return cli_fail_err(cmd, &err);
	for (size_t i = 0; i < n; i++)
		if (a[i].role != STET_ROLE_REMOVED)
			printf("%s %s\n", cli_padded(a[i].name, 24),
			       stet_role_name(a[i].role));
	stet_annotators_free(a, n);
	return EXIT_OK;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"role", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct team_ctx tc = {NULL, STET_ROLE_ANNOTATOR, false};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *verb, *role = NULL;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "r:h", longopts, &code)) != -1) {
		if (c != 'r')
			return code;
		role = optarg;
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	verb = optind < argc ? argv[optind++] : "list";
	if (strcmp(verb, "list") == 0) {
		if (optind < argc)
			return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
		if ((st = cli_open(cmd, path, true)) == NULL)
			return EXIT_FAIL;
		code = list(cmd, st);
		stet_store_close(st);
		return code;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0)
		return cli_usage(cmd, "'%s' is not list, add or remove", verb);
	if (optind >= argc)
		return cli_usage(cmd, "%s: no name given", verb);
	if (argc - optind > 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind + 1]);
	tc.name = argv[optind];
	/* A member is removed by the name they have, whatever it is. */
	if (strcmp(verb, "add") == 0 && cli_name(cmd, &tc.name, &code) != 0)
		return code;
	if (strcmp(verb, "remove") == 0) {
		if (role != NULL)
			return cli_usage(cmd, "remove takes no --role");
		tc.role = STET_ROLE_REMOVED;
		tc.must_exist = true;
	} else if (role != NULL && (stet_role_parse(role, &tc.role) != 0 ||
				    tc.role == STET_ROLE_REMOVED)) {
		return cli_usage(cmd, "--role takes annotator or lead, not '%s'", role);
	}
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	code = cli_require_lead(cmd, st, "changing the team");
	if (code == EXIT_OK && tc.role == STET_ROLE_REMOVED &&
	    strcmp(tc.name, cli_user()) == 0)
		code = cli_fail(cmd, "a lead cannot remove themselves; another lead can");
	if (code == EXIT_OK && stet_store_write(st, set_fn, &tc, &err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	if (code == EXIT_OK)
		printf("%s: %s %s\n", cli_safe(path), cli_safe(tc.name),
		       tc.role == STET_ROLE_REMOVED ? "removed (their work stays)" :
		       tc.role == STET_ROLE_LEAD ? "is a lead" : "is an annotator");
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_team = {
	"team", run, "list the team, add members, make leads, remove members",
	"usage: stet team PROJECT.stet [list]\n"
	"       stet team PROJECT.stet add NAME [--role annotator|lead]\n"
	"       stet team PROJECT.stet remove NAME\n\n"
	"Names are login names. Adding an existing member sets their role.\n"
	"A removed member's labels stay; they can no longer label. Changing\n"
	"the team is for leads.\n\n"
	"  -r, --role ROLE   annotator (default) or lead\n"
	"  -h, --help        show this help\n",
};
