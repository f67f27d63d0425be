/* The one check every way of making spans goes through (the label
 * screen, the importers, review): whether a span set may stand on an
 * item, naming the first span that may not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/spans.h"
#include "stet/text.h"

/* bound[i]: code point offset i falls between two graphemes, for i in
 * 0..*ncp. The caller frees it. */
static bool *grapheme_bounds(const char *text, size_t len, uint32_t *ncp)
{
	size_t cap = len + 1, at = 0;
	uint32_t n = 0;
	bool *bound = stet_xcalloc(cap, sizeof *bound);

	bound[0] = true;
	while (at < len) {
		size_t g = stet_grapheme_len(text + at, len - at);

		if (g == 0)
			g = 1;
		/* Each byte that is not a continuation byte begins a code
		 * point; only the end of the grapheme is a boundary. */
		for (size_t i = at; i < at + g && i < len; i++)
			if (((unsigned char)text[i] & 0xc0) != 0x80)
				n++;
		at += g;
		bound[n] = true;
	}
	*ncp = n;
	return bound;
}

static const char *label_of(const struct stet_schema *schema, uint32_t id,
			    char buf[16])
{
	const struct stet_label *l = stet_schema_find_id(schema, id);

	if (l != NULL)
		return l->name;
	snprintf(buf, 16, "#%u", id);
	return buf;
}

static int bad(struct stet_error *err, const struct stet_schema *schema,
	       const struct stet_span *sp, const char *what)
{
	char buf[16];

	return stet_error_set(err, STET_ERR, "span [%u, %u) %s: %s", sp->start,
			      sp->end, label_of(schema, sp->label, buf), what);
}

/* One span on its own. */
static int check_one(const struct stet_schema *schema,
		     const struct stet_tokens *toks, const bool *bound,
		     uint32_t ncp, const struct stet_span *sp,
		     struct stet_error *err)
{
	const struct stet_label *l = stet_schema_find_id(schema, sp->label);
	char what[160];
	uint32_t ts, te;

	if (sp->start >= sp->end)
		return bad(err, schema, sp, "it is empty or ends before it starts");
	if (sp->end > ncp) {
		snprintf(what, sizeof what,
			 "it ends past the text, which has %u code points", ncp);
		return bad(err, schema, sp, what);
	}
	if (l == NULL)
		return bad(err, schema, sp, "no such label in the schema");
	if (l->kind == STET_KIND_ITEM)
		return bad(err, schema, sp,
			   "an item label, not a span or token label");
	if (!bound[sp->start] || !bound[sp->end]) {
		snprintf(what, sizeof what,
			 "offset %u is inside a character (a grapheme cluster)",
			 bound[sp->start] ? sp->end : sp->start);
		return bad(err, schema, sp, what);
	}
	if (l->kind == STET_KIND_TOKEN) {
		const struct stet_token *t;

		if (toks == NULL || toks->n == 0)
			return bad(err, schema, sp,
				   "a token tag on an item without tokens");
		if (sp->tok_end != sp->tok_start + 1 || sp->tok_start >= toks->n)
			return bad(err, schema, sp,
				   "a token tag covers exactly one token");
		t = &toks->v[sp->tok_start];
		if (t->start != sp->start || t->end != sp->end) {
			snprintf(what, sizeof what,
				 "token %u is [%u, %u): a tag covers its token exactly",
				 sp->tok_start, t->start, t->end);
			return bad(err, schema, sp, what);
		}
		return STET_OK;
	}
	if (toks != NULL)
		stet_span_token_range(toks, sp->start, sp->end, &ts, &te);
	else
		ts = te = 0;
	if (sp->tok_start != ts || sp->tok_end != te) {
		snprintf(what, sizeof what,
			 "it says tokens [%u, %u) but its offsets touch [%u, %u)",
			 sp->tok_start, sp->tok_end, ts, te);
		return bad(err, schema, sp, what);
	}
	return STET_OK;
}

static int by_start(const void *pa, const void *pb)
{
	const struct stet_span *a = pa, *b = pb;

	if (a->start != b->start)
		return (a->start > b->start) - (a->start < b->start);
	return (a->end > b->end) - (a->end < b->end);
}

/* Two spans that may not stand together: the later one is named. */
static int clash(const struct stet_schema *schema, const struct stet_span *a,
		 const struct stet_span *b, const char *how,
		 struct stet_error *err)
{
	char what[200], buf[16];

	snprintf(what, sizeof what, "%s [%u, %u) %s", how, a->start, a->end,
		 label_of(schema, a->label, buf));
	return bad(err, schema, b, what);
}

int stet_spans_check(const struct stet_schema *schema, const char *text,
		     size_t len, const struct stet_tokens *toks,
		     const struct stet_span_set *set, struct stet_error *err)
{
	struct stet_span *v = NULL;
	uint32_t ncp;
	bool *bound = grapheme_bounds(text, len, &ncp);
	int rc = STET_OK;

	for (size_t i = 0; i < set->n && rc == STET_OK; i++)
		rc = check_one(schema, toks, bound, ncp, &set->v[i], err);
	free(bound);
	if (rc != STET_OK || set->n < 2)
		return rc;
	v = stet_xmalloc(set->n * sizeof *v);
	memcpy(v, set->v, set->n * sizeof *v);
	qsort(v, set->n, sizeof *v, by_start);
	/* Each span against the one before it that reaches furthest: with
	 * no overlap allowed, any span that starts before that end shares
	 * a code point with it. Token tags share a token when their first
	 * tokens are the same. */
	for (size_t i = 1, far = 0; i < set->n && rc == STET_OK; i++) {
		const struct stet_label *l = stet_schema_find_id(schema,
								 v[i].label);

		if (l->kind == STET_KIND_TOKEN) {
			for (size_t j = i; j-- > 0 && v[j].start == v[i].start;)
				if (v[j].tok_start == v[i].tok_start) {
					rc = clash(schema, &v[j], &v[i],
						   "its token already has the tag",
						   err);
					break;
				}
		} else if (schema->no_overlap && v[i].start < v[far].end) {
			rc = clash(schema, &v[far], &v[i],
				   "spans may not overlap, and it overlaps",
				   err);
		}
		if (v[i].end > v[far].end)
			far = i;
	}
	free(v);
	return rc;
}
