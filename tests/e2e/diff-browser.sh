# The differential flame graph in headless Chromium (tests/browser/diff.test.js).
. "$top_srcdir/tests/e2e/lib.sh"

need_browser
D="$top_srcdir/tests/data"

FA="$D/diff-a.folded"
FB="$D/diff-b.folded"
svg diff.svg diff "$FA" "$FB"
svg same.svg diff "$FB" "$FB"

limit 300 node "$B/diff.test.js" "$T" "$FA" "$FB" || fail "browser tests failed (see above)"
