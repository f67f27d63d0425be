/* doccano's JSONL export. Since 1.6 each user's labels are a file of
 * their own, <username>.jsonl, with records {"id", "text", "label":
 * [names]} ("cats" for intent detection): the annotator is the file's
 * name, or --annotator. Versions 1.0 to 1.4 wrote one file, "annotations":
 * [{"label": <numeric id>, "user": <id>}], with the users' ids in it.
 *
 * Spans are [start, end, "TAG"] in "label" (sequence labeling), in
 * "entities" (intent detection; relation extraction writes objects with
 * start_offset, end_offset and label) or, in 1.0 to 1.4, annotations with
 * start_offset and end_offset. doccano counts offsets as its JavaScript
 * editor does, in UTF-16 code units (doccano issue #2290: an emoji moves
 * every later span by two where Python would count one); --offsets
 * changes that for files made by other programs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"

static const char *record_text(json_t *o)
{
	const char *key;
	json_t *v = json_object_get(o, "text");

	if (json_is_string(v))
		return json_string_value(v);
	json_object_foreach(o, key, v)
		if (json_is_string(v))
			return json_string_value(v);
	return NULL;
}

/* What a record marks: labels and spans, label names made from the ids
 * of 1.0 to 1.4 kept here too. */
struct marks {
	struct ann_names names;  /* item labels */
	struct ann_names tags;   /* span labels, kept for the spans */
	struct ann_span *spans;
	size_t nspans, cap;
};

static void marks_free(struct marks *m)
{
	ann_names_free(&m->names);
	ann_names_free(&m->tags);
	free(m->spans);
	memset(m, 0, sizeof *m);
}

/* A label as 1.6 and later write it (a name), or as 1.0 to 1.4 did (the
 * label's id in the doccano project, taken as its name). */
static const char *label_of(struct ann_ctx *ac, json_t *e, char *buf,
			    size_t len)
{
	if (json_is_string(e))
		return json_string_value(e);
	if (json_is_integer(e)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(e));
		ann_note(ac, NOTE_NUMERIC, buf);
		return buf;
	}
	return NULL;
}

