/*
 * Deep stacks without frame pointers: main() recurses through descend()
 * DEPTH times (default 300), each frame holding some locals, and burns CPU
 * at the bottom.  The stack in use is about 25 KB: more than an 8 KiB
 * stack copy holds.  Arguments: seconds (default 2), depth.
 */
#include <stdlib.h>

#include "dw_common.h"

volatile unsigned long dw_sink;

FRAME unsigned long bottom(void)
{
	unsigned long s = 0;
	for (unsigned long i = 0; i < 300000; i++)
		s += (i * i) ^ (s >> 5);
	return s;
}

FRAME unsigned long descend(int depth)
{
	volatile unsigned long pad[8];
	pad[0] = depth;
	pad[7] = depth * 3;
	if (depth <= 0)
		return bottom() + pad[0];
	return descend(depth - 1) + pad[0] + pad[7];
}

int main(int argc, char **argv)
{
	double end = dw_cpu() + (argc > 1 ? atof(argv[1]) : 2.0);
	int depth = argc > 2 ? atoi(argv[2]) : 300;
	while (dw_cpu() < end)
		dw_sink += descend(depth);
	return 0;
}
