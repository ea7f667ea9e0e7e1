# cprof flame on the command line: inputs, options, exit statuses, valid SVG.
. "$top_srcdir/tests/e2e/lib.sh"

D="$top_srcdir/tests/data"
BASIC="$D/flame-basic.folded"

valid() {
	xmllint --noout "$1" || fail "$1 is not valid XML"
}

# title NAME FILE: the tooltip of the first frame called NAME
title() {
	grep -o "<title>$1 ([^<]*</title>" "$2" | head -1
}

# pct PART TOTAL: a share as the SVG writes it
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f%%", 100 * a / b }'
}

tot=$(total "$BASIC")
parse=$(awk '/^main;parse/ { s += $NF } END { print s }' "$BASIC")

# basic.svg: the example drawn with the defaults, compared with below
draw_basic() {
	"$CPROF" flame "$BASIC" > basic.svg 2> basic.err || fail "flame exited $?"
	valid basic.svg
}
setup basic draw_basic

basic_names() {
	grep -q "skipped 1 line that is not folded stacks (line 10: no count at the end)" basic.err ||
		fail "the bad line is not reported: $(cat basic.err)"
	[ "$(title parse basic.svg)" = "<title>parse ($parse samples, $(pct "$parse" "$tot"))</title>" ] ||
		fail "parse's tooltip is '$(title parse basic.svg)'"
	grep -q '<title>gc_collect (6.50 samples' basic.svg || fail "the _[k] suffix is shown or the decimal count lost"
	grep -q '<title>compute (hot loop) (25 samples' basic.svg || fail "a name with spaces was mangled"
}
test_case --needs=basic "the bad line reported, tooltips, names kept whole" basic_names

# the same from standard input, with - and without a file
stdin() {
	"$CPROF" flame - < "$BASIC" > stdin.svg 2>/dev/null || fail "flame - failed"
	cmp -s basic.svg stdin.svg || fail "flame - differs from flame FILE"
	cat "$BASIC" | "$CPROF" flame > pipe.svg 2>/dev/null || fail "flame from a pipe failed"
	cmp -s basic.svg pipe.svg || fail "flame from a pipe differs from flame FILE"
}
test_case --needs=basic "the same from standard input, - or no file" stdin

# a reversed graph says what it is: roots are the leaf functions
reversed_title() {
	"$CPROF" flame --reverse "$BASIC" > rev.svg 2>/dev/null || fail "flame --reverse failed"
	grep -q '<text id="title"[^>]*>Reverse flame graph (callers of leaf functions)</text>' rev.svg ||
		fail "--reverse title: $(grep -o '<text id="title"[^<]*' rev.svg)"
	grep -q '<title>read_token (42 samples' rev.svg || fail "--reverse does not merge read_token's 42 samples"
}
test_case "a reversed graph says what it is" reversed_title

# several files add up
two_inputs() {
	"$CPROF" flame "$BASIC" "$BASIC" > twice.svg 2>/dev/null || fail "two inputs failed"
	grep -q "<title>parse ($((parse * 2)) samples, $(pct "$parse" "$tot"))" twice.svg ||
		fail "two copies do not add up: $(title parse twice.svg)"
}
test_case "several files add up" two_inputs

# nothing valid: exit 1, one message, no SVG
nothing_valid() {
	printf 'no stacks here\nnor here\n' > junk.txt
	"$CPROF" flame -o junk.svg junk.txt 2> err
	[ $? -eq 1 ] || fail "junk input did not exit 1"
	[ ! -e junk.svg ] || fail "an SVG was written for junk input"
	grep -q "^cprof flame: 'junk.txt': no folded stacks" err || fail "junk message: $(cat err)"
	"$CPROF" flame /nonexistent/x.folded > out.svg 2> err
	[ $? -eq 1 ] || fail "a missing file did not exit 1"
	grep -q "^cprof flame: cannot open '/nonexistent/x.folded': No such file or directory" err ||
		fail "missing file message: $(cat err)"
	: > empty.folded
	"$CPROF" flame empty.folded > out.svg 2>/dev/null
	[ $? -eq 1 ] || fail "an empty file did not exit 1"
}
test_case "nothing valid, a missing file, an empty file: exit 1, no SVG" nothing_valid

# usage errors exit 2
usage_errors() {
	for bad in "--colors plaid" "--minwidth wide" "--width -3" "--sort size" "--bgcolors red\"" \
		   "--no-such-option" "--flamechart --reverse"; do
		"$CPROF" flame $bad "$BASIC" > /dev/null 2> err
		[ $? -eq 2 ] || fail "'$bad' did not exit 2"
		grep -q "^cprof flame: " err || fail "'$bad' gave no message"
	done
	"$CPROF" flame --titel x "$BASIC" 2>&1 >/dev/null | grep -q "did you mean '--title'" ||
		fail "no suggestion for --titel"
}
test_case "usage errors exit 2, with a suggestion" usage_errors

