/*
 * Forks a child that execs the program named in argv[1] (with argv[2…]) and
 * meanwhile burns 0.5 s of CPU in parent_work(); waits for the child, exits with 0.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) void tick(void)
{
	sink++;
}

__attribute__((noinline)) void parent_work(double secs)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	double end = ts.tv_sec + ts.tv_nsec / 1e9 + secs;
	for (unsigned long i = 0;; i++) {
		sink += i;
		if ((i & 0xfffff) == 0) {
			tick();
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
			if (ts.tv_sec + ts.tv_nsec / 1e9 > end)
				return;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	parent_work(0.5);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
