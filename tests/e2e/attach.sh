# attach to a running process: its stacks, and it keeps running afterwards.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

running() {
	bg 60 "$WORKLOADS/spinner" 30 > out.txt
	pid=$BG_PID
	wait_for out.txt ready

	limit 30 "$CPROF" attach -q --call-graph fp -p "$pid" --duration 1 -o a.data || fail "attach failed ($?)"
	kill -0 "$pid" 2>/dev/null || fail "the target did not survive the attach"
	"$CPROF" fold a.data > a.folded || fail "fold failed"
	[ "$(total a.folded)" -ge 100 ] || fail "too few samples: $(total a.folded)"
	s=$(share a.folded '^spinner;.*main;spin_forever')
	between "$s" 95 100 "share of spin_forever"
	"$CPROF" info a.data | grep -q '^mode: *attach' || fail "mode is not attach"
	kill "$pid"
}
test_case "a running process: its stacks, and it keeps running" running

# Stops by itself when the process exits.
target_exits() {
	bg 30 "$WORKLOADS/spinner" 0.5 > out2.txt
	pid=$BG_PID
	wait_for out2.txt ready
	limit 20 "$CPROF" attach -q -p "$pid" -o b.data || fail "attach to a process that exits failed"
	"$CPROF" info b.data | grep -q '^integrity: *complete' || fail "incomplete file after the target exited"
}
test_case "stops by itself when the process exits, the file complete" target_exits

# A process that does not exist.
missing() {
	out=$("$CPROF" attach -p 999999999 -o c.data 2>&1)
	[ $? -eq 1 ] || fail "attach to a missing process did not exit 1"
	echo "$out" | grep -q "no process 999999999" || fail "unclear error: $out"
}
test_case "a process that does not exist: exit 1, a clear message" missing
