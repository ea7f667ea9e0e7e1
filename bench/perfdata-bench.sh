#!/bin/sh
# cprof fold reading perf.data against `perf script | stackcollapse-perf.pl`
# on the same recording: one perf record with frame pointers (split) and
# one with DWARF stacks (dw_threads), SECONDS of CPU each at 999 Hz.  Prints
# the median of RUNS runs of each side, the ratio, and the share of samples
# folded the same (names normalised as tests/e2e/perfdata-fold.sh says).
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

# perf 6.1 aborts on MMAP2 records with the build-id flag over a device and
# inode, which some kernels write: perf script reads a copy without it.
clear_flag() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
off, size = struct.unpack_from('<QQ', b, 40)
p = off
while p + 8 <= off + size:
    t, misc, sz = struct.unpack_from('<IHH', b, p)
    if sz < 8:
        break
    if t == 10 and misc & 0x4000:
        struct.pack_into('<H', b, p + 4, misc & ~0x4000)
    p += sz
open(sys.argv[2], 'wb').write(b)
PY
}

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
	python3 - "$1" "$2" <<'PY'
import re, sys
def norm(f):
    f = re.sub(r'@@?[A-Za-z_0-9.]+', '', f)
    if f.endswith('_[i]'):
        f = f[:-4]
    k = f.endswith('_[k]')
    n = (f[:-4] if k else f).replace('__GI_', '').lstrip('_')
    return n + ('_[k]' if k and not n.startswith('vdso_') else '')
def load(p):
    d = {}
    for l in open(p):
        s, c = l.rstrip('\n').rsplit(' ', 1)
        k = ';'.join(norm(x) for x in s.split(';'))
        d[k] = d.get(k, 0) + int(c)
    return d
w, g = load(sys.argv[1]), load(sys.argv[2])
t = sum(w.values())
print("%.2f" % (100.0 * sum(min(c, g.get(k, 0)) for k, c in w.items()) / max(t, 1)))
PY
}

status=0
bench() {
	name=$1; shift
	perf record -q -B "$@" -e cpu-clock -F 999 -o "$T/$name.data" -- \
		"$WORKLOADS/$work" "$secs" > "$T/rec.log" 2>&1 ||
		{ echo "perf record failed: $(head -1 "$T/rec.log")" >&2; exit 2; }
	clear_flag "$T/$name.data" "$T/$name.script.data"
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
