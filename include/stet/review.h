/* A lead's review: the items where annotators disagree (or every item
 * with two or more values), each with the value standing for every
 * annotator and the decision, if any; and the review session in which a
 * lead decides items (ADJUDICATE events, kept in `final`) and takes
 * decisions back (UNDO), each in its own durable write transaction.
 * Knows nothing of terminals. */
#ifndef STET_REVIEW_H
#define STET_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/notes.h"
#include "stet/schema.h"
#include "stet/span_agree.h"
#include "stet/spans.h"
#include "stet/store.h"

/* Which items a review walks. Every filter given narrows the walk. */
struct stet_review_filter {
	bool all;               /* every item with two or more values, not
				   only those whose values differ */
	const char *label_a;    /* with label_b: items where one annotator's
				   value has label_a and another's label_b */
	const char *label_b;
	const char *annotator;  /* items this annotator has a value on */
	const char *meta_field; /* with meta_value: the item's meta field
				   ("lang", "a.b" nested, "meta." allowed
				   before it) equals meta_value; a string
				   compares as itself, any other JSON value
				   as its compact JSON text ("5", "true") */
	const char *meta_value;
	bool flagged;           /* only items with a flag standing, whatever
				   their labels (even none); all is then
				   implied */
};

/* One annotator's standing value on an item. */
struct stet_review_value {
	uint32_t annotator;     /* annotator id */
	uint32_t *labels;       /* label ids, owned */
	size_t nlabels;
};

/* One item of the review. */
struct stet_review_entry {
	uint64_t item;                   /* item id */
	struct stet_review_value *values; /* in annotator id order, owned */
	size_t nvalues;
	bool decided;                    /* a decision stands in `final` */
	uint32_t final[STET_MAX_LABELS]; /* its labels */
	size_t nfinal;
	uint64_t final_event;            /* the ADJUDICATE event, 0: none */
	uint32_t final_by;               /* the lead who made it */
	const struct stet_note *notes;   /* its flags and comments standing
					    when the list was made, in
					    event order: the list's */
	size_t nnotes;
	bool flagged;                    /* one of them is a flag */
};

struct stet_review_list {
	struct stet_review_entry *v;     /* in item (import) order */
	size_t n;
	struct stet_annotator *annotators; /* every annotator, by id: see
					      stet_annotators_load */
	size_t nannotators;
	struct stet_notes notes;         /* the entries' notes, by item then
					    event */
};

/* The items the filter selects, in one read transaction. Fails with a
 * message naming an unknown label or annotator. Free with
 * stet_review_list_free (safe after a failure). */
int stet_review_list_load(struct stet_store *st,
			  const struct stet_review_filter *f,
			  struct stet_review_list *out,
			  struct stet_error *err);
void stet_review_list_free(struct stet_review_list *l);
/* An annotator's name from the list, "?" when unknown. Valid as long as
 * the list. */
const char *stet_review_name(const struct stet_review_list *l,
			     uint32_t annotator);
/* The same from any list of annotators a[0..n) (as
 * stet_annotators_load makes it): a review of spans has its own. */
const char *stet_review_annotator_name(const struct stet_annotator *a,
				       size_t n, uint32_t annotator);

/* Searches the text of the list's items as stet_items_search does,
 * from entry pos: *found is an entry. */
int stet_review_search(struct stet_store *st,
		       const struct stet_review_list *l, const char *needle,
		       size_t pos, int dir, size_t *found,
		       struct stet_error *err);
/* The entry of the item with external id what, or failing that the
 * entry at position what counted from 1. STET_NOTFOUND, with a message
 * saying which, when neither is in the list. */
int stet_review_find(struct stet_store *st, const struct stet_review_list *l,
		     const char *what, size_t *pos, struct stet_error *err);

/* Reads e's values and decision again from the store (others may have
 * labeled, or another lead decided, since the list was made). */
int stet_review_refresh(struct stet_txn *txn, struct stet_review_entry *e,
			struct stet_error *err);

/* A key that orders an item's values for a blind review: fixed for an
 * item and annotator, unrelated across items, so that "annotator 1" is
 * nobody in particular. */
uint64_t stet_review_blind_key(uint64_t item, uint32_t annotator);

/* Whether the values of e are not all the same set of labels. */
bool stet_review_disagrees(const struct stet_review_entry *e);

/* A lead's review session. */
struct stet_review {
	struct stet_store *st;      /* borrowed */
	struct stet_schema schema;  /* the version decisions are recorded under */
	uint32_t lead;              /* the lead's annotator id */
	struct stet_session session;
	uint64_t *done;             /* this session's decisions, newest last */
	uint64_t *done_item;
	size_t ndone, capdone;
	uint64_t decided;           /* decisions this session, less undone */
	bool unflushed;
	uint64_t at;                /* the item on screen, set by the caller:
				       closing keeps it as where the lead's
				       next review resumes */
};

/* Adds the lead if new (with the role lead; an existing member keeps
 * theirs) and opens a session for them (one write). host and tty may
 * be NULL. */
int stet_review_open(struct stet_review *r, struct stet_store *st,
		     const char *lead, const char *host, const char *tty,
		     struct stet_error *err);
/* Where the lead's last review stopped, in l: the entry of the item
 * they were on (kept in meta by each decision and by closing), or the
 * first after it in item order; 0 when they have no such item or
 * have not reviewed before. */
