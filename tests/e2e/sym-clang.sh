# clang builds: no .debug_aranges (clang writes none), yet source lines;
# with -flto the leaf from another file is inlined, its DWARF origin in the
# other file's unit, and the inline chain names it.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf
command -v clang >/dev/null || skip "clang is not installed"
src=$top_srcdir/tests/workloads/lto

plain() {
	clang -O2 -g -o plain "$src/outer.c" "$src/leaf.c" || fail "clang -O2 -g failed"
	readelf -S plain | grep -q '\.debug_aranges' && skip "this clang writes .debug_aranges"
	run limit 60 "$CPROF" record -o plain.data -- ./plain 1
	expect 0 "record of the clang build"
	"$CPROF" fold --srcline plain.data > plain.folded || fail "fold failed"
	s=$(share plain.folded ';main:outer\.c:[0-9]+;lto_outer:outer\.c:[0-9]+(;lto_leaf:leaf\.c:[0-9]+)?$')
	between "$s" 80 100 "share of stacks with source lines (clang -O2 -g)"
}
test_case "clang -O2 -g without .debug_aranges: source lines" plain

lto() {
	clang -flto -O2 -g -o lto "$src/outer.c" "$src/leaf.c" 2>lto.err ||
		skip "clang cannot link with -flto here: $(head -2 lto.err)"
	run limit 60 "$CPROF" record -o lto.data -- ./lto 1
	expect 0 "record of the LTO build"
	"$CPROF" fold lto.data > lto.folded || fail "fold failed"
	s=$(share lto.folded ';main;lto_outer;lto_leaf_\[i\]$')
	between "$s" 30 100 "share of lto_outer;lto_leaf_[i] (clang -flto -O2 -g)"
	"$CPROF" fold --srcline lto.data > lto.lines || fail "fold --srcline failed"
	grep -q ';lto_outer:outer\.c:[0-9]*;lto_leaf:leaf\.c:[0-9]*_\[i\] ' lto.lines ||
		fail "no call site and leaf line: $(sort -t' ' -k2 -nr lto.lines | head -2)"
}
test_case "clang -flto: the leaf from another file inlined, with its line" lto
