# libFuzzer targets (configure --enable-fuzz, with CC=clang): the trace reader,
# the folded-stack, pprof and perf script readers with the views drawn from
# what they read, the perf.data reader, the ELF parsers that name code without
# symbols, and the tracefs format files.
#   make fuzz [FUZZ_TIME=seconds]   fuzz each target (default 45 s each)
#   make fuzz-replay                the seed corpus and every regression input
# `make check` replays too (tests/fuzz/replay.sh) when fuzzing is enabled.
FUZZ_TARGETS = tests/fuzz/fuzz_trace tests/fuzz/fuzz_folded tests/fuzz/fuzz_pprof \
	tests/fuzz/fuzz_perfscript tests/fuzz/fuzz_elf tests/fuzz/fuzz_tracefs \
	tests/fuzz/fuzz_perfdata
FUZZ_NAMES = $(FUZZ_TARGETS:tests/fuzz/fuzz_%=%)
FUZZ_TIME = 45
FUZZ_FLAGS = -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1
EXTRA_DIST += tests/fuzz/README tests/fuzz/trace.dict tests/fuzz/corpus tests/fuzz/regressions \
	tests/fuzz/replay.sh tests/fuzz/mkhostile.py

if FUZZ
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += tests/fuzz/replay.sh
endif
EXTRA_PROGRAMS += $(FUZZ_TARGETS)
fuzz_ldflags = $(SAN_CFLAGS) -fsanitize=fuzzer
# The views drawn from what a reader read, shared by the readers' targets.
fuzz_views = tests/fuzz/views.c
noinst_HEADERS += tests/fuzz/views.h
tests_fuzz_fuzz_trace_SOURCES = tests/fuzz/fuzz_trace.c $(fuzz_views)
tests_fuzz_fuzz_trace_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_trace_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_folded_SOURCES = tests/fuzz/fuzz_folded.c $(fuzz_views)
tests_fuzz_fuzz_folded_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_folded_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_pprof_SOURCES = tests/fuzz/fuzz_pprof.c $(fuzz_views)
tests_fuzz_fuzz_pprof_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_pprof_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_perfscript_SOURCES = tests/fuzz/fuzz_perfscript.c $(fuzz_views)
tests_fuzz_fuzz_perfscript_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_perfscript_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_perfdata_SOURCES = tests/fuzz/fuzz_perfdata.c tests/fuzz/views.c \
	tests/fuzz/views.h
tests_fuzz_fuzz_perfdata_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_perfdata_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_elf_SOURCES = tests/fuzz/fuzz_elf.c
tests_fuzz_fuzz_elf_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_elf_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_tracefs_SOURCES = tests/fuzz/fuzz_tracefs.c
tests_fuzz_fuzz_tracefs_LDADD = $(unit_ldadd)
tests_fuzz_fuzz_tracefs_LDFLAGS = $(fuzz_ldflags)

.PHONY: fuzz fuzz-replay fuzz-check-enabled
fuzz-check-enabled:
if !FUZZ
	@echo "make fuzz: fuzzing is off: configure with CC=clang --enable-fuzz" >&2; exit 1
endif

# New inputs go to tests/fuzz/work/NAME in the build tree; crashes to
# tests/fuzz/crash-NAME-*, to be copied into regressions/NAME once fixed.
fuzz: fuzz-check-enabled $(FUZZ_TARGETS)
	@for t in $(FUZZ_NAMES); do \
	  dict=; [ -f $(srcdir)/tests/fuzz/$$t.dict ] && dict=-dict=$(srcdir)/tests/fuzz/$$t.dict; \
	  mkdir -p tests/fuzz/work/$$t || exit 1; \
	  echo "fuzz_$$t: $(FUZZ_TIME) s"; \
	  tests/fuzz/fuzz_$$t $(FUZZ_FLAGS) $$dict -max_total_time=$(FUZZ_TIME) \
	    -artifact_prefix=tests/fuzz/crash-$$t- tests/fuzz/work/$$t \
	    $(srcdir)/tests/fuzz/corpus/$$t 2>tests/fuzz/fuzz_$$t.log || \
	    { tail -40 tests/fuzz/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' tests/fuzz/fuzz_$$t.log; \
	done

fuzz-replay: fuzz-check-enabled $(FUZZ_TARGETS)
	FUZZ_NAMES='$(FUZZ_NAMES)' srcdir=$(srcdir) top_builddir=. $(SHELL) $(srcdir)/tests/fuzz/replay.sh
