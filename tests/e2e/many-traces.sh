# Several traces, or a directory of them, read as one in time order by
# fold, report, flame, diff and info; --from/--to choose a time window.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

mkdir d
limit 60 "$CPROF" record -q -F 199 -o d/1.data "$WORKLOADS/spinner" 0.5 > /dev/null ||
	fail "first recording"
sleep 3
limit 60 "$CPROF" record -q -F 199 -o d/2.data "$WORKLOADS/hotloop" > /dev/null 2>&1 ||
	fail "second recording"
echo "not a trace" > d/notes.txt

n1=$("$CPROF" fold d/1.data | total /dev/stdin)
n2=$("$CPROF" fold d/2.data | total /dev/stdin)
run "$CPROF" fold d
expect 0 "fold DIR"
[ "$(total out)" -eq $((n1 + n2)) ] || fail "fold DIR has $(total out) samples, not $n1 + $n2"
grep -q '^spinner;.*spin_forever ' out || fail "the first file's stacks are missing"
grep -q '^hotloop;.*hot_sum ' out || fail "the second file's stacks are missing"
run "$CPROF" fold d/2.data d/1.data
expect 0 "fold FILE FILE"
[ "$(total out)" -eq $((n1 + n2)) ] || fail "fold of two files has $(total out) samples"

# The window: the second file starts 3 s or more after the first ends,
# so the last second holds nothing of the first.
run "$CPROF" fold d --from -1s
expect 0 "fold --from -1s"
grep -q '^spinner' out && fail "--from -1s kept samples of the first recording"
grep -q '^hotloop' out || fail "--from -1s kept nothing of the last second"
run "$CPROF" fold d --to +0.4s
expect 0 "fold --to +0.4s"
grep -q '^hotloop' out && fail "--to +0.4s kept samples of the second recording"
run "$CPROF" report d --from +0 --to -1s
expect 0 "report --from --to"
grep -q "^# samples: .* after the filters" out || fail "report's header shows no window"

run "$CPROF" info d
expect 0 "info DIR"
grep -q '^traces: *2 in d (1 other files skipped)' out || fail "info DIR: $(cat out)"
grep -q '^gaps: *1,' out || fail "info DIR does not show the gap: $(cat out)"
grep -Eq "^samples: *$((n1 + n2))\$" out || fail "info DIR's samples: $(cat out)"
grep -q 'spinner (pid [0-9]*) exited with status 0' out || fail "info DIR's ends: $(cat out)"

svg f.svg flame d --from -1s
grep -q 'hot_sum' f.svg || fail "flame of the directory misses hot_sum"
grep -q 'spin_forever' f.svg && fail "flame --from -1s drew the first recording"
run "$CPROF" diff d/1.data d
expect 0 "diff FILE DIR"
# export takes the same window and directories: the same stacks as fold.
"$CPROF" fold d --from -1s | sort > fold.txt
run "$CPROF" export -f folded d --from -1s
expect 0 "export DIR --from"
sort out > export.txt
cmp -s fold.txt export.txt || fail "export --from -1s differs from fold: $(diff fold.txt export.txt | head -5)"

# Bad input: one message, the right status.
run "$CPROF" fold d --from yesterday
expect 2 "a bad time"
grep -q "bad time 'yesterday'" err || fail "no message for a bad time: $(cat err)"
run "$CPROF" fold d --from -1s --to +0.1s
expect 2 "--from after --to"
mkdir empty
run "$CPROF" fold empty
expect 1 "a directory without traces"
grep -q "no cprof trace in directory 'empty'" err || fail "message: $(cat err)"
