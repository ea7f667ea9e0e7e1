cprof_SOURCES += cmd/main.c cmd/opt.c cmd/record.c cmd/fold.c cmd/info.c cmd/flame.c
noinst_HEADERS += cmd/cmd.h
include cmd/report.mk
