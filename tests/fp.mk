# Frame-pointer stacks: broken chains, garbage addresses.
TESTS += tests/e2e/fp-broken.sh
EXTRA_DIST += tests/e2e/fp-broken.sh

# Code without symbols: PLT stubs (the IBT build has a .plt.sec),
# stripped functions.
check_PROGRAMS += tests/workloads/pltcall
tests_workloads_pltcall_SOURCES = tests/workloads/pltcall.c
tests_workloads_pltcall_CFLAGS = -O2 -g -fno-builtin
tests_workloads_pltcall_LDFLAGS =
check_PROGRAMS += tests/workloads/pltcall-ibt
tests_workloads_pltcall_ibt_SOURCES = tests/workloads/pltcall.c
tests_workloads_pltcall_ibt_CFLAGS = -O2 -g -fno-builtin -fcf-protection=full
tests_workloads_pltcall_ibt_LDFLAGS = -Wl,-z,ibtplt
TESTS += tests/e2e/sym-unnamed.sh
EXTRA_DIST += tests/e2e/sym-unnamed.sh

# The leaf repair: a leaf without a frame of its own (gcc's default).
check_PROGRAMS += tests/workloads/leaf
tests_workloads_leaf_SOURCES = tests/workloads/leaf.c
tests_workloads_leaf_CFLAGS = -O2 -g -fno-omit-frame-pointer -momit-leaf-frame-pointer \
	-fno-optimize-sibling-calls
tests_workloads_leaf_LDFLAGS =
TESTS += tests/e2e/fp-leaf.sh
EXTRA_DIST += tests/e2e/fp-leaf.sh

# clang and LTO builds, made by the test itself with clang.
TESTS += tests/e2e/sym-clang.sh
EXTRA_DIST += tests/e2e/sym-clang.sh tests/workloads/lto/outer.c tests/workloads/lto/leaf.c

# Python's perf trampolines (pyenv's 3.12 and 3.13 where installed).
TESTS += tests/e2e/py-perf.sh
EXTRA_DIST += tests/e2e/py-perf.sh
