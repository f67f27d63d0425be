/* The command-line layer: one file per command, each exporting one
 * `const struct cli_command`, listed in main.c's table. Commands parse
 * their options, call the core, and print. */
#ifndef STET_CLI_H
#define STET_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

enum cli_exit { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_command {
	const char *name;
	int (*run)(const struct cli_command *cmd, int argc, char **argv);
	const char *summary; /* one line for `stet --help` */
	const char *usage;   /* the synopsis and options for `stet CMD --help` */
};

extern const struct cli_command cmd_init, cmd_info, cmd_schema, cmd_import,
	cmd_import_annotations, cmd_import_predictions, cmd_export, cmd_label,
	cmd_agree, cmd_report, cmd_stats, cmd_config, cmd_team, cmd_verify,
	cmd_log, cmd_review, cmd_clone, cmd_merge, cmd_simulate, cmd_route,
	cmd_learn, cmd_backup, cmd_salvage;

/* `stet --complete N WORD...` for the shell's completion (complete.c):
 * argv holds N and the words. EXIT_USAGE when N is not a number. */
int cli_complete(const struct cli_command *const *commands, size_t ncommands,
		 int argc, char **argv);

/* "stet: CMD: message" on stderr. Returns EXIT_FAIL. */
int cli_fail(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of a core error. Returns EXIT_FAIL. */
int cli_fail_err(const struct cli_command *cmd, const struct stet_error *err);
/* A usage error: the message and a hint to --help. Returns EXIT_USAGE. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the command's usage on stdout. Returns EXIT_OK. */
int cli_help(const struct cli_command *cmd);

/* Runs getopt_long over a command's options, handling --help, unknown
 * and ambiguous options, and empty values (a usage error for every
 * option). Returns the option character, -1 at the end, or 'h'/'?'
 * handled: *exit_code is then set and the caller returns it. */
int cli_getopt(const struct cli_command *cmd, int argc, char **argv,
	       const char *shortopts, const struct option *longopts,
	       int *exit_code);

/* The project argument: argv[optind], or a usage error. */
const char *cli_project_arg(const struct cli_command *cmd, int argc,
			    char **argv, int *exit_code);
/* The options of a command whose one option is --format text|json:
 * *format is "text" or "json". Returns -1 when the command should
 * return *exit_code (--help, or a usage error said). */
int cli_format_only(const struct cli_command *cmd, int argc, char **argv,
		    const char **format, int *exit_code);
/* The project argument, nothing after it, and the project opened: NULL
 * with *exit_code set (and the error said) when any of it fails. */
struct stet_store *cli_open_project(const struct cli_command *cmd, int argc,
				    char **argv, bool readonly,
				    const char **path, int *exit_code);
/* Opens an existing project, printing the error on failure. */
struct stet_store *cli_open(const struct cli_command *cmd, const char *path,
			    bool readonly);

/* A full-screen command's key table (t's, src/tui/screens.h) on
 * stdout, one binding a line: the keys, space-separated, a tab, the
 * action, a tab, what it does; the lines of its ? box, in its order.
 * Returns EXIT_OK, or EXIT_FAIL when stdout cannot be written. */
struct screen_type;
int cli_print_keys(const struct screen_type *t);
/* Sets the locale from the environment for a full-screen command:
 * EXIT_OK when its character set is UTF-8, else EXIT_FAIL with a
 * message (item text is drawn as UTF-8). */
int cli_need_utf8(const struct cli_command *cmd);

/* A duration for an option: minutes ("50", "1.5"), or a number with
 * s, m or h ("90s", "50m", "1h"); at most a million units, rounded to
 * the millisecond. Returns -1 for anything else. */
int cli_duration(const char *s, int64_t *ms);

/* The noun for a count: one when n is 1, else many. Every count stet
 * prints goes through it, so no line says "1 labels". */
const char *cli_plural(unsigned long long n, const char *one,
		       const char *many);

/* A name given on the command line (--as, team add, clone --for) in NFC,
 * following the rule of stet/name.h: *name is set to it (it lives to
 * the end of the process) and 0 returned; or a usage error is said and
 * *exit_code set to EXIT_USAGE, and -1 returned. */
int cli_name(const struct cli_command *cmd, const char **name,
	     int *exit_code);

/* Text for the terminal. Names, labels, ids, meta, notes, comments
 * and file names come from input; whatever stet prints for a person
 * shows their control characters, bidi controls and invalid bytes as
 * the visible escapes of stet_text_escape, as the screens draw them.
 * A command makes stdout such a stream when its output is a text form
 * (not JSON, CSV or an export, which keep the data as it is, nor a
 * full-screen command); LF is kept, TAB shows as "\t". Messages on
 * stderr are escaped by cli_fail and cli_usage, or cli_safe. */
int cli_text_stdout(const struct cli_command *cmd);

/* s with its controls made visible, as above, for a string printed on
 * its own line or where LF must not start a new one. The result stays
 * valid until the 16th call after; NULL gives "". */
const char *cli_safe(const char *s);
/* cli_safe(s) and then spaces up to cols terminal cells, for a column
 * of a text table: printf's %-10s counts bytes, which a name in another
 * script or with escapes overruns. Valid as cli_safe's result is. */
const char *cli_padded(const char *s, size_t cols);

/* The login name of the person running stet: their identity. */
const char *cli_user(void);

/* name's role in the project; *member false (and the role annotator)
 * when the team has never heard of them. */
int cli_role(struct stet_store *st, const char *name, enum stet_role *role,
	     bool *member, struct stet_error *err);
/* EXIT_OK when the person running stet is a lead of the project;
 * otherwise says that `what` is for leads and returns EXIT_FAIL. */
int cli_require_lead(const struct cli_command *cmd, struct stet_store *st,
		     const char *what);
/* *lead true when the person running stet leads the project. Returns
 * EXIT_OK, or EXIT_FAIL with the error said. */
int cli_is_lead(const struct cli_command *cmd, struct stet_store *st,
		bool *lead);
/* For a command that shows annotators their own work only: a lead may
 * name anyone in *annotator (or NULL, everyone); for anyone else a
 * name not their own is refused (`what` is for leads) and *annotator
 * becomes their own name. *lead says which it was. */
int cli_own_work(const struct cli_command *cmd, struct stet_store *st,
		 const char **annotator, bool *lead, const char *what);
/* EXIT_OK when the person running stet may label as `as`: themselves
 * unless removed from the team, anyone on it when they are a lead. */
int cli_may_label(const struct cli_command *cmd, struct stet_store *st,
		  const char *as);

#endif
