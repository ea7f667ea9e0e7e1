/*
 * The search for a binary's separate debug file, and for the dwz file its
 * DWARF refers to, as libdwfl's standard search does it (by build-id under
 * the debug directories, then by .gnu_debuglink name beside the binary,
 * in its .debug/ and under the debug directories), but opening every
 * candidate through sym/binfile: under the process's root, without
 * blocking, regular files only, and checked against the build-id (or the
 * debuglink CRC) before libdwfl is given the descriptor.
 */
#ifndef CPROF_DEBUGFIND_H
#define CPROF_DEBUGFIND_H

#include <stddef.h>
#include <stdint.h>

struct binfile;
struct debugfind;

/*
 * A search for the debug files of bin (not taken over; it must outlive the
 * search).  path is where bin is in the root rootfd (-1: ours; duplicated,
 * so the caller keeps its own); dirs (NULL-terminated, may be NULL) are
 * extra absolute debug directories in our root, searched first.
 */
struct debugfind *debugfind_new(const struct binfile *bin, int rootfd, const char *path,
				char *const *dirs);
void debugfind_free(struct debugfind *f);

/*
 * The debug file of the binary: its fd (for libdwfl, which takes it over)
 * and *name its malloc'd name, or -1 with *name untouched.  debuglink and
 * crc are the binary's .gnu_debuglink (NULL, 0 when it has none).
 */
int debugfind_debuginfo(struct debugfind *f, const char *debuglink, uint32_t crc, char **name);

/*
 * Whether a libdwfl request for link is the one for the dwz file that the
 * DWARF already found names in .gnu_debugaltlink: libdwfl asks the same
 * callback for both, with the alt file's name in place of the debuglink.
 */
int debugfind_is_alt(const struct debugfind *f, const char *link, uint32_t crc);

/* The debug file b, found elsewhere (debuginfod) at path in our root,
 * may name the dwz file: noted for debugfind_is_alt(). */
void debugfind_note_alt(struct debugfind *f, const struct binfile *b, const char *path);

/* The dwz file, found as debugfind_debuginfo() finds the debug file. */
int debugfind_alt(struct debugfind *f, char **name);

/* The build-id the alt file must have (0 when there is no alt link). */
size_t debugfind_alt_id(const struct debugfind *f, const uint8_t **id);

#endif
