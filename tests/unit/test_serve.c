/* The queue for teams (stet/serve.h through stet/labeling.h): overlap
 * never exceeded, never an item twice, items closest to their overlap
 * first, leases that keep an item from more annotators than needed,
 * gold items at their rate with the answer checked; and eight
 * processes labeling one project at once, checked from the events. */
#include "unit.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/mix.h"
#include "stet/options.h"
#include "stet/project.h"
#include "stet/serve.h"
#include "stet/store.h"
#include "stet/timefmt.h"
#include "tmpdir.h"

struct fill {
	int items;
	const char *overlap;
	int gold_every;  /* item i is gold when i % gold_every == 0 (0: none) */
	const char *gold_rate;
};

static int fill_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct fill *f = ctx;

	if (stet_option_set(txn, "overlap", f->overlap, err) != STET_OK ||
	    stet_option_set(txn, "gold_rate", f->gold_rate, err) != STET_OK)
		return STET_ERR;
	for (int i = 1; i <= f->items; i++) {
		struct stet_item it;
		uint64_t existing;
		char text[64];
		int rc;

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		snprintf(text, sizeof text, "item number %d", i);
		it.text = stet_xstrdup(text);
		snprintf(text, sizeof text, "i%d", i);
		it.ext_id = stet_xstrdup(text);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc; /* STET_MAPFULL: the store grows, redoes */
		if (f->gold_every && i % f->gold_every == 0) {
			struct stet_gold g = {{2}, 1}; /* the answer is NEG */

			if ((rc = stet_gold_put(txn, (uint64_t)i, &g, err)) !=
			    STET_OK)
				return rc;
		}
	}
	return STET_OK;
}

static const char *make(const char *name, const struct fill *f)
{
	static char path[512];
	struct stet_store *st;
	struct stet_schema s;
	struct stet_error err = {0};

	snprintf(path, sizeof path, "%s", tmp_path(name));
	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create: %s", err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, fill_fn, (void *)f, &err) != STET_OK)
		fail_msg("fill: %s", err.msg);
	stet_store_close(st);
	return path;
}

static void lopen(struct stet_labeling *l, struct stet_store *st,
		  const char *who)
{
	struct stet_labeling_opts o = {
		.annotator = who, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.project_order = true,
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("open %s: %s", who, err.msg);
}

/* How many annotators have a standing value on item. */
static uint32_t count_of(struct stet_store *st, uint64_t item)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint32_t n = 0;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	for (uint32_t a = 1; a <= 64; a++) {
		struct stet_current cur;

		n += stet_current_get(txn, item, a, &cur, &err) == STET_OK;
	}
	stet_txn_end(txn);
	return n;
}

/* What the annotator may get now, found the slow way: the greatest
 * count among items they have not seen, below the overlap once others'
 * leases are added; -1 when there is none. */
static int best_count(struct stet_store *st, const struct stet_labeling *l,
		      int items, uint64_t except)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	int best = -1;

	for (int i = 1; i <= items; i++) {
		uint32_t c = count_of(st, (uint64_t)i), leased = 0;
		bool seen;

		if ((uint64_t)i == except)
			continue;
		assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
		assert_int_equal(stet_queue_seen(txn, &l->queue, (uint64_t)i,
						 &seen, &err), STET_OK);
		assert_int_equal(stet_lease_others(txn, (uint64_t)i,
						   l->annotator,
						   stet_time_now_ms(), &leased,
						   &err), STET_OK);
		stet_txn_end(txn);
		if (!seen && c + leased < l->options.overlap && (int)c > best)
			best = (int)c;
	}
	return best;
}

/* Five annotators take turns until nothing is left: every item ends
 * with exactly K labels, nobody labels an item twice, and every item
 * served had the greatest count an annotator could be given. */
