/* doccano's JSONL export. Since 1.6 each user's labels are a file of
 * their own, <username>.jsonl, with records {"id", "text", "label":
 * [names]} ("cats" for intent detection): the annotator is the file's
 * name, or --annotator. Versions 1.0 to 1.4 wrote one file, "annotations":
 * [{"label": <numeric id>, "user": <id>}], with the users' ids in it.
 * Spans ([start, end, TAG], start_offset and end_offset, "entities") are
 * refused: stet labels whole items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"

static int spans(const char *what, struct stet_error *err)
{
	return stet_error_set(err, STET_ERR,
		"the record marks spans (%s), as doccano's sequence labeling and relation projects do: stet takes labels of whole items",
		what);
}

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

/* A label as 1.6 and later write it (a name), or as 1.0 to 1.4 did (the
 * label's id in the doccano project, taken as its name). */
static int label_name(struct ann_ctx *ac, json_t *e, struct ann_names *names,
		      const char *key, struct stet_error *err)
{
	char *id;

	if (json_is_string(e)) {
		ann_names_add(names, json_string_value(e));
		return STET_OK;
	}
	if (json_is_integer(e)) {
		id = ann_id_text(e);
		ann_note(ac, NOTE_NUMERIC, id);
		ann_names_add(names, id);
		free(id);
		return STET_OK;
	}
	if (json_is_array(e)) {
		char what[64];

		snprintf(what, sizeof what, "\"%s\": [start, end, TAG]", key);
		return spans(what, err);
	}
	return stet_error_set(err, STET_ERR,
			      "\"%s\" must list label names", key);
}

/* doccano 1.0 to 1.4: one record, every user's annotations. Each user's
 * labels are one answer, users in the order they first appear. */
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
		if (json_object_get(a, "start_offset") != NULL ||
		    json_object_get(a, "end_offset") != NULL) {
			rc = spans("\"annotations\" with start_offset and end_offset",
				   err);
			goto leave;
		}
	}
	json_array_foreach(anns, i, a) {
		json_t *user = json_object_get(a, "user");
		struct ann_names names = {0};
		char who[64];

		if (done[i])
			continue;
		json_array_foreach(anns, j, b) {
			if (j < i || done[j] ||
			    !json_equal(json_object_get(b, "user"), user))
				continue;
			done[j] = true;
			rc = label_name(ac, json_object_get(b, "label"), &names,
					"label", err);
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
		r->labels = (const char *const *)names.v;
		r->nlabels = names.n;
		r->what = ANN_LABEL;
		if (rc == STET_OK)
			rc = ann_record(ac, r, err);
		ann_names_free(&names);
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
	struct ann_names names = {0};
	struct ann_rec r = {0};
	char *ext;
	size_t i;
	json_t *e;
	int rc = STET_OK;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	for (i = 0; i < 3 && list == NULL; i++) {
		key = keys[i];
		list = json_object_get(o, key);
	}
	anns = json_object_get(o, "annotations");
	ents = json_object_get(o, "entities");
	if (list == NULL && json_is_array(ents))
		return spans("\"entities\"", err);
	if (list == NULL && !json_is_array(anns))
		return stet_error_set(err, STET_ERR,
			"no \"label\" list (nor \"cats\", nor 1.0-1.4 \"annotations\")");
	if (list != NULL && !json_is_null(list) && !json_is_array(list))
		return stet_error_set(err, STET_ERR,
				      "\"%s\" must be a list", key);
	if ((r.text = record_text(o)) == NULL)
		return stet_error_set(err, STET_ERR, "the record has no \"text\"");
	ext = ann_id_text(json_object_get(o, "id"));
	r.ext_id = ext && *ext ? ext : NULL;
	r.annotator = ann_opts(ac)->annotator;
	if (r.annotator == NULL)
		r.annotator = ann_file_stem(ac);
	if (list == NULL) {
		if (json_array_size(anns) == 0)
			ann_note(ac, NOTE_UNLABELLED, NULL);
		rc = legacy(ac, anns, &r, err);
		goto leave;
	}
	json_array_foreach(list, i, e)
		if ((rc = label_name(ac, e, &names, key, err)) != STET_OK)
			goto leave;
	if (json_array_size(ents) > 0)
		ann_note(ac, NOTE_PASSED, "entities (spans)");
	if (names.n == 0) {
		/* doccano exports every example; one nobody labelled is not
		 * an answer. */
		ann_note(ac, NOTE_UNLABELLED, NULL);
		goto leave;
	}
	r.labels = (const char *const *)names.v;
	r.nlabels = names.n;
	r.what = ANN_LABEL;
	rc = ann_record(ac, &r, err);
leave:
	ann_names_free(&names);
	free(ext);
	return rc;
}

const struct ann_reader ann_reader_doccano = {
	.name = "doccano",
	.line = doccano_line,
};
