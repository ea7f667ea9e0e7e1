# Symbolization: ELF/DWARF (libdw), kallsyms, JIT maps, demangling (libiberty).
libcprof_a_SOURCES += sym/binfile.c sym/debugfind.c sym/symbols.c sym/symelf.c sym/kallsyms.c sym/jitmap.c sym/demangle.c \
	sym/plt.c sym/fdeindex.c sym/symindex.c sym/scopes.c
noinst_HEADERS += sym/binfile.h sym/debugfind.h sym/symbols.h sym/symelf.h sym/kallsyms.h sym/jitmap.h sym/demangle.h \
	sym/plt.h sym/fdeindex.h sym/symindex.h sym/scopes.h
DEP_LIBS += $(LIBIBERTY_LIBS)
