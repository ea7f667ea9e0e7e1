# fold, report, flame and diff read pprof profiles that Go's runtime/pprof
# wrote (a CPU and a heap profile of tests/go/pprofgen.go, built here): the
# functions and their flat and cumulative values are those go tool pprof
# shows, for the default sample type and for --sample-index.
. "$top_srcdir/tests/e2e/lib.sh"
command -v go >/dev/null 2>&1 || skip "go (Debian golang-go) is needed to write Go profiles"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to compare the outputs"
# go keeps a build cache under HOME; nothing is fetched (the standard library only).
export HOME="$T/home" GOCACHE="$T/gocache" GOFLAGS= GOPROXY=off GO111MODULE=off
mkdir -p "$HOME"
# A CPU and a heap profile written by Go's runtime/pprof.
make_profiles() {
	limit 300 go build -o pprofgen "$top_srcdir/tests/go/pprofgen.go" 2>build.err ||
		fail "go build of pprofgen.go: $(cat build.err)"
	limit 60 ./pprofgen cpu.pprof heap.pprof || fail "pprofgen failed"
	[ "$(head -c 2 cpu.pprof | od -An -tx1 | tr -d ' ')" = 1f8b ] || fail "Go's profile is not gzipped"
	gzip -dc heap.pprof >heap.raw || fail "gzip -d of the heap profile"
}
setup profiles make_profiles

# same PROFILE UNIT [INDEX]: cprof report's Self and Children values equal go
# tool pprof -top's flat and cum, function by function.
same() {
	local idx=${3:+-sample_index=$3} cidx=${3:+--sample-index=$3}
	limit 120 go tool pprof -top -nodefraction=0 -nodecount=100000 -unit="$2" $idx "$1" \
		>top.txt 2>top.err || fail "go tool pprof -top $1: $(cat top.err)"
	run "$CPROF" report --sort sym -g none --format csv $cidx "$1"
	expect 0 "cprof report $cidx $1"
	python3 - top.txt out "$2" <<'PY' || fail "cprof report ${3:-(default)} of $1 differs from go tool pprof"
import csv, re, sys
unit = re.escape(sys.argv[3])
top = {}
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\d+)(?:%s)?\s+[\d.]+%%\s+[\d.]+%%\s+(\d+)(?:%s)?\s+[\d.]+%%\s+(.*)$' % (unit, unit), line)
    if m:
        top[re.sub(r' \(inline\)$', "", m.group(3))] = (int(m.group(1)), int(m.group(2)))
rows = {r["sym"]: (int(r["self_samples"]), int(r["children_samples"]))
        for r in csv.DictReader(open(sys.argv[2]))}
assert top and rows, (len(top), len(rows))
for name, v in top.items():
    if v[1]:
        assert rows.get(name) == v, (name, rows.get(name), v)
assert set(rows) <= set(top), set(rows) - set(top)
PY
}
test_case --needs=profiles "CPU profile, cpu: as go tool pprof -top" same cpu.pprof ns
test_case --needs=profiles "CPU profile, --sample-index samples: as go tool pprof -top" same cpu.pprof ns samples
test_case --needs=profiles "heap profile, inuse_space: as go tool pprof -top" same heap.pprof B
test_case --needs=profiles "heap profile, alloc_space: as go tool pprof -top" same heap.pprof B alloc_space
test_case --needs=profiles "heap profile, alloc_objects: as go tool pprof -top" same heap.pprof B alloc_objects

# The default type is go tool pprof's: cpu for a CPU profile, inuse_space for a heap profile.
default_type() {
	"$CPROF" report -g none cpu.pprof | grep -q '^# weights: *[0-9]* cpu/nanoseconds$' ||
		fail "CPU default: $("$CPROF" report -g none cpu.pprof | head -3)"
	"$CPROF" report -g none heap.pprof | grep -q '^# weights: *[0-9]* inuse_space/bytes$' ||
		fail "heap default: $("$CPROF" report -g none heap.pprof | head -3)"
}
test_case --needs=profiles "the default type: cpu, inuse_space" default_type

