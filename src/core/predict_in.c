/* A model's predictions read in: see stet/predict.h. The file is read
 * whole before anything is written, so that the write can be redone
 * from memory when the map grows (standard input cannot be read twice)
 * and a bad line is found before the project is touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/input.h"
#include "stet/item.h"
#include "stet/predict.h"
#include "stet/schema.h"
#include "stet/timefmt.h"

struct rec {
	uint64_t line;
	char *item;     /* the item's id as the file gives it */
	size_t first;   /* its scores: names[first .. first + n) */
	size_t n;
	bool all;       /* the "scores" form */
};

struct parsed {
	char *file;     /* the file's name in messages */
	struct rec *recs;
	size_t nrecs, caprecs;
	char **names;
	double *scores;
	size_t nscores, capscores;
};

static void parsed_free(struct parsed *pd)
{
	for (size_t i = 0; i < pd->nrecs; i++)
		free(pd->recs[i].item);
	for (size_t i = 0; i < pd->nscores; i++)
		free(pd->names[i]);
	free(pd->file);
	free(pd->recs);
	free(pd->names);
	free(pd->scores);
}

static int add_score(struct parsed *pd, const char *name, json_t *v,
		     struct stet_error *err)
{
	double s;

	if (!json_is_number(v) || !((s = json_number_value(v)) >= 0 && s <= 1))
		return stet_error_set(err, STET_ERR,
				      "the score of \"%s\" must be a number in [0, 1]",
				      name);
	if (pd->nscores == pd->capscores) {
		pd->capscores = pd->capscores ? 2 * pd->capscores : 256;
		pd->names = stet_xrealloc(pd->names,
					  pd->capscores * sizeof *pd->names);
		pd->scores = stet_xrealloc(pd->scores,
					   pd->capscores * sizeof *pd->scores);
	}
	pd->names[pd->nscores] = stet_xstrdup(name);
	pd->scores[pd->nscores++] = s;
	return STET_OK;
}

static char *id_text(json_t *v)
{
	char tmp[32];

	if (json_is_string(v) && json_string_length(v) > 0)
		return stet_xstrdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(tmp, sizeof tmp, "%lld",
			 (long long)json_integer_value(v));
		return stet_xstrdup(tmp);
	}
	return NULL;
}

/* One line's object into pd; err without the file and line. */
static int parse_record(struct parsed *pd, json_t *o, struct stet_error *err)
{
	json_t *jlabel, *jscore, *jscores;
	struct rec r = {0};
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	jlabel = json_object_get(o, "label");
	jscore = json_object_get(o, "score");
	jscores = json_object_get(o, "scores");
	if ((r.item = id_text(json_object_get(o, "item"))) == NULL)
		return stet_error_set(err, STET_ERR,
				      "\"item\" must be the item's id, a string or an integer");
	r.first = pd->nscores;
	if (jscores != NULL && (jlabel != NULL || jscore != NULL)) {
		free(r.item);
		return stet_error_set(err, STET_ERR,
				      "give \"label\" and \"score\", or \"scores\", not both");
	}
	if (jscores != NULL) {
		if (!json_is_object(jscores) || json_object_size(jscores) == 0) {
			free(r.item);
			return stet_error_set(err, STET_ERR,
					      "\"scores\" must be an object of labels and their scores");
		}
		r.all = true;
		json_object_foreach(jscores, key, v)
			if (add_score(pd, key, v, err) != STET_OK)
				goto fail;
	} else if (jlabel != NULL || jscore != NULL) {
		if (!json_is_string(jlabel) || json_string_length(jlabel) == 0) {
			stet_error_set(err, STET_ERR, "\"label\" must be a label's name");
			goto fail;
		}
		if (jscore == NULL) {
			stet_error_set(err, STET_ERR,
				       "\"label\" needs its \"score\", a number in [0, 1]");
			goto fail;
		}
		if (add_score(pd, json_string_value(jlabel), jscore, err) !=
		    STET_OK)
			goto fail;
	} else {
		free(r.item);
		return stet_error_set(err, STET_ERR,
				      "a prediction needs \"label\" and \"score\", or \"scores\"");
	}
	r.n = pd->nscores - r.first;
	if (r.n > STET_MAX_LABELS) {
		stet_error_set(err, STET_ERR, "more than %d scores",
			       STET_MAX_LABELS);
		goto fail;
	}
	if (pd->nrecs == pd->caprecs) {
		pd->caprecs = pd->caprecs ? 2 * pd->caprecs : 256;
		pd->recs = stet_xrealloc(pd->recs, pd->caprecs * sizeof *pd->recs);
	}
	pd->recs[pd->nrecs++] = r;
	return STET_OK;
fail:
	while (pd->nscores > r.first)
		free(pd->names[--pd->nscores]);
	free(r.item);
	return STET_ERR;
}

static int parse_file(const char *path, struct parsed *pd,
		      struct stet_error *err)
{
	struct stet_input *in;
	const char *line;
	size_t len;
	int rc;

