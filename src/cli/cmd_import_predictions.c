#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stet/predict.h"

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"model", required_argument, NULL, 'm'},
		{"ignore-unknown", no_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_predictions_opts opts = {0};
	struct stet_predictions_result res;
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *file;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	while ((c = cli_getopt(cmd, argc, argv, "m:ih", longopts, &code)) != -1) {
		switch (c) {
		case 'm': opts.model = optarg; break;
		case 'i': opts.ignore_unknown = true; break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no predictions file given (- reads standard input)");
	if (optind + 1 < argc)
		return cli_usage(cmd, "one predictions file at a time: each is one run of the model");
	if (opts.model == NULL)
		return cli_usage(cmd, "--model NAME says whose predictions these are");
	if (stet_model_name_check(opts.model, &err) != STET_OK)
		return cli_usage(cmd, "--model: %s", err.msg);
	file = argv[optind];
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	/* What a model suggests steers what annotators see and are served. */
	if ((code = cli_require_lead(cmd, st, "importing predictions")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (stet_predictions_import(st, file, &opts, &res, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	printf("%s: %llu %s of model %s, version %llu: %llu new, %llu replaced",
	       strcmp(file, "-") == 0 ? "stdin" : cli_safe(file),
	       (unsigned long long)res.records,
	       cli_plural(res.records, "prediction", "predictions"),
	       cli_safe(opts.model), (unsigned long long)res.version,
	       (unsigned long long)res.added,
	       (unsigned long long)res.replaced);
	if (res.unknown_items > 0)
		printf(", %llu unknown %s skipped",
		       (unsigned long long)res.unknown_items,
		       cli_plural(res.unknown_items, "item", "items"));
	if (res.unknown_labels > 0)
		printf(", %llu %s of unknown labels skipped",
		       (unsigned long long)res.unknown_labels,
		       cli_plural(res.unknown_labels, "score", "scores"));
	if (res.emptied > 0)
		printf(", %llu %s with no known label skipped",
		       (unsigned long long)res.emptied,
		       cli_plural(res.emptied, "record", "records"));
	putchar('\n');
	stet_store_close(st);
	return EXIT_OK;
}

const struct cli_command cmd_import_predictions = {
	"import-predictions", run,
	"add or replace one model's predictions for the project's items",
	"usage: stet import-predictions PROJECT.stet --model NAME [OPTIONS] FILE\n\n"
	"Reads one run of a model's predictions, JSONL, one object a line:\n"
	"  {\"item\": ID, \"label\": L, \"score\": S}\n"
	"  {\"item\": ID, \"scores\": {\"POS\": 0.7, \"NEG\": 0.2}}\n"
	"scores in [0, 1]; other keys are ignored, so stet export's records\n"
	"may pass through the model. FILE - reads standard input. The model's\n"
	"version grows by one; items the file names get this version's\n"
	"prediction, the others keep theirs. Nothing is written on an error.\n\n"
	"  -m, --model NAME       whose predictions these are (required)\n"
	"  -i, --ignore-unknown   skip items and labels the project does not have\n"
	"  -h, --help             show this help\n\n"
	"  stet export p.stet | my-model | stet import-predictions p.stet --model my -\n",
};
