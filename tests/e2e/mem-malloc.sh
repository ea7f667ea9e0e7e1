# Heap allocations through uprobes, nothing preloaded: memwork heap mallocs
# 100 MB in heap_big() and 10 MB in heap_small() (10:1 in bytes); memwork
# leak keeps 5 MB from leak() and frees the 50 MB of churn().
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
[ -r /sys/bus/event_source/devices/uprobe/type ] ||
	skip "the kernel has no uprobe PMU (CONFIG_UPROBE_EVENTS)"

MB=1048576
# bytes MATCH: the bytes of the folded stacks in $T/out matching MATCH.
bytes() {
	awk -v re="$1" '$0 ~ re { n += $NF } END { printf "%d\n", n }' "$T/out"
}

# Bytes allocated, with frame pointers and DWARF: 10:1 within 15%, and all
# of them (110 MB; every call is seen unless the kernel dropped records)
# record_heap NAME CALL-GRAPH: records heap-NAME.data.
record_heap() {
	limit 60 "$CPROF" record -q -e malloc --call-graph $2 -o heap-$1.data \
		"$WORKLOADS/memwork" heap >/dev/null || fail "record -e malloc ($2) failed"
}
setup heap_fp record_heap fp fp
setup heap_dwarf record_heap dwarf dwarf,4096

# heap_bytes NAME CALL-GRAPH
heap_bytes() {
	local cg=$2
	run "$CPROF" fold --event malloc heap-$1.data
	expect 0 "fold --event malloc ($cg)"
	big=$(bytes ';heap_big;')
	small=$(bytes ';heap_small;')
	[ "$small" -gt 0 ] || fail "no bytes in heap_small() ($cg): $(cat "$T/out")"
	between $((big * 100 / small)) 850 1150 "bytes of heap_big() per 100 of heap_small() ($cg)"
	between $((big / MB)) 85 100 "MB allocated in heap_big() ($cg)"
	grep -qE ';heap_big;(heap_blocks;)?block;[^ ]*malloc ' "$T/out" ||
		fail "the stack does not end in block and malloc ($cg): $(grep heap_big "$T/out")"
}
test_case --needs=heap_fp "malloc, frame pointers: bytes 10:1, all 110 MB" heap_bytes fp fp
test_case --needs=heap_dwarf "malloc, DWARF: bytes 10:1, all 110 MB" heap_bytes dwarf dwarf,4096

# The views count bytes, and the default event is malloc (the first)
views() {
	run "$CPROF" report --stdio heap-dwarf.data
	expect 0 "report"
	grep -q '^# weights: *bytes' "$T/out" || fail "report does not weigh bytes: $(head -8 "$T/out")"
	run "$CPROF" flame heap-dwarf.data
	expect 0 "flame"
	grep -q 'data-countname="bytes"' "$T/out" || fail "the graph does not count bytes"
	grep -qE '<title>heap_big \(10[0-9],[0-9]{3},[0-9]{3} bytes, ' "$T/out" ||
		fail "heap_big's tooltip is not 100 MB: $(grep -o '<title>heap_big[^<]*' "$T/out")"
}
test_case --needs=heap_dwarf "report and flame count bytes, malloc the default event" views

# Leaks: what was never freed, by the stack that allocated it
record_leak() {
	limit 60 "$CPROF" record -q -e malloc --call-graph fp -o leak.data \
		"$WORKLOADS/memwork" leak >/dev/null || fail "record -e malloc (leak) failed"
}
setup leak record_leak

leaks() {
	run "$CPROF" fold --event leaks leak.data
	expect 0 "fold --event leaks"
	between "$(bytes ';leak;block;')" $((5 * MB)) $((5 * MB)) "bytes leaked from leak()"
	grep -q ';churn;' "$T/out" && fail "churn() freed everything but shows as a leak: $(cat "$T/out")"
	run "$CPROF" fold --event malloc leak.data
	between $(($(bytes ';churn;') / MB)) 45 50 "MB allocated in churn()"
	run "$CPROF" flame --event leaks leak.data
	grep -q '<title>leak (5,242,880 bytes' "$T/out" ||
		fail "the leak graph does not show 5 MB in leak(): $(grep -o '<title>leak [^<]*' "$T/out")"
}
test_case --needs=leak "--event leaks: what was never freed, by its stack" leaks

