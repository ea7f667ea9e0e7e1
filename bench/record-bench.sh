#!/usr/bin/env bash
# Recording benchmark: `cprof record -g` against `perf record -g` on the same
# work in one run: both sample cpu-clock at 999 Hz with frame pointers while
# the same workload does the same amount of work (bench/record-work.c: forty
# functions calling each other in varying orders, thousands of distinct
# stacks).  Medians over RUNS runs of
#   - the workload's slowdown: its own wall and CPU time (it measures itself
#     from the start of main to its end) against a run without a profiler;
#   - bytes per sample: the size of cprof.data and of perf.data over their
#     samples;
#   - the time from the data file to folded stacks, wall and CPU: `cprof
#     fold` against `perf script > /dev/null` (perf's part alone; `perf
#     script | awk`, a minimal collapse, is shown as well).
# Targets (PASS/FAIL): cprof's slowdown no larger than perf's; cprof's bytes
# per sample at most a third of perf's; cprof fold at least 10x faster than
# perf script.  Exit status 0 when every target is met, 1 otherwise.
#
# Usage: bench/record-bench.sh [-n RUNS] [-w ROUNDS]
#   CPROF=path/to/cprof (default ./cprof), CC=compiler (default cc)
set -u
runs=5
rounds=200000
while getopts n:w: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	w) rounds=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-w ROUNDS]" >&2; exit 2 ;;
	esac
done
CPROF=${CPROF:-./cprof}
here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "record-bench: $*" >&2
	exit 2
}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-recbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
work=$T/record-work
${CC:-cc} -std=gnu11 -O2 -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-optimize-sibling-calls -o "$work" "$here/record-work.c" || die "cannot build the workload"
"$CPROF" record -q -g -e cpu-clock -o "$T/probe.data" -- true 2>"$T/probe.err" ||
	die "cprof cannot record here: $(cat "$T/probe.err")"
perf record -q -g -e cpu-clock -o "$T/probe.perf" -- true 2>"$T/probe.err" ||
	die "perf cannot record here: $(cat "$T/probe.err")"

now() {
	echo "$EPOCHREALTIME"
}

# workload_times FILE: "WALL CPU" from the workload's own report in FILE.
workload_times() {
	sed -n 's/^record-work: wall \([0-9.]*\) cpu \([0-9.]*\)$/\1 \2/p' "$1"
}

# The CPU time of a whole command, the profiler's own included (GNU time).
gnu_time=
[ -x /usr/bin/time ] && gnu_time="/usr/bin/time -f %U+%S -o $T/time"

# timed NAME COMMAND...: runs it; appends the workload's wall and CPU time
# to NAME.wall / NAME.cpu, and the whole command's wall and CPU time to
# NAME.cmd / NAME.cmdcpu.
timed() {
	local name=$1 t0 t1 w
	shift
	t0=$(now)
	$gnu_time "$@" >"$T/out" 2>"$T/err" || die "'$*' failed: $(cat "$T/err")"
	t1=$(now)
	w=$(workload_times "$T/out")
	[ -n "$w" ] || die "no times from the workload under '$*': $(cat "$T/out" "$T/err")"
	echo "${w% *}" >>"$T/$name.wall"
	echo "${w#* }" >>"$T/$name.cpu"
	echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }' >>"$T/$name.cmd"
	if [ -n "$gnu_time" ]; then
		tail -n 1 "$T/time" | awk -F+ '{ print $1 + $2 }' >>"$T/$name.cmdcpu"
	else
		echo nan >>"$T/$name.cmdcpu"
	fi
}

