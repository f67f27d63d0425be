#include <stdio.h>

#include "cli.h"
#include "stet/annotations_in.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"create-items", no_argument, NULL, 'c'},
		{"add-labels", no_argument, NULL, 'a'},
		{"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_annot_opts opts = {0};
	struct stet_annot_result res;
	struct stet_store *st;
	const char *path;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "cae:h", longopts, &code)) != -1) {
		switch (c) {
		case 'c': opts.create_items = true; break;
		case 'a': opts.add_labels = true; break;
		case 'e': opts.encoding = optarg; break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no annotation file given");
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	for (; optind < argc; optind++) {
		struct stet_error err = {0};
		const char *file = argv[optind];

		if (stet_annotations_import(st, file, &opts, &res, &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
			break;
		}
		if (res.empty) {
			fprintf(stderr, "stet: import-annotations: %s: empty file, nothing imported\n",
				file);
			continue;
		}
		printf("%s: %llu annotations, %llu new annotators, %llu new sessions, "
		       "%llu items created, %llu labels added\n", file,
		       (unsigned long long)res.records,
		       (unsigned long long)res.annotators_created,
		       (unsigned long long)res.sessions_created,
		       (unsigned long long)res.items_created,
		       (unsigned long long)res.labels_added);
	}
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_import_annotations = {
	"import-annotations", run, "add annotations made elsewhere (annotation JSONL)",
	"usage: stet import-annotations PROJECT.stet [OPTIONS] FILE...\n\n"
	"Reads records {\"item\", \"annotator\", \"label\", \"session\", \"time\",\n"
	"\"duration_ms\"}, one a line, each file in one transaction.\n\n"
	"  -c, --create-items     create items for unknown ids instead of failing\n"
	"  -a, --add-labels       add unknown labels to the schema instead of failing\n"
	"  -e, --encoding NAME    convert from this charset\n"
	"  -h, --help             show this help\n",
};
