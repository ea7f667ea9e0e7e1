# Signals: a target killed by a signal, SIGINT to cprof (passed on; complete
# file), SIGKILL to cprof (truncated file that fold still reads).
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# The target dies of SIGKILL: cprof exits 128+9 and the file is complete.
target_killed() {
	limit 30 "$CPROF" record -q -o k.data -- sh -c 'kill -9 $$'
	[ $? -eq 137 ] || fail "cprof did not exit with 128+9 for a target killed by SIGKILL"
	"$CPROF" info k.data | grep -q 'killed by signal 9' || fail "info does not say the target was killed"
}
test_case "a target killed by SIGKILL: exit 137, the file complete" target_killed

# SIGTERM sent to cprof alone reaches the target, which dies of it.
sigterm() {
	bg 30 "$CPROF" record -q -o i.data "$WORKLOADS/spinner" 20 > out.txt
	cprof_pid=$BG_PID
	wait_for out.txt ready
	sleep 0.5
	kill -TERM "$cprof_pid"
	wait "$cprof_pid"
	st=$?
	[ "$st" -eq 143 ] || fail "after SIGTERM cprof exited $st, not 143 (the target's death by SIGTERM)"
	"$CPROF" info i.data > i.txt
	grep -q '^integrity: *complete' i.txt || fail "file not complete after SIGTERM: $(cat i.txt)"
	grep -q 'killed by signal 15' i.txt || fail "info does not say the target died of SIGTERM"
	"$CPROF" fold i.data | grep -q 'spin_forever' || fail "no stacks after SIGTERM"
}
test_case "SIGTERM to cprof reaches the target; the file complete" sigterm

# A target that ignores SIGINT (asked to, and background jobs of a script
# start with it ignored): the first SIGINT is passed on, the second stops.
sigint_ignored() {
	bg 30 "$CPROF" record -q -o g.data "$WORKLOADS/spinner" 20 ignore-int > out2.txt
	cprof_pid=$BG_PID
	wait_for out2.txt ready
	kill -INT "$cprof_pid"
	sleep 0.5
	kill -0 "$cprof_pid" 2>/dev/null || fail "cprof stopped although the target ignored SIGINT"
	kill -INT "$cprof_pid"
	wait "$cprof_pid"
	"$CPROF" info g.data | grep -q '^integrity: *complete' || fail "file not complete after two SIGINTs"
}
test_case "a target that ignores SIGINT: the second SIGINT stops" sigint_ignored

# SIGKILL to cprof: the file is cut short, fold keeps what was flushed.
cprof_killed() {
	bg 30 "$CPROF" record -q -o x.data "$WORKLOADS/spinner" 4 > out3.txt
	cprof_pid=$BG_PID
	wait_for out3.txt ready
	sleep 2.5
	kill -KILL "$cprof_pid"
	wait "$cprof_pid" 2>/dev/null
	"$CPROF" fold x.data > x.folded 2> x.err || fail "fold of a killed recording failed: $(cat x.err)"
	[ "$(total x.folded)" -ge 100 ] || fail "kept too few samples: $(total x.folded)"
	grep -q 'spin_forever' x.folded || fail "no stacks kept"
	grep -q 'kept [0-9]* samples' x.err || fail "fold did not say where the file stopped: $(cat x.err)"
	"$CPROF" info x.data | grep -q '^integrity: *damaged' || fail "info does not report the damage"
}
test_case "SIGKILL to cprof: fold keeps what was flushed, info says damaged" cprof_killed
