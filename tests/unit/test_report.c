/* The report's option parsing: sort keys and time windows. */
#include "config.h"

#include <string.h>

#include "lib/util.h"
#include "report/report.h"
#include "tests/unit/check.h"

static void test_keys(void)
{
	struct report_opts o = { 0 };
	CHECK_INT(report_parse_keys(&o, "comm,dso,sym"), 0);
	CHECK_INT(o.nkeys, 3);
	CHECK_INT(o.keys[0], KEY_COMM);
	CHECK_INT(o.keys[2], KEY_SYM);
	CHECK_INT(report_parse_keys(&o, "srcline,tid"), 0);
	CHECK_INT(o.nkeys, 2);
	CHECK_INT(o.keys[0], KEY_SRCLINE);
	CHECK(report_parse_keys(&o, "sym,bogus") < 0);
	CHECK(strstr(err_msg(), "'bogus'") != NULL);
	CHECK(report_parse_keys(&o, "sym,sym") < 0);
	CHECK(report_parse_keys(&o, "") < 0);
}

static void test_time(void)
{
	struct report_opts o = { 0 };
	CHECK_INT(report_parse_time(&o, "1.5,3"), 0);
	CHECK_INT(o.select.time_start, 1500000000);
	CHECK_INT(o.select.time_end, 3000000000);
	CHECK_INT(report_parse_time(&o, "2,"), 0);
	CHECK_INT(o.select.time_start, 2000000000);
	CHECK_INT(o.select.time_end, 0);
	CHECK_INT(report_parse_time(&o, ",500ms"), 0);
	CHECK_INT(o.select.time_start, 0);
	CHECK_INT(o.select.time_end, 500000000);
	CHECK_INT(report_parse_time(&o, "10us,2ms"), 0);
	CHECK_INT(o.select.time_start, 10000);
	CHECK(report_parse_time(&o, "3,1") < 0);
	CHECK(report_parse_time(&o, "abc,1") < 0);
	CHECK(report_parse_time(&o, "1") < 0);
	CHECK(report_parse_time(&o, "-1,2") < 0);
}

int main(void)
{
	test_keys();
	test_time();
	return check_exit();
}
