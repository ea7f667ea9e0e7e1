#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/output.h"

/*
 * A POSIX lock rather than flock: F_GETLK tells who holds it, so the
 * second recording can name the first.  The lock file is opened once and
 * kept open, as closing any descriptor of it would drop the lock.
 */
static int take_lock(struct output *o)
{
	/* An ending recording removes the file it locked: a lock taken on a
	 * file no longer at that name guards nothing, so it is taken again. */
	for (int tries = 0; tries < 10; tries++) {
		int fd = open(o->lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
			      0600);
		if (fd < 0)
			return err_errno(errno, "cannot create the lock file '%s'", o->lock_path);
		struct stat held, named;
		if (fstat(fd, &held) < 0 || !S_ISREG(held.st_mode)) {
			close(fd);
			return err_set(EINVAL, "'%s' is not a regular file: remove it, or choose "
				       "another -o", o->lock_path);
		}
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fcntl(fd, F_SETLK, &fl) < 0) {
			int err = errno;
			if (err != EACCES && err != EAGAIN) {
				close(fd);
				return err_errno(err, "cannot lock '%s'", o->lock_path);
			}
			fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET };
			int pid = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? fl.l_pid : 0;
			close(fd);
			if (pid > 0)
				return err_set(EBUSY, "'%s' is being written by another recording "
					       "(process %d): wait for it to end, or choose another -o",
					       o->path, pid);
			return err_set(EBUSY, "'%s' is being written by another recording: wait "
				       "for it to end, or choose another -o", o->path);
		}
		if (lstat(o->lock_path, &named) == 0 && named.st_dev == held.st_dev &&
		    named.st_ino == held.st_ino) {
			o->lock_fd = fd;
			return 0;
		}
		close(fd);
	}
	return err_set(EBUSY, "cannot lock '%s': other recordings keep replacing it",
		       o->lock_path);
}

/* The directory part of path ("" for a bare name) with a trailing slash. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, slash - path + 1) : xstrdup("");
}

int output_open(struct output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->fd = o->lock_fd = -1;
	o->path = xstrdup(path);
	o->lock_path = xasprintf("%s.lock", path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (!*base)
		return err_set(EISDIR, "'%s' is a directory: give a file name", path);
	struct stat st;
	/* Found now, not after the whole recording. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(EISDIR, "'%s' is a directory: give a file name", path);
	int rc = take_lock(o);
	if (rc < 0)
		return rc;
	char *dir = dir_of(path);
	/* mkostemp creates with O_EXCL and mode 0600: the name is new, and
	 * the trace (kernel addresses, command lines) is the caller's only. */
	char *tmp = xasprintf("%s.%s.XXXXXX", dir, base);
	free(dir);
	o->fd = mkostemp(tmp, O_CLOEXEC);
	if (o->fd < 0) {
		rc = err_errno(errno, "cannot create a file beside '%s'", path);
		free(tmp);
		return rc;
	}
	o->tmp = tmp;
	if (fstat(o->fd, &st) == 0) {
		o->dev = st.st_dev;
		o->ino = st.st_ino;
		/* link never replaces a file nor follows a link at path. */
		o->linked = link(tmp, path) == 0;
	}
	return 0;
}

/* Whether name is still the trace being written (nobody replaced it). */
static bool is_ours(const struct output *o, const char *name)
{
	struct stat st;
	return lstat(name, &st) == 0 && st.st_dev == o->dev && st.st_ino == o->ino;
}

int output_commit(struct output *o)
{
	struct stat st;
	if (o->linked && is_ours(o, o->path)) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		o->linked = false;
		return 0;
	}
	o->linked = false;
	if (lstat(o->path, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
		/* rename moves a link itself, never what it points to. */
		char *old = xasprintf("%s.old", o->path);
		int rc = rename(o->path, old) < 0 ?
			 err_errno(errno, "cannot rename '%s' to '%s'", o->path, old) : 0;
		free(old);
		if (rc < 0)
			return rc;
		o->kept_old = true;
	}
	if (rename(o->tmp, o->path) < 0) {
		int rc = err_errno(errno, "cannot rename '%s' to '%s' (the trace stays there)",
				   o->tmp, o->path);
		/* The recording is in it: the message names it, nothing removes it. */
		free(o->tmp);
		o->tmp = NULL;
		if (o->kept_old) {
			char *old = xasprintf("%s.old", o->path);
			if (rename(old, o->path) == 0)
				o->kept_old = false;
			free(old);
		}
		return rc;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void output_release(struct output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->linked && o->tmp && is_ours(o, o->path))
		unlink(o->path);
	if (o->tmp)
		unlink(o->tmp);
	if (o->lock_fd >= 0) {
		/* Removed while still held: a recording waiting on this file
		 * finds it gone and takes the lock on a new one. */
		unlink(o->lock_path);
		close(o->lock_fd);
	}
	free(o->tmp);
	free(o->path);
	free(o->lock_path);
	memset(o, 0, sizeof(*o));
	o->fd = o->lock_fd = -1;
}
