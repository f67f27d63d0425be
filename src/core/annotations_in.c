/* Importing annotations: the write path every format shares, and stet's
 * own records {"item", "annotator", "label", "session", "time",
 * "duration_ms"}. Sessions are matched by annotator and name; a session's
 * start and end are its earliest and latest record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_ctx.h"
#include "ann_in.h"
#include "stet/annotate.h"
#include "stet/history.h"
#include "stet/import.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/label_name.h"
#include "stet/name.h"
#include "stet/schema.h"
#include "stet/text.h"
#include "stet/timefmt.h"

const struct stet_annot_opts *ann_opts(const struct ann_ctx *ac)
{
	return ac->opts;
}

const char *ann_path(const struct ann_ctx *ac)
{
	return ac->path;
}

const char *ann_file(const struct ann_ctx *ac)
{
	return ac->name;
}

struct stet_txn *ann_txn(const struct ann_ctx *ac)
{
	return ac->txn;
}

const struct stet_schema *ann_schema(const struct ann_ctx *ac)
{
	return &ac->schema;
}

const char *ann_file_stem(struct ann_ctx *ac)
{
	const char *base, *dot;

	if (ac->stem != NULL)
		return ac->stem;
	if (strcmp(ac->path, "-") == 0)
		return NULL;
	base = strrchr(ac->path, '/');
	base = base ? base + 1 : ac->path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	if (dot == base)
		return NULL;
	ac->stem = stet_xstrndup(base, (size_t)(dot - base));
	return ac->stem;
}

char *ann_id_text(json_t *v)
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

void ann_names_add(struct ann_names *l, const char *name)
{
	l->v = stet_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = stet_xstrdup(name);
}

void ann_names_free(struct ann_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- notes ---- */

struct ann_notes *ann_notes_of(struct ann_ctx *ac)
{
	return &ac->notes;
}

void ann_note(struct ann_ctx *ac, enum ann_note note, const char *detail)
{
	ann_notes_add(&ac->notes, note, detail);
}

/* ---- sessions ---- */

static void sessions_free(struct ann_ctx *ac)
{
	for (size_t i = 0; i < ac->nsessions; i++) {
		stet_session_clear(&ac->sessions[i].s);
		free(ac->sessions[i].key);
	}
	free(ac->sessions);
	ac->sessions = NULL;
	ac->nsessions = 0;
}

/* A session named in an earlier import, sought by scanning: a project
 * has few sessions next to its events, and this runs once per new name. */
struct session_query {
	uint32_t annotator;
	const char *name;
	uint64_t id;
	bool found;
};

static int session_match(const struct stet_session *s, void *ctx,
			 struct stet_error *err)
{
	struct session_query *q = ctx;

	(void)err;
	if (s->annotator != q->annotator || s->name == NULL ||
	    strcmp(s->name, q->name) != 0)
		return STET_OK;
	q->id = s->id;
	q->found = true;
	return STET_STOP;
}

static int find_stored_session(struct stet_txn *txn, uint32_t annotator,
			       const char *name, struct stet_session *out,
			       struct stet_error *err)
{
	struct session_query q = {annotator, name, 0, false};

	if (stet_sessions_each(txn, session_match, &q, err) != STET_OK)
		return STET_ERR;
	if (!q.found)
		return STET_NOTFOUND;
	return stet_session_get(txn, q.id, out, err);
}

