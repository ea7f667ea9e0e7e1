# Code no symbol names.  PLT stubs are NAME@plt, in the lazy .plt and in
# the .plt.sec of an IBT build.  Debian's stripped sha256sum is named per
# function (the FDE holding each address), not per address: its hashing
# code is a few frames, and report --sort sym puts it first.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# plt WORKLOAD
plt() {
	local w=$1
	[ -x "$WORKLOADS/$w" ] || skip "$w was not built"
	run limit 60 "$CPROF" record -o "$w.data" -- "$WORKLOADS/$w" 2
	expect 0 "record of $w"
	run "$CPROF" fold "$w.data"
	cp "$T/out" "$w.folded"
	[ "$(total "$w.folded")" -ge 100 ] || fail "$w: too few samples: $(total "$w.folded")"
	# The stub is a few instructions against labs' few: a few percent at least.
	s=$(share "$w.folded" ';main;labs@plt$')
	between "$s" 3 100 "$w: share of main;labs@plt"
	grep -Eq ";$w\\+0x" "$w.folded" && fail "$w: unnamed frames: $(grep -m3 ";$w+0x" "$w.folded")"
}
test_case "PLT stubs named NAME@plt (.plt)" plt pltcall
test_case "PLT stubs named NAME@plt (.plt.sec of an IBT build)" plt pltcall-ibt

# sha256sum, stripped as Debian ships it, hashing 90 MB.
SHA=$(command -v sha256sum)
record_sha() {
	[ -n "$SHA" ] || skip "no sha256sum on this machine"
	readelf -S "$SHA" 2>/dev/null | grep -q '\.symtab' && skip "$SHA has a symbol table"
	head -c 30000000 /dev/zero > zeros
	run limit 120 "$CPROF" record -o sha.data -- "$SHA" zeros zeros zeros
	expect 0 "record of sha256sum"
	run "$CPROF" fold sha.data
	cp "$T/out" sha.folded
	[ "$(total sha.folded)" -ge 100 ] || fail "sha256sum: too few samples: $(total sha.folded)"
}
setup sha record_sha

fde_frames() {
	# Distinct frames of sha256sum's own code, anywhere in the stacks.
	n=$(sed 's/ [0-9]*$//' sha.folded | tr ';' '\n' | grep -c '^sha256sum+0x' | head -1)
	d=$(sed 's/ [0-9]*$//' sha.folded | tr ';' '\n' | grep '^sha256sum+0x' | sort -u | wc -l)
	[ "$n" -gt 0 ] || fail "no sha256sum+0x frames: $(head -3 sha.folded)"
	between "$d" 1 30 "distinct sha256sum+0x frames"
	# Each is a function start: the address is where an FDE begins, and
	# readelf lists FDE starts as pc=START..END.  Code no FDE covers (.init)
	# keeps its own address.
	readelf --debug-dump=frames "$SHA" > fdes.txt 2>/dev/null
	if [ -s fdes.txt ]; then
		sed -n 's/.* pc=\([0-9a-f]*\)\.\.\([0-9a-f]*\).*/\1 \2/p' fdes.txt > ranges.txt
		for f in $(sed 's/ [0-9]*$//' sha.folded | tr ';' '\n' | grep '^sha256sum+0x' | sort -u); do
			a=$(printf '%016x' $((${f#sha256sum+})))
			grep -q "pc=$a\\.\\." fdes.txt && continue
			while read -r lo hi; do
				[ $((0x$a)) -ge $((0x$lo)) ] && [ $((0x$a)) -lt $((0x$hi)) ] &&
					fail "$f is inside the FDE at $lo, not where one starts"
			done < ranges.txt
		done
	fi
}
test_case --needs=sha "stripped sha256sum: a few frames, each where an FDE starts" fde_frames

report_first() {
	# report --sort sym: sha256sum's hashing function comes first.
	run "$CPROF" report --sort sym --no-children sha.data
	expect 0 "report --sort sym"
	top=$(grep -m1 '%.*\[' "$T/out")
	echo "$top" | grep -q 'sha256sum+0x' || fail "top symbol is not sha256sum's own code: $top"
}
test_case --needs=sha "report --sort sym: sha256sum's own code first" report_first
