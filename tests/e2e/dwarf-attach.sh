# attach with DWARF unwinding: a running program built without frame
# pointers, every thread, whole stacks.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

split() {
	bg 60 "$WORKLOADS/dw_split" 30
	pid=$BG_PID
	sleep 0.3
	limit 30 "$CPROF" attach -q --call-graph dwarf -p "$pid" --duration 1.5 -o a.data ||
		fail "attach failed ($?)"
	kill -0 "$pid" 2>/dev/null || fail "the target did not survive the attach"
	"$CPROF" fold a.data > a.folded || fail "fold failed"
	[ "$(total a.folded)" -ge 200 ] || fail "too few samples: $(total a.folded)"
	between "$(share a.folded '^dw_split;_start;.*;main;')" 99 100 "stacks down to _start"
	between "$(share a.folded ';main;path_a;burn(;|$)')" 58 75 "main;path_a;burn"
	between "$(share a.folded ';main;path_b;burn(;|$)')" 25 42 "main;path_b;burn"
	"$CPROF" info a.data | grep -q '^unwinding: *dwarf' || fail "not recorded with dwarf"
	kill "$pid"
}
test_case "a running program without frame pointers: whole stacks, 2:1, the target survives" split

# Threads that existed before the attach, each under its own name.
threads() {
	bg 60 "$WORKLOADS/dw_threads" 30
	pid=$BG_PID
	sleep 0.3
	limit 30 "$CPROF" attach -q -p "$pid" --duration 1.5 -o t.data || fail "attach failed ($?)"
	"$CPROF" fold t.data > t.folded || fail "fold failed"
	[ "$(total t.folded)" -ge 200 ] || fail "too few samples: $(total t.folded)"
	# Of the samples in the threads' work (their clock reads grow with the load),
	# nearly all are whole.
	grep ';burn' t.folded > work.folded
	between "$(share work.folded ';start_thread;run;(alpha|beta)_work;burn')" 99 100 "whole thread stacks"
	between "$(share t.folded '^alpha;.*alpha_work;burn')" 35 65 "thread alpha"
	between "$(share t.folded '^beta;.*beta_work;burn')" 35 65 "thread beta"
	kill "$pid"
}
test_case "threads that existed before the attach, each under its own name" threads
