/* The screens. Their key model: every binding of every screen has a
 * handler, names keys the terminal layer knows, and shares no key with
 * another binding of its screen; every screen has ? and q; and the keys
 * of the screens that take label hotkeys are the ones the schema keeps
 * label hotkeys away from (stet/keys.h). And their words: a count of
 * one is singular. */
#include "unit.h"

#include <locale.h>
#include <string.h>

#include "../../src/tui/label.h"
#include "stet/keys.h"

static void every_screen_is_whole(void **state)
{
	(void)state;
	for (size_t i = 0; screen_types[i] != NULL; i++) {
		const struct screen_type *t = screen_types[i];

		if (t->name == NULL || t->title == NULL || t->init == NULL ||
		    t->draw == NULL || t->free == NULL || t->bindings == NULL)
			fail_msg("screen %zu lacks a name, title, init, draw, free or key table",
				 i);
	}
}

static void every_binding_has_a_handler(void **state)
{
	(void)state;
	for (size_t i = 0; screen_types[i] != NULL; i++) {
		const struct screen_type *t = screen_types[i];
		size_t n = 0;

		for (const struct screen_binding *b = t->bindings; b->action;
		     b++, n++) {
			if (b->fn == NULL)
				fail_msg("stet %s: \"%s\" has no handler",
					 t->name, b->action);
			if (b->keys[0] == NULL)
				fail_msg("stet %s: \"%s\" has no key", t->name,
					 b->action);
			if (b->help == NULL || b->help[0] == '\0')
				fail_msg("stet %s: \"%s\" has no help", t->name,
					 b->action);
		}
		if (n == 0)
			fail_msg("stet %s has no bindings", t->name);
	}
}

static void every_key_is_one_the_terminal_knows(void **state)
{
	(void)state;
	for (size_t i = 0; screen_types[i] != NULL; i++) {
		const struct screen_type *t = screen_types[i];

		for (const struct screen_binding *b = t->bindings; b->action; b++)
			for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++)
				if (!term_key_name_known(b->keys[k]))
					fail_msg("stet %s: \"%s\" is bound to \"%s\", which is no key",
						 t->name, b->action, b->keys[k]);
	}
}

static void no_two_bindings_of_a_screen_share_a_key(void **state)
{
	(void)state;
	for (size_t i = 0; screen_types[i] != NULL; i++) {
		const struct screen_type *t = screen_types[i];

		for (const struct screen_binding *a = t->bindings; a->action; a++) {
			if (screen_binding_find(t, a->action) != a)
				fail_msg("stet %s: the action \"%s\" is bound twice",
					 t->name, a->action);
			for (int j = 0; j < STET_BINDING_KEYS && a->keys[j]; j++)
				for (const struct screen_binding *b = a; b->action; b++)
					for (int k = b == a ? j + 1 : 0;
					     k < STET_BINDING_KEYS && b->keys[k]; k++)
						if (strcmp(a->keys[j], b->keys[k]) == 0)
							fail_msg("stet %s: %s is the key of \"%s\" and \"%s\"",
								 t->name, a->keys[j],
								 a->action, b->action);
		}
	}
}

static void every_screen_has_help_and_quit(void **state)
{
	(void)state;
	for (size_t i = 0; screen_types[i] != NULL; i++) {
		const struct screen_type *t = screen_types[i];
		const struct screen_binding *help = screen_binding_find(t, "help");
		const struct screen_binding *quit = screen_binding_find(t, "quit");

		if (help == NULL || strcmp(help->keys[0], "?") != 0 ||
		    help->fn != screen_act_help)
			fail_msg("stet %s: ? is not its help", t->name);
		if (quit == NULL || strcmp(quit->keys[0], "q") != 0)
			fail_msg("stet %s: q does not quit", t->name);
	}
}

/* Label hotkeys come before the key table of stet label and stet
 * review: a key of theirs that the schema let a label take would never
 * reach its handler. */
static void reserved(const struct screen_type *t)
{
	for (const struct screen_binding *b = t->bindings; b->action; b++)
		for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++) {
			const struct stet_binding *r =
				stet_binding_for_key(b->keys[k]);

			if (r == NULL)
				fail_msg("stet %s binds %s, which a label's hotkey may take",
					 t->name, b->keys[k]);
			if (strcmp(r->action, b->action) != 0)
				fail_msg("stet %s binds %s to \"%s\"; stet/keys.h reserves it for \"%s\"",
					 t->name, b->keys[k], b->action,
					 r->action);
		}
}

static void label_and_review_keys_are_reserved(void **state)
{
	(void)state;
	reserved(&screen_label);
	reserved(&screen_review);
}

