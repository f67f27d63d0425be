/* Items: one unit of labeling, text or a table row, and how it is kept
 * in the `items` database and its two indexes. */
#ifndef STET_ITEM_H
#define STET_ITEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/store.h"
#include "stet/tokens.h"

enum stet_item_kind { STET_ITEM_TEXT = 1, STET_ITEM_TABLE = 2 };

struct stet_field {
	char *name;
	char *value;
};

/* Every string is owned by the item (stet_item_clear frees them) and is
 * NUL-terminated valid NFC UTF-8. Optional strings are NULL when absent. */
struct stet_item {
	uint64_t id; /* 0 until stored */
	enum stet_item_kind kind;
	char *ext_id;
	char *text;                /* text items */
	struct stet_field *fields; /* table items, columns in order */
	size_t nfields;
	char *meta;   /* compact JSON object, or NULL */
	char *tokens; /* CoNLL token lines, LF-separated, or NULL */
	/* The words of a text item as code-point offsets into text
	 * (stet/tokens.h), when has_toks: stored with the item and never
	 * changed after, so that spans over them keep their meaning. */
	struct stet_tokens toks;
	bool has_toks;
	char *label;  /* a reference label given with the item, or NULL */
	char *prediction;
	double score;
	bool has_score;
	/* A record's "scores", a compact JSON object of labels and their
	 * scores, for the predictions of model "import" (stet/predict.h);
	 * never stored with the item. */
	char *scores;
	char *source; /* file the item came from */
	uint64_t line;
	uint64_t hash; /* xxh3 of the normalised content */
	/* The record had no id of its own: ext_id was made from the hash,
	 * and content alone says which item it is. */
	bool id_from_hash;
};

void stet_item_init(struct stet_item *it);
void stet_item_clear(struct stet_item *it);
void stet_item_add_field(struct stet_item *it, const char *name,
			 size_t nlen, const char *value, size_t vlen);

/* The content hash: text, or field names and values, with separators that
 * cannot occur in the strings' own bytes, so that no two contents hash from
 * the same byte stream. */
uint64_t stet_item_content_hash(const struct stet_item *it);
/* A stable external id from the hash: 16 lowercase hex digits. */
void stet_item_hash_id(uint64_t hash, char out[17]);

/* Drops what only a lead may read of an item: its reference label and
 * the file and line it came from. A gold item is stored so (its answer
 * lives in `gold` alone, and a source would name the gold file), and so
 * is every item of a clone, so that no record tells a gold item from
 * another. */
void stet_item_conceal(struct stet_item *it);

void stet_item_encode(const struct stet_item *it, struct stet_buf *out);
int stet_item_decode(const void *val, size_t vlen, struct stet_item *it,
		     struct stet_error *err);

/* The id the next stored item will get. */
int stet_item_next_id(struct stet_txn *txn, uint64_t *id,
		      struct stet_error *err);

/* Stores items in bulk within one write transaction: ids are counted in
 * memory, the record buffer is reused, and the per-kind counters are
 * written once by stet_item_writer_end (which also frees the writer; a
 * failed transaction only needs stet_buf_free(&w->rec)). */
struct stet_item_writer {
	struct stet_txn *txn;
	/* A record's own id says which item it is: set by the caller after
	 * begin. Without it, content first (see stet_item_add). */
	bool ids_decide;
	uint64_t next_id;
	uint64_t added_text;
	uint64_t added_table;
	struct stet_buf rec;
};
int stet_item_writer_begin(struct stet_item_writer *w, struct stet_txn *txn,
			   struct stet_error *err);
/* Adds one normalised item and sets it->id; see stet_item_add. With
 * ids_decide, an item whose id was given is new unless that id is in
 * the project: STET_EXISTS when it names the same content, else
 * STET_CONFLICT; content finds the item only for an id made from it. */
int stet_item_writer_add(struct stet_item_writer *w, struct stet_item *it,
			 uint64_t *existing, struct stet_error *err);
int stet_item_writer_end(struct stet_item_writer *w, struct stet_error *err);

/* Stores one new item with the next id: writes items, item_by_ext,
 * item_by_hash and the kind counter. STET_EXISTS when its content is
 * already in the project (*existing then names that item); STET_CONFLICT when
 * its external id names an item with other content. */
int stet_item_add(struct stet_txn *txn, struct stet_item *it,
		  uint64_t *existing, struct stet_error *err);

int stet_item_get(struct stet_txn *txn, uint64_t id, struct stet_item *it,
		  struct stet_error *err);
/* What the span agreement reads of an item, found in its record
 * without decoding the rest: the pointers are into the record, valid
 * until the transaction ends, and not NUL-terminated. */
struct stet_item_shape {
	const char *text;  /* a text item's text, or NULL for a table item */
	size_t text_len;
	const char *meta;  /* its meta JSON, or NULL */
	size_t meta_len;
	bool has_toks;     /* it has tokens (word offsets) */
	size_t ntokens;    /* how many; 0 without */
};
int stet_item_shape_get(struct stet_txn *txn, uint64_t id,
			struct stet_item_shape *sh, struct stet_error *err);
/* The value of field (dots reach into nested objects: "a.b") in an
 * item's meta, as text (a string as it is, anything else as compact
 * JSON), or NULL when meta is NULL or has no such field. free() it. */
char *stet_item_meta_value(const char *meta, const char *field);
int stet_item_find_ext(struct stet_txn *txn, const char *ext_id,
		       uint64_t *id, struct stet_error *err);

/* Looks for needle, ASCII case folded, in the text and table cells of
 * the items of a sequence of n (item_at gives the item id at a
 * position), from the one after pos in the direction dir (+1 or -1),
 * wrapping around once, in one read transaction. *found is the
 * position; STET_NOTFOUND when no item has it (or needle is empty). */
int stet_items_search(struct stet_store *st, uint64_t n,
		      uint64_t (*item_at)(const void *ctx, uint64_t pos),
		      const void *ctx, const char *needle, uint64_t pos,
		      int dir, uint64_t *found, struct stet_error *err);

/* The tokens stored with item id, appended to toks (initialised by
 * the caller), read from its record without decoding the rest.
 * STET_NOTFOUND when the item has none (a table item, or a text item
 * imported while the project had no span or token labels); STET_ERR
 * when there is no such item. */
int stet_item_tokens(struct stet_txn *txn, uint64_t id,
		     struct stet_tokens *toks, struct stet_error *err);

/* Gives every text item that has no tokens the words stet_tokenize
 * finds in its text, for when a project's schema gains its first span
 * or token label. Items that have tokens keep them. */
int stet_items_tokenize_missing(struct stet_txn *txn, struct stet_error *err);

/* Calls fn for every item in id order; fn returns non-zero to stop (that
 * value is returned). The item passed is cleared after fn returns. */
int stet_item_each(struct stet_txn *txn,
		   int (*fn)(void *ctx, const struct stet_item *it,
			     struct stet_error *err),
		   void *ctx, struct stet_error *err);

#endif
