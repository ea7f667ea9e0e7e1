# Python 3.12+ with -X perf runs each Python function through a trampoline
# without unwind information; cprof unwinds through it by its fixed frame
# and names it from /tmp/perf-PID.map.  Every Python found (pyenv's 3.12
# and 3.13, or python3.12/python3.13 on the PATH) is tried; none: skip.
. "$top_srcdir/tests/e2e/lib.sh"
need_perf

pythons=
for v in 3.12 3.13; do
	for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v"*/bin/python"$v" "$(command -v "python$v")"; do
		[ -x "$p" ] && "$p" -X perf -c 'import sys; sys.exit(not sys.is_stack_trampoline_active())' \
			2>/dev/null && { pythons="$pythons $p"; break; }
	done
done
[ -n "$pythons" ] || skip "no Python 3.12 or 3.13 with perf trampolines on this machine"

cat > fib.py <<'PY'
import sys, time
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def main(secs):
    end = time.process_time() + secs
    while time.process_time() < end:
        fib(16)
main(float(sys.argv[1]))
PY
# trampolines PYTHON VERSION
trampolines() {
	local py=$1 v=$2
	run limit 120 "$CPROF" record -o "py$v.data" -- "$py" -X perf fib.py 1.5
	expect 0 "record of python $v -X perf"
	"$CPROF" fold "py$v.data" > "py$v.folded" || fail "fold failed"
	[ "$(total "py$v.folded")" -ge 200 ] || fail "python $v: too few samples: $(total "py$v.folded")"
	# Rooted: the stack goes from the trampolines back to the C main.
	s=$(share "py$v.folded" ';Py_BytesMain;')
	between "$s" 95 100 "python $v: share of stacks reaching Py_BytesMain"
	# The Python functions, named as the map says, in their calling order.
	s=$(share "py$v.folded" ';py::main:[^;]*fib\.py_\[j\];.*;py::fib:[^;]*fib\.py_\[j\]')
	between "$s" 80 100 "python $v: share of stacks with py::main then py::fib"
}
for py in $pythons; do
	v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	test_case "python $v -X perf: rooted in Py_BytesMain, py::main then py::fib" trampolines "$py" "$v"
done
