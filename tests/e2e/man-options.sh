# Every command that `cprof help` lists has a man page, every option that
# `cprof CMD --help` prints is in that page, and every page renders without
# a warning.
. "$top_srcdir/tests/e2e/lib.sh"

MAN="$top_srcdir/man"
command -v groff >/dev/null 2>&1 ||
	fail "groff is needed to check the man pages (apt-get install groff-base)"

# words FILE: the words of a text, one a line; options stay whole
# ("--call-graph", "-F"), everything but letters, digits and '-' separates.
words() {
	tr -cs 'A-Za-z0-9-' '\n' <"$1"
}

# The text of a roff page with its escapes undone: \- is '-', font changes
# and zero-width characters disappear.
unroff() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP1-4]//g' -e 's/\\f([A-Z][A-Z]//g' \
	    -e 's/\\f\[[^]]*\]//g' -e 's/\\&//g' -e 's/\\%//g' -e 's/\\(hy/-/g' "$1"
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
	words "help-$cmd" | grep -E '^(--[A-Za-z][A-Za-z0-9-]*|-[A-Za-z])$' | sort -u >"opts-$cmd"
	unroff "$page" >"page-$cmd"
	words "page-$cmd" | sort -u >"words-$cmd"
	while read -r opt; do
		grep -qxF -- "$opt" "words-$cmd" ||
			complain "option '$opt' of 'cprof $cmd --help' is not in man/cprof-$cmd.1"
	done <"opts-$cmd"
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
