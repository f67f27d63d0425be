/* The shipped themes, compiled in: themes/NAME.theme without their
 * comments, so that `--theme NAME` works for each of them before stet
 * is installed (from a build tree, or a copy of the binary alone).
 * test_theme checks that each reads the same as its file. */
#define THEME_NO_CURSES
#include <stddef.h>
#include <string.h>

#include "theme.h"

static const char builtin_default[] =
	"normal   = default      default\n"
	"title    = white/231    blue/24      bold\n"
	"status   = black/252    white/237\n"
	"progress = blue/114     white/237\n"
	"saved    = black/16     green/114\n"
	"notice   = black/16     yellow/221\n"
	"error    = red/203      -            bold\n"
	"label    = -            -\n"
	"hotkey   = yellow/221   -            bold\n"
	"chosen   = black/16     cyan/117\n"
	"escape   = magenta/176  -\n"
	"header   = cyan/110     -            bold underline\n"
	"cell     = black/16     cyan/110\n"
	"meta     = cyan/109     -\n"
	"overlay  = white/253    blue/236\n"
	"match    = black/16     yellow/186\n"
	"prompt   = cyan/159     -            bold\n"
	"dim      = white/245    -\n"
	"suggested = cyan/117    -            underline\n"
	"label.1  = cyan/117\n"
	"label.2  = green/114\n"
	"label.3  = yellow/221\n"
	"label.4  = magenta/176\n"
	"label.5  = red/210\n"
	"label.6  = blue/111     -            bold\n"
	"label.7  = white/223\n"
	"label.8  = green/151    -            bold\n";

static const char builtin_light[] =
	"normal   = default      default\n"
	"title    = white/231    blue/25      bold\n"
	"status   = black/235    white/253\n"
	"progress = blue/25      white/253\n"
	"saved    = black/231    green/28\n"
	"notice   = black/16     yellow/220\n"
	"error    = white/231    red/160      bold\n"
	"label    = -            -\n"
	"hotkey   = blue/25      -            bold\n"
	"chosen   = white/231    blue/25      bold\n"
	"escape   = magenta/127  -\n"
	"header   = blue/24      -            bold underline\n"
	"cell     = white/231    blue/24\n"
	"meta     = blue/60      -\n"
	"overlay  = black/235    white/254\n"
	"match    = black/16     yellow/228\n"
	"prompt   = blue/25      -            bold\n"
	"dim      = black/243    -\n"
	"suggested = blue/25      -            underline\n"
	"label.1  = blue/25\n"
	"label.2  = red/124\n"
	"label.3  = magenta/28\n"
	"label.4  = black/90\n"
	"label.5  = blue/23\n"
	"label.6  = red/94\n"
	"label.7  = magenta/96\n"
	"label.8  = black/58\n";

static const char builtin_high_contrast[] =
	"normal   = white/231    black/16\n"
	"title    = black/16     yellow/226\n"
	"status   = black/16     white/231\n"
	"progress = black/16     yellow/226\n"
	"saved    = black/16     yellow/226\n"
	"notice   = black/16     yellow/226   underline\n"
	"error    = white/231    red/160      bold\n"
	"label    = white/231    black/16\n"
	"hotkey   = yellow/226   -            bold underline\n"
	"chosen   = black/16     yellow/226\n"
	"escape   = yellow/226   -            bold underline\n"
	"header   = yellow/226   -            bold underline\n"
	"cell     = black/16     white/231\n"
	"meta     = white/231    -            bold\n"
	"overlay  = white/231    blue/18      bold\n"
	"match    = black/16     yellow/226   underline\n"
	"prompt   = yellow/226   -            bold\n"
	"dim      = white/252    -\n"
	"suggested = yellow/226   -            bold underline\n"
	"label.1  = white/231    -            bold\n"
	"label.2  = yellow/226   -            bold\n"
	"label.3  = cyan/51      -            bold\n"
	"label.4  = green/46     -            bold\n"
	"label.5  = magenta/213  -            bold\n"
	"label.6  = white/231    -            bold underline\n"
	"label.7  = yellow/226   -            bold underline\n"
	"label.8  = cyan/51      -            bold underline\n";

static const char builtin_mono[] =
	"title    = reverse\n"
	"status   = reverse\n"
	"progress = bold\n"
	"saved    = bold\n"
	"notice   = bold underline\n"
	"error    = bold reverse\n"
	"hotkey   = bold\n"
	"chosen   = bold reverse\n"
	"escape   = dim underline\n"
	"header   = bold underline\n"
	"cell     = reverse\n"
	"meta     = dim\n"
	"match    = standout\n"
	"prompt   = bold\n"
	"dim      = dim\n"
	"suggested = underline\n";

static const struct {
	const char *name;
	const char *text;
} builtins[] = {
	{"default", builtin_default},
	{"light", builtin_light},
	{"high-contrast", builtin_high_contrast},
	{"mono", builtin_mono},
};

const char *theme_builtin_name(size_t i)
{
	return i < sizeof builtins / sizeof builtins[0] ? builtins[i].name :
							    NULL;
}

const char *theme_builtin(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(name, builtins[i].name) == 0)
			return builtins[i].text;
	return NULL;
}
