libcprof_a_SOURCES += report/profile.c
noinst_HEADERS += report/profile.h
