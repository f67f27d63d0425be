#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/label_name.h"

static int by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

struct gold_split {
	const struct stet_schema *s;
	const char *text;
	struct stet_gold *out;
	struct stet_error *err;
};

static int gold_one(const char *name, void *ctx)
{
	struct gold_split *g = ctx;
	const struct stet_label *l;

	if (*name == '\0')
		return stet_error_set(g->err, STET_ERR,
				      "gold answer \"%s\": an empty label name",
				      g->text);
	l = stet_schema_find(g->s, name);
	if (l == NULL)
		return stet_error_set(g->err, STET_ERR,
				      "gold answer \"%s\" is not a label of the schema",
				      name);
	if (g->out->n == STET_GOLD_MAX)
		return stet_error_set(g->err, STET_ERR,
				      "gold answer \"%s\": more than %d labels",
				      g->text, STET_GOLD_MAX);
	g->out->labels[g->out->n++] = l->id;
	return STET_OK;
}

int stet_gold_parse(const struct stet_schema *s, const char *text,
		    struct stet_gold *out, struct stet_error *err)
{
	struct gold_split g = {s, text, out, err};

	out->n = 0;
	if (text == NULL || *text == '\0')
		return stet_error_set(err, STET_ERR,
				      "a gold item needs its answer in \"label\"");
	/* A name that holds '|' unescaped (a JSON string, a CSV cell
	 * written by hand) is still that one label. */
	if (stet_schema_find(s, text) != NULL)
		return gold_one(text, &g);
	if (stet_label_split(text, gold_one, &g) != STET_OK)
		return STET_ERR;
	qsort(out->labels, out->n, sizeof *out->labels, by_id);
	for (size_t i = 1; i < out->n; i++)
		if (out->labels[i] == out->labels[i - 1])
			return stet_error_set(err, STET_ERR,
					      "gold answer \"%s\" names a label twice",
					      text);
	if (out->n > 1 && !s->multi)
		return stet_error_set(err, STET_ERR,
				      "gold answer \"%s\" has %zu labels, and the schema is single-label",
				      text, out->n);
	return STET_OK;
}

int stet_gold_put(struct stet_txn *txn, uint64_t item,
		  const struct stet_gold *g, struct stet_error *err)
{
	unsigned char key[8];
	struct stet_buf b;
	int rc;

	stet_u64be(key, item);
	stet_buf_init(&b);
	stet_buf_put_varint(&b, g->n);
	for (size_t i = 0; i < g->n; i++)
		stet_buf_put_varint(&b, g->labels[i]);
	rc = stet_put(txn, STET_DB_GOLD, key, 8, b.data, b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

int stet_gold_decode(const void *val, size_t vlen, struct stet_gold *g,
		     struct stet_error *err)
{
	struct stet_rd r;
	uint64_t n, id;

	stet_rd_init(&r, val, vlen);
	stet_rd_varint(&r, &n);
	if (n == 0 || n > STET_GOLD_MAX)
		r.bad = true;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		stet_rd_varint(&r, &id);
		g->labels[i] = (uint32_t)id;
	}
	if (!stet_rd_done(&r) || r.bad) {
		g->n = 0;
		return stet_error_set(err, STET_ERR, "gold: damaged record");
	}
	g->n = (size_t)n;
	return STET_OK;
}

int stet_gold_get(struct stet_txn *txn, uint64_t item, struct stet_gold *g,
		  struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	int rc;

	stet_u64be(key, item);
	rc = stet_get(txn, STET_DB_GOLD, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	if (stet_gold_decode(v, vl, g, err) != STET_OK) {
		stet_error_prefix(err, "item %llu", (unsigned long long)item);
		return STET_ERR;
	}
	return STET_OK;
}

/* Rewrites item's record without its reference label and source; a
 * record already without them is left as it is. */
static int conceal(struct stet_txn *txn, uint64_t item, struct stet_buf *rec,
		   struct stet_error *err)
{
	unsigned char key[8];
	struct stet_item it;
	int rc;

	stet_item_init(&it);
	rc = stet_item_get(txn, item, &it, err);
	if (rc == STET_OK && (it.label != NULL || it.source != NULL ||
			      it.line != 0)) {
		stet_item_conceal(&it);
		stet_item_encode(&it, rec);
		stet_u64be(key, item);
		rc = stet_put(txn, STET_DB_ITEMS, key, 8, rec->data, rec->len,
			      0, err);
	}
	stet_item_clear(&it);
	/* A gold entry without its item is for stet verify to report. */
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_gold_set(struct stet_txn *txn, uint64_t item,
		  const struct stet_gold *g, struct stet_error *err)
{
	struct stet_buf rec;
	int rc;

	stet_buf_init(&rec);
	rc = conceal(txn, item, &rec, err);
	stet_buf_free(&rec);
	if (rc != STET_OK)
		return rc;
	return stet_gold_put(txn, item, g, err);
}

int stet_gold_conceal_all(struct stet_txn *txn, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_buf rec;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_GOLD, &c, err) != STET_OK)
		return STET_ERR;
	stet_buf_init(&rec);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "gold: damaged key");
			break;
		}
		rc = conceal(txn, stet_get_u64be(k), &rec, err);
		if (rc != STET_OK)
			break;
	}
	stet_buf_free(&rec);
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}
