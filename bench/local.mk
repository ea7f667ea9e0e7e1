# Benchmarks: cprof against perf and the other tools on the same work, one
# run each, printing ratios (see bench/README.md); not part of make check.
EXTRA_DIST += bench/README.md
# Recording: its cost, off-CPU, continuous (-a) recording, malloc uprobes,
# DWARF unwinding, the frame-pointer leaf repair.
EXTRA_DIST += bench/record-bench.sh bench/record-work.c bench/offcpu-bench.sh \
	bench/switch-work.c bench/continuous-bench.sh bench/malloc-bench.sh bench/alloc-work.c \
	bench/dwarf-bench.sh bench/fp-leaf-bench.sh
# The views and readers: symbolization, report, flame (and in the browser),
# perf script text and perf.data.
EXTRA_DIST += bench/sym-bench.sh bench/report-bench.sh bench/flame-gen.c \
	bench/flame-bench.sh bench/flame-browser.js bench/perfscript-bench.sh bench/perfdata-bench.sh
