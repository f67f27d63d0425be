#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/label_name.h"
#include "stet/notes.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/spans.h"
#include "stet/text.h"
#include "stet/timefmt.h"

/* Names looked up once per id while the log is printed. All of it
 * lives within the one read transaction. */
struct names {
	struct stet_txn *txn;
	struct stet_annotator *annotators;
	size_t nannotators;
	char **sessions;        /* by session id, or NULL until looked up */
	size_t nsessions;
	struct stet_schema *schemas; /* by version; version 0: not loaded */
	size_t nschemas;
	uint64_t item;          /* the last item looked up, and its ext id */
	char *item_ext;
};

struct filter {
	bool by_item;
	uint64_t item;
	bool by_annotator;
	uint32_t annotator;
	uint64_t *sessions; /* NULL: any session */
	size_t nsessions;
};

static void names_free(struct names *nm)
{
	stet_annotators_free(nm->annotators, nm->nannotators);
	for (size_t i = 0; i < nm->nsessions; i++)
		free(nm->sessions[i]);
	free(nm->sessions);
	for (size_t i = 0; i < nm->nschemas; i++)
		stet_schema_free(&nm->schemas[i]);
	free(nm->schemas);
	free(nm->item_ext);
}

static const char *annotator_name(const struct names *nm, uint32_t id,
				  char buf[16])
{
	/* stet_annotators_load keeps them in id order, list[i].id == i + 1. */
	if (id >= 1 && id <= nm->nannotators &&
	    nm->annotators[id - 1].id == id)
		return nm->annotators[id - 1].name;
	snprintf(buf, 16, "#%u", id);
	return buf;
}

static int session_name(struct names *nm, uint64_t id, const char **out,
			struct stet_error *err)
{
	struct stet_session s;
	char buf[32];
	int rc;

	if (id < nm->nsessions && nm->sessions[id] != NULL) {
		*out = nm->sessions[id];
		return STET_OK;
	}
	if (id >= nm->nsessions) {
		size_t n = nm->nsessions ? nm->nsessions : 16;

		while (n <= id)
			n *= 2;
		nm->sessions = stet_xrealloc(nm->sessions, n * sizeof *nm->sessions);
		memset(nm->sessions + nm->nsessions, 0,
		       (n - nm->nsessions) * sizeof *nm->sessions);
		nm->nsessions = n;
	}
	memset(&s, 0, sizeof s);
	rc = stet_session_get(nm->txn, id, &s, err);
	if (rc == STET_NOTFOUND) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
		nm->sessions[id] = stet_xstrdup(buf);
	} else if (rc == STET_OK) {
		nm->sessions[id] = stet_xstrdup(stet_session_label(&s, buf,
								   sizeof buf));
	}
	stet_session_clear(&s);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	*out = nm->sessions[id];
	return STET_OK;
}

static int item_name(struct names *nm, uint64_t id, const char **out,
		     struct stet_error *err)
{
	struct stet_item it;
	int rc;

	if (nm->item_ext != NULL && nm->item == id) {
		*out = nm->item_ext;
		return STET_OK;
	}
	free(nm->item_ext);
	stet_item_init(&it);
	rc = stet_item_get(nm->txn, id, &it, err);
	if (rc == STET_OK && it.ext_id != NULL) {
		nm->item_ext = it.ext_id;
		it.ext_id = NULL;
	} else {
		char buf[32];

		snprintf(buf, sizeof buf, "#%llu", (unsigned long long)id);
		nm->item_ext = stet_xstrdup(buf);
	}
	stet_item_clear(&it);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	nm->item = id;
	*out = nm->item_ext;
	return STET_OK;
}

