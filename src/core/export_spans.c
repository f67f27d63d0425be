/* Spans in exports: code points as stored, or UTF-16 code units or
 * UTF-8 bytes converted exactly from them (stet/offsets.h). */
#include <stdlib.h>
#include <string.h>

#include "export_spans.h"

static const char *label_name(const struct stet_schema *schema, uint32_t id)
{
	const struct stet_label *l = stet_schema_find_id(schema, id);

	return l ? l->name : "?";
}

static bool is_tag(const struct stet_schema *schema, const struct stet_span *sp)
{
	const struct stet_label *l = stet_schema_find_id(schema, sp->label);

	return l != NULL && l->kind == STET_KIND_TOKEN;
}

json_t *export_tag_list(const struct stet_schema *schema,
			const struct stet_item *it, const struct stet_span *v,
			size_t n)
{
	json_t *a = json_array();
	size_t ntok = it->has_toks ? it->toks.n : 0;

	for (size_t i = 0; i < ntok; i++)
		json_array_append_new(a, json_null());
	for (size_t i = 0; i < n; i++)
		if (is_tag(schema, &v[i]) && v[i].tok_start < ntok)
			json_array_set_new(a, v[i].tok_start, json_string(
				label_name(schema, v[i].label)));
	return a;
}

bool export_all_tags(const struct stet_schema *schema,
		     const struct stet_span *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_tag(schema, &v[i]))
			return false;
	return n > 0;
}

int export_span_list(const struct stet_schema *schema,
		     const struct stet_item *it, enum stet_unit unit,
		     const struct stet_span *v, size_t n, json_t **out,
		     struct stet_error *err)
{
	struct stet_offset_map m;
	const char *text = it->text ? it->text : "";

	*out = NULL;
	if (stet_offset_map_init(&m, text, strlen(text), err) != STET_OK)
		return STET_ERR;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array();

		json_array_append_new(a, json_integer((json_int_t)
			stet_offset_from_cp(&m, unit, v[i].start)));
		json_array_append_new(a, json_integer((json_int_t)
			stet_offset_from_cp(&m, unit, v[i].end)));
		json_array_append_new(a, json_string(label_name(schema,
							       v[i].label)));
		json_array_append_new(*out, a);
	}
	stet_offset_map_free(&m);
	return STET_OK;
}

/* [{"start", "end", "label", "text"}, ...] of set, offsets in unit. */
static json_t *span_objects(const struct stet_schema *schema,
			    const struct stet_item *it,
			    const struct stet_offset_map *m,
			    enum stet_unit unit,
			    const struct stet_span_set *set)
{
	json_t *list = json_array();

	for (size_t i = 0; i < set->n; i++) {
		const struct stet_span *sp = &set->v[i];
		json_t *e = json_object();

		json_object_set_new(e, "start", json_integer((json_int_t)
			stet_offset_from_cp(m, unit, sp->start)));
		json_object_set_new(e, "end", json_integer((json_int_t)
			stet_offset_from_cp(m, unit, sp->end)));
		json_object_set_new(e, "label",
				    json_string(label_name(schema, sp->label)));
		json_object_set_new(e, "text", json_stringn(
			it->text + m->byte_of[sp->start],
			m->byte_of[sp->end] - m->byte_of[sp->start]));
		json_array_append_new(list, e);
	}
	return list;
}

int export_item_spans(struct stet_txn *txn, const struct stet_schema *schema,
		      const struct stet_item *it, enum stet_unit unit,
		      const struct export_who *who, size_t nwho, json_t *o,
		      struct stet_error *err)
{
	struct stet_offset_map m;
	struct stet_span_set set;
	json_t *spans = NULL, *tags = NULL;
	int rc = STET_OK;

	if (it->kind != STET_ITEM_TEXT)
		return STET_OK;
	if (stet_offset_map_init(&m, it->text, strlen(it->text), err) != STET_OK)
		return STET_ERR;
	stet_span_set_init(&set);
	for (size_t w = 0; w < nwho && rc == STET_OK; w++) {
		json_t *list;

		stet_span_set_free(&set);
		rc = stet_spans_get(txn, it->id, who[w].id, &set, NULL, err);
		if (rc == STET_NOTFOUND) {
			rc = STET_OK;
			continue;
		}
		if (rc != STET_OK)
			break;
		if (export_all_tags(schema, set.v, set.n)) {
			if (tags == NULL)
				tags = json_object();
			json_object_set_new(tags, who[w].name,
					    export_tag_list(schema, it, set.v,
							    set.n));
			continue;
		}
		list = span_objects(schema, it, &m, unit, &set);
		if (spans == NULL)
			spans = json_object();
		json_object_set_new(spans, who[w].name, list);
	}
	if (rc == STET_OK && spans != NULL)
		json_object_set_new(o, "spans", spans);
	else
		json_decref(spans);
	if (rc == STET_OK && tags != NULL)
		json_object_set_new(o, "tags", tags);
	else
		json_decref(tags);
	stet_span_set_free(&set);
	stet_offset_map_free(&m);
	return rc;
}

