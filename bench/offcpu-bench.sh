#!/usr/bin/env bash
# Off-CPU recording cost: a thread that switches off the CPU 50,000 times a
# second (bench/switch-work.c, paced round trips through pipes), bare, under
# `cprof record --off-cpu -g` and under `perf record -e context-switches -c 1
# -g` (perf's nearest: a stack at every switch, without the time away).
# Medians over RUNS runs, interleaved so the load of a shared machine falls
# on all three alike, of
#   - the switches a second the workload achieved (it paces itself; a
#     profiler that costs too much lowers the rate),
#   - the workload's own CPU time, and the profiler's (the whole command's
#     CPU time, GNU time, less the workload's),
#   - the lag: the profiler's end after the workload's (records still to
#     read when the workload ended, and the work at the end: symbols),
#   - what cprof dropped: samples the kernel lost (ring buffer full) and
#     off-CPU intervals left out because an end was lost.
# Targets (PASS/FAIL): cprof's own CPU time at most 1.5x perf's, and its lag
# at most perf's plus 0.5 s: it drops and counts records (the kernel's ring
# buffer) rather than fall behind.
#
# Usage: bench/offcpu-bench.sh [-n RUNS] [-s SECONDS] [-r RATE]
#   CPROF=path/to/cprof (default ./cprof), CC=compiler (default cc)
set -u
runs=5
secs=3
rate=50000
while getopts n:s:r: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	s) secs=$OPTARG ;;
	r) rate=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-s SECONDS] [-r RATE]" >&2; exit 2 ;;
	esac
done
CPROF=${CPROF:-./cprof}
here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "offcpu-bench: $*" >&2
	exit 2
}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"
[ -x /usr/bin/time ] || die "GNU time is not installed (apt-get install time)"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-offbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
work=$T/switch-work
${CC:-cc} -std=gnu11 -O2 -g -fno-omit-frame-pointer -pthread -o "$work" \
	"$here/switch-work.c" || die "cannot build the workload"
"$CPROF" record -q --off-cpu -g -o "$T/probe.data" -- true 2>"$T/probe.err" ||
	die "cprof cannot record off-CPU time here: $(cat "$T/probe.err")"

# timed NAME COMMAND...: appends "rate workload_cpu own_cpu lag" to NAME.
timed() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f %U+%S -o "$T/time" "$@" >"$T/out" 2>"$T/err" ||
		die "'$*' failed: $(cat "$T/err")"
	t1=$EPOCHREALTIME
	read -r _ _ _ _ wall _ cpu _ r < <(grep '^switch-work:' "$T/out")
	local total
	total=$(echo "$(cat "$T/time")" | bc -l)
	echo "$r $cpu $(echo "$total - $cpu" | bc -l) $(echo "$t1 - $t0 - $wall" | bc -l)" >> "$T/$name"
}

for i in $(seq "$runs"); do
	timed bare "$work" "$secs" "$rate"
	timed cprof "$CPROF" record --off-cpu -g -o "$T/c.data" "$work" "$secs" "$rate"
	grep -o '([0-9]* lost)' "$T/err" | tr -dc '0-9' >> "$T/cprof.lost"
	echo >> "$T/cprof.lost"
	{ grep -o '^cprof record: [0-9]* off-CPU intervals' "$T/err" | tr -dc '0-9'; echo; } \
		>> "$T/cprof.dropped"
	timed perf perf record -q -e context-switches -c 1 -g -o "$T/p.data" "$work" "$secs" "$rate"
done

# median FILE COLUMN
median() {
	awk -v c="$2" '{ print ($c == "" ? 0 : $c) + 0 }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-6s %12s %14s %12s %8s\n' "" "switches/s" "workload cpu" "own cpu" "lag"
for n in bare cprof perf; do
	printf '%-6s %12.0f %13.2fs %11.2fs %7.2fs\n' "$n" "$(median "$T/$n" 1)" \
		"$(median "$T/$n" 2)" "$(median "$T/$n" 3)" "$(median "$T/$n" 4)"
done
lost=$(median "$T/cprof.lost" 1)
dropped=$(median "$T/cprof.dropped" 1)
echo "cprof: median $lost samples lost by the kernel, $dropped off-CPU intervals left out"
c=$(median "$T/cprof" 3)
p=$(median "$T/perf" 3)
lag=$(median "$T/cprof" 4)
plag=$(median "$T/perf" 4)
ratio=$(echo "$c / ($p + 0.001)" | bc -l)
printf 'ratio cprof/perf own CPU: %.2f\n' "$ratio"
ok=0
if [ "$(echo "$ratio <= 1.5" | bc)" = 1 ]; then echo "PASS own CPU at most 1.5x perf's"
else echo "FAIL own CPU at most 1.5x perf's"; ok=1; fi
if [ "$(echo "$lag <= $plag + 0.5" | bc)" = 1 ]; then echo "PASS lag at most perf's + 0.5 s"
else echo "FAIL lag at most perf's + 0.5 s"; ok=1; fi
exit $ok