/* The schema of a version, or NULL when the project lacks it. */
static const struct stet_schema *schema_of(struct names *nm, uint32_t v)
{
	struct stet_error err = {0};

	if (v >= 1 << 20)
		return NULL;
	if (v >= nm->nschemas) {
		size_t n = nm->nschemas ? nm->nschemas : 4;

		while (n <= v)
			n *= 2;
		nm->schemas = stet_xrealloc(nm->schemas, n * sizeof *nm->schemas);
		for (size_t i = nm->nschemas; i < n; i++)
			stet_schema_init(&nm->schemas[i]);
		nm->nschemas = n;
	}
	if (nm->schemas[v].version == 0 &&
	    stet_schema_load_version(nm->txn, v, &nm->schemas[v], &err) != STET_OK) {
		stet_schema_free(&nm->schemas[v]);
		stet_schema_init(&nm->schemas[v]);
		return NULL;
	}
	return nm->schemas[v].version ? &nm->schemas[v] : NULL;
}

/* A label's name under the event's schema, or "#ID" when it has none. */
static const char *label_name(struct names *nm, uint32_t version,
			      uint32_t id, char buf[16])
{
	const struct stet_schema *s = schema_of(nm, version);
	const struct stet_label *l = s ? stet_schema_find_id(s, id) : NULL;

	if (l != NULL)
		return l->name;
	snprintf(buf, 16, "#%u", id);
	return buf;
}

/* ISO 8601 UTC, always with milliseconds. */
static void time_ms(int64_t ms, char out[40])
{
	char t[32];
	size_t n;

	stet_time_format(ms, t);
	n = strlen(t);
	if (strchr(t, '.') == NULL && n > 0 && t[n - 1] == 'Z')
		snprintf(out, 40, "%.*s.000Z", (int)(n - 1), t);
	else
		snprintf(out, 40, "%s", t);
}

static bool has_space(const char *name)
{
	return strchr(name, ' ') != NULL;
}

static void add_safe(struct stet_buf *b, const char *s)
{
	stet_text_escape(s, strlen(s), 0, false, b);
}

/* A text in double quotes, its '"' and '\\' escaped with a backslash
 * (as in C or JSON), so that the text ends at the first quote that is
 * not escaped and a note reads back unchanged; controls made visible. */
static void add_quoted(struct stet_buf *b, const char *s)
{
	stet_buf_addc(b, '"');
	while (*s) {
		size_t run = strcspn(s, "\"\\");

		stet_text_escape(s, run, 0, false, b);
		s += run;
		if (*s) {
			stet_buf_addc(b, '\\');
			stet_buf_addc(b, *s++);
		}
	}
	stet_buf_addc(b, '"');
}

static bool wanted(const struct filter *f, const struct stet_event *ev)
{
	if (f->by_item && ev->item != f->item)
		return false;
	if (f->by_annotator && ev->annotator != f->annotator)
		return false;
	if (f->sessions != NULL) {
		for (size_t i = 0; i < f->nsessions; i++)
			if (f->sessions[i] == ev->session)
				return true;
		return false;
	}
	return true;
}

/* " suggested=POS:0.91:spacy@3", or hidden= when --suggest-rate kept
 * it from the screen; nothing when no suggestion was to be had. */
static void suggestion_text(struct names *nm, const struct stet_event *ev,
			    struct stet_buf *b)
{
	const struct stet_suggestion *sg = &ev->suggestion;
	char buf[16];

	if (sg->state == STET_SUGGEST_NONE)
		return;
	stet_buf_adds(b, sg->state == STET_SUGGEST_SHOWN ? " suggested=" :
		      " hidden=");
	for (size_t i = 0; i < sg->nlabels; i++)
		stet_buf_printf(b, "%s%s", i ? "," : "",
				label_name(nm, ev->schema_version,
					   sg->labels[i], buf));
	stet_buf_printf(b, ":%.2f:", sg->score);
	add_safe(b, sg->model);
	stet_buf_printf(b, "@%llu", (unsigned long long)sg->version);
}

/* " served=ORDER[:VALUE][,explore]": how the queue came to serve the
 * item, when the event says. */
static void served_text(const struct stet_served *sv, struct stet_buf *b)
{
	if (!sv->recorded)
		return;
	stet_buf_printf(b, " served=%s", stet_order_name(sv->order));
	if (!isnan(sv->value))
		stet_buf_printf(b, ":%.4g", sv->value);
	if (sv->explore)
		stet_buf_adds(b, ",explore");
}

