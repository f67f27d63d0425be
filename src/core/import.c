#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "batchq.h"
#include "stet/gold.h"
#include "stet/import.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/predict.h"
#include "stet/text.h"
#include "stet/timefmt.h"
#include "stet/tokenize.h"
#include "import_in.h"

struct import_ctx {
	struct stet_input *in;
	const struct stet_import_opts *opts;
	struct stet_import_result *res;
	enum stet_format format;
	struct stet_buf skipped; /* messages, NUL-separated */
	struct stet_buf dropped; /* likewise, for duplicates dropped */
	struct stet_buf norm;    /* the reading thread's */
	struct stet_buf label;   /* the writing thread's */
	struct stet_item_writer writer;
	struct batchq q;
	struct stet_schema schema; /* the labels answers and scores name */
	struct stet_model model;   /* "import", once a record has scores */
	bool want_tokens; /* the schema has span or token labels */
	bool started;
};

/* Code points below U+0300 (lead bytes below 0xcc) never compose or
 * decompose: such text is its own NFC, and most text is such. */
static bool nfc_stable(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p && *p < 0xcc; p++)
		;
	return *p == '\0';
}

static int nfc_string(char **s, struct stet_buf *tmp, struct stet_error *err)
{
	if (*s == NULL || nfc_stable(*s))
		return STET_OK;
	stet_buf_reset(tmp);
	if (stet_text_nfc(*s, strlen(*s), tmp, err) != STET_OK)
		return STET_ERR;
	free(*s);
	*s = stet_xstrndup(tmp->data, tmp->len);
	return STET_OK;
}

/* The text of an item whose tokens a file gave, to NFC with its tokens
 * carried along exactly: the file's offsets count the characters of
 * its own text. A token edge that NFC joins to the character beside it
 * has no place in the NFC text, and the record is refused. */
static int nfc_text_tokens(struct stet_item *it, struct stet_buf *tmp,
			   struct stet_error *err)
{
	uint32_t *map;
	size_t ncp;

	if (nfc_stable(it->text))
		return STET_OK;
	stet_buf_reset(tmp);
	if (stet_text_nfc_map(it->text, strlen(it->text), tmp, &map, &ncp,
			      err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < it->toks.n; i++) {
		struct stet_token *t = &it->toks.v[i];
		uint32_t start, end;

		if (t->end > ncp) {
			free(map);
			return stet_error_set(err, STET_ERR,
					      "token %zu ends at character %u, past the text's %zu",
					      i, t->end, ncp);
		}
		start = map[t->start];
		end = map[t->end];
		if (start == UINT32_MAX || end == UINT32_MAX) {
			free(map);
			return stet_error_set(err, STET_ERR,
					      "token %zu (characters %u-%u) cannot be kept: stet stores text in NFC, which joins the character at its %s with the one beside it; give the text and tokens in NFC",
					      i, t->start, t->end,
					      start == UINT32_MAX ? "start" : "end");
		}
		t->start = start;
		t->end = end;
	}
	free(map);
	free(it->text);
	it->text = stet_xstrndup(tmp->data, tmp->len);
	return STET_OK;
}

static int normalise(struct stet_item *it, struct stet_buf *tmp,
		     struct stet_error *err)
{
	char **strings[] = {&it->ext_id, &it->meta, &it->tokens, &it->label,
			    &it->prediction};
	char hex[17];

