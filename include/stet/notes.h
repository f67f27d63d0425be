/* The flags and comments annotators leave on items for a lead to read:
 * the FLAG and NOTE events of the log that no UNDO took back. */
#ifndef STET_NOTES_H
#define STET_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_note {
	uint64_t event;      /* the FLAG or NOTE event */
	uint64_t item;
	uint32_t annotator;
	int64_t time_ms;
	bool flag;           /* a flag (text is its note, maybe NULL); else
			      * a comment */
	char *text;          /* owned; NULL for a flag without a note */
};

struct stet_notes {
	struct stet_note *v; /* in event order */
	size_t n;
};

/* Every flag and comment standing in txn (item 0), or those of one
 * item: one walk over the events. Free with stet_notes_free (safe after
 * a failure). */
int stet_notes_load(struct stet_txn *txn, uint64_t item,
		    struct stet_notes *out, struct stet_error *err);
void stet_notes_free(struct stet_notes *n);
/* The note that event is, or NULL: a binary search, valid as long as
 * n is. */
const struct stet_note *stet_notes_find(const struct stet_notes *n,
					uint64_t event);

#endif