# every option of --help is in the man page
help_in_man() {
	"$CPROF" flame --help > help || fail "--help failed"
	for opt in $(grep -o -- '--[a-z][a-z-]*' help | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$top_srcdir/man/cprof-flame.1" ||
			fail "$opt is not in man/cprof-flame.1"
	done
}
test_case "every option of --help is in the man page" help_in_man

# options show up where a user sees them
options_shown() {
	"$CPROF" flame --title 'My <T>' --subtitle 'sub & title' --countname ms --nametype 'Func:' \
		--notes 'a note' --fonttype 'DejaVu Sans' --fontsize 14 --height 20 --width 900 \
		--search 'eval|apply' "$BASIC" > opts.svg 2>/dev/null || fail "options failed"
	valid opts.svg
	grep -q '<text id="title"[^>]*>My &lt;T&gt;</text>' opts.svg || fail "--title"
	grep -q '>sub &amp; title</text>' opts.svg || fail "--subtitle"
	grep -q "<title>parse ($parse ms," opts.svg || fail "--countname"
	grep -q 'data-nametype="Func:"' opts.svg || fail "--nametype"
	grep -q '<desc>a note</desc>' opts.svg || fail "--notes"
	grep -q 'font-family="DejaVu Sans" font-size="14"' opts.svg || fail "--fonttype/--fontsize"
	grep -q 'height="19" rx' opts.svg || fail "--height 20 did not make 19 px frames"
	grep -q '<svg [^>]*width="900"' opts.svg || fail "--width"
	grep -q 'data-search="eval|apply"' opts.svg || fail "--search"
}
test_case "options show up where a user sees them" options_shown

# --factor, --total
factor_total() {
	"$CPROF" flame --factor 1000 "$BASIC" > factor.svg 2>/dev/null || fail "--factor failed"
	grep -q "<title>parse ($((parse * 1000 / 1000)),000 samples" factor.svg || fail "--factor: $(title parse factor.svg)"
	"$CPROF" flame --total "$(awk -v t="$tot" 'BEGIN { print t * 2 }')" "$BASIC" > total.svg 2>/dev/null ||
		fail "--total failed"
	grep -q '<title>all ([^)]*, 50.00%)</title><rect x="0%" y="[0-9.]*" width="50%"' total.svg ||
		fail "--total twice the samples: the root is not half the width"
}
test_case "--factor, --total" factor_total

# views
icicle() {
	"$CPROF" flame --icicle "$BASIC" > icicle.svg 2>/dev/null && valid icicle.svg || fail "--icicle"
	grep -q 'data-icicle="1"' icicle.svg || fail "--icicle is not marked"
	grep -q '<text id="title"[^>]*>Icicle Graph<' icicle.svg || fail "icicle title"
}
test_case "--icicle" icicle

reverse() {
	"$CPROF" flame --reverse "$BASIC" > reverse.svg 2>/dev/null && valid reverse.svg || fail "--reverse"
	rt=$(awk '/read_token [0-9]/ { s += $NF } END { print s }' "$BASIC")
	grep -q '<g data-p="0" [^>]*><title>read_token ('"$rt"' samples' reverse.svg ||
		fail "--reverse: read_token is not a root child with $rt samples"
}
test_case "--reverse: leaf functions at the root" reverse

base() {
	"$CPROF" flame --base eval "$BASIC" > base.svg 2>/dev/null && valid base.svg || fail "--base"
	ev=$(awk '/;eval;/ { s += $NF } END { if (s == int(s)) print s; else printf "%.2f\n", s }' "$BASIC")
	grep -q '<title>all ('"$ev"' samples, 100.00%)' base.svg || fail "--base eval: $(title all base.svg)"
	grep -q '<title>main (' base.svg && fail "--base kept frames below eval"
	"$CPROF" flame --base nosuch "$BASIC" > /dev/null 2>&1
	[ $? -eq 1 ] || fail "--base with an unknown function did not exit 1"
}
test_case "--base: the graph above a function" base

flamechart() {
	"$CPROF" flame --flamechart "$BASIC" > chart.svg 2>/dev/null && valid chart.svg || fail "--flamechart"
	printf 'main;a 1\nmain;b 2\nmain;a 3\nother;a 4\n' > order.folded
	"$CPROF" flame --flamechart order.folded > order.svg 2>/dev/null && valid order.svg || fail "--flamechart"
	[ "$(grep -o '<title>a (' order.svg | wc -l)" -eq 3 ] || fail "--flamechart did not keep a's three runs apart"
	grep -q '<title>main (6 samples[^<]*</title><rect x="0%"[^>]*width="60%"' order.svg ||
		fail "--flamechart: main's lane does not span its time"
	# lanes in order of their samples: other (9) before main (6), though main comes first in the input
	printf 'main;a 1\nmain;b 2\nmain;a 3\nother;c 9\n' > lanes.folded
	"$CPROF" flame --flamechart lanes.folded > lanes.svg 2>/dev/null && valid lanes.svg || fail "--flamechart"
	yo=$(grep -o '<title>other ([^<]*</title><rect [^>]*' lanes.svg | sed 's/.* y="\([0-9.]*\)".*/\1/')
	ym=$(grep -o '<title>main ([^<]*</title><rect [^>]*' lanes.svg | sed 's/.* y="\([0-9.]*\)".*/\1/')
	[ -n "$yo" ] && [ -n "$ym" ] && awk -v o="$yo" -v m="$ym" 'BEGIN { exit !(o > m) }' ||
		fail "--flamechart: the busiest lane (other, 9 samples) is not first, at the bottom: y $yo, main's $ym"
}
test_case "--flamechart: runs apart, lanes by weight" flamechart

# lanes under 1% of the samples are folded into one, hidden until it is opened;
# folded stacks have no times: no time axis
small_lanes() {
	printf 'main;a 500\nmain;b 490\nx;f 3\ny;g 4\n' > small.folded
	"$CPROF" flame --flamechart small.folded > small.svg 2>/dev/null && valid small.svg || fail "--flamechart"
	grep -q '<g class="others"[^>]*><title>(2 other lanes) (7 samples, 0.70%)' small.svg ||
		fail "--flamechart: x and y (0.3% and 0.4%) are not folded into '(2 other lanes)'"
	grep -q '<g class="folded"[^>]*><title>x (3 samples' small.svg || fail "--flamechart: x's lane is not folded"
	grep -q '<g data-v="990"[^>]*><title>main (990 samples' small.svg || fail "--flamechart: main's lane is folded"
	grep -q 'id="axis"' small.svg && fail "--flamechart of folded stacks has a time axis"
	printf 'main;a 500\nmain;b 490\nx;f 3\ny;g 40\n' > one.folded
	"$CPROF" flame --flamechart one.folded > one.svg 2>/dev/null && valid one.svg || fail "--flamechart"
	grep -q 'other lane' one.svg && fail "--flamechart folded a single small lane"
	return 0
}
test_case "--flamechart: lanes under 1% folded into one, no axis without times" small_lanes

sort_weight() {
	"$CPROF" flame --sort=weight "$BASIC" > weight.svg 2>/dev/null && valid weight.svg || fail "--sort"
	grep -q "<title>parse ($parse samples, [^<]*</title><rect x=\"0%\"" weight.svg ||
		fail "--sort=weight: parse, the heaviest child of main, is not first"
	grep -q "<title>eval ([^<]*</title><rect x=\"0%\"" basic.svg ||
		fail "by name, eval is not the first child of main"
}
test_case --needs=basic "--sort=weight, and by name without it" sort_weight

# colours: stable by name, --random, palettes, backgrounds, --cp
colours() {
	"$CPROF" flame "$BASIC" > again.svg 2>/dev/null
	cmp -s basic.svg again.svg || fail "two runs differ"
	"$CPROF" flame --random "$BASIC" > random.svg 2>/dev/null
	cmp -s basic.svg random.svg && fail "--random gave the default colours"
	for pal in hot mem io wakeup java js perl python rust red green blue aqua yellow purple orange; do
		"$CPROF" flame --colors "$pal" "$BASIC" > "pal-$pal.svg" 2>/dev/null || fail "--colors $pal"
		valid "pal-$pal.svg"
	done
	cmp -s pal-red.svg pal-blue.svg && fail "--colors red and blue are the same"
	"$CPROF" flame --bgcolors '#123456' "$BASIC" 2>/dev/null | grep -q 'stop-color="#123456"' || fail "--bgcolors"
	"$CPROF" flame --cp --random "$BASIC" > cp1.svg 2>/dev/null || fail "--cp failed"
	grep -q '^parse->rgb(' palette.map || fail "--cp did not write palette.map"
	"$CPROF" flame --cp --random "$BASIC" > cp2.svg 2>/dev/null
	cmp -s cp1.svg cp2.svg || fail "--cp did not keep the colours of a random palette"
}
test_case --needs=basic "colours: stable, --random, palettes, backgrounds, --cp" colours

# narrow frames are merged and counted, so big inputs give bounded SVGs
narrow() {
	"$CPROF" flame --minwidth 5% "$BASIC" > narrow.svg 2>/dev/null && valid narrow.svg || fail "--minwidth"
	grep -q '<title>([0-9]* narrow frames\{0,1\}) (' narrow.svg || fail "no narrow frame"
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "main;mod%d;fn%d;leaf%d %d\n", i % 7, i, i, 1 + i % 3 }' > big.folded
	"$CPROF" flame big.folded > big.svg 2>/dev/null && valid big.svg || fail "big input"
	"$CPROF" flame --minwidth 0 big.folded > big0.svg 2>/dev/null || fail "--minwidth 0"
	small=$(wc -c < big.svg) full=$(wc -c < big0.svg)
	[ "$small" -lt $((full / 4)) ] || fail "the default --minwidth did not bound the SVG: $small vs $full bytes"
	grep -q 'narrow frames) (' big.svg || fail "the big graph has no narrow frames"
}
test_case "narrow frames merged and counted: bounded SVGs" narrow

