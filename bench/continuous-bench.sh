#!/usr/bin/env bash
# Continuous profiling benchmark: `cprof record -a --rotate` against `perf
# record -a --switch-output` on the same machine at the same time, for
# DURATION seconds (default 600) at 99 Hz with call stacks, while a shell
# loop starts short-lived programs (process churn).  Both record the whole
# machine, side by side, so they see the same work.  Figures:
#   - the recorders' CPU time as a share of one core (utime + stime of the
#     recorder, from /proc, over the run);
#   - cprof's resident memory: the median over the interval after its
#     first cut, after its first two cuts and over its last interval, the
#     growth from after two cuts to the end, and its peak (symbolizing a
#     closing file maps binaries for a moment);
#   - files written, bytes, samples, and samples lost (cprof info DIR,
#     which also shows gaps between files: a cut must leave none);
#   - perf's files and bytes (perf.data needs `perf script` to be read).
# Targets (PASS/FAIL): cprof under 1% of a core at 99 Hz; its resident
# memory at the end within 10% of that after the first two cuts; no
# sample lost; no gap between files.  Exit status 0 when every target is
# met, 1 when one is missed, 2 when the benchmark cannot run.  The last
# lines are the figures to compare between versions, one per line:
# cpu_share, rss_cut1_kib, rss_end_kib, rss_growth_pct, files, lost,
# load (the 1-minute load average at the start and the end: on a shared
# machine the recorder's CPU time stays meaningful, its lost samples less).
#
# Usage: bench/continuous-bench.sh [--minutes N | -d SECS] [-F HZ] [-r ROTATE]
#                                  [-g MODE] [-P]
#   defaults: 10 minutes, 99 Hz, --rotate 60s, --call-graph dwarf; -P: without
#   perf.  Run as root from the build directory; CPROF=path/to/cprof (default
#   ./cprof).
set -u
dur=600
freq=99
rot=60s
cg=dwarf
with_perf=1
usage() {
	echo "usage: $0 [--minutes N | -d SECS] [-F HZ] [-r ROTATE] [-g MODE] [-P]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--minutes) [ $# -ge 2 ] && [ "$2" -gt 0 ] 2>/dev/null || usage; dur=$(($2 * 60)); shift ;;
	--minutes=*) n=${1#--minutes=}; [ "$n" -gt 0 ] 2>/dev/null || usage; dur=$((n * 60)) ;;
	-d) [ $# -ge 2 ] || usage; dur=$2; shift ;;
	-F) [ $# -ge 2 ] || usage; freq=$2; shift ;;
	-r) [ $# -ge 2 ] || usage; rot=$2; shift ;;
	-g) [ $# -ge 2 ] || usage; cg=$2; shift ;;
	-P) with_perf=0 ;;
	*) usage ;;
	esac
	shift
