# Unit tests: one program per module with logic, linked with the library.
UNIT_TESTS = tests/unit/test_lib tests/unit/test_trace tests/unit/test_symbols \
	tests/unit/test_folded tests/unit/test_flame tests/unit/test_report \
	tests/unit/test_diff tests/unit/test_perfscript tests/unit/test_heap \
	tests/unit/test_cont tests/unit/test_options
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
noinst_HEADERS += tests/unit/check.h tests/unit/folded_check.h

tests_unit_test_lib_SOURCES = tests/unit/test_lib.c
tests_unit_test_lib_LDADD = $(unit_ldadd)
tests_unit_test_trace_SOURCES = tests/unit/test_trace.c
tests_unit_test_trace_LDADD = $(unit_ldadd)
tests_unit_test_symbols_SOURCES = tests/unit/test_symbols.c
tests_unit_test_symbols_LDADD = $(unit_ldadd)
tests_unit_test_folded_SOURCES = tests/unit/test_folded.c
tests_unit_test_folded_LDADD = $(unit_ldadd)
tests_unit_test_flame_SOURCES = tests/unit/test_flame.c
tests_unit_test_flame_LDADD = $(unit_ldadd)
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_LDADD = $(unit_ldadd)
tests_unit_test_diff_SOURCES = tests/unit/test_diff.c
tests_unit_test_diff_LDADD = $(unit_ldadd)
tests_unit_test_perfscript_SOURCES = tests/unit/test_perfscript.c
tests_unit_test_perfscript_LDADD = $(unit_ldadd)
tests_unit_test_heap_SOURCES = tests/unit/test_heap.c
tests_unit_test_heap_LDADD = $(unit_ldadd)
tests_unit_test_cont_SOURCES = tests/unit/test_cont.c
tests_unit_test_cont_LDADD = $(unit_ldadd)
tests_unit_test_options_SOURCES = tests/unit/test_options.c
tests_unit_test_options_LDADD = $(unit_ldadd)
