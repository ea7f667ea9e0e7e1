#include "config.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/crc32.h"
#include "lib/util.h"
#include "sym/binfile.h"
#include "sym/debugfind.h"

/* libdwfl's own build-id limits: shorter or longer ids are not looked up. */
#define MIN_ID 3
#define MAX_ID 64

/* Where debug files are looked for, in libdwfl's order. */
enum place {
	PLACE_DIR,	/* an absolute debug directory */
	PLACE_BESIDE,	/* the binary's own directory */
	PLACE_DOTDEBUG,	/* its .debug/ subdirectory */
};

struct entry {
	enum place place;
	int rootfd;		/* the root it is in: f->rootfd or -1 */
	const char *dir;	/* PLACE_DIR only */
};

struct debugfind {
	const struct binfile *bin;
	int rootfd;		/* owned; -1: our root */
	char *bindir;		/* the binary's directory in its root, or NULL */
	char *binbase;
	dev_t dev;
	ino_t ino;
	bool have_ident;
	ARRAY(struct entry) places;

	/* The .gnu_debugaltlink of the file libdwfl reads DWARF from. */
	char *alt_name;
	uint8_t *alt_id;
	size_t alt_id_len;
	int alt_rootfd;		/* f->rootfd or -1 */
	char *alt_dir;		/* that file's directory, for a relative name */
};

/* What a candidate must be to be the file looked for. */
struct want {
	const uint8_t *id;	/* its build-id, when known */
	size_t id_len;
	bool crc_check;		/* no build-id: the debuglink CRC instead */
	uint32_t crc;
};

/* ---- the binary's links ---- */

/* The .gnu_debugaltlink section of elf: the dwz file's name and build-id. */
static bool read_altlink(Elf *elf, const char **name, const uint8_t **id, size_t *len)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return false;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *sname;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
		    !(sname = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(sname, ".gnu_debugaltlink") != 0)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf)
			return false;
		const char *s = d->d_buf;
		size_t n = strnlen(s, d->d_size);
		if (n == 0 || n + 1 >= d->d_size)
			return false;
		*name = s;
		*id = (const uint8_t *)s + n + 1;
		*len = d->d_size - n - 1;
		return true;
	}
	return false;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
}

/* Remembers b's alt link, found at path in root rootfd. */
static void note_altlink(struct debugfind *f, const struct binfile *b, int rootfd,
			 const char *path)
{
	const char *name;
	const uint8_t *id;
	size_t len;

	if (!read_altlink(binfile_elf(b), &name, &id, &len))
		return;
	free(f->alt_name);
	free(f->alt_id);
	free(f->alt_dir);
	f->alt_name = xstrdup(name);
	f->alt_id = xmalloc(len);
	memcpy(f->alt_id, id, len);
	f->alt_id_len = len;
	f->alt_rootfd = rootfd;
	f->alt_dir = dir_of(path);
}

void debugfind_note_alt(struct debugfind *f, const struct binfile *b, const char *path)
{
	note_altlink(f, b, -1, path);
}

/* ---- setup ---- */

static void add_place(struct debugfind *f, enum place place, int rootfd, const char *dir)
{
	array_push(&f->places, ((struct entry){ place, rootfd, dir }));
}

struct debugfind *debugfind_new(const struct binfile *bin, int rootfd, const char *path,
				char *const *dirs)
{
	struct debugfind *f = xcalloc(1, sizeof(*f));

	f->bin = bin;
	f->rootfd = rootfd >= 0 ? fcntl(rootfd, F_DUPFD_CLOEXEC, 0) : -1;
	if (rootfd >= 0 && f->rootfd < 0) {
		/* No way back into the process's root: search nothing there. */
		f->rootfd = -2;
	}
	if (path[0] == '/') {
		f->bindir = dir_of(path);
		f->binbase = xstrdup(strrchr(path, '/') + 1);
	}
	f->have_ident = binfile_identity(bin, &f->dev, &f->ino);
	f->alt_rootfd = f->rootfd;

	/* Explicit directories first; then beside the file, its .debug/,
	 * the process's /usr/lib/debug and ours (a file there is used only
	 * when its build-id or CRC proves it is the right one). */
	for (size_t i = 0; dirs && dirs[i]; i++)
		if (dirs[i][0] == '/')
			add_place(f, PLACE_DIR, -1, dirs[i]);
	if (f->rootfd != -2) {
		add_place(f, PLACE_BESIDE, f->rootfd, NULL);
		add_place(f, PLACE_DOTDEBUG, f->rootfd, NULL);
		if (f->rootfd >= 0)
			add_place(f, PLACE_DIR, f->rootfd, "/usr/lib/debug");
	}
	add_place(f, PLACE_DIR, -1, "/usr/lib/debug");

	/* The binary's own DWARF may be the one with an alt link. */
	if (f->bindir && f->rootfd != -2)
		note_altlink(f, bin, f->rootfd, path);
	return f;
}

