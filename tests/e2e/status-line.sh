# The status line: on a terminal, updated about once a second; nothing of it
# when stderr is not a terminal, and neither it nor the summary with -q.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
command -v script > /dev/null || skip "script (bsdutils) is missing"

terminal() {
	limit 60 script -qec "'$CPROF' record -o tty.data '$WORKLOADS/split' 2.5" tty.log > /dev/null ||
		fail "record on a terminal failed"
	n=$(grep -o '\[ cprof: [0-9.]* s, [0-9]* samples, [0-9]* lost, [0-9.]* [KMG]*i*B \]' tty.log | wc -l)
	[ "$n" -ge 2 ] || fail "expected a status line updated at least twice, got $n: $(cat -v tty.log)"
	grep -q 'cprof record: [0-9]* samples' tty.log || fail "no summary on the terminal"
}
test_case "on a terminal: a status line updated each second, the summary" terminal

not_a_terminal() {
	limit 60 "$CPROF" record -o file.data "$WORKLOADS/split" 1.5 2> err.txt || fail "record failed"
	grep -q '\[ cprof:' err.txt && fail "status line written although stderr is a file"
	grep -q '^cprof record: [0-9]* samples' err.txt || fail "no summary: $(cat err.txt)"
}
test_case "stderr a file: no status line, the summary" not_a_terminal

quiet() {
	limit 60 script -qec "'$CPROF' record -q -o q.data '$WORKLOADS/split' 1.5" q.log > /dev/null ||
		fail "record -q failed"
	grep -v '^Script ' q.log | grep -q 'cprof' && fail "-q still printed: $(cat -v q.log)"
}
test_case "-q on a terminal: nothing printed" quiet
