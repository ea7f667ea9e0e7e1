# Page faults with stacks: a sample weighs the faults it stands for, so the
# 100 MB touched in big() and the 10 MB in small() come out 10:1, and the
# graph counts page-faults in the mem palette.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# A second before touching: the first RSS readings come before the growth,
# however slowly the recorder starts on a loaded machine.
record_faults() {
	limit 60 "$CPROF" record -q -e page-faults --call-graph fp -o pf.data \
		"$WORKLOADS/memwork" touch 1 >/dev/null || fail "record failed"
}
setup pf record_faults

# faults FUNCTION: the faults of FUNCTION's stacks in $T/out.
faults() {
	awk -v re=";$1;" '$0 ~ re { n += $NF } END { print n + 0 }' "$T/out"
}

weighed() {
	run "$CPROF" fold pf.data
	expect 0 "fold"
	big=$(faults big)
	small=$(faults small)
	[ "$small" -gt 0 ] || fail "no faults in small(): $(cat "$T/out")"
	# 100 MB in 4 KiB pages is 25600 faults; 10:1 within 15%
	ratio=$((big * 100 / small))
	between "$ratio" 850 1150 "faults of big() per 100 of small()"
	between "$big" 20000 32000 "faults in big() (25600 pages)"
}
test_case --needs=pf "samples weigh their faults: big() 10:1 small(), 25600 pages" weighed

# Counting samples instead (--samples) gives fewer, unweighted counts.
samples() {
	run "$CPROF" fold pf.data
	big=$(faults big)
	run "$CPROF" fold --samples pf.data
	expect 0 "fold --samples"
	[ "$(total "$T/out")" -lt "$big" ] || fail "--samples did not count samples"
}
test_case --needs=pf "fold --samples counts samples, not faults" samples

# report says what the weights are
report_weights() {
	run "$CPROF" report --stdio pf.data
	expect 0 "report"
	grep -q '^# weights: *page-faults' "$T/out" || fail "report does not name the weights: $(head -12 "$T/out")"
}
test_case --needs=pf "report names the weights" report_weights

# The graph counts page-faults, in the mem palette (no red: r is 0)
graph() {
	run "$CPROF" flame pf.data
	expect 0 "flame"
	grep -q 'data-countname="page-faults"' "$T/out" || fail "the graph does not count page-faults"
	grep -q '<title>big ([0-9,]* page-faults' "$T/out" || fail "big's tooltip lacks page-faults"
	grep -o '<title>big [^<]*</title><rect [^>]*fill="rgb([0-9]*' "$T/out" | grep -q 'rgb(0$' ||
		fail "big is not in the mem palette"
	# the memory timeline under the title: a line through the readings
	grep -q '<svg id="rss"' "$T/out" || fail "the graph has no memory timeline"
	grep -qE '<title>resident memory: [0-9.]+ to 1[01][0-9]\.[0-9] MiB, growth \+(9[5-9]|1[0-2][0-9])\.' "$T/out" ||
		fail "the timeline's title is not about 110 MiB: $(grep -o '<title>resident memory[^<]*' "$T/out")"
	n=$(grep -o '<polyline points="[^"]*"' "$T/out" | tr ' ' '\n' | wc -l)
	[ "$n" -ge 5 ] || fail "the timeline has $n points"
	# --countname and --colors still win
	run "$CPROF" flame --countname faults --colors hot pf.data
	grep -q 'data-countname="faults"' "$T/out" || fail "--countname ignored"
}
test_case --needs=pf "the graph counts page-faults in the mem palette, with a memory timeline" graph

# RSS every 100 ms: it grows by the 110 MB touched
rss() {
	run "$CPROF" info pf.data
	expect 0 "info"
	line=$(grep '^rss: *memwork-[0-9]*: ' "$T/out") || fail "info shows no RSS: $(cat "$T/out")"
	growth=$(echo "$line" | sed -n 's/.*growth +\([0-9]*\)\..*/\1/p')
	between "${growth:-0}" 95 125 "RSS growth in MiB ($line)"
	readings=$(echo "$line" | sed -n 's/.*(\([0-9]*\) readings)/\1/p')
	[ "${readings:-0}" -ge 5 ] || fail "too few RSS readings for 100 ms each: $line"
	run "$CPROF" report --stdio pf.data
	grep -q '^# rss: *memwork-[0-9]*: min .*, max .*, growth +' "$T/out" || fail "report shows no RSS"
}
test_case --needs=pf "RSS every 100 ms grows by the 110 MB, in info and report" rss

# diff of two page-fault profiles names the same unit
diff_unit() {
	run "$CPROF" diff pf.data pf.data
	expect 0 "diff"
	grep -q 'data-countname="page-faults"' "$T/out" || fail "diff does not count page-faults"
}
test_case --needs=pf "diff counts page-faults" diff_unit

# A fixed period (-c 100) samples one fault in 100, weighed 100 each: the
# kernel samples every fault when the sample asks for its period, so the
# period must come from the attr (28,000 samples of 1 before the fix).
fixed_period() {
	limit 60 "$CPROF" record -q -e page-faults -c 100 --call-graph fp -o pfc.data \
		"$WORKLOADS/memwork" touch 1 >/dev/null || fail "record -c 100 failed"
	run "$CPROF" fold --samples pfc.data
	expect 0 "fold --samples of -c 100"
	between "$(total "$T/out")" 150 600 "samples at one per 100 faults (28,160 faults)"
	run "$CPROF" fold pfc.data
	between "$(faults big)" 20000 32000 "faults in big() at -c 100 (25600 pages)"
}
test_case "-c 100 samples one fault in 100, each weighing 100" fixed_period
