# Tests: unit tests (C), end-to-end tests (shell) and the workloads they profile.
EXTRA_DIST += tests/e2e/lib.sh
include tests/workloads.mk
include tests/core.mk
include tests/symbols.mk
include tests/flame.mk
include tests/dwarf.mk
include tests/man.mk
include tests/report.mk
include tests/diff.mk
include tests/fp.mk
include tests/perfscript.mk
include tests/perfdata.mk
include tests/mem.mk
include tests/fuzz/local.mk
include tests/cont.mk
