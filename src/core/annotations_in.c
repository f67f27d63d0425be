/* Reads {"item", "annotator", "label", "session", "time", "duration_ms"}
 * records. Sessions are matched by annotator and name; a session's start
 * and end are its earliest and latest record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/annotate.h"
#include "stet/annotations_in.h"
#include "stet/import.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/timefmt.h"

struct open_session {
	struct stet_session s;
	char *key; /* annotator id + name */
};

struct annot_ctx {
	const char *project;
	struct stet_input *in;
	const struct stet_annot_opts *opts;
	struct stet_annot_result *res;
	struct stet_schema schema;
	bool schema_changed;
	struct open_session *sessions;
	size_t nsessions;
	int64_t now;
	bool started;
};

static void sessions_free(struct annot_ctx *ac)
{
	for (size_t i = 0; i < ac->nsessions; i++) {
		stet_session_clear(&ac->sessions[i].s);
		free(ac->sessions[i].key);
	}
	free(ac->sessions);
	ac->sessions = NULL;
	ac->nsessions = 0;
}

/* Sessions named in earlier imports are found by scanning: a project has
 * few sessions next to its events, and this runs once per new name. */
static int find_stored_session(struct stet_txn *txn, uint32_t annotator,
			       const char *name, struct stet_session *out,
			       struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_SESSIONS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8)
			continue;
		rc = stet_session_get(txn, stet_get_u64be(k), out, err);
		if (rc != STET_OK)
			break;
		if (out->annotator == annotator && out->name != NULL &&
		    strcmp(out->name, name) == 0)
			break;
		stet_session_clear(out);
	}
	stet_cursor_close(c);
	return rc;
}

static int session_for(struct annot_ctx *ac, struct stet_txn *txn,
		       uint32_t annotator, const char *name, int64_t t,
		       struct stet_session **out, struct stet_error *err)
{
	char key[300];
	struct open_session *os;
	int rc;

	snprintf(key, sizeof key, "%u\x1f%s", annotator, name);
	for (size_t i = 0; i < ac->nsessions; i++) {
		if (strcmp(ac->sessions[i].key, key) == 0) {
			os = &ac->sessions[i];
			goto found;
		}
	}
	ac->sessions = stet_xrealloc(ac->sessions,
		(ac->nsessions + 1) * sizeof *ac->sessions);
	os = &ac->sessions[ac->nsessions++];
	memset(os, 0, sizeof *os);
	os->key = stet_xstrdup(key);
	rc = find_stored_session(txn, annotator, name, &os->s, err);
	if (rc == STET_NOTFOUND) {
		os->s.annotator = annotator;
		os->s.start_ms = t;
		os->s.end_ms = t;
		os->s.host = stet_xstrdup("import");
		os->s.name = stet_xstrdup(name);
		os->s.schema_version = ac->schema.version;
		if (stet_session_add(txn, &os->s, err) != STET_OK)
			return STET_ERR;
		ac->res->sessions_created++;
	} else if (rc != STET_OK) {
		return STET_ERR;
	}
found:
	if (t < os->s.start_ms)
		os->s.start_ms = t;
	if (t > os->s.end_ms)
		os->s.end_ms = t;
	*out = &os->s;
	return STET_OK;
}

static int label_id(struct annot_ctx *ac, const char *name, uint32_t *id,
		    struct stet_error *err)
{
	const struct stet_label *l = stet_schema_find(&ac->schema, name);

	if (l == NULL) {
		if (!ac->opts->add_labels)
			return stet_error_set(err, STET_ERR,
				"label \"%s\" is not in the schema (add it with stet schema %s --add-label %s, or pass --add-labels)",
				name, ac->project, name);
		if (stet_schema_add(&ac->schema, name, "", NULL, NULL, err) !=
		    STET_OK)
			return STET_ERR;
		ac->schema_changed = true;
		ac->res->labels_added++;
		l = stet_schema_find(&ac->schema, name);
	}
	*id = l->id;
	return STET_OK;
}

static int labels_of(struct annot_ctx *ac, json_t *label,
		     struct stet_event *ev, struct stet_error *err)
{
	size_t i;
	json_t *e;

