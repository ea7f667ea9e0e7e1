#!/usr/bin/env bash
# Heap-allocation recording cost: bench/alloc-work.c builds and frees trees
# of small objects (about 20,000 allocations a round), timed from the start
# of its main to its end.  Medians over RUNS runs, interleaved so the load
# of a shared machine falls on all alike, of the workload's time
#   - bare,
#   - under `cprof record -e malloc -g` (every malloc, calloc, realloc and
#     free: uprobes on entry and return, the allocating stack),
#   - under `cprof record -e malloc -g --alloc-sample 64K`,
#   - under `perf record -g` with the same uprobes made by `perf probe`
#     (malloc, calloc and realloc entries and returns, free), when perf
#     can make them,
# and the slowdowns against bare, and cprof's against perf's.
# Target (PASS/FAIL): cprof -e malloc at most 1.5x perf's time on the same
# probes: the cost is the kernel's uprobes, which cprof cannot avoid
# without a preloaded library.
#
# Usage: bench/malloc-bench.sh [-n RUNS] [-r ROUNDS] [-d DEPTH]
#   CPROF=path/to/cprof (default ./cprof), CC=compiler (default cc)
set -u
runs=3
rounds=2
depth=14
while getopts n:r:d: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	d) depth=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-r ROUNDS] [-d DEPTH]" >&2; exit 2 ;;
	esac
done
CPROF=${CPROF:-./cprof}
here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "malloc-bench: $*" >&2
	exit 2
}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-mallocbench.XXXXXX")
made_probes=false
cleanup() {
	$made_probes && perf probe -q -d 'probe_libc:cprofbench*' 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
work=$T/alloc-work
${CC:-cc} -std=gnu11 -O2 -g -fno-omit-frame-pointer -o "$work" "$here/alloc-work.c" ||
	die "cannot build the workload"
"$CPROF" record -q -e malloc -g -o "$T/probe.data" -- "$work" 1 2 >/dev/null 2>"$T/probe.err" ||
	die "cprof cannot record -e malloc here: $(cat "$T/probe.err")"

# perf's probes, when perf and tracefs are there
perf_events=()
libc=$(ldd "$work" | awk '/libc\.so/ { print $3 }')
if command -v perf >/dev/null && [ -n "$libc" ]; then
	mountpoint -q /sys/kernel/tracing 2>/dev/null || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	for f in malloc calloc realloc free; do
		made_probes=true
		perf probe -q -x "$libc" -a "cprofbench_$f=$f" 2>/dev/null &&
			perf_events+=(-e "probe_libc:cprofbench_$f")
		[ "$f" = free ] && continue
		# perf names a return probe NAME__return
		perf probe -q -x "$libc" -a "cprofbench_${f}_ret=$f%return" 2>/dev/null &&
			perf_events+=(-e "probe_libc:cprofbench_${f}_ret__return")
	done
fi
[ ${#perf_events[@]} -eq 14 ] || { echo "malloc-bench: perf cannot make the uprobes here: no perf column"; perf_events=(); }

# timed NAME COMMAND...: appends the workload's seconds to NAME.
timed() {
	local name=$1
	shift
	"$@" >"$T/out" 2>"$T/err" || die "'$*' failed: $(cat "$T/err")"
	grep '^alloc-work:' "$T/out" | awk '{ print $5 }' >> "$T/$name"
	grep -o '([0-9]* lost)' "$T/err" | tr -dc '0-9' >> "$T/$name.lost"
	echo >> "$T/$name.lost"
}

names="bare cprof sampled"
[ ${#perf_events[@]} -gt 0 ] && names="$names perf"
for i in $(seq "$runs"); do
	timed bare "$work" "$rounds" "$depth"
	timed cprof "$CPROF" record -e malloc -g -o "$T/c.data" "$work" "$rounds" "$depth"
	timed sampled "$CPROF" record -e malloc -g --alloc-sample 64K -o "$T/s.data" \
		"$work" "$rounds" "$depth"
	[ ${#perf_events[@]} -gt 0 ] &&
		timed perf perf record -q -g "${perf_events[@]}" -o "$T/p.data" "$work" "$rounds" "$depth"
done

# median FILE
median() {
	awk '{ print ($1 == "" ? 0 : $1) + 0 }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

allocs=$("$work" 1 "$depth" | awk '{ print $2 }')
echo "alloc-work: $rounds rounds of $allocs allocations, medians of $runs runs"
b=$(median "$T/bare")
printf '%-8s %10s %10s %8s\n' "" "seconds" "slowdown" "lost"
for n in $names; do
	printf '%-8s %10.3f %9.0fx %8s\n' "$n" "$(median "$T/$n")" \
		"$(echo "$(median "$T/$n") / ($b + 0.000001)" | bc -l)" "$(median "$T/$n.lost")"
done
ok=0
if [ ${#perf_events[@]} -gt 0 ]; then
	ratio=$(echo "$(median "$T/cprof") / $(median "$T/perf")" | bc -l)
	printf 'ratio cprof -e malloc / perf on the same uprobes: %.2f\n' "$ratio"
	if [ "$(echo "$ratio <= 1.5" | bc)" = 1 ]; then echo "PASS at most 1.5x perf's time"
	else echo "FAIL at most 1.5x perf's time"; ok=1; fi
fi
exit $ok
