/* The span agreement arithmetic on a big study, for
 * tests/bench/span_agree_bench.py (which runs it, says what it measures
 * and holds it against the same computation in pure Python):
 *
 *   span_agree_bench WORKDIR [ITEMS [SEED]]
 *
 * Makes a study of ITEMS items (default 100,000), 3 annotators and 4
 * labels with a fixed seed: each item 20 to 70 tokens of 4 code points,
 * a latent set of about 11 spans of 1 to 3 tokens, and each annotator's
 * set that latent one with noise (a span dropped, relabelled, shortened
 * or lengthened by a token; now and then one added anywhere, which may
 * overlap; now and then an end that cuts its token), about 10 spans an
 * annotator. Writes it to WORKDIR/span_study.txt, one item a line:
 *
 *   LENGTH NTOKENS|S,E,L,TS,TE S,E,L,TS,TE ...|...   ("-" for no set)
 *
 * then runs stet_span_agree on it in memory RUNS times (default 5;
 * STET_BENCH_SPAN_RUNS) and prints "time MEDIAN_S MIN_S", "cpu
 * MEDIAN_S" (CPU time) and "spans N",
 * and writes the figures to WORKDIR/span_c.json for the comparison. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/span_agree.h"
#include "timing.h"

#define RATERS 3
#define LABELS 4

static uint64_t rng(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unit(uint64_t *s)
{
	return (double)(rng(s) >> 11) / 9007199254740992.0;
}

static void add(struct stet_span_set *s, uint32_t ts, uint32_t te,
		uint32_t label, int cut)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (s->v == NULL) {
			fprintf(stderr, "span_agree_bench: out of memory\n");
			exit(1);
		}
	}
	s->v[s->n++] = (struct stet_span){4 * ts, 4 * te - 1 - (uint32_t)cut,
					  label, ts, te};
}

/* The CPU time of this process: on a machine shared with other work,
 * steadier than the wall clock for a computation on one thread. */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void num(FILE *f, double x)
{
	if (isfinite(x))
		fprintf(f, "%.17g", x);
	else
		fputs("null", f);
}

