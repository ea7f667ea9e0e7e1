# cprof diff on folded stacks: colours, tooltips, the A-shaped view, --fold,
# --report, options and exit statuses.  Expected numbers come from the
# input files, computed here with awk.
. "$top_srcdir/tests/e2e/lib.sh"

D="$top_srcdir/tests/data"
A="$D/diff-a.folded"
B="$D/diff-b.folded"
ta=$(total "$A")
tb=$(total "$B")

valid() {
	xmllint --noout "$1" || fail "$1 is not valid XML"
}

# count FOLDED FRAME: the samples of stacks that have FRAME in them
count() {
	awk -v f="$2" '{ n = $NF; s = $0; sub(/[ \t]+[^ \t]*$/, "", s); k = split(s, fr, ";")
		for (i = 1; i <= k; i++) if (fr[i] == f) { t += n; break } }
		END { print t + 0 }' "$1"
}

# points FRAME: its change of share from A to B, as the graph writes it
points() {
	awk -v a="$(count "$A" "$1")" -v b="$(count "$B" "$1")" -v ta="$ta" -v tb="$tb" \
		'BEGIN { printf "%+.2f\n", 100 * b / tb - 100 * a / ta }'
}

# xp SVG VIEW NAME WHAT: title or fill of the first frame called NAME in a
# view (frames: shaped like B, frames-a: shaped like A); empty when absent
xp() {
	local q="(//*[@id='$2']/*[local-name()='g'][starts-with(*[local-name()='title'], '$3 (')])[1]"
	case "$4" in
	title) xmllint --xpath "string($q/*[local-name()='title'])" "$1" ;;
	fill) xmllint --xpath "string($q/*[local-name()='rect']/@fill)" "$1" ;;
	*) xmllint --xpath "string($q/@$4)" "$1" ;;
	esac
}

# hue COLOUR: red, blue, grey or other
hue() {
	echo "$1" | awk -F'[(),]' '{ r = $2; g = $3; b = $4
		if (r == 190 && g == 190 && b == 190) print "grey"
		else if (r == 255 && g == b && g < 255) print "red"
		else if (b == 255 && r == g && r < 255) print "blue"
		else print "other" }'
}

# expect_hue FRAME: the colour rule of the man page: grey when the change
# is under 0.1 points or within sampling noise (two-proportion z-test, |z| < 4)
expect_hue() {
	awk -v a="$(count "$A" "$1")" -v b="$(count "$B" "$1")" -v ta="$ta" -v tb="$tb" 'BEGIN {
		d = 100 * b / tb - 100 * a / ta; p = (a + b) / (ta + tb)
		se = sqrt(p * (1 - p) * (1 / ta + 1 / tb)); z = se > 0 ? d / 100 / se : 99
		print ((d < 0 ? -d : d) < 0.1 || (z < 0 ? -z : z) < 4 ? "grey" : d > 0 ? "red" : "blue") }'
}

# The read frame's samples in B, as the tooltip and the options show them.
rb=$(count "$B" read)
# Files that once went wrong (tests/fuzz/regressions/folded/).
R="$top_srcdir/tests/fuzz/regressions/folded"

# d.svg: A against B with the defaults, which most cases look at.
draw_d() {
	"$CPROF" diff "$A" "$B" > d.svg 2> err || fail "diff exited $?: $(cat err)"
	valid d.svg
	[ ! -s err ] || fail "diff printed: $(cat err)"
}
setup d draw_d

# every frame is coloured by the change of its total, in both shapes
colours() {
	for f in main parse lex read eval apply jit_compile print idle legacy old_path; do
		want=$(expect_hue "$f")
		for view in frames frames-a; do
			c=$(xp d.svg "$view" "$f" fill)
			[ -n "$c" ] || continue
			[ "$(hue "$c")" = "$want" ] || fail "$f in $view is $c, expected $want ($(points "$f") points)"
		done
	done
	[ "$(hue "$(xp d.svg frames read fill)")" = red ] || fail "read, which grew, is not red"
	[ "$(hue "$(xp d.svg frames lex fill)")" = blue ] || fail "lex, which shrank, is not blue"
	[ "$(hue "$(xp d.svg frames idle fill)")" = grey ] || fail "idle, unchanged, is not grey"
	[ "$(hue "$(xp d.svg frames eval fill)")" = red ] ||
		fail "eval (no self time, its callees grew) is not red: colour follows the total"
}
test_case --needs=d "every frame coloured by the change of its total, in both shapes" colours

