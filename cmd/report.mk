# The text views' commands.
cprof_SOURCES += cmd/report.c
cprof_SOURCES += cmd/annotate.c
