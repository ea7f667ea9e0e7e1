#!/usr/bin/env bash
# DWARF recording benchmark: `cprof record --call-graph dwarf` (unwinding
# while recording, its default stack size) against `perf record
# --call-graph dwarf` (perf's default 8 KiB copy, unwound by `perf script`)
# on the same work in one run: tests/workloads/dw_threads, two busy threads
# built -O2 without frame pointers, doing a fixed number of rounds, both
# profilers sampling cpu-clock at 999 Hz.  Medians over RUNS runs of
#   - bytes per sample: the data file's size over its samples;
#   - the workload's slowdown: its own CPU time (it times itself from the
#     start of main) against a run without a profiler; wall time is shown
#     too, but means little unless the machine is otherwise idle;
#   - the recorder's own CPU time (its main task, `perf stat --no-inherit`),
#     in total and per sample, unwinding and the final symbolization
#     included, as a share of one core over the recording;
#   - lost samples;
#   - data file to folded stacks: `cprof fold` against `perf script`
#     (perf's unwinding and printing alone, before any collapsing).
# Targets (PASS/FAIL): cprof's bytes per sample at most 1/50 of perf's;
# cprof's slowdown no larger than perf's (within a point); the recorder under 15% of a core;
# no samples lost by cprof; cprof fold at least 20x faster than perf script.
# Exit status 0 when every target is met, 1 when one is missed, 2 when the
# benchmark cannot run.
#
# Usage: bench/dwarf-bench.sh [-n RUNS] [-w ROUNDS]   (defaults: 3 runs, 3000 rounds)
#   from the build directory, after `make check` built the workloads;
#   CPROF=path/to/cprof (default ./cprof), WORKLOADS=dir (default ./tests/workloads)
set -u
runs=3
rounds=3000
while getopts n:w: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	w) rounds=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-w ROUNDS]" >&2; exit 2 ;;
	esac
done
CPROF=${CPROF:-./cprof}
WORKLOADS=${WORKLOADS:-./tests/workloads}
work=$WORKLOADS/dw_threads

die() {
	echo "dwarf-bench: $*" >&2
	exit 2
}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"
[ -x "$work" ] || die "no workload at '$work' (run 'make check' first, or set WORKLOADS)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-dwbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
"$CPROF" record -q -o "$T/probe.data" -- true 2>"$T/probe.err" ||
	die "cprof cannot record here: $(cat "$T/probe.err")"
perf record -q --call-graph dwarf -o "$T/probe.perf" -- true 2>"$T/probe.err" ||
	die "perf cannot record here: $(cat "$T/probe.err")"

now() {
	echo "$EPOCHREALTIME"
}

# wl FILE: "WALL CPU" from the workload's own report.
wl() {
	sed -n 's/^dw_threads: wall \([0-9.]*\) cpu \([0-9.]*\)$/\1 \2/p' "$1"
}

# task_ms FILE: the task-clock (ms) perf stat measured for the recorder itself.
task_ms() {
	awk -F, '$3 == "task-clock" || $3 ~ /^task-clock/ { print $1; exit }' "$1"
}

# median of the numbers on standard input
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

for i in $(seq "$runs"); do
	"$work" 0 "$rounds" > "$T/bare.out"
	read -r w c < <(wl "$T/bare.out")
	echo "$w" >> "$T/bare.wall"; echo "$c" >> "$T/bare.cpu"

	rm -f "$T/c.data"
	t0=$(now)
	perf stat -x, -i -e task-clock -o "$T/c.stat" -- \
		"$CPROF" record -F 999 -o "$T/c.data" -- "$work" 0 "$rounds" > "$T/c.out" 2> "$T/c.err"
	t1=$(now)
	read -r w c < <(wl "$T/c.out")
	echo "$w" >> "$T/c.wall"; echo "$c" >> "$T/c.cpu"
	echo "$t1 - $t0" | bc >> "$T/c.rec_wall"
	task_ms "$T/c.stat" >> "$T/c.task"
	samples=$(sed -n 's/^cprof record: \([0-9]*\) samples (\([0-9]*\) lost).*/\1/p' "$T/c.err")
	lost=$(sed -n 's/^cprof record: \([0-9]*\) samples (\([0-9]*\) lost).*/\2/p' "$T/c.err")
	echo "${samples:-0}" >> "$T/c.samples"; echo "${lost:-0}" >> "$T/c.lost"
	echo "$(stat -c %s "$T/c.data") ${samples:-1}" | awk '{ print $1 / ($2 ? $2 : 1) }' >> "$T/c.bps"
	grep 'of stacks' "$T/c.err" >> "$T/c.trunc"

	rm -f "$T/p.data"
	t0=$(now)
	perf stat -x, -i -e task-clock -o "$T/p.stat" -- \
		perf record -q -F 999 --call-graph dwarf -o "$T/p.data" -- "$work" 0 "$rounds" \
		> "$T/p.out" 2> "$T/p.err"
	t1=$(now)
	read -r w c < <(wl "$T/p.out")
	echo "$w" >> "$T/p.wall"; echo "$c" >> "$T/p.cpu"
	echo "$t1 - $t0" | bc >> "$T/p.rec_wall"
	task_ms "$T/p.stat" >> "$T/p.task"
	psamples=$(perf script -i "$T/p.data" -F tid 2>/dev/null | wc -l)
	echo "$psamples" >> "$T/p.samples"
	plost=$(perf report -i "$T/p.data" --stats 2>/dev/null | awk '/LOST_SAMPLES|LOST / { s += $NF } END { print s + 0 }')
	echo "$plost" >> "$T/p.lost"
	echo "$(stat -c %s "$T/p.data") $psamples" | awk '{ print $1 / ($2 ? $2 : 1) }' >> "$T/p.bps"

	t0=$(now)
	"$CPROF" fold "$T/c.data" > "$T/c.folded"
	t1=$(now)
	echo "$t1 - $t0" | bc >> "$T/c.fold"
	t0=$(now)
	perf script -i "$T/p.data" > /dev/null 2>&1
	t1=$(now)
	echo "$t1 - $t0" | bc >> "$T/p.fold"
	echo "run $i of $runs done" >&2
