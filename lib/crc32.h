/* CRC-32 (IEEE 802.3 polynomial, as zlib and PNG use). */
#ifndef CPROF_CRC32_H
#define CPROF_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Start with crc = 0; feed pieces in order. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);

#endif
