#include <string.h>

#include "stet/keys.h"

/* The same keys and actions as stet label's key table (label_keys.c);
 * stet review binds a subset of them. */
const struct stet_binding stet_reserved_keys[] = {
	{"save", {"Enter"}, "multi-label: save the chosen labels and go on"},
	{"skip", {"Space", "s"}, "skip this item and go on"},
	{"back", {"Left", "b"}, "back to the previous item"},
	{"forward", {"Right", "n"}, "forward to the next item without labeling"},
	{"undo", {"u"}, "undo the last action of this session"},
	{"flag", {"f"}, "flag the item for a lead, with an optional note"},
	{"comment", {"c"}, "write a comment on the item"},
	{"search", {"/"}, "search item text; then n and N for the next and previous match"},
	{"search-prev", {"N"}, "previous search match (after /)"},
	{"goto", {"g"}, "go to an item by id or position"},
	{"pick", {"t"}, "choose a label from a list, typing to filter"},
	{"scroll-down", {"Down", "j"}, "scroll the item down a line"},
	{"scroll-up", {"Up", "k"}, "scroll the item up a line"},
	{"page-down", {"PgDn"}, "scroll the item down a page"},
	{"page-up", {"PgUp"}, "scroll the item up a page"},
	{"cell-left", {"h"}, "table: select the cell to the left"},
	{"cell-right", {"l"}, "table: select the cell to the right"},
	{"cell-view", {"v"}, "table: show the whole selected cell (Enter too, single-label)"},
	{"meta", {"m"}, "show or hide the item's meta data"},
	{"help", {"?"}, "this help"},
	{"guidelines", {"G"}, "the labels and their guidelines"},
	{"redraw", {"Ctrl-L"}, "redraw the screen"},
	{"quit", {"q"}, "quit; every action is already saved"},
};

const size_t stet_nreserved_keys =
	sizeof stet_reserved_keys / sizeof stet_reserved_keys[0];

const struct stet_binding *stet_binding_for_key(const char *key)
{
	/* " " is what a label hotkey of Space would look like. */
	if (strcmp(key, " ") == 0)
		key = "Space";
	for (size_t i = 0; i < stet_nreserved_keys; i++)
		for (int k = 0; k < STET_BINDING_KEYS &&
			     stet_reserved_keys[i].keys[k] != NULL; k++)
			if (strcmp(stet_reserved_keys[i].keys[k], key) == 0)
				return &stet_reserved_keys[i];
	return NULL;
}

const struct stet_binding stet_span_keys[] = {
	{"token-next", {"w"}, "the cursor to the next token"},
	{"token-prev", {"b"}, "the cursor to the previous token"},
	{"token-first", {"Home"}, "the cursor to the first token"},
	{"token-last", {"End"}, "the cursor to the last token"},
	{"select", {"v"}, "start a selection (w, b and Shift+arrows extend it); v again drops it"},
	{"extend-right", {"Shift-Right"}, "extend the selection to the next token"},
	{"extend-left", {"Shift-Left"}, "extend the selection to the previous token"},
	{"delete", {"x"}, "delete the span (or tag) under the cursor"},
	{"span-next", {"]"}, "the cursor to the next span"},
	{"span-prev", {"["}, "the cursor to the previous span"},
	{"cancel", {"Esc"}, "drop the selection"},
};

const size_t stet_nspan_keys =
	sizeof stet_span_keys / sizeof stet_span_keys[0];

const struct stet_binding stet_review_span_keys[] = {
	{"edit", {"e"}, "stet review: edit the selected row's spans"},
};

const size_t stet_nreview_span_keys =
	sizeof stet_review_span_keys / sizeof stet_review_span_keys[0];

const struct stet_binding *stet_span_binding_for_key(const char *key)
{
	for (size_t i = 0; i < stet_nreview_span_keys; i++)
		for (int k = 0; k < STET_BINDING_KEYS &&
			     stet_review_span_keys[i].keys[k] != NULL; k++)
			if (strcmp(stet_review_span_keys[i].keys[k], key) == 0)
				return &stet_review_span_keys[i];
	for (size_t i = 0; i < stet_nspan_keys; i++)
		for (int k = 0; k < STET_BINDING_KEYS &&
			     stet_span_keys[i].keys[k] != NULL; k++)
			if (strcmp(stet_span_keys[i].keys[k], key) == 0)
				return &stet_span_keys[i];
	return stet_binding_for_key(key);
}
