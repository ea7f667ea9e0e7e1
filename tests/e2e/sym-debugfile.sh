# Debug files at the places a separate debug file is looked for are opened
# without blocking: a FIFO beside the binary (its .gnu_debuglink), in its
# .debug/ or at /usr/lib/debug/.build-id/xx/rest.debug must not hang the
# symbolization at the end of a recording, nor fold of a trace without a
# symbol table.  The addresses are then named from .symtab alone.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf
command -v objcopy >/dev/null || skip "objcopy (binutils) is not installed"
command -v perl >/dev/null || skip "perl is not installed"

# A copy of the workload with a build-id of its own, so that a FIFO at its
# /usr/lib/debug/.build-id path can trouble no other program.
w="$WORKLOADS/inline"
new=$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
chain=';inl_outer;inl_middle_\[i\];inl_leaf_\[i\]$'

record() {	# record NAME: records d/prog into NAME.data, folds into NAME.txt
	local rc
	limit 30 "$CPROF" record -q -o "$1.data" -- "$T/d/prog" 0.5 >/dev/null 2>"$1.err"
	rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "$1: record blocked on a FIFO debug file"
	[ $rc -eq 0 ] || fail "$1: record failed ($rc): $(cat "$1.err")"
	limit 10 "$CPROF" fold "$1.data" >"$1.txt" || fail "$1: fold failed"
	[ "$(total "$1.txt")" -ge 100 ] || fail "$1: too few samples: $(total "$1.txt")"
}

# Named from .symtab, not from DWARF (the debug file was skipped).
symtab_only() {
	between "$(share "$1.txt" ';inl_outer$')" 80 100 "$1: share of inl_outer from .symtab"
	grep -q 'inl_leaf' "$1.txt" && fail "$1: inlined frames without a debug file"
	return 0
}

split_debug() {
	id=$(readelf -n "$w" | sed -n 's/.*Build ID: *//p')
	[ "${#id}" = 40 ] || fail "the workload has no 20-byte build-id: '$id'"
	cp "$w" full && perl -0777 -pi -e 'BEGIN { $o = pack("H*", shift); $n = pack("H*", shift) }
		s/\Q$o\E/$n/g' "$id" "$new" full || fail "cannot give the copy a new build-id"
	[ "$(readelf -n full | sed -n 's/.*Build ID: *//p')" = "$new" ] || fail "the copy kept its build-id"

	# Symbols (.symtab) stay in the binary, DWARF goes to the debug file: the
	# inlined frames tell the debug file was read.
	mkdir d && objcopy --only-keep-debug full d/prog.debug &&
		objcopy --strip-debug --add-gnu-debuglink=d/prog.debug full d/prog ||
		fail "objcopy failed"
}
setup split split_debug

# 1. Positive control: the debug file beside the binary names the chain.
linked() {
	record linked
	between "$(share linked.txt "$chain")" 50 100 "share of the inline chain from d/prog.debug"
}
test_case --needs=split "control: the debug file beside the binary names the chain" linked

# Each case below leaves the debug files as the next one expects.
# 2. The debug file replaced by a FIFO.
fifo() {
	mv d/prog.debug prog.debug.saved && mkfifo d/prog.debug || fail "cannot make a FIFO"
	record fifo
	symtab_only fifo
}
test_case --needs=split "a FIFO as the debug file beside the binary" fifo

# 3. The same, in its .debug/ subdirectory (nothing beside it).
dotdebug() {
	rm d/prog.debug && mkdir d/.debug && mkfifo d/.debug/prog.debug || fail "cannot make a FIFO"
	record dotdebug
	symtab_only dotdebug
	rm -r d/.debug
}
test_case --needs=split "a FIFO as the debug file in .debug/" dotdebug

# 4. A recording killed before its symbol table was written, folded with
# the debug file a FIFO: fold symbolizes it and must end too.
killed() {
	mkfifo d/prog.debug || fail "cannot make a FIFO"
	bg 60 "$CPROF" record -q -o killed.data -- "$T/d/prog" 30 >/dev/null 2>&1
	cprof_pid=$BG_PID
	sleep 3		# chunks are flushed at least every second
	kill -KILL "$cprof_pid"
	wait "$cprof_pid" 2>/dev/null
	prog_pid=$(pgrep -f "^$T/d/prog ")
	[ -n "$prog_pid" ] && kill "$prog_pid"
	limit 10 "$CPROF" fold killed.data >killed.txt 2>killed.err
	rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "fold blocked on a FIFO debug file"
	[ $rc -eq 0 ] || fail "fold of the killed recording failed ($rc): $(cat killed.err)"
	[ "$(total killed.txt)" -ge 100 ] || fail "the killed recording kept too few samples"
	symtab_only killed
	rm d/prog.debug
}
test_case --needs=split "fold of a killed recording with a FIFO as the debug file" killed

# 5. A FIFO at /usr/lib/debug/.build-id/xx/rest.debug, looked at first:
# skipped, and the debug file beside the binary still found.  Needs root;
# every file and directory made there is removed on exit.
byid_fifo() {
	[ "$(id -u)" = 0 ] && [ -w /usr/lib ] || skip "needs root to write in /usr/lib/debug"
	for dir in /usr/lib/debug /usr/lib/debug/.build-id \
		"/usr/lib/debug/.build-id/${new%"${new#??}"}"; do
		[ -d "$dir" ] && continue
		mkdir "$dir" || fail "cannot make $dir"
		at_exit "rmdir '$dir'"
	done
	byid="/usr/lib/debug/.build-id/${new%"${new#??}"}/${new#??}.debug"
	at_exit "rm -f '$byid'"
	mkfifo "$byid" || fail "cannot make a FIFO at $byid"
	mv prog.debug.saved d/prog.debug
	record byid
	between "$(share byid.txt "$chain")" 50 100 \
		"share of the inline chain past a FIFO at the build-id path"
}
test_case --needs=split "a FIFO at the build-id path is skipped, the file beside still found" byid_fifo

# 6. The dwz file (.gnu_debugaltlink) holding the DWARF's strings: used
# when it is there, and a FIFO in its place must not hang libdw's own
# search for it either.
dwz_file() {
	command -v dwz >/dev/null || skip "dwz is not installed"
	rm -f d/prog d/prog.debug
	other=$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
	cp full d/prog && cp full twin && perl -0777 -pi -e 'BEGIN { $o = pack("H*", shift);
		$n = pack("H*", shift) } s/\Q$o\E/$n/g' "$new" "$other" twin &&
		dwz -m "$T/common.debug" -M "$T/common.debug" d/prog twin ||
		fail "dwz failed"
	readelf -S d/prog | grep -q gnu_debugaltlink || fail "dwz made no .gnu_debugaltlink"
	record dwz
	between "$(share dwz.txt "$chain")" 50 100 "share of the inline chain through the dwz file"
	rm common.debug && mkfifo common.debug || fail "cannot make a FIFO"
	record dwzfifo
	grep -q 'inl_middle' dwzfifo.txt && fail "names from a FIFO in place of the dwz file"
}
test_case --needs=split "the dwz file used, and a FIFO in its place skipped" dwz_file
