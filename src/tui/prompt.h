/* A one-line UTF-8 editor for comments, flag notes, searches and
 * go-to: moves and deletes by grapheme, scrolls when the text is wider
 * than the line. */
#ifndef STET_PROMPT_H
#define STET_PROMPT_H

#include "stet/buf.h"
#include "tui.h"

#define PROMPT_MAX 4096 /* bytes */

struct prompt {
	const char *title; /* borrowed, shown before the text */
	struct stet_buf text;
	size_t cursor;     /* byte offset, on a grapheme boundary */
};

enum prompt_status { PROMPT_EDITING, PROMPT_DONE, PROMPT_CANCELLED };

void prompt_open(struct prompt *p, const char *title);
void prompt_close(struct prompt *p);
enum prompt_status prompt_key(struct prompt *p, const struct tui_key *k);
/* The text typed so far, NUL-terminated. */
const char *prompt_text(const struct prompt *p);
/* Draws the title and text on line y, and puts the cursor there. */
void prompt_draw(const struct prompt *p, int y, attr_t a);

#endif
