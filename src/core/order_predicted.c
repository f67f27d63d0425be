/* The orders that rank a model's predictions: uncertainty (least
 * confidence, margin, entropy) and score. The ranking is made once, when
 * the queue opens, from one cursor run over the model's predictions and
 * one radix sort; items with no value follow in the tail order, and a seeded
 * share of positions draws an item at random instead. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "stet/buf.h"
#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/schema.h"
#include "stet/suggest.h"

static const char *const measures[] = {
	[STET_BY_LEAST] = "least",
	[STET_BY_MARGIN] = "margin",
	[STET_BY_ENTROPY] = "entropy",
};

int stet_measure_parse(const char *s, enum stet_measure *by)
{
	for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
		if (strcmp(s, measures[i]) == 0) {
			*by = (enum stet_measure)i;
			return 0;
		}
	return -1;
}

const char *stet_measure_name(enum stet_measure by)
{
	return (size_t)by < sizeof measures / sizeof measures[0] ?
		measures[by] : "least";
}

int stet_share_parse(const char *s, uint32_t *ppm)
{
	char *end;
	double v;

	if ((*s < '0' || *s > '9') && *s != '.')
		return -1;
	v = strtod(s, &end);
	if (end == s)
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (*end != '\0' || !(v >= 0 && v <= 1))
		return -1;
	*ppm = (uint32_t)llround(v * 1e6);
	return 0;
}

double stet_uncertainty(enum stet_measure by, const double *p, size_t n)
{
	double top = -1, second = 0, sum = 0, h = 0;

	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		sum += p[i];
		if (p[i] > top) {
			second = top < 0 ? 0 : top;
			top = p[i];
		} else if (p[i] > second) {
			second = p[i];
		}
	}
	switch (by) {
	case STET_BY_MARGIN:
		return top - second;
	case STET_BY_ENTROPY:
		if (sum <= 0)
			return 0;
		for (size_t i = 0; i < n; i++)
			if (p[i] > 0)
				h -= p[i] / sum * log(p[i] / sum);
		return h;
	default:
		return 1 - top;
	}
}

/* "a, b, c" of the models, for a message. */
static void model_list(const struct stet_model *m, size_t n, char *out,
		       size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(out, i ? ", " : "", len - strlen(out) - 1);
		strncat(out, m[i].name, len - strlen(out) - 1);
	}
}

static int no_model(struct stet_txn *txn, const struct stet_order_spec *spec,
		    const char *name, struct stet_error *err)
{
	struct stet_model *all;
	char list[512];
	size_t n;

	if (stet_models_load(txn, &all, &n, err) != STET_OK)
		return STET_ERR;
	model_list(all, n, list, sizeof list);
	if (name != NULL)
		stet_error_set(err, STET_NOTFOUND,
			       "no model \"%s\" (the models are: %s)", name,
			       n ? list : "none");
	else if (n == 0)
		stet_error_set(err, STET_NOTFOUND,
			       "the %s order needs a model's predictions, and the project has none (stet import-predictions adds them)",
			       stet_order_name(spec->order));
	else
		stet_error_set(err, STET_NOTFOUND,
			       "the project has %zu models: choose one with --model (%s)",
			       n, list);
	stet_models_free(all, n);
	return STET_NOTFOUND;
}

/* The model spec names, else the project option "suggest", else the
 * only one. */
static int resolve_model(struct stet_txn *txn,
			 const struct stet_order_spec *spec,
			 struct stet_model *m, struct stet_error *err)
{
	char name[STET_ORDER_NAME_MAX + 1];
	struct stet_model *all;
	const char *v;
	size_t vl, n;
	int rc;

	memset(m, 0, sizeof *m);
	snprintf(name, sizeof name, "%s", spec->model);
	if (name[0] == '\0') {
		rc = stet_meta_get(txn, "option.suggest", &v, &vl, err);
		if (rc != STET_OK && rc != STET_NOTFOUND)
			return STET_ERR;
		if (rc == STET_OK && vl > 0 && vl < sizeof name) {
			memcpy(name, v, vl);
			name[vl] = '\0';
		}
		if (stet_suggest_off(name))
			name[0] = '\0';
	}
	if (name[0] != '\0') {
		rc = stet_model_get(txn, name, m, err);
		return rc == STET_NOTFOUND ? no_model(txn, spec, name, err) : rc;
	}
	if (stet_models_load(txn, &all, &n, err) != STET_OK)
		return STET_ERR;
	if (n == 1) {
		*m = all[0];
		m->name = stet_xstrdup(all[0].name);
	}
	stet_models_free(all, n);
	return n == 1 ? STET_OK : no_model(txn, spec, NULL, err);
}

