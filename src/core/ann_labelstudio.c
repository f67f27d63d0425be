/* Label Studio's JSON export: a list of tasks (or one task object), each
 * with its "data" and its "annotations", each annotation with who made
 * it ("completed_by"), when ("created_at"), how long it took
 * ("lead_time", seconds) and its "result" regions. Whole-item labels are
 * the results of a choices or taxonomy control, spans those of a labels
 * control ({start, end, text, labels}, offsets in UTF-16 code units as
 * the JavaScript of its editor counts them); one control of each kind is
 * read per file, and results of other kinds (boxes, ...) are passed
 * over. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_in.h"
#include "stet/buf.h"
#include "stet/timefmt.h"

struct ls_state {
	json_t *tasks;   /* an array; a lone task object is wrapped in one */
	bool single;     /* the file held one task object */
	char *control;   /* the from_name read, or NULL when none has results */
	char *spans;     /* the labels control read, or NULL */
};

static bool is_span_type(const char *type)
{
	return type != NULL && strcmp(type, "labels") == 0;
}

static bool is_label_type(const char *type)
{
	return type != NULL && (strcmp(type, "choices") == 0 ||
				strcmp(type, "taxonomy") == 0);
}

/* What a result type marks, for messages. */
static const char *type_kind(const char *type)
{
	static const char *const kinds[][2] = {
		{"labels", "spans"},
		{"hypertextlabels", "spans"},
		{"paragraphlabels", "spans"},
		{"timeserieslabels", "time ranges"},
		{"rectanglelabels", "bounding boxes"},
		{"rectangle", "bounding boxes"},
		{"videorectangle", "bounding boxes"},
		{"polygonlabels", "polygons"},
		{"polygon", "polygons"},
		{"ellipselabels", "ellipses"},
		{"ellipse", "ellipses"},
		{"keypointlabels", "key points"},
		{"keypoint", "key points"},
		{"brushlabels", "masks"},
		{"brush", "masks"},
		{"relation", "relations"},
		{"textarea", "free text"},
		{"rating", "ratings"},
		{"number", "numbers"},
		{"datetime", "dates"},
		{"pairwise", "comparisons"},
		{"ranker", "rankings"},
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(type, kinds[i][0]) == 0)
			return kinds[i][1];
	return NULL;
}

/* Adds w to the ", "-separated list b once. The words themselves may
 * hold ", ", so which were added is kept in seen, not read back from b. */
static void add_word(struct stet_buf *b, struct ann_names *seen,
		     const char *w)
{
	for (size_t i = 0; i < seen->n; i++)
		if (strcmp(seen->v[i], w) == 0)
			return;
	ann_names_add(seen, w);
	if (b->len > 0)
		stet_buf_adds(b, ", ");
	stet_buf_adds(b, w);
}

static void type_word(struct stet_buf *b, struct ann_names *seen,
		      const char *type)
{
	const char *kind = type_kind(type);
	char w[200];

	if (kind != NULL)
		snprintf(w, sizeof w, "%s (%s)", type, kind);
	else
		snprintf(w, sizeof w, "%s", type);
	add_word(b, seen, w);
}

/* The controls to read: --control names one of either kind; otherwise
 * the one choices or taxonomy control and the one labels control the
 * file has results of. */
static int pick_control(struct ann_ctx *ac, struct ls_state *ls,
			struct stet_error *err)
{
	const char *want = ann_opts(ac)->control;
	struct ann_names controls = {0}, spans = {0}, kinds = {0};
	struct stet_buf list, slist, others;
	size_t ti, ai, ri;
	json_t *t, *a, *r;
	bool found = false, found_span = false;
	int rc = STET_OK;