static void overlap_and_completion_first(void **state)
{
	enum { ITEMS = 24, ANN = 5, K = 3 };
	const struct fill f = {ITEMS, "3", 0, "0"};
	const char *path = make("overlap.stet", &f);
	struct stet_store *st;
	struct stet_labeling l[ANN];
	uint64_t pos[ANN];
	bool alive[ANN], labeled[ANN][ITEMS + 1];
	struct stet_error err = {0};
	int left = ANN, served = 0;

	(void)state;
	memset(labeled, 0, sizeof labeled);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	for (int a = 0; a < ANN; a++) {
		char who[16];

		snprintf(who, sizeof who, "a%d", a);
		lopen(&l[a], st, who);
		assert_int_equal(stet_labeling_serve(&l[a], 0, &pos[a], &alive[a],
						     &err), STET_OK);
	}
	while (left > 0) {
		left = 0;
		for (int a = 0; a < ANN; a++) {
			uint32_t lab = (uint32_t)(1 + (a + served) % 3);
			uint64_t item, next;
			int want;

			if (!alive[a])
				continue;
			item = stet_queue_item(&l[a].queue, pos[a]);
			assert_false(labeled[a][item]);
			labeled[a][item] = true;
			assert_int_equal(stet_labeling_record(&l[a], pos[a],
					 STET_ACT_LABEL, &lab, 1, NULL, 100,
					 &next, &err), STET_OK);
			served++;
			assert_true(count_of(st, item) <= K);
			want = best_count(st, &l[a], ITEMS,
					  next < l[a].queue.n ?
					  stet_queue_item(&l[a].queue, next) : 0);
			if (next >= l[a].queue.n) {
				alive[a] = false;
				assert_int_equal(want, -1);
				continue;
			}
			/* The item served: among those it could be, one of the
			 * fullest. */
			assert_true((int)count_of(st, stet_queue_item(&l[a].queue,
								next)) >= want);
			pos[a] = next;
			left++;
		}
	}
	for (int i = 1; i <= ITEMS; i++)
		assert_int_equal(count_of(st, (uint64_t)i), K);
	assert_int_equal(served, ITEMS * K);
	for (int a = 0; a < ANN; a++)
		assert_int_equal(stet_labeling_close(&l[a], &err), STET_OK);
	stet_store_close(st);
}

/* With overlap 1, an item leased to one annotator is not served to
 * another until the lease ends or is given up. */
static void leases_hold_items(void **state)
{
	const struct fill f = {3, "1", 0, "0"};
	const char *path = make("lease.stet", &f);
	struct stet_store *st;
	struct stet_labeling a, b;
	struct stet_error err = {0};
	uint64_t pa, pb, pc;
	bool found;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&a, st, "ann");
	lopen(&b, st, "bob");
	assert_int_equal(stet_labeling_serve(&a, 0, &pa, &found, &err), STET_OK);
	assert_true(found);
	assert_int_equal(stet_labeling_serve(&b, 0, &pb, &found, &err), STET_OK);
	assert_true(found);
	assert_true(pa != pb);
	/* bob passes his item over; ann still holds hers. */
	assert_int_equal(stet_labeling_serve(&b, stet_queue_item(&b.queue, pb),
					     &pc, &found, &err), STET_OK);
	assert_true(found);
	assert_true(pc != pa && pc != pb);
	/* ann leaves: her item is free again. */
	assert_int_equal(stet_labeling_close(&a, &err), STET_OK);
	assert_int_equal(stet_labeling_serve(&b, stet_queue_item(&b.queue, pc),
					     &pc, &found, &err), STET_OK);
	assert_true(found);
	assert_int_equal(pc, pa);
	assert_int_equal(stet_labeling_close(&b, &err), STET_OK);
	stet_store_close(st);
}

/* Gold items come one in gold_rate, never otherwise, and a label on
 * one is checked against its answer. */
