# The recording benchmark (not part of make check; see bench/README.md).
EXTRA_DIST += bench/README.md bench/record-bench.sh bench/record-work.c
EXTRA_DIST += bench/offcpu-bench.sh bench/switch-work.c
EXTRA_DIST += bench/continuous-bench.sh
EXTRA_DIST += bench/malloc-bench.sh bench/alloc-work.c
