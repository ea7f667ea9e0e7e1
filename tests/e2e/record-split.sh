# A program whose time splits 2:1 between two call paths: the folded shares
# come out 2:1, the file is complete, and cprof exits with the target's status.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

record_fp() {
	limit 60 "$CPROF" record -q --call-graph fp -o split.data "$WORKLOADS/split" 2 ||
		fail "record exited with $?"
	limit 30 "$CPROF" fold split.data > split.folded || fail "fold failed"
	[ "$(total split.folded)" -ge 1500 ] || fail "too few samples: $(total split.folded)"
}
setup fp record_fp

shares() {
	between "$(share split.folded '^split;.*main;work_a;spin')" 60 73 "share of main;work_a;spin"
	between "$(share split.folded '^split;.*main;work_b;spin')" 27 40 "share of main;work_b;spin"
}
test_case --needs=fp "frame pointers: main;work_a;spin 2:1 main;work_b;spin" shares

# The root frame is the command, then the C runtime, then main.
whole_stacks() {
	grep -q '^split;__libc_start_call_main;main;work_a;spin' split.folded ||
		fail "no full stack down from __libc_start_call_main: $(head -3 split.folded)"
	# Nothing unnamed in the program's own frames.
	if grep -E ';(work_a|work_b|main|spin);?[^ ]*\[unknown\]' split.folded; then
		fail "unknown frames inside the program"
	fi
}
test_case --needs=fp "frame pointers: stacks down to the C runtime, all named" whole_stacks

info_lines() {
	"$CPROF" info split.data > info.txt || fail "info failed"
	grep -q '^integrity: *complete' info.txt || fail "file not complete: $(cat info.txt)"
	grep -q '^target: *exited with status 0' info.txt || fail "exit status missing"
	grep -q '^event: *cpu-clock, frequency 999 Hz' info.txt ||
		fail "event line: $(grep event info.txt)"
}
test_case --needs=fp "info: complete, the target's status, the event" info_lines

# With the default (DWARF) stacks the C runtime is unwound too, and
# versioned symbols are named as users know them (no "@@GLIBC_2.34").
dwarf_default() {
	limit 60 "$CPROF" record -q -o dw.data "$WORKLOADS/split" 0.5 || fail "record (default) failed"
	"$CPROF" fold dw.data > dw.folded || fail "fold failed"
	grep -q '^split;_start;__libc_start_main;__libc_start_call_main;main;work_a;spin ' dw.folded ||
		fail "no full stack from _start: $(sort -t' ' -k2 -nr dw.folded | head -2)"
	grep -q '@' dw.folded && fail "symbol versions in frame names: $(grep -m1 '@' dw.folded)"
}
test_case "default stacks: from _start, no symbol versions" dwarf_default

# The exit status of the target is cprof's.
exit_status() {
	limit 30 "$CPROF" record -q -o exit.data -- sh -c 'exit 7'
	[ $? -eq 7 ] || fail "cprof did not exit with the target's status 7"
}
test_case "cprof exits with the target's status" exit_status

# An existing trace is kept as .old.
keep_old() {
	cp split.data again.data
	limit 30 "$CPROF" record -q -o again.data -- true || fail "record of true failed"
	cmp -s split.data again.data.old || fail "the previous trace was not kept as again.data.old"
}
test_case --needs=fp "an existing trace is kept as .old" keep_old

# The summary line on stderr.
summary() {
	limit 30 "$CPROF" record -o sum.data "$WORKLOADS/split" 0.3 2> sum.txt || fail "record failed"
	grep -Eq '^cprof record: [0-9]+ samples \(0 lost\), 1 threads, .* written to .sum.data. \([0-9.]+ bytes/sample\); the target exited with status 0$' sum.txt ||
		fail "summary line: $(cat sum.txt)"
}
test_case "the summary line on stderr" summary
