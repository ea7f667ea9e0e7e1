/*
 * Where a recording's trace goes.  The recorder runs as root next to other
 * users' files: the trace is written 0600 to a new temporary file beside
 * the name asked for (never through a link someone left there) and renamed
 * into place when the recording ends, so an existing trace keeps its name
 * until then and is kept as NAME.old.  Where no file has the name, the new
 * one takes it at once as well (a second link), so that the trace of a
 * recorder that dies is where the user looks for it.  A lock on NAME.lock keeps two
 * recordings from writing the same name; the kernel drops it when its
 * holder dies, so a crash leaves no lock behind that blocks.
 */
#ifndef CPROF_OUTPUT_H
#define CPROF_OUTPUT_H

#include <stdbool.h>
#include <sys/types.h>

struct output {
	char *path;		/* the name asked for */
	char *tmp;		/* the temporary file while it exists, else NULL */
	char *lock_path;
	int lock_fd;
	int fd;			/* the temporary file, open for writing */
	bool linked;		/* path is a second link to tmp */
	dev_t dev;		/* of tmp */
	ino_t ino;
	bool kept_old;		/* the previous trace is now path.old */
};

/*
 * Takes the lock of path and creates the temporary file (o->fd).  0, or
 * -errno with err_msg() set: -EBUSY names the recording that holds the lock.
 */
int output_open(struct output *o, const char *path);
/* Keeps the trace: the previous one becomes path.old, the new one takes
 * path.  0, or -errno with err_msg() set (the temporary file stays then). */
int output_commit(struct output *o);
/* Removes the temporary file and drops the lock; the previous trace keeps
 * its name.  Also frees o after a commit; o may be zeroed. */
void output_release(struct output *o);

#endif
