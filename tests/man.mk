# The man pages against the commands' option tables and --help, and the
# command line's messages and exit statuses.
MAN_TESTS = tests/e2e/man-options.sh tests/e2e/cli.sh tests/e2e/cli-options.sh
TESTS += $(MAN_TESTS)
EXTRA_DIST += $(MAN_TESTS)
check_PROGRAMS += tests/unit/test_options
TESTS += tests/unit/test_options
tests_unit_test_options_SOURCES = tests/unit/test_options.c tests/unit/check.h
tests_unit_test_options_LDADD = $(unit_ldadd)
