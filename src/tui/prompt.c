#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "prompt.h"
#include "stet/text.h"

void prompt_open(struct prompt *p, const char *title)
{
	p->title = title;
	stet_buf_init(&p->text);
	p->cursor = 0;
}

void prompt_close(struct prompt *p)
{
	stet_buf_free(&p->text);
	memset(p, 0, sizeof *p);
}

const char *prompt_text(const struct prompt *p)
{
	return p->text.len ? p->text.data : "";
}

/* The grapheme boundary before byte offset `at`. */
static size_t grapheme_before(const struct prompt *p, size_t at)
{
	size_t i = 0, prev = 0;

	while (i < at) {
		prev = i;
		i += stet_grapheme_len(p->text.data + i, p->text.len - i);
	}
	return prev;
}

static size_t grapheme_after(const struct prompt *p, size_t at)
{
	if (at >= p->text.len)
		return p->text.len;
	return at + stet_grapheme_len(p->text.data + at, p->text.len - at);
}

static void cut(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text.data + from, p->text.data + to, p->text.len - to);
	p->text.len -= to - from;
	p->text.data[p->text.len] = '\0';
}

static void insert(struct prompt *p, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;

	/* Typed control characters have no place in a one-line note. */
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
		return;
	memset(&ps, 0, sizeof ps);
	n = wcrtomb(mb, (wchar_t)ch, &ps);
	if (n == (size_t)-1 || p->text.len + n > PROMPT_MAX)
		return;
	stet_buf_reserve(&p->text, n + 1);
	memmove(p->text.data + p->cursor + n, p->text.data + p->cursor,
		p->text.len - p->cursor);
	memcpy(p->text.data + p->cursor, mb, n);
	p->text.len += n;
	p->text.data[p->text.len] = '\0';
	/* A base character typed before a combining mark takes the mark:
	 * keep the cursor on a grapheme boundary. */
	p->cursor = grapheme_after(p, grapheme_before(p, p->cursor + n));
}

enum prompt_status prompt_key(struct prompt *p, const struct tui_key *k)
{
	if (term_key_is(k, "Enter"))
		return PROMPT_DONE;
	if (term_key_is(k, "Esc") || (!k->code && k->ch == 7))
		return PROMPT_CANCELLED;
	if (term_key_is(k, "Left")) {
		p->cursor = grapheme_before(p, p->cursor);
	} else if (term_key_is(k, "Right")) {
		p->cursor = grapheme_after(p, p->cursor);
	} else if (term_key_is(k, "Home") || (!k->code && k->ch == 1)) {
		p->cursor = 0;
	} else if (term_key_is(k, "End") || (!k->code && k->ch == 5)) {
		p->cursor = p->text.len;
	} else if (term_key_is(k, "Backspace")) {
		size_t from = grapheme_before(p, p->cursor);

		cut(p, from, p->cursor);
		p->cursor = from;
	} else if ((k->code && k->ch == KEY_DC) || (!k->code && k->ch == 4)) {
		cut(p, p->cursor, grapheme_after(p, p->cursor));
	} else if (!k->code && k->ch == 21) {
		cut(p, 0, p->cursor);
		p->cursor = 0;
	} else if (!k->code) {
		insert(p, k->ch);
	}
	return PROMPT_EDITING;
}

void prompt_draw(const struct prompt *p, int y, attr_t a)
{
	int x = 0, room, before;
	size_t start = 0;

	term_fill(y, 0, COLS, a);
	x = term_puts(y, 0, COLS - 2, p->title, a | A_BOLD);
	x += term_puts(y, x, 1, " ", a);
	room = COLS - x - 1;
	if (room < 1)
		return;
	/* Scroll so that the cursor stays on screen. */
	before = (int)stet_text_width(p->text.data, p->cursor);
	while (before >= room && start < p->cursor) {
		size_t len = stet_grapheme_len(p->text.data + start,
					       p->text.len - start);

		before -= stet_grapheme_width(p->text.data + start, len);
		start += len;
	}
	term_put(y, x, room, p->text.data + start, p->text.len - start, a);
	move(y, x + before);
}
