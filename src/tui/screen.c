/* The state and keys the screens share (screen.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen.h"
#include "stet/annotate.h"
#include "stet/timefmt.h"

void screen_note(struct screen_note *n, enum note_kind kind,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n->text, sizeof n->text, fmt, ap);
	va_end(ap);
	n->kind = kind;
}

void screen_note_error(struct screen_note *n, const char *what,
		       const struct stet_error *err)
{
	screen_note(n, NOTE_ERROR, "%s: %s", what, err->msg);
}

const char *screen_label_name(const struct stet_schema *sc, uint32_t id)
{
	const struct stet_label *l = stet_schema_find_id(sc, id);

	return l ? l->name : "?";
}

bool screen_toggle(uint32_t *chosen, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++) {
		if (chosen[i] == id) {
			memmove(&chosen[i], &chosen[i + 1],
				(*n - i - 1) * sizeof *chosen);
			(*n)--;
			return false;
		}
	}
	if (*n < STET_MAX_LABELS)
		chosen[(*n)++] = id;
	return true;
}

uint32_t screen_shown_for(int64_t shown_ms)
{
	int64_t d = stet_time_now_ms() - shown_ms;

	if (d < 0)
		return 0;
	return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

void screen_host_and_tty(char *host, size_t len, const char **tty)
{
	if (gethostname(host, len) != 0)
		host[0] = '\0';
	host[len - 1] = '\0';
	*tty = ttyname(STDIN_FILENO);
}

const struct stet_label *screen_label_key(const struct stet_schema *sc,
					  const struct tui_key *k)
{
	for (size_t i = 0; i < sc->nlabels; i++)
		if (sc->labels[i].key[0] && term_key_is(k, sc->labels[i].key))
			return &sc->labels[i];
	return NULL;
}

bool screen_box_key(size_t *scroll, const struct tui_key *k)
{
	/* A page is the rows of text a box shows: LINES - 4, less its
	 * title and footer. */
	size_t page = (size_t)(LINES > 6 ? LINES - 6 : 1);

	if (term_key_is(k, "Esc") || term_key_is(k, "q") ||
	    term_key_is(k, "Enter") || term_key_is(k, "?") ||
	    term_key_is(k, "v"))
		return true;
	if (term_key_is(k, "Down") || term_key_is(k, "j"))
		(*scroll)++;
	else if ((term_key_is(k, "Up") || term_key_is(k, "k")) && *scroll > 0)
		(*scroll)--;
	else if (term_key_is(k, "PgDn") || term_key_is(k, "Space"))
		*scroll += page;
	else if (term_key_is(k, "PgUp"))
		*scroll -= *scroll < page ? *scroll : page;
	return false;
}

void screen_prompt_open(struct prompt *p, const char *title)
{
	prompt_open(p, title);
	curs_set(1);
}

enum prompt_status screen_prompt_key(struct prompt *p,
				     struct screen_note *note,
				     const struct tui_key *k)
{
	enum prompt_status st = prompt_key(p, k);

	if (st == PROMPT_EDITING)
		return st;
	curs_set(0);
	if (st == PROMPT_CANCELLED) {
		screen_note(note, NOTE_INFO, "cancelled");
		prompt_close(p);
	}
	return st;
}

void screen_seek_search(struct screen_seek *sk, struct screen_note *note,
			uint64_t from, const char *needle, int dir)
{
	struct stet_error err = {0};
	uint64_t found;
	int rc;

	if (needle != NULL) {
		if (*needle == '\0')
			return;
		free(sk->needle);
		sk->needle = stet_xstrdup(needle);
	}
	if (sk->needle == NULL)
		return;
	rc = sk->ops->search(sk->ctx, sk->needle, from, dir, &found, &err);
	if (rc == STET_NOTFOUND) {
		screen_note(note, NOTE_INFO, "not found: %s", sk->needle);
		return;
	}
	if (rc != STET_OK) {
		screen_note_error(note, "search", &err);
		return;
	}
	sk->ops->show(sk->ctx, found);
	sk->repeating = true;
	screen_note(note, NOTE_INFO, "/%s  (n next, N previous)", sk->needle);
}

bool screen_seek_goto(struct screen_seek *sk, struct screen_note *note,
		      const char *what)
{
	struct stet_error err = {0};
	uint64_t pos;

	if (*what == '\0')
		return false;
	if (sk->ops->find(sk->ctx, what, &pos, &err) != STET_OK) {
		screen_note(note, NOTE_INFO, "%s", err.msg);
		return false;
	}
	sk->ops->show(sk->ctx, pos);
	return true;
}

bool screen_seek_key(struct screen_seek *sk, struct screen_note *note,
		     uint64_t from, const struct tui_key *k)
{
	if (!sk->repeating)
		return false;
	if (term_key_is(k, "n") || term_key_is(k, "N")) {
		screen_seek_search(sk, note, from, NULL,
				   term_key_is(k, "n") ? +1 : -1);
		return true;
	}
	sk->repeating = false;
	return term_key_is(k, "Esc");
}

void screen_seek_free(struct screen_seek *sk)
{
	free(sk->needle);
	sk->needle = NULL;
	sk->repeating = false;
}
