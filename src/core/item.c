#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <xxhash.h>

#include "stet/item.h"
#include "stet/tokenize.h"

/* Item records: a version byte, then fields in a fixed order. Bumping
 * ITEM_RECORD_VERSION is a format migration. */
#define ITEM_RECORD_VERSION 1

enum item_flags {
	HAS_META = 1,
	HAS_TOKENS = 2,
	HAS_LABEL = 4,
	HAS_PREDICTION = 8,
	HAS_SCORE = 16,
	/* Word offsets (stet_tokens_encode), after everything else: a
	 * record without them is as it always was. */
	HAS_TOKS = 32
};

void stet_item_init(struct stet_item *it)
{
	memset(it, 0, sizeof *it);
	it->kind = STET_ITEM_TEXT;
}

void stet_item_clear(struct stet_item *it)
{
	free(it->ext_id);
	free(it->text);
	for (size_t i = 0; i < it->nfields; i++) {
		free(it->fields[i].name);
		free(it->fields[i].value);
	}
	free(it->fields);
	free(it->meta);
	free(it->tokens);
	free(it->label);
	free(it->prediction);
	free(it->scores);
	free(it->source);
	stet_tokens_free(&it->toks);
	stet_item_init(it);
}

void stet_item_add_field(struct stet_item *it, const char *name,
			 size_t nlen, const char *value, size_t vlen)
{
	/* Grow by doubling: n is a power of two whenever the array is full. */
	if ((it->nfields & (it->nfields - 1)) == 0)
		it->fields = stet_xrealloc(it->fields,
			(it->nfields ? it->nfields * 2 : 1) * sizeof *it->fields);
	it->fields[it->nfields].name = stet_xstrndup(name, nlen);
	it->fields[it->nfields].value = stet_xstrndup(value, vlen);
	it->nfields++;
}

uint64_t stet_item_content_hash(const struct stet_item *it)
{
	struct stet_buf b;
	uint64_t h;

	if (it->kind == STET_ITEM_TEXT)
		return XXH3_64bits_withSeed(it->text ? it->text : "",
					    it->text ? strlen(it->text) : 0,
					    STET_ITEM_TEXT);
	/* 0xff never occurs in UTF-8, so it separates strings unambiguously. */
	stet_buf_init(&b);
	for (size_t i = 0; i < it->nfields; i++) {
		stet_buf_adds(&b, it->fields[i].name);
		stet_buf_addc(&b, (char)0xff);
		stet_buf_adds(&b, it->fields[i].value);
		stet_buf_addc(&b, (char)0xff);
	}
	h = XXH3_64bits_withSeed(b.data, b.len, STET_ITEM_TABLE);
	stet_buf_free(&b);
	return h;
}

void stet_item_hash_id(uint64_t hash, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)hash);
}

void stet_item_conceal(struct stet_item *it)
{
	free(it->label);
	free(it->source);
	it->label = it->source = NULL;
	it->line = 0;
}

static void put_opt(struct stet_buf *b, const char *s)
{
	if (s != NULL)
		stet_buf_put_str(b, s, strlen(s));
}

void stet_item_encode(const struct stet_item *it, struct stet_buf *out)
{
	unsigned flags = (it->meta ? HAS_META : 0) |
			 (it->tokens ? HAS_TOKENS : 0) |
			 (it->label ? HAS_LABEL : 0) |
			 (it->prediction ? HAS_PREDICTION : 0) |
			 (it->has_score ? HAS_SCORE : 0) |
			 (it->has_toks ? HAS_TOKS : 0);

	stet_buf_reset(out);
	stet_buf_addc(out, ITEM_RECORD_VERSION);
	stet_buf_addc(out, (char)it->kind);
	stet_buf_put_varint(out, flags);
	stet_buf_put_u64be(out, it->hash);
	put_opt(out, it->ext_id ? it->ext_id : "");
	put_opt(out, it->source ? it->source : "");
	stet_buf_put_varint(out, it->line);
	if (it->kind == STET_ITEM_TEXT) {
		put_opt(out, it->text ? it->text : "");
	} else {
		stet_buf_put_varint(out, it->nfields);
		for (size_t i = 0; i < it->nfields; i++) {
			put_opt(out, it->fields[i].name);
			put_opt(out, it->fields[i].value);
		}
	}
	put_opt(out, it->meta);
	put_opt(out, it->tokens);
	put_opt(out, it->label);
	put_opt(out, it->prediction);
	if (it->has_score)
		stet_buf_put_f64(out, it->score);
	if (it->has_toks)
		stet_tokens_encode(&it->toks, out);
}

