#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/gold.h"

static int by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int stet_gold_parse(const struct stet_schema *s, const char *text,
		    struct stet_gold *out, struct stet_error *err)
{
	const char *p = text;

	out->n = 0;
	if (text == NULL || *text == '\0')
		return stet_error_set(err, STET_ERR,
				      "a gold item needs its answer in \"label\"");
	for (;;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char name[256];
		const struct stet_label *l;

		if (len == 0 || len >= sizeof name)
			return stet_error_set(err, STET_ERR,
					      "gold answer \"%s\": an empty or overlong label name",
					      text);
		memcpy(name, p, len);
		name[len] = '\0';
		l = stet_schema_find(s, name);
		if (l == NULL)
			return stet_error_set(err, STET_ERR,
					      "gold answer \"%s\" is not a label of the schema",
					      name);
		if (out->n == STET_GOLD_MAX)
			return stet_error_set(err, STET_ERR,
					      "gold answer \"%s\": more than %d labels",
					      text, STET_GOLD_MAX);
		out->labels[out->n++] = l->id;
		if (end == NULL)
			break;
		p = end + 1;
	}
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
