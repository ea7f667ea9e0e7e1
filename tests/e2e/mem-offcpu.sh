# Off-CPU and wall time: memwork wait sleeps 1 s in wait_here() and burns
# 1 s of CPU in burn().  --off-cpu weighs the stack of each switch off the
# CPU by the time until the thread runs again; --wall adds the CPU clock's
# samples, each thread's time adding up to its wall time.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# ms MATCH: the milliseconds of the folded stacks in $T/out matching MATCH.
ms() {
	awk -v re="$1" '$0 ~ re { n += $NF } END { printf "%d\n", n / 1e6 }' "$T/out"
}

# --off-cpu, with frame pointers and with DWARF: wait_here 1 s within 10%
# record_off CALL-GRAPH: records off-CALL-GRAPH.data.
record_off() {
	limit 60 "$CPROF" record -q --off-cpu --call-graph $1 -o off-$1.data \
		"$WORKLOADS/memwork" wait >/dev/null || fail "record --off-cpu ($1) failed"
}
setup off_fp record_off fp
setup off_dwarf record_off dwarf

# off_cpu CALL-GRAPH
off_cpu() {
	local cg=$1
	run "$CPROF" fold off-$cg.data
	expect 0 "fold ($cg)"
	between "$(ms ';wait_here;')" 900 1100 "ms off CPU in wait_here ($cg)"
	grep -q '\[off-cpu\]' "$T/out" && fail "an off-CPU graph marks what is all off CPU ($cg)"
}
test_case --needs=off_fp "--off-cpu, frame pointers: 1 s in wait_here" off_cpu fp
test_case --needs=off_dwarf "--off-cpu, DWARF: 1 s in wait_here" off_cpu dwarf

# The graph shows times, in the io palette (blue over red and green)
io_graph() {
	run "$CPROF" flame off-fp.data
	expect 0 "flame"
	grep -q 'data-countname="ns"' "$T/out" || fail "the graph does not count nanoseconds"
	grep -qE '<title>wait_here \((0\.9[0-9]|1\.0[0-9]) s, ' "$T/out" ||
		fail "wait_here's tooltip is not about 1 s: $(grep -o '<title>wait_here[^<]*' "$T/out")"
	rgb=$(grep -o '<title>wait_here [^<]*</title><rect [^>]*fill="rgb([0-9,]*' "$T/out" | sed 's/.*rgb(//')
	IFS=, read -r r g b <<< "$rgb"
	[ "$b" -gt "$r" ] && [ "$b" -gt "$g" ] || fail "wait_here is not in the io palette: rgb($rgb)"
}
test_case --needs=off_fp "the graph shows times in the io palette" io_graph

# --wall: shares as the workload measured its wall times (50% each when the
# machine is idle; burn() takes longer than its CPU second when it is not)
record_wall() {
	limit 60 "$CPROF" record -q --wall --call-graph fp -o wall.data "$WORKLOADS/memwork" wait \
		> wall.txt || fail "record --wall failed"
}
setup wall record_wall

wall_shares() {
	read -r _ wait_ms _ burn_ms < <(grep '^wait_here' wall.txt)
	run "$CPROF" fold wall.data
	expect 0 "fold of a wall recording"
	w=$(ms ';wait_here;')
	b=$(ms ';burn(;|$| )')
	all=$(ms .)
	expected=$((wait_ms * 100 / (wait_ms + burn_ms)))
	between "$((w * 100 / all))" $((expected - 8)) $((expected + 8)) \
		"share of wait_here in wall time (measured $wait_ms ms of $((wait_ms + burn_ms)))"
	between "$((b * 100 / all))" $((100 - expected - 10)) $((100 - expected + 8)) "share of burn"
	# the thread's time adds up to its wall time: the work, plus start and exit
	between "$all" $((wait_ms + burn_ms)) $(((wait_ms + burn_ms) * 110 / 100 + 150)) \
		"ms of the thread (work measured $((wait_ms + burn_ms)) ms)"
	grep -q ';wait_here;.*\[off-cpu\] ' "$T/out" || fail "the time off CPU has no [off-cpu] frame"
}
test_case --needs=wall "--wall: shares as measured, the thread's time its wall time" wall_shares

# one event alone stays available
one_event() {
	run "$CPROF" fold --event cpu-clock wall.data
	expect 0 "fold --event cpu-clock"
	grep -q 'off-cpu' "$T/out" && fail "--event cpu-clock kept off-CPU time"
	run "$CPROF" flame wall.data
	grep -q '<title>\[off-cpu\] ([0-9.]* [mµ]*s, [^<]*</title><rect [^>]*fill="rgb(1[0-9][0-9],' "$T/out" ||
		fail "[off-cpu] frames are not in io colours"
}
test_case --needs=wall "--wall: cpu-clock alone; [off-cpu] frames in io colours" one_event

# attach -p: the process waits 3 s (for the attach, slow in a sanitizer
# build on a loaded machine), then the work
attached() {
	bg 60 "$WORKLOADS/memwork" wait 3 > att.txt
	pid=$BG_PID
	wait_for att.txt ready
	limit 30 "$CPROF" attach -q --off-cpu -p "$pid" -o att.data || fail "attach --off-cpu failed"
	run "$CPROF" fold att.data
	expect 0 "fold of attach"
	between "$(ms ';wait_here;')" 900 1100 "ms off CPU in wait_here (attach)"
}
test_case "attach --off-cpu: 1 s in wait_here" attached
