#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stet/learn.h"
#include "stet/predict.h"

#define NAME_COLS 12

static json_t *counts_json(const struct stet_learn_counts *c)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I}",
			 "examples", (json_int_t)c->examples,
			 "decisions", (json_int_t)c->decisions,
			 "majorities", (json_int_t)c->majorities,
			 "ties", (json_int_t)c->ties,
			 "bias_only", (json_int_t)c->bias_only);
}

static int print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	if (s == NULL)
		return EXIT_FAIL;
	printf("%s\n", s);
	free(s);
	return EXIT_OK;
}

static void counts_text(const struct stet_learn_counts *c)
{
	printf("%llu %s labels standing: %llu by a lead's decision, %llu by a majority; %llu %s left out\n",
	       (unsigned long long)c->examples,
	       cli_plural(c->examples, "item has", "items have"),
	       (unsigned long long)c->decisions,
	       (unsigned long long)c->majorities,
	       (unsigned long long)c->ties,
	       cli_plural(c->ties, "tie", "ties"));
	if (c->bias_only > 0)
		printf("%llu of them %s no features (empty, or over %d KiB): only %s labels taught\n",
		       (unsigned long long)c->bias_only,
		       cli_plural(c->bias_only, "has", "have"),
		       STET_LEARN_MAX_BYTES / 1024,
		       cli_plural(c->bias_only, "its", "their"));
}

static int train_out(const struct stet_learn_result *r, bool json)
{
	if (json) {
		json_t *o = json_object(), *labels = json_object();

		for (size_t j = 0; j < r->nlabels; j++)
			json_object_set_new(labels, r->label_names[j],
					    json_integer((json_int_t)r->label_examples[j]));
		json_object_set_new(o, "model", json_string(r->model));
		json_object_set_new(o, "version", json_integer((json_int_t)r->version));
		json_object_set_new(o, "standing", counts_json(&r->counts));
		json_object_set_new(o, "labels", labels);
		json_object_set_new(o, "epochs", json_integer(r->epochs));
		json_object_set_new(o, "bits", json_integer(r->bits));
		json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
		json_object_set_new(o, "predicted", json_integer((json_int_t)r->predicted));
		json_object_set_new(o, "predicted_bias_only",
				    json_integer((json_int_t)r->predicted_bias_only));
		json_object_set_new(o, "retrained", json_boolean(r->retrained));
		return print_json(o);
	}
	counts_text(&r->counts);
	for (size_t j = 0; j < r->nlabels; j++)
		printf("  %s %llu\n", cli_padded(r->label_names[j], NAME_COLS),
		       (unsigned long long)r->label_examples[j]);
	if (r->retrained)
		printf("the labels changed while it trained: trained again on them as they are now\n");
	printf("model %s, version %llu: %u %s over 2^%u buckets, %llu %s stored\n",
	       cli_safe(r->model), (unsigned long long)r->version, r->epochs,
	       cli_plural(r->epochs, "epoch", "epochs"), r->bits,
	       (unsigned long long)r->rows,
	       cli_plural(r->rows, "row", "rows"));
	printf("predicted %llu %s",
	       (unsigned long long)r->predicted,
	       cli_plural(r->predicted, "item", "items"));
	if (r->predicted_bias_only > 0)
		printf(" (%llu from the labels' base rates alone)",
		       (unsigned long long)r->predicted_bias_only);
	printf("\n");
	return EXIT_OK;
}

static json_t *stat_json(const struct stet_learn_stat *s)
{
	return json_pack("{s:f,s:f,s:f}", "value", s->value, "low", s->low,
			 "high", s->high);
}

