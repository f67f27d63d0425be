/* A project as a whole: opening one (the store with the migrations an
 * older format needs), creating one with its schema and first lead, and
 * the summary `stet info` prints. */
#ifndef STET_PROJECT_H
#define STET_PROJECT_H

#include <stdint.h>

#include "stet/error.h"
#include "stet/predict.h"
#include "stet/schema.h"
#include "stet/store.h"

/* Opens the project at path as stet_store_open does (flags the same),
 * handing the store the steps (src/core/migrate.c) that take a project
 * of an older format to the current one. The way to open an existing
 * project; stet_store_open with no steps suits a file just made. */
int stet_project_open(const char *path, int flags, struct stet_store **out,
		      struct stet_error *err);

/* Creates path with schema (saved as version 1) and creator as its first
 * lead. *out stays open for the caller. Nothing is left on failure. */
int stet_project_create(const char *path, struct stet_schema *schema,
			const char *creator, struct stet_store **out,
			struct stet_error *err);
/* The same, with project options set in the same transaction: names[i]
 * takes values[i] (see stet_option_set); a bad one leaves nothing. */
int stet_project_create_with(const char *path, struct stet_schema *schema,
			     const char *creator, const char *const *names,
			     const char *const *values, size_t nopts,
			     struct stet_store **out, struct stet_error *err);

struct stet_info {
	uint64_t text_items;
	uint64_t table_items;
	uint64_t annotators;
	uint64_t sessions;
	uint64_t annotations; /* values that stand now, one per item and annotator */
	uint64_t events;
	uint64_t gold_items;
	uint64_t file_bytes;
	int format_version;
	struct stet_schema schema; /* owned: stet_info_free */
	struct stet_model *models; /* owned, in name order */
	size_t nmodels;
	uint64_t route_run;        /* the last stet route run standing, 0: none */
	char route_annotator[STET_SUGGEST_MODEL_MAX + 8]; /* its model's */
};

/* Costs the same on any project size: counters and database statistics,
 * never a scan (but of the models, a handful of records). */
int stet_project_info(struct stet_store *st, struct stet_info *info,
		      struct stet_error *err);
void stet_info_free(struct stet_info *info);

#endif
