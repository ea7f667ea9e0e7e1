# Frame-pointer leaf repair: spin() is a leaf without a frame of its own,
# so the kernel's walk goes from spin to main.  With -g cprof finds spin's
# caller by CFI from a small stack copy; with --call-graph fp,0 (the
# kernel's walk alone, as perf -g) work_a is missing.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

objdump -d "$WORKLOADS/leaf" 2>/dev/null | sed -n '/<spin>:/,/^$/p' | grep -q 'push *%rbp' &&
	skip "the compiler gave spin() a frame of its own: nothing to repair"

repaired() {
	run limit 60 "$CPROF" record -g -o leaf.data -- "$WORKLOADS/leaf" 2
	expect 0 "record -g"
	"$CPROF" fold leaf.data > leaf.folded || fail "fold failed"
	[ "$(total leaf.folded)" -ge 100 ] || fail "too few samples: $(total leaf.folded)"
	s=$(share leaf.folded ';main;work_a;spin$')
	between "$s" 80 100 "share of main;work_a;spin with the repair"
	"$CPROF" info leaf.data | grep -q '^unwinding: *fp,512,' || fail "info does not say fp,512"
}
test_case "-g: the leaf's caller found by CFI (main;work_a;spin)" repaired

kernel_walk() {
	run limit 60 "$CPROF" record --call-graph fp,0 -o plain.data -- "$WORKLOADS/leaf" 1
	expect 0 "record --call-graph fp,0"
	"$CPROF" fold plain.data > plain.folded || fail "fold failed"
	s=$(share plain.folded ';main;spin$')
	between "$s" 80 100 "share of main;spin without the repair"
}
test_case "fp,0, the kernel's walk alone: main;spin" kernel_walk

bad_size() {
	run "$CPROF" record --call-graph fp,x -- true
	expect 2 "a bad fp stack size"
	grep -q "bad stack size in '--call-graph fp,x'" "$T/err" || fail "message: $(cat "$T/err")"
}
test_case "a bad fp stack size: exit 2, a message" bad_size
