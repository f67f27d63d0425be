/* k-fold accuracy of the learner on labeled items read from standard
 * input, for tests/bench/learner_eval.py to set beside scikit-learn's:
 *
 *   learner_eval [--table] [--epochs E] [--alpha A] [--l2 L] [--l1 L]
 *                [--bits B] [--seed S]
 *
 * One item a line, tab-separated: its fold (0, 1, ...), its label, then
 * its text, or with --table its cells as NAME=VALUE fields. For each
 * fold the model is trained on the other folds' items (column statistics
 * from them too) and predicts the fold's items. Prints the accuracy of
 * each fold and their mean. Exit status 1 on input it cannot read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/features.h"
#include "../../src/core/learner.h"

struct row {
	unsigned fold, label;
	struct stet_item it;
};

static char *labels[256];
static unsigned nlabels;

static unsigned label_of(const char *s)
{
	for (unsigned i = 0; i < nlabels; i++)
		if (strcmp(labels[i], s) == 0)
			return i;
	if (nlabels == 256)
		exit(1);
	labels[nlabels] = strdup(s);
	return nlabels++;
}

int main(int argc, char **argv)
{
	struct stet_learner_params p;
	struct stet_error err = { 0 };
	struct row *rows = NULL;
	size_t n = 0, cap = 0, len = 0;
	unsigned folds = 0, epochs = 5, bits = 20;
	unsigned long long seed = 1;
	double alpha = -1, l2 = -1, l1 = -1, sum = 0;
	int table = 0;
	char *line = NULL;

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : "";

		if (strcmp(argv[i], "--table") == 0)
			table = 1;
		else if (strcmp(argv[i], "--epochs") == 0)
			epochs = (unsigned)atoi(v), i++;
		else if (strcmp(argv[i], "--alpha") == 0)
			alpha = atof(v), i++;
		else if (strcmp(argv[i], "--l2") == 0)
			l2 = atof(v), i++;
		else if (strcmp(argv[i], "--l1") == 0)
			l1 = atof(v), i++;
		else if (strcmp(argv[i], "--bits") == 0)
			bits = (unsigned)atoi(v), i++;
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(v, NULL, 10), i++;
		else {
			fprintf(stderr, "learner_eval: unknown %s\n", argv[i]);
			return 2;
		}
	}
	while (getline(&line, &len, stdin) > 0) {
		char *save = NULL, *f;
		struct row *r;

		line[strcspn(line, "\n")] = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			rows = realloc(rows, cap * sizeof *rows);
			if (rows == NULL)
				return 1;
		}
		r = &rows[n];
		stet_item_init(&r->it);
		f = strtok_r(line, "\t", &save);
		if (f == NULL)
			continue;
		r->fold = (unsigned)atoi(f);
		if (r->fold + 1 > folds)
			folds = r->fold + 1;
		f = strtok_r(NULL, "\t", &save);
		if (f == NULL) {
			fprintf(stderr, "learner_eval: line %zu: no label\n",
				n + 1);
			return 1;
		}
		r->label = label_of(f);
		if (!table) {
			f = strtok_r(NULL, "", &save);
			r->it.kind = STET_ITEM_TEXT;
			r->it.text = strdup(f ? f : "");
		} else {
			r->it.kind = STET_ITEM_TABLE;
			while ((f = strtok_r(NULL, "\t", &save)) != NULL) {
				char *eq = strchr(f, '=');

				if (eq == NULL)
					continue;
				stet_item_add_field(&r->it, f, (size_t)(eq - f),
						    eq + 1, strlen(eq + 1));
			}
		}
		n++;
	}
	free(line);
	stet_learner_params_default(&p, nlabels, bits, false);
	if (alpha > 0)
		p.alpha = alpha;
	if (l2 >= 0)
		p.l2 = l2;
	if (l1 >= 0)
		p.l1 = l1;
	for (unsigned fold = 0; fold < folds; fold++) {
		struct stet_colstats cs;
		struct stet_featurizer fz;
		struct stet_dense_rows d;
		struct stet_learner l;
		struct stet_fvec *x = calloc(n, sizeof *x);
		struct stet_example *ex = calloc(n, sizeof *ex);
		size_t nex = 0, right = 0, tested = 0;
		double prob[256];

		if (x == NULL || ex == NULL)
			return 1;
		stet_colstats_init(&cs);
		for (size_t i = 0; i < n; i++)
			if (rows[i].fold != fold)
				stet_colstats_add(&cs, &rows[i].it);
		if (stet_featurizer_init(&fz, bits, &err) != STET_OK)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			stet_fvec_init(&x[i]);
			if (stet_features_item(&fz, &rows[i].it, &cs, &x[i],
					       &err) != STET_OK)
				goto fail;
			if (rows[i].fold != fold) {
				ex[nex].x = &x[i];
				ex[nex].labels = &rows[i].label;
				ex[nex++].nlabels = 1;
			}
		}
		if (stet_dense_rows_init(&d, &p, &err) ||
		    stet_learner_init(&l, &p, stet_dense_rows_iface(&d),
				      &err) ||
		    stet_learner_train(&l, ex, nex, epochs, seed + fold, &err))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			unsigned best = 0;

			if (rows[i].fold != fold)
				continue;
			if (stet_learner_predict(&l, &x[i], prob, &err))
				goto fail;
			for (unsigned j = 1; j < nlabels; j++)
				if (prob[j] > prob[best])
					best = j;
			right += best == rows[i].label;
			tested++;
		}
		printf("fold %u: %.4f (%zu items)\n", fold,
		       (double)right / (double)tested, tested);
		sum += (double)right / (double)tested;
		stet_learner_free(&l);
		stet_dense_rows_free(&d);
		stet_featurizer_free(&fz);
		stet_colstats_free(&cs);
		for (size_t i = 0; i < n; i++)
			stet_fvec_free(&x[i]);
		free(x);
		free(ex);
	}
	printf("mean accuracy %.4f\n", sum / folds);
	for (size_t i = 0; i < n; i++)
		stet_item_clear(&rows[i].it);
	free(rows);
	for (unsigned i = 0; i < nlabels; i++)
		free(labels[i]);
	return 0;
fail:
	fprintf(stderr, "learner_eval: %s\n", err.msg);
	return 1;
}
