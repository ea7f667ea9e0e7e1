# cprof fold reads perf.data directly and folds the same stacks as
# `perf script | stackcollapse-perf.pl` for at least 99% of the samples, on
# recordings made here: frame pointers (split) and DWARF (dw_threads, built
# without frame pointers).  Samples are compared one by one, sample-weighted:
# a sample counts when its whole folded stack is the same.
#
# Names are normalised on both sides as tests/e2e/perfdata-cmp.py says
# (symbol versions, aliases, inline marks, the vDSO).  stackcollapse-perf.pl
# runs with --kernel, so kernel frames carry _[k] as in cprof's output; the
# perf script fields leave out the period, so each sample counts 1 in both.
. "$top_srcdir/tests/e2e/lib.sh"

SC=${STACKCOLLAPSE:-$top_srcdir/../shared/perf-script/stackcollapse-perf.pl}
command -v perf > /dev/null || skip "perf is not installed"
command -v perl > /dev/null || skip "perl is not installed"
[ -f "$SC" ] || skip "no stackcollapse-perf.pl at $SC (set STACKCOLLAPSE)"
command -v python3 > /dev/null || fail "python3 is needed to compare the stacks"

CMP="$top_srcdir/tests/e2e/perfdata-cmp.py"

# compare NAME WANT GOT: at least 99% of WANT's samples have their stack in GOT.
compare() {
	python3 "$CMP" same "$2" "$3" > "$1.cmp" || fail "$1: the comparison failed"
	set -- "$1" $(head -1 "$1.cmp")
	echo "$1: $2 of $3 samples folded the same ($(awk -v s="$2" -v t="$3" 'BEGIN { printf "%.2f", 100 * s / t }')%), cprof has $4"
	[ "$3" -ge 200 ] && [ "$4" -eq "$3" ] && [ $(($2 * 100)) -ge $(($3 * 99)) ] ||
		fail "$1: cprof and the script disagree on more than 1% of the samples: $(cat "$1.cmp")"
}

# live NAME PERF-OPTIONS -- COMMAND: records with perf, folds both ways.
live() {
	local name=$1
	shift
	local opts=
	while [ "$1" != -- ]; do opts="$opts $1"; shift; done
	shift
	if ! limit 120 perf record -q -B $opts -e cpu-clock -F 499 -o "$name.data" -- "$@" \
	     > "$name.rec" 2>&1; then
		skip "perf record refused here: $(head -1 "$name.rec")"
	fi
	# perf 6.1 aborts on this machine's MMAP2 records: see perfdata-cmp.py
	python3 "$CMP" clear-flag "$name.data" "$name.script.data"
	limit 300 perf script -F comm,pid,tid,time,event,ip,sym,dso -i "$name.script.data" \
		2> "$name.serr" | perl "$SC" --kernel > "$name.want" ||
		fail "$name: perf script | stackcollapse-perf.pl failed: $(head -3 "$name.serr")"
	[ -s "$name.want" ] || skip "perf script gave no stacks here: $(head -1 "$name.serr")"
	run limit 120 "$CPROF" fold "$name.data"
	expect 0 "cprof fold $name.data"
	cp "$T/out" "$name.got"
	compare "$name" "$name.want" "$name.got"
}

live fp -g -- "$WORKLOADS/split" 2
live dwarf --call-graph dwarf -- "$WORKLOADS/dw_threads" 2

# What a user sees of the DWARF recording: both threads, by name, at 1:1
# (the same work each), their stacks down to main's threads' entry.
share dwarf.got '^alpha;.*start_thread;.*alpha_work;burn' > a.share
a=$(cat a.share)
between "$a" 35 65 "alpha_work's share of the DWARF recording"
grep -q '^beta;.*start_thread;.*beta_work;burn ' dwarf.got || fail "no beta_work stack: $(head -5 dwarf.got)"
# and of the frame-pointer one: work_a and work_b at 2:1
wa=$(share fp.got ';main;work_a;spin$')
wb=$(share fp.got ';main;work_b;spin$')
[ "$wb" -gt 0 ] || fail "no work_b samples: $(head -5 fp.got)"
r=$((wa * 100 / wb))
between "$r" 120 300 "work_a:work_b (x100) of the frame-pointer recording"
echo "work_a:work_b = $wa:$wb, alpha's share $a%"