# --alloc-sample: one allocation per 32 KiB of bytes on average; a 64 KiB
# block is taken with probability 1 - e^-2 (86%) and weighed back by it.
# heap_small()'s 160 blocks give about 138 samples, 3% either way: 10:1
# holds within 15%.
alloc_sample() {
	limit 60 "$CPROF" record -q -e malloc --alloc-sample 32K --call-graph fp -o s.data \
		"$WORKLOADS/memwork" heap >/dev/null || fail "record --alloc-sample failed"
	run "$CPROF" fold --event malloc s.data
	big=$(bytes ';heap_big;')
	small=$(bytes ';heap_small;')
	[ "$small" -gt 0 ] || fail "no bytes in heap_small() with --alloc-sample"
	between $((big * 100 / small)) 850 1150 "bytes of heap_big() per 100 of heap_small() (sampled)"
	between $((big / MB)) 90 110 "MB allocated in heap_big() (sampled)"
	run "$CPROF" fold --samples --event malloc s.data
	n=$(awk '/;heap_big;/ { n += $NF } END { print n + 0 }' "$T/out")
	# 1600 calls, 86% of them taken: 1384, 14 either way
	between "$n" 1300 1460 "samples of heap_big() with --alloc-sample 32K"
}
test_case "--alloc-sample 32K: bytes weighed back, 10:1 holds" alloc_sample

# attach -p: the process started before cprof, and only what came after
attached() {
	bg 60 "$WORKLOADS/memwork" leak 1.5 > out.txt
	pid=$BG_PID
	wait_for out.txt ready
	limit 60 "$CPROF" attach -q -e malloc --call-graph fp -p "$pid" -o a.data ||
		fail "attach -e malloc failed"
	run "$CPROF" fold --event leaks a.data
	expect 0 "fold --event leaks (attach)"
	between "$(bytes ';leak;block;')" $((5 * MB)) $((5 * MB)) "bytes leaked from leak() (attach)"
}
test_case "attach -e malloc: only what came after" attached

# Bad uses: one clear message each
bad_uses() {
	run "$CPROF" record --alloc-sample 1M -o x.data true
	expect 2 "--alloc-sample without -e malloc"
	grep -q -- '--alloc-sample needs -e malloc' "$T/err" || fail "unclear message: $(cat "$T/err")"
	run "$CPROF" record -e malloc --alloc-sample lots -o x.data true
	expect 2 "a bad --alloc-sample"
	run "$CPROF" record -e malloc -o x.data /bin/true
	[ "$rc" -le 1 ] || fail "record -e malloc of /bin/true crashed ($rc)"
}
test_case "bad uses: one clear message each" bad_uses

# A ring too small for the calls: the kernel drops records, entry and return
# together, and the summary says the calls are missing (not "2 left out").
small_ring() {
	limit 60 "$CPROF" record -e malloc -g -m 8K -o small.data "$WORKLOADS/memwork" heap \
		>/dev/null 2>small.err || fail "record -m 8K failed: $(cat small.err)"
	lost=$(sed -n 's/.* samples (\([0-9]*\) lost).*/\1/p' small.err)
	if [ "${lost:-0}" -gt 0 ]; then
		grep -q "dropped $lost records while the ring buffers were full: the allocator calls" \
			small.err || fail "$lost records lost and no word of the missing calls: $(cat small.err)"
	else
		! grep -q 'dropped' small.err || fail "nothing lost, yet: $(cat small.err)"
	fi
}
test_case "a full ring: the summary says the dropped records' calls are missing" small_ring
