#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stet/export.h"

static void on_note(void *ctx, const char *msg)
{
	const struct cli_command *cmd = ctx;

	fprintf(stderr, "stet: %s: %s\n", cmd->name, cli_safe(msg));
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"annotations", no_argument, NULL, 'a'},
		{"final", no_argument, NULL, 'F'},
		{"predictions", required_argument, NULL, 'P'},
		{"offsets", required_argument, NULL, 'O'},
		{"annotator", required_argument, NULL, 'A'},
		{"column", required_argument, NULL, 'C'},
		{"scheme", required_argument, NULL, 'S'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_export_opts opts = {.format = STET_FMT_JSONL};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *output = NULL;
	bool scheme = false;
	char tmp[4200] = "";
	FILE *out = stdout;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "f:ao:h", longopts, &code)) != -1) {
		switch (c) {
		case 'f':
			/* CoNLL-2003 is CoNLL to the other exports. */
			opts.conll2003 = strcmp(optarg, "conll2003") == 0;
			if (opts.conll2003) {
				opts.format = STET_FMT_CONLL;
				break;
			}
			/* Prodigy's format is JSONL too: annotation records. */
			opts.prodigy = strcmp(optarg, "prodigy") == 0;
			opts.format = opts.prodigy ? STET_FMT_JSONL :
				stet_format_parse(optarg);
			if (opts.format != STET_FMT_JSONL && opts.format != STET_FMT_CSV &&
			    opts.format != STET_FMT_CONLL)
				return cli_usage(cmd, "--format takes jsonl, csv, conll (conllu), conll2003 or prodigy, not '%s'",
						 optarg);
			break;
		case 'a': opts.annotations = true; break;
		case 'F': opts.final = true; break;
		case 'P': opts.predictions = optarg; break;
		case 'O': {
			int u = stet_unit_parse(optarg);

			if (u < 0)
				return cli_usage(cmd,
					"--offsets takes codepoints, utf16 or bytes, not '%s'",
					optarg);
			opts.offsets = (enum stet_unit)u;
			break;
		}
		case 'o': output = optarg; break;
		case 'A': opts.annotator = optarg; break;
		case 'C': opts.column = optarg; break;
		case 'S':
			if (strcmp(optarg, "iob1") != 0 && strcmp(optarg, "iob2") != 0)
				return cli_usage(cmd, "--scheme takes iob1 or iob2, not '%s'",
						 optarg);
			opts.iob1 = strcmp(optarg, "iob1") == 0;
			scheme = true;
			break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (opts.conll2003 && opts.annotator == NULL)
		return cli_usage(cmd, "--format conll2003 writes one annotator's spans: name them with --annotator NAME");
	if (opts.annotator != NULL && (opts.format != STET_FMT_CONLL ||
				       opts.annotations || opts.final))
		return cli_usage(cmd, "--annotator goes with --format conllu or conll2003");
	if ((opts.column != NULL || scheme) && opts.annotator == NULL)
		return cli_usage(cmd, "--column and --scheme go with --annotator");
	opts.on_note = on_note;
	opts.ctx = (void *)cmd;
	if (opts.annotations && opts.format != STET_FMT_JSONL)
		return cli_usage(cmd, "--annotations writes JSONL only");
	if (opts.final && (opts.annotations || opts.prodigy))
		return cli_usage(cmd, "--final writes items (jsonl, csv or conll), not annotation records");
	if (opts.predictions != NULL &&
	    (opts.annotations || opts.prodigy || opts.format != STET_FMT_JSONL))
		return cli_usage(cmd, "--predictions goes with JSONL items (--format jsonl)");
	if ((st = cli_open(cmd, path, true)) == NULL)
		return EXIT_FAIL;
	if ((code = cli_require_lead(cmd, st, "exporting everyone's labels")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (output != NULL && strcmp(output, "-") != 0) {
		/* Write beside the target and rename, so a failed export never
		 * leaves half a file under the name asked for. */
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", output, (long)getpid());
		out = fopen(tmp, "w");
		if (out == NULL) {
			stet_store_close(st);
			return cli_fail(cmd, "%s: %s", output, strerror(errno));
		}
	}
	if (stet_export(st, &opts, out, output && out != stdout ? output : "stdout",
			&err) != STET_OK)
		code = cli_fail_err(cmd, &err);
	if (out != stdout) {
		if (fclose(out) != 0 && code == EXIT_OK)
			code = cli_fail(cmd, "%s: %s", output, strerror(errno));
		if (code == EXIT_OK && rename(tmp, output) != 0)
			code = cli_fail(cmd, "%s: %s", output, strerror(errno));
		if (code != EXIT_OK)
			unlink(tmp);
	}
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_export = {
	"export", run, "write items with their labels, or the annotation records",
	"usage: stet export PROJECT.stet [--format jsonl|csv|conll|conll2003|prodigy]\n"
	"                   [--annotations | --final] [--predictions MODEL]\n"
	"                   [--offsets UNIT] [--annotator NAME [--column COL]\n"
	"                   [--scheme iob1|iob2]] [-o FILE]\n\n"
	"  -f, --format FMT   jsonl (default), csv, conll, or prodigy: the standing\n"
	"                     labels as Prodigy choice answers (db-out JSONL)\n"
	"  -a, --annotations  one annotation record a line instead of items\n"
	"      --final        items with the leads' decisions (stet review) instead\n"
	"                     of every annotator's labels; \"final\": null when undecided\n"
	"      --predictions MODEL  JSONL items: MODEL's prediction on each,\n"
	"                     {\"label\", \"score\", \"scores\", \"model\": \"MODEL@VERSION\"}\n"
	"      --offsets UNIT span offsets in codepoints (default), utf16 (as\n"
	"                     JavaScript counts) or bytes (of UTF-8)\n"
	"      --annotator NAME  conllu, conll2003: the sentences as imported, a\n"
	"                     column holding NAME's tags or IOB spans\n"
	"      --column COL   conllu: upos (default), xpos or misc:KEY (IOB2\n"
	"                     spans); conll2003: the column's number (default: last)\n"
	"      --scheme S     IOB tags: iob2 (default: B- begins every span) or iob1\n"
	"  -o, --output FILE  write to FILE (default: standard output)\n"
	"  -h, --help         show this help\n",
};