static int resolve_label(const struct stet_schema *s,
			 const struct stet_order_spec *spec, uint32_t *label,
			 struct stet_error *err)
{
	const struct stet_label *l;
	char list[512] = "";

	*label = 0;
	if (spec->order != STET_ORDER_SCORE || spec->label[0] == '\0')
		return STET_OK;
	if ((l = stet_schema_find(s, spec->label)) != NULL) {
		*label = l->id;
		return STET_OK;
	}
	for (size_t i = 0; i < s->nlabels; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, s->labels[i].name, sizeof list - strlen(list) - 1);
	}
	return stet_error_set(err, STET_NOTFOUND,
			      "no label \"%s\" (the labels are: %s)",
			      spec->label, list);
}

int stet_order_check(struct stet_txn *txn, const struct stet_order_spec *spec,
		     struct stet_error *err)
{
	struct stet_schema s;
	struct stet_model m;
	uint32_t label;
	int rc;

	if (!stet_order_predicted(spec->order))
		return STET_OK;
	if ((rc = resolve_model(txn, spec, &m, err)) != STET_OK)
		return rc;
	stet_model_clear(&m);
	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = resolve_label(&s, spec, &label, err);
	stet_schema_free(&s);
	return rc;
}

/* The order's value of a prediction, NaN when it gives none. In a
 * single-label schema, scores that name fewer labels than the schema
 * has leave 1 - their sum to the labels not named, as one more outcome:
 * a binary model's {"label": "SPAM", "score": 0.8} is (0.8, 0.2). */
static double value_of(const struct stet_queue *q,
		       const struct stet_schema *s,
		       const struct stet_prediction *p)
{
	double d[STET_MAX_LABELS + 1], sum = 0;
	size_t n = p->n;

	if (q->order == STET_ORDER_SCORE) {
		uint32_t top;

		if (q->label == 0)
			return p->n ? stet_prediction_top(p, &top) : NAN;
		for (size_t i = 0; i < p->n; i++)
			if (p->labels[i] == q->label)
				return p->scores[i];
		return NAN;
	}
	for (size_t i = 0; i < n; i++)
		sum += d[i] = p->scores[i];
	if (!s->multi && n > 0 && n < s->nlabels && sum < 1)
		d[n++] = 1 - sum;
	return stet_uncertainty(q->by, d, n);
}

struct ranked {
	uint64_t key; /* smaller first */
	uint64_t item;
};

/* x as a key that sorts larger values first: the bits of a double,
 * sign-flipped so that they compare as unsigned integers, inverted. */
static uint64_t key_of(double x)
{
	uint64_t u;

	if (x == 0)
		x = 0; /* -0 ties with 0 */
	memcpy(&u, &x, sizeof u);
	u = u >> 63 ? ~u : u | (uint64_t)1 << 63;
	return ~u;
}

/* A stable radix sort by key, 16 bits a pass: items come in id order
 * from the cursor, so equal keys stay in id order. O(n), where a
 * comparison sort took most of the time a queue takes to open. */
static void sort_ranked(struct ranked *r, size_t n)
{
	struct ranked *tmp = stet_xmalloc((n ? n : 1) * sizeof *tmp), *a = r,
		      *b = tmp;
	size_t *count = stet_xmalloc(65536 * sizeof *count);

	for (unsigned shift = 0; shift < 64; shift += 16) {
		size_t sum = 0;
		bool one = true;

		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[a[i].key >> shift & 0xffff]++;
		for (size_t d = 0; d < 65536 && one; d++)
			one = count[d] == 0 || count[d] == n;
		if (one)
			continue; /* every key has this digit */
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[a[i].key >> shift & 0xffff]++] = a[i];
		a = b;
		b = a == r ? tmp : r;
	}
	if (a != r)
		memcpy(r, a, n * sizeof *r);
	free(tmp);
	free(count);
}