# elapsed NAME COMMAND...: appends the wall time of a command (output
# dropped) to NAME, and its CPU time, the mean of five more runs counted by
# perf stat to the microsecond, to NAME.cpu.  CPU time still means something when
# the machine is busy with other work.
elapsed() {
	local name=$1 t0 t1
	shift
	t0=$(now)
	"$@" >/dev/null 2>"$T/err" || die "'$*' failed: $(cat "$T/err")"
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }' >>"$T/$name"
	# A run of a few milliseconds is mostly noise: the mean of five.
	perf stat -r 5 -x, -e task-clock -o "$T/stat" -- "$@" >/dev/null 2>"$T/err" ||
		die "perf stat of '$*' failed: $(cat "$T/err")"
	awk -F, '$3 == "task-clock" { printf "%.6f\n", $1 / 1000 }' "$T/stat" >>"$T/$name.cpu"
}

median() {
	sort -g "$T/$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# A simple collapse of `perf script` output: comm;outer;...;leaf COUNT.
# shellcheck disable=SC2089
collapse='
/^[^ \t]/ { comm = $1; stack = ""; next }
/^[ \t]+[0-9a-f]+ / { f = $2; sub(/\+0x[0-9a-f]+$/, "", f); stack = stack == "" ? f : f ";" stack; next }
/^$/ { if (comm != "") n[comm ";" stack]++; comm = "" }
END { if (comm != "") n[comm ";" stack]++; for (s in n) print s, n[s] }'
# shellcheck disable=SC2089,SC2090 # an awk program, passed on as it is
export T collapse
perf_fold=(bash -c 'perf script -i "$T/p.data" 2>/dev/null | awk "$collapse"')

echo "record-bench: record-work $rounds rounds, cpu-clock at 999 Hz, frame pointers, $runs runs" >&2
for i in $(seq "$runs"); do
	# Rotate the order so that a drift of the machine's speed hits all three.
	for which in $(echo bare cprof perf bare cprof | cut -d' ' -f$((i % 3 + 1))-$((i % 3 + 3))); do
		case $which in
		bare) timed bare "$work" "$rounds" ;;
		cprof) timed cprof "$CPROF" record -q -g -e cpu-clock -F 999 -o "$T/c.data" \
			-- "$work" "$rounds" ;;
		perf) timed perf perf record -q -g -e cpu-clock -F 999 -o "$T/p.data" \
			-- "$work" "$rounds" ;;
		esac
	done
	cs=$("$CPROF" info "$T/c.data" | sed -n 's/^samples: *\([0-9]*\).*/\1/p')
	ps=$(perf script -F tid -i "$T/p.data" 2>/dev/null | wc -l)
	cb=$(stat -c %s "$T/c.data")
	pb=$(stat -c %s "$T/p.data")
	echo "$cs" >>"$T/cprof.samples"
	echo "$ps" >>"$T/perf.samples"
	echo "$cs $cb" | awk '{ printf "%.3f\n", $2 / $1 }' >>"$T/cprof.bps"
	echo "$ps $pb" | awk '{ printf "%.3f\n", $2 / $1 }' >>"$T/perf.bps"
	echo "$cb" >>"$T/cprof.bytes"
	echo "$pb" >>"$T/perf.bytes"
	elapsed cprof.fold "$CPROF" fold "$T/c.data"
	elapsed perf.script perf script -i "$T/p.data"
	elapsed perf.collapse "${perf_fold[@]}"
	echo "  run $i: cprof $cs samples, $cb bytes; perf $ps samples, $pb bytes" >&2
done
"$CPROF" fold "$T/c.data" >"$T/c.folded"
"${perf_fold[@]}" >"$T/p.folded"

bw=$(median bare.wall) bc=$(median bare.cpu)
cw=$(median cprof.wall) cc=$(median cprof.cpu)
pw=$(median perf.wall) pc=$(median perf.cpu)
cbps=$(median cprof.bps) pbps=$(median perf.bps)
cf=$(median cprof.fold) ps_=$(median perf.script) pcol=$(median perf.collapse)
cfc=$(median cprof.fold.cpu) psc=$(median perf.script.cpu) pcolc=$(median perf.collapse.cpu)

