/*
 * Known profile without frame pointers: main() calls path_a() and
 * path_b(), which burn CPU in the same leaf in the ratio 2:1.  The results
 * are used after each call, so no call becomes a jump.  Argument: seconds
 * to run (default 2).
 */
#include <stdlib.h>

#include "dw_common.h"

volatile unsigned long dw_sink;

FRAME unsigned long burn(unsigned long n)
{
	unsigned long s = 0;
	for (unsigned long i = 0; i < n; i++)
		s += (i * i) ^ (s >> 3);
	return s;
}

FRAME unsigned long path_a(void)
{
	return burn(2000000) + 1;
}

FRAME unsigned long path_b(void)
{
	return burn(1000000) + 2;
}

int main(int argc, char **argv)
{
	double end = dw_cpu() + (argc > 1 ? atof(argv[1]) : 2.0);
	while (dw_cpu() < end) {
		dw_sink += path_a();
		dw_sink += path_b();
	}
	return 0;
}