static bool offset_of(json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static void add_span(struct marks *m, uint64_t start, uint64_t end,
		     const char *label)
{
	struct ann_span *sp;

	if (m->nspans == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->spans = stet_xrealloc(m->spans, m->cap * sizeof *m->spans);
	}
	ann_names_add(&m->tags, label);
	sp = &m->spans[m->nspans++];
	memset(sp, 0, sizeof *sp);
	sp->start = start;
	sp->end = end;
}

/* Span labels are kept in m->tags, whose array moves as it grows: the
 * spans take their names once all are read. */
static void spans_done(struct marks *m)
{
	for (size_t i = 0; i < m->nspans; i++)
		m->spans[i].label = m->tags.v[i];
}

/* One span: [start, end, "TAG"], or {start_offset, end_offset, label}. */
static int span(struct ann_ctx *ac, json_t *e, const char *key, size_t i,
		struct marks *m, struct stet_error *err)
{
	uint64_t start, end;
	const char *label;
	char buf[32];

	if (json_is_array(e) && json_array_size(e) == 3 &&
	    offset_of(json_array_get(e, 0), &start) &&
	    offset_of(json_array_get(e, 1), &end) &&
	    (label = label_of(ac, json_array_get(e, 2), buf, sizeof buf)))
		goto ok;
	if (json_is_object(e) &&
	    offset_of(json_object_get(e, "start_offset"), &start) &&
	    offset_of(json_object_get(e, "end_offset"), &end) &&
	    (label = label_of(ac, json_object_get(e, "label"), buf, sizeof buf)))
		goto ok;
	return stet_error_set(err, STET_ERR,
		"\"%s\"[%zu] must be a span: [start, end, \"TAG\"] or {\"start_offset\", \"end_offset\", \"label\"}",
		key, i);
ok:
	add_span(m, start, end, label);
	return STET_OK;
}

/* A "label" (or "cats", "labels", "entities") list: label names, or
 * spans, not both. */
static int read_list(struct ann_ctx *ac, json_t *list, const char *key,
		     struct marks *m, struct stet_error *err)
{
	size_t i, nspans = 0;
	json_t *e;
	char buf[32];

	json_array_foreach(list, i, e)
		nspans += json_is_array(e) || json_is_object(e);
	if (nspans > 0 && nspans < json_array_size(list))
		return stet_error_set(err, STET_ERR,
			"\"%s\" mixes label names and spans", key);
	json_array_foreach(list, i, e) {
		const char *name;

		if (nspans > 0) {
			if (span(ac, e, key, i, m, err) != STET_OK)
				return STET_ERR;
			continue;
		}
		if ((name = label_of(ac, e, buf, sizeof buf)) == NULL)
			return stet_error_set(err, STET_ERR,
					      "\"%s\" must list label names or spans", key);
		ann_names_add(&m->names, name);
	}
	return STET_OK;
}

static int record(struct ann_ctx *ac, struct marks *m, bool spans_read,
		  struct ann_rec *r, struct stet_error *err)
{
	spans_done(m);
	r->labels = (const char *const *)m->names.v;
	r->nlabels = m->names.n;
	r->has_spans = spans_read;
	r->spans = m->spans;
	r->nspans = m->nspans;
	r->what = m->names.n > 0 ? ANN_LABEL : ANN_MARKS;
	r->unit = STET_UNIT_UTF16;
	return ann_record(ac, r, err);
}

/* doccano 1.0 to 1.4: one record, every user's annotations. Each user's
 * labels and spans are one answer, users in the order they first
 * appear. */
static int legacy(struct ann_ctx *ac, json_t *anns, struct ann_rec *r,
		  struct stet_error *err)
{
	size_t n = json_array_size(anns), i, j;
	bool *done = stet_xcalloc(n + 1, sizeof *done);
	const char *fallback = r->annotator;
	int rc = STET_OK;
	json_t *a, *b;

	json_array_foreach(anns, i, a) {
		if (!json_is_object(a)) {
			rc = stet_error_set(err, STET_ERR,
				"\"annotations\" must list objects");
			goto leave;
		}
	}
	json_array_foreach(anns, i, a) {
		json_t *user = json_object_get(a, "user");
		struct marks m = {0};
		bool spans_read = false;
		char who[64], buf[32];

		if (done[i])
			continue;
		json_array_foreach(anns, j, b) {
			const char *name;

			if (j < i || done[j] ||
			    !json_equal(json_object_get(b, "user"), user))
				continue;
			done[j] = true;
			if (json_object_get(b, "start_offset") != NULL) {
				spans_read = true;
				rc = span(ac, b, "annotations", j, &m, err);
			} else if ((name = label_of(ac, json_object_get(b, "label"),
						    buf, sizeof buf)) != NULL) {
				ann_names_add(&m.names, name);
			} else {
				rc = stet_error_set(err, STET_ERR,
					"\"annotations\"[%zu] has no label", j);
			}
			if (rc != STET_OK)
				break;
		}
		r->annotator = fallback;
		if (json_is_integer(user)) {
			snprintf(who, sizeof who, "user-%lld",
				 (long long)json_integer_value(user));
			r->annotator = who;
		} else if (json_is_string(user) && json_string_length(user) > 0) {
			r->annotator = json_string_value(user);
		}
		if (rc == STET_OK)
			rc = record(ac, &m, spans_read, r, err);
		marks_free(&m);
		if (rc != STET_OK)
			goto leave;
	}
leave:
	free(done);
	return rc;
}

static int doccano_line(struct ann_ctx *ac, json_t *o, struct stet_error *err)
{
	static const char *const keys[] = {"label", "cats", "labels"};
	json_t *list = NULL, *anns, *ents;
	const char *key = NULL;
	struct marks m = {0};
	struct ann_rec r = {0};
	bool spans_read = false;
	char *ext;
	size_t i;
	int rc = STET_OK;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	for (i = 0; i < 3 && list == NULL; i++) {
		key = keys[i];
		list = json_object_get(o, key);
	}
	anns = json_object_get(o, "annotations");
	ents = json_object_get(o, "entities");
	if (list == NULL && !json_is_array(anns) && !json_is_array(ents))
		return stet_error_set(err, STET_ERR,
			"no \"label\" list (nor \"cats\", \"entities\", nor 1.0-1.4 \"annotations\")");
	if (list != NULL && !json_is_null(list) && !json_is_array(list))
		return stet_error_set(err, STET_ERR,
				      "\"%s\" must be a list", key);
	if (ents != NULL && !json_is_null(ents) && !json_is_array(ents))
		return stet_error_set(err, STET_ERR,
				      "\"entities\" must be a list");
	if ((r.text = record_text(o)) == NULL)
		return stet_error_set(err, STET_ERR, "the record has no \"text\"");
	ext = ann_id_text(json_object_get(o, "id"));
	r.ext_id = ext && *ext ? ext : NULL;
	r.annotator = ann_opts(ac)->annotator;
	if (r.annotator == NULL)
		r.annotator = ann_file_stem(ac);
	if (list == NULL && !json_is_array(ents)) {
		if (json_array_size(anns) == 0)
			ann_note(ac, NOTE_UNLABELLED, NULL);
		rc = legacy(ac, anns, &r, err);
		goto leave;
	}
	if (list != NULL && (rc = read_list(ac, list, key, &m, err)) != STET_OK)
		goto leave;
	spans_read = m.nspans > 0;
	if (json_is_array(ents)) {
		size_t before = m.nspans;
		json_t *e;

		json_array_foreach(ents, i, e)
			if ((rc = span(ac, e, "entities", i, &m, err)) != STET_OK)
				goto leave;
		spans_read = spans_read || m.nspans > before;
	}
	if (json_array_size(json_object_get(o, "relations")) > 0)
		ann_note(ac, NOTE_PASSED, "relations");
	if (m.names.n == 0 && m.nspans == 0) {
		/* doccano exports every example; one nobody labelled is not
		 * an answer. */
		ann_note(ac, NOTE_UNLABELLED, NULL);
		goto leave;
	}
	rc = record(ac, &m, spans_read, &r, err);
leave:
	marks_free(&m);
	free(ext);
	return rc;
}

const struct ann_reader ann_reader_doccano = {
	.name = "doccano",
	.line = doccano_line,
};
