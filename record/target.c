#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/target.h"

int target_launch(struct target *t, char *const argv[])
{
	int go[2], err[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return err_errno(errno, "cannot create a pipe");
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		return err_errno(errno, "cannot create a pipe");
	}
	/* Forked before cprof installs its signal handlers, so the target keeps
	 * the dispositions cprof was started with (an ignored SIGINT stays so). */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(go[0]), close(go[1]), close(err[0]), close(err[1]);
		return err_errno(e, "cannot fork");
	}
	if (pid == 0) {
		close(go[1]);
		close(err[0]);
		char c;
		/* EOF without a byte: cprof gave up; leave without running anything. */
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		int e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(err[1]);
	t->pid = pid;
	t->go_fd = go[1];
	t->err_fd = err[0];
	return 0;
}

int target_start(struct target *t, const char *name)
{
	char c = 1;
	ssize_t w = write(t->go_fd, &c, 1);
	close(t->go_fd);
	t->go_fd = -1;
	int e = 0;
	ssize_t r;
	do
		r = read(t->err_fd, &e, sizeof(e));
	while (r < 0 && errno == EINTR);
	close(t->err_fd);
	t->err_fd = -1;
	if (w == 1 && r == 0)
		return 0;
	waitpid(t->pid, NULL, 0);
	t->pid = 0;
	if (r == sizeof(e))
		return err_errno(e, "cannot run '%s'", name);
	return err_set(EIO, "cannot run '%s'", name);
}

void target_abort(struct target *t)
{
	if (t->go_fd >= 0)
		close(t->go_fd);
	if (t->err_fd >= 0)
		close(t->err_fd);
	if (t->pid > 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
	}
	t->pid = 0;
}
