# The flame graph SVG in headless Chromium (tests/browser/flame.test.js).
. "$top_srcdir/tests/e2e/lib.sh"

need_browser
D="$top_srcdir/tests/data"

BASIC="$D/flame-basic.folded"
mk() {
	out=$1
	shift
	"$CPROF" flame "$@" > "$out" 2>/dev/null || fail "cprof flame $* failed"
	xmllint --noout "$out" || fail "$out is not valid XML"
}
mk flame.svg "$BASIC"
mk icicle.svg --icicle "$BASIC"
mk fixed.svg --width 800 "$BASIC"
mk narrow.svg --minwidth 4% "$BASIC"
mk preset.svg --search compute "$BASIC"
mk hostile.svg "$D/flame-hostile.folded"

limit 300 node "$B/flame.test.js" "$T" "$BASIC" || fail "browser tests failed (see above)"
