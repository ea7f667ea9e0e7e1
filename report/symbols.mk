# Symbolization: ELF/DWARF (libdw), kallsyms, JIT maps, demangling (libiberty).
libcprof_a_SOURCES += report/symbols.c report/symelf.c report/kallsyms.c \
	report/jitmap.c report/demangle.c
noinst_HEADERS += report/symelf.h report/kallsyms.h report/jitmap.h report/demangle.h
DEP_LIBS += $(LIBIBERTY_LIBS)
