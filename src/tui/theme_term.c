/* A theme on the terminal: a colour pair per role when the terminal has
 * colours and the user has not asked for none (https://no-color.org),
 * else attributes alone. */
#include <stdlib.h>
#include <string.h>

#include "theme.h"

/* COLOR_PAIR() keeps 8 bits of the pair number in an attr_t. */
#define PAIR_LIMIT 255

static attr_t role_attr[THEME_ROLE_COUNT];
static bool in_colour;      /* pairs are in use */
static bool wide;           /* 256 colours: the fg256 and bg256 values */
static bool defaults;       /* -1 means the terminal's own colour */
static short label_bg;      /* the label bar's, for schema colours */
static attr_t label_attrs;  /* the label bar's, without its pair */
static short next_pair, last_pair;

/* Pairs made for schema colours, one per distinct foreground. */
static struct {
	short fg, pair;
} label_pairs[257];
static size_t nlabel_pairs;

static attr_t curses_attrs(unsigned a)
{
	attr_t c = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		c |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		c |= A_DIM;
	if (a & THEME_ATTR_UNDERLINE)
		c |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		c |= A_REVERSE;
#ifdef A_ITALIC
	if (a & THEME_ATTR_ITALIC)
		c |= A_ITALIC;
#endif
	if (a & THEME_ATTR_STANDOUT)
		c |= A_STANDOUT;
	return c;
}

static bool colour_wanted(void)
{
	const char *no = getenv("NO_COLOR");

	return (no == NULL || *no == '\0') && has_colors();
}

/* The colour to give curses for a theme value. Without
 * use_default_colors, -1 cannot be passed: white on black stands in. */
static short term_colour(short c8, short c256, bool fg)
{
	short c = wide ? c256 : c8;

	if (c < 0 && !defaults)
		c = fg ? COLOR_WHITE : COLOR_BLACK;
	return c;
}

/* Whether the theme tells role r apart by colour: without colour, such
 * a role needs the mono theme's attributes as well as its own. */
static bool coloured(const struct theme *t, int r)
{
	const struct theme_style *s = &t->role[r], *n = &t->role[THEME_NORMAL];

	return s->fg8 != n->fg8 || s->bg8 != n->bg8 ||
	       s->fg256 != n->fg256 || s->bg256 != n->bg256;
}

void theme_start(const struct theme *t)
{
	struct theme mono;
	const char *text = theme_builtin("mono");

	memset(role_attr, 0, sizeof role_attr);
	nlabel_pairs = 0;
	in_colour = wide = defaults = false;
	/* COLORS is known only once start_color has run. */
	if (colour_wanted() && start_color() == OK && COLORS >= 8) {
		in_colour = true;
		wide = COLORS >= 256;
		defaults = use_default_colors() == OK;
		last_pair = COLOR_PAIRS - 1 < PAIR_LIMIT ?
			    (short)(COLOR_PAIRS - 1) : PAIR_LIMIT;
	}
	/* Cannot fail: test_theme reads the same text. */
	if (theme_parse(&mono, text, strlen(text), "mono", NULL) != STET_OK)
		memset(&mono, 0, sizeof mono);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &t->role[r];
		short pair = (short)(r + 1);

		if (in_colour && pair <= last_pair &&
		    init_pair(pair, term_colour(s->fg8, s->fg256, true),
			      term_colour(s->bg8, s->bg256, false)) == OK)
			role_attr[r] = curses_attrs(s->attrs) | COLOR_PAIR(pair);
		else if (s->attrs != 0 && !coloured(t, r))
			role_attr[r] = curses_attrs(s->attrs);
		else /* keep chosen, hotkey, cell... apart without colour */
			role_attr[r] = curses_attrs(s->attrs |
						    mono.role[r].attrs);
	}
	next_pair = THEME_ROLE_COUNT + 1;
	label_bg = term_colour(t->role[THEME_LABEL].bg8,
			       t->role[THEME_LABEL].bg256, false);
	label_attrs = curses_attrs(t->role[THEME_LABEL].attrs);
	theme_free(&mono);
}

attr_t theme_attr(enum theme_role r)
{
	if ((unsigned)r >= THEME_ROLE_COUNT)
		return A_NORMAL;
	return role_attr[r];
}

attr_t theme_label_attr(const char *colour, size_t index)
{
	enum theme_role palette = (enum theme_role)(THEME_LABEL1 + index % 8);
	short c8, c256, fg;

	if (!in_colour || !theme_colour_parse(colour, &c8, &c256))
		return theme_attr(palette);
	fg = term_colour(c8, c256, true);
	for (size_t i = 0; i < nlabel_pairs; i++)
		if (label_pairs[i].fg == fg)
			return COLOR_PAIR(label_pairs[i].pair) | label_attrs;
	if (next_pair > last_pair ||
	    nlabel_pairs == sizeof label_pairs / sizeof label_pairs[0] ||
	    init_pair(next_pair, fg, label_bg) != OK)
		return theme_attr(palette);
	label_pairs[nlabel_pairs].fg = fg;
	label_pairs[nlabel_pairs].pair = next_pair++;
	return COLOR_PAIR(label_pairs[nlabel_pairs++].pair) | label_attrs;
}
