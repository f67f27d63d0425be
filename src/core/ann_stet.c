/* stet's own annotation records, one JSON object a line:
 * {"item", "annotator", "label", "session", "time", "duration_ms"}
 * (stet(5)), or with "spans": [[start, end, "LABEL"], ...] (code points
 * of the item's text, end exclusive) or "tags": ["TAG", null, ...] (one
 * a token) instead of "label"; names are kept as they are, since they
 * are stet's. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"
#include "stet/annotate.h"
#include "stet/timefmt.h"

/* "spans": [[start, end, "LABEL"], ...]; *out is malloc'd. */
static int read_spans(json_t *js, struct ann_span **out, size_t *n,
		      struct stet_error *err)
{
	size_t i;
	json_t *e;

	*out = stet_xcalloc(json_array_size(js) + 1, sizeof **out);
	*n = 0;
	json_array_foreach(js, i, e) {
		json_t *s = json_array_get(e, 0), *t = json_array_get(e, 1);
		const char *label = json_string_value(json_array_get(e, 2));

		if (json_array_size(e) != 3 || !json_is_integer(s) ||
		    !json_is_integer(t) || json_integer_value(s) < 0 ||
		    json_integer_value(t) < 0 || label == NULL)
			return stet_error_set(err, STET_ERR,
				"\"spans\"[%zu] must be [start, end, \"LABEL\"] (code points)",
				i);
		(*out)[i].start = (uint64_t)json_integer_value(s);
		(*out)[i].end = (uint64_t)json_integer_value(t);
		(*out)[i].label = label;
		*n = i + 1;
	}
	return STET_OK;
}

static int stet_line(struct ann_ctx *ac, json_t *o, struct stet_error *err)
{
	json_t *jitem = json_object_get(o, "item");
	json_t *jann = json_object_get(o, "annotator");
	json_t *jlabel = json_object_get(o, "label");
	json_t *jsession = json_object_get(o, "session");
	json_t *jtime = json_object_get(o, "time");
	json_t *jdur = json_object_get(o, "duration_ms");
	const char *names[STET_MAX_LABELS];
	json_t *jspans = json_object_get(o, "spans");
	json_t *jtags = json_object_get(o, "tags");
	const char **tags = NULL;
	struct ann_rec r = {.what = ANN_LABEL, .labels = names};
	struct ann_span *spans = NULL;
	char *ext = NULL, *sname = NULL;
	int rc = STET_ERR;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	ext = jitem ? ann_id_text(jitem) : NULL;
	if (ext == NULL || *ext == '\0') {
		stet_error_set(err, STET_ERR,
			       "\"item\" must be a string or an integer");
		goto leave;
	}
	if (!json_is_string(jann) || json_string_length(jann) == 0) {
		stet_error_set(err, STET_ERR, "\"annotator\" must be a name");
		goto leave;
	}
	if (jtime != NULL && !json_is_null(jtime)) {
		if (!json_is_string(jtime) ||
		    stet_time_parse(json_string_value(jtime), &r.time_ms) != 0) {
			stet_error_set(err, STET_ERR,
				       "\"time\" must be an ISO 8601 time such as 2026-11-23T09:20:11Z");
			goto leave;
		}
		r.has_time = true;
	}
	if (jdur != NULL && !json_is_null(jdur)) {
		if (!json_is_integer(jdur) || json_integer_value(jdur) < 0 ||
		    json_integer_value(jdur) > UINT32_MAX) {
			stet_error_set(err, STET_ERR,
				       "\"duration_ms\" must be a whole number of milliseconds");
			goto leave;
		}
		r.duration_ms = (uint32_t)json_integer_value(jdur);
	}
	sname = jsession && !json_is_null(jsession) ? ann_id_text(jsession) :
		stet_xstrdup("import");
	if (sname == NULL || *sname == '\0') {
		stet_error_set(err, STET_ERR,
			       "\"session\" must be a string or an integer");
		goto leave;
	}
	if (jspans != NULL) {
		if (!json_is_array(jspans)) {
			stet_error_set(err, STET_ERR,
				       "\"spans\" must be a list of [start, end, \"LABEL\"]");
			goto leave;
		}
		if (read_spans(jspans, &spans, &r.nspans, err) != STET_OK)
			goto leave;
		r.has_spans = true;
		r.spans = spans;
		r.unit = STET_UNIT_CODEPOINTS;
		if (jlabel == NULL)
			r.what = ANN_MARKS;
	}
	if (jtags != NULL) {
		size_t i;
		json_t *e;

		if (!json_is_array(jtags)) {
			stet_error_set(err, STET_ERR,
				       "\"tags\" must be a list: a tag or null for each token");
			goto leave;
		}
		tags = stet_xcalloc(json_array_size(jtags) + 1, sizeof *tags);
		json_array_foreach(jtags, i, e) {
			if (!json_is_string(e) && !json_is_null(e)) {
				stet_error_set(err, STET_ERR,
					       "\"tags\"[%zu] must be a tag or null", i);
				goto leave;
			}
			tags[i] = json_string_value(e);
		}
		r.has_tags = true;
		r.tags = tags;
		r.ntags = json_array_size(jtags);
		if (jlabel == NULL)
			r.what = ANN_MARKS;
	}
	if (r.what == ANN_MARKS) {
		/* spans or tags alone */
	} else if (json_is_string(jlabel)) {
		names[r.nlabels++] = json_string_value(jlabel);
	} else {
		bool ok = json_is_array(jlabel) &&
			  json_array_size(jlabel) <= STET_MAX_LABELS;
		size_t i;
		json_t *e;

		json_array_foreach(jlabel, i, e) {
			if (!ok || !json_is_string(e)) {
				ok = false;
				break;
			}
			names[r.nlabels++] = json_string_value(e);
		}
		if (!ok) {
			stet_error_set(err, STET_ERR,
				       "\"label\" must be a string or an array of strings");
			goto leave;
		}
	}
	r.ext_id = ext;
	r.annotator = json_string_value(jann);
	r.session = sname;
	rc = ann_record(ac, &r, err);
leave:
	free(tags);
	free(spans);
	free(ext);
	free(sname);
	return rc;
}

const struct ann_reader ann_reader_stet = {
	.name = "stet",
	.line = stet_line,
};
