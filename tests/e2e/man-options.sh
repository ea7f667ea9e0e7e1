# Every command that `cprof help` lists has a man page; every option of its
# table (`cprof help --options CMD`) is in that page, and in its help unless
# it is an alias; the page's OPTIONS section documents no option the table
# lacks; and every page renders without a warning.
. "$top_srcdir/tests/e2e/lib.sh"

MAN="$top_srcdir/man"
command -v groff >/dev/null 2>&1 ||
	fail "groff is needed to check the man pages (apt-get install groff-base)"

# words FILE: the words of a text, one a line; options stay whole
# ("--call-graph", "-F"), everything but letters, digits and '-' separates.
words() {
	tr -cs 'A-Za-z0-9-' '\n' <"$1"
}

# options: the words of standard input that are options.
options() {
	grep -E '^(--[A-Za-z][A-Za-z0-9-]*|-[A-Za-z])$' | sort -u
}

# The text of a roff page with its escapes undone: \- is '-', font changes
# and zero-width characters disappear.
unroff() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP1-4]//g' -e 's/\\f([A-Z][A-Z]//g' \
	    -e 's/\\f\[[^]]*\]//g' -e 's/\\&//g' -e 's/\\%//g' -e 's/\\(hy/-/g' "$1"
}

# tags PAGE: the tag lines (after .TP or .TQ) of the page's OPTIONS section,
# where each option is documented.
tags() {
	awk '/^\.SH/ { on = ($0 ~ /^\.SH "?OPTIONS"?$/); next }
	     on && tag { print; tag = 0; next }
	     on && /^\.(TP|TQ)/ { tag = 1 }' "$1"
}

"$CPROF" help >help.txt || fail "'cprof help' exits $?"
awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' help.txt >commands
[ -s commands ] || fail "no commands in the output of 'cprof help': $(cat help.txt)"
grep -qx record commands || fail "'cprof help' does not list record: $(cat help.txt)"

status=0
complain() {
	echo "FAIL: $TEST_NAME: $*" >&2
	status=1
}

while read -r cmd; do
	page="$MAN/cprof-$cmd.1"
	if [ ! -f "$page" ]; then
		complain "'$cmd' has no man page man/cprof-$cmd.1"
		continue
	fi
	if ! "$CPROF" "$cmd" --help >"help-$cmd" 2>"err-$cmd"; then
		complain "'cprof $cmd --help' fails: $(cat "err-$cmd")"
		continue
	fi
	if ! "$CPROF" help --options "$cmd" >"table-$cmd" 2>"err-$cmd" || [ ! -s "table-$cmd" ]; then
		complain "'cprof help --options $cmd' prints no table: $(cat "err-$cmd")"
		continue
	fi
	words "help-$cmd" | options >"opts-$cmd"
	unroff "$page" >"page-$cmd"
	words "page-$cmd" | sort -u >"words-$cmd"
	# The table's rows: kind, short, long, argument.
	: >"names-$cmd"
	while IFS='	' read -r kind short long arg; do
		for o in $short $long; do
			[ "$o" = - ] && continue
			printf "%s\n" "$o" >>"names-$cmd"
			[ "$kind" = hidden ] && continue
			grep -qxF -- "$o" "words-$cmd" ||
				complain "option '$o' of cprof $cmd is not in man/cprof-$cmd.1"
			[ "$kind" = help ] || continue
			grep -qxF -- "$o" "opts-$cmd" ||
				complain "option '$o' of cprof $cmd is not in 'cprof $cmd --help'"
		done
	done <"table-$cmd"
	grep -qx -- --help "names-$cmd" || complain "cprof $cmd has no --help"
	# What the help and the page's option list name is in the table.
	while read -r opt; do
		grep -qxF -- "$opt" "words-$cmd" ||
			complain "option '$opt' of 'cprof $cmd --help' is not in man/cprof-$cmd.1"
	done <"opts-$cmd"
	tags "$page" >"tags.roff"
	unroff "tags.roff" >"tags-$cmd"
	words "tags-$cmd" | options >"documented-$cmd"
	[ -s "documented-$cmd" ] || complain "man/cprof-$cmd.1 has no option in an OPTIONS section"
	while read -r opt; do
		grep -qxF -- "$opt" "names-$cmd" ||
			complain "man/cprof-$cmd.1 documents '$opt', which cprof $cmd does not take"
	done <"documented-$cmd"
done <commands

# The tool's page refers to every command's page.
unroff "$MAN/cprof.1" >page-cprof
words page-cprof | sort -u >words-cprof
while read -r cmd; do
	grep -qxF -- "cprof-$cmd" words-cprof || complain "man/cprof.1 does not refer to cprof-$cmd(1)"
done <commands

# Every page renders cleanly, as man(1) would render it.
for page in "$MAN"/*.[1-8]; do
	[ -f "$page" ] || continue
	pre=
	head -n 1 "$page" | grep -q "^'\\\\\" .*t" && pre=-t
	if ! LC_ALL=C.UTF-8 groff -k $pre -man -Tutf8 -ww -z "$page" >/dev/null 2>render.err; then
		complain "groff fails on $(basename "$page"): $(cat render.err)"
	elif [ -s render.err ]; then
		complain "$(basename "$page") renders with warnings: $(cat render.err)"
	fi
	first=$(sed -n '/^\.TH /{p;q}' "$page")
	[ -n "$first" ] || complain "$(basename "$page") has no .TH line"
done
exit $status
