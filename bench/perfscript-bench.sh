#!/bin/sh
# cprof fold against stackcollapse-perf.pl on the same perf script text:
# this machine's captures in tests/data/perf-script, repeated to about
# SIZE megabytes (samples of distinct processes, so the stacks do not all
# merge).  Prints both times (best of 3), the ratio, and whether the two
# outputs are the same bytes.  Target: cprof at least 10 times faster.
# The script is looked for as STACKCOLLAPSE, then in PATH
# (stackcollapse-perf.pl, or stackcollapse-perf from a FlameGraph package).
# Usage: bench/perfscript-bench.sh [SIZE]   (from a build directory, or
# with CPROF and top_srcdir set)
set -u
size=${1:-100}
CPROF=${CPROF:-./cprof}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
D="$top_srcdir/tests/data/perf-script"
SC=${STACKCOLLAPSE:-$(command -v stackcollapse-perf.pl || command -v stackcollapse-perf || true)}
[ -x "$CPROF" ] || { echo "build cprof first" >&2; exit 2; }
[ -n "$SC" ] && [ -f "$SC" ] ||
	{ echo "no stackcollapse-perf.pl: set STACKCOLLAPSE to the script" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

# Copies with the process names numbered: split-1, split-2, ...
i=0
while [ "$(stat -c %s "$T/in.txt" 2>/dev/null || echo 0)" -lt $((size * 1048576)) ]; do
	i=$((i + 1))
	for f in "$D"/perf-split-fp.txt "$D"/perf-threads-pidtid.txt "$D"/perf-cxx-dwarf.txt \
		 "$D"/perf-dd-kernel.txt; do
		sed "s/^\([^ \t#][^ ]*\) /\1-$((i % 50)) /" "$f"
	done >> "$T/in.txt"
done

# best of N runs, in seconds
best() {
	n=$1; shift
	b=""
	for _ in $(seq "$n"); do
		s=$(date +%s.%N)
		"$@" > "$T/out" 2>/dev/null
		e=$(date +%s.%N)
		b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { t = e - s; print (b == "" || t < b) ? t : b }')
	done
	echo "$b"
}

c=$(best 3 "$CPROF" fold --pid "$T/in.txt")
cp "$T/out" "$T/cprof.folded"
p=$(best 3 perl "$SC" --pid "$T/in.txt")
same=no
cmp -s "$T/out" "$T/cprof.folded" && same=yes
mb=$(awk -v b="$(stat -c %s "$T/in.txt")" 'BEGIN { printf "%.0f", b / 1048576 }')
ratio=$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.1f", p / c }')
echo "perf script text: $mb MB, $(grep -c '^$' "$T/in.txt") samples"
echo "cprof fold --pid:            $c s"
echo "stackcollapse-perf.pl --pid: $p s"
echo "ratio: cprof $ratio x faster; same output: $same"
ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 10) ? "PASS" : "FAIL" }')
echo "$ok: at least 10 x faster"
[ "$same" = yes ] && [ "$ok" = PASS ]