static int session_for(struct ann_ctx *ac, uint32_t annotator,
		       const char *name, int64_t t, struct stet_session **out,
		       struct stet_error *err)
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
	rc = find_stored_session(ac->txn, annotator, name, &os->s, err);
	if (rc == STET_NOTFOUND) {
		os->s.annotator = annotator;
		os->s.start_ms = t;
		os->s.end_ms = t;
		os->s.host = stet_xstrdup("import");
		os->s.name = stet_xstrdup(name);
		os->s.schema_version = ac->schema.version;
		if (stet_session_add(ac->txn, &os->s, err) != STET_OK)
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

/* ---- labels ---- */

/* A label name as stet holds it: the same name, in NFC when the file
 * has another normal form (text that is not UTF-8 is left for the check
 * to refuse). */
static const char *stet_name(struct ann_ctx *ac, const char *given)
{
	stet_label_nfc(given, &ac->tmp);
	return ac->tmp.data;
}

static const struct stet_label *label_find(struct ann_ctx *ac,
					   const char *given)
{
	return stet_schema_find(&ac->schema, stet_name(ac, given));
}

static const char *kind_name(enum stet_label_kind kind)
{
	return kind == STET_KIND_SPAN ? "span" :
	       kind == STET_KIND_TOKEN ? "token" : "item";
}

int ann_label_id(struct ann_ctx *ac, const char *given,
		 enum stet_label_kind kind, uint32_t *id,
		 struct stet_error *err)
{
	const char *name = stet_name(ac, given);
	const struct stet_label *l = stet_schema_find(&ac->schema, name);
	struct stet_buf q;

	if (l == NULL && stet_label_name_check(name, err) != STET_OK)
		return STET_ERR;
	if (strcmp(name, given) != 0) {
		/* Quoted: the notes list names with ", " between them. */
		stet_buf_init(&q);
		stet_buf_printf(&q, "\"%s\"", name);
		ann_note(ac, NOTE_RENAMED, q.data);
		stet_buf_free(&q);
	}
	if (l == NULL) {
		if (!ac->opts->add_labels) {
			stet_buf_init(&q);
			stet_label_quote(name, ',', NULL, &q);
			stet_error_set(err, STET_ERR,
				"label \"%s\" is not in the schema (add it with stet schema %s --add-label '%s', or pass --add-labels)",
				name, ac->project, q.data);
			stet_buf_free(&q);
			return STET_ERR;
		}
		if (stet_schema_add_kind(&ac->schema, name, "", NULL, NULL, kind,
					 err) != STET_OK)
			return STET_ERR;
		ac->schema_changed = true;
		ac->res->labels_added++;
		l = stet_schema_find(&ac->schema, name);
	}
	/* A tag is a span over one token: the file's spans may be tags. */
	if (l->kind != kind &&
	    !(kind == STET_KIND_SPAN && l->kind == STET_KIND_TOKEN))
		return stet_error_set(err, STET_ERR,
			"label \"%s\" is a%s %s label in the schema, and the file gives it %s",
			name, l->kind == STET_KIND_ITEM ? "n" : "",
			kind_name(l->kind),
			kind == STET_KIND_ITEM ? "to whole items" :
			kind == STET_KIND_SPAN ? "to spans" : "to tokens");
	*id = l->id;
	return STET_OK;
}

static int label_id(struct ann_ctx *ac, const char *given, uint32_t *id,
		    struct stet_error *err)
{
	return ann_label_id(ac, given, STET_KIND_ITEM, id, err);
}

/* The label that says "not L": not-L, not_L, NOT-L or NOT_L. */
static const struct stet_label *negative_of(struct ann_ctx *ac,
					    const char *given)
{
	static const char *const prefixes[] = {"not-", "not_", "NOT-", "NOT_"};
	char *name = stet_xstrdup(stet_name(ac, given));
	const struct stet_label *l = NULL;

	for (size_t i = 0; i < 4 && l == NULL; i++) {
		stet_buf_reset(&ac->tmp);
		stet_buf_adds(&ac->tmp, prefixes[i]);
		stet_buf_adds(&ac->tmp, name);
		l = stet_schema_find(&ac->schema, ac->tmp.data);
	}
	free(name);
	return l;
}

static bool has_label(const uint32_t *v, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void add_label(struct stet_event *ev, uint32_t id)
{
	if (!has_label(ev->labels, ev->nlabels, id) &&
	    ev->nlabels < STET_MAX_LABELS)
		ev->labels[ev->nlabels++] = id;
}

/* The annotator's standing labels, less one label (0: none). */
static int standing_less(struct ann_ctx *ac, struct stet_event *ev,
			 uint32_t less, bool *stood, struct stet_error *err)
{
	struct stet_current cur;
	int rc = stet_current_get(ac->txn, ev->item, ev->annotator, &cur, err);

	*stood = false;
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	*stood = true;
	for (size_t i = 0; i < cur.nlabels; i++)
		if (cur.labels[i] != less)
			add_label(ev, cur.labels[i]);
	return STET_OK;
}

/* The answer as an action and labels, now that item and annotator are
 * known: binary answers build on what the annotator has given before. */
static int answer(struct ann_ctx *ac, const struct ann_rec *r,
		  const uint32_t *given, size_t ngiven,
		  struct stet_event *ev, struct stet_error *err)
{
	const struct stet_label *l, *neg;
	struct stet_current cur;
	bool stood;
	int rc;

	switch (r->what) {
	case ANN_LABEL:
		ev->action = STET_ACT_LABEL;
		memcpy(ev->labels, given, ngiven * sizeof *given);
		ev->nlabels = ngiven;
		return STET_OK;
	case ANN_SKIP:
		ev->action = STET_ACT_SKIP;
		return STET_OK;
	case ANN_NONE:
		rc = stet_current_get(ac->txn, ev->item, ev->annotator, &cur, err);
		if (rc != STET_OK && rc != STET_NOTFOUND)
			return rc;
		ev->action = rc == STET_OK ? STET_ACT_UNLABEL : STET_ACT_SKIP;
		ann_note(ac, rc == STET_OK ? NOTE_NONE_UNLABEL : NOTE_NONE_SKIP,
			 NULL);
		return STET_OK;
	case ANN_ACCEPT:
		neg = negative_of(ac, r->labels[0]);
		ev->action = STET_ACT_LABEL;
		if (ac->schema.multi &&
		    standing_less(ac, ev, neg ? neg->id : 0, &stood, err) != STET_OK)
			return STET_ERR;
		if (ac->schema.multi)
			add_label(ev, given[0]);
		else
			ev->labels[ev->nlabels++] = given[0];
		return STET_OK;
	case ANN_REJECT:
		l = label_find(ac, r->labels[0]);
		neg = negative_of(ac, r->labels[0]);
		if (neg != NULL) {
			ev->action = STET_ACT_LABEL;
			if (ac->schema.multi &&
			    standing_less(ac, ev, l ? l->id : 0, &stood, err) !=
			    STET_OK)
				return STET_ERR;
			add_label(ev, neg->id);
			return STET_OK;
		}
		rc = stet_current_get(ac->txn, ev->item, ev->annotator, &cur, err);
		if (rc != STET_OK && rc != STET_NOTFOUND)
			return rc;
		if (rc == STET_NOTFOUND || l == NULL ||
		    !has_label(cur.labels, cur.nlabels, l->id)) {
			ev->action = STET_ACT_SKIP;
			ann_note(ac, NOTE_REJECT_SKIP, stet_name(ac, r->labels[0]));
			return STET_OK;
		}
		/* The annotator had given this label: the reject takes it
		 * back, as taking it off in stet label would. */
		ann_note(ac, NOTE_REJECT_UNLABEL, NULL);
		for (size_t i = 0; i < cur.nlabels; i++)
			if (cur.labels[i] != l->id)
				ev->labels[ev->nlabels++] = cur.labels[i];
		ev->action = ev->nlabels > 0 && ac->schema.multi ?
			STET_ACT_LABEL : STET_ACT_UNLABEL;
		if (ev->action == STET_ACT_UNLABEL)
			ev->nlabels = 0;
		return STET_OK;
	case ANN_MARKS:
		break;
	}
	return stet_error_set(err, STET_ERR, "unknown answer");
}

/* ---- the record ---- */

int ann_record(struct ann_ctx *ac, const struct ann_rec *r,
	       struct stet_error *err)
{
	uint32_t given[STET_MAX_LABELS];
	size_t ngiven = 0;
	const char *who = r->annotator, *sname = r->session;
	struct stet_event ev;
	struct stet_session *s;
	uint64_t item;
	uint32_t annotator;
	bool created;
	int64_t t = r->has_time ? r->time_ms : ac->now;
	int rc;

	if (who == NULL)
		who = ac->opts->annotator;
	if (who == NULL)
		return stet_error_set(err, STET_ERR,
			"the record names no annotator: name one with --annotator NAME");
	if (sname == NULL)
		sname = "import";
	if (stet_name_normalise("annotator", who, &ac->who, err) != STET_OK ||
	    stet_name_normalise("session", sname, &ac->sname, err) != STET_OK)
		return STET_ERR;
	who = ac->who.data;
	sname = ac->sname.data;
	if (r->nlabels > STET_MAX_LABELS)
		return stet_error_set(err, STET_ERR,
				      "more than %d labels", STET_MAX_LABELS);
	if (r->what == ANN_LABEL) {
		for (size_t i = 0; i < r->nlabels; i++) {
			uint32_t id;

			if (label_id(ac, r->labels[i], &id, err) != STET_OK)
				return STET_ERR;
			if (!has_label(given, ngiven, id))
				given[ngiven++] = id;
		}
		if (ngiven > 1 && !ac->schema.multi)
			return stet_error_set(err, STET_ERR,
					      "several labels for a single-label schema");
	} else if (r->what == ANN_ACCEPT &&
		   label_id(ac, r->labels[0], &given[0], err) != STET_OK) {
		return STET_ERR;
	}
	memset(&ev, 0, sizeof ev);
	if (ann_item_for(ac, r, &ev.item, err) != STET_OK)
		return STET_ERR;
	if (stet_annotator_ensure(ac->txn, who, STET_ROLE_ANNOTATOR,
				  &ev.annotator, &created, err) != STET_OK)
		return STET_ERR;
	item = ev.item;
	annotator = ev.annotator;
	ac->res->annotators_created += created;
	if (r->what != ANN_MARKS &&
	    answer(ac, r, given, ngiven, &ev, err) != STET_OK)
		return STET_ERR;
	if (session_for(ac, ev.annotator, sname, t, &s, err) != STET_OK)
		return STET_ERR;
	ev.time_ms = t;
	ev.session = s->id;
	ev.duration_ms = r->duration_ms;
	ev.schema_version = ac->schema.version + ac->schema_changed;
	rc = r->what == ANN_MARKS ? STET_OK :
		stet_event_append(ac->txn, &ev, err);
	if (rc == STET_OK && r->what != ANN_MARKS) {
		if (ev.action == STET_ACT_LABEL)
			ac->res->records++;
		else if (ev.action == STET_ACT_SKIP)
			ac->res->skips++;
		else
			ac->res->unlabels++;
	}
	stet_event_clear(&ev);
	if (rc == STET_OK && (r->has_spans || r->has_tags)) {
		struct ann_rec unit = *r;

		/* --offsets: the file was made by another program than the
		 * tool, counting in another unit. */
		if (ac->opts->offsets_given)
			unit.unit = ac->opts->offsets;
		memset(&ev, 0, sizeof ev);
		ev.item = item;
		ev.annotator = annotator;
		ev.session = s->id;
		ev.time_ms = t;
		ev.duration_ms = r->what == ANN_MARKS ? r->duration_ms : 0;
		rc = ann_marks_append(ac, &unit, &ev, err);
		if (rc == STET_OK)
			ac->res->spans++;
		stet_event_clear(&ev);
	}
	return rc;
}

uint32_t ann_schema_version(const struct ann_ctx *ac)
{
	return ac->schema.version + ac->schema_changed;
}

/* ---- the file ---- */

static int one_record(struct ann_ctx *ac, json_t *o, struct stet_error *err)
{
	int rc = ac->reader->line(ac, o, err);

	if (rc != STET_OK && rc != STET_MAPFULL)
		stet_error_prefix(err, "%s:%llu", ac->name,
				  (unsigned long long)ac->line);
	return rc;
}

/* A first line that opens an object it does not close: the file is one
 * object printed over several lines, as doccano's examples are. Read
 * whole, it is the file's one record; anything else is the first
 * line's error, said as each_line says it. */
static int whole_document(struct ann_ctx *ac, const char *first, size_t n,
			  const json_error_t *first_err, struct stet_error *err)
{
	struct stet_buf doc;
	const char *line;
	size_t len;
	json_error_t jerr;
	json_t *d;
	int rc;

	stet_buf_init(&doc);
	stet_buf_add(&doc, first, n);
	while ((rc = stet_input_line(ac->in, &line, &len, err)) == STET_OK) {
		stet_buf_addc(&doc, '\n');
		stet_buf_add(&doc, line, len);
	}
	d = rc == STET_NOTFOUND ? json_loadb(doc.data, doc.len, 0, &jerr) : NULL;
	stet_buf_free(&doc);
	if (rc != STET_NOTFOUND)
		return rc;
	if (!json_is_object(d)) {
		json_decref(d);
		return stet_error_set(err, STET_ERR, "%s:%llu:%d: %s%s",
				      ac->name, (unsigned long long)ac->line,
				      first_err->position > 0 ?
				      first_err->position : 1, first_err->text,
				      n == 1 ? " (this reads one JSON object a line; "
					       "the file looks like JSON spread over "
					       "several lines)" : "");
	}
	rc = one_record(ac, d, err);
	json_decref(d);
	return rc;
}

static int each_line(struct ann_ctx *ac, struct stet_error *err)
{
	const char *line;
	size_t len;
	int rc;

	while ((rc = stet_input_line(ac->in, &line, &len, err)) == STET_OK) {
		json_error_t jerr;
		json_t *o;
		size_t i = 0;

		ac->line = stet_input_lineno(ac->in);
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			continue;
		o = json_loadb(line, len, 0, &jerr);
		if (o == NULL && line[i] == '{' &&
		    strstr(jerr.text, "end of file") != NULL)
			return whole_document(ac, line, len, &jerr, err);
		if (o == NULL) {
			/* A lone "{" or "[" is JSON printed over many lines,
			 * or a whole JSON document, not one record a line. */
			bool opened = len - i == 1 &&
				(line[i] == '{' || line[i] == '[');

			return stet_error_set(err, STET_ERR, "%s:%llu:%d: %s%s",
				ac->name, (unsigned long long)ac->line,
				jerr.position > 0 ? jerr.position : 1, jerr.text,
				opened ? " (this reads one JSON object a line; "
					 "the file looks like JSON spread over "
					 "several lines)" : "");
		}
		rc = one_record(ac, o, err);
		json_decref(o);
		if (rc != STET_OK)
			return rc;
	}
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int import_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct ann_ctx *ac = ctx;
	int rc;

	if (ac->started && ac->in != NULL &&
	    stet_input_rewind(ac->in, err) != STET_OK)
		return STET_ERR;
	ac->started = true;
	ac->txn = txn;
	ac->line = 0;
	memset(ac->res, 0, sizeof *ac->res);
	sessions_free(ac);
	ann_notes_free(&ac->notes);
	stet_schema_free(&ac->schema);
	ac->schema_changed = false;
	if (stet_schema_load(txn, &ac->schema, err) != STET_OK)
		return STET_ERR;
	if (ac->reader->walk != NULL)
		rc = ac->reader->walk(ac, ac->state, err);
	else
		rc = each_line(ac, err);
	if (rc != STET_OK)
		return rc;
	for (size_t i = 0; i < ac->nsessions; i++)
		if (stet_session_put(txn, &ac->sessions[i].s, err) != STET_OK)
			return STET_ERR;
	if (ac->schema_changed)
		return stet_schema_save(txn, &ac->schema, err);
	return STET_OK;
}

int stet_annot_from_parse(const char *name, enum stet_annot_from *out)
{
	static const struct {
		const char *name;
		enum stet_annot_from from;
	} names[] = {
		{"stet", STET_FROM_STET},
		{"prodigy", STET_FROM_PRODIGY},
		{"labelstudio", STET_FROM_LABELSTUDIO},
		{"label-studio", STET_FROM_LABELSTUDIO},
		{"doccano", STET_FROM_DOCCANO},
		{"brat", STET_FROM_BRAT},
		{"conllu", STET_FROM_CONLLU},
		{"conll", STET_FROM_CONLL},
		{"conll2003", STET_FROM_CONLL},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].from;
			return 0;
		}
	}
	return -1;
}

