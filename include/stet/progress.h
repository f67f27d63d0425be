/* How far an annotator is, as the label screen's status line and
 * `stet info` show it: the items that have their standing value (done,
 * gold items included, as `stet export` lists them) and the items the
 * queue still has for them (left). Left is what the queue can serve
 * them once others' leases end; it is 0 exactly when the queue has
 * nothing more for them.
 *
 * Gold items must not stand out: a label on one moves the counts as a
 * label on any item does. So the gold items an annotator will see are
 * a quota fixed by the plain items they see, one gold item to every
 * gold_rate - 1 plain ones (gold_rate 1: every gold item; 0: none),
 * and left counts the plain items still needing them (not gold,
 * neither labeled nor skipped by them, fewer standing values than the
 * overlap) and what is left of their gold quota. */
#ifndef STET_PROGRESS_H
#define STET_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_progress {
	uint64_t done;        /* labeled by them, gold included */
	uint64_t left;        /* plain_left + gold_left (stet_progress_settle) */
	uint64_t gold_left;   /* what is left of their gold quota */
	/* The parts that add up over items, each 0 or 1 for one item: */
	uint64_t plain_seen;  /* not gold, labeled or skipped by them */
	uint64_t plain_left;  /* not gold, still needing them */
	uint64_t gold_seen;   /* gold, labeled or skipped by them */
	uint64_t gold_unseen; /* gold, neither */
};

/* Sets left and gold_left from the parts. */
void stet_progress_settle(struct stet_progress *p, uint32_t gold_rate);

/* Counts over items 1..n, settled. Walks `current`, `skips` and `gold`
 * once each (never the items no one has touched), so it costs what the
 * labels made so far cost, not what the corpus does. */
int stet_progress_count(struct stet_txn *txn, uint64_t n, uint32_t annotator,
			uint32_t overlap, uint32_t gold_rate,
			struct stet_progress *p, struct stet_error *err);
/* One item's part in those counts (done and the parts): an action on
 * item changes the counts by its part after less its part before. */
int stet_progress_item(struct stet_txn *txn, uint64_t n, uint64_t item,
		       uint32_t annotator, uint32_t overlap,
		       struct stet_progress *p, struct stet_error *err);
/* p moved by after less before, part by part, then settled. */
void stet_progress_move(struct stet_progress *p,
			const struct stet_progress *before,
			const struct stet_progress *after, uint32_t gold_rate);

/* The counts p, made as of event *at, brought up to a later event by
 * replaying others' events since instead of counting again: what it
 * costs follows the events replayed, not the labels made so far. Each
 * item they touched is looked at once, its part moved by where its
 * number of standing values ends against where it began. It stops
 * before an event it cannot replay that way (the annotator's own, from
 * another session; an UNDO; a ROUTE) and after
 * STET_PROGRESS_REPLAY_MAX events: *at is the last event replayed and
 * *whole says whether that is the last event there is; when it is not,
 * only stet_progress_count brings p up to date. Items past n are no part
 * of the counts, as there. p is settled; on an error neither p nor *at
 * has changed. */
#define STET_PROGRESS_REPLAY_MAX 8192
int stet_progress_replay(struct stet_txn *txn, uint64_t n, uint32_t annotator,
			 uint32_t overlap, uint32_t gold_rate, uint64_t *at,
			 struct stet_progress *p, bool *whole,
			 struct stet_error *err);

/* Every annotator's progress over the project's items at its overlap,
 * in annotator id order, from one read transaction; models that label
 * (the automatic role) are left out. *rows is freed
 * with stet_progress_team_free. */
struct stet_progress_row {
	char *name;
	struct stet_progress p;
};
int stet_progress_team(struct stet_store *st, struct stet_progress_row **rows,
		       size_t *n, struct stet_error *err);
void stet_progress_team_free(struct stet_progress_row *rows, size_t n);

#endif
