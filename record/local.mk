libcprof_a_SOURCES += trace/writer.c record/events.c record/ring.c record/procs.c \
	record/session.c record/target.c record/unwind.c \
	record/output.c
noinst_HEADERS += trace/format.h trace/writer.h record/events.h record/ring.h \
	record/procs.h record/session.h record/target.h record/unwind.h \
	record/output.h
# Stack truncation wording, shared by record's summary and info.
libcprof_a_SOURCES += record/unwind_trunc.c
