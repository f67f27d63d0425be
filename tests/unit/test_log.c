/* stet log through the command itself: a line for every kind of event,
 * the filters, --flags, and a log that ends at a record it cannot
 * read. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "cli.h"
#include "stet/annotate.h"
#include "stet/project.h"
#include "stet/spans.h"
#include "stet/store.h"
#include "stet/team.h"
#include "script.h"

/* Runs `stet log ARGS...`, returning its exit status, its standard
 * output in out and, when errout is not NULL, its standard error. */
static int run_log_err(char *out, size_t cap, char *errout, size_t errcap,
		       const char *const *args)
{
	char *argv[16];
	int argc = 0, fd, efd, saved, esaved, code;
	char file[512], efile[512]; /* tmp_path's buffer is reused */
	FILE *f;
	size_t n;

	snprintf(file, sizeof file, "%s", tmp_path("log.out"));
	snprintf(efile, sizeof efile, "%s", tmp_path("log.err"));

	argv[argc++] = (char *)"log";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	saved = dup(1);
	esaved = dup(2);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	efd = open(efile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && esaved >= 0 && fd >= 0 && efd >= 0);
	dup2(fd, 1);
	close(fd);
	if (errout != NULL)
		dup2(efd, 2);
	close(efd);
	optind = 0;
	code = cmd_log.run(&cmd_log, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, 1);
	dup2(esaved, 2);
	close(saved);
	close(esaved);
	for (int i = 0; i < 2; i++) {
		char *buf = i ? errout : out;
		size_t bcap = i ? errcap : cap;

		if (buf == NULL)
			continue;
		f = fopen(i ? efile : file, "r");
		assert_non_null(f);
		n = fread(buf, 1, bcap - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return code;
}

static int run_log(char *out, size_t cap, const char *const *args)
{
	return run_log_err(out, cap, NULL, 0, args);
}

static int set_my_role(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	return stet_member_set(txn, cli_user(), *(enum stet_role *)ctx, err);
}

/* Gives whoever runs the tests a role in the project at path: stet log
 * shows a lead every event, an annotator their own. */
static void my_role(const char *path, enum stet_role role)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, 0, &st, &err) != STET_OK ||
	    stet_store_write(st, set_my_role, &role, &err) != STET_OK)
		fail_msg("%s: %s", path, err.msg);
	stet_store_close(st);
}

static void log_prints_every_kind_of_event(void **state)
{
	static char out[16384];
	const char *path = make_project("log.stet", NSCRIPT);
	const char *all[] = {path, NULL};
	const char *ben[] = {path, "--annotator", "ben", "--item", "r1", NULL};
	const char *sess[] = {path, "--session", "1", "--format", "jsonl", NULL};
	const char *named[] = {path, "-s", "ben-1", "-i", "r3", NULL};
	const char *none[] = {path, "--item", "r3", "--annotator", "lead", NULL};

	(void)state;
	my_role(path, STET_ROLE_LEAD);
	assert_int_equal(run_log(out, sizeof out, all), EXIT_OK);
	assert_non_null(strstr(out,
		"2026-11-18T11:06:40.007Z #1 session=ana-1 annotator=ana item=r1 label A ms=100 schema=1\n"));
	assert_non_null(strstr(out,
		" #3 session=ana-1 annotator=ana item=r1 undo #2 ms=300 schema=1\n"));
	assert_non_null(strstr(out,
		" #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"));
	/* A quote and a backslash in a text are escaped, so the text
	 * ends at the first quote that is not. */
	assert_non_null(strstr(out, " #7 session=ana-1 annotator=ana item=r2 flag \"\\\"typo\\\" \\\\\" ms=700 "));
	assert_non_null(strstr(out, " #8 session=ben-1 annotator=ben item=r1 unlabel ms=800 "));
	assert_non_null(strstr(out, " #10 session=1 annotator=lead item=r1 adjudicate B ms=1000 "));
	assert_non_null(strstr(out, " #13 session=ben-1 annotator=ben item=r3 skip ms=1300 "));
	/* Version 2 of the schema calls label 1 ALPHA. */
	assert_non_null(strstr(out, " #15 session=ben-1 annotator=ben item=r2 label ALPHA ms=1500 schema=2\n"));
	assert_null(strchr(out, '\x1b'));

	assert_int_equal(run_log(out, sizeof out, ben), EXIT_OK);
	assert_string_equal(out,
		"2026-11-18T11:06:44.007Z #5 session=ben-1 annotator=ben item=r1 label A ms=500 schema=1\n"
		"2026-11-18T11:06:45.007Z #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"
		"2026-11-18T11:06:47.007Z #8 session=ben-1 annotator=ben item=r1 unlabel ms=800 schema=1\n"
		"2026-11-18T11:06:48.007Z #9 session=ben-1 annotator=ben item=r1 undo #8 ms=900 schema=1\n");

	/* Session 1 has no name: its number names it. */
	assert_int_equal(run_log(out, sizeof out, sess), EXIT_OK);
	assert_string_equal(out,
		"{\"event\":10,\"time\":\"2026-11-18T11:06:49.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"adjudicate\",\"labels\":[\"B\"],\"text\":null,\"duration_ms\":1000,\"schema_version\":1,\"undoes\":null,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":null}\n"
		"{\"event\":11,\"time\":\"2026-11-18T11:06:50.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"adjudicate\",\"labels\":[\"A\"],\"text\":null,\"duration_ms\":1100,\"schema_version\":1,\"undoes\":null,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":null}\n"
		"{\"event\":12,\"time\":\"2026-11-18T11:06:51.007Z\",\"session\":\"1\",\"annotator\":\"lead\",\"item\":\"r1\",\"action\":\"undo\",\"labels\":[],\"text\":null,\"duration_ms\":1200,\"schema_version\":1,\"undoes\":11,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":null}\n");

	assert_int_equal(run_log(out, sizeof out, named), EXIT_OK);
	assert_non_null(strstr(out, " #13 "));
	assert_non_null(strstr(out, " #14 "));
	assert_null(strstr(out, " #15 "));

	assert_int_equal(run_log(out, sizeof out, none), EXIT_OK);
	assert_string_equal(out, "");

	/* An annotator with no events of their own sees none of the others',
	 * and asking for someone's is refused. */
	my_role(path, STET_ROLE_ANNOTATOR);
	assert_int_equal(run_log(out, sizeof out, all), EXIT_OK);
	assert_string_equal(out, "");
	assert_int_equal(run_log(out, sizeof out, ben), EXIT_FAIL);
	assert_string_equal(out, "");
}

