/* Prodigy's `prodigy db-out` JSONL: one answered task a line.
 *
 * A choice task (an "accept" list: textcat.manual with several labels,
 * choice views) gives the chosen options as the labels; a binary task (one
 * "label": textcat.teach, textcat.manual with one label, classification
 * views) says that the item has the label (accept) or has not (reject).
 * A manual span task (ner_manual, spans_manual, pos_manual: "tokens" and
 * "spans" with start, end, token_start, token_end, label) gives the
 * annotator's spans, in characters as Python counts them (code points);
 * in a project of token labels each span is one token's tag. "ignore"
 * is a skip, and so is a rejected manual task. Tasks of views that
 * mark boxes, relations or one span to accept or reject are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"

/* Views whose answers are not labels of the whole task. */
static const char *const other_views[][2] = {
	{"ner", "one entity span to accept or reject"},
	{"spans", "one span to accept or reject"},
	{"pos", "one part-of-speech tag to accept or reject"},
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

static bool manual_view(json_t *view)
{
	static const char *const views[] = {"ner_manual", "spans_manual",
					    "pos_manual"};
	const char *v = json_string_value(view);

	for (size_t i = 0; v != NULL && i < sizeof views / sizeof views[0]; i++)
		if (strcmp(v, views[i]) == 0)
			return true;
	return false;
}

/* A span's offset: a whole number of characters. */
static bool offset_of(json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

/* The task's tokens ({text, start, end, id, ws}) and spans. */
static int manual_marks(json_t *o, struct stet_tokens *toks,
			struct ann_span **spans, size_t *nspans,
			char ***names, struct stet_error *err)
{
	json_t *jt = json_object_get(o, "tokens");
	json_t *js = json_object_get(o, "spans");
	size_t i;
	json_t *e;

	if (jt != NULL && !json_is_array(jt))
		return stet_error_set(err, STET_ERR, "\"tokens\" must be a list");
	if (js != NULL && !json_is_null(js) && !json_is_array(js))
		return stet_error_set(err, STET_ERR, "\"spans\" must be a list");
	json_array_foreach(jt, i, e) {
		uint64_t s, t;

		if (!offset_of(json_object_get(e, "start"), &s) ||
		    !offset_of(json_object_get(e, "end"), &t) || s > t ||
		    t > UINT32_MAX)
			return stet_error_set(err, STET_ERR,
				"tokens[%zu] must have a \"start\" and an \"end\" (characters, start <= end)",
				i);
		stet_tokens_add(toks, (uint32_t)s, (uint32_t)t, 0);
	}
	*spans = stet_xcalloc(json_array_size(js) + 1, sizeof **spans);
	*names = stet_xcalloc(json_array_size(js) + 1, sizeof **names);
	json_array_foreach(js, i, e) {
		struct ann_span *sp = &(*spans)[i];
		json_t *text = json_object_get(e, "text");
		char name[32];

		snprintf(name, sizeof name, "spans[%zu]", i);
		(*names)[i] = stet_xstrdup(name);
		sp->name = (*names)[i];
		sp->label = json_string_value(json_object_get(e, "label"));
		if (!json_is_object(e) || sp->label == NULL ||
		    !offset_of(json_object_get(e, "start"), &sp->start) ||
		    !offset_of(json_object_get(e, "end"), &sp->end))
			return stet_error_set(err, STET_ERR,
				"%s must have a \"start\", an \"end\" (characters) and a \"label\"",
				name);
		sp->text = json_string_value(text);
		*nspans = i + 1;
	}
	return STET_OK;
}

/* A list ending in NULL. */
static void names_free(char **names)
{
	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		free(names[i]);
	free(names);
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
	char *ext = NULL, *meta = NULL, **span_names = NULL;
	struct ann_rec r = {.labels = names};
	struct ann_span *spans = NULL;
	struct stet_tokens toks;
	bool manual = manual_view(jview);
	int rc = STET_ERR;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	for (size_t i = 0; json_is_string(jview) &&
	     i < sizeof other_views / sizeof other_views[0]; i++)
		if (strcmp(json_string_value(jview), other_views[i][0]) == 0)
			return stet_error_set(err, STET_ERR,
				"a Prodigy \"%s\" answer marks %s: stet takes labels of whole items (choice and classification answers) and the spans of manual views (ner_manual, spans_manual, pos_manual)",
				other_views[i][0], other_views[i][1]);
	if (answer == NULL || (strcmp(answer, "accept") != 0 &&
			       strcmp(answer, "reject") != 0 &&
			       strcmp(answer, "ignore") != 0))
		return stet_error_set(err, STET_ERR,
				      "\"answer\" must be accept, reject or ignore");
	if (!manual && !json_is_array(jaccept) && !json_is_string(jlabel))
		return stet_error_set(err, STET_ERR,
			"neither an \"accept\" list (a choice answer) nor a \"label\" (a binary one), nor a manual span view");
	if ((r.text = task_text(o)) == NULL)
		return stet_error_set(err, STET_ERR,
				      "the task has no \"text\" nor any other string");
	stet_tokens_init(&toks);
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
	} else if (manual && strcmp(answer, "reject") == 0) {
		r.what = ANN_SKIP;
		ann_note(ac, NOTE_REJECT_CHOICE, NULL);
	} else if (manual) {
		if (manual_marks(o, &toks, &spans, &r.nspans, &span_names, err) !=
		    STET_OK)
			goto leave;
		r.what = ANN_MARKS;
		r.has_spans = true;
		r.unit = STET_UNIT_CODEPOINTS;
		r.spans = spans;
		r.tokens = toks.n > 0 ? &toks : NULL;
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
	names_free(span_names);
	free(spans);
	stet_tokens_free(&toks);
	free(ext);
	free(meta);
	return rc;
}

const struct ann_reader ann_reader_prodigy = {
	.name = "prodigy",
	.line = prodigy_line,
};
