#!/usr/bin/env python3
"""Writes the hand-made hostile traces of tests/fuzz/regressions/trace/
(man/cprof-data.5), one per reader defect: python3 mkhostile.py DIR."""
import struct
import sys
import zlib


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def s(text):
    b = text.encode()
    return varint(len(b)) + b


def chunk(kind, payload):
    body = struct.pack('<HI', kind, len(payload)) + payload
    return b'CK' + body + struct.pack('<I', zlib.crc32(body))


def header(argv=('cprof', 'record', './app'), event='cpu-clock'):
    p = varint(1) + varint(1700000000 * 10**9) + varint(5)
    p += s('host') + s('6.1') + s('x86_64')
    p += varint(len(argv)) + b''.join(s(a) for a in argv)
    p += s('record') + s('fp') + varint(1)
    p += varint(1) + s(event) + varint(1) + varint(0) + varint(1) + varint(999) + s('')
    return chunk(1, p)


def table(kind, first, entries):
    return chunk(kind, varint(first) + varint(len(entries)) + b''.join(entries))


def strings(first, texts):
    return table(2, first, [s(t) for t in texts])


def procs(first, rows):
    return table(3, first, [varint(pid) + varint(comm) for pid, comm in rows])


def threads(first, rows):
    return table(4, first, [varint(t) + varint(p) + varint(c) for t, p, c in rows])


def stacks(first, rows):
    return table(6, first, [varint(parent) + varint(delta * 2) for parent, delta in rows])


def samples(rows):
    body = b''.join(varint(0) + varint(2) + varint(th) + varint(node) + varint(1000)
                    for th, node in rows)
    return chunk(7, varint(0) + varint(len(rows)) + body)


def symbols(rows):
    body = b''
    for proc, addr, func in rows:
        body += varint(proc) + varint(addr) + varint(1) + varint(addr) + varint(0)
        body += varint(1) + varint(func) + varint(0) + varint(0)
    return chunk(8, varint(0) + varint(len(rows)) + body)


END = chunk(10, b'')
MAGIC = b'\x89CPROF\r\n'
COMMON = [strings(0, ['/usr/bin/app', 'app', 'main', 'work'])]
STACK = [stacks(1, [(0, 0x400100), (1, 0x100)])]


def files():
    # A thread of process 7, which no PROCS chunk defines, and no SYMBOLS:
    # the names come from the binaries, looked up by that process.
    yield 'undefined-process.data', [header()] + COMMON + [
        procs(1, [(100, 1)]), threads(1, [(100, 1, 1), (101, 7, 1)])] + STACK + [
        samples([(1, 2), (2, 2), (2, 1), (1, 1)]), END]
    # Tables whose first id is near 2^32 in a file of a few hundred bytes.
    yield 'table-first-huge.data', [header()] + COMMON + [
        procs(1, [(100, 1)]), threads(1, [(100, 1, 1)])] + STACK + [
        stacks(0xfffffff0, [(0, 0x500000)]), strings(0xfffffff0, ['x']),
        threads(0xfffffff0, [(5, 1, 1)]), samples([(1, 2)]),
        symbols([(1, 0x400100, 3), (1, 0x400200, 4)]), END]
    # Two HEADER chunks: the second is damage, not more argv and events.
    yield 'second-header.data', [header()] + COMMON + [
        procs(1, [(100, 1)]), threads(1, [(100, 1, 1)])] + STACK + [
        header(argv=('evil', 'second'), event='page-faults'), samples([(1, 2)]),
        symbols([(1, 0x400100, 3), (1, 0x400200, 4)]), END]
    # A process and a thread with empty names, and a function with an empty name.
    yield 'empty-names.data', [header(), strings(0, ['', 'main'])] + [
        procs(1, [(123, 0)]), threads(1, [(123, 1, 0)])] + STACK + [
        samples([(1, 2), (1, 1)]), symbols([(1, 0x400100, 2), (1, 0x400200, 1)]), END]


def main():
    for name, chunks in files():
        with open(f'{sys.argv[1]}/{name}', 'wb') as f:
            f.write(MAGIC + b''.join(chunks))


main()