# the tooltip: total and self, counts and shares in B and A, changes in points
tooltips() {
	pc() {
		awk -v a="$1" -v t="$2" 'BEGIN { printf "%.2f%%", 100 * a / t }'
	}
	ra=$(count "$A" read) rb=$(count "$B" read) r=$(points read)
	want="read ($rb samples, $(pc "$rb" "$tb"), self $rb, $(pc "$rb" "$tb") in B; $ra samples, $(pc "$ra" "$ta"), self $ra, $(pc "$ra" "$ta") in A; total $r points, self $r points)"
	[ "$(xp d.svg frames read title)" = "$want" ] ||
		fail "read's tooltip is '$(xp d.svg frames read title)', expected '$want'"
	pa=$(count "$A" parse) pb=$(count "$B" parse)
	xp d.svg frames parse title | grep -qF "parse ($pb samples, $(pc "$pb" "$tb"), self 0, 0.00% in B; $pa samples, $(pc "$pa" "$ta"), self 0, 0.00% in A; total $(points parse) points, self +0.00 points)" ||
		fail "parse's tooltip: $(xp d.svg frames parse title)"
}
test_case --needs=d "the tooltip: total and self in B and A, changes in points" tooltips

# shaped like B, with A's shape in the same file: what disappeared is there
a_shape() {
	[ -z "$(xp d.svg frames legacy title)" ] || fail "legacy (only in A) has a frame in B's shape"
	xp d.svg frames-a legacy title | grep -q '; not in B)$' || fail "legacy is not in A's shape, marked not in B"
	[ "$(xp d.svg frames-a legacy class)" = only ] || fail "legacy is not outlined as present in one profile"
	[ "$(hue "$(xp d.svg frames-a old_path fill)")" = blue ] || fail "old_path, gone in B, is not blue"
	xp d.svg frames jit_compile title | grep -q '; not in A)$' || fail "jit_compile is not marked new"
	[ -z "$(xp d.svg frames-a jit_compile title)" ] || fail "jit_compile (only in B) has a frame in A's shape"
	xp d.svg frames-a main fill | grep -q . || fail "A's shape has no main"
	grep -q '<svg id="frames-a" class="frames"[^>]*display="none"' d.svg ||
		fail "A's shape is not hidden in the static picture"
	grep -q 'id="abswitch"[^>]*>Show A<' d.svg || fail "no Show A button"
	[ "$(xmllint --xpath 'string(/*/@data-total-a)' d.svg)" = "$ta" ] || fail "data-total-a"
}
test_case --needs=d "B's shape with A's in the same file: what disappeared is there" a_shape

