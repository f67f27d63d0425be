#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csv_out.h"
#include "export_spans.h"
#include "stet/annotate.h"
#include "stet/export.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/label_name.h"
#include "stet/predict.h"
#include "stet/route.h"
#include "stet/schema.h"
#include "stet/timefmt.h"

struct exporter {
	struct stet_txn *txn;
	FILE *out;
	const char *out_name;
	struct stet_schema schema;
	struct stet_annotator *annotators;
	size_t nannotators;
	struct export_who *by_name; /* annotators sorted by name */
	struct stet_cursor *cur;
	/* CSV columns */
	char **columns;
	size_t ncolumns;
	bool any_text;
	bool final; /* the decisions instead of the annotators' labels */
	/* The schema has no item labels, so a label of no labels is only
	 * the mark of an item finished; elsewhere it is the empty set a
	 * multi-label annotator chose. */
	bool finish_marks;
	enum stet_unit unit;     /* of span offsets */
	struct stet_model model; /* --predictions: id 0 when none */
};

static int by_name_cmp(const void *a, const void *b)
{
	const struct export_who *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static const char *annotator_name(const struct exporter *ex, uint32_t id)
{
	if (id >= 1 && id <= ex->nannotators && ex->annotators[id - 1].id == id)
		return ex->annotators[id - 1].name;
	for (size_t i = 0; i < ex->nannotators; i++)
		if (ex->annotators[i].id == id)
			return ex->annotators[i].name;
	return "?";
}

static struct export_who *who_of(struct exporter *ex, uint32_t id)
{
	for (size_t i = 0; i < ex->nannotators; i++)
		if (ex->by_name[i].id == id)
			return &ex->by_name[i];
	return NULL;
}

static json_t *label_json(const struct exporter *ex, const uint32_t *ids,
			  size_t n)
{
	json_t *a;

	if (!ex->schema.multi && n == 1) {
		const struct stet_label *l = stet_schema_find_id(&ex->schema, ids[0]);

		return json_string(l ? l->name : "?");
	}
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct stet_label *l = stet_schema_find_id(&ex->schema, ids[i]);

		json_array_append_new(a, json_string(l ? l->name : "?"));
	}
	return a;
}

static void label_text(const struct exporter *ex, const uint32_t *ids,
		       size_t n, struct stet_buf *b)
{
	for (size_t i = 0; i < n; i++) {
		const struct stet_label *l = stet_schema_find_id(&ex->schema, ids[i]);

		stet_label_join(b, l ? l->name : "?", i == 0);
	}
}

/* The standing labels of one item, by annotator. Both `items` and
 * `current` are in item order, so one seek per item finds them. */
struct item_labels {
	struct {
		uint32_t annotator;
		struct stet_current cur;
	} *v;
	size_t n, cap;
};

/* The label a model gave item by routing it (stet route), as its
 * annotator's. */
static int routed_label(struct exporter *ex, uint64_t item,
			struct item_labels *out, struct stet_error *err)
{
	struct stet_event ev;
	int rc;

	memset(&ev, 0, sizeof ev);
	rc = stet_route_labeled(ex->txn, item, &ev, err);
	if (rc == STET_OK) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = stet_xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n].annotator = ev.annotator;
		memcpy(out->v[out->n].cur.labels, ev.labels,
		       ev.nlabels * sizeof *ev.labels);
		out->v[out->n].cur.nlabels = ev.nlabels;
		out->v[out->n++].cur.event = ev.id;
	}
	stet_event_clear(&ev);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int labels_of(struct exporter *ex, uint64_t item,
		     struct item_labels *out, struct stet_error *err)
{
	unsigned char key[12];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	out->n = 0;
	stet_current_key(key, item, 0);
	for (rc = stet_cursor_seek(ex->cur, key, 12, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(ex->cur, &k, &kl, &v, &vl, err)) {
		if (kl != 12 || stet_get_u64be(k) != item)
			break;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = stet_xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n].annotator = stet_get_u32be((const unsigned char *)k + 8);
		if (stet_current_decode(v, vl, &out->v[out->n].cur, err) != STET_OK)
			return STET_ERR;
		if (out->v[out->n].cur.nlabels > 0 || !ex->finish_marks)
			out->n++;
	}
	if (rc == STET_ERR)
		return STET_ERR;
	return routed_label(ex, item, out, err);
}

