#!/bin/sh
# cprof fold reading perf.data against `perf script | stackcollapse-perf.pl`
# on the same recording: one perf record with frame pointers (split) and
# one with DWARF stacks (dw_threads), SECONDS of CPU each at 999 Hz.  Prints
# the median of RUNS runs of each side, the ratio, and the share of samples
# folded the same (names normalised as tests/e2e/perfdata-cmp.py says).
# Target: cprof at least 20 times faster.
# The script is looked for as STACKCOLLAPSE, then beside the tree
# (../shared/perf-script), then in PATH.
# Usage: bench/perfdata-bench.sh [SECONDS [RUNS]]   (from a build directory,
# or with CPROF, WORKLOADS and top_srcdir set)
set -u
secs=${1:-4}
runs=${2:-5}
CPROF=${CPROF:-./cprof}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
WORKLOADS=${WORKLOADS:-$(dirname "$CPROF")/tests/workloads}
SC=${STACKCOLLAPSE:-$top_srcdir/../shared/perf-script/stackcollapse-perf.pl}
[ -f "$SC" ] || SC=$(command -v stackcollapse-perf.pl || command -v stackcollapse-perf || true)
[ -x "$CPROF" ] || { echo "build cprof first" >&2; exit 2; }
[ -n "$SC" ] && [ -f "$SC" ] ||
	{ echo "no stackcollapse-perf.pl: set STACKCOLLAPSE to the script" >&2; exit 2; }
command -v perf > /dev/null || { echo "perf is not installed" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

# perf 6.1 aborts on some kernels' MMAP2 records: perf script reads a copy
# (see tests/e2e/perfdata-cmp.py, which also compares the stacks).
CMP="$top_srcdir/tests/e2e/perfdata-cmp.py"

# median N CMD...: "CPU WALL", the medians of N runs in seconds: the CPU
# time of every process of the command (user + system; on a shared machine
# the wall time also measures the neighbours), and the wall time.  The
# output of the last run is in $T/out.
median() {
	n=$1; shift
	python3 - "$n" "$*" "$T/out" <<'PY'
import resource, subprocess, sys, time
cpu, wall = [], []
for _ in range(int(sys.argv[1])):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    with open(sys.argv[3], 'wb') as out:
        subprocess.run(sys.argv[2], shell=True, stdout=out, stderr=subprocess.DEVNULL)
    wall.append(time.time() - t0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print("%.3f %.3f" % (sorted(cpu)[len(cpu) // 2], sorted(wall)[len(wall) // 2]))
PY
}

# same WANT GOT: the percentage of WANT's samples with the same stack in GOT.
same() {
	python3 "$CMP" same "$1" "$2" | awk 'NR == 1 { printf "%.2f", 100 * $1 / ($2 ? $2 : 1) }'
}

status=0
bench() {
	name=$1; shift
	perf record -q -B "$@" -e cpu-clock -F 999 -o "$T/$name.data" -- \
		"$WORKLOADS/$work" "$secs" > "$T/rec.log" 2>&1 ||
		{ echo "perf record failed: $(head -1 "$T/rec.log")" >&2; exit 2; }
	python3 "$CMP" clear-flag "$T/$name.data" "$T/$name.script.data"
	set -- $(median "$runs" "'$CPROF' fold '$T/$name.data'")
	c=$1 cw=$2
	cp "$T/out" "$T/$name.cprof"
	set -- $(median "$runs" "perf script -F comm,pid,tid,time,event,ip,sym,dso -i '$T/$name.script.data' | perl '$SC' --kernel")
	p=$1 pw=$2
	cp "$T/out" "$T/$name.script"
	ratio=$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.1f", p / c }')
	wratio=$(awk -v c="$cw" -v p="$pw" 'BEGIN { printf "%.1f", p / c }')
	samples=$(awk '{ t += $NF } END { print t }' "$T/$name.script")
	mb=$(awk -v b="$(stat -c %s "$T/$name.data")" 'BEGIN { printf "%.1f", b / 1048576 }')
	ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 20) ? "PASS" : "FAIL" }')
	[ "$ok" = PASS ] || status=1
	echo "$name: $samples samples, $mb MB of perf.data; medians of $runs runs, CPU (wall):"
	echo "  cprof fold perf.data:                 $c s ($cw s)"
	echo "  perf script | stackcollapse-perf.pl:  $p s ($pw s)"
	echo "  cprof $ratio x faster in CPU time ($wratio x in wall time); $ok: 20 x"
	echo "  $(same "$T/$name.script" "$T/$name.cprof")% of the samples folded the same"
}

work=split bench fp -g
work=dw_threads bench dwarf --call-graph dwarf
exit $status