# identical inputs, even of different sizes: nothing red or blue
identical() {
	grey_only() {
		[ "$(xmllint --xpath "count(//*[@class='frames']/*[local-name()='g']/*[local-name()='rect'][@fill!='rgb(190,190,190)'])" "$1")" = 0 ]
	}
	awk '{ $NF = $NF * 3; print }' "$B" > b3.folded
	"$CPROF" diff "$B" "$B" > same.svg 2>/dev/null && valid same.svg || fail "diff B B"
	grey_only same.svg || fail "identical inputs have coloured frames"
	"$CPROF" diff "$B" b3.folded > same3.svg 2>/dev/null || fail "diff B 3xB"
	grey_only same3.svg || fail "the same profile with three times the samples is not all grey"
	"$CPROF" diff --report "$B" b3.folded > same.txt || fail "report of identical profiles"
	grep -q '^# no function changed by 0.1 point or more$' same.txt || fail "identical report: $(cat same.txt)"
	[ "$(grep -vc '^#' same.txt)" = 0 ] || fail "identical inputs have report rows"
	"$CPROF" diff --no-normalize "$B" b3.folded > raw.svg 2>/dev/null || fail "--no-normalize"
	grey_only raw.svg && fail "--no-normalize: three times the samples is all grey"
	[ "$(hue "$(xp raw.svg frames read fill)")" = red ] || fail "--no-normalize: read is not red"
	xp raw.svg frames read title | grep -qF "total +$((rb * 2)) samples, self +$((rb * 2)) samples)" ||
		fail "--no-normalize tooltip: $(xp raw.svg frames read title)"
}
test_case "identical inputs, even of different sizes: all grey; --no-normalize" identical

# --report: biggest change first, signed, functions only in A included
report() {
	"$CPROF" diff --report --limit 0 "$A" "$B" > rep.txt || fail "--report exited $?"
	# the oracle: per function, total and self changes, ordered by the larger one
	for f in $(awk '{ s = $0; sub(/ [^ ]*$/, "", s); n = split(s, fr, ";"); for (i = 1; i <= n; i++) print fr[i] }' "$A" "$B" | sort -u); do
		sa=$(awk -v f="$f" '{ s = $0; sub(/ [^ ]*$/, "", s); n = split(s, fr, ";"); if (fr[n] == f) t += $NF } END { print t + 0 }' "$A")
		sb=$(awk -v f="$f" '{ s = $0; sub(/ [^ ]*$/, "", s); n = split(s, fr, ";"); if (fr[n] == f) t += $NF } END { print t + 0 }' "$B")
		awk -v f="$f" -v a="$(count "$A" "$f")" -v b="$(count "$B" "$f")" -v sa="$sa" -v sb="$sb" \
			-v ta="$ta" -v tb="$tb" 'BEGIN { dt = 100 * b / tb - 100 * a / ta; ds = 100 * sb / tb - 100 * sa / ta
			m = dt < 0 ? -dt : dt; n = ds < 0 ? -ds : ds; if (n > m) m = n
			if (m >= 0.1) printf "%.6f %s %+.2f %+.2f\n", m, f, dt, ds }'
	done | LC_ALL=C sort -k1,1gr -k2,2 | awk '{ print $2, $3, $4 }' > want.txt
	grep -v '^#' rep.txt | awk '{ print $7, $1, $2 }' > got.txt
	diff want.txt got.txt > /dev/null || fail "report rows differ from the oracle: $(diff want.txt got.txt)"
	grep -q '  legacy  (only in A)$' rep.txt || fail "legacy is not reported as only in A"
	grep -q '  jit_compile  (only in B)$' rep.txt || fail "jit_compile is not reported as only in B"
	grep -q "^# A: $A, $(echo "$ta" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta') samples$" rep.txt || fail "report header: $(head -2 rep.txt)"
	"$CPROF" diff --report --limit 3 "$A" "$B" > rep3.txt || fail "--limit 3"
	[ "$(grep -vc '^#' rep3.txt)" = 3 ] || fail "--limit 3 gave $(grep -vc '^#' rep3.txt) rows"
	grep -q '^# [0-9]* more changed; --limit 0 shows them all$' rep3.txt || fail "--limit does not say what it hid"
}
test_case "--report: the oracle's rows, biggest change first; --limit" report

# --fold: three columns, A scaled to B's total; flame reads it back
fold() {
	"$CPROF" diff --fold "$A" "$B" > d.folded || fail "--fold exited $?"
	awk 'NF < 3 || $(NF - 1) !~ /^[0-9]+$/ || $NF !~ /^[0-9]+$/ { bad = 1 } END { exit bad }' d.folded ||
		fail "--fold lines are not 'stack COUNT_A COUNT_B': $(head -3 d.folded)"
	[ "$(awk '{ t += $NF } END { print t }' d.folded)" = "$tb" ] || fail "--fold: B's column does not add up to B"
	sa=$(awk '{ t += $(NF - 1) } END { print t }' d.folded)
	[ $((sa - tb)) -le 4 ] && [ $((tb - sa)) -le 4 ] || fail "--fold: A's column ($sa) is not scaled to B's total ($tb)"
	grep -q "^main;legacy;old_path $(awk -v a=135 -v ta="$ta" -v tb="$tb" 'BEGIN { printf "%.0f", a * tb / ta }') 0$" d.folded ||
		fail "--fold: the stack only in A is missing: $(grep legacy d.folded)"
	grep -q '^main;eval;jit_compile 0 180$' d.folded || fail "--fold: the stack only in B"
	"$CPROF" diff --fold --no-normalize "$A" "$B" > raw.folded || fail "--fold --no-normalize"
	grep -q '^main;parse;read 90 450$' raw.folded || fail "--fold --no-normalize changed the counts"
	"$CPROF" flame d.folded > back.svg 2>/dev/null && valid back.svg || fail "flame cannot read diff --fold"
	for f in read lex idle jit_compile; do
		[ "$(hue "$(xp back.svg frames "$f" fill)")" = "$(hue "$(xp d.svg frames "$f" fill)")" ] ||
			fail "flame of diff --fold colours $f unlike diff"
	done
	[ -n "$(xp back.svg frames-a old_path title)" ] || fail "flame of a differential file has no A shape"
}
test_case --needs=d "--fold: three columns, A scaled to B; flame reads it back" fold

# --strip-hex: addresses that moved match
strip_hex() {
	[ -z "$(xp d.svg frames 'libfoo.so+0x1a2b' title)" ] && [ -n "$(xp d.svg frames-a 'libfoo.so+0x1a2b' title)" ] ||
		fail "without --strip-hex the two addresses are one frame"
	"$CPROF" diff -s "$A" "$B" > hex.svg 2>/dev/null || fail "-s"
	[ "$(hue "$(xp hex.svg frames 'libfoo.so+0x...' fill)")" = grey ] || fail "--strip-hex did not match libfoo.so frames"
	"$CPROF" diff --strip-hex --fold "$A" "$B" | grep -q '^main;libfoo.so+0x\.\.\. [0-9]* 99$' || fail "--strip-hex --fold"
}
test_case --needs=d "--strip-hex: addresses that moved match" strip_hex

# the options of the picture
options() {
	"$CPROF" diff --title 'Before & after' --subtitle sub --width 900 --icicle --countname ms \
		--fonttype Arial --fontsize 10 --height 20 --notes n --search read "$A" "$B" > opts.svg 2>/dev/null ||
		fail "picture options failed"
	valid opts.svg
	grep -q '<text id="title"[^>]*>Before &amp; after</text>' opts.svg || fail "--title"
	grep -q '<svg [^>]*width="900"' opts.svg || fail "--width"
	grep -q 'data-icicle="1"' opts.svg || fail "--icicle"
	xp opts.svg frames read title | grep -q "^read ($rb ms," || fail "--countname"
	grep -q 'height="19" rx' opts.svg || fail "--height"
	grep -q 'data-search="read"' opts.svg || fail "--search"
	grep -q '<text id="subtitle"[^>]*>A: [^<]*diff-a.folded, B: [^<]*diff-b.folded<' d.svg || fail "default subtitle"
	grep -q '<text id="title"[^>]*>Differential Flame Graph<' d.svg || fail "default title"
	"$CPROF" diff --minwidth 10% "$A" "$B" > narrow.svg 2>/dev/null && valid narrow.svg || fail "--minwidth"
	grep -q '<title>([0-9]* narrow frames\{0,1\}) (' narrow.svg || fail "--minwidth merged nothing"
	"$CPROF" diff --negate "$A" "$B" > neg.svg 2>/dev/null || fail "--negate"
	[ "$(hue "$(xp neg.svg frames read fill)")" = blue ] || fail "--negate: growth is not blue"
	echo 'read->rgb(1,2,3)' > pal.map
	"$CPROF" diff --palette pal.map "$A" "$B" > pal.svg 2>/dev/null || fail "--palette"
	[ "$(xp pal.svg frames read data-c)" = 'rgb(1,2,3)' ] || fail "--palette colour of read: $(xp pal.svg frames read data-c)"
	grep -q '^lex->rgb(' pal.map || fail "--palette did not learn lex"
	[ "$(hue "$(xp pal.svg frames read fill)")" = red ] || fail "--palette changed the colour by change"
	"$CPROF" diff --cp "$A" "$B" > cp.svg 2>/dev/null && [ -s palette.map ] || fail "--cp wrote no palette.map"
	"$CPROF" diff --reverse "$A" "$B" > rev.svg 2>/dev/null && valid rev.svg || fail "--reverse"
	xp rev.svg frames-a old_path data-p | grep -qx 0 || fail "--reverse: old_path is not a root child of A's shape"
}
test_case --needs=d "the options of the picture" options

# inputs: standard input for one side, errors
inputs() {
	"$CPROF" diff "$A" - < "$B" > stdin.svg 2>/dev/null || fail "B on standard input"
	[ "$(xp stdin.svg frames read title)" = "$(xp d.svg frames read title)" ] || fail "B from standard input differs"
	"$CPROF" diff --fold "$A" "$B" > two.folded
	"$CPROF" diff two.folded "$B" > /dev/null 2> err
	[ $? -eq 1 ] || fail "a differential input did not exit 1"
	grep -q "^cprof diff: 'two.folded' is already differential" err || fail "differential input message: $(cat err)"
	"$CPROF" diff /nonexistent/a.folded "$B" > /dev/null 2> err
	[ $? -eq 1 ] || fail "a missing input did not exit 1"
	grep -q "^cprof diff: cannot open '/nonexistent/a.folded': No such file or directory" err || fail "missing: $(cat err)"
	printf 'junk\n' > junk.txt
	"$CPROF" diff -o junk.svg "$A" junk.txt 2> err
	[ $? -eq 1 ] && [ ! -e junk.svg ] || fail "junk input: exit status or an SVG written"
	for bad in "$A" "$A $B $B" "--limit x $A $B" "--report --fold $A $B" "- -" "--no-such $A $B" \
		   "--colors plaid $A $B" "--flamechart $A $B" "--total 5 $A $B"; do
		"$CPROF" diff $bad > /dev/null 2> err < /dev/null
		[ $? -eq 2 ] || fail "'$bad' did not exit 2"
		grep -q "^cprof diff: " err || fail "'$bad' gave no message"
	done
	"$CPROF" diff --reprot "$A" "$B" 2>&1 >/dev/null | grep -q "did you mean '--report'" || fail "no suggestion for --reprot"
}
test_case --needs=d "standard input for one side; bad inputs exit 1, usage errors 2" inputs

# every option of --help is in the man page
help_in_man() {
	"$CPROF" diff --help > help || fail "--help failed"
	for opt in $(grep -o -- '--[a-z][a-z-]*' help | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$top_srcdir/man/cprof-diff.1" ||
			fail "$opt is not in man/cprof-diff.1"
	done
}
test_case "every option of --help is in the man page" help_in_man

# --fold writes what the reader takes back: whole counts exact, fractions kept,
# never an exponent (tests/fuzz/regressions/folded/)
fold_numbers() {
	"$CPROF" diff --fold "$R/fold-exponent.folded" "$R/fold-exponent.folded" > exp.folded ||
		fail "--fold of large counts exited $?"
	grep -q '[eE]' exp.folded && fail "--fold wrote an exponent: $(cat exp.folded)"
	grep -q '^main;a 1234567.25 1234567.25$' exp.folded || fail "--fold: 1234567.25: $(cat exp.folded)"
	grep -q '^main;b 9007199254740993 9007199254740993$' exp.folded || fail "--fold: 2^53 + 1: $(cat exp.folded)"
	"$CPROF" flame exp.folded > exp.svg 2> err || fail "flame cannot read diff --fold"
	[ ! -s err ] || fail "flame skipped lines of diff --fold: $(cat err)"
	"$CPROF" diff --fold --no-normalize "$R/count-2pow64.folded" "$R/fold-exponent.folded" \
		> big.folded 2>/dev/null || fail "--fold of 2^64 - 1 exited $?"
	grep -q '^main;b 18446744073709551615 9007199254740993$' big.folded || fail "--fold 2^64 - 1: $(cat big.folded)"
}
test_case "--fold: whole counts exact, fractions kept, no exponent" fold_numbers

# identical inputs stay identical after normalization: 0.5 is not rounded to 1
fold_half() {
	"$CPROF" diff --fold "$R/fold-scaled-fraction.folded" "$R/fold-scaled-fraction.folded" > half.folded ||
		fail "--fold of fractions exited $?"
	[ "$(cat half.folded)" = "$(printf 'main;a 0.5 0.5\nmain;b 1.5 1.5')" ] || fail "--fold rounded: $(cat half.folded)"
}
test_case "identical inputs stay identical after normalization (0.5)" fold_half

# a scaled A keeps its fractions and reads back
fold_third() {
	printf 'main;a 1\nmain;b 2\n' > s1.folded
	printf 'main;a 1\nmain;b 1\n' > s2.folded
	"$CPROF" diff --fold s1.folded s2.folded > third.folded || fail "--fold 1/3 exited $?"
	grep -q '^main;a 0\.6666666666666666[0-9]* 1$' third.folded || fail "--fold 2/3: $(cat third.folded)"
	"$CPROF" flame third.folded > /dev/null 2> err && [ ! -s err ] || fail "--fold 2/3 does not read back: $(cat err)"
}
test_case "a scaled A keeps its fractions and reads back" fold_third

# -o is complete or absent; a failed run keeps the old file
output_file() {
	"$CPROF" diff --base nosuch -o gone.svg "$A" "$B" 2>/dev/null
	[ $? -eq 1 ] || fail "diff --base nosuch did not exit 1"
	[ ! -e gone.svg ] || fail "a failed diff left a $(wc -c < gone.svg)-byte gone.svg"
	echo old > kept.txt
	"$CPROF" diff --base nosuch -o kept.txt "$A" "$B" 2>/dev/null
	[ "$(cat kept.txt)" = old ] || fail "a failed diff changed the existing -o file"
	"$CPROF" diff --fold -o kept.txt "$A" "$B" || fail "diff --fold -o exited $?"
	"$CPROF" diff --fold "$A" "$B" | cmp -s - kept.txt || fail "diff --fold -o differs from standard output"
	leftover=$(ls -A | grep '^\.' || true)
	[ -z "$leftover" ] || fail "temporary files left behind: $leftover"
}
test_case "-o is complete or absent; a failed run keeps the old file" output_file