/* Flags and comments left after the script's: one flag taken back. */
static const struct step more_notes[] = {
	{STET_ACT_FLAG, BEN, 3, 0, 0, "unsure", 2},     /* 21 */
	{STET_ACT_FLAG, ANA, 1, 0, 0, NULL, 2},         /* 22 */
	{STET_ACT_UNDO, ANA, 1, 0, 22, NULL, 2},        /* 23: 22 is gone */
	{STET_ACT_NOTE, ANA, 3, 0, 0, "second look", 2}, /* 24 */
};

static void log_flags_lists_flags_and_comments(void **state)
{
	static char out[16384];
	const char *path = make_project("flags.stet", NSCRIPT);
	const char *flags[] = {path, "--flags", NULL};
	const char *item[] = {path, "--flags", "--item", "r3", NULL};
	const char *json[] = {path, "--flags", "--annotator", "ana",
			      "--format", "jsonl", NULL};
	struct steps steps = {more_notes,
			      sizeof more_notes / sizeof more_notes[0]};
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_store_write(st, run_steps, &steps, &err), STET_OK);
	stet_store_close(st);
	my_role(path, STET_ROLE_LEAD);

	/* The note (6) and flag (7) of the script, then 21 and 24; 22 was
	 * undone (23), and no label, skip or undo is listed. Times and
	 * durations of the added steps count from their own first. */
	assert_int_equal(run_log(out, sizeof out, flags), EXIT_OK);
	assert_string_equal(out,
		"2026-11-18T11:06:45.007Z #6 session=ben-1 annotator=ben item=r1 note \"look\\x1b[31m here\" ms=600 schema=1\n"
		"2026-11-18T11:06:46.007Z #7 session=ana-1 annotator=ana item=r2 flag \"\\\"typo\\\" \\\\\" ms=700 schema=1\n"
		"2026-11-18T11:06:40.007Z #21 session=ben-1 annotator=ben item=r3 flag \"unsure\" ms=100 schema=2\n"
		"2026-11-18T11:06:43.007Z #24 session=ana-1 annotator=ana item=r3 note \"second look\" ms=400 schema=2\n");

	assert_int_equal(run_log(out, sizeof out, item), EXIT_OK);
	assert_null(strstr(out, " #6 "));
	assert_non_null(strstr(out, " #21 "));
	assert_non_null(strstr(out, " #24 "));

	assert_int_equal(run_log(out, sizeof out, json), EXIT_OK);
	assert_string_equal(out,
		"{\"event\":7,\"time\":\"2026-11-18T11:06:46.007Z\",\"session\":\"ana-1\",\"annotator\":\"ana\",\"item\":\"r2\",\"action\":\"flag\",\"labels\":[],\"text\":\"\\\"typo\\\" \\\\\",\"duration_ms\":700,\"schema_version\":1,\"undoes\":null,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":null}\n"
		"{\"event\":24,\"time\":\"2026-11-18T11:06:43.007Z\",\"session\":\"ana-1\",\"annotator\":\"ana\",\"item\":\"r3\",\"action\":\"note\",\"labels\":[],\"text\":\"second look\",\"duration_ms\":400,\"schema_version\":2,\"undoes\":null,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":null}\n");
}

