#include <string.h>

#include "stet/annotate.h"
#include "stet/options.h"
#include "stet/project.h"
#include "stet/route.h"
#include "migrate.h"

struct create_ctx {
	struct stet_schema *schema;
	const char *creator;
	const char *const *names, *const *values;
	size_t nopts;
};

static int create_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct create_ctx *cc = ctx;
	uint32_t id;
	bool created;

	if (stet_schema_save(txn, cc->schema, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < cc->nopts; i++)
		if (stet_option_set(txn, cc->names[i], cc->values[i], err) !=
		    STET_OK)
			return STET_ERR;
	return stet_annotator_ensure(txn, cc->creator, STET_ROLE_LEAD, &id,
				     &created, err);
}

int stet_project_open(const char *path, int flags, struct stet_store **out,
		      struct stet_error *err)
{
	return stet_store_open(path, flags, &migrate_steps, out, err);
}

int stet_project_create(const char *path, struct stet_schema *schema,
			const char *creator, struct stet_store **out,
			struct stet_error *err)
{
	return stet_project_create_with(path, schema, creator, NULL, NULL, 0,
					out, err);
}

int stet_project_create_with(const char *path, struct stet_schema *schema,
			     const char *creator, const char *const *names,
			     const char *const *values, size_t nopts,
			     struct stet_store **out, struct stet_error *err)
{
	struct create_ctx cc = {schema, creator, names, values, nopts};

	if (stet_store_open(path, STET_OPEN_CREATE, NULL, out, err) != STET_OK)
		return STET_ERR;
	if (stet_store_write(*out, create_fn, &cc, err) == STET_OK)
		return STET_OK;
	stet_store_discard(*out);
	*out = NULL;
	return STET_ERR;
}

int stet_project_info(struct stet_store *st, struct stet_info *info,
		      struct stet_error *err)
{
	struct stet_store_stat ss;
	struct stet_txn *txn;
	int rc;

	memset(info, 0, sizeof *info);
	stet_schema_init(&info->schema);
	if (stet_store_stat(st, &ss, err) != STET_OK)
		return STET_ERR;
	info->file_bytes = ss.file_bytes;
	info->format_version = ss.format_version;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_meta_get_u64(txn, "count.text", &info->text_items, err);
	if (rc == STET_OK)
		rc = stet_meta_get_u64(txn, "count.table", &info->table_items,
				       err);
	if (rc == STET_OK)
		rc = stet_count(txn, STET_DB_ANNOTATORS, &info->annotators, err);
	if (rc == STET_OK)
		rc = stet_count(txn, STET_DB_SESSIONS, &info->sessions, err);
	if (rc == STET_OK)
		rc = stet_count(txn, STET_DB_CURRENT, &info->annotations, err);
	if (rc == STET_OK)
		rc = stet_count(txn, STET_DB_EVENTS, &info->events, err);
	if (rc == STET_OK)
		rc = stet_count(txn, STET_DB_GOLD, &info->gold_items, err);
	if (rc == STET_OK)
		rc = stet_schema_load(txn, &info->schema, err);
	if (rc == STET_OK)
		rc = stet_models_load(txn, &info->models, &info->nmodels, err);
	if (rc == STET_OK)
		rc = stet_route_last(txn, &info->route_run,
				     info->route_annotator,
				     sizeof info->route_annotator, err);
	stet_txn_end(txn);
	return rc;
}

void stet_info_free(struct stet_info *info)
{
	stet_schema_free(&info->schema);
	stet_models_free(info->models, info->nmodels);
	info->models = NULL;
	info->nmodels = 0;
}
