# The recording benchmark (not part of make check; see bench/README.md).
EXTRA_DIST += bench/README.md bench/record-bench.sh bench/record-work.c \
	bench/continuous-bench.sh
