# A trace is outside input: hand-made hostile files (tests/fuzz/regressions/
# trace, made by tests/fuzz/mkhostile.py) are read without a crash, with the
# damage said once and what holds together kept.
. "$top_srcdir/tests/e2e/lib.sh"
R=$top_srcdir/tests/fuzz/regressions/trace

has() {
	grep -qF -- "$2" "$1" || fail "$3: '$2' missing from: $(cat "$1")"
}
hasnt() {
	grep -qF -- "$2" "$1" && fail "$3: '$2' in: $(cat "$1")"
	return 0
}
# Every command that reads a trace, on FILE: status 0, one notice.
all_views() {
	for cmd in fold info report flame "diff --report"; do
		# shellcheck disable=SC2086
		run "$CPROF" $cmd "$1" $([ "$cmd" = "diff --report" ] && echo "$1")
		expect 0 "cprof $cmd on $(basename "$1")"
		[ "$(grep -c "damage\|do not hold together" "$T/err")" -le 2 ] ||
			fail "cprof $cmd on $(basename "$1"): more than one notice: $(cat "$T/err")"
	done
}

# A thread of a process that was never defined, no SYMBOLS: the thread is
# dropped as damage, the other thread's samples are kept.
undefined_process() {
	run "$CPROF" fold "$R/undefined-process.data"
	expect 0 "fold of a thread of an undefined process"
	has "$T/err" "1 entries naming what the file does not define dropped" "undefined process"
	has "$T/err" "kept 2 samples" "undefined process"
	has "$T/out" "app;" "undefined process"
	all_views "$R/undefined-process.data"
}
test_case "a thread of an undefined process: dropped, the rest kept" undefined_process

# Tables whose first id is near 2^32: a few hundred bytes stay a few hundred bytes.
huge_first_id() {
	run "$CPROF" fold "$R/table-first-huge.data"
	expect 0 "fold of tables with a first id near 2^32"
	has "$T/err" "3 chunks unreadable" "tables with a first id near 2^32"
	has "$T/out" "app;main;work 1" "tables with a first id near 2^32"
	all_views "$R/table-first-huge.data"
}
test_case "tables whose first id is near 2^32" huge_first_id

# A second HEADER is damage, ignored: one command line, one event.
second_header() {
	run "$CPROF" info "$R/second-header.data"
	expect 0 "info of a trace with two headers"
	has "$T/out" "command:     cprof record ./app" "two headers"
	hasnt "$T/out" "evil" "two headers"
	hasnt "$T/out" "page-faults" "two headers"
	has "$T/out" "1 extra headers ignored" "two headers"
	all_views "$R/second-header.data"
}
test_case "a second header: ignored, said once" second_header

# Empty names: a thread goes by its process id, a function is [unknown],
# and no folded line starts with ';' or holds an empty frame.
empty_names() {
	run "$CPROF" fold "$R/empty-names.data"
	expect 0 "fold of empty names"
	has "$T/out" "[pid 123];main 1" "empty names"
	has "$T/out" "[pid 123];main;[unknown] 1" "empty names"
	grep -q '^;\|;;\|; ' "$T/out" && fail "empty names: an empty frame in: $(cat "$T/out")"
	run "$CPROF" fold --tid "$R/empty-names.data"
	has "$T/out" "[pid 123]-123/123;main 1" "empty names with --tid"
	all_views "$R/empty-names.data"
}
test_case "empty names: [pid N], [unknown], no empty frame" empty_names

# Every input the fuzzer ever crashed on (and the seeds) reads without a crash.
fuzz_inputs() {
	for f in "$R"/* "$top_srcdir"/tests/fuzz/corpus/trace/*; do
		case $f in */README) continue ;; esac
		run "$CPROF" fold "$f"
		[ "$rc" -le 1 ] || fail "cprof fold $(basename "$f"): exit status $rc: $(tail -3 "$T/err")"
		run "$CPROF" report "$f"
		[ "$rc" -le 1 ] || fail "cprof report $(basename "$f"): exit status $rc: $(tail -3 "$T/err")"
	done
}
test_case "every fuzz regression and seed reads without a crash" fuzz_inputs