	if (it->has_toks && it->text != NULL) {
		if (nfc_text_tokens(it, tmp, err) != STET_OK)
			return STET_ERR;
	} else if (nfc_string(&it->text, tmp, err) != STET_OK) {
		return STET_ERR;
	}
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		if (nfc_string(strings[i], tmp, err) != STET_OK)
			return STET_ERR;
	for (size_t i = 0; i < it->nfields; i++)
		if (nfc_string(&it->fields[i].name, tmp, err) != STET_OK ||
		    nfc_string(&it->fields[i].value, tmp, err) != STET_OK)
			return STET_ERR;
	it->hash = stet_item_content_hash(it);
	if (it->ext_id == NULL) {
		stet_item_hash_id(it->hash, hex);
		it->ext_id = stet_xstrdup(hex);
		it->id_from_hash = true;
	}
	return STET_OK;
}

int stet_item_normalise(struct stet_item *it, struct stet_error *err)
{
	struct stet_buf tmp;
	int rc;

	stet_buf_init(&tmp);
	rc = normalise(it, &tmp, err);
	stet_buf_free(&tmp);
	return rc;
}

static int skip(struct import_ctx *ic, const char *msg)
{
	ic->res->skipped++;
	stet_buf_add(&ic->skipped, msg, strlen(msg) + 1);
	return 0;
}

/* A record without an id whose content an item already holds is that
 * item. Said unless it is the very record the item came from (the same
 * file read again): a repeat elsewhere is worth knowing about. */
static int dropped(struct import_ctx *ic, const struct stet_item *it,
		   uint64_t existing, struct stet_error *err)
{
	struct stet_item old;
	char msg[sizeof err->msg];
	int rc;

	stet_item_init(&old);
	rc = stet_item_get(ic->writer.txn, existing, &old, err);
	if (rc == STET_OK &&
	    !(strcmp(old.ext_id, it->ext_id) == 0 && old.line == it->line &&
	      strcmp(old.source, it->source) == 0)) {
		snprintf(msg, sizeof msg,
			 "%s:%llu: dropped (id \"%s\"): the same content as item \"%s\" (%s:%llu)",
			 it->source, (unsigned long long)it->line, it->ext_id,
			 old.ext_id, old.source, (unsigned long long)old.line);
		stet_buf_add(&ic->dropped, msg, strlen(msg) + 1);
	}
	stet_item_clear(&old);
	return rc;
}

bool import_want_tokens(const struct stet_schema *schema)
{
	for (size_t i = 0; i < schema->nlabels; i++)
		if (schema->labels[i].kind == STET_KIND_SPAN ||
		    schema->labels[i].kind == STET_KIND_TOKEN)
			return true;
	return false;
}

int import_tokenize(struct stet_item *it, struct stet_error *err)
{
	if (it->kind != STET_ITEM_TEXT || it->has_toks)
		return STET_OK;
	if (stet_tokenize(it->text ? it->text : "",
			  it->text ? strlen(it->text) : 0, &it->toks,
			  err) != STET_OK)
		return STET_ERR;
	it->has_toks = true;
	return STET_OK;
}

/* ---- the producer thread: read, parse, normalise ---- */

static int send(struct import_ctx *ic, struct batchq_entry *e)
{
	uint64_t done, total;

	stet_input_progress(ic->in, &done, &total);
	return batchq_put(&ic->q, e, done, total) ? STET_OK : STET_STOP;
}

static int produce_bad(void *ctx, const struct stet_error *bad)
{
	struct import_ctx *ic = ctx;
	struct batchq_entry e = {.kind = BATCHQ_BAD};

	/* Whether a bad record stops the file is the consumer's call: it
	 * cancels the queue, and this thread then stops at its next put. */
	stet_item_init(&e.it);
	e.msg = stet_xstrdup(bad->msg);
	return send(ic, &e);
}

static int produce_item(void *ctx, struct stet_item *it,
			struct stet_error *err)
{
	struct import_ctx *ic = ctx;
	struct batchq_entry e = {.kind = BATCHQ_ITEM};

	if (normalise(it, &ic->norm, err) != STET_OK ||
	    (ic->want_tokens && import_tokenize(it, err) != STET_OK)) {
		stet_error_prefix(err, "%s:%llu", it->source,
				  (unsigned long long)it->line);
		return produce_bad(ctx, err);
	}
	e.it = *it;
	stet_item_init(it); /* moved: the reader's clear frees nothing */
	return send(ic, &e);
}

static void *produce(void *arg)
{
	struct import_ctx *ic = arg;
	struct stet_reader_cb cb = {produce_item, produce_bad, ic};
	struct stet_error err = {0};
	struct batchq_entry end = {.kind = BATCHQ_END};

	stet_item_init(&end.it);
	end.status = stet_read_items(ic->in, ic->format, &ic->opts->read, &cb,
				     &err);
	if (end.status == STET_STOP) {
		stet_tokenize_release();
		return NULL;
	}
	if (end.status != STET_OK)
		end.msg = stet_xstrdup(err.msg);
	send(ic, &end);
	stet_tokenize_release();
	return NULL;
}

/* ---- the consumer: the write transaction ---- */

/* A score for the label named name, when the schema has it. */
static void add_score(struct import_ctx *ic, struct stet_prediction *p,
		      const char *name, double score)
{
	const struct stet_label *l;

	l = stet_schema_find_written(&ic->schema, name, &ic->label);
	if (l == NULL || p->n == STET_MAX_LABELS || !(score >= 0 && score <= 1)) {
		ic->res->scores_skipped++;
		return;
	}
	p->labels[p->n] = l->id;
	p->scores[p->n++] = score;
}

/* A record's "prediction" and "score", or "scores", as a prediction of
 * model "import" on item: what a model said when the corpus was made.
 * Scores of labels the schema lacks, or outside [0, 1], are left out
 * and counted, never an error: such fields were free text before. */
static int import_prediction(struct import_ctx *ic, uint64_t item,
			     const struct stet_item *it,
			     struct stet_error *err)
{
	struct stet_prediction p = {.n = 0};
	bool replaced;

