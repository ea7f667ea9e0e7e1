# cprof diff of two recordings of the knob workload: the knob moves time
# from beta() to alpha(), and the graph and the report say so.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

# The report's row of function NAME, and its change in points, rounded.
row() {
	awk -v f="$1" '$7 == f { print }' rep.txt
}
delta() {
	row "$1" | awk '{ printf "%d\n", $1 + ($1 < 0 ? -0.5 : 0.5) }'
}

# fill VIEW NAME: the fill of the first frame NAME in the view VIEW of d.svg.
fill() {
	xmllint --xpath "string((//*[@id='$1']/*[local-name()='g'][starts-with(*[local-name()='title'], '$2 (')])[1]/*[local-name()='rect']/@fill)" d.svg
}

# coloured: FRAME FILL lines of every frame of a view that is not grey, and not
# alpha, beta or called by them (what the knob moved)
coloured() {
	awk -v view="$2" 'BEGIN { RS = "<g" }
		on && /<title>/ {
			p = match($0, /data-p="[0-9]+"/) ? substr($0, RSTART + 8, RLENGTH - 9) + 0 : -1
			t = $0; sub(/.*<title>/, "", t); sub(/ \(.*/, "", t)
			f = $0; sub(/.*<rect[^>]* fill="/, "", f); sub(/".*/, "", f)
			moved[n] = t == "alpha" || t == "beta" || (p >= 0 && moved[p])
			if (!moved[n] && f != "rgb(190,190,190)") print t, f
			n++ }
		index($0, "</svg>") { on = 0 }
		index($0, "<svg id=\"" view "\"") { on = 1; n = 0 }' "$1"
}

# knob P: P% of the work in alpha, the rest in beta
record_knobs() {
	limit 60 "$CPROF" record -q -o a.data "$WORKLOADS/knob" 1.5 25 || fail "record of knob 25 exited $?"
	limit 60 "$CPROF" record -q -o b.data "$WORKLOADS/knob" 1.5 75 || fail "record of knob 75 exited $?"
	limit 30 "$CPROF" fold a.data > a.folded || fail "fold a.data"
	limit 30 "$CPROF" fold b.data > b.folded || fail "fold b.data"
	[ "$(total a.folded)" -ge 200 ] && [ "$(total b.folded)" -ge 200 ] ||
		fail "too few samples: $(total a.folded), $(total b.folded)"
	limit 30 "$CPROF" diff --report a.data b.data > rep.txt || fail "diff --report exited $?"
	limit 30 "$CPROF" diff -o d.svg a.data b.data || fail "diff exited $?"
	xmllint --noout d.svg || fail "d.svg is not valid XML"
}
setup knobs record_knobs

# the report: alpha's total share grew by about 50 points, beta's shrank as much
report() {
	[ -n "$(row alpha)" ] && [ -n "$(row beta)" ] || fail "alpha or beta missing from the report: $(cat rep.txt)"
	between "$(delta alpha)" 44 56 "alpha's total change in points"
	between "$(delta beta)" -56 -44 "beta's total change in points"
	# the first two rows are the two functions the knob moved
	[ "$(grep -v '^#' rep.txt | head -2 | awk '{ print $7 }' | sort | tr '\n' ' ')" = "alpha beta " ] ||
		fail "alpha and beta are not the biggest changes: $(head -8 rep.txt)"
	# the same shares, measured on the folded stacks by the test's own awk
	sa=$(share a.folded ';alpha;') sb=$(share b.folded ';alpha;')
	d=$(delta alpha)
	between "$d" $((sb - sa - 2)) $((sb - sa + 2)) "alpha's change against the folded shares $sa% -> $sb%"
}
test_case --needs=knobs "the report: alpha +50 points, beta -50, the biggest changes" report

# the graph: alpha red, beta blue, in B's shape and in A's
graph() {
	for view in frames frames-a; do
		fill "$view" alpha | grep -Eq '^rgb\(255,([0-9]+),\1\)$' || fail "alpha in $view is $(fill "$view" alpha), not red"
		fill "$view" beta | grep -Eq '^rgb\(([0-9]+),\1,255\)$' || fail "beta in $view is $(fill "$view" beta), not blue"
		# +50 and -50 points are past the full colour (10 points): 215 - 145
		fa=$(fill "$view" alpha | sed -E 's/^rgb\(255,([0-9]+),.*/\1/')
		fb=$(fill "$view" beta | sed -E 's/^rgb\(([0-9]+),.*/\1/')
		[ "$fa" -eq 70 ] && [ "$fb" -eq 70 ] || fail "alpha ($fa) or beta ($fb) has not the full hue in $view"
	done
}
test_case --needs=knobs "the graph: alpha red, beta blue, full hue, in both shapes" graph

only_moved() {
	for view in frames frames-a; do
		[ -z "$(coloured d.svg "$view")" ] ||
			fail "frames the knob did not move are coloured in $view: $(coloured d.svg "$view" | head -5)"
	done
	# the test must see frames: all and main at least, in each view
	[ "$(grep -o '<title>main (' d.svg | wc -l)" -ge 2 ] || fail "d.svg has no main frames to judge"
}
test_case --needs=knobs "frames the knob did not move stay grey" only_moved

# the same workload twice: every difference is sampling noise, every frame
# grey.  User frames only: the kernel's part of a run is not the workload's
# and really differs when other tests run beside it (a whole-machine
# recording copying the workload's stacks put 16 kernel frames in colour).
noise() {
	limit 60 "$CPROF" record -q --user-only -o c.data "$WORKLOADS/knob" 1.5 50 ||
		fail "record of knob 50 exited $?"
	limit 60 "$CPROF" record -q --user-only -o e.data "$WORKLOADS/knob" 1.5 50 ||
		fail "record of knob 50 (again) exited $?"
	limit 30 "$CPROF" diff -o same.svg c.data e.data || fail "diff of two knob 50 runs exited $?"
	grey_only=$(xmllint --xpath "count(//*[@class='frames']/*[local-name()='g']/*[local-name()='rect'][@fill!='rgb(190,190,190)'])" same.svg)
	[ "$grey_only" = 0 ] || fail "the same workload twice has $grey_only coloured frames: $(coloured same.svg frames)"
	[ "$(xmllint --xpath "count(//*[@class='frames']/*[local-name()='g'])" same.svg)" -ge 4 ] ||
		fail "the graph of the same workload twice has too few frames to judge"
	# the root, 100% in both, is grey in any case
}
test_case "the same workload twice: every frame grey" noise

# a trace and folded text compare the same way as two traces
mixed() {
	limit 30 "$CPROF" diff --report a.folded b.data > mixed.txt || fail "diff of folded and trace"
	[ "$(awk '$7 == "alpha" { print $1 }' mixed.txt)" = "$(row alpha | awk '{ print $1 }')" ] ||
		fail "folded A and trace B disagree with two traces: $(grep alpha mixed.txt)"
}
test_case --needs=knobs "folded text against a trace compares as two traces" mixed

# the same recording twice: nothing changed
itself() {
	limit 30 "$CPROF" diff --report a.data a.data > same.txt || fail "diff a.data a.data"
	grep -q '^# no function changed' same.txt || fail "a trace against itself changed: $(cat same.txt)"
}
test_case --needs=knobs "a recording against itself: nothing changed" itself