/* Nothing is kept from label hotkeys that stet label does not bind. */
static void every_reserved_key_is_bound(void **state)
{
	(void)state;
	for (size_t i = 0; i < stet_nreserved_keys; i++) {
		const struct stet_binding *r = &stet_reserved_keys[i];
		const struct screen_binding *b =
			screen_binding_find(&screen_label, r->action);

		if (b == NULL)
			fail_msg("stet/keys.h reserves \"%s\", which stet label does not bind",
				 r->action);
		for (int k = 0; k < STET_BINDING_KEYS; k++)
			if ((r->keys[k] == NULL) != (b->keys[k] == NULL) ||
			    (r->keys[k] && strcmp(r->keys[k], b->keys[k]) != 0))
				fail_msg("\"%s\": stet/keys.h reserves other keys than stet label binds",
					 r->action);
	}
}

/* The span view's keys: each reserved under its action, by the span
 * table (stet_span_keys) where the span view takes a key of stet
 * label's for itself (b), by stet label's otherwise; and every key the
 * span table reserves is bound, to its action. */
static void span_keys_are_reserved(void **state)
{
	(void)state;
	for (const struct screen_binding *b = screen_spans.bindings; b->action;
	     b++)
		for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++) {
			const struct stet_binding *r =
				stet_span_binding_for_key(b->keys[k]);

			if (r == NULL)
				fail_msg("the span view binds %s, which a label's hotkey may take",
					 b->keys[k]);
			if (strcmp(r->action, b->action) != 0)
				fail_msg("the span view binds %s to \"%s\"; stet/keys.h reserves it for \"%s\"",
					 b->keys[k], b->action, r->action);
		}
	for (size_t i = 0; i < stet_nspan_keys; i++) {
		const struct stet_binding *r = &stet_span_keys[i];
		const struct screen_binding *b =
			screen_binding_find(&screen_spans, r->action);

		if (b == NULL)
			fail_msg("stet/keys.h reserves \"%s\" for spans, which the span view does not bind",
				 r->action);
		for (int k = 0; k < STET_BINDING_KEYS; k++)
			if ((r->keys[k] == NULL) != (b->keys[k] == NULL) ||
			    (r->keys[k] && strcmp(r->keys[k], b->keys[k]) != 0))
				fail_msg("\"%s\": stet/keys.h reserves other keys than the span view binds",
					 r->action);
	}
	/* What the span view changes of stet label's table: b moves the
	 * cursor, and back keeps Left. */
	assert_string_equal(stet_span_binding_for_key("b")->action, "token-prev");
	assert_string_equal(stet_span_binding_for_key("Left")->action, "back");
	assert_string_equal(stet_binding_for_key("b")->action, "back");
	assert_null(stet_binding_for_key("w"));
}

/* stet review's screen of spans: each key a label's hotkey could be
 * (one printable character) is reserved in a span schema under the
 * action the screen gives it; Alt-N, Tab and Shift-Tab no hotkey can
 * be. And e, its own, is reserved for it. */
static void review_spans_keys_are_reserved(void **state)
{
	(void)state;
	for (const struct screen_binding *b = screen_review_spans.bindings;
	     b->action; b++)
		for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++) {
			const struct stet_binding *r =
				stet_span_binding_for_key(b->keys[k]);

			if (strncmp(b->keys[k], "Alt-", 4) == 0 ||
			    strcmp(b->keys[k], "Tab") == 0 ||
			    strcmp(b->keys[k], "Shift-Tab") == 0)
				continue;
			if (r == NULL)
				fail_msg("stet review on spans binds %s, which a label's hotkey may take",
					 b->keys[k]);
			if (strcmp(r->action, b->action) != 0)
				fail_msg("stet review on spans binds %s to \"%s\"; stet/keys.h reserves it for \"%s\"",
					 b->keys[k], b->action, r->action);
		}
	assert_string_equal(stet_span_binding_for_key("e")->action, "edit");
	assert_null(stet_binding_for_key("e"));
}

static void a_break_after_one_minute_is_one_minute(void **state)
{
	char text[200];

	(void)state;
	label_break_text(text, sizeof text, 60000 + 30000);
	assert_string_equal(text, "You have been labeling for 1 minute. A short break keeps the labels good.");
	label_break_text(text, sizeof text, 50 * 60000);
	assert_string_equal(text, "You have been labeling for 50 minutes. A short break keeps the labels good.");
	/* --break 1s: not "0 minutes". */
	label_break_text(text, sizeof text, 1000);
	assert_string_equal(text, "You have been labeling for 1 second. A short break keeps the labels good.");
	label_break_text(text, sizeof text, 59999);
	assert_string_equal(text, "You have been labeling for 59 seconds. A short break keeps the labels good.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_screen_is_whole),
		cmocka_unit_test(every_binding_has_a_handler),
		cmocka_unit_test(every_key_is_one_the_terminal_knows),
		cmocka_unit_test(no_two_bindings_of_a_screen_share_a_key),
		cmocka_unit_test(every_screen_has_help_and_quit),
		cmocka_unit_test(label_and_review_keys_are_reserved),
		cmocka_unit_test(every_reserved_key_is_bound),
		cmocka_unit_test(span_keys_are_reserved),
		cmocka_unit_test(review_spans_keys_are_reserved),
		cmocka_unit_test(a_break_after_one_minute_is_one_minute),
	};

	/* Key names that are one character are read in UTF-8, as the
	 * screens read them. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