/* The decision on item: *decided false when no lead has made one. */
static int final_of(struct exporter *ex, uint64_t item,
		    struct stet_current *cur, bool *decided,
		    struct stet_error *err)
{
	/* A decision on the item's spans alone is none on its labels. */
	int rc = stet_final_labels_get(ex->txn, item, cur, err);

	*decided = rc == STET_OK;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int write_failed(struct exporter *ex, struct stet_error *err)
{
	return stet_error_set(err, STET_ERR, "%s: %s", ex->out_name,
			      strerror(errno));
}

static int put_line(struct exporter *ex, json_t *o, struct stet_error *err)
{
	int rc = json_dumpf(o, ex->out, JSON_COMPACT);

	json_decref(o);
	if (rc != 0 || fputc('\n', ex->out) == EOF)
		return write_failed(ex, err);
	return STET_OK;
}

/* The model's prediction on item as JSON, null when it has none. */
static int prediction_json(struct exporter *ex, uint64_t item, json_t **out,
			   struct stet_error *err)
{
	struct stet_prediction p;
	json_t *o, *scores;
	char model[256];
	uint32_t top;
	double best;
	int rc = stet_prediction_get(ex->txn, ex->model.id, item, &p, err);

	*out = json_null();
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return STET_ERR;
	best = stet_prediction_top(&p, &top);
	o = json_object();
	json_object_set_new(o, "label", label_json(ex, &top, 1));
	json_object_set_new(o, "score", json_real(best));
	if (p.all) {
		scores = json_object();
		for (size_t i = 0; i < p.n; i++) {
			const struct stet_label *l =
				stet_schema_find_id(&ex->schema, p.labels[i]);

			json_object_set_new(scores, l ? l->name : "?",
					    json_real(p.scores[i]));
		}
		json_object_set_new(o, "scores", scores);
	}
	snprintf(model, sizeof model, "%s@%llu", ex->model.name,
		 (unsigned long long)p.version);
	json_object_set_new(o, "model", json_string(model));
	*out = o;
	return STET_OK;
}

static json_t *item_json(struct exporter *ex, const struct stet_item *it,
			 const struct item_labels *il,
			 const struct stet_current *fin,
			 const struct stet_gold *gold)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(it->ext_id));
	if (it->kind == STET_ITEM_TEXT) {
		json_object_set_new(o, "text", json_string(it->text));
	} else {
		json_t *f = json_object();

		for (size_t i = 0; i < it->nfields; i++)
			json_object_set_new(f, it->fields[i].name,
					    json_string(it->fields[i].value));
		json_object_set_new(o, "fields", f);
	}
	if (it->meta != NULL) {
		json_t *m = json_loads(it->meta, 0, NULL);

		if (m != NULL)
			json_object_set_new(o, "meta", m);
	}
	if (it->tokens != NULL) {
		json_t *t = json_array();
		const char *p = it->tokens;

		/* The sentence's comments are kept with its token lines. */
		for (;;) {
			const char *nl = strchr(p, '\n');

			if (*p != '#')
				json_array_append_new(t, json_stringn(p, nl ?
					(size_t)(nl - p) : strlen(p)));
			if (nl == NULL)
				break;
			p = nl + 1;
		}
		json_object_set_new(o, "tokens", t);
	}
	if (it->label != NULL)
		json_object_set_new(o, "label", json_string(it->label));
	if (it->prediction != NULL)
		json_object_set_new(o, "prediction", json_string(it->prediction));
	if (it->has_score)
		json_object_set_new(o, "score", json_real(it->score));
	if (gold != NULL)
		json_object_set_new(o, "gold", label_json(ex, gold->labels,
							  gold->n));
	if (ex->final) {
		/* A set even when it is empty: a multi-label decision may be
		 * that no label applies. */
		json_object_set_new(o, "final", fin == NULL ? json_null() :
				    ex->schema.multi ?
				    label_json(ex, fin->labels, fin->nlabels) :
				    fin->nlabels == 1 ?
				    label_json(ex, fin->labels, 1) : json_null());
	} else if (il->n > 0) {
		json_t *labels = json_object();

		/* Annotators by name, so that output does not depend on the
		 * order they joined this project. */
		for (size_t w = 0; w < ex->nannotators; w++)
			for (size_t i = 0; i < il->n; i++)
				if (il->v[i].annotator == ex->by_name[w].id)
					json_object_set_new(labels, ex->by_name[w].name,
						label_json(ex, il->v[i].cur.labels,
							   il->v[i].cur.nlabels));
		json_object_set_new(o, "labels", labels);
	}
	return o;
}

