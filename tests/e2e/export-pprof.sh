# cprof export --format pprof, read by go tool pprof: the same functions
# with the same flat and cumulative counts as cprof report, the same stacks
# as cprof fold, and labels, types and filters as the man page says.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
command -v go >/dev/null 2>&1 || skip "go (Debian golang-go) is needed to read pprof files"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to compare the outputs"
# go keeps a build cache under HOME; nothing is fetched (the standard tools only).
export HOME="$T/home" GOCACHE="$T/gocache" GOFLAGS= GOPROXY=off
mkdir -p "$HOME"
pprof() {
	limit 120 go tool pprof "$@" 2>"$T/pprof.err" || fail "go tool pprof $*: $(cat "$T/pprof.err")"
}

record_export() {
	limit 120 "$CPROF" record -q -o split.data -- "$WORKLOADS/split" 1 || fail "record failed"
	run "$CPROF" export -o split.pb.gz split.data
	expect 0 "export"
	[ "$(head -c 2 split.pb.gz | od -An -tx1 | tr -d ' ')" = 1f8b ] || fail "not gzipped"
}
setup split record_export

# -top by sample count: every function's flat and cum are report's Self
# and Children sample counts, exactly (the same samples, counted alike).
pprof_top() {
	pprof -top -nodefraction=0 -nodecount=100000 -sample_index=samples split.pb.gz >top.txt
	"$CPROF" report --sort sym -g none --format csv split.data >report.csv || fail "report failed"
	python3 - top.txt report.csv <<'PY' || fail "go tool pprof -top and cprof report disagree"
import csv, re, sys
top = {}
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\d+)\s+[\d.]+%\s+[\d.]+%\s+(\d+)\s+[\d.]+%\s+(.*)$', line)
    if m:
        # pprof marks functions met only inlined
        top[re.sub(r' \(inline\)$', "", m.group(3))] = (int(m.group(1)), int(m.group(2)))
rows = list(csv.DictReader(open(sys.argv[2])))
names = [r["sym"] for r in rows]
checked = 0
for r in rows:
    if names.count(r["sym"]) > 1:
        continue    # a user and a kernel function of one name: pprof merges them
    want = (int(r["self_samples"]), int(r["children_samples"]))
    assert top.get(r["sym"]) == want, (r["sym"], top.get(r["sym"]), want)
    checked += 1
assert checked == len(top) or checked >= 5, (checked, len(top))
for f in ("spin", "work_a", "work_b", "main"):
    assert f in top, f
assert top["spin"][0] > 0.8 * sum(v[0] for v in top.values()), top["spin"]
PY
}
test_case --needs=split "go tool pprof -top: flat and cum are report's Self and Children" pprof_top

# -traces: the same stacks with the same counts as cprof fold, the thread's
# name as the comm label.
traces() {
	pprof -traces -sample_index=samples split.pb.gz >traces.txt
	"$CPROF" fold split.data >fold.txt || fail "fold failed"
	python3 - traces.txt fold.txt <<'PY' || fail "go tool pprof -traces and cprof fold disagree"
import collections, re, sys
got = collections.Counter()
labels, frames, count = {}, [], None
def flush():
    if count is not None:
        got[";".join([labels["comm"]] + frames[::-1])] += count
for line in open(sys.argv[1]).read().split("\n") + ["-----------+"]:
    if line.startswith("-----------+"):
        flush()
        labels, frames, count = {}, [], None
        continue
    m = re.match(r'\s*(\w+):\s+(.*)$', line)
    if m and count is None:
        labels[m.group(1)] = m.group(2)
        continue
    m = re.match(r'\s+(\d+)\s+(.*)$', line)
    if m and count is None:
        count = int(m.group(1))
        frames.append(m.group(2))
    elif line.strip() and count is not None:
        frames.append(line.strip())
want = collections.Counter()
for line in open(sys.argv[2]):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    want[re.sub(r'_\[[kij]\](?=;|$)', "", stack)] += int(n)
got = collections.Counter({re.sub(r' \(inline\)(?=;|$)', "", k): v for k, v in got.items()})
assert got == want, (set(got.items()) ^ set(want.items()))
assert sum(got.values()) >= 500, sum(got.values())
PY
	grep -q '^ *pid: *[0-9][0-9]*$' traces.txt || fail "no pid label: $(head -20 traces.txt)"
	grep -q '^ *tid: *[0-9][0-9]*$' traces.txt || fail "no tid label"
}
test_case --needs=split "go tool pprof -traces: the stacks and counts of fold, comm, pid, tid labels" traces

