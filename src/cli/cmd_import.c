#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stet/import.h"
#include "stet/input.h"

struct progress {
	const char *name;
	bool shown;
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	int width = 30, filled;

	if (total == 0)
		return;
	filled = (int)((double)done / (double)total * width);
	if (filled > width)
		filled = width;
	fprintf(stderr, "\r%s [%.*s%*s] %3d%%", cli_safe(p->name), filled,
		"##############################", width - filled, "",
		(int)((double)done * 100 / (double)total));
	p->shown = true;
}

static void on_skip(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "stet: import: skipped %s\n", cli_safe(msg));
}

static void on_duplicate(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "stet: import: %s\n", msg);
}

static void on_note(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "stet: import: %s\n", cli_safe(msg));
}

static void clear_progress(struct progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r\033[K");
	p->shown = false;
}

/* What a file brought of model "import" (the records' "prediction"
 * and "score", or "scores"); with version 0, several files' sum. */
struct pred_counts {
	uint64_t predictions, left_out, version;
};

static void print_counts(const char *prefix, uint64_t added, uint64_t dups,
			 uint64_t skipped, const uint64_t *gold,
			 const struct pred_counts *pc)
{
	printf("%s%llu %s added, %llu %s, %llu skipped", prefix,
	       (unsigned long long)added, cli_plural(added, "item", "items"),
	       (unsigned long long)dups,
	       cli_plural(dups, "duplicate", "duplicates"),
	       (unsigned long long)skipped);
	if (gold != NULL)
		printf("; %llu gold", (unsigned long long)*gold);
	if (pc->predictions > 0 && pc->version > 0)
		printf("; %llu %s of model import, version %llu",
		       (unsigned long long)pc->predictions,
		       cli_plural(pc->predictions, "prediction", "predictions"),
		       (unsigned long long)pc->version);
	else if (pc->predictions > 0)
		printf("; %llu %s of model import",
		       (unsigned long long)pc->predictions,
		       cli_plural(pc->predictions, "prediction", "predictions"));
	if (pc->left_out > 0)
		printf(" (%llu %s left out: a label the schema lacks, or outside [0, 1])",
		       (unsigned long long)pc->left_out,
		       cli_plural(pc->left_out, "score", "scores"));
	putchar('\n');
}

/* --one-per-file reads documents, not records: the options of the
 * record formats have nothing to act on. */
static int check_per_file(const struct cli_command *cmd,
			  const struct stet_import_opts *opts, int argc,
			  char **argv)
{
	const char *other = opts->format != STET_FMT_AUTO ? "--format" :
		opts->read.text_column ? "--text-column" :
		opts->read.id_column ? "--id-column" :
		opts->read.label_column ? "--label-column" :
		opts->read.paragraphs ? "--paragraphs" :
		opts->gold ? "--gold" : NULL;

	if (other != NULL)
		return cli_usage(cmd, "%s does not go with --one-per-file", other);
	for (int i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			return cli_usage(cmd, "--one-per-file reads folders and files, not stdin ('-')");
	return EXIT_OK;
}

static int import_documents(const struct cli_command *cmd,
			    struct stet_store *st,
			    struct stet_import_opts *opts, char *const *paths,
			    size_t n, bool quiet)
{
	struct stet_import_result res;
	struct stet_error err = {0};

	opts->on_note = on_note;
	opts->on_skip = on_skip;
	opts->on_progress = NULL;
	if (stet_import_documents(st, paths, n, opts, &res, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	if (!quiet)
		{
			struct pred_counts pc = {0};

			print_counts("", res.added, res.duplicates, res.skipped,
				     NULL, &pc);
		}
	return EXIT_OK;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"encoding", required_argument, NULL, 'e'},
		{"text-column", required_argument, NULL, 't'},
		{"id-column", required_argument, NULL, 'i'},
		{"paragraphs", no_argument, NULL, 'p'},
		{"label-column", required_argument, NULL, 'l'},
		{"gold", no_argument, NULL, 'g'},
		{"skip-bad", no_argument, NULL, 'k'},
		{"quiet", no_argument, NULL, 'q'},
		{"one-per-file", no_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_import_opts opts = {0};
	struct stet_import_result res;
	struct stet_store *st;
	struct progress prog = {0};
	uint64_t added = 0, dups = 0, skipped = 0, gold = 0;
	struct pred_counts file_pc, all_pc = {0};
	const char *path;
	bool quiet = false, per_file = false;
	int c, code = EXIT_OK, nfiles;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	while ((c = cli_getopt(cmd, argc, argv, "f:e:t:i:pl:gkqOh", longopts, &code)) != -1) {
		switch (c) {
		case 'f':
			opts.format = stet_format_parse(optarg);
			if (opts.format == STET_FMT_AUTO)
				return cli_usage(cmd,
					"--format takes jsonl, csv, tsv, txt or conll, not '%s'",
					optarg);
			break;
		case 'e': opts.encoding = optarg; break;
		case 't': opts.read.text_column = optarg; break;
		case 'i': opts.read.id_column = optarg; break;
		case 'p': opts.read.paragraphs = true; break;
		case 'l': opts.read.label_column = optarg; break;
		case 'g': opts.gold = true; break;
		case 'k': opts.skip_bad = true; break;
		case 'q': quiet = true; break;
		case 'O': per_file = true; break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no corpus file given");
	if (opts.encoding != NULL && !stet_encoding_known(opts.encoding))
		return cli_usage(cmd, "--encoding: unknown encoding '%s' (see iconv -l)",
				 opts.encoding);
	if (per_file && (code = check_per_file(cmd, &opts, argc, argv)) != EXIT_OK)
		return code;
	if (opts.gold && opts.read.label_column == NULL)
		opts.read.label_column = "label";
	if ((st = cli_open(cmd, path, false)) == NULL)
		return EXIT_FAIL;
	if (per_file) {
		code = import_documents(cmd, st, &opts, argv + optind,
					(size_t)(argc - optind), quiet);
		stet_store_close(st);
		return code;
	}
	/* Gold answers are what annotators are checked against. */
	if (opts.gold &&
	    (code = cli_require_lead(cmd, st, "importing gold items")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	opts.on_skip = on_skip;
	opts.on_duplicate = on_duplicate;
	if (!quiet && isatty(STDERR_FILENO))
		opts.on_progress = on_progress;
	opts.ctx = &prog;
	nfiles = argc - optind;
	for (; optind < argc; optind++) {
		struct stet_error err = {0};
		/* Named as the core names it in its own messages. */
		const char *file = strcmp(argv[optind], "-") == 0 ? "stdin" :
				   argv[optind];

		prog.name = file;
		if (stet_import_file(st, argv[optind], &opts, &res, &err) != STET_OK) {
			clear_progress(&prog);
			code = cli_fail_err(cmd, &err);
			if (nfiles > 1)
				fprintf(stderr, "stet: import: nothing of %s was imported\n",
					cli_safe(file));
			break;
		}
		clear_progress(&prog);
		if (res.empty) {
			fprintf(stderr, "stet: import: %s: empty file, nothing imported\n",
				cli_safe(file));
			continue;
		}
		added += res.added;
		dups += res.duplicates;
		skipped += res.skipped;
		gold += res.gold;
		file_pc = (struct pred_counts){res.predictions,
					       res.scores_skipped,
					       res.model_version};
		all_pc.predictions += res.predictions;
		all_pc.left_out += res.scores_skipped;
		all_pc.version = nfiles > 1 ? 0 : res.model_version;
		if (nfiles > 1 && !quiet) {
			char prefix[4200];

			snprintf(prefix, sizeof prefix, "%s (%s): ", file,
				 stet_format_name(res.format));
			print_counts(prefix, res.added, res.duplicates, res.skipped,
				     opts.gold ? &res.gold : NULL, &file_pc);
		}
	}
	if (code == EXIT_OK && !quiet)
		print_counts("", added, dups, skipped, opts.gold ? &gold : NULL,
			     &all_pc);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_import = {
	"import", run, "add items from JSONL, CSV, TSV, plain text or CoNLL files",
	"usage: stet import PROJECT.stet [OPTIONS] FILE...\n"
	"       stet import PROJECT.stet --one-per-file [-e NAME] [-k] DIR|FILE...\n\n"
	"Each file is imported in one transaction: a bad record stops the file\n"
	"and nothing of it is written, unless --skip-bad. A record's id says which\n"
	"item it is; a record without one is the item with its content, if any.\n"
	"One already in the project is a duplicate, not added again. '-' reads\n"
	"stdin. JSONL may also be one JSON array of records (Label Studio tasks).\n\n"
	"  -f, --format FMT       jsonl, csv, tsv, txt or conll (default: detect)\n"
	"  -e, --encoding NAME    convert from this charset (any iconv -l name)\n"
	"  -t, --text-column COL  CSV/TSV: text items from COL; the other columns\n"
	"                         become meta\n"
	"  -i, --id-column COL    CSV/TSV: external ids from COL (default: id)\n"
	"  -p, --paragraphs       text: one item per blank-line-separated paragraph\n"
	"  -l, --label-column COL CSV/TSV: the item's label from COL\n"
	"  -g, --gold             gold items: each label is the known answer (CSV/TSV:\n"
	"                         from the column 'label' unless --label-column)\n"
	"  -k, --skip-bad         import the good records and list each bad one\n"
	"  -O, --one-per-file     one text item of each file, its id its path below\n"
	"                         the DIR given (folders read in sorted order, names\n"
	"                         starting with '.' left out); all in one transaction\n"
	"  -q, --quiet            no progress bar and no summary\n"
	"  -h, --help             show this help\n",
};