# labels: the end is cut, as flamegraph.pl does, with or without --truncate-text-right
labels() {
	printf 'main;averyveryverylongfunctionnamethatwillnotfitinitsframe_begin_middle_end 1\nmain;x 1\n' > long.folded
	"$CPROF" flame --width 300 long.folded 2>/dev/null | grep -q '>averyvery[a-z_]*\.\.</text>' || fail "end truncation"
	"$CPROF" flame --width 600 --truncate-text-right long.folded 2>/dev/null |
		grep -q '>averyvery[a-z_]*\.\.</text>' || fail "--truncate-text-right"
}
test_case "labels cut at the end" labels

# differential input: widths from the second count, red growth, blue shrinkage
# (counts big enough that the changes are not sampling noise: 200 / sqrt(400) = 10 sigma)
differential() {
	printf 'main;grows 100 300\nmain;shrinks 300 100\nmain;same 50 50\n' > diff.folded
	"$CPROF" flame diff.folded > diff.svg 2>/dev/null && valid diff.svg || fail "differential input"
	grep -q '<title>grows (300 samples[^<]*</title><rect[^>]*fill="rgb(255,[0-9]*,[0-9]*)"' diff.svg || fail "growth is not red"
	grep -q '<title>shrinks (100 samples[^<]*</title><rect[^>]*fill="rgb([0-9]*,[0-9]*,255)"' diff.svg || fail "shrinkage is not blue"
	grep -q '<title>same (50 samples[^<]*</title><rect[^>]*fill="rgb(190,190,190)"' diff.svg || fail "no change is not grey"
	# the same change in a tenth of the samples is within sampling noise: grey
	printf 'main;grows 10 30\nmain;shrinks 30 10\nmain;same 5 5\n' > noise.folded
	"$CPROF" flame noise.folded > noise.svg 2>/dev/null || fail "differential input with few samples"
	grep -q '<title>grows (30 samples[^<]*</title><rect[^>]*fill="rgb(190,190,190)"' noise.svg ||
		fail "a change of 20 samples in 40 (3.2 sigma) is coloured"
	"$CPROF" flame --negate diff.folded 2>/dev/null |
		grep -q '<title>grows (300 samples[^<]*</title><rect[^>]*fill="rgb([0-9]*,[0-9]*,255)"' || fail "--negate"
}
test_case "differential input: red growth, blue shrinkage, grey noise" differential