static json_t *served_json(const struct stet_served *sv)
{
	if (!sv->recorded)
		return json_null();
	return json_pack("{s:s, s:o, s:b}", "order", stet_order_name(sv->order),
			 "value", isnan(sv->value) ? json_null() :
			 json_real(sv->value), "explore", sv->explore);
}

/* " routed=BAND:SCORE run=N version=V": a ROUTE event's decision, the
 * top score of the model's prediction (version V) and stet route's run. */
static void route_text(const struct stet_route_mark *rt, struct stet_buf *b)
{
	if (rt->band == STET_BAND_NONE)
		return;
	stet_buf_printf(b, " routed=%s:%.4g run=%llu version=%llu",
			stet_band_name(rt->band), rt->score,
			(unsigned long long)rt->run,
			(unsigned long long)rt->version);
}

static json_t *route_json(const struct stet_route_mark *rt)
{
	if (rt->band == STET_BAND_NONE)
		return json_null();
	return json_pack("{s:s, s:f, s:I, s:I}", "band",
			 stet_band_name(rt->band), "score", rt->score, "run",
			 (json_int_t)rt->run, "version", (json_int_t)rt->version);
}

/* " START:END:LABEL,...": the span set a SPANS event holds, in code
 * points, "none" when empty, as labels follow a label action; on an
 * ADJUDICATE, after its labels, with "spans=" before it. A label that
 * holds a comma or a space is quoted, as in the labels list. */
static void spans_text(struct names *nm, const struct stet_event *ev,
		       struct stet_buf *b)
{
	char buf[16];

	if (!ev->has_spans)
		return;
	stet_buf_adds(b, ev->action == STET_ACT_SPANS ? " " : " spans=");
	if (ev->nspans == 0)
		stet_buf_adds(b, "none");
	for (size_t i = 0; i < ev->nspans; i++) {
		const struct stet_span *sp = &ev->spans[i];

		stet_buf_printf(b, "%s%u:%u:", i ? "," : "", sp->start,
				sp->end);
		stet_label_quote(label_name(nm, ev->schema_version, sp->label,
					    buf), ',', has_space, b);
	}
}

/* TIME #ID session=S annotator=A item=I ACTION [LABELS|"TEXT"|#TARGET]
 * [[spans=]START:END:LABEL,...|none]
 * [suggested=|hidden=LABELS:SCORE:MODEL@VERSION] ms=N schema=V
 * [served=ORDER[:VALUE][,explore]] [routed=BAND:SCORE run=N version=V] */
static void line_text(struct names *nm, const struct stet_event *ev,
		      const char *session, const char *item,
		      struct stet_buf *b)
{
	char when[40], buf[16];

	time_ms(ev->time_ms, when);
	stet_buf_printf(b, "%s #%llu session=", when,
			(unsigned long long)ev->id);
	add_safe(b, session);
	stet_buf_adds(b, " annotator=");
	add_safe(b, annotator_name(nm, ev->annotator, buf));
	stet_buf_adds(b, " item=");
	add_safe(b, item);
	stet_buf_printf(b, " %s", stet_action_name(ev->action));
	/* A list as --labels reads it, a name with a space quoted too:
	 * the line's fields are separated by spaces. */
	for (size_t i = 0; i < ev->nlabels; i++) {
		stet_buf_addc(b, i ? ',' : ' ');
		stet_label_quote(label_name(nm, ev->schema_version,
					    ev->labels[i], buf), ',', has_space, b);
	}
	if (ev->text != NULL) {
		stet_buf_addc(b, ' ');
		add_quoted(b, ev->text);
	}
	if (ev->action == STET_ACT_UNDO)
		stet_buf_printf(b, " #%llu", (unsigned long long)ev->target);
	spans_text(nm, ev, b);
	suggestion_text(nm, ev, b);
	stet_buf_printf(b, " ms=%u schema=%u", ev->duration_ms,
			ev->schema_version);
	served_text(&ev->served, b);
	route_text(&ev->route, b);
	stet_buf_addc(b, '\n');
}

