# cprof annotate on an optimized loop: the hottest instruction is in the
# loop and under the loop's source line; a missing or changed binary is
# said plainly and the recorded addresses still print.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# The loop is two lines, its header and its body: sampling skid may put
# the samples of the body's last instruction on the header's compare.
src_c="$top_srcdir/tests/workloads/hotloop.c"
head_line=$(grep -n '/\* HOT-LOOP' "$src_c" | cut -d: -f1)
loop_line=$(grep -n '/\* HOT-LINE' "$src_c" | cut -d: -f1)
# The cases below change ./hotloop last: replaced, then removed.
record_hot() {
	cp "$WORKLOADS/hotloop" ./hotloop || fail "cannot copy the workload"
	limit 30 "$CPROF" record -q -o hot.data -- ./hotloop 1 >/dev/null || fail "record failed"
}
setup hot record_hot

listing() {
	"$CPROF" annotate --stdio hot_sum hot.data >ann.txt 2>err.txt || fail "annotate failed: $(cat err.txt)"
	[ -s err.txt ] && fail "annotate complained: $(cat err.txt)"
	grep -q '^# cprof annotate of hot_sum in .*hotloop' ann.txt || fail "header: $(head -3 ann.txt)"
	grep -q 'AT&T syntax' ann.txt || fail "AT&T is not the default"
	# The marked instruction, and the source line printed last above it.
	hot=$(grep -n '^ *[0-9.]*% > ' ann.txt | cut -d: -f1)
	[ -n "$hot" ] || fail "no instruction is marked hottest: $(cat ann.txt)"
	src=$(head -n "$hot" ann.txt | grep -E '^ +hotloop\.c:[0-9]+ ' | tail -1)
	case "$src" in
	*"hotloop.c:$loop_line "*"HOT-LINE"* | *"hotloop.c:$head_line "*"HOT-LOOP"*) ;;
	*) fail "the hottest instruction is under '$src', not the loop's lines: $(cat ann.txt)" ;;
	esac
	grep -qE "^ +hotloop\.c:$loop_line  .*HOT-LINE" ann.txt || fail "the loop's body line is not shown"
	pct=$(sed -n "${hot}p" ann.txt | awk '{ print int($1) }')
	between "$pct" 5 100 "the hottest instruction's share"
	# Its address lies inside the loop: between a backward jump's target and the jump.
	addr=$(sed -n "${hot}p" ann.txt | awk '{ sub(":", "", $3); print $3 }')
	inside=no
	sed -nE 's/^.* ([0-9a-f]+):  j[a-z]+ +(0x[0-9a-f]+)$/\1 \2/p' ann.txt >jumps.txt
	while read -r from to; do
		[ $((to)) -le $((0x$addr)) ] && [ $((0x$addr)) -le $((0x$from)) ] && inside=yes
	done <jumps.txt
	[ "$inside" = yes ] || fail "0x$addr is not inside a loop: $(cat ann.txt)"
}
test_case --needs=hot "the hottest instruction inside the loop, under the loop's lines" listing

# Source only: the loop's line is the hottest one.
views() {
	"$CPROF" annotate --source-only hot_sum hot.data >src.txt || fail "--source-only failed"
	grep -E '^ *[0-9.]+% > +[0-9]+ ' src.txt | grep -qE "^ *[0-9.]*% > *($loop_line|$head_line) .*HOT-L" ||
		fail "--source-only does not mark the loop's lines as hottest: $(cat src.txt)"
	"$CPROF" annotate --asm-only -M intel hot_sum hot.data >intel.txt || fail "-M intel failed"
	grep -q 'Intel syntax' intel.txt || fail "no Intel syntax"
	grep -q 'hotloop\.c:' intel.txt && fail "--asm-only still shows source lines"
}
test_case --needs=hot "--source-only marks the loop's line; --asm-only -M intel" views

# A name that matches two functions: both listed, nothing printed.
names() {
	"$CPROF" annotate hot_ hot.data >amb.txt 2>amb.err && fail "an ambiguous name succeeded"
	grep -q "matches 2 functions" amb.err && grep -q hot_sum amb.err && grep -q hot_scale amb.err ||
		fail "ambiguous name message: $(cat amb.err)"
	[ -s amb.txt ] && fail "an ambiguous name printed a listing"
	"$CPROF" annotate no_such_function hot.data 2>nf.err && fail "an unknown function succeeded"
	grep -q "no samples in a function named 'no_such_function'" nf.err || fail "unknown: $(cat nf.err)"
}
test_case --needs=hot "an ambiguous or unknown function name: a clear message, nothing printed" names

# The binary replaced by another: the build-id says so.
changed() {
	cp "$WORKLOADS/split" ./hotloop || fail "cannot copy split"
	"$CPROF" annotate hot_sum hot.data >chg.txt 2>chg.err || fail "annotate of a changed binary failed"
	grep -q "has changed since the recording" chg.err || fail "changed binary: $(cat chg.err)"
}
test_case --needs=hot "a changed binary: the build-id says so" changed

# The binary gone: said plainly, and the recorded addresses and counts follow.
gone() {
	rm -f ./hotloop
	"$CPROF" annotate hot_sum hot.data >gone.txt 2>gone.err || fail "annotate without the binary failed"
	grep -q "cannot disassemble 'hot_sum': '.*/hotloop' is missing" gone.err ||
		fail "missing binary message: $(cat gone.err)"
	grep -qE "^ *[0-9.]*% > .*hotloop\.c:($loop_line|$head_line) " gone.txt ||
		fail "the recorded addresses do not show the loop's line as hottest: $(cat gone.txt)"
}
test_case --needs=hot "the binary gone: said, and the recorded addresses still print" gone
