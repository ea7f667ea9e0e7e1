#include "config.h"

#include "lib/array.h"
#include "lib/util.h"

void array_grow_(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*v = xrealloc(*v, n * elem);
	*cap = n;
}
