/* Pairing allocator entries, returns and frees (record/malloc.h). */
#include "config.h"

#include "record/malloc.h"
#include "tests/unit/check.h"

/* One call: entry of probe p on tid, then its return with addr. */
static bool call(struct heap *h, uint32_t tid, enum heap_probe p, uint64_t a0, uint64_t a1,
		 uint32_t node, uint64_t addr, struct heap_alloc *out)
{
	if (heap_entry(h, tid, p, a0, a1))
		heap_entry_stack(h, tid, 100, tid, node, 0);
	return heap_return(h, tid, addr, out);
}

static uint64_t leaked(struct heap *h, uint32_t node)
{
	struct heap_alloc a;
	uint64_t n = 0;
	for (size_t i = 0; heap_leak(h, &i, &a);)
		if (a.node == node)
			n += a.weight;
	return n;
}

static void test_pairs(void)
{
	struct heap h;
	struct heap_alloc a;
	heap_init(&h, 0);
	CHECK(call(&h, 1, HP_MALLOC, 100, 0, 7, 0x1000, &a));
	CHECK_INT(a.weight, 100);
	CHECK_INT(a.node, 7);
	/* calloc multiplies; an overflowing one allocates nothing */
	CHECK(call(&h, 2, HP_CALLOC, 10, 30, 8, 0x2000, &a));
	CHECK_INT(a.weight, 300);
	CHECK(!call(&h, 2, HP_CALLOC, 1ull << 40, 1ull << 40, 8, 0, &a));
	/* a failed malloc is no allocation */
	CHECK(!call(&h, 1, HP_MALLOC, 50, 0, 7, 0, &a));
	CHECK_INT(leaked(&h, 7), 100);
	CHECK_INT(leaked(&h, 8), 300);
	heap_free(&h, 0x1000);
	heap_free(&h, 0x1000);	/* twice: nothing more */
	heap_free(&h, 0x9999);	/* never seen */
	CHECK_INT(leaked(&h, 7), 0);
	/* realloc moves the block: the old one is freed, the new size leaks */
	CHECK(call(&h, 2, HP_REALLOC, 0x2000, 500, 9, 0x3000, &a));
	CHECK_INT(a.weight, 500);
	CHECK_INT(leaked(&h, 8), 0);
	CHECK_INT(leaked(&h, 9), 500);
	/* grown in place: one block, its new size */
	CHECK(call(&h, 2, HP_REALLOC, 0x3000, 900, 10, 0x3000, &a));
	CHECK_INT(leaked(&h, 9), 0);
	CHECK_INT(leaked(&h, 10), 900);
	/* a return without its entry (lost) is counted, not guessed */
	CHECK(!heap_return(&h, 3, 0x4000, &a));
	CHECK_INT(h.unmatched, 1);
	/* threads pair their own calls */
	CHECK_INT(heap_entry(&h, 4, HP_MALLOC, 11, 0), 11);
	CHECK_INT(heap_entry(&h, 5, HP_MALLOC, 22, 0), 22);
	CHECK(heap_return(&h, 4, 0x5000, &a) && a.size == 11);
	CHECK(heap_return(&h, 5, 0x6000, &a) && a.size == 22);
	heap_release(&h);
}

/*
 * One allocation per 1000 bytes on average, weighed back: the totals hold
 * within the sampling noise (about 100 samples of the 10-byte calls: 10%
 * each way is three standard deviations), and an alternating pattern does
 * not put every sample on one side.
 */
static void test_sampling(void)
{
	struct heap h;
	struct heap_alloc a;
	heap_init(&h, 1000);
	uint64_t small = 0, big = 0, calls = 0;
	for (int i = 0; i < 10000; i++) {
		uint64_t addr = 0x10000 + 16 * (uint64_t)i;
		if (call(&h, 1, HP_MALLOC, 10, 0, 1, addr, &a))
			small += a.weight, calls++;
		if (call(&h, 1, HP_MALLOC, 90, 0, 2, addr + 8, &a))
			big += a.weight, calls++;
	}
	CHECK_NEAR((double)(small + big), 1e6, 5e4);
	CHECK_NEAR((double)small, 1e5, 3e4);
	CHECK_NEAR((double)calls, 960, 100);
	CHECK_NEAR((double)big / (double)small, 9.0, 3.0);
	/* a block far larger than the mean gap is always taken, weighed
	 * by its size / (1 - e^-10) */
	CHECK(call(&h, 1, HP_MALLOC, 10000, 0, 3, 0x900000, &a));
	CHECK_INT(a.weight, 10000);
	/* sampled blocks leak with their weight */
	CHECK_INT(leaked(&h, 3), 10000);
	heap_release(&h);
}

int main(void)
{
	test_pairs();
	test_sampling();
	return check_exit();
}
