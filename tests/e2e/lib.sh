# Shared helpers for the end-to-end tests: source it first.
# Environment from the harness: CPROF, top_srcdir, top_builddir, WORKLOADS.
#
# A script is a list of named cases that all run and report:
#
#   setup NAME COMMAND [ARGS...]          a step later cases need (a recording)
#   test_case [--needs=NAME]... TITLE COMMAND [ARGS...]
#
# COMMAND (usually a function of the script) runs in a subshell: `fail`
# ends that case only, `skip` skips it, and the script goes on to the next.
# Each case prints one line, `ok N - TITLE` or `not ok N - TITLE` (TAP's
# form; `# SKIP why` after a skipped one), a failure first printing
# `FAIL: script: TITLE: what it saw` on stderr.  As before, a case fails
# only through `fail` (or an exit other than 0 and 77): the status of its
# last command does not count, so `cond && fail ...` may end a case.
# A set-up is no case: it prints nothing when it works; when it fails the
# script fails and every case that names it with --needs is skipped with
# a message (also when the set-up skipped: the machine refused what it
# needs).  Names of set-ups are single words.  Cases and set-ups share
# files through the scratch directory, not shell variables (they are
# subshells).  The script's status: 1 if a case or a set-up failed (or
# `fail` ran outside any case), 77 if it skipped as a whole (`skip`
# outside a case before any case ran, or every case skipped), else 0.
set -u

: "${CPROF:?run through make check, or set CPROF to the cprof binary}"
: "${WORKLOADS:=$(dirname "$CPROF")/tests/workloads}"
TEST_NAME=$(basename "$0" .sh)

# The case or set-up running in this subshell, if any.
IN_CASE=

fail() {
	echo "FAIL: $TEST_NAME: ${IN_CASE:+$IN_CASE: }$*" >&2
	exit 1
}

skip() {
	echo "SKIP: $TEST_NAME: ${IN_CASE:+$IN_CASE: }$*" >&2
	[ -n "$IN_CASE" ] && printf '%s\n' "$*" > "$CASE_STATE/skip"
	exit 77
}

# A scratch directory removed on exit; tests cd into it.  The cases'
# bookkeeping is kept apart, so that a test may look at every file in $T.
T=$(mktemp -d "${TMPDIR:-/tmp}/cprof-test.XXXXXX")
CASE_STATE=$(mktemp -d "${TMPDIR:-/tmp}/cprof-cases.XXXXXX")
cases_run=0 cases_passed=0 cases_failed=0 cases_skipped=0
setups_ok=' ' setups_failed=' ' setups_skipped=' '
failed_cases=
# at_exit COMMAND: runs COMMAND (a string) when the script exits, before
# the scratch directory is removed, also when called in a case; for what a
# test makes outside the scratch directory.  The last added runs first.
at_exit() {
	printf '%s\n' "$1" > "$CASE_STATE/at_exit.new"
	[ -f "$CASE_STATE/at_exit" ] && cat "$CASE_STATE/at_exit" >> "$CASE_STATE/at_exit.new"
	mv "$CASE_STATE/at_exit.new" "$CASE_STATE/at_exit"
}
# kill_jobs: ends this shell's background jobs (dash lists none in a
# command substitution, hence the file).
kill_jobs() {
	jobs -p > "$CASE_STATE/jobs"
	[ -s "$CASE_STATE/jobs" ] && kill $(cat "$CASE_STATE/jobs") 2>/dev/null
}
cleanup() {
	kill_jobs
	[ -f "$CASE_STATE/at_exit" ] && . "$CASE_STATE/at_exit"
	rm -rf "$T" "$CASE_STATE"
}
# On exit: the summary of the cases and the script's status (see above).
finish() {
	local rc=$?
	cleanup
	[ "$cases_run" -eq 0 ] && [ "$setups_failed" = ' ' ] && exit "$rc"
	echo "# $TEST_NAME: cases run $cases_run: $cases_passed passed, $cases_failed failed, $cases_skipped skipped"
	[ "$setups_failed" != ' ' ] && echo "# set-ups that failed:$setups_failed"
	[ -n "$failed_cases" ] && printf '# failed:%s\n' "$failed_cases"
	if [ "$cases_failed" -gt 0 ] || [ "$setups_failed" != ' ' ]; then
		exit 1
	fi
	case $rc in
	0|77)	[ "$cases_passed" -eq 0 ] && [ "$cases_skipped" -gt 0 ] && exit 77
		exit 0 ;;
	esac
	exit "$rc"
}
trap finish EXIT
cd "$T" || exit 1

# case_body TITLE COMMAND [ARGS...]: runs COMMAND in a subshell as the case
# or set-up TITLE; its background jobs end with it.  Returns its status.
case_body() {
	rm -f "$CASE_STATE/skip"
	(
		IN_CASE=$1
		shift
		trap 'rc=$?; kill_jobs; exit $rc' EXIT
		command -v "$1" >/dev/null || fail "no command '$1' to run"
		"$@"
		exit 0
	)
}

# setup NAME COMMAND [ARGS...]: see the top of this file.
setup() {
	local name=$1
	shift
	case_body "set-up $name" "$@"
	case $? in
	0)	setups_ok="$setups_ok$name " ;;
	77)	setups_skipped="$setups_skipped$name "
		echo "# set-up $name skipped: $(cat "$CASE_STATE/skip" 2>/dev/null)"
		printf '%s\n' "$(cat "$CASE_STATE/skip" 2>/dev/null)" > "$CASE_STATE/skip-$name" ;;
	*)	setups_failed="$setups_failed$name "
		echo "not ok - set-up $name (the cases that need it are skipped)" ;;
	esac
}

# test_case [--needs=NAME]... TITLE COMMAND [ARGS...]: see the top of this file.
test_case() {
	local needs= title s why=
	while :; do
		case $1 in
		--needs=*) needs="$needs ${1#--needs=}"; shift ;;
		*) break ;;
		esac
	done
	title=$1
	shift
	cases_run=$((cases_run + 1))
	for s in $needs; do
		case $setups_failed in *" $s "*)
			why="its set-up '$s' failed" ;;
		esac
		case $setups_skipped in *" $s "*)
			why="its set-up '$s' skipped: $(cat "$CASE_STATE/skip-$s")" ;;
		esac
		case $setups_ok$setups_failed$setups_skipped in *" $s "*) ;; *)
			echo "FAIL: $TEST_NAME: $title: no set-up '$s' ran before it" >&2
			why=bad ;;
		esac
	done
	if [ "$why" = bad ]; then
		s=1
	elif [ -n "$why" ]; then
		echo "ok $cases_run - $title # SKIP $why"
		cases_skipped=$((cases_skipped + 1))
		return 0
	else
		case_body "$title" "$@"
		s=$?
	fi
	case $s in
	0)	echo "ok $cases_run - $title"
		cases_passed=$((cases_passed + 1)) ;;
	77)	echo "ok $cases_run - $title # SKIP $(cat "$CASE_STATE/skip" 2>/dev/null)"
		cases_skipped=$((cases_skipped + 1)) ;;
	*)	echo "not ok $cases_run - $title"
		cases_failed=$((cases_failed + 1))
		failed_cases="$failed_cases '$title'" ;;
	esac
	return 0
}

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