	if (stet_input_open(path, NULL, &in, err) != STET_OK)
		return STET_ERR;
	pd->file = stet_xstrdup(stet_input_name(in));
	while ((rc = stet_input_line(in, &line, &len, err)) == STET_OK) {
		json_error_t jerr;
		json_t *o;
		size_t at = 0;

		while (at < len && (line[at] == ' ' || line[at] == '\t' ||
				    line[at] == '\r'))
			at++;
		if (at == len)
			continue;
		o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
		if (o == NULL) {
			rc = stet_error_set(err, STET_ERR, "%s:%llu: %s",
					    stet_input_name(in),
					    (unsigned long long)stet_input_lineno(in),
					    jerr.text);
			break;
		}
		rc = parse_record(pd, o, err);
		json_decref(o);
		if (rc != STET_OK) {
			stet_error_prefix(err, "%s:%llu", stet_input_name(in),
					  (unsigned long long)stet_input_lineno(in));
			break;
		}
		pd->recs[pd->nrecs - 1].line = stet_input_lineno(in);
	}
	if (rc == STET_NOTFOUND && pd->nrecs == 0)
		rc = stet_error_set(err, STET_ERR, "%s: no predictions in it",
				    stet_input_name(in));
	else if (rc == STET_NOTFOUND)
		rc = STET_OK;
	stet_input_close(in);
	return rc;
}

struct write_ctx {
	const struct parsed *pd;
	const struct stet_predictions_opts *o;
	struct stet_predictions_result res;
	int64_t now;
};

static int write_record(struct stet_txn *txn, struct write_ctx *wc,
			const struct stet_schema *sc, struct stet_model *m,
			const struct rec *r, struct stet_buf *tmp,
			struct stet_error *err)
{
	const struct parsed *pd = wc->pd;
	struct stet_prediction p, old;
	uint64_t item;
	bool replaced;
	int rc = stet_item_find_ext(txn, r->item, &item, err);

	if (rc == STET_NOTFOUND && wc->o->ignore_unknown) {
		wc->res.unknown_items++;
		return STET_OK;
	}
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "%s:%llu: no item \"%s\" in the project (--ignore-unknown skips it)",
				      pd->file, (unsigned long long)r->line,
				      r->item);
	if (rc != STET_OK)
		return STET_ERR;
	p.version = m->version;
	p.all = r->all;
	p.n = 0;
	for (size_t i = r->first; i < r->first + r->n; i++) {
		const struct stet_label *l =
			stet_schema_find_written(sc, pd->names[i], tmp);
		uint32_t id = l ? l->id : 0;

		if (id == 0 && wc->o->ignore_unknown) {
			wc->res.unknown_labels++;
			continue;
		}
		if (id == 0)
			return stet_error_set(err, STET_ERR,
					      "%s:%llu: no label \"%s\" in the schema (--ignore-unknown skips it)",
					      pd->file,
					      (unsigned long long)r->line,
					      pd->names[i]);
		p.labels[p.n] = id;
		p.scores[p.n++] = pd->scores[i];
	}
	if (p.n == 0) {
		wc->res.emptied++;
		return STET_OK;
	}
	rc = stet_prediction_get(txn, m->id, item, &old, err);
	if (rc == STET_OK && old.version == m->version)
		return stet_error_set(err, STET_ERR,
				      "%s:%llu: item \"%s\" has a prediction earlier in the file",
				      pd->file, (unsigned long long)r->line,
				      r->item);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	if (stet_prediction_put(txn, m, item, &p, &replaced, err) != STET_OK)
		return STET_ERR;
	wc->res.records++;
	if (replaced)
		wc->res.replaced++;
	else
		wc->res.added++;
	return STET_OK;
}

static int write_all(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct write_ctx *wc = ctx;
	struct stet_schema sc;
	struct stet_model m;
	struct stet_buf tmp;
	int rc;

	memset(&wc->res, 0, sizeof wc->res);
	memset(&m, 0, sizeof m);
	stet_schema_init(&sc);
	stet_buf_init(&tmp);
	rc = stet_schema_load(txn, &sc, err);
	/* Predictions are of item labels. */
	stet_schema_keep_kind(&sc, STET_KIND_ITEM);
	if (rc == STET_OK)
		rc = stet_model_begin(txn, wc->o->model, STET_MODEL_OUTSIDE,
				      wc->now, &m, err);
	for (size_t i = 0; rc == STET_OK && i < wc->pd->nrecs; i++)
		rc = write_record(txn, wc, &sc, &m, &wc->pd->recs[i], &tmp,
				  err);
	if (rc == STET_OK && wc->res.records == 0)
		rc = stet_error_set(err, STET_ERR,
				    "%s: no prediction names an item and a label of the project",
				    wc->pd->file);
	if (rc == STET_OK)
		rc = stet_model_put(txn, &m, err);
	wc->res.version = m.version;
	stet_model_clear(&m);
	stet_buf_free(&tmp);
	stet_schema_free(&sc);
	return rc;
}

int stet_predictions_import(struct stet_store *st, const char *path,
			    const struct stet_predictions_opts *o,
			    struct stet_predictions_result *res,
			    struct stet_error *err)
{
	struct parsed pd;
	struct write_ctx wc = {.pd = &pd, .o = o};
	int rc;

	memset(res, 0, sizeof *res);
	memset(&pd, 0, sizeof pd);
	if (stet_model_name_check(o->model, err) != STET_OK)
		return STET_ERR;
	rc = parse_file(path, &pd, err);
	if (rc == STET_OK) {
		wc.now = stet_time_now_ms();
		rc = stet_store_write(st, write_all, &wc, err);
	}
	if (rc == STET_OK)
		*res = wc.res;
	parsed_free(&pd);
	return rc;
}
