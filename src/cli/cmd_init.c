#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "stet/buf.h"
#include "stet/options.h"
#include "stet/project.h"

static int read_file(const char *path, char **text, size_t *n,
		     struct stet_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stet_buf b;
	char chunk[8192];
	size_t got;

	if (f == NULL)
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(errno));
	stet_buf_init(&b);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		stet_buf_add(&b, chunk, got);
		if (b.len > (1u << 24)) {
			fclose(f);
			stet_buf_free(&b);
			return stet_error_set(err, STET_ERR,
					      "%s: too large for a schema", path);
		}
	}
	if (ferror(f)) {
		fclose(f);
		stet_buf_free(&b);
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(errno));
	}
	fclose(f);
	*n = b.len;
	*text = stet_buf_take(&b);
	return STET_OK;
}

/* A team on a shared server: the project file and its lock file owned
 * by the group and writable by it, by no one else. */
static int share_with(const struct cli_command *cmd, const char *path,
		      const struct group *gr)
{
	char lock[4096];
	const char *files[2] = {path, lock};

	if ((size_t)snprintf(lock, sizeof lock, "%s-lock", path) >= sizeof lock)
		return cli_fail(cmd, "%s: name too long", path);
	for (int i = 0; i < 2; i++)
		if (chown(files[i], (uid_t)-1, gr->gr_gid) != 0 ||
		    chmod(files[i], 0660) != 0)
			return cli_fail(cmd, "%s: cannot give it to group %s: %s",
					files[i], gr->gr_name, strerror(errno));
	return EXIT_OK;
}

/* The labels of --labels, --spans and --tokens, in that order: a bad
 * name is a usage error, as is a schema no project may hold. */
static int lists(const struct cli_command *cmd, struct stet_schema *s,
		 const char *labels, const char *spans, const char *tokens)
{
	static const char *const opt[] = {"labels", "spans", "tokens"};
	const char *list[] = {labels, spans, tokens};
	const enum stet_label_kind kind[] = {STET_KIND_ITEM, STET_KIND_SPAN,
					     STET_KIND_TOKEN};
	struct stet_error err = {0};

	for (int i = 0; i < 3; i++)
		if (list[i] != NULL && stet_schema_from_list_kind(s, list[i],
						kind[i], &err) != STET_OK) {
			stet_schema_free(s);
			return cli_usage(cmd, "--%s: %s", opt[i], err.msg);
		}
	if (stet_schema_check(s, &err) != STET_OK) {
		stet_schema_free(s);
		return cli_usage(cmd, "%s", err.msg);
	}
	return EXIT_OK;
}

/* "3 labels (single-label)", then ", 4 span labels (may overlap)" or
 * ", 17 token labels" for what the schema has of each. */
