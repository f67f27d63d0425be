/* span_agree_fit STUDY.json: every figure of stet/span_agree.h on a
 * study read from JSON, written to stdout as JSON, for
 * tests/cli/span_agree_oracle.py to hold against scikit-learn and its
 * own arithmetic.
 *
 * In:  {"raters": R, "labels": C, "items": [{"length": L, "ntokens": T,
 *       "sets": [null or [[start, end, label, tok_start, tok_end], ...],
 *       one per rater]}, ...]}
 * Out: {"pairs": [{"a", "b", "items", "na", "nb", "exact", "partial",
 *       "kappa_all", "kappa_marked", "tokens_all", "tokens_marked"}],
 *       "kappa_all", "kappa_marked", "ualpha", "ualpha_items",
 *       "ualpha_label": [{"d_o", "d_e", "alpha"}]} with NaN as null. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "stet/span_agree.h"

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static int load_set(json_t *js, struct stet_span_set *s)
{
	size_t k;
	json_t *sp;

	s->n = s->cap = json_array_size(js);
	s->v = calloc(s->n + 1, sizeof *s->v);
	if (s->v == NULL)
		return -1;
	json_array_foreach(js, k, sp) {
		if (json_array_size(sp) != 5)
			return -1;
		s->v[k].start = (uint32_t)json_integer_value(json_array_get(sp, 0));
		s->v[k].end = (uint32_t)json_integer_value(json_array_get(sp, 1));
		s->v[k].label = (uint32_t)json_integer_value(json_array_get(sp, 2));
		s->v[k].tok_start = (uint32_t)json_integer_value(json_array_get(sp, 3));
		s->v[k].tok_end = (uint32_t)json_integer_value(json_array_get(sp, 4));
	}
	return 0;
}

int main(int argc, char **argv)
{
	json_error_t jerr;
	json_t *in, *jitems, *out, *pairs, *ul;
	struct stet_span_study st;
	struct stet_span_item *items;
	struct stet_span_set *sets;
	const struct stet_span_set **ptrs;
	struct stet_span_agreement ag;
	size_t R, n;

	if (argc != 2) {
		fprintf(stderr, "usage: span_agree_fit STUDY.json\n");
		return 2;
	}
	if ((in = json_load_file(argv[1], 0, &jerr)) == NULL) {
		fprintf(stderr, "span_agree_fit: %s:%d: %s\n", argv[1], jerr.line,
			jerr.text);
		return 1;
	}
	R = (size_t)json_integer_value(json_object_get(in, "raters"));
	jitems = json_object_get(in, "items");
	n = json_array_size(jitems);
	items = calloc(n + 1, sizeof *items);
	sets = calloc(n * R + 1, sizeof *sets);
	ptrs = calloc(n * R + 1, sizeof *ptrs);
	if (items == NULL || sets == NULL || ptrs == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(jitems, i);
		json_t *js = json_object_get(it, "sets");

		items[i].length = (uint32_t)json_integer_value(json_object_get(it, "length"));
		items[i].ntokens = (uint32_t)json_integer_value(json_object_get(it, "ntokens"));
		items[i].sets = ptrs + i * R;
		for (size_t r = 0; r < R; r++) {
			json_t *one = json_array_get(js, r);

			if (json_is_null(one))
				continue;
			if (load_set(one, &sets[i * R + r]) != 0) {
				fprintf(stderr, "span_agree_fit: %s: item %zu: a span is not [start, end, label, tok_start, tok_end]\n",
					argv[1], i);
				return 1;
			}
			ptrs[i * R + r] = &sets[i * R + r];
		}
	}
	st.nitems = n;
	st.nraters = R;
	st.nlabels = (size_t)json_integer_value(json_object_get(in, "labels"));
	st.items = items;
	stet_span_agree(&st, &ag);
	pairs = json_array();
	for (size_t k = 0; k < ag.npairs; k++) {
		const struct stet_span_pair *p = &ag.pairs[k];

		json_array_append_new(pairs, json_pack(
			"{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:I,s:I}",
			"a", (json_int_t)p->a, "b", (json_int_t)p->b,
			"items", (json_int_t)p->items,
			"na", (json_int_t)p->all.a, "nb", (json_int_t)p->all.b,
			"exact", (json_int_t)p->all.exact,
			"partial", (json_int_t)p->all.partial,
			"kappa_all", num(p->kappa_all),
			"kappa_marked", num(p->kappa_marked),
			"tokens_all", (json_int_t)p->tokens_all,
			"tokens_marked", (json_int_t)p->tokens_marked));
	}
	ul = json_array();
	for (size_t c = 0; c < ag.nlabels; c++)
		json_array_append_new(ul, json_pack("{s:o,s:o,s:o}",
			"d_o", num(ag.ualpha_label[c].d_o),
			"d_e", num(ag.ualpha_label[c].d_e),
			"alpha", num(ag.ualpha_label[c].alpha)));
	out = json_pack("{s:o,s:o,s:o,s:o,s:I,s:o}", "pairs", pairs,
			"kappa_all", num(ag.kappa_all),
			"kappa_marked", num(ag.kappa_marked),
			"ualpha", num(ag.ualpha),
			"ualpha_items", (json_int_t)ag.ualpha_items,
			"ualpha_label", ul);
	json_dumpf(out, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
	putchar('\n');
	json_decref(out);
	json_decref(in);
	stet_span_agreement_free(&ag);
	for (size_t i = 0; i < n * R; i++)
		free(sets[i].v);
	free(sets);
	free(ptrs);
	free(items);
	return 0;
}
