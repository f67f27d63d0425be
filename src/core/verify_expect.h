/* What each derived database should hold, rebuilt from the slots
 * stet verify's replay fills (verify.c), and how its values read in a
 * message. For the core only. */
#ifndef STET_VERIFY_EXPECT_H
#define STET_VERIFY_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/store.h"
#include "slots.h"

/* One entry a derived database should hold: its key (zero-padded, so
 * that sorting the padded keys then the lengths is LMDB's order), its
 * value in the pool, and the event that set it. */
struct expent {
	unsigned char key[16];
	uint64_t origin;
	size_t voff;
	uint32_t vlen;
	uint8_t klen;
};

struct expect {
	struct expent *v;
	size_t n, cap;
	struct stet_buf vals;
};

/* Adds an entry whose value the caller writes to x->vals right after
 * (expect_end closes it). */
struct expent *expect_begin(struct expect *x, const void *key, size_t klen,
			    uint64_t origin);
void expect_end(struct expect *x, struct expent *e);

/* The derived databases. To verify one more, write its expect function
 * (every entry it should hold, with the event that set it) and add a
 * line to the table; a database that needs state of its own from the
 * events gets a slot space and a case in verify.c's replay_event. */
struct verify_derived {
	const char *name;
	enum stet_db db;
	void (*expect)(const struct slots *sl, const uint32_t *labels,
		       struct expect *x);
	void (*show)(const void *val, size_t vlen, struct stet_buf *out);
};

#define VERIFY_NDERIVED 7
extern const struct verify_derived verify_derived[VERIFY_NDERIVED];

#endif
