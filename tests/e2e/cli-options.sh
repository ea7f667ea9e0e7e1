# The option tables as a user meets them: the help made from them, and
# getopt's verdicts turned into one line each (unknown option, "did you
# mean", a missing or unwanted value, an ambiguous abbreviation), exit
# status 2 with nothing done; abbreviations, aliases, optional values and
# the order of options and operands as getopt_long takes them.
. "$top_srcdir/tests/e2e/lib.sh"

D="$top_srcdir/tests/data"
BASIC="$D/diff-a.folded"
SCRIPT="$D/perf-script/perf-threads-pidtid.txt"

# usage_error WHAT LINE: the last run exited 2, wrote nothing on stdout, and
# its stderr is LINE then the usage hint.
usage_error() {
	expect 2 "$1"
	[ -s "$T/out" ] && fail "$1: unexpected standard output: $(head -c 300 "$T/out")"
	[ "$(wc -l <"$T/err")" -eq 2 ] || fail "$1: not two lines on stderr: $(cat "$T/err")"
	[ "$(head -n 1 "$T/err")" = "$2" ] || fail "$1: the message is '$(head -n 1 "$T/err")', not '$2'"
	sed -n 2p "$T/err" | grep -q "^usage: cprof .* (see 'cprof .* -h')$" ||
		fail "$1: no usage hint: $(cat "$T/err")"
}

# --- the help is the table: every row of every command, in its form ---
"$CPROF" help >help.txt || fail "cprof help exits $?"
awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' help.txt >commands
[ "$(wc -l <commands)" -ge 9 ] || fail "cprof help lists few commands: $(cat help.txt)"
while read -r cmd; do
	run "$CPROF" help --options "$cmd"
	expect 0 "cprof help --options $cmd"
	cp "$T/out" "table-$cmd"
	run "$CPROF" "$cmd" -h
	expect 0 "cprof $cmd -h"
	cp "$T/out" "help-$cmd"
	"$CPROF" help "$cmd" | cmp -s - "help-$cmd" || fail "'cprof $cmd -h' and 'cprof help $cmd' differ"
	rows=0
	while IFS='	' read -r kind short long arg; do
		[ "$kind" = help ] || continue
		rows=$((rows + 1))
		# "  -o, --output FILE", "      --event NAME", "  -g", "      --pid[=LIST]"
		if [ "$short" != - ] && [ "$long" != - ]; then
			form="  $short, $long"
		elif [ "$short" != - ]; then
			form="  $short"
		else
			form="      $long"
		fi
		grep -qF -- "$form" "help-$cmd" ||
			fail "cprof $cmd -h has no line '$form': $(cat "help-$cmd")"
		if [ "$arg" != - ]; then
			grep -qF -- "$form $arg" "help-$cmd" || grep -qF -- "$form[=$arg]" "help-$cmd" ||
				fail "cprof $cmd -h does not show the argument $arg of $form"
		fi
	done <"table-$cmd"
	[ "$rows" -ge 1 ] || fail "cprof $cmd has no option in its table: $(cat "table-$cmd")"
	grep -q "^help	-h	--help	-$" "table-$cmd" || fail "cprof $cmd has no -h, --help row"
	# hidden rows stay out of the help; aliases too
	awk -F'\t' '$1 != "help" && $3 != "-" { print $3 }' "table-$cmd" >"unshown-$cmd"
	while read -r long; do
		grep -qE -- "(^|[ ,])$long( |\$|\[)" "help-$cmd" &&
			fail "cprof $cmd -h shows $long, an alias or hidden option"
	done <"unshown-$cmd"
done <commands
grep -qx "alias	-	--inverted	-" table-flame || fail "flame's table has no alias --inverted: $(cat table-flame)"
# A help text of several lines goes on from column 25.
grep -q '^      --call-graph MODE  how stacks are recorded' help-record ||
	fail "record's --call-graph line: $(grep -- --call-graph help-record)"
grep -q '^                         stack unwound while recording' help-record ||
	fail "record's --call-graph text does not go on at column 25"
grep -q '^  -M, --disassembler-style STYLE$' help-annotate ||
	fail "a long option line does not have a line of its own: $(grep -- -M help-annotate)"

# --- mistakes: one line, the right words, status 2, nothing done ---
run "$CPROF" diff --reprot "$BASIC" "$BASIC"
usage_error "diff --reprot" "cprof diff: unknown option '--reprot'; did you mean '--report'?"

run "$CPROF" flame --titel x "$BASIC"
usage_error "flame --titel" "cprof flame: unknown option '--titel'; did you mean '--title'?"

run "$CPROF" fold --zzzzzz "$SCRIPT"
usage_error "fold --zzzzzz" "cprof fold: unknown option '--zzzzzz'"

