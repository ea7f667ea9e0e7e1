# Hardware events fall back to cpu-clock with one notice where the machine has
# no counters; other events work as asked.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

cycles() {
	limit 30 "$CPROF" record -o c.data -e cycles "$WORKLOADS/split" 0.5 2> err.txt ||
		fail "record -e cycles failed: $(cat err.txt)"
	"$CPROF" info c.data > info.txt
	if grep -q "'cycles' is not supported on this machine" err.txt; then
		[ "$(grep -c 'not supported' err.txt)" -eq 1 ] || fail "more than one notice: $(cat err.txt)"
		grep -q '^event: *cpu-clock, .*in place of cycles' info.txt || fail "info: $(grep event info.txt)"
	else
		grep -q '^event: *cycles' info.txt || fail "neither cycles nor a fallback: $(cat info.txt)"
	fi
	# The event is found by the name asked for.
	"$CPROF" fold --event cycles c.data | grep -q 'work_a' || fail "fold --event cycles found nothing"
}
test_case "-e cycles: cycles or cpu-clock with one notice, found as cycles" cycles

# Two events: page-faults and cpu-clock, each folded on its own.
two_events() {
	limit 30 "$CPROF" record -q -o two.data -e cpu-clock -e page-faults "$WORKLOADS/split" 0.5 ||
		fail "record with two events failed"
	"$CPROF" fold --event cpu-clock two.data | grep -q 'work_a' || fail "no cpu-clock stacks"
	"$CPROF" fold --event page-faults two.data > pf.folded || fail "fold --event page-faults failed"
	[ -s pf.folded ] || fail "no page-fault stacks"
	"$CPROF" fold --event nope two.data 2> e.txt && fail "unknown event accepted"
	grep -q "no event 'nope'" e.txt || fail "unclear error: $(cat e.txt)"
}
test_case "two events, each folded on its own; fold --event of another fails" two_events

# An unknown event name is a usage error with a suggestion.
unknown_event() {
	"$CPROF" record -e cpu-clok -o n.data true 2> u.txt
	[ $? -eq 1 ] || [ $? -eq 2 ] || fail "unknown event did not fail"
	grep -q "did you mean 'cpu-clock'" u.txt || fail "no suggestion: $(cat u.txt)"
}
test_case "an unknown event: did you mean" unknown_event

# --no-call-graph: one frame per sample; --user-only: no kernel frames.
stack_options() {
	limit 30 "$CPROF" record -q --no-call-graph -o n.data "$WORKLOADS/split" 0.3 || fail "--no-call-graph failed"
	"$CPROF" fold n.data | grep -q '^split;spin [0-9]' || fail "--no-call-graph did not give leaf-only stacks"
	limit 30 "$CPROF" record -q --user-only -o u.data "$WORKLOADS/split" 0.3 || fail "--user-only failed"
	"$CPROF" fold u.data | grep -q '_\[k\]' && fail "--user-only kept kernel frames"
}
test_case "--no-call-graph: leaf only; --user-only: no kernel frames" stack_options
