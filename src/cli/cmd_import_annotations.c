#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stet/annotations_in.h"
#include "stet/input.h"
#include "stet/offsets.h"

static void on_note(void *ctx, const char *msg)
{
	const struct cli_command *cmd = ctx;

	fprintf(stderr, "stet: %s: %s\n", cmd->name, cli_safe(msg));
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_ANNOTATOR = 256, OPT_CONTROL, OPT_OFFSETS, OPT_COLUMN,
	       OPT_SCHEME };
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"create-items", no_argument, NULL, 'c'},
		{"add-labels", no_argument, NULL, 'a'},
		{"annotator", required_argument, NULL, OPT_ANNOTATOR},
		{"control", required_argument, NULL, OPT_CONTROL},
		{"offsets", required_argument, NULL, OPT_OFFSETS},
		{"column", required_argument, NULL, OPT_COLUMN},
		{"scheme", required_argument, NULL, OPT_SCHEME},
		{"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_annot_opts opts = {.on_note = on_note, .ctx = (void *)cmd};
	struct stet_annot_result res;
	struct stet_store *st;
	const char *path;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "f:cae:h", longopts, &code)) != -1) {
		switch (c) {
		case 'f':
			if (stet_annot_from_parse(optarg, &opts.from) != 0)
				return cli_usage(cmd,
					"--from takes stet, prodigy, labelstudio, doccano, brat, conllu or conll, not '%s'",
					optarg);
			break;
		case 'c': opts.create_items = true; break;
		case 'a': opts.add_labels = true; break;
		case 'e': opts.encoding = optarg; break;
		case OPT_ANNOTATOR:
			if (*optarg == '\0')
				return cli_usage(cmd, "--annotator needs a name");
			opts.annotator = optarg;
			break;
		case OPT_CONTROL: opts.control = optarg; break;
		case OPT_COLUMN: opts.column = optarg; break;
		case OPT_SCHEME:
			if (strcmp(optarg, "iob1") != 0 && strcmp(optarg, "iob2") != 0)
				return cli_usage(cmd, "--scheme takes iob1 or iob2, not '%s'",
						 optarg);
			opts.scheme = strcmp(optarg, "iob1") == 0 ? 1 : 2;
			break;
		case OPT_OFFSETS: {
			int u = stet_unit_parse(optarg);

			if (u < 0)
				return cli_usage(cmd,
					"--offsets takes codepoints, utf16 or bytes, not '%s'",
					optarg);
			opts.offsets = (enum stet_unit)u;
			opts.offsets_given = true;
			break;
		}
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no annotation file given");
	if ((opts.column != NULL || opts.scheme != 0) &&
	    opts.from != STET_FROM_CONLLU && opts.from != STET_FROM_CONLL)
		return cli_usage(cmd, "--column and --scheme go with --from conllu or conll");
	if (opts.offsets_given && (opts.from == STET_FROM_STET ||
				   opts.from == STET_FROM_CONLLU ||
				   opts.from == STET_FROM_CONLL))
		return cli_usage(cmd, "--offsets: these records count in code points or tokens");
	if (opts.control != NULL && opts.from != STET_FROM_LABELSTUDIO)
		return cli_usage(cmd, "--control goes with --from labelstudio");
	if (opts.encoding != NULL && opts.from == STET_FROM_LABELSTUDIO)
		return cli_usage(cmd, "--encoding does not go with --from labelstudio: its JSON is UTF-8");
	if (opts.encoding != NULL && !stet_encoding_known(opts.encoding))
		return cli_usage(cmd, "--encoding: unknown encoding '%s' (see iconv -l)",
				 opts.encoding);
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	/* The records name their annotators: writing labels in others'
	 * names is a lead's audit, not an annotator's. */
	if ((code = cli_require_lead(cmd, st, "importing annotations")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	for (; optind < argc; optind++) {
		struct stet_error err = {0};
		const char *file = argv[optind];

		if (stet_annotations_import(st, file, &opts, &res, &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			break;
		}
		if (res.empty) {
			fprintf(stderr, "stet: import-annotations: %s: empty file, nothing imported\n",
				cli_safe(file));
			continue;
		}
		printf("%s: %llu %s, %llu new %s, %llu new %s, "
		       "%llu %s created, %llu %s added", file,
		       (unsigned long long)res.records,
		       cli_plural(res.records, "annotation", "annotations"),
		       (unsigned long long)res.annotators_created,
		       cli_plural(res.annotators_created, "annotator", "annotators"),
		       (unsigned long long)res.sessions_created,
		       cli_plural(res.sessions_created, "session", "sessions"),
		       (unsigned long long)res.items_created,
		       cli_plural(res.items_created, "item", "items"),
		       (unsigned long long)res.labels_added,
		       cli_plural(res.labels_added, "label", "labels"));
		if (opts.from != STET_FROM_STET)
			printf(", %llu %s", (unsigned long long)res.skips,
			       cli_plural(res.skips, "skip", "skips"));
		if (res.spans > 0)
			printf(", %llu span %s", (unsigned long long)res.spans,
			       cli_plural(res.spans, "set", "sets"));
		if (res.unlabels > 0)
			printf(", %llu %s withdrawn",
			       (unsigned long long)res.unlabels,
			       cli_plural(res.unlabels, "label", "labels"));
		putchar('\n');
	}
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_import_annotations = {
	"import-annotations", run,
	"add annotations made elsewhere (stet, Prodigy, Label Studio, doccano, brat, CoNLL)",
	"usage: stet import-annotations PROJECT.stet [OPTIONS] FILE...\n\n"
	"Reads annotations, each file in one transaction: stet's records\n"
	"{\"item\", \"annotator\", \"label\", \"session\", \"time\", \"duration_ms\"}\n"
	"one a line, or another tool's export (see stet(5)).\n\n"
	"  -f, --from FORMAT      stet (default), prodigy (db-out JSONL),\n"
	"                         labelstudio (JSON export), doccano (JSONL)\n"
	"                         brat (DOC.ann with DOC.txt beside it), conllu\n"
	"                         or conll (CoNLL-2003): a column's tags\n"
	"  -c, --create-items     stet: create items for unknown ids instead of failing\n"
	"  -a, --add-labels       add unknown labels to the schema instead of failing\n"
	"      --annotator NAME   the annotator of records that name none\n"
	"                         (doccano: by default the file name without .jsonl)\n"
	"      --control NAME     labelstudio: read the choices, taxonomy or labels\n"
	"                         control NAME\n"
	"      --column COL       conllu: upos (default), xpos or misc:KEY (IOB\n"
	"                         spans); conll: the column's number (default: last)\n"
	"      --scheme S         IOB spans: hold the file to iob1 or iob2 (default:\n"
	"                         read IOB1, IOB2 and IOBES alike)\n"
	"      --offsets UNIT     the file's span offsets count codepoints, utf16\n"
	"                         or bytes (default: the tool's own unit)\n"
	"  -e, --encoding NAME    convert from this charset (JSONL formats)\n"
	"  -h, --help             show this help\n",
};
