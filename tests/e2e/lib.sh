# Shared helpers for the end-to-end tests: source it first.
# Environment from the harness: CPROF, top_srcdir, top_builddir, WORKLOADS.
set -u

: "${CPROF:?run through make check, or set CPROF to the cprof binary}"
: "${WORKLOADS:=$(dirname "$CPROF")/tests/workloads}"
TEST_NAME=$(basename "$0" .sh)

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $TEST_NAME: $*" >&2
	exit 77
}

# A scratch directory removed on exit; tests cd into it.
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-test.XXXXXX")
cleanup() {
	local pids
	pids=$(jobs -p)
	[ -n "$pids" ] && kill $pids 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1

# Skips (77) when the kernel refuses perf_event_open, saying why.
need_perf() {
	local out
	if ! out=$("$CPROF" record -q -o "$T/probe.data" -- true 2>&1); then
		case "$out" in
		*permission*|*paranoid*|*"not supported"*|*"No such device"*)
			skip "the kernel refuses perf_event_open here: $out" ;;
		esac
		fail "cprof record of 'true' failed: $out"
	fi
	rm -f "$T/probe.data"
}

# run CMD...: runs it with stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect STATUS WHAT: the last run exited with STATUS.
expect() {
	[ "$rc" -eq "$1" ] || fail "$2: exit status $rc, expected $1; stderr: $(cat "$T/err")"
}

# share FOLDED REGEX: the percentage (integer) of counts on lines matching REGEX.
share() {
	awk -v re="$2" '{ n = $NF; total += n; line = $0; sub(/ [^ ]*$/, "", line);
		if (line ~ re) hit += n }
		END { if (total == 0) print 0; else printf "%d\n", hit * 100 / total + 0.5 }' "$1"
}

# total FOLDED: the sum of the counts.
total() {
	awk '{ t += $NF } END { print t + 0 }' "$1"
}

# between VALUE LOW HIGH MESSAGE
between() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ] || fail "$4: $1 is not within $2..$3"
}

# Runs a command with a time limit so no test can hang.
limit() {
	timeout -k 5 "$@"
}

# bg SECS COMMAND...: starts COMMAND in the background with BG_PID its own
# pid (signals sent to it reach it, not a wrapper), killed after SECS.
bg() {
	local secs=$1
	shift
	"$@" &
	BG_PID=$!
	( sleep "$secs"; kill -9 "$BG_PID" 2>/dev/null ) &
}

# wait_for FILE TEXT: waits up to 5 s for TEXT to appear in FILE.
wait_for() {
	for _ in $(seq 50); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "'$2' never appeared in $1"
}

# need_browser: node, Chromium and playwright-core for the tests in
# tests/browser (B).  They are set up, not optional: missing is a failure.
# BROWSER_MODULES names another node_modules (a read-only source tree).
need_browser() {
	B="$top_srcdir/tests/browser"
	local modules=${BROWSER_MODULES:-$B/node_modules}
	[ -d "$modules/playwright-core" ] ||
		fail "$modules has no playwright-core: run tests/browser/setup.sh first"
	export NODE_PATH="$modules"
	command -v node > /dev/null || fail "node is missing: run tests/browser/setup.sh first"
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
		fail "chromium is missing: run tests/browser/setup.sh first"
}

# svg OUT COMMAND ARGS...: `cprof COMMAND ARGS` into OUT, which must be valid XML.
svg() {
	local out=$1
	shift
	"$CPROF" "$@" > "$out" 2>/dev/null || fail "cprof $* failed"
	xmllint --noout "$out" || fail "$out is not valid XML"
}
