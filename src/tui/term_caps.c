/* What the terminal can do, asked of terminfo before curses starts:
 * newterm on an unknown TERM fails after allocating what it never
 * frees, and a terminal that cannot place the cursor would only scroll
 * the screen by. Apart from term.c because <term.h> defines macros
 * (lines, columns, ...) that clash with ordinary names. */
#include <stdlib.h>
#include <unistd.h>

#include "tui.h"

#include <term.h>

int term_check(struct stet_error *err)
{
	const char *name = getenv("TERM");
	char *cup;
	int errret = 0;

	if (name == NULL || *name == '\0')
		return stet_error_set(err, STET_ERR,
			"TERM is not set; stet label needs to know the terminal");
	if (setupterm(NULL, STDOUT_FILENO, &errret) != OK)
		return stet_error_set(err, STET_ERR,
			"cannot use the terminal \"%s\" (no terminfo entry: is TERM right?)",
			name);
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (cup == NULL || cup == (char *)-1)
		return stet_error_set(err, STET_ERR,
			"the terminal \"%s\" cannot move the cursor; stet label needs a full-screen terminal",
			name);
	return STET_OK;
}
