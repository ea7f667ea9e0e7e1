# Workloads with known profiles, for the e2e tests.  They are built by
# WORKLOAD_CC (gcc), also when cprof is built by clang.
tests/workloads/%: CC = $(WORKLOAD_CC)
#
# Each workload sets its own _CFLAGS and _LDFLAGS, which take the place of
# the build's AM_CFLAGS and AM_LDFLAGS: those carry cprof's sanitizer and
# fuzzer flags, and a workload built with them would be profiled through
# ASan's allocator, shadow memory and checks (or libFuzzer's main) instead
# of its own known profile.  Its flags start from these.
workload_ldflags =
# Frame-pointer builds keep every frame; the builds without frame pointers,
# as distributions build, are for DWARF unwinding.
FP_CFLAGS = -O1 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-inline \
	-fno-optimize-sibling-calls
DW_CFLAGS = -O2 -g -fomit-frame-pointer
# Optimized, with debug information and frame pointers, whatever the
# build's own flags; always_inline in inline.c keeps its inlining even if
# the build's CFLAGS ask for -O0.
sym_workload_flags = -O2 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer

# The foundation: a 2:1 split, threads, fork and exec, a spinner, an OOM.
check_PROGRAMS += tests/workloads/split tests/workloads/threads tests/workloads/forker \
	tests/workloads/spinner tests/workloads/oomer
tests_workloads_split_SOURCES = tests/workloads/split.c
tests_workloads_split_CFLAGS = $(FP_CFLAGS)
tests_workloads_split_LDFLAGS = $(workload_ldflags)
tests_workloads_threads_SOURCES = tests/workloads/threads.c
tests_workloads_threads_CFLAGS = $(FP_CFLAGS) -pthread
tests_workloads_threads_LDFLAGS = $(workload_ldflags) -pthread
tests_workloads_forker_SOURCES = tests/workloads/forker.c
tests_workloads_forker_CFLAGS = $(FP_CFLAGS)
tests_workloads_forker_LDFLAGS = $(workload_ldflags)
tests_workloads_spinner_SOURCES = tests/workloads/spinner.c
tests_workloads_spinner_CFLAGS = $(FP_CFLAGS)
tests_workloads_spinner_LDFLAGS = $(workload_ldflags)
tests_workloads_oomer_SOURCES = tests/workloads/oomer.c
tests_workloads_oomer_CFLAGS = $(FP_CFLAGS)
tests_workloads_oomer_LDFLAGS = $(workload_ldflags)

# Symbolization: inlining, C++ names, code in anonymous memory (JIT maps);
# node runs jit.js, clang builds lto/ in the tests themselves.
check_PROGRAMS += tests/workloads/inline tests/workloads/cxx tests/workloads/jitspin
tests_workloads_inline_SOURCES = tests/workloads/inline.c
tests_workloads_inline_CFLAGS = $(sym_workload_flags) $(WARN_CFLAGS)
tests_workloads_inline_LDFLAGS = $(workload_ldflags)
tests_workloads_cxx_SOURCES = tests/workloads/cxx.cc
tests_workloads_cxx_CXXFLAGS = $(sym_workload_flags) -Wall -Wextra
tests_workloads_cxx_LDFLAGS = $(workload_ldflags)
tests_workloads_jitspin_SOURCES = tests/workloads/jitspin.c
tests_workloads_jitspin_CFLAGS = $(sym_workload_flags) $(WARN_CFLAGS)
tests_workloads_jitspin_LDFLAGS = $(workload_ldflags)
EXTRA_DIST += tests/workloads/jit.js tests/workloads/lto/outer.c tests/workloads/lto/leaf.c

# Code without symbols: PLT stubs (the IBT build has a .plt.sec).
check_PROGRAMS += tests/workloads/pltcall tests/workloads/pltcall-ibt
tests_workloads_pltcall_SOURCES = tests/workloads/pltcall.c
tests_workloads_pltcall_CFLAGS = -O2 -g -fno-builtin
tests_workloads_pltcall_LDFLAGS = $(workload_ldflags)
tests_workloads_pltcall_ibt_SOURCES = tests/workloads/pltcall.c
tests_workloads_pltcall_ibt_CFLAGS = -O2 -g -fno-builtin -fcf-protection=full
tests_workloads_pltcall_ibt_LDFLAGS = $(workload_ldflags) -Wl,-z,ibtplt

