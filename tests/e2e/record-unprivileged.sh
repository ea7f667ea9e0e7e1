# A user other than root, at perf_event_paranoid 2: the default recording of
# their own program works (the ring buffers fit the locked-memory budget,
# with one notice), and a refusal says what the request needs.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

command -v setpriv > /dev/null || skip "setpriv is needed to run cprof as another user"
id nobody > /dev/null 2>&1 || skip "there is no user 'nobody'"
[ "$(id -u)" -eq 0 ] || skip "only root can run cprof as 'nobody'"
P=/proc/sys/kernel/perf_event_paranoid
orig=$(cat "$P") || skip "cannot read $P"
U=$(mktemp -d "${TMPDIR:-/tmp}/cprof-nobody.XXXXXX")
chmod 755 "$U"
chown nobody "$U"
at_exit '[ "$(cat "$P")" = "$orig" ] || echo "$orig" > "$P"; rm -rf "$U"'
case "$orig" in
1|2) ;;
*) echo 2 > "$P" 2> /dev/null || skip "cannot set $P to 2 (it is $orig)" ;;
esac
level=$(cat "$P")

# nobody ARGS...: runs ARGS as nobody in U, with a common memlock limit.
nobody() {
	(cd "$U" && ulimit -l 8192 &&
	 limit 60 setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@")
}
# The build tree may sit under a private directory: nobody runs copies in U.
# (setpriv itself execs with root's capabilities, so probe through a shell.)
cp "$CPROF" "$U/cprof" && cp "$WORKLOADS/split" "$U/split" || fail "cannot copy the binaries to $U"
CPROF=$U/cprof
nobody sh -c './cprof --version && ./split 0' > /dev/null 2>&1 ||
	skip "'nobody' cannot run programs in $U"

# The default recording: DWARF stacks, 8 MiB rings asked for.
own_default() {
	nobody "$CPROF" record -o own.data -- "$U/split" 0.5 2> own.txt ||
		fail "nobody's default recording failed at paranoid $level: $(cat own.txt)"
	[ "$(grep -c 'ring buffers of .* per CPU instead of 8.0 MiB: the most the locked-memory budget allows' own.txt)" -eq 1 ] ||
		fail "not one notice of the smaller ring buffers: $(cat own.txt)"
	"$CPROF" fold "$U/own.data" | grep -q 'work_a' || fail "nobody's trace has no stacks of work_a"
	if [ "$level" -eq 2 ]; then
		grep -q "kernel frames are not recorded: perf_event_paranoid is 2 (they need it at 1 or lower, or root or CAP_PERFMON)" own.txt ||
			fail "no notice about kernel frames at level 2: $(cat own.txt)"
	fi
	grep -q "2 or lower" own.txt && fail "a message suggests the level that is already set: $(cat own.txt)"
}
test_case "nobody's default recording fits the locked-memory budget, with one notice" own_default

# An explicit -m over the budget is made to fit as well.
explicit_m() {
	nobody "$CPROF" record -q --call-graph fp -m 256M -o fp.data -- "$U/split" 0.2 2> fp.txt ||
		fail "-m 256M as nobody failed: $(cat fp.txt)"
	grep -q "instead of 256.0 MiB" fp.txt || fail "no notice for -m 256M: $(cat fp.txt)"
}
test_case "an explicit -m 256M is made to fit as well" explicit_m

# Another user's process needs privilege, whatever the level.
other_user() {
	"$WORKLOADS/spinner" 30 > /dev/null &
	spin=$!
	for cg in dwarf fp; do
		nobody "$CPROF" attach -q --call-graph $cg -p "$spin" --duration 0.5 -o other.data 2> other.txt
		rc=$?
		[ "$rc" -eq 1 ] || fail "attaching to root's process ($cg) exits $rc, not 1: $(cat other.txt)"
		grep -q "no permission to profile process $spin: it belongs to another user (uid 0), which needs root or CAP_PERFMON" other.txt ||
			fail "the refusal ($cg) does not say what is needed: $(cat other.txt)"
		grep -q "or lower" other.txt && fail "the refusal suggests a paranoid level: $(cat other.txt)"
	done
	kill "$spin"
}
test_case "another user's process: the refusal says what is needed" other_user
