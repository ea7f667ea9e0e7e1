# perf.data in: folded as perf script | stackcollapse-perf.pl folds it, the
# views on it, damaged files.
TESTS += tests/e2e/perfdata-fold.sh tests/e2e/perfdata-damage.sh \
	tests/e2e/perfdata-views.sh
EXTRA_DIST += tests/e2e/perfdata-fold.sh tests/e2e/perfdata-damage.sh \
	tests/e2e/perfdata-views.sh tests/e2e/perfdata-cmp.py \
	bench/perfdata-bench.sh
