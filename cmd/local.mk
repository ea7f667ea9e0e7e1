# The commands: option parsing and one file per subcommand.
cprof_SOURCES += cmd/main.c cmd/opt.c cmd/record.c cmd/fold.c cmd/info.c cmd/flame.c \
	cmd/report.c cmd/annotate.c cmd/draw.c cmd/diff.c cmd/export.c cmd/input.c
noinst_HEADERS += cmd/cmd.h cmd/draw.h
