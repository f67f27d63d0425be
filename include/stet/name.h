/* The one rule for the names of annotators and sessions, wherever they
 * enter a project: stet team add, stet label --as, import-annotations,
 * merge and clone. Names are printed in listings and reports and joined
 * into pair keys ("alice|bob"), so a name is one word of printable
 * characters:
 *
 *   - 1 to STET_NAME_MAX bytes of valid UTF-8, in Unicode NFC;
 *   - no control character (C0, DEL, C1), line or paragraph separator,
 *     or bidi embedding, override or isolate: nothing that
 *     stet_text_escape would show as an escape;
 *   - no white space (Unicode Zs, Zl, Zp);
 *   - no '|', which joins two names in stet agree's pair keys.
 *
 * The CLI prints every name through the same escaping anyway: the rule
 * keeps names readable, the escaping keeps the terminal safe from names
 * stored before the rule. */
#ifndef STET_NAME_H
#define STET_NAME_H

#include "stet/buf.h"
#include "stet/error.h"

#define STET_NAME_MAX 200

/* STET_OK when name follows the rule; otherwise STET_ERR and a message
 * that says what is wrong, quoting the name with its controls made
 * visible. what is "annotator" or "session", for the message. */
int stet_name_check(const char *what, const char *name,
		    struct stet_error *err);

/* A name as typed or as another tool wrote it: its NFC form in out
 * (reset first), then checked. */
int stet_name_normalise(const char *what, const char *name,
			struct stet_buf *out, struct stet_error *err);

#endif
