# cprof export --format speedscope, read by speedscope's own import code in
# headless Chromium (tests/browser/speedscope.test.js): a profile per
# thread, and a thread's Total and Self per function as cprof's stacks say.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
need_browser
[ -d "$NODE_PATH/speedscope" ] || fail "$NODE_PATH has no speedscope: run tests/browser/setup.sh first"

record_threads() {
	limit 120 "$CPROF" record -q -o threads.data -- "$WORKLOADS/threads" 1 || fail "record failed"
	"$CPROF" fold --tid threads.data >tid.folded || fail "fold --tid failed"
	# The busiest thread: its root frame is comm-PID/TID.  A thread that was
	# renamed (prctl) is two roots, two speedscope profiles: the comm picks one.
	root=$(awk '{ split($1, f, ";"); n[f[1]] += $NF } END { for (r in n) print n[r], r }' tid.folded |
		sort -rn | head -1 | cut -d' ' -f2)
	tid=${root##*/}
	comm=${root%-*}
	[ -n "$tid" ] && [ -n "$comm" ] || fail "no thread in $(head -3 tid.folded)"
	# Each thread's time: root frame and nanoseconds, a line each.
	"$CPROF" fold --tid --period threads.data |
		awk '{ split($1, f, ";"); n[f[1]] += $NF } END { for (r in n) print r, n[r] }' >threads.txt

	# wrap FILE.json FILE.js: what speedscope's command line tool hands its page.
	wrap() {
		printf 'speedscope.loadFileFromBase64("%s", "%s")\n' "$1" "$(base64 -w0 "$1")" >"$2"
	}
	run "$CPROF" export --format speedscope -o all.json threads.data
	expect 0 "export of every thread"
	wrap all.json all.js
	run "$CPROF" export --format speedscope --tid "$tid" --comm "$comm" -o one.json threads.data
	expect 0 "export of thread $tid"
	wrap one.json one.js
	"$CPROF" fold --tid="$tid" --comm="$comm" --period threads.data >one.folded || fail "fold of thread $tid"
}
setup threads record_threads

# The file itself: the schema's fields, weights that add up to endValue.
schema() {
	python3 - all.json <<'PY' || fail "the speedscope file is not as the format says"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["$schema"] == "https://www.speedscope.app/file-format-schema.json"
frames = d["shared"]["frames"]
assert frames and all("name" in f for f in frames)
for p in d["profiles"]:
    assert p["type"] == "sampled" and p["unit"] == "nanoseconds", p["type"]
    assert len(p["samples"]) == len(p["weights"]) > 0
    assert p["endValue"] - p["startValue"] == sum(p["weights"])
    assert all(0 <= i < len(frames) for s in p["samples"] for i in s)
PY
}
test_case --needs=threads "the file has the schema's fields, weights adding up to endValue" schema

speedscope() {
	limit 300 node "$top_srcdir/tests/browser/speedscope.test.js" "$T" || fail "speedscope disagrees (see above)"
}
test_case --needs=threads "speedscope's own import agrees: a profile per thread, Total and Self" speedscope

no_samples() {
	run "$CPROF" export --format speedscope --pid 1 threads.data
	expect 1 "a speedscope export with no samples"
	grep -q 'no samples to export' err || fail "message: $(cat err)"
}
test_case --needs=threads "an export with no samples: exit 1, a message" no_samples
