# benchmarks
include bench/record.mk
