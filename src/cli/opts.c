#include <langinfo.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../tui/screens.h"
#include "stet/name.h"
#include "stet/project.h"
#include "stet/text.h"

/* A message to stderr, every part of it made visible: messages quote
 * file names, names and values that come from input. */
static void say(const struct cli_command *cmd, const char *fmt, va_list ap)
{
	struct stet_buf msg, shown;
	va_list copy;
	int n;

	stet_buf_init(&msg);
	stet_buf_init(&shown);
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n > 0) {
		stet_buf_reserve(&msg, (size_t)n + 1);
		vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
		msg.len = (size_t)n;
		stet_text_escape(msg.data, msg.len, 0, false, &shown);
	}
	fprintf(stderr, "stet: %s: %s", cmd->name, shown.len ? shown.data : "");
	stet_buf_free(&msg);
	stet_buf_free(&shown);
}

int cli_fail(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cmd, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int cli_fail_err(const struct cli_command *cmd, const struct stet_error *err)
{
	return cli_fail(cmd, "%s", err->msg[0] ? err->msg : "failed");
}

int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cmd, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'stet %s --help'.\n", cmd->name);
	return EXIT_USAGE;
}

int cli_help(const struct cli_command *cmd)
{
	printf("%s\n\n%s", cmd->summary, cmd->usage);
	return EXIT_OK;
}

/* getopt_long takes any unique prefix of a long option and refuses a
 * prefix that several share with the same '?' as an unknown option:
 * tell the two apart, and name the options a prefix could mean. */
static int unknown_long(const struct cli_command *cmd, const char *arg,
			const struct option *longopts)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	char list[512];
	size_t used = 0, n = 0;

	list[0] = '\0';
	for (const struct option *o = longopts; o->name != NULL; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (used < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used,
						 "%s--%s", n ? ", " : "", o->name);
		n++;
	}
	if (n > 1)
		return cli_usage(cmd, "option --%.*s is ambiguous; it could be %s",
				 (int)len, name, list);
	return cli_usage(cmd, "unknown option --%.*s", (int)len, name);
}

/* The long name of option c, for messages. */
static const char *long_name(const struct option *longopts, int c)
{
	for (const struct option *o = longopts; o->name != NULL; o++)
		if (o->val == c && o->flag == NULL)
			return o->name;
	return "?";
}

int cli_getopt(const struct cli_command *cmd, int argc, char **argv,
	       const char *shortopts, const struct option *longopts,
	       int *exit_code)
{
	int c;

	/* Quiet getopt: our own message names the command. */
	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c != -1 && c != '?' && c != ':' && optarg != NULL &&
	    *optarg == '\0') {
		/* No option of stet's takes an empty value: a name, a
		 * column, a file or a number is never "". */
		*exit_code = cli_usage(cmd, "option --%s needs a value, not an empty one",
				       long_name(longopts, c));
		c = '?';
	} else if (c == 'h') {
		*exit_code = cli_help(cmd);
	} else if (c == '?') {
		const char *arg = argv[optind - 1];

		if (optopt != 0 && strncmp(arg, "--", 2) == 0 &&
		    strchr(arg, '=') != NULL)
			*exit_code = cli_usage(cmd, "option %.*s takes no value",
					       (int)strcspn(arg, "="), arg);
		else if (optopt != 0 && strncmp(arg, "--", 2) == 0)
			*exit_code = cli_usage(cmd, "option %s needs a value", arg);
		else if (optopt != 0 && strchr(shortopts, optopt) != NULL)
			*exit_code = cli_usage(cmd, "option -%c needs a value",
					       optopt);
		else if (optopt != 0)
			*exit_code = cli_usage(cmd, "unknown option -%c", optopt);
		else if (strncmp(arg, "--", 2) == 0)
			*exit_code = unknown_long(cmd, arg, longopts);
		else
			*exit_code = cli_usage(cmd, "unknown option %s", arg);
	} else if (c == ':') {
		*exit_code = cli_usage(cmd, "%s needs a value", argv[optind - 1]);
		c = '?';
	}
	return c;
}

int cli_format_only(const struct cli_command *cmd, int argc, char **argv,
		    const char **format, int *exit_code)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*format = "text";
	while ((c = cli_getopt(cmd, argc, argv, "f:h", longopts, exit_code)) != -1) {
		if (c != 'f')
			return -1;
		*format = optarg;
	}
	if (strcmp(*format, "text") != 0 && strcmp(*format, "json") != 0) {
		*exit_code = cli_usage(cmd, "--format takes text or json, not '%s'",
				       *format);
		return -1;
	}
	return 0;
}

struct stet_store *cli_open_project(const struct cli_command *cmd, int argc,
				    char **argv, bool readonly,
				    const char **path, int *exit_code)
{
	struct stet_store *st;

	if ((*path = cli_project_arg(cmd, argc, argv, exit_code)) == NULL)
		return NULL;
	if (optind < argc) {
		*exit_code = cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
		return NULL;
	}
	st = cli_open(cmd, *path, readonly);
	if (st == NULL)
		*exit_code = EXIT_FAIL;
	return st;
}

const char *cli_project_arg(const struct cli_command *cmd, int argc,
			    char **argv, int *exit_code)
{
	if (optind >= argc) {
		*exit_code = cli_usage(cmd, "no project file given");
		return NULL;
	}
	return argv[optind++];
}

struct stet_store *cli_open(const struct cli_command *cmd, const char *path,
			    bool readonly)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, readonly ? STET_OPEN_READONLY : 0, &st,
			      &err) != STET_OK) {
		cli_fail_err(cmd, &err);
		return NULL;
	}
	return st;
}

int cli_print_keys(const struct screen_type *t)
{
	for (const struct screen_binding *b = t->bindings; b->action; b++) {
		for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++)
			printf("%s%s", k ? " " : "", b->keys[k]);
		printf("\t%s\t%s\n", b->action, b->help);
	}
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cli_need_utf8(const struct cli_command *cmd)
{
	const char *codeset;

	/* Item text is drawn as UTF-8; any other terminal encoding would
	 * show mojibake, so say so instead. */
	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	if (strcmp(codeset, "UTF-8") != 0)
		return cli_fail(cmd,
			"the terminal's character set is %s, not UTF-8; set a UTF-8 locale, e.g. LANG=C.UTF-8",
			codeset);
	return EXIT_OK;
}

const char *cli_plural(unsigned long long n, const char *one,
		       const char *many)
{
	return n == 1 ? one : many;
}

int cli_name(const struct cli_command *cmd, const char **name,
	     int *exit_code)
{
	/* A command takes a name or two: each keeps its own buffer. */
	static struct stet_buf kept[4];
	static unsigned used;
	struct stet_buf *b = &kept[used++ % 4];
	struct stet_error err = {0};

	if (stet_name_normalise("annotator", *name, b, &err) != STET_OK) {
		*exit_code = cli_usage(cmd, "%s", err.msg);
		return -1;
	}
	*name = b->data;
	return 0;
}

const char *cli_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *env;

	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name)
		return pw->pw_name;
	env = getenv("USER");
	return env && *env ? env : "unknown";
}

int cli_duration(const char *s, int64_t *ms)
{
	char *end;
	double v = strtod(s, &end), unit = 60000;

	if (end == s || !(v >= 0) || v > 1e6)
		return -1;
	if (strcmp(end, "s") == 0)
		unit = 1000;
	else if (strcmp(end, "h") == 0)
		unit = 3600000;
	else if (*end != '\0' && strcmp(end, "m") != 0)
		return -1;
	*ms = (int64_t)(v * unit + 0.5);
	return 0;
}
