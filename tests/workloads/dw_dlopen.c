/*
 * A library opened while running: main() burns CPU in early_work() for a
 * third of the time, then dlopen()s dw_plugin.so (next to this program)
 * and calls its plugin_work() for the rest.  Argument: seconds (default 2).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dw_common.h"

volatile unsigned long dw_sink;

FRAME unsigned long early_work(void)
{
	unsigned long s = 0;
	for (unsigned long i = 0; i < 1000000; i++)
		s += (i * i) ^ (s >> 3);
	return s;
}

FRAME void run_plugin(unsigned long (*work)(void), double end)
{
	while (dw_cpu() < end)
		dw_sink += work();
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0, start = dw_cpu();
	while (dw_cpu() < start + secs / 3)
		dw_sink += early_work();

	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n < 0)
		return 1;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "dw_plugin.so");
	void *lib = dlopen(path, RTLD_NOW);
	if (!lib) {
		fprintf(stderr, "dw_dlopen: %s\n", dlerror());
		return 1;
	}
	unsigned long (*work)(void);
	*(void **)&work = dlsym(lib, "plugin_work");
	if (!work)
		return 1;
	run_plugin(work, start + secs);
	dlclose(lib);
	return 0;
}
