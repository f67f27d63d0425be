/* Gives a project the names stet now refuses at every entry, as a
 * project written before the name rule may hold them: two annotators
 * and their sessions with terminal escapes, C1 controls, bidi overrides
 * and tabs in their names, each labeling every item differently, with
 * notes, flags and a lead's decision whose texts are as hostile, and
 * labels named with a C1 CSI and a bidi override. The
 * records are written as the store holds them, past the checks, so that
 * tests/cli/hostile.sh can see what every command prints of them.
 *
 * usage: hostile_project PROJECT.stet ITEMS (items and schema already
 * in: two labels, or three to have the last two renamed) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/store.h"

static const char *const names[2] = {
	"ann\x1b]0;PWNED\x07",          /* OSC: retitles the terminal */
	"bob\xc2\x9b" "31m\tx\xe2\x80\xae", /* C1 CSI, a tab, RLO */
};
static const char *const sessions[2] = {
	"s\x1b[2J\x1b[H",               /* clears the screen */
	"s\xe2\x80\xae\x07",            /* RLO and BEL */
};
/* The second and third labels' names, as a schema kept before label
 * names were checked for controls may hold them. */
static const char *const labels[2] = {
	"NEG\xc2\x9b" "31m",             /* C1 CSI */
	"R\xe2\x80\xae" "TL",             /* RLO */
};
static const char *const texts[3] = {
	"note \x1b]8;;http://x\x07link\x1b]8;;\x07 end",
	"flag \x1b[31mred\x1b[0m\x9b", /* with an invalid byte */
	"decided \xe2\x80\xae\r\nforged line",
};

/* A member added as the store keeps members: name -> u32be id, role. */
static int raw_member(struct stet_txn *txn, const char *name, uint32_t *id,
		      struct stet_error *err)
{
	unsigned char rec[5];
	uint64_t next;
	int rc = stet_meta_get_u64(txn, "next.annotator", &next, err);

	if (rc != STET_OK)
		return rc;
	*id = (uint32_t)next;
	stet_u32be(rec, *id);
	rec[4] = STET_ROLE_ANNOTATOR;
	rc = stet_put(txn, STET_DB_ANNOTATORS, name, strlen(name), rec, 5, 0,
		      err);
	return rc == STET_OK ? stet_meta_put_u64(txn, "next.annotator",
						 next + 1, err) : rc;
}

static int event(struct stet_txn *txn, const struct stet_session *s,
		 uint64_t item, enum stet_action action, uint32_t label,
		 const char *text, int64_t t, uint32_t version,
		 struct stet_error *err)
{
	struct stet_event ev;
	int rc;

	memset(&ev, 0, sizeof ev);
	ev.time_ms = t;
	ev.session = s->id;
	ev.annotator = s->annotator;
	ev.item = item;
	ev.action = action;
	if (label != 0) {
		ev.labels[0] = label;
		ev.nlabels = 1;
	}
	ev.text = text ? strdup(text) : NULL;
	ev.duration_ms = 2500;
	ev.schema_version = version;
	rc = stet_event_append(txn, &ev, err);
	stet_event_clear(&ev);
	return rc;
}

static int build(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_schema schema;
	struct stet_session s[2];
	int64_t t = INT64_C(1798800000000); /* 2027-01-01 */
	uint64_t nitems = *(uint64_t *)ctx;
	int rc;

	stet_schema_init(&schema);
	if ((rc = stet_schema_load(txn, &schema, err)) != STET_OK) {
		stet_schema_free(&schema);
		return rc;
	}
	if (schema.nlabels < 2) {
		stet_schema_free(&schema);
		return stet_error_set(err, STET_ERR, "the schema needs two labels");
	}
	/* With a third label, the second and third get hostile names (a
	 * new schema version: a copy to merge back is given two). */
	for (int i = 0; i < 2 && schema.nlabels >= 3; i++) {
		free(schema.labels[i + 1].name);
		schema.labels[i + 1].name = strdup(labels[i]);
		if (i == 1 && (rc = stet_schema_save(txn, &schema, err)) != STET_OK) {
			stet_schema_free(&schema);
			return rc;
		}
	}
	memset(s, 0, sizeof s);
	for (int a = 0; a < 2 && rc == STET_OK; a++) {
		rc = raw_member(txn, names[a], &s[a].annotator, err);
		s[a].start_ms = t;
		s[a].end_ms = t + 600000;
		s[a].host = strdup("host\x1b[5m");
		s[a].schema_version = schema.version;
		/* Added without a name, which takes no check; named after. */
		if (rc == STET_OK)
			rc = stet_session_add(txn, &s[a], err);
		s[a].name = strdup(sessions[a]);
		if (rc == STET_OK)
			rc = stet_session_put(txn, &s[a], err);
	}
	for (uint64_t item = 1; item <= nitems && rc == STET_OK; item++) {
		t += 5000;
		/* ann says the first label, bob the first and then the
		 * second: they disagree on every item but the first. */
		rc = event(txn, &s[0], item, STET_ACT_LABEL,
			   schema.labels[0].id, NULL, t, schema.version, err);
		if (rc == STET_OK)
			rc = event(txn, &s[1], item, STET_ACT_LABEL,
				   schema.labels[item > 1].id, NULL, t + 1,
				   schema.version, err);
		if (rc == STET_OK)
			rc = event(txn, &s[0], item, STET_ACT_NOTE, 0,
				   texts[0], t + 2, schema.version, err);
		if (rc == STET_OK)
			rc = event(txn, &s[1], item, STET_ACT_FLAG, 0,
				   texts[1], t + 3, schema.version, err);
		if (rc == STET_OK)
			rc = event(txn, &s[0], item, STET_ACT_ADJUDICATE,
				   schema.labels[1].id, texts[2], t + 4,
				   schema.version, err);
	}
	for (int a = 0; a < 2; a++)
		stet_session_clear(&s[a]);
	stet_schema_free(&schema);
	return rc;
}

int main(int argc, char **argv)
{
	struct stet_error err = {0};
	struct stet_store *st;
	uint64_t nitems;

	if (argc != 3 || sscanf(argv[2], "%llu", (unsigned long long *)&nitems) != 1) {
		fprintf(stderr, "usage: hostile_project PROJECT.stet ITEMS\n");
		return 2;
	}
	if (stet_project_open(argv[1], 0, &st, &err) != STET_OK) {
		fprintf(stderr, "hostile_project: %s\n", err.msg);
		return 1;
	}
	if (stet_store_write(st, build, &nitems, &err) != STET_OK) {
		fprintf(stderr, "hostile_project: %s\n", err.msg);
		stet_store_close(st);
		return 1;
	}
	stet_store_close(st);
	return 0;
}
