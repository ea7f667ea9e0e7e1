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