int main(int argc, char **argv)
{
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 20240601;
	const char *e = getenv("STET_BENCH_SPAN_RUNS");
	int runs = e ? atoi(e) : 5;
	struct stet_span_item *items;
	struct stet_span_set *sets;
	const struct stet_span_set **ptrs;
	struct stet_span_study st;
	struct stet_span_agreement ag;
	double *t, *cpu;
	uint64_t nspans = 0;
	char path[4096];
	FILE *f;

	if (argc < 2 || n == 0 || runs < 1) {
		fprintf(stderr, "usage: span_agree_bench WORKDIR [ITEMS [SEED]]\n");
		return 2;
	}
	items = calloc(n, sizeof *items);
	sets = calloc(n * RATERS, sizeof *sets);
	ptrs = calloc(n * RATERS, sizeof *ptrs);
	t = calloc((size_t)runs, sizeof *t);
	cpu = calloc((size_t)runs, sizeof *cpu);
	if (items == NULL || sets == NULL || ptrs == NULL || t == NULL ||
	    cpu == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t ntok = 20 + (uint32_t)(rng(&seed) % 51);
		uint32_t tru[64][3], nt = 0;

		for (uint32_t k = 0; k < ntok && nt < 64;) {
			if (unit(&seed) < 0.5) {
				uint32_t w = 1 + (uint32_t)(rng(&seed) % 3);
				uint32_t te = k + w < ntok ? k + w : ntok;

				tru[nt][0] = k;
				tru[nt][1] = te;
				tru[nt][2] = (uint32_t)(rng(&seed) % LABELS);
				nt++;
				k += w + 1;
			} else {
				k++;
			}
		}
		items[i].length = 4 * ntok;
		items[i].ntokens = ntok;
		items[i].sets = ptrs + i * RATERS;
		for (size_t r = 0; r < RATERS; r++) {
			struct stet_span_set *s = &sets[i * RATERS + r];

			for (uint32_t k = 0; k < nt; k++) {
				uint32_t ts = tru[k][0], te = tru[k][1], l = tru[k][2];

				if (unit(&seed) < 0.12)
					continue;
				if (unit(&seed) < 0.06)
					l = (uint32_t)(rng(&seed) % LABELS);
				if (unit(&seed) < 0.08 && te - ts > 1)
					te--;
				else if (unit(&seed) < 0.05 && te < ntok)
					te++;
				add(s, ts, te, l, unit(&seed) < 0.02);
			}
			if (unit(&seed) < 0.3) {
				uint32_t ts = (uint32_t)(rng(&seed) % ntok);
				uint32_t te = ts + 1 + (uint32_t)(rng(&seed) % 3);

				add(s, ts, te < ntok ? te : ntok,
				    (uint32_t)(rng(&seed) % LABELS), 0);
			}
			nspans += s->n;
			ptrs[i * RATERS + r] = s;
		}
	}
	snprintf(path, sizeof path, "%s/span_study.txt", argv[1]);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%" PRIu32 " %" PRIu32, items[i].length, items[i].ntokens);
		for (size_t r = 0; r < RATERS; r++) {
			const struct stet_span_set *s = items[i].sets[r];

			fputc('|', f);
			for (size_t k = 0; k < s->n; k++)
				fprintf(f, "%s%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32,
					k ? " " : "", s->v[k].start, s->v[k].end,
					s->v[k].label, s->v[k].tok_start, s->v[k].tok_end);
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	st = (struct stet_span_study){n, RATERS, LABELS, items};
	for (int k = 0; k < runs; k++) {
		double t0 = now_s(), c0 = cpu_s();

		stet_span_agree(&st, &ag);
		t[k] = now_s() - t0;
		cpu[k] = cpu_s() - c0;
		if (k + 1 < runs)
			stet_span_agreement_free(&ag);
	}
	snprintf(path, sizeof path, "%s/span_c.json", argv[1]);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		return 1;
	}
	fputs("{\"pairs\": [", f);
	for (size_t k = 0; k < ag.npairs; k++) {
		const struct stet_span_pair *p = &ag.pairs[k];

		fprintf(f, "%s{\"a\": %zu, \"b\": %zu, \"items\": %" PRIu64
			", \"na\": %" PRIu64 ", \"nb\": %" PRIu64 ", \"exact\": %" PRIu64
			", \"partial\": %" PRIu64 ", \"label_exact\": [",
			k ? ", " : "", p->a, p->b, p->items, p->all.a, p->all.b,
			p->all.exact, p->all.partial);
		for (size_t c = 0; c < LABELS; c++)
			fprintf(f, "%s%" PRIu64, c ? ", " : "", p->label[c].exact);
		fputs("], \"label_partial\": [", f);
		for (size_t c = 0; c < LABELS; c++)
			fprintf(f, "%s%" PRIu64, c ? ", " : "", p->label[c].partial);
		fputs("], \"kappa_all\": ", f);
		num(f, p->kappa_all);
		fputs(", \"kappa_marked\": ", f);
		num(f, p->kappa_marked);
		fputs("}", f);
	}
	fputs("], \"ualpha\": ", f);
	num(f, ag.ualpha);
	fputs(", \"ualpha_label\": [", f);
	for (size_t c = 0; c < LABELS; c++) {
		fputs(c ? ", " : "", f);
		num(f, ag.ualpha_label[c].alpha);
	}
	fputs("]}\n", f);
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	{
		double lo = t[0];

		for (int k = 1; k < runs; k++)
			lo = t[k] < lo ? t[k] : lo;
		printf("time %.6f %.6f\ncpu %.6f\nspans %" PRIu64 "\n",
		       pct(t, (size_t)runs, 0.5), lo,
		       pct(cpu, (size_t)runs, 0.5), nspans);
	}
	stet_span_agreement_free(&ag);
	for (size_t i = 0; i < n * RATERS; i++)
		free(sets[i].v);
	free(sets);
	free(ptrs);
	free(items);
	free(t);
	free(cpu);
	return 0;
}
