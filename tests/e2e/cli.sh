# The command line as a user meets it: help, version, mistakes and their
# messages, exit statuses (0 ok, 1 failure, 2 usage error).
. "$top_srcdir/tests/e2e/lib.sh"

# one_line WHAT: the last run printed exactly one line on stderr and nothing
# on stdout (the usage hint that may follow an error is a second line).
one_line() {
	[ -s "$T/out" ] && fail "$1: unexpected standard output: $(cat "$T/out")"
	[ -s "$T/err" ] || fail "$1: no message on standard error"
	[ "$(wc -l <"$T/err")" -le "${2:-1}" ] || fail "$1: too many lines: $(cat "$T/err")"
}

has() {	# has FILE TEXT WHAT
	grep -qF -- "$2" "$1" || fail "$3: '$2' missing from: $(cat "$1")"
}

# --- help and version ---
help_lists() {
	run "$CPROF" help
	expect 0 "cprof help"
	[ -s "$T/err" ] && fail "cprof help wrote to stderr: $(cat "$T/err")"
	for c in record attach fold info help; do
		grep -qE "^  $c +[a-z].{10,}" "$T/out" ||
			fail "cprof help does not list '$c' with a summary: $(cat "$T/out")"
	done
	has "$T/out" "cprof help COMMAND" "cprof help"
}
test_case "cprof help lists the commands" help_lists

help_record() {
	run "$CPROF" help record
	expect 0 "cprof help record"
	cp "$T/out" "$T/help-record"
	has "$T/out" "usage: cprof record [OPTIONS] [--] COMMAND" "cprof help record"
	for o in --output --freq --count --event --call-graph --duration --quiet --help; do
		has "$T/out" "$o" "cprof help record"
	done

	run "$CPROF" record -h
	expect 0 "cprof record -h"
	cmp -s "$T/out" "$T/help-record" || fail "'cprof record -h' and 'cprof help record' differ"
	[ -e cprof.data ] && fail "'cprof record -h' recorded something"
}
test_case "cprof help record, the same as cprof record -h" help_record

version() {
	run "$CPROF" --version
	expect 0 "cprof --version"
	version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
	[ -n "$version" ] || fail "no PACKAGE_VERSION in $top_builddir/config.h"
	[ "$(cat "$T/out")" = "cprof $version" ] ||
		fail "cprof --version printed '$(cat "$T/out")', not 'cprof $version'"
}
test_case "cprof --version" version

no_command() {
	run "$CPROF"
	expect 2 "cprof without a command"
	has "$T/err" "usage: cprof COMMAND" "cprof without a command"
}
test_case "cprof without a command: usage, status 2" no_command

# --- usage errors: one line, a suggestion, status 2, nothing run ---
unknown_command() {
	run "$CPROF" recrod
	expect 2 "cprof recrod"
	one_line "cprof recrod"
	has "$T/err" "unknown command 'recrod'" "cprof recrod"
	has "$T/err" "did you mean 'record'?" "cprof recrod"

	run "$CPROF" help recrod
	expect 2 "cprof help recrod"
	one_line "cprof help recrod"
	has "$T/err" "did you mean 'record'?" "cprof help recrod"
}
test_case "an unknown command: one line, did you mean, status 2" unknown_command

unknown_option() {
	run "$CPROF" record --frek 10 touch ran
	expect 2 "cprof record --frek"
	one_line "cprof record --frek" 2
	[ "$(grep -c 'did you mean' "$T/err")" -eq 1 ] ||
		fail "cprof record --frek: not one 'did you mean' line: $(cat "$T/err")"
	head -n 1 "$T/err" | grep -qF "cprof record: unknown option '--frek'; did you mean '--freq'?" ||
		fail "cprof record --frek: first line is: $(head -n 1 "$T/err")"
	[ -e ran ] && fail "cprof record --frek ran the command"
	[ -e cprof.data ] && fail "cprof record --frek wrote a trace"
}
test_case "an unknown option: did you mean, nothing run" unknown_option

record_usage() {
	run "$CPROF" record
	expect 2 "cprof record without a command"
	has "$T/err" "cprof record: no command given" "cprof record without a command"

	run "$CPROF" record -F 0 true
	expect 2 "cprof record -F 0"
	has "$T/err" "bad frequency '0'" "cprof record -F 0"
}
test_case "cprof record without a command, with -F 0: status 2" record_usage

# --- failures: one clear line, status 1 ---
not_a_trace() {
	printf 'main;work 10\n' >notatrace
	run "$CPROF" fold notatrace
	expect 1 "cprof fold on a text file"
	one_line "cprof fold on a text file"
	has "$T/err" "cprof fold: 'notatrace' is not a cprof trace" "cprof fold on a text file"

	run "$CPROF" info notatrace
	expect 1 "cprof info on a text file"
	one_line "cprof info on a text file"
	has "$T/err" "'notatrace' is not a cprof trace" "cprof info on a text file"
}
test_case "fold and info of a text file: one line, status 1" not_a_trace

missing_file() {
	run "$CPROF" fold missing.data
	expect 1 "cprof fold on a missing file"
	one_line "cprof fold on a missing file"
	has "$T/err" "cprof fold: cannot open 'missing.data': No such file or directory" \
		"cprof fold on a missing file"
}
test_case "fold of a missing file: one line, status 1" missing_file

missing_process() {
	run "$CPROF" attach -p 999999999
	expect 1 "cprof attach to a missing process"
	one_line "cprof attach to a missing process"
	has "$T/err" "cprof attach: no process 999999999" "cprof attach to a missing process"
}
test_case "attach to a missing process: one line, status 1" missing_process

# The events are opened before the command starts: this needs perf_event_open.
# A command that cannot run leaves the previous trace as it was.
missing_program() {
	need_perf
	run limit 30 "$CPROF" record -q -- true
	expect 0 "cprof record true"
	cp cprof.data before.data
	run limit 30 "$CPROF" record -- /nonexistent/program
	expect 1 "cprof record of a missing program"
	one_line "cprof record of a missing program"
	has "$T/err" "cprof record: cannot run '/nonexistent/program': No such file or directory" \
		"cprof record of a missing program"
	cmp -s cprof.data before.data || fail "a command that cannot run replaced the previous trace"
	[ -e cprof.data.old ] && fail "a command that cannot run left cprof.data.old behind"
	rm cprof.data
	run limit 30 "$CPROF" record -- /nonexistent/program
	expect 1 "cprof record of a missing program, no previous trace"
	[ -e cprof.data ] && fail "a command that cannot run left a trace behind"
}
test_case "record of a missing program: one line, status 1, the old trace kept" missing_program