run "$CPROF" fold -x "$SCRIPT"
usage_error "fold -x" "cprof fold: unknown option '-x'"

# an unknown option after the operands is still named
run "$CPROF" flame "$BASIC" --bogus
usage_error "flame FILE --bogus" "cprof flame: unknown option '--bogus'"

run "$CPROF" flame "$BASIC" --output
usage_error "flame --output" "cprof flame: option '--output' needs a value"

run "$CPROF" flame "$BASIC" --outp
usage_error "flame --outp" "cprof flame: option '--output' needs a value"

run "$CPROF" flame "$BASIC" -o
usage_error "flame -o" "cprof flame: option '-o' needs a value"

run "$CPROF" fold --srcline=yes "$SCRIPT"
usage_error "fold --srcline=yes" "cprof fold: option '--srcline' takes no value"

run "$CPROF" fold --s "$SCRIPT"
usage_error "fold --s" "cprof fold: option '--s' is ambiguous: --samples, --srcline, --sample-index"

run "$CPROF" help --options
usage_error "help --options" "cprof help: option '--options' needs a value"

run "$CPROF" help --options recrod
expect 2 "help --options recrod"
grep -qF "cprof help: unknown command 'recrod'; did you mean 'record'?" "$T/err" ||
	fail "help --options recrod: $(cat "$T/err")"

run "$CPROF" flame --width 0 "$BASIC"
usage_error "flame --width 0" "cprof flame: option '--width' wants a positive number, not '0'"

# --- what getopt_long allows ---
# an abbreviation that names one option is that option
run "$CPROF" flame --tit "Abbreviated title" "$BASIC"
expect 0 "flame --tit"
grep -q '>Abbreviated title<' "$T/out" || fail "flame --tit did not set the title"
# two names of one option are not ambiguous: --col is --colors and --color
run "$CPROF" flame --col blue "$BASIC"
expect 0 "flame --col blue"
cp "$T/out" col.svg
"$CPROF" flame --colors blue "$BASIC" >colors.svg || fail "flame --colors blue exits $?"
cmp -s col.svg colors.svg || fail "--col blue and --colors blue draw differently"
"$CPROF" flame --colors red "$BASIC" >red.svg || fail "flame --colors red exits $?"
cmp -s col.svg red.svg && fail "--colors does nothing: blue and red draw the same"
# an alias is its option
"$CPROF" flame --inverted "$BASIC" >inverted.svg || fail "flame --inverted exits $?"
"$CPROF" flame --icicle "$BASIC" >icicle.svg || fail "flame --icicle exits $?"
cmp -s inverted.svg icicle.svg || fail "--inverted and --icicle draw differently"
cmp -s icicle.svg colors.svg && fail "--icicle does nothing"
# options after the operands, and "--" ending them
"$CPROF" flame "$BASIC" --title After >after.svg || fail "flame FILE --title exits $?"
grep -q '>After<' after.svg || fail "an option after the operand was not taken"
run "$CPROF" flame -- --title
expect 1 "flame -- --title"
grep -qF -- "'--title'" "$T/err" || fail "after --, --title is not a file name: $(cat "$T/err")"

# an optional value: --tid alone names threads, --tid=LIST keeps some
"$CPROF" fold --tid "$SCRIPT" >tid.folded || fail "fold --tid exits $?"
awk '{ split($1, f, ";"); print f[1] }' tid.folded | sort -u >roots
grep -qx 'alpha-15739/15743' roots || fail "fold --tid does not name threads: $(cat roots)"
[ "$(wc -l <roots)" -eq 3 ] || fail "fold --tid: not three threads: $(cat roots)"
"$CPROF" fold --tid=15743 "$SCRIPT" >one.folded || fail "fold --tid=15743 exits $?"
awk '{ split($1, f, ";"); print f[1] }' one.folded | sort -u >roots
[ "$(cat roots)" = "alpha-15739/15743" ] || fail "fold --tid=15743 keeps: $(cat roots)"

# --- record's options end at the command's name: its options are its ---
need_perf
run limit 60 "$CPROF" record -q -o own.data true -F 0
expect 0 "record true -F 0"
[ -s own.data ] || fail "record true -F 0 wrote no trace"
run limit 60 "$CPROF" record -q -o own.data -F 0 true
usage_error "record -F 0" "cprof record: bad frequency '0' (1 to 1000000 Hz)"
run limit 60 "$CPROF" record -q -o ab.data --fre 500 --dur 60 -- true
expect 0 "record --fre 500 --dur 60"
"$CPROF" info ab.data >info.txt || fail "cprof info exits $?"
grep -q '^event: *cpu-clock, frequency 500 Hz$' info.txt ||
	fail "record --fre 500 did not sample at 500 Hz: $(cat info.txt)"
exit 0
