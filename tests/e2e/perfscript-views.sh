# cprof flame and diff read perf script text by content: the stacks and
# shares stackcollapse-perf.pl gives, kernel frames kept as kernel frames.
. "$top_srcdir/tests/e2e/lib.sh"

D="$top_srcdir/tests/data/perf-script"
SPLIT="$D/perf-split-fp.txt"
FOLDED="$D/results/perf-split-fp-collapsed-all.txt"

# title NAME FILE: the tooltip of the first frame called NAME
title() {
	grep -o "<title>$1 ([^<]*</title>" "$2" | head -1
}

# The flame graph of the text is the flame graph of its folded stacks.
text_graph() {
	cp "$FOLDED" split.folded
	svg text.svg flame "$SPLIT"
	svg folded.svg flame split.folded
	for f in work_a work_b main; do
		[ -n "$(title $f text.svg)" ] || fail "no frame $f in the graph of perf script text"
		[ "$(title $f text.svg)" = "$(title $f folded.svg)" ] ||
			fail "$f: '$(title $f text.svg)' from the text, '$(title $f folded.svg)' folded"
	done
	a=$(share split.folded 'work_a')
	b=$(share split.folded 'work_b')
	between "$a" 55 78 "work_a's share of the 2:1 split"
	between "$b" 22 45 "work_b's share of the 2:1 split"
}
test_case "the graph of perf script text is the graph of its folded stacks" text_graph

# Standard input, and kernel frames: named without their _[k] mark.
kernel_frames() {
	svg dd.svg flame - < "$D/perf-dd-kernel.txt"
	grep -q '<title>do_syscall_64 (' dd.svg || fail "no kernel frame do_syscall_64"
	grep -q '_\[k\]' dd.svg && fail "a kernel frame shows its _[k] mark"
}
test_case "standard input; kernel frames named without _[k]" kernel_frames

# --event picks the second event of a file with two.
second_event() {
	svg pf.svg flame --event page-faults "$D/perf-split-events.txt"
	n=$(total "$D/results/perf-split-events-collapsed-event-filter=page-faults.txt")
	grep -q "<title>all ($n samples, 100.00%)</title>" pf.svg ||
		fail "page-faults graph total is not $n: $(title all pf.svg)"
}
test_case "--event picks the second event of two" second_event

# diff: perf script text against its own folded stacks changes nothing.
diff_itself() {
	run "$CPROF" diff --fold "$SPLIT" "$FOLDED"
	expect 0 "diff of perf script text and folded stacks"
	awk '$(NF-1) != $NF { bad = 1 } END { exit bad }' out || fail "counts differ: $(head -3 out)"
	[ "$(wc -l < out)" -eq "$(wc -l < "$FOLDED")" ] || fail "stacks lost in diff"
}
test_case "diff of the text against its own folded stacks: no change" diff_itself

# A perf script text without samples: one message, exit 1.
no_samples() {
	printf 'perf 1 1.0: 1 cpu-clock:\n\tdeadbeef f (m)\n' > empty.txt
	run "$CPROF" flame empty.txt
	expect 1 "flame of text without a finished sample"
	grep -q "no samples" err || fail "message: $(cat err)"
}
test_case "text without samples: one message, exit 1" no_samples
