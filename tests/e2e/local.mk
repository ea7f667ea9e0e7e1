# End-to-end tests: shell scripts that drive the cprof binary, with lib.sh
# (named cases; see its head).  Each script is listed once, in E2E_TESTS,
# which is both run and distributed.
E2E_TESTS =
# The command line, the man pages against --help.
E2E_TESTS += tests/e2e/cli.sh tests/e2e/man-options.sh tests/e2e/cli-options.sh
# The recorder: stacks, threads, processes, events, its output file and faults.
E2E_TESTS += tests/e2e/record-split.sh tests/e2e/record-threads.sh \
	tests/e2e/record-fork.sh tests/e2e/attach.sh tests/e2e/signals.sh \
	tests/e2e/record-fallback.sh tests/e2e/status-line.sh tests/e2e/record-output.sh \
	tests/e2e/record-diskfull.sh tests/e2e/record-unprivileged.sh
# Hostile traces: ids that name nothing, huge tables, a second header.
E2E_TESTS += tests/e2e/trace-hostile.sh
# Symbolization.
E2E_TESTS += tests/e2e/sym-inline.sh tests/e2e/sym-cxx.sh tests/e2e/sym-stripped.sh \
	tests/e2e/sym-jit.sh tests/e2e/sym-chroot.sh tests/e2e/sym-debuginfod.sh \
	tests/e2e/sym-hostile.sh tests/e2e/sym-debugfile.sh tests/e2e/sym-unnamed.sh \
	tests/e2e/sym-clang.sh
# Frame-pointer stacks: broken chains, the leaf repair; Python's trampolines.
E2E_TESTS += tests/e2e/fp-broken.sh tests/e2e/fp-leaf.sh tests/e2e/py-perf.sh
# DWARF unwinding while recording.
E2E_TESTS += tests/e2e/dwarf-workloads.sh tests/e2e/dwarf-attach.sh \
	tests/e2e/dwarf-stack-size.sh tests/e2e/dwarf-vs-perf.sh
# The views: flame, report, annotate, diff, export; other tools' formats in.
E2E_TESTS += tests/e2e/flame-cli.sh tests/e2e/flame-browser.sh tests/e2e/flame-chart.sh \
	tests/e2e/report-split.sh tests/e2e/report-formats.sh tests/e2e/annotate-hotloop.sh \
	tests/e2e/diff-cli.sh tests/e2e/diff-knob.sh tests/e2e/diff-browser.sh \
	tests/e2e/export-pprof.sh tests/e2e/pprof-in.sh tests/e2e/export-speedscope.sh \
	tests/e2e/perfscript-fold.sh tests/e2e/perfscript-views.sh \
	tests/e2e/perfdata-fold.sh tests/e2e/perfdata-damage.sh tests/e2e/perfdata-views.sh
# Memory and waiting: page faults, off-CPU and wall time, RSS, heap.
E2E_TESTS += tests/e2e/mem-faults.sh tests/e2e/mem-offcpu.sh tests/e2e/mem-timeline.sh \
	tests/e2e/mem-malloc.sh
# Whole-machine and continuous profiling: how processes ended, -a,
# rotation, time windows over many files.
E2E_TESTS += tests/e2e/proc-ends.sh tests/e2e/oom.sh tests/e2e/system-wide.sh \
	tests/e2e/many-traces.sh tests/e2e/rotate.sh tests/e2e/long-run.sh

TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/perfdata-cmp.py
