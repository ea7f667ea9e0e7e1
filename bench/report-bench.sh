#!/bin/sh
# cprof report against perf report --stdio on the same run of a workload
# with inlined functions, both recorded with DWARF stacks: prints both
# times and the ratio.  perf unwinds and symbolizes while reporting; cprof
# did both while recording, so its report only aggregates.  Both sample
# at 999 Hz.
# Usage: bench/report-bench.sh [SECONDS]   (from a build directory, or
# with CPROF and WORKLOADS set)
set -u
secs=${1:-5}
CPROF=${CPROF:-./cprof}
WORKLOADS=${WORKLOADS:-./tests/workloads}
W="$WORKLOADS/inline"
[ -x "$CPROF" ] && [ -x "$W" ] || { echo "build cprof and tests/workloads/inline first (make check)" >&2; exit 1; }
command -v perf >/dev/null 2>&1 || { echo "perf is not installed" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

"$CPROF" record -q --call-graph dwarf -o "$T/cprof.data" -- "$W" "$secs" >/dev/null ||
	{ echo "cprof record failed" >&2; exit 1; }
perf record -q -F 999 --call-graph dwarf -o "$T/perf.data" -- "$W" "$secs" >/dev/null 2>&1 ||
	{ echo "perf record failed (perf_event_paranoid?)" >&2; exit 1; }

# best of N runs, in seconds
best() {
	n=$1; shift
	b=""
	for _ in $(seq "$n"); do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s.%N)
		b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { t = e - s; print (b == "" || t < b) ? t : b }')
	done
	echo "$b"
}

c=$(best 3 "$CPROF" report "$T/cprof.data")
p=$(best 1 perf report -i "$T/perf.data" --stdio --inline)
cs=$("$CPROF" report --format json -g none "$T/cprof.data" | sed -n 's/.*"samples":\([0-9]*\).*/\1/p' | head -1)
ps=$(perf report -i "$T/perf.data" --stdio -g none 2>/dev/null | sed -n 's/^# Samples: *\([0-9.]*K*\) .*/\1/p' | head -1)
printf 'samples:     cprof %s, perf %s\n' "$cs" "${ps:-?}"
printf 'cprof report:              %.3f s\n' "$c"
printf 'perf report --stdio --inline: %.3f s\n' "$p"
awk -v p="$p" -v c="$c" 'BEGIN { printf "ratio:                     %.1fx\n", p / c }'
