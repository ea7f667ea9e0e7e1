# Whole-machine and continuous profiling: how processes ended, -a,
# rotation, time windows over many files.
TESTS += tests/e2e/proc-ends.sh tests/e2e/oom.sh tests/e2e/system-wide.sh \
	tests/e2e/many-traces.sh tests/e2e/rotate.sh \
	tests/e2e/long-run.sh
EXTRA_DIST += tests/e2e/proc-ends.sh tests/e2e/oom.sh tests/e2e/system-wide.sh \
	tests/e2e/many-traces.sh tests/e2e/rotate.sh \
	tests/e2e/long-run.sh
check_PROGRAMS += tests/unit/test_cont
TESTS += tests/unit/test_cont
tests_unit_test_cont_SOURCES = tests/unit/test_cont.c
tests_unit_test_cont_LDADD = $(unit_ldadd)
