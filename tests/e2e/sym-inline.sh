# Inlined functions are frames of their own (_[i]) with their file and line;
# --no-inline folds them back into their caller.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf

src="$top_srcdir/tests/workloads/inline.c"
record_inline() {
	limit 60 "$CPROF" record -q -o t.data -- "$WORKLOADS/inline" 1 >/dev/null ||
		fail "cprof record failed"
	"$CPROF" fold t.data >f.txt || fail "cprof fold failed"
	[ "$(total f.txt)" -ge 300 ] || fail "too few samples: $(total f.txt)"
}
setup inline record_inline

chain() {
	between "$(share f.txt 'inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$')" 50 100 \
		"share of inl_outer;inl_middle_[i];inl_leaf_[i]"
	between "$(share f.txt 'main;inl_outer;')" 90 100 "share of stacks through main;inl_outer"
}
test_case --needs=inline "inlined functions are frames of their own (_[i])" chain

# --srcline: every frame of the chain at its own line of inline.c.
srcline() {
	leaf=$(grep -n 'x ^= x << 13;' "$src" | cut -d: -f1)
	mid=$(grep -n 'x = inl_leaf(x) + (uint64_t)i;' "$src" | cut -d: -f1)
	outer=$(grep -n 'x = inl_middle(x, 64);' "$src" | cut -d: -f1)
	"$CPROF" fold --srcline t.data >s.txt || fail "cprof fold --srcline failed"
	re="inl_outer:inline\\.c:$outer;inl_middle:inline\\.c:${mid}_\\[i\\];inl_leaf:inline\\.c:($leaf|$((leaf + 1))|$((leaf + 2)))_\\[i\\]\$"
	between "$(share s.txt "$re")" 50 100 "share of $re"
}
test_case --needs=inline "--srcline: each frame of the chain at its own line" srcline

# --no-inline: the inlined work belongs to inl_outer itself.
no_inline() {
	"$CPROF" fold --no-inline t.data >n.txt || fail "cprof fold --no-inline failed"
	grep -q '_\[i\]' n.txt && fail "--no-inline output still has inlined frames"
	between "$(share n.txt 'main;inl_outer$')" 90 100 "share of main;inl_outer with --no-inline"
}
test_case --needs=inline "--no-inline: the work belongs to the caller" no_inline

# clang writes no .debug_aranges: the units are found by their own ranges.
clang_units() {
	command -v clang >/dev/null || skip "clang is not installed"
	clang -O1 -g -fno-omit-frame-pointer -o inline-clang "$src" ||
		fail "clang cannot build the workload"
	readelf -S inline-clang | grep -q debug_aranges && fail "clang wrote .debug_aranges"
	limit 60 "$CPROF" record -q -o c.data -- ./inline-clang 1 >/dev/null ||
		fail "cprof record of the clang build failed"
	"$CPROF" fold --srcline c.data >c.txt || fail "cprof fold failed"
	between "$(share c.txt 'inl_outer:inline\.c:[0-9]*;inl_middle:inline\.c:[0-9]*_\[i\];inl_leaf:inline\.c:[0-9]*_\[i\]$')" \
		50 100 "clang build: share of the inline chain with its lines"
}
test_case "a clang build without .debug_aranges: the chain with its lines" clang_units
