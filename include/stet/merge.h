/* Offline work: `stet clone` makes a project of its own for one
 * annotator, holding every item and the schema but no one else's labels,
 * no adjudications and no gold answers; `stet merge` brings the events
 * made in such a copy back, matched by their uids so that merging twice
 * adds nothing. */
#ifndef STET_MERGE_H
#define STET_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

/* ---- clone ---- */

struct stet_clone_opts {
	const char *annotator; /* the name the copy is for */
	bool add;              /* accept a name the project lacks */
};

struct stet_clone_result {
	uint64_t items;
	uint64_t schema_versions;
	uint64_t options;      /* "option.*" settings copied */
	uint64_t sessions;     /* the annotator's sessions copied */
	uint64_t events;       /* the annotator's events copied */
	uint64_t events_left;  /* theirs left out: adjudications, undos of
				* events not theirs */
	uint64_t leads;        /* the project's leads, named in the copy */
	enum stet_role role;
	bool added;            /* the name was new (--add) */
};

/* Creates the project copy_path (STET_ERR if it exists) from project:
 * the items with their ids, records and both indexes, the item counters,
 * every stored schema version, the "option.*" settings, the annotator
 * (with their role; annotator 1 of the copy) and their own sessions
 * (same ids) and events (same uids, appended in order, so the copy's
 * derived state is theirs alone), and the project's leads, by name and
 * role only, so that they may run a lead's commands on the copy, and
 * the routes that stand (stet/route.h), each its ROUTE event again (same
 * uid) by its model's automatic annotator, so that the copy's queue
 * serves what the project's would; adjudications are not copied, nor is anything of `gold` or `final`,
 * and items are copied concealed (stet_item_conceal).
 * The copy's meta records "clone.of" (project's path), "clone.for" (the
 * name), "clone.events" (project's last event id, u64) and "clone.time"
 * (ms, u64). An unknown name is refused unless opts->add, and a member
 * removed from the team always. One snapshot
 * of project is read; on any failure copy_path is removed. */
int stet_clone(struct stet_store *project, const char *copy_path,
	       const struct stet_clone_opts *opts,
	       struct stet_clone_result *res, struct stet_error *err);

/* ---- merge ---- */

/* The same annotator changed the value of the same item both in
 * PROJECT (after the clone) and in the copy: both events are kept, the
 * copy's come last and so stand. Times are the latest on each side. */
struct stet_merge_conflict {
	char *item;       /* the item's external id */
	char *annotator;
	int64_t project_ms;
	int64_t copy_ms;
};

struct stet_merge_result {
	uint64_t merged;      /* events appended */
	uint64_t present;     /* copy events already in the project */
	uint64_t sessions;    /* sessions created in the project */
	uint64_t annotators;  /* annotators added to the project */
	struct stet_merge_conflict *conflicts; /* owned: stet_merge_result_free */
	size_t nconflicts;
	/* From the copy's meta, when it was made by stet_clone (else NULL
	 * and 0): owned. */
	char *clone_of;
	char *clone_for;
	uint64_t clone_events;
};

/* Appends to project, in one write transaction, every event of copy
 * whose uid project lacks but its ROUTE events (routing is decided in
 * the project: stet route), in the copy's order, with its uid, time,
 * duration, labels, text and schema version; annotators are matched by
 * name (added, with the role annotator, when missing), items by id when the records or content
 * hashes agree, else by external id or content hash, sessions through
 * events already merged (or created once), UNDO targets through uids.
 * Refuses a copy whose schema has a version project lacks or holds
 * differently, and a copy event on an item project does not have;
 * nothing is written then. dry_run reads project only (it may be opened
 * read-only) and reports what a merge would do. copy may be read-only;
 * the two must be different files. */
int stet_merge(struct stet_store *project, struct stet_store *copy,
	       bool dry_run, struct stet_merge_result *res,
	       struct stet_error *err);
void stet_merge_result_free(struct stet_merge_result *res);

#endif
