/*
 * The function scopes of an address, as libdw's dwarf_getscopes() and
 * dwarf_getscopes_die() find them (internal to sym/symelf.c).  Those walk
 * the unit from its root for every address, and again for the concrete
 * nesting: for a unit like CPython's ceval.c a millisecond per address.
 * Here each unit is walked once into a tree of the DIEs with code
 * addresses, and an address costs a binary search per level.
 */
#ifndef CPROF_SCOPES_H
#define CPROF_SCOPES_H

#include <elfutils/libdw.h>
#include <stdint.h>

#include "lib/hashmap.h"

/* The scope trees of the units of one DWARF file. */
struct scopes;
struct scope_unit;

struct scopes *scopes_new(void);
void scopes_free(struct scopes *s);

/* The tree of the unit whose root DIE is cu, built on first use. */
struct scope_unit *scopes_unit(struct scopes *s, Dwarf_Die *cu);

/*
 * The function scopes (subprograms and inlined instances) holding pc, an
 * address of the unit, from the innermost out to the subprogram that holds
 * them, as dwarf_getscopes_die() on the innermost one gives them.  Returns
 * their number, with *out pointing at them (valid until the next call);
 * 0 when libdw would give none; -1 when only libdw can tell (unusual
 * DWARF: ask it).
 */
int scope_unit_functions(struct scope_unit *u, Dwarf_Die *cu, uint64_t pc, Dwarf_Die ***out);

/* A map for the caller's use, kept with the unit (symelf: file name ->
 * interned path). */
struct hashmap *scope_unit_paths(struct scope_unit *u);

#endif