# hostile names: escaped, valid
hostile() {
	"$CPROF" flame "$D/flame-hostile.folded" > hostile.svg 2>/dev/null || fail "hostile input"
	valid hostile.svg
	[ "$(grep -o '<script' hostile.svg | wc -l)" -eq 1 ] || fail "a name became a script element"
}
test_case "hostile names: escaped, valid, one script" hostile

# every view is a picture without the script
static_pictures() {
	"$CPROF" flame --icicle "$BASIC" > icicle.svg 2>/dev/null || fail "--icicle"
	"$CPROF" flame --flamechart "$BASIC" > chart.svg 2>/dev/null || fail "--flamechart"
	"$CPROF" flame "$D/flame-hostile.folded" > hostile.svg 2>/dev/null || fail "hostile input"
	if command -v rsvg-convert > /dev/null; then
		for f in basic icicle hostile chart; do
			rsvg-convert "$f.svg" -o "$f.png" || fail "rsvg-convert cannot draw $f.svg"
		done
	fi
}
test_case --needs=basic "rsvg-convert draws the views" static_pictures

# inputs that once went wrong (tests/fuzz/regressions/folded/)
R="$top_srcdir/tests/fuzz/regressions/folded"

# nothing to draw with -o: no file at all, not an empty one; an old file is kept
output_file() {
	"$CPROF" flame -o none.svg "$R/nothing-to-draw.folded" 2> err
	[ $? -eq 1 ] || fail "nothing to draw did not exit 1"
	[ ! -e none.svg ] || fail "nothing to draw left a $(wc -c < none.svg)-byte none.svg"
	cp basic.svg keep.svg
	"$CPROF" flame -o keep.svg "$R/nothing-to-draw.folded" 2>/dev/null
	cmp -s basic.svg keep.svg || fail "a run with nothing to draw changed the existing -o file"
	"$CPROF" flame --base nosuch -o keep.svg "$BASIC" 2>/dev/null
	cmp -s basic.svg keep.svg || fail "a failed --base changed the existing -o file"
	"$CPROF" flame -o new.svg "$BASIC" 2>/dev/null || fail "-o failed"
	cmp -s basic.svg new.svg || fail "-o differs from standard output"
	(umask 027 && "$CPROF" flame -o mode.svg "$BASIC" 2>/dev/null) || fail "-o with umask 027 failed"
	[ "$(stat -c %a mode.svg)" = 640 ] || fail "-o made a file of mode $(stat -c %a mode.svg), not 640"
	"$CPROF" flame -o /dev/null "$BASIC" 2>/dev/null || fail "-o /dev/null failed"
	[ -c /dev/null ] || fail "-o /dev/null replaced the device"
	leftover=$(ls -A | grep '^\.' || true)
	[ -z "$leftover" ] || fail "temporary files left behind: $leftover"
}
test_case --needs=basic "-o: nothing to draw makes no file, keeps an old one; its mode" output_file

