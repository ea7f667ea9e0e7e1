# Hostile files around a root recorder.  A mapped path that has become a
# FIFO must not block fold of a trace without a symbol table; a JIT map
# (/tmp/perf-PID.map) that is a FIFO must not block attach; one written by
# another user or reached through a symlink must not name frames.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf
[ "$(id -u)" = 0 ] || skip "needs root to make files owned by another user"
nobody=$(id -u nobody 2>/dev/null) || skip "no user 'nobody' to own a JIT map"

# 1. The recorder killed (no symbol table), then the binary replaced by a
# FIFO: fold ends at once, names what it skipped and why.
fifo_binary() {
	cp "$WORKLOADS/spinner" ./spin || fail "cannot copy spinner"
	bg 60 "$CPROF" record -q --call-graph fp -o x.data "$T/spin" 30 > out.txt
	cprof_pid=$BG_PID
	wait_for out.txt ready
	sleep 2.5	# chunks are flushed at least every second
	kill -KILL "$cprof_pid"
	wait "$cprof_pid" 2>/dev/null
	# The spinner goes too: no /proc/PID/map_files to fall back on.
	spin_pid=$(pgrep -f "^$T/spin ")
	[ -n "$spin_pid" ] && kill "$spin_pid"
	for _ in $(seq 50); do
		[ -n "$spin_pid" ] && kill -0 "$spin_pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f spin && mkfifo spin || fail "cannot make a FIFO"
	limit 10 "$CPROF" fold x.data > x.folded 2> x.err
	rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "fold blocked on a FIFO in place of a binary"
	[ $rc -eq 0 ] || fail "fold failed ($rc): $(cat x.err)"
	[ "$(total x.folded)" -ge 100 ] || fail "the killed recording kept too few samples: $(total x.folded)"
	grep -q 'spin+0x' x.folded || fail "the FIFO's addresses are not left as module+offset"
	grep -q "'.*/spin' is not a regular file" x.err || fail "no notice about the FIFO: $(cat x.err)"
}
test_case "fold: a FIFO in place of a binary is skipped at once, with a notice" fifo_binary

# 2. JIT maps: the workload runs code in anonymous memory; the map is made
# by the test as each case needs.  attach_jit KIND: attaches for a second
# and folds into $KIND.folded, stderr in $KIND.err.
attach_jit() {
	local kind=$1 pid addr size line
	bg 30 "$WORKLOADS/jitspin" 4 > "$kind.out"
	wait_for "$kind.out" ready
	read -r _ pid addr size < "$kind.out"
	map=/tmp/perf-$pid.map
	rm -f "$map"
	case $kind in
	fifo) mkfifo "$map" ;;
	nobody) echo "$addr $size jit_from_nobody" > "$map" && chown "$nobody" "$map" ;;
	symlink) echo "$addr $size jit_through_link" > target.map &&
		ln -s "$T/target.map" "$map" ;;
	root) echo "$addr $size jit_from_root" > "$map" ;;
	esac
	limit 20 "$CPROF" attach -q --call-graph fp -p "$pid" --duration 1 -o "$kind.data" \
		> /dev/null 2> "$kind.err"
	line=$?
	rm -f "$map"
	kill "$BG_PID" 2>/dev/null
	[ $line -eq 124 ] || [ $line -eq 137 ] && fail "$kind: attach blocked on the JIT map"
	[ $line -eq 0 ] || fail "$kind: attach failed ($line): $(cat "$kind.err")"
	"$CPROF" fold "$kind.data" > "$kind.folded" || fail "$kind: fold failed"
}

jit_root() {
	attach_jit root
	grep -q 'jit_from_root' root.folded || fail "a root-owned JIT map is not used: $(head -3 root.folded)"
}
test_case "a root-owned JIT map names frames" jit_root

jit_fifo() {
	attach_jit fifo
	grep -q "perf-[0-9]*\.map' is not a regular file" fifo.err ||
		fail "no notice about the FIFO JIT map: $(cat fifo.err)"
}
test_case "a FIFO JIT map does not block attach" jit_fifo

jit_nobody() {
	attach_jit nobody
	grep -q 'jit_from_nobody' nobody.folded && fail "another user's JIT map named frames"
	grep -q "is owned by uid $nobody, neither root nor the user of process" nobody.err ||
		fail "no notice about the JIT map's owner: $(cat nobody.err)"
}
test_case "another user's JIT map is not used" jit_nobody

jit_symlink() {
	attach_jit symlink
	grep -q 'jit_through_link' symlink.folded && fail "a symlinked JIT map was followed"
	grep -q "perf-[0-9]*\.map' is a symbolic link, not followed" symlink.err ||
		fail "no notice about the symlinked JIT map: $(cat symlink.err)"
}
test_case "a symlinked JIT map is not followed" jit_symlink
