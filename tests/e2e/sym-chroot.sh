# A process under another root (chroot) is symbolized from its own files,
# which exist only there: the binary is named "/cprof-chroot-app" inside.
# Part 1 attaches to it while it runs; part 2 records a chrooted command
# that has exited when recording ends.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf

w="$WORKLOADS/inline"
mkdir root && cp "$w" root/cprof-chroot-app || fail "cannot build the chroot"
for lib in $(ldd "$w" | grep -o '/[^ ]*'); do
	mkdir -p "root$(dirname "$lib")" && cp "$lib" "root$lib" || fail "cannot copy $lib"
done
chroot root /cprof-chroot-app 0 >/dev/null 2>err.txt ||
	skip "chroot is refused here: $(cat err.txt)"
[ -e /cprof-chroot-app ] && fail "/cprof-chroot-app exists outside the chroot"

chain=';inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$'

# 1. Attached while it runs.
attached() {
	chroot root /cprof-chroot-app 5 >/dev/null &
	pid=$!
	sleep 0.5
	limit 30 "$CPROF" attach -q -p "$pid" --duration 1 -o a.data >/dev/null 2>&1 ||
		fail "cprof attach to the chrooted process failed"
	"$CPROF" fold a.data >a.txt || fail "cprof fold failed"
	kill "$pid" 2>/dev/null
	[ "$(total a.txt)" -ge 100 ] || fail "attach: too few samples: $(total a.txt)"
	between "$(share a.txt "$chain")" 50 100 "attach: share of the inline chain from the chroot's file"
}
test_case "attach: named from the chroot's file" attached

# 2. Recorded, gone when recording ends.
recorded() {
	limit 60 "$CPROF" record -q -o r.data -- chroot root /cprof-chroot-app 0.5 >/dev/null ||
		fail "cprof record of the chrooted command failed"
	"$CPROF" fold r.data >r.txt || fail "cprof fold failed"
	[ "$(total r.txt)" -ge 100 ] || fail "record: too few samples: $(total r.txt)"
	between "$(share r.txt "$chain")" 50 100 "record: share of the inline chain from the chroot's file"
}
test_case "record: named from the chroot's file after the command exited" recorded

# 3. Debug files are looked for in the process's root too: its build-id
# tree, where an absolute symlink names a file of that root, not ours.
debug_in_root() {
	id=$(readelf -n "$w" | sed -n 's/.*Build ID: *//p')
	[ -n "$id" ] || fail "the workload has no build-id"
	byid="root/usr/lib/debug/.build-id/${id%"${id#??}"}"
	objcopy --only-keep-debug "$w" root/real.debug &&
		objcopy --strip-debug "$w" root/cprof-chroot-app && mkdir -p "$byid" &&
		ln -s /real.debug "$byid/${id#??}.debug" || fail "cannot split the chroot's debug file"
	limit 60 "$CPROF" record -q -o d.data -- chroot root /cprof-chroot-app 0.5 >/dev/null ||
		fail "cprof record of the stripped chrooted command failed"
	"$CPROF" fold d.data >d.txt || fail "cprof fold failed"
	[ "$(total d.txt)" -ge 100 ] || fail "debug file: too few samples: $(total d.txt)"
	between "$(share d.txt "$chain")" 50 100 \
		"share of the inline chain from the debug file in the chroot's build-id tree"
}
test_case "the debug file in the chroot's build-id tree, through an absolute link" debug_in_root