/* A string for JSON: as it is when it is UTF-8, else escaped. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	struct stet_buf b;

	if (j != NULL)
		return j;
	stet_buf_init(&b);
	add_safe(&b, s);
	j = json_string(b.data ? b.data : "");
	stet_buf_free(&b);
	return j;
}

/* null, or {"state": "shown"|"hidden", "model", "version", "labels",
 * "score"}. */
static json_t *suggestion_json(struct names *nm, const struct stet_event *ev)
{
	const struct stet_suggestion *sg = &ev->suggestion;
	json_t *o, *labels;
	char buf[16];

	if (sg->state == STET_SUGGEST_NONE)
		return json_null();
	o = json_object();
	labels = json_array();
	for (size_t i = 0; i < sg->nlabels; i++)
		json_array_append_new(labels, jstr(label_name(nm,
					ev->schema_version, sg->labels[i], buf)));
	json_object_set_new(o, "state", json_string(
		sg->state == STET_SUGGEST_SHOWN ? "shown" : "hidden"));
	json_object_set_new(o, "model", jstr(sg->model));
	json_object_set_new(o, "version", json_integer((json_int_t)sg->version));
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "score", json_real(sg->score));
	return o;
}

/* null, or [[START, END, "LABEL"], ...] as stet's annotation records
 * carry spans. */
static json_t *spans_json(struct names *nm, const struct stet_event *ev)
{
	json_t *a;
	char buf[16];

	if (!ev->has_spans)
		return json_null();
	a = json_array();
	for (size_t i = 0; i < ev->nspans; i++) {
		const struct stet_span *sp = &ev->spans[i];

		json_array_append_new(a, json_pack("[I,I,o]",
			(json_int_t)sp->start, (json_int_t)sp->end,
			jstr(label_name(nm, ev->schema_version, sp->label,
					buf))));
	}
	return a;
}

static int line_json(struct names *nm, const struct stet_event *ev,
		     const char *session, const char *item, struct stet_buf *b)
{
	json_t *o = json_object(), *labels = json_array();
	char when[40], buf[16];
	char *s;

	time_ms(ev->time_ms, when);
	for (size_t i = 0; i < ev->nlabels; i++)
		json_array_append_new(labels, jstr(label_name(nm,
					ev->schema_version, ev->labels[i], buf)));
	json_object_set_new(o, "event", json_integer((json_int_t)ev->id));
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "session", jstr(session));
	json_object_set_new(o, "annotator",
			    jstr(annotator_name(nm, ev->annotator, buf)));
	json_object_set_new(o, "item", jstr(item));
	json_object_set_new(o, "action", json_string(stet_action_name(ev->action)));
	json_object_set_new(o, "labels", labels);
	if (ev->text != NULL) {
		struct stet_buf t;

		stet_buf_init(&t);
		add_safe(&t, ev->text);
		json_object_set_new(o, "text", json_string(t.data ? t.data : ""));
		stet_buf_free(&t);
	} else {
		json_object_set_new(o, "text", json_null());
	}
	json_object_set_new(o, "duration_ms", json_integer(ev->duration_ms));
	json_object_set_new(o, "schema_version",
			    json_integer(ev->schema_version));
	json_object_set_new(o, "undoes", ev->action == STET_ACT_UNDO ?
			    json_integer((json_int_t)ev->target) : json_null());
	json_object_set_new(o, "suggestion", suggestion_json(nm, ev));
	json_object_set_new(o, "served", served_json(&ev->served));
	json_object_set_new(o, "route", route_json(&ev->route));
	json_object_set_new(o, "spans", spans_json(nm, ev));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return STET_ERR;
	stet_buf_adds(b, s);
	stet_buf_addc(b, '\n');
	free(s);
	return STET_OK;
}

/* Sessions whose name is arg (for a session without a name, its
 * number); failing that, the session numbered arg. */
struct session_query {
	const char *arg;
	struct filter *f;
	size_t cap;
};

static int session_match(const struct stet_session *s, void *ctx,
			 struct stet_error *err)
{
	struct session_query *q = ctx;
	struct filter *f = q->f;
	char buf[32];

