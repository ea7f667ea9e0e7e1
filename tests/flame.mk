# cprof flame: unit tests, command-line tests and the SVG in headless Chromium.
check_PROGRAMS += tests/unit/test_folded tests/unit/test_flame
TESTS += tests/unit/test_folded tests/unit/test_flame
tests_unit_test_folded_SOURCES = tests/unit/test_folded.c tests/unit/check.h tests/unit/folded_check.h
tests_unit_test_folded_LDADD = $(unit_ldadd)
tests_unit_test_flame_SOURCES = tests/unit/test_flame.c tests/unit/check.h
tests_unit_test_flame_LDADD = $(unit_ldadd)

TESTS += tests/e2e/flame-cli.sh tests/e2e/flame-browser.sh tests/e2e/flame-chart.sh
EXTRA_DIST += tests/e2e/flame-cli.sh tests/e2e/flame-browser.sh tests/e2e/flame-chart.sh \
	tests/browser/chart.test.js \
	tests/data/flame-basic.folded tests/data/flame-hostile.folded tests/data/flame-labels.folded \
	tests/browser/package.json tests/browser/package-lock.json \
	tests/browser/flame.test.js tests/browser/setup.sh \
	bench/flame-gen.c bench/flame-bench.sh bench/flame-browser.js