# counts are exact 64-bit integers; past 2^64 - 1 a line is bad, with its number
counts_64bit() {
	"$CPROF" flame "$R/count-2pow64.folded" > c64.svg 2> err || fail "2^64 input exited $?"
	valid c64.svg
	grep -q "skipped 3 lines that are not folded stacks (line 1: a count past 2^64 - 1; line 3: the total would pass 2^64 - 1; line 4: " err ||
		fail "counts past 2^64 - 1 are not reported: $(cat err)"
	grep -q '<title>b (18,446,744,073,709,551,615 samples, 100.00%)' c64.svg ||
		fail "2^64 - 1 is not shown exactly: $(title b c64.svg)"
	grep -q '551,616\|\.00 samples' c64.svg && fail "a count went through a double"
	grep -q 'data-total="18446744073709551616"' c64.svg ||
		fail "the script's total lost digits: $(grep -o 'data-total="[^"]*"' c64.svg)"
	printf 'main;a 9007199254740993\nmain;b 1\n' > odd.folded
	"$CPROF" flame odd.folded 2>/dev/null | grep -q '<title>main (9,007,199,254,740,994 samples' ||
		fail "2^53 + 1 + 1 is not summed exactly"
}
test_case "counts are exact 64-bit integers" counts_64bit

# a NUL byte and CR-only line ends are bad lines, not cut names or one long stack
bad_bytes() {
	"$CPROF" flame "$R/nul-byte.folded" > nul.svg 2> err || fail "NUL input exited $?"
	grep -q "skipped 1 line that is not folded stacks (line 1: a NUL byte)" err || fail "NUL: $(cat err)"
	grep -q '<title>a (' nul.svg && fail "the name cut at the NUL byte was drawn"
	"$CPROF" flame "$R/cr-only.folded" > /dev/null 2> err
	[ $? -eq 1 ] || fail "a CR-only file did not exit 1"
	grep -q "line 1: a carriage return inside (CR-only line ends?)" err || fail "CR-only: $(cat err)"
	"$CPROF" flame "$R/crlf.folded" > crlf.svg 2> err || fail "CRLF input exited $?"
	[ ! -s err ] || fail "CRLF line ends were reported: $(cat err)"
	grep -q '<title>b (2 samples' crlf.svg || fail "CRLF: $(title b crlf.svg)"
	"$CPROF" flame "$R/invalid-utf8.folded" > utf.svg 2>/dev/null || fail "invalid UTF-8 exited $?"
	valid utf.svg
}
test_case "a NUL byte, CR-only and CRLF line ends, invalid UTF-8" bad_bytes