	(void)err;
	if (strcmp(stet_session_label(s, buf, sizeof buf), q->arg) != 0)
		return STET_OK;
	if (f->nsessions == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 8;
		f->sessions = stet_xrealloc(f->sessions,
					    q->cap * sizeof *f->sessions);
	}
	f->sessions[f->nsessions++] = s->id;
	return STET_OK;
}

static int find_sessions(struct stet_txn *txn, const char *arg,
			 struct filter *f, struct stet_error *err)
{
	struct session_query q = {arg, f, 0};
	struct stet_session s;
	char *end;
	unsigned long long num;
	int rc;

	if (stet_sessions_each(txn, session_match, &q, err) != STET_OK)
		return STET_ERR;
	if (f->nsessions > 0)
		return STET_OK;
	memset(&s, 0, sizeof s);
	num = strtoull(arg, &end, 10);
	if (*arg >= '0' && *arg <= '9' && *end == '\0' && num > 0) {
		rc = stet_session_get(txn, num, &s, err);
		stet_session_clear(&s);
		if (rc == STET_OK) {
			f->sessions = stet_xmalloc(sizeof *f->sessions);
			f->sessions[f->nsessions++] = num;
			return STET_OK;
		}
		if (rc != STET_NOTFOUND)
			return rc;
	}
	return STET_NOTFOUND;
}

struct log_args {
	const char *item, *annotator, *session;
	bool jsonl;
	bool flags;
	bool own; /* an annotator's own events: none is no error */
};

/* A log that cannot be read to its end: the walk names the event and
 * what is wrong with it; stet verify tells the rest. */
static int fail_damaged(const struct cli_command *cmd,
			const struct stet_error *err)
{
	return cli_fail(cmd, "%s (stet verify says more)", err->msg);
}

/* One event at a time from the walk over the log (history.c), or from
 * the notes with --flags; lines are gathered and written in blocks. */
struct printer {
	struct names *nm;
	const struct filter *f;
	bool jsonl;
	struct stet_buf b;
	bool failed; /* the printer, not the walk, failed */
};

static int print_event(struct stet_event *ev, void *ctx,
		       struct stet_error *err)
{
	struct printer *p = ctx;
	const char *session, *item;
	int rc;

	if (!wanted(p->f, ev))
		return STET_OK;
	if ((rc = session_name(p->nm, ev->session, &session, err)) != STET_OK ||
	    (rc = item_name(p->nm, ev->item, &item, err)) != STET_OK) {
		p->failed = true;
		return rc;
	}
	if (p->jsonl) {
		if (line_json(p->nm, ev, session, item, &p->b) != STET_OK) {
			p->failed = true;
			return stet_error_set(err, STET_ERR, "out of memory");
		}
	} else {
		line_text(p->nm, ev, session, item, &p->b);
	}
	if (p->b.len >= 1 << 16) {
		fwrite(p->b.data, 1, p->b.len, stdout);
		stet_buf_reset(&p->b);
	}
	return STET_OK;
}

/* The flags and comments that stand, in event order: the walk that
 * found them was the one over the log; each is read back by its id. */
static int print_notes(struct stet_txn *txn, const struct stet_notes *notes,
		       struct printer *p, struct stet_error *err)
{
	struct stet_event ev;
	int rc = STET_OK;

	memset(&ev, 0, sizeof ev);
	for (size_t i = 0; i < notes->n && rc == STET_OK; i++) {
		stet_event_clear(&ev);
		rc = stet_event_get(txn, notes->v[i].event, &ev, err);
		if (rc == STET_OK)
			rc = print_event(&ev, p, err);
	}
	stet_event_clear(&ev);
	return rc;
}

