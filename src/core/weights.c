/* Stored models: see weights.h. */
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "weights.h"

#define STATE_RECORD_VERSION 1

void stet_weights_state_init(struct stet_weights_state *s)
{
	memset(s, 0, sizeof *s);
	stet_colstats_init(&s->stats);
}

void stet_weights_state_free(struct stet_weights_state *s)
{
	free(s->labels);
	free(s->label_examples);
	stet_colstats_free(&s->stats);
	stet_weights_state_init(s);
}

void stet_weights_state_make(struct stet_weights_state *s,
			     const struct stet_learner_params *p,
			     const uint32_t *labels,
			     struct stet_colstats *stats)
{
	stet_weights_state_free(s);
	s->features_version = STET_FEATURES_VERSION;
	s->p = *p;
	s->labels = stet_xmalloc(p->k * sizeof *s->labels);
	memcpy(s->labels, labels, p->k * sizeof *s->labels);
	s->label_examples = stet_xcalloc(p->k, sizeof *s->label_examples);
	if (stats != NULL) {
		s->stats = *stats;
		stet_colstats_init(stats);
	}
}

int stet_weights_state_index(const struct stet_weights_state *s,
			     uint32_t label)
{
	for (unsigned j = 0; j < s->p.k; j++)
		if (s->labels[j] == label)
			return (int)j;
	return -1;
}

void stet_weights_state_count(struct stet_weights_state *s,
			      const unsigned *idx, size_t n)
{
	s->examples++;
	for (size_t i = 0; i < n; i++)
		if (idx[i] < s->p.k)
			s->label_examples[idx[i]]++;
}

static void model_key(unsigned char key[4], uint32_t model)
{
	stet_u32be(key, model);
}

int stet_weights_state_save(struct stet_txn *txn, uint32_t model,
			    const struct stet_weights_state *s,
			    struct stet_error *err)
{
	struct stet_buf b, part;
	unsigned char key[4];
	int rc;

	stet_buf_init(&b);
	stet_buf_init(&part);
	stet_buf_addc(&b, STATE_RECORD_VERSION);
	stet_buf_put_varint(&b, s->features_version);
	stet_learner_params_encode(&s->p, &part);
	stet_buf_put_str(&b, part.data, part.len);
	for (unsigned j = 0; j < s->p.k; j++)
		stet_buf_put_varint(&b, s->labels[j]);
	stet_buf_reset(&part);
	stet_colstats_encode(&s->stats, &part);
	stet_buf_put_str(&b, part.data, part.len);
	stet_buf_put_varint(&b, s->examples);
	for (unsigned j = 0; j < s->p.k; j++)
		stet_buf_put_varint(&b, s->label_examples[j]);
	model_key(key, model);
	rc = stet_put(txn, STET_DB_LEARNERS, key, sizeof key, b.data, b.len,
		      0, err);
	stet_buf_free(&part);
	stet_buf_free(&b);
	return rc;
}

static int damaged(uint32_t model, struct stet_error *err)
{
	return stet_error_set(err, STET_ERR,
			      "learners: model %lu: record is damaged, or of unknown version",
			      (unsigned long)model);
}

int stet_weights_state_load(struct stet_txn *txn, uint32_t model,
			    struct stet_weights_state *s,
			    struct stet_error *err)
{
	unsigned char key[4];
	const void *v;
	const char *part;
	size_t vl, plen;
	struct stet_rd r;
	uint8_t version;
	uint64_t fv, x;
	int rc;

	stet_weights_state_free(s);
	model_key(key, model);
	rc = stet_get(txn, STET_DB_LEARNERS, key, sizeof key, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	stet_rd_init(&r, v, vl);
	stet_rd_u8(&r, &version);
	stet_rd_varint(&r, &fv);
	if (r.bad || version != STATE_RECORD_VERSION || fv > UINT32_MAX ||
	    !stet_rd_str(&r, &part, &plen))
		return damaged(model, err);
	if (stet_learner_params_decode(part, plen, &s->p, err) != STET_OK) {
		stet_error_prefix(err, "learners: model %lu",
				  (unsigned long)model);
		return STET_ERR;
	}
	s->features_version = (unsigned)fv;
	s->labels = stet_xcalloc(s->p.k, sizeof *s->labels);
	s->label_examples = stet_xcalloc(s->p.k, sizeof *s->label_examples);
	for (unsigned j = 0; j < s->p.k && !r.bad; j++) {
		stet_rd_varint(&r, &x);
		if (x > UINT32_MAX)
			r.bad = true;
		s->labels[j] = (uint32_t)x;
	}
	if (r.bad || !stet_rd_str(&r, &part, &plen))
		goto bad;
	if (stet_colstats_decode(part, plen, &s->stats, err) != STET_OK)
		goto bad;
	stet_rd_varint(&r, &s->examples);
	for (unsigned j = 0; j < s->p.k && !r.bad; j++)
		stet_rd_varint(&r, &s->label_examples[j]);
	if (!stet_rd_done(&r))
		goto bad;
	return STET_OK;
bad:
	stet_weights_state_free(s);
	return damaged(model, err);
}

int stet_weights_state_current(const struct stet_weights_state *s,
			       const char *name, struct stet_error *err)
{
	if (s->features_version == STET_FEATURES_VERSION)
		return STET_OK;
	return stet_error_set(err, STET_ERR,
			      "model \"%s\" was trained on features of version %u, and this stet makes version %d: train it again (stet learn)",
			      name, s->features_version, STET_FEATURES_VERSION);
}

void stet_weights_key(unsigned char key[STET_WEIGHTS_KEY], uint32_t model,
		      uint32_t row)
{
	stet_u32be(key, model);
	stet_u32be(key + 4, row);
}

int stet_weights_drop(struct stet_txn *txn, uint32_t model,
		      struct stet_error *err)
{
	unsigned char key[4];
	int rc;