/* One run over the model's predictions: each item's value (by item,
 * NaN none) and the items with one, ranked. */
static int read_values(struct stet_txn *txn, const struct stet_queue *q,
		       double *value, struct ranked *r, size_t *nr,
		       struct stet_error *err)
{
	unsigned char from[STET_PREDICTION_KEY];
	struct stet_cursor *c;
	struct stet_schema s;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	*nr = 0;
	stet_schema_init(&s);
	if (stet_schema_load(txn, &s, err) != STET_OK)
		return STET_ERR;
	if (stet_cursor_open(txn, STET_DB_PREDICTIONS, &c, err) != STET_OK) {
		stet_schema_free(&s);
		return STET_ERR;
	}
	stet_prediction_key(from, q->model, 0);
	for (rc = stet_cursor_seek(c, from, 4, &k, &kl, &v, &vl, err);
	     rc == STET_OK && kl == STET_PREDICTION_KEY && memcmp(k, from, 4) == 0;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		uint64_t item = stet_get_u64be((const unsigned char *)k + 4);
		struct stet_prediction p;
		double x;

		if (item == 0 || item > q->n)
			continue;
		if (stet_prediction_decode(v, vl, &p, err) != STET_OK) {
			stet_error_prefix(err, "prediction of model %u on item %llu",
					  q->model, (unsigned long long)item);
			rc = STET_ERR;
			break;
		}
		x = value_of(q, &s, &p);
		if (isnan(x))
			continue;
		value[item - 1] = x;
		r[*nr].key = key_of(q->order == STET_ORDER_UNCERTAINTY &&
				    q->by == STET_BY_MARGIN ? -x : x);
		r[(*nr)++].item = item;
	}
	stet_cursor_close(c);
	stet_schema_free(&s);
	if (rc == STET_ERR)
		return STET_ERR;
	sort_ranked(r, *nr);
	return STET_OK;
}

/* Whether position pos is an explore draw. */
static bool explore_at(const struct stet_queue *q, uint64_t pos)
{
	return q->explore_ppm > 0 &&
		stet_mix64(stet_mix64(q->seed ^ 0xa0761d6478bd642fULL) + pos) %
		1000000 < q->explore_ppm;
}

/* The ranked items, then those with no value in the tail order; merged
 * with the explore draws, each an item chosen at random among those not
 * yet placed. The items not yet placed are kept in pool, where poss
 * holds each one's index until it is placed (then its position), so
 * that a draw and a removal are O(1) and no draw is ever retried. */
static int rank(struct stet_txn *txn, struct stet_queue *q,
		struct stet_error *err)
{
	size_t n = q->n ? q->n : 1, nr, io = 0;
	double *value = stet_xmalloc(n * sizeof *value);
	struct ranked *r = stet_xmalloc(n * sizeof *r);
	uint64_t *ord = stet_xmalloc(n * sizeof *ord);
	uint64_t *pool = stet_xmalloc(n * sizeof *pool), left = q->n;
	uint8_t *placed = stet_xcalloc(n, 1);
	uint64_t draws = stet_mix64(q->seed ^ 0xe7037ed1a0b428dbULL);
	int rc;

	q->items = stet_xmalloc(n * sizeof *q->items);
	q->poss = stet_xmalloc(n * sizeof *q->poss);
	q->values = stet_xmalloc(n * sizeof *q->values);
	q->explored = stet_xcalloc(n, 1);
	for (uint64_t i = 0; i < q->n; i++) {
		value[i] = NAN;
		pool[i] = i + 1;
		q->poss[i] = i;
	}
	rc = read_values(txn, q, value, r, &nr, err);
	for (size_t i = 0; rc == STET_OK && i < nr; i++)
		ord[io++] = r[i].item;
	for (uint64_t pos = 0; rc == STET_OK && pos < q->n; pos++) {
		uint64_t it = (q->tail == STET_ORDER_SHUFFLED ?
			       stet_queue_permute(q, pos, false) : pos) + 1;

		if (isnan(value[it - 1]))
			ord[io++] = it;
	}
	io = 0;
	for (uint64_t pos = 0; rc == STET_OK && pos < q->n; pos++) {
		uint64_t it, last;

		q->explored[pos] = explore_at(q, pos);
		if (q->explored[pos]) {
			it = pool[stet_mix64(draws + pos) % left];
		} else {
			while (placed[ord[io] - 1])
				io++;
			it = ord[io++];
		}
		last = pool[--left];
		pool[q->poss[it - 1]] = last;
		q->poss[last - 1] = q->poss[it - 1];
		placed[it - 1] = 1;
		q->items[pos] = it;
		q->poss[it - 1] = pos;
		q->values[pos] = value[it - 1];
	}
	free(value);
	free(r);
	free(ord);
	free(pool);
	free(placed);
	return rc;
}

