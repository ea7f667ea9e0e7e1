/*
 * JIT symbol maps, "/tmp/perf-PID.map" as written by node --perf-basic-prof,
 * Java agents, LuaJIT and others: one "START SIZE name" line per code region
 * (START and SIZE in hex, name is the rest of the line).
 */
#ifndef CPROF_JITMAP_H
#define CPROF_JITMAP_H

#include <stddef.h>
#include <stdint.h>

struct jitmap;

/* Parses the text of a map; never fails (bad lines are skipped). */
struct jitmap *jitmap_parse(const char *text, size_t len);
/* Reads and parses a map file (only a regular file, not through a
 * symlink, never blocking); NULL with err_msg() set and errno when not. */
struct jitmap *jitmap_load(const char *path);
/* Reads a map from an open descriptor (closed by the call). */
struct jitmap *jitmap_load_fd(int fd, const char *path);
void jitmap_free(struct jitmap *j);

/* The name of the region addr falls in, or NULL.  When regions overlap
 * (code freed and reused), the one written last wins.  *start is its
 * start address. */
const char *jitmap_lookup(const struct jitmap *j, uint64_t addr, uint64_t *start);
size_t jitmap_count(const struct jitmap *j);

#endif
