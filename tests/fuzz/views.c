#include "config.h"

#include <stdlib.h>

#include "report/diff.h"
#include "report/folded_out.h"
#include "svg/flame.h"
#include "tests/fuzz/views.h"

FILE *fuzz_null(void)
{
	static FILE *null;
	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	return null;
}

/* `cprof diff` of p against itself: every path from the merged profile. */
static void diff_views(const struct profile *p)
{
	FILE *out = fuzz_null();
	struct profile *d = profile_new();
	diff_merge(d, p, 0, false);
	diff_merge(d, p, 1, true);
	struct diff_report_opts ro = { .normalize = true, .name_a = "a", .name_b = "b",
				       .countname = "samples" };
	diff_report_write(d, &ro, out);
	struct flame_options fo;
	flame_options_init(&fo);
	fo.diff = true;
	fo.width_col = 1;
	flame_render(d, &fo, out, NULL);
	if (d->total[0] > 0)
		diff_scale_column(d, 0, d->total[1] / d->total[0]);
	profile_write_folded(d, out);
	profile_free(d);
}

void fuzz_views(const struct profile *p)
{
	FILE *out = fuzz_null();
	profile_write_folded(p, out);
	struct flame_options fo;
	flame_options_init(&fo);
	flame_render(p, &fo, out, NULL);
	if (p->total[0] > 0 && p->ncols == 1)
		diff_views(p);
	clearerr(out);
}