done
CPROF=${CPROF:-./cprof}
[ -x "$CPROF" ] || { echo "no cprof at $CPROF (run from the build directory)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "recording the whole machine needs root" >&2; exit 2; }
if [ "$with_perf" -eq 1 ] && ! command -v perf > /dev/null; then
	echo "perf is missing (apt-get install linux-perf), or give -P" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-cont-bench.XXXXXX")
trap 'kill $churn $perf_pid 2>/dev/null; rm -rf "$T"' EXIT
mkdir "$T/cprof" "$T/perf"
hz=$(getconf CLK_TCK)
load0=$(cut -d' ' -f1 /proc/loadavg)

# cputicks PID: utime + stime so far, in clock ticks.
cputicks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# Churn: short-lived programs, a few dozen a second.
( while :; do /bin/true; sh -c 'exit 3'; ls / > /dev/null; sleep 0.05; done ) &
churn=$!

perf_pid=
if [ "$with_perf" -eq 1 ]; then
	perf record -q -a -F "$freq" --call-graph "$cg" --switch-output="$rot" \
		-o "$T/perf/perf.data" -- sleep "$dur" > "$T/perf.log" 2>&1 &
	perf_pid=$!
fi
"$CPROF" record -q -a -F "$freq" --call-graph "$cg" --rotate "$rot" --duration "$dur" \
	-o "$T/cprof/cprof" 2> "$T/cprof.log" &
cprof_pid=$!
start=$(date +%s)
cut2=$(( $(echo "$rot" | sed 's/s$//; s/m$/*60/; s/h$/*3600/') ))
cut2=$((cut2 * 2 + 2))
every=$(( (cut2 - 2) / 2 ))
rss_peak=0 c_ticks=0 p_ticks=0
while kill -0 "$cprof_pid" 2>/dev/null; do
	r=$(rss "$cprof_pid")
	t=$(( $(date +%s) - start ))
	if [ -n "$r" ]; then
		echo "$t $r" >> "$T/rss.txt"
		[ "$r" -gt "$rss_peak" ] && rss_peak=$r
		c=$(cputicks "$cprof_pid") && [ -n "$c" ] && c_ticks=$c
	fi
	if [ -n "$perf_pid" ]; then
		p=$(cputicks "$perf_pid") && [ -n "$p" ] && p_ticks=$p
	fi
	sleep 1
done
wait "$cprof_pid"
st=$?
elapsed=$(( $(date +%s) - start ))
[ -n "$perf_pid" ] && wait "$perf_pid"
kill "$churn" 2>/dev/null
[ "$st" -eq 0 ] || { echo "cprof record failed: $(cat "$T/cprof.log")" >&2; exit 2; }
# median FROM TO: the median resident size in seconds [FROM, TO).
median() {
	awk -v a="$1" -v b="$2" '$1 >= a && $1 < b { print $2 }' "$T/rss.txt" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
rss_cut1=$(median $((every + 2)) $((2 * every + 2)))
rss_cut2=$(median "$cut2" $((cut2 + every)))
rss_end=$(median $((elapsed - every)) $((elapsed + 1)))
growth=$(awk -v a="${rss_cut2:-0}" -v b="${rss_end:-0}" 'BEGIN {
	if (a > 0 && b > 0) printf "%+.1f", 100 * (b - a) / a; else print "?" }')
load1=$(cut -d' ' -f1 /proc/loadavg)

"$CPROF" info "$T/cprof" > "$T/info.txt" || { echo "cprof info failed" >&2; exit 2; }
files=$(ls "$T/cprof" | wc -l)
bytes=$(du -sb "$T/cprof" | cut -f1)
samples=$(awk '/^samples:/ { print $2 }' "$T/info.txt")
lost=$(awk '/^lost:/ { print $2 }' "$T/info.txt")
gaps=$(sed -n 's/^gaps: *//p' "$T/info.txt")
share() { awk -v t="$1" -v hz="$hz" -v e="$elapsed" 'BEGIN { printf "%.2f", 100 * t / hz / e }'; }
cshare=$(share "$c_ticks")
echo "run:        ${elapsed} s, -a -F $freq --call-graph $cg, cut every $rot, churn; load $load0 -> $load1"
echo "cprof:      CPU $cshare% of a core; RSS (medians) ${rss_cut1:-?} KiB after one cut, ${rss_cut2:-?} KiB after two, ${rss_end:-?} KiB at the end ($growth%); peak $rss_peak KiB"
echo "            $files files, $bytes bytes, $samples samples, $lost lost; gaps: $gaps"
if [ -n "$perf_pid" ]; then
	pfiles=$(ls "$T/perf" | wc -l)
	pbytes=$(du -sb "$T/perf" | cut -f1)
	echo "perf:       CPU $(share "$p_ticks")% of a core; $pfiles files, $pbytes bytes"
	awk -v a="$c_ticks" -v b="$p_ticks" -v x="$bytes" -v y="$pbytes" 'BEGIN {
		if (b > 0) printf "ratio:      cprof/perf CPU %.2f", a / b;
		if (y > 0) printf ", bytes %.3f", x / y; print "" }'
fi

fails=0
check() {
	if [ "$1" = ok ]; then echo "PASS: $2"; else echo "FAIL: $2"; fails=$((fails + 1)); fi
}
check "$(awk -v s="$cshare" 'BEGIN { print (s <= 1.0) ? "ok" : "no" }')" "recorder CPU $cshare% <= 1% of a core"
if [ -n "$rss_cut2" ] && [ -n "$rss_end" ]; then
	check "$([ "$rss_end" -le $((rss_cut2 * 11 / 10)) ] && echo ok)" \
		"RSS at the end $rss_end KiB within 10% of $rss_cut2 KiB after two cuts"
else
	check no "RSS after two cuts was not measured (a run shorter than two cuts)"
fi
check "$([ "${lost:-1}" -eq 0 ] && echo ok)" "no sample lost ($lost)"
check "$([ "$gaps" = none ] && echo ok)" "no gap between files ($gaps)"
echo "cpu_share:      $cshare"
echo "rss_cut1_kib:   ${rss_cut1:-?}"
echo "rss_end_kib:    ${rss_end:-?}"
echo "rss_growth_pct: $growth"
echo "files:          $files"
echo "lost:           ${lost:-?}"
echo "load:           $load0 $load1"
[ "$fails" -eq 0 ]
