# The profile model and the text views: fold, info, `cprof report`, `cprof annotate`,
# and the folded-stack reader.
libcprof_a_SOURCES += report/profile.c report/trace_profile.c report/fold.c report/info.c \
	report/report.c report/report_out.c report/annotate.c report/annotate_out.c \
	report/folded.c report/diff.c report/perfscript.c
noinst_HEADERS += report/profile.h report/fold.h report/info.h report/report.h \
	report/report_internal.h report/annotate.h report/annotate_internal.h \
	report/folded.h report/diff.h report/perfscript.h
