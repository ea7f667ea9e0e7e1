# JIT code named by the map V8 writes (node --perf-basic-prof): both
# JavaScript functions appear as _[j] frames, kept in the trace even after
# the map file is gone.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf
command -v node >/dev/null || skip "node is not installed (Debian package nodejs)"

jit_names() {
	limit 60 "$CPROF" record -q -o t.data -- node --perf-basic-prof \
		"$top_srcdir/tests/workloads/jit.js" 2 >/dev/null || fail "cprof record of node failed"
	"$CPROF" fold --pid t.data >f.txt || fail "cprof fold failed"
	pid=$(sed -n 's/^node-\([0-9]*\);.*/\1/p' f.txt | head -1)
	[ -n "$pid" ] || fail "no node process in the profile"
	# The names must come from the trace, not from the map file.
	rm -f "/tmp/perf-$pid.map"
	"$CPROF" fold t.data >g.txt || fail "cprof fold failed"
	# 2 s of JavaScript at 999 Hz is some 2000 samples; a sanitizer build
	# beside a parallel make check was seen to take under 500.
	[ "$(total g.txt)" -ge 200 ] || fail "too few samples: $(total g.txt)"
	for f in cprofAlphaWork cprofBetaWork; do
		between "$(share g.txt "[^;]*$f[^;]*_\\[j\\]($|;)")" 10 95 "share of stacks through $f _[j]"
	done
}
test_case "both JavaScript functions as _[j] frames, named from the trace" jit_names
