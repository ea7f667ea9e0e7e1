# Frame-pointer stacks of Debian's gzip, built without frame pointers: the
# kernel's walk runs into garbage right away.  Nothing of it is drawn as a
# kernel frame, and info and the summary count the broken stacks by the
# module they broke in.  A program built with frame pointers is whole.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
GZIP_BIN=$(command -v gzip) || skip "no gzip on this machine"

# Random text compresses slowly enough: about a second of gzip -9.
record_gzip() {
	head -c 6000000 /dev/urandom | base64 > data.txt
	run limit 120 "$CPROF" record -g -o gz.data -- "$GZIP_BIN" -9 -c data.txt
	expect 0 "record -g of gzip"
	cp "$T/err" summary.txt
	run "$CPROF" fold gz.data
	expect 0 "fold"
	cp "$T/out" gz.folded
	[ "$(total gz.folded)" -ge 200 ] || fail "too few samples: $(total gz.folded)"
}
setup gzip record_gzip

# Kernel frames only at the leaf end of a stack, never among user frames.
kernel_leaf_end() {
	awk '{ sub(/ [^ ]*$/, ""); n = split($0, f, ";"); k = 0
		for (i = 2; i <= n; i++) {
			if (f[i] ~ /_\[k\]$/) k = 1
			else if (k || f[i] ~ /kernel\.kallsyms/) { print; exit 1 }
		} }' gz.folded > mixed.txt || fail "kernel frame in a user part: $(cat mixed.txt)"
}
test_case --needs=gzip "kernel frames only at the leaf end of a stack" kernel_leaf_end

# gzip has no frame pointers: at least 90% of its stacks broke there.
broken_counted() {
	run "$CPROF" info gz.data
	expect 0 "info"
	line=$(grep -m1 'broke in gzip, which has no frame pointers; try --call-graph dwarf' "$T/out") ||
		fail "no broken-chain line for gzip: $(cat "$T/out")"
	pct=$(echo "$line" | sed -n 's/.*(\([0-9]*\)\.[0-9]%).*/\1/p')
	between "${pct:-0}" 90 100 "share of stacks broken in gzip (info)"
	grep -q 'perf_event_max_stack' "$T/out" && fail "max-stack advice for short chains: $(cat "$T/out")"
	# The summary says the same.
	grep -q '% of stacks broke in gzip, which has no frame pointers' summary.txt ||
		fail "summary without the broken-chain line: $(cat summary.txt)"
}
test_case --needs=gzip "info and the summary count the stacks broken in gzip" broken_counted

# Built with frame pointers, the stacks start at the C runtime and are whole.
whole() {
	run limit 60 "$CPROF" record -g -o split.data -- "$WORKLOADS/split" 1
	expect 0 "record -g of split"
	run "$CPROF" fold split.data
	cp "$T/out" split.folded
	s=$(share split.folded '^split;__libc_start_call_main;main;')
	between "$s" 95 100 "share of split's stacks rooted in __libc_start_call_main"
	run "$CPROF" info split.data
	# Under 1% broken (a sample in the dynamic loader at most): no line at all,
	# or a count under 1%.
	if line=$(grep -m1 'broke in' "$T/out"); then
		echo "$line" | grep -Eq '\((under 0\.1|0\.[0-9])%\)' || fail "split's stacks broken: $line"
	fi
}
test_case "a program with frame pointers: whole stacks" whole
