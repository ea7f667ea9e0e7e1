# Stacks deeper than the DWARF stack copy, or than the frame limit, are
# counted, and both the summary and `cprof info` name the option that helps.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# 300 frames (about 25 KB) do not fit in 8 KiB.
small_copy() {
	limit 60 "$CPROF" record --call-graph dwarf,8192 -o small.data "$WORKLOADS/dw_recurse" 1 300 \
		2> small.err || fail "record failed: $(cat small.err)"
	line=$(grep 'of stacks hit the 8192-byte stack copy; try --call-graph dwarf,32768$' small.err) ||
		fail "no advice in the summary: $(cat small.err)"
	pct=$(echo "$line" | sed -n 's/^cprof record: \([0-9]*\).*/\1/p')
	between "${pct:-0}" 90 100 "share of stacks cut by the stack copy"
	"$CPROF" info small.data > info.txt || fail "info failed"
	grep -Eq '^ +[0-9]+ \([0-9.]+%\) hit the 8192-byte stack copy; try --call-graph dwarf,32768$' info.txt ||
		fail "info does not give the advice: $(grep -A3 '^truncated' info.txt)"
	# What was kept is the innermost part of the stack, leaf first: of the
	# samples cut short inside the recursion (not those of main's clock reads,
	# which grow with the machine's load), nearly all reach bottom.
	"$CPROF" fold small.data > small.folded || fail "fold failed"
	grep '^dw_recurse;descend;' small.folded > cut.folded
	between "$(share cut.folded 'descend;descend;bottom(;|$)')" 95 100 "leaf frames kept"
}
test_case "dwarf,8192: 300 frames cut, counted, the advice in the summary and info, leaf kept" small_copy

# The advice works: with 32768 bytes the same program unwinds whole.
advice_works() {
	limit 60 "$CPROF" record --call-graph dwarf,32768 -o big.data "$WORKLOADS/dw_recurse" 1 300 \
		2> big.err || fail "record failed: $(cat big.err)"
	# None is cut by the copy; a few samples taken in the middle of exec or of
	# a system call on a loaded machine may still stop early (under 1%).
	grep -q 'hit the [0-9]*-byte stack copy' big.err && fail "stacks still cut by the copy: $(cat big.err)"
	awk '/of stacks/ { sub(/^cprof record: /, ""); if ($1 + 0 >= 1) bad = 1 } END { exit !bad }' big.err &&
		fail "stacks still cut short: $(cat big.err)"
	"$CPROF" fold big.data > big.folded || fail "fold failed"
	# Of the samples in the recursion (main's clock reads grow with the load),
	# nearly all reach main.
	grep 'descend' big.folded > rec.folded
	between "$(share rec.folded ';main;descend')" 99 100 "whole stacks with dwarf,32768"
}
test_case "dwarf,32768: the same program unwinds whole" advice_works

# 600 frames fit in the largest copy but not in the 512-frame limit.
frame_limit() {
	limit 60 "$CPROF" record --call-graph dwarf,65528 -o deep.data "$WORKLOADS/dw_recurse" 1 600 \
		2> deep.err || fail "record failed: $(cat deep.err)"
	grep -q 'of stacks reached the limit of 512 frames$' deep.err || fail "no frame limit: $(cat deep.err)"
	"$CPROF" fold deep.data > deep.folded || fail "fold failed"
	n=$(awk '{ print gsub(/;descend/, "&") }' deep.folded | sort -n | tail -1)
	between "$n" 500 512 "descend frames under the 512-frame limit"
}
test_case "600 frames: cut at the 512-frame limit, said" frame_limit

# Sizes outside the kernel's range are usage errors.
bad_size() {
	"$CPROF" record --call-graph dwarf,70000 -o x.data true 2> e.txt
	[ $? -eq 2 ] || fail "dwarf,70000 was not a usage error"
	grep -q '65528' e.txt || fail "unclear error: $(cat e.txt)"
}
test_case "dwarf,70000: a usage error naming 65528" bad_size
