# A full disk is the recorder's failure, not the target's: the command runs
# on to its end (attached processes are left alone), the trace keeps every
# whole chunk already written, cprof says how many samples it kept and lost
# and exits 1.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

D="$T/full"
mkdir "$D"
mount -t tmpfs -o size=256k tmpfs "$D" 2> mount.txt ||
	skip "cannot mount a small tmpfs to fill: $(cat mount.txt)"
at_exit 'umount "$D" 2>/dev/null'

# fill KIB: leaves KIB KiB free on the small file system.
fill() {
	rm -f "$D/filler"
	local avail
	avail=$(df -k --output=avail "$D" | tail -1)
	dd if=/dev/zero of="$D/filler" bs=1k count=$((avail - $1)) 2> /dev/null
	[ "$(df -k --output=avail "$D" | tail -1)" -le "$1" ] || fail "could not fill $D"
}

# About 5 bytes a sample: a second of samples (the first flush) fits in
# 12 KiB, the 4 seconds of CPU time the command burns do not.
record_full() {
	fill 12
	limit 120 "$CPROF" record -o "$D/out.data" -- \
		sh -c "'$WORKLOADS/split' 4 && echo finished > '$T/marker'; exit 7" 2> err.txt
	echo $? > rc.txt
}
setup full record_full

record_fails() {
	rc=$(cat rc.txt)
	[ "$rc" -eq 1 ] || fail "cprof exits $rc on a full disk, not 1: $(cat err.txt)"
	[ "$(cat marker 2>/dev/null)" = finished ] || fail "the command did not run to its end: $(cat err.txt)"
	grep -q "cannot write '$D/out.data': No space left on device: recording stopped; the command runs on" err.txt ||
		fail "no message at the failure: $(cat err.txt)"
	grep -q "the target exited with status 7" err.txt || fail "the command was not left to end by itself: $(cat err.txt)"
	grep -q "written to" err.txt && fail "the summary claims samples were written: $(cat err.txt)"
	line=$(grep "keeps [0-9]* samples; [0-9]* were lost because the trace could not be written (No space left on device)" err.txt) ||
		fail "no count of samples kept and lost: $(cat err.txt)"
	kept=$(echo "$line" | sed 's/.* keeps \([0-9]*\) samples.*/\1/')
	lost=$(echo "$line" | sed 's/.*samples; \([0-9]*\) were lost.*/\1/')
	[ "$kept" -gt 0 ] || fail "no sample kept: $line"
	[ "$lost" -gt 0 ] || fail "nothing lost on a full disk: $line"
}
test_case --needs=full "record: exit 1, the command runs to its end, samples kept and lost counted" record_fails

# The trace keeps every whole chunk written before the failure.
kept_readable() {
	kept=$(sed -n 's/.* keeps \([0-9]*\) samples; [0-9]* were lost because.*/\1/p' err.txt)
	[ -n "$kept" ] || fail "no count of samples kept: $(cat err.txt)"
	[ -f "$D/out.data" ] || fail "the trace was not given its name: $(ls -la "$D")"
	ls -A "$D" | grep -E '^\.out|\.lock$' && fail "temporary files left behind: $(ls -la "$D")"
	"$CPROF" info "$D/out.data" > info.txt 2> info.err || fail "info cannot read the trace: $(cat info.err)"
	grep -q "kept $kept samples" info.txt || fail "info does not find the $kept samples: $(cat info.txt)"
	n=$("$CPROF" fold "$D/out.data" 2> /dev/null | total /dev/stdin)
	[ "$n" -eq "$kept" ] || fail "fold finds $n samples, cprof said $kept"
	"$CPROF" fold "$D/out.data" 2> /dev/null | grep -q 'work_a' || fail "the kept samples have no stacks of work_a"
}
test_case --needs=full "the trace has its name and the kept samples, with stacks" kept_readable

# attach: the process is left running, cprof detaches and exits 1.
attach_full() {
	rm -f "$D/out.data"
	fill 12
	"$WORKLOADS/spinner" 60 > /dev/null &
	spin=$!
	limit 120 "$CPROF" attach -q -p "$spin" -o "$D/a.data" 2> a.txt
	rc=$?
	kill -0 "$spin" 2> /dev/null || fail "the attached process did not survive: $(cat a.txt)"
	kill "$spin"
	[ "$rc" -eq 1 ] || fail "attach exits $rc on a full disk, not 1: $(cat a.txt)"
	grep -q "recording stopped; the processes run on" a.txt || fail "attach: no message: $(cat a.txt)"
	grep -q "keeps [0-9]* samples; [0-9]* were lost" a.txt || fail "attach: no counts: $(cat a.txt)"
	"$CPROF" info "$D/a.data" > /dev/null 2>&1 || fail "attach: the trace does not read"
}
test_case "attach: the process left running, exit 1, counts, a readable trace" attach_full

# A disk with no room for even the header: nothing is left behind, an
# existing trace keeps its name.
no_room() {
	rm -f "$D/filler" "$D/a.data"
	echo old > "$D/keep.data"
	fill 0
	limit 30 "$CPROF" record -q -o "$D/keep.data" -- true 2> f.txt && fail "record on a full disk succeeded"
	[ "$(cat "$D/keep.data")" = old ] || fail "the existing trace was replaced"
	ls -A "$D" | grep -E '^\.keep|\.lock$|\.old$' && fail "files left behind: $(ls -la "$D")"
}
test_case "no room for the header: nothing left behind, the old trace kept" no_room
