# The commands: option parsing and one file per subcommand.
# opt.c is in the library, where its unit test finds it.
libcprof_a_SOURCES += cmd/opt.c
cprof_SOURCES += cmd/main.c cmd/record.c cmd/fold.c cmd/info.c cmd/flame.c \
	cmd/report.c cmd/annotate.c cmd/draw.c cmd/diff.c cmd/export.c cmd/input.c
noinst_HEADERS += cmd/cmd.h cmd/draw.h
