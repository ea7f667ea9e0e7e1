# The trace file itself: never written through a link left at its name,
# private (0600), renamed into place at the end with the previous one kept
# as .old, locked against a second recording; and the option values that
# decide whether a recording can record anything at all.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# A dangling link at the output name: root must not create its target.
record_link() {
	ln -s "$T/elsewhere" link.data
	limit 30 "$CPROF" record -q -o link.data -- "$WORKLOADS/split" 0.2 2> err.txt ||
		fail "record over a dangling link failed: $(cat err.txt)"
}
setup link record_link

dangling_link() {
	[ -e elsewhere ] && fail "the trace was written through the link to $T/elsewhere"
	[ -f link.data ] && [ ! -L link.data ] || fail "link.data is not a trace of its own: $(ls -l)"
	"$CPROF" info link.data > /dev/null || fail "link.data does not read"
}
test_case --needs=link "a dangling link at the output name is replaced, not followed" dangling_link

# Private, as perf's: kernel addresses and command lines are in it.
private() {
	mode=$(stat -c %a link.data)
	[ "$mode" = 600 ] || fail "the trace is mode $mode, not 600"
}
test_case --needs=link "the trace is private (0600)" private

# While recording, the previous trace keeps its name; at the end it is .old.
old_and_lock() {
	cp link.data prev.data
	bg 30 "$CPROF" record -q -o prev.data -- sh -c "sleep 1; $WORKLOADS/split 0.2"
	rec=$BG_PID
	sleep 0.5
	cmp -s link.data prev.data || fail "the previous trace was changed while recording"
	[ -e prev.data.old ] && fail "the previous trace became .old before the recording ended"

	# A second recording to the same file fails at once and names the first.
	start=$(date +%s)
	limit 30 "$CPROF" record -q -o prev.data -- "$WORKLOADS/split" 0.2 2> busy.txt
	rc=$?
	[ "$rc" -eq 1 ] || fail "a second recording to the same file exits $rc, not 1: $(cat busy.txt)"
	grep -q "being written by another recording (process $rec)" busy.txt ||
		fail "the refusal does not name the recording ($rec): $(cat busy.txt)"
	[ $(($(date +%s) - start)) -le 3 ] || fail "the second recording did not fail at once"
	wait "$rec" || fail "the first recording failed"
	cmp -s link.data prev.data.old || fail "the previous trace was not kept as prev.data.old"
	"$CPROF" fold prev.data | grep -q work_a || fail "the new trace has no samples of work_a"
	[ "$(stat -c %a prev.data)" = 600 ] || fail "the new trace is not 600"
	ls -A | grep -E '^\.prev|\.lock$' && fail "a temporary or lock file was left behind"
}
test_case --needs=link "the previous trace kept until the end, then .old; a second recording refused" old_and_lock

# A recording killed outright leaves no lock behind that blocks the next.
dead_lock() {
	bg 30 "$CPROF" record -q -o killed.data -- sleep 30
	rec=$BG_PID
	sleep 0.5
	child=$(pgrep -P "$rec")
	kill -9 "$rec"
	wait "$rec" 2>/dev/null
	[ -n "$child" ] && kill "$child"
	limit 30 "$CPROF" record -q -o killed.data -- "$WORKLOADS/split" 0.1 2> k.txt ||
		fail "a dead recording's lock blocks the next: $(cat k.txt)"
}
test_case "a killed recording leaves no lock behind" dead_lock

# A command that cannot run leaves nothing behind; the trace keeps its name.
missing_command() {
	cp link.data keep.data
	"$CPROF" record -q -o keep.data -- ./does-not-exist 2> /dev/null && fail "a missing command succeeded"
	cmp -s link.data keep.data || fail "the existing trace was changed by a failed recording"
	[ -e keep.data.old ] && fail "a failed recording renamed the existing trace to .old"
	ls -A | grep -E '^\.keep|keep\.data\.lock' && fail "a failed recording left files behind"
}
test_case --needs=link "a command that cannot run leaves the trace as it was" missing_command

# A ring buffer smaller than one sample recorded nothing and said '0 lost':
# it is refused, with the size that would do.
small_ring() {
	"$WORKLOADS/spinner" 20 > /dev/null 2>&1 &
	spin=$!
	limit 30 "$CPROF" attach -q -m 8K -p "$spin" --duration 0.5 -o small.data 2> small.txt
	rc=$?
	[ "$rc" -eq 1 ] || fail "attach -m 8K with DWARF stacks exits $rc: $(cat small.txt)"
	grep -q "cannot hold one sample.*give -m 64K or more" small.txt ||
		fail "the refusal does not give the size needed: $(cat small.txt)"
	limit 30 "$CPROF" attach -q -m 64K -p "$spin" --duration 1 -o big.data 2> big.txt ||
		fail "attach -m 64K failed: $(cat big.txt)"
	n=$("$CPROF" fold big.data | awk '{ t += $NF } END { print t + 0 }')
	[ "$n" -gt 0 ] || fail "attach -m 64K recorded no sample"
	kill "$spin"
}
test_case "a ring buffer smaller than one sample is refused with the size needed" small_ring

# --duration takes decimal seconds and nothing else.
duration() {
	for bad in nan inf 0x10 -1 '' 1x 1e3 0 ' 1' 1.2.3; do
		"$CPROF" record -q --duration "$bad" -o d.data -- true 2> d.txt
		rc=$?
		[ "$rc" -eq 2 ] || fail "--duration '$bad' exits $rc, not 2"
		grep -q "bad duration '$bad': give seconds as a decimal number" d.txt ||
			fail "--duration '$bad': unclear message: $(cat d.txt)"
	done
	# Against a recording of true: a loaded machine was seen to take 9 s
	# for that alone, and a recording the option did not stop takes 20 s more.
	start=$(date +%s)
	limit 30 "$CPROF" record -q -o d.data -- true || fail "record of true failed"
	base=$(($(date +%s) - start))
	start=$(date +%s)
	limit 60 "$CPROF" record -q --duration 0.5 -o d.data -- sleep 20 ||
		true	# the command is ended by SIGTERM: 143
	[ $(($(date +%s) - start)) -le $((base + 5)) ] ||
		fail "--duration 0.5 did not stop the recording: $(($(date +%s) - start)) s, $base s for true"
	for good in 1 2.25; do
		limit 30 "$CPROF" record -q --duration "$good" -o d.data -- true 2> d.txt ||
			fail "--duration $good refused: $(cat d.txt)"
	done
}
test_case "--duration takes decimal seconds and nothing else" duration
