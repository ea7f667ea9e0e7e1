# The profile model and the text views: fold, info, `cprof report`, `cprof annotate`,
# and the folded-stack reader.
libcprof_a_SOURCES += report/profile.c report/trace_profile.c report/folded_out.c report/info.c \
	report/report.c report/report_out.c report/annotate.c report/annotate_out.c \
	report/folded_in.c report/diff.c report/export.c report/pprof_out.c report/pprof_in.c \
	report/speedscope_out.c report/perfscript.c
noinst_HEADERS += report/profile.h report/folded_out.h report/info.h report/report.h \
	report/report_internal.h report/annotate.h report/annotate_internal.h \
	report/folded_in.h report/diff.h report/export.h report/pprof.h report/perfscript.h

# The pprof format's C structs, made by protoc-c from the project's own .proto.
nodist_libcprof_a_SOURCES = report/pprof.pb-c.c
nodist_noinst_HEADERS = report/pprof.pb-c.h
BUILT_SOURCES += report/pprof.pb-c.c report/pprof.pb-c.h
CLEANFILES += report/pprof.pb-c.c report/pprof.pb-c.h
EXTRA_DIST += report/pprof.proto
report/pprof.pb-c.h: report/pprof.pb-c.c
report/pprof.pb-c.c: report/pprof.proto
	$(AM_V_GEN)$(MKDIR_P) report && \
	$(PROTOC_C) --proto_path=$(srcdir)/report --c_out=report $(srcdir)/report/pprof.proto
