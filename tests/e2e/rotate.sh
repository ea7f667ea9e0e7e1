# --rotate: the recording is cut into files NAME.YYYYmmddTHHMMSS, each
# complete on its own, that add up to what one file holds: no sample lost
# at a cut, none twice.  --keep N leaves N; SIGUSR2 cuts a file at once;
# SIGHUP does not stop a rotating recorder.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# The same work (2 s of CPU at 199 Hz: about 400 samples) once in one file
# and once cut every second; cpu-clock counts CPU time, so a loaded
# machine stretches the recording (more files) without changing the count.
run limit 120 "$CPROF" record -F 199 -o one.data "$WORKLOADS/spinner" 2
expect 0 "unrotated recording"
one=$("$CPROF" fold one.data | total /dev/stdin)
mkdir rot
run limit 120 "$CPROF" record -F 199 --rotate 1s -o rot/cprof "$WORKLOADS/spinner" 2
expect 0 "record --rotate 1s"
said=$(sed -n 's/^cprof record: \([0-9]*\) samples.*/\1/p' err)
nfiles=$(ls rot | grep -c '^cprof\.[0-9]\{8\}T[0-9]\{6\}\(-[0-9]*\)\?$')
[ "$nfiles" -eq "$(ls rot | wc -l)" ] || fail "files not named NAME.YYYYmmddTHHMMSS: $(ls rot)"
[ "$nfiles" -ge 2 ] || fail "2 s of work cut every second made $nfiles files"
grep -q "$nfiles files 'rot/cprof.\*' written" err || fail "the summary: $(cat err)"

# No sample twice, none lost: the files hold what the recorder counted,
# and as many as one file holds, within sampling noise (20%).
run "$CPROF" fold rot
expect 0 "fold of the rotated files"
sum=$(total out)
[ "$sum" -eq "$said" ] || fail "the files hold $sum samples, the recorder took $said"
between "$sum" $((one * 8 / 10)) $((one * 12 / 10)) "rotated samples against one file's $one"
grep -q '^spinner;.*main;spin_forever ' out || fail "stacks of the rotated files: $(head -3 out)"

# Each file is complete on its own: its own symbols, names and integrity.
for f in rot/*; do
	"$CPROF" info "$f" > info.txt || fail "info $f"
	grep -q '^integrity: *complete' info.txt || fail "$f is not complete: $(cat info.txt)"
	n=$("$CPROF" fold "$f" | total /dev/stdin)
	[ "$n" -eq 0 ] || "$CPROF" fold "$f" | grep -q 'spin_forever' ||
		fail "$f alone does not name its frames: $("$CPROF" fold "$f" | head -3)"
done
"$CPROF" info rot > info.txt
grep -q '^gaps: *none' info.txt || fail "gaps between the rotated files: $(cat info.txt)"

# --keep 2: two files remain, the newest.
mkdir keep
run limit 120 "$CPROF" record -F 99 --rotate 1s --keep 2 -o keep/k "$WORKLOADS/spinner" 3
expect 0 "record --rotate 1s --keep 2"
[ "$(ls keep | wc -l)" -eq 2 ] || fail "--keep 2 left $(ls keep | wc -l) files: $(ls keep)"
grep -q 'removed by --keep' err || fail "the summary does not count removed files: $(cat err)"

# SIGUSR2 cuts a file; SIGHUP is ignored.  A rotation of an hour never
# comes by itself here.
mkdir sig
bg 60 "$CPROF" record -q -F 99 --rotate 1h -o sig/s "$WORKLOADS/spinner" 30 > out.txt
rec=$BG_PID
wait_for out.txt ready
sleep 1
kill -USR2 "$rec"
sleep 1.5
kill -HUP "$rec"
sleep 0.5
kill -0 "$rec" 2>/dev/null || fail "SIGHUP stopped a rotating recorder"
kill -INT "$rec"
sleep 0.5
kill -INT "$rec"
wait "$rec"
[ "$(ls sig | wc -l)" -eq 2 ] || fail "SIGUSR2 made $(ls sig | wc -l) files, not 2: $(ls sig)"

# Usage errors.
run "$CPROF" record --rotate 5x -- true
expect 2 "a bad --rotate"
run "$CPROF" record --keep 3 -- true
expect 2 "--keep without --rotate"