static json_t *eval_json(const struct stet_learn_eval *e)
{
	json_t *o = json_object(), *labels = json_array(), *per = json_object();
	json_t *bins = json_array(), *items = json_array();
	size_t k = e->nlabels;

	for (size_t j = 0; j < k; j++) {
		const struct stet_learn_label_eval *l = &e->label[j];

		json_array_append_new(labels, json_string(e->label_names[j]));
		json_object_set_new(per, e->label_names[j],
			json_pack("{s:f,s:f,s:f,s:I,s:I,s:I,s:I}",
				  "precision", l->precision, "recall", l->recall,
				  "f1", l->f1, "support", (json_int_t)l->support,
				  "tp", (json_int_t)l->tp, "fp", (json_int_t)l->fp,
				  "fn", (json_int_t)l->fn));
	}
	json_object_set_new(o, "multi_label", json_boolean(e->multi));
	json_object_set_new(o, "folds", json_integer(e->folds));
	json_object_set_new(o, "epochs", json_integer(e->epochs));
	json_object_set_new(o, "bits", json_integer(e->bits));
	json_object_set_new(o, "seed", json_integer((json_int_t)e->seed));
	json_object_set_new(o, "standing", counts_json(&e->counts));
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "accuracy", stat_json(&e->accuracy));
	json_object_set_new(o, "macro_f1", stat_json(&e->macro_f1));
	json_object_set_new(o, "micro_f1",
			    e->multi ? stat_json(&e->micro_f1) : json_null());
	json_object_set_new(o, "majority_baseline", json_real(e->majority));
	json_object_set_new(o, "per_label", per);
	if (e->confusion != NULL) {
		json_t *m = json_array();

		for (size_t t = 0; t < k; t++) {
			json_t *row = json_array();

			for (size_t p = 0; p < k; p++)
				json_array_append_new(row,
					json_integer((json_int_t)e->confusion[t * k + p]));
			json_array_append_new(m, row);
		}
		json_object_set_new(o, "confusion", m);
	} else {
		json_object_set_new(o, "confusion", json_null());
	}
	for (int b = 0; b < STET_LEARN_BINS; b++) {
		const struct stet_learn_bin *bin = &e->bins[b];

		json_array_append_new(bins, json_pack("{s:f,s:f,s:I,s:o,s:o}",
			"low", (double)b / STET_LEARN_BINS,
			"high", (double)(b + 1) / STET_LEARN_BINS,
			"items", (json_int_t)bin->items,
			"confidence", bin->items ? json_real(bin->confidence) : json_null(),
			"accuracy", bin->items ? json_real(bin->accuracy) : json_null()));
	}
	json_object_set_new(o, "calibration",
			    json_pack("{s:f,s:o}", "ece", e->ece, "bins", bins));
	json_object_set_new(o, "interval",
			    json_pack("{s:s,s:i,s:f,s:I}", "method", "percentile bootstrap",
				      "resamples", STET_LEARN_RESAMPLES, "level", 0.95,
				      "seed", (json_int_t)e->seed));
	for (size_t i = 0; i < e->n; i++) {
		json_t *stand = json_array(), *scores = json_object();

		for (size_t l = e->off[i]; l < e->off[i + 1]; l++)
			json_array_append_new(stand,
				json_string(e->label_names[e->label_of[l]]));
		for (size_t j = 0; j < k; j++)
			json_object_set_new(scores, e->label_names[j],
					    json_real(e->prob[i * k + j]));
		json_array_append_new(items, json_pack("{s:s,s:i,s:o,s:o}",
			"id", e->ext[i], "fold", (int)e->fold[i],
			"labels", stand, "scores", scores));
	}
	json_object_set_new(o, "items", items);
	return o;
}

static void stat_text(const char *what, const struct stet_learn_stat *s)
{
	printf("%-10s %.3f  [%.3f, %.3f]\n", what, s->value, s->low, s->high);
}

static int eval_out(const struct stet_learn_eval *e, bool json)
{
	size_t k = e->nlabels;

	if (json)
		return print_json(eval_json(e));
	printf("%u-fold cross-validation: seed %llu, %u %s over 2^%u buckets\n",
	       e->folds, (unsigned long long)e->seed, e->epochs,
	       cli_plural(e->epochs, "epoch", "epochs"), e->bits);
	counts_text(&e->counts);
	printf("\n");
	stat_text(e->multi ? "exact set" : "accuracy", &e->accuracy);
	stat_text("macro F1", &e->macro_f1);
	if (e->multi)
		stat_text("micro F1", &e->micro_f1);
	printf("%-10s %.3f  (always the commonest %s)\n", "baseline",
	       e->majority, e->multi ? "set" : "label");
	printf("(95%% intervals: percentile bootstrap of %d resamples of the items)\n\n",
	       STET_LEARN_RESAMPLES);
	printf("%s precision recall  F1     support\n",
	       cli_padded("label", NAME_COLS));
	for (size_t j = 0; j < k; j++) {
		const struct stet_learn_label_eval *l = &e->label[j];

		printf("%s %.3f     %.3f   %.3f  %llu\n",
		       cli_padded(e->label_names[j], NAME_COLS), l->precision,
		       l->recall, l->f1, (unsigned long long)l->support);
	}
	if (e->confusion != NULL) {
		printf("\nconfusion: a row for each standing label, a column for each predicted\n");
		printf("%s", cli_padded("", NAME_COLS));
		for (size_t p = 0; p < k; p++)
			printf(" %s", cli_padded(e->label_names[p], 8));
		printf("\n");
		for (size_t t = 0; t < k; t++) {
			printf("%s", cli_padded(e->label_names[t], NAME_COLS));
			for (size_t p = 0; p < k; p++)
				printf(" %8llu",
				       (unsigned long long)e->confusion[t * k + p]);
			printf("\n");
		}
	}
	printf("\ncalibration: expected calibration error %.3f over %s\n",
	       e->ece, e->multi ? "every label's probability on every item"
				: "each item's top probability");
	printf("bin        items  confidence  accuracy\n");
	for (int b = 0; b < STET_LEARN_BINS; b++) {
		const struct stet_learn_bin *bin = &e->bins[b];

		printf("%.1f-%.1f  %7llu", (double)b / STET_LEARN_BINS,
		       (double)(b + 1) / STET_LEARN_BINS,
		       (unsigned long long)bin->items);
		if (bin->items > 0)
			printf("  %10.3f  %8.3f", bin->confidence,
			       bin->accuracy);
		printf("\n");
	}
	return EXIT_OK;
}