	if (json_is_string(label)) {
		if (label_id(ac, json_string_value(label), &ev->labels[0],
			     err) != STET_OK)
			return STET_ERR;
		ev->nlabels = 1;
		return STET_OK;
	}
	if (!json_is_array(label) || json_array_size(label) > STET_MAX_LABELS)
		return stet_error_set(err, STET_ERR,
				      "\"label\" must be a string or an array of strings");
	json_array_foreach(label, i, e) {
		if (!json_is_string(e))
			return stet_error_set(err, STET_ERR,
					      "\"label\" must be a string or an array of strings");
		if (label_id(ac, json_string_value(e), &ev->labels[i], err) !=
		    STET_OK)
			return STET_ERR;
	}
	ev->nlabels = json_array_size(label);
	if (ev->nlabels > 1 && !ac->schema.multi)
		return stet_error_set(err, STET_ERR,
				      "several labels for a single-label schema");
	return STET_OK;
}

static char *id_text(json_t *v)
{
	char tmp[32];

	if (json_is_string(v))
		return stet_xstrdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(tmp, sizeof tmp, "%lld",
			 (long long)json_integer_value(v));
		return stet_xstrdup(tmp);
	}
	return NULL;
}

static int find_or_create_item(struct annot_ctx *ac, struct stet_txn *txn,
			       const char *ext, uint64_t *id,
			       struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	int rc = stet_item_find_ext(txn, ext, id, err);

	if (rc != STET_NOTFOUND)
		return rc;
	if (!ac->opts->create_items)
		return stet_error_set(err, STET_ERR,
			"no item with id \"%s\" in the project (import the items first, or pass --create-items)",
			ext);
	/* An item known only by its id: its text is the id, so that two
	 * such items never share content. */
	stet_item_init(&it);
	it.text = stet_xstrdup(ext);
	it.ext_id = stet_xstrdup(ext);
	it.source = stet_xstrdup(stet_input_name(ac->in));
	it.line = stet_input_lineno(ac->in);
	rc = stet_item_normalise(&it, err);
	if (rc == STET_OK)
		rc = stet_item_add(txn, &it, &existing, err);
	if (rc == STET_EXISTS)
		rc = stet_error_set(err, STET_ERR,
			"cannot create item \"%s\": an item with that text exists",
			ext);
	*id = it.id;
	stet_item_clear(&it);
	if (rc == STET_OK)
		ac->res->items_created++;
	return rc;
}

static int record(struct annot_ctx *ac, struct stet_txn *txn, json_t *o,
		  struct stet_error *err)
{
	json_t *jitem = json_object_get(o, "item");
	json_t *jann = json_object_get(o, "annotator");
	json_t *jlabel = json_object_get(o, "label");
	json_t *jsession = json_object_get(o, "session");
	json_t *jtime = json_object_get(o, "time");
	json_t *jdur = json_object_get(o, "duration_ms");
	struct stet_event ev;
	struct stet_session *s;
	char *ext = NULL, *sname = NULL;
	uint32_t annotator;
	bool created;
	int64_t t = ac->now;
	int rc = STET_ERR;

