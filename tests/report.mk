# Tests of `cprof report` and `cprof annotate`.
check_PROGRAMS += tests/unit/test_report tests/workloads/hotloop
TESTS += tests/unit/test_report tests/e2e/report-split.sh tests/e2e/report-formats.sh \
	tests/e2e/annotate-hotloop.sh tests/e2e/export-pprof.sh tests/e2e/pprof-in.sh \
	tests/e2e/export-speedscope.sh
EXTRA_DIST += tests/e2e/report-split.sh tests/e2e/report-formats.sh \
	tests/e2e/annotate-hotloop.sh tests/e2e/export-pprof.sh tests/e2e/pprof-in.sh \
	tests/go/pprofgen.go tests/e2e/export-speedscope.sh tests/browser/speedscope.test.js
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_LDADD = $(unit_ldadd)

# hot_sum's loop must stay a loop with its own source line: optimized, with
# debug information, whatever the build's own flags.
tests_workloads_hotloop_SOURCES = tests/workloads/hotloop.c
tests_workloads_hotloop_CFLAGS = -O2 -g -fno-omit-frame-pointer
tests_workloads_hotloop_LDFLAGS =
EXTRA_DIST += bench/report-bench.sh
