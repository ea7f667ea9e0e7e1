# The text views: `cprof report` and `cprof annotate`.
libcprof_a_SOURCES += report/report.c report/report_out.c report/annotate.c \
	report/annotate_out.c lib/term.c
noinst_HEADERS += report/report.h report/report_internal.h report/annotate.h \
	report/annotate_internal.h lib/term.h