	model_key(key, model);
	rc = stet_del_prefix(txn, STET_DB_WEIGHTS, key, sizeof key, NULL, err);
	if (rc != STET_OK)
		return rc;
	/* The state, and the examples logged for it (stet/live.h). */
	rc = stet_del_prefix(txn, STET_DB_LEARNERS, key, sizeof key, NULL, err);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int db_get(void *ctx, uint32_t index, float *row,
		  struct stet_error *err)
{
	struct stet_db_rows *r = ctx;
	unsigned char key[STET_WEIGHTS_KEY];
	const void *v;
	size_t vl;
	int rc;

	stet_weights_key(key, r->model, index);
	rc = stet_get(r->txn, STET_DB_WEIGHTS, key, sizeof key, &v, &vl, err);
	if (rc == STET_NOTFOUND) {
		memset(row, 0, stet_learner_row_floats(&r->p) * sizeof *row);
		return STET_OK;
	}
	if (rc != STET_OK)
		return rc;
	if (stet_learner_row_decode(&r->p, v, vl, row, err) != STET_OK) {
		stet_error_prefix(err, "weights: model %lu, row %lu",
				  (unsigned long)r->model,
				  (unsigned long)index);
		return STET_ERR;
	}
	return STET_OK;
}

static int db_put(void *ctx, uint32_t index, const float *row,
		  struct stet_error *err)
{
	struct stet_db_rows *r = ctx;
	unsigned char key[STET_WEIGHTS_KEY];

	stet_weights_key(key, r->model, index);
	stet_learner_row_encode(&r->p, row, r->buf);
	return stet_put(r->txn, STET_DB_WEIGHTS, key, sizeof key, r->buf,
			stet_learner_row_bytes(&r->p), 0, err);
}

void stet_db_rows_init(struct stet_db_rows *r, struct stet_txn *txn,
		       uint32_t model, const struct stet_learner_params *p)
{
	r->txn = txn;
	r->model = model;
	r->p = *p;
	r->buf = stet_xmalloc(stet_learner_row_bytes(p));
}

void stet_db_rows_free(struct stet_db_rows *r)
{
	free(r->buf);
	memset(r, 0, sizeof *r);
}

struct stet_rows stet_db_rows_iface(struct stet_db_rows *r)
{
	struct stet_rows rows = { db_get, db_put, NULL, r };

	return rows;
}

static bool all_zero(const float *row, size_t width)
{
	for (size_t i = 0; i < width; i++)
		if (row[i] != 0)
			return false;
	return true;
}

int stet_weights_put_dense(struct stet_txn *txn, uint32_t model,
			   const struct stet_learner_params *p,
			   const struct stet_dense_rows *d, uint64_t *written,
			   struct stet_error *err)
{
	unsigned char key[STET_WEIGHTS_KEY];
	size_t bytes = stet_learner_row_bytes(p);
	unsigned char *buf;
	uint64_t n = 0;
	int rc = STET_OK;

	if (d->nrows != stet_learner_rows(p) ||
	    d->width != stet_learner_row_floats(p))
		return stet_error_set(err, STET_ERR,
				      "weights: model %lu: rows of another shape",
				      (unsigned long)model);
	buf = stet_xmalloc(bytes);
	for (uint64_t i = 0; i < d->nrows && rc == STET_OK; i++) {
		const float *row = d->rows + (size_t)i * d->width;

		if (all_zero(row, d->width))
			continue;
		stet_weights_key(key, model, (uint32_t)i);
		stet_learner_row_encode(p, row, buf);
		rc = stet_put(txn, STET_DB_WEIGHTS, key, sizeof key, buf,
			      bytes, 0, err);
		n++;
	}
	free(buf);
	if (written != NULL)
		*written = n;
	return rc;
}

int stet_weights_get_dense(struct stet_txn *txn, uint32_t model,
			   const struct stet_learner_params *p,
			   struct stet_dense_rows *d, struct stet_error *err)
{
	unsigned char key[STET_WEIGHTS_KEY];
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (d->nrows != stet_learner_rows(p) ||
	    d->width != stet_learner_row_floats(p))
		return stet_error_set(err, STET_ERR,
				      "weights: model %lu: rows of another shape",
				      (unsigned long)model);
	if (stet_cursor_open(txn, STET_DB_WEIGHTS, &c, err) != STET_OK)
		return STET_ERR;
	stet_weights_key(key, model, 0);
	for (rc = stet_cursor_seek(c, key, sizeof key, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		uint32_t row;

		if (kl != STET_WEIGHTS_KEY || stet_get_u32be(k) != model)
			break;
		row = stet_get_u32be((const unsigned char *)k + 4);
		if (row >= d->nrows) {
			rc = stet_error_set(err, STET_ERR,
					    "weights: model %lu: row %lu past the model's %llu",
					    (unsigned long)model,
					    (unsigned long)row,
					    (unsigned long long)d->nrows);
			break;
		}
		rc = stet_learner_row_decode(p, v, vl,
					     d->rows + (size_t)row * d->width,
					     err);
		if (rc != STET_OK) {
			stet_error_prefix(err, "weights: model %lu, row %lu",
					  (unsigned long)model,
					  (unsigned long)row);
			break;
		}
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND || rc == STET_OK ? STET_OK : rc;
}
