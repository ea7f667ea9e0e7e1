#!/bin/sh
# Symbolization speed with inline frames and source lines, cprof against
# perf, on the same work: the Python interpreter (built with full debug
# information) running a script.  Both profilers record the same run length;
# then each turns its data file into stacks with inline frames:
#   cprof: `cprof fold --srcline` on the trace with its symbol table removed,
#          so every address is symbolized from the binaries (as after a killed
#          recorder) -- the symbolization the recorder does at its end;
#   perf:  `perf report --stdio --inline` on perf.data.
# Usage: bench/sym-bench.sh [SECONDS]   (CPROF=path/to/cprof, PYTHON=interpreter)
set -u
secs=${1:-5}
CPROF=${CPROF:-./cprof}
py=$(${PYTHON:-python3} -c 'import sys; print(sys.executable)' 2>/dev/null) ||
	{ echo "sym-bench: no python3" >&2; exit 1; }
py=$(readlink -f "$py")

# The code that runs is the interpreter or its libpython: it needs DWARF.
lib=$(ldd "$py" | sed -n 's/.*=> \(.*libpython[^ ]*\) .*/\1/p')
dbg=${lib:-$py}
if ! readelf -S "$dbg" 2>/dev/null | grep -q '\.debug_info'; then
	echo "sym-bench: $dbg has no debug information; set PYTHON to an interpreter built with -g" >&2
	exit 1
fi
command -v perf >/dev/null || { echo "sym-bench: perf is not installed" >&2; exit 1; }

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

seconds() {	# seconds COMMAND...: wall time of a command, output discarded
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || echo "sym-bench: failed: $*" >&2
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.3f\n", $2 - $1 }'
}

"$CPROF" record -q -F 999 -o "$T/c.data" -- "$py" "$T/work.py" "$secs" >/dev/null ||
	{ echo "sym-bench: cprof record failed" >&2; exit 1; }
strip_symbols "$T/c.data" "$T/c-nosym.data"
perf record -q -F 999 -g -o "$T/p.data" -- "$py" "$T/work.py" "$secs" >/dev/null 2>&1 ||
	{ echo "sym-bench: perf record failed" >&2; exit 1; }

c=$(seconds "$CPROF" fold --srcline "$T/c-nosym.data")
c_table=$(seconds "$CPROF" fold --srcline "$T/c.data")
p=$(seconds timeout 1800 perf report --stdio --inline -i "$T/p.data")
frames=$("$CPROF" fold --srcline "$T/c-nosym.data" 2>/dev/null | grep -c '_\[i\]')
addrs=$("$CPROF" info "$T/c.data" 2>/dev/null | sed -n 's/^symbols: *\([0-9]*\).*/\1/p')

echo "interpreter:             $py (debug info in $dbg)"
echo "distinct addresses:      ${addrs:-?} ($frames folded stacks with inline frames)"
echo "cprof fold, symbolizing: $c s"
echo "cprof fold, table read:  $c_table s"
echo "perf report --inline:    $p s"
echo "$p $c" | awk '{ if ($2 > 0) printf "cprof is %.1fx faster than perf\n", $1 / $2 }'