/* Tokens of a damaged record could point past the text they stand on:
 * each must end within its code points. */
static bool toks_fit(const struct stet_tokens *t, size_t from,
		     const char *text, size_t n)
{
	size_t ncp = 0;
	uint32_t max = 0;

	for (size_t i = from; i < t->n; i++)
		if (t->v[i].end > max)
			max = t->v[i].end;
	if (max <= n / 4)
		return true; /* at least one code point a 4 bytes */
	for (size_t i = 0; i < n; i++)
		ncp += ((unsigned char)text[i] & 0xc0) != 0x80;
	return max <= ncp;
}

static char *rd_dup(struct stet_rd *r)
{
	const char *s;
	size_t n;

	if (!stet_rd_str(r, &s, &n))
		return NULL;
	return stet_xstrndup(s, n);
}

int stet_item_decode(const void *val, size_t vlen, struct stet_item *it,
		     struct stet_error *err)
{
	struct stet_rd r;
	uint8_t version, kind;
	uint64_t flags, n;

	stet_item_clear(it);
	stet_rd_init(&r, val, vlen);
	stet_rd_u8(&r, &version);
	stet_rd_u8(&r, &kind);
	if (r.bad || version != ITEM_RECORD_VERSION ||
	    (kind != STET_ITEM_TEXT && kind != STET_ITEM_TABLE))
		return stet_error_set(err, STET_ERR,
				      "item record of unknown version or kind");
	it->kind = kind;
	stet_rd_varint(&r, &flags);
	stet_rd_u64be(&r, &it->hash);
	it->ext_id = rd_dup(&r);
	it->source = rd_dup(&r);
	if (it->source != NULL && *it->source == '\0') {
		/* No source: a concealed record, or an item made in stet. */
		free(it->source);
		it->source = NULL;
	}
	stet_rd_varint(&r, &it->line);
	if (kind == STET_ITEM_TEXT) {
		it->text = rd_dup(&r);
	} else if (stet_rd_varint(&r, &n) && n <= vlen) {
		for (uint64_t i = 0; i < n && !r.bad; i++) {
			const char *name, *value;
			size_t nl, vl;

			stet_rd_str(&r, &name, &nl);
			stet_rd_str(&r, &value, &vl);
			if (!r.bad)
				stet_item_add_field(it, name, nl, value, vl);
		}
	} else {
		r.bad = true;
	}
	if (flags & HAS_META)
		it->meta = rd_dup(&r);
	if (flags & HAS_TOKENS)
		it->tokens = rd_dup(&r);
	if (flags & HAS_LABEL)
		it->label = rd_dup(&r);
	if (flags & HAS_PREDICTION)
		it->prediction = rd_dup(&r);
	if (flags & HAS_SCORE) {
		stet_rd_f64(&r, &it->score);
		it->has_score = true;
	}
	if (flags & HAS_TOKS) {
		if (kind != STET_ITEM_TEXT ||
		    (stet_tokens_decode(&r, &it->toks) &&
		     !toks_fit(&it->toks, 0, it->text ? it->text : "",
			       it->text ? strlen(it->text) : 0)))
			r.bad = true;
		it->has_toks = true;
	}
	if (!stet_rd_done(&r)) {
		stet_item_clear(it);
		return stet_error_set(err, STET_ERR, "item record is damaged");
	}
	return STET_OK;
}

int stet_item_next_id(struct stet_txn *txn, uint64_t *id,
			struct stet_error *err)
{
	const void *k;
	size_t kl;
	int rc = stet_last_key(txn, STET_DB_ITEMS, &k, &kl, err);

