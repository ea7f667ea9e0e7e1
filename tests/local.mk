# Tests: one fragment per folder.  unit/ C tests of the modules, e2e/ shell
# scripts driving the cprof binary, workloads/ the programs they profile,
# browser/ the SVG in headless Chromium, fuzz/ the libFuzzer targets.
include tests/workloads/local.mk
include tests/unit/local.mk
include tests/e2e/local.mk
include tests/browser/local.mk
include tests/fuzz/local.mk

# Inputs of the e2e tests: folded stacks, perf script text and its
# stackcollapse results; the Go program that writes pprof files.
EXTRA_DIST += tests/data/flame-basic.folded tests/data/flame-hostile.folded \
	tests/data/flame-labels.folded tests/data/diff-a.folded tests/data/diff-b.folded \
	tests/data/perf-script tests/go/pprofgen.go