void debugfind_free(struct debugfind *f)
{
	if (!f)
		return;
	if (f->rootfd >= 0)
		close(f->rootfd);
	free(f->bindir);
	free(f->binbase);
	array_free(&f->places);
	free(f->alt_name);
	free(f->alt_id);
	free(f->alt_dir);
	free(f);
}

/* ---- candidates ---- */

static bool wanted(const struct binfile *b, const struct want *w)
{
	if (w->id_len)
		return binfile_build_id_matches(b, w->id, w->id_len);
	if (w->crc_check) {
		size_t len;
		const void *raw = binfile_raw(b, &len);
		return raw && crc32_update(0, raw, len) == w->crc;
	}
	return true;
}

/*
 * Opens path in root rootfd through binfile (never blocking, regular
 * files only) and keeps it when it is the file wanted: NULL otherwise.
 * The binary itself by another name is not its own debug file.
 */
static struct binfile *candidate(const struct debugfind *f, int rootfd, const char *path,
				 enum binfile_follow follow, const struct want *w)
{
	struct stat st;
	int fd = binfile_open_fd(rootfd, path, follow, &st);

	if (fd < 0)
		return NULL;
	if (f->have_ident && st.st_dev == f->dev && st.st_ino == f->ino) {
		close(fd);
		return NULL;
	}
	struct binfile *b = binfile_from_fd(fd, path, NULL);
	if (b && !wanted(b, w)) {
		binfile_free(b);
		b = NULL;
	}
	return b;
}

/* The name libdwfl keeps for a file: one that leads to it from our root. */
static char *outside_name(int rootfd, const char *path)
{
	return rootfd >= 0 ? xasprintf("/proc/self/fd/%d%s", rootfd, path) : xstrdup(path);
}

/* Gives libdwfl a descriptor on b (it takes it over) and frees b. */
static int hand_over(struct binfile *b, int rootfd, const char *path, char **name)
{
	int fd = binfile_dup_fd(b);
	if (fd >= 0)
		*name = outside_name(rootfd, path);
	binfile_free(b);
	return fd;
}

/* DIR/.build-id/xx/rest.debug: symlinks there are the rule (into the
 * distribution's tree, or ../../.dwz/...), so they are followed; what
 * they lead to must still be a regular file with the build-id. */
