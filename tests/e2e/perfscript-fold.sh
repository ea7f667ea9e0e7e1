# cprof fold on `perf script` text prints exactly what stackcollapse-perf.pl
# prints, file by file and option by option: this machine's perf outputs in
# tests/data/perf-script, and the captures of other machines in the shared
# corpus next to the tree (PERF_SCRIPT_CORPUS to name another).  Each
# results/NAME-collapsed-OPT.txt is the script's output for --OPT NAME.txt.
. "$top_srcdir/tests/e2e/lib.sh"

OWN="$top_srcdir/tests/data/perf-script"
CORPUS=${PERF_SCRIPT_CORPUS:-$top_srcdir/../shared/perf-script}

cases=0
# check DIR: every result file of DIR against cprof fold, from a file and from a pipe
check() {
	local dir=$1 in name opt r
	for r in "$dir"/results/*-collapsed-*.txt; do
		[ -f "$r" ] || continue
		name=$(basename "$r" .txt)
		opt=${name##*-collapsed-}
		in="$dir/${name%-collapsed-*}.txt"
		run "$CPROF" fold "--$opt" "$in"
		expect 0 "fold --$opt $in"
		cmp -s out "$r" || fail "fold --$opt $in differs from $r: $(diff out "$r" | head -5)"
		"$CPROF" fold "--$opt" - < "$in" 2>/dev/null | cmp -s - "$r" ||
			fail "fold --$opt of $in on standard input differs"
		cases=$((cases + 1))
	done
}

own_data() {
	check "$OWN"
	[ "$cases" -ge 31 ] || fail "only $cases cases in $OWN"
	echo "fold matched stackcollapse-perf.pl in $cases cases of $OWN"
}
test_case "this machine's perf script outputs: the script's bytes, from a file and a pipe" own_data

corpus() {
	[ -d "$CORPUS/results" ] ||
		skip "no perf script corpus at $CORPUS (set PERF_SCRIPT_CORPUS); own data only"
	check "$CORPUS"
	[ "$cases" -ge 24 ] || fail "only $cases cases in $CORPUS"
	echo "fold matched stackcollapse-perf.pl in $cases cases of $CORPUS"
}
test_case "other machines' perf script outputs: the script's bytes" corpus

# A recording made here and now, when perf may record and the script is at
# hand (STACKCOLLAPSE, or the corpus's copy): the same bytes for every option.
# (-B: no build-id cache, which perf 6.1 can trip an assertion over.)
SC=${STACKCOLLAPSE:-$CORPUS/stackcollapse-perf.pl}
live() {
	if ! command -v perf > /dev/null || ! command -v perl > /dev/null || [ ! -f "$SC" ]; then
		skip "no perf, perl or stackcollapse-perf.pl: no live recording compared"
	elif ! (perf record -q -B -g -e cpu-clock -F 499 -o live.data -- "$WORKLOADS/split" 0.5 \
			> /dev/null 2> live.err) 2> /dev/null; then
		skip "perf record refused here: $(head -1 live.err)"
	elif ! (perf script -i live.data > live.txt 2> live.err) 2> /dev/null; then
		skip "perf script failed here: $(grep -v '^$' live.err | head -1)"
	fi
	for opt in "" --pid --tid --all --addrs; do
		perl "$SC" $opt live.txt > want 2> /dev/null
		"$CPROF" fold $opt live.txt > got 2> /dev/null || fail "fold $opt of perf's text failed"
		cmp -s got want || fail "fold $opt of this machine's perf script differs: $(diff got want | head -5)"
	done
	[ "$(total got)" -gt 0 ] || fail "no stacks in the live recording"
	grep -q 'work_a' got || fail "no work_a in the live recording: $(head -3 got)"
}
test_case "a live perf recording folds as the script folds it, 5 option sets" live

# Without options: the first event only, and a notice saying so.
first_event() {
	EV="$OWN/perf-split-events.txt"
	first=$(awk '/^[^ \t#]/ { sub(/:[ \t]*$/, "", $NF); print $NF; exit }' "$EV")
	[ "$first" = page-faults ] || [ "$first" = cpu-clock ] || fail "first event '$first'?"
	run "$CPROF" fold "$EV"
	expect 0 "fold of two events"
	grep -q "only the samples of the first event, '$first'" err || fail "no notice: $(cat err)"
	cmp -s out "$OWN/results/perf-split-events-collapsed-pid.txt" &&
		fail "--pid changed nothing"
	[ "$(total out)" -eq "$(total "$OWN/results/perf-split-events-collapsed-all.txt")" ] ||
		fail "the total of the first event differs from the script's"
	run "$CPROF" fold --event page-faults "$EV"
	expect 0 "fold --event page-faults"
	cmp -s out "$OWN/results/perf-split-events-collapsed-event-filter=page-faults.txt" ||
		fail "--event and --event-filter differ"
	[ -s err ] && fail "a notice with the event named: $(cat err)"
	run "$CPROF" fold --event sched:nothing "$EV"
	expect 1 "fold of an event that is not there"
	grep -q "no samples of event 'sched:nothing'" err || fail "message: $(cat err)"
}
test_case "two events: the first only, with a notice; --event; a missing event" first_event

# --pid=LIST keeps those processes only, --tid=LIST those threads.
tid_list() {
	TH="$OWN/perf-threads-pidtid.txt"
	tid=$(awk '/^beta / { split($2, a, "/"); print a[2]; exit }' "$TH")
	run "$CPROF" fold --tid="$tid" "$TH"
	expect 0 "fold --tid=$tid"
	awk '{ split($1, f, ";"); if (f[1] !~ /\/'"$tid"'$/) bad = 1 } END { exit bad }' out ||
		fail "--tid=$tid kept other threads: $(head -3 out)"
	grep -q beta_work out || fail "--tid=$tid lost beta's work"
}
test_case "--tid=LIST keeps those threads only" tid_list

# Damage: lines of no known form are skipped with their numbers, the rest is kept.
damage() {
	{ head -40 "$OWN/perf-split-fp.txt"; printf 'garbage without form\n\n'; cat "$OWN/perf-split-fp.txt"; } > bad.txt
	run "$CPROF" fold bad.txt
	expect 0 "fold of text with a bad line"
	grep -q "skipped 1 line of no perf script form (line 41)" err || fail "message: $(cat err)"
	[ "$(total out)" -gt "$(total "$OWN/results/perf-split-fp-collapsed-pid.txt")" ] ||
		fail "samples lost around the bad line"
}
test_case "a line of no known form skipped with its number, the rest kept" damage

# Options of traces do not apply to perf script text, and --addrs not to traces.
trace_options() {
	run "$CPROF" fold --comm split "$OWN/perf-split-fp.txt"
	expect 2 "fold --comm of perf script text"
	printf 'split 1 1.0: 1 cpu-clock:\n\tdeadbeef f (m)\n' > nosample.txt
	run "$CPROF" fold nosample.txt
	expect 1 "fold of a sample without the blank line that ends it"
	grep -q "no samples" err || fail "message: $(cat err)"
}
test_case "options of traces refused on perf script text; a sample without its end" trace_options
