# The views on a perf recording made here: report's shares, the flame graph,
# diff, info, and the filters (--pid, --event, --from/--to) as on a trace.
. "$top_srcdir/tests/e2e/lib.sh"

command -v perf > /dev/null || skip "perf is not installed"
if ! limit 120 perf record -q -B -g -e 'cpu-clock/freq=499/,page-faults/period=1/' \
     -o two.data -- "$WORKLOADS/split" 1 > rec.out 2>&1; then
	skip "perf record refused here: $(head -1 rec.out)"
fi

# report: work_a's samples are about twice work_b's (split's 2:1).
run "$CPROF" report --format csv --sort sym two.data
expect 0 "report of perf.data"
a=$(awk -F, '$5 == "work_a" { print $3 }' out)
b=$(awk -F, '$5 == "work_b" { print $3 }' out)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt 0 ] || fail "no work_a or work_b in the report: $(head -5 out)"
between $((a * 100 / b)) 120 300 "work_a:work_b (x100) in the report"
run "$CPROF" report two.data
expect 0 "text report of perf.data"
grep -q "^# command:.*perf record .*split 1" out || fail "report header: $(head -5 out)"

# The events: cpu-clock first (the default), page-faults by name, each
# page fault a sample of weight 1.
run "$CPROF" fold two.data
expect 0 "fold"
cp out cpu.folded
run "$CPROF" fold --event page-faults two.data
expect 0 "fold --event page-faults"
cp out faults.folded
faults=$(total faults.folded)
[ "$faults" -ge 10 ] || fail "only $faults page faults"
[ "$(total cpu.folded)" -ge 100 ] || fail "only $(total cpu.folded) cpu-clock samples"
run "$CPROF" fold --event cycles two.data
expect 1 "fold --event of an event not recorded"

# --pid: the root frame is the process as perf saw it.
run "$CPROF" fold --pid two.data
expect 0 "fold --pid"
pid=$(sed -n 's/^split-\([0-9]*\);.*/\1/p' out | head -1)
[ -n "$pid" ] || fail "no split-PID root: $(head -2 out)"
run "$CPROF" fold --pid="$pid" two.data
expect 0 "fold --pid $pid"
[ "$(total out)" -eq "$(total cpu.folded)" ] || fail "--pid $pid keeps $(total out) of $(total cpu.folded)"
run "$CPROF" fold --pid=1 two.data
[ "$(total out)" -eq 0 ] || fail "--pid 1 keeps samples: $(head -2 out)"

# --from/--to: a window keeps part of the samples; the two halves make the whole.
run "$CPROF" fold --to +0.5s two.data
expect 0 "fold --to"
first=$(total out)
run "$CPROF" fold --from +0.5s two.data
expect 0 "fold --from"
second=$(total out)
[ "$first" -gt 0 ] && [ "$second" -gt 0 ] || fail "halves of $first and $second samples"
[ $((first + second)) -ge "$(total cpu.folded)" ] || fail "halves $first + $second miss samples"

# flame and diff draw it; info describes it.
run "$CPROF" flame two.data
expect 0 "flame"
grep -q "work_a" out && grep -q "work_b" out || fail "the flame graph lacks work_a/work_b"
run "$CPROF" diff two.data two.data
expect 0 "diff of perf.data with itself"
grep -q "<svg" out || fail "diff drew no SVG"
run "$CPROF" info two.data
expect 0 "info"
grep -q "^mode: *perf.data" out || fail "info: $(cat out)"
grep -q "^event: *page-faults, period 1" out || fail "info events: $(cat out)"
echo "work_a:work_b $a:$b, $faults page faults, halves $first + $second"
