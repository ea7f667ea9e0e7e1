/*
 * libFuzzer target: pprof profiles (report/pprof_in.c), gzipped or not, as
 * `fold`, `flame`, `diff` and `report` read them, then the views drawn from
 * them.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "report/folded_out.h"
#include "report/pprof.h"
#include "report/report.h"
#include "tests/fuzz/views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct profile *read_pprof(const uint8_t *data, size_t size, const char *index,
				  const struct trace_profile_opts *so)
{
	struct profile *p = profile_new();
	struct pprof_opts o = { .sample_index = index, .select = so };
	struct pprof_stats st;
	pprof_read(p, data, size, "fuzz", &o, &st);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pprof_sniff(data, size, true);
	pprof_sniff(data, size, false);
	/* flame and fold: the default type, threads by name. */
	struct trace_profile_opts plain = { 0 };
	struct profile *p = read_pprof(data, size, NULL, &plain);
	fuzz_views(p);
	profile_free(p);
	/* report: threads by pid and tid, lines kept, a type by number. */
	struct trace_profile_opts rep = { .tid_root = true, .lines = true, .srcline = true,
					  .times = true, .no_inline = size & 1 };
	p = read_pprof(data, size, "1", &rep);
	struct report_opts ro = { .select = rep, .graph = GRAPH_CALLER, .graph_limit = 0.5 };
	report_parse_keys(&ro, "comm,pid,tid,dso,sym,srcline");
	report_write_profile(p, "fuzz", "samples/count", &ro, fuzz_null());
	return 0;
}