	if (rc == STET_NOTFOUND) {
		*id = 1;
		return STET_OK;
	}
	if (rc != STET_OK)
		return rc;
	if (kl != 8)
		return stet_error_set(err, STET_ERR, "items: damaged key");
	*id = stet_get_u64be(k) + 1;
	return STET_OK;
}

int stet_item_writer_begin(struct stet_item_writer *w, struct stet_txn *txn,
			   struct stet_error *err)
{
	memset(w, 0, sizeof *w);
	w->txn = txn;
	stet_buf_init(&w->rec);
	return stet_item_next_id(txn, &w->next_id, err);
}

/* The content hash kept in an item record, read without decoding the
 * rest of it. */
static bool record_hash(const void *val, size_t vlen, uint64_t *hash)
{
	struct stet_rd r;
	uint8_t version, kind;
	uint64_t flags;

	stet_rd_init(&r, val, vlen);
	return stet_rd_u8(&r, &version) && version == ITEM_RECORD_VERSION &&
	       stet_rd_u8(&r, &kind) && stet_rd_varint(&r, &flags) &&
	       stet_rd_u64be(&r, hash);
}

/* The item the record's own id names: STET_EXISTS with *existing when it
 * holds the same content, STET_CONFLICT when other content, STET_OK when
 * the id is new. */
static int by_given_id(struct stet_txn *txn, const struct stet_item *it,
		       uint64_t *existing, struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	uint64_t id, hash;
	int rc = stet_item_find_ext(txn, it->ext_id, &id, err);

	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_ITEMS, key, 8, &v, &vl, err);
	if (rc == STET_NOTFOUND || (rc == STET_OK && !record_hash(v, vl, &hash)))
		return stet_error_set(err, STET_ERR,
				      "item_by_ext: \"%s\" names item %llu, which is damaged or gone",
				      it->ext_id, (unsigned long long)id);
	if (rc != STET_OK)
		return rc;
	if (hash != it->hash)
		return stet_error_set(err, STET_CONFLICT,
			"id \"%s\" already names an item with other content",
			it->ext_id);
	*existing = id;
	return STET_EXISTS;
}

int stet_item_writer_add(struct stet_item_writer *w, struct stet_item *it,
			 uint64_t *existing, struct stet_error *err)
{
	unsigned char key[8], hkey[8];
	const void *v;
	size_t vl;
	bool by_id = w->ids_decide && !it->id_from_hash, hash_new;
	int rc;

	*existing = 0;
	it->id = w->next_id;
	stet_u64be(key, it->id);
	stet_u64be(hkey, it->hash);
	if (by_id) {
		rc = by_given_id(w->txn, it, existing, err);
		if (rc != STET_OK)
			return rc;
	}
	/* item_by_hash keeps the first item of each content: the one a
	 * record without an id is the same item as. */
	rc = stet_put(w->txn, STET_DB_ITEM_BY_HASH, hkey, 8, key, 8,
		      STET_PUT_NOOVERWRITE, err);
	if (rc == STET_EXISTS && !by_id) {
		if (stet_get(w->txn, STET_DB_ITEM_BY_HASH, hkey, 8, &v, &vl,
			     err) == STET_OK && vl == 8)
			*existing = stet_get_u64be(v);
		return STET_EXISTS;
	}
	if (rc != STET_OK && rc != STET_EXISTS)
		return rc;
	hash_new = rc == STET_OK;
	rc = stet_put(w->txn, STET_DB_ITEM_BY_EXT, it->ext_id,
		      strlen(it->ext_id), key, 8, STET_PUT_NOOVERWRITE, err);
	if (rc == STET_EXISTS) {
		/* Undo the hash entry so the caller may skip this item and go
		 * on within the same transaction. */
		if (hash_new && stet_del(w->txn, STET_DB_ITEM_BY_HASH, hkey, 8, err) != STET_OK)
			return STET_ERR;
		return stet_error_set(err, STET_CONFLICT,
			"id \"%s\" already names an item with other content",
			it->ext_id);
	}
	if (rc != STET_OK)
		return rc;
	stet_item_encode(it, &w->rec);
	rc = stet_put(w->txn, STET_DB_ITEMS, key, 8, w->rec.data, w->rec.len,
		      STET_PUT_APPEND, err);
	if (rc != STET_OK)
		return rc;
	w->next_id++;
	if (it->kind == STET_ITEM_TABLE)
		w->added_table++;
	else
		w->added_text++;
	return STET_OK;
}

