# cprof report --format csv and json parse, and hold the numbers of the text.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to parse the CSV and JSON"

record_reports() {
	limit 30 "$CPROF" record -q -o split.data -- "$WORKLOADS/split" 1 || fail "record failed"
	"$CPROF" report -g none split.data >report.txt || fail "text failed"
	"$CPROF" report -g none --format csv split.data >report.csv || fail "csv failed"
	"$CPROF" report --format json split.data >report.json || fail "json failed"
}
setup reports record_reports

agree() {
python3 - report.txt report.csv report.json <<'PY' || fail "the formats disagree"
import csv, json, re, sys
txt, csvf, js = sys.argv[1:4]
rows = list(csv.DictReader(open(csvf)))
doc = json.load(open(js))
text = []
for line in open(txt):
    m = re.match(r'\s+([\d.]+)%\s+([\d.]+)%\s+(\d+)\s+(\S+)\s+(\S+)\s+\[[.kj]\] (.*)$', line)
    if m:
        text.append(m.groups())
assert rows and text, "no entries"
assert len(rows) == len(text) == len(doc["entries"]), (len(rows), len(text), len(doc["entries"]))
for r, t, j in zip(rows, text, doc["entries"]):
    name = t[5].replace(" (inlined)", "")
    assert (r["children"], r["self"], r["children_samples"], r["comm"], r["dso"], r["sym"]) == \
        (t[0], t[1], t[2], t[3], t[4], name), (r, t)
    assert "%.2f" % j["children"] == t[0] and "%.2f" % j["self"] == t[1], (j, t)
    assert j["children_samples"] == int(t[2]) and j["sym"] == name and j["dso"] == t[4], (j, t)
assert doc["samples"] > 0 and doc["event"] == "cpu-clock" and doc["sort"] == ["comm", "dso", "sym"]
spin = [e for e in doc["entries"] if e["sym"] == "spin"][0]
names = set()
def walk(nodes):
    for n in nodes:
        names.add(n["name"]); walk(n["next"])
walk(spin["callgraph"])
assert {"work_a", "work_b", "main"} <= names, names
PY
}
test_case --needs=reports "text, CSV and JSON parse and hold the same numbers" agree

# A name with a comma or a quote stays one CSV field: the keys are parsed
# back above; here the quoting itself.
csv_quoting() {
	"$CPROF" report --sort comm,pid,tid -g none --format csv split.data >threads.csv || fail "pid/tid csv"
	head -1 threads.csv | grep -qx 'children,self,children_samples,self_samples,comm,pid,tid' ||
		fail "csv header: $(head -1 threads.csv)"
}
test_case --needs=reports "CSV of comm,pid,tid: its header" csv_quoting
