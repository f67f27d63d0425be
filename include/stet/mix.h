/* The splitmix64 finaliser (Steele, Lea and Flood 2014): a cheap,
 * well-spread 64-bit mix, for hash tables, the shuffled order and the
 * bootstrap's generator. The same value on every platform. */
#ifndef STET_MIX_H
#define STET_MIX_H

#include <stdint.h>

static inline uint64_t stet_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

#endif
