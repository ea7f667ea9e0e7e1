/* Demangling of C++ and Rust symbol names. */
#ifndef CPROF_DEMANGLE_H
#define CPROF_DEMANGLE_H

/*
 * The readable form of a mangled C++ (Itanium ABI) or Rust (legacy or v0)
 * name, with parameter types: "ns::Class::method(int)".  Returns a string the
 * caller frees, or NULL when name is not a mangled name (plain C names).
 */
char *demangle(const char *name);

#endif