json_t *export_prodigy_spans(const struct stet_schema *schema,
			     const struct stet_item *it,
			     const struct stet_span *v, size_t n)
{
	struct stet_offset_map m;
	struct stet_error err;
	json_t *o = json_object(), *toks = json_array(), *spans = json_array();
	const struct stet_tokens *t = &it->toks;
	bool tags = export_all_tags(schema, v, n);

	json_object_set_new(o, "text", json_string(it->text));
	if (stet_offset_map_init(&m, it->text, strlen(it->text), &err) !=
	    STET_OK) {
		json_decref(toks);
		json_decref(spans);
		return o;
	}
	/* Prodigy counts characters as Python does: code points, as stet
	 * stores them. */
	for (size_t i = 0; it->has_toks && i < t->n; i++) {
		json_t *e = json_object();
		uint32_t s = t->v[i].start, end = t->v[i].end;
		uint32_t next = i + 1 < t->n ? t->v[i + 1].start : m.ncp;

		json_object_set_new(e, "text", json_stringn(
			it->text + m.byte_of[s], m.byte_of[end] - m.byte_of[s]));
		json_object_set_new(e, "start", json_integer(s));
		json_object_set_new(e, "end", json_integer(end));
		json_object_set_new(e, "id", json_integer((json_int_t)i));
		json_object_set_new(e, "ws", json_boolean(next > end));
		json_array_append_new(toks, e);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "start", json_integer(v[i].start));
		json_object_set_new(e, "end", json_integer(v[i].end));
		json_object_set_new(e, "text", json_stringn(
			it->text + m.byte_of[v[i].start],
			m.byte_of[v[i].end] - m.byte_of[v[i].start]));
		/* Prodigy's token_end is the last token, not the one after. */
		if (v[i].tok_end > v[i].tok_start) {
			json_object_set_new(e, "token_start",
					    json_integer(v[i].tok_start));
			json_object_set_new(e, "token_end",
					    json_integer(v[i].tok_end - 1));
		}
		json_object_set_new(e, "label",
				    json_string(label_name(schema, v[i].label)));
		json_array_append_new(spans, e);
	}
	stet_offset_map_free(&m);
	json_object_set_new(o, "tokens", toks);
	json_object_set_new(o, "spans", spans);
	json_object_set_new(o, "_view_id", json_string(tags ? "pos_manual" :
							  "ner_manual"));
	json_object_set_new(o, "answer", json_string("accept"));
	return o;
}

int export_final_spans(struct stet_txn *txn, const struct stet_schema *schema,
		       const struct stet_item *it, enum stet_unit unit,
		       json_t *o, struct stet_error *err)
{
	size_t nspan = stet_schema_count_kind(schema, STET_KIND_SPAN);
	struct stet_offset_map m;
	struct stet_span_set set;
	int rc;

	if (it->kind != STET_ITEM_TEXT ||
	    nspan + stet_schema_count_kind(schema, STET_KIND_TOKEN) == 0)
		return STET_OK;
	stet_span_set_init(&set);
	rc = stet_spans_final_get(txn, it->id, &set, err);
	if (rc == STET_NOTFOUND) {
		json_object_set_new(o, "final_spans", json_null());
		rc = STET_OK;
	} else if (rc == STET_OK && (export_all_tags(schema, set.v, set.n) ||
				     (set.n == 0 && nspan == 0))) {
		json_object_set_new(o, "final_tags", export_tag_list(schema,
					it, set.v, set.n));
	} else if (rc == STET_OK) {
		rc = stet_offset_map_init(&m, it->text, strlen(it->text), err);
		if (rc == STET_OK) {
			json_object_set_new(o, "final_spans",
					    span_objects(schema, it, &m, unit,
							 &set));
			stet_offset_map_free(&m);
		}
	}
	stet_span_set_free(&set);
	return rc;
}