	stet_buf_init(&list);
	stet_buf_init(&slist);
	stet_buf_init(&others);
	json_array_foreach(ls->tasks, ti, t)
	json_array_foreach(json_object_get(t, "annotations"), ai, a)
	json_array_foreach(json_object_get(a, "result"), ri, r) {
		const char *type = json_string_value(json_object_get(r, "type"));
		const char *from = json_string_value(json_object_get(r, "from_name"));

		if (type == NULL || from == NULL)
			continue;
		if (is_span_type(type)) {
			found_span = found_span ||
				(want != NULL && strcmp(from, want) == 0);
			add_word(&slist, &spans, from);
			continue;
		}
		if (!is_label_type(type)) {
			type_word(&others, &kinds, type);
			continue;
		}
		found = found || (want != NULL && strcmp(from, want) == 0);
		add_word(&list, &controls, from);
	}
	if (want != NULL && !found && !found_span) {
		if (spans.n > 0 && controls.n > 0)
			stet_buf_adds(&list, ", ");
		if (spans.n > 0)
			stet_buf_adds(&list, slist.data);
		rc = stet_error_set(err, STET_ERR,
			"%s: no choices, taxonomy or labels control named \"%s\" (the file has %s)",
			ann_file(ac), want, list.len ? list.data : "none");
	}
	else if (controls.n == 0 && spans.n == 0 && others.len > 0)
		rc = stet_error_set(err, STET_ERR,
			"%s: no choices, taxonomy or labels results: stet takes labels of whole items and spans of text, not %s",
			ann_file(ac), others.data);
	else if (!found && controls.n > 1)
		rc = stet_error_set(err, STET_ERR,
			"%s: %zu choices or taxonomy controls (%s): choose one with --control NAME",
			ann_file(ac), controls.n, list.data);
	else if (!found_span && spans.n > 1)
		rc = stet_error_set(err, STET_ERR,
			"%s: %zu labels controls (%s): choose one with --control NAME",
			ann_file(ac), spans.n, slist.data);
	/* A control named is read alone: a lead who names the labels
	 * control of a file that also has a taxonomy wants its spans, not
	 * the taxonomy's item labels as well. */
	if (rc == STET_OK && !found_span && (found || controls.n == 1))
		ls->control = stet_xstrdup(found ? want : controls.v[0]);
	if (rc == STET_OK && !found && (found_span || spans.n == 1))
		ls->spans = stet_xstrdup(found_span ? want : spans.v[0]);
	ann_names_free(&controls);
	ann_names_free(&spans);
	ann_names_free(&kinds);
	stet_buf_free(&list);
	stet_buf_free(&slist);
	stet_buf_free(&others);
	return rc;
}

static int read_all(struct ann_ctx *ac, struct stet_buf *b,
		    struct stet_error *err)
{
	const char *path = ann_file(ac);
	bool std = strcmp(ann_path(ac), "-") == 0;
	FILE *f = std ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		stet_buf_add(b, chunk, n);
	if (ferror(f)) {
		int e = errno;

		if (!std)
			fclose(f);
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(e));
	}
	if (!std)
		fclose(f);
	return STET_OK;
}

static void ls_free(void *state)
{
	struct ls_state *ls = state;

	json_decref(ls->tasks);
	free(ls->control);
	free(ls->spans);
	free(ls);
}

static int ls_load(struct ann_ctx *ac, void **state, struct stet_error *err)
{
	struct ls_state *ls;
	struct stet_buf b;
	json_error_t jerr;
	json_t *root;
	size_t i = 0;

	if (ann_opts(ac)->encoding != NULL)
		return stet_error_set(err, STET_ERR,
			"--encoding: Label Studio's JSON is UTF-8, and read as it is");
	stet_buf_init(&b);
	if (read_all(ac, &b, err) != STET_OK) {
		stet_buf_free(&b);
		return STET_ERR;
	}
	while (i < b.len && strchr(" \t\r\n", b.data[i]) != NULL)
		i++;
	if (i == b.len) {
		stet_buf_free(&b);
		return STET_NOTFOUND;
	}
	root = json_loadb(b.data, b.len, 0, &jerr);
	stet_buf_free(&b);
	if (root == NULL)
		return stet_error_set(err, STET_ERR, "%s:%d:%d: %s",
				      ann_file(ac), jerr.line,
				      jerr.column > 0 ? jerr.column : 1, jerr.text);
	ls = stet_xcalloc(1, sizeof *ls);
	*state = ls;
	if (json_is_object(root)) {
		ls->tasks = json_array();
		json_array_append_new(ls->tasks, root);
		ls->single = true;
	} else if (json_is_array(root)) {
		ls->tasks = root;
	} else {
		json_decref(root);
		return stet_error_set(err, STET_ERR,
			"%s: a Label Studio export is a list of tasks or one task object",
			ann_file(ac));
	}
	return pick_control(ac, ls, err);
}

