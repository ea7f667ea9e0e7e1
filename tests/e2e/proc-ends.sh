# How processes ended: exit statuses, signals sent by others, a signal
# caught (no end of its own), all in info's list and report's header.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# ends NAME HOW: info's line of the child that wrote its pid to NAME.
ends() { grep -E "^(ends: )? +[0-9.]+ s  sh \\(pid $(cat "$1")\\) $2\$" out; }

# Each child writes its pid to a file of its name, so the test knows whom
# each line is about.
record_ends() {
	limit 60 "$CPROF" record -q -o e.data -- sh -c '
		sh -c "echo \$\$ > three; exit 3"
		sh -c "echo \$\$ > term; kill -TERM \$\$"
		sh -c "echo \$\$ > caught; trap \"exit 7\" TERM; kill -TERM \$\$; sleep 5"
		exit 5' 2>/dev/null
	[ $? -eq 5 ] || fail "the target's exit status was not passed on"
}
setup ends record_ends

info_ends() {
	run "$CPROF" info e.data
	expect 0 "info"
	ends three "exited with status 3" || fail "no exit status 3 in: $(cat out)"
	ends term "killed by SIGTERM" || fail "the SIGTERM is not named: $(cat out)"
	ends caught "exited with status 7" || fail "a caught signal is not how it ended: $(cat out)"
	grep -Eq "sh \\(pid [0-9]+\\) exited with status 5\$" out || fail "the target's end: $(cat out)"
	# Ends come in the order a reader wants: the unusual ones first.
	[ "$(grep -c 'exited with status 0' out)" -eq 0 ] || fail "an end that did not happen"
}
test_case --needs=ends "info lists how each process ended" info_ends

report_ends() {
	run "$CPROF" report e.data
	expect 0 "report"
	grep -Eq "^# ended: +[0-9.]+ s  sh \\(pid [0-9]+\\) exited with status 3" out ||
		fail "report's header does not show the ends: $(head -12 out)"
	grep -q "killed by SIGTERM" out || fail "report's header misses the SIGTERM"
}
test_case --needs=ends "report's header shows the ends" report_ends