struct each_ctx {
	struct exporter *ex;
	struct item_labels il;
	struct stet_buf b;
	enum stet_format format;
};

/* What an item is written with: the decision (with --final), or every
 * annotator's standing labels. */
static int values_of(struct each_ctx *ec, uint64_t item,
		     struct stet_current *fin, bool *decided,
		     struct stet_error *err)
{
	*decided = false;
	if (!ec->ex->final)
		return labels_of(ec->ex, item, &ec->il, err);
	ec->il.n = 0;
	return final_of(ec->ex, item, fin, decided, err);
}

static int jsonl_item(void *ctx, const struct stet_item *it,
		      struct stet_error *err)
{
	struct each_ctx *ec = ctx;
	struct stet_current fin;
	struct stet_gold gold;
	bool decided = false;
	json_t *o;
	int rc;

	if (values_of(ec, it->id, &fin, &decided, err) != STET_OK)
		return STET_ERR;
	/* A gold item's answer lives in `gold` alone, never in its record:
	 * the export (for leads) gives it beside the item. */
	rc = stet_gold_get(ec->ex->txn, it->id, &gold, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	o = item_json(ec->ex, it, &ec->il, decided ? &fin : NULL,
		      rc == STET_OK ? &gold : NULL);
	if ((ec->ex->final ? export_final_spans(ec->ex->txn, &ec->ex->schema,
						it, ec->ex->unit, o, err) :
	     export_item_spans(ec->ex->txn, &ec->ex->schema, it, ec->ex->unit,
			       ec->ex->by_name, ec->ex->nannotators, o,
			       err)) != STET_OK) {
		json_decref(o);
		return STET_ERR;
	}
	if (ec->ex->model.id != 0) {
		json_t *p;

		if (prediction_json(ec->ex, it->id, &p, err) != STET_OK) {
			json_decref(o);
			return STET_ERR;
		}
		json_object_set_new(o, "prediction", p);
	}
	return put_line(ec->ex, o, err);
}

static int flush_row(struct exporter *ex, struct stet_buf *b,
		     struct stet_error *err)
{
	stet_buf_adds(b, "\r\n");
	if (fwrite(b->data, 1, b->len, ex->out) != b->len)
		return write_failed(ex, err);
	stet_buf_reset(b);
	return STET_OK;
}

static void add_column(struct exporter *ex, const char *name)
{
	for (size_t j = 0; j < ex->ncolumns; j++)
		if (strcmp(ex->columns[j], name) == 0)
			return;
	ex->columns = stet_xrealloc(ex->columns,
				    (ex->ncolumns + 1) * sizeof *ex->columns);
	ex->columns[ex->ncolumns++] = stet_xstrdup(name);
}

static int csv_scan(void *ctx, const struct stet_item *it,
		    struct stet_error *err)
{
	struct each_ctx *ec = ctx;
	struct exporter *ex = ec->ex;

	for (size_t i = 0; i < it->nfields; i++)
		add_column(ex, it->fields[i].name);
	if (ex->final)
		return STET_OK;
	if (labels_of(ex, it->id, &ec->il, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < ec->il.n; i++) {
		struct export_who *w = who_of(ex, ec->il.v[i].annotator);

		if (w != NULL)
			w->used = true;
	}
	return STET_OK;
}

static int csv_row(void *ctx, const struct stet_item *it,
		   struct stet_error *err)
{
	struct each_ctx *ec = ctx;
	struct exporter *ex = ec->ex;
	struct stet_buf lab;
	struct stet_current fin;
	bool decided = false;

