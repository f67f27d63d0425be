/* The examples a session that learns (stet/live.h) has given its model
 * and the stored rows do not hold yet, and the checkpoint that applies
 * them.
 *
 * An online update reads and writes the rows of the labeled item's
 * buckets, which hashing spreads over the whole model: written in the
 * label's commit, a sentence's two hundred rows would dirty two hundred
 * pages of the store, a megabyte a keystroke. So the label's commit
 * writes the example instead (`learners`: model id, event id -> item
 * and outputs; see stet(5)) with the model's counts, and the session
 * keeps the rows it changed in memory (struct overlay), over the stored
 * ones. A checkpoint, in a pause, applies every logged example in event
 * order to the stored rows and deletes it, in one write: an update is
 * a function of the rows and the example alone, so applying them later
 * in the same order gives the same rows, and each is applied once,
 * whoever runs the checkpoint. */
#include <stdlib.h>
#include <string.h>

#include "live_pool.h"
#include "stet/buf.h"

#define OV_EMPTY UINT32_MAX
#define LOG_KEY 12

static size_t ov_find(const struct overlay *ov, uint32_t index)
{
	size_t mask = ov->cap - 1, i = (index * 0x9e3779b1u) & mask;

	while (ov->keys[i] != OV_EMPTY && ov->keys[i] != index)
		i = (i + 1) & mask;
	return i;
}

static void ov_grow(struct overlay *ov)
{
	uint32_t *keys = ov->keys, *slot = ov->slot;
	size_t cap = ov->cap;

	ov->cap = cap ? 2 * cap : 1024;
	ov->keys = stet_xmalloc(ov->cap * sizeof *ov->keys);
	ov->slot = stet_xmalloc(ov->cap * sizeof *ov->slot);
	memset(ov->keys, 0xff, ov->cap * sizeof *ov->keys);
	for (size_t i = 0; i < cap; i++)
		if (keys[i] != OV_EMPTY) {
			size_t j = ov_find(ov, keys[i]);

			ov->keys[j] = keys[i];
			ov->slot[j] = slot[i];
		}
	free(keys);
	free(slot);
}

static int ov_get(void *ctx, uint32_t index, float *row,
		  struct stet_error *err)
{
	struct overlay *ov = ctx;

	if (ov->n > 0) {
		size_t i = ov_find(ov, index);

		if (ov->keys[i] == index) {
			memcpy(row, ov->rows + (size_t)ov->slot[i] * ov->width,
			       ov->width * sizeof *row);
			return STET_OK;
		}
	}
	return ov->inner.get(ov->inner.ctx, index, row, err);
}

static int ov_put(void *ctx, uint32_t index, const float *row,
		  struct stet_error *err)
{
	struct overlay *ov = ctx;
	size_t i;

	(void)err;
	if (2 * (ov->n + 1) > ov->cap)
		ov_grow(ov);
	i = ov_find(ov, index);
	if (ov->keys[i] != index) {
		if (ov->n == ov->rowcap) {
			ov->rowcap = ov->rowcap ? 2 * ov->rowcap : 1024;
			ov->rows = stet_xrealloc(ov->rows, ov->rowcap *
						 ov->width * sizeof *ov->rows);
		}
		ov->keys[i] = index;
		ov->slot[i] = (uint32_t)ov->n++;
	}
	memcpy(ov->rows + (size_t)ov->slot[i] * ov->width, row,
	       ov->width * sizeof *row);
	return STET_OK;
}

void live_overlay_init(struct overlay *ov, struct stet_rows inner,
		       size_t width)
{
	live_overlay_free(ov);
	ov->inner = inner;
	ov->width = width;
}

void live_overlay_clear(struct overlay *ov)
{
	if (ov->cap > 0)
		memset(ov->keys, 0xff, ov->cap * sizeof *ov->keys);
	ov->n = 0;
}

void live_overlay_free(struct overlay *ov)
{
	free(ov->keys);
	free(ov->slot);
	free(ov->rows);
	memset(ov, 0, sizeof *ov);
}

struct stet_rows live_overlay_iface(struct overlay *ov)
{
	return (struct stet_rows){ov_get, ov_put, NULL, ov};
}

static void log_key(unsigned char key[LOG_KEY], uint32_t model,
		    uint64_t event)
{
	stet_u32be(key, model);
	stet_u64be(key + 4, event);
}

int live_log_put(struct stet_txn *txn, struct stet_live *lv, uint64_t event,
		 uint64_t item, const unsigned *idx, size_t n,
		 struct stet_error *err)
{
	unsigned char key[LOG_KEY];
	struct stet_buf b;
	int rc;