int stet_annotations_import(struct stet_store *st, const char *path,
			    const struct stet_annot_opts *opts,
			    struct stet_annot_result *res,
			    struct stet_error *err)
{
	static const struct ann_reader *const readers[] = {
		[STET_FROM_STET] = &ann_reader_stet,
		[STET_FROM_PRODIGY] = &ann_reader_prodigy,
		[STET_FROM_LABELSTUDIO] = &ann_reader_labelstudio,
		[STET_FROM_DOCCANO] = &ann_reader_doccano,
		[STET_FROM_BRAT] = &ann_reader_brat,
		[STET_FROM_CONLLU] = &ann_reader_conll,
		[STET_FROM_CONLL] = &ann_reader_conll,
	};
	struct ann_ctx ac = {.opts = opts, .res = res, .path = path,
			     .name = strcmp(path, "-") == 0 ? "stdin" : path,
			     .project = stet_store_path(st)};
	int rc = STET_OK;

	memset(res, 0, sizeof *res);
	if ((unsigned)opts->from >= sizeof readers / sizeof readers[0])
		return stet_error_set(err, STET_ERR, "unknown annotation format");
	ac.reader = readers[opts->from];
	stet_schema_init(&ac.schema);
	stet_buf_init(&ac.tmp);
	stet_buf_init(&ac.who);
	stet_buf_init(&ac.sname);
	if (ac.reader->load != NULL) {
		rc = ac.reader->load(&ac, &ac.state, err);
		if (rc == STET_NOTFOUND) {
			res->empty = true;
			rc = STET_OK;
			goto leave;
		}
	} else {
		size_t n;

		rc = stet_input_open(path, opts->encoding, &ac.in, err);
		if (rc == STET_OK) {
			ac.name = stet_input_name(ac.in);
			stet_input_head(ac.in, &n);
			if (n == 0) {
				res->empty = true;
				goto leave;
			}
		}
	}
	if (rc != STET_OK)
		goto leave;
	ac.now = stet_time_now_ms();
	rc = stet_store_write(st, import_fn, &ac, err);
	if (rc == STET_OK)
		ann_notes_report(&ac.notes, ac.name, ac.opts->on_note,
					 ac.opts->ctx);
leave:
	if (ac.reader->free != NULL && ac.state != NULL)
		ac.reader->free(ac.state);
	sessions_free(&ac);
	ann_notes_free(&ac.notes);
	stet_schema_free(&ac.schema);
	stet_buf_free(&ac.tmp);
	stet_buf_free(&ac.who);
	stet_buf_free(&ac.sname);
	if (ac.in != NULL)
		stet_input_close(ac.in);
	free(ac.stem);
	return rc == STET_OK ? STET_OK : STET_ERR;
}
