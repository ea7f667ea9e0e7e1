# The recorder: perf_event_open sessions, ring buffers, targets, the process
# model, DWARF unwinding, the output file.
libcprof_a_SOURCES += record/events.c record/ring.c record/procs.c record/session.c \
	record/target.c record/unwind.c record/output.c record/fpchain.c record/offcpu.c record/ends.c record/rss.c record/rotate.c record/malloc.c record/perfdata.c record/perfrec.c
noinst_HEADERS += record/events.h record/ring.h record/procs.h record/session.h \
	record/target.h record/unwind.h record/output.h record/fpchain.h record/offcpu.h record/ends.h record/rss.h record/rotate.h record/malloc.h record/perfrec.h record/perfdata.h
