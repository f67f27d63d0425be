/* The keys the screens that take label hotkeys (stet label and stet
 * review) keep for themselves. A label's hotkey may not be one of
 * them: the schema asks here. The screens' own key tables, with their
 * handlers, are in the terminal layer (src/tui/screens.h); the unit
 * test test_screens checks that every key they bind is reserved here
 * under the same action, and that nothing is reserved that stet label
 * does not bind. */
#ifndef STET_KEYS_H
#define STET_KEYS_H

#include <stddef.h>

/* The most keys one action has. */
#define STET_BINDING_KEYS 4

struct stet_binding {
	const char *action; /* the action's name, as --keys prints it */
	/* Key names: one character ("s", "?"), or "Enter", "Space", "Esc",
	 * "Left", "Right", "Up", "Down", "PgUp", "PgDn", "Home", "End",
	 * "Tab", "Ctrl-L", "Shift-Left", "Shift-Right". NULL-terminated when fewer than the maximum. */
	const char *keys[STET_BINDING_KEYS];
	const char *help;   /* what it does, for a message */
};

/* The reserved keys by action, as stet label binds them. */
extern const struct stet_binding stet_reserved_keys[];
extern const size_t stet_nreserved_keys;

/* The reserved binding that key (one UTF-8 character, or a key name)
 * already means, or NULL. */
const struct stet_binding *stet_binding_for_key(const char *key);

/* The keys the span view of stet label (a project with span or token
 * labels) binds to its own actions: the token cursor, the selection,
 * the spans. b is the previous token there, not back, which keeps
 * Left. In a schema with span or token labels no hotkey may be one of
 * these either. */
extern const struct stet_binding stet_span_keys[];
extern const size_t stet_nspan_keys;

/* The keys stet review's screen of spans binds beyond the span
 * view's: e, which edits a row's spans. Reserved in a schema with
 * span or token labels too. */
extern const struct stet_binding stet_review_span_keys[];
extern const size_t stet_nreview_span_keys;

/* What key means in the span view or stet review's screen of spans:
 * its binding in stet_review_span_keys or stet_span_keys, else in
 * stet_reserved_keys; NULL when none reserves it. */
const struct stet_binding *stet_span_binding_for_key(const char *key);

#endif
