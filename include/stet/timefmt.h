/* Times are milliseconds since the Unix epoch, UTC, written as ISO 8601. */
#ifndef STET_TIMEFMT_H
#define STET_TIMEFMT_H

#include <stdint.h>

/* Reads "2026-11-23T09:20:11Z", with optional fractional seconds (to the
 * millisecond; more digits are cut) and a "Z" or "+hh:mm"/"-hh:mm"
 * offset; "T" may be a space; a date alone is midnight UTC. Returns 0, or
 * -1 when s is not such a time. */
int stet_time_parse(const char *s, int64_t *ms);

/* Writes "2026-11-23T09:20:11Z", or "…:11.123Z" when there are
 * milliseconds. out holds at least 32 bytes. */
void stet_time_format(int64_t ms, char out[32]);

int64_t stet_time_now_ms(void);

#endif
