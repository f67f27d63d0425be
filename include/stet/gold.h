/* Gold items: items whose right answer is known, imported with
 * `stet import --gold`. `gold` maps an item id to its answer, a set of
 * label ids (one for a single-label schema), sorted. An annotator's
 * label on a gold item is right when it is that set. */
#ifndef STET_GOLD_H
#define STET_GOLD_H

#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/store.h"

/* A gold answer holds at most as many labels as an event. */
#define STET_GOLD_MAX 256

struct stet_gold {
	uint32_t labels[STET_GOLD_MAX];
	size_t n;
};

/* The answer written as label names joined with '|' (how item readers
 * keep a label given as a list), checked against the schema: every
 * name a label of it, one name unless the schema is multi-label. */
int stet_gold_parse(const struct stet_schema *s, const char *text,
		    struct stet_gold *out, struct stet_error *err);

int stet_gold_put(struct stet_txn *txn, uint64_t item,
		  const struct stet_gold *g, struct stet_error *err);
/* STET_NOTFOUND when the item is not gold. */
int stet_gold_get(struct stet_txn *txn, uint64_t item, struct stet_gold *g,
		  struct stet_error *err);
/* Makes item gold: its answer put in `gold`, its record concealed
 * (stet_item_conceal) when it is not already. */
int stet_gold_set(struct stet_txn *txn, uint64_t item,
		  const struct stet_gold *g, struct stet_error *err);
/* Conceals the record of every gold item: the migration to format 5,
 * for projects whose gold items kept their answer and source. */
int stet_gold_conceal_all(struct stet_txn *txn, struct stet_error *err);
int stet_gold_decode(const void *val, size_t vlen, struct stet_gold *g,
		     struct stet_error *err);

#endif
