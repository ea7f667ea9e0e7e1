# The memory timeline of a flame graph, in headless Chromium: a span of it
# narrows the graph to that time (tests/browser/memory.test.js).
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
need_browser

draw_faults() {
	limit 60 "$CPROF" record -q -e page-faults --call-graph fp -o pf.data \
		"$WORKLOADS/memwork" touch >/dev/null || fail "record failed"
	svg faults.svg flame pf.data
}
setup faults draw_faults

spans() {
	grep -q 'data-spans="[0-9]' faults.svg || fail "the timeline has no spans to narrow to"
}
test_case --needs=faults "the timeline has spans to narrow to" spans

browser() {
	limit 300 node "$B/memory.test.js" "$T" || fail "browser tests failed (see above)"
}
test_case --needs=faults "a span of the timeline narrows the graph (browser)" browser