awk -v bw="$bw" -v bc="$bc" -v cw="$cw" -v cc="$cc" -v pw="$pw" -v pc="$pc" \
    -v bcmd="$(median bare.cmd)" -v ccmd="$(median cprof.cmd)" -v pcmd="$(median perf.cmd)" \
    -v bcpu="$(median bare.cmdcpu)" -v ccpu="$(median cprof.cmdcpu)" -v pcpu="$(median perf.cmdcpu)" \
    -v cs="$(median cprof.samples)" -v ps="$(median perf.samples)" \
    -v cb="$(median cprof.bytes)" -v pb="$(median perf.bytes)" \
    -v cbps="$cbps" -v pbps="$pbps" -v cf="$cf" -v pscr="$ps_" -v pcol="$pcol" \
    -v cfc="$cfc" -v pscrc="$psc" -v pcolc="$pcolc" \
    -v cstacks="$(wc -l <"$T/c.folded")" -v pstacks="$(wc -l <"$T/p.folded")" '
function verdict(ok) { fails += !ok; return ok ? "PASS" : "FAIL" }
BEGIN {
	printf "%-34s %12s %12s %12s\n", "median of the runs", "bare", "cprof", "perf"
	printf "%-34s %12.3f %12.3f %12.3f\n", "workload wall time (s)", bw, cw, pw
	printf "%-34s %12.3f %12.3f %12.3f\n", "workload CPU time (s)", bc, cc, pc
	printf "%-34s %12s %11.3fx %11.3fx\n", "slowdown, wall", "", cw / bw, pw / bw
	printf "%-34s %12s %11.3fx %11.3fx\n", "slowdown, CPU", "", cc / bc, pc / bc
	printf "%-34s %12.3f %12.3f %12.3f\n", "whole command, wall (s)", bcmd, ccmd, pcmd
	printf "%-34s %12.3f %12.3f %12.3f\n", "whole command, CPU (s)", bcpu, ccpu, pcpu
	printf "%-34s %12s %12.3f %12.3f\n", "  profiler CPU, its own (s)", "", ccpu - cc, pcpu - pc
	printf "%-34s %12s %12d %12d\n", "samples", "", cs, ps
	printf "%-34s %12s %12d %12d\n", "distinct stacks (folded lines)", "", cstacks, pstacks
	printf "%-34s %12s %12d %12d\n", "data file (bytes)", "", cb, pb
	printf "%-34s %12s %12.1f %12.1f\n", "bytes per sample", "", cbps, pbps
	printf "%-34s %12s %12.4f %12.4f\n", "to folded stacks, wall (s)", "", cf, pscr
	printf "%-34s %12s %12.4f %12.4f\n", "to folded stacks, CPU (s)", "", cfc, pscrc
	printf "%-34s %12s %12s %12.4f\n", "  perf script | awk, wall (s)", "", "", pcol
	printf "%-34s %12s %12s %12.4f\n", "  perf script | awk, CPU (s)", "", "", pcolc
	print ""
	printf "%s slowdown, wall: cprof %.3fx, perf %.3fx (cprof must not be larger)\n",
		verdict(cw / bw <= pw / bw), cw / bw, pw / bw
	printf "%s slowdown, CPU: cprof %.3fx, perf %.3fx (cprof must not be larger)\n",
		verdict(cc / bc <= pc / bc), cc / bc, pc / bc
	printf "%s bytes per sample: cprof %.1f, perf %.1f: %.1fx smaller (at least 3x)\n",
		verdict(cbps * 3 <= pbps), cbps, pbps, pbps / cbps
	printf "%s to folded stacks, wall: cprof fold %.4f s, perf script > /dev/null %.4f s: %.1fx faster (at least 10x)\n",
		verdict(cf * 10 <= pscr), cf, pscr, pscr / cf
	printf "%s to folded stacks, CPU: cprof fold %.4f s, perf script > /dev/null %.4f s: %.1fx less (at least 10x)\n",
		verdict(cfc * 10 <= pscrc), cfc, pscrc, pscrc / cfc
	exit fails ? 1 : 0
}'
