# A flame chart of a real recording in headless Chromium: its time axis, the
# times on hover, and the small lanes folded into one (tests/browser/chart.test.js).
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
need_browser

# two busy threads for 1 s of CPU each, beside three spinners of 5 ms
for c in a b c; do
	cp "$WORKLOADS/spinner" "spin_$c" || fail "cannot copy the spinner"
done
limit 120 "$CPROF" record -q --call-graph fp -o c.data sh -c \
	"'$WORKLOADS/threads' 1 & ./spin_a 0.005; ./spin_b 0.005; ./spin_c 0.005; wait" \
	>/dev/null || fail "record failed"
svg chart.svg flame --flamechart c.data
svg chart-icicle.svg flame --flamechart --icicle c.data
# the threads under 1% of the samples, and their samples, from the folded text
"$CPROF" fold --tid c.data > tid.folded || fail "fold --tid failed"
set -- $(awk '{ n = split($1, f, ";"); w[f[1]] += $NF; all += $NF }
	END { for (t in w) if (w[t] < 0.01 * all) { k++; s += w[t] } print k + 0, s + 0 }' tid.folded)
[ "$1" -ge 3 ] || fail "only $1 threads under 1% of the samples: $(cut -d';' -f1 tid.folded | sort | uniq -c)"
grep -q "^spin_a-" tid.folded || fail "spin_a was not sampled"
limit 300 node "$B/chart.test.js" "$T" "$1" "$2" || fail "browser tests failed (see above)"
