/* The team: who may do what in a project. Annotators label and see
 * their own work, nothing of others' labels or of gold answers; leads
 * also change the schema, the team and the options, review and
 * adjudicate, import gold items, read and export everyone's labels and
 * label as someone else (stet(1), Roles). A removed member keeps the work
 * they did and can do no more. Roles live in `annotators` beside the
 * ids; the real boundary on a shared server is the project file's
 * permissions (stet init --group). */
#ifndef STET_TEAM_H
#define STET_TEAM_H

#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

/* "annotator", "lead" or "removed"; -1 for anything else. */
int stet_role_parse(const char *s, enum stet_role *role);
const char *stet_role_name(enum stet_role role);

/* The member called name: STET_NOTFOUND when the project has never
 * heard of them. */
int stet_member_get(struct stet_txn *txn, const char *name, uint32_t *id,
		    enum stet_role *role, struct stet_error *err);
/* Adds name with role, or gives an existing member that role. */
int stet_member_set(struct stet_txn *txn, const char *name,
		    enum stet_role role, struct stet_error *err);

#endif
