/* Prodigy's `prodigy db-out` JSONL: one answered task a line.
 *
 * A choice task (an "accept" list: textcat.manual with several labels,
 * choice views) gives the chosen options as the labels; a binary task (one
 * "label": textcat.teach, textcat.manual with one label, classification
 * views) says that the item has the label (accept) or has not (reject).
 * "ignore" is a skip. Tasks of views that mark spans, tokens, boxes or
 * relations are refused: stet labels whole items. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"

/* Views whose answers are not labels of the whole task. */
static const char *const other_views[][2] = {
	{"ner", "entity spans"},
	{"ner_manual", "entity spans"},
	{"spans", "spans"},
	{"spans_manual", "spans"},
	{"pos", "part-of-speech tags"},
	{"pos_manual", "part-of-speech tags"},
	{"dep", "dependencies"},
	{"relations", "relations"},
	{"image_manual", "image regions"},
	{"audio", "audio regions"},
	{"audio_manual", "audio regions"},
	{"video", "video regions"},
	{"video_manual", "video regions"},
	{"text_input", "free text"},
	{"compare", "comparisons"},
	{"diff", "comparisons"},
	{"review", "reviews of other answers"},
};

/* The text of the task: "text", else the first string of the task that
 * is not one of Prodigy's own keys. */
static const char *task_text(json_t *o)
{
	const char *key;
	json_t *v = json_object_get(o, "text");

	if (json_is_string(v))
		return json_string_value(v);
	json_object_foreach(o, key, v) {
		if (json_is_string(v) && key[0] != '_' &&
		    strcmp(key, "label") != 0 && strcmp(key, "answer") != 0)
			return json_string_value(v);
	}
	return NULL;
}

static const char *nonempty(json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 0 ?
		json_string_value(v) : NULL;
}

static int prodigy_line(struct ann_ctx *ac, json_t *o, struct stet_error *err)
{
	json_t *jview = json_object_get(o, "_view_id");
	json_t *jaccept = json_object_get(o, "accept");
	json_t *jlabel = json_object_get(o, "label");
	json_t *jts = json_object_get(o, "_timestamp");
	json_t *jmeta = json_object_get(o, "meta");
	const char *answer = json_string_value(json_object_get(o, "answer"));
	const char *names[1];
	struct ann_names chosen = {0};
	char *ext = NULL, *meta = NULL;
	struct ann_rec r = {.labels = names};
	int rc = STET_ERR;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	for (size_t i = 0; json_is_string(jview) &&
	     i < sizeof other_views / sizeof other_views[0]; i++)
		if (strcmp(json_string_value(jview), other_views[i][0]) == 0)
			return stet_error_set(err, STET_ERR,
				"a Prodigy \"%s\" answer marks %s: stet takes labels of whole items (choice and classification answers)",
				other_views[i][0], other_views[i][1]);
	if (answer == NULL || (strcmp(answer, "accept") != 0 &&
			       strcmp(answer, "reject") != 0 &&
			       strcmp(answer, "ignore") != 0))
		return stet_error_set(err, STET_ERR,
				      "\"answer\" must be accept, reject or ignore");
	if (!json_is_array(jaccept) && !json_is_string(jlabel))
		return stet_error_set(err, STET_ERR,
			"neither an \"accept\" list (a choice answer) nor a \"label\" (a binary one)");
	if ((r.text = task_text(o)) == NULL)
		return stet_error_set(err, STET_ERR,
				      "the task has no \"text\" nor any other string");
	if (jts != NULL && !json_is_null(jts)) {
		double s = json_number_value(jts);

		if (!json_is_number(jts) || !isfinite(s) || s < 0 || s > 1e13)
			return stet_error_set(err, STET_ERR,
				"\"_timestamp\" must be seconds since 1970");
		r.time_ms = (int64_t)(s * 1000.0 + 0.5);
		r.has_time = true;
	}
	/* The item: the id the task came with, else Prodigy's hash of its
	 * input. */
	if (json_is_object(jmeta))
		ext = ann_id_text(json_object_get(jmeta, "id"));
	if (ext == NULL)
		ext = ann_id_text(json_object_get(o, "_input_hash"));
	if (ext != NULL && *ext == '\0') {
		free(ext);
		ext = NULL;
	}
	r.ext_id = ext;
	/* A new item keeps the task's meta, less the id it is known by. */
	if (json_is_object(jmeta)) {
		json_t *rest = json_copy(jmeta);

		json_object_del(rest, "id");
		if (json_object_size(rest) > 0)
			meta = json_dumps(rest, JSON_COMPACT);
		json_decref(rest);
	}
	r.meta = meta;
	/* _annotator_id is dataset-session for named sessions; older
	 * Prodigy wrote only _session_id. */
	r.annotator = nonempty(json_object_get(o, "_annotator_id"));
	if (r.annotator == NULL)
		r.annotator = nonempty(json_object_get(o, "_session_id"));
	r.session = nonempty(json_object_get(o, "_session_id"));
	if (strcmp(answer, "ignore") == 0) {
		r.what = ANN_SKIP;
		ann_note(ac, NOTE_IGNORED, NULL);
	} else if (json_is_array(jaccept) && strcmp(answer, "reject") == 0) {
		r.what = ANN_SKIP;
		ann_note(ac, NOTE_REJECT_CHOICE, NULL);
	} else if (json_is_array(jaccept)) {
		size_t i;
		json_t *e;

		json_array_foreach(jaccept, i, e) {
			/* Option ids are strings or numbers. */
			char *id = ann_id_text(e);

			if (id == NULL) {
				stet_error_set(err, STET_ERR,
					       "\"accept\" must list option ids");
				goto leave;
			}
			ann_names_add(&chosen, id);
			free(id);
		}
		r.labels = (const char *const *)chosen.v;
		r.nlabels = chosen.n;
		r.what = r.nlabels > 0 ? ANN_LABEL : ANN_NONE;
	} else {
		names[0] = json_string_value(jlabel);
		r.nlabels = 1;
		r.what = strcmp(answer, "accept") == 0 ? ANN_ACCEPT : ANN_REJECT;
	}
	rc = ann_record(ac, &r, err);
leave:
	ann_names_free(&chosen);
	free(ext);
	free(meta);
	return rc;
}

const struct ann_reader ann_reader_prodigy = {
	.name = "prodigy",
	.line = prodigy_line,
};
