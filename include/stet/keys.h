/* The key table of `stet label`: which keys do what. It is data, kept
 * here rather than in the terminal layer so that the schema can refuse a
 * hotkey that one of these keys already means, and so that the help
 * overlay, the man page check and the dispatcher read one table. */
#ifndef STET_KEYS_H
#define STET_KEYS_H

#include <stddef.h>

#define STET_BINDING_KEYS 4

struct stet_binding {
	const char *action; /* a name the screen maps to a handler */
	/* Key names: one character ("s", "?"), or "Enter", "Space", "Esc",
	 * "Left", "Right", "Up", "Down", "PgUp", "PgDn", "Home", "End",
	 * "Tab", "Ctrl-L". NULL-terminated when fewer than the maximum. */
	const char *keys[STET_BINDING_KEYS];
	const char *help;   /* one line for the help overlay */
};

/* The bindings, in the order the help overlay lists them. The label
 * keys themselves come from the schema and are not in the table. */
extern const struct stet_binding stet_bindings[];
extern const size_t stet_nbindings;

/* The binding that key (one UTF-8 character) already means, or NULL. */
const struct stet_binding *stet_binding_for_key(const char *key);

#endif
