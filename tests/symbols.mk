# Symbolization tests: unit test, workloads (optimized, with debug info and
# frame pointers, whatever the build's own flags), end-to-end scripts.
check_PROGRAMS += tests/unit/test_symbols tests/workloads/inline tests/workloads/cxx \
	tests/workloads/jitspin
TESTS += tests/unit/test_symbols
tests_unit_test_symbols_SOURCES = tests/unit/test_symbols.c tests/unit/check.h
tests_unit_test_symbols_LDADD = $(unit_ldadd)

# always_inline in the workload keeps its inlining even if the build's
# CFLAGS ask for -O0.
sym_workload_flags = -O2 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
tests_workloads_inline_SOURCES = tests/workloads/inline.c
tests_workloads_inline_CFLAGS = $(sym_workload_flags) $(WARN_CFLAGS)
tests_workloads_inline_LDFLAGS =
tests_workloads_cxx_SOURCES = tests/workloads/cxx.cc
tests_workloads_cxx_CXXFLAGS = $(sym_workload_flags) -Wall -Wextra
tests_workloads_cxx_LDFLAGS =
tests_workloads_jitspin_SOURCES = tests/workloads/jitspin.c
tests_workloads_jitspin_CFLAGS = $(sym_workload_flags) $(WARN_CFLAGS)
tests_workloads_jitspin_LDFLAGS =

TESTS += tests/e2e/sym-inline.sh tests/e2e/sym-cxx.sh tests/e2e/sym-stripped.sh \
	tests/e2e/sym-jit.sh tests/e2e/sym-chroot.sh tests/e2e/sym-debuginfod.sh \
	tests/e2e/sym-hostile.sh tests/e2e/sym-debugfile.sh
EXTRA_DIST += tests/e2e/sym-inline.sh tests/e2e/sym-cxx.sh tests/e2e/sym-stripped.sh \
	tests/e2e/sym-jit.sh tests/e2e/sym-chroot.sh tests/e2e/sym-debuginfod.sh \
	tests/e2e/sym-hostile.sh tests/e2e/sym-debugfile.sh tests/workloads/jit.js bench/sym-bench.sh
