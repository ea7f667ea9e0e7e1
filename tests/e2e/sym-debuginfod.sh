# With DEBUGINFOD_URLS set, debug information missing on this machine is
# fetched from a debuginfod server: here Debian's own, on loopback, serving
# the debug file of a stripped copy of the workload.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf
command -v debuginfod >/dev/null || skip "debuginfod is not installed (Debian package debuginfod)"
command -v debuginfod-find >/dev/null || skip "debuginfod-find is not installed"

w="$WORKLOADS/inline"
mkdir srv && objcopy --only-keep-debug "$w" srv/inline.debug &&
	objcopy --strip-all "$w" bare || fail "objcopy failed"
id=$(readelf -n "$w" | sed -n 's/.*Build ID: *//p')
[ -n "$id" ] || fail "the workload has no build-id"

# A free port: try a few at random; the server exits at once on a taken one.
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 40000))
	debuginfod -p "$port" -d "$T/db.sqlite" -F "$T/srv" >server.log 2>&1 &
	server=$!
	sleep 0.5
	kill -0 "$server" 2>/dev/null && break
	server=
done
[ -n "$server" ] || fail "debuginfod did not start: $(tail -3 server.log)"
export DEBUGINFOD_URLS="http://127.0.0.1:$port" DEBUGINFOD_CACHE_PATH="$T/cache" \
	DEBUGINFOD_TIMEOUT=10
# Wait (bounded) until the server has scanned the directory; a miss is
# cached by the client, so each probe starts with an empty cache.
for i in $(seq 1 60); do
	rm -rf "$T/cache"
	limit 10 debuginfod-find debuginfo "$id" >/dev/null 2>&1 && break
	[ "$i" = 60 ] && fail "debuginfod never served $id: $(tail -3 server.log)"
	sleep 0.5
done
rm -rf "$T/cache"

fetched() {
	limit 60 "$CPROF" record -q -o t.data -- ./bare 0.5 >/dev/null || fail "cprof record failed"
	"$CPROF" fold t.data >f.txt || fail "cprof fold failed"
	[ "$(total f.txt)" -ge 100 ] || fail "too few samples: $(total f.txt)"
	between "$(share f.txt ';inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$')" 50 100 \
		"share of the inline chain with debug information from debuginfod"
	[ -d "$T/cache/$id" ] || fail "nothing was fetched into the debuginfod cache"
}
test_case "a stripped binary named through debuginfod" fetched