int stet_item_writer_end(struct stet_item_writer *w, struct stet_error *err)
{
	int rc = STET_OK;

	if (w->added_text > 0)
		rc = stet_meta_add_u64(w->txn, "count.text",
				       (int64_t)w->added_text, err);
	if (rc == STET_OK && w->added_table > 0)
		rc = stet_meta_add_u64(w->txn, "count.table",
				       (int64_t)w->added_table, err);
	stet_buf_free(&w->rec);
	w->added_text = w->added_table = 0;
	return rc;
}

int stet_item_add(struct stet_txn *txn, struct stet_item *it,
		  uint64_t *existing, struct stet_error *err)
{
	struct stet_item_writer w;
	int rc = stet_item_writer_begin(&w, txn, err);

	if (rc == STET_OK)
		rc = stet_item_writer_add(&w, it, existing, err);
	if (rc == STET_OK)
		return stet_item_writer_end(&w, err);
	stet_buf_free(&w.rec);
	return rc;
}

int stet_item_get(struct stet_txn *txn, uint64_t id, struct stet_item *it,
		  struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	int rc;

	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_ITEMS, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	rc = stet_item_decode(v, vl, it, err);
	if (rc != STET_OK)
		stet_error_set(err, STET_ERR,
			       "%s is damaged (item %llu: its record does not decode)",
			       stet_txn_path(txn), (unsigned long long)id);
	it->id = id;
	return rc;
}

/* Moves r past every field of an item record before its tokens; false
 * when the record is damaged or has none (*flags says which). */
static bool skip_to_toks(struct stet_rd *r, uint64_t *flags,
			 const char **text, size_t *tlen)
{
	uint8_t version, kind;
	uint64_t hash, line;
	const char *s;
	size_t sl;
	double score;

	*flags = 0;
	*text = "";
	*tlen = 0;
	if (!stet_rd_u8(r, &version) || version != ITEM_RECORD_VERSION ||
	    !stet_rd_u8(r, &kind) || !stet_rd_varint(r, flags) ||
	    !(*flags & HAS_TOKS))
		return false;
	stet_rd_u64be(r, &hash);
	stet_rd_str(r, &s, &sl);
	stet_rd_str(r, &s, &sl);
	stet_rd_varint(r, &line);
	if (kind == STET_ITEM_TEXT) {
		stet_rd_str(r, text, tlen);
	} else {
		/* Only text items have tokens. */
		r->bad = true;
	}
	for (unsigned f = HAS_META; f <= HAS_PREDICTION; f <<= 1)
		if (*flags & f)
			stet_rd_str(r, &s, &sl);
	if (*flags & HAS_SCORE)
		stet_rd_f64(r, &score);
	return !r->bad;
}

int stet_item_tokens(struct stet_txn *txn, uint64_t id,
		     struct stet_tokens *toks, struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	struct stet_rd r;
	uint64_t flags;
	const char *text;
	size_t tlen, had = toks->n;
	int rc;

	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_ITEMS, key, 8, &v, &vl, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR, "item %llu: no such item",
				      (unsigned long long)id);
	if (rc != STET_OK)
		return rc;
	stet_rd_init(&r, v, vl);
	if (!skip_to_toks(&r, &flags, &text, &tlen)) {
		if (!r.bad && !(flags & HAS_TOKS))
			return STET_NOTFOUND;
		return stet_error_set(err, STET_ERR,
				      "item %llu: item record is damaged",
				      (unsigned long long)id);
	}
	if (!stet_tokens_decode(&r, toks) || !stet_rd_done(&r) ||
	    !toks_fit(toks, had, text, tlen))
		return stet_error_set(err, STET_ERR,
				      "item %llu: item record is damaged",
				      (unsigned long long)id);
	return STET_OK;
}