# What the program did: spin under workA about twice as often as under
# workB (Go samples at 100 Hz, about 150 samples here: 2:1 within 1.2:1
# and 4:1 is more than three standard deviations of the share); allocA kept 2 MiB
# and allocB 1 MiB, dropA 32 KiB of the 1 MiB it allocated (give or take
# the runtime's own small allocations charged to them: under 4 KiB).
program() {
	"$CPROF" fold cpu.pprof >cpu.folded || fail "fold of the CPU profile"
	grep -q '^pprofgen;.*main\.workA;main\.spin ' cpu.folded || fail "no workA;spin stack: $(cat cpu.folded)"
	a=$(grep 'main\.workA;' cpu.folded | total /dev/stdin)
	b=$(grep 'main\.workB;' cpu.folded | total /dev/stdin)
	[ "$b" -gt 0 ] && [ $((10 * a / b)) -ge 12 ] && [ $((10 * a / b)) -le 40 ] ||
		fail "workA $a ns against workB $b ns"
	"$CPROF" fold heap.pprof >inuse.folded || fail "fold of the heap profile"
	# bytes FOLDED FUNC: the bytes of stacks ending in FUNC.
	bytes() {
		grep "main\.$2 [0-9]*\$" "$1" | total /dev/stdin
	}
	between "$(bytes inuse.folded allocA)" 2097152 2101248 "allocA's bytes in use"
	between "$(bytes inuse.folded allocB)" 1048576 1052672 "allocB's bytes in use"
	between "$(bytes inuse.folded dropA)" 32768 36864 "dropA's bytes in use"
	"$CPROF" fold --sample-index alloc_space heap.pprof >alloc.folded || fail "fold alloc_space"
	between "$(bytes alloc.folded dropA)" 1048576 1052672 "dropA's bytes allocated"
	"$CPROF" fold --sample-index 3 heap.pprof | cmp -s - inuse.folded || fail "--sample-index 3 is not inuse_space"
}
test_case --needs=profiles "what the program did: workA 2:1 workB, the bytes each kept" program

# Not gzipped: the same.
uncompressed() {
	"$CPROF" fold heap.pprof >gz.folded || fail "fold of the heap profile"
	"$CPROF" fold heap.raw | cmp -s - gz.folded || fail "an uncompressed profile folds differently"
}
test_case --needs=profiles "an uncompressed profile folds the same" uncompressed

# flame and diff take them like any input, standard input too.
views() {
	run "$CPROF" flame --sample-index alloc_space -o heap.svg heap.pprof
	expect 0 "flame of the heap profile"
	grep -q 'main.allocA' heap.svg || fail "no allocA in the flame graph"
	"$CPROF" flame <cpu.pprof >cpu.svg || fail "flame of a profile on standard input"
	grep -q 'main.workB' cpu.svg || fail "no workB in the flame graph of standard input"
	run "$CPROF" diff --fold --sample-index inuse_space heap.raw heap.pprof
	expect 0 "diff of two heap profiles"
	grep -qE 'main\.allocA ([0-9]+) \1$' out || fail "diff --fold: $(grep allocA out)"
}
test_case --needs=profiles "flame and diff take them, standard input too" views

# Bad input: one message, status 1.
bad_input() {
	run "$CPROF" fold --sample-index nope heap.pprof
	expect 1 "an unknown sample type"
	grep -q "no sample type 'nope' in 'heap.pprof' (it has alloc_objects, alloc_space, inuse_objects, inuse_space)" err ||
		fail "message: $(cat err)"
	head -c $(($(wc -c <heap.pprof) / 2)) heap.pprof >cut.pprof
	run "$CPROF" fold cut.pprof
	expect 1 "a profile cut in half"
	grep -q "'cut.pprof' is not a whole gzip file" err || fail "message: $(cat err)"
	head -c $(($(wc -c <heap.raw) / 2)) heap.raw >cut.raw
	run "$CPROF" report cut.raw
	expect 1 "an uncompressed profile cut in half"
	grep -q "'cut.raw' is not a pprof profile" err || fail "message: $(cat err)"
}
test_case --needs=profiles "an unknown sample type, a cut profile: one message, status 1" bad_input
