#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/live.h"
#include "stet/options.h"
#include "stet/predict.h"
#include "stet/suggest.h"

const char *const stet_option_names[] = {
	"overlap", "order", "seed", "gold_rate", "gold_feedback", "lease",
	"suggest", "suggest_rate",
	"order_by", "order_model", "order_label", "explore",
	"learn", "min_labels",
};
const size_t stet_noptions =
	sizeof stet_option_names / sizeof stet_option_names[0];

void stet_options_default(struct stet_options *o)
{
	o->overlap = 1;
	o->order = STET_ORDER_SEQUENTIAL;
	o->seed = 1;
	o->gold_rate = 20;
	o->gold_feedback = true;
	o->lease_minutes = 10;
	o->suggest[0] = '\0';
	o->suggest_rate = 1;
	o->order_by = STET_BY_LEAST;
	o->order_model[0] = '\0';
	o->order_label[0] = '\0';
	o->explore_ppm = 0;
	o->learn[0] = '\0';
	o->min_labels = STET_LIVE_MIN_LABELS_DEFAULT;
}

void stet_options_order(const struct stet_options *o,
			struct stet_order_spec *spec)
{
	stet_order_spec_init(spec);
	spec->order = o->order;
	spec->seed = o->seed;
	spec->by = o->order_by;
	snprintf(spec->model, sizeof spec->model, "%s", o->order_model);
	snprintf(spec->label, sizeof spec->label, "%s", o->order_label);
	spec->explore_ppm = o->explore_ppm;
}

/* A model or label name for the predicted orders, "" for the default. */
static bool order_name(const char *value, char *out, size_t len)
{
	if (strlen(value) >= len || strpbrk(value, " \t\n\r") != NULL)
		return false;
	snprintf(out, len, "%s", value);
	return true;
}

static int whole(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A model name, or off. */
static bool parse_suggest(struct stet_options *o, const char *value)
{
	struct stet_error err = {0};

	if (stet_suggest_off(value)) {
		o->suggest[0] = '\0';
		return true;
	}
	if (strlen(value) >= sizeof o->suggest ||
	    stet_model_name_check(value, &err) != STET_OK)
		return false;
	memcpy(o->suggest, value, strlen(value) + 1);
	return true;
}

/* A share from 0 to 1, as a decimal number. */
static bool parse_rate(const char *s, double *out)
{
	char *end;
	double v;

	if ((*s < '0' || *s > '9') && *s != '.')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < 0 || v > 1)
		return false;
	*out = v;
	return true;
}

/* A model to learn (any name: it is made at the first label), or off. */
static bool parse_learn(struct stet_options *o, const char *value)
{
	struct stet_error err = {0};

	if (strcmp(value, "off") == 0) {
		o->learn[0] = '\0';
		return true;
	}
	if (strlen(value) >= sizeof o->learn ||
	    stet_model_name_check(value, &err) != STET_OK)
		return false;
	memcpy(o->learn, value, strlen(value) + 1);
	return true;
}

/* Checks value for option i and puts it in o; false when it is bad. */
static bool parse(struct stet_options *o, size_t i, const char *value)
{
	uint64_t v;

	switch (i) {
	case 0:
		if (whole(value, 1, STET_OVERLAP_MAX, &v) != 0)
			return false;
		o->overlap = (uint32_t)v;
		return true;
	case 1:
		return stet_order_parse(value, &o->order) == 0;
	case 2:
		if (whole(value, 0, UINT64_MAX, &v) != 0)
			return false;
		o->seed = v;
		return true;
	case 3:
		if (whole(value, 0, 1000000, &v) != 0 || v == 1)
			return false;
		o->gold_rate = (uint32_t)v;
		return true;
	case 4:
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
			return false;
		o->gold_feedback = strcmp(value, "on") == 0;
		return true;
	case 5:
		if (whole(value, 1, 10080, &v) != 0)
			return false;
		o->lease_minutes = (uint32_t)v;
		return true;
	case 6:
		return parse_suggest(o, value);
	case 7:
		return parse_rate(value, &o->suggest_rate);
	case 8:
		return stet_measure_parse(value, &o->order_by) == 0;
	case 9:
		return order_name(value, o->order_model, sizeof o->order_model);
	case 10:
		return order_name(value, o->order_label, sizeof o->order_label);
	case 11:
		return stet_share_parse(value, &o->explore_ppm) == 0;
	case 12:
		return parse_learn(o, value);
	case 13:
		if (whole(value, 1, 1000000, &v) != 0)
			return false;
		o->min_labels = v;
		return true;
	}
	return false;
}

static const char *const accepted[] = {
	"a whole number of annotators from 1 to 255",
	"sequential, shuffled, uncertainty or score",
	"a whole number from 0",
	"N for one gold item in N served (2 to 1000000), or 0 for none",
	"on or off",
	"whole minutes from 1 to 10080 (a week)",
	"the name of a model of the project, or off",
	"a share from 0 to 1 (0.8 shows suggestions on 80% of the items)",
	"least, margin or entropy",
	"a model's name, or \"\" for the default",
	"a label's name, or \"\" for the top label",
	"a share from 0 to 1 (0.1 or 10%)",
	"a model's name (stet's own learner, made at the first label), or off",
	"a whole number of labels from 1 to 1000000",
};

