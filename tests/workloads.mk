# Workloads with known profiles.  Frame-pointer builds keep every frame;
# the no-frame-pointer builds are for DWARF unwinding.  They are built by
# WORKLOAD_CC (gcc), also when cprof is built by clang.  Each workload sets
# its own _CFLAGS and an empty _LDFLAGS: the build's sanitizer and fuzzer
# flags are cprof's, not the profiled programs'.
tests/workloads/%: CC = $(WORKLOAD_CC)
FP_CFLAGS = -O1 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-inline \
	-fno-optimize-sibling-calls
NOFP_CFLAGS = -O2 -g -fomit-frame-pointer

check_PROGRAMS += tests/workloads/split tests/workloads/threads tests/workloads/forker \
	tests/workloads/spinner
tests_workloads_split_SOURCES = tests/workloads/split.c
tests_workloads_split_CFLAGS = $(FP_CFLAGS)
tests_workloads_split_LDFLAGS =
tests_workloads_threads_SOURCES = tests/workloads/threads.c
tests_workloads_threads_CFLAGS = $(FP_CFLAGS) -pthread
tests_workloads_threads_LDFLAGS = -pthread
tests_workloads_forker_SOURCES = tests/workloads/forker.c
tests_workloads_forker_CFLAGS = $(FP_CFLAGS)
tests_workloads_forker_LDFLAGS =
tests_workloads_spinner_SOURCES = tests/workloads/spinner.c
tests_workloads_spinner_CFLAGS = $(FP_CFLAGS)
tests_workloads_spinner_LDFLAGS =
check_PROGRAMS += tests/workloads/oomer
tests_workloads_oomer_SOURCES = tests/workloads/oomer.c
tests_workloads_oomer_CFLAGS = $(FP_CFLAGS)
tests_workloads_oomer_LDFLAGS =
