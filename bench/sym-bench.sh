#!/usr/bin/env bash
# Symbolization benchmark: from the data file to stacks with inline frames
# and source lines, cprof against perf, on the same work: the Python
# interpreter (built with full debug information) running a script.  Both
# profilers record the same run length at the same rate and call-graph mode;
# then, timed RUNS times each (medians, wall and CPU):
#   cprof fold --srcline on the trace as recorded, with its symbol table:
#       what users run;
#   cprof fold --srcline on the same trace with its symbol table removed:
#       every address symbolized from the binaries, which is the work the
#       recorder does when recording ends (kernel symbols included);
#   perf report --stdio --inline on perf.data;
#   perf report --stdio --inline -s sym,srcline on perf.data (source lines).
# Target (PASS/FAIL, issue 4): cprof at least 10x faster than `perf report
# --stdio --inline`, for the trace with its table and, so that nothing is
# hidden, for the symbolization at the end of recording too.  Exit status
# 0 when both are met, 1 otherwise, 2 when the benchmark cannot run.
#
# Usage: bench/sym-bench.sh [-n RUNS] [-s SECONDS] [-g fp|dwarf]
#   CPROF=path/to/cprof (default ./cprof), PYTHON=interpreter (default python3)
set -u
runs=3
secs=5
mode=fp
while getopts n:s:g: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	s) secs=$OPTARG ;;
	g) mode=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-s SECONDS] [-g fp|dwarf]" >&2; exit 2 ;;
	esac
done
die() {
	echo "sym-bench: $*" >&2
	exit 2
}
case $mode in
fp) cprof_cg=fp perf_cg=fp ;;
dwarf) cprof_cg=dwarf,32768 perf_cg=dwarf,32768 ;;
*) die "-g takes fp or dwarf" ;;
esac
CPROF=${CPROF:-./cprof}
[ -x "$CPROF" ] || die "no cprof binary at '$CPROF' (run from the build directory or set CPROF)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"
py=$(${PYTHON:-python3} -c 'import sys; print(sys.executable)' 2>/dev/null) || die "no python3"
py=$(readlink -f "$py")

# The code that runs is the interpreter or its libpython: it needs DWARF.
lib=$(ldd "$py" | sed -n 's/.*=> \(.*libpython[^ ]*\) .*/\1/p')
dbg=${lib:-$py}
readelf -S "$dbg" 2>/dev/null | grep -q '\.debug_info' ||
	die "$dbg has no debug information; set PYTHON to an interpreter built with -g"

T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-symbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
cat >"$T/work.py" <<'PY'
import json, re, sys, time
end = time.monotonic() + float(sys.argv[1])
words = re.compile(r"[a-z]+")
n = 0
while time.monotonic() < end:
    doc = {"k%d" % i: [i, str(i) * 3, {"x": i / 7}] for i in range(2000)}
    text = json.dumps(doc)
    back = json.loads(text)
    n += len(words.findall(text)) + sum(len(v) for v in back.values())
    n += sum(sorted((i * 7919) % 10007 for i in range(5000))[:10])
    n += len(str(3 ** 2000))
print(n % 10)
PY

# Removes SYMBOLS chunks (type 8) from a trace: chunk = "CK", type u16,
# length u32, payload, CRC-32 (little-endian), after an 8-byte magic.
strip_symbols() {
	"$py" - "$1" "$2" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
out, pos = [data[:8]], 8
while pos + 8 <= len(data):
    marker, ctype, length = struct.unpack_from("<HHI", data, pos)
    end = pos + 8 + length + 4
    if marker != 0x4b43 or end > len(data):
        break
    if ctype != 8:
        out.append(data[pos:end])
    pos = end
open(sys.argv[2], "wb").write(b"".join(out))
PY
}

