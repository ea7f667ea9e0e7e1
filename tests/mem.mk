# Memory and waiting: page faults weighed by period, off-CPU and wall time, RSS.
check_PROGRAMS += tests/workloads/memwork
tests_workloads_memwork_SOURCES = tests/workloads/memwork.c
tests_workloads_memwork_CFLAGS = $(FP_CFLAGS)
tests_workloads_memwork_LDFLAGS =
TESTS += tests/e2e/mem-faults.sh tests/e2e/mem-offcpu.sh tests/e2e/mem-timeline.sh tests/e2e/mem-malloc.sh
EXTRA_DIST += tests/e2e/mem-faults.sh tests/e2e/mem-offcpu.sh tests/e2e/mem-timeline.sh \
	tests/e2e/mem-malloc.sh tests/browser/memory.test.js
check_PROGRAMS += tests/unit/test_heap
TESTS += tests/unit/test_heap
tests_unit_test_heap_SOURCES = tests/unit/test_heap.c tests/unit/check.h
tests_unit_test_heap_LDADD = $(unit_ldadd)