	if (values_of(ec, it->id, &fin, &decided, err) != STET_OK)
		return STET_ERR;
	csv_out_field(&ec->b, it->ext_id, true);
	for (size_t c = 0; c < ex->ncolumns; c++) {
		const char *v = "";

		/* Text items fill the "text" column, which a table field of
		 * that name shares. */
		if (it->kind == STET_ITEM_TEXT && c == 0 && ex->any_text)
			v = it->text;
		for (size_t i = 0; i < it->nfields; i++)
			if (strcmp(it->fields[i].name, ex->columns[c]) == 0)
				v = it->fields[i].value;
		csv_out_field(&ec->b, v, false);
	}
	stet_buf_init(&lab);
	if (ex->final) {
		if (decided)
			label_text(ex, fin.labels, fin.nlabels, &lab);
		csv_out_field(&ec->b, lab.data ? lab.data : "", false);
	}
	for (size_t w = 0; w < ex->nannotators && !ex->final; w++) {
		if (!ex->by_name[w].used)
			continue;
		stet_buf_reset(&lab);
		for (size_t i = 0; i < ec->il.n; i++)
			if (ec->il.v[i].annotator == ex->by_name[w].id)
				label_text(ex, ec->il.v[i].cur.labels,
					   ec->il.v[i].cur.nlabels, &lab);
		csv_out_field(&ec->b, lab.data ? lab.data : "", false);
	}
	stet_buf_free(&lab);
	return flush_row(ex, &ec->b, err);
}

static int has_text_items(struct stet_txn *txn, bool *any,
			  struct stet_error *err)
{
	uint64_t n;
	int rc = stet_meta_get_u64(txn, "count.text", &n, err);

