#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/screens.h"
#include "cli.h"
#include "stet/label_name.h"
#include "stet/review.h"

/* "A,B": two label names, quoted as --labels of stet init quotes
 * them; written back into arg, which is long enough for both. */
static int split_labels(char *arg, const char **a, const char **b)
{
	struct stet_names names;
	size_t la;

	if (stet_label_list_parse(arg, ',', &names, NULL) != STET_OK)
		return -1;
	if (names.n != 2) {
		stet_names_free(&names);
		return -1;
	}
	la = strlen(names.v[0]);
	memcpy(arg, names.v[0], la + 1);
	memcpy(arg + la + 1, names.v[1], strlen(names.v[1]) + 1);
	*a = arg;
	*b = arg + la + 1;
	stet_names_free(&names);
	return 0;
}

/* The screen reviews item labels: where spans differ, say so rather
 * than let "nothing to review" pass for agreement. */
static int spans_differ(const struct cli_command *cmd, struct stet_store *st,
			const struct stet_review_filter *f,
			const char *project)
{
	struct stet_review_spans_list l;
	struct stet_error err = {0};
	size_t n = 0;

	if (f->flagged)
		return EXIT_OK;
	if (stet_review_spans_load(st, f, &l, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	for (size_t i = 0; i < l.n; i++)
		n += stet_review_spans_disagree(&l.v[i]);
	if (n > 0)
		printf("%zu %s of %s %s annotators whose spans or tags differ: "
		       "stet review --spans decides them\n", n,
		       cli_plural(n, "item", "items"), cli_safe(project),
		       n == 1 ? "has" : "have");
	stet_review_spans_free(&l);
	return EXIT_OK;
}

/* What the filters asked for, for the line that says nothing matched. */
static void describe(const struct stet_review_filter *f, bool spans,
		     char *out, size_t len)
{
	size_t o = (size_t)snprintf(out, len, "%s",
				    f->flagged ? "a flag standing" :
				    spans && f->all ? "two or more span sets" :
				    spans ? "annotators whose spans differ" :
				    f->all ? "two or more labels" :
				    "annotators who disagree");

	if (f->label_a != NULL && o < len)
		o += (size_t)snprintf(out + o, len - o, ", one saying %s and another %s",
				      f->label_a, f->label_b);
	if (f->annotator != NULL && o < len)
		o += (size_t)snprintf(out + o, len - o, ", labeled by %s",
				      f->annotator);
	if (f->meta_field != NULL && o < len)
		snprintf(out + o, len - o, ", with %s=%s", f->meta_field,
			 f->meta_value);
}

/* Whether the project's schema has span or token labels (*spans) and
 * item labels (*items). */
static int schema_kinds(const struct cli_command *cmd, struct stet_store *st,
			bool *spans, bool *items)
{
	struct stet_error err = {0};
	struct stet_schema sc;
	struct stet_txn *txn;
	int rc;

	stet_schema_init(&sc);
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	rc = stet_schema_load(txn, &sc, &err);
	stet_txn_end(txn);
	if (rc != STET_OK) {
		stet_schema_free(&sc);
		return cli_fail_err(cmd, &err);
	}
	*items = stet_schema_count_kind(&sc, STET_KIND_ITEM) > 0;
	*spans = sc.nlabels > stet_schema_count_kind(&sc, STET_KIND_ITEM);
	stet_schema_free(&sc);
	return EXIT_OK;
}

/* Which screen reviews the project: spans where it has no item labels
 * or --spans asks for them, else item labels; what --spans or
 * --flagged cannot do there is a usage error naming the option. */
static int pick_screen(const struct cli_command *cmd, struct stet_store *st,
		       const char *project, bool want_spans, bool flagged,
		       bool *spans)
{
	bool has_spans = false, has_items = false;
	int code = schema_kinds(cmd, st, &has_spans, &has_items);

	if (code != EXIT_OK)
		return code;
	if (want_spans && !has_spans)
		return cli_usage(cmd, "--spans: %s has no span or token labels",
				 cli_safe(project));
	*spans = has_spans && (want_spans || !has_items);
	if (*spans && flagged)
		return cli_usage(cmd,
			"--flagged is for item labels: a review of spans walks the items whose spans differ (flags show in stet log)%s",
			has_items ? "; leave out --spans to review flagged items' labels" : "");
	return EXIT_OK;
}

/* --keys: the table of the screen that reviews the project (without
 * one, stet review's on item labels; with --spans, on spans). */
static int print_keys(const struct cli_command *cmd, int argc, char **argv,
		      bool want_spans)
{
	struct stet_store *st;
	bool spans = want_spans;
	int code = EXIT_OK;

	if (optind < argc && !want_spans) {
		if ((st = cli_open(cmd, argv[optind], false)) == NULL)
			return EXIT_FAIL;
		code = pick_screen(cmd, st, argv[optind], false, false, &spans);
		stet_store_close(st);
	}
	if (code != EXIT_OK)
		return code;
	return cli_print_keys(spans ? &screen_review_spans : &screen_review);
}

/* The review of spans: the items whose span sets differ, on its
 * screen. */
static int review_spans(const struct cli_command *cmd, struct stet_store *st,
			const struct stet_review_filter *f,
			struct tui_review_opts *o, const char *theme)
{
	struct stet_review_spans_list l;
	struct stet_error err = {0};
	char what[600];
	int code = EXIT_OK;

	if (stet_review_spans_load(st, f, &l, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	o->spans = &l;
	if (l.n == 0) {
		describe(f, true, what, sizeof what);
		printf("nothing to review: no item of %s has %s\n",
		       cli_safe(o->project), cli_safe(what));
	} else if (screen_run(&screen_review_spans, st, o, theme, &err) !=
		   STET_OK) {
		code = cli_fail_err(cmd, &err);
	}
	stet_review_spans_free(&l);
	return code;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"all", no_argument, NULL, 'A'},
		{"blind", no_argument, NULL, 'B'},
		{"flagged", no_argument, NULL, 'F'},
		{"spans", no_argument, NULL, 'S'},
		{"labels", required_argument, NULL, 'l'},
		{"annotator", required_argument, NULL, 'n'},
		{"meta", required_argument, NULL, 'm'},
		{"as", required_argument, NULL, 'a'},
		{"theme", required_argument, NULL, 't'},
		{"keys", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_review_filter f = {0};
	struct tui_review_opts o = {0};
	struct stet_review_list list;
	struct stet_error err = {0};
	struct stet_store *st;
	const char *theme = NULL;
	char *eq, what[600];
	bool keys = false, want_spans = false, spans = false;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "l:m:a:t:kh", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'A': f.all = true; break;
		case 'B': o.blind = true; break;
		case 'F': f.flagged = o.flagged = true; break;
		case 'S': want_spans = true; break;
		case 'l':
			if (split_labels(optarg, &f.label_a, &f.label_b) != 0)
				return cli_usage(cmd, "--labels takes two label names, A,B (a name with a comma in double quotes)");
			break;
		case 'n': f.annotator = optarg; break;
		case 'm':
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg)
				return cli_usage(cmd, "--meta takes FIELD=VALUE, not '%s'",
						 optarg);
			*eq = '\0';
			f.meta_field = optarg;
			f.meta_value = eq + 1;
			break;
		case 'a': o.lead = optarg; break;
		case 't': theme = optarg; break;
		case 'k': keys = true; break;
		default: return code;
		}
	}
	if (keys)
		return print_keys(cmd, argc, argv, want_spans);
	if ((o.project = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (o.lead == NULL)
		o.lead = cli_user();
	else if (cli_name(cmd, &o.lead, &code) != 0)
		return code;
	if ((code = cli_need_utf8(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open(cmd, o.project, false)) == NULL)
		return EXIT_FAIL;
	if ((code = pick_screen(cmd, st, o.project, want_spans, f.flagged,
				&spans)) != EXIT_OK ||
	    (code = cli_require_lead(cmd, st, "reviewing")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (spans) {
		code = review_spans(cmd, st, &f, &o, theme);
		goto leave;
	}
	if (stet_review_list_load(st, &f, &list, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	o.list = &list;
	if (list.n == 0) {
		describe(&f, false, what, sizeof what);
		printf("nothing to review: no item of %s has %s\n",
		       cli_safe(o.project), cli_safe(what));
		code = spans_differ(cmd, st, &f, o.project);
	} else if (screen_run(&screen_review, st, &o, theme, &err) != STET_OK) {
		code = cli_fail_err(cmd, &err);
	}
	stet_review_list_free(&list);
leave:
	stet_store_close(st);
	if (code == EXIT_OK && fflush(stdout) != 0)
		code = cli_fail(cmd, "standard output: write error");
	return code;
}

const struct cli_command cmd_review = {
	"review", run, "settle disagreements full-screen: a lead decides the final labels",
	"usage: stet review PROJECT.stet [--all] [--flagged] [--spans] [--blind]\n"
	"                   [--labels A,B] [--annotator NAME] [--meta FIELD=VALUE]\n"
	"                   [--as NAME] [--theme NAME]\n"
	"       stet review --keys [--spans | PROJECT.stet]\n\n"
	"      --all              every item with two or more labels, not only\n"
	"                         those where annotators disagree\n"
	"      --flagged          the items annotators flagged, whatever their\n"
	"                         labels (flags and comments show on every item)\n"
	"      --spans            decide spans and token tags, in a project that\n"
	"                         also has item labels (a project of spans alone\n"
	"                         is always reviewed on its spans)\n"
	"      --blind            show \"annotator 1\", \"annotator 2\" for names\n"
	"  -l, --labels A,B       items where one annotator said A and another B\n"
	"                         (on spans: one has a span of A, another of B)\n"
	"      --annotator NAME   items NAME labeled\n"
	"  -m, --meta FIELD=VALUE items whose meta FIELD is VALUE\n"
	"  -a, --as NAME          decide as NAME (default: the login name)\n"
	"  -t, --theme NAME       colour theme, as for stet label\n"
	"  -k, --keys             print the key table and exit (that of the\n"
	"                         review of spans with a project of spans, or\n"
	"                         with --spans)\n"
	"  -h, --help             show this help\n\n"
	"Press ? in stet review for the keys. A lead's review resumes at the\n"
	"item they were on. Decisions go out with stet export --final.\n",
};
