# The trace file: its format, the writer the recorder uses, the reader every view uses.
libcprof_a_SOURCES += trace/writer.c trace/trace.c trace/tables.c trace/trunc.c trace/multi.c
noinst_HEADERS += trace/format.h trace/writer.h trace/trace.h trace/trunc.h trace/multi.h
