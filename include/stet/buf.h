/* A growable byte buffer and the compact record encoding used for values
 * in the store: unsigned LEB128 varints, length-prefixed strings,
 * fixed-width big-endian integers for keys. */
#ifndef STET_BUF_H
#define STET_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_buf {
	char *data; /* owned; always NUL-terminated past len when len > 0 */
	size_t len;
	size_t cap;
};

void stet_buf_init(struct stet_buf *b);
void stet_buf_free(struct stet_buf *b);
void stet_buf_reset(struct stet_buf *b);
void stet_buf_reserve(struct stet_buf *b, size_t extra);
void stet_buf_add(struct stet_buf *b, const void *p, size_t n);
void stet_buf_addc(struct stet_buf *b, char c);
void stet_buf_adds(struct stet_buf *b, const char *s);
void stet_buf_printf(struct stet_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (free() it); the buffer is left empty. */
char *stet_buf_take(struct stet_buf *b);

void stet_buf_put_varint(struct stet_buf *b, uint64_t v);
void stet_buf_put_str(struct stet_buf *b, const char *s, size_t n);
void stet_buf_put_u64be(struct stet_buf *b, uint64_t v);
void stet_buf_put_f64(struct stet_buf *b, double v);

/* A bounds-checked reader over bytes it does not own. Every get returns
 * false when the record is truncated; `bad` then stays set, so a caller
 * may read a whole record and check once. */
struct stet_rd {
	const unsigned char *p;
	const unsigned char *end;
	bool bad;
};

/* *s points into the record (not NUL-terminated); valid as long as the
 * bytes the reader was given. */
bool stet_rd_str(struct stet_rd *r, const char **s, size_t *n);
/* An optional string: a copy to free(), or NULL when it is empty or
 * the record ends. */
char *stet_rd_opt_str(struct stet_rd *r);
bool stet_rd_f64(struct stet_rd *r, double *v);

/* The readers and key codings below are inline: stet agree and stet
 * stats decode every record of a million-event log with them, and a
 * call for each field cost a tenth of their time. */

static inline void stet_rd_init(struct stet_rd *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
	r->bad = false;
}

static inline bool stet_rd_varint(struct stet_rd *r, uint64_t *v)
{
	uint64_t out = 0;
	unsigned shift = 0;

	/* Most fields fit one byte. */
	if (!r->bad && r->p < r->end && *r->p < 0x80) {
		*v = *r->p++;
		return true;
	}
	*v = 0;
	while (!r->bad) {
		unsigned char byte;

		if (r->p >= r->end || shift > 63) {
			r->bad = true;
			break;
		}
		byte = *r->p++;
		out |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80)) {
			*v = out;
			return true;
		}
		shift += 7;
	}
	return false;
}

/* Written out byte by byte, which compilers turn into one load (and a
 * byte swap): the loop they do not, and a walk of the event log reads
 * two of these an event. */
static inline uint64_t stet_get_u64be(const unsigned char in[8])
{
	return (uint64_t)in[0] << 56 | (uint64_t)in[1] << 48 |
	       (uint64_t)in[2] << 40 | (uint64_t)in[3] << 32 |
	       (uint64_t)in[4] << 24 | (uint64_t)in[5] << 16 |
	       (uint64_t)in[6] << 8 | (uint64_t)in[7];
}

static inline uint32_t stet_get_u32be(const unsigned char in[4])
{
	return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 |
	       (uint32_t)in[2] << 8 | (uint32_t)in[3];
}

static inline void stet_u64be(unsigned char out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		out[i] = v & 0xff;
		v >>= 8;
	}
}

static inline void stet_u32be(unsigned char out[4], uint32_t v)
{
	for (int i = 3; i >= 0; i--) {
		out[i] = v & 0xff;
		v >>= 8;
	}
}

static inline bool stet_rd_u64be(struct stet_rd *r, uint64_t *v)
{
	*v = 0;
	if (r->bad || r->end - r->p < 8) {
		r->bad = true;
		return false;
	}
	*v = stet_get_u64be(r->p);
	r->p += 8;
	return true;
}

static inline bool stet_rd_u8(struct stet_rd *r, uint8_t *v)
{
	*v = 0;
	if (r->bad || r->p >= r->end) {
		r->bad = true;
		return false;
	}
	*v = *r->p++;
	return true;
}

static inline bool stet_rd_done(const struct stet_rd *r)
{
	return !r->bad && r->p == r->end;
}

#endif