# The default sample type is cpu time in nanoseconds: the sum of the periods.
raw() {
	pprof -raw split.pb.gz >raw.txt
	grep -q '^Samples:' raw.txt || fail "no samples in -raw: $(head raw.txt)"
	grep -q '^samples/count cpu/nanoseconds' raw.txt || fail "sample types: $(sed -n '/^Samples/,+1p' raw.txt)"
	grep -q '^Mappings' raw.txt && grep -qE '^ *1: 0x[0-9a-f]+/0x[0-9a-f]+/0x[0-9a-f]+ .*/split [0-9a-f]{40}' raw.txt ||
		fail "the first mapping is not split with its build-id: $(sed -n '/^Mappings/,+3p' raw.txt)"
	ns=$("$CPROF" fold --period split.data | total /dev/stdin)
	pns=$(awk '/^Samples:/ { on = 1; next } /^Locations/ { on = 0 } on && /^ *[0-9]+ +[0-9]+:/ { s += $2 }
		END { printf "%d\n", s }' raw.txt)
	[ "$ns" = "$pns" ] || fail "cpu/nanoseconds total $pns, fold --period says $ns"
	grep -q 'Period: ' raw.txt || fail "no period"
}
test_case --needs=split "the default sample type: cpu nanoseconds, the sum of the periods; mappings" raw

# Filters: a time window keeps part of the samples, a pid nobody had none.
filters() {
	"$CPROF" export --time 0,0.5 -o early.pb.gz split.data || fail "export --time"
	early=$(pprof -top -sample_index=samples early.pb.gz | sed -n 's/.*Total samples = \([0-9]*\).*/\1/p')
	all=$(pprof -top -sample_index=samples split.pb.gz | sed -n 's/.*Total samples = \([0-9]*\).*/\1/p')
	[ -n "$early" ] && [ "$early" -gt 0 ] && [ "$early" -lt "$all" ] ||
		fail "--time 0,0.5 kept '$early' of $all samples"
	run "$CPROF" export --pid 1 -o none.pb.gz split.data
	expect 0 "export --pid of a process not in the trace"
	pprof -top none.pb.gz >none.txt
	grep -q 'Total samples = 0' none.txt || fail "--pid 1 kept samples: $(head none.txt)"
}
test_case --needs=split "--time keeps part of the samples, --pid of nobody none" filters

# Two traces make one profile with the samples of both.
two_traces() {
	all=$(pprof -top -sample_index=samples split.pb.gz | sed -n 's/.*Total samples = \([0-9]*\).*/\1/p')
	"$CPROF" export -o two.pb.gz split.data split.data || fail "export of two traces"
	two=$(pprof -top -sample_index=samples two.pb.gz | sed -n 's/.*Total samples = \([0-9]*\).*/\1/p')
	[ "$two" = $((2 * all)) ] || fail "two traces: $two samples, expected $((2 * all))"
}
test_case --needs=split "two traces make one profile with the samples of both" two_traces

# Bad input: one message, status 1, no file left behind.
bad_input() {
	echo junk >junk.data
	run "$CPROF" export -o junk.pb.gz junk.data
	expect 1 "export of a file that is not a trace"
	[ ! -e junk.pb.gz ] || fail "a failed export left junk.pb.gz"
	run "$CPROF" export --format nope split.data
	expect 2 "an unknown format"
	grep -q "unknown format 'nope'" err || fail "message: $(cat err)"
}
test_case --needs=split "bad input: one message, status 1, no file; an unknown format: 2" bad_input
