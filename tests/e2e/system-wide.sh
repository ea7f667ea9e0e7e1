# -a: a process started after the recording began is seen by its name with
# its stacks; --comm and --pid keep only what they name; idle CPUs are left
# out unless --idle; -C takes only the CPUs listed.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
[ "$(id -u)" -eq 0 ] || skip "-a needs root or CAP_PERFMON"

# A name of its own, so its samples are told from everything else running.
cp "$WORKLOADS/spinner" latecomer || fail "cannot copy the workload"

# roots FOLDED: samples per root frame (the command name), "COUNT NAME".
roots() {
	awk '{ split($0, f, ";"); n[f[1]] += $NF } END { for (k in n) print n[k], k }' "$1"
}

# The recording starts first; latecomer starts a second later and burns
# 1 s of CPU (CPU time: a loaded machine stretches it, it does not cut it).
bg 60 "$CPROF" record -q -a -F 199 --duration 6 -o all.data
rec=$BG_PID
sleep 1
./latecomer 1 > late.txt || fail "the workload failed"
# And one killed while it is recorded: its end is in the trace.
./latecomer 30 > killed.txt &
killed=$!
wait_for killed.txt ready
kill -TERM "$killed"
wait "$rec" || fail "cprof record -a failed"
run "$CPROF" fold all.data
expect 0 "fold"
cp out all.folded
# 1 s of CPU at 199 Hz is about 199 samples (CPU time is what cpu-clock
# counts); on a machine loaded by a parallel make check the kernel drops
# some when the recorder falls behind (78 were seen), so a fifth is the floor.
late=$(roots all.folded | awk '$2 == "latecomer" { print $1 }')
between "${late:-0}" 40 400 "samples of latecomer"
grep -q '^latecomer;.*main;spin_forever ' all.folded || fail "latecomer's stack is not whole"
roots all.folded | grep -qw swapper && fail "idle samples without --idle"
"$CPROF" info all.data | grep -q '^mode: *system-wide' || fail "info does not say system-wide"
# The machine's memory in use, read with the processes' every 100 ms.
"$CPROF" info all.data | grep -Eq '^rss: +machine: min [0-9.]+ MiB, max [0-9.]+ MiB, growth [-+][0-9.]+ MiB \([1-9][0-9]+ readings\)' ||
	fail "info has no machine memory line: $("$CPROF" info all.data | grep '^rss')"
"$CPROF" info all.data | grep -Eq "latecomer \\(pid $killed\\) killed by SIGTERM" ||
	fail "latecomer's end is not in the trace"

# --comm: only latecomer, started during the recording.
bg 60 "$CPROF" record -q -a -F 199 --duration 4 --comm latecomer -o comm.data
rec=$BG_PID
sleep 1
./latecomer 0.5 > /dev/null
wait "$rec" || fail "cprof record -a --comm failed"
"$CPROF" fold comm.data > comm.folded || fail "fold of the --comm recording"
[ -s comm.folded ] || fail "--comm kept no samples"
others=$(roots comm.folded | awk '$2 != "latecomer"' | wc -l)
[ "$others" -eq 0 ] || fail "--comm kept other processes: $(roots comm.folded)"

# --pid with a command: only that process, for as long as the command runs.
./latecomer 30 > pid.txt &
lp=$!
wait_for pid.txt ready
run limit 60 "$CPROF" record -q -a -F 199 --pid "$lp" -o pid.data -- sleep 1
kill "$lp"
expect 0 "record -a --pid -- sleep 1"
"$CPROF" fold pid.data > pid.folded
[ -s pid.folded ] || fail "--pid kept no samples"
roots pid.folded | awk '$2 !~ /^latecomer/' | grep -q . && fail "--pid kept others: $(roots pid.folded)"

# --cgroup: the kernel keeps only the tasks of a cgroup v2 directory.
v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -n "$v2" ] && mkdir "$v2/cprof-sw-$$" 2>/dev/null; then
	CG=$v2/cprof-sw-$$
	cleanup_cg() {
		kill $(cat "$CG/cgroup.procs") 2>/dev/null
		for _ in $(seq 25); do [ -s "$CG/cgroup.procs" ] || break; sleep 0.2; done
		rmdir "$CG" 2>/dev/null
		cleanup
	}
	trap cleanup_cg EXIT
	sh -c 'echo $$ > "$1/cgroup.procs" && exec ./latecomer 30' sh "$CG" > cg.txt &
	wait_for cg.txt ready
	run limit 60 "$CPROF" record -q -a -F 199 --cgroup "$CG" -o cg.data -- sleep 1
	expect 0 "record -a --cgroup"
	"$CPROF" fold cg.data > cg.folded
	[ -s cg.folded ] || fail "--cgroup kept no samples"
	roots cg.folded | awk '$2 != "latecomer"' | grep -q . && fail "--cgroup kept others: $(roots cg.folded)"
fi

# -C 0: the samples of one CPU only (at most one CPU's worth of time).
run "$CPROF" record -q -a -C 0 --idle -F 99 --duration 2 -o cpu0.data
expect 0 "record -a -C 0"
n=$("$CPROF" fold cpu0.data | total /dev/stdin)
between "$n" 100 260 "samples of one CPU at 99 Hz in 2 s, idle included"

# Usage errors.
run "$CPROF" record -C 0 -- true
expect 2 "-C without -a"
run "$CPROF" record -a -C 9999 --duration 1
expect 2 "a CPU that does not exist"