static struct binfile *by_build_id(const struct debugfind *f, const struct entry *e,
				   const struct want *w, char **path)
{
	char hex[2 * MAX_ID + 1];

	for (size_t i = 0; i < w->id_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", w->id[i]);
	*path = xasprintf("%s/.build-id/%.2s/%s.debug", e->dir, hex, hex + 2);
	struct binfile *b = candidate(f, e->rootfd, *path, BINFILE_FOLLOW, w);
	if (!b) {
		free(*path);
		*path = NULL;
	}
	return b;
}

static int search_build_id(struct debugfind *f, const struct want *w, char **name,
			   bool note_alt)
{
	if (w->id_len < MIN_ID || w->id_len > MAX_ID)
		return -1;
	for (size_t i = 0; i < f->places.n; i++) {
		const struct entry *e = &f->places.v[i];
		char *path;
		if (e->place != PLACE_DIR)
			continue;
		struct binfile *b = by_build_id(f, e, w, &path);
		if (b) {
			if (note_alt)
				note_altlink(f, b, e->rootfd, path);
			int fd = hand_over(b, e->rootfd, path, name);
			free(path);
			if (fd >= 0)
				return fd;
		}
	}
	return -1;
}

/* Tries dir/sub/file (sub, dir may be NULL) with the last component not
 * followed: outside the build-id tree a debug file is the file itself. */
static int try_name(struct debugfind *f, int rootfd, const char *dir, const char *sub,
		    const char *file, const struct want *w, bool note_alt, char **name)
{
	char *path = xasprintf("%s%s%s%s%s", dir ? dir : "", dir ? "/" : "", sub ? sub : "",
			       sub ? "/" : "", file);
	struct binfile *b = candidate(f, rootfd, path, BINFILE_NOFOLLOW, w);
	int fd = -1;
	if (b) {
		if (note_alt)
			note_altlink(f, b, rootfd, path);
		fd = hand_over(b, rootfd, path, name);
	}
	free(path);
	return fd;
}

/*
 * DIR/<the binary's directory>/file, then with the directory's leading
 * components dropped one at a time, then DIR/file, as libdwfl does;
 * also with the binary's own name when the .debug name was made up.
 */
static int search_dir(struct debugfind *f, const struct entry *e, const char *file,
		      const char *alt_file, const struct want *w, char **name)
{
	for (const char *sub = f->bindir;; ) {
		sub = sub ? strchr(sub, '/') : NULL;
		if (sub)
			sub++;
		if (sub && !*sub)
			return -1;	/* the binary is in /: nothing to look for */
		int fd = try_name(f, e->rootfd, e->dir, sub, file, w, true, name);
		if (fd < 0 && alt_file)
			fd = try_name(f, e->rootfd, e->dir, sub, alt_file, w, true, name);
		if (fd >= 0 || !sub)
			return fd;
	}
}

int debugfind_debuginfo(struct debugfind *f, const char *debuglink, uint32_t crc, char **name)
{
	const uint8_t *id;
	size_t id_len = binfile_build_id(f->bin, &id);
	/* libdwfl checks the build-id when there is one, else the CRC of a
	 * .gnu_debuglink (none for a name it made up). */
	struct want w = { id, id_len, !id_len && debuglink && crc, crc };
	int fd = id_len ? search_build_id(f, &w, name, true) : -1;

	if (fd >= 0 || !f->bindir || (debuglink && !*debuglink))
		return fd;
	char *made_up = debuglink ? NULL : xasprintf("%s.debug", f->binbase);
	const char *file = debuglink ? debuglink : made_up;
	for (size_t i = 0; fd < 0 && i < f->places.n; i++) {
		const struct entry *e = &f->places.v[i];
		switch (e->place) {
		case PLACE_BESIDE:
			fd = try_name(f, e->rootfd, f->bindir, NULL, file, &w, true, name);
			break;
		case PLACE_DOTDEBUG:
			fd = try_name(f, e->rootfd, f->bindir, ".debug", file, &w, true, name);
			if (fd < 0 && made_up)
				fd = try_name(f, e->rootfd, f->bindir, ".debug", f->binbase, &w,
					      true, name);
			break;
		case PLACE_DIR:
			fd = search_dir(f, e, file, made_up ? f->binbase : NULL, &w, name);
			break;
		}
	}
	free(made_up);
	return fd;
}

/* ---- the dwz file ---- */

int debugfind_is_alt(const struct debugfind *f, const char *link, uint32_t crc)
{
	return crc == 0 && link && f->alt_name && strcmp(link, f->alt_name) == 0;
}

size_t debugfind_alt_id(const struct debugfind *f, const uint8_t **id)
{
	*id = f->alt_id;
	return f->alt_name ? f->alt_id_len : 0;
}

/*
 * Where libdw and libdwfl look for it: by its build-id under the debug
 * directories, by its name (absolute, or relative to the file with the
 * link), and as .dwz/<base> or <base> in each debug directory.
 */
int debugfind_alt(struct debugfind *f, char **name)
{
	if (!f->alt_name)
		return -1;
	struct want w = { f->alt_id, f->alt_id_len, false, 0 };
	int fd = search_build_id(f, &w, name, false);
	const char *altname = f->alt_name;
	const char *base = strrchr(altname, '/') ? strrchr(altname, '/') + 1 : altname;

	if (fd < 0 && f->alt_rootfd != -2) {
		if (altname[0] == '/')
			fd = try_name(f, f->alt_rootfd, NULL, NULL, altname, &w, false, name);
		else if (f->alt_dir)
			fd = try_name(f, f->alt_rootfd, f->alt_dir, NULL, altname, &w, false, name);
	}
	/* An absolute name in the process's root may be a distribution's
	 * path that only our root has: the build-id decides. */
	if (fd < 0 && altname[0] == '/' && f->alt_rootfd >= 0)
		fd = try_name(f, -1, NULL, NULL, altname, &w, false, name);
	for (size_t i = 0; fd < 0 && i < f->places.n; i++) {
		const struct entry *e = &f->places.v[i];
		if (e->place != PLACE_DIR || !*base)
			continue;
		fd = try_name(f, e->rootfd, e->dir, ".dwz", base, &w, false, name);
		if (fd < 0)
			fd = try_name(f, e->rootfd, e->dir, NULL, base, &w, false, name);
	}
	return fd;
}
