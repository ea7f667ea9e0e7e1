# The differential flame graph in headless Chromium (tests/browser/diff.test.js).
. "$top_srcdir/tests/e2e/lib.sh"

need_browser
D="$top_srcdir/tests/data"

FA="$D/diff-a.folded"
FB="$D/diff-b.folded"
svg diff.svg diff "$FA" "$FB"
svg same.svg diff "$FB" "$FB"
# the same stacks with a ninth of the samples: the same changes, more noise
awk '{ $NF = $NF / 9; print }' "$FA" > small-a.folded
awk '{ $NF = $NF / 9; print }' "$FB" > small-b.folded
svg small.svg diff small-a.folded small-b.folded

limit 300 node "$B/diff.test.js" "$T" "$FA" "$FB" || fail "browser tests failed (see above)"
