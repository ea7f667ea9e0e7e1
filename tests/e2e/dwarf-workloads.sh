# DWARF unwinding while recording, on programs built as distributions build
# them (-O2, no frame pointers): stacks reach main, shares match the known
# split, through libc (qsort's callback), threads, a library opened while
# running, and processes that exit before their last samples are read.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# rec NAME ARGS...: records workload NAME with DWARF unwinding into NAME.folded.
rec() {
	local name=$1
	shift
	limit 60 "$CPROF" record -q --call-graph dwarf -o "$name.data" "$WORKLOADS/$name" "$@" ||
		fail "record of $name failed ($?)"
	"$CPROF" fold "$name.data" > "$name.folded" || fail "fold of $name failed"
	[ "$(total "$name.folded")" -ge 150 ] || fail "$name: too few samples: $(total "$name.folded")"
}

# rooted NAME REGEX: at least 99% of NAME's samples unwound down to REGEX.
rooted() {
	local s
	s=$(awk -v re="$2" '{ n = $NF; t += n; if ($0 ~ re) h += n }
		END { printf "%d\n", t ? int(h * 1000 / t) : 0 }' "$1.folded")
	[ "$s" -ge 990 ] || fail "$1: only $s/1000 of samples reach '$2': $(sort -t' ' -k2 -n "$1.folded" | head -3)"
}

# Each workload is recorded by its set-up; its cases read NAME.folded.
setup dw_split rec dw_split 2
setup dw_recurse rec dw_recurse 2 300
setup dw_qsort rec dw_qsort 2.5
setup dw_threads rec dw_threads 0 2000
setup dw_dlopen rec dw_dlopen 2.4
setup dw_forks rec dw_forks 1.8 6

# The 2:1 split, every stack down to the C runtime's entry point.
split_shares() {
	rooted dw_split '^dw_split;_start;.*;main;'
	between "$(share dw_split.folded ';main;path_a;burn(;|$)')" 60 73 "dw_split: main;path_a;burn"
	between "$(share dw_split.folded ';main;path_b;burn(;|$)')" 27 40 "dw_split: main;path_b;burn"
	"$CPROF" info dw_split.data | grep -q '^unwinding: *dwarf,32768' || fail "the default stack size is not 32768"
}
test_case --needs=dw_split "dw_split: down to _start, 2:1, the default stack size" split_shares

# 300 frames of recursion, about 25 KB of stack: whole with the default size.
recursion() {
	rooted dw_recurse ';main;'
	# Of the samples in the recursion: main's clock reads grow with the load.
	deep=$(awk '/;descend/ { n = $NF; t += n; if (gsub(/;descend/, "&") == 301 && $0 ~ /;main;descend;.*;descend;bottom[; ]/) h += n }
		END { printf "%d\n", t ? h * 100 / t : 0 }' dw_recurse.folded)
	between "$deep" 97 100 "dw_recurse: share of stacks with all 301 descend frames"
}
test_case --needs=dw_recurse "dw_recurse: 300 frames whole with the default size" recursion

# libc's qsort, built without frame pointers, calling back into the program.
qsort_callback() {
	rooted dw_qsort ';main;sort_all;'
	between "$(share dw_qsort.folded ';main;sort_all;.*qsort[^;]*;.*;compare(;|$)')" 60 100 \
		"dw_qsort: main;sort_all;...qsort...;compare"
}
test_case --needs=dw_qsort "dw_qsort: through libc's qsort back into the program" qsort_callback

# Two busy threads: each stack under its thread's name, down to the thread's start.
threads() {
	rooted dw_threads ';start_thread;run;(alpha|beta)_work;'
	between "$(share dw_threads.folded '^alpha;.*;start_thread;run;alpha_work;burn')" 35 65 "thread alpha"
	between "$(share dw_threads.folded '^beta;.*;start_thread;run;beta_work;burn')" 35 65 "thread beta"
}
test_case --needs=dw_threads "dw_threads: each thread's stacks under its name, down to start_thread" threads

# A library opened a third of the way in, after the first samples.
dlopen_library() {
	rooted dw_dlopen ';main;'
	between "$(share dw_dlopen.folded ';main;run_plugin;plugin_work;plugin_burn(;|$)')" 50 80 \
		"dw_dlopen: the library's share"
	between "$(share dw_dlopen.folded ';main;early_work(;|$)')" 20 45 "dw_dlopen: before the library"
}
test_case --needs=dw_dlopen "dw_dlopen: a library opened while running" dlopen_library

# Six children, one after the other, each gone when its last samples are read.
children() {
	rooted dw_forks ';main;'
	between "$(share dw_forks.folded ';main;child_work(;|$)')" 90 100 "dw_forks: child_work"
	"$CPROF" fold --pid dw_forks.data > pids.folded || fail "fold --pid failed"
	n=$(grep ';main;child_work' pids.folded | cut -d';' -f1 | sort -u | wc -l)
	[ "$n" -ge 5 ] || fail "dw_forks: only $n of 6 children have whole stacks"
}
test_case --needs=dw_forks "dw_forks: children gone before their last samples are read" children

# No stack was cut short, and the trace says so.
not_truncated() {
	local w=$1
	"$CPROF" info "$w.data" > info.txt || fail "info $w failed"
	# "(0.4%)", "(under 0.1%)" for a handful of stacks, no share for none
	pct=$(sed -n -e 's/^truncated: *0 stacks$/0/p' \
		-e 's/^truncated: *[0-9]* stacks (under 0\.1%).*/0/p' \
		-e 's/^truncated: *[0-9]* stacks (\([0-9]*\)\..*/\1/p' info.txt)
	[ "${pct:-100}" -lt 1 ] || fail "$w: $(grep -A3 '^truncated' info.txt)"
}
for w in dw_split dw_recurse dw_qsort dw_threads dw_dlopen dw_forks; do
	test_case --needs=$w "$w: no stack cut short, says info" not_truncated $w
done