int stet_item_shape_get(struct stet_txn *txn, uint64_t id,
			struct stet_item_shape *sh, struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	const char *str;
	size_t vl, sl;
	struct stet_rd r;
	uint8_t version, kind;
	uint64_t flags, hash, line, n;
	double score;
	int rc;

	memset(sh, 0, sizeof *sh);
	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_ITEMS, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	stet_rd_init(&r, v, vl);
	if (!stet_rd_u8(&r, &version) || version != ITEM_RECORD_VERSION ||
	    !stet_rd_u8(&r, &kind) ||
	    (kind != STET_ITEM_TEXT && kind != STET_ITEM_TABLE))
		return stet_error_set(err, STET_ERR,
				      "item %llu: item record of unknown version or kind",
				      (unsigned long long)id);
	stet_rd_varint(&r, &flags);
	stet_rd_u64be(&r, &hash);
	stet_rd_str(&r, &str, &sl);
	stet_rd_str(&r, &str, &sl);
	stet_rd_varint(&r, &line);
	if (kind == STET_ITEM_TEXT) {
		stet_rd_str(&r, &sh->text, &sh->text_len);
	} else if (stet_rd_varint(&r, &n) && n <= vl) {
		for (uint64_t i = 0; i < 2 * n && !r.bad; i++)
			stet_rd_str(&r, &str, &sl);
	} else {
		r.bad = true;
	}
	if (flags & HAS_META)
		stet_rd_str(&r, &sh->meta, &sh->meta_len);
	for (unsigned f = HAS_TOKENS; f <= HAS_PREDICTION; f <<= 1)
		if (flags & f)
			stet_rd_str(&r, &str, &sl);
	if (flags & HAS_SCORE)
		stet_rd_f64(&r, &score);
	/* The count alone: three bytes a token at least, as decoding
	 * checks, and the offsets are not read. */
	if ((flags & HAS_TOKS) && (kind != STET_ITEM_TEXT ||
	    !stet_rd_varint(&r, &n) || n > (uint64_t)(r.end - r.p) / 3))
		r.bad = true;
	if (r.bad)
		return stet_error_set(err, STET_ERR,
				      "item %llu: item record is damaged",
				      (unsigned long long)id);
	sh->has_toks = (flags & HAS_TOKS) != 0;
	sh->ntokens = sh->has_toks ? (size_t)n : 0;
	return STET_OK;
}

/* Items rewritten per cursor pass: the cursor is closed before the
 * writes, so that no value it returned is read after a put. */
#define RETOKENIZE_BATCH 512

struct retokenized {
	uint64_t id[RETOKENIZE_BATCH];
	struct stet_buf rec[RETOKENIZE_BATCH];
	size_t n;
};

/* Reads items after *from into the batch, each given its tokens and
 * re-encoded; *from becomes the last id read; *end when no item is
 * left. */
