#include <string.h>

#include "stet/buf.h"
#include "stet/team.h"

static const char *const role_names[] = {
	[STET_ROLE_ANNOTATOR] = "annotator",
	[STET_ROLE_LEAD] = "lead",
	[STET_ROLE_REMOVED] = "removed",
	[STET_ROLE_AUTOMATIC] = "automatic",
};

/* The automatic role is given by stet route alone, never parsed. */
int stet_role_parse(const char *s, enum stet_role *role)
{
	for (int r = 0; r < STET_ROLE_AUTOMATIC; r++)
		if (strcmp(s, role_names[r]) == 0) {
			*role = (enum stet_role)r;
			return 0;
		}
	return -1;
}

const char *stet_role_name(enum stet_role role)
{
	return (unsigned)role <= STET_ROLE_AUTOMATIC ? role_names[role] :
						       "unknown";
}

int stet_member_get(struct stet_txn *txn, const char *name, uint32_t *id,
		    enum stet_role *role, struct stet_error *err)
{
	const void *v;
	size_t vl;
	int rc = stet_get(txn, STET_DB_ANNOTATORS, name, strlen(name), &v,
			  &vl, err);

	if (rc != STET_OK)
		return rc;
	if (vl != 5 || ((const unsigned char *)v)[4] > STET_ROLE_AUTOMATIC)
		return stet_error_set(err, STET_ERR,
				      "annotator \"%s\": record is damaged", name);
	*id = stet_get_u32be(v);
	*role = (enum stet_role)((const unsigned char *)v)[4];
	return STET_OK;
}

int stet_member_set(struct stet_txn *txn, const char *name,
		    enum stet_role role, struct stet_error *err)
{
	unsigned char rec[5];
	enum stet_role old;
	uint32_t id;
	bool created;
	int rc = stet_member_get(txn, name, &id, &old, err);

	if (rc == STET_NOTFOUND)
		return stet_annotator_ensure(txn, name, role, &id, &created,
					     err);
	if (rc != STET_OK)
		return rc;
	if ((old == STET_ROLE_AUTOMATIC) != (role == STET_ROLE_AUTOMATIC))
		return stet_error_set(err, STET_ERR,
				      old == STET_ROLE_AUTOMATIC ?
				      "%s is a model that labels (stet route), not a member whose role changes" :
				      "%s is a person, not a model that labels",
				      name);
	stet_u32be(rec, id);
	rec[4] = (unsigned char)role;
	return stet_put(txn, STET_DB_ANNOTATORS, name, strlen(name), rec, 5, 0,
			err);
}
