/*
 * Short-lived processes: main() forks COUNT children (default 6) one after
 * the other; each burns CPU in child_work() for SECS / COUNT and exits at
 * once, so its last samples are read after it is gone.
 * Arguments: seconds (default 1.2), count.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dw_common.h"

volatile unsigned long dw_sink;

FRAME unsigned long child_work(double secs)
{
	unsigned long s = 0;
	double end = dw_cpu() + secs;
	while (dw_cpu() < end)
		for (unsigned long i = 0; i < 100000; i++)
			s += (i * i) ^ (s >> 3);
	return s;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.2;
	int count = argc > 2 ? atoi(argv[2]) : 6;
	for (int i = 0; i < count; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			dw_sink = child_work(secs / count);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return 0;
}
