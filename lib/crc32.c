#include "config.h"

#include "lib/crc32.h"

static uint32_t table[8][256];
static int ready;

static void init_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
}

uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *s = p;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		init_table();
	crc = ~crc;
	/* Slicing by 8: the trace reader checks every chunk, so this is hot. */
	while (n >= 8) {
		uint32_t lo = crc ^ (s[0] | s[1] << 8 | s[2] << 16 | (uint32_t)s[3] << 24);
		crc = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^
		      table[5][(lo >> 16) & 0xff] ^ table[4][lo >> 24] ^
		      table[3][s[4]] ^ table[2][s[5]] ^ table[1][s[6]] ^ table[0][s[7]];
		s += 8;
		n -= 8;
	}
	while (n--)
		crc = table[0][(crc ^ *s++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
