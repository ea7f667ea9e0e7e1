# The flame graph SVG in headless Chromium (tests/browser/flame.test.js).
. "$top_srcdir/tests/e2e/lib.sh"

need_browser
D="$top_srcdir/tests/data"

BASIC="$D/flame-basic.folded"
svg flame.svg flame "$BASIC"
svg icicle.svg flame --icicle "$BASIC"
svg fixed.svg flame --width 800 "$BASIC"
svg narrow.svg flame --minwidth 4% "$BASIC"
svg preset.svg flame --search compute "$BASIC"
svg hostile.svg flame "$D/flame-hostile.folded"
svg labels.svg flame --width 600 "$D/flame-labels.folded"
# a tall graph: 300 frames deep, 4,800 px of frames
awk 'BEGIN { s = "main"; for (i = 0; i < 300; i++) s = s ";deep_function_" i; print s, 10; print "main;other", 5 }' > tall.folded
svg tall.svg flame tall.folded
# detail two zooms deep: cold (0.6%) is grey at first; a zoom into mid draws it,
# with leaf_a and leaf_b grey inside it; a zoom into cold draws them
printf 'main;hot 900\nmain;mid;cold;leaf_a 3\nmain;mid;cold;leaf_b 3\nmain;mid;warm 94\n' > deep.folded
svg deep.svg flame --minwidth 5% deep.folded

limit 300 node "$B/flame.test.js" "$T" "$BASIC" || fail "browser tests failed (see above)"