	memset(&ev, 0, sizeof ev);
	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	ext = jitem ? id_text(jitem) : NULL;
	if (ext == NULL || *ext == '\0') {
		stet_error_set(err, STET_ERR,
			       "\"item\" must be a string or an integer");
		goto leave;
	}
	if (!json_is_string(jann) || json_string_length(jann) == 0) {
		stet_error_set(err, STET_ERR, "\"annotator\" must be a name");
		goto leave;
	}
	if (jtime != NULL && !json_is_null(jtime) &&
	    (!json_is_string(jtime) ||
	     stet_time_parse(json_string_value(jtime), &t) != 0)) {
		stet_error_set(err, STET_ERR,
			       "\"time\" must be an ISO 8601 time such as 2026-11-23T09:20:11Z");
		goto leave;
	}
	if (jdur != NULL && !json_is_null(jdur) &&
	    (!json_is_integer(jdur) || json_integer_value(jdur) < 0 ||
	     json_integer_value(jdur) > UINT32_MAX)) {
		stet_error_set(err, STET_ERR,
			       "\"duration_ms\" must be a whole number of milliseconds");
		goto leave;
	}
	sname = jsession && !json_is_null(jsession) ? id_text(jsession) :
		stet_xstrdup("import");
	if (sname == NULL || *sname == '\0' || strlen(sname) > 200) {
		stet_error_set(err, STET_ERR,
			       "\"session\" must be a string or an integer");
		goto leave;
	}
	if (labels_of(ac, jlabel, &ev, err) != STET_OK)
		goto leave;
	if (find_or_create_item(ac, txn, ext, &ev.item, err) != STET_OK)
		goto leave;
	if (stet_annotator_ensure(txn, json_string_value(jann),
				  STET_ROLE_ANNOTATOR, &annotator, &created,
				  err) != STET_OK)
		goto leave;
	ac->res->annotators_created += created;
	if (session_for(ac, txn, annotator, sname, t, &s, err) != STET_OK)
		goto leave;
	ev.time_ms = t;
	ev.session = s->id;
	ev.annotator = annotator;
	ev.action = STET_ACT_LABEL;
	ev.duration_ms = jdur ? (uint32_t)json_integer_value(jdur) : 0;
	ev.schema_version = ac->schema.version + ac->schema_changed;
	rc = stet_event_append(txn, &ev, err);
	if (rc == STET_OK)
		ac->res->records++;
leave:
	stet_event_clear(&ev);
	free(ext);
	free(sname);
	return rc;
}

static int import_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct annot_ctx *ac = ctx;
	const char *name = stet_input_name(ac->in);
	const char *line;
	size_t len;
	int rc;

	if (ac->started && stet_input_rewind(ac->in, err) != STET_OK)
		return STET_ERR;
	ac->started = true;
	memset(ac->res, 0, sizeof *ac->res);
	sessions_free(ac);
	stet_schema_free(&ac->schema);
	ac->schema_changed = false;
	if (stet_schema_load(txn, &ac->schema, err) != STET_OK)
		return STET_ERR;
	while ((rc = stet_input_line(ac->in, &line, &len, err)) == STET_OK) {
		json_error_t jerr;
		json_t *o;
		size_t i = 0;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			continue;
		o = json_loadb(line, len, 0, &jerr);
		if (o == NULL)
			return stet_error_set(err, STET_ERR, "%s:%llu:%d: %s",
				name, (unsigned long long)stet_input_lineno(ac->in),
				jerr.position > 0 ? jerr.position : 1, jerr.text);
		rc = record(ac, txn, o, err);
		json_decref(o);
		if (rc != STET_OK) {
			if (rc != STET_MAPFULL)
				stet_error_prefix(err, "%s:%llu", name,
					(unsigned long long)stet_input_lineno(ac->in));
			return rc;
		}
	}
	if (rc != STET_NOTFOUND)
		return rc;
	for (size_t i = 0; i < ac->nsessions; i++)
		if (stet_session_put(txn, &ac->sessions[i].s, err) != STET_OK)
			return STET_ERR;
	if (ac->schema_changed)
		return stet_schema_save(txn, &ac->schema, err);
	return STET_OK;
}

int stet_annotations_import(struct stet_store *st, const char *path,
			    const struct stet_annot_opts *opts,
			    struct stet_annot_result *res,
			    struct stet_error *err)
{
	struct annot_ctx ac = {.opts = opts, .res = res,
			       .project = stet_store_path(st)};
	size_t n;
	int rc;

	memset(res, 0, sizeof *res);
	if (stet_input_open(path, opts->encoding, &ac.in, err) != STET_OK)
		return STET_ERR;
	stet_input_head(ac.in, &n);
	if (n == 0) {
		res->empty = true;
		stet_input_close(ac.in);
		return STET_OK;
	}
	ac.now = stet_time_now_ms();
	stet_schema_init(&ac.schema);
	rc = stet_store_write(st, import_fn, &ac, err);
	sessions_free(&ac);
	stet_schema_free(&ac.schema);
	stet_input_close(ac.in);
	return rc == STET_OK ? STET_OK : STET_ERR;
}
