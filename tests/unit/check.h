/*
 * A tiny assertion helper for unit tests: a failed CHECK prints where and
 * why, and the test keeps going so one run shows every failure.  main()
 * ends with `return check_exit();`.
 */
#ifndef CPROF_CHECK_H
#define CPROF_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) \
	((cond) ? (void)0 : (void)(check_failures++, \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond)))

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { \
		check_failures++; \
		fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", \
			__FILE__, __LINE__, #a, a_, b_); \
	} \
} while (0)

#define CHECK_NEAR(a, b, eps) do { \
	double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (eps))) { \
		check_failures++; \
		fprintf(stderr, "%s:%d: %s == %g, expected %g\n", \
			__FILE__, __LINE__, #a, a_, b_); \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
		check_failures++; \
		fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", \
			__FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} \
} while (0)

static inline int check_exit(void)
{
	if (check_failures)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

#endif
