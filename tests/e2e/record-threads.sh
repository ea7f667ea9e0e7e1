# A threaded program: each thread's stacks under its own name.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

record_threads() {
	limit 60 "$CPROF" record -q --call-graph fp -o t.data "$WORKLOADS/threads" 1.5 ||
		fail "record failed"
	"$CPROF" fold t.data > t.folded || fail "fold failed"
}
setup threads record_threads

own_names() {
	between "$(share t.folded '^alpha;.*alpha_work;burn')" 35 65 "share of thread alpha in alpha_work"
	between "$(share t.folded '^beta;.*beta_work;burn')" 35 65 "share of thread beta in beta_work"
	# Neither thread's function appears under the other's name.
	if grep -q '^alpha;.*beta_work' t.folded || grep -q '^beta;.*alpha_work' t.folded; then
		fail "stacks under the wrong thread"
	fi
}
test_case --needs=threads "each thread's stacks under its own name, half each" own_names

# --tid puts comm-PID/TID at the root; two threads, two distinct TIDs.
tid_roots() {
	"$CPROF" fold --tid t.data > tid.folded || fail "fold --tid failed"
	n=$(grep -oE '^(alpha|beta)-[0-9]+/[0-9]+' tid.folded | sort -u | wc -l)
	[ "$n" -eq 2 ] || fail "expected 2 thread roots, got $n: $(cut -d';' -f1 tid.folded | sort -u)"
}
test_case --needs=threads "fold --tid: two thread roots" tid_roots

comm_filter() {
	"$CPROF" fold --comm=beta t.data > beta.folded || fail "fold --comm failed"
	grep -qv '^beta;' beta.folded && fail "--comm=beta kept other threads"
	[ -s beta.folded ] || fail "--comm=beta kept nothing"
}
test_case --needs=threads "fold --comm=beta keeps beta only" comm_filter

info_threads() {
	"$CPROF" info t.data | grep -q '^threads: *3' || fail "info does not count 3 threads"
}
test_case --needs=threads "info counts 3 threads" info_threads
