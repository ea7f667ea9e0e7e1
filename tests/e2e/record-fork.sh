# A program that forks and execs: the child's stacks are under its own name,
# the parent's under the parent's.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

record_fork() {
	limit 60 "$CPROF" record -q --call-graph fp -o f.data "$WORKLOADS/forker" "$WORKLOADS/spinner" 0.8 > out.txt ||
		fail "record failed"
	grep -q ready out.txt || fail "the child did not run"
	"$CPROF" fold --pid f.data > f.folded || fail "fold failed"
}
setup fork record_fork

own_names() {
	grep -Eq '^spinner-[0-9]+;.*main;spin_forever' f.folded || fail "no child stacks: $(cut -c1-80 f.folded)"
	grep -Eq '^forker-[0-9]+;.*main;parent_work' f.folded || fail "no parent stacks"
	between "$(share f.folded '^spinner-')" 40 75 "child's share"
	between "$(share f.folded '^forker-')" 25 60 "parent's share"
	# The exec'd child is not shown under the parent's name.
	grep -q '^forker-[0-9]*;.*spin_forever' f.folded && fail "child frames under the parent's name"
}
test_case --needs=fork "the child's stacks under its name, the parent's under its own" own_names

info_processes() {
	"$CPROF" info f.data | grep -q '^processes: *2' || fail "info does not count 2 processes"
}
test_case --needs=fork "info counts 2 processes" info_processes