	if (it->scores != NULL) {
		json_t *o = json_loads(it->scores, 0, NULL);
		const char *name;
		json_t *v;

		p.all = true;
		json_object_foreach(o, name, v)
			add_score(ic, &p, name, json_number_value(v));
		json_decref(o);
	} else if (it->prediction != NULL && it->has_score) {
		add_score(ic, &p, it->prediction, it->score);
	} else {
		return STET_OK;
	}
	if (p.n == 0)
		return STET_OK;
	if (ic->model.id == 0 &&
	    stet_model_begin(ic->writer.txn, "import", STET_MODEL_OUTSIDE,
			     stet_time_now_ms(), &ic->model, err) != STET_OK)
		return STET_ERR;
	p.version = ic->model.version;
	if (stet_prediction_put(ic->writer.txn, &ic->model, item, &p,
				&replaced, err) != STET_OK)
		return STET_ERR;
	ic->res->predictions++;
	return STET_OK;
}

static int store_item(struct import_ctx *ic, struct stet_item *it,
		      struct stet_error *err)
{
	uint64_t existing, line = it->line;
	char *source = NULL;
	struct stet_gold g;
	int rc = STET_OK;

	/* A gold record's label is its answer: checked before the item is
	 * written, so that a bad one skipped leaves nothing behind. The
	 * answer goes to `gold` alone and the record is stored concealed,
	 * as every gold item's is; the source stays here for messages. */
	if (ic->opts->gold) {
		rc = stet_gold_parse(&ic->schema, it->label, &g, err) ==
			STET_OK ? STET_OK : STET_CONFLICT;
		source = it->source;
		it->source = NULL;
		stet_item_conceal(it);
	}
	if (rc == STET_OK)
		rc = stet_item_writer_add(&ic->writer, it, &existing, err);
	if (source != NULL) {
		it->source = source;
		it->line = line;
	}
	if (rc == STET_OK) {
		ic->res->added++;
		existing = it->id;
	} else if (rc == STET_EXISTS) {
		ic->res->duplicates++;
		rc = it->id_from_hash ? dropped(ic, it, existing, err) : STET_OK;
	}
	if (rc == STET_OK && ic->opts->gold) {
		rc = stet_gold_set(ic->writer.txn, existing, &g, err);
		ic->res->gold += rc == STET_OK;
	}
	if (rc == STET_OK)
		rc = import_prediction(ic, existing, it, err);
	if (rc == STET_CONFLICT) {
		stet_error_prefix(err, "%s:%llu", it->source,
				  (unsigned long long)it->line);
		if (!ic->opts->skip_bad)
			return STET_ERR;
		rc = skip(ic, err->msg);
	}
	return rc;
}

/* Takes what the producer sends until its end or the first failure. */
static int consume(struct import_ctx *ic, struct stet_error *err)
{
	for (;;) {
		struct batchq_batch *b = batchq_take(&ic->q);
		int rc = STET_OK;
		bool end = false;

		for (size_t i = 0; i < b->n && rc == STET_OK && !end; i++) {
			struct batchq_entry *e = &b->e[i];

			if (e->kind == BATCHQ_ITEM) {
				rc = store_item(ic, &e->it, err);
			} else if (e->kind == BATCHQ_BAD) {
				if (ic->opts->skip_bad)
					skip(ic, e->msg);
				else
					rc = stet_error_set(err, STET_ERR, "%s",
							    e->msg);
			} else {
				end = true;
				rc = e->status;
				if (rc != STET_OK)
					stet_error_set(err, rc, "%s",
						       e->msg ? e->msg : "read failed");
			}
		}
		if (rc == STET_OK && ic->opts->on_progress != NULL)
			ic->opts->on_progress(ic->opts->ctx, b->done, b->total);
		batchq_release(b);
		if (rc != STET_OK || end)
			return rc;
	}
}

static int import_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct import_ctx *ic = ctx;
	pthread_t producer;
	int rc;

