# The SVG in headless Chromium (playwright-core, set up by setup.sh); run
# by the e2e scripts flame-browser, diff-browser, mem-timeline and
# export-speedscope.
EXTRA_DIST += tests/browser/package.json tests/browser/package-lock.json \
	tests/browser/setup.sh tests/browser/helpers.js tests/browser/flame.test.js \
	tests/browser/diff.test.js tests/browser/memory.test.js tests/browser/speedscope.test.js \
	tests/browser/chart.test.js
