/* Spans through stet clone and stet merge: the copy takes the
 * annotator's span sets, and a merge of the spans made offline leaves
 * the project as if they had been made in it, with the undos remapped,
 * each spans event's replaced recomputed and a conflict reported when
 * both sides changed a set. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/merge.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/spans.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "tmpdir.h"

/* The schema: Keep (1, an item label), PER (2) and LOC (3), spans. */
enum { KEEP = 1, PER = 2, LOC = 3 };

struct step {
	const char *who;
	enum stet_action action;
	uint64_t item;
	uint32_t label;  /* SPANS: one span [0, 4) of it; 0: the empty set */
	int target;      /* UNDO: the index of the step undone */
};

struct apply_ctx {
	const struct step *s;
	size_t n;
	int64_t t0;
	uint64_t ids[16];
};

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	(void)ctx;
	for (int i = 1; i <= 3; i++) {
		struct stet_item it;
		char buf[32];
		uint64_t existing;
		int rc;

		stet_item_init(&it);
		snprintf(buf, sizeof buf, "Rome and Paris %d", i);
		it.text = stet_xstrdup(buf);
		snprintf(buf, sizeof buf, "s%d", i);
		it.ext_id = stet_xstrdup(buf);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static struct stet_store *project(const char *name)
{
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "Keep", &err), STET_OK);
	assert_int_equal(stet_schema_from_list_kind(&s, "PER,LOC",
						    STET_KIND_SPAN, &err),
			 STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

static int apply_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct apply_ctx *ac = ctx;

	for (size_t i = 0; i < ac->n; i++) {
		const struct step *sp = &ac->s[i];
		struct stet_session se;
		struct stet_event ev;
		bool created;
		int rc;

		memset(&ev, 0, sizeof ev);
		memset(&se, 0, sizeof se);
		ev.time_ms = ac->t0 + 1000 * (int64_t)i;
		if (stet_annotator_ensure(txn, sp->who, STET_ROLE_ANNOTATOR,
					  &ev.annotator, &created, err) != STET_OK)
			return STET_ERR;
		se.annotator = ev.annotator;
		se.start_ms = se.end_ms = ev.time_ms;
		se.schema_version = 1;
		if (stet_session_add(txn, &se, err) != STET_OK)
			return STET_ERR;
		ev.session = se.id;
		ev.action = sp->action;
		ev.item = sp->item;
		ev.schema_version = 1;
		if (sp->action == STET_ACT_SPANS) {
			ev.has_spans = true;
			ev.spans = stet_xmalloc(sizeof *ev.spans);
			ev.spans[0] = (struct stet_span){0, 4, sp->label, 0, 0};
			ev.nspans = sp->label != 0;
		}
		if (sp->action == STET_ACT_UNDO)
			ev.target = ac->ids[sp->target];
		rc = stet_event_append(txn, &ev, err);
		ac->ids[i] = ev.id;
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void apply(struct stet_store *st, const struct step *s, size_t n,
		  int64_t t0)
{
	struct apply_ctx ac = {s, n, t0, {0}};
	struct stet_error err = {0};

	if (stet_store_write(st, apply_fn, &ac, &err) != STET_OK)
		fail_msg("apply: %s", err.msg);
}

/* "ITEM/ANNOTATOR-NAME:START-END=LABEL ..." of every standing set. */
struct dump_ctx {
	struct stet_buf *b;
	struct stet_annotator *list;
};

static int dump_one(void *ctx, uint64_t item, uint32_t annotator,
		    struct stet_span_set *s, uint64_t event,
		    struct stet_error *err)
{
	struct dump_ctx *d = ctx;

	(void)err;
	(void)event;
	stet_buf_printf(d->b, "%llu/%s:", (unsigned long long)item,
			d->list[annotator - 1].name);
	for (size_t i = 0; i < s->n; i++)
		stet_buf_printf(d->b, " %u-%u=%u", s->v[i].start, s->v[i].end,
				s->v[i].label);
	stet_buf_addc(d->b, '\n');
	return STET_OK;
}

static char *dump(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	struct stet_buf b;
	struct dump_ctx d = {&b, NULL};
	size_t n;

	stet_buf_init(&b);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_annotators_load(txn, &d.list, &n, &err), STET_OK);
	assert_int_equal(stet_spans_each(txn, dump_one, &d, &err), STET_OK);
	stet_txn_end(txn);
	stet_annotators_free(d.list, n);
	stet_buf_addc(&b, '\0');
	return b.data;
}

static void verified(struct stet_store *st)
{
	struct stet_verify_report rep;
	struct stet_error err = {0};

	assert_int_equal(stet_verify(st, 10, &rep, &err), STET_OK);
	for (size_t i = 0; i < rep.nfindings; i++)
		fprintf(stderr, "# %s\n", rep.findings[i].msg);
	assert_int_equal(rep.total, 0);
	stet_verify_report_free(&rep);
}

static const struct step before[] = {
	{"ana", STET_ACT_SPANS, 1, PER, 0},
	{"bo", STET_ACT_SPANS, 1, LOC, 0},
};
/* Online, after the clone: bo again, and ana on item 3 (a conflict). */
static const struct step online[] = {
	{"bo", STET_ACT_SPANS, 2, PER, 0},
	{"ana", STET_ACT_SPANS, 3, LOC, 0},
};
/* Offline, ana: a new set replacing the cloned one, spans on item 2
 * then all deleted and that undone, spans on item 3. */
static const struct step offline[] = {
	{"ana", STET_ACT_SPANS, 1, LOC, 0},
	{"ana", STET_ACT_SPANS, 2, PER, 0},
	{"ana", STET_ACT_SPANS, 2, 0, 0},
	{"ana", STET_ACT_UNDO, 2, 0, 2},
	{"ana", STET_ACT_SPANS, 3, PER, 0},
};
#define N(a) (sizeof (a) / sizeof *(a))

static void spans_merge_as_if_made_in_the_project(void **state)
{
	struct stet_store *m = project("m.stet"), *t = project("t.stet"), *c;
	struct stet_clone_opts o = {.annotator = "ana"};
	struct stet_clone_result cres;
	struct stet_merge_result res;
	struct stet_error err = {0};
	char *a, *b;

	(void)state;
	apply(m, before, N(before), 1700000000000LL);
	unlink(tmp_path("c.stet"));
	if (stet_clone(m, tmp_path("c.stet"), &o, &cres, &err) != STET_OK)
		fail_msg("clone: %s", err.msg);
	assert_int_equal(stet_project_open(tmp_path("c.stet"), 0, &c, &err),
			 STET_OK);
	/* The copy holds ana's set alone. */
	a = dump(c);
	assert_string_equal(a, "1/ana: 0-4=2\n");
	free(a);
	apply(m, online, N(online), 1700000100000LL);
	apply(c, offline, N(offline), 1700000050000LL);
	verified(c);

	if (stet_merge(m, c, false, &res, &err) != STET_OK)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(res.merged, N(offline));
	assert_int_equal(res.nconflicts, 1);
	assert_string_equal(res.conflicts[0].item, "s3");
	assert_string_equal(res.conflicts[0].annotator, "ana");
	stet_merge_result_free(&res);
	verified(m);

	/* The twin: the same steps made in one project. */
	apply(t, before, N(before), 1700000000000LL);
	apply(t, online, N(online), 1700000100000LL);
	apply(t, offline, N(offline), 1700000050000LL);
	a = dump(m);
	b = dump(t);
	/* Item 2: ana's undo brought PER back; item 3: the copy's set was
	 * appended last, so it stands. */
	assert_string_equal(a, "1/ana: 0-4=3\n1/bo: 0-4=3\n2/ana: 0-4=2\n"
			       "2/bo: 0-4=2\n3/ana: 0-4=2\n");
	assert_string_equal(a, b);
	free(b);

	/* Again: nothing more. */
	if (stet_merge(m, c, false, &res, &err) != STET_OK)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(res.merged, 0);
	stet_merge_result_free(&res);
	b = dump(m);
	assert_string_equal(a, b);
	free(a);
	free(b);
	stet_store_close(c);
	stet_store_close(t);
	stet_store_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spans_merge_as_if_made_in_the_project),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
