"""Helpers of the perf.data test and benchmark (run with python3):

  perfdata-cmp.py clear-flag IN OUT
      copies perf.data IN to OUT with the build-id flag of MMAP2 records
      cleared: perf 6.1 aborts on records that carry it over a device and
      inode, which some kernels write (cprof reads the file as recorded).

  perfdata-cmp.py same WANT GOT
      compares folded stacks sample by sample: prints "SAME TOTAL GOT" (the
      samples of WANT whose whole stack is in GOT, WANT's samples, GOT's)
      and the heaviest stacks that differ.  Names are normalised on both
      sides, because perf and cprof name some addresses differently though
      they agree on the stack: symbol versions dropped (clock_gettime@@GLIBC_2.17),
      glibc's __GI_ prefix and leading underscores dropped (one address,
      several aliases: clone3 and __clone3), cprof's inline mark _[i]
      dropped (perf script shows inline frames unmarked), and vDSO frames
      counted as user code (stackcollapse-perf.pl marks them _[k]).
"""
import re
import struct
import sys


def clear_flag(src, dst):
    b = bytearray(open(src, 'rb').read())
    off, size = struct.unpack_from('<QQ', b, 40)
    p = off
    while p + 8 <= min(off + size, len(b)):
        t, misc, sz = struct.unpack_from('<IHH', b, p)
        if sz < 8:
            break
        if t == 10 and misc & 0x4000:
            struct.pack_into('<H', b, p + 4, misc & ~0x4000)
        p += sz
    open(dst, 'wb').write(b)


def norm(frame):
    frame = re.sub(r'@@?[A-Za-z_0-9.]+', '', frame)
    if frame.endswith('_[i]'):
        frame = frame[:-4]
    kernel = frame.endswith('_[k]')
    name = (frame[:-4] if kernel else frame).replace('__GI_', '').lstrip('_')
    return name + ('_[k]' if kernel and not name.startswith('vdso_') else '')


def load(path):
    d = {}
    for line in open(path):
        stack, n = line.rstrip('\n').rsplit(' ', 1)
        key = ';'.join(norm(f) for f in stack.split(';'))
        d[key] = d.get(key, 0) + int(n)
    return d


def same(want_path, got_path):
    want, got = load(want_path), load(got_path)
    total = sum(want.values())
    hit = sum(min(n, got.get(k, 0)) for k, n in want.items())
    print(hit, total, sum(got.values()))
    for k, n in sorted(want.items(), key=lambda kv: -kv[1])[:5]:
        if got.get(k, 0) != n:
            print("  script %d, cprof %d: %s" % (n, got.get(k, 0), k))


if __name__ == '__main__':
    if sys.argv[1] == 'clear-flag':
        clear_flag(sys.argv[2], sys.argv[3])
    else:
        same(sys.argv[2], sys.argv[3])
