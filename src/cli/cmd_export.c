#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stet/export.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"annotations", no_argument, NULL, 'a'},
		{"final", no_argument, NULL, 'F'},
		{"predictions", required_argument, NULL, 'P'},
		{"offsets", required_argument, NULL, 'O'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_export_opts opts = {.format = STET_FMT_JSONL};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *output = NULL;
	char tmp[4200] = "";
	FILE *out = stdout;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "f:ao:h", longopts, &code)) != -1) {
		switch (c) {
		case 'f':
			/* Prodigy's format is JSONL too: annotation records. */
			opts.prodigy = strcmp(optarg, "prodigy") == 0;
			opts.format = opts.prodigy ? STET_FMT_JSONL :
				stet_format_parse(optarg);
			if (opts.format != STET_FMT_JSONL && opts.format != STET_FMT_CSV &&
			    opts.format != STET_FMT_CONLL)
				return cli_usage(cmd, "--format takes jsonl, csv, conll or prodigy, not '%s'",
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
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
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
	"usage: stet export PROJECT.stet [--format jsonl|csv|conll|prodigy]\n"
	"                   [--annotations | --final] [--predictions MODEL]\n"
	"                   [--offsets UNIT] [-o FILE]\n\n"
	"  -f, --format FMT   jsonl (default), csv, conll, or prodigy: the standing\n"
	"                     labels as Prodigy choice answers (db-out JSONL)\n"
	"  -a, --annotations  one annotation record a line instead of items\n"
	"      --final        items with the leads' decisions (stet review) instead\n"
	"                     of every annotator's labels; \"final\": null when undecided\n"
	"      --predictions MODEL  JSONL items: MODEL's prediction on each,\n"
	"                     {\"label\", \"score\", \"scores\", \"model\": \"MODEL@VERSION\"}\n"
	"      --offsets UNIT span offsets in codepoints (default), utf16 (as\n"
	"                     JavaScript counts) or bytes (of UTF-8)\n"
	"  -o, --output FILE  write to FILE (default: standard output)\n"
	"  -h, --help         show this help\n",
};
