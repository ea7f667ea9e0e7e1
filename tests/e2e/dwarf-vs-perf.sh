# cprof's DWARF stacks against perf's: the same workloads recorded by
# `perf record --call-graph dwarf` and read back by `perf script` give the
# same top stacks, with shares within a few points.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
command -v perf >/dev/null || skip "perf is not installed (Debian package linux-perf)"
perf record -q -o probe.perf -- true 2> probe.err ||
	skip "perf record fails here: $(head -c 200 probe.err)"
# perf itself may abort on a machine whose kernel symbols it cannot take
# (an assertion in its build-id code was seen): that is perf's failure.
if ! perf record -q -g -o probe.perf -- "$WORKLOADS/spinner" 0.2 > /dev/null 2> probe.err ||
	grep -q "assertion failed" probe.err ||
	! perf script -i probe.perf > /dev/null 2> probe.err || grep -q "assertion failed" probe.err; then
	skip "perf script fails on this machine: $(head -c 200 probe.err)"
fi

# Both sides keep the program's own functions only (libc's internal names
# differ between symbolizers), rooted at the thread name.
OWN='^(main|path_a|path_b|burn|descend|bottom|sort_all|compare|run|alpha_work|beta_work)$'

# perf_fold FILE: perf script's samples as "comm;frame;... count".
perf_fold() {
	perf script -i "$1" -F comm,ip,sym --max-stack 1024 2>/dev/null | awk -v own="$OWN" '
		function flush() { if (comm != "") { s[comm stack]++ } comm = ""; stack = "" }
		/^[^ \t]/ { flush(); comm = $1; next }
		/^$/ { flush(); next }
		{ f = $2; sub(/\+0x[0-9a-f]+$/, "", f); if (f ~ own) stack = ";" f stack }
		END { flush(); for (k in s) print k, s[k] }'
}

# cprof_fold FILE: the same from cprof's trace.
cprof_fold() {
	"$CPROF" fold --no-inline "$1" | awk -v own="$OWN" '{
		n = $NF; sub(/ [^ ]*$/, ""); k = split($0, f, ";"); st = f[1]
		for (i = 2; i <= k; i++) if (f[i] ~ own) st = st ";" f[i]
		s[st] += n }
		END { for (k in s) print k, s[k] }'
}

# compare NAME: the top 3 stacks of each side, shares within 6 points.
compare() {
	awk '
		FNR == 1 { side++ }
		{ n = $NF; sub(/ [^ ]*$/, ""); c[side, $0] += n; t[side] += n; keys[$0] = 1 }
		END { for (k in keys) printf "%s %.1f %.1f\n", k, 100 * c[1, k] / t[1], 100 * c[2, k] / t[2] }
	' "$1.perf.folded" "$1.cprof.folded" > "$1.cmp"
	# Keys are "stack perf% cprof%"; the top three of each side are checked.
	{ sort -k2 -rn "$1.cmp" | head -3; sort -k3 -rn "$1.cmp" | head -3; } | sort -u |
	while read -r stack p c; do
		d=$(awk -v p="$p" -v c="$c" 'BEGIN { d = p - c; printf "%d\n", (d < 0 ? -d : d) + 0.5 }')
		[ "$d" -le 6 ] || fail "$1: '$stack' is $p% with perf and $c% with cprof"
	done || exit 1
	# A clear winner (not a tie like two equal threads) is the same on both sides.
	sort -k2 -rn "$1.cmp" | awk 'NR == 1 { k = $1; p = $2 } NR == 2 { g = p - $2 }
		END { print k, int(NR > 1 ? g : 100) }' > "$1.top"
	read -r top gap < "$1.top"
	[ "$gap" -le 6 ] || [ "$(sort -k3 -rn "$1.cmp" | head -1 | cut -d' ' -f1)" = "$top" ] ||
		fail "$1: perf's top stack is '$top', cprof's is not: $(sort -k3 -rn "$1.cmp" | head -2)"
}

# run NAME ARGS...: the workload under each profiler, same rate and stack size.
run() {
	local name=$1
	shift
	if ! limit 120 perf record -q -F 999 --call-graph dwarf,32768 -o "$name.perf" \
		"$WORKLOADS/$name" "$@" 2> perf.err; then
		# perf's own abort, as in the probe above, now and then: not cprof's
		grep -q "assertion failed" perf.err && skip "perf record aborted: $(head -c 200 perf.err)"
		fail "perf record of $name failed: $(cat perf.err)"
	fi
	limit 60 "$CPROF" record -q -F 999 --call-graph dwarf,32768 -o "$name.data" \
		"$WORKLOADS/$name" "$@" || fail "cprof record of $name failed"
	perf_fold "$name.perf" > "$name.perf.folded"
	cprof_fold "$name.data" > "$name.cprof.folded"
	[ "$(total "$name.perf.folded")" -ge 150 ] || fail "$name: perf has too few samples"
	[ "$(total "$name.cprof.folded")" -ge 150 ] || fail "$name: cprof has too few samples"
	compare "$name"
}

test_case "dw_split: the same top stacks as perf" run dw_split 2
test_case "dw_recurse: the same top stacks as perf" run dw_recurse 2 300
test_case "dw_qsort: the same top stacks as perf" run dw_qsort 2.5
# the same work in each thread, whatever the load
test_case "dw_threads: the same top stacks as perf" run dw_threads 0 2000
