/* Models and predictions: see stet/predict.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/name.h"
#include "stet/predict.h"

#define MODEL_RECORD_VERSION 1
#define PREDICTION_RECORD_VERSION 1

int stet_model_name_check(const char *name, struct stet_error *err)
{
	if (stet_name_check("model", name, err) != STET_OK)
		return STET_ERR;
	if (strchr(name, '@') != NULL)
		return stet_error_set(err, STET_ERR,
				      "model name \"%s\" holds '@', which joins a model to its version",
				      name);
	return STET_OK;
}

void stet_model_clear(struct stet_model *m)
{
	free(m->name);
	memset(m, 0, sizeof *m);
}

void stet_models_free(struct stet_model *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

static void model_encode(const struct stet_model *m, struct stet_buf *b)
{
	stet_buf_addc(b, MODEL_RECORD_VERSION);
	stet_buf_put_varint(b, m->id);
	stet_buf_put_varint(b, m->version);
	stet_buf_put_u64be(b, (uint64_t)m->updated_ms);
	stet_buf_put_varint(b, m->items);
	stet_buf_addc(b, (char)m->kind);
}

static int model_decode(const void *key, size_t klen, const void *val,
			size_t vlen, struct stet_model *m,
			struct stet_error *err)
{
	struct stet_rd r;
	uint8_t version, kind;
	uint64_t id, t;

	memset(m, 0, sizeof *m);
	stet_rd_init(&r, val, vlen);
	stet_rd_u8(&r, &version);
	stet_rd_varint(&r, &id);
	stet_rd_varint(&r, &m->version);
	stet_rd_u64be(&r, &t);
	stet_rd_varint(&r, &m->items);
	stet_rd_u8(&r, &kind);
	if (version != MODEL_RECORD_VERSION || !stet_rd_done(&r) ||
	    id == 0 || id > UINT32_MAX || kind > STET_MODEL_LEARNER)
		return stet_error_set(err, STET_ERR,
				      "model \"%.*s\": record is damaged, or of unknown version",
				      (int)(klen > 60 ? 60 : klen),
				      (const char *)key);
	m->id = (uint32_t)id;
	m->updated_ms = (int64_t)t;
	m->kind = (enum stet_model_kind)kind;
	m->name = stet_xstrndup(key, klen);
	return STET_OK;
}

int stet_models_load(struct stet_txn *txn, struct stet_model **out,
		     size_t *n, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (stet_cursor_open(txn, STET_DB_MODELS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = stet_xrealloc(*out, cap * sizeof **out);
		}
		if (model_decode(k, kl, v, vl, &(*out)[*n], err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		(*n)++;
	}
	stet_cursor_close(c);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	stet_models_free(*out, *n);
	*out = NULL;
	*n = 0;
	return STET_ERR;
}

int stet_model_get(struct stet_txn *txn, const char *name,
		   struct stet_model *m, struct stet_error *err)
{
	const void *v;
	size_t vl;
	int rc = stet_get(txn, STET_DB_MODELS, name, strlen(name), &v, &vl,
			  err);

	memset(m, 0, sizeof *m);
	if (rc != STET_OK)
		return rc;
	return model_decode(name, strlen(name), v, vl, m, err);
}

int stet_model_put(struct stet_txn *txn, const struct stet_model *m,
		   struct stet_error *err)
{
	struct stet_buf b;
	int rc;

	stet_buf_init(&b);
	model_encode(m, &b);
	rc = stet_put(txn, STET_DB_MODELS, m->name, strlen(m->name), b.data,
		      b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

int stet_model_begin(struct stet_txn *txn, const char *name,
		     enum stet_model_kind kind, int64_t now_ms,
		     struct stet_model *m, struct stet_error *err)
{
	int rc = stet_model_get(txn, name, m, err);

	if (rc == STET_NOTFOUND) {
		struct stet_model *all;
		size_t n;
		uint32_t top = 0;

		if (stet_models_load(txn, &all, &n, err) != STET_OK)
			return STET_ERR;
		for (size_t i = 0; i < n; i++)
			if (all[i].id > top)
				top = all[i].id;
		stet_models_free(all, n);
		m->id = top + 1;
		m->name = stet_xstrdup(name);
		m->kind = kind;
		rc = STET_OK;
	}
	if (rc != STET_OK)
		return rc;
	/* The learner's predictions follow from its stored rows: an import
	 * into it would leave the two disagreeing, and a training run over
	 * an outside model would drop what was imported. */
	if (m->kind != kind) {
		rc = stet_error_set(err, STET_ERR,
				    m->kind == STET_MODEL_OUTSIDE ?
				    "model \"%s\" holds predictions imported from outside (stet import-predictions), and stet learn trains models of its own: name another with --model" :
				    "model \"%s\" is stet's own learner (stet learn), whose predictions follow from its stored weights: import predictions under another name",
				    name);
		stet_model_clear(m);
		return rc;
	}
	m->version++;
	m->updated_ms = now_ms;
	return STET_OK;
}

