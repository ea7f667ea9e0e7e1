# Tests of `cprof report` and `cprof annotate`.
check_PROGRAMS += tests/unit/test_report tests/workloads/hotloop tests/workloads/split_calls
TESTS += tests/unit/test_report tests/e2e/report-split.sh tests/e2e/report-formats.sh \
	tests/e2e/annotate-hotloop.sh
EXTRA_DIST += tests/e2e/report-split.sh tests/e2e/report-formats.sh \
	tests/e2e/annotate-hotloop.sh
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_LDADD = $(unit_ldadd)

# hot_sum's loop must stay a loop with its own source line: optimized, with
# debug information, whatever the build's own flags.
tests_workloads_hotloop_SOURCES = tests/workloads/hotloop.c
tests_workloads_hotloop_CFLAGS = -O2 -g -fno-omit-frame-pointer
tests_workloads_hotloop_LDFLAGS =
# The 2:1 workload with its calls kept as calls: an optimizing build turns
# work_a's call of spin into a jump, and work_a vanishes from the stacks.
tests_workloads_split_calls_SOURCES = tests/workloads/split.c
tests_workloads_split_calls_CFLAGS = -O1 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-inline -fno-optimize-sibling-calls
tests_workloads_split_calls_LDFLAGS =
EXTRA_DIST += bench/report-bench.sh
