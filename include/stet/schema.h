/* The label schema: labels with stable ids, hotkeys, descriptions and
 * colours, each of a kind (the item, a span, a token); single- or
 * multi-label; whether spans may overlap; versioned in meta. */
#ifndef STET_SCHEMA_H
#define STET_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/keys.h"
#include "stet/store.h"

/* What a label labels (stet/spans.h). */
enum stet_label_kind {
	STET_KIND_ITEM = 0,  /* the whole item, as before spans */
	STET_KIND_SPAN = 1,  /* a stretch of the text */
	STET_KIND_TOKEN = 2  /* one token: one tag a token (POS) */
};

struct stet_label {
	uint32_t id;       /* stable: a rename keeps it, ids are never reused */
	char *name;        /* the rule of stet/label_name.h */
	char key[8];       /* UTF-8 of one hotkey character, or "" */
	char *description; /* guideline text, or NULL */
	char *colour;      /* a colour name, or NULL for the theme's choice */
	enum stet_label_kind kind;
};

struct stet_schema {
	uint32_t version; /* 1 on creation, +1 on every change */
	bool multi;
	bool no_overlap;  /* spans may neither overlap nor nest */
	struct stet_label *labels;
	size_t nlabels;
	uint32_t next_id;
};

void stet_schema_init(struct stet_schema *s);
void stet_schema_free(struct stet_schema *s);

/* Adds a label with the next id. key NULL: the next free default key
 * (1..9 then 0), or none. Fails on a bad or duplicate name or key;
 * hotkeys are unique across kinds, as one screen reads them all. */
int stet_schema_add(struct stet_schema *s, const char *name, const char *key,
		    const char *description, const char *colour,
		    struct stet_error *err);
/* stet_schema_add of a label of the given kind. */
int stet_schema_add_kind(struct stet_schema *s, const char *name,
			 const char *key, const char *description,
			 const char *colour, enum stet_label_kind kind,
			 struct stet_error *err);
/* "item", "span", "token"; stet_label_kind_parse gives -1 for any
 * other word. */
const char *stet_label_kind_name(enum stet_label_kind kind);
int stet_label_kind_parse(const char *word);
/* Drops every label of s of another kind than kind: what agreement
 * and models, which know item labels only, work on. Not to be saved. */
void stet_schema_keep_kind(struct stet_schema *s, enum stet_label_kind kind);
/* How many labels of kind s holds. */
size_t stet_schema_count_kind(const struct stet_schema *s,
			      enum stet_label_kind kind);
/* Whether s is one a project may hold: at least one label, and item
 * labels with either span labels or token labels, not both (a token
 * tag and a span over the same words would be two answers to one
 * question of the screen). save and parse check it. */
int stet_schema_check(const struct stet_schema *s, struct stet_error *err);
/* Whether ids[0..n) may be the labels of a LABEL or ADJUDICATE: every
 * one an item label of s. No label at all is the mark of an item
 * finished in a schema without item labels (span or token labels
 * alone), and is allowed there, or anywhere when empty_ok. */
int stet_schema_item_labels_check(const struct stet_schema *s,
				  const uint32_t *ids, size_t n,
				  bool empty_ok, struct stet_error *err);
/* Sets the hotkey of the label name: key "" for none, NULL for the
 * first free of 1..9, 0 (none when all ten are taken), as
 * stet_schema_add would give it; the same checks as there. */
int stet_schema_set_key(struct stet_schema *s, const char *name,
			const char *key, struct stet_error *err);
/* When s has span or token labels (it is labeled in the span view),
 * the first label whose hotkey the span view keeps for itself, with
 * that key's binding in *b; NULL when there is none. */
const struct stet_label *stet_schema_span_key_clash(const struct stet_schema *s,
						    const struct stet_binding **b);
int stet_schema_rename(struct stet_schema *s, const char *from,
		       const char *to, struct stet_error *err);
int stet_schema_describe(struct stet_schema *s, const char *name,
			 const char *description, struct stet_error *err);
const struct stet_label *stet_schema_find(const struct stet_schema *s,
					  const char *name);
/* A name as another file writes it, taken in NFC as the schema keeps
 * names; tmp holds the NFC form. NULL when the schema has no such label. */
const struct stet_label *stet_schema_find_written(const struct stet_schema *s,
						  const char *name,
						  struct stet_buf *tmp);
const struct stet_label *stet_schema_find_id(const struct stet_schema *s,
					     uint32_t id);

/* A comma-separated list, quoted as stet/label_name.h says:
 * "POSITIVE,NEGATIVE,Not sure". */
int stet_schema_from_list(struct stet_schema *s, const char *list,
			  struct stet_error *err);
/* The same, every label of the list of the given kind. */
int stet_schema_from_list_kind(struct stet_schema *s, const char *list,
			       enum stet_label_kind kind,
			       struct stet_error *err);
/* The schema file format of stet(5). path names the file in messages. */
int stet_schema_parse(struct stet_schema *s, const char *text, size_t n,
		      const char *path, struct stet_error *err);

/* Loads the current schema from meta; saves it as a new version (the
 * caller bumps nothing: save sets version to the stored one + 1 and
 * keeps the old version readable under "schema.N"). A save that gives
 * the project its first span or token label tokenizes every text item
 * that has no tokens (stet_items_tokenize_missing), in txn. */
int stet_schema_load(struct stet_txn *txn, struct stet_schema *s,
		     struct stet_error *err);
int stet_schema_load_version(struct stet_txn *txn, uint32_t version,
			     struct stet_schema *s, struct stet_error *err);
int stet_schema_save(struct stet_txn *txn, struct stet_schema *s,
		     struct stet_error *err);

#endif
