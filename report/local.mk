libcprof_a_SOURCES += report/profile.c
noinst_HEADERS += report/profile.h
libcprof_a_SOURCES += report/trace.c report/trace_profile.c
noinst_HEADERS += report/trace.h report/trace_internal.h report/symbols.h
include report/symbols.mk
libcprof_a_SOURCES += report/fold.c
noinst_HEADERS += report/fold.h
libcprof_a_SOURCES += report/info.c
noinst_HEADERS += report/info.h
include report/report.mk
libcprof_a_SOURCES += report/folded.c
noinst_HEADERS += report/folded.h
