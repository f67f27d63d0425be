/* The labels each session gave, in the order it gave them, and the time
 * it spent on each item: what `stet stats` measures pace and fatigue
 * on, and what a per-session agreement compares. Loaded from one scan
 * of `events` in one read transaction, with the standing labels of
 * every annotator on the items the sessions labeled (from `current`)
 * and the answers of the gold items among them (from `gold`).
 *
 * A session's label on an item is the last LABEL event of the session
 * on that item that no UNDO took back; an UNLABEL (not undone) after it
 * takes it away again. The session's items are ordered by their first
 * such LABEL event: that is an item's position. Label sets are
 * interned: equal sets (as sets of label ids) get the same index, a
 * category that single- and multi-label schemas share. */
#ifndef STET_SESSION_LABELS_H
#define STET_SESSION_LABELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/schema.h"
#include "stet/store.h"

#define STET_SL_NONE UINT32_MAX

/* One item a session labeled. */
struct stet_sl_item {
	uint64_t item;
	uint32_t set;          /* the session's label set: index into sets */
	uint64_t event;        /* the LABEL event that stands in the session */
	int64_t first_ms;      /* time of its first LABEL event in the session */
	int64_t time_ms;       /* time of the event that stands */
	uint64_t duration_ms;  /* duration_ms summed over every event of the
				* session on the item (undone ones too) */
	uint32_t words;        /* its length in words, with opts.words */
	size_t standing;       /* its first entry in standing, or
				* STET_SL_NO_STANDING */
	uint32_t gold;         /* a gold item's answer (a set, as `set`),
				* or STET_SL_NONE */
	int8_t accepted;       /* of the event that stands: as the step's */
};

#define STET_SL_NO_STANDING SIZE_MAX

/* One event of a session, in log order. */
struct stet_sl_step {
	uint64_t event;
	uint64_t item;
	uint64_t target;  /* UNDO: the event it takes back */
	int64_t time_ms;
	uint32_t duration_ms;
	uint32_t set;     /* LABEL: its label set; STET_SL_NONE otherwise */
	uint32_t pos;     /* the position of its item, STET_SL_NONE when the
			   * session left no label on the item */
	uint32_t at;      /* how many of the session's items had had their
			   * first label when this event was made (its own
			   * included): the session's progress */
	uint8_t action;   /* enum stet_action */
	bool undone;      /* an UNDO of the same session took it back */
	int8_t accepted;  /* LABEL with a suggestion shown: 1 taken as it
			   * was, 0 changed; -1 none shown */
};

/* How the session's items at positions [from, to) agree with every
 * other annotator's standing value on the same items. Each (item,
 * other annotator) pair is one comparison; equal label sets agree. */
struct stet_session_agreement {
	size_t items;    /* items with at least one other value */
	size_t pairs;    /* comparisons */
	size_t agreed;   /* comparisons where the sets are equal */
	double percent;  /* agreed / pairs; NaN without comparisons */
	double kappa;    /* Cohen's kappa of the session against the others,
			  * pooled over the comparisons (stet_cohen_kappa on
			  * a two-rater table, one row a comparison, label
			  * sets as categories); NaN when undefined */
	size_t gold;     /* gold items among them */
	size_t gold_right; /* gold items given their answer */
	double gold_accuracy; /* gold_right / gold; NaN without gold */
};
struct stet_sl_session {
	uint64_t id;
	char *name;                 /* as annotation records name it: the
				     * session's name, or its id in decimal */
	uint32_t annotator;
	const char *annotator_name; /* borrowed from the set */
	int64_t start_ms;
	int64_t end_ms;             /* 0 while open (or never closed) */
	struct stet_sl_item *items; /* by position */
	size_t nitems;
	struct stet_sl_step *steps; /* every event of the session, in order */
	size_t nsteps;
	size_t labels;   /* LABEL events, undone ones included */
	size_t skipped;  /* SKIP events not undone */
	size_t undos;    /* UNDO events */
	struct stet_session_agreement agreement; /* with opts.agreement */
};

/* Another annotator's standing value, from `current`. */
struct stet_sl_standing {
	uint64_t item;
	uint32_t annotator;
	uint32_t set;
};

struct stet_session_labels {
	struct stet_schema schema;   /* the current schema, for names */
	char **annotators;           /* names by id: annotators[id - 1] */
	size_t nannotators;
	struct stet_sl_session *sessions; /* in id order; only sessions with
					   * at least one event */
	size_t nsessions;
	uint32_t *set_labels;        /* set s: set_labels[set_off[s] ..
				      * set_off[s + 1]), sorted label ids */
	size_t *set_off;
	size_t nsets;
	struct stet_sl_standing *standing; /* by item, then annotator; every
					    * annotator's standing value on
					    * each item the sessions labeled */
	size_t nstanding;
	void *intern;                /* private: the set table's index */
};

struct stet_session_labels_opts {
	const char *annotator;   /* only this annotator's sessions, or NULL */
	uint64_t session;        /* only this session (its id), or 0 */
	uint64_t first_event;    /* scan the log from this event id (0: from
				  * the start); a caller that knows where a
				  * session began saves the scan of the rest */
	bool words;              /* count every labeled item's words */
	bool standing;           /* load the standing values of others */
	bool no_gold;            /* leave gold answers out (an annotator's
				  * view of their own sessions) */
	bool agreement;          /* with standing: fill each session's
				  * agreement over all its items, and keep
				  * neither items nor steps (both NULL;
				  * nitems and nsteps stay counts), so that
				  * one session's items are in memory at a
				  * time: what stet agree reports */
};

/* Loads the sessions. An unknown annotator is an error that says so;
 * a session with no event is left out. */
int stet_session_labels_load(struct stet_store *st,
			     const struct stet_session_labels_opts *o,
			     struct stet_session_labels *sl,
			     struct stet_error *err);
void stet_session_labels_free(struct stet_session_labels *sl);

/* Set s as label names joined with "+" ("POSITIVE", "SPORT+POLITICS");
 * an id no longer in the schema is written "#ID". */
const char *stet_sl_set_name(const struct stet_session_labels *sl,
			     uint32_t set, char *out, size_t outlen);

/* The words of a text (or a table row's values): runs of characters
 * that are not white space, each CJK ideograph or kana counting as a
 * word of its own, as reading-speed norms count Chinese and Japanese
 * (by character). */
uint32_t stet_count_words(const char *s);

void stet_session_agreement(const struct stet_session_labels *sl,
			    const struct stet_sl_session *s, size_t from,
			    size_t to, struct stet_session_agreement *out);
/* The comparisons of one item: how many, how many agree. */
void stet_session_item_agreement(const struct stet_session_labels *sl,
				 const struct stet_sl_session *s, size_t pos,
				 size_t *pairs, size_t *agreed);

#endif
