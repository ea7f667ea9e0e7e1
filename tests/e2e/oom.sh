# A workload in a memory cgroup with a small limit grows until the OOM
# killer ends it: info and report say it was the OOM killer, not just
# "SIGKILL", and the samples of its last second are in the trace.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
[ "$(id -u)" -eq 0 ] || skip "a memory cgroup with a limit needs root"

# cgroup v1's memory hierarchy, else v2 with the memory controller.
v1=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ { print $2; exit }' /proc/mounts)
v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -n "$v1" ]; then
	CG=$v1/cprof-oom-$$
	mkdir "$CG" || skip "cannot create a memory cgroup under $v1"
	echo 48M > "$CG/memory.limit_in_bytes" || skip "cannot set a memory limit"
	# Without swap in the limit the workload would swap instead of dying.
	echo 0 > "$CG/memory.swappiness" 2>/dev/null
	[ -e "$CG/memory.memsw.limit_in_bytes" ] && echo 48M > "$CG/memory.memsw.limit_in_bytes"
elif [ -n "$v2" ] && grep -qw memory "$v2/cgroup.controllers" 2>/dev/null; then
	CG=$v2/cprof-oom-$$
	echo +memory > "$v2/cgroup.subtree_control" 2>/dev/null
	mkdir "$CG" || skip "cannot create a cgroup under $v2"
	echo 48M > "$CG/memory.max" || skip "cannot set memory.max"
	echo 0 > "$CG/memory.swap.max" 2>/dev/null
else
	skip "no memory cgroup controller is mounted"
fi
at_exit 'rmdir "$CG" 2>/dev/null'

# The workload grows in the cgroup until the OOM killer ends it.
record_oom() {
	limit 120 "$CPROF" record -q -o oom.data -- \
		sh -c 'echo $$ > "$1/cgroup.procs" && exec "$2"' sh "$CG" "$WORKLOADS/oomer" > out.txt
	st=$?
	grep -q ready out.txt || fail "the workload did not start in the cgroup"
	[ "$st" -eq 137 ] || fail "the workload was not killed (cprof exited $st)"
}
setup oom record_oom

named() {
	run "$CPROF" info oom.data
	expect 0 "info"
	grep -Eq "^ends: +[0-9.]+ s  oomer \\(pid [0-9]+\\) killed by the OOM killer \\(SIGKILL\\)\$" out ||
		fail "info does not name the OOM killer: $(grep -A3 '^ends' out)"
	run "$CPROF" report oom.data
	grep -q "^# ended: .*oomer .*killed by the OOM killer" out ||
		fail "report's header does not name the OOM killer: $(head -10 out)"
}
test_case --needs=oom "info and report name the OOM killer" named

# Its last second, as the flame graph of the window before it died.
last_second() {
	svg last.svg flame oom.data --from -1s
	grep -q 'churn' last.svg || fail "the last second before the OOM kill has no samples of churn()"
}
test_case --needs=oom "the last second before the kill has its samples" last_second
