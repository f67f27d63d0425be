#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stet/progress.h"
#include "stet/project.h"
#include "stet/timefmt.h"

/* Moves the row named `self` (if any) to the front and drops the
 * rest, freeing their names. */
static void keep_own(struct stet_progress_row *pr, size_t *npr,
		     const char *self)
{
	size_t kept = 0;

	for (size_t i = 0; i < *npr; i++) {
		if (kept == 0 && !strcmp(pr[i].name, self)) {
			struct stet_progress_row t = pr[0];

			pr[0] = pr[i];
			pr[i] = t;
			kept = 1;
		}
	}
	for (size_t i = kept; i < *npr; i++)
		free(pr[i].name);
	*npr = kept;
}

static json_t *models_json(const struct stet_info *in)
{
	json_t *list = json_array();

	for (size_t i = 0; i < in->nmodels; i++) {
		const struct stet_model *m = &in->models[i];
		char when[32];

		stet_time_format(m->updated_ms, when);
		json_array_append_new(list, json_pack("{s:s,s:I,s:I,s:s,s:s}",
			"name", m->name, "version", (json_int_t)m->version,
			"items", (json_int_t)m->items, "updated", when,
			"kind", m->kind == STET_MODEL_LEARNER ? "learner" : "outside"));
	}
	return list;
}

static void print_json(const struct stet_info *in,
		       const struct stet_progress_row *pr, size_t npr)
{
	json_t *o = json_object(), *labels = json_array();
	/* "labels" holds the item labels, as it did before labels had
	 * kinds; span and token labels have lists of their own. */
	json_t *kind_list[3] = {labels, json_array(), json_array()};
	json_t *progress = json_array();
	char *s;

	for (size_t i = 0; i < npr; i++) {
		json_t *r = json_object();

		json_object_set_new(r, "annotator", json_string(pr[i].name));
		json_object_set_new(r, "done", json_integer((json_int_t)pr[i].p.done));
		json_object_set_new(r, "left", json_integer((json_int_t)pr[i].p.left));
		json_array_append_new(progress, r);
	}

	for (size_t i = 0; i < in->schema.nlabels; i++)
		json_array_append_new(kind_list[in->schema.labels[i].kind],
				      json_string(in->schema.labels[i].name));
	json_object_set_new(o, "items", json_integer((json_int_t)(in->text_items + in->table_items)));
	json_object_set_new(o, "text_items", json_integer((json_int_t)in->text_items));
	json_object_set_new(o, "table_items", json_integer((json_int_t)in->table_items));
	json_object_set_new(o, "gold_items", json_integer((json_int_t)in->gold_items));
	json_object_set_new(o, "annotators", json_integer((json_int_t)in->annotators));
	json_object_set_new(o, "sessions", json_integer((json_int_t)in->sessions));
	json_object_set_new(o, "annotations", json_integer((json_int_t)in->annotations));
	json_object_set_new(o, "events", json_integer((json_int_t)in->events));
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "multi", json_boolean(in->schema.multi));
	json_object_set_new(o, "span_labels", kind_list[STET_KIND_SPAN]);
	json_object_set_new(o, "token_labels", kind_list[STET_KIND_TOKEN]);
	json_object_set_new(o, "span_overlap",
			    json_boolean(!in->schema.no_overlap));
	json_object_set_new(o, "schema_version", json_integer(in->schema.version));
	json_object_set_new(o, "format_version", json_integer(in->format_version));
	json_object_set_new(o, "file_bytes", json_integer((json_int_t)in->file_bytes));
	json_object_set_new(o, "progress", progress);
	json_object_set_new(o, "models", models_json(in));
	json_object_set_new(o, "route", in->route_run == 0 ? json_null() :
			    json_pack("{s:I, s:s}", "run",
				      (json_int_t)in->route_run, "annotator",
				      in->route_annotator));
	s = json_dumps(o, JSON_COMPACT);
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
}

