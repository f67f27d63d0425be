/* Colour themes: the semantic roles of the full-screen interface, each
 * mapped to colours and attributes by a theme file (stet(5), THEME
 * FILES). theme.c reads and finds themes and does not use curses, so
 * that it can be tested on its own: it defines THEME_NO_CURSES before
 * including this header. theme_term.c applies a theme to the terminal;
 * the declarations it provides need <curses.h>, which this header then
 * includes. */
#ifndef STET_THEME_H
#define STET_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "stet/error.h"

enum theme_role {
	THEME_NORMAL,
	THEME_TITLE,
	THEME_STATUS,
	THEME_PROGRESS,
	THEME_SAVED,
	THEME_NOTICE,   /* break reminder, information */
	THEME_ERROR,
	THEME_LABEL,    /* the label bar */
	THEME_HOTKEY,
	THEME_CHOSEN,   /* the label this annotator chose */
	THEME_ESCAPE,   /* visible escapes such as \x1b in item text */
	THEME_HEADER,   /* table column headers */
	THEME_CELL,     /* the selected table cell */
	THEME_META,
	THEME_OVERLAY,  /* help, guidelines and cell boxes */
	THEME_MATCH,    /* a search match */
	THEME_PROMPT,
	THEME_DIM,
	THEME_SUGGESTED, /* a label a model suggests, not yet the annotator's */
	/* The palette for labels whose schema gives no colour. */
	THEME_LABEL1,
	THEME_LABEL2,
	THEME_LABEL3,
	THEME_LABEL4,
	THEME_LABEL5,
	THEME_LABEL6,
	THEME_LABEL7,
	THEME_LABEL8,
	THEME_ROLE_COUNT
};

#define THEME_ATTR_BOLD      0x01u
#define THEME_ATTR_DIM       0x02u
#define THEME_ATTR_UNDERLINE 0x04u
#define THEME_ATTR_REVERSE   0x08u
#define THEME_ATTR_ITALIC    0x10u
#define THEME_ATTR_STANDOUT  0x20u

/* A colour value meaning the terminal's own foreground or background. */
#define THEME_COLOUR_DEFAULT (-1)

/* Colours are THEME_COLOUR_DEFAULT, 0..7 (fg8, bg8: for terminals with
 * fewer than 256 colours) or 0..255 (fg256, bg256). In a theme that
 * theme_parse or theme_load filled, every role is resolved: a role the
 * file did not give (set false) is a copy of normal's style. */
struct theme_style {
	short fg8, bg8, fg256, bg256;
	unsigned attrs; /* THEME_ATTR_* bits */
	bool set;       /* given by the theme file */
};

struct theme {
	char *name; /* owned; NULL after theme_parse alone */
	struct theme_style role[THEME_ROLE_COUNT];
};

/* The role's name as theme files write it ("normal", "label.1"), or
 * NULL for a value out of range. */
const char *theme_role_name(enum theme_role r);

/* Reads a colour as a schema gives it to a label: a name ("red"), a
 * number 0-255, "default", or NAME/NUMBER as in theme files. Sets the
 * values for 8-colour and 256-colour terminals and returns true, or
 * returns false for anything else. A number above 7 alone is
 * approximated for 8 colours by theme_colour_to8. */
bool theme_colour_parse(const char *s, short *c8, short *c256);

/* The nearest of the eight basic colours to a 256-colour value;
 * THEME_COLOUR_DEFAULT stays as it is. */
short theme_colour_to8(short c256);

/* The text of a shipped theme ("default", "light", "high-contrast",
 * "mono") as compiled into the program, used when no file of that name
 * is found; NULL for other names. Static storage. */
const char *theme_builtin(const char *name);

/* Fills t from the theme file text[0..n), which need not end in NUL;
 * path names it in messages ("PATH:LINE: unknown role \"x\""). t is
 * overwritten without being freed: pass a zeroed or freed theme. On
 * error, t is left empty (theme_free is safe, and does nothing). */
int theme_parse(struct theme *t, const char *text, size_t n,
		const char *path, struct stet_error *err);

/* Finds and reads a theme. A name with a '/' is a file path. Any other
 * name is looked up as NAME.theme in each directory of
 * $STET_THEME_PATH (colon-separated), then in $XDG_CONFIG_HOME/stet/themes
 * (or ~/.config/stet/themes), then in the installed themes directory;
 * the shipped themes fall back to theme_builtin. A NULL name means
 * $STET_THEME when it is set and not empty, else "default". t as for
 * theme_parse; on success t->name is the theme's name (for a path, its
 * file name without ".theme"). Free with theme_free. */
int theme_load(struct theme *t, const char *name, struct stet_error *err);

/* The directories theme_load looks in for NAME.theme, in its order,
 * each ended by a NUL, appended to *dirs (struct stet_buf of
 * stet/buf.h). */
struct stet_buf;
void theme_path(struct stet_buf *dirs);

/* The name of shipped theme i, in the order of theme_builtin's table;
 * NULL past the last. Static storage. */
const char *theme_builtin_name(size_t i);

/* Frees what t owns and empties it. Safe on a zeroed theme, twice. */
void theme_free(struct theme *t);

#ifndef THEME_NO_CURSES
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

/* After curses has started (and again after each newterm): one colour
 * pair per role, 256-colour values when COLORS >= 256, else the
 * 8-colour ones. When the terminal has fewer than 8 colours or
 * $NO_COLOR is set and not empty, attributes alone: a role's own, and
 * the mono theme's as well for a role that has none or that differs
 * from normal in colour, so that what colour told apart stays apart.
 * Keeps what it needs: t may be freed afterwards. */
void theme_start(const struct theme *t);

/* The curses attributes (colour pair included) of a role; A_NORMAL
 * before theme_start. */
attr_t theme_attr(enum theme_role r);

/* The attributes for a label drawn on the label bar: the schema's
 * colour (see theme_colour_parse) on the bar's background, or, when
 * colour is NULL, unknown, or the terminal has no colours or pairs to
 * spare, the palette role THEME_LABEL1 + index % 8. */
attr_t theme_label_attr(const char *colour, size_t index);
#endif

#endif
