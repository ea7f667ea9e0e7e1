/* A shared library for dw_dlopen, built without frame pointers. */
#include "dw_common.h"

FRAME unsigned long plugin_burn(unsigned long n)
{
	unsigned long s = 0;
	for (unsigned long i = 0; i < n; i++)
		s += (i * i) ^ (s >> 7);
	return s;
}

FRAME unsigned long plugin_work(void)
{
	return plugin_burn(1000000) + 3;
}