/* "completed_by": a user id, or an object with the user's email and id.
 * NULL when the annotation names no one (then --annotator). */
static int annotator_of(json_t *cb, char *out, size_t outlen,
			struct stet_error *err)
{
	json_t *email, *id;

	*out = '\0';
	if (cb == NULL || json_is_null(cb))
		return STET_OK;
	if (json_is_integer(cb)) {
		snprintf(out, outlen, "user-%lld",
			 (long long)json_integer_value(cb));
		return STET_OK;
	}
	if (json_is_object(cb)) {
		email = json_object_get(cb, "email");
		id = json_object_get(cb, "id");
		if (json_is_string(email) && json_string_length(email) > 0)
			snprintf(out, outlen, "%s", json_string_value(email));
		else if (json_is_integer(id))
			snprintf(out, outlen, "user-%lld",
				 (long long)json_integer_value(id));
		else if (json_is_string(id) && json_string_length(id) > 0)
			snprintf(out, outlen, "user-%s", json_string_value(id));
		return STET_OK;
	}
	return stet_error_set(err, STET_ERR,
		"\"completed_by\" must be a user id or an object with the user's email or id");
}

/* The labels of one result of the control read. */
static int result_labels(json_t *r, struct ann_names *names,
			 struct stet_error *err)
{
	const char *type = json_string_value(json_object_get(r, "type"));
	json_t *value = json_object_get(r, "value");
	json_t *list = json_object_get(value, type);
	struct stet_buf path;
	size_t i, j;
	json_t *e, *step;

	if (!json_is_array(list))
		return stet_error_set(err, STET_ERR,
				      "\"value\" has no \"%s\" list", type);
	if (strcmp(type, "choices") == 0) {
		json_array_foreach(list, i, e) {
			if (!json_is_string(e))
				return stet_error_set(err, STET_ERR,
					"\"value\".\"choices\" must be a list of strings");
			ann_names_add(names, json_string_value(e));
		}
		return STET_OK;
	}
	/* Taxonomy: each choice is a path from the root, written A/B/C. */
	stet_buf_init(&path);
	json_array_foreach(list, i, e) {
		stet_buf_reset(&path);
		json_array_foreach(e, j, step) {
			if (!json_is_string(step))
				break;
			if (j > 0)
				stet_buf_addc(&path, '/');
			stet_buf_adds(&path, json_string_value(step));
		}
		if (!json_is_array(e) || j != json_array_size(e) || path.len == 0) {
			stet_buf_free(&path);
			return stet_error_set(err, STET_ERR,
				"\"value\".\"taxonomy\" must be a list of paths (lists of strings)");
		}
		ann_names_add(names, path.data);
	}
	stet_buf_free(&path);
	return STET_OK;
}

/* The spans of one annotation: one a label of each region. */
struct span_list {
	struct ann_span *v;
	char **names;
	size_t n, cap;
};