/* A whole number from lo to hi for option name; -1 after saying why. */
static int number(const struct cli_command *cmd, const char *name,
		  const char *arg, unsigned long long lo,
		  unsigned long long hi, unsigned long long *v, int *code)
{
	char *end;

	*v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || *v < lo || *v > hi) {
		*code = cli_usage(cmd, "--%s takes a whole number from %llu to %llu, not '%s'",
				  name, lo, hi, arg);
		return -1;
	}
	return 0;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"model", required_argument, NULL, 'm'},
		{"epochs", required_argument, NULL, 'e'},
		{"bits", required_argument, NULL, 'b'},
		{"seed", required_argument, NULL, 's'},
		{"min-labels", required_argument, NULL, 'n'},
		{"eval", no_argument, NULL, 'E'},
		{"folds", required_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_learn_opts o = {.min_labels = STET_LEARN_MIN_LABELS_DEFAULT,
				    .seed = STET_LEARN_SEED_DEFAULT};
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *format = "text";
	unsigned long long v;
	bool eval = false, folds_given = false, json;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "m:e:b:s:n:Ek:f:h", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'm': o.model = optarg; break;
		case 'E': eval = true; break;
		case 'f': format = optarg; break;
		case 'e':
			if (number(cmd, "epochs", optarg, 1, STET_LEARN_EPOCHS_MAX, &v, &code))
				return code;
			o.epochs = (unsigned)v;
			break;
		case 'b':
			if (number(cmd, "bits", optarg, 18, 24, &v, &code))
				return code;
			o.bits = (unsigned)v;
			break;
		case 's':
			if (number(cmd, "seed", optarg, 0, UINT64_MAX, &v, &code))
				return code;
			o.seed = v;
			break;
		case 'n':
			if (number(cmd, "min-labels", optarg, 1, UINT64_MAX, &v, &code))
				return code;
			o.min_labels = v;
			break;
		case 'k':
			if (number(cmd, "folds", optarg, 2, STET_LEARN_FOLDS_MAX, &v, &code))
				return code;
			o.folds = (unsigned)v;
			folds_given = true;
			break;
		default:
			return code;
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage(cmd, "--format takes text or json, not '%s'", format);
	json = strcmp(format, "json") == 0;
	if (folds_given && !eval)
		return cli_usage(cmd, "--folds is for --eval");
	if (eval && o.model != NULL)
		return cli_usage(cmd, "--eval trains in memory and stores no model: --model is for training one");
	if (o.model != NULL && stet_model_name_check(o.model, &err) != STET_OK)
		return cli_usage(cmd, "--model: %s", err.msg);
	if (!json && (code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open_project(cmd, argc, argv, eval, &path, &code)) == NULL)
		return code;
	/* A model's predictions steer what annotators are served and
	 * shown; its evaluation reads every annotator's standing labels. */
	if ((code = cli_require_lead(cmd, st, eval ? "evaluating a model" : "training a model")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (eval) {
		struct stet_learn_eval e;

		if (stet_learn_evaluate(st, &o, &e, &err) != STET_OK)
			code = cli_fail_err(cmd, &err);
		else {
			code = eval_out(&e, json);
			stet_learn_eval_free(&e);
		}
	} else {
		struct stet_learn_result r;

		if (stet_learn_train(st, &o, &r, &err) != STET_OK)
			code = cli_fail_err(cmd, &err);
		else {
			code = train_out(&r, json);
			stet_learn_result_free(&r);
		}
	}
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_learn = {
	"learn", run,
	"train stet's own model on the labels that stand, or evaluate it",
	"usage: stet learn PROJECT.stet [OPTIONS]\n"
	"       stet learn PROJECT.stet --eval [--folds K] [OPTIONS]\n\n"
	"Trains a classifier on the labels that stand (a lead's decision, else\n"
	"the annotators' majority; ties left out), stores it in the project and\n"
	"writes its prediction of every item as the next version of the model.\n"
	"With --eval, k-fold cross-validation instead: accuracy and macro-F1\n"
	"with 95% intervals, a confusion matrix and calibration; nothing written.\n\n"
	"  -m, --model NAME       the model to train (default stet)\n"
	"  -e, --epochs N         passes over the examples (default 5)\n"
	"  -b, --bits B           2^B feature buckets, 18 to 24 (default 20)\n"
	"  -s, --seed S           the order of examples and the folds (default 1)\n"
	"  -n, --min-labels N     refuse with fewer examples (default 20; and\n"
	"                         always at least one of every label)\n"
	"  -E, --eval             cross-validate instead of training\n"
	"  -k, --folds K          folds of --eval, 2 to 100 (default 5)\n"
	"  -f, --format FMT       text (default) or json\n"
	"  -h, --help             show this help\n",
};
