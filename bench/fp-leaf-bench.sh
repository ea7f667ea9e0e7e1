#!/usr/bin/env bash
# Frame-pointer leaf repair benchmark: what the repair costs per sample.
# `cprof record -g` (frame pointers, plus the user registers and 512 bytes
# of stack from which the sampled function's caller is found by its CFI)
# against `cprof record --call-graph fp,0` (frame pointers alone, what
# perf -g records), on the same work: bench/
# record-work.c built with frame pointers but, as gcc does by default, none
# in leaf functions.  Medians over RUNS runs of
#   - the workload's CPU time (it measures itself), against a bare run: the
#     kernel's part of the cost (the stack copy) lands here;
#   - the whole command's CPU time (GNU time), the recorder's own included;
#   - the cost per sample: the whole command's CPU time less the bare
#     workload's, over the samples taken.
# Target (PASS/FAIL): the repair's cost per sample within 10% of plain fp.
# Also printed: the mean stack depth with and without the repair.
#
# Usage: bench/fp-leaf-bench.sh [-n RUNS] [-w ROUNDS]
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
	echo "fp-leaf-bench: $*" >&2
	exit 2
}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"
[ -x /usr/bin/time ] || die "GNU time is not installed (apt-get install time)"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-fpbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
work=$T/record-work
${CC:-cc} -std=gnu11 -O2 -g -fno-omit-frame-pointer -momit-leaf-frame-pointer \
	-fno-optimize-sibling-calls -o "$work" "$here/record-work.c" || die "cannot build the workload"
"$CPROF" record -q -g -o "$T/probe.data" -- true 2>"$T/probe.err" ||
	die "cprof cannot record here: $(cat "$T/probe.err")"

# timed NAME COMMAND...: the workload's CPU time to NAME.cpu, the whole
# command's to NAME.cmdcpu.
timed() {
	local name=$1
	shift
	/usr/bin/time -f %U+%S -o "$T/time" "$@" >"$T/out" 2>"$T/err" ||
		die "'$*' failed: $(cat "$T/err")"
	sed -n 's/^record-work: wall [0-9.]* cpu \([0-9.]*\)$/\1/p' "$T/out" >>"$T/$name.cpu"
	tail -n 1 "$T/time" | awk -F+ '{ print $1 + $2 }' >>"$T/$name.cmdcpu"
}

median() {
	sort -g "$T/$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

samples() {
	"$CPROF" info "$1" | sed -n 's/^samples: *\([0-9]*\).*/\1/p'
}

echo "fp-leaf-bench: record-work $rounds rounds, cpu-clock at 999 Hz, $runs runs" >&2
modes="bare plain repair"
for i in $(seq "$runs"); do
	for which in $modes; do
		case $which in
		bare) timed bare "$work" "$rounds" ;;
		plain) timed plain "$CPROF" record -q --call-graph fp,0 -F 999 -o "$T/plain.data" \
			-- "$work" "$rounds"
			samples "$T/plain.data" >>"$T/plain.samples" ;;
		repair) timed repair "$CPROF" record -q -g -F 999 -o "$T/repair.data" \
			-- "$work" "$rounds"
			samples "$T/repair.data" >>"$T/repair.samples" ;;
		esac
	done
	echo "  run $i done" >&2
done
# How many stacks the repair made longer: folded depth, plain against repaired.
depth() {
	"$CPROF" fold "$1" | awk '{ n = split($1, f, ";"); d += n * $NF; s += $NF } END { printf "%.2f\n", d / s }'
}

bc=$(median bare.cpu)
args=(-v bc="$bc" -v pc="$(median plain.cpu)" -v rc="$(median repair.cpu)"
      -v pcmd="$(median plain.cmdcpu)" -v rcmd="$(median repair.cmdcpu)"
      -v ps="$(median plain.samples)" -v rs="$(median repair.samples)"
      -v pd="$(depth "$T/plain.data")" -v rd="$(depth "$T/repair.data")")
awk "${args[@]}" '
BEGIN {
	printf "%-36s %12s %12s\n", "median of the runs", "fp,0", "fp (repair)"
	printf "%-36s %12.3f %12.3f\n", "workload CPU time (s), bare " bc, pc, rc
	printf "%-36s %12.3f %12.3f\n", "whole command CPU time (s)", pcmd, rcmd
	printf "%-36s %12d %12d\n", "samples", ps, rs
	pcost = (pcmd - bc) / ps * 1e6; rcost = (rcmd - bc) / rs * 1e6
	printf "%-36s %12.1f %12.1f\n", "cost per sample (us)", pcost, rcost
	printf "%-36s %12.2f %12.2f\n", "mean frames per stack", pd, rd
	print ""
	ok = rcost <= pcost * 1.10
	printf "%s leaf repair cost per sample: %.1f us against %.1f us for plain fp: %.2fx (at most 1.10x)\n",
		ok ? "PASS" : "FAIL", rcost, pcost, rcost / pcost
	exit ok ? 0 : 1
}'
