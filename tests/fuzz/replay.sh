#!/bin/sh
# Runs each fuzz target once on every file of its seed corpus and of its
# regressions (tests/fuzz/corpus/NAME, tests/fuzz/regressions/NAME): a crash,
# a sanitizer report or a timeout fails.
srcdir=${top_srcdir:-${srcdir:-.}}
b=${top_builddir:-.}
[ -x "$b/tests/fuzz/fuzz_trace" ] || { echo "replay.sh: no fuzz targets (configure --enable-fuzz)"; exit 77; }
status=0
for t in trace folded pprof perfscript elf perfdata; do
	files=$(find "$srcdir/tests/fuzz/corpus/$t" "$srcdir/tests/fuzz/regressions/$t" \
		-type f ! -name README 2>/dev/null | sort)
	[ -n "$files" ] || continue
	n=$(echo "$files" | wc -l)
	# shellcheck disable=SC2086
	if "$b/tests/fuzz/fuzz_$t" -rss_limit_mb=2048 -timeout=10 $files >"$b/tests/fuzz/replay-$t.log" 2>&1; then
		echo "ok: fuzz_$t replayed $n inputs"
	else
		tail -40 "$b/tests/fuzz/replay-$t.log"
		echo "FAIL: fuzz_$t on its corpus and regressions"
		status=1
	fi
done
exit $status
