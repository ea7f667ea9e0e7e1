#!/bin/sh
# Times `cprof flame` on a large generated folded file: MB/s of input, peak
# memory against the input's size, and the SVG's size for several
# --minwidth values (it must follow --minwidth, not the input).
#
# usage: bench/flame-bench.sh [CPROF] [DIR]
#   CPROF  the binary (default ./cprof); DIR  scratch space (default $TMPDIR)
# Targets: >= 100 MB/s, peak memory < input size.
#
# Then two shapes against flamegraph.pl, when FLAMEGRAPH names it (it is
# not a Debian package: FLAMEGRAPH=/path/to/flamegraph.pl): 20,000 stacks
# (about 25 MB), target at least 50 times faster; 150,000 stacks up to 60
# frames deep, target at most 1/25 of its time and a peak memory below
# the input's size.  Each line gives both times, both peaks and the ratio.
# The 150,000-stack shape's SVG (its "SVG" figure) must stay under 3 MB:
# the profile tree embedded for search, zoom detail and sandwich included.
set -e
here=$(cd "$(dirname "$0")" && pwd)
CPROF=${1:-./cprof}
DIR=${2:-${TMPDIR:-/tmp}}/cprof-flame-bench.$$
mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT
[ -x /usr/bin/time ] || { echo "flame-bench: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }

${CC:-cc} -O2 -o "$DIR/flame-gen" "$here/flame-gen.c"
"$DIR/flame-gen" > "$DIR/sorted.folded"
"$DIR/flame-gen" -u > "$DIR/unsorted.folded"

run() {	# run NAME FILE ARGS...: one timed cprof flame
	name=$1 file=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$DIR/time" "$CPROF" flame "$@" "$file" > "$DIR/out.svg" 2> /dev/null
	read -r secs kb < "$DIR/time"
	bytes=$(wc -c < "$file")
	svg=$(wc -c < "$DIR/out.svg")
	frames=$(grep -o '<title>' "$DIR/out.svg" | wc -l)
	awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$bytes" -v svg="$svg" -v f="$frames" 'BEGIN {
		mbs = b / 1e6 / (s > 0 ? s : 0.01)
		printf "%-28s %6.1f MB in %5.2f s = %6.1f MB/s  peak %6.1f MB (%3.0f%% of input)  SVG %6.1f MB, %d frames\n",
			n, b / 1e6, s, mbs, kb * 1024 / 1e6, 100 * kb * 1024 / b, svg / 1e6, f }'
}

echo "input: $(wc -l < "$DIR/sorted.folded") stacks, $(awk -F';' 'NR <= 1000 { d += NF; n++ } END { printf "%.0f", d / n }' "$DIR/sorted.folded") frames deep on average"
run "sorted, default" "$DIR/sorted.folded"
run "unsorted, default" "$DIR/unsorted.folded"
run "sorted, --minwidth 1" "$DIR/sorted.folded" --minwidth 1
run "sorted, --minwidth 0.5%" "$DIR/sorted.folded" --minwidth 0.5%
run "sorted, --minwidth 0.01" "$DIR/sorted.folded" --minwidth 0.01
# shape NAME GENARGS TARGET: cprof against flamegraph.pl on one generated file
shape() {
	name=$1 genargs=$2 target=$3
	# shellcheck disable=SC2086
	"$DIR/flame-gen" $genargs > "$DIR/shape.folded"
	run "$name, cprof" "$DIR/shape.folded"
	cs=$secs ckb=$kb
	if [ -z "$FLAMEGRAPH" ] || [ ! -r "$FLAMEGRAPH" ]; then
		echo "  (set FLAMEGRAPH=/path/to/flamegraph.pl to compare; target: ${target}x faster)"
		return
	fi
	/usr/bin/time -f '%e %M' -o "$DIR/time" perl "$FLAMEGRAPH" "$DIR/shape.folded" > "$DIR/fg.svg" 2> /dev/null
	read -r fs fkb < "$DIR/time"
	awk -v n="$name" -v cs="$cs" -v fs="$fs" -v ckb="$ckb" -v fkb="$fkb" -v t="$target" \
		-v b="$(wc -c < "$DIR/shape.folded")" -v fsvg="$(wc -c < "$DIR/fg.svg")" 'BEGIN {
		r = fs / (cs > 0 ? cs : 0.01)
		printf "%-28s flamegraph.pl %6.2f s, peak %6.1f MB, SVG %5.1f MB; cprof %5.2f s, peak %6.1f MB: %5.1fx faster (target %dx) %s; memory %s\n",
			n, fs, fkb * 1024 / 1e6, fsvg / 1e6, cs, ckb * 1024 / 1e6, r, t,
			r >= t ? "PASS" : "FAIL", ckb * 1024 < b ? "PASS" : "FAIL" }'
}
shape "20k stacks" "-n 20000" 50
shape "150k stacks, to 60 deep" "-n 150000 -d 52" 25
if [ -n "$KEEP_SVG" ]; then
	"$CPROF" flame "$DIR/sorted.folded" > "$KEEP_SVG"
	echo "default SVG kept in $KEEP_SVG"
fi
