/* A project's span sets as the span agreement wants them
 * (stet/span_agree.h): the standing set of every annotator on every
 * item, with the length and tokens of each item's text, read in one
 * read transaction; and from them the ratings of a token-label project
 * with the token as the unit, and each session's sets against the
 * other annotators'. */
#ifndef STET_SPAN_STUDY_H
#define STET_SPAN_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/ratings.h"
#include "stet/schema.h"
#include "stet/span_agree.h"
#include "stet/store.h"

struct stet_span_study_opts {
	enum stet_label_kind kind;     /* STET_KIND_SPAN or STET_KIND_TOKEN */
	const char *const *annotators; /* names to keep, or NULL for all */
	size_t nannotators;
	int64_t since_ms, until_ms;    /* 0: open; compares the set's event */
	const char *by;                /* an item meta field, or NULL */
};

/* Owns everything study points to. Annotators are those with at least
 * one standing set, in byte order of their names, so that a pair (a,
 * b) of the study, a < b, is named "a|b" as stet agree names pairs.
 * Labels are the schema's labels of the kind, in schema order; a set's
 * spans of other labels are left out. Items are those with at least
 * one set, in id order. */
struct stet_project_spans {
	struct stet_schema schema;
	char **raters;
	uint32_t *rater_id;      /* annotator id of each rater */
	size_t nraters;
	char **labels;
	uint32_t *label_of;      /* study label index -> label id */
	size_t nlabels;
	uint64_t *item_ids;
	char **slice;            /* with by: each item's value ("(none)") */
	bool *absent;            /* with by: the item has no such field */
	struct stet_span_item *items;
	struct stet_span_set *sets;           /* nitems * nraters */
	uint64_t *set_event;                  /* the SPANS event of each */
	const struct stet_span_set **set_of;  /* NULL: not marked */
	struct stet_span_study study;
};

int stet_spans_study_load(struct stet_store *st,
			  const struct stet_span_study_opts *o,
			  struct stet_project_spans *ps,
			  struct stet_error *err);
void stet_spans_study_free(struct stet_project_spans *ps);

/* The items of one --by value: a study over a subset of ps's items
 * (items points into the array it owns, the sets are ps's). */
struct stet_span_slice {
	char *value;
	bool absent;
	struct stet_span_item *items;
	struct stet_span_study study;
};
/* Slices in the order of their values, the items without the field
 * last among equals, as stet_ratings_slices orders them. */
void stet_spans_study_slices(const struct stet_project_spans *ps,
			     struct stet_span_slice **out, size_t *n);
void stet_spans_study_slices_free(struct stet_span_slice *s, size_t n);

/* Token labels with the token as the unit: one row for each token of
 * an item that some annotator tagged, each annotator's value the label
 * of their one-token span over it (missing when they tagged it not, or
 * never marked the item). pr is filled as stet_ratings_load fills it,
 * at the nominal level, categories the token labels in schema order;
 * stet_ratings_free frees it. */
void stet_spans_token_ratings(const struct stet_project_spans *ps,
			      struct stet_project_ratings *pr);

/* Each session's span sets against the standing sets of the other
 * annotators of the study on the same items. A session's set on an
 * item is the last it saved there that was not undone. */
struct stet_span_session {
	char *name;            /* its name, or its id in decimal */
	const char *annotator; /* borrowed from ps */
	uint64_t items;        /* items it marked */
	uint64_t compared;     /* of them, items another annotator marked */
	struct stet_span_counts counts; /* the session as reference */
};
int stet_spans_sessions(struct stet_store *st,
			const struct stet_project_spans *ps,
			struct stet_span_session **out, size_t *n,
			struct stet_error *err);
void stet_spans_sessions_free(struct stet_span_session *s, size_t n);

/* The same in two steps, so that the log is read while the figures are
 * computed: the sets each session saved, in its own read transaction
 * (for a thread of its own; ps is only read), then the rows. pairs, when
 * not NULL, is stet_span_agree_items' per-item counts on ps->study: a
 * session's set that still stands is not compared again. */
struct stet_span_log;
int stet_spans_log_read(struct stet_store *st,
			const struct stet_project_spans *ps,
			struct stet_span_log **out, struct stet_error *err);
void stet_spans_sessions_rows(const struct stet_project_spans *ps,
			      struct stet_span_log *log,
			      const struct stet_span_counts *pairs,
			      struct stet_span_session **out, size_t *n);
void stet_span_log_free(struct stet_span_log *log);

#endif
