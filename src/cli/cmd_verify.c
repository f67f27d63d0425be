#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stet/text.h"
#include "stet/verify.h"

/* Findings listed; every one is counted in the summary. */
#define MAX_FINDINGS 100

/* Messages name items by their external ids, which come from the
 * corpus: escaped before they reach the terminal. */
static void put_safe(const char *s)
{
	struct stet_buf b;

	stet_buf_init(&b);
	stet_text_escape(s, strlen(s), 0, false, &b);
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stdout);
	stet_buf_free(&b);
}

static void print_text(const struct stet_verify_report *rep)
{
	for (size_t i = 0; i < rep->nfindings; i++) {
		const struct stet_verify_finding *f = &rep->findings[i];

		printf("%-9s ", f->db ? f->db : stet_verify_kind_name(f->kind));
		put_safe(f->msg);
		putchar('\n');
	}
	if (rep->total > rep->nfindings)
		printf("... and %llu more\n",
		       (unsigned long long)(rep->total - rep->nfindings));
	printf("%llu %s checked; faults by kind:\n",
	       (unsigned long long)rep->events,
	       cli_plural(rep->events, "event", "events"));
	for (size_t t = 0; t < rep->ntally; t++) {
		const struct stet_verify_tally *ty = &rep->tally[t];

		if (ty->count == 0)
			continue;
		printf("  %-9s %llu, ", ty->name, (unsigned long long)ty->count);
		if (ty->first != 0)
			printf("first at event %llu\n",
			       (unsigned long long)ty->first);
		else
			printf("no event sets it\n");
	}
}

static void print_json(const struct stet_verify_report *rep)
{
	json_t *o = json_object(), *fs = json_array(), *ks = json_array();
	char head[17] = "";
	char *s;

	if (rep->last != 0)
		snprintf(head, sizeof head, "%016llx",
			 (unsigned long long)rep->head);
	json_object_set_new(o, "ok", json_boolean(rep->total == 0));
	json_object_set_new(o, "events", json_integer((json_int_t)rep->events));
	json_object_set_new(o, "last_event", json_integer((json_int_t)rep->last));
	json_object_set_new(o, "head", rep->last ? json_string(head) : json_null());
	json_object_set_new(o, "faults", json_integer((json_int_t)rep->total));
	for (size_t t = 0; t < rep->ntally; t++) {
		const struct stet_verify_tally *ty = &rep->tally[t];
		json_t *k = json_object();

		json_object_set_new(k, "kind", json_string(ty->name));
		json_object_set_new(k, "count", json_integer((json_int_t)ty->count));
		json_object_set_new(k, "first_event", ty->first ?
				    json_integer((json_int_t)ty->first) : json_null());
		json_array_append_new(ks, k);
	}
	json_object_set_new(o, "kinds", ks);
	for (size_t i = 0; i < rep->nfindings; i++) {
		const struct stet_verify_finding *f = &rep->findings[i];
		json_t *j = json_object();
		json_t *msg = json_string(f->msg);

		json_object_set_new(j, "kind", json_string(f->db ? f->db :
					stet_verify_kind_name(f->kind)));
		json_object_set_new(j, "event", f->event ?
				    json_integer((json_int_t)f->event) : json_null());
		if (msg == NULL) {
			/* An external id that is not UTF-8: escaped. */
			struct stet_buf b;

			stet_buf_init(&b);
			stet_text_escape(f->msg, strlen(f->msg), 0, false, &b);
			msg = json_string(b.data ? b.data : "");
			stet_buf_free(&b);
		}
		json_object_set_new(j, "message", msg);
		json_array_append_new(fs, j);
	}
	json_object_set_new(o, "findings", fs);
	s = json_dumps(o, JSON_COMPACT);
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
}

/* "chain from event 17, current: no event sets it" */
static void fail_line(const struct cli_command *cmd, const char *path,
		      const struct stet_verify_report *rep)
{
	char kinds[512] = "";
	size_t used = 0;

	for (size_t t = 0; t < rep->ntally && used < sizeof kinds; t++) {
		const struct stet_verify_tally *ty = &rep->tally[t];
		int n;

		if (ty->count == 0)
			continue;
		if (ty->first != 0)
			n = snprintf(kinds + used, sizeof kinds - used,
				     "%s%s from event %llu", used ? ", " : "",
				     ty->name, (unsigned long long)ty->first);
		else
			n = snprintf(kinds + used, sizeof kinds - used,
				     "%s%s (no event sets it)", used ? ", " : "",
				     ty->name);
		if (n > 0)
			used += (size_t)n;
	}
	cli_fail(cmd, "%s: %llu %s: %s", path,
		 (unsigned long long)rep->total,
		 cli_plural(rep->total, "fault", "faults"), kinds);
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	const char *path, *format;
	struct stet_store *st;
	struct stet_verify_report rep;
	struct stet_error err = {0};
	int code = EXIT_OK;

	if (cli_format_only(cmd, argc, argv, &format, &code) != 0)
		return code;
	if (strcmp(format, "text") == 0 && (code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open_project(cmd, argc, argv, true, &path, &code)) == NULL)
		return code;
	/* Its findings name items, annotators and the labels at fault. */
	if ((code = cli_require_lead(cmd, st, "verifying the project")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (stet_verify(st, MAX_FINDINGS, &rep, &err) != STET_OK) {
		stet_verify_report_free(&rep);
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	stet_store_close(st);
	if (!strcmp(format, "json"))
		print_json(&rep);
	else if (rep.total > 0)
		print_text(&rep);
	else if (rep.last == 0)
		printf("0 events, hash chain intact, derived state matches; head none\n");
	else
		printf("%llu %s, hash chain intact, derived state matches; head %016llx\n",
		       (unsigned long long)rep.events,
		       cli_plural(rep.events, "event", "events"),
		       (unsigned long long)rep.head);
	if (rep.total > 0) {
		fail_line(cmd, path, &rep);
		code = EXIT_FAIL;
	}
	stet_verify_report_free(&rep);
	return code;
}

const struct cli_command cmd_verify = {
	"verify", run, "check the event log's hash chain and the derived state",
	"usage: stet verify PROJECT.stet [--format text|json]\n\n"
	"Checks that the events run 1..N without a gap, that each record\n"
	"decodes and matches the hash the next one holds, and that current,\n"
	"skips and final hold exactly what the events give.\n\n"
	"  -f, --format FMT    text (default) or json\n"
	"  -h, --help          show this help\n",
};