	*any = rc == STET_OK && n > 0;
	return rc;
}

static int export_csv(struct exporter *ex, struct each_ctx *ec,
		      struct stet_error *err)
{
	if (has_text_items(ex->txn, &ex->any_text, err) != STET_OK)
		return STET_ERR;
	if (ex->any_text)
		add_column(ex, "text");
	if (stet_item_each(ex->txn, csv_scan, ec, err) != STET_OK)
		return STET_ERR;
	csv_out_field(&ec->b, "id", true);
	for (size_t c = 0; c < ex->ncolumns; c++)
		csv_out_field_column(&ec->b, ex->columns[c]);
	if (ex->final)
		csv_out_field(&ec->b, "final", false);
	for (size_t w = 0; w < ex->nannotators && !ex->final; w++)
		if (ex->by_name[w].used)
			csv_out_label_column(&ec->b, ex->by_name[w].name);
	if (flush_row(ex, &ec->b, err) != STET_OK)
		return STET_ERR;
	return stet_item_each(ex->txn, csv_row, ec, err);
}

/* A comment value must stay on one line. */
static void one_line(struct stet_buf *b, const char *s)
{
	for (; *s; s++)
		stet_buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int conll_item(void *ctx, const struct stet_item *it,
		      struct stet_error *err)
{
	struct each_ctx *ec = ctx;
	struct exporter *ex = ec->ex;
	struct stet_buf *b = &ec->b;
	struct stet_buf text;
	struct stet_current fin;
	bool decided = false;

	if (values_of(ec, it->id, &fin, &decided, err) != STET_OK)
		return STET_ERR;
	stet_buf_init(&text);
	if (it->kind == STET_ITEM_TEXT) {
		stet_buf_adds(&text, it->text);
	} else {
		for (size_t i = 0; i < it->nfields; i++) {
			if (i > 0)
				stet_buf_addc(&text, ' ');
			stet_buf_adds(&text, it->fields[i].value);
		}
	}
	stet_buf_adds(b, "# sent_id = ");
	one_line(b, it->ext_id);
	stet_buf_adds(b, "\n# text = ");
	one_line(b, text.data ? text.data : "");
	stet_buf_addc(b, '\n');
	if (decided) {
		stet_buf_adds(b, "# final = ");
		label_text(ex, fin.labels, fin.nlabels, b);
		stet_buf_addc(b, '\n');
	}
	for (size_t w = 0; w < ex->nannotators; w++) {
		for (size_t i = 0; i < ec->il.n; i++) {
			if (ec->il.v[i].annotator != ex->by_name[w].id)
				continue;
			stet_buf_printf(b, "# label[%s] = ", ex->by_name[w].name);
			label_text(ex, ec->il.v[i].cur.labels,
				   ec->il.v[i].cur.nlabels, b);
			stet_buf_addc(b, '\n');
		}
	}
	if (it->tokens != NULL) {
		/* Comments were written above, from the item. */
		for (const char *p = it->tokens; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			if (*p != '#') {
				stet_buf_add(b, p, n);
				stet_buf_addc(b, '\n');
			}
			p += n + (nl != NULL);
		}
	} else {
		/* No tokens were imported: one token per space-separated word,
		 * in CoNLL-U's ten columns. */
		char *save = NULL, *copy = stet_xstrdup(text.data ? text.data : "");
		unsigned n = 0;

		for (char *w = strtok_r(copy, " \t\r\n", &save); w != NULL;
		     w = strtok_r(NULL, " \t\r\n", &save))
			stet_buf_printf(b, "%u\t%s\t_\t_\t_\t_\t_\t_\t_\t_\n", ++n, w);
		free(copy);
	}
	stet_buf_free(&text);
	stet_buf_addc(b, '\n');
	if (fwrite(b->data, 1, b->len, ex->out) != b->len)
		return write_failed(ex, err);
	stet_buf_reset(b);
	return STET_OK;
}

/* Calls fn for each label that still stands, in the order the labels
 * were given, with its item and session. */
typedef int (*standing_fn)(struct exporter *ex, const struct stet_event *ev,
			   const struct stet_item *it,
			   const struct stet_session *s, struct stet_error *err);

static int each_standing(struct exporter *ex, standing_fn fn,
			 struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev;
	struct stet_current cur;
	struct stet_item it;
	struct stet_session s;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(ex->txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	memset(&ev, 0, sizeof ev);
	memset(&s, 0, sizeof s);
	stet_item_init(&it);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8 || stet_event_decode(v, vl, &ev, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		ev.id = stet_get_u64be(k);
		if ((ev.action != STET_ACT_LABEL && ev.action != STET_ACT_ROUTE &&
		     ev.action != STET_ACT_SPANS) ||
		    (ev.action == STET_ACT_LABEL && ev.nlabels == 0 &&
		     ex->finish_marks))
			continue;
		/* Only labels that still stand: a changed or undone label is
		 * history, kept in the project but not an annotation. A
		 * model's stands in its route. */
		if (ev.action == STET_ACT_SPANS) {
			struct stet_span_set set;

			stet_span_set_init(&set);
			rc = stet_spans_get(ex->txn, ev.item, ev.annotator, &set,
					    &cur.event, err);
			stet_span_set_free(&set);
		} else {
			rc = ev.action == STET_ACT_ROUTE ?
				stet_route_standing(ex->txn, ev.item, &cur.event,
						    err) :
				stet_current_get(ex->txn, ev.item, ev.annotator,
						 &cur, err);
		}
		if (rc == STET_NOTFOUND || (rc == STET_OK && cur.event != ev.id))
			continue;
		if (rc != STET_OK)
			break;
		if (stet_item_get(ex->txn, ev.item, &it, err) != STET_OK ||
		    (s.id != ev.session &&
		     stet_session_get(ex->txn, ev.session, &s, err) != STET_OK)) {
			rc = STET_ERR;
			break;
		}
		rc = fn(ex, &ev, &it, &s, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			break;
	}
	stet_event_clear(&ev);
	stet_session_clear(&s);
	stet_item_clear(&it);
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : STET_ERR;
}

static int annotation_record(struct exporter *ex, const struct stet_event *ev,
			     const struct stet_item *it,
			     const struct stet_session *s,
			     struct stet_error *err)
{
	char when[32], sbuf[32];
	json_t *o = json_object();

	stet_time_format(ev->time_ms, when);
	json_object_set_new(o, "item", json_string(it->ext_id));
	json_object_set_new(o, "annotator",
			    json_string(annotator_name(ex, ev->annotator)));
	if (ev->action == STET_ACT_SPANS &&
	    export_all_tags(&ex->schema, ev->spans, ev->nspans)) {
		json_object_set_new(o, "tags", export_tag_list(&ex->schema, it,
			ev->spans, ev->nspans));
	} else if (ev->action == STET_ACT_SPANS) {
		json_t *spans;

		if (export_span_list(&ex->schema, it, ex->unit, ev->spans,
				     ev->nspans, &spans, err) != STET_OK) {
			json_decref(o);
			return STET_ERR;
		}
		json_object_set_new(o, "spans", spans);
	} else {
		json_object_set_new(o, "label",
				    label_json(ex, ev->labels, ev->nlabels));
	}
	json_object_set_new(o, "session",
			    json_string(stet_session_label(s, sbuf, sizeof sbuf)));
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "duration_ms", json_integer(ev->duration_ms));
	return put_line(ex, o, err);
}

/* A label as Prodigy's choice answer, a span set as its manual one
 * (export_prodigy.c). */
static int prodigy_record(struct exporter *ex, const struct stet_event *ev,
			  const struct stet_item *it,
			  const struct stet_session *s, struct stet_error *err)
{
	char sbuf[32];

	return put_line(ex, export_prodigy_answer(&ex->schema, it, ev,
		annotator_name(ex, ev->annotator),
		stet_session_label(s, sbuf, sizeof sbuf)), err);
}

int stet_export(struct stet_store *st, const struct stet_export_opts *opts,
		FILE *out, const char *out_name, struct stet_error *err)
{
	struct exporter ex = {.out = out, .out_name = out_name,
			      .final = opts->final, .unit = opts->offsets};
	struct each_ctx ec = {.ex = &ex, .format = opts->format};
	int rc;

	if (opts->annotator != NULL)
		return stet_export_conll_tags(st, opts, out, out_name, err);
	if (opts->final && (opts->annotations || opts->prodigy))
		return stet_error_set(err, STET_ERR,
			"the decisions are written with items, not with annotation records");
	if (opts->predictions != NULL &&
	    (opts->annotations || opts->prodigy || opts->format != STET_FMT_JSONL))
		return stet_error_set(err, STET_ERR,
			"predictions are written with JSONL items");
	stet_schema_init(&ex.schema);
	stet_buf_init(&ec.b);
	if (stet_txn_begin_read(st, &ex.txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_schema_load(ex.txn, &ex.schema, err);
	ex.finish_marks = stet_schema_count_kind(&ex.schema, STET_KIND_ITEM) == 0;
	if (rc == STET_OK)
		rc = stet_annotators_load(ex.txn, &ex.annotators,
					  &ex.nannotators, err);
	if (rc == STET_OK)
		rc = stet_cursor_open(ex.txn, STET_DB_CURRENT, &ex.cur, err);
	if (rc == STET_OK && opts->predictions != NULL) {
		rc = stet_model_get(ex.txn, opts->predictions, &ex.model, err);
		if (rc == STET_NOTFOUND)
			rc = stet_error_set(err, STET_ERR,
					    "no model \"%s\" in the project (stet info lists the models)",
					    opts->predictions);
	}
	if (rc != STET_OK)
		goto leave;
	ex.by_name = stet_xcalloc(ex.nannotators + 1, sizeof *ex.by_name);
	for (size_t i = 0; i < ex.nannotators; i++) {
		ex.by_name[i].id = ex.annotators[i].id;
		ex.by_name[i].name = ex.annotators[i].name;
	}
	qsort(ex.by_name, ex.nannotators, sizeof *ex.by_name, by_name_cmp);
	if (opts->prodigy)
		rc = each_standing(&ex, prodigy_record, err);
	else if (opts->annotations)
		rc = each_standing(&ex, annotation_record, err);
	else if (opts->format == STET_FMT_CSV)
		rc = export_csv(&ex, &ec, err);
	else if (opts->format == STET_FMT_CONLL)
		rc = stet_item_each(ex.txn, conll_item, &ec, err);
	else
		rc = stet_item_each(ex.txn, jsonl_item, &ec, err);
	if (rc == STET_OK && fflush(out) != 0)
		rc = write_failed(&ex, err);
leave:
	stet_cursor_close(ex.cur);
	stet_txn_end(ex.txn);
	for (size_t i = 0; i < ex.ncolumns; i++)
		free(ex.columns[i]);
	free(ex.columns);
	free(ex.by_name);
	free(ec.il.v);
	stet_buf_free(&ec.b);
	stet_annotators_free(ex.annotators, ex.nannotators);
	stet_schema_free(&ex.schema);
	stet_model_clear(&ex.model);
	return rc;
}
