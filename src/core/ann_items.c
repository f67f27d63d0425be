/* The items of imported annotations: stet's records name them by id;
 * other tools' records carry their text, and an item the project lacks
 * is made from it, with the tool's tokens or, for a record of spans,
 * the words stet_tokenize finds. */
#include <stdlib.h>
#include <string.h>

#include "ann_ctx.h"
#include "stet/import.h"
#include "stet/item.h"
#include "stet/tokenize.h"

/* Stet's records name items by id alone: unknown ids fail, or with
 * --create-items become text items whose text is the id, so that two
 * such items never share content. */
static int item_by_id(struct ann_ctx *ac, const char *ext, uint64_t *id,
		      struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	int rc = stet_item_find_ext(ac->txn, ext, id, err);

	if (rc != STET_NOTFOUND)
		return rc;
	if (!ac->opts->create_items)
		return stet_error_set(err, STET_ERR,
			"no item with id \"%s\" in the project (import the items first, or pass --create-items)",
			ext);
	stet_item_init(&it);
	it.text = stet_xstrdup(ext);
	it.ext_id = stet_xstrdup(ext);
	it.source = stet_xstrdup(ac->name);
	it.line = ac->line;
	rc = stet_item_normalise(&it, err);
	if (rc == STET_OK)
		rc = stet_item_add(ac->txn, &it, &existing, err);
	if (rc == STET_EXISTS)
		rc = stet_error_set(err, STET_ERR,
			"cannot create item \"%s\": an item with that text exists",
			ext);
	*id = it.id;
	stet_item_clear(&it);
	if (rc == STET_OK)
		ac->res->items_created++;
	return rc;
}

/* Whether the item the tool's id names is the record's: same text, or a
 * table item (whose text in another tool was made from its fields). */
static int same_item(struct ann_ctx *ac, uint64_t id, const char *text,
		     uint64_t hash, bool *same, struct stet_error *err)
{
	unsigned char hkey[8];
	struct stet_item it;
	const void *v;
	size_t vl;
	int rc;

	stet_u64be(hkey, hash);
	rc = stet_get(ac->txn, STET_DB_ITEM_BY_HASH, hkey, 8, &v, &vl, err);
	if (rc == STET_OK && vl == 8 && stet_get_u64be(v) == id) {
		*same = true;
		return STET_OK;
	}
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	stet_item_init(&it);
	rc = stet_item_get(ac->txn, id, &it, err);
	/* item_by_hash names the first of several items with one text (a
	 * treebank may repeat a sentence under two ids). */
	*same = rc == STET_OK && (it.kind == STET_ITEM_TABLE ||
				  (it.text != NULL && strcmp(it.text, text) == 0));
	stet_item_clear(&it);
	return rc;
}

/* Other tools' records carry their text: the item is the one the tool's
 * id names when its text is the same, else the one with that text, else
 * a new one. */
/* The tokens of an item made for a record: the ones the file gives
 * (counted in its text as given: stet_item_normalise carries them
 * through NFC), else, for a record of spans or tags, the words
 * stet_tokenize finds in the NFC text. */
static void given_tokens(const struct ann_rec *r, struct stet_item *it)
{
	const struct stet_tokens *t = r->model != NULL && r->model->has_toks ?
		&r->model->toks : r->tokens;

	for (size_t i = 0; t != NULL && i < t->n; i++)
		stet_tokens_add(&it->toks, t->v[i].start, t->v[i].end,
				t->v[i].flags);
	it->has_toks = t != NULL;
}

static int new_tokens(const struct ann_rec *r, struct stet_item *it,
		      struct stet_error *err)
{
	if (it->has_toks || !(r->has_spans || r->has_tags))
		return STET_OK;
	if (stet_tokenize(it->text, strlen(it->text), &it->toks, err) != STET_OK)
		return STET_ERR;
	it->has_toks = true;
	return STET_OK;
}

/* A new item. A CoNLL sentence is known by its id, as stet import
 * keeps it: two sentences of the same words are two items. */
static int add_item(struct ann_ctx *ac, const struct ann_rec *r,
		    struct stet_item *it, uint64_t *existing,
		    struct stet_error *err)
{
	struct stet_item_writer w;
	int rc;

	if (r->model == NULL || it->id_from_hash)
		return stet_item_add(ac->txn, it, existing, err);
	if (stet_item_writer_begin(&w, ac->txn, err) != STET_OK)
		return STET_ERR;
	w.ids_decide = true;
	rc = stet_item_writer_add(&w, it, existing, err);
	if (rc == STET_OK && stet_item_writer_end(&w, err) != STET_OK)
		return STET_ERR;
	if (rc != STET_OK)
		stet_buf_free(&w.rec);
	return rc;
}

int ann_item_for(struct ann_ctx *ac, const struct ann_rec *r,
		    uint64_t *id, struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	bool same = false;
	int rc;

	if (r->text == NULL)
		return item_by_id(ac, r->ext_id, id, err);
	stet_item_init(&it);
	it.text = stet_xstrdup(r->text);
	it.ext_id = r->ext_id ? stet_xstrdup(r->ext_id) : NULL;
	it.meta = r->meta ? stet_xstrdup(r->meta) : NULL;
	if (r->model != NULL && r->model->tokens != NULL)
		it.tokens = stet_xstrdup(r->model->tokens);
	it.source = stet_xstrdup(r->model ? r->model->source : ac->name);
	it.line = r->model ? r->model->line : ac->line;
	given_tokens(r, &it);
	rc = stet_item_normalise(&it, err);
	if (rc == STET_OK && r->ext_id != NULL) {
		rc = stet_item_find_ext(ac->txn, it.ext_id, id, err);
		if (rc == STET_OK)
			rc = same_item(ac, *id, it.text, it.hash, &same, err);
		if (rc == STET_OK && !same) {
			/* The id is taken by other text: match by text, and
			 * a new item gets an id of its own. */
			ann_note(ac, NOTE_IDCLASH, NULL);
			free(it.ext_id);
			it.ext_id = NULL;
			rc = stet_item_normalise(&it, err);
		}
		if (rc == STET_NOTFOUND)
			rc = STET_OK;
	}
	if (rc == STET_OK && !same)
		rc = new_tokens(r, &it, err);
	if (rc == STET_OK && !same) {
		rc = add_item(ac, r, &it, &existing, err);
		if (rc == STET_OK) {
			*id = it.id;
			ac->res->items_created++;
		} else if (rc == STET_EXISTS) {
			*id = existing;
			rc = STET_OK;
		}
	}
	stet_item_clear(&it);
	return rc;
}

