# Stripped binaries: no symbols at all gives module+offset frames; a debug
# file found through .gnu_debuglink, a build-id directory (--debug-dir) or
# MiniDebugInfo (.gnu_debugdata) brings the names back.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf
command -v objcopy >/dev/null || skip "objcopy (binutils) is not installed"

w="$WORKLOADS/inline"
objcopy --only-keep-debug "$w" inline.debug || fail "objcopy --only-keep-debug failed"
objcopy --strip-all "$w" bare || fail "objcopy --strip-all failed"

record() {	# record NAME BINARY [record options...]
	local name=$1 bin=$2
	shift 2
	limit 60 "$CPROF" record -q -o "$name.data" "$@" -- "$bin" 0.5 >/dev/null ||
		fail "cprof record of $bin failed"
	"$CPROF" fold "$name.data" >"$name.txt" || fail "cprof fold of $name failed"
	[ "$(total "$name.txt")" -ge 100 ] || fail "$name: too few samples"
}

# Nothing to name the code with: the file's name and the ELF address.
bare() {
	record bare ./bare
	between "$(share bare.txt ';bare\+0x[0-9a-f]+$')" 90 100 "share of bare+0x... frames"
	addr=$(sort -t' ' -k2 -nr bare.txt | head -1 | sed 's/.*;bare+\(0x[0-9a-f]*\) .*/\1/')
	if command -v addr2line >/dev/null; then
		name=$(addr2line -f -i -e "$w" "$addr" | tail -2 | head -1)
		[ "$name" = inl_outer ] || fail "bare+$addr is $name in the unstripped file, not inl_outer"
	fi
}
test_case "no symbols at all: module+offset frames, the right address" bare

# .gnu_debuglink, the debug file beside the binary.
debuglink() {
	mkdir link && cp inline.debug link/ &&
		objcopy --add-gnu-debuglink=inline.debug bare link/linked || fail "objcopy --add-gnu-debuglink failed"
	record linked link/linked
	between "$(share linked.txt ';inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$')" 50 100 \
		"share of the inline chain through .gnu_debuglink"
}
test_case ".gnu_debuglink: the debug file beside the binary" debuglink

# MiniDebugInfo: an xz-compressed symbol table inside the binary.
minidebug() {
	command -v xz >/dev/null || skip "xz is not installed"
	objcopy --strip-debug "$w" mini && xz -f mini &&
		objcopy --add-section .gnu_debugdata=mini.xz bare minidebug || fail "building MiniDebugInfo failed"
	record minidebug ./minidebug
	between "$(share minidebug.txt ';inl_outer$')" 90 100 "share of inl_outer through .gnu_debugdata"
}
test_case "MiniDebugInfo (.gnu_debugdata)" minidebug

# DIR/.build-id/xx/rest.debug, with --debug-dir DIR.
build_id_dir() {
	id=$(readelf -n "$w" | sed -n 's/.*Build ID: *//p')
	[ -n "$id" ] || fail "the workload has no build-id"
	mkdir -p "dbg/.build-id/${id%"${id#??}"}" &&
		cp inline.debug "dbg/.build-id/${id%"${id#??}"}/${id#??}.debug"
	record byid ./bare --debug-dir dbg
	between "$(share byid.txt ';inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$')" 50 100 \
		"share of the inline chain through a build-id directory"
}
test_case "--debug-dir: DIR/.build-id/xx/rest.debug" build_id_dir