static long option_index(const char *name)
{
	for (size_t i = 0; i < stet_noptions; i++)
		if (strcmp(stet_option_names[i], name) == 0)
			return (long)i;
	return -1;
}

int stet_options_load(struct stet_txn *txn, struct stet_options *o,
		      struct stet_error *err)
{
	stet_options_default(o);
	for (size_t i = 0; i < stet_noptions; i++) {
		char key[64], value[STET_ORDER_NAME_MAX + 64];
		const char *v;
		size_t vl;
		int rc;

		snprintf(key, sizeof key, "option.%s", stet_option_names[i]);
		rc = stet_meta_get(txn, key, &v, &vl, err);
		if (rc == STET_NOTFOUND)
			continue;
		if (rc != STET_OK)
			return STET_ERR;
		if (vl >= sizeof value)
			vl = sizeof value - 1;
		memcpy(value, v, vl);
		value[vl] = '\0';
		if (!parse(o, i, value))
			return stet_error_set(err, STET_ERR,
					      "meta: option %s has a damaged value \"%s\"",
					      stet_option_names[i], value);
	}
	return STET_OK;
}

int stet_option_check(const char *name, const char *value,
		      struct stet_error *err)
{
	struct stet_options o;
	long i = option_index(name);

	if (i < 0)
		return stet_option_set(NULL, name, value, err);
	stet_options_default(&o);
	if (!parse(&o, (size_t)i, value))
		return stet_error_set(err, STET_ERR, "%s takes %s, not \"%s\"",
				      name, accepted[i], value);
	return STET_OK;
}

/* A model to suggest must be one the project has, so that stet label
 * does not fail on a misspelt name. */
static int suggest_model_check(struct stet_txn *txn, const char *name,
			       struct stet_error *err)
{
	struct stet_model m;
	int rc;

	memset(&m, 0, sizeof m);
	rc = stet_model_get(txn, name, &m, err);
	stet_model_clear(&m);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "suggest: the project has no model \"%s\" (stet info lists its models)",
				      name);
	return rc;
}

int stet_option_set(struct stet_txn *txn, const char *name,
		    const char *value, struct stet_error *err)
{
	struct stet_options o;
	long i = option_index(name);
	char key[64], text[STET_ORDER_NAME_MAX + 64];

	if (i < 0) {
		char list[256] = "";

		for (size_t k = 0; k < stet_noptions; k++) {
			strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, stet_option_names[k],
				sizeof list - strlen(list) - 1);
		}
		return stet_error_set(err, STET_ERR,
				      "no option \"%s\" (the options are: %s)",
				      name, list);
	}
	stet_options_default(&o);
	if (!parse(&o, (size_t)i, value))
		return stet_error_set(err, STET_ERR,
				      "%s takes %s, not \"%s\"", name,
				      accepted[i], value);
	if (i == 6 && o.suggest[0] != '\0' &&
	    suggest_model_check(txn, o.suggest, err) != STET_OK)
		return STET_ERR;
	/* Stored in the form it is listed in: "shuffled", not "SHUFFLED". */
	stet_option_text(&o, (size_t)i, text, sizeof text);
	snprintf(key, sizeof key, "option.%s", name);
	return stet_meta_put(txn, key, text, strlen(text), err);
}

const char *stet_option_text(const struct stet_options *o, size_t i,
			     char *buf, size_t len)
{
	switch (i) {
	case 0: snprintf(buf, len, "%" PRIu32, o->overlap); break;
	case 1: snprintf(buf, len, "%s", stet_order_name(o->order)); break;
	case 2: snprintf(buf, len, "%" PRIu64, o->seed); break;
	case 3: snprintf(buf, len, "%" PRIu32, o->gold_rate); break;
	case 4: snprintf(buf, len, "%s", o->gold_feedback ? "on" : "off"); break;
	case 5: snprintf(buf, len, "%" PRIu32, o->lease_minutes); break;
	case 6: snprintf(buf, len, "%s", o->suggest[0] ? o->suggest : "off"); break;
	case 7: snprintf(buf, len, "%g", o->suggest_rate); break;
	case 8: snprintf(buf, len, "%s", stet_measure_name(o->order_by)); break;
	case 9: snprintf(buf, len, "%s", o->order_model); break;
	case 10: snprintf(buf, len, "%s", o->order_label); break;
	case 11: snprintf(buf, len, "%g", o->explore_ppm / 1e6); break;
	case 12: snprintf(buf, len, "%s", o->learn[0] ? o->learn : "off"); break;
	case 13: snprintf(buf, len, "%" PRIu64, o->min_labels); break;
	default: snprintf(buf, len, "?"); break;
	}
	return buf;
}
