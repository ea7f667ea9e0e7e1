/* The leaf of the LTO workload (see outer.c), in a file of its own so that
 * only link-time optimization can inline it. */
#include <stdint.h>

uint64_t lto_leaf(uint64_t x);

uint64_t lto_leaf(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}