	stet_buf_init(&b);
	stet_buf_put_varint(&b, item);
	stet_buf_put_varint(&b, n);
	for (size_t i = 0; i < n; i++)
		stet_buf_put_varint(&b, idx[i]);
	log_key(key, lv->model, event);
	rc = stet_put(txn, STET_DB_LEARNERS, key, sizeof key, b.data, b.len, 0,
		      err);
	stet_buf_free(&b);
	if (rc != STET_OK)
		return rc;
	if (lv->nmine == lv->capmine) {
		lv->capmine = lv->capmine ? 2 * lv->capmine : 64;
		lv->mine = stet_xrealloc(lv->mine,
					 lv->capmine * sizeof *lv->mine);
	}
	lv->mine[lv->nmine++] = event;
	return STET_OK;
}

static bool is_mine(const struct stet_live *lv, uint64_t event)
{
	for (size_t i = 0; i < lv->nmine; i++)
		if (lv->mine[i] == event)
			return true;
	return false;
}

/* One logged example applied to the stored rows. */
static int apply(struct stet_txn *txn, struct stet_live *lv, uint64_t event,
		 const void *v, size_t vl, struct stet_error *err)
{
	unsigned idx[STET_MAX_LABELS];
	struct stet_rows saved = lv->ln.rows;
	uint64_t item, n, x;
	struct stet_rd r;
	int rc;

	stet_rd_init(&r, v, vl);
	stet_rd_varint(&r, &item);
	stet_rd_varint(&r, &n);
	for (uint64_t i = 0; i < n && i < STET_MAX_LABELS && !r.bad; i++) {
		stet_rd_varint(&r, &x);
		if (x >= lv->st.p.k)
			r.bad = true;
		idx[i] = (unsigned)x;
	}
	if (n > STET_MAX_LABELS || !stet_rd_done(&r))
		return stet_error_set(err, STET_ERR,
				      "learners: model %lu, event %llu: damaged example",
				      (unsigned long)lv->model,
				      (unsigned long long)event);
	if ((rc = live_item_vec(txn, lv, item, err)) != STET_OK)
		return rc;
	lv->ln.rows = stet_db_rows_iface(&lv->dbr);
	rc = stet_learner_update(&lv->ln, &lv->x, idx, (size_t)n, err);
	lv->ln.rows = saved;
	return rc;
}

int stet_live_checkpoint(struct stet_txn *txn, struct stet_live *lv,
			 struct stet_error *err)
{
	unsigned char from[LOG_KEY];
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t *events = NULL;
	size_t n = 0, cap = 0;
	int rc;

	lv->ck_ran = false;
	lv->ck_others = false;
	if ((rc = live_state_read(txn, lv, err)) != STET_OK)
		return rc;
	if (!lv->have_state)
		return STET_OK;
	if (live_parts_for(lv, txn, err) != STET_OK ||
	    stet_cursor_open(txn, STET_DB_LEARNERS, &c, err) != STET_OK)
		return STET_ERR;
	log_key(from, lv->model, 0);
	for (rc = stet_cursor_seek(c, from, sizeof from, &k, &kl, &v, &vl, err);
	     rc == STET_OK && kl == LOG_KEY && memcmp(k, from, 4) == 0;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		uint64_t event = stet_get_u64be((const unsigned char *)k + 4);

		/* The rows change under the cursor: read what the value
		 * says before writing any. */
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			events = stet_xrealloc(events, cap * sizeof *events);
		}
		events[n++] = event;
	}
	stet_cursor_close(c);
	if (rc != STET_OK && rc != STET_NOTFOUND) {
		free(events);
		return STET_ERR;
	}
	rc = STET_OK;
	for (size_t i = 0; i < n && rc == STET_OK; i++) {
		unsigned char key[LOG_KEY];
		struct stet_buf copy;

		log_key(key, lv->model, events[i]);
		rc = stet_get(txn, STET_DB_LEARNERS, key, sizeof key, &v, &vl,
			      err);
		if (rc != STET_OK)
			break;
		stet_buf_init(&copy);
		stet_buf_add(&copy, v, vl);
		rc = apply(txn, lv, events[i], copy.data, copy.len, err);
		stet_buf_free(&copy);
		if (rc == STET_OK)
			rc = stet_del(txn, STET_DB_LEARNERS, key, sizeof key,
				      err);
		lv->ck_others |= !is_mine(lv, events[i]);
	}
	free(events);
	lv->ck_ran = rc == STET_OK;
	return rc;
}

bool stet_live_behind(const struct stet_live *lv)
{
	return lv->nmine > 0 || lv->stale;
}

bool stet_live_log_full(const struct stet_live *lv)
{
	return lv->nmine >= STET_LIVE_LOG_MAX;
}