# The CPU time of a whole command, its children included (GNU time).
gnu_time=
[ -x /usr/bin/time ] && gnu_time="/usr/bin/time -f %U+%S -o $T/time"
# timed NAME COMMAND...: runs it with its output to NAME.out; appends its
# wall time to NAME.wall and its CPU time to NAME.cpu.
timed() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	$gnu_time "$@" >"$T/$name.out" 2>"$T/err" || die "'$*' failed: $(head -c 500 "$T/err")"
	t1=$EPOCHREALTIME
	echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }' >>"$T/$name.wall"
	if [ -n "$gnu_time" ]; then
		awk -F+ '{ printf "%.6f\n", $1 + $2 }' "$T/time" >>"$T/$name.cpu"
	fi
}
median() {
	[ -s "$T/$1" ] || { echo 0; return; }
	sort -g "$T/$1" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

"$CPROF" record -q --call-graph "$cprof_cg" -F 999 -o "$T/c.data" -- "$py" "$T/work.py" "$secs" \
	>/dev/null 2>"$T/err" || die "cprof record failed: $(cat "$T/err")"
perf record -q --call-graph "$perf_cg" -F 999 -o "$T/p.data" -- "$py" "$T/work.py" "$secs" \
	>/dev/null 2>"$T/err" || die "perf record failed: $(cat "$T/err")"
strip_symbols "$T/c.data" "$T/c-nosym.data"

for ((i = 0; i < runs; i++)); do
	timed table "$CPROF" fold --srcline "$T/c.data"
	timed nosym "$CPROF" fold --srcline "$T/c-nosym.data"
	timed inline timeout 3600 perf report --stdio --inline -i "$T/p.data"
	timed srcline timeout 3600 perf report --stdio --inline -s sym,srcline -i "$T/p.data"
done
cmp -s "$T/table.out" "$T/nosym.out" ||
	echo "sym-bench: note: the trace folds differently without its symbol table"

addrs=$("$CPROF" info "$T/c.data" 2>/dev/null | sed -n 's/^symbols: *\([0-9]*\).*/\1/p')
samples=$(awk '{ n += $NF } END { print n + 0 }' "$T/table.out")
inl=$(grep -c '_\[i\]' "$T/table.out")
pinl=$(grep -c '(inlined)' "$T/inline.out")
echo "interpreter: $py (debug information in $dbg)"
echo "recorded:    ${secs}s at 999 Hz, call graphs: $mode; cprof: $samples samples," \
	"${addrs:-?} distinct addresses, $inl folded stacks with inline frames;" \
	"perf --inline printed $pinl inlined frames"
awk -v runs="$runs" \
    -v tw="$(median table.wall)" -v tc="$(median table.cpu)" \
    -v nw="$(median nosym.wall)" -v nc="$(median nosym.cpu)" \
    -v iw="$(median inline.wall)" -v ic="$(median inline.cpu)" \
    -v sw="$(median srcline.wall)" -v sc="$(median srcline.cpu)" '
function ratio(a, b) { return b > 0 ? a / b : 0 }
function verdict(ok) { fails += !ok; return ok ? "PASS" : "FAIL" }
BEGIN {
	printf "%-50s %9s %9s\n", "median of " runs " runs, seconds", "wall", "cpu"
	printf "%-50s %9.3f %9.3f\n", "cprof fold --srcline, trace with its table", tw, tc
	printf "%-50s %9.3f %9.3f\n", "cprof fold --srcline, table removed (symbolizing)", nw, nc
	printf "%-50s %9.3f %9.3f\n", "perf report --stdio --inline", iw, ic
	printf "%-50s %9.3f %9.3f\n", "perf report --stdio --inline -s sym,srcline", sw, sc
	printf "speed-ups over perf report --inline (wall): table %.1fx, symbolizing %.1fx\n",
	       ratio(iw, tw), ratio(iw, nw)
	printf "speed-ups over perf report -s sym,srcline (wall): table %.1fx, symbolizing %.1fx\n",
	       ratio(sw, tw), ratio(sw, nw)
	printf "target: cprof fold (with table) >= 10x faster than perf report --inline: %s\n",
	       verdict(ratio(iw, tw) >= 10)
	printf "target: symbolizing at the end of recording >= 10x faster than perf report --inline: %s\n",
	       verdict(ratio(iw, nw) >= 10)
	exit fails ? 1 : 0
}'