int stet_order_rank(struct stet_txn *txn, struct stet_queue *q,
		    const struct stet_order_spec *spec,
		    struct stet_error *err)
{
	struct stet_schema s;
	struct stet_model m;
	int rc;

	if ((rc = resolve_model(txn, spec, &m, err)) != STET_OK)
		return rc;
	q->model = m.id;
	q->version = m.version;
	stet_model_clear(&m);
	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = resolve_label(&s, spec, &q->label, err);
	stet_schema_free(&s);
	if (rc != STET_OK)
		return rc;
	q->by = spec->by;
	q->explore_ppm = spec->explore_ppm;
	q->tail = spec->tail == STET_ORDER_SHUFFLED ? STET_ORDER_SHUFFLED :
		STET_ORDER_SEQUENTIAL;
	return rank(txn, q, err);
}

void stet_order_ranked_mark(const struct stet_queue *q, char *out, size_t len)
{
	char arg[16];

	if (q->order == STET_ORDER_SCORE)
		snprintf(arg, sizeof arg, "%u", q->label);
	else
		snprintf(arg, sizeof arg, "%s", stet_measure_name(q->by));
	snprintf(out, len, "%s.%s.%u.%llu.x%u.%s.%llu",
		 stet_order_name(q->order), arg, q->model,
		 (unsigned long long)q->version, q->explore_ppm,
		 stet_order_name(q->tail), (unsigned long long)q->seed);
}

/* The model with id, if it stands at version. */
static int model_at(struct stet_txn *txn, uint32_t id,
		    unsigned long long version, bool *at,
		    struct stet_error *err)
{
	struct stet_model *all;
	size_t n;

	*at = false;
	if (stet_models_load(txn, &all, &n, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < n; i++)
		*at |= all[i].id == id && all[i].version == version;
	stet_models_free(all, n);
	return STET_OK;
}

int stet_order_open_ranked_mark(struct stet_txn *txn, const char *part,
				struct stet_queue *q, bool *usable,
				struct stet_error *err)
{
	char order[16], arg[32], tail[16], extra;
	unsigned long long version, seed;
	unsigned model, ppm;
	enum stet_order o, t;
	enum stet_measure by = STET_BY_LEAST;
	unsigned long label = 0;
	bool at;

	*usable = false;
	if (sscanf(part, "%15[a-z].%31[a-z0-9].%u.%llu.x%u.%15[a-z].%llu%c",
		   order, arg, &model, &version, &ppm, tail, &seed,
		   &extra) != 7 ||
	    stet_order_parse(order, &o) != 0 || !stet_order_predicted(o) ||
	    stet_order_parse(tail, &t) != 0 || stet_order_predicted(t) ||
	    ppm > 1000000)
		return STET_OK;
	if (o == STET_ORDER_SCORE)
		label = strtoul(arg, NULL, 10);
	else if (stet_measure_parse(arg, &by) != 0)
		return STET_OK;
	if (model_at(txn, model, version, &at, err) != STET_OK)
		return STET_ERR;
	if (!at)
		return STET_OK;
	if (stet_queue_open(txn, q, STET_ORDER_SEQUENTIAL, seed, 0, err) !=
	    STET_OK)
		return STET_ERR;
	q->order = o;
	q->by = by;
	q->model = model;
	q->version = version;
	q->label = (uint32_t)label;
	q->explore_ppm = ppm;
	q->tail = t;
	if (rank(txn, q, err) != STET_OK) {
		stet_queue_close(q);
		return STET_ERR;
	}
	*usable = true;
	return STET_OK;
}
