#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "stet/project.h"
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
		else if (!strcmp(ty->name, "item"))
			printf("named above\n");
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

/* ---- every page, in a child process ---- */

/* What the child leaves for the parent, in memory they share: where
 * its walk was, and how it ended when it ended by itself. */
struct walk_share {
	struct stet_walk_pos pos;
	int rc;
	char msg[sizeof ((struct stet_error *)0)->msg];
};

static struct walk_share *child_share;

/* LMDB stopped on an assertion in the child: a damage like a fault,
 * with LMDB's words, and the place the walk had reached. */
static void child_lmdb_stopped(const char *path, const char *what)
{
	(void)path;
	child_share->rc = STET_DAMAGED;
	snprintf(child_share->msg, sizeof child_share->msg, "%s", what);
	_exit(2);
}

/* The child opens the project itself (an LMDB environment is never
 * used across fork) and reads every record; a damaged page may kill
 * it, which is what it is for. */
static void walk_child(const char *path, struct walk_share *sh)
{
	struct rlimit no_core = {0, 0};
	struct stet_store *st;
	struct stet_error err = {0};
	int rc;

	/* Killed by the fault, not reported by stet's handler: the
	 * parent names the place. No core file for it either. */
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	child_share = sh;
	stet_store_set_damage_handler(child_lmdb_stopped);
	(void)setrlimit(RLIMIT_CORE, &no_core);
	rc = stet_project_open(path, STET_OPEN_READONLY, &st, &err);
	if (rc == STET_OK) {
		rc = stet_store_walk(st, &sh->pos, &err);
		stet_store_close(st);
	}
	sh->rc = rc;
	if (rc != STET_OK)
		snprintf(sh->msg, sizeof sh->msg, "%s", err.msg);
	_exit(rc == STET_OK ? 0 : 1);
}

/* The walk's last key as stet keys are: an id (8 bytes, big-endian), a
 * name, or else its bytes in hex. */
static void walk_key(const struct stet_walk_pos *pos, char *out, size_t n)
{
	size_t shown = pos->klen < sizeof pos->key ? pos->klen : sizeof pos->key;
	bool name = shown > 0;
	size_t used;

	for (size_t i = 0; i < shown; i++)
		name = name && pos->key[i] >= 0x20 && pos->key[i] < 0x7f &&
		       pos->key[i] != '"';
	if (pos->klen == 8) {
		snprintf(out, n, "key %llu",
			 (unsigned long long)stet_get_u64be(pos->key));
		return;
	}
	if (name && shown == pos->klen) {
		snprintf(out, n, "key \"%.*s\"", (int)shown, (const char *)pos->key);
		return;
	}
	used = (size_t)snprintf(out, n, "key 0x");
	for (size_t i = 0; i < shown && i < 16 && used + 3 < n; i++)
		used += (size_t)snprintf(out + used, n - used, "%02x", pos->key[i]);
	if (pos->klen > 16 && used + 4 < n)
		snprintf(out + used, n - used, "...");
}

/* Runs the walk in a child. 0 when every page read; else why in why,
 * what the project "is damaged (...)" by, or -1 when the walk could not
 * be run at all (the message already printed). */
static int walk_pages(const struct cli_command *cmd, const char *path,
		      char *why, size_t n)
{
	struct walk_share *sh;
	const struct stet_walk_pos *pos;
	char key[128];
	pid_t pid;
	int status = 0, rc = 0;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		cli_fail(cmd, "%s: cannot share memory with the page walk: %s",
			 path, strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		cli_fail(cmd, "%s: cannot start the page walk: %s", path,
			 strerror(errno));
		munmap(sh, sizeof *sh);
		return -1;
	}
	if (pid == 0)
		walk_child(path, sh);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pos = &sh->pos;
	walk_key(pos, key, sizeof key);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
		snprintf(why, n, "the %s database, page %llu: LMDB stopped %s %s: %.400s",
			 stet_store_walk_db_name(pos->db),
			 (unsigned long long)pos->page,
			 pos->reading ? "in the value of" : "after", key, sh->msg);
		rc = 1;
	} else if (WIFSIGNALED(status)) {
		const char *db = stet_store_walk_db_name(pos->db);

		if (pos->records == 0)
			snprintf(why, n, "the %s database: a read of its first record faulted",
				 db);
		else
			snprintf(why, n, "the %s database, page %llu: a read faulted %s %s",
				 db, (unsigned long long)pos->page,
				 pos->reading ? "in the value of" : "after", key);
		rc = 1;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (sh->rc != STET_DAMAGED) {
			cli_fail(cmd, "%s", sh->msg[0] ? sh->msg :
				 "the page walk failed");
			rc = -1;
		} else {
			/* "PATH is damaged (REASON)": the reason alone. */
			const char *open = strstr(sh->msg, " is damaged (");

			const char *from = open ? open + 13 : sh->msg;
			size_t len = strlen(from);

			/* Without its closing parenthesis. */
			if (open && len > 0)
				len--;
			snprintf(why, n, "%.*s", (int)len, from);
			rc = 1;
		}
	}
	munmap(sh, sizeof *sh);
	return rc;
}

static int damaged(const struct cli_command *cmd, const char *path,
		   const char *format, const char *why)
{
	if (!strcmp(format, "json")) {
		json_t *o = json_object();
		char *s;

		json_object_set_new(o, "ok", json_false());
		json_object_set_new(o, "damaged", json_string(why));
		s = json_dumps(o, JSON_COMPACT);
		if (s != NULL)
			puts(s);
		free(s);
		json_decref(o);
	} else {
		printf("damaged   %s\n", why);
	}
	return cli_fail(cmd, "%s is damaged (%s)", path, why);
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
		else if (!strcmp(ty->name, "item"))
			n = snprintf(kinds + used, sizeof kinds - used,
				     "%s%s", used ? ", " : "", ty->name);
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
	char why[sizeof err.msg];
	int code = EXIT_OK, walked;

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
	/* Every page first, where a fault costs only the child; what
	 * follows reads what the walk has shown readable. */
	stet_store_close(st);
	if ((walked = walk_pages(cmd, path, why, sizeof why)) != 0)
		return walked < 0 ? EXIT_FAIL : damaged(cmd, path, format, why);
	if ((st = cli_open(cmd, path, true)) == NULL)
		return EXIT_FAIL;
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
	"Reads every page of every database in a child process, so that a\n"
	"damaged page is named rather than a crash; then checks that the\n"
	"events run 1..N without a gap, that each record decodes and matches\n"
	"the hash the next one holds, that current, skips and final hold\n"
	"exactly what the events give, and that each item's content still\n"
	"gives the hash stored with it.\n\n"
	"  -f, --format FMT    text (default) or json\n"
	"  -h, --help          show this help\n",
};