# The frame-pointer leaf repair: a leaf without a frame of its own (gcc's default).
check_PROGRAMS += tests/workloads/leaf
tests_workloads_leaf_SOURCES = tests/workloads/leaf.c
tests_workloads_leaf_CFLAGS = -O2 -g -fno-omit-frame-pointer -momit-leaf-frame-pointer \
	-fno-optimize-sibling-calls
tests_workloads_leaf_LDFLAGS = $(workload_ldflags)

# DWARF unwinding: the split, deep recursion, libc's qsort calling back,
# threads, a library opened while running, short-lived children.
check_PROGRAMS += tests/workloads/dw_split tests/workloads/dw_recurse \
	tests/workloads/dw_qsort tests/workloads/dw_threads tests/workloads/dw_dlopen \
	tests/workloads/dw_plugin.so tests/workloads/dw_forks
noinst_HEADERS += tests/workloads/dw_common.h
tests_workloads_dw_split_SOURCES = tests/workloads/dw_split.c
tests_workloads_dw_split_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_split_LDFLAGS = $(workload_ldflags)
tests_workloads_dw_recurse_SOURCES = tests/workloads/dw_recurse.c
tests_workloads_dw_recurse_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_recurse_LDFLAGS = $(workload_ldflags)
tests_workloads_dw_qsort_SOURCES = tests/workloads/dw_qsort.c
tests_workloads_dw_qsort_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_qsort_LDFLAGS = $(workload_ldflags)
tests_workloads_dw_threads_SOURCES = tests/workloads/dw_threads.c
tests_workloads_dw_threads_CFLAGS = $(DW_CFLAGS) -pthread
tests_workloads_dw_threads_LDFLAGS = $(workload_ldflags) -pthread
tests_workloads_dw_dlopen_SOURCES = tests/workloads/dw_dlopen.c
tests_workloads_dw_dlopen_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_dlopen_LDFLAGS = $(workload_ldflags)
tests_workloads_dw_dlopen_LDADD = -ldl
# A shared library built as a program: the build has no libtool.
tests_workloads_dw_plugin_so_SOURCES = tests/workloads/dw_plugin.c
tests_workloads_dw_plugin_so_CFLAGS = $(DW_CFLAGS) -fPIC
tests_workloads_dw_plugin_so_LDFLAGS = $(workload_ldflags) -shared
tests_workloads_dw_forks_SOURCES = tests/workloads/dw_forks.c
tests_workloads_dw_forks_CFLAGS = $(DW_CFLAGS)
tests_workloads_dw_forks_LDFLAGS = $(workload_ldflags)

# report and annotate: hot_sum's loop must stay a loop with its own source
# line: optimized, with debug information, whatever the build's own flags.
check_PROGRAMS += tests/workloads/hotloop
tests_workloads_hotloop_SOURCES = tests/workloads/hotloop.c
tests_workloads_hotloop_CFLAGS = -O2 -g -fno-omit-frame-pointer
tests_workloads_hotloop_LDFLAGS = $(workload_ldflags)

# diff: a knob that moves time between two functions.
check_PROGRAMS += tests/workloads/knob
tests_workloads_knob_SOURCES = tests/workloads/knob.c
tests_workloads_knob_CFLAGS = $(FP_CFLAGS)
tests_workloads_knob_LDFLAGS = $(workload_ldflags)

# Memory and waiting: page faults, sleeps, heap allocations and leaks.
check_PROGRAMS += tests/workloads/memwork
tests_workloads_memwork_SOURCES = tests/workloads/memwork.c
tests_workloads_memwork_CFLAGS = $(FP_CFLAGS)
tests_workloads_memwork_LDFLAGS = $(workload_ldflags)
