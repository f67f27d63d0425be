/* The one loop every screen runs in (screens.h): the terminal started
 * and stopped around it, a key to the screen and then to its key
 * table, the ? box made from that table, and one frame drawn per
 * change, ending in one doupdate. */
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "screens.h"
#include "stet/text.h"
#include "theme.h"

const struct screen_type *const screen_types[] = {
	&screen_label, &screen_spans, &screen_review, &screen_review_spans,
	&screen_report, NULL,
};

const struct screen_binding *screen_binding_find(const struct screen_type *t,
						 const char *action)
{
	for (const struct screen_binding *b = t->bindings; b->action; b++)
		if (strcmp(b->action, action) == 0)
			return b;
	return NULL;
}

void screen_binding_keys(const struct screen_binding *b, char *out,
			 size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (int k = 0; k < STET_BINDING_KEYS && b->keys[k] && o < len; k++) {
		int n = snprintf(out + o, len - o, "%s%s", k ? " " : "",
				 b->keys[k]);

		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static const struct screen_binding *binding_for(const struct screen_type *t,
						const struct tui_key *k)
{
	for (const struct screen_binding *b = t->bindings; b->action; b++)
		for (int j = 0; j < STET_BINDING_KEYS && b->keys[j]; j++)
			if (term_key_is(k, b->keys[j]))
				return b;
	return NULL;
}

unsigned screen_act_help(struct screen *sc)
{
	sc->help = true;
	sc->help_scroll = 0;
	return SCREEN_DRAW;
}

unsigned screen_act_redraw(struct screen *sc)
{
	(void)sc;
	return SCREEN_REPAINT;
}

unsigned screen_act_quit(struct screen *sc)
{
	(void)sc;
	return SCREEN_QUIT;
}

/* The ? box: the screen's head, every binding of its table with its
 * keys, and its foot; escaped, since label names are the project's. */
static void draw_help(struct screen *sc)
{
	const struct screen_type *t = sc->type;
	struct stet_buf head, foot, text, shown;
	char keys[64];
	size_t width = 10;

	stet_buf_init(&head);
	stet_buf_init(&foot);
	stet_buf_init(&text);
	stet_buf_init(&shown);
	if (t->help != NULL)
		t->help(sc, &head, &foot);
	if (head.len > 0)
		stet_buf_printf(&text, "%s\n", head.data);
	/* The keys in a column as wide as the widest, from the ten that
	 * the label keys above take. */
	for (const struct screen_binding *b = t->bindings; b->action; b++) {
		screen_binding_keys(b, keys, sizeof keys);
		if (strlen(keys) > width)
			width = strlen(keys);
	}
	for (const struct screen_binding *b = t->bindings; b->action; b++) {
		screen_binding_keys(b, keys, sizeof keys);
		stet_buf_printf(&text, "  %-*s %s\n", (int)width, keys,
				b->help);
	}
	if (foot.len > 0)
		stet_buf_printf(&text, "\n%s", foot.data);
	stet_text_escape(text.data ? text.data : "", text.len, 4, true,
			 &shown);
	overlay_box(t->title, &shown, &sc->help_scroll,
		    "j/k scroll · Esc or ? closes");
	stet_buf_free(&shown);
	stet_buf_free(&text);
	stet_buf_free(&foot);
	stet_buf_free(&head);
}

static void draw(struct screen *sc, bool repaint)
{
	if (repaint)
		clearok(curscr, TRUE);
	if (screen_too_small()) {
		curs_set(0);
		screen_draw_too_small();
	} else {
		erase();
		sc->type->draw(sc);
		if (sc->help)
			draw_help(sc);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static unsigned on_key(struct screen *sc, const struct tui_key *k)
{
	const struct screen_type *t = sc->type;
	const struct screen_binding *b;
	unsigned r;

	if (k->code && k->ch == KEY_RESIZE)
		return SCREEN_DRAW | (t->resize ? t->resize(sc) : 0);
	/* Below the smallest layout nothing is shown to act on; q still
	 * leaves. */
	if (screen_too_small())
		return term_key_is(k, "q") ? SCREEN_QUIT : SCREEN_SAME;
	if (sc->help) {
		if (screen_box_key(&sc->help_scroll, k))
			sc->help = false;
		return SCREEN_DRAW;
	}
	r = t->key ? t->key(sc, k) : SCREEN_PASS;
	if (!(r & SCREEN_PASS))
		return r;
	r &= ~(unsigned)SCREEN_PASS;
	b = binding_for(t, k);
	return b ? r | b->fn(sc) : r;
}

int screen_run(const struct screen_type *t, struct stet_store *st,
	       const void *opts, const char *theme_name,
	       struct stet_error *err)
{
	struct screen sc = {t, NULL, false, 0};
	struct theme theme;
	struct stet_error cerr = {0};
	struct tui_key k;
	unsigned r = SCREEN_DRAW;
	int rc = STET_ERR;

	memset(&theme, 0, sizeof theme);
	if (theme_load(&theme, theme_name, err) != STET_OK ||
	    t->init(&sc, st, opts, err) != STET_OK)
		goto out;
	if (term_start(&theme, err) != STET_OK)
		goto out;
	if (t->start != NULL && t->start(&sc, err) != STET_OK)
		goto out;
	if (t->tick != NULL)
		r |= t->tick(&sc, false);
	while (!(r & SCREEN_QUIT) && !term_hangup()) {
		bool key;

		if (r & (SCREEN_DRAW | SCREEN_REPAINT))
			draw(&sc, r & SCREEN_REPAINT);
		key = term_key(&k, t->pause_ms ? t->pause_ms(&sc) : 1000);
		r = key ? on_key(&sc, &k) : SCREEN_SAME;
		if (t->tick != NULL && !(r & SCREEN_QUIT))
			r |= t->tick(&sc, !key);
	}
	rc = STET_OK;
out:
	term_stop();
	if (t->free(&sc, &cerr) != STET_OK && rc == STET_OK) {
		*err = cerr;
		rc = STET_ERR;
	}
	theme_free(&theme);
	return rc;
}
