/* How far an annotator is, as the label screen's status line and
 * `stet info` show it: the items that have their standing value (done,
 * gold items included, as `stet export` lists them) and the items that
 * still need it (left: not gold, neither labeled nor skipped by them,
 * fewer standing values than the overlap). Left is what the queue can
 * serve them once others' leases end; it is 0 exactly when the queue
 * has nothing more for them. */
#ifndef STET_PROGRESS_H
#define STET_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_progress {
	uint64_t done;
	uint64_t left;
};

/* Counts over items 1..n. Walks `current`, `skips` and `gold` once each
 * (never the items no one has touched), so it costs what the labels
 * made so far cost, not what the corpus does. */
int stet_progress_count(struct stet_txn *txn, uint64_t n, uint32_t annotator,
			uint32_t overlap, struct stet_progress *p,
			struct stet_error *err);
/* One item's part in those counts (each 0 or 1): an action on item
 * changes the counts by its part after less its part before. */
int stet_progress_item(struct stet_txn *txn, uint64_t n, uint64_t item,
		       uint32_t annotator, uint32_t overlap,
		       struct stet_progress *p, struct stet_error *err);

/* Every annotator's progress over the project's items at its overlap,
 * in annotator id order, from one read transaction. *rows is freed
 * with stet_progress_team_free. */
struct stet_progress_row {
	char *name;
	struct stet_progress p;
};
int stet_progress_team(struct stet_store *st, struct stet_progress_row **rows,
		       size_t *n, struct stet_error *err);
void stet_progress_team_free(struct stet_progress_row *rows, size_t n);

#endif