done

m() { median < "$T/$1"; }
bare_wall=$(m bare.wall) bare_cpu=$(m bare.cpu)
c_wall=$(m c.wall) c_cpu=$(m c.cpu) p_wall=$(m p.wall) p_cpu=$(m p.cpu)
c_bps=$(m c.bps) p_bps=$(m p.bps)
c_task=$(m c.task) p_task=$(m p.task)
c_samples=$(m c.samples) p_samples=$(m p.samples)
c_lost=$(sort -n "$T/c.lost" | tail -1) p_lost=$(sort -n "$T/p.lost" | tail -1)
c_rec=$(m c.rec_wall) p_rec=$(m p.rec_wall)
c_fold=$(m c.fold) p_fold=$(m p.fold)

awk -v runs="$runs" -v rounds="$rounds" \
	-v bw="$bare_wall" -v bc="$bare_cpu" -v cw="$c_wall" -v cc="$c_cpu" -v pw="$p_wall" -v pc="$p_cpu" \
	-v cb="$c_bps" -v pb="$p_bps" -v ct="$c_task" -v pt="$p_task" -v cs="$c_samples" -v ps="$p_samples" \
	-v cl="$c_lost" -v pl="$p_lost" -v cr="$c_rec" -v pr="$p_rec" -v cf="$c_fold" -v pf="$p_fold" '
function ok(b) { if (!b) bad = 1; return b ? "PASS" : "FAIL" }
BEGIN {
	printf "dw_threads, two threads x %d rounds, cpu-clock at 999 Hz, medians of %d runs\n", rounds, runs
	printf "%-34s %14s %14s\n", "", "cprof record", "perf record"
	printf "%-34s %14d %14d\n", "samples", cs, ps
	printf "%-34s %14d %14d\n", "lost samples (worst run)", cl, pl
	printf "%-34s %14.1f %14.1f\n", "bytes per sample", cb, pb
	printf "%-34s %14.3f %14.3f   (bare %.3f)\n", "workload wall time, s", cw, pw, bw
	printf "%-34s %14.3f %14.3f   (bare %.3f)\n", "workload CPU time, s", cc, pc, bc
	printf "%-34s %14.1f %14.1f\n", "recorder CPU time, ms", ct, pt
	printf "%-34s %14.1f %14.1f\n", "recorder CPU per sample, us", 1000 * ct / (cs ? cs : 1), 1000 * pt / (ps ? ps : 1)
	printf "%-34s %13.1f%% %13.1f%%\n", "recorder CPU, share of one core", 100 * ct / 1000 / cr, 100 * pt / 1000 / pr
	printf "%-34s %14.3f %14.3f\n", "data file to stacks, s", cf, pf
	print ""
	# CPU time holds up under load where wall time does not; one point of
	# slack for the noise between runs.
	sw = cc / bc - 1; pws = pc / bc - 1
	printf "%-58s %s\n", sprintf("bytes/sample: cprof %.1f = 1/%.0f of perf (target <= 1/50)", cb, pb / cb), ok(cb * 50 <= pb)
	printf "%-58s %s\n", sprintf("slowdown: cprof %+.1f%%, perf %+.1f%% (CPU; wall %+.1f%%, %+.1f%%)",
		100 * sw, 100 * pws, 100 * (cw / bw - 1), 100 * (pw / bw - 1)), ok(sw <= pws + 0.01)
	printf "%-58s %s\n", sprintf("recorder: %.1f%% of a core (target < 15%%)", 100 * ct / 1000 / cr), ok(ct / 1000 / cr < 0.15)
	printf "%-58s %s\n", sprintf("lost samples: %d (target 0)", cl), ok(cl == 0)
	printf "%-58s %s\n", sprintf("fold: %.0fx faster than perf script (target >= 20x)", pf / (cf > 0 ? cf : 0.001)), ok(pf >= 20 * cf)
	exit bad
}'
