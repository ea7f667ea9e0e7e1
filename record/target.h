/* Launching the target: forked, held until the events are open, then exec'd. */
#ifndef CPROF_TARGET_H
#define CPROF_TARGET_H

#include <sys/types.h>

struct target {
	pid_t pid;
	int go_fd;	/* written to release the child */
	int err_fd;	/* the child's exec errno, or EOF on success */
};

/* Forks a child that waits; 0 or -errno with err_msg() set. */
int target_launch(struct target *t, char *const argv[]);
/* Lets the child exec; fails (and reaps it) when the exec failed. */
int target_start(struct target *t, const char *name);
/* Kills and reaps a child that was never started. */
void target_abort(struct target *t);

#endif
