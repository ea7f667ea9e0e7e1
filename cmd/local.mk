cprof_SOURCES += cmd/main.c cmd/opt.c
noinst_HEADERS += cmd/cmd.h
