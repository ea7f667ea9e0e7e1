/*
 * libFuzzer target: the parts of an ELF file that name code without
 * symbols (sym/plt.c's stubs and relocations, sym/fdeindex.c's
 * .eh_frame_hdr table), read through libelf from the input's bytes, then
 * looked up at addresses over the file's range.
 */
#include "config.h"

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sym/fdeindex.h"
#include "sym/plt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		elf_version(EV_CURRENT);
		ready = true;
	}
	/* libelf may write into its image: a copy of the input. */
	char *image = malloc(size ? size : 1);
	if (!image)
		return 0;
	memcpy(image, data, size);
	Elf *elf = elf_memory(image, size);
	if (elf) {
		struct plt *p = plt_read(elf);
		struct fdeindex *x = fdeindex_read(elf);
		uint64_t start;
		size_t named = 0;
		for (uint64_t a = 0; a < 0x10000; a += 4) {
			const char *n = plt_target(p, a);
			named += n ? strlen(n) : 0;
			named += fdeindex_start(x, a, &start);
		}
		/* Names are read to their end, so a bad one shows under ASan. */
		if (named == SIZE_MAX)
			abort();
		plt_free(p);
		fdeindex_free(x);
		elf_end(elf);
	}
	free(image);
	return 0;
}
