# The foundation's tests: lib/, the trace format, and the command line end to end.
check_PROGRAMS += tests/unit/test_lib tests/unit/test_trace
TESTS += tests/unit/test_lib tests/unit/test_trace
tests_unit_test_lib_SOURCES = tests/unit/test_lib.c tests/unit/check.h
tests_unit_test_lib_LDADD = $(unit_ldadd)
tests_unit_test_trace_SOURCES = tests/unit/test_trace.c
tests_unit_test_trace_LDADD = $(unit_ldadd)
TESTS += tests/e2e/record-split.sh tests/e2e/record-threads.sh tests/e2e/record-fork.sh \
	tests/e2e/attach.sh tests/e2e/signals.sh tests/e2e/record-fallback.sh
EXTRA_DIST += tests/e2e/record-split.sh tests/e2e/record-threads.sh tests/e2e/record-fork.sh \
	tests/e2e/attach.sh tests/e2e/signals.sh tests/e2e/record-fallback.sh
TESTS += tests/e2e/status-line.sh
EXTRA_DIST += tests/e2e/status-line.sh
# The recorder's output and its faults: the file, a full disk, a user other than root.
TESTS += tests/e2e/record-output.sh tests/e2e/record-diskfull.sh tests/e2e/record-unprivileged.sh
EXTRA_DIST += tests/e2e/record-output.sh tests/e2e/record-diskfull.sh \
	tests/e2e/record-unprivileged.sh
# Hostile traces: ids that name nothing, huge tables, a second header.
TESTS += tests/e2e/trace-hostile.sh
EXTRA_DIST += tests/e2e/trace-hostile.sh tests/fuzz/mkhostile.py