static int print_log(const struct cli_command *cmd, struct stet_txn *txn,
		     const struct log_args *a)
{
	struct names nm;
	struct filter f;
	struct stet_error err = {0};
	struct stet_notes notes = {0};
	struct printer p = {&nm, &f, a->jsonl, {0}, false};
	int rc, code = EXIT_OK;

	memset(&nm, 0, sizeof nm);
	memset(&f, 0, sizeof f);
	stet_buf_init(&p.b);
	nm.txn = txn;
	if (stet_annotators_load(txn, &nm.annotators, &nm.nannotators,
				 &err) != STET_OK) {
		code = cli_fail_err(cmd, &err);
		goto leave;
	}
	if (a->item != NULL) {
		f.by_item = true;
		rc = stet_item_find_ext(txn, a->item, &f.item, &err);
		if (rc == STET_NOTFOUND) {
			code = cli_fail(cmd, "no item '%s' in the project", a->item);
			goto leave;
		}
		if (rc != STET_OK) {
			code = cli_fail_err(cmd, &err);
			goto leave;
		}
	}
	if (a->annotator != NULL) {
		f.by_annotator = true;
		for (size_t i = 0; i < nm.nannotators; i++)
			if (strcmp(nm.annotators[i].name, a->annotator) == 0)
				f.annotator = nm.annotators[i].id;
		if (f.annotator == 0) {
			if (!a->own)
				code = cli_fail(cmd, "no annotator '%s' in the project",
						a->annotator);
			goto leave;
		}
	}
	if (a->session != NULL) {
		rc = find_sessions(txn, a->session, &f, &err);
		if (rc == STET_NOTFOUND) {
			code = cli_fail(cmd, "no session '%s' in the project",
					a->session);
			goto leave;
		}
		if (rc != STET_OK) {
			code = cli_fail_err(cmd, &err);
			goto leave;
		}
	}
	if (a->flags) {
		/* Flags and comments as they stand: an undone one is left
		 * out, with the undo itself. */
		if (stet_notes_load(txn, f.by_item ? f.item : 0, &notes,
				    &err) != STET_OK) {
			code = fail_damaged(cmd, &err);
			goto leave;
		}
		rc = print_notes(txn, &notes, &p, &err);
	} else {
		rc = stet_events_each(txn, 0, print_event, &p, &err);
	}
	if (p.b.len > 0)
		fwrite(p.b.data, 1, p.b.len, stdout);
	if (rc != STET_OK)
		code = p.failed ? cli_fail_err(cmd, &err) :
			fail_damaged(cmd, &err);
leave:
	stet_buf_free(&p.b);
	free(f.sessions);
	stet_notes_free(&notes);
	names_free(&nm);
	return code;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"item", required_argument, NULL, 'i'},
		{"annotator", required_argument, NULL, 'a'},
		{"session", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"flags", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct log_args a = {0};
	const char *path, *format = "text";
	struct stet_store *st;
	struct stet_txn *txn;
	struct stet_error err = {0};
	bool lead;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "i:a:s:f:h", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'i': a.item = optarg; break;
		case 'a': a.annotator = optarg; break;
		case 's': a.session = optarg; break;
		case 'f': format = optarg; break;
		case 'F': a.flags = true; break;
		default: return code;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "jsonl"))
		return cli_usage(cmd, "--format takes text or jsonl, not '%s'",
				 format);
	a.jsonl = strcmp(format, "jsonl") == 0;
	if (!a.jsonl && (code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open_project(cmd, argc, argv, true, &path, &code)) == NULL)
		return code;
	/* Others' events hold their labels: an annotator sees their own. */
	if ((code = cli_own_work(cmd, st, &a.annotator, &lead,
				 "reading other annotators' events")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	a.own = !lead;
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	code = print_log(cmd, txn, &a);
	stet_txn_end(txn);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_log = {
	"log", run, "print the history of annotations, event by event",
	"usage: stet log PROJECT.stet [--item ID] [--annotator NAME]\n"
	"                [--session ID] [--flags] [--format text|jsonl]\n\n"
	"  -i, --item ID         only events of the item with this external id\n"
	"  -a, --annotator NAME  only events of this annotator\n"
	"  -s, --session ID      only events of the sessions with this name or\n"
	"                        number\n"
	"      --flags           only the flags and comments left for leads,\n"
	"                        those not undone\n"
	"  -f, --format FMT      text (default) or jsonl\n"
	"  -h, --help            show this help\n",
};
