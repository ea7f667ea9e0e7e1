# The memory timeline of a flame graph, in headless Chromium: a span of it
# narrows the graph to that time (tests/browser/memory.test.js).
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
need_browser

limit 60 "$CPROF" record -q -e page-faults --call-graph fp -o pf.data \
	"$WORKLOADS/memwork" touch >/dev/null || fail "record failed"
svg faults.svg flame pf.data
grep -q 'data-spans="[0-9]' faults.svg || fail "the timeline has no spans to narrow to"
limit 300 node "$B/memory.test.js" "$T" || fail "browser tests failed (see above)"
