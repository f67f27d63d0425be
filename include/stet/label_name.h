/* Label names as text: the rule a name follows, and the ways several
 * names are written on one line.
 *
 * A label name is free text, so that another tool's project keeps its
 * own names ("Not Humor", "Très positif"): 1 to STET_LABEL_NAME_MAX
 * bytes of UTF-8 in NFC, spaces and any punctuation included, but
 * nothing stet_text_escape would show as an escape (control characters,
 * line and paragraph separators, bidi controls), and not white space
 * alone.
 *
 * Two written forms hold several names:
 *
 *   - a list (stet init --labels, stet review --labels, the schema
 *     file's first word, stet log): names separated by a delimiter, CSV
 *     style. A name that holds the delimiter or a double quote, or
 *     begins or ends with white space, is written in double quotes with
 *     each double quote doubled; white space around a name is dropped.
 *
 *   - a joined label (an item's reference label or gold answer, an
 *     export's cell of several labels): names separated by '|', where a
 *     '|' or '\' inside a name is written '\|' or '\\'. A '\' before
 *     any other character is itself. */
#ifndef STET_LABEL_NAME_H
#define STET_LABEL_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "stet/buf.h"
#include "stet/error.h"

#define STET_LABEL_NAME_MAX 200

/* STET_OK when name follows the rule; otherwise STET_ERR and a message
 * that says why, quoting the name with its controls made visible. */
int stet_label_name_check(const char *name, struct stet_error *err);

/* The NFC form of name into out (NUL-ended), or name as it is when it
 * is not UTF-8 (for the check to refuse): a name typed or written
 * decomposed is the same label as its precomposed form. */
void stet_label_nfc(const char *name, struct stet_buf *out);

/* Several names read from a list; all strings owned by the struct. */
struct stet_names {
	char **v;
	size_t n;
};

void stet_names_free(struct stet_names *names);

/* Reads a list of names separated by `delim`. Each name is checked
 * with stet_label_name_check; err names the name's position (its
 * number in the list and its byte) when one is wrong. */
int stet_label_list_parse(const char *list, char delim,
			  struct stet_names *out, struct stet_error *err);

/* Reads one name from *p (quoted, or bare up to a character of `stops`
 * or the end, its trailing white space dropped) into out, in NFC, and
 * leaves *p at the character that ended it (a stop or the NUL). Does
 * not check the name against the rule. */
int stet_label_word(const char **p, const char *stops, struct stet_buf *out,
		    struct stet_error *err);

/* Appends name to out as a list item for the delimiter `delim`, quoted
 * when reading it back would otherwise change it. `needs` is an extra
 * test for names that must be quoted in one place only (the schema
 * file quotes a name that looks like a comment); NULL for none. */
void stet_label_quote(const char *name, char delim,
		      bool (*needs)(const char *name), struct stet_buf *out);

/* Appends name to a joined label, escaping '|' and '\'; `first` false
 * puts a '|' before it. */
void stet_label_join(struct stet_buf *out, const char *name, bool first);

/* Splits a joined label: calls fn on each name in order (a NUL-ended
 * copy valid only during the call); stops and returns fn's first
 * non-zero result. */
int stet_label_split(const char *joined,
		     int (*fn)(const char *name, void *ctx), void *ctx);

#endif
