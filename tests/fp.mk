# Frame-pointer stacks: broken chains, garbage addresses.
TESTS += tests/e2e/fp-broken.sh
EXTRA_DIST += tests/e2e/fp-broken.sh
