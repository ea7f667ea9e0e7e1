# benchmarks
include bench/record.mk
# The frame-pointer leaf repair's cost (not part of make check).
EXTRA_DIST += bench/fp-leaf-bench.sh