	/* A full map redoes the whole file from its first line. */
	if (ic->started && stet_input_rewind(ic->in, err) != STET_OK)
		return STET_ERR;
	ic->started = true;
	ic->res->added = ic->res->duplicates = ic->res->skipped = 0;
	ic->res->gold = 0;
	ic->res->predictions = ic->res->scores_skipped = 0;
	ic->res->model_version = 0;
	stet_model_clear(&ic->model);
	stet_schema_free(&ic->schema);
	stet_schema_init(&ic->schema);
	if (stet_schema_load(txn, &ic->schema, err) != STET_OK)
		return STET_ERR;
	ic->want_tokens = import_want_tokens(&ic->schema);
	stet_buf_reset(&ic->skipped);
	stet_buf_free(&ic->writer.rec); /* from an attempt the store redoes */
	stet_buf_reset(&ic->dropped);
	if (stet_item_writer_begin(&ic->writer, txn, err) != STET_OK)
		return STET_ERR;
	ic->writer.ids_decide = true;
	batchq_init(&ic->q);
	rc = pthread_create(&producer, NULL, produce, ic);
	if (rc != 0) {
		batchq_destroy(&ic->q);
		return stet_error_set(err, STET_ERR,
				      "cannot start the reading thread: %s",
				      strerror(rc));
	}
	rc = consume(ic, err);
	batchq_cancel(&ic->q);
	pthread_join(producer, NULL);
	batchq_destroy(&ic->q);
	if (rc != STET_OK)
		return rc;
	if (ic->model.id != 0) {
		ic->res->model_version = ic->model.version;
		if (stet_model_put(txn, &ic->model, err) != STET_OK)
			return STET_ERR;
	}
	return stet_item_writer_end(&ic->writer, err);
}

/* True when the invalid sequence at bad runs to the end of the head and
 * is the start of a valid one: the head cut it, the file did not. */
