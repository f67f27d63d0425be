#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "../tui/screens.h"
#include "cli.h"

static const struct cli_command *const commands[] = {
	&cmd_init,
	&cmd_info,
	&cmd_schema,
	&cmd_config,
	&cmd_team,
	&cmd_import,
	&cmd_import_annotations,
	&cmd_import_predictions,
	&cmd_route,
	&cmd_learn,
	&cmd_export,
	&cmd_clone,
	&cmd_merge,
	&cmd_backup,
	&cmd_salvage,
	&cmd_label,
	&cmd_review,
	&cmd_agree,
	&cmd_stats,
	&cmd_report,
	&cmd_simulate,
	&cmd_log,
	&cmd_verify,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	fprintf(out,
		"usage: stet COMMAND PROJECT.stet [OPTIONS] [ARGS]\n"
		"       stet --help | --version\n\n"
		"stet labels text and tables from the keyboard and keeps every\n"
		"annotation in one project file.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-20s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(out, "\n'stet COMMAND --help' shows a command's options; "
		     "man stet has them all.\n");
}

static void out_of_memory(void)
{
	static const char msg[] = "stet: out of memory\n";

	fwrite(msg, 1, sizeof msg - 1, stderr);
	/* Not exit(): flushing stdout's escaping would allocate. */
	_exit(EXIT_FAIL);
}

/* The command that runs, for the fault handler's message. */
static const char *volatile running;
static struct sigaction before[2]; /* SIGBUS's and SIGSEGV's */

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_str(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	put(s, n);
}

/* A path as far as it prints safely: controls (C0, DEL, and C1 as
 * UTF-8) become '?', in a handler that has no stdio. */
static void put_path(const char *p)
{
	char buf[256];
	size_t n = 0;

	for (const unsigned char *c = (const unsigned char *)p; *c; c++) {
		bool c1 = c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f;

		buf[n++] = *c < 0x20 || *c == 0x7f || c1 ? '?' : (char)*c;
		if (c1)
			c++;
		if (n == sizeof buf) {
			put(buf, n);
			n = 0;
		}
	}
	put(buf, n);
}

/* LMDB reads the project through a map and trusts its pages: a damaged
 * page can make a read fault (past the file's end: SIGBUS; past the
 * map: SIGSEGV). Such a fault is the file's, and ends stet with the
 * terminal restored and one line. Any other fault is stet's own and
 * goes to the handler there was before (the default's core dump, or a
 * sanitizer's report): it is put back and the fault happens again. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	const char *path = stet_store_fault_path(si->si_addr);

	(void)uc;
	if (path == NULL) {
		sigaction(sig, &before[sig == SIGSEGV], NULL);
		return;
	}
	screen_fault_restore();
	put_str("stet: ");
	if (running != NULL) {
		put_str(running);
		put_str(": ");
	}
	put_path(path);
	put_str(" is damaged (a read of the file faulted; stet verify says where)\n");
	_exit(EXIT_FAIL);
}

/* LMDB found one of its assertions false on a damaged page: the same
 * end, in LMDB's words. */
static void lmdb_stopped(const char *path, const char *what)
{
	screen_fault_restore();
	put_str("stet: ");
	if (running != NULL) {
		put_str(running);
		put_str(": ");
	}
	put_path(path);
	put_str(" is damaged (LMDB stopped: ");
	put_path(what);
	put_str(")\n");
	_exit(EXIT_FAIL);
}

static void catch_faults(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	/* Best effort: without it, a fault ends stet as it always did. */
	(void)sigaction(SIGBUS, &sa, &before[0]);
	(void)sigaction(SIGSEGV, &sa, &before[1]);
	stet_store_set_damage_handler(lmdb_stopped);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	stet_set_oom_handler(out_of_memory);
	catch_faults();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("stet %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--commands")) {
		/* For scripts and the man-page completeness test. */
		for (size_t i = 0; i < NCOMMANDS; i++)
			printf("%s\n", commands[i]->name);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--complete"))
		return cli_complete(commands, NCOMMANDS, argc - 2, argv + 2);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i]->name) == 0) {
			int rc, flushed, e;

			running = commands[i]->name;
			rc = commands[i]->run(commands[i], argc - 1, argv + 1);
			flushed = fflush(stdout);
			e = errno;

			/* Output redirected to a full disk often fails only
			 * here, at the last buffer: say why, once. */
			if (flushed != 0 || ferror(stdout)) {
				if (rc == EXIT_OK)
					fprintf(stderr, "stet: %s: cannot write output: %s\n",
						commands[i]->name,
						flushed != 0 ? strerror(e) : "write error");
				return EXIT_FAIL;
			}
			return rc;
		}
	}
	fprintf(stderr, "stet: unknown command '%s'\nTry 'stet --help'.\n",
		cli_safe(argv[1]));
	return EXIT_USAGE;
}
