/* Who is running stet, and whether they may do what they ask. The
 * login user is the identity; the project's team says their role. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stet/team.h"

int cli_role(struct stet_store *st, const char *name, enum stet_role *role,
	     bool *member, struct stet_error *err)
{
	struct stet_txn *txn;
	uint32_t id;
	int rc;

	*member = false;
	*role = STET_ROLE_ANNOTATOR;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_member_get(txn, name, &id, role, err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND) {
		*role = STET_ROLE_ANNOTATOR;
		return STET_OK;
	}
	*member = rc == STET_OK;
	return rc;
}

/* The role of the person running stet, or EXIT_FAIL said. */
static int my_role(const struct cli_command *cmd, struct stet_store *st,
		   const char *me, enum stet_role *role, bool *member)
{
	struct stet_error err = {0};

	if (cli_role(st, me, role, member, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	return EXIT_OK;
}

int cli_require_lead(const struct cli_command *cmd, struct stet_store *st,
		     const char *what)
{
	enum stet_role role;
	bool member;
	const char *me = cli_user();

	if (my_role(cmd, st, me, &role, &member) != EXIT_OK)
		return EXIT_FAIL;
	if (role == STET_ROLE_LEAD)
		return EXIT_OK;
	return cli_fail(cmd, "%s is for leads, and %s is %s of %s (a lead can change that: stet team %s add %s --role lead)",
			what, me,
			!member ? "not on the team" :
			role == STET_ROLE_REMOVED ? "no longer on the team" :
			"an annotator",
			stet_store_path(st), stet_store_path(st), me);
}

int cli_is_lead(const struct cli_command *cmd, struct stet_store *st,
		bool *lead)
{
	enum stet_role role;
	bool member;

	*lead = false;
	if (my_role(cmd, st, cli_user(), &role, &member) != EXIT_OK)
		return EXIT_FAIL;
	*lead = role == STET_ROLE_LEAD;
	return EXIT_OK;
}

int cli_own_work(const struct cli_command *cmd, struct stet_store *st,
		 const char **annotator, bool *lead, const char *what)
{
	const char *me = cli_user();

	if (cli_is_lead(cmd, st, lead) != EXIT_OK)
		return EXIT_FAIL;
	if (*lead)
		return EXIT_OK;
	if (*annotator != NULL && strcmp(*annotator, me) != 0)
		return cli_require_lead(cmd, st, what);
	*annotator = me;
	return EXIT_OK;
}

int cli_may_label(const struct cli_command *cmd, struct stet_store *st,
		  const char *as)
{
	enum stet_role role;
	bool member;
	const char *me = cli_user();

	if (my_role(cmd, st, me, &role, &member) != EXIT_OK)
		return EXIT_FAIL;
	if (role == STET_ROLE_REMOVED)
		return cli_fail(cmd, "%s is no longer on the team of %s",
				me, stet_store_path(st));
	if (strcmp(as, me) != 0) {
		if (role != STET_ROLE_LEAD)
			return cli_fail(cmd, "labeling as someone else (--as %s) is for leads, and %s is not one",
					as, me);
		if (my_role(cmd, st, as, &role, &member) != EXIT_OK)
			return EXIT_FAIL;
		if (role == STET_ROLE_AUTOMATIC)
			return cli_fail(cmd, "%s is a model that labels (stet route): no one labels as it",
					as);
		if (role == STET_ROLE_REMOVED)
			return cli_fail(cmd, "%s is no longer on the team of %s",
					as, stet_store_path(st));
	}
	return EXIT_OK;
}
