libcprof_a_SOURCES += lib/util.c lib/array.c lib/hashmap.c lib/strtab.c lib/buf.c lib/crc32.c lib/utf8.c lib/term.c lib/lines.c
noinst_HEADERS += lib/util.h lib/array.h lib/hashmap.h lib/strtab.h lib/buf.h lib/crc32.h lib/utf8.h lib/term.h lib/lines.h
