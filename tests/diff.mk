# cprof diff: unit tests, the knob workload, command-line and browser tests.
check_PROGRAMS += tests/unit/test_diff tests/workloads/knob
TESTS += tests/unit/test_diff
tests_unit_test_diff_SOURCES = tests/unit/test_diff.c tests/unit/check.h tests/unit/folded_check.h
tests_unit_test_diff_LDADD = $(unit_ldadd)
tests_workloads_knob_SOURCES = tests/workloads/knob.c
tests_workloads_knob_CFLAGS = $(FP_CFLAGS)
tests_workloads_knob_LDFLAGS =

TESTS += tests/e2e/diff-cli.sh tests/e2e/diff-knob.sh tests/e2e/diff-browser.sh
EXTRA_DIST += tests/e2e/diff-cli.sh tests/e2e/diff-knob.sh tests/e2e/diff-browser.sh \
	tests/data/diff-a.folded tests/data/diff-b.folded \
	tests/browser/diff.test.js tests/browser/helpers.js
