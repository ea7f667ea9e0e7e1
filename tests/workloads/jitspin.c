/*
 * Spins in anonymous executable memory, as JIT-compiled code runs, for
 * the seconds given (wall clock, rounded up), then exits.  It prints
 * "ready PID ADDR SIZE" (ADDR in hex) once running, so a test can write a
 * JIT map (/tmp/perf-PID.map) naming that code.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void stop(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	/* pause; jmp back to the pause */
	static const unsigned char loop[] = { 0xf3, 0x90, 0xeb, 0xfc };
	double secs = argc > 1 ? atof(argv[1]) : 2;
	size_t size = 4096;
	unsigned char *code = mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void (*fn)(void);

	if (code == MAP_FAILED || secs <= 0)
		return 1;
	memcpy(code, loop, sizeof(loop));
	if (mprotect(code, size, PROT_READ | PROT_EXEC) != 0)
		return 1;
	signal(SIGALRM, stop);
	alarm((unsigned)(secs + 0.999));
	printf("ready %d %lx %zx\n", (int)getpid(), (unsigned long)code, size);
	fflush(stdout);
	memcpy(&fn, &code, sizeof(fn));
	fn();
	return 0;
}
