/* The SPANS event of an imported record: its spans brought to the
 * item's code points (ann_spans.c), its token tags as spans over one
 * token each, every label found (or added with --add-labels) with its
 * kind, the token range of each span from the item's tokens. The
 * annotator's whole set for the item, as stet label writes it. */
#include <stdlib.h>
#include <string.h>

#include "ann_in.h"
#include "stet/item.h"
#include "stet/spans.h"
#include "stet/tokenize.h"

static int add_tags(struct ann_ctx *ac, const struct ann_rec *r,
		    const struct stet_tokens *toks, struct stet_span_set *set,
		    struct stet_error *err)
{
	if (r->ntags != toks->n)
		return stet_error_set(err, STET_ERR,
			"%zu %s for an item of %zu %s", r->ntags,
			r->ntags == 1 ? "tag" : "tags", toks->n,
			toks->n == 1 ? "token" : "tokens");
	for (size_t i = 0; i < r->ntags; i++) {
		struct stet_span sp = {0};

		if (r->tags[i] == NULL)
			continue;
		if (ann_label_id(ac, r->tags[i], STET_KIND_TOKEN, &sp.label,
				 err) != STET_OK) {
			stet_error_prefix(err, "token %zu", i + 1);
			return STET_ERR;
		}
		sp.start = toks->v[i].start;
		sp.end = toks->v[i].end;
		sp.tok_start = (uint32_t)i;
		sp.tok_end = (uint32_t)i + 1;
		stet_span_set_add(set, &sp);
	}
	return STET_OK;
}

/* Spans given as token numbers (IOB chunks): their offsets are their
 * tokens'. */
static int token_spans(const struct ann_rec *r, const struct stet_tokens *toks,
		       struct ann_cp_span *cp, struct stet_error *err)
{
	for (size_t i = 0; i < r->nspans; i++) {
		const struct ann_span *sp = &r->spans[i];

		if (sp->start >= sp->end || sp->end > toks->n)
			return stet_error_set(err, STET_ERR,
				"tokens %llu-%llu of an item of %zu %s",
				(unsigned long long)sp->start + 1,
				(unsigned long long)sp->end, toks->n,
				toks->n == 1 ? "token" : "tokens");
		cp[i].start = toks->v[sp->start].start;
		cp[i].end = toks->v[sp->end - 1].end;
		cp[i].label = sp->label;
	}
	return STET_OK;
}

/* A span whose label is a token label is a tag: it must cover exactly
 * one token. */
static int add_spans(struct ann_ctx *ac, const struct ann_rec *r,
		     const char *text, const struct stet_tokens *toks,
		     struct stet_span_set *set, struct stet_error *err)
{
	struct ann_cp_span *cp = stet_xcalloc(r->nspans + 1, sizeof *cp);
	int rc = r->spans_in_tokens ? token_spans(r, toks, cp, err) :
		ann_spans_to_item(ann_notes_of(ac), r, text, cp, err);

	for (size_t i = 0; rc == STET_OK && i < r->nspans; i++) {
		struct stet_span sp = {.start = cp[i].start, .end = cp[i].end};
		const struct stet_label *l;

		rc = ann_label_id(ac, cp[i].label, STET_KIND_SPAN, &sp.label, err);
		if (rc != STET_OK)
			break;
		stet_span_token_range(toks, sp.start, sp.end, &sp.tok_start,
				      &sp.tok_end);
		l = stet_schema_find_id(ann_schema(ac), sp.label);
		if (l != NULL && l->kind == STET_KIND_TOKEN &&
		    (sp.tok_end != sp.tok_start + 1 ||
		     toks->v[sp.tok_start].start != sp.start ||
		     toks->v[sp.tok_start].end != sp.end)) {
			char name[32];

			snprintf(name, sizeof name, "span %zu", i + 1);
			rc = stet_error_set(err, STET_ERR,
				"%s (%llu-%llu \"%s\"): \"%s\" is a token label, and the span is not one token of the item",
				r->spans[i].name ? r->spans[i].name : name,
				(unsigned long long)r->spans[i].start,
				(unsigned long long)r->spans[i].end, cp[i].label,
				cp[i].label);
		} else {
			stet_span_set_add(set, &sp);
		}
	}
	free(cp);
	return rc;
}

/* An item imported before the project had spans has no tokens: it gets
 * the tool's (through NFC) or stet_tokenize's words now, before any
 * span stands on it, and keeps them. */
static int give_tokens(struct ann_ctx *ac, const struct ann_rec *r,
		       struct stet_item *it, struct stet_error *err)
{
	unsigned char key[8];
	struct stet_buf rec;
	int rc;

	if (r->tokens != NULL && r->text != NULL)
		rc = ann_tokens_to_item(r, &it->toks, err);
	else
		rc = stet_tokenize(it->text, strlen(it->text), &it->toks, err);
	if (rc != STET_OK)
		return STET_ERR;
	it->has_toks = true;
	stet_buf_init(&rec);
	stet_item_encode(it, &rec);
	stet_u64be(key, it->id);
	rc = stet_put(ann_txn(ac), STET_DB_ITEMS, key, 8, rec.data, rec.len, 0,
		      err);
	stet_buf_free(&rec);
	return rc;
}

int ann_marks_append(struct ann_ctx *ac, const struct ann_rec *r,
		     struct stet_event *ev, struct stet_error *err)
{
	struct stet_span_set set;
	struct stet_item it;
	int rc;

	stet_span_set_init(&set);
	stet_item_init(&it);
	rc = stet_item_get(ann_txn(ac), ev->item, &it, err);
	if (rc == STET_OK && it.kind != STET_ITEM_TEXT)
		rc = stet_error_set(err, STET_ERR,
			"item \"%s\" is a table row: spans mark text items",
			it.ext_id);
	if (rc == STET_OK && !it.has_toks)
		rc = give_tokens(ac, r, &it, err);
	if (rc == STET_OK && r->has_tags)
		rc = add_tags(ac, r, &it.toks, &set, err);
	if (rc == STET_OK && r->has_spans)
		rc = add_spans(ac, r, r->text ? r->text : it.text, &it.toks,
			       &set, err);
	if (rc == STET_OK) {
		stet_span_set_normalize(&set);
		rc = stet_spans_check(ann_schema(ac), it.text, strlen(it.text),
				      &it.toks, &set, err);
	}
	if (rc == STET_OK) {
		ev->action = STET_ACT_SPANS;
		ev->has_spans = true;
		ev->spans = set.v;
		ev->nspans = set.n;
		stet_span_set_init(&set); /* the event owns the spans now */
		ev->schema_version = ann_schema_version(ac);
		rc = stet_event_append(ann_txn(ac), ev, err);
	}
	/* Where the schema has no item labels, an item is finished by a
	 * label of none, as Enter on the label screen writes it: the queue
	 * then counts the imported work done. */
	if (rc == STET_OK && r->what == ANN_MARKS &&
	    stet_schema_count_kind(ann_schema(ac), STET_KIND_ITEM) == 0) {
		struct stet_event fin = {.item = ev->item,
					 .annotator = ev->annotator,
					 .session = ev->session,
					 .time_ms = ev->time_ms,
					 .action = STET_ACT_LABEL,
					 .schema_version = ev->schema_version};

		rc = stet_event_append(ann_txn(ac), &fin, err);
		stet_event_clear(&fin);
	}
	stet_span_set_free(&set);
	stet_item_clear(&it);
	return rc;
}