static void gold_at_its_rate(void **state)
{
	enum { ITEMS = 400 };
	const struct fill f = {ITEMS, "1", 4, "10"};
	const char *path = make("gold.stet", &f);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t pos;
	bool found;
	int gold = 0, plain = 0, checked = 0, right = 0;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ann");
	assert_int_equal(stet_labeling_serve(&l, 0, &pos, &found, &err), STET_OK);
	/* 300 plain items and 100 gold ones: at one in ten, the plain
	 * run out long before the gold. */
	while (found && plain < 200) {
		uint64_t item = stet_queue_item(&l.queue, pos), next;
		uint32_t lab = item % 8 == 0 ? 2 : 1;

		if (item % 4 == 0)
			gold++;
		else
			plain++;
		assert_int_equal(stet_labeling_record(&l, pos, STET_ACT_LABEL,
						      &lab, 1, NULL, 10, &next,
						      &err), STET_OK);
		assert_int_equal(l.checked_gold, item % 4 == 0);
		if (l.checked_gold) {
			checked++;
			right += l.checked_right;
			assert_int_equal(l.checked_right, item % 8 == 0);
			assert_int_equal(l.answer.n, 1);
			assert_int_equal(l.answer.labels[0], 2);
		}
		found = next < l.queue.n;
		pos = next;
	}
	/* About one in ten of all served (binomial: 200 plain, so ~22
	 * gold; bounds at many standard deviations). */
	assert_true(gold >= 8 && gold <= 45);
	assert_int_equal(checked, gold);
	assert_true(right > 0 && right < gold);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

/* A label on a gold item moves the counts as any label does (done
 * one up, left one down), so that the status line cannot tell gold
 * items apart; the gold items served are the quota, ceil(plain / (rate
 * - 1)), spread over the work rather than left for its end; and left
 * is 0 exactly when nothing more is served. */
static void gold_hides_in_the_counts(void **state)
{
	/* 60 items, every 3rd gold: 20 gold, 40 plain. At one gold item in
	 * five served, the quota is ceil(40 / 4) = 10 gold items. */
	enum { ITEMS = 60, PLAIN = 40, QUOTA = 10 };
	const struct fill f = {ITEMS, "1", 3, "5"};
	const char *path = make("hidden.stet", &f);
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t pos, steps = 0;
	bool found;
	int gold = 0, gold_in_first_half = 0;

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&l, st, "ann");
	assert_int_equal(l.progress.done, 0);
	assert_int_equal(l.progress.left, PLAIN + QUOTA);
	assert_int_equal(stet_labeling_serve(&l, 0, &pos, &found, &err), STET_OK);
	while (found) {
		uint64_t item = stet_queue_item(&l.queue, pos), next;
		uint32_t lab = 1;

		gold += item % 3 == 0;
		gold_in_first_half += item % 3 == 0 && steps < (PLAIN + QUOTA) / 2;
		assert_int_equal(stet_labeling_record(&l, pos, STET_ACT_LABEL,
						      &lab, 1, NULL, 10, &next,
						      &err), STET_OK);
		steps++;
		assert_int_equal(l.progress.done, steps);
		assert_int_equal(l.progress.left, PLAIN + QUOTA - steps);
		found = next < l.queue.n;
		pos = next;
	}
	assert_int_equal(steps, PLAIN + QUOTA);
	assert_int_equal(gold, QUOTA);
	/* Spread, not all at the end (a check the seed passes; the draw
	 * is deterministic). */
	assert_true(gold_in_first_half >= 2);
	assert_int_equal(l.progress.left, 0);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

/* Labeling in a map too small for the session: each action that fills
 * it is redone in a larger one, and nothing is lost. */
static void labels_grow_a_full_map(void **state)
{
	enum { ITEMS = 400 };
	const struct fill f = {ITEMS, "1", 0, "0"};
	const char *path;
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t pos;
	bool found;
	int labeled = 0;
	static char note[3000];

	(void)state;
	/* A map of 64 KiB from the start (LMDB keeps the size a file was
	 * made with), and a long note in each event: the log outgrows the
	 * map many times over. */
	memset(note, 'n', sizeof note - 1);
	setenv("STET_MAPSIZE", "65536", 1);
	path = make("grow.stet", &f);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	unsetenv("STET_MAPSIZE");
	lopen(&l, st, "ann");
	assert_int_equal(stet_labeling_serve(&l, 0, &pos, &found, &err), STET_OK);
	while (found) {
		uint32_t lab = 1;
		uint64_t next;

		if (stet_labeling_record(&l, pos, STET_ACT_LABEL, &lab, 1,
					 note, 10,
					 &next, &err) != STET_OK)
			fail_msg("label %d: %s", labeled, err.msg);
		labeled++;
		found = next < l.queue.n;
		pos = next;
	}
	assert_int_equal(labeled, ITEMS);
	{
		struct stet_store_stat ss;

		assert_int_equal(stet_store_stat(st, &ss, &err), STET_OK);
		assert_true(ss.map_bytes >= 16 * 65536); /* it did grow */
	}
	for (int i = 1; i <= ITEMS; i += 37)
		assert_int_equal(count_of(st, (uint64_t)i), 1);
	assert_int_equal(stet_labeling_close(&l, &err), STET_OK);
	stet_store_close(st);
}

/* ---- eight processes at once ---- */

enum { CITEMS = 120, CPROCS = 8, CK = 3 };

/* One annotator's process: labels what it is served until nothing is
 * left or its time is up, and reports how many labels were saved. */
static void child(const char *path, int id, int fd)
{
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_labeling_opts o = {
		.annotator = NULL, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.project_order = true,
	};
	struct stet_error err = {0};
	int64_t until = stet_time_now_ms() + 4000;
	uint64_t pos, saved = 0;
	bool found;
	char who[16];

	snprintf(who, sizeof who, "p%d", id);
	o.annotator = who;
	if (stet_project_open(path, 0, &st, &err) != STET_OK ||
	    stet_labeling_open(&l, st, &o, &err) != STET_OK ||
	    stet_labeling_serve(&l, 0, &pos, &found, &err) != STET_OK) {
		fprintf(stderr, "%s: %s\n", who, err.msg);
		_exit(2);
	}
	while (found && stet_time_now_ms() < until) {
		uint32_t lab = (uint32_t)(1 + stet_mix64(pos + (uint64_t)id) % 3);
		uint64_t next;

		if (stet_labeling_record(&l, pos, STET_ACT_LABEL, &lab, 1, NULL,
					 5, &next, &err) != STET_OK)
			_exit(3);
		saved++;
		found = next < l.queue.n;
		pos = next;
	}
	if (stet_labeling_close(&l, &err) != STET_OK)
		_exit(4);
	stet_store_close(st);
	if (write(fd, &saved, sizeof saved) != (ssize_t)sizeof saved)
		_exit(5);
	_exit(0);
}

static void eight_processes(void **state)
{
	const struct fill f = {CITEMS, "3", 0, "0"};
	const char *path = make("eight.stet", &f);
	struct stet_store *st;
	struct stet_txn *txn;
	struct stet_cursor *c;
	struct stet_error err = {0};
	struct stet_event ev;
	const void *k, *v;
	size_t kl, vl;
	uint64_t reported[CPROCS + 1], events[CPROCS + 2];
	static bool seen[CPROCS + 2][CITEMS + 1];
	uint32_t per_item[CITEMS + 1];
	int fds[CPROCS][2];
	pid_t pid[CPROCS];
	int rc;

	(void)state;
	memset(events, 0, sizeof events);
	memset(seen, 0, sizeof seen);
	memset(per_item, 0, sizeof per_item);
	for (int i = 0; i < CPROCS; i++) {
		assert_int_equal(pipe(fds[i]), 0);
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			child(path, i, fds[i][1]);
		close(fds[i][1]);
	}
	for (int i = 0; i < CPROCS; i++) {
		int status;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		assert_int_equal(read(fds[i][0], &reported[i], sizeof reported[i]),
				 (ssize_t)sizeof reported[i]);
		close(fds[i][0]);
	}
	/* From the events: every label each process saved is there, no
	 * annotator labeled an item twice, no item has more than K. */
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st, &err),
			 STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_cursor_open(txn, STET_DB_EVENTS, &c, &err), STET_OK);
	memset(&ev, 0, sizeof ev);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err)) {
		assert_int_equal(stet_event_decode(v, vl, &ev, &err), STET_OK);
		if (ev.action != STET_ACT_LABEL)
			continue;
		/* annotator 1 is the lead; the processes are 2.. */
		assert_true(ev.annotator >= 2 && ev.annotator <= CPROCS + 1);
		assert_true(ev.item >= 1 && ev.item <= CITEMS);
		assert_false(seen[ev.annotator][ev.item]);
		seen[ev.annotator][ev.item] = true;
		events[ev.annotator]++;
		per_item[ev.item]++;
	}
	assert_int_equal(rc, STET_NOTFOUND);
	stet_event_clear(&ev);
	stet_cursor_close(c);
	stet_txn_end(txn);
	{
		uint64_t total = 0, sum = 0;

		for (int i = 0; i < CPROCS; i++)
			total += reported[i];
		for (int a = 2; a <= CPROCS + 1; a++)
			sum += events[a];
		assert_int_equal(sum, total);
	}
	for (int i = 1; i <= CITEMS; i++)
		assert_true(per_item[i] <= CK);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overlap_and_completion_first),
		cmocka_unit_test(leases_hold_items),
		cmocka_unit_test(gold_at_its_rate),
		cmocka_unit_test(gold_hides_in_the_counts),
		cmocka_unit_test(labels_grow_a_full_map),
		cmocka_unit_test(eight_processes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
