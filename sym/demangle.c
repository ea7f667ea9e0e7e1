#include "config.h"

#include <string.h>

/* libiberty.h, which this includes, has its own ARRAY_SIZE and x* allocators:
 * nothing here needs lib/util.h. */
#include <libiberty/demangle.h>

#include "lib/buf.h"
#include "sym/demangle.h"

/*
 * The callback forms of libiberty's demanglers are used on purpose: they
 * allocate with plain malloc, while cplus_demangle() drags in libiberty's own
 * xmalloc, which collides with lib/util.c's at link time.
 */
static void append(const char *s, size_t n, void *opaque)
{
	buf_put(opaque, s, n);
}

static char *finish(struct buf *b, int ok)
{
	if (!ok || b->n == 0) {
		buf_release(b);
		return NULL;
	}
	buf_put_u8(b, 0);
	return (char *)b->p;
}

char *demangle(const char *name)
{
	struct buf b = {0};
	int opts = DMGL_PARAMS | DMGL_ANSI;

	/* Plain C names are the common case: skip the demanglers' own parse. */
	if (name[0] != '_' || (name[1] != 'Z' && name[1] != 'R'))
		return NULL;
	/* Rust first: its legacy names ("_ZN…17h<hash>E") are valid C++ names
	 * too, and read better without the hash; v0 names start with "_R". */
	if (rust_demangle_callback(name, opts, append, &b))
		return finish(&b, 1);
	buf_release(&b);
	if (name[1] != 'Z')
		return NULL;
	return finish(&b, cplus_demangle_v3_callback(name, opts, append, &b));
}