static bool cut_sequence(const unsigned char *p, size_t n, size_t bad)
{
	size_t want = p[bad] >= 0xc2 && p[bad] <= 0xdf ? 2 :
		      p[bad] >= 0xe0 && p[bad] <= 0xef ? 3 :
		      p[bad] >= 0xf0 && p[bad] <= 0xf4 ? 4 : 0;

	if (want == 0 || bad + want <= n)
		return false;
	for (size_t i = bad + 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return false;
	return true;
}

/* True when at most half the head's lines hold a NUL or an
 * invalid UTF-8 sequence (one the head cut at its end aside): text with
 * a few bad lines, which the line reader names one by one. Binary data
 * has a line end every 256 bytes or so, and almost none of its lines
 * is clean. */
static bool mostly_clean_lines(const unsigned char *p, size_t n)
{
	size_t lines = 0, bad_lines = 0, pos = 0;

	while (pos < n) {
		const unsigned char *lf = memchr(p + pos, '\n', n - pos);
		size_t end = lf != NULL ? (size_t)(lf - p) : n, bad;
		bool ok = memchr(p + pos, '\0', end - pos) == NULL &&
			  (stet_utf8_valid((const char *)p + pos, end - pos, &bad) ||
			   (lf == NULL && cut_sequence(p + pos, end - pos, bad)));

		lines++;
		bad_lines += !ok;
		pos = end + 1;
	}
	return lines > 0 && bad_lines * 2 <= lines;
}

/* libmagic calls text binary for one NUL, DEL or stray byte, and DEL is
 * a character our own JSONL export writes raw. When it has named no
 * binary format of its own and most lines of the head are clean UTF-8,
 * the file is text after all: the line reader then names the line and
 * byte of each fault. Half NULs is UTF-16 or a real binary, and stays
 * binary, unless the user named a charset: then the converter judges
 * the bytes. */
bool import_binary(const void *head, size_t n, const struct stet_sniff *sn,
		   const char *encoding)
{
	struct stet_sniff mime_only = *sn;
	const unsigned char *p = head;
	size_t nuls = 0, bad;

	if (!stet_sniff_is_binary(sn))
		return false;
	/* Without a charset the verdict rests on the MIME type alone. */
	mime_only.charset[0] = '\0';
	if (stet_sniff_is_binary(&mime_only) &&
	    strcmp(sn->mime, "application/octet-stream") != 0)
		return true;
	if (encoding != NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		nuls += p[i] == '\0';
	if (nuls * 8 > n)
		return true;
	if (stet_utf8_valid(head, n, &bad) || cut_sequence(head, n, bad))
		return false;
	return !mostly_clean_lines(head, n);
}

/* True when the head holds a valid multibyte sequence anywhere: text in
 * another charset almost never does, so its bad bytes are strays. */
static bool has_utf8(const unsigned char *p, size_t n)
{
	size_t pos = 0, bad;

	while (pos < n) {
		bool ok = stet_utf8_valid((const char *)p + pos, n - pos, &bad);
		size_t end = ok ? n : pos + bad;

		for (size_t i = pos; i < end; i++)
			if (p[i] >= 0x80)
				return true;
		if (ok)
			break;
		pos = end + 1;
	}
	return false;
}

/* UTF-16 and UTF-32 have no lines of UTF-8 to check one by one: the
 * whole file is refused, named by the charset libmagic found. */
int import_check_wide(const char *name, const struct stet_sniff *sn,
		      struct stet_error *err)
{
	if (strncmp(sn->charset, "utf-16", 6) != 0 &&
	    strncmp(sn->charset, "utf-32", 6) != 0)
		return STET_OK;
	return stet_error_set(err, STET_ERR,
		"%s: not UTF-8 (libmagic says the charset is %s); import it with --encoding %s",
		name, sn->charset, sn->charset);
}

/* libmagic's charset is a guess about the head: a hint for the message
 * of each line that is not UTF-8, never a reason to refuse the file,
 * whose lines are checked one by one. Given only when no UTF-8
 * sequence is in the head: advice to convert a UTF-8 file from Latin-1
 * would garble every other non-ASCII character in it. */
void import_charset_hint(struct stet_input *in, const void *head, size_t n,
			 const struct stet_sniff *sn)
{
	char hint[160];
	size_t bad;

	if (stet_utf8_valid(head, n, &bad) || cut_sequence(head, n, bad) ||
	    has_utf8(head, n))
		return;
	if (sn->charset[0] == '\0' || strcmp(sn->charset, "binary") == 0 ||
	    strcmp(sn->charset, "unknown-8bit") == 0 ||
	    strcmp(sn->charset, "utf-8") == 0 ||
	    strcmp(sn->charset, "us-ascii") == 0)
		snprintf(hint, sizeof hint,
			 "no UTF-8 in the first %zu bytes: if the file is in another charset, name it with --encoding; iconv -l lists the names",
			 n);
	else
		snprintf(hint, sizeof hint,
			 "libmagic takes the file for %s: if it is, import it with --encoding %s",
			 sn->charset, sn->charset);
	stet_input_set_utf8_hint(in, hint);
}

int stet_import_file(struct stet_store *st, const char *path,
		     const struct stet_import_opts *opts,
		     struct stet_import_result *res, struct stet_error *err)
{
	struct import_ctx ic = {.opts = opts, .res = res};
	struct stet_sniff sn;
	const void *head;
	size_t n;
	int rc;

	memset(res, 0, sizeof *res);
	if (stet_input_open(path, opts->encoding, &ic.in, err) != STET_OK)
		return STET_ERR;
	head = stet_input_head(ic.in, &n);
	if (n == 0) {
		res->empty = true;
		stet_input_close(ic.in);
		return STET_OK;
	}
	rc = stet_sniff_buffer(head, n, &sn, err);
	if (rc == STET_OK && import_binary(head, n, &sn, opts->encoding))
		rc = stet_error_set(err, STET_ERR,
				    "%s: a binary file (%s), not a corpus",
				    stet_input_name(ic.in), sn.mime);
	if (rc == STET_OK && opts->encoding == NULL) {
		rc = import_check_wide(stet_input_name(ic.in), &sn, err);
		import_charset_hint(ic.in, head, n, &sn);
	}
	if (rc != STET_OK) {
		stet_input_close(ic.in);
		return STET_ERR;
	}
	ic.format = opts->format != STET_FMT_AUTO ? opts->format :
		stet_format_detect(path, head, n, &sn);
	res->format = ic.format;
	stet_buf_init(&ic.skipped);
	stet_buf_init(&ic.dropped);
	stet_buf_init(&ic.norm);
	stet_buf_init(&ic.label);
	stet_schema_init(&ic.schema);
	rc = stet_store_write(st, import_fn, &ic, err);
	stet_schema_free(&ic.schema);
	stet_model_clear(&ic.model);
	stet_buf_free(&ic.label);
	if (rc == STET_OK && opts->on_skip != NULL) {
		for (size_t off = 0; off < ic.skipped.len;
		     off += strlen(ic.skipped.data + off) + 1)
			opts->on_skip(opts->ctx, ic.skipped.data + off);
	}
	if (rc == STET_OK && opts->on_duplicate != NULL) {
		for (size_t off = 0; off < ic.dropped.len;
		     off += strlen(ic.dropped.data + off) + 1)
			opts->on_duplicate(opts->ctx, ic.dropped.data + off);
	}
	stet_buf_free(&ic.skipped);
	stet_buf_free(&ic.dropped);
	stet_buf_free(&ic.norm);
	stet_buf_free(&ic.writer.rec);
	stet_input_close(ic.in);
	return rc == STET_OK ? STET_OK : STET_ERR;
}
