/* One annotator's tags or spans written into CoNLL files: CoNLL-U with
 * the words' UPOS, XPOS or a MISC key replaced, every other column,
 * comment, multiword token line and empty node as the sentence was
 * imported, byte for byte; CoNLL-2003 with one column replaced by IOB1
 * or IOB2 tags and -DOCSTART- lines where documents began. IOB carries
 * no overlapping or nested spans and none that cuts a token: those are
 * dropped and each is named through opts->on_note. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/annotate.h"
#include "stet/export.h"
#include "stet/item.h"
#include "stet/offsets.h"
#include "stet/schema.h"
#include "stet/spans.h"

struct conll_out {
	struct stet_txn *txn;
	const struct stet_export_opts *opts;
	struct stet_schema schema;
	uint32_t annotator;
	bool any_token_label; /* the schema has labels of kind TOKEN */
	FILE *out;
	const char *out_name;
	int col;             /* 0-based, -1: the last */
	const char *misc;    /* CoNLL-U MISC key, or NULL */
	bool conllu;
	struct stet_buf b, note;
	const char **tag;    /* per token: its tag (a label name), or NULL */
	size_t ntag;
	uint64_t dropped;
};

static const char *label_name(const struct conll_out *co, uint32_t id)
{
	const struct stet_label *l = stet_schema_find_id(&co->schema, id);

	return l ? l->name : "?";
}

static void drop(struct conll_out *co, const struct stet_item *it,
		 const struct stet_span *sp, const char *why)
{
	co->dropped++;
	if (co->opts->on_note == NULL)
		return;
	stet_buf_reset(&co->note);
	stet_buf_printf(&co->note, "item %s: span %u-%u \"%s\" dropped: %s",
			it->ext_id, sp->start, sp->end,
			label_name(co, sp->label), why);
	co->opts->on_note(co->opts->ctx, co->note.data);
}

/* The tags of each token: token labels (spans of one token, or any
 * span of one token when the schema has no token labels), or IOB tags
 * of the spans. */
static void token_tags(struct conll_out *co, const struct stet_item *it,
		       const struct stet_span_set *set, bool iob,
		       struct stet_buf *types)
{
	const struct stet_tokens *t = &it->toks;
	size_t *end_of = NULL; /* the token after the span that covers i */

	stet_buf_reset(types);
	free(co->tag);
	co->ntag = it->has_toks ? t->n : 0;
	co->tag = stet_xcalloc(co->ntag + 1, sizeof *co->tag);
	if (iob)
		end_of = stet_xcalloc(co->ntag + 1, sizeof *end_of);
	for (size_t i = 0; set != NULL && i < set->n; i++) {
		const struct stet_span *sp = &set->v[i];
		const struct stet_label *l = stet_schema_find_id(&co->schema,
								 sp->label);
		uint32_t ts = sp->tok_start, te = sp->tok_end;
		bool whole = ts < te && te <= co->ntag &&
			     t->v[ts].start == sp->start &&
			     t->v[te - 1].end == sp->end;

		if (!iob) {
			if (te == ts + 1 && whole &&
			    (!co->any_token_label ||
			     (l != NULL && l->kind == STET_KIND_TOKEN)) &&
			    co->tag[ts] == NULL)
				co->tag[ts] = label_name(co, sp->label);
			continue;
		}
		if (l != NULL && l->kind == STET_KIND_TOKEN)
			continue;
		if (!whole) {
			drop(co, it, sp, "it does not begin and end with tokens");
			continue;
		}
		for (uint32_t k = ts; k < te; k++) {
			if (co->tag[k] != NULL) {
				drop(co, it, sp,
				     "it overlaps a span before it (IOB carries no overlapping or nested spans)");
				goto next;
			}
		}
		for (uint32_t k = ts; k < te; k++)
			co->tag[k] = label_name(co, sp->label);
		end_of[ts] = te;
next:
		;
	}
	if (!iob)
		return;
	/* "B-"/"I-" and the type, one NUL-ended string a token, in types;
	 * co->tag points into it once all are written. */
	{
		size_t *at = stet_xcalloc(co->ntag + 1, sizeof *at);
		const char *prev_type = NULL;
		size_t open_end = 0;

		for (size_t i = 0; i < co->ntag; i++) {
			at[i] = types->len;
			if (co->tag[i] == NULL) {
				stet_buf_add(types, "O", 2);
				prev_type = NULL;
				continue;
			}
			if (end_of[i] != 0) {
				/* A span begins: IOB2 always says B-; IOB1
				 * only after a span of the same type. */
				bool b = !co->opts->iob1 ||
					 (prev_type != NULL && i == open_end &&
					  strcmp(prev_type, co->tag[i]) == 0);

				stet_buf_adds(types, b ? "B-" : "I-");
				open_end = end_of[i];
			} else {
				stet_buf_adds(types, "I-");
			}
			stet_buf_add(types, co->tag[i], strlen(co->tag[i]) + 1);
			prev_type = co->tag[i];
		}
		for (size_t i = 0; i < co->ntag; i++)
			co->tag[i] = types->data + at[i];
		free(at);
	}
	free(end_of);
}

