# perf script text in: fold byte for byte as stackcollapse-perf.pl, flame and diff.
TESTS += tests/e2e/perfscript-fold.sh tests/e2e/perfscript-views.sh
EXTRA_DIST += tests/e2e/perfscript-fold.sh tests/e2e/perfscript-views.sh \
	tests/data/perf-script bench/perfscript-bench.sh
check_PROGRAMS += tests/unit/test_perfscript
TESTS += tests/unit/test_perfscript
tests_unit_test_perfscript_SOURCES = tests/unit/test_perfscript.c tests/unit/check.h
tests_unit_test_perfscript_LDADD = $(unit_ldadd)