void stet_prediction_key(unsigned char key[STET_PREDICTION_KEY],
			 uint32_t model, uint64_t item)
{
	stet_u32be(key, model);
	stet_u64be(key + 4, item);
}

static void prediction_encode(const struct stet_prediction *p,
			      struct stet_buf *b)
{
	stet_buf_addc(b, PREDICTION_RECORD_VERSION);
	stet_buf_put_varint(b, p->version);
	stet_buf_addc(b, p->all ? 1 : 0);
	stet_buf_put_varint(b, p->n);
	for (size_t i = 0; i < p->n; i++) {
		stet_buf_put_varint(b, p->labels[i]);
		stet_buf_put_f64(b, p->scores[i]);
	}
}

int stet_prediction_decode(const void *val, size_t vlen,
			   struct stet_prediction *p, struct stet_error *err)
{
	struct stet_rd r;
	uint8_t version, all;
	uint64_t n;

	stet_rd_init(&r, val, vlen);
	stet_rd_u8(&r, &version);
	stet_rd_varint(&r, &p->version);
	stet_rd_u8(&r, &all);
	stet_rd_varint(&r, &n);
	if (n > STET_MAX_LABELS)
		r.bad = true;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		uint64_t l;

		stet_rd_varint(&r, &l);
		stet_rd_f64(&r, &p->scores[i]);
		p->labels[i] = (uint32_t)l;
		if (l > UINT32_MAX || !(p->scores[i] >= 0 && p->scores[i] <= 1))
			r.bad = true;
	}
	if (version != PREDICTION_RECORD_VERSION || all > 1 ||
	    !stet_rd_done(&r)) {
		p->n = 0;
		return stet_error_set(err, STET_ERR,
				      "prediction record is damaged, or of unknown version");
	}
	p->all = all;
	p->n = (size_t)n;
	return STET_OK;
}

int stet_prediction_get(struct stet_txn *txn, uint32_t model, uint64_t item,
			struct stet_prediction *p, struct stet_error *err)
{
	unsigned char key[STET_PREDICTION_KEY];
	const void *v;
	size_t vl;
	int rc;

	p->n = 0;
	stet_prediction_key(key, model, item);
	rc = stet_get(txn, STET_DB_PREDICTIONS, key, sizeof key, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	if (stet_prediction_decode(v, vl, p, err) != STET_OK) {
		stet_error_prefix(err, "item %llu", (unsigned long long)item);
		return STET_ERR;
	}
	return STET_OK;
}

int stet_prediction_put(struct stet_txn *txn, struct stet_model *m,
			uint64_t item, const struct stet_prediction *p,
			bool *replaced, struct stet_error *err)
{
	unsigned char key[STET_PREDICTION_KEY];
	struct stet_buf b;
	const void *v;
	size_t vl;
	int rc;

	stet_prediction_key(key, m->id, item);
	rc = stet_get(txn, STET_DB_PREDICTIONS, key, sizeof key, &v, &vl, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	*replaced = rc == STET_OK;
	stet_buf_init(&b);
	prediction_encode(p, &b);
	rc = stet_put(txn, STET_DB_PREDICTIONS, key, sizeof key, b.data, b.len,
		      0, err);
	stet_buf_free(&b);
	if (rc == STET_OK && !*replaced)
		m->items++;
	return rc;
}

double stet_prediction_top(const struct stet_prediction *p, uint32_t *label)
{
	double best = -1;

	*label = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->scores[i] > best) {
			best = p->scores[i];
			*label = p->labels[i];
		}
	return *label ? best : NAN;
}
