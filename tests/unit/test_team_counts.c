/* A team labeling at once: each session's counts (done, left) follow
 * what the others did by replaying their events, before each of its
 * own actions and in a pause, instead of counting every label again;
 * they are what a fresh count says whenever they claim to be up to
 * date, and an event the replay cannot take (an undo) leaves them to
 * the pause's full count. */
#include "unit.h"

#include "queue_world.h"

static uint64_t last_of(struct stet_store *st)
{
	return last_event(st);
}

/* l's counts against a count made now, from scratch. */
static void exact(struct stet_store *st, const struct stet_labeling *l,
		  const char *when)
{
	struct stet_progress p;
	struct stet_txn *txn;
	struct stet_error err = {0};

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_progress_count(txn, l->queue.n, l->annotator,
					     l->options.overlap,
					     l->options.gold_rate, &p, &err),
			 STET_OK);
	stet_txn_end(txn);
	if (l->progress.done != p.done || l->progress.left != p.left)
		fail_msg("%s: counts %llu done, %llu left; a fresh count says "
			 "%llu, %llu", when,
			 (unsigned long long)l->progress.done,
			 (unsigned long long)l->progress.left,
			 (unsigned long long)p.done, (unsigned long long)p.left);
}

static void skip_item(struct stet_labeling *l, uint64_t item)
{
	struct stet_error err = {0};
	uint64_t next;

	if (stet_labeling_record(l, stet_queue_pos(&l->queue, item),
				 STET_ACT_SKIP, NULL, 0, NULL, 100, &next,
				 &err) != STET_OK)
		fail_msg("skip %llu: %s", (unsigned long long)item, err.msg);
}

static void pause_now(struct stet_labeling *l)
{
	struct stet_error err = {0};

	assert_int_equal(stet_labeling_progress(l, &err), STET_OK);
}

/* Three annotators, 12 items, overlap 2, no gold: they label in turn,
 * never pausing. After each action the one who acted holds counts
 * that are up to date (the write replayed the others' events before
 * its own) and exact: with 12 items at overlap 2, an item two others
 * finished is no longer left for the third. */
static void counts_follow_the_team_without_a_pause(void **state)
{
	struct fill f = {12, "2", "sequential", 0};
	struct stet_labeling l[3];
	uint64_t on[3];
	struct stet_store *st;
	struct stet_error err = {0};
	const char *path = make("team_counts.stet", &f, false);

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	for (int a = 0; a < 3; a++) {
		char who[8];

		snprintf(who, sizeof who, "t%d", a);
		lopen(&l[a], st, who);
		on[a] = serve(&l[a], 0);
	}
	for (int step = 0; step < 15; step++) {
		int a = step % 3;

		if (on[a] == 0)
			continue;
		if (step == 7) {
			skip_item(&l[a], on[a]);
			on[a] = serve(&l[a], on[a]);
		} else {
			on[a] = label(&l[a], on[a], (uint32_t)(1 + step % 2));
		}
		assert_int_equal(l[a].progress_at, last_of(st));
		exact(st, &l[a], "after an action");
	}
	/* The others acted since t0's last action: a pause replays them. */
	pause_now(&l[0]);
	assert_int_equal(l[0].progress_at, last_of(st));
	exact(st, &l[0], "after a pause");
	for (int a = 0; a < 3; a++)
		assert_int_equal(stet_labeling_close(&l[a], &err), STET_OK);
	consistent(st);
	stet_store_close(st);
}

/* An undo by another annotator is not replayed (what it changes
 * depends on what stood when it was made): the next action leaves the
 * counts behind it, saying so (progress_at before the last event), and
 * the pause counts them again. */
static void an_undo_waits_for_the_pause(void **state)
{
	struct fill f = {8, "2", "sequential", 0};
	struct stet_labeling a, b;
	uint64_t on_a, on_b;
	struct stet_store *st;
	struct stet_error err = {0};
	const char *path = make("team_undo.stet", &f, false);

	(void)state;
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	lopen(&a, st, "ua");
	lopen(&b, st, "ub");
	on_a = serve(&a, 0);
	on_b = serve(&b, 0);
	on_b = label(&b, on_b, 1);
	on_a = label(&a, on_a, 2);
	exact(st, &a, "after a's label");
	undo(&b);
	on_a = label(&a, on_a, 1);
	assert_true(a.progress_at < last_of(st));
	pause_now(&a);
	assert_int_equal(a.progress_at, last_of(st));
	exact(st, &a, "after the pause");
	/* Past the undo, replaying works again. */
	on_b = serve(&b, 0);
	on_b = label(&b, on_b, 2);
	on_a = label(&a, on_a, 2);
	assert_int_equal(a.progress_at, last_of(st));
	exact(st, &a, "after the next label");
	(void)on_a;
	(void)on_b;
	assert_int_equal(stet_labeling_close(&a, &err), STET_OK);
	assert_int_equal(stet_labeling_close(&b, &err), STET_OK);
	consistent(st);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_follow_the_team_without_a_pause),
		cmocka_unit_test(an_undo_waits_for_the_pause),
	};

	/* The world's random walks are test_requeue's and test_route's. */
	(void)act;
	(void)check_world;

	return cmocka_run_group_tests(tests, NULL, NULL);
}