int stet_review_resume(struct stet_review *r,
		       const struct stet_review_list *l, size_t *pos,
		       struct stet_error *err);
/* Records the decision labels[0..n) on item: one ADJUDICATE event, in
 * one write transaction, durable when this returns STET_OK. n may be 0
 * only in a multi-label schema (the decision: no label applies). */
int stet_review_decide(struct stet_review *r, uint64_t item,
		       const uint32_t *labels, size_t n, uint32_t duration_ms,
		       struct stet_error *err);
/* Takes back the newest decision of this session: an UNDO event, which
 * puts back the decision it replaced, if any. *item is its item.
 * STET_NOTFOUND when there is nothing left to undo. */
int stet_review_undo(struct stet_review *r, uint64_t *item,
		     struct stet_error *err);
/* As stet_labeling_flush: the screen calls it when the lead pauses. */
int stet_review_flush(struct stet_review *r, struct stet_error *err);
/* Ends the session (one fully synced write) and frees r. Safe after a
 * failed open. */
int stet_review_close(struct stet_review *r, struct stet_error *err);

/* The agreement of each annotator with the decisions: on the items
 * that have a decision and the annotator's value, the share where the
 * value equals the decision and Cohen's kappa of the two, each value
 * (a set of labels, for multi-label schemas) a category. */
struct stet_adjudicated {
	char *name;            /* owned */
	uint64_t items;
	double percent;        /* NaN without items */
	double kappa;          /* NaN when undefined */
};
/* Fills *out (n entries, in name order) for the annotators whose names
 * are in names[0..nnames) (names NULL: every annotator with a value
 * on a decided item); *decided is the number of items with a decision
 * and a value of one of them. The lead's decisions themselves are not
 * an annotator's values. One read transaction. Free with
 * stet_adjudicated_free. */
int stet_adjudicated_load(struct stet_store *st, const char *const *names,
			  size_t nnames, uint64_t *decided,
			  struct stet_adjudicated **out, size_t *n,
			  struct stet_error *err);
void stet_adjudicated_free(struct stet_adjudicated *a, size_t n);

/* ---- spans and token tags (review_spans.c) ---- */

/* One annotator's standing span set on an item: the set in `spans`, or
 * the empty set of an annotator who finished the item without marking
 * anything. */
struct stet_review_spans_value {
	uint32_t annotator;
	struct stet_span_set set;   /* normalized, owned */
};

struct stet_review_spans_entry {
	uint64_t item;
	struct stet_review_spans_value *values; /* annotator id order, owned */
	size_t nvalues;
	bool decided;               /* a decision stands in `span_final` */
	struct stet_span_set final; /* its spans, owned */
};

struct stet_review_spans_list {
	struct stet_review_spans_entry *v; /* in item (import) order */
	size_t n;
	struct stet_annotator *annotators; /* as in stet_review_list */
	size_t nannotators;
};

/* The items of a project with span or token labels whose annotators'
 * span sets differ (f->all: every item with two or more), in one read
 * transaction. f->annotator, f->label_a/label_b (one annotator's set
 * has a span of label_a, another's one of label_b) and f->meta_field
 * narrow it as they do stet_review_list_load; f->flagged is refused.
 * Free with stet_review_spans_free (safe after a failure). */
int stet_review_spans_load(struct stet_store *st,
			   const struct stet_review_filter *f,
			   struct stet_review_spans_list *out,
			   struct stet_error *err);
void stet_review_spans_free(struct stet_review_spans_list *l);
/* Reads e's sets and decision again. */
int stet_review_spans_refresh(struct stet_txn *txn,
			      struct stet_review_spans_entry *e,
			      struct stet_error *err);
/* As stet_review_resume, in a list of spans. */
int stet_review_spans_resume(struct stet_review *r,
			     const struct stet_review_spans_list *l,
			     size_t *pos, struct stet_error *err);
/* Whether two sets hold the same spans (offsets and labels). */
bool stet_review_spans_same(const struct stet_span_set *a,
			    const struct stet_span_set *b);
/* Whether the sets of e are not all the same. */
bool stet_review_spans_disagree(const struct stet_review_spans_entry *e);

/* Records set as the decision on item's spans: one ADJUDICATE event
 * carrying the set (and the item labels of the decision standing, if
 * any, so that a decision on spans keeps one on labels), in one durable
 * write, after stet_spans_check says the set may stand on the item
 * (nothing is written otherwise; the message names the item). Taken
 * back by stet_review_undo like any decision. */
int stet_review_decide_spans(struct stet_review *r, uint64_t item,
			     const struct stet_span_set *set,
			     uint32_t duration_ms, struct stet_error *err);

/* Each annotator's spans against the decisions on spans: on the items
 * with a decision and a value of the annotator, the counts of
 * stet_span_compare with the decision as the reference (a) and the
 * annotator's set as b, summed. */
struct stet_adjudicated_spans {
	char *name;            /* owned */
	uint64_t items;
	struct stet_span_counts counts;
};
/* As stet_adjudicated_load, for span decisions (span_final): names NULL
 * gives every annotator with a value on a decided item; *decided counts
 * the items with a decision and a value of one of them. */
int stet_adjudicated_spans_load(struct stet_store *st,
				const char *const *names, size_t nnames,
				uint64_t *decided,
				struct stet_adjudicated_spans **out, size_t *n,
				struct stet_error *err);
void stet_adjudicated_spans_free(struct stet_adjudicated_spans *a, size_t n);

#endif
