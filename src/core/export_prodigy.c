/* Prodigy answers, as `prodigy db-out` writes them, for `prodigy db-in`:
 * a standing label as a choice answer (the output of textcat.manual:
 * the task's text, its id in meta, the schema's labels as options, the
 * chosen ones in accept), a standing span set as a manual answer
 * (ner_manual, or pos_manual for tags: tokens and spans). Prodigy sets
 * _input_hash and _task_hash itself when the file goes in. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export_spans.h"
#include "stet/annotate.h"

static void item_text(const struct stet_item *it, json_t *o)
{
	struct stet_buf b;

	if (it->kind == STET_ITEM_TEXT) {
		json_object_set_new(o, "text", json_string(it->text));
		return;
	}
	stet_buf_init(&b);
	for (size_t i = 0; i < it->nfields; i++) {
		if (i > 0)
			stet_buf_addc(&b, ' ');
		stet_buf_adds(&b, it->fields[i].value);
	}
	json_object_set_new(o, "text", json_string(b.data ? b.data : ""));
	stet_buf_free(&b);
}

static void choice(const struct stet_schema *schema,
		   const struct stet_event *ev, json_t *o)
{
	json_t *options = json_array(), *accept = json_array(),
	       *config = json_object();

	for (size_t i = 0; i < schema->nlabels; i++) {
		json_t *opt = json_object();

		json_object_set_new(opt, "id", json_string(schema->labels[i].name));
		json_object_set_new(opt, "text", json_string(schema->labels[i].name));
		json_array_append_new(options, opt);
	}
	json_object_set_new(o, "options", options);
	for (size_t i = 0; i < ev->nlabels; i++) {
		const struct stet_label *l = stet_schema_find_id(schema,
								 ev->labels[i]);

		json_array_append_new(accept, json_string(l ? l->name : "?"));
	}
	json_object_set_new(o, "_view_id", json_string("choice"));
	json_object_set_new(config, "choice_style",
			    json_string(schema->multi ? "multiple" : "single"));
	json_object_set_new(o, "config", config);
	json_object_set_new(o, "accept", accept);
	json_object_set_new(o, "answer", json_string("accept"));
}

json_t *export_prodigy_answer(const struct stet_schema *schema,
			      const struct stet_item *it,
			      const struct stet_event *ev,
			      const char *annotator, const char *session)
{
	json_t *o, *meta = NULL;

	if (ev->action == STET_ACT_SPANS) {
		o = export_prodigy_spans(schema, it, ev->spans, ev->nspans);
	} else {
		o = json_object();
		item_text(it, o);
	}
	if (it->meta != NULL)
		meta = json_loads(it->meta, 0, NULL);
	if (!json_is_object(meta)) {
		json_decref(meta);
		meta = json_object();
	}
	json_object_set_new(meta, "id", json_string(it->ext_id));
	json_object_set_new(o, "meta", meta);
	if (ev->action != STET_ACT_SPANS)
		choice(schema, ev, o);
	json_object_set_new(o, "_timestamp", json_integer(ev->time_ms / 1000));
	json_object_set_new(o, "_annotator_id", json_string(annotator));
	json_object_set_new(o, "_session_id", json_string(session));
	return o;
}