static int retokenize_batch(struct stet_txn *txn, uint64_t *from,
			    struct retokenized *b, bool *end,
			    struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_item it;
	unsigned char key[8];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	b->n = 0;
	*end = false;
	if (stet_cursor_open(txn, STET_DB_ITEMS, &c, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	stet_u64be(key, *from + 1);
	for (rc = stet_cursor_seek(c, key, 8, &k, &kl, &v, &vl, err);
	     rc == STET_OK && b->n < RETOKENIZE_BATCH;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8)
			rc = stet_error_set(err, STET_ERR, "items: damaged key");
		else
			rc = stet_item_decode(v, vl, &it, err);
		if (rc != STET_OK)
			break;
		*from = stet_get_u64be(k);
		if (it.kind != STET_ITEM_TEXT || it.has_toks)
			continue;
		rc = stet_tokenize(it.text ? it.text : "",
				   it.text ? strlen(it.text) : 0, &it.toks,
				   err);
		if (rc != STET_OK) {
			stet_error_prefix(err, "item %llu",
					  (unsigned long long)*from);
			break;
		}
		it.has_toks = true;
		b->id[b->n] = *from;
		stet_item_encode(&it, &b->rec[b->n++]);
	}
	stet_item_clear(&it);
	stet_cursor_close(c);
	if (rc == STET_NOTFOUND) {
		*end = true;
		return STET_OK;
	}
	return rc;
}

int stet_items_tokenize_missing(struct stet_txn *txn, struct stet_error *err)
{
	struct retokenized *b = stet_xcalloc(1, sizeof *b);
	uint64_t from = 0;
	bool end = false;
	int rc = STET_OK;

	while (rc == STET_OK && !end) {
		rc = retokenize_batch(txn, &from, b, &end, err);
		for (size_t i = 0; rc == STET_OK && i < b->n; i++) {
			unsigned char key[8];

			stet_u64be(key, b->id[i]);
			rc = stet_put(txn, STET_DB_ITEMS, key, 8, b->rec[i].data,
				      b->rec[i].len, 0, err);
		}
	}
	for (size_t i = 0; i < RETOKENIZE_BATCH; i++)
		stet_buf_free(&b->rec[i]);
	free(b);
	return rc;
}

int stet_item_find_ext(struct stet_txn *txn, const char *ext_id,
		       uint64_t *id, struct stet_error *err)
{
	const void *v;
	size_t vl;
	int rc = stet_get(txn, STET_DB_ITEM_BY_EXT, ext_id, strlen(ext_id),
			  &v, &vl, err);

	if (rc != STET_OK)
		return rc;
	if (vl != 8)
		return stet_error_set(err, STET_ERR,
				      "item_by_ext: damaged entry for \"%s\"",
				      ext_id);
	*id = stet_get_u64be(v);
	return STET_OK;
}

int stet_item_each(struct stet_txn *txn,
		   int (*fn)(void *ctx, const struct stet_item *it,
			     struct stet_error *err),
		   void *ctx, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_item it;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_ITEMS, &c, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8 || stet_item_decode(v, vl, &it, err) != STET_OK) {
			rc = stet_error_set(err, STET_ERR,
				"%s is damaged (item %llu: its record does not decode)",
				stet_txn_path(txn),
				kl == 8 ? (unsigned long long)stet_get_u64be(k) : 0ULL);
			break;
		}
		it.id = stet_get_u64be(k);
		rc = fn(ctx, &it, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			break;
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* The field's value in an item's meta as text, or NULL when absent. */
char *stet_item_meta_value(const char *meta, const char *field)
{
	json_t *root, *v;
	char *path, *tok, *save = NULL, *out = NULL;

	if (meta == NULL || (root = json_loads(meta, 0, NULL)) == NULL)
		return NULL;
	path = stet_xstrdup(field);
	v = root;
	for (tok = strtok_r(path, ".", &save); tok && v;
	     tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	if (json_is_string(v))
		out = stet_xstrdup(json_string_value(v));
	else if (v != NULL && !json_is_null(v))
		out = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(root);
	free(path);
	return out;
}

static bool contains(const char *hay, const char *needle, size_t nlen)
{
	if (hay == NULL)
		return false;
	for (; *hay; hay++) {
		size_t i = 0;

		while (i < nlen && hay[i] &&
		       tolower((unsigned char)hay[i]) ==
		       tolower((unsigned char)needle[i]))
			i++;
		if (i == nlen)
			return true;
	}
	return false;
}

static bool item_matches(const struct stet_item *it, const char *needle,
			 size_t nlen)
{
	if (contains(it->text, needle, nlen))
		return true;
	for (size_t i = 0; i < it->nfields; i++)
		if (contains(it->fields[i].value, needle, nlen))
			return true;
	return false;
}

int stet_items_search(struct stet_store *st, uint64_t n,
		      uint64_t (*item_at)(const void *ctx, uint64_t pos),
		      const void *ctx, const char *needle, uint64_t pos,
		      int dir, uint64_t *found, struct stet_error *err)
{
	struct stet_txn *txn;
	struct stet_item it;
	size_t nlen = strlen(needle);
	int rc = STET_NOTFOUND;

	if (n == 0 || nlen == 0)
		return STET_NOTFOUND;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	for (uint64_t step = 1; step <= n; step++) {
		uint64_t p = dir > 0 ? (pos + step) % n :
			(pos + n - step % n) % n;

		if (stet_item_get(txn, item_at(ctx, p), &it, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		if (item_matches(&it, needle, nlen)) {
			*found = p;
			rc = STET_OK;
			break;
		}
	}
	stet_item_clear(&it);
	stet_txn_end(txn);
	return rc;
}