/* A record the walk cannot read ends the log there, naming it: the
 * events before it are printed, and --flags, whose walk over the log
 * meets it too, says the same. */
static void log_stops_at_a_damaged_record(void **state)
{
	static char out[16384], errout[1024];
	const char *path = make_project("logtrunc.stet", NSCRIPT);
	const char *all[] = {path, NULL};
	const char *flags[] = {path, "--flags", NULL};
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi;
	size_t n;

	(void)state;
	my_role(path, STET_ROLE_LEAD);
	dbi = raw_begin(&r, path, "events");
	n = raw_event(r.txn, dbi, 10, rec, sizeof rec);
	raw_put_event(r.txn, dbi, 10, rec, n - 5);
	raw_commit(&r);

	assert_int_equal(run_log_err(out, sizeof out, errout, sizeof errout,
				     all), EXIT_FAIL);
	assert_non_null(strstr(out, " #9 session=ben-1 "));
	assert_null(strstr(out, " #10 "));
	assert_string_equal(errout, "stet: log: event 10: event record is damaged (stet verify says more)\n");
	assert_int_equal(run_log_err(out, sizeof out, errout, sizeof errout,
				     flags), EXIT_FAIL);
	assert_string_equal(out, "");
	assert_string_equal(errout, "stet: log: event 10: event record is damaged (stet verify says more)\n");
}

/* ana's spans on r2, then all deleted; the lead's decision with one. */
static int add_spans(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const struct stet_span set[] = {
		{8, 10, LB, 2, 3}, {0, 4, LA, 0, 1},
	};
	static const struct { uint32_t who; size_t n; enum stet_action a; }
	steps[] = {{ANA, 2, STET_ACT_SPANS}, {ANA, 0, STET_ACT_SPANS},
		   {LEAD, 1, STET_ACT_ADJUDICATE}};

	(void)ctx;
	for (size_t i = 0; i < 3; i++) {
		struct stet_event ev;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.action = steps[i].a;
		ev.annotator = ev.session = steps[i].who;
		ev.item = 2;
		ev.time_ms = 1795000100000LL + 1000 * (int64_t)i;
		ev.duration_ms = 50;
		ev.schema_version = 1;
		ev.has_spans = true;
		ev.nspans = steps[i].n;
		ev.spans = stet_xmalloc(sizeof set);
		memcpy(ev.spans, set, sizeof set);
		if (ev.action == STET_ACT_ADJUDICATE) {
			ev.labels[0] = LA;
			ev.nlabels = 1;
		}
		rc = stet_event_append(txn, &ev, err);
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void log_shows_span_sets(void **state)
{
	static char out[8192];
	const char *path = make_project("spans.stet", 0);
	const char *text[] = {path, NULL};
	const char *json[] = {path, "--format", "jsonl", NULL};
	struct stet_store *st;
	struct stet_error err = {0};

	(void)state;
	if (stet_project_open(path, 0, &st, &err) != STET_OK ||
	    stet_store_write(st, add_spans, NULL, &err) != STET_OK)
		fail_msg("%s: %s", path, err.msg);
	stet_store_close(st);
	my_role(path, STET_ROLE_LEAD);
	/* The set after each change, in text order; a decision's after
	 * its labels. */
	assert_int_equal(run_log(out, sizeof out, text), EXIT_OK);
	assert_string_equal(out,
		"2026-11-18T11:08:20.000Z #1 session=ana-1 annotator=ana item=r2 spans 0:4:A,8:10:B ms=50 schema=1\n"
		"2026-11-18T11:08:21.000Z #2 session=ana-1 annotator=ana item=r2 spans none ms=50 schema=1\n"
		"2026-11-18T11:08:22.000Z #3 session=1 annotator=lead item=r2 adjudicate A spans=8:10:B ms=50 schema=1\n");
	assert_int_equal(run_log(out, sizeof out, json), EXIT_OK);
	assert_non_null(strstr(out,
		"\"action\":\"spans\",\"labels\":[],\"text\":null,\"duration_ms\":50,\"schema_version\":1,\"undoes\":null,\"suggestion\":null,\"served\":null,\"route\":null,\"spans\":[[0,4,\"A\"],[8,10,\"B\"]]}\n"));
	assert_non_null(strstr(out, "\"spans\":[]}\n"));
	assert_non_null(strstr(out, "\"labels\":[\"A\"]"));
	assert_non_null(strstr(out, "\"spans\":[[8,10,\"B\"]]}\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_prints_every_kind_of_event),
		cmocka_unit_test(log_flags_lists_flags_and_comments),
		cmocka_unit_test(log_stops_at_a_damaged_record),
		cmocka_unit_test(log_shows_span_sets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
