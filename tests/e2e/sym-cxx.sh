# C++ names are demangled, with namespaces, classes and parameter types.
. "${top_srcdir:-.}/tests/e2e/lib.sh"
need_perf

record_cxx() {
	limit 60 "$CPROF" record -q -o t.data -- "$WORKLOADS/cxx" 1 >/dev/null ||
		fail "cprof record failed"
	"$CPROF" fold t.data >f.txt || fail "cprof fold failed"
	[ "$(total f.txt)" -ge 300 ] || fail "too few samples: $(total f.txt)"
}
setup cxx record_cxx

demangled() {
	between "$(share f.txt ';ns::Class::method\(int\)$')" 20 80 "share of ns::Class::method(int)"
	between "$(share f.txt ';double ns::scale<double>\(double, int\)$')" 20 80 \
		"share of ns::scale<double>(double, int)"
	grep -q '_ZN2ns' f.txt && fail "mangled names left in the output"
}
test_case --needs=cxx "names demangled with namespaces, classes, parameter types" demangled
