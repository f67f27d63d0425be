/* Offsets into an item's text in the units other tools use: code
 * points (stet's own, and Python's), UTF-16 code units (JavaScript's:
 * Label Studio, doccano), UTF-8 bytes (brat's files read as bytes, C).
 * Converted exactly, both ways; an offset that falls inside a character
 * in the unit asked for (the middle of a surrogate pair, of a UTF-8
 * sequence) is an error, never rounded. */
#ifndef STET_OFFSETS_H
#define STET_OFFSETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"

enum stet_unit {
	STET_UNIT_CODEPOINTS = 0,
	STET_UNIT_UTF16 = 1,
	STET_UNIT_BYTES = 2
};

/* "codepoints", "utf16", "bytes"; -1 for anything else. */
int stet_unit_parse(const char *name);
const char *stet_unit_name(enum stet_unit u);

/* One text's offsets: built once (one pass), then each conversion is a
 * lookup. The text is valid UTF-8, as items are. */
struct stet_offset_map {
	const char *text;
	size_t len;        /* bytes */
	uint32_t ncp;      /* code points */
	uint32_t *byte_of; /* ncp + 1 entries: code point -> byte offset */
	uint32_t *u16_of;  /* ncp + 1 entries: code point -> UTF-16 offset */
	bool *grapheme;    /* ncp + 1 entries: a grapheme boundary before it */
};

int stet_offset_map_init(struct stet_offset_map *m, const char *text,
			 size_t len, struct stet_error *err);
void stet_offset_map_free(struct stet_offset_map *m);

/* off in unit u to a code point offset (0..ncp); STET_ERR when off is
 * past the end or inside a character. */
int stet_offset_to_cp(const struct stet_offset_map *m, enum stet_unit u,
		      uint64_t off, uint32_t *cp, struct stet_error *err);
/* A code point offset (0..ncp) in unit u; one past ncp, which no
 * caller should ask for, gives the end. */
uint64_t stet_offset_from_cp(const struct stet_offset_map *m,
			     enum stet_unit u, uint32_t cp);
/* Whether code point offset cp falls between grapheme clusters (0 and
 * ncp always do). */
bool stet_offset_on_grapheme(const struct stet_offset_map *m, uint32_t cp);

#endif