static void describe(const struct stet_schema *s)
{
	size_t item = stet_schema_count_kind(s, STET_KIND_ITEM);
	size_t span = stet_schema_count_kind(s, STET_KIND_SPAN);
	size_t token = stet_schema_count_kind(s, STET_KIND_TOKEN);
	const char *sep = "";

	if (item > 0) {
		printf("%zu %s (%s)", item, cli_plural(item, "label", "labels"),
		       s->multi ? "multi-label" : "single-label");
		sep = ", ";
	}
	if (span > 0) {
		printf("%s%zu span %s (%s)", sep, span,
		       cli_plural(span, "label", "labels"),
		       s->no_overlap ? "no overlap" : "may overlap");
		sep = ", ";
	}
	if (token > 0)
		printf("%s%zu token %s", sep, token,
		       cli_plural(token, "label", "labels"));
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"labels", required_argument, NULL, 'l'},
		{"spans", required_argument, NULL, 'P'},
		{"tokens", required_argument, NULL, 'T'},
		{"no-overlap", no_argument, NULL, 'N'},
		{"schema", required_argument, NULL, 's'},
		{"multi", no_argument, NULL, 'm'},
		{"overlap", required_argument, NULL, 'k'},
		{"order", required_argument, NULL, 'o'},
		{"seed", required_argument, NULL, 'S'},
		{"group", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *labels = NULL, *schema_file = NULL, *path, *group = NULL;
	const char *spans = NULL, *tokens = NULL;
	const char *names[3], *values[3];
	size_t nopts = 0;
	struct stet_schema schema;
	struct stet_store *st;
	struct stet_error err = {0};
	bool multi = false, no_overlap = false;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "l:s:mk:o:S:g:h", longopts, &code)) != -1) {
		switch (c) {
		case 'l': labels = optarg; break;
		case 'P': spans = optarg; break;
		case 'T': tokens = optarg; break;
		case 'N': no_overlap = true; break;
		case 's': schema_file = optarg; break;
		case 'm': multi = true; break;
		case 'k': case 'o': case 'S':
			if (nopts == 3)
				return cli_usage(cmd, "--overlap, --order and --seed each once");
			names[nopts] = c == 'k' ? "overlap" : c == 'o' ? "order" : "seed";
			values[nopts++] = optarg;
			break;
		case 'g': group = optarg; break;
		default: return code;
		}
	}
	for (size_t i = 0; i < nopts; i++)
		if (stet_option_check(names[i], values[i], &err) != STET_OK)
			return cli_usage(cmd, "--%s", err.msg);
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((labels == NULL && spans == NULL && tokens == NULL) ==
	    (schema_file == NULL))
		return cli_usage(cmd, "give either --labels A,B,C (or --spans, --tokens) or --schema FILE");
	stet_schema_init(&schema);
	if (schema_file == NULL) {
		if ((code = lists(cmd, &schema, labels, spans, tokens)) !=
		    EXIT_OK)
			return code;
	} else {
		char *text = NULL;
		size_t n = 0;

		if (read_file(schema_file, &text, &n, &err) != STET_OK) {
			stet_schema_free(&schema);
			return cli_fail_err(cmd, &err);
		}
		c = stet_schema_parse(&schema, text, n, schema_file, &err);
		free(text);
		if (c != STET_OK) {
			stet_schema_free(&schema);
			return cli_fail_err(cmd, &err);
		}
	}
	if (multi)
		schema.multi = true;
	if (no_overlap && stet_schema_count_kind(&schema, STET_KIND_SPAN) == 0) {
		stet_schema_free(&schema);
		return cli_usage(cmd, "--no-overlap: the schema has no span labels");
	}
	if (no_overlap)
		schema.no_overlap = true;
	if (group != NULL && getgrnam(group) == NULL) {
		stet_schema_free(&schema);
		return cli_fail(cmd, "--group: no group named '%s'", group);
	}
	if (stet_project_create_with(path, &schema, cli_user(), names, values,
				     nopts, &st, &err) != STET_OK) {
		stet_schema_free(&schema);
		return cli_fail_err(cmd, &err);
	}
	if (group != NULL && share_with(cmd, path, getgrnam(group)) != EXIT_OK) {
		stet_schema_free(&schema);
		stet_store_discard(st);
		return EXIT_FAIL;
	}
	printf("created %s: ", path);
	describe(&schema);
	printf(", lead %s\n", cli_user());
	stet_schema_free(&schema);
	stet_store_close(st);
	return EXIT_OK;
}

const struct cli_command cmd_init = {
	"init", run, "create a project file with its label schema",
	"usage: stet init PROJECT.stet --labels A,B,C [--multi] [OPTIONS]\n"
	"       stet init PROJECT.stet [--labels A,B] --spans PER,ORG [--no-overlap]\n"
	"       stet init PROJECT.stet [--labels A,B] --tokens NOUN,VERB,...\n"
	"       stet init PROJECT.stet --schema FILE [--multi] [OPTIONS]\n\n"
	"  -l, --labels LIST   labels, comma-separated; hotkeys 1..9 then 0; a\n"
	"                      name with a comma or quote in double quotes, CSV\n"
	"                      style: 'Not Humor,\"Yes, really\"'\n"
	"      --spans LIST    span labels: they mark stretches of an item's text\n"
	"      --tokens LIST   token labels: one tag a token (part of speech);\n"
	"                      a project has span labels or token labels, not\n"
	"                      both, and item labels with either\n"
	"      --no-overlap    spans may neither overlap nor nest\n"
	"  -s, --schema FILE   read labels, hotkeys, colours and guidelines\n"
	"                      from a schema file (see stet(5))\n"
	"  -m, --multi         items may take several labels\n"
	"      --overlap K     each item is labeled by K annotators (default 1)\n"
	"      --order ORDER   serve items sequential (default), shuffled,\n"
	"                      uncertainty or score (see stet label)\n"
	"      --seed S        the shuffled order's seed (default 1)\n"
	"      --group GROUP   make the project file and its lock file owned\n"
	"                      by GROUP and writable by it, and no one else\n"
	"  -h, --help          show this help\n",
};
