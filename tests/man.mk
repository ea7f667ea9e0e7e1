# The man pages against the commands' --help, and the command line's
# messages and exit statuses.
MAN_TESTS = tests/e2e/man-options.sh tests/e2e/cli.sh
TESTS += $(MAN_TESTS)
EXTRA_DIST += $(MAN_TESTS)