static void print_text(const char *path, const struct stet_info *in,
		       const struct stet_progress_row *pr, size_t npr)
{
	printf("project      %s\n", path);
	printf("items        %llu (%llu text, %llu table)\n",
	       (unsigned long long)(in->text_items + in->table_items),
	       (unsigned long long)in->text_items,
	       (unsigned long long)in->table_items);
	if (in->gold_items > 0)
		printf("gold         %llu %s\n",
		       (unsigned long long)in->gold_items,
		       cli_plural(in->gold_items, "item", "items"));
	printf("annotators   %llu\n", (unsigned long long)in->annotators);
	/* What each has done and has left, as their status line says. */
	for (size_t i = 0; i < npr; i++)
		printf("  %s %llu done, %llu left\n", cli_padded(pr[i].name, 10),
		       (unsigned long long)pr[i].p.done,
		       (unsigned long long)pr[i].p.left);
	printf("sessions     %llu\n", (unsigned long long)in->sessions);
	printf("annotations  %llu (%llu %s)\n",
	       (unsigned long long)in->annotations,
	       (unsigned long long)in->events,
	       cli_plural(in->events, "event", "events"));
	printf("schema       version %u, %s, %zu %s", in->schema.version,
	       in->schema.multi ? "multi-label" : "single-label",
	       in->schema.nlabels,
	       cli_plural(in->schema.nlabels, "label", "labels"));
	if (stet_schema_count_kind(&in->schema, STET_KIND_SPAN) > 0)
		printf(", spans %s", in->schema.no_overlap ?
		       "may not overlap" : "may overlap");
	putchar('\n');
	for (size_t i = 0; i < in->schema.nlabels; i++) {
		const struct stet_label *l = &in->schema.labels[i];

		printf("  %s %s%s%s\n",
		       cli_padded(l->key[0] ? l->key : "-", 3), l->name,
		       l->kind == STET_KIND_ITEM ? "" : " ",
		       l->kind == STET_KIND_SPAN ? "(span)" :
		       l->kind == STET_KIND_TOKEN ? "(token)" : "");
	}
	if (in->nmodels > 0)
		printf("models       %zu\n", in->nmodels);
	for (size_t i = 0; i < in->nmodels; i++) {
		const struct stet_model *m = &in->models[i];
		char when[32];

		stet_time_format(m->updated_ms, when);
		printf("  %s version %llu, %llu %s, %s\n",
		       cli_padded(m->name, 10), (unsigned long long)m->version,
		       (unsigned long long)m->items,
		       cli_plural(m->items, "item", "items"), when);
	}
	if (in->route_run != 0)
		printf("routing      run %llu of %s stands (stet route --undo takes it back)\n",
		       (unsigned long long)in->route_run,
		       cli_safe(in->route_annotator));
	printf("file         %llu %s, format %d\n",
	       (unsigned long long)in->file_bytes,
	       cli_plural(in->file_bytes, "byte", "bytes"), in->format_version);
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	const char *path, *format;
	struct stet_store *st;
	struct stet_info info;
	struct stet_progress_row *pr = NULL;
	size_t npr = 0;
	bool lead;
	struct stet_error err = {0};
	int code = EXIT_OK;

	if (cli_format_only(cmd, argc, argv, &format, &code) != 0)
		return code;
	if (strcmp(format, "text") == 0 && (code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	/* Read-only, but a project of an older format is migrated, as the
	 * first thing to run after upgrading stet is often this. */
	if (stet_project_open(path, STET_OPEN_READONLY | STET_OPEN_MIGRATE,
			      &st, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	if (stet_project_info(st, &info, &err) != STET_OK ||
	    stet_progress_team(st, &pr, &npr, &err) != STET_OK) {
		stet_info_free(&info);
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	/* Others' progress tells an annotator how much of their work is
	 * done: leads see every row, anyone else their own. */
	if (cli_is_lead(cmd, st, &lead) != EXIT_OK) {
		stet_progress_team_free(pr, npr);
		stet_info_free(&info);
		stet_store_close(st);
		return EXIT_FAIL;
	}
	if (!lead)
		keep_own(pr, &npr, cli_user());
	if (!strcmp(format, "json"))
		print_json(&info, pr, npr);
	else
		print_text(path, &info, pr, npr);
	stet_progress_team_free(pr, npr);
	stet_info_free(&info);
	stet_store_close(st);
	return EXIT_OK;
}

const struct cli_command cmd_info = {
	"info", run, "summarise a project: items, annotators, sessions, schema",
	"usage: stet info PROJECT.stet [--format text|json]\n\n"
	"  -f, --format FMT    text (default) or json\n"
	"  -h, --help          show this help\n",
};
