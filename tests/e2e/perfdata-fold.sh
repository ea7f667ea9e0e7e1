# cprof fold reads perf.data directly and folds the same stacks as
# `perf script | stackcollapse-perf.pl` for at least 99% of the samples, on
# recordings made here: frame pointers (split) and DWARF (dw_threads, built
# without frame pointers).  Samples are compared one by one, sample-weighted:
# a sample counts when its whole folded stack is the same.
#
# Names are normalised on both sides, because perf and cprof name some
# addresses differently though they agree on the stack:
# - symbol versions are dropped (perf: clock_gettime@@GLIBC_2.17);
# - glibc's internal __GI_ prefix and leading underscores are dropped (one
#   address, several aliases: perf says clone3, cprof __clone3);
# - frames in the vDSO are user frames (the script marks them _[k]).
# Inline frames are kept: perf script shows them too, without cprof's _[i].  stackcollapse-perf.pl
# runs with --kernel, so kernel frames carry _[k] as in cprof's output; the
# perf script fields leave out the period, so each sample counts 1 in both.
. "$top_srcdir/tests/e2e/lib.sh"

SC=${STACKCOLLAPSE:-$top_srcdir/../shared/perf-script/stackcollapse-perf.pl}
command -v perf > /dev/null || skip "perf is not installed"
command -v perl > /dev/null || skip "perl is not installed"
[ -f "$SC" ] || skip "no stackcollapse-perf.pl at $SC (set STACKCOLLAPSE)"
command -v python3 > /dev/null || fail "python3 is needed to compare the stacks"

# perf 6.1 aborts on MMAP2 records that carry the build-id flag over a
# device and inode, which this machine's kernel writes: perf script reads a
# copy with the flag cleared (cprof reads the file as recorded).
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

# compare NAME WANT GOT: at least 99% of WANT's samples have their stack in GOT.
compare() {
	python3 - "$2" "$3" <<'PY' > "$1.cmp" || fail "$1: cprof and the script disagree on more than 1% of the samples: $(cat "$1.cmp")"
import re, sys
def norm(frame):
    frame = re.sub(r'@@?[A-Za-z_0-9.]+', '', frame)
    if frame.endswith('_[i]'):
        frame = frame[:-4]
    kernel = frame.endswith('_[k]')
    name = frame[:-4] if kernel else frame
    name = name.replace('__GI_', '').lstrip('_')
    if name.startswith('vdso_'):
        kernel = False
    return name + ('_[k]' if kernel else '')
def load(path):
    d = {}
    for line in open(path):
        stack, n = line.rstrip('\n').rsplit(' ', 1)
        key = ';'.join(norm(f) for f in stack.split(';'))
        d[key] = d.get(key, 0) + int(n)
    return d
want, got = load(sys.argv[1]), load(sys.argv[2])
total = sum(want.values())
same = sum(min(n, got.get(k, 0)) for k, n in want.items())
print("%d of %d samples folded the same (%.2f%%), cprof has %d" %
      (same, total, 100.0 * same / max(total, 1), sum(got.values())))
for k, n in sorted(want.items(), key=lambda kv: -kv[1])[:5]:
    if got.get(k, 0) != n:
        print("  script %d, cprof %d: %s" % (n, got.get(k, 0), k))
sys.exit(0 if total >= 200 and sum(got.values()) == total and same >= 0.99 * total else 1)
PY
	echo "$1: $(head -1 "$1.cmp")"
}

# live NAME PERF-OPTIONS -- COMMAND: records with perf, folds both ways.
live() {
	local name=$1
	shift
	local opts=
	while [ "$1" != -- ]; do opts="$opts $1"; shift; done
	shift
	if ! limit 120 perf record -q -B $opts -e cpu-clock -F 499 -o "$name.data" -- "$@" \
	     > "$name.rec" 2>&1; then
		skip "perf record refused here: $(head -1 "$name.rec")"
	fi
	clear_flag "$name.data" "$name.script.data"
	limit 300 perf script -F comm,pid,tid,time,event,ip,sym,dso -i "$name.script.data" \
		2> "$name.serr" | perl "$SC" --kernel > "$name.want" ||
		fail "$name: perf script | stackcollapse-perf.pl failed: $(head -3 "$name.serr")"
	[ -s "$name.want" ] || skip "perf script gave no stacks here: $(head -1 "$name.serr")"
	run limit 120 "$CPROF" fold "$name.data"
	expect 0 "cprof fold $name.data"
	cp "$T/out" "$name.got"
	compare "$name" "$name.want" "$name.got"
}

live fp -g -- "$WORKLOADS/split" 2
live dwarf --call-graph dwarf -- "$WORKLOADS/dw_threads" 2

# What a user sees of the DWARF recording: both threads, by name, at 1:1
# (the same work each), their stacks down to main's threads' entry.
share dwarf.got '^alpha;.*start_thread;.*alpha_work;burn' > a.share
a=$(cat a.share)
between "$a" 35 65 "alpha_work's share of the DWARF recording"
grep -q '^beta;.*start_thread;.*beta_work;burn ' dwarf.got || fail "no beta_work stack: $(head -5 dwarf.got)"
# and of the frame-pointer one: work_a and work_b at 2:1
wa=$(share fp.got ';main;work_a;spin$')
wb=$(share fp.got ';main;work_b;spin$')
[ "$wb" -gt 0 ] || fail "no work_b samples: $(head -5 fp.got)"
r=$((wa * 100 / wb))
between "$r" 120 300 "work_a:work_b (x100) of the frame-pointer recording"
echo "work_a:work_b = $wa:$wb, alpha's share $a%"
