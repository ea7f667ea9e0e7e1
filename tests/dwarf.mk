# DWARF unwinding while recording: workloads built as distributions build
# (-O2, no frame pointers), end-to-end tests, the comparison with perf and
# the benchmark.
DW_CFLAGS = -O2 -g -fomit-frame-pointer

check_PROGRAMS += tests/workloads/dw_split tests/workloads/dw_recurse \
	tests/workloads/dw_qsort tests/workloads/dw_threads tests/workloads/dw_dlopen \
	tests/workloads/dw_plugin.so tests/workloads/dw_forks
tests_workloads_dw_split_SOURCES = tests/workloads/dw_split.c tests/workloads/dw_common.h
tests_workloads_dw_split_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_split_LDFLAGS =
tests_workloads_dw_recurse_SOURCES = tests/workloads/dw_recurse.c tests/workloads/dw_common.h
tests_workloads_dw_recurse_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_recurse_LDFLAGS =
tests_workloads_dw_qsort_SOURCES = tests/workloads/dw_qsort.c tests/workloads/dw_common.h
tests_workloads_dw_qsort_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_qsort_LDFLAGS =
tests_workloads_dw_threads_SOURCES = tests/workloads/dw_threads.c tests/workloads/dw_common.h
tests_workloads_dw_threads_CFLAGS = $(DW_CFLAGS) -pthread
tests_workloads_dw_threads_LDFLAGS = -pthread
tests_workloads_dw_dlopen_SOURCES = tests/workloads/dw_dlopen.c tests/workloads/dw_common.h
tests_workloads_dw_dlopen_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_dlopen_LDFLAGS =
tests_workloads_dw_dlopen_LDADD = -ldl
# A shared library built as a program: the build has no libtool.
tests_workloads_dw_plugin_so_SOURCES = tests/workloads/dw_plugin.c tests/workloads/dw_common.h
tests_workloads_dw_plugin_so_CFLAGS = $(DW_CFLAGS) -fPIC
tests_workloads_dw_plugin_so_LDFLAGS = -shared
tests_workloads_dw_forks_SOURCES = tests/workloads/dw_forks.c tests/workloads/dw_common.h
tests_workloads_dw_forks_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_forks_LDFLAGS =

DWARF_TESTS = tests/e2e/dwarf-workloads.sh tests/e2e/dwarf-attach.sh \
	tests/e2e/dwarf-stack-size.sh tests/e2e/dwarf-vs-perf.sh
TESTS += $(DWARF_TESTS)
EXTRA_DIST += $(DWARF_TESTS) bench/dwarf-bench.sh
