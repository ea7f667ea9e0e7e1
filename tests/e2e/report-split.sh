# cprof report on the 2:1 workload: work_a holds two thirds of the time,
# work_b one third, spin is where it is spent; perf report agrees.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
W="$WORKLOADS/split"

# field CSV KEY COLUMN: the COLUMN of the line whose sym is KEY.
field() {
	awk -F, -v k="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["sym"] == k { print int($col[c] + 0.5); exit }' "$1"
}

record_split() {
	limit 120 "$CPROF" record -q -o split.data -- "$W" 2 || fail "record failed"
	"$CPROF" report --sort sym -g none --format csv split.data >children.csv ||
		fail "report --format csv failed"
}
setup split record_split

shares() {
	a=$(field children.csv work_a children)
	b=$(field children.csv work_b children)
	s=$(field children.csv spin self)
	[ -n "$a" ] && [ -n "$b" ] && [ -n "$s" ] || fail "work_a, work_b or spin missing: $(cat children.csv)"
	between "$a" 58 75 "work_a's Children share"
	between "$b" 25 42 "work_b's Children share"
	between "$s" 85 100 "spin's Self share"
}
test_case --needs=split "CSV: work_a's and work_b's Children 2:1, spin's Self" shares

# The text: the header, and the entries heaviest first with their keys.
text() {
	"$CPROF" report split.data >report.txt 2>err.txt || fail "report failed: $(cat err.txt)"
	grep -q '^# samples: *[0-9][0-9]* of cpu-clock' report.txt || fail "no samples line: $(head report.txt)"
	grep -q '^# unwinding: .*% of stacks truncated' report.txt || fail "no unwinding line"
	grep -q '^# duration: ' report.txt || fail "no duration"
	order=$(grep -E '\[\.\] (work_a|work_b|spin)$' report.txt | awk '{ print $NF }' | tr '\n' ' ')
	[ "$order" = "spin work_a work_b " ] || fail "entries not heaviest first: '$order'"
	grep -E '\[\.\] spin$' report.txt | grep -q ' split ' || fail "spin's comm or dso is wrong"
}
test_case --needs=split "the text: its header, entries heaviest first with their keys" text

# Self only, caller graph: spin's stacks branch into work_a and work_b.
caller_graph() {
	"$CPROF" report --sort dso,sym --no-children -g caller split.data >self.txt || fail "no-children failed"
	head -12 self.txt | grep -q '^#  *Self  *Samples  *Shared Object  *Symbol' ||
		fail "no-children header: $(head -12 self.txt)"
	awk '/\[\.\] spin$/ { on = 1; next } on && /^$/ { exit } on' self.txt >graph.txt
	ga=$(sed -n 's/.*--\([0-9.]*\)%--work_a$/\1/p' graph.txt | cut -d. -f1)
	gb=$(sed -n 's/.*--\([0-9.]*\)%--work_b$/\1/p' graph.txt | cut -d. -f1)
	[ -n "$ga" ] && [ -n "$gb" ] || fail "spin's call graph lacks work_a or work_b: $(cat graph.txt)"
	between "$ga" 55 75 "work_a's branch under spin"
	between "$gb" 24 42 "work_b's branch under spin"
	grep -q 'main$' graph.txt || fail "main missing from spin's callers: $(cat graph.txt)"
}
test_case --needs=split "--no-children -g caller: spin's stacks branch 2:1 into work_a and work_b" caller_graph

# Callee order: from work_a up to main.
callee_order() {
	"$CPROF" report --sort sym -g callee --symbol work_a split.data >callee.txt || fail "callee failed"
	awk '/\[\.\] work_a$/ { on = 1; next } on && /^$/ { exit } on' callee.txt | grep -q 'main' ||
		fail "work_a's callers do not reach main: $(cat callee.txt)"
	grep -c '\[\.\]' callee.txt | grep -qx 1 || fail "--symbol work_a left other entries: $(cat callee.txt)"
}
test_case --needs=split "-g callee --symbol work_a: from work_a up to main" callee_order

# Filters that leave nothing, and a window.
filters() {
	"$CPROF" report --comm no-such-thread split.data >none.txt || fail "--comm failed"
	grep -q '(no samples)' none.txt || fail "--comm no-such-thread still shows entries"
	"$CPROF" report --time 0,0.5 -g none --format csv split.data >win.csv || fail "--time failed"
	n=$(awk -F, 'NR == 2 { print $3 }' win.csv)
	all=$(awk -F, 'NR == 2 { print $3 }' children.csv)
	between "$n" 1 $((all * 2 / 5)) "samples in the first half second"
	"$CPROF" report --max-stack 1 --sort sym -g none --format csv split.data >cut.csv || fail "max-stack"
	# Only the leaf is kept: work_a's Children is its Self, the odd sample in its
	# own code (a call instruction), never its callees' share.
	cut=$(field cut.csv work_a children)
	[ -z "$cut" ] || [ "$cut" -le 2 ] || fail "--max-stack 1 still sees work_a's callees: $(cat cut.csv)"
}
test_case --needs=split "--comm that matches nothing, --time, --max-stack" filters

# Usage errors.
usage_errors() {
	"$CPROF" report --sort bogus split.data 2>bad.txt; [ $? -eq 2 ] || fail "bad sort key is not exit 2"
	grep -q "unknown sort key 'bogus'" bad.txt || fail "bad sort key message: $(cat bad.txt)"
	"$CPROF" report missing.data 2>miss.txt; [ $? -eq 1 ] || fail "missing file is not exit 1"
	grep -q "^cprof report: .*missing.data" miss.txt || fail "missing file message: $(cat miss.txt)"
}
test_case --needs=split "a bad sort key is exit 2, a missing file exit 1" usage_errors

# perf on the same workload, when it can record here: within a few points.
against_perf() {
	a=$(field children.csv work_a children)
	b=$(field children.csv work_b children)
	command -v perf >/dev/null 2>&1 &&
		limit 30 perf record -q -g -o perf.data -- "$W" 2 >/dev/null 2>&1 ||
		skip "perf cannot record here: the comparison with perf report is left out"
	perf report -i perf.data --stdio --children --sort sym -g none 2>/dev/null >perf.txt
	pa=$(awk '$NF == "work_a" { print int($1 + 0.5); exit }' perf.txt)
	pb=$(awk '$NF == "work_b" { print int($1 + 0.5); exit }' perf.txt)
	[ -n "$pa" ] && [ -n "$pb" ] || fail "perf report lacks work_a/work_b: $(head -30 perf.txt)"
	between "$a" $((pa - 5)) $((pa + 5)) "work_a: cprof vs perf ($pa%)"
	between "$b" $((pb - 5)) $((pb + 5)) "work_b: cprof vs perf ($pb%)"
}
test_case --needs=split "perf report on the same workload: within 5 points" against_perf
