/* The ratings of a project as the agreement arithmetic wants them: for
 * each item with at least one standing value, each annotator's value,
 * from `current` in one read transaction. */
#ifndef STET_RATINGS_H
#define STET_RATINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/agree.h"
#include "stet/error.h"
#include "stet/schema.h"
#include "stet/store.h"

struct stet_ratings_opts {
	enum stet_level level;
	const char *const *annotators; /* names to keep, or NULL for all */
	size_t nannotators;
	int64_t since_ms, until_ms;    /* 0: open; compares label event time */
};

/* Owns everything the borrowed views in `r` and `sets` point to. */
struct stet_project_ratings {
	struct stet_schema schema;
	char **raters;        /* annotator names, rater index order */
	size_t nraters;
	char **categories;    /* label names, category index order */
	uint32_t *label_of;   /* category index -> label id */
	double *value;        /* category numbers (numeric labels), or NULL */
	size_t ncat;
	uint64_t *item_ids;   /* item id of each row */
	uint32_t *v;          /* single-label values, nitems * nraters */
	uint64_t *sets;       /* multi-label bitsets, or NULL */
	bool *missing;        /* multi-label: no value */
	size_t words;
	size_t nsets;         /* multi-label: distinct sets, r's categories */
	/* Single-label: categories are the labels. Multi-label: each
	 * distinct set of labels is a category (exact agreement), and
	 * set_r holds the sets for MASI and the per-label kappas. */
	struct stet_ratings r;
	struct stet_set_ratings set_r;
	bool multi;
	bool numeric;         /* every label is a number */
};

/* Loads the ratings. Fails with a message when the level needs numeric
 * labels and the schema's are not. */
int stet_ratings_load(struct stet_store *st,
		      const struct stet_ratings_opts *o,
		      struct stet_project_ratings *pr, struct stet_error *err);
void stet_ratings_free(struct stet_project_ratings *pr);



/* One slice of the ratings: the items whose meta field has one value.
 * `view` is the parent with r and set_r restricted to the slice (its
 * names are the parent's: free only with stet_ratings_slices_free). */
struct stet_ratings_slice {
	char *value;   /* the field's value as text; "(none)" when absent */
	bool absent;   /* the slice of the items without the field */
	uint32_t *v;
	uint64_t *sets;
	bool *missing;
	struct stet_project_ratings view;
};

/* Splits pr by the item meta field `field` ("lang", or "a.b" for a
 * nested one; a leading "meta." is allowed), slices in the order of
 * their values. Reads the items' meta in one read transaction. */
int stet_ratings_slices(struct stet_store *st,
			const struct stet_project_ratings *pr,
			const char *field, struct stet_ratings_slice **out,
			size_t *n, struct stet_error *err);
void stet_ratings_slices_free(struct stet_ratings_slice *s, size_t n);
#endif
