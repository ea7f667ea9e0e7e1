# The differential flame graph in headless Chromium (tests/browser/diff.test.js).
. "$top_srcdir/tests/e2e/lib.sh"

need_browser
D="$top_srcdir/tests/data"

FA="$D/diff-a.folded"
FB="$D/diff-b.folded"
mk() {
	out=$1
	shift
	"$CPROF" diff "$@" > "$out" 2>/dev/null || fail "cprof diff $* failed"
	xmllint --noout "$out" || fail "$out is not valid XML"
}
mk diff.svg "$FA" "$FB"
mk same.svg "$FB" "$FB"

limit 300 node "$B/diff.test.js" "$T" "$FA" "$FB" || fail "browser tests failed (see above)"