static void span_list_free(struct span_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static bool offset_of(json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static int result_spans(json_t *r, const char *where, size_t ri,
			struct span_list *l, struct stet_error *err)
{
	json_t *value = json_object_get(r, "value");
	json_t *labels = json_object_get(value, "labels");
	uint64_t start, end;
	size_t i;
	json_t *e;

	if (!offset_of(json_object_get(value, "start"), &start) ||
	    !offset_of(json_object_get(value, "end"), &end) ||
	    !json_is_array(labels))
		return stet_error_set(err, STET_ERR,
			"\"value\" must have a \"start\" and an \"end\" (UTF-16 code units) and a \"labels\" list");
	json_array_foreach(labels, i, e) {
		struct ann_span *sp;
		char name[128];

		if (!json_is_string(e))
			return stet_error_set(err, STET_ERR,
				"\"value\".\"labels\" must be a list of strings");
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->v = stet_xrealloc(l->v, l->cap * sizeof *l->v);
			l->names = stet_xrealloc(l->names, l->cap * sizeof *l->names);
		}
		snprintf(name, sizeof name, "%sresult %zu", where, ri);
		l->names[l->n] = stet_xstrdup(name);
		sp = &l->v[l->n++];
		sp->start = start;
		sp->end = end;
		sp->label = json_string_value(e);
		sp->text = json_string_value(json_object_get(value, "text"));
		sp->name = l->names[l->n - 1];
	}
	return STET_OK;
}

/* where: the annotation in messages, "[3].annotations[1] ". */
static int annotation(struct ann_ctx *ac, struct ls_state *ls, json_t *a,
		      const char *where, struct ann_rec *r,
		      struct stet_error *err)
{
	json_t *created = json_object_get(a, "created_at");
	json_t *lead = json_object_get(a, "lead_time");
	json_t *result = json_object_get(a, "result");
	struct ann_names names = {0};
	struct span_list spans = {0};
	char who[256];
	size_t i;
	json_t *res;
	int rc;

	r->has_spans = false;
	r->nspans = 0;
	if (!json_is_object(a))
		return stet_error_set(err, STET_ERR,
				      "an annotation must be an object");
	if (annotator_of(json_object_get(a, "completed_by"), who, sizeof who,
			 err) != STET_OK)
		return STET_ERR;
	r->annotator = *who ? who : NULL;
	r->has_time = false;
	if (created != NULL && !json_is_null(created)) {
		if (!json_is_string(created) ||
		    stet_time_parse(json_string_value(created), &r->time_ms) != 0)
			return stet_error_set(err, STET_ERR,
				"\"created_at\" must be an ISO 8601 time");
		r->has_time = true;
	}
	r->duration_ms = 0;
	if (lead != NULL && !json_is_null(lead)) {
		double s = json_number_value(lead);

		if (!json_is_number(lead) || !isfinite(s) || s < 0)
			return stet_error_set(err, STET_ERR,
				"\"lead_time\" must be a number of seconds");
		r->duration_ms = s * 1000.0 >= (double)UINT32_MAX ? UINT32_MAX :
			(uint32_t)(s * 1000.0 + 0.5);
	}
	if (json_is_true(json_object_get(a, "was_cancelled"))) {
		ann_note(ac, NOTE_CANCELLED, NULL);
		r->what = ANN_SKIP;
		r->nlabels = 0;
		return ann_record(ac, r, err);
	}
	if (result != NULL && !json_is_null(result) && !json_is_array(result))
		return stet_error_set(err, STET_ERR,
				      "\"result\" must be a list");
	json_array_foreach(result, i, res) {
		const char *type = json_string_value(json_object_get(res, "type"));
		const char *from = json_string_value(json_object_get(res, "from_name"));
		char detail[300];

		if (!json_is_object(res) || type == NULL || from == NULL) {
			ann_names_free(&names);
			return stet_error_set(err, STET_ERR,
				"result %zu must be an object with a \"type\" and a \"from_name\"",
				i);
		}
		if (ls->spans != NULL && is_span_type(type) &&
		    strcmp(from, ls->spans) == 0) {
			if (result_spans(res, where, i, &spans, err) != STET_OK) {
				stet_error_prefix(err, "result %zu", i);
				ann_names_free(&names);
				span_list_free(&spans);
				return STET_ERR;
			}
			continue;
		}
		if (ls->control != NULL && is_label_type(type) &&
		    strcmp(from, ls->control) == 0) {
			if (result_labels(res, &names, err) != STET_OK) {
				stet_error_prefix(err, "result %zu", i);
				ann_names_free(&names);
				span_list_free(&spans);
				return STET_ERR;
			}
			continue;
		}
		if (is_label_type(type) || is_span_type(type))
			snprintf(detail, sizeof detail, "%s of %s", type, from);
		else if (type_kind(type) != NULL)
			snprintf(detail, sizeof detail, "%s (%s)", type,
				 type_kind(type));
		else
			snprintf(detail, sizeof detail, "%s", type);
		ann_note(ac, NOTE_PASSED, detail);
	}
	r->labels = (const char *const *)names.v;
	r->nlabels = names.n;
	r->what = names.n > 0 ? ANN_LABEL : ls->spans != NULL ? ANN_MARKS :
		  ANN_NONE;
	/* In a file with spans, an annotation without any marked none. */
	r->has_spans = ls->spans != NULL;
	r->unit = STET_UNIT_UTF16;
	r->spans = spans.v;
	r->nspans = spans.n;
	rc = ann_record(ac, r, err);
	ann_names_free(&names);
	span_list_free(&spans);
	r->spans = NULL;
	r->nspans = 0;
	return rc;
}

/* A task's annotations in the order they were made, so that an
 * annotator's latest stands; file order when a time is missing. */
static size_t *made_order(json_t *anns)
{
	size_t n = json_array_size(anns);
	size_t *order = stet_xcalloc(n + 1, sizeof *order);
	int64_t *t = stet_xcalloc(n + 1, sizeof *t);
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(
			json_object_get(json_array_get(anns, i), "created_at"));

		order[i] = i;
		if (s == NULL || stet_time_parse(s, &t[i]) != 0)
			all = false;
	}
	for (size_t i = 1; all && i < n; i++) {
		size_t k = order[i], j = i;

		for (; j > 0 && t[order[j - 1]] > t[k]; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	free(t);
	return order;
}

/* The task's text: data.text, else the first string of data that is not
 * its id, else data itself as JSON. */
static char *task_text(json_t *data)
{
	const char *key;
	json_t *v = json_object_get(data, "text");

	if (json_is_string(v))
		return stet_xstrdup(json_string_value(v));
	json_object_foreach(data, key, v)
		if (json_is_string(v) && strcmp(key, "id") != 0)
			return stet_xstrdup(json_string_value(v));
	return json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
}

static int task(struct ann_ctx *ac, struct ls_state *ls, json_t *t,
		const char *where, struct stet_error *err)
{
	json_t *data = json_object_get(t, "data");
	json_t *anns = json_object_get(t, "annotations");
	struct ann_rec r = {0};
	char *ext = NULL, *text = NULL;
	size_t *order = NULL;
	int rc = STET_OK;

	if (!json_is_object(t) || !json_is_object(data)) {
		stet_error_set(err, STET_ERR,
			       "a task must be an object with a \"data\" object");
		goto fail;
	}
	if (anns != NULL && !json_is_null(anns) && !json_is_array(anns)) {
		stet_error_set(err, STET_ERR, "\"annotations\" must be a list");
		goto fail;
	}
	ext = ann_id_text(json_object_get(data, "id"));
	if (ext == NULL)
		ext = ann_id_text(json_object_get(t, "id"));
	text = task_text(data);
	r.ext_id = ext && *ext ? ext : NULL;
	r.text = text;
	order = made_order(anns);
	for (size_t i = 0; i < json_array_size(anns); i++) {
		char at[96];

		snprintf(at, sizeof at, "%s%sannotations[%zu] ", where,
			 *where ? "." : "", order[i]);
		rc = annotation(ac, ls, json_array_get(anns, order[i]), at, &r,
				err);
		if (rc != STET_OK) {
			/* A span's message names the annotation already. */
			if (rc != STET_MAPFULL &&
			    strncmp(err->msg, at, strlen(at)) == 0)
				stet_error_prefix(err, "%s", ann_file(ac));
			else if (rc != STET_MAPFULL)
				stet_error_prefix(err, "%s: %s%sannotations[%zu]",
						  ann_file(ac), where,
						  *where ? "." : "", order[i]);
			goto leave;
		}
	}
	goto leave;
fail:
	stet_error_prefix(err, "%s: %s", ann_file(ac),
			  *where ? where : "the task");
	rc = STET_ERR;
leave:
	free(order);
	free(ext);
	free(text);
	return rc;
}

static int ls_walk(struct ann_ctx *ac, void *state, struct stet_error *err)
{
	struct ls_state *ls = state;
	size_t i;
	json_t *t;

	json_array_foreach(ls->tasks, i, t) {
		char where[48] = "";
		int rc;

		if (!ls->single)
			snprintf(where, sizeof where, "[%zu]", i);
		rc = task(ac, ls, t, where, err);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

const struct ann_reader ann_reader_labelstudio = {
	.name = "labelstudio",
	.load = ls_load,
	.walk = ls_walk,
	.free = ls_free,
};