/* Line with field k (or the MISC key) holding v. */
static void put_field(struct conll_out *co, const char *line, size_t len,
		      const char *v)
{
	char sep = memchr(line, '\t', len) ? '\t' : ' ';
	const char *p = line, *end = line + len;
	int i = 0, k = co->col;

	if (k < 0) {
		const char *q = end;

		while (q > line && q[-1] != sep)
			q--;
		stet_buf_add(&co->b, line, (size_t)(q - line));
		stet_buf_adds(&co->b, v);
		return;
	}
	for (;;) {
		const char *q = memchr(p, sep, (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

		if (i > 0)
			stet_buf_addc(&co->b, sep);
		if (i != k) {
			stet_buf_add(&co->b, p, n);
		} else if (co->misc == NULL) {
			stet_buf_adds(&co->b, v);
		} else {
			/* MISC: the key's entry replaced in place, added
			 * at the end, or taken out for O where the line had
			 * none. */
			const char *e = p, *fend = p + n;
			size_t kl = strlen(co->misc);
			bool put = false, first = true;

			while (e < fend) {
				const char *bar = memchr(e, '|', (size_t)(fend - e));
				const char *ee = bar ? bar : fend;
				bool mine = (size_t)(ee - e) > kl &&
					    memcmp(e, co->misc, kl) == 0 &&
					    e[kl] == '=';

				if (!(n == 1 && *p == '_')) {
					if (!first)
						stet_buf_addc(&co->b, '|');
					first = false;
					if (mine) {
						stet_buf_printf(&co->b, "%s=%s",
								co->misc, v);
						put = true;
					} else {
						stet_buf_add(&co->b, e,
							     (size_t)(ee - e));
					}
				}
				e = ee + 1;
			}
			if (!put && strcmp(v, "O") != 0) {
				if (!first)
					stet_buf_addc(&co->b, '|');
				stet_buf_printf(&co->b, "%s=%s", co->misc, v);
				first = false;
			}
			if (first)
				stet_buf_addc(&co->b, '_');
		}
		if (q == NULL)
			break;
		p = q + 1;
		i++;
	}
}

static bool is_word(const struct conll_out *co, const char *line)
{
	size_t n = strcspn(line, "\t\n");

	if (!co->conllu)
		return true;
	return n > 0 && strspn(line, "0123456789") == n;
}

/* A sentence imported without its lines: one line a token. */
static void synthesize(struct conll_out *co, const struct stet_item *it)
{
	struct stet_offset_map m;
	struct stet_error err;

	if (co->conllu) {
		stet_buf_printf(&co->b, "# sent_id = %s\n# text = ", it->ext_id);
		for (const char *p = it->text; *p; p++)
			stet_buf_addc(&co->b, *p == '\n' ? ' ' : *p);
		stet_buf_addc(&co->b, '\n');
	}
	if (!it->has_toks || stet_offset_map_init(&m, it->text,
						  strlen(it->text), &err) != STET_OK)
		return;
	for (size_t i = 0; i < it->toks.n; i++) {
		const char *w = it->text + m.byte_of[it->toks.v[i].start];
		size_t n = m.byte_of[it->toks.v[i].end] -
			   m.byte_of[it->toks.v[i].start];
		const char *tag = co->tag[i] ? co->tag[i] :
				  co->misc || !co->conllu ? "O" : "_";

		if (co->conllu && co->misc)
			stet_buf_printf(&co->b, "%zu\t%.*s\t_\t_\t_\t_\t_\t_\t_\t%s=%s\n",
					i + 1, (int)n, w, co->misc, tag);
		else if (co->conllu)
			stet_buf_printf(&co->b, "%zu\t%.*s\t_\t%s\t%s\t_\t_\t_\t_\t_\n",
					i + 1, (int)n, w, co->col == 3 ? tag : "_",
					co->col == 4 ? tag : "_");
		else
			stet_buf_printf(&co->b, "%.*s %s\n", (int)n, w, tag);
	}
	stet_offset_map_free(&m);
}

static int sentence(void *ctx, const struct stet_item *it,
		    struct stet_error *err)
{
	struct conll_out *co = ctx;
	struct stet_span_set set;
	struct stet_buf types;
	size_t word = 0;
	int rc;

	if (it->kind != STET_ITEM_TEXT)
		return STET_OK;
	stet_span_set_init(&set);
	stet_buf_init(&types);
	rc = stet_spans_get(co->txn, it->id, co->annotator, &set, NULL, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		goto leave;
	token_tags(co, it, rc == STET_OK ? &set : NULL,
		   co->misc != NULL || !co->conllu, &types);
	rc = STET_OK;
	if (!co->conllu && it->meta != NULL) {
		char *doc = stet_item_meta_value(it->meta, "docstart");

		if (doc != NULL)
			stet_buf_printf(&co->b, "%s\n\n", doc);
		free(doc);
	}
	if (it->tokens == NULL)
		synthesize(co, it);
	for (const char *p = it->tokens; p != NULL && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (*p != '#' && is_word(co, p)) {
			const char *tag = word < co->ntag ? co->tag[word] : NULL;

			put_field(co, p, n, tag ? tag :
				  co->misc || !co->conllu ? "O" : "_");
			word++;
		} else {
			stet_buf_add(&co->b, p, n);
		}
		stet_buf_addc(&co->b, '\n');
		p += n + (nl != NULL);
	}
	stet_buf_addc(&co->b, '\n');
	if (fwrite(co->b.data, 1, co->b.len, co->out) != co->b.len)
		rc = stet_error_set(err, STET_ERR, "%s: %s", co->out_name,
				    strerror(errno));
	stet_buf_reset(&co->b);
leave:
	stet_span_set_free(&set);
	stet_buf_free(&types);
	return rc;
}

static int find_annotator(struct conll_out *co, const char *name,
			  struct stet_error *err)
{
	struct stet_annotator *list;
	size_t n;
	int rc = STET_NOTFOUND;

	if (stet_annotators_load(co->txn, &list, &n, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0) {
			co->annotator = list[i].id;
			rc = STET_OK;
		}
	stet_annotators_free(list, n);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
			"no annotator \"%s\" in the project (stet team lists them)",
			name);
	return rc;
}

static int columns(struct conll_out *co, struct stet_error *err)
{
	const char *c = co->opts->column;

	co->col = co->conllu ? 3 : -1;
	if (c == NULL)
		return STET_OK;
	if (co->conllu) {
		if (strcmp(c, "upos") == 0)
			co->col = 3;
		else if (strcmp(c, "xpos") == 0)
			co->col = 4;
		else if (strncmp(c, "misc:", 5) == 0 && c[5] != '\0')
			co->col = 9, co->misc = c + 5;
		else
			return stet_error_set(err, STET_ERR,
				"--column: upos, xpos or misc:KEY for CoNLL-U, not \"%s\"",
				c);
		return STET_OK;
	}
	{
		char *end;
		long k = strtol(c, &end, 10);

		if (*end != '\0' || k < 2 || k > 64)
			return stet_error_set(err, STET_ERR,
				"--column: a column's number, 2 or more (the word is 1), not \"%s\"",
				c);
		co->col = (int)k - 1;
	}
	return STET_OK;
}

int stet_export_conll_tags(struct stet_store *st,
			   const struct stet_export_opts *opts, FILE *out,
			   const char *out_name, struct stet_error *err)
{
	struct conll_out co = {.opts = opts, .out = out, .out_name = out_name,
			       .conllu = !opts->conll2003};
	int rc;

	stet_schema_init(&co.schema);
	stet_buf_init(&co.b);
	stet_buf_init(&co.note);
	if (columns(&co, err) != STET_OK)
		return STET_ERR;
	if (stet_txn_begin_read(st, &co.txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_schema_load(co.txn, &co.schema, err);
	for (size_t i = 0; rc == STET_OK && i < co.schema.nlabels; i++)
		co.any_token_label |= co.schema.labels[i].kind == STET_KIND_TOKEN;
	if (rc == STET_OK)
		rc = find_annotator(&co, opts->annotator, err);
	if (rc == STET_OK)
		rc = stet_item_each(co.txn, sentence, &co, err);
	if (rc == STET_OK && fflush(out) != 0)
		rc = stet_error_set(err, STET_ERR, "%s: %s", out_name,
				    strerror(errno));
	if (rc == STET_OK && co.dropped > 0 && opts->on_note != NULL) {
		stet_buf_reset(&co.note);
		stet_buf_printf(&co.note,
			"%llu %s dropped: IOB tags carry no overlapping or nested spans, nor one that cuts a token",
			(unsigned long long)co.dropped,
			co.dropped == 1 ? "span" : "spans");
		opts->on_note(opts->ctx, co.note.data);
	}
	stet_txn_end(co.txn);
	stet_schema_free(&co.schema);
	stet_buf_free(&co.b);
	stet_buf_free(&co.note);
	free(co.tag);
	return rc;
}
